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
        slots.send(dispatcher, messages.disclaimer(), messages.offer(outcome.disposition))
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


class ActionDeclineHandoff(Action):
    def name(self) -> str:
        return "action_decline_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain):
        slots.send(dispatcher, messages.say("declined_offer"))
        return []


class ActionRespondAfterOutcome(Action):
    """Anything else outside the questions: say where things stand and what can be done."""

    def name(self) -> str:
        return "action_respond_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain):
        message = messages.status(
            tracker.get_slot(slots.DISPOSITION),
            outcome_shown=bool(tracker.get_slot(slots.OUTCOME_SHOWN)),
            consented=slots.consented(tracker),
        )
        slots.send(dispatcher, message)
        return []
