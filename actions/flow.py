"""Moving through the assessment: consent, the next form, go back, start over, stop."""

from __future__ import annotations

import datetime
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, ActiveLoop, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import slots
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
    spinal infection is asked about sepsis), then the outcome; an emergency goes straight to it."""

    def name(self) -> str:
        return "action_continue_assessment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain):
        state = slots.read_state(tracker)
        # after a red flag, `planned` holds only the escalation questions (planning.remaining)
        consented = slots.consented(tracker)
        planned = state.planned if consented or state.outcome.red_flags else planning.Plan([], [])
        step = planning.next_step(planned, slots.content())
        if state.outcome.red_flags:
            if tracker.get_slot(slots.ALERT) and step != planning.OUTCOME:
                # a red flag outside a form, with safety questions still to ask first; before
                # consent the disclaimer has not been shown yet, so it comes first
                if not consented:
                    slots.send(dispatcher, messages.disclaimer())
                slots.send(dispatcher, messages.say("red_flag_pause"))
        elif step == "screening_form":
            outcome = state.outcome
            text = messages.say(
                "section_red_flags", about_another=outcome.about_another, clients=outcome.clients
            )
            slots.send(dispatcher, text)
        elif step == "wellness_form" and not _wellness_started(state):
            # the safety part is settled: the result first, then the questions for the visit
            slots.send(dispatcher, messages.disposition(state.outcome, slots.content()))
        elif step == "wellness_form":
            slots.send(dispatcher, messages.say("section_wellness"))
        return [SlotSet(slots.NEXT_FORM, step), SlotSet(slots.ALERT, False)]


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
    """ "Stop" (or goodbye): end the questions politely."""

    def name(self) -> str:
        return "action_stop_assessment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Domain):
        if tracker.active_loop.get("name"):
            red_flags = tracker.get_slot(slots.RED_FLAGS) or []
            slots.send(dispatcher, messages.say("stopped", red_flags=red_flags))
        else:
            slots.send(dispatcher, messages.say("goodbye"))
        return [ActiveLoop(None), SlotSet(slots.REQUESTED_SLOT, None)]


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
