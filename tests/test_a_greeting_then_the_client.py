"""A message that opens with a greeting and the person booked for ("Hiya, for my mum (69).")
books for that person (fifty-fifth round): her signs are hers, not someone else's told of in
passing. Before, "for my mum" after a greeting named no client, so "her back started hurting a
month ago for no reason" at 69 was only asked about. My own wording.
"""

import pytest

from bot.engine.assessment import screen_text


@pytest.mark.parametrize(
    "text",
    [
        "Hiya, for my mum (69). Her back started hurting a month ago for no reason",
        "Hi, for my mum who is 69. Her back started hurting a month ago for no reason",
        "Hello for my dad, he's 72. His lower back began aching out of the blue in March",
    ],
)
def test_the_client_named_after_a_greeting_is_booked_for(text):
    assert "cancer" in screen_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "hi for my back I need a massage, my dad had cancer",
        "Hello, for my husband - he had a stroke years ago and now has a stiff shoulder",
    ],
)
def test_others_past_illness_after_a_greeting_raises_nothing(text):
    assert screen_text(text) == []
