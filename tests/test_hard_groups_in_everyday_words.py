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
        ("both legs getting weaker n weaker since the weekend, lower back sore", "cauda_equina"),
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
            "hit the steering wheel in a crash on Friday, my breastbone hurts in one spot "
            "when I press it",
            "fracture",
        ),
        (
            "running 50k a week, there's a tender bump on the bone of my shin now",
            "fracture",
        ),
        (
            "My aunt had a lung cancer operation some years ago. These days her thigh bone "
            "aches at night and she limps",
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
        "my grip felt weak after tennis elbow but the physio tested my grip strength and it "
        "was normal",
        "My grandma had an aneurysm in her belly repaired ages ago. I'm 30, my shoulders are tight",
    ],
)
def test_a_look_alike_raises_nothing(text):
    assert outcome(text).red_flags == []


def test_legs_that_ache_more_and_more_are_no_weakness():
    assert "cauda_equina" not in outcome("my legs ache more and more after long shifts").red_flags
