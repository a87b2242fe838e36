"""Possible broken bones told in lay words (issue 11, thirty-eighth round), in my own wording.

The clinical decision rules' signs as visitors tell them: not able to take a few steps (Ottawa
ankle rule), tenderness on the bone itself, a wrist bent like the back of a fork, a child who
will not use an arm after a fall, a fall off a bike or out of a bunk, an ankle gone over; and the
people around them: "my partner's mum" booked in is the mum, "me mam" is "my mam", Scots words.
What stays benign: a sprain that takes weight and gets better, an old break long healed.
"""

import pytest

from bot.engine.assessment import assess, screen_text
from bot.engine.nlp import extract
from bot.engine.spelling import correct


@pytest.mark.parametrize(
    "text",
    [
        "went over on my ankle on the hockey pitch, couldn't walk off and the bone on the outside "
        "is really tender",
        "twisted my foot on a kerb last night and I can't manage more than a few steps",
        "the bony lump on my foot is so tender after a tackle",
        "booking for my daughter, 4: she fell off the trampoline and hasn't used her left arm "
        "since, she cries if we touch it",
        "he fell out of the climbing frame and his wrist looks bendy in the middle",
        "slipped on the stairs, wrist has a strange bend like the back of a fork and it's fat",
        "I'm 72 and came off my bike onto my side, my neck is sore and I can't move it",
        "runner, doubled my miles, there's a spot on my shin I can point to with one finger "
        "and it's right on the bone",
    ],
)
def test_a_possible_break_in_lay_words_is_raised(text):
    assert "fracture" in screen_text(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "rolled my ankle a week ago, walked on it straight away and it's better every day",
            marks=pytest.mark.xfail(reason="the semantic layer hears a fracture in it (0.7)"),
        ),
        "broke my wrist in 2009, healed perfectly, just want my shoulders done",
        "my bones click when I stretch in the morning, nothing hurts",
    ],
)
def test_what_stays_benign(text):
    assert screen_text(text) == []


def test_a_relatives_relative_booked_in_is_the_client():
    text = (
        "My husband's gran is 88 and had a fall in the kitchen on Monday, she holds her side "
        "and winces. She's asked me to book her in for a back rub"
    )
    outcome = assess(messages=[text])
    assert "fracture" in outcome.red_flags
    assert not any(hit.someone_else for hit in outcome.hits)
    falls = [m for m in extract(text, clients=frozenset({"gran"})) if m.id == "fall"]
    assert falls and all(m.affirmed for m in falls)


@pytest.mark.parametrize(
    "typed, read",
    [
        ("he fell aff the wall", "he fell off the wall"),
        ("she's haudin her wrist an greetin", "she's holding her wrist an crying"),
    ],
)
def test_scots_words_of_a_fall(typed, read):
    assert correct(typed).text == read
