"""No urine since last night or yesterday, told in any person (fortieth round, my wording).

A carer's "he hasn't had a wee since last night" was no sign at all: the lexicon knew "haven't
had a wee since this morning" and "all day", not a night or a day before. NICE NG51 counts no
urine in 12 to 18 hours as a moderate-to-high risk sign of sepsis; with a fever, or with
confusion or drowsiness, the sepsis group's rules raise it.
"""

import pytest

from bot.engine.assessment import screen_text
from bot.engine.nlp import extract


@pytest.mark.parametrize(
    "said",
    [
        "she hasn't had a wee since last night",
        "Dad has not passed water since yesterday evening",
        "I havent peed since yesterday",
        "he has n't passed any urine since last night",
    ],
)
def test_no_urine_since_last_night_is_the_sign(said):
    assert "no_urine" in {m.id for m in extract(said) if m.label == "finding"}


@pytest.mark.parametrize(
    "said",
    ["he has had a wee since last night, all normal", "I've peed loads since yesterday"],
)
def test_urine_passed_since_then_is_not(said):
    assert "no_urine" not in {m.id for m in extract(said) if m.label == "finding"}


def test_with_a_fever_it_is_sepsis():
    said = "I've had a fever and shivers for two days and I haven't had a wee since last night"
    assert "sepsis" in screen_text(said)
