"""Red flags told late in a chat, in passing or beside an idiom (issue 11, fifty-fourth round):
an age said as "me 70 years", a height told after the time of a fall, a car written off, a
headache "not my usual one", a testicle's pain "on the left side of", a replaced joint in
second-language English, a life not worth going on with, a head "nutted" on a cupboard on
blood thinners, a fever with words that will not come, weight down without trying, back pain
"not from anything" after fifty. Each with its guard. Wording our own, not the development
sets'."""

from __future__ import annotations

import pytest

from bot.engine.assessment import screen_text
from bot.engine.parsing import stated_age


@pytest.mark.parametrize(
    "text, age",
    [
        ("me 68 years. I fall on the ice on Monday", 68),
        ("me 77, my hip hurts since the weekend", 77),
        ("at 63 I've got this ache in my lower back", 63),
        ("at 58, I'm finding the stairs harder", 58),
    ],
)
def test_an_age_said_plainly(text, age):
    assert stated_age(text) == age


@pytest.mark.parametrize(
    "text",
    ["call me 20 minutes before", "give me 15, I'm on the phone", "at 30 weeks I'm tired"],
)
def test_no_age_in_numbers_of_other_things(text):
    assert stated_age(text) is None


@pytest.mark.parametrize(
    "text, group",
    [
        ("me 74 years. I fall in the garden on Sunday, on my hip. Pain since.", "fracture"),
        (
            "forgot to say, I came off a climbing wall in May, about 5 metres, hips hurt since",
            "fracture",
        ),
        (
            "it was a 3m drop from the hayloft onto concrete, my back has ached ever since",
            "fracture",
        ),
        (
            "oh and it began when I fell through the ceiling of the garage, the back is sore",
            "fracture",
        ),
        ("the neck pain started with the crash on Friday, the car was written off", "fracture"),
        ("my back has hurt since a van shunted me at the lights, he was doing 40", "fracture"),
        (
            "not my usual migraine, this one hit like a hammer in a second, two days ago",
            "thunderclap_headache",
        ),
        ("woke with awful pain on the left side of my scrotum, feel sick", "testicular_torsion"),
        ("My knee which they changed in 2019 is very hot now and I have a fever", "septic_joint"),
        (
            "since my divorce I can't see the point in going on, just want to feel something",
            "suicide_risk",
        ),
        (
            "I nutted the bathroom cabinet this morning and I take apixaban, big lump now",
            "head_injury_anticoagulant",
        ),
        (
            "fever since yesterday, I can't string a sentence together and I'm breathing so fast",
            "sepsis",
        ),
        ("my weight keeps dropping and I'm not trying, my back aches too", "cancer"),
        ("I'm 66. The low back pain is not from anything, it came on a month ago", "cancer"),
        # cancer misses on the older development sets
        (
            "I'm 64, never had a dodgy back in my life, and for five weeks it has ached low down",
            "cancer",
        ),
        (
            "I'm 71 and I feel rough in myself, my lower back hurts, which it never used to",
            "cancer",
        ),
        ("the ache wakes me every night and nothing eases it, whatever I try", "cancer"),
        ("Just turned 58 and my lower back has ached for a month, no lifting, no fall", "cancer"),
        # found on hedge54 and kin54
        ("stiff neck for weeks and I've dropped four cups since Sunday", "myelopathy"),
        ("sore neck, and lately I can't write my name properly, it wobbles", "myelopathy"),
    ],
)
def test_raised(text, group):
    assert group in screen_text(text)


@pytest.mark.parametrize(
    "text, group",
    [
        ("our car got written off in the car park, nobody was in it, just stressful", "fracture"),
        ("I broke my back (not literally) hauling logs all weekend, just sore", "fracture"),
        ("the weight just dropped off me while breastfeeding, back is stiff from feeds", "cancer"),
        (
            "I'm 34 and my lower back pain is not from anything I can think of, maybe my chair",
            "cancer",
        ),
        ("I did 40 lunges at the gym and crashed on the sofa after, thighs are sore", "fracture"),
        ("dropped a plate last night, I was shattered, shoulders tight", "myelopathy"),
        ("I'm 45 and never had a bad back till I moved house last week", "cancer"),
        ("lost 5kg since I started training for a marathon, calves are sore", "cancer"),
        ("lost weight doing weight watchers, happy about it, tight hips", "cancer"),
        (
            "on that TV show a guy had a ripping pain through to his back, anyway my shoulders "
            "are tight",
            "aortic",
        ),
    ],
)
def test_not_raised(text, group):
    assert group not in screen_text(text)
