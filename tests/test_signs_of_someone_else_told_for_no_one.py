"""Forty-ninth round: signs of someone else's, told in a conversation that is for no one.

A message that tells only of someone else's body (assessment.py `only_of_others`) used to
have its non-emergency signs asked about, never raised; they are now raised as theirs when
told now, or, with no word of when, in the present or with no verb of the past
(`others_signs_now`, `told_now`), with the age told of them, and never for a pet
(`_of_a_person`). Also:
a denial that a sign's own words begin with ("n't walked since") no longer denies it; "he
hasn't" is a denial, not the cue "he has"; a clause "but the ..." goes on with the person
before it; a bruise "that came up on its own"; words that only name a place do not keep a
cleared sign raised. Every message here is written for this file.
"""

from __future__ import annotations

import pytest

from bot.engine.assessment import assess
from bot.engine.nlp import extract


def outcome(text: str):
    return assess(messages=[text])


@pytest.mark.parametrize(
    ("text", "group"),
    [
        # no word of when: not long ago, so now
        ("grandpa took a tumble, wrist all bent and puffy", "fracture"),
        ("husband on rivaroxaban, huge bruise just appeared on his calf", "anticoagulant_bleeding"),
        (
            "my mum takes apixaban and there's a big bruise on her hip that came up on its own",
            "anticoagulant_bleeding",
        ),
        (
            "My father takes rivaroxaban. He tripped over the hose. He's walking fine but the "
            "whole thigh has gone purple",
            "anticoagulant_bleeding",
        ),
        (
            "My wife hasn't been able to put weight on it since she slipped on the stairs",
            "fracture",
        ),
    ],
)
def test_someone_elses_sign_told_for_no_one_is_raised_as_theirs(text, group):
    result = outcome(text)
    assert group in result.red_flags
    hit = next(hit for hit in result.hits if hit.group == group)
    assert result.is_theirs(hit)
    assert result.advice_for_another


def test_the_age_told_of_them_counts_for_their_fall():
    """A fall at 81 is a fracture to check (minor trauma in older age)."""
    result = outcome("my uncle is 81 and fell on the path, his shoulder hurts to lift")
    assert "fracture" in result.red_flags


@pytest.mark.parametrize(
    "text",
    [
        "my mum had a fall in 2019 and broke her wrist, it healed fine",
        "Mum is fine but the knee is killing me after the hike",
        "my dog keeps wetting himself and can't hold it, poor thing",
        "no. my cat has incontinence lol, not me",
        "No. My husband takes warfarin, not me, and he hasn't bumped his head either",
    ],
)
def test_no_red_flag_for_no_ones_sign_now(text):
    assert outcome(text).red_flags == []


def test_a_pets_sign_is_not_even_asked_about():
    result = outcome("my dog keeps wetting himself and can't hold it, poor thing")
    assert result.red_flags == [] and result.possible == {}
    # a name the lexicon does not know is no animal
    named = outcome("Tomasz can't hold his pee since Monday")
    assert "cauda_equina" in [*named.red_flags, *named.possible]


def test_he_hasnt_is_a_denial_not_the_cue_he_has():
    result = outcome(
        "He's on apixaban and he hasn't banged his head, he just lost his footing on the "
        "stairs and his hip is sore"
    )
    assert "anticoagulant_bleeding" in result.red_flags
    assert "head_injury_anticoagulant" not in result.red_flags
    assert "head_injury_anticoagulant" not in result.possible


@pytest.mark.parametrize(
    "text",
    [
        "I haven't walked since the fall on Sunday, my ankle is huge",
        "I have not been able to walk on it since I came off the bike yesterday",
    ],
)
def test_a_sign_whose_words_begin_with_not_is_not_denied_by_it(text):
    assert "fracture" in outcome(text).red_flags


def test_a_denial_that_runs_into_a_sign_still_denies_it():
    mentions = [m for m in extract("I haven't had a fall") if m.id == "fall"]
    assert mentions and all(m.negated for m in mentions)


def test_a_clause_but_the_goes_on_with_the_person_before_it():
    (knee,) = [
        m for m in extract("He's walking on it ok but the whole knee is purple") if m.id == "knee"
    ]
    assert knee.told_of_another
    (mine,) = [m for m in extract("Mum is ok but the knee is killing me") if m.id == "knee"]
    assert not (mine.told_of_another or mine.other_person)


def test_words_naming_only_the_place_do_not_keep_a_cleared_calf_raised():
    result = outcome(
        "My calf swelled up after the long drive to Spain, the hospital scanned it, no clot. "
        "Now I'd like a massage on that calf."
    )
    assert "dvt" not in result.red_flags
    assert "dvt" in result.possible
    again = outcome(
        "My calf swelled up after the long drive, the scan was clear. Now the calf is swollen "
        "and hot again."
    )
    assert "dvt" in again.red_flags


@pytest.mark.parametrize(
    "text",
    [
        "I haven't stopped being sick since I banged my head this morning",
        "he hasn't stopped being sick since he banged his head this morning",
    ],
)
def test_a_denial_of_stopping_is_no_denial(text):
    """Found reading the change once more: "he hasn't" became a denial, and "haven't stopped
    being sick" was read as no sickness before it too."""
    assert "thunderclap_headache" in outcome(text).red_flags
