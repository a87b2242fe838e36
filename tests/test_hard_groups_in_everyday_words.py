"""Fiftieth round: the groups the held-out split hears least, told in everyday words.

Found on `evaluation/screen_weak50_dev.yml` and `screen_answers50_dev.yml` (written apart by
helpers): a sudden headache told in second-language English ("I never have headache like
this", "a pain in the head like explosion"); legs that get "weaker and weaker" or give way
"more and more" (both legs, worse over days: cauda equina and progressive weakness); a bone
that hurts "in one place" or has a tender bump on it; a hip broken in a fall told as "the leg
is more short"; a grandparent called "lola" or "oma"; a relative's past cancer with pain in a
bone now; "I thought a massage therapist could check it" is no visitor's own booking; "it's
my lower back that needs a massage" is. And the look-alikes that stay quiet: an old headache
"sorted since", a figure of speech, a sprain walked home on, weight lost walking to work, a
calf that has always been bigger, strength tested and normal, an aneurysm repaired years ago.
A fever with "her neck is also stiff" or "cannot bend neck forward" and a "bad head" names
meningitis (sepsis) beside the dangerous headache.
Every message here is written for this file.
"""

from __future__ import annotations

import pytest

from bot.engine.assessment import assess


def outcome(text: str):
    return assess(messages=[text])


@pytest.mark.parametrize(
    ("text", "group"),
    [
        (
            "at the gym pushing a heavy sled, then bang, I never have headache like this, "
            "I was sick twice",
            "thunderclap_headache",
        ),
        (
            "while lifting my son came a pain in my head like an explosion, now neck hurt",
            "thunderclap_headache",
        ),
        (
            "my brother's legs keep giving way more and more this week, he fell on the stairs",
            "cauda_equina",
        ),
        (
            "my brother's legs keep giving way more and more this week, he fell on the stairs",
            "progressive_weakness",
        ),
        (
            "my son's legs have been getting weaker and weaker all week, both of them",
            "cauda_equina",
        ),
        (
            "My daughter came off the trampoline, 7 years old. There's a bend in her wrist "
            "that wasn't there this morning. I thought a massage therapist could look first",
            "fracture",
        ),
        (
            "my oma is 84, she slip on the wet floor, the leg is more short now and turn to "
            "the outside, she cries when we move it",
            "fracture",
        ),
        (
            "my wife's breastbone hurts in one place when she presses it since the car hit us",
            "fracture",
        ),
        (
            "running 50k a week, there's a tender bump on the bone of my shin now",
            "fracture",
        ),
        (
            "My uncle had his kidney out for cancer a few years back. Now he has a pain in his "
            "upper arm bone that throbs at night. He blames his rotator cuff.",
            "cancer",
        ),
    ],
)
def test_a_hard_groups_sign_in_everyday_words_is_raised(text, group):
    assert group in outcome(text).red_flags


@pytest.mark.parametrize(
    "text",
    [
        "Twelve years ago I had a sudden awful headache, got scanned, all been sorted since. "
        "Now just a tight neck from driving",
        "Saw a programme about thunderclap headaches and now I'm nervous haha. My head is fine, "
        "it's my upper back that needs a massage",
        "my calves are having a heart attack lol after that spin class",
        "twisted my ankle on a kerb, sore but I walked home fine, no swelling",
        "lost a few kilos since I started cycling to work, hips are tight",
        "my right calf is a bit bigger than the left, always been that way, I'm right footed",
        "my grip has felt weaker since my elbow strain, the hand therapist tested my strength "
        "and it is normal",
        "My grandma had an aneurysm in her belly repaired ages ago. I'm 30, my shoulders are tight",
    ],
)
def test_a_look_alike_raises_nothing(text):
    assert outcome(text).red_flags == []


def test_legs_that_ache_more_and_more_are_no_weakness():
    assert "cauda_equina" not in outcome("my legs ache more and more after long shifts").red_flags


@pytest.mark.parametrize(
    "text",
    [
        "my flatmate's burning up, her neck is also stiff and she says her head is pounding",
        "my brother has a fever and a bad head, he cannot bend neck forward",
    ],
)
def test_a_fever_with_a_stiff_neck_and_a_headache_in_other_words_names_meningitis(text):
    # the dangerous headache was raised by the same words before; now meningitis is named too
    assert {"thunderclap_headache", "sepsis"} <= set(outcome(text).red_flags)


def test_a_stiff_neck_and_a_bad_head_without_a_fever_raise_nothing():
    assert outcome("neck is also stiff after the long drive, bad head today too").red_flags == []


def test_toes_gone_fizzy_in_a_relatives_cast_are_theirs():
    # "her toes": the body part the sign opens with is hers, with her cast
    result = outcome("my son's arm went in plaster on Tuesday and now his fingers feel all fizzy")
    assert "compartment_syndrome" in result.red_flags


def test_a_check_of_one_thing_is_not_care_for_everything():
    result = outcome(
        "My cousin came off his motorbike on Sunday, he only got checked for his wrist. Now his "
        "shin hurts in one spot when he presses it."
    )
    assert "fracture" in result.red_flags
