"""Cauda equina told shyly, and signs of the head in everyday words (issue 11, fifty-fourth
round, found on cauda54 and headstroke54): a bladder that no longer says it is full, a wee that
would not come, accidents at night, bowels hard to hold, a client soiling himself, sciatica
"now both"; a head "that's throbbing" with a "super stiff" neck and a fever; heads bumped then
sick and drowsy; a TIA the visitor thinks they had. Guards: a numb bottom after a ride or a
meeting that passed, stress incontinence, a TIA years ago. Wording our own."""

from __future__ import annotations

import pytest

from bot.engine.assessment import screen_text


@pytest.mark.parametrize(
    "text, group",
    [
        (
            "my back's been bad and honestly I don't get the need to go feeling any more",
            "cauda_equina",
        ),
        ("disc flare this week, bladder is odd, hard to tell when it's full now", "cauda_equina"),
        ("since the back went I get up in the night and not much comes out", "cauda_equina"),
        (
            "lower back agony since Monday, went to wee and couldn't, it's been hours",
            "cauda_equina",
        ),
        ("bad back and I've been having accidents at night this week", "cauda_equina"),
        ("back pain plus some trouble holding my bowels since yesterday", "cauda_equina"),
        ("my grandad's back is bad and now he's started to soil himself", "cauda_equina"),
        ("sciatica was in my left leg, now both, since the weekend", "cauda_equina"),
        ("fever of 39, a head that's throbbing and my neck is super stiff", "thunderclap_headache"),
        (
            "my son bumped heads with a friend at rugby, he's been sick twice and is very sleepy",
            "thunderclap_headache",
        ),
        (
            "I think I had a TIA a fortnight ago, my hand went useless and I couldn't speak for a "
            "bit",
            "stroke_or_arterial",
        ),
    ],
)
def test_raised(text, group):
    assert group in screen_text(text)


@pytest.mark.parametrize(
    "text, group",
    [
        ("my backside went numb on a 5 hour coach trip, fine once I walked about", "cauda_equina"),
        (
            "numb bum after a long meeting, gone in a minute, can I book a back massage",
            "cauda_equina",
        ),
        (
            "I have stress incontinence since my second baby, is pelvic massage a thing?",
            "cauda_equina",
        ),
        (
            "I had a TIA in 2014, fully checked, nothing since, want a relaxing massage",
            "stroke_or_arterial",
        ),
    ],
)
def test_not_raised(text, group):
    assert group not in screen_text(text)
