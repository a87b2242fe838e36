"""The conversation without Rasa: what a message answers (reading), what to ask next (planning),
and every message the visitor or a client receives (messages, with texts from Jinja2)."""
