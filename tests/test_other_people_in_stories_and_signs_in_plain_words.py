"""Other people in a visitor's story, and signs told in plain words (fifty-seventh round).

A sign told of an ex, a stranger, a character in a book or a casualty in a first-aid role play
is not the visitor's, and one whose person is in a doctor's hands already is not raised for
them either; a break already known does not stop its aftermath from being raised ("broke his
arm, plaster on yesterday, now his fingers tingle and the pain is far worse"). A smile gone
wonky, speech gone indistinct, pins and needles around the bottom and erections that have
stopped are signs. My own wording.
"""

import pytest

from bot.engine.assessment import screen_message, screen_text
from bot.engine.nlp import extract


def _theirs(text: str, ident: str) -> bool:
    mention = next(m for m in extract(text) if m.id == ident)
    return mention.other_person or mention.told_of_another


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        (
            "The woman in the flat below me has been coughing up blood all week. My shoulders"
            " are tight.",
            "coughing_blood",
        ),
        (
            "My ex got a blood clot in his lung last month, coughing blood. I just want my"
            " back done.",
            "coughing_blood",
        ),
        (
            "The man next to me on the train kept gasping for air. My neck is stiff.",
            "breathlessness",
        ),
    ],
    ids=lambda v: v[:40] if isinstance(v, str) else v,
)
def test_a_sign_told_of_someone_placed_by_the_visitor_is_theirs(text, finding):
    assert _theirs(text, finding)


def test_a_sign_after_me_is_still_mine():
    text = "My wife sat next to me and I felt a crushing pain in my chest"
    assert not _theirs(text, "chest_pain")
    assert "cardiac" in screen_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Halfway through a crime novel where the victim gets a crushing chest pain and sweats"
        " buckets. I'd like a relaxing back massage.",
        "We did a first aid course at work with a role play where the casualty had slurred"
        " speech and a floppy arm. My shoulders ache from the chest compressions.",
        "The lady upstairs was coughing up blood and gasping, I called her an ambulance last"
        " night. My lower back is sore from the stairs.",
    ],
    ids=lambda v: v[:40],
)
def test_a_sign_of_no_real_person_or_one_seen_to_raises_nothing(text):
    hits, _ = screen_message(text)
    assert hits == []


def test_what_follows_a_known_break_is_raised_for_them():
    text = (
        "My daughter broke her wrist on Saturday and it's in plaster. Since last night her"
        " fingers are numb and the pain is far worse than when she broke it."
    )
    assert "compartment_syndrome" in screen_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "my smile has gone wonky and I can't lift my arm, since about ten minutes ago",
        "Dad is 79. Since lunch his speech is indistinct and his right hand won't grip.",
    ],
    ids=lambda v: v[:40],
)
def test_a_stroke_told_in_plain_words_is_raised(text):
    assert "stroke_or_arterial" in screen_text(text)


def test_a_condition_named_of_someone_else_long_ago_raises_nothing():
    assert screen_text("my uncle had a mini stroke in 2015, he's fine now. My back is sore") == []


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("my speech is clear and my arms are fine, just a stiff neck", "slurred_speech"),
        ("pins and needles in my fingers from the keyboard, my back is fine", "saddle_numbness"),
    ],
    ids=lambda v: v[:40] if isinstance(v, str) else v,
)
def test_close_words_are_not_the_sign(text, finding):
    assert finding not in {m.id for m in extract(text)}


@pytest.mark.parametrize(
    "text",
    [
        "since my back went last week I've got pins and needles down both legs and around my"
        " bottom",
        "Lower back has been bad for a fortnight and now my erections have stopped. 45M.",
    ],
    ids=lambda v: v[:40],
)
def test_saddle_tingling_or_lost_erections_with_back_pain_raise_cauda_equina(text):
    assert "cauda_equina" in screen_text(text)


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        (
            "I look after an elderly gentleman who fell on Monday, he's on warfarin and has a"
            " huge bruise on his hip",
            "anticoagulant",
        ),
        (
            "I'm a paramedic, had a lad last shift with a tearing pain straight through to his"
            " back. My own neck is stiff from the seats.",
            "tearing_pain",
        ),
    ],
    ids=lambda v: v[:40] if isinstance(v, str) else v,
)
def test_the_last_one_named_before_a_sign_is_whose_it_is(text, finding):
    mentions = [m for m in extract(text) if m.id == finding]
    assert mentions and all(m.other_person or m.told_of_another for m in mentions)


@pytest.mark.parametrize(
    "text",
    [
        "I am a 72-year-old woman, treated for breast cancer in 2015, and for six weeks I have"
        " had a new ache in my spine that keeps me awake every night",
        "I'm the nephew who booked last week: since yesterday my left calf is hot, red and"
        " swollen after the flight home",
    ],
    ids=lambda v: v[:40],
)
def test_a_visitor_describing_themselves_as_a_person_keeps_their_signs(text):
    assert screen_text(text) != []


def test_a_next_sentence_saying_no_pain_still_says_the_sign_has_gone():
    text = (
        "I had shingles in May on my right side. It cleared up completely by June, no pain"
        " left. I'd like a back massage."
    )
    assert "shingles" not in screen_text(text)


@pytest.mark.parametrize(
    ("text", "raised"),
    [
        ("I'll be honest, I inject as well. My back has been agony in one spot for weeks", True),
        ("I inject insulin four times a day and my back is stiff from gardening", False),
    ],
    ids=lambda v: v[:40] if isinstance(v, str) else str(v),
)
def test_injecting_drugs_is_heard_and_insulin_is_not(text, raised):
    assert ("infection" in screen_text(text)) is raised
