"""Harmless causes and signs long gone raise nothing (fifty-fifth round).

The round's development sets raised these: a face numb or words slurred after a filling, "thin
bones" read as weight lost, a fever "now completely fine", a fall "I haven't fallen again"
after, "cervical cancer" read as the neck, a question whether massage spreads cancer, an arm
tired from holding a phone, clumsiness "by nature" or from new nails, double vision after
cocktails, a palsy "you'd never know now", a clot with "no probs since", a neighbour's fall with
the visitor booking "my usual", and nonsense typed with fingers that miss the keys. My own
wording, not the development sets'.
"""

import pytest

from bot.engine.assessment import screen_text


@pytest.mark.parametrize(
    "text",
    [
        "Had a filling this morning so half my face is numb, will it have worn off by my 4pm?",
        "my speech is a bit slurred after the dentist jab lol",
        "I've got thin bones so please be gentle with my shoulders",
        "I had a fever last week with a cold, now completely fine",
        "I broke my ankle falling on ice in 2019 and I haven't fallen again since, touch wood",
        "cervical cancer 10 years ago, all clear, just want a relaxing massage",
        "Can massage spread cancer? I don't have it, I just want my back done",
        "my hand went weak holding my phone up in bed, fine a minute later",
        "always been a bit clumsy, I just want my shoulders done",
        "new acrylic nails so I keep dropping things, but it's my neck I want seen to",
        "I was seeing double after all the cocktails on Saturday, ha, but my calves are the"
        " problem",
        "I had Bell's palsy in 2012, my face drooped for weeks, you'd never know now",
        "had a DVT 10 yrs ago, treated, no probs since",
        "my brother fell off a ladder on Friday, poor thing, anyway can I book for my usual",
        "typing gibberish today because my fingers keep hitting the wrong keys, too much coffee",
    ],
    ids=lambda v: v[:40],
)
def test_a_harmless_cause_or_a_sign_long_gone_raises_nothing(text):
    assert screen_text(text) == []


def test_a_person_gone_thin_is_still_weight_lost():
    assert "cancer" in screen_text("I'm 70, new back pain this month and I've got so thin")


@pytest.mark.parametrize(
    "text",
    ["my back has been so bad since Friday", "lower back has been awful since the weekend"],
)
def test_a_back_bad_since_a_day_is_no_emergency(text):
    # content/screen/train_zzu.yml (fifty-fifth round): after train_zzt the layer read the first
    # as cauda equina again (0.90)
    assert "cauda_equina" not in screen_text(text)
