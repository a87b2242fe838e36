"""Rasa custom actions: thin adapters from Rasa trackers to the engine in `bot/`.

The dialogue so far (greeting, disclaimer, consent) uses responses only; the assessment's
actions (form validation, the red-flag check after every message, the outcome) come here.
`make run` starts the action server for them on 127.0.0.1:5055.
"""
