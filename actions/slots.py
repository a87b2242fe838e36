"""What the actions keep in the tracker (slot names) and read from it (the State of an assessment).

Actions stay thin: they read the tracker into plain values, call `bot/`, and turn the result
into events and messages. Nothing clinical is decided here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.engine import Engine

from bot.clinic import store
from bot.conversation import planning, reading
from bot.conversation.texts import render
from bot.engine.assessment import Outcome
from bot.engine.content import Content, Question, default_content

# Slots the actions keep besides one slot per question (see domain.yml).
RED_FLAGS = "red_flags"
ALERT = "alert"
DISPOSITION = "disposition"
NEXT_FORM = "next_form"
ASKED = "asked_questions"
REASK = "reask"
UNREAD = "unread_answers"  # one entry per answer that could not be read, by question id
MAX_UNREAD = 2  # after this many, the next unreadable answer is noted as not known
ASSESSMENT_ID = "assessment_id"
CONSENT_TIME = "consent_time"
OUTCOME_SHOWN = "outcome_shown"

# Intents that interrupt a form instead of answering its question; handled by rules.
INTERRUPTIONS = {
    "ask_why",
    "ask_what_is_nmt",
    "ask_does_it_hurt",
    "ask_session_length",
    "ask_what_to_wear",
    "ask_how_many_sessions",
    "ask_privacy",
    "ask_cost",
    "bot_challenge",
    "correct",
    "start_over",
    "stop",
    "goodbye",
    "request_booking",
}
INTERRUPTION_CONFIDENCE = 0.6
# Commands about the conversation itself: they win even over a message that would also read as
# an answer ("sorry, I meant 6 glasses" must correct the last answer, not answer this question).
COMMANDS = {"correct", "start_over", "stop"}

YES_NO_BUTTONS = ("Yes", "No", "Not sure")


def content() -> Content:
    return default_content()


@lru_cache(maxsize=1)
def assessment_store() -> Engine:
    """The store of assessments (bot/clinic/store.py), opened and migrated on first use.

    A failure is not cached: the next call tries again (a database that was down may be up).
    """
    return store.open_store(store.database_url())


def today() -> datetime.date:
    return datetime.date.today()


def user_messages(tracker: Tracker) -> list[str]:
    """What the visitor typed in this conversation, oldest first (button intents excluded)."""
    texts = []
    for event in tracker.events:
        if event.get("event") == "user":
            text = event.get("text") or ""
            if text.strip() and not text.startswith("/"):
                texts.append(text)
    return texts


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def latest_intent(tracker: Tracker) -> tuple[str | None, float]:
    intent = (tracker.latest_message or {}).get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


@dataclass
class State:
    """The assessment as the tracker holds it."""

    answers: dict[str, dict[str, Any]]
    messages: list[str]
    asked: list[str]
    outcome: Outcome

    @cached_property
    def planned(self) -> planning.Plan:
        """The questions left: the plan, or after a red flag only the escalation questions."""
        return planning.remaining(self.answers, self.outcome, len(self.asked), content())


def read_state(tracker: Tracker, extra: dict[str, dict[str, Any]] | None = None) -> State:
    answers = reading.answers_of(tracker.slots, content())
    answers.update(extra or {})
    messages = user_messages(tracker)
    outcome = planning.evaluate(answers, messages, content(), today())
    return State(answers, messages, list(tracker.get_slot(ASKED) or []), outcome)


def consented(tracker: Tracker) -> bool:
    """Whether the visitor agreed to the assessment (only then are questions asked)."""
    return tracker.get_slot(ASSESSMENT_ID) is not None


def requested_question(tracker: Tracker) -> Question | None:
    slot = tracker.get_slot("requested_slot")
    question_id = reading.question_slots(content()).get(slot or "")
    return content().question(question_id) if question_id else None


def buttons_for(question: Question) -> list[dict[str, str]]:
    """Buttons for a closed question; each sends its own label, read like typed text."""
    if question.kind == "yes_no":
        titles = list(YES_NO_BUTTONS)
    elif question.kind == "scale" and question.min is not None and question.max is not None:
        titles = [str(n) for n in range(int(question.min), int(question.max) + 1)]
    elif question.options_from == "regions":
        titles = [region.label for region in content().regions.regions.values()]
    elif question.options_from == "sides":
        titles = [side.label for side in content().regions.sides.values()]
    else:
        titles = [option.label for option in question.options]
    return [{"title": title, "payload": title} for title in titles]


def is_button_answer(question: Question | None, text: str) -> bool:
    if question is None:
        return False
    return text.strip().lower() in {b["title"].lower() for b in buttons_for(question)}


def ask(dispatcher: CollectingDispatcher, question: Question, repeat: bool, unread: bool) -> None:
    """Send a question: its text (or a rephrasing when the last answer could not be read)."""
    text = question.text
    if unread:
        text = render(
            "reask",
            kind=question.kind,
            parse=question.parse,
            text=question.text,
            min=question.min or 0,
            max=question.max or 0,
        )
    buttons = [] if question.kind in ("number", "free_text") else buttons_for(question)
    dispatcher.utter_message(
        text=text,
        buttons=buttons,
        json_message={
            "type": "question",
            "question_id": question.id,
            "why": question.why,
            "kind": question.kind,
            "section": question.section,
            "reask": repeat,
        },
    )


def describe(question_id: str, value: Any) -> str:
    """An answer the bot noted, in words ("Lower back", "about 3 weeks", "7 out of 10")."""
    c = content()
    question = c.question(question_id)
    if value is None:
        return "not known"
    if question.options_from == "regions":
        return ", ".join(c.regions.regions[r].label for r in value)
    if question.options_from == "sides":
        return c.regions.sides[value].label
    if question.parse == "duration":
        return _days(value)
    if question.kind == "scale":
        return f"{value:g} out of {question.max:g}"
    if question.kind in ("choice", "multi_choice"):
        labels = {o.id: o.label for o in question.options}
        chosen = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(v, str(v)) for v in chosen)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _days(days: float) -> str:
    if days < 1:
        return "less than a day"
    if days < 14:
        return f"about {days:g} day{'s' if days != 1 else ''}"
    if days < 60:
        return f"about {round(days / 7)} weeks"
    if days < 730:
        return f"about {round(days / 30.4)} months"
    return f"about {round(days / 365.25)} years"


def noted_items(readings: dict[str, dict[str, Any]]) -> list[str]:
    """Readable "what I noted" items for answers the visitor gave without being asked."""
    return [
        f"{content().question(qid).label or qid.replace('_', ' ')}: {describe(qid, r['value'])}"
        for qid, r in readings.items()
    ]
