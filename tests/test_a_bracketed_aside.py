"""A bracketed aside belongs to what came before it (fifty-sixth round).

"(better now)" after another illness does not say the sign told after it has gone: "in hospital
with pneumonia (better now) my left calf has come up swollen" is a clot's sign now. An aside
after the sign still tells of it. My own wording.
"""

import pytest

from bot.engine.assessment import screen_text
from bot.engine.nlp import extract


@pytest.mark.parametrize(
    "text",
    [
        "Was in hospital a week with a chest infection (all better now) and my right calf has"
        " gone swollen, hot and red",
        "Back's sore. (Had sciatica in 2010, gone now) My left calf is hot and swollen since"
        " the flight",
    ],
    ids=lambda v: v[:40],
)
def test_an_aside_before_the_sign_does_not_lapse_it(text):
    assert "dvt" in screen_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "I had a fever (gone now) and my back aches",
        "I broke my wrist falling off a ladder (healed years ago, no problems since)",
    ],
    ids=lambda v: v[:40],
)
def test_an_aside_after_the_sign_still_tells_of_it(text):
    assert screen_text(text) == []


def test_the_visitor_is_quoted_in_full_and_the_filters_read_the_sign_alone():
    mention = next(
        m
        for m in extract("Off work with flu (better now) my left calf has come up swollen")
        if m.label == "finding" and m.id == "swelling"
    )
    assert "(better now)" in mention.sentence
    assert "(better now)" not in mention.said_in
    assert mention.said_in.endswith("my left calf has come up swollen")
