# Two commands do everything on a fresh machine: `make run` and `make test`.
# Everything else here is a step they use, also callable on its own.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-lock
PIP_INSTALL := $(BIN)/pip install --quiet --disable-pip-version-check --no-deps
# pip notes every local index mirror that lacks a package; drop those lines, keep its exit status.
PIP_QUIET := 2>&1 | { grep -v "^WARNING: Location 'file:" || true; }; test $${PIPESTATUS[0]} -eq 0
SPACY_PIPELINE := build/spacy/nmt_en
SCREEN_MODEL := build/screen/concepts.pkl
MODEL := models/nmt.tar.gz
CONTENT := $(wildcard content/*.yml)
# the channels (how messages arrive), the stores (where conversations and their locks are
# kept), the check of action server responses, the table of event types and the kept
# connections to the action server are not part of the trained model
NOT_IN_MODEL := components/channel.py components/socketio_channel.py \
	components/tracker_store.py components/lock_store.py components/__init__.py \
	components/action_validation.py components/event_types.py components/action_session.py
TRAINING := $(shell find data -name '*.yml' 2>/dev/null) domain.yml config.yml \
	$(filter-out $(NOT_IN_MODEL),$(wildcard components/*.py))
export PYTHONHASHSEED := 0
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export RASA_TELEMETRY_ENABLED := false
# endpoints.yml reads these; scripts/run.sh and evaluation/servers.py set them for the servers.
# One database for conversations (Rasa's tracker store) and assessments: SQLite by default.
export NMT_DATABASE_URL ?= sqlite:///$(CURDIR)/var/nmt.db
export NMT_ACTION_URL ?= http://127.0.0.1:5055/webhook
# Rasa 3.6's dependencies print many DeprecationWarnings on Python 3.11; they are not ours.
export PYTHONWARNINGS := ignore::DeprecationWarning,ignore::PendingDeprecationWarning

.PHONY: help setup run cluster test lint format unit validate train test-stories browser e2e evaluate soak bench shell content clean distclean lock

help:
	@echo "make run    set up if needed, train if needed, start bot (:5005), actions (:5055)"
	@echo "make test   set up if needed, then lint, unit tests, validate, train, story tests,"
	@echo "            end-to-end conversations over REST with the real servers"
	@echo "make evaluate  run the clinical vignettes and held-out NLU; writes docs/evaluation.md"
	@echo "make soak   the safety invariants over 20,000 random conversations"
	@echo "make bench  this bot against a rasa init moodbot at 20 and 50 concurrent visitors"
	@echo "make cluster  Rasa servers and action servers behind nginx (:5080) on PostgreSQL and"
	@echo "            Redis, and the chat page (:8000), on this machine (docs/deploy-cluster.md)"
	@echo "make train | shell | lint | format | unit | validate | content | lock"
	@echo "make clean (build output, models) | distclean (also .venv)"

# --- setup: a virtualenv from requirements.lock, reinstalled only when the lock changes ---
setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) --ignore-requires-python -r requirements.lock $(PIP_QUIET)
	$(PIP_INSTALL) --no-build-isolation -e . $(PIP_QUIET)
	@touch $@

lock:
	scripts/lock.sh

# --- the spaCy pipeline built from content/, loaded by path in config.yml ---
$(SPACY_PIPELINE)/meta.json: $(STAMP) $(CONTENT) bot/engine/nlp.py bot/engine/content.py
	$(BIN)/python -m bot build-nlp --out $(SPACY_PIPELINE)

# --- the semantic red-flag layer, trained from content/screen/ (bot/engine/semantic.py) ---
# (the folders too: a training file taken away changes them, not any file still there)
$(SCREEN_MODEL): $(SPACY_PIPELINE)/meta.json $(wildcard content/screen/*.yml data/nlu/*.yml) content/screen data/nlu $(CONTENT) bot/engine/semantic.py
	$(BIN)/python -m bot build-screen --out $(SCREEN_MODEL)

content: $(STAMP)
	$(BIN)/python -m bot check-content

# --- the Rasa model: retrained only when data, domain, config or content changed.
# --force because Rasa fingerprints SpacyNLP by its model name only, not the files. ---
train: $(MODEL)

$(MODEL): $(SPACY_PIPELINE)/meta.json $(SCREEN_MODEL) $(TRAINING) $(CONTENT)
	$(BIN)/rasa train --force --fixed-model-name nmt --out models

# --- checks, in the order Rasa's demos use ---
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# both suites run on every core (pytest-xdist); the end-to-end tests a module to a worker, as
# each module starts its own servers on free ports
unit: $(STAMP) $(SPACY_PIPELINE)/meta.json $(SCREEN_MODEL)
	$(BIN)/pytest -q -n auto -m "not e2e"

validate: $(STAMP) $(SPACY_PIPELINE)/meta.json $(SCREEN_MODEL)
	$(BIN)/rasa data validate --fail-on-warnings

test-stories: $(MODEL)
	rm -rf results
	$(BIN)/rasa test core --model $(MODEL) --stories tests/stories --fail-on-prediction-errors --out results

# --- the browser tests' tools: Debian's chromium (tests/browser.py also installs it) and
# axe-core, the accessibility check, from npm at the version in package-lock.json. Installed
# with apt-get when missing and we are root, as tests/browser.py does for chromium. ---
AXE := node_modules/axe-core/axe.min.js
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get install -y -q

browser: $(AXE)
	@test -x /usr/bin/chromium || test "$$(id -u)" != 0 || $(APT_GET) chromium

$(AXE): package.json package-lock.json
	@command -v npm >/dev/null || test "$$(id -u)" != 0 || $(APT_GET) npm
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

# whole conversations with the real servers (REST on ports 5105/5155, the browser tests on free
# ports; temporary databases)
e2e: $(MODEL) browser
	$(BIN)/pytest -q -n auto --dist loadfile -m e2e

test: lint unit validate train test-stories e2e

# the safety invariants' property test with many more random conversations than make test's 2,000
soak: $(STAMP) $(SPACY_PIPELINE)/meta.json $(SCREEN_MODEL)
	NMT_PROPERTY_EXAMPLES=$${NMT_PROPERTY_EXAMPLES:-20000} $(BIN)/pytest -q \
		tests/test_safety_invariants.py -k sequence

# the clinical vignettes through the REST channel, and the held-out NLU file
evaluate: $(MODEL)
	rm -rf results/nlu
	$(BIN)/rasa test nlu --model $(MODEL) --nlu tests/nlu/heldout.yml --out results/nlu
	$(BIN)/python -m evaluation --start-servers $(MODEL) --nlu-results results/nlu \
		--report docs/evaluation.md
	$(BIN)/python -m evaluation.screen --report docs/evaluation.md
	$(BIN)/python -m evaluation.screen --corpus evaluation/screen_proxy.yml
	$(BIN)/python -m evaluation.screen --corpus evaluation/screen_told_only.yml
	$(BIN)/python -m evaluation.screen --corpus evaluation/screen_weak_groups.yml

# this bot and a `rasa init` moodbot (made once in build/bench/) at 20 and 50 concurrent
# visitors over REST: p50, p95, throughput, CPU per message, RSS (docs/performance.md).
# It measures, it does not check: not part of `make test`.
bench: $(MODEL)
	$(BIN)/python -m evaluation.bench

# --- running ---
run: $(MODEL)
	scripts/run.sh

shell: $(MODEL)
	scripts/shell.sh

# several Rasa servers and action servers behind nginx, on PostgreSQL and Redis (Debian's
# packages, installed when missing and root), and the chat page, on this machine; logs in
# var/cluster. CLUSTER_DATABASE_URL names a PostgreSQL database, else a throw-away one is used.
CLUSTER_RASA ?= 2
CLUSTER_ACTIONS ?= 2
CLUSTER_WORKERS ?= 1
cluster: $(MODEL)
	$(BIN)/python -m scripts.cluster --rasa $(CLUSTER_RASA) --actions $(CLUSTER_ACTIONS) \
		--workers $(CLUSTER_WORKERS) $(if $(CLUSTER_DATABASE_URL),--database-url $(CLUSTER_DATABASE_URL))

clean:
	rm -rf build models results .rasa .pytest_cache .ruff_cache
	find . -name __pycache__ -prune -not -path './$(VENV)/*' -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) node_modules
