"""What the actions keep in the tracker (slot names) and read from it (the State of an assessment).

Actions stay thin: they read the tracker into a `State` once per run, call `bot/`, and dispatch
the messages bot/conversation/messages.py builds. Nothing clinical is decided here, and no text
is written here.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.engine import Engine

from bot import settings
from bot.clinic import store
from bot.conversation import checks, planning, reading
from bot.conversation.messages import Message
from bot.engine.assessment import Outcome
from bot.engine.content import Content, Question, default_content

logger = logging.getLogger(__name__)

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
ADVISED = "advised"  # the result given before the questions for the visit (planning.remaining)
# how many visitor messages the red-flag check has read (the channel compares it)
CHECKED = checks.CHECKED_SLOT
REQUESTED_SLOT = "requested_slot"

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


def content() -> Content:
    return default_content()


@lru_cache(maxsize=1)
def assessment_store() -> Engine:
    """The store of assessments (bot/clinic/store.py), opened and migrated on first use.

    A failure is not cached: the next call tries again (a database that was down may be up).
    """
    return store.open_store(store.database_url())


def booking_template() -> str | None:
    """The clinic's external booking link ("{ref}" is replaced by the reference), if set.

    A link that is not http(s) is not offered, and the log says so: a setting must never keep
    a visitor from their outcome.
    """
    try:
        return settings.BOOKING_URL.read()
    except ValueError:
        logger.error("NMT_BOOKING_URL is not an http(s) link; no booking link is offered")
        return None


def today() -> datetime.date:
    return datetime.date.today()


def send(dispatcher: CollectingDispatcher, *messages: Message | None) -> None:
    """Dispatch messages built by bot/conversation/messages.py (None: nothing to send)."""
    for message in messages:
        if message is None:
            continue
        if message.response:
            dispatcher.utter_message(response=message.response)
        else:
            dispatcher.utter_message(
                text=message.text, buttons=message.buttons, json_message=message.custom
            )


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


@dataclass(frozen=True)
class State:
    """The assessment as the tracker holds it, read once per action run.

    The answers come from the slots; the outcome (a whole assessment over every message so far)
    is computed only when asked for, and then once.
    """

    answers: dict[str, dict[str, Any]]
    messages: list[str]
    asked: list[str]
    raised: list[str]  # red-flag groups raised earlier: they stay raised
    today: datetime.date = field(compare=False)
    advised: str | None = None  # the result given before the questions for the visit

    @cached_property
    def outcome(self) -> Outcome:
        return planning.evaluate(self.answers, self.messages, content(), self.today, self.raised)

    @cached_property
    def planned(self) -> planning.Plan:
        """The questions left (planning.remaining): the plan; after a red flag, the escalation
        questions, then those for the visit while the result given before them stands."""
        # the budget counts the questions asked and answered: one shown on a card and not yet
        # answered is still in the plan, and must not take its place twice
        answered = len([q for q in dict.fromkeys(self.asked) if q in self.answers])
        return planning.remaining(self.answers, self.outcome, answered, content(), self.advised)

    @property
    def safety_begun(self) -> bool:
        """Whether a safety question (section `red_flags`) has been asked: in a conversation
        about someone else, whom to answer for was said before it."""
        return any(content().question(q).section == "red_flags" for q in self.asked)

    def with_answers(self, readings: dict[str, dict[str, Any]]) -> State:
        """The state once the answers read from the latest message are kept."""
        return replace(self, answers={**self.answers, **readings})

    def without_answers(self, question_ids: Iterable[str]) -> State:
        """The state with these answers cleared, to ask them again."""
        drop = set(question_ids)
        return replace(self, answers={q: a for q, a in self.answers.items() if q not in drop})


def read_state(tracker: Tracker) -> State:
    return State(
        answers=reading.answers_of(tracker.slots, content()),
        messages=user_messages(tracker),
        asked=list(tracker.get_slot(ASKED) or []),
        raised=list(tracker.get_slot(RED_FLAGS) or []),
        today=today(),
        advised=tracker.get_slot(ADVISED),
    )


def consented(tracker: Tracker) -> bool:
    """Whether the visitor agreed to the assessment (only then are questions asked)."""
    return tracker.get_slot(ASSESSMENT_ID) is not None


def requested_question(tracker: Tracker) -> Question | None:
    slot = tracker.get_slot(REQUESTED_SLOT)
    question_id = reading.question_slots(content()).get(slot or "")
    return content().question(question_id) if question_id else None
