"""Fears, people seen at work, ends of an illness, the reach of "no ... or anything", and
slang for a testicle, an aneurysm and a tearing pain (issue 11, thirty-first round), in my own
wording.

- A condition named in a "what if" question is wondered about, not told (nlp.py
  `_general_question`): asked about, not raised. Its signs told plainly still raise.
- "convinced it's", "convinced every" is a fear (lexicon `hypothetical_before`).
- "a client of mine", "one of my patients" is someone else (lexicon `other_person`).
- "antibiotics sorted it", "no problems at all now" end an illness (lexicon time `gone`).
- "or" before a comma does not carry a denial past it (nlp.py `_clause_break`): in "no fall
  or anything, it's swollen" the swelling is affirmed; "no fever, chills or sweats" still
  denies all three.
- "my left nut", "a big artery in the tummy", "like a knife that tears", "a hot red swollen
  patch", wiping that feels like rubber (lexicon).
- "I read that", "I heard that" tell of something read or heard, not had (lexicon
  `hypothetical_before`).
- Blood thinners named with no knock and no bleed raise a head injury or a bleed on them only
  from the highest scores of the semantic layer (semantic.py `CAUTIOUS_FINDINGS`).
"""

import pytest

from bot.engine.assessment import assess, screen_text
from bot.engine.nlp import extract


@pytest.mark.parametrize(
    "text",
    [
        "What if this ache in my calf is a DVT? It's only sore since leg day, no swelling.",
        "what if my back pain turns out to be cauda equina?? it's just stiff after the move",
        "Now I'm convinced it's a clot every time my calf twinges, but it's from running.",
        "Got convinced every headache is meningitis after a TV drama, it's just tension.",
        "One of my patients has foot drop, I've sent him to his GP. I'd like a massage myself.",
        "A client of mine (I'm a trainer) had numbness in the saddle area, she's in hospital.",
        "Had a kidney infection in the summer, the antibiotics sorted it. Booking for my neck.",
        "I had meningitis at school, no problems at all now. Just want my shoulders done.",
        "I read that sciatica can turn into cauda equina, is that true? Mine is a dull ache.",
        "I take warfarin for my heart, is a back massage still okay? No knocks, no bleeding.",
    ],
)
def test_fears_others_and_ended_illnesses_raise_nothing(text):
    assert screen_text(text) == []


def test_a_condition_wondered_about_is_asked_about():
    outcome = assess(messages=["What if the pain in my calf is a DVT? How can I tell?"])
    assert outcome.red_flags == []
    assert "dvt" in outcome.possible


def test_signs_told_plainly_beside_a_what_if_still_raise():
    text = "What if it's a DVT? My calf has been hot, red and swollen since the flight."
    assert "dvt" in screen_text(text)


def test_or_before_a_comma_does_not_carry_a_denial_past_it():
    mentions = extract("no fall or anything, it's swollen and hot")
    swelling = [m for m in mentions if m.id == "swelling"]
    assert swelling and not swelling[0].negated
    denied = [m for m in extract("no fever, chills or sweats") if m.label == "finding"]
    assert denied and all(m.negated for m in denied)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        (
            "sudden agony in my right nut since lunch, it's swollen and I've been sick",
            "testicular_torsion",
        ),
        (
            "I was told I have a slightly enlarged artery in my stomach, and now my lower "
            "back has ached nonstop since yesterday.",
            "aortic",
        ),
        (
            "I'm 70 and my back pain came on like a knife that tears, all at once, and it "
            "goes into my belly.",
            "aortic",
        ),
        (
            "The scan showed a 'slightly enlarged artery' in my belly, and now my lower back "
            "aches constantly.",
            "aortic",
        ),
        (
            "A hot, red, swollen patch on my forearm is spreading and I've had chills all day.",
            "infection",
        ),
        (
            "My back has been bad for a week and when I wipe it feels like rubber down there.",
            "cauda_equina",
        ),
    ],
)
def test_slang_and_lay_words_raise_their_group(text, group):
    assert group in screen_text(text)
