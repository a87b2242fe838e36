"""Answers read as the visitor meant them (forty-first round; the fortieth round's notes).

- The medicines answer: a caution the visitor denies or tells of someone else is not theirs
  ("no blood thinners" read as none and blood thinners; "my mum had osteoporosis" as the
  visitor's thin bones).
- The water question: "he's barely had anything" was asked three times, as no number.
- "The middle of my back" was noted as the lower back; it is the upper or mid back, in the
  middle.
My own wording.
"""

import pytest

from bot.conversation import reading
from bot.engine.content import default_content


@pytest.fixture(scope="module")
def content():
    return default_content()


def _answer(content, question_id, said):
    read = reading.read_requested(content.question(question_id), said, content)
    return None if read is None else read["value"]


@pytest.mark.parametrize(
    "said, options",
    [
        ("I don't take anything, no blood thinners", ["none"]),
        ("none, not on warfarin or anything like that", ["none"]),
        ("my mum had osteoporosis but I'm fine", ["none"]),
        ("my husband is on warfarin, I'm not", ["none"]),
        ("not pregnant", ["none"]),
        # what is the visitor's stays, and "none" beside it goes
        ("no steroids but I do take warfarin", ["anticoagulant"]),
        ("I'm on apixaban", ["anticoagulant"]),
        ("steroids and warfarin", ["steroids", "anticoagulant"]),
        ("not pregnant, but had surgery in June", ["recent_surgery"]),
        ("nope", ["none"]),
    ],
)
def test_the_cautions_answer_keeps_only_the_visitors_own(content, said, options):
    assert _answer(content, "cautions", said) == options


@pytest.mark.parametrize(
    "said, glasses",
    [
        ("he's barely had anything", 1.0),
        ("hardly any water tbh", 1.0),
        ("not much", 1.0),
        ("I don't drink a lot", 1.0),
        ("nothing", 0.0),
        ("loads", 8.0),
        ("plenty of water", 8.0),
        # a number said is the number
        ("not much, maybe a glass", 1.0),
        ("about 6", 6.0),
        ("2 litres", 8.0),
    ],
)
def test_water_said_in_words_is_read_as_an_amount(content, said, glasses):
    assert _answer(content, "hydration", said) == glasses


def test_an_amount_in_words_stays_the_visitors_words(content):
    read = reading.read_requested(content.question("hydration"), "barely anything", content)
    assert read == {"raw": "barely anything", "value": 1.0, "how": "asked"}


@pytest.mark.parametrize(
    "said",
    [
        "the middle of my back aches",
        "pain right in the middle of my back for 2 weeks",
        "in the middle of my back",
    ],
)
def test_the_middle_of_the_back_is_the_mid_back_in_the_middle(content, said):
    read = reading.read_volunteered(said, content, describing=True)
    assert read["region"]["value"] == ["upper_back"]
    assert read["side"]["value"] == "central"


def test_a_side_said_beside_the_middle_of_the_back_wins(content):
    read = reading.read_volunteered("middle of my back, more on the left", content)
    assert read["region"]["value"] == ["upper_back"]
    assert read["side"]["value"] == "left"


def test_the_middle_of_the_back_seat_is_no_back(content):
    read = reading.read_volunteered(
        "sat in the middle of the back seat, now my neck is stiff", content
    )
    assert read["region"]["value"] == ["neck"]
    assert "side" not in read


def test_an_age_said_formally_is_no_onset(content):
    # a development conversation's opening was noted as pain "for about 74 years"
    read = reading.read_volunteered(
        "Good morning. I am a retired nurse of 81 years and my shoulders ache.", content
    )
    assert read["age"]["value"] == 81
    assert "onset" not in read


@pytest.mark.parametrize(
    "said, cause",
    [
        # the same opening's "I have not had any falls" was noted as how it started, a fall
        ("my hips ache after gardening. I have not had any falls.", None),
        ("no, I haven't had a fall or anything", None),
        ("didn't see the step and fell, my knee hurts", "fall"),
        ("I've never had a fall before but I slipped on Tuesday", "fall"),
    ],
)
def test_a_denied_fall_is_no_cause(content, said, cause):
    read = reading.read_volunteered(said, content, describing=True)
    assert read.get("cause", {}).get("value") == cause


@pytest.mark.parametrize(
    "said",
    [
        # a visitor check (fifty-third round): "fell asleep" was noted as how it started, a fall
        "I fell asleep on the sofa leaning on my arm and my hand went numb, fine now",
        "dozed off in the armchair with my head on one side and woke with a stiff neck",
    ],
)
def test_falling_asleep_is_no_fall(content, said):
    read = reading.read_volunteered(said, content, describing=True)
    assert read.get("cause", {}).get("value") == "posture"
