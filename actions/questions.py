"""One `action_ask_<slot>` per question in content/questionnaire.yml.

A form asks for its next slot by running `action_ask_<slot>`. Each sends the question with the
machine-readable payload clients rely on (docs/messages.md), quoting the last answer when it
could not be read, and records that the question was asked (the question budget counts them).
A question that has a card (content/questionnaire.yml `cards`) brings the card's other planned
questions with it, for a client that asks them in one turn; they are recorded as asked too.
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
        state = slots.read_state(tracker)
        heard = planning.heard_words(self.question_id, state.outcome)
        card = planning.card_for(self.question_id, state.planned, state.outcome, slots.content())
        slots.send(dispatcher, messages.ask(question, slots.content(), repeat, unread, heard, card))
        shown = [row.id for row in card.rows] if card else [self.question_id]
        events: list[EventType] = [SlotSet(slots.REASK, None)]
        if any(q not in asked for q in shown):
            events.append(SlotSet(slots.ASKED, [*asked, *(q for q in shown if q not in asked)]))
        return events


def _ask_action(question_id: str) -> type[AskQuestion]:
    name = "Ask_" + slot_for(question_id)
    return type(name, (AskQuestion,), {"question_id": question_id, "__module__": __name__})


ASK_ACTIONS = [_ask_action(qid) for qid in slots.content().questions]
