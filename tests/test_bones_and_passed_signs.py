"""Stress fractures, signs told in other words, an emergency that has passed, and signs that
are nobody's (issue 11, thirty-third round), in my own wording.

- Pain on one spot of a bone, as after more running or marching (lexicon `bone_spot_pain`,
  red_flags.yml fracture: a stress fracture until imaging says not); a collarbone with a
  bump sticking up after a fall (`deformity`); "slipped in bathroom" with no "the" (`fall`)
  and "bone weakness" (`osteoporosis`).
- "an elephant sat on me" (cardiac); an old chest ache back "when I do the stairs"
  (`exertional_pain`, exertional_angina); "both his legs have got weaker" and "an accident in
  his pants" (`bilateral_leg_symptoms`, `bladder_problem`: cauda equina); "like being torn"
  (`tearing_pain`: aortic).
- A sign the semantic layer hears in words that also name a gone sign of the group ("tension
  headaches ... I look fine now") is not contradicted by it for an emergency group
  (assessment.py `contradicted`): a passed emergency is still one.
- What a physio said to watch out for, a sign said of anyone "if you have" it, and a
  mini-stroke "fifteen years ago" raise nothing (lexicon `hypothetical_before`, `time.past`);
  a sign after picking up the cat is still the client's (a pet is no other-person cue).
  A sign of now told after that advice or that general "if" is still raised.
"""

import pytest

from bot.engine.assessment import screen_text
from bot.engine.rules import MentionFilter


@pytest.mark.parametrize(
    "text, group",
    [
        (
            "Been upping my mileage for a half. Now there's a spot on my shin bone that's sore to "
            "press and it aches in bed",
            "fracture",
        ),
        (
            "after the army boot camp weeks my foot hurts at one point on the bone, even sitting",
            "fracture",
        ),
        (
            "The bone itself is tender on the top of my foot since I started running daily",
            "fracture",
        ),
        (
            "My girl fell off the climbing frame, her collarbone has a lump poking up and she "
            "won't move that arm. Can we come in?",
            "fracture",
        ),
        (
            "Booking for my nana, she's 84, she slipped in kitchen two days ago and her back is "
            "bad since. She has bone weakness",
            "fracture",
        ),
        ("feels like an elephant sat on me, about half an hour now", "cardiac"),
        (
            "had a stent in 2020 and the chest ache is back whenever I do the stairs",
            "exertional_angina",
        ),
        (
            "booking for my partner, bad disc, both his legs have got weaker this week and he "
            "had an accident in his trousers",
            "cauda_equina",
        ),
        (
            "my dad, 70, sudden pain through his back and belly tonight, he says it's like being "
            "ripped",
            "aortic",
        ),
    ],
)
def test_a_sign_told_in_these_words_raises_its_group(text, group):
    assert group in screen_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "My physio said to watch out for saddle numbness with my disc. I haven't had it, just a "
        "sore buttock",
        "I read that a massage can shift a clot if you have DVT, is that true? My legs are fine",
        "I had a mini-stroke about fifteen years ago, fully recovered, no problems since. Tight "
        "calves from hiking",
        "My shin aches after football, there's a tender spot in the muscle that eases with rolling",
    ],
)
def test_these_raise_nothing(text):
    assert screen_text(text) == []


def test_a_sign_after_picking_up_the_cat_is_still_the_clients():
    # a pet is not a person whose signs are someone else's: "the cat" as an other-person cue
    # made the click in her back the cat's (tried and dropped, thirty-third round)
    text = (
        "My mum has been on steroids for her asthma for years. She bent to pick up the cat "
        "and felt a click in her back, now she can hardly move."
    )
    assert "fracture" in screen_text(text)


def test_a_gone_sign_lapses_unless_told_not_to():
    only = MentionFilter(lapses=True, gone=("fine now",), back=("again",))
    assert not only.counts("a tension headache this afternoon, fine now")
    assert only.counts("a tension headache this afternoon, fine now", gone=False)


def test_an_emergency_heard_beside_a_gone_sign_of_its_group_is_still_raised():
    text = (
        "I'd like a massage for tension headaches. This morning I suddenly couldn't see the "
        "right half of anything and walked into the door frame, my husband says I look fine now"
    )
    assert "stroke_or_arterial" in screen_text(text)


@pytest.mark.parametrize(
    "text, group",
    [
        (
            "My physio told me to watch out for numbness down there. Since this morning my "
            "saddle area is numb and I can't feel when I pee",
            "cauda_equina",
        ),
        (
            "my physio said watch out for bladder trouble with my disc, and now I can't pee "
            "since yesterday",
            "cauda_equina",
        ),
        (
            "I read that if you have a clot the calf gets hot. My calf is hot, red and swollen "
            "since my flight",
            "dvt",
        ),
    ],
)
def test_a_sign_of_now_after_advice_or_a_general_if_is_still_raised(text, group):
    assert group in screen_text(text)
