"""Answers to the visitor's own questions: "why do you ask?", "what is NMT?" and the like."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import slots
from bot.conversation import messages

Domain = dict[str, Any]


class ActionExplainQuestion(Action):
    """ "Why do you ask?": the current question's "why we ask" from questionnaire.yml."""

    def name(self) -> str:
        return "action_explain_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain):
        slots.send(dispatcher, messages.why(slots.requested_question(tracker)))
        return []


class ActionAnswerQuestion(Action):
    """A visitor's question about NMT or the service, answered from content/education.yml."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain):
        intent, _ = slots.latest_intent(tracker)
        slots.send(
            dispatcher,
            messages.education(slots.content().topic_for_intent(intent or "")),
            messages.red_flag_reminder(tracker.get_slot(slots.DISPOSITION)),
        )
        return []
