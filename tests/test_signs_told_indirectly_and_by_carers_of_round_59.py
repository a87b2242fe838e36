"""Signs told indirectly, by carers and in second-language English, and history told in other
words (fifty-ninth round).

A joint told warm with its swelling, a fall told in the present ("he fall from the step"), a
leg that looks shorter after sliding out of bed, both shoulders stiff for an hour every morning
after fifty, sudden tummy-and-back pain with dizziness at seventy, weight loss told by a ring
or the scales, a lump that grew from a pea to a grape, a foot that drags worse than last month.
Not raised: a fall in a dream, a fall three winters back, a leg dead from kneeling that came
right, a condition long over with "no stiffness
now". My own wording throughout.
"""

import pytest

from bot.engine.assessment import screen_text
from bot.engine.nlp import extract
from bot.engine.parsing import named_age


def _ids(text: str) -> set[str]:
    return {m.id for m in extract(text) if not m.negated}


@pytest.mark.parametrize(
    ("text", "group"),
    [
        (
            "my knee blew up like a balloon overnight, it's red, warm and I can't bear the"
            " duvet on it",
            "septic_joint",
        ),
        (
            "had a cortisone jab in my shoulder last week, now it's swollen and warm and agony",
            "septic_joint",
        ),
        (
            "My grandfather is 82, he fall from the step yesterday and his hip is very painful."
            " Massage is possible?",
            "fracture",
        ),
        (
            "I look after a lady of 91. She slid out of bed last night and now her right leg"
            " looks a bit shorter than the left",
            "fracture",
        ),
        (
            "Asking for my father, 79. He bent down to pick the post up and his back went, he has"
            " osteoporosis.",
            "osteoporotic_fracture",
        ),
        (
            "I'm 68, both my shoulders have been so stiff each morning lately, it takes over an"
            " hour until my arms will lift",
            "polymyalgia",
        ),
        (
            "I'm 72, I got a sudden pain in my belly and my back an hour ago and I feel dizzy",
            "aortic",
        ),
        (
            "my wedding ring keeps sliding off and my trousers hang off me, not dieting at all",
            "cancer",
        ),
        ("the scales say 8 kg less than at Easter and I haven't changed a thing", "cancer"),
        (
            "the bump on my neck was pea-sized in June and is now the size of a grape",
            "cancer",
        ),
        ("my right foot drags, and it's worse than last month", "progressive_weakness"),
        (
            "a raging temperature and a banging head, and his neck, which is stiff",
            "thunderclap_headache",
        ),
        (
            "felt like being kicked in the head, out of nowhere, watching telly",
            "thunderclap_headache",
        ),
        (
            "need to pee all the time and it stings, the ache is in my kidney area, temp is high",
            "kidney",
        ),
        (
            "My mum is 80. Since last week she has a pain in head at the side near the eye and"
            " her jaw aches when she chews meat. Can you do massage of face?",
            "giant_cell_arteritis",
        ),
    ],
    ids=lambda v: v[:40],
)
def test_a_sign_told_indirectly_is_raised(text, group):
    assert group in screen_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Broke my wrist on the ice three winters back, all healed. I'm 70, just want a relaxing"
        " massage",
        "My leg went dead from kneeling in the garden, came right after a few minutes",
        "I fell off a cliff in a dream and woke up with a start. Shoulders tight",
        "What happens if one of your clients has a fall on the way in? My mum is 88",
        "I'm 63, had polymyalgia in 2018, off the steroids since 2020, no stiffness now",
        "had sepsis years ago after an operation, completely fit now, back in the gym",
        "lost a bit of weight since I started nights and forgot to eat, I know why",
        "Had a DVT in my calf. That was ten years ago and I've had no problems since.",
    ],
    ids=lambda v: v[:40],
)
def test_words_of_the_past_or_of_another_raise_nothing(text):
    assert screen_text(text) == []


def test_a_time_joined_by_and_still_needs_words_of_life_gone_on():
    text = "My left calf is swollen and hot. That was 5 years ago and now it's back"
    assert "dvt" in screen_text(text)


def test_a_sudden_sign_after_a_birth_is_the_mothers():
    text = "I had my baby 3 weeks ago and suddenly this evening I'm breathless"
    sudden = [m for m in extract(text) if m.id == "sudden_onset"]
    assert sudden and not any(m.other_person for m in sudden)


def test_a_place_of_the_visitors_does_not_make_anothers_sign_theirs():
    text = "A customer at my work collapsed with a sudden awful headache"
    found = [m for m in extract(text) if m.id == "sudden_severe_headache"]
    assert found and all(m.told_of_another for m in found)


def test_a_body_word_after_her_is_hers():
    bones = [m for m in extract("The doctor said her bones are weak.") if m.id == "osteoporosis"]
    assert bones and all(m.other_person for m in bones)


def test_a_banging_head_is_a_headache_not_a_knock():
    ids = _ids("she's got a banging head and a temperature")
    assert "headache" in ids and "head_injury" not in ids


@pytest.mark.parametrize(
    ("text", "age"),
    [("I care for a gentleman of 93, he slid off his chair", 93), ("my wife of 30 years", None)],
)
def test_the_age_of_a_person_told_with_of(text, age):
    person = "gentleman" if "gentleman" in text else "wife"
    assert named_age(text, person) == age
