"""Rasa NLU graph components of our own (Rasa-specific, so not in `bot/`)."""
