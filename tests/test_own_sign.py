"""The visitor's own warning sign in a conversation for someone else (issue 11, thirty-first
round), in my own wording.

A conversation that books for someone else reads its signs as theirs, and the advice is for
them ("call your local emergency number for them"). When the visitor tells of a sign of their
own in the first person, in a sentence that names nobody else ("Also I have had crushing chest
pain since this morning"), that sign is the visitor's: the advice for it is theirs, not "for
them" (assessment.py `_visitors_own`: the clause the sign is in, nlp.py `clause_at` and
`said_of_self`; screening.py `RedFlagHit.visitors_own`; assessment.py `Outcome.is_theirs`).
"""

import pytest

from bot.conversation.messages import outcome_text, referral_summary
from bot.engine.assessment import assess
from bot.engine.content import default_content
from bot.engine.nlp import said_of_self

PEOPLE = default_content().lexicon.cues.people


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Also I have had crushing chest pain since this morning and I am sweating.", True),
        ("im getting this pressure in my chest since lunch", True),
        ("I've gone numb down below since yesterday.", True),
        # someone else named or pointed to: theirs, as before
        ("I think he is having a stroke, his face has dropped.", False),
        ("I'm worried, my wife's face drooped at breakfast.", False),
        ("My mum fell yesterday, she is 85 and I have a stiff neck.", False),
        ("Chest pain since this morning and sweating.", False),
    ],
)
def test_a_sentence_said_of_the_visitor_alone(sentence, expected):
    assert said_of_self(sentence, PEOPLE) is expected


def test_the_visitors_own_emergency_in_a_booking_for_someone_else_is_advised_to_them():
    outcome = assess(
        messages=[
            "Booking for my dad, his back is stiff. Also I have had crushing chest pain "
            "since this morning and I am sweating."
        ]
    )
    assert outcome.disposition == "emergency"
    assert outcome.about_another
    assert not outcome.advice_for_another
    assert not outcome.partly_for_another


@pytest.mark.parametrize(
    "text",
    [
        "Booking for my dad. He has crushing chest pain since this morning and is sweating.",
        # the visitor's worry is theirs, the sign in its own clause is the client's
        "Booking for my dad. I'm so worried, crushing chest pain since this morning, sweating.",
    ],
)
def test_the_clients_emergency_is_still_advised_for_them(text):
    outcome = assess(messages=[text])
    assert outcome.disposition == "emergency"
    assert outcome.advice_for_another


def test_the_visitors_sign_beside_the_clients_is_advice_for_both():
    outcome = assess(
        messages=[
            "Could we book two slots, me and my dad? He slipped on the ice yesterday, he is 80 "
            "and his hip hurts to stand on. I have had crushing chest pain since this morning."
        ]
    )
    assert {"cardiac", "fracture"} <= set(outcome.red_flags)
    assert not outcome.advice_for_another
    assert outcome.partly_for_another
    theirs = {hit.group for hit in outcome.hits if outcome.is_theirs(hit)}
    assert theirs == {"fracture"}


def test_the_visitor_reads_their_own_emergency_advice():
    content = default_content()
    outcome = assess(
        messages=[
            "Booking for my dad, his back is stiff. Also I have had crushing chest pain "
            "since this morning and I am sweating."
        ]
    )
    text = outcome_text(outcome, content)
    assert content.red_flags.dispositions["emergency"].message.split(".")[0] in text
    assert "for them now" not in text
    assert "You told me about someone else" not in text


def test_a_referral_for_both_marks_the_other_persons_sign_only():
    content = default_content()
    outcome = assess(
        messages=[
            "Can we get two slots, me and my mum? She slipped on the stairs yesterday, she's "
            "84 and her wrist is swollen. My own back pain wakes me every night and I've lost "
            "a stone without trying since the summer."
        ]
    )
    assert outcome.partly_for_another
    summary = referral_summary(outcome, {}, content, None, "2026-12-04")
    marked = [line for line in summary.splitlines() if "(someone else's" in line]
    assert len(marked) == 1 and "fracture" in marked[0].lower()
