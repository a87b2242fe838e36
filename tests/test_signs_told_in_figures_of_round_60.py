"""Signs told in figures and in other words (sixtieth round).

A weight that falls from one figure to the next, strength measured lower each time, a
temperature given as a number, a breathing rate, hours with no urine; a limb that "is not
listening", a foot dragged, speech that "sounds drunk", a blow taken in the ring, a carer's
"just" that goes on telling of the person named. Not raised: a weight lost after an operation
for it, a lift that went up, a numb seat cured by walking, an arm a rotator cuff tear stopped,
a childhood break "at 8 years old", a kidney stone the visitor drinks water "since". My own
wording throughout.
"""

import pytest

from bot.engine.assessment import screen_text
from bot.engine.parsing import (
    someones_age,
    stated_fast_breathing,
    stated_fever,
    stated_no_urine,
    stated_strength_loss,
    stated_weight_loss,
)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        (
            "Scales said 91kg at Easter, 85 in June and 80 this morning. I eat like a horse."
            " Lower back niggles.",
            "cancer",
        ),
        ("I was 15 stone last winter and I'm 13 and a half now, no idea why", "cancer"),
        (
            "my partner keeps telling me my shirts are hanging off me, and my ribs ache at night",
            "cancer",
        ),
        (
            "leg press on my right was 60kg a month ago, now I can barely push 35. Left is the"
            " same as ever. Hip a bit sore",
            "progressive_weakness",
        ),
        (
            "the hand therapist measured my grip at 34, then 27, then 19 over the last three"
            " appointments",
            "progressive_weakness",
        ),
        (
            "my right arm isn't listening to me properly, and every week a little more so",
            "progressive_weakness",
        ),
        (
            "temp 39.6 tonight, shivering under two duvets, and my lower back is in bits",
            "infection",
        ),
        (
            "Dad hasn't passed any urine for 15 hours, he's burning up and muddled. Booking"
            " for him next week",
            "sepsis",
        ),
        (
            "feverish since yesterday and I'm breathing about 32 times a minute, can't think"
            " straight",
            "sepsis",
        ),
        (
            "Kickboxing last night, I took a hard kick to the head. Sick twice since and I"
            " can't keep my eyes open",
            "thunderclap_headache",
        ),
        (
            "My dad (66) woke with his right hand weak and his grip's gone, and he sounds"
            " like he's drunk when he speaks",
            "stroke_or_arterial",
        ),
        (
            "Writing on behalf of my husband. Since Sunday his speech is slow and he's been"
            " dragging his left foot.",
            "stroke_or_arterial",
        ),
        (
            "My nan, 88, brittle bones, just bent to stroke the cat and now has awful back pain"
            " that came on right then. Do you do home visits for massage?",
            "fracture",
        ),
        (
            "bent down to lift my toddler into the car seat, back went, and now I keep going"
            " to the loo and hardly anything comes out",
            "cauda_equina",
        ),
        (
            "Mi auntie pon di blood thinna and she drop dung pon di step last night, her"
            " wrist swell up",
            "anticoagulant_bleeding",
        ),
        (
            "My father is 77, for a month he is very stiff in the two shoulders in the morning"
            " more than one hour",
            "polymyalgia",
        ),
    ],
)
def test_raised(text: str, group: str) -> None:
    assert group in screen_text(text)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        (
            "Had a gastric bypass in spring and dropped a lot of weight as planned, my hips"
            " feel odd now",
            "cancer",
        ),
        ("I was 70kg in January and 76 now thanks to the gym, shoulders tight", "cancer"),
        (
            "my squat went from 80kg to 100kg this year, legs feel heavy after sessions",
            "progressive_weakness",
        ),
        (
            "numb backside after sitting on a hard pew through a long christening, fine once I"
            " stood up",
            "cauda_equina",
        ),
        (
            "rotator cuff tear in spring, couldn't lift my arm above my head, now almost back"
            " to full reach",
            "stroke_or_arterial",
        ),
        (
            "Broke my wrist falling off a swing at 8 years old, that's all. Now 41 and after"
            " a sports massage",
            "fracture",
        ),
        (
            "I drink lots of water since I had a kidney stone about 8 years ago, never had another",
            "kidney",
        ),
        (
            "it was 39 degrees outside on holiday and I felt rotten, shoulders burnt",
            "infection",
        ),
        (
            "how would you handle it if someone came in with a numb bum and back pain? just"
            " wondering, I'm a sports therapy student",
            "cauda_equina",
        ),
        (
            "my husband went from 95kg to 84kg after giving up beer, my neck is the problem",
            "cancer",
        ),
    ],
)
def test_not_raised(text: str, group: str) -> None:
    assert group not in screen_text(text)


def test_weight_loss_in_figures() -> None:
    assert stated_weight_loss("82kg in May, 74 today")
    assert stated_weight_loss("13 st down to 11 st")
    assert stated_weight_loss("went from 60kg to 70kg") is None
    assert stated_weight_loss("I weigh 95kg and did 80 squats") is None
    assert stated_weight_loss("went from 16kg dumbbells to 8kg") is None  # not a body weight


def test_strength_loss_in_figures() -> None:
    assert stated_strength_loss("my grip went from 40 to 28 to 22")
    assert stated_strength_loss("ankle strength 4 out of 5 last month, this week 3")
    assert stated_strength_loss("my grip went from 20 to 35 after physio") is None
    assert stated_strength_loss("I do 20 squats with 10kg") is None  # no change told
    assert stated_strength_loss("was lifting 100kg, then did 80 reps") is None  # a count


def test_fever_breathing_and_urine_in_figures() -> None:
    assert stated_fever("40.1 temp and shaking")
    assert stated_fever("my temperature hit 101.3")
    assert stated_fever("temp 37.2, feel rough") is None
    assert stated_fever("38 degrees outside and my temp is fine") is None
    assert stated_fast_breathing("breathing like 30 times a minute")
    assert stated_fast_breathing("breathing 16 times a minute") is None
    assert stated_fast_breathing("I did 30 breaths of box breathing") is None
    assert stated_no_urine("not peed in 18 hours")
    assert stated_no_urine("haven't had a wee for 14 hrs")
    assert stated_no_urine("not peed for 3 hours") is None


def test_someone_with_an_age() -> None:
    assert someones_age("can you do a massage for someone whos 70") == 70
    assert someones_age("booking for somebody who is 83") == 83
