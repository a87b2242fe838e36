"""Bookings for more than one person, a relative's age told with "she" or "he", and signs that
are only the topic of something read, watched or seen at work (issue 11, thirtieth round), in
my own wording.

- A message booking for more than one at once ("two slots", "couples massage", "the three of
  us") books for everyone it names (lexicon.yml `proxy_group`, nlp.py `_clients`).
- The age of a client named earlier can follow as "she's 88" or "he is 90" (parsing.py
  `named_age`, assessment.py `with_stated_age`: "she" for the lexicon's `women`, "he" for its
  `men`).
- A sign after "a podcast about", "people with", "on the night shift we had" is not the
  visitor's (lexicon.yml `other_person`).
- When no one is booked for and the conversation tells only of someone else, the age given one
  of the people it names ("Grandad took a tumble, he's 91") is theirs, for what is asked about
  (assessment.py `with_stated_age`).
- A client named by name or title after a booking phrase ("booking for Margaret, 82", "an
  appointment for Mr Patel") is someone (nlp.py `_named_client`), and the age given them is
  theirs (parsing.py `someones_age`).
"""

import pytest

from bot.engine.assessment import assess, people_in, screen_text
from bot.engine.nlp import SOMEONE, booked_for
from bot.engine.parsing import named_age, someones_age

# --- more than one booked at once ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "clients"),
    [
        ("Could we have two slots on Saturday, me and my dad? My knees ache.", {"dad"}),
        ("Is there room for a couples massage? My wife has a sore hip.", {"wife"}),
        ("Can the three of us come in - me, my sister and my mum?", {"sister", "mum"}),
        # not a booking for more than one
        ("We don't need two slots, it's only me. My mum sent me.", set()),
        ("My knees ache and my dad says hello.", set()),
    ],
)
def test_a_booking_for_more_than_one_books_for_everyone_named(text, clients):
    assert booked_for(text) == clients


@pytest.mark.parametrize(
    ("text", "group"),
    [
        (
            "Could we book 2 appointments next week? My calves are tight from running, and my "
            "dad, who's 80, slipped in the bathroom yesterday and now his hip hurts to stand on.",
            "fracture",
        ),
        (
            "Two massages please. My shoulders are knotted, and my partner has been wetting "
            "himself since his back went on Monday.",
            "cauda_equina",
        ),
    ],
)
def test_the_other_persons_sign_in_a_booking_for_both_is_raised(text, group):
    assert group in screen_text(text)
    clients, _ = people_in([text])
    assert clients


def test_without_a_booking_for_both_the_other_persons_sign_is_not_the_visitors():
    text = (
        "My calves are tight from running, and my dad, who's 80, slipped in the bathroom "
        "yesterday and now his hip hurts to stand on."
    )
    outcome = assess(messages=[text])
    assert all(hit.someone_else for hit in outcome.hits)


# --- a relative's age told with a pronoun ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "person", "pronoun", "expected"),
    [
        ("Can you see my nan? She's 88 and a bit frail.", "nan", "she", 88),
        ("booking for grandad, hes 90", "grandad", "he", 90),
        ("my uncle - he is 71 - hurt his back", "uncle", "he", 71),
        ("my mother, she have 79 years", "mother", "she", 79),
        # before the person is named, a weight, or no pronoun asked for
        ("She's 30, my nan is lovely", "nan", "she", None),
        ("my dad, he's 16 stone", "dad", "he", None),
        ("my nan, she's 88", "nan", "", None),
    ],
)
def test_an_age_given_a_client_by_pronoun(text, person, pronoun, expected):
    assert named_age(text, person, pronoun) == expected


def test_a_fall_at_a_relatives_age_told_by_pronoun_raises_a_fracture():
    text = "Booking for my grandad, he's 90. He slipped on the patio yesterday, back is sore."
    assert "fracture" in screen_text(text)
    # a woman's age is not read from "he"
    text = "Booking for my nan, he's 90 says the carer. She slipped on the patio yesterday."
    assert assess(messages=[text]).facts.answers.get("age") is None


@pytest.mark.parametrize(
    "text",
    [
        "Grandad took a tumble in the garden last night, he's 91, and his hip is bruised.",
        "My husband lost his footing on the kerb on Sunday. He is 77 and his wrist hurts.",
    ],
)
def test_a_fall_told_only_of_someone_at_their_age_is_raised_as_theirs(text):
    # no one is booked for, so the fall is someone else's: never raised as the visitor's, but,
    # with the age given them, raised as theirs (forty-ninth round; before, only asked about)
    outcome = assess(messages=[text])
    assert "fracture" in outcome.red_flags
    assert all(hit.someone_else for hit in outcome.hits)
    assert outcome.advice_for_another
    # their age is used for them only, never kept as the visitor's
    assert "age" not in outcome.facts.answers


# --- a client named by name or title ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "clients"),
    [
        ("Booking for Margaret, 82. She fell in the garden yesterday.", {SOMEONE}),
        ("I'd like to book Tom in, he's 79.", {SOMEONE}),
        ("An appointment for Mr Patel please.", {SOMEONE}),
        # a day, a condition or a kind of massage is no name
        ("I'd like to book for Saturday, my back is sore.", set()),
        ("Can I book treatment for Sciatica, it started last week.", set()),
        ("Booking for Deep tissue, 60 minutes.", set()),
    ],
)
def test_a_client_named_by_name_or_title_is_someone(text, clients):
    assert booked_for(text) == clients


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Booking for Margaret, 82. She fell.", 82),
        ("Ada (79) has a sore hip", 79),
        ("Mr Patel, aged 77, had a fall", 77),
        ("I'd like to book Tom in, he's 79", 79),
        ("Booking for Margaret, 10 minutes late", None),
        ("Booking for Margaret", None),
    ],
)
def test_the_age_of_a_client_named_by_name(text, expected):
    assert someones_age(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I'd like to book Tom in, he's 79 and slipped on the ice this morning, his back is sore.",
        "Appointment for Mr Patel please, aged 77, he had a fall on Monday and has back pain.",
    ],
)
def test_a_fall_of_a_client_named_by_name_at_their_age_raises_a_fracture(text):
    outcome = assess(messages=[text])
    assert "fracture" in outcome.red_flags and outcome.about_another


# --- the topic of a story, a programme or a shift --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I listened to a podcast about cauda equina and got spooked, but my lower back is just "
        "stiff from the garden.",
        "As a physio I treat people with foot drop most days. My own neck is tight.",
        "Paramedic here: on the night shift we had a stroke and a DVT. My shoulders are sore "
        "from lifting.",
        "Watched a documentary about sepsis last night. I only need a relaxing massage.",
        "Both my grandparents had bowel cancer. I'm 41 and my traps are tight.",
        "What happens if I run a temperature on the morning of my massage? Do I still come?",
        "I feel like I've been hit by a bus after the removals job, every muscle aches.",
    ],
)
def test_a_sign_that_is_only_a_topic_raises_nothing(text):
    assert screen_text(text) == []


# --- injuries and signs read in more words ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Went over the handlebars on the canal path on Sunday, my neck is sore.", "fracture"),
        ("I was hit by a van on my bike last week and my back still hurts.", "fracture"),
        ("I got hit by a bus on Monday, only a sore neck since.", "fracture"),
        (
            "Booking for my husband. Yesterday he was unable to lift his right arm for ten "
            "minutes and his speech was muddled; he's fine now.",
            "stroke_or_arterial",
        ),
        ("No pins and needles and both my hands are clumsy with buttons lately.", "myelopathy"),
    ],
)
def test_injuries_and_signs_in_more_words(text, group):
    assert group in screen_text(text)
