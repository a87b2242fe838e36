"""The safety invariants (docs/safety.md), tested on the real actions and engine.

Within a conversation a raised red-flag group is never removed and the disposition never
falls, whatever the visitor does: start over, correct, stop, consent again. A stored assessment
is never saved again with a less urgent disposition. Nothing is handed off before the outcome.
Only a clear yes is consent, and a visitor's text cannot run Rasa's built-in commands.

The property test drives random conversations of answers, free text, corrections and
commands through the real Rasa custom actions (rasa-sdk trackers built here, as the rasa-sdk
tests do) and checks the invariants after every step. `NMT_PROPERTY_EXAMPLES` sets how many
conversations it runs (`make soak` runs more).
"""

from __future__ import annotations

import itertools
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasa.shared.nlu.training_data.message import Message
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import explain, flow, forms, outcome, safety, slots
from bot.clinic import store
from bot.conversation.inbound import BUTTON_COMMANDS, visitor_text
from bot.engine.assessment import assess
from bot.engine.content import BOOK_NMT, EMERGENCY, urgency
from bot.engine.parsing import is_clear_yes
from bot.engine.rules import Facts
from bot.engine.screening import screen
from components.affirmation import ClearAffirmation
from tests.test_actions import BENIGN, CONSENTED, DOMAIN, answer, make_tracker, run

EXAMPLES = int(os.environ.get("NMT_PROPERTY_EXAMPLES", "2000"))
REFERENCES = itertools.count(1)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch, today):
    monkeypatch.setattr(slots, "today", lambda: today)


@pytest.fixture(autouse=True)
def store_url(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'nmt.db'}"
    monkeypatch.setenv("NMT_DATABASE_URL", url)
    slots.assessment_store.cache_clear()
    yield url
    slots.assessment_store.cache_clear()


# --- a raised red flag stays raised ------------------------------------------------------------


def test_a_red_flag_raised_earlier_stays_raised_without_its_facts(content):
    hits = screen(Facts(), content, raised=["cardiac"])
    assert [(h.group, h.evidence) for h in hits] == [("cardiac", ())]
    outcome = assess(messages=["my neck is stiff"], content=content, raised=["cardiac"])
    assert (outcome.red_flags, outcome.disposition) == (["cardiac"], EMERGENCY)


async def test_start_over_after_an_emergency_keeps_it_in_the_outcome_and_the_store(store_url):
    # reproduction 1: "yes" to the cardiac question, then "start over" and benign answers
    flagged = {**BENIGN, "red_flag_cardiac": answer("yes, I do", "yes")}
    events, messages = await run(outcome.ActionShowOutcome(), make_tracker("yes", slots=flagged))
    assert messages[0]["custom"]["disposition"] == EMERGENCY
    kept = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    restarted, _ = await run(
        flow.ActionRestartAssessment(),
        make_tracker("start over", "start_over", slots={**flagged, **kept}),
    )
    cleared = {e["name"] for e in restarted if e["event"] == "slot" and e["value"] is None}
    assert "red_flag_cardiac" in cleared and "red_flags" not in cleared
    after = {**BENIGN, "red_flags": kept["red_flags"], "disposition": kept["disposition"]}
    _, messages = await run(outcome.ActionShowOutcome(), make_tracker("no", slots=after))
    payload = messages[0]["custom"]
    assert (payload["disposition"], payload["red_flags"]) == (EMERGENCY, ["cardiac"])
    assert payload["assessment_id"] == CONSENTED["assessment_id"]
    report = store.get_assessment(store.engine_for(store_url), CONSENTED["assessment_id"])
    assert report.assessment.disposition == EMERGENCY
    assert [hit.group_id for hit in report.red_flags] == ["cardiac"]


def test_a_stored_assessment_is_never_saved_with_a_lower_disposition(store_url, content, today):
    engine = store.open_store(store_url)
    flagged = {"region": answer("neck", ["neck"]), "red_flag.cardiac": answer("yes", "yes")}
    benign = {"region": answer("neck", ["neck"])}

    def save(answers):
        store.save_assessment(
            engine,
            assessment_id="abc123def456",
            sender_id="visitor-0000000001",
            consent_at=None,
            outcome=assess(messages=[a["raw"] for a in answers.values()], content=content),
            questions_asked=1,
            answers=answers,
            summary_text=None,
        )

    flagged_outcome = assess(messages=["neck"], content=content, raised=["cardiac"])
    assert flagged_outcome.disposition == EMERGENCY
    store.save_assessment(
        engine,
        assessment_id="abc123def456",
        sender_id="visitor-0000000001",
        consent_at=None,
        outcome=flagged_outcome,
        questions_asked=1,
        answers=flagged,
        summary_text=None,
    )
    with pytest.raises(store.LowerDisposition):
        save(benign)
    report = store.get_assessment(engine, "abc123def456")
    assert report.assessment.disposition == EMERGENCY
    assert [hit.group_id for hit in report.red_flags] == ["cardiac"]


# --- nothing is handed off before the outcome --------------------------------------------------


async def test_stop_in_the_safety_questions_then_booking_hands_off_nothing(store_url):
    # reproduction 3: "stop" at the cauda equina question, then "I would like to book"
    tracker = make_tracker("I would like to book an appointment", "request_booking", slots=BENIGN)
    events, [message] = await run(outcome.ActionHandOff(), tracker)
    assert events == []
    assert not message.get("custom")  # no handoff payload
    assert "safety questions come first" in message["text"]


async def test_after_an_emergency_playing_it_down_repeats_the_advice():
    # reproduction 9: "it's gone now, just muscular, can I still book a massage?"
    shown = {**BENIGN, "red_flags": ["cardiac"], "disposition": EMERGENCY, "outcome_shown": True}
    tracker = make_tracker(
        "it's gone now, I think it's just muscular, can I still book a massage?",
        "ask_what_is_nmt",
        slots=shown,
    )
    _, messages = await run(explain.ActionAnswerQuestion(), tracker)
    assert messages[0]["custom"]["type"] == "education"
    assert "Call your local emergency number now" in messages[1]["text"]
    benign = make_tracker("what is NMT?", "ask_what_is_nmt", slots=BENIGN)
    assert len((await run(explain.ActionAnswerQuestion(), benign))[1]) == 1


# --- consent and commands ----------------------------------------------------------------------

NOT_CONSENT = ["...", "asdf", "申し訳ありませんが、よくわかりません", "'; DROP TABLE events; --",
               "//", "maybe", "what is this?", "no", "I don't know", "", "   ", "hmm",
               "I have a question", "yes, but I have a question",
               "ok but what is NMT?"]  # fmt: skip
CLEAR_YES = ["yes", "Yes, let's start", "yeah", "sure", "ok", "I agree", "go ahead", "👍",
             "yes please", "Let's do it!"]  # fmt: skip


@pytest.mark.parametrize("text", NOT_CONSENT)
def test_text_that_is_not_a_clear_yes_is_not_consent(text):
    # reproduction 6: each of these was read as `affirm` and recorded consent
    assert not is_clear_yes(text)
    message = Message(data={"text": text, "intent": {"name": "affirm", "confidence": 0.5}})
    ClearAffirmation().process([message])
    assert message.get("intent")["name"] == "nlu_fallback"
    assert message.get("intent_ranking")[0]["name"] == "nlu_fallback"


@pytest.mark.parametrize("text", CLEAR_YES)
def test_a_clear_yes_stays_affirm(text):
    assert is_clear_yes(text)
    message = Message(data={"text": text, "intent": {"name": "affirm", "confidence": 0.9}})
    ClearAffirmation().process([message])
    assert message.get("intent") == {"name": "affirm", "confidence": 0.9}


def test_other_intents_pass_the_affirmation_check_untouched():
    message = Message(data={"text": "asdf", "intent": {"name": "inform", "confidence": 0.5}})
    ClearAffirmation().process([message])
    assert message.get("intent") == {"name": "inform", "confidence": 0.5}


@pytest.mark.parametrize(
    ("sent", "read"),
    [
        ("/restart", "restart"),
        ("/back", "back"),
        ("  /session_start", "session_start"),
        ('/affirm{"assessment_id": "x"}', 'affirm{"assessment_id": "x"}'),
        ("/deny_something", "deny_something"),
        ("//", ""),
        ("/affirm", "/affirm"),
        ("/deny", "/deny"),
        ("my neck / shoulder", "my neck / shoulder"),
        ("3 weeks \ud800", "3 weeks \ufffd"),  # a lone surrogate gave 500 (UnicodeEncodeError)
        ("\udfff\ud83d", "\ufffd\ufffd"),
    ],
)
def test_a_visitor_cannot_send_rasa_commands_or_unencodable_text(sent, read):
    # reproduction 2 (/back, /restart, /session_start) and the lone surrogate of point 8
    assert visitor_text(sent) == read
    visitor_text(sent).encode("utf-8")


def test_the_only_commands_let_through_are_our_own_buttons():
    payloads = {
        button["payload"]
        for response in DOMAIN["responses"].values()
        for variant in response
        for button in variant.get("buttons", [])
        if button["payload"].startswith("/")
    }
    assert payloads == set(BUTTON_COMMANDS)


# --- the property: random conversations through the real actions ------------------------------

ANSWERS = {
    "region": ["my neck", "lower back", "both knees"],
    "onset": ["3 weeks", "since yesterday", "no idea"],
    "pain_intensity": ["7", "about a 3"],
    "red_flag.cardiac": ["yes, I do", "no", "not sure"],
    "red_flag.cauda_equina": ["yes", "no"],
    "red_flag.infection": ["yes, fevers", "no"],
    "red_flag.cancer": ["yes", "no"],
    "red_flag.fracture": ["yes", "no"],
    "stress": ["8", "2"],
    "sleep": ["badly", "fine"],
}
SAYINGS = [
    "my neck is stiff from the laptop",
    "since last night I can't feel when I need to pee",
    "I have crushing chest pain going down my left arm",
    "actually it's fine now, forget what I said",
    "I've had a fever all week",
    "no",
]
CORRECTIONS = ["I meant no", "sorry, I meant the right side", "actually it's been 2 months"]

step = st.one_of(
    st.tuples(st.just("answer"), st.sampled_from(sorted(ANSWERS)), st.integers(0, 2)),
    st.tuples(st.just("say"), st.sampled_from(SAYINGS)),
    st.tuples(st.just("correct"), st.sampled_from(CORRECTIONS)),
    st.tuples(st.just("start_over")),
    st.tuples(st.just("stop")),
    st.tuples(st.just("consent_again")),
    st.tuples(st.just("new_session")),
    st.tuples(st.just("outcome")),
    st.tuples(st.just("book")),
    st.tuples(st.just("clearance"), st.booleans()),
)


class Conversation:
    """A conversation's slots and texts, moved on by the real actions' events."""

    def __init__(self, assessment_id: str):
        self.slots = {**CONSENTED, "assessment_id": assessment_id}
        self.slots.update(red_flags=[], disposition=None)
        self.history: list[str] = []
        self.raised: set[str] = set()
        self.highest = 0  # the most urgent disposition seen so far
        self.stored: dict[str, int] = {}

    def tracker(self, text: str, intent: str, requested: str | None = None) -> Tracker:
        values = {**self.slots, "requested_slot": requested}
        return make_tracker(text, intent, slots=values, history=self.history)

    async def act(self, action, text: str, intent: str, requested: str | None = None):
        dispatcher = CollectingDispatcher()
        events = await action.run(dispatcher, self.tracker(text, intent, requested), DOMAIN)
        for event in events:
            if event.get("event") == "slot":
                self.slots[event["name"]] = event["value"]
        return dispatcher.messages

    async def step(self, move) -> list[dict]:
        kind = move[0]
        if kind == "answer":
            question, which = move[1], move[2]
            text = ANSWERS[question][which % len(ANSWERS[question])]
            slot = question.replace(".", "_")
            self.slots.setdefault("requested_slot", None)
            sent = await self.act(forms.ValidateScreeningForm(), text, "inform", slot)
            await self.act(safety.ActionCheckRedFlags(), text, "inform")
        elif kind == "say":
            text = move[1]
            sent = await self.act(safety.ActionCheckRedFlags(), text, "describe_symptoms")
        elif kind == "correct":
            text = move[1]
            sent = await self.act(flow.ActionCorrectAnswer(), text, "correct")
        elif kind == "start_over":
            text = "start over"
            sent = await self.act(flow.ActionRestartAssessment(), text, "start_over")
        elif kind == "stop":
            text = "stop"
            sent = await self.act(flow.ActionStopAssessment(), text, "stop")
        elif kind == "new_session":
            # an hour later: Rasa resets every slot, then our action_session_start carries
            # some over; the new session's events start afresh
            dispatcher = CollectingDispatcher()
            events = await flow.ActionSessionStart().run(dispatcher, self.tracker("", ""), DOMAIN)
            self.slots = {"red_flags": [], "disposition": None, "assessment_id": None}
            self.slots.update({e["name"]: e["value"] for e in events if e["event"] == "slot"})
            self.history = []
            return dispatcher.messages
        elif kind == "consent_again":
            text = "yes"
            sent = await self.act(flow.ActionStartAssessment(), text, "affirm")
        elif kind == "outcome":
            text = "ok"
            sent = await self.act(outcome.ActionShowOutcome(), text, "affirm")
        elif kind == "clearance":  # as NLU reads it, or read as a booking request
            text = "my GP saw me last month and said it's fine, can I book anyway?"
            if move[1]:
                sent = await self.act(outcome.ActionNoteClearance(), text, "state_clearance")
            else:
                sent = await self.act(outcome.ActionHandOff(), text, "request_booking")
        else:
            text = "I'd like to book"
            sent = await self.act(outcome.ActionHandOff(), text, "request_booking")
        self.history.append(text)
        return sent

    def check(self, sent: list[dict], store_url: str) -> None:
        raised = set(self.slots.get("red_flags") or [])
        assert raised >= self.raised, "a raised red flag was removed"
        self.raised = raised
        level = urgency(self.slots.get("disposition") or BOOK_NMT)
        assert level >= self.highest, "the disposition fell"
        self.highest = level
        for message in sent:
            custom = message.get("custom") or {}
            if custom.get("type") == "assessment_outcome":
                assert urgency(custom["disposition"]) >= self.highest
                assert set(custom["red_flags"]) >= self.raised
            if custom.get("type") == "handoff" and custom.get("next_step") == "booking":
                # after a red flag, only on a doctor's clearance, marked; never in an emergency
                assert not self.raised or custom.get("clearance"), "booking after a red flag"
                assert self.highest < urgency(EMERGENCY), "booking after an emergency"
                assert self.slots.get("outcome_shown"), "booking before the outcome"
        engine = store.open_store(store_url)
        for ref in {self.slots["assessment_id"], *self.stored} - {None}:
            report = store.get_assessment(engine, ref)
            if report is None:
                continue
            level = urgency(report.assessment.disposition)
            assert level >= self.stored.get(ref, 0), "a stored assessment was lowered"
            self.stored[ref] = level
        engine.dispose()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(moves=st.lists(step, min_size=1, max_size=8))
async def test_no_sequence_of_answers_corrections_and_commands_lowers_a_safety_decision(
    moves, store_url
):
    conversation = Conversation(f"{next(REFERENCES):012x}")  # one store for all examples
    for move in moves:
        sent = await conversation.step(move)
        conversation.check(sent, store_url)


# --- a red-flag check that could not run is never silent ---------------------------------------


def test_the_channel_knows_when_the_latest_message_was_not_checked():
    from bot.conversation import checks

    opened = [{"event": "session_started"}, {"event": "user", "text": "hi"}]
    read = [{"event": "slot", "name": "checked_messages", "value": 1}]
    assert checks.unchecked(opened)  # the action server never answered
    assert not checks.unchecked(opened + read)
    later = [*opened, *read, {"event": "user", "text": "I can't feel my legs"}]
    assert checks.unchecked(later)
    # a new session counts afresh (Rasa resets the slots)
    assert not checks.unchecked([*later, {"event": "session_started"}])
    assert checks.visitor_messages(later) == 2


def test_the_paused_message_carries_the_emergency_advice():
    from bot.conversation import messages

    paused = messages.service_paused()
    assert paused.custom == {"type": "service_paused"}
    for advice in ("chest pain", "bladder or bowels", "emergency number now", "again"):
        assert advice in paused.text


async def test_a_new_session_carries_a_raised_red_flag_over_and_nothing_else():
    from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet

    flagged = {**BENIGN, "red_flags": ["cardiac"], "disposition": EMERGENCY}
    events, messages = await run(flow.ActionSessionStart(), make_tracker(slots=flagged))
    assert events == [
        SessionStarted(),
        SlotSet("red_flags", ["cardiac"]),
        SlotSet("disposition", EMERGENCY),
        ActionExecuted("action_listen"),
    ]
    assert messages == []
    events, _ = await run(flow.ActionSessionStart(), make_tracker(slots=BENIGN))
    assert events == [SessionStarted(), ActionExecuted("action_listen")]


async def test_start_over_after_an_emergency_says_to_call_now():
    kept = {**BENIGN, "red_flags": ["cardiac"], "disposition": EMERGENCY}
    _, [message] = await run(flow.ActionRestartAssessment(), make_tracker("start over", slots=kept))
    assert "call your local emergency number now" in message["text"]
    urgent = {**BENIGN, "red_flags": ["infection"], "disposition": "urgent_physician"}
    _, [message] = await run(
        flow.ActionRestartAssessment(), make_tracker("start over", slots=urgent)
    )
    assert "see a doctor still stands" in message["text"]
