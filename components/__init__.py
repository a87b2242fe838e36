"""Rasa components of our own (Rasa-specific, so not in `bot/`): NLU graph components, the
channels, the tracker store, and the check of action server responses.

Rasa imports this package at start-up (the tracker store named in endpoints.yml, the channels
in credentials.yml, the NLU components in the model), so this is where Rasa's check of each
action server response gets its validator built once (components/action_validation.py), its
events are found by type name in a table built once (components/event_types.py), and its calls
to the action server keep their connections open a moment (components/action_session.py).
"""

from components import action_session, action_validation, event_types

action_session.install()
action_validation.install()
event_types.install()
