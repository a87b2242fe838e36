"""A topic the visitor was asked about and answers on its line, and a fall with sickness and
drowsiness since (fifty-seventh round).

"You asked about headaches: I had one last week, it came on within a minute" answers the
question as a label does ("Fever: no"); "...: none" denies it, and a topic named alone ("your
form asks about bladder issues") is still not said. A fall, then the head sore with vomiting or
drowsiness, or vomiting and drowsiness together, is a head injury's warning (NICE NG232) even
when no knock to the head is told. My own wording.
"""

import pytest

from bot.engine.assessment import screen_text
from bot.engine.nlp import extract


def _finding(text: str, ident: str):
    return next(m for m in extract(text) if m.id == ident)


def test_a_topic_answered_after_a_colon_is_told():
    text = "You asked about numbness: yes, down below since Tuesday, and my back is killing me"
    numb = _finding(text, "numbness")
    assert not numb.asked and not numb.negated
    assert "cauda_equina" in screen_text(text)


def test_a_sudden_headache_answered_after_the_topic_is_raised():
    text = (
        "You asked about headaches: I had one last week, it came on within a minute while I"
        " was lifting, worst pain of my life, lasted all day. None since. Should the therapist"
        " avoid my head?"
    )
    assert "thunderclap_headache" in screen_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "You asked about bladder problems: none. Back is just stiff from the garden, can I book?",
        "I mention it because your form asks about bladder issues. Mine are fine, back is stiff.",
    ],
    ids=lambda v: v[:40],
)
def test_a_topic_denied_or_only_named_raises_nothing(text):
    assert screen_text(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Came off my bike on Sunday, helmet on, seemed fine. Today my head is sore and I've been"
        " sick three times",
        "slipped on the ice yesterday and went down hard, now throwing up and so sleepy I can't"
        " keep my eyes open",
        "Mum (40s) fell down the stairs this morning, says her head aches and she doesn't know"
        " what day it is",
    ],
    ids=lambda v: v[:40],
)
def test_a_fall_then_sickness_drowsiness_or_confusion_is_raised(text):
    assert "thunderclap_headache" in screen_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Fell off my bike on Sunday, grazed my knee, otherwise fine. Can I book a leg massage?",
        "I tripped on the kerb last month, bruised my hip, felt a bit sick from the shock but"
        " it all settled",
    ],
    ids=lambda v: v[:40],
)
def test_a_fall_without_those_signs_does_not_raise_a_headache(text):
    assert "thunderclap_headache" not in screen_text(text)
