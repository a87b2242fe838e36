"""The questions for the visit after a red flag short of an emergency (issue 11, fortieth round).

Development visitors told a sign only in the answer to a wellness question: night sweats in the
sleep answer, blood thinners in the medicines answer, no urine all day in the water answer. When
an earlier, lesser red flag had ended the questions, those answers were never asked for, and the
advice stayed less urgent than it should. Now the result comes in a line (and is stored), the
questions for the visit follow, and their answers are screened like any other; a sign there that
changes the result ends them, so the new advice comes at once. "stop" shows the advice. The
medicines answer, asked in more conversations now, is read by the words its cautions know too
("a weekly bone tablet, risedronate"). My own wording throughout.
"""

from __future__ import annotations

import pytest
from rasa_sdk.events import ActiveLoop, SlotSet

from actions import flow, outcome
from bot.clinic import store
from bot.conversation import messages, planning, reading
from bot.engine.content import default_content
from tests.test_actions import (  # noqa: F401 (the fixtures: a store per test, a fixed day)
    CONSENTED,
    answer,
    fixed_today,
    make_tracker,
    run,
    store_url,
)

# a 58-year-old's mid-back pain, sent to a doctor first (a past cancer), every other safety
# question answered "no"
BACK = {
    "region": answer("the middle of my back", ["upper_back"]),
    "side": answer("in the middle", "central"),
    "onset": answer("a month", 30.0),
    "age": answer("58", 58.0),
}


def referral_answers(content):
    answers = dict(BACK)
    for question_id, question in content.questions.items():
        if question.section == "red_flags":
            answers[question_id] = answer("no", "no")
    answers["red_flag.cancer"] = answer("yes, breast cancer six years ago", "yes")
    return answers


# questions asked so far in such a conversation: the localization cards and a safety checklist
ASKED = 16


def slots_of(answers, **more):
    found = {qid.replace(".", "_"): value for qid, value in answers.items()}
    return {**CONSENTED, **found, "asked_questions": list(answers)[:ASKED], **more}


def test_after_a_referral_the_questions_for_the_visit_still_come(content, today):
    answers = referral_answers(content)
    outcome = planning.evaluate(answers, [], content, today)
    assert outcome.disposition == "physician_referral"
    left = planning.remaining(answers, outcome, ASKED, content)
    assert left.questions[0] == "cautions"
    assert {content.question(q).section for q in left.questions} == {"wellness"}


def test_a_sign_told_in_the_sleep_answer_makes_the_advice_more_urgent(content, today):
    answers = referral_answers(content)
    said = "terrible, I wake up soaked through and shivering most nights, and I feel feverish"
    answers["sleep"] = answer(said, "poor")
    outcome = planning.evaluate(answers, [said], content, today)
    assert "infection" in outcome.red_flags
    assert outcome.disposition == "urgent_physician"
    # the result given before it no longer stands: only safety questions are left, then the
    # outcome, with no more of the visit's questions
    left = planning.remaining(answers, outcome, ASKED, content, "physician_referral")
    assert all(q.startswith("red_flag.") for q in left.questions)


def test_blood_thinners_told_after_a_referral_for_a_knock_make_it_an_emergency(content, today):
    opening = (
        "I'd like to book my dad in, he's 79, he tripped on the back step and banged his head, "
        "now his neck is stiff"
    )
    answers = referral_answers(content)
    answers["red_flag.cancer"] = answer("no", "no")
    outcome = planning.evaluate(answers, [opening], content, today)
    assert outcome.disposition != "emergency"
    assert "cautions" in planning.remaining(answers, outcome, ASKED, content).questions
    answers["cautions"] = answer("he's on apixaban for his heart rhythm", ["anticoagulant"])
    outcome = planning.evaluate(answers, [opening], content, today)
    assert outcome.disposition == "emergency"
    assert "head_injury_anticoagulant" in outcome.red_flags


def test_after_an_emergency_nothing_more_is_asked(content, today):
    answers = referral_answers(content)
    answers["red_flag.cauda_equina"] = answer("yes", "yes")
    outcome = planning.evaluate(answers, [], content, today)
    assert outcome.disposition == "emergency"
    assert planning.remaining(answers, outcome, ASKED, content).questions == []


async def test_the_result_is_given_in_a_line_and_stored_before_those_questions():
    content = default_content()
    answers = referral_answers(content)
    tracker = make_tracker(
        "None of these",
        slots=slots_of(answers, red_flags=["cancer"], disposition="physician_referral"),
        after=["screening_form"],
    )
    events, [message] = await run(flow.ActionContinueAssessment(), tracker)
    assert events == [
        SlotSet("advised", "physician_referral"),
        SlotSet("next_form", "wellness_form"),
        SlotSet("alert", False),
    ]
    assert message["custom"]["type"] == "disposition"
    assert message["custom"]["disposition"] == "physician_referral"
    assert message["text"].startswith("Please see a doctor before booking.")
    assert '"stop"' in message["text"]
    # stored now: the clinic sees the referral even if the visitor leaves during the questions
    report = store.get_assessment(
        store.engine_for(store.database_url()), CONSENTED["assessment_id"]
    )
    assert report.assessment.disposition == "physician_referral"


async def test_before_consent_a_red_flag_gets_its_safety_questions_first():
    tracker = make_tracker(
        "I had bowel cancer three years ago and now my lower back aches all night",
        "describe_symptoms",
        slots={"red_flags": ["cancer"], "alert": True},
    )
    events, sent = await run(flow.ActionContinueAssessment(), tracker)
    assert events == [SlotSet("next_form", "screening_form"), SlotSet("alert", False)]
    assert sent[0].get("response") == "utter_disclaimer"


async def test_before_consent_the_result_then_consent_for_the_questions_for_the_visit():
    # the safety questions answered (no); nothing yet stored, nothing asked for the visit
    content = default_content()
    said = "I had bowel cancer three years ago and now my lower back aches all night"
    answered = {
        qid.replace(".", "_"): answer("no", "no")
        for qid in planning.escalation_questions(
            {}, planning.evaluate({}, [said], content), content
        )
    }
    tracker = make_tracker(
        "no",
        "deny",
        slots={"red_flags": ["cancer"], **answered},
        history=[said],
        after=["screening_form"],
    )
    events, sent = await run(flow.ActionContinueAssessment(), tracker)
    assert events == [
        SlotSet("advised", "physician_referral"),
        SlotSet("next_form", "consent"),
        SlotSet("alert", False),
    ]
    [line] = sent
    assert line["custom"]["type"] == "disposition"
    assert line["text"].startswith("Please see a doctor before booking.")


async def test_declining_consent_after_a_red_flag_shows_its_advice():
    tracker = make_tracker(
        "no thanks",
        "deny",
        slots={"red_flags": ["cancer"], "advised": "physician_referral"},
        history=["I had bowel cancer three years ago and now my lower back aches all night"],
    )
    events, sent = await run(flow.ActionDeclineConsent(), tracker)
    assert SlotSet("outcome_shown", True) in events
    outcome = next(m for m in sent if (m.get("custom") or {}).get("type") == "assessment_outcome")
    assert outcome["custom"]["disposition"] == "physician_referral"
    # nothing is stored without consent
    assert store.get_assessment(store.open_store(store.database_url()), "abc123def456") is None


async def test_declining_consent_without_a_red_flag_ends_politely():
    tracker = make_tracker("no thanks", "deny")
    events, sent = await run(flow.ActionDeclineConsent(), tracker)
    assert events == []
    assert [m.get("response") for m in sent] == ["utter_consent_declined"]


def referred(text, intent, **more):
    """A tracker after the referral's result was given in a line, with `text` said next."""
    slots = slots_of(
        referral_answers(default_content()),
        red_flags=["cancer"],
        disposition="physician_referral",
        advised="physician_referral",
    )
    return make_tracker(text, intent, slots=slots, **more)


async def test_consent_after_the_result_goes_on_to_the_questions_for_the_visit():
    tracker = referred("yes", "affirm", after=["action_start_assessment", "localization_form"])
    events, sent = await run(flow.ActionContinueAssessment(), tracker)
    assert events == [SlotSet("next_form", "wellness_form"), SlotSet("alert", False)]
    assert sent == []  # the result in a line said what comes
    report = store.get_assessment(
        store.engine_for(store.database_url()), CONSENTED["assessment_id"]
    )
    assert report.assessment.disposition == "physician_referral"


async def test_stop_before_the_advice_is_explained_shows_it():
    tracker = referred("stop", "stop", active_loop="wellness_form")
    events, sent = await run(flow.ActionStopAssessment(), tracker)
    assert events[:2] == [ActiveLoop(None), SlotSet("requested_slot", None)]
    assert SlotSet("outcome_shown", True) in events
    kinds = [(m.get("custom") or {}).get("type") for m in sent]
    assert "assessment_outcome" in kinds
    assert not any("stopped the questions" in (m.get("text") or "") for m in sent)


async def test_stop_after_the_advice_was_explained_ends_politely():
    tracker = make_tracker(
        "stop",
        "stop",
        slots={**CONSENTED, "red_flags": ["cancer"], "outcome_shown": True},
        active_loop="wellness_form",
    )
    events, [message] = await run(flow.ActionStopAssessment(), tracker)
    assert events == [ActiveLoop(None), SlotSet("requested_slot", None)]
    assert "follow the advice I gave you" in message["text"]


def test_the_result_in_a_line_speaks_to_whoever_it_is_for(content, today):
    mine = "my lower back aches and I've had a fever and shivers since yesterday"
    theirs = (
        "I'd like to book my wife in, she has had a fever and shivers since yesterday and her "
        "back aches badly"
    )
    knock = "my dad is 79, he tripped on the back step and banged his head, now his neck is stiff"
    expected = {
        mine: "Please see a doctor today.",
        theirs: "Please help them see a doctor today.",
        knock: "Please ask them to see a doctor before booking.",
    }
    for said, start in expected.items():
        outcome = planning.evaluate({}, [said], content, today)
        assert messages.disposition(outcome, content).text.startswith(start + " I'll explain")


@pytest.mark.parametrize(
    "said, option",
    [
        ("I'm on a weekly bone tablet, risedronate", "osteoporosis"),
        ("she takes Xarelto since her clot", "anticoagulant"),
        ("on prednisolone for my lungs", "steroids"),
        ("I'm 20 weeks along with our second", "pregnant"),
    ],
)
def test_the_medicines_answer_is_read_by_the_words_its_cautions_know(content, said, option):
    # asked now after a red flag too, where a sign may depend on it: words naming no option's
    # label are read through the findings a caution's rule reads (red_flags.yml `cautions`)
    read = reading.read_requested(content.question("cautions"), said, content)
    assert read is not None and option in read["value"]


def test_a_medicines_answer_naming_nothing_known_is_still_not_read(content):
    said = "just vitamins and the odd paracetamol"
    assert reading.read_requested(content.question("cautions"), said, content) is None


# --- the offer that closes the advice given on declining consent (fifty-fourth round, found in
# the browser: "yes" and "summary" got "Your assessment is complete ... say "summary"" and no
# summary) ---------------------------------------------------------------------------------


def declined_after_a_red_flag(text, intent):
    """A tracker after consent was declined with a red flag told first: the advice and the
    offer of a summary came from `action_decline_consent`; `text` is said next."""
    tracker = make_tracker(
        text,
        intent,
        slots={
            "red_flags": ["osteoporotic_fracture", "fracture"],
            "disposition": "physician_referral",
            "advised": "physician_referral",
            "outcome_shown": True,
        },
        history=["I'm 78 with osteoporosis and sneezed on Sunday, sharp pain in my mid back since"],
    )
    tracker.events.insert(
        len(tracker.events) - 1, {"event": "action", "name": "action_decline_consent"}
    )
    return tracker


@pytest.mark.parametrize(
    "text, intent",
    [
        ("yes please", "affirm"),
        ("Yes", "affirm"),
        ("summary", "inform"),
        ("can I have the summary", "ask_nmt"),
    ],
)
async def test_the_summary_offered_after_a_declined_consent_is_given(text, intent):
    _, sent = await run(
        outcome.ActionRespondAfterOutcome(), declined_after_a_red_flag(text, intent)
    )
    handoff = [m for m in sent if (m.get("custom") or {}).get("type") == "handoff"]
    assert len(handoff) == 1
    assert handoff[0]["custom"]["next_step"] == "referral_summary"
    assert (
        "osteoporosis" in handoff[0]["custom"]["summary"].lower()
        or "sneezed" in handoff[0]["custom"]["summary"]
    )
    # nothing is stored without consent
    assert handoff[0]["custom"]["assessment_id"] is None


@pytest.mark.parametrize(
    "text, intent", [("no summary thanks", "deny"), ("thanks", "thanks"), ("ok", "affirm")]
)
async def test_no_summary_unasked(text, intent):
    tracker = declined_after_a_red_flag(text, intent)
    if text == "ok":
        # a yes not right after the offer: where things stand, as before
        tracker.events.insert(
            len(tracker.events) - 1, {"event": "action", "name": "action_respond_status"}
        )
    _, sent = await run(outcome.ActionRespondAfterOutcome(), tracker)
    assert not [m for m in sent if (m.get("custom") or {}).get("type") == "handoff"]
