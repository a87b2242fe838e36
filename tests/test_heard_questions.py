"""The screening questions asked only when heard (questionnaire.yml `only_when_heard`).

The 17 groups added from the clinical review (issue 11) have a screening question each, but it
must never lengthen an ordinary assessment: it is asked only when the semantic layer of the
red-flag screen may have heard the group's sign in the visitor's words (Outcome.possible), and
then it quotes those words. A "yes" raises the group through its `{answer: red_flag.<group>,
is: "yes"}` rule.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import forms, questions, slots
from bot.conversation import messages, planning
from bot.engine import assessment
from bot.engine.assessment import assess
from bot.engine.rules import Evidence
from bot.engine.screening import RedFlagHit
from bot.engine.semantic import ConceptHit
from tests.groups import ASKED_BY_RULE, REVIEW_GROUPS

DOMAIN = yaml.safe_load((Path(__file__).resolve().parent.parent / "domain.yml").read_text())

HEARD_ONLY = {f"red_flag.{group}" for group in REVIEW_GROUPS if group not in ASKED_BY_RULE}
KIDNEY_WORDS = "the pain in my side comes and goes and I keep needing the loo"


def answer(raw, value, how="asked"):
    return {"raw": raw, "value": value, "how": how}


# Ordinary benign assessments: what the visitor said, and every answer they gave.
BENIGN = [
    (
        ["hi my neck and shoulders are so tight from sitting at my laptop all day"],
        {
            "region": answer("neck", ["neck"]),
            "onset": answer("3 weeks", 21.0),
            "pain_intensity": answer("5", 5),
            "cause": answer("posture", "posture"),
            "age": answer("34", 34),
        },
    ),
    (
        ["my lower back aches after a weekend of gardening"],
        {
            "region": answer("lower back", ["lower_back"]),
            "onset": answer("4 days", 4.0),
            "weakness": answer("no", "no"),
            "age": answer("71", 71),
        },
    ),
    (
        ["my left knee is sore since I started running again", "it is about a 3 out of 10"],
        {
            "region": answer("knee", ["knee"]),
            "side": answer("left", "left"),
            "cause": answer("sport", "sport"),
            "age": answer("45", 45),
        },
    ),
    (["tension headaches and a stiff jaw from grinding my teeth"], {}),
]


def test_the_review_groups_questions_are_asked_only_when_heard(content):
    marked = {qid for qid, q in content.questions.items() if q.only_when_heard}
    assert marked == HEARD_ONLY
    for qid in HEARD_ONLY:
        question = content.question(qid)
        assert (question.section, question.kind, question.ask_when) == ("red_flags", "yes_no", None)
        assert "now or in the last few days" in " ".join(question.text.split()), qid
    assert "help is available" in content.question("red_flag.suicide_risk").text


@pytest.mark.parametrize("said,answers", BENIGN, ids=lambda v: str(v)[:30])
def test_an_ordinary_assessment_plans_none_of_them(content, today, said, answers):
    outcome = planning.evaluate(answers, said, content, today)
    assert outcome.red_flags == []
    planned = planning.plan(answers, outcome, len(answers), content)
    assert not HEARD_ONLY & set(planned.questions + planned.dropped)
    assert not HEARD_ONLY & set(planning.form_questions("screening_form", planned, content))
    # nor would a red flag's escalation questions include them
    assert not HEARD_ONLY & set(planning.escalation_questions(answers, outcome, content))


@pytest.mark.parametrize("qid", sorted(HEARD_ONLY))
def test_without_words_heard_no_question_of_theirs_is_relevant(content, today, qid):
    # even when the group's own findings and regions are there (the rules decide those)
    said = [
        "the pain in my left side comes in waves and it burns when I pee",
        "I'm 20 weeks pregnant with a headache",
        "I'm on warfarin and fell over yesterday",
    ]
    outcome = dataclasses.replace(planning.evaluate({}, said, content, today), possible={})
    assert not planning.is_relevant(qid, outcome, content)


def test_a_possible_kidney_hit_asks_its_question_quoting_the_words(content, today):
    outcome = planning.evaluate({}, ["my lower back hurts"], content, today)
    assert "red_flag.kidney" not in planning.plan({}, outcome, 0, content).questions
    outcome = dataclasses.replace(outcome, possible={"kidney": KIDNEY_WORDS})
    assert planning.is_relevant("red_flag.kidney", outcome, content)
    planned = planning.plan({}, outcome, 0, content)
    assert "red_flag.kidney" in planning.form_questions("screening_form", planned, content)
    assert not (HEARD_ONLY - {"red_flag.kidney"}) & set(planned.questions)
    words = planning.heard_words("red_flag.kidney", outcome)
    question = content.question("red_flag.kidney")
    message = messages.ask(question, content, False, None, words)
    assert message.text.startswith(f'You mentioned "{KIDNEY_WORDS}".')
    assert question.text in message.text
    assert message.custom["heard"] == KIDNEY_WORDS
    assert [b["title"] for b in message.buttons] == ["Yes", "No", "Not sure"]


def test_a_quote_that_ends_a_sentence_is_not_closed_twice(content):
    # a visitor check (fifty-third round) read 'You mentioned "... all fine now.". I'd like ...'
    said = "my hand went dead for a few minutes, all fine now.  "
    message = messages.ask(content.question("red_flag.kidney"), content, False, None, said)
    assert message.text.startswith(
        'You mentioned "my hand went dead for a few minutes, all fine now". '
    )


def test_yes_to_the_kidney_question_raises_kidney(today):
    outcome = assess(answers={"red_flag.kidney": "yes"}, messages=["my lower back hurts"])
    assert outcome.red_flags == ["kidney"]
    assert outcome.disposition == "urgent_physician"
    assert assess(answers={"red_flag.kidney": "no"}).red_flags == []
    assert assess(answers={"red_flag.kidney": "not sure"}).red_flags == []


@pytest.mark.parametrize("group", sorted(REVIEW_GROUPS))
def test_yes_raises_each_group_and_unsure_only_the_emergencies(group):
    # an osteoporotic fracture is a fracture, with the same referral (screening.py `with_broader`)
    raised = [group, "fracture"] if group == "osteoporotic_fracture" else [group]
    outcome = assess(answers={f"red_flag.{group}": "yes"})
    assert outcome.red_flags == raised
    assert outcome.disposition == REVIEW_GROUPS[group]
    unsure = assess(answers={f"red_flag.{group}": "not sure"})
    emergency = REVIEW_GROUPS[group] == "emergency"
    assert unsure.red_flags == (raised if emergency else [])
    assert assess(answers={f"red_flag.{group}": "no"}).red_flags == []


# --- through the actions: the form asks it, the ask action quotes, a yes raises it -----------


def _tracker(text, said, slot_values, requested=None):
    events = [{"event": "action", "name": "action_listen"}]
    for line in said:
        events += [{"event": "user", "text": line}, {"event": "action", "name": "action_listen"}]
    latest = {}
    if text is not None:
        latest = {"text": text, "intent": {"name": "affirm", "confidence": 0.95}, "entities": []}
        events.append({"event": "user", "text": text, "parse_data": latest})
    values = {name: None for name in DOMAIN["slots"]}
    values.update({"alert": False, "outcome_shown": False, "requested_slot": requested})
    values.update(slot_values)
    loop = {"name": "screening_form"}
    return Tracker(
        "heard-test-0123456789", values, latest, events, False, None, loop, "action_listen"
    )


@pytest.fixture
def kidney_heard(monkeypatch, tmp_path, today):
    """The semantic layer hears kidney, not sure enough to raise it, in KIDNEY_WORDS only."""
    monkeypatch.setattr(
        assessment,
        "concept_hits",
        lambda text, eager=frozenset(), of_a_client=False: (
            (ConceptHit("kidney", 0.5, KIDNEY_WORDS),) if text == KIDNEY_WORDS else ()
        ),
    )
    monkeypatch.setattr(slots, "today", lambda: today)
    monkeypatch.setenv("NMT_DATABASE_URL", f"sqlite:///{tmp_path / 'nmt.db'}")
    slots.assessment_store.cache_clear()
    yield
    slots.assessment_store.cache_clear()


ANSWERED = {
    "assessment_id": "abc123def456",
    "consent_time": "2026-11-21T09:00:00+00:00",
    "region": answer("lower back", ["lower_back"]),
    "onset": answer("3 days", 3.0),
    "pain_intensity": answer("4", 4),
    "age": answer("40", 40),
}


async def test_the_screening_form_asks_it_quoting_the_words_and_a_yes_raises_kidney(
    kidney_heard,
):
    form = forms.ValidateScreeningForm()
    tracker = _tracker(None, [KIDNEY_WORDS], ANSWERED)
    required = await form.required_slots([], CollectingDispatcher(), tracker, DOMAIN)
    assert "red_flag_kidney" in required
    assert not {f"red_flag_{g}" for g in REVIEW_GROUPS if g != "kidney"} & set(required)

    ask = next(a for a in questions.ASK_ACTIONS if a.question_id == "red_flag.kidney")()
    assert ask.name() in DOMAIN["actions"]
    dispatcher = CollectingDispatcher()
    await ask.run(dispatcher, tracker, DOMAIN)
    [message] = dispatcher.messages
    assert message["text"].startswith(f'You mentioned "{KIDNEY_WORDS}".')
    assert message["custom"]["question_id"] == "red_flag.kidney"

    asked = {**ANSWERED, "asked_questions": ["red_flag.kidney"]}
    tracker = _tracker("yes", [KIDNEY_WORDS], asked, requested="red_flag_kidney")
    events = await form.run(CollectingDispatcher(), tracker, DOMAIN)
    values = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert values["red_flag_kidney"]["value"] == "yes"
    assert values["red_flags"] == ["kidney"]
    assert values["disposition"] == "urgent_physician"


async def test_without_words_heard_the_form_asks_none_of_them(kidney_heard):
    tracker = _tracker(None, ["my lower back aches after gardening"], ANSWERED)
    required = await forms.ValidateScreeningForm().required_slots(
        [], CollectingDispatcher(), tracker, DOMAIN
    )
    assert not {f"red_flag_{g}" for g in REVIEW_GROUPS} & set(required)


@pytest.mark.parametrize(
    "said",
    [
        "my back has ached for a week and I've had a temperature of 38.5 since Monday",
        "lower back pain and I keep getting the shivers, hot then freezing",
    ],
)
def test_an_urgent_infection_still_asks_the_sepsis_question(content, today, said):
    """Infection is urgent and ends the questionnaire; sepsis, an emergency, must still be asked
    (a vignette told its signs only in a later answer, after the assessment had ended)."""
    outcome = planning.evaluate({}, [said], content, today)
    assert "infection" in outcome.red_flags
    assert "red_flag.sepsis" in planning.remaining({}, outcome, 1, content).questions


def test_an_ordinary_back_ache_does_not_ask_about_sepsis(content, today):
    outcome = planning.evaluate({}, ["my lower back aches after gardening"], content, today)
    assert "red_flag.sepsis" not in planning.remaining({}, outcome, 1, content).questions


def test_a_group_heard_in_the_visitors_words_counts_as_its_question_answered_yes(content, today):
    """The sepsis question is asked when the infection question is answered yes, and also when
    an infection was raised without that answer (the semantic layer heard it in free text)."""
    outcome = planning.evaluate({}, ["my lower back aches after gardening"], content, today)
    assert not planning.is_relevant("red_flag.sepsis", outcome, content)
    heard = RedFlagHit(
        group="infection",
        label="Infection",
        disposition="urgent_physician",
        message="",
        evidence=(Evidence("had a water infection last week, aching all over"),),
        sources=(),
    )
    raised = dataclasses.replace(outcome, hits=[heard], red_flags=["infection"])
    assert planning.with_raised(raised).answers["red_flag.infection"].value == "yes"
    assert planning.is_relevant("red_flag.sepsis", raised, content)
