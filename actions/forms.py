"""The three assessment forms and their shared validation.

localization_form, screening_form and wellness_form each ask the planned questions of their
section (bot.conversation.planning.plan decides what is relevant and within the question
budget). One abstract base, `AssessmentFormValidation`, does the work for all three:

- it reads the latest message for the question asked and for any other question the message
  answers ("my lower back, for about 3 weeks" answers region and onset);
- it leaves messages that are really interruptions ("why do you ask?", "stop") unread, so the
  form is rejected and a rule answers them;
- it marks an answer it cannot read, so the ask action rephrases the question;
- it re-evaluates the red flags after every answer and ends the form as soon as one is raised.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions import slots
from bot.conversation import cards, messages, planning, reading
from bot.engine.assessment import people_in

# Actions that, run after the visitor's message, mean the form is being resumed after an
# interruption rather than handed a new message to read.
_NOT_INTERRUPTIONS = {"action_listen", "action_extract_slots", "action_check_red_flags"}


class AssessmentFormValidation(FormValidationAction, ABC):
    """Validation shared by the assessment forms; subclasses name their form.

    `run` reads the tracker into one `State`, reads the latest message against it, and decides
    the next question from the same state with the new answers (rasa-sdk's own `run` would ask
    for them three times over, each a whole assessment of every message so far).
    """

    @property
    @abstractmethod
    def form(self) -> str:
        """The form this validates: a key of bot.conversation.planning.FORMS."""

    def name(self) -> str:
        return f"validate_{self.form}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        state = slots.read_state(tracker)
        events, state = self.read_latest(dispatcher, tracker, state)
        tracker.add_slots(events)
        # Reading already validated every answer (bot.engine.answers checks ranges and options).
        events = [SlotSet(slot, value) for slot, value in tracker.slots_to_validate().items()]
        tracker.add_slots(events)
        required = self.slots_to_ask(state)
        if required != self.domain_slots(domain):  # as rasa-sdk's next_requested_slot
            missing = (slot for slot in required if tracker.slots.get(slot) is None)
            events.append(SlotSet(slots.REQUESTED_SLOT, next(missing, None)))
        return events

    def slots_to_ask(self, state: slots.State) -> list[str]:
        # after a red flag, `planned` holds the safety questions that could make the advice more
        # urgent and, while the result given stands, the wellness questions (planning.remaining):
        # an earlier section's form ends, and action_continue_assessment gives the result
        questions = planning.form_questions(self.form, state.planned, slots.content())
        return [reading.slot_for(qid) for qid in questions]

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        return self.slots_to_ask(slots.read_state(tracker))

    def read_latest(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, state: slots.State
    ) -> tuple[list[EventType], slots.State]:
        """The events of what the latest message answers, and the state with those answers."""
        if _resuming(tracker, self.form):
            return [], state
        content = slots.content()
        text = slots.latest_text(tracker)
        question = slots.requested_question(tracker)
        reply = latest_reply(tracker, state)
        if reply is None:
            return [], state  # the form is rejected and a rule answers the interruption
        readings, by_card = reply
        # a card answer that leaves the asked row empty is no failure: the row comes again
        unread = not readings if by_card else question and question.id not in readings
        events: list[EventType] = []
        if question is not None and unread and text.strip():
            events += _unread(dispatcher, tracker, question.id, text, readings)
        for qid in readings:  # a red-flag answer keeps the words its sign was heard in
            heard = planning.heard_words(qid, state.outcome)
            if heard is not None:
                readings[qid] = {**readings[qid], planning.HEARD: heard}
        events = [SlotSet(reading.slot_for(qid), found) for qid, found in readings.items()] + events
        volunteered = {qid: r for qid, r in readings.items() if r["how"] == reading.VOLUNTEERED}
        if volunteered:
            slots.send(dispatcher, messages.noted(volunteered, content))
        state = state.with_answers(readings)
        again = planning.reopened(state.answers, state.outcome)
        if again:  # a sign told after a "no": its question comes again, quoting the words
            events += [SlotSet(reading.slot_for(qid), None) for qid in again]
            state = state.without_answers(again)
        events += _red_flag_events(dispatcher, tracker, state)
        if tracker.get_slot(slots.ALERT):
            events.append(SlotSet(slots.ALERT, False))  # this form handles the new red flag
        return events, state


def latest_reply(
    tracker: Tracker, state: slots.State
) -> tuple[dict[str, dict[str, Any]], bool] | None:
    """What the latest message answers, to the question asked and to any other: the readings,
    and whether it answered the question's card row by row (in the card form, or a yes that
    names a checklist's row: `cards.yes_to_named_row`). None when the message is an
    interruption, which answers nothing (a rule answers it)."""
    text = slots.latest_text(tracker)
    question = slots.requested_question(tracker)
    card_answer = _card_answer(text, question, state)
    if card_answer is not None:
        return card_answer, True
    intent, confidence = slots.latest_intent(tracker)
    readings = reading.read_message(
        text,
        question.id if question else None,
        state.answers,
        slots.content(),
        state.today,
        describing=intent == "describe_symptoms",
        for_another=bool(people_in(state.messages)[0]),
    )
    if _is_interruption(intent, confidence, text, question, readings):
        return None
    if question is not None:  # "yes, the calf one" at a checklist: the calf row's yes
        card = cards.as_shown(question.id, state.asked, state.answers, slots.content())
        named = cards.yes_to_named_row(text, question, card, readings)
        if named is not None:
            return named, True
    return readings, False


def _card_answer(text: str, question: Any, state: slots.State) -> dict[str, dict[str, Any]] | None:
    """The answers of a message that answers the question's card row by row (the chat page's
    form), to questions not yet answered; None for any other message."""
    if question is None or not cards.in_card_form(text):
        return None
    card = planning.card_for(question.id, state.planned, state.outcome, slots.content())
    found = cards.read_answer(text, question, card, slots.content(), state.today)
    if found is None:
        return None
    return {qid: answer for qid, answer in found.items() if qid not in state.answers}


def _unread(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    question_id: str,
    text: str,
    readings: dict[str, Any],
) -> list[EventType]:
    """An answer that could not be read: ask again, or after a third try note it as not known.
    A visitor who sends the same words again after being asked again has told what they can:
    those words are noted (the therapist reads them) and the form moves on."""
    failures = [*(tracker.get_slot(slots.UNREAD) or []), question_id]
    if failures.count(question_id) > slots.MAX_UNREAD or _said_again(tracker, question_id):
        slots.send(dispatcher, messages.say("moving_on"))
        readings[question_id] = reading.filled(None, text, reading.UNKNOWN)
        return []
    return [SlotSet(slots.REASK, question_id), SlotSet(slots.UNREAD, failures)]


def _said_again(tracker: Tracker, question_id: str) -> bool:
    """Whether the latest message repeats, word for word, the previous one, which could not be
    read as this question's answer either."""
    if question_id not in (tracker.get_slot(slots.UNREAD) or []):
        return False
    said = [" ".join(text.lower().split()) for text in slots.user_messages(tracker)]
    return len(said) >= 2 and said[-1] == said[-2]


def _is_interruption(
    intent: str | None,
    confidence: float,
    text: str,
    question: Any,
    readings: dict[str, Any],
) -> bool:
    """Whether a message asks or tells the bot something instead of answering the question.

    An interruption intent counts only when the message does not read as an answer to the
    question, is itself a question, or is a command (correct, start over, stop): "I hurt it
    lifting" answers "what started it?" even if NLU hears "does it hurt?", but "sorry, I meant
    6 glasses" corrects the last answer. A tapped button is always an answer.
    """
    if intent not in slots.INTERRUPTIONS or confidence < slots.INTERRUPTION_CONFIDENCE:
        return False
    if messages.is_button_answer(question, text, slots.content()):
        return False
    answered = question is not None and question.id in readings
    return not answered or "?" in text or intent in slots.COMMANDS


def _resuming(tracker: Tracker, form: str) -> bool:
    """Whether the form runs again after an interruption, with no new message to read."""
    after_user = False
    for event in tracker.events:
        if event.get("event") == "user":
            after_user, others = True, False
        elif after_user and event.get("event") == "action":
            name = event.get("name")
            if name not in _NOT_INTERRUPTIONS and name != form:
                others = True
    return after_user and others


def _red_flag_events(
    dispatcher: CollectingDispatcher, tracker: Tracker, state: slots.State
) -> list[EventType]:
    known = list(tracker.get_slot(slots.RED_FLAGS) or [])
    new = bool(state.outcome.red_flags) and not set(state.outcome.red_flags) <= set(known)
    # a new red flag, raised by the check after this message (`alert`) or by this answer: say
    # so when safety questions are still to come before the outcome
    content = slots.content()
    safety_left = any(content.question(q).section == "red_flags" for q in state.planned.questions)
    if (new or tracker.get_slot(slots.ALERT)) and safety_left:
        # before the first safety question in a conversation about someone else, it says
        # whom to answer for (the section's opening, which a red flag replaces, would have)
        outcome = state.outcome
        text = messages.say(
            "red_flag_pause",
            about_another=outcome.about_another and not state.safety_begun,
            clients=outcome.clients,
        )
        slots.send(dispatcher, text)
    if not new:
        return []
    return [
        SlotSet(slots.RED_FLAGS, state.outcome.red_flags),
        SlotSet(slots.DISPOSITION, state.outcome.disposition),
    ]


class ValidateLocalizationForm(AssessmentFormValidation):
    form = "localization_form"


class ValidateScreeningForm(AssessmentFormValidation):
    form = "screening_form"


class ValidateWellnessForm(AssessmentFormValidation):
    form = "wellness_form"
