"""Signs as an onlooker or a hurried visitor tells them (forty-first round; my own wording).

A development set written apart this round (another person's signs in every group) missed:
a husband "looking up ways to end things", a bruise on blood thinners that came with no knock,
"things look blurry" out of one eye beside a jaw that tires when chewing, a focal spot on the
shin of a runner, and falls typed in haste ("slipd off the step", "went down hard on the ice
at my age (83)"). Beside each, what must stay quiet.
"""

import pytest

from bot.engine.assessment import screen_text
from bot.engine.content import default_content
from bot.engine.nlp import extract
from bot.engine.parsing import stated_age


@pytest.fixture(scope="module")
def content():
    return default_content()


def _findings(text):
    """The findings read, whoever's they are (another person's sign is still that sign)."""
    return {m.id for m in extract(text) if m.label == "finding" and not m.negated}


@pytest.mark.parametrize(
    "text, finding",
    [
        ("my brother says he has been searching ways to end it", "suicidal_thoughts"),
        ("lately I keep thinking about ending things", "suicidal_thoughts"),
        (
            "on warfarin and a big bruise came up on my arm, no knock at all",
            "anticoagulant_bleeding_signs",
        ),
        ("there's bruising on her shin without any injury", "anticoagulant_bleeding_signs"),
        ("things look blurry out of my left eye now and then", "vision_change"),
        ("everything went a bit fuzzy for a minute", "vision_change"),
        (
            "one spot on the front of my shin is really sore since the mileage went up",
            "bone_spot_pain",
        ),
        ("press the bone and it's agony", "bone_spot_pain"),
        ("slipd on the wet leaves yesterday", "fall"),
        ("I went down hard on the ice", "fall"),
    ],
)
def test_the_sign_is_read(text, finding):
    assert finding in _findings(text)


@pytest.mark.parametrize(
    "text, finding",
    [
        (
            "we're ending things, me and my boyfriend, so I'm stressed and my neck is tight",
            "suicidal_thoughts",
        ),
        ("a red swollen patch on my shin that's hot", "bone_spot_pain"),
        ("a spot on my shoulder is sore when I press it", "bone_spot_pain"),
    ],
)
def test_the_look_alike_is_not(text, finding):
    assert finding not in _findings(text)


@pytest.mark.parametrize(
    "text, group",
    [
        (
            "I'd like to book my dad in. He is 79 and on apixaban, and a huge purple bruise has"
            " come up on his thigh, no knock he can think of.",
            "anticoagulant_bleeding",
        ),
        (
            "I'm 71 and my jaw aches halfway through chewing my dinner, and things look blurry out"
            " of one eye at times.",
            "stroke_or_arterial",
        ),
        (
            "My wife told me she's been looking up ways to end things, the back pain is too much.",
            "suicide_risk",
        ),
        (
            "slipd off the kerb on Sunday and landed on my backside, lower back sore since. im 80",
            "fracture",
        ),
        ("I went down hard on the ice at my age (84) and my hip still hurts", "fracture"),
    ],
)
def test_the_group_is_raised(content, text, group):
    assert group in screen_text(text, content)


@pytest.mark.parametrize(
    "text, age",
    [
        ("went down on the ice at my age (83) last week", 83),
        ("at my age of 79", 79),
        ("at my age I should stretch", None),
    ],
)
def test_an_age_said_as_my_age(text, age):
    assert stated_age(text) == age
