"""A sign of the person booked for is heard as theirs (forty-first round).

The semantic layer marks the words another person's cue reaches ("his", "my husband"), and
most of the training text's other people's signs are benign ("my dad had a stroke years ago").
So in a message that books for someone else, "his left arm and leg are numb" scored 0.01 for a
stroke, raising nothing, while "my left arm and leg are numb" scored 0.99. A message of a
client is now read again as the client's where the usual reading is sure of nothing. My own
wording.
"""

import pytest

from bot.engine import assessment, semantic
from bot.engine.assessment import screen_text
from bot.engine.content import default_content


@pytest.fixture(scope="module")
def content():
    return default_content()


@pytest.mark.parametrize(
    "text, group",
    [
        (
            "booking for my wife - she woke up with her right arm and right leg gone numb and"
            " she's dragging that foot. can she come in today?",
            "stroke_or_arterial",
        ),
        (
            "Could you fit my brother in? Since lunch he's been knocking into things on his left"
            " and his left leg drags, and he keeps dropping his cup from his left hand.",
            "stroke_or_arterial",
        ),
        (
            "I'd like to book my father-in-law. He can't do his shirt buttons any more, his legs"
            " feel stiff and he's begun holding on to the furniture to walk. Neck massage, please.",
            "myelopathy",
        ),
    ],
)
def test_a_clients_sign_is_raised(content, text, group):
    assert group in screen_text(text, content)


@pytest.mark.parametrize(
    "text",
    [
        "Booking my husband for his stiff neck. His dad had a stroke years ago, he's fine himself.",
        "I'd like to book my daughter for her tight calves from netball, nothing else wrong.",
    ],
)
def test_a_clients_message_with_no_sign_raises_nothing(content, text):
    assert screen_text(text, content) == []


def test_the_clients_reading_marks_no_other_persons_words():
    marker = semantic.lexicon_marker()
    assert "oth_arm" in marker("his arm is numb").split()
    assert "oth_arm" not in marker.without_others()("his arm is numb").split()
    # negations still mark their words
    assert "neg_numb" in marker.without_others()("his arm is not numb").split()


def test_a_client_is_read_again_only_where_the_usual_reading_is_sure_of_nothing():
    text = "my husband woke up and his left arm and leg are numb, he's dragging his foot"
    usual = semantic.concept_hits(text, frozenset())
    as_theirs = semantic.concept_hits(text, frozenset(), of_a_client=True)
    assert not any(hit.confident for hit in usual)
    assert any(hit.group == "stroke_or_arterial" and hit.confident for hit in as_theirs)
    assert assessment._heard_in(text, frozenset(), True) == as_theirs
    assert assessment._heard_in(text, frozenset(), False) == usual


def test_a_sure_usual_reading_is_kept():
    text = "booking for my husband: his speech is slurred and his face droops on one side"
    usual = semantic.concept_hits(text, frozenset())
    assert any(hit.confident for hit in usual)
    assert assessment._heard_in(text, frozenset(), True) == usual


def test_the_stroke_advice_names_a_numb_or_weak_side(content):
    # tried as a visitor: the husband's one-sided numbness was raised, and the explanation
    # quoting it listed a face, an arm, speech and sight, but not one side of the body
    message = content.red_flags.groups["stroke_or_arterial"].message
    assert "numbness or weakness down one side of your body" in message
