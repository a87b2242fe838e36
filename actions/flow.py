"""Moving through the assessment: consent, the next form, go back, start over, stop."""

from __future__ import annotations

import datetime
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, ActiveLoop, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import slots
from actions.outcome import ActionShowOutcome, save_assessment
from bot.conversation import ids, messages, planning, reading
from bot.engine.assessment import people_in
from bot.engine.content import EMERGENCY

Domain = dict[str, Any]


class ActionSessionStart(Action):
    """A new session (after an hour without a message): the answers and the consent start
    afresh, but a red flag raised earlier is carried over, so it can never be lost by waiting.

    It replaces Rasa's own `action_session_start`, which carries all slots or none.
    """

    def name(self) -> str:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain):
        carried = [
            SlotSet(slot, tracker.get_slot(slot))
            for slot in (slots.RED_FLAGS, slots.DISPOSITION)
            if tracker.get_slot(slot)
        ]
        return [SessionStarted(), *carried, ActionExecuted("action_listen")]


class ActionStartAssessment(Action):
    """Consent given: record it, and note what the visitor already said about their problem."""

    def name(self) -> str:
        return "action_start_assessment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain):
        events: list[EventType] = [
            SlotSet(slots.ASSESSMENT_ID, ids.new_assessment_ref()),
            SlotSet(slots.CONSENT_TIME, datetime.datetime.now(datetime.UTC).isoformat()),
        ]
        if tracker.get_slot(slots.ASSESSMENT_ID):  # consent again ("hi" after an outcome)
            events += _fresh_answers(tracker)
        readings: dict[str, dict[str, Any]] = {}
        said = slots.user_messages(tracker)
        for_another = bool(people_in(said)[0])
        for text in said:
            found = reading.read_message(
                text,
                None,
                (),
                slots.content(),
                slots.today(),
                describing=True,
                for_another=for_another,
            )
            readings.update({q: r for q, r in found.items() if q not in readings})
        # what was noted acknowledges the consent; with nothing noted, a thank-you does
        if readings:
            slots.send(dispatcher, messages.noted(readings, slots.content()))
        else:
            slots.send(dispatcher, messages.say("start"))
        events += [SlotSet(reading.slot_for(q), r) for q, r in readings.items()]
        return events


class ActionContinueAssessment(Action):
    """A form has finished, or a red flag came outside one: the next form, or the outcome.

    Questions are asked only after consent, but for one exception: a red flag in the very first
    message still gets the safety questions that could make its advice more urgent (a possible
    spinal infection is asked about sepsis); an emergency then goes straight to the outcome.
    Short of an emergency, the result comes in a line, and then the questions for the visit
    (planning.remaining), whose answers can still make it more urgent: before consent, consent is
    asked for them first (declined, the outcome follows: `ActionDeclineConsent`). Once there is
    consent, the assessment is stored with that result, so the clinic sees it even if the
    visitor leaves."""

    def name(self) -> str:
        return "action_continue_assessment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain):
        state = slots.read_state(tracker)
        outcome = state.outcome
        consented = slots.consented(tracker)
        if consented:
            planned = state.planned
        elif outcome.red_flags:  # before consent, only the safety questions
            escalation = planning.escalation_questions(state.answers, outcome, slots.content())
            planned = planning.Plan(escalation, [])
        else:
            planned = planning.Plan([], [])
        step = planning.next_step(planned, slots.content())
        events: list[EventType] = []
        if step == planning.OUTCOME and _result_before_consent(tracker, state, consented):
            # a red flag told before consent, its safety questions done: the result in a line,
            # then consent for the questions for the visit (declined: the outcome at once)
            if tracker.get_slot(slots.ALERT):  # no safety questions came first, nor the disclaimer
                slots.send(dispatcher, messages.disclaimer())
            slots.send(dispatcher, messages.disposition(outcome, slots.content()))
            events.append(SlotSet(slots.ADVISED, outcome.disposition))
            step = "consent"
        elif outcome.red_flags and step == "screening_form":
            if tracker.get_slot(slots.ALERT):
                # a red flag outside a form, with safety questions still to ask first; before
                # consent the disclaimer has not been shown yet, so it comes first
                if not consented:
                    slots.send(dispatcher, messages.disclaimer())
                text = messages.say(
                    "red_flag_pause",
                    about_another=outcome.about_another and not state.safety_begun,
                    clients=outcome.clients,
                )
                slots.send(dispatcher, text)
        elif step == "screening_form":
            text = messages.say(
                "section_red_flags", about_another=outcome.about_another, clients=outcome.clients
            )
            slots.send(dispatcher, text)
        elif step == "wellness_form":
            if not state.advised and not _wellness_started(state):
                # the safety part is settled: the result first, then the questions for the visit
                slots.send(dispatcher, messages.disposition(outcome, slots.content()))
                events.append(SlotSet(slots.ADVISED, outcome.disposition))
            elif not outcome.red_flags:  # after one, its result in a line said what comes
                slots.send(dispatcher, messages.say("section_wellness"))
            if outcome.red_flags:  # stored now: the clinic sees it if the visitor leaves
                save_assessment(tracker, state)
        return [*events, SlotSet(slots.NEXT_FORM, step), SlotSet(slots.ALERT, False)]


def _result_before_consent(tracker: Tracker, state: slots.State, consented: bool) -> bool:
    """Whether a red flag short of an emergency, told before consent, has had its safety
    questions and not yet its result: the questions for the visit may still follow, with
    consent (their answers can make the advice more urgent)."""
    outcome = state.outcome
    return (
        not consented
        and bool(outcome.red_flags)
        and outcome.disposition != EMERGENCY
        and not state.advised
        and not tracker.get_slot(slots.OUTCOME_SHOWN)
    )


def _wellness_started(state: slots.State) -> bool:
    content = slots.content()
    return any(content.question(q).section == "wellness" for q in state.asked)


def _fresh_answers(tracker: Tracker) -> list[EventType]:
    """Events that clear every answer, so the questions start again (red flags stay)."""
    cleared: list[EventType] = [
        SlotSet(slot, None)
        for slot in reading.question_slots(slots.content())
        if tracker.get_slot(slot) is not None
    ]
    return [
        *cleared,
        SlotSet(slots.ASKED, []),
        SlotSet(slots.UNREAD, []),
        SlotSet(slots.REASK, None),
        SlotSet(slots.OUTCOME_SHOWN, False),
        SlotSet(slots.ADVISED, None),
    ]


class ActionRestartAssessment(Action):
    """ "Start over": clear the answers and begin the questions again (red flags remain)."""

    def name(self) -> str:
        return "action_restart_assessment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain):
        consented = tracker.get_slot(slots.ASSESSMENT_ID) is not None
        red_flags = tracker.get_slot(slots.RED_FLAGS) or []
        events: list[EventType] = [ActiveLoop(None), SlotSet(slots.REQUESTED_SLOT, None)]
        events += _fresh_answers(tracker)
        events.append(SlotSet(slots.NEXT_FORM, "localization_form" if consented else "consent"))
        emergency = tracker.get_slot(slots.DISPOSITION) == EMERGENCY
        slots.send(dispatcher, messages.say("restarted", red_flags=red_flags, emergency=emergency))
        return events


class ActionStopAssessment(Action):
    """ "Stop" (or goodbye): end the questions politely. After a red flag whose advice has not
    been explained yet, the outcome comes instead: a "stop" never leaves a visitor without it."""

    def name(self) -> str:
        return "action_stop_assessment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain):
        if tracker.get_slot(slots.RED_FLAGS) and not tracker.get_slot(slots.OUTCOME_SHOWN):
            shown = await ActionShowOutcome().run(dispatcher, tracker, domain)
            stopped = [ActiveLoop(None), SlotSet(slots.REQUESTED_SLOT, None)]
            return [*stopped, *(event for event in shown if event not in stopped)]
        if tracker.active_loop.get("name"):
            red_flags = tracker.get_slot(slots.RED_FLAGS) or []
            slots.send(dispatcher, messages.say("stopped", red_flags=red_flags))
        else:
            slots.send(dispatcher, messages.say("goodbye"))
        return [ActiveLoop(None), SlotSet(slots.REQUESTED_SLOT, None)]


class ActionDeclineConsent(Action):
    """Consent declined: nothing is asked or kept. After a red flag told before it, its advice
    comes instead (the outcome, not stored): declining the questions never hides it."""

    def name(self) -> str:
        return "action_decline_consent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain):
        if tracker.get_slot(slots.RED_FLAGS) and not tracker.get_slot(slots.OUTCOME_SHOWN):
            return await ActionShowOutcome().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_consent_declined")
        return []


class ActionCorrectAnswer(Action):
    """ "Go back" or "I meant the right side": change an answer already given."""

    def name(self) -> str:
        return "action_correct_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain):
        if tracker.get_slot(slots.RED_FLAGS):
            # A warning sign, once given, is not withdrawn by a correction: safety first.
            slots.send(dispatcher, messages.say("correction_after_red_flag"))
            return []
        answers = reading.answers_of(tracker.slots, slots.content())
        text = slots.latest_text(tracker)
        asked = list(tracker.get_slot(slots.ASKED) or [])
        last = next((q for q in reversed(asked) if q in answers), None)
        question = slots.requested_question(tracker)
        changes = reading.read_correction(
            text, answers, slots.content(), slots.today(), last, question.id if question else None
        )
        if changes:
            slots.send(dispatcher, messages.corrected(changes, slots.content()))
            return [SlotSet(reading.slot_for(q), r) for q, r in changes.items()]
        if last is None:
            slots.send(dispatcher, messages.say("nothing_to_correct"))
            return []
        slots.send(dispatcher, messages.say("went_back"))
        return [SlotSet(reading.slot_for(last), None), SlotSet(slots.REQUESTED_SLOT, None)]
