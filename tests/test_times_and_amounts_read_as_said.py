"""How long the pain has lasted is not how long a sitting or a morning's stiffness lasts, and
an amount said in words is shown in those words (my wording; found trying the forty-first
round's conversations as a visitor)."""

from datetime import date

import pytest

from bot.conversation.messages import answer_rows
from bot.conversation.reading import ASKED, read_volunteered
from bot.engine.content import default_content
from bot.engine.parsing import parse_duration

TODAY = date(2026, 12, 5)


@pytest.fixture(scope="module")
def content():
    return default_content()


@pytest.mark.parametrize(
    "text",
    [
        "My lower back is stiff for ten minutes or so in the mornings, otherwise fine",
        "sat in the middle of the back seat for 5 hours and my neck is sore",
        "the hip loosens up after 20 minutes of pottering about",
        "my shoulders ache after driving for about three hours",
        "stiff for a couple of hours every morning",
    ],
)
def test_the_length_of_a_sitting_or_a_bout_is_not_the_onset(text, content):
    assert parse_duration(text, today=TODAY) is None
    assert "onset" not in read_volunteered(text, content, today=TODAY, describing=True)


@pytest.mark.parametrize(
    "text, days",
    [
        ("my knee has been sore for 2 days after sitting for 3 hours on a train", 2.0),
        ("stiff for the first 20 minutes when I get up, for about 3 weeks now", 21.0),
        ("my back has hurt for 3 hours", 0.0),
        ("the pain in my neck started 2 hours ago", 0.0),
        ("I did a 2 hour gardening session last Saturday and it's been sore for 4 days", 4.0),
    ],
)
def test_the_pains_own_time_is_still_read(text, days):
    assert parse_duration(text, today=TODAY).days == days


@pytest.mark.parametrize("raw", ["not much", "hardly any"])
def test_water_said_in_words_is_quoted_beside_its_number(raw, content):
    answers = {"hydration": {"value": 1.0, "raw": raw, "how": ASKED}}
    (row,) = answer_rows(answers, content)
    assert (row.value, row.words) == ("1", raw)


def test_water_given_as_a_number_is_not_quoted_again(content):
    answers = {"hydration": {"value": 6.0, "raw": "6", "how": ASKED}}
    (row,) = answer_rows(answers, content)
    assert row.words is None
