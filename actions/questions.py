"""One `action_ask_<slot>` per question in content/questionnaire.yml.

A form asks for its next slot by running `action_ask_<slot>`. Each sends the question with the
machine-readable payload clients rely on (docs/messages.md), quoting the last answer when it
could not be read, and records that the question was asked (the question budget counts them).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import slots
from bot.conversation import messages, planning
from bot.conversation.reading import slot_for


class AskQuestion(Action, ABC):
    """Ask one question; subclasses are made below, one per question id."""

    @property
    @abstractmethod
    def question_id(self) -> str:
        """The id in content/questionnaire.yml of the question this action asks."""

    def name(self) -> str:
        return f"action_ask_{slot_for(self.question_id)}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        question = slots.content().question(self.question_id)
        asked = list(tracker.get_slot(slots.ASKED) or [])
        unread = (
            slots.latest_text(tracker)
            if tracker.get_slot(slots.REASK) == self.question_id
            else None
        )
        repeat = self.question_id in asked
        heard = planning.heard_words(self.question_id, slots.read_state(tracker).outcome)
        slots.send(dispatcher, messages.ask(question, slots.content(), repeat, unread, heard))
        events: list[EventType] = [SlotSet(slots.REASK, None)]
        if not repeat:
            events.append(SlotSet(slots.ASKED, [*asked, self.question_id]))
        return events


def _ask_action(question_id: str) -> type[AskQuestion]:
    name = "Ask_" + slot_for(question_id)
    return type(name, (AskQuestion,), {"question_id": question_id, "__module__": __name__})


ASK_ACTIONS = [_ask_action(qid) for qid in slots.content().questions]
