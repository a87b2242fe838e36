"""Walking asked with the nerves, places asked for by name, and signs told in other words
(issue 11, thirty-ninth round), in my own wording.

- How someone walks is asked on the nerves card, before the safety check, for the back, the
  legs and the neck: development visitors told a foot drop or an unsteady walk only there, after
  answering their group's own question "no", and the budget had dropped the question.
- A massage asked for by the places it should work on is not a red flag ("a head and neck
  massage" had read as a thunderclap headache).
- A head named before its knock ("since I banged it on the cupboard"), a helmet split in a fall,
  "almost fainted", someone else's bottom "gone numb", a finger "bent sideways", a slot asked
  "for him".
"""

import pytest

from bot.conversation import cards, planning, reading
from bot.engine.assessment import screen_text
from bot.engine.content import default_content


@pytest.fixture(scope="module")
def content():
    return default_content()


def test_walking_is_asked_with_the_nerves_before_the_safety_check(content):
    assert content.question("gait").section == "localization"
    card = cards.card_for(
        "spreading", ["spreading", "numbness_tingling", "weakness", "gait"], content
    )
    assert card.definition.id == "nerves"
    assert [q.id for q in card.rows] == ["spreading", "numbness_tingling", "weakness", "gait"]


@pytest.mark.parametrize(
    "region, asked",
    [("neck", True), ("lower_back", True), ("calf", True), ("shoulder", False), ("jaw", False)],
)
def test_walking_is_asked_for_the_neck_the_back_and_the_legs(content, today, region, asked):
    answers = {"region": {"raw": region, "value": [region]}}
    outcome = planning.evaluate(answers, [], content, today)
    assert planning.is_relevant("gait", outcome, content) is asked


def test_a_sign_told_in_the_walking_answer_is_screened_before_the_result(content, today):
    answers = {
        "region": {"raw": "neck", "value": ["neck"]},
        "age": {"raw": "63", "value": 63.0},
        "gait": {"raw": "", "value": None},
    }
    said = "Walking differently: yes, he sways like he's on a boat and grabs the furniture"
    outcome = planning.evaluate(
        answers,
        ["booking for my husband, his neck has been stiff for a year", said],
        content,
        today,
    )
    assert "myelopathy" in outcome.red_flags


@pytest.mark.parametrize(
    "text, value",
    [
        ("walking a bit oddly but only cos my thighs are so sore", "yes"),
        ("I've had a limp since Friday", "yes"),
        ("my shoes wear down on the outside edge", "yes"),
        ("no limp, I walk fine", "no"),
    ],
)
def test_the_walking_answer_is_read_in_its_own_words(content, text, value):
    """The gait question's own signs answer it: a re-ask for "walking funny but only bc of the
    soreness" had cost a benign conversation two turns."""
    assert reading.read_requested(content.question("gait"), text, content)["value"] == value


@pytest.mark.parametrize(
    "text",
    [
        "Do you have time for a head and neck massage this week? Just stiff from work.",
        "Could I have a head and neck massage on Thursday evening?",
        "my bum goes numb on a long drive, my glutes are tight",
        "my physio calls it dead butt syndrome, my glutes switch off at the desk",
        "I'm worried I might faint when I see the needle at the dentist, anyway my neck is stiff",
    ],
)
def test_places_asked_for_by_name_and_everyday_words_raise_nothing(text):
    assert screen_text(text) == []


@pytest.mark.parametrize(
    "text, group",
    [
        (
            "my head's been thumping since I banged it on the cupboard door yesterday and I've "
            "been sick twice",
            "thunderclap_headache",
        ),
        (
            "his helmet split when he came off his bike on Sunday and he's been drowsy and "
            "sick since",
            "thunderclap_headache",
        ),
        ("a tightness in my chest comes out of the blue and I almost fainted twice", "cardiac"),
        ("her bottom has gone numb since her back went on Monday", "cauda_equina"),
        ("his little finger is bent sideways after the tackle and it's swelling", "fracture"),
        (
            "booking for my grandad, 70, stiff neck for years, and now he cannot button his "
            "coat and he's walking like a man who is drunk",
            "myelopathy",
        ),
        ("Mum is 86 and missed her chair on Sunday, now her hip hurts to stand", "fracture"),
        (
            "he fell off the ladder, he's 82, and his wrist looks out of shape. could I get a "
            "slot for him?",
            "fracture",
        ),
    ],
)
def test_signs_told_in_other_words_are_raised(text, group):
    assert group in screen_text(text)


@pytest.mark.parametrize(
    "text, cause",
    [
        ("I'm 74, my knees are stiff from weeding all week. I have had no falls at all.", None),
        ("haven't fallen or anything, my hip is just stiff", None),
        ("not sure, maybe the gym", "sport"),
        ("I didn't do anything, just slipped on the stairs", "fall"),
    ],
)
def test_a_denied_fall_is_not_how_it_started(content, today, text, cause):
    """Found in a development conversation: "I have had no falls" was noted as "how it started:
    a fall", and at 74 that raised a fracture for osteoarthritic knees."""
    found = reading.read_volunteered(text, content, today, describing=True)
    assert found.get("cause", {}).get("value") == cause


@pytest.mark.parametrize(
    "text",
    [
        "I'm 80, didn't see the step and fell, now my wrist hurts",
        "couldn't grab the rail and slipped on the ice, my hip hurts",
    ],
)
def test_a_fall_told_after_a_negation_is_still_how_it_started(content, today, text):
    """Found in review: reading no cause from a whole clause with a negation in it lost the fall
    in "didn't see the step and fell"; a negation denies only the words just after it."""
    found = reading.read_volunteered(text, content, today, describing=True)
    assert found["cause"]["value"] == "fall"
