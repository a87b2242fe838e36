"""Red flags told briefly, shyly, for someone else or as a correction (fifty-sixth round).

The round's development sets missed these kinds: a bed wet unnoticed, genitals numb in
everyday words, a headache that "never" happens "but on Tuesday" struck, a question whether
there is "any reason not to" have massage with a sudden headache, a "no" ticked and called
wrong, blood coughed up "a bit", a face that cannot be felt, walking by holding the furniture,
a cardigan that cannot be done up, a grip "failing", back pain worse week by week after 50,
and short messages the semantic layer was sure of for groups it knows well. My own wording.
"""

import pytest

from bot.engine.assessment import screen_text


@pytest.mark.parametrize(
    ("text", "group"),
    [
        (
            "my lower back went on Sunday and I woke up wet this morning without knowing I'd gone",
            "cauda_equina",
        ),
        (
            "sciatica down my leg since the weekend and my willy has gone numb, bit worried",
            "cauda_equina",
        ),
        (
            "strained my back lifting the mower and now the old fella feels numb, is that normal?",
            "cauda_equina",
        ),
        (
            "my husband hurt his back on Friday and since then he's had a wet bed every night",
            "cauda_equina",
        ),
        (
            "I never get headaches but on Saturday at the gym it hit like a hammer, worst pain"
            " I have ever had",
            "thunderclap_headache",
        ),
        (
            "Any reason not to have a massage with a headache that came on in seconds this"
            " morning? Worst one of my life.",
            "thunderclap_headache",
        ),
        (
            "I ticked no to headaches but that's not right, an hour ago I got a sudden splitting"
            " one while lifting boxes",
            "thunderclap_headache",
        ),
        ("sore ribs from coughing and I coughed up some blood last night", "cardiac"),
        ("my mum says she cant feel the left side of her face since lunch", "stroke_or_arterial"),
        (
            "neck's been bad for months, now I'm holding on to the walls to walk and I can't do"
            " up my shirt",
            "myelopathy",
        ),
        (
            "my grip's been failing since the summer, I can barely open a jar now",
            "progressive_weakness",
        ),
        ("I'm 63 and my lower back has ached more every week since October, no injury", "cancer"),
    ],
    ids=lambda v: v[:40],
)
def test_the_sign_is_raised(text, group):
    assert group in screen_text(text)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("left foot dragging more each week, sore back", "progressive_weakness"),
        ("stiff neck, fumbling with zips, balance off lately", "myelopathy"),
    ],
    ids=lambda v: v[:40],
)
def test_a_short_message_the_layer_is_sure_of_raises_a_well_learned_group(text, group):
    assert len(text.split()) < 10
    assert group in screen_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "can't feel my face when I'm with you, that song is stuck in my head, anyway my"
        " calves are tight",
        "I keep falling asleep on the sofa after work, night shifts, my shoulders are tight",
        "can't do up my jeans after Christmas lol, lower back a bit stiff",
        "I'm 61 and my back has been worse since Monday after the gardening",
        "my back was worse for a few weeks after the op in 2015 but it's been fine since",
        "I lost a few pounds after my wisdom teeth came out, eating normally again",
        "I've lost a bit of weight with all the walking at my new job, tight calves",
        "weight went down over the winter but it's creeping back up now, stiff shoulders",
    ],
    ids=lambda v: v[:40],
)
def test_close_words_raise_nothing(text):
    assert screen_text(text) == []


def test_weight_lost_without_trying_counts_however_the_visitor_feels_about_it():
    assert "cancer" in screen_text(
        "I'm 64 and I've lost a stone since summer without trying, quite pleased really, and"
        " my back aches at night"
    )
