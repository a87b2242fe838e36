"""Rasa finds event classes by type name from a table built once, with the same answers.

components/event_types.py replaces `Event.resolve_by_type` (a walk over every subclass of
`Event` for each stored event) by a table made once. These tests compare the two for every
event type Rasa knows, for names it does not know (with and without a default, and the old
`topic`), and read a whole stored conversation back with both.
"""

from __future__ import annotations

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.shared.utils.common import all_subclasses

import components  # noqa: F401  (installs the table, as Rasa's start-up does)
from components import event_types


def test_starting_rasa_with_our_components_installs_the_table():
    assert Event.resolve_by_type is event_types.resolve_by_type


@pytest.mark.parametrize("cls", all_subclasses(Event), ids=lambda cls: cls.type_name)
def test_every_event_type_resolves_to_the_class_rasa_finds(cls):
    assert Event.resolve_by_type(cls.type_name) is cls
    assert event_types.rasa_resolve_by_type(cls.type_name) is cls


def test_names_not_in_the_table_get_rasas_own_answers():
    assert Event.resolve_by_type("topic") is None  # old TopicSet events are skipped
    assert Event.resolve_by_type("no_such_event", SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        Event.resolve_by_type("no_such_event")
    with pytest.raises(ValueError, match="Unknown event name ''"):
        Event.resolve_by_type("")


def test_a_stored_conversation_reads_back_the_same_with_the_table_and_without():
    events = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered("my lower back hurts", {"name": "describe_symptoms", "confidence": 0.9}),
        SlotSet("alert", True),
        ActiveLoop("localization_form"),
        ActionExecuted("action_listen"),
    ]
    tracker = DialogueStateTracker.from_events("visitor", events, slots=Domain.empty().slots)
    stored = tracker.current_state(EventVerbosity.ALL)
    ours = DialogueStateTracker.from_dict("visitor", stored["events"])
    Event.resolve_by_type = staticmethod(event_types.rasa_resolve_by_type)
    try:
        rasas = DialogueStateTracker.from_dict("visitor", stored["events"])
    finally:
        event_types.install()
    assert list(ours.events) == list(rasas.events) == list(tracker.events)
    assert [type(event) for event in ours.events] == [type(event) for event in tracker.events]
