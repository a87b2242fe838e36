"""The outcome and the handoff: booking for `book_nmt`, a summary for a doctor otherwise."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions import common
from bot import settings
from bot.clinic import store
from bot.conversation import messages
from bot.conversation.texts import render
from bot.engine.screening import BOOK_NMT

Domain = dict[str, Any]
logger = logging.getLogger(__name__)

# What the outcome offers, by next step: the template that asks.
OFFERS = {"booking": "offer_booking", "referral_summary": "offer_summary"}
OFFER_BUTTONS = [{"title": "Yes", "payload": "Yes"}, {"title": "No, thanks", "payload": "No"}]


class ActionShowOutcome(Action):
    """Explain the outcome, show the disclaimer again, and offer the next step."""

    def name(self) -> str:
        return "action_show_outcome"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain):
        state = common.read_state(tracker)
        outcome = state.outcome
        content = common.content()
        payload = messages.outcome_payload(
            outcome, tracker.get_slot(common.ASSESSMENT_ID), len(state.asked), content
        )
        dispatcher.utter_message(text=messages.outcome_text(outcome, content), json_message=payload)
        save_assessment(tracker, state, payload)
        dispatcher.utter_message(response="utter_disclaimer")
        step = messages.next_step(outcome.disposition)
        if step in OFFERS:  # nothing is offered in an emergency
            dispatcher.utter_message(
                text=render(OFFERS[step]),
                buttons=OFFER_BUTTONS,
                json_message={"type": "handoff_offer", "next_step": step},
            )
        events: list[EventType] = [
            SlotSet(common.ALERT, False),
            SlotSet(common.RED_FLAGS, outcome.red_flags),
            SlotSet(common.DISPOSITION, outcome.disposition),
            SlotSet(common.OUTCOME_SHOWN, True),
        ]
        if tracker.active_loop.get("name"):
            events = [ActiveLoop(None), SlotSet("requested_slot", None), *events]
        return events


class ActionHandOff(Action):
    """The visitor accepted the offer (or asked to book): booking, or the doctor's summary."""

    def name(self) -> str:
        return "action_hand_off"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain):
        state = common.read_state(tracker)
        outcome = state.outcome
        content = common.content()
        assessment_id = tracker.get_slot(common.ASSESSMENT_ID)
        step = messages.next_step(outcome.disposition)
        if step == "booking":
            url = booking_url(assessment_id)
            dispatcher.utter_message(
                text=render("booking", booking_url=url, assessment_id=assessment_id),
                json_message={
                    "type": "handoff",
                    "next_step": "booking",
                    "assessment_id": assessment_id,
                    "booking_url": url,
                    "therapist_summary": messages.therapist_summary(
                        outcome, state.answers, content, assessment_id, str(common.today())
                    ),
                },
            )
        elif step == "referral_summary":
            text = messages.referral_summary(
                outcome, state.answers, content, assessment_id, str(common.today())
            )
            if assessment_id:
                _stored(
                    lambda engine: store.save_referral(
                        engine, assessment_id=assessment_id, summary_text=text
                    )
                )
            dispatcher.utter_message(
                text=render("summary_intro") + "\n\n" + text,
                json_message={
                    "type": "handoff",
                    "next_step": step,
                    "assessment_id": assessment_id,
                    "summary": text,
                },
            )
        else:
            dispatcher.utter_message(
                text=render("booking_not_now", emergency=True),
                json_message={"type": "handoff", "next_step": step, "assessment_id": assessment_id},
            )
        return []


def save_assessment(tracker: Tracker, state: common.State, payload: dict[str, Any]) -> bool:
    """Store the assessment for the clinic; only after consent (before it nothing is kept)."""
    assessment_id = tracker.get_slot(common.ASSESSMENT_ID)
    if not assessment_id:
        return False
    therapist = messages.therapist_summary(
        state.outcome, state.answers, common.content(), assessment_id, str(common.today())
    )
    return _stored(
        lambda engine: store.save_assessment(
            engine,
            assessment_id=assessment_id,
            sender_id=tracker.sender_id,
            consent_at=tracker.get_slot(common.CONSENT_TIME),
            payload=payload,
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
        write(common.assessment_store())
        return True
    except (SQLAlchemyError, OSError) as error:
        logger.error("assessment store unavailable: %s", type(error).__name__)
        return False


def booking_url(assessment_id: str | None) -> str | None:
    """The external booking link with the assessment reference, when the clinic set one.

    The clinic's booking page (Jane, Cliniko, ...) is `NMT_BOOKING_URL` (bot/settings.py);
    "{ref}" in it becomes the reference.
    """
    template = settings.BOOKING_URL.read()
    if not template or not assessment_id:
        return None
    return template.replace("{ref}", quote(assessment_id))


class ActionDeclineHandoff(Action):
    def name(self) -> str:
        return "action_decline_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain):
        dispatcher.utter_message(text=render("declined_offer"))
        return []


class ActionRespondAfterOutcome(Action):
    """Anything else outside the questions: say where things stand and what can be done."""

    def name(self) -> str:
        return "action_respond_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain):
        if not tracker.get_slot(common.OUTCOME_SHOWN):
            if tracker.get_slot(common.ASSESSMENT_ID):
                dispatcher.utter_message(text=render("not_understood"))
            else:
                dispatcher.utter_message(text=render("assessment_not_started"))
            return []
        disposition = tracker.get_slot(common.DISPOSITION) or BOOK_NMT
        dispatcher.utter_message(
            text=render(
                "anything_else",
                book=disposition == BOOK_NMT,
                emergency=disposition == "emergency",
            )
        )
        return []
