"""The red-flag check that runs after every message the visitor sends.

`action_check_red_flags` is the custom slot mapping of the `red_flags` and `alert` slots, so
Rasa's `action_extract_slots` runs it after every user message, whatever the intent and
whether or not a form is active. It reads everything the visitor has said and answered; a
red-flag group not raised before sets `alert`. Outside a form the rules then go to
`action_continue_assessment`, which asks any safety questions that could make the advice more
urgent and then shows the outcome; inside a form the form itself does the same (actions/forms.py).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import forms, slots
from bot.conversation import checks


class ActionCheckRedFlags(Action):
    def name(self) -> str:
        return "action_check_red_flags"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        state = slots.read_state(tracker)
        # what this message answers counts here as the form will count it: a "no" to a safety
        # question that explains itself must not raise its group before the form reads the "no"
        # (assessment.py `explains_no`), for a group raised here stays raised
        reply = forms.latest_reply(tracker, state) if slots.requested_question(tracker) else None
        outcome = (state.with_answers(reply[0]) if reply else state).outcome
        known = set(tracker.get_slot(slots.RED_FLAGS) or [])
        # that this message was read: without it the channel tells the visitor the check is
        # paused (a check that could not run is never silent)
        checked = [SlotSet(slots.CHECKED, checks.visitor_messages(tracker.events))]
        if not outcome.red_flags or set(outcome.red_flags) <= known:
            return checked
        # No message here: Rasa 3.6 keeps only the SlotSet events of a slot mapping action.
        # Whoever acts on `alert` next (the form, or action_continue_assessment) tells the
        # visitor.
        return [
            SlotSet(slots.RED_FLAGS, outcome.red_flags),
            SlotSet(slots.DISPOSITION, outcome.disposition),
            SlotSet(slots.ALERT, True),
            *checked,
        ]
