"""The whole engine in one call: answers and messages in, an outcome out."""

import pytest

from bot.engine.assessment import assess, quotes, screen_text
from bot.engine.content import default_content
from bot.engine.rules import Evidence


def test_a_benign_picture_books_nmt(today):
    outcome = assess(
        answers={
            "region": "my lower back, mostly the left side",
            "onset": "about 3 weeks",
            "pain_intensity": "7/10",
            "cause": "sitting at my desk all day",
            "age": "34",
        },
        messages=["it aches after a long day at the computer"],
        today=today,
    )
    assert outcome.disposition == "book_nmt"
    assert outcome.red_flags == []
    assert outcome.regions == ["lower_back"]
    assert outcome.sides == ["left"]
    assert outcome.scores["nprs"].total == 7
    assert outcome.scores["nprs"].band == "severe"
    assert outcome.facts.answers["onset"].value == 21


def test_a_red_flag_said_in_passing_is_caught(today):
    outcome = assess(
        answers={"onset": "two weeks, oh and I've had a fever all week"},
        messages=["my upper back is sore"],
        today=today,
    )
    assert "infection" in outcome.red_flags
    assert outcome.disposition == "urgent_physician"
    hit = outcome.hits[0]
    assert hit.group == "infection"
    assert any("fever" in e.text for e in hit.evidence)
    assert hit.sources


def test_the_most_urgent_disposition_wins(today):
    outcome = assess(
        messages=[
            "I had breast cancer five years ago and my back aches now",
            "I've had a fever for days",
            "and I can't control my bladder since yesterday",
        ],
        today=today,
    )
    assert outcome.disposition == "emergency"
    assert outcome.red_flags[0] == "cauda_equina"
    assert {"cancer", "infection", "cauda_equina"} <= set(outcome.red_flags)


def test_unsure_answers_count_for_emergency_groups_only(today):
    emergency = assess(answers={"red_flag.cauda_equina": "not sure"}, today=today)
    assert emergency.red_flags == ["cauda_equina"]
    urgent = assess(answers={"red_flag.dvt": "not sure"}, today=today)
    assert urgent.red_flags == []
    assert urgent.disposition == "book_nmt"


def test_yes_to_a_screening_question_is_believed(today):
    for group in ("cardiac", "dvt", "cancer"):
        assert assess(answers={f"red_flag.{group}": "yes"}, today=today).red_flags == [group]


def test_cautions_do_not_change_the_disposition(today):
    outcome = assess(answers={"cautions": "I take warfarin"}, today=today)
    assert "anticoagulant" in outcome.cautions
    assert outcome.disposition == "book_nmt"


def test_factors_carry_the_visitors_words(today):
    outcome = assess(answers={"hydration": "maybe 2 glasses", "stress": "9 out of 10"}, today=today)
    biochemical = {f.id: f for f in outcome.factors["biochemical"]}
    psychosocial = {f.id: f for f in outcome.factors["psychosocial"]}
    assert "maybe 2 glasses" in [e.text for e in biochemical["hydration"].evidence]
    assert "9 out of 10" in [e.text for e in psychosocial["stress"].evidence]


def test_a_sensation_site_is_not_a_pain_region(today):
    outcome = assess(messages=["my neck hurts and I get pins and needles in my fingers"])
    assert outcome.regions == ["neck"]


def test_negated_and_other_peoples_symptoms_raise_nothing(today):
    outcome = assess(
        messages=["no fever, no numbness, never had cancer. My dad had a stroke though."],
        today=today,
    )
    assert outcome.red_flags == []


def test_unknown_question_is_a_programming_error():
    with pytest.raises(KeyError, match="favourite_colour"):
        assess(answers={"favourite_colour": "blue"})


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "<script>alert('hi')</script>",
        "'; DROP TABLE events; --",
        "ünïcödé ☃ 日本語 😩",
        "x" * 200_000,
    ],
)
def test_bad_input_gives_an_outcome_and_keeps_the_raw_text(text, today):
    outcome = assess(answers={"pain_intensity": text, "region": text}, messages=[text], today=today)
    assert outcome.disposition == "book_nmt"
    assert outcome.facts.answers["pain_intensity"].raw == text
    assert screen_text(text) == []


def test_unreadable_answers_become_none(today):
    outcome = assess(answers={"pain_intensity": "a lot", "age": "old enough"}, today=today)
    assert outcome.facts.answers["pain_intensity"].value is None
    assert outcome.facts.answers["age"].value is None
    assert outcome.scores["nprs"].total is None


def test_a_short_answer_is_quoted_with_its_question_and_each_quote_once():
    """Found by trying it in the browser: the factors' evidence read "9", and "Posture or
    sitting a lot" twice (tapped, then typed with a full stop)."""
    evidence = [
        Evidence("9", question_id="screen_hours"),
        Evidence("Posture or sitting a lot", question_id="cause"),
        Evidence("Posture or sitting a lot."),
        Evidence("I sit at a desk all day and my neck gets stiff by the afternoon"),
    ]
    label = default_content().question("screen_hours").label
    assert quotes(evidence) == [
        f"{label}: 9",
        f"{default_content().question('cause').label}: Posture or sitting a lot",
        "I sit at a desk all day and my neck gets stiff by the afternoon",
    ]
