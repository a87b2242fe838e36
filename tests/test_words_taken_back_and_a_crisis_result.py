"""Fifty-second round: words taken back mid-chat, signs unlike the usual, a knock by what struck
it, and a result of its own for thoughts of suicide.

Found on `evaluation/screen_midchat52_dev.yml` and `screen_fresh52_dev.yml` (written apart by
helpers): "I said no numbness before but actually ..." and "I said no to bladder problems but
thinking about it ..." lost the sign after "but" to the "no" before it, while "I said my leg was
swollen but I meant ..." kept the swelling taken back; "not a normal headache at all" denied a
sudden headache; "a hockey stick to the head", "I did faint" and leaking that "had to change
the sheets" were not heard; a form that "asks about bladder issues" was read as a bladder sign;
a cat that "broke his leg" was read as the visitor's fall. Every message here is written for
this file.

The result for thoughts of suicide alone opened with the emergency's "needs hospital care ...
do not drive yourself"; it now opens with a crisis response of its own (red_flags.yml
suicide_risk `own_result`).
"""

from __future__ import annotations

import pytest

from bot.conversation import messages
from bot.engine.assessment import assess
from bot.engine.content import default_content
from bot.engine.nlp import extract


def raised(text: str) -> set[str]:
    return set(assess(messages=[text]).red_flags)


def findings(text: str) -> set[str]:
    return {m.id for m in extract(text) if m.label == "finding" and not m.negated}


@pytest.mark.parametrize(
    ("text", "group"),
    [
        # a "no" said before and taken back: the sign after "but" is had
        (
            "I said no to numbness earlier but actually I can't feel the toilet paper when I wipe",
            "cauda_equina",
        ),
        (
            "I ticked no for bladder problems but thinking about it I've barely passed any "
            "water since yesterday and my back is agony",
            "cauda_equina",
        ),
        # a sign unlike the usual one is had, not denied
        (
            "it hit me the second I sneezed, like a firework going off inside my skull, not a "
            "normal headache whatsoever",
            "thunderclap_headache",
        ),
        # a knock told by what struck the head
        (
            "my son took a cricket ball to the side of his head at practice yesterday and he's "
            "been throwing up and muddled since",
            "thunderclap_headache",
        ),
        # "I did faint", told late, with the chest pain before it
        (
            "sorry, one more thing - I did faint yesterday evening, right after a squeezing "
            "pain in my chest",
            "cardiac",
        ),
        # leaking that wet the bed
        (
            "the leaking has got worse, I've had to change the sheets twice, and my lower back "
            "is seized up",
            "cauda_equina",
        ),
    ],
)
def test_a_sign_told_late_or_in_other_words_is_raised(text, group):
    assert group in raised(text)


@pytest.mark.parametrize(
    "text",
    [
        # words taken back: what follows "but" is what the visitor means
        "I said the lump was getting bigger but it's the same size it has been for ten years, "
        "my GP checked it",
        "I said I passed out but it was more that I felt light-headed for a second after "
        "standing up quickly",
        # a topic the form asks about is no sign
        "I only mention it because your form asks about bladder issues - all normal for me, "
        "just a stiff lower back",
        # a pet's fall
        "My dog fell down the stairs last week and broke his leg, so I've been lifting him in "
        "and out of the car and my back is sore",
        # dropping things off is no clumsy hand
        "I was dropping stuff off at mum's and tweaked my back",
    ],
)
def test_words_taken_back_a_form_a_pet_and_an_errand_raise_nothing(text):
    assert raised(text) == set()


@pytest.mark.parametrize(
    ("text", "group"),
    [
        # not taken back by someone else's view after "but"
        (
            "I said my calf was swollen but my husband says it's nothing, it's hot and red "
            "since the flight",
            "dvt",
        ),
        # an episode that passed is no word taken back
        (
            "I said my arm went weak but it's fine now, it lasted about ten minutes this morning",
            "stroke_or_arterial",
        ),
        # told to someone else, not to the assistant
        (
            "I said to my GP that my chest feels crushed but actually she didn't listen, it's "
            "worse today and my arm aches",
            "cardiac",
        ),
        # a horse named without "my" or "our" is not whose the fall is
        ("the horse threw me and I landed on my wrist, it's bent and swollen", "fracture"),
    ],
)
def test_a_sign_not_taken_back_still_counts(text, group):
    assert group in raised(text)


def test_what_is_taken_back_is_neither_said_nor_denied():
    assert "swelling" not in findings("I said my calf was swollen but I meant my feet ache")
    text = "i said no numbness before but actually the skin round my bottom feels numb"
    numb = [m for m in extract(text) if m.id == "numbness"]
    assert numb and not any(m.negated for m in numb)
    # not "I put my back out": only words said to the assistant
    assert "stiffness" in findings("I put my back out but it's really stiff now")


def test_clumsy_hands_are_heard_as_dropping_stuff():
    assert "clumsy_hands" in findings("my hands keep dropping stuff this week")
    text = "no dropping stuff, no numbness"
    assert [m.negated for m in extract(text) if m.id == "clumsy_hands"] == [True]


# --- the result for thoughts of suicide ---------------------------------------------------------


def _result(text: str):
    content = default_content()
    outcome = assess(messages=[text])
    payload = messages.outcome_payload(outcome, "ref123", 0, content)
    return outcome, messages.outcome_text(outcome, content), payload


def test_thoughts_of_suicide_alone_open_with_a_crisis_response():
    outcome, text, payload = _result(
        "my neck is stiff and honestly lately I've been thinking about ending my life"
    )
    own = default_content().red_flags.groups["suicide_risk"].own_result
    assert outcome.disposition == "emergency" and outcome.red_flags == ["suicide_risk"]
    assert text.startswith(own.label + ".\n\n" + own.message)
    assert "Do not drive" not in text and "hospital care" not in text
    # said once: no "Why I say this" repeating the group's own words
    assert "Why I say this" not in text
    assert payload["disposition_label"] == own.label
    assert payload["disposition"] == "emergency" and payload["next_step"] == "call_emergency"
    assert payload["red_flags"] == ["suicide_risk"]


def test_a_relatives_thoughts_of_suicide_open_with_advice_for_them():
    outcome, text, _ = _result(
        "my son told me last night he wants to kill himself, can he have a massage for his back"
    )
    own = default_content().red_flags.groups["suicide_risk"].own_result
    assert outcome.advice_for_another
    assert own.message_for_another in text and own.message not in text


def test_a_crisis_told_with_another_emergency_keeps_the_emergency_opening():
    outcome, text, payload = _result(
        "my chest feels crushed and I've been thinking of ending it all"
    )
    emergency = default_content().red_flags.dispositions["emergency"]
    suicide = default_content().red_flags.groups["suicide_risk"]
    assert {"cardiac", "suicide_risk"} <= set(outcome.red_flags)
    assert text.startswith(emergency.label + ".\n\n" + emergency.message)
    assert suicide.message in text  # the crisis lines, under "Why I say this"
    assert payload["disposition_label"] == emergency.label


def test_a_crisis_with_an_urgent_sign_leads_and_lists_the_other():
    outcome, text, _ = _result(
        "my calf is swollen and hot since the flight, and honestly everyone would be better "
        "off without me"
    )
    suicide = default_content().red_flags.groups["suicide_risk"]
    dvt = default_content().red_flags.groups["dvt"]
    assert {"dvt", "suicide_risk"} <= set(outcome.red_flags)
    assert text.startswith(suicide.own_result.label)
    assert "Why I say this" in text and dvt.message in text
    assert suicide.message not in text  # its own result said it
