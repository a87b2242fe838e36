"""Fifty-first round: knocks on blood thinners, bones out of shape, crisis words, and whose a
sentence is.

Found on `evaluation/screen_emerg51_dev.yml` and `screen_falls51_dev.yml` (written apart by
helpers): blood thinners named as "Sintrom" or "tablets to thin her blood"; a knock told as
"her head touch the door", "gave his head a proper whack", "landed on his head", "knocked her
head back against the wall" (not "banging my head against a brick wall"); "a bit vague" after
a knock; grandparents and aunts called "nai nai" or "tita"; a swelling on thinners "like a
tennis ball" or "getting bigger by the hour"; a forearm "making a curve", knuckles "gone
flat", a toe "swollen and bent", a hip's leg "lying turned outward"; a note written "in case I
go through with it", "I won't be around anymore", a rope "thought about using it"; a boy's
"privates, one side" with vomiting; a child who "don't want to use the arm"; "my bones are
weak" (thin bones, not a weak limb), "smaller in height"; a twist operated on years ago, "all
is good now", raises nothing. Whose: "now the leg ...", "it's now a big swelling", "from
the knee down" and a sentence that names no one go on with the person before; "calf is fine"
denies the calf; a neck MRI found normal sets myelopathy's signs aside to ask about.
Every message here is written for this file.
"""

from __future__ import annotations

import pytest

from bot.engine.assessment import assess, screen_message
from bot.engine.nlp import OTHERS, extract, told_of


def outcome(text: str):
    return assess(messages=[text])


def findings(text: str) -> set[str]:
    return {m.id for m in extract(text) if m.label == "finding" and not m.negated}


@pytest.mark.parametrize(
    ("text", "group"),
    [
        (
            "my nai nai, 86, is on sintrom. this morning her head touch the door frame hard. "
            "she says she is fine, can she still have her foot massage?",
            "head_injury_anticoagulant",
        ),
        (
            "I take tablets to thin my blood. Yesterday I gave my head a proper whack on the "
            "boot of the car. Shoulders need work though",
            "head_injury_anticoagulant",
        ),
        (
            "my tita is on Eliquis and she bumped her head hard on a cupboard door this "
            "morning, she wants her back done today",
            "head_injury_anticoagulant",
        ),
        (
            "On warfarin. My grandson climbed on me and knocked my head back against the wall "
            "this afternoon, just a small lump",
            "head_injury_anticoagulant",
        ),
        (
            "my little girl fell off the climbing frame onto her head this morning, she's been "
            "sick twice and keeps dozing off",
            "thunderclap_headache",
        ),
        (
            "Gran fell in her room last night and hit her head, she's been a bit vague today",
            "thunderclap_headache",
        ),
        (
            "I'm on rivaroxaban, tapped my thigh on the table corner and it swelled up like a "
            "tennis ball within the hour",
            "anticoagulant_bleeding",
        ),
        (
            "on apixaban and my shin has a swelling that's getting bigger by the hour after a "
            "tiny knock",
            "anticoagulant_bleeding",
        ),
        (
            "my nephew came off his scooter, his wrist is making a curve and he won't move it",
            "fracture",
        ),
        (
            "punched the wall last night like an idiot, two of my knuckles have gone flat and "
            "the hand is huge",
            "fracture",
        ),
        (
            "dropped a dumbbell on my foot, the second toe is swollen and bent, can't get my "
            "shoe on",
            "fracture",
        ),
        (
            "Grandad is 84, slipped getting out of the bath, his left leg is lying turned "
            "outward and he can't get up",
            "fracture",
        ),
        (
            "I've put a letter for my sister in the drawer in case I go through with it. My "
            "neck is sore too",
            "suicide_risk",
        ),
        (
            "Please book me a last massage on Monday. After that I won't be around anymore.",
            "suicide_risk",
        ),
        (
            "my brother says there's a rope in his shed and he has thought about using it. "
            "his back is bad, can you see him",
            "suicide_risk",
        ),
        (
            "my son is 13, woke up crying about his privates, on one side, and he's thrown up",
            "testicular_torsion",
        ),
        (
            "I'm 47 and my bones are weak after years of steroid tablets. Bent to pick up the "
            "cat on Sunday and a sharp pain shot through my back that hasn't let up",
            "osteoporotic_fracture",
        ),
        (
            "my nan is 85 and she's got smaller in height, her back bends forward more and "
            "more. can you massage her back?",
            "osteoporotic_fracture",
        ),
    ],
)
def test_a_sign_in_everyday_words_is_raised(text, group):
    assert group in outcome(text).red_flags


@pytest.mark.parametrize(
    "text",
    [
        "work has me banging my head against a brick wall, my shoulders are like rocks",
        "I'm moving abroad next month so I won't be around anymore, one last massage please",
        "a vague ache in my left shoulder blade when I type, nothing else",
        "bought a skipping rope for the garage and I've been using it every morning, calves "
        "are tight",
        "My mum's been on warfarin for years, no falls, no knocks. Her shoulders are tight",
    ],
)
def test_a_look_alike_raises_nothing(text):
    assert outcome(text).red_flags == []


@pytest.mark.parametrize(
    "text", ["My aunt takes pills to thin her blood.", "she's on tablets to make the blood thin"]
)
def test_blood_thinners_in_lay_words_are_read(text):
    assert "anticoagulant" in findings(text)


@pytest.mark.parametrize(
    "text",
    [
        "she doesn't want to use her right arm since the fall",
        "he's holding it with the other hand and won't let us touch it",
    ],
)
def test_an_arm_not_used_after_a_fall_is_a_joint_that_will_not_move(text):
    assert "cannot_move_joint" in findings(text)


def test_bones_that_are_weak_are_thin_bones_not_a_weak_limb(content):
    assert "osteoporosis" in findings("my bones are weak")
    assert not content.mention_filters["weakness"].counts("my bones are weak")


def test_a_past_twist_all_good_now_lapses_for_the_rules(content):
    said = "Four years ago I had an op for a twisted testicle, all is good now."
    assert not content.mention_filters["red_flag.testicular_torsion"].counts(said)


def test_a_twist_operated_on_years_ago_raises_nothing():
    text = "Four years ago I had an op for a twisted testicle, all is good now. Legs please"
    assert outcome(text).red_flags == []


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("my lolo slipped on the stairs last night, now the leg is more short", "deformity"),
        (
            "Auntie is on warfarin and she bumped her arm. It's now a swelling like an egg.",
            "anticoagulant_bleeding_signs",
        ),
        ("Dad says his right leg is swollen and warm from the knee down", "knee"),
    ],
)
def test_words_that_go_on_after_someone_else_are_theirs(text, finding):
    """Words after "now the", "it's now a" or "from" go on with the person before."""
    mentions = [m for m in extract(text) if m.id == finding]
    assert mentions and all(m.told_of_another for m in mentions)


def test_a_sentence_that_names_no_one_goes_on_with_the_person_before():
    text = "My dad is on warfarin. He knocked his head on a beam. Small lump, no headache yet."
    headache = [m for m in extract(text) if m.id == "headache"]
    assert headache and all(m.told_of_another for m in headache)
    assert told_of(text) == OTHERS
    hits, asked = screen_message(text)
    assert "head_injury_anticoagulant" in {hit.group for hit in hits} | set(asked)


def test_a_calf_said_to_be_fine_is_no_calf_sign():
    text = "I went over on my ankle at football, it's puffed up, calf is fine though."
    assert "dvt" not in outcome(text).red_flags


def test_both_hands_tingling_after_a_normal_neck_mri_is_asked_not_raised():
    text = (
        "My son had tingling in both hands, they did an MRI of his neck and nerve tests, all "
        "normal. Hand massage for him?"
    )
    hits, asked = screen_message(text)
    assert "myelopathy" not in {hit.group for hit in hits}
    assert "myelopathy" in asked


@pytest.mark.parametrize(
    "text",
    [
        "my arm went numb and weak for 10 mins this morning, arm is fine now",
        "her speech was slurred at lunch, speech is normal now",
    ],
)
def test_a_part_said_to_be_fine_again_does_not_undo_a_passed_stroke_like_episode(text):
    assert "stroke_or_arterial" in outcome(text).red_flags
