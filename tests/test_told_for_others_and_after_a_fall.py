"""Signs of now told in words the lexicon missed, many of them of someone the visitor books
for, and people named only in passing (issue 11, thirty-fourth round), in my own wording.

- "Not very well since I slipped" is no "well since" (lexicon `time.gone`): the fall counts.
- "burning hot then freezing" (`chills`), "feels sick" (`nausea`), "we'd all be better off
  without her" told of someone else (`suicidal_thoughts`), walking "the dog up the hill"
  (`exertional_pain`), an arm and a leg that went numb together (`arm_went_useless`: a TIA),
  "coughed so hard" and a "stumble" (`minor_trigger`), "only manage a few steps"
  (`cannot_bear_weight`), a leg "giving way more each week" and one thigh "getting thinner"
  (`weakening`), "on sat" as Saturday, not sitting (`deformity`'s idioms).
- "booked him in", "get my gran booked in", "wants the" book for the person named before
  (lexicon `proxy_after`, `proxy_object`).
- A head injury heard by the semantic layer, with blood thinners told in the same words of
  the same person, is a head injury on blood thinners (assessment.py `_with_told`).
- Someone who "passed away from" or "died of" a disease, a "friend of mine", an "old friend",
  "a woman who ...": their signs are not the visitor's (lexicon `other_person`).
"""

import pytest

from bot.engine.assessment import screen_text


@pytest.mark.parametrize(
    "text, group",
    [
        (
            "Haven't been right since I slipped on the ice on Tuesday. I'm 81 and have "
            "osteoporosis and my hip hurts to walk.",
            "fracture",
        ),
        (
            "Not very well since I fell down the back steps last week, I'm 77 and my wrist is "
            "still sore",
            "fracture",
        ),
        (
            "Dad is 88, very muddled since this morning, burning hot then freezing, and he's got "
            "a water infection",
            "sepsis",
        ),
        (
            "my sister is staying with me, she says her chest is crushing for the last hour and "
            "she feels sick, we want to book her a massage later",
            "cardiac",
        ),
        (
            "I want to book my daughter in, she's been so low and last night she told me we'd all "
            "be better off without her",
            "suicide_risk",
        ),
        (
            "there's a tight band across my chest when I walk the dog up the hill, eases if I stop",
            "exertional_angina",
        ),
        (
            "I booked my wife in for her neck. Also on Sunday her right arm and leg went weak "
            "together for about twenty minutes, she's fine now",
            "stroke_or_arterial",
        ),
        (
            "Booking for my grandad, 80, on steroids for years. He coughed so hard on Friday and "
            "now his upper back is agony",
            "osteoporotic_fracture",
        ),
        (
            "I'm 79, a stumble on the stairs three days ago and since then my lower back is very "
            "bad, I take steroid tablets",
            "osteoporotic_fracture",
        ),
        (
            "twisted my ankle at netball, can only manage a few steps on it and it's huge",
            "fracture",
        ),
        (
            "my left leg keeps giving way more each week when I climb the stairs at work",
            "progressive_weakness",
        ),
        (
            "my finger is a funny shape since I caught it in the car door on sat, swollen",
            "fracture",
        ),
        (
            "her left hip mostly. Mum tripped on the rug last night and knocked her head on the "
            "table too, she's 90 and on warfarin",
            "head_injury_anticoagulant",
        ),
    ],
)
def test_a_sign_of_now_in_new_words_is_raised(text, group):
    assert group in screen_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "my nan passed away from bowel cancer last year, I'm after something for stress and a "
        "stiff neck",
        "An old friend had a stroke in his forties, it made me think about my health. Tight "
        "shoulders mostly.",
        "Friend of mine got sepsis after an operation, she's better now. Lower back for me please",
        "my uncle died of a heart attack, so I'm careful. I just have sore calves from running",
    ],
)
def test_a_sign_of_someone_named_in_passing_raises_nothing(text):
    assert screen_text(text) == []


def test_a_break_up_is_not_thoughts_of_suicide():
    assert "suicide_risk" not in screen_text(
        "My sister finally left him, she's better off without him. I need a massage after all "
        "the drama, my shoulders are up by my ears"
    )


def test_sitting_still_explains_a_funny_shape_and_saturday_does_not():
    assert "fracture" not in screen_text("I sat at a funny angle all day and my neck is stiff")
