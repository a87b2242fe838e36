"""Test tooling, kept out of the product package: the clinical vignettes (`vignettes.yml`), the
evaluation runner (`python -m evaluation`) and the helper that starts the real servers for
end-to-end tests (`servers.py`)."""
