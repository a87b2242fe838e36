"""The outcome and the handoff: booking for `book_nmt`, a summary for a doctor otherwise."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions import slots
from bot.clinic import store
from bot.conversation import messages
from bot.conversation.messages import Message
from bot.engine.content import EMERGENCY
from bot.engine.parsing import states_clearance

Domain = dict[str, Any]
logger = logging.getLogger(__name__)


class ActionShowOutcome(Action):
    """Explain the outcome, show the disclaimer again, and offer the next step."""

    def name(self) -> str:
        return "action_show_outcome"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain):
        state = slots.read_state(tracker)
        outcome = state.outcome
        assessment_id = tracker.get_slot(slots.ASSESSMENT_ID)
        booking_url = messages.booking_link(slots.booking_template(), assessment_id)
        slots.send(
            dispatcher,
            messages.outcome_message(
                outcome, assessment_id, len(state.asked), slots.content(), booking_url
            ),
        )
        save_assessment(tracker, state)
        slots.send(
            dispatcher, messages.disclaimer(reminder=True), messages.offer(outcome.disposition)
        )
        events: list[EventType] = [
            SlotSet(slots.ALERT, False),
            SlotSet(slots.RED_FLAGS, outcome.red_flags),
            SlotSet(slots.DISPOSITION, outcome.disposition),
            SlotSet(slots.OUTCOME_SHOWN, True),
        ]
        if tracker.active_loop.get("name"):
            events = [ActiveLoop(None), SlotSet(slots.REQUESTED_SLOT, None), *events]
        return events


class ActionHandOff(Action):
    """The visitor accepted the offer (or asked to book): booking, or the doctor's summary."""

    def name(self) -> str:
        return "action_hand_off"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain):
        if not tracker.get_slot(slots.OUTCOME_SHOWN):
            # nothing is handed off before the outcome: not after "stop" in the middle of the
            # safety questions, so booking is never offered without them
            slots.send(dispatcher, messages.say("handoff_not_ready"))
            return []
        state = slots.read_state(tracker)
        outcome = state.outcome
        content = slots.content()
        assessment_id = tracker.get_slot(slots.ASSESSMENT_ID)
        step = messages.next_step(outcome.disposition)
        if step == "booking":
            booking_url = messages.booking_link(slots.booking_template(), assessment_id)
            summary = messages.therapist_summary(
                outcome, state.answers, content, assessment_id, str(state.today)
            )
            slots.send(dispatcher, messages.booking_handoff(assessment_id, booking_url, summary))
        elif step == "referral_summary" and (reply := _booking_after_clearance(tracker)):
            # "my GP said it's fine, can I book anyway?", or asking to book once it was said
            slots.send(dispatcher, reply)
        elif step == "referral_summary":
            summary = messages.referral_summary(
                outcome, state.answers, content, assessment_id, str(state.today)
            )
            if assessment_id:
                _stored(
                    lambda engine: store.save_referral(
                        engine, assessment_id=assessment_id, summary_text=summary
                    )
                )
            slots.send(dispatcher, messages.referral_handoff(assessment_id, summary))
        else:
            slots.send(dispatcher, messages.emergency_handoff(assessment_id))
        return []


def save_assessment(tracker: Tracker, state: slots.State) -> bool:
    """Store the assessment for the clinic; only after consent (before it nothing is kept)."""
    assessment_id = tracker.get_slot(slots.ASSESSMENT_ID)
    if not assessment_id:
        return False
    therapist = messages.therapist_summary(
        state.outcome, state.answers, slots.content(), assessment_id, str(state.today)
    )
    return _stored(
        lambda engine: store.save_assessment(
            engine,
            assessment_id=assessment_id,
            sender_id=tracker.sender_id,
            consent_at=tracker.get_slot(slots.CONSENT_TIME),
            outcome=state.outcome,
            questions_asked=len(state.asked),
            answers=state.answers,
            summary_text=therapist,
        )
    )


def _stored(write) -> bool:
    """Run a write against the store; a store that is down must not stop the conversation.

    The visitor still gets their outcome and next step; the log names the error's type only
    (no personal data in logs).
    """
    try:
        write(slots.assessment_store())
        return True
    except (SQLAlchemyError, OSError) as error:
        logger.error("assessment store unavailable: %s", type(error).__name__)
        return False
    except store.LowerDisposition:
        logger.error("an assessment was not saved again with a less urgent disposition")
        return False
    except store.NotClearable:
        logger.error("a clearance was not recorded: the stored assessment is not a referral")
        return False


def clearance_reply(tracker: Tracker) -> Message | None:
    """The answer to "my doctor has cleared me" once the outcome is shown; None when the latest
    message states no clearance, the outcome is not shown yet (the questions go on), or it
    needs no doctor.

    After a referral the statement is recorded (the visitor's words, the time, the red-flag
    groups it covers) and a booking request offered, marked for the clinic to check; the
    disposition and the red flags stay. After an emergency: no booking, call now.
    """
    text = slots.latest_text(tracker)
    if not tracker.get_slot(slots.OUTCOME_SHOWN) or not states_clearance(text):
        return None
    outcome = slots.read_state(tracker).outcome
    assessment_id = tracker.get_slot(slots.ASSESSMENT_ID)
    if outcome.disposition == EMERGENCY:
        return messages.emergency_handoff(assessment_id)
    if outcome.disposition not in store.CLEARABLE:
        return None
    noted = assessment_id is not None and _stored(
        lambda engine: store.save_clearance(
            engine, assessment_id=assessment_id, statement=text, red_flags=outcome.red_flags
        )
    )
    return messages.clearance_handoff(assessment_id, text, noted)


def _booking_after_clearance(tracker: Tracker) -> Message | None:
    """After a referral, a request to book: the marked booking request when a clearance is
    stated in it or was stated earlier for every warning sign; else None (the summary)."""
    if slots.latest_intent(tracker)[0] != "request_booking":
        return None
    reply = clearance_reply(tracker)
    assessment_id = tracker.get_slot(slots.ASSESSMENT_ID)
    if reply is not None or assessment_id is None:
        return reply
    try:
        report = store.get_assessment(slots.assessment_store(), assessment_id)
    except (SQLAlchemyError, OSError) as error:
        logger.error("assessment store unavailable: %s", type(error).__name__)
        return None
    covering = store.covering_clearances(report) if report else []
    if not covering:
        return None
    return messages.clearance_handoff(assessment_id, covering[-1].statement, noted=True)


class ActionDeclineHandoff(Action):
    def name(self) -> str:
        return "action_decline_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain):
        slots.send(dispatcher, messages.say("declined_offer"))
        return []


class ActionRespondAfterOutcome(Action):
    """Anything else outside the questions: say where things stand and what can be done (or,
    after the outcome, answer a doctor's clearance NLU read as something else)."""

    def name(self) -> str:
        return "action_respond_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain):
        if _asks_for_the_offer(tracker):
            return await ActionHandOff().run(dispatcher, tracker, domain)
        slots.send(dispatcher, clearance_reply(tracker) or _status(tracker))
        return []


def _asks_for_the_offer(tracker: Tracker) -> bool:
    """After the result, whether the visitor takes up its offer: says "summary", as the status
    message tells them to, or "yes" to the offer that closed the advice given on declining
    consent (that advice comes from `action_decline_consent`, which the rule for a yes after
    the result, following `action_show_outcome`, does not follow)."""
    if not tracker.get_slot(slots.OUTCOME_SHOWN):
        return False
    latest = tracker.latest_message or {}
    if messages.asks_for_summary(latest.get("text") or ""):
        return True
    intent = (latest.get("intent") or {}).get("name")
    return intent == "affirm" and _last_action(tracker) == "action_decline_consent"


def _last_action(tracker: Tracker) -> str | None:
    """The bot's last action before the visitor's latest message."""
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") != "action_listen":
            return event.get("name")
    return None


class ActionNoteClearance(Action):
    """ "My doctor has cleared me" (intent state_clearance): `clearance_reply`, or where things
    stand when it is not one or comes before the outcome."""

    def name(self) -> str:
        return "action_note_clearance"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain):
        slots.send(dispatcher, clearance_reply(tracker) or _status(tracker))
        return []


def _status(tracker: Tracker) -> Message:
    return messages.status(
        tracker.get_slot(slots.DISPOSITION),
        outcome_shown=bool(tracker.get_slot(slots.OUTCOME_SHOWN)),
        consented=slots.consented(tracker),
    )
