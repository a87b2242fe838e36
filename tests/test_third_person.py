"""Signs told in the third person, and the person a message asks a service for (issue 11,
twenty-ninth round), in my own wording.

- The lexicon is written in the first person ("can't control my bowels"). Its phrases and
  patterns are matched on a NORM that reads "his", "her", "their" as "my" and "himself",
  "herself" as "myself" (nlp.py `first_person`, `_in_first_person`); whose sign it is stays
  the context component's to say.
- A message that tells of nobody's body but someone else's and asks for a service with no
  booking words ("Is it possible to come to the house for a massage?") is for that person
  (nlp.py `asked_for`, assessment.py `clients_in`).
- "She" and "her" point back only to someone they can name (lexicon.yml `women`, `men`).
"""

import pytest

from bot.engine.assessment import assess, clients_in, only_of_others, rules_flag, screen_text
from bot.engine.nlp import asked_for, booked_for, extract


def mention(text, finding_id):
    found = [m for m in extract(text) if m.id == finding_id]
    assert found, f"{finding_id} not found in {text!r}"
    return found[0]


# --- someone else's pronoun in the lexicon's first-person words ------------------------------


@pytest.mark.parametrize(
    ("text", "finding_id"),
    [
        ("Since Sunday he can't control his bowels", "bowel_problem"),
        ("My aunt has wet herself twice this week", "bladder_problem"),
        ("Grandad can't feel his feet properly", "numbness"),
        # a token pattern: {LOWER: {IN: [my, the, ...]}} also matches "her"
        ("She smacked her head on the car boot", "head_injury"),
    ],
)
def test_a_finding_told_in_the_third_person_is_read(text, finding_id):
    assert mention(text, finding_id).told_of_another or mention(text, finding_id).other_person


def test_a_third_person_finding_of_the_client_counts_for_them():
    text = "Booking for my father: he has lost control of his bowels and his back aches"
    assert mention(text, "bowel_problem").affirmed
    assert "cauda_equina" in screen_text(text)


def test_a_finding_whose_own_words_are_someone_elses_is_theirs():
    """ "chest pain down her arm" is hers, even with no person named before it."""
    text = (
        "Our neighbour collapsed in her garden yesterday, chest pain down her arm, the "
        "paramedics took her in. I'm fine, just stiff shoulders from the shock."
    )
    assert not mention(text, "pain_to_arm_or_jaw").affirmed
    assert not rules_flag(text)


@pytest.mark.parametrize(
    "text",
    [
        "He didn't realise he'd wet himself until he stood up, and his back has been agony",
        "I didn't realise I'd wet myself until I stood up",
        "she wets herself without noticing since her back went",
    ],
)
def test_not_noticing_a_leak_is_the_sign_not_its_denial(text):
    found = [m for m in extract(text) if m.id == "bladder_problem"]
    assert found and not any(m.negated for m in found)


def test_not_noticing_a_sign_still_denies_it():
    assert mention("I didn't notice any numbness in my legs", "numbness").negated


def test_what_the_visitor_trips_over_is_not_whose_sign_follows():
    text = "Tripped over the cat on the stairs and banged my head on the banister"
    assert mention(text, "head_injury").affirmed


# --- the person a message asks a service for -------------------------------------------------


def test_a_message_about_someone_else_asking_for_a_service_is_for_them():
    text = (
        "My grandfather is 83. He slipped on the wet patio last night and now he can't "
        "put any weight on his right leg. Could you come to the house for a massage?"
    )
    assert asked_for(text) == {"grandfather"}
    assert clients_in([text]) == {"grandfather"}
    assert not only_of_others([text])
    assert "fracture" in screen_text(text)
    outcome = assess(messages=[text])
    assert outcome.clients == ("grandfather",) and outcome.about_another


def test_a_service_asked_for_someone_with_no_red_flag_raises_nothing():
    text = "My sister is 29 and her shoulders are tight from rowing. Is there a slot on Friday?"
    assert clients_in([text]) == {"sister"}
    assert screen_text(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # the visitor speaks of themselves in the service's sentence
        "My uncle's knee is swollen after his op. I need a massage for my neck though.",
        # the visitor tells of their own body too
        "My mum's hip is sore. My shoulders are tight, any appointments this week?",
    ],
)
def test_a_service_the_visitor_asks_for_themselves_is_not_for_another(text):
    assert clients_in([text]) == frozenset()


def test_a_message_that_books_for_someone_is_read_as_before():
    text = "Booking for my son, his hamstring is tight. Can he have a massage on Monday?"
    assert clients_in([text]) == {"son"}


@pytest.mark.parametrize(
    ("text", "person"),
    [
        (
            "My mother has thin bones. When she lifted my grandson she felt a crack in her "
            "back. We would like a massage for her.",
            "mother",
        ),
        ("My dad was minding my daughter and he fell. Can you see him?", "dad"),
    ],
)
def test_she_and_he_point_back_to_someone_they_can_name(text, person):
    assert booked_for(text) == {person}


def test_can_she_still_come_books_for_her():
    text = "my gran is on warfarin and bumped her head this morning. can she still come in?"
    assert booked_for(text) == {"gran"}
    assert "head_injury_anticoagulant" in screen_text(text)


# --- words people use -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "finding_id"),
    [
        ("I've been sweating buckets at nite all week", "night_sweats"),
        ("to be honest I feel proper rough", "feeling_unwell"),
        ("he has lost plenty weight since the summer", "weight_loss"),
        ("on Sunday she fall down in the garden", "fall"),
        ("the minibus rolled over on the ring road", "major_trauma"),
        ("both hands are pins n needly", "tingling"),
        ("a headache that hit me like a hammer", "sudden_severe_headache"),
        ("I carried a box of books upstairs and felt a crack", "minor_trigger"),
        ("I struck my head on the loft hatch", "head_injury"),
        ("the redness is creeping up my arm from the cut", "red_flag.infection"),
    ],
)
def test_words_people_use(text, finding_id):
    assert mention(text, finding_id)


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("strong pain in back since one week", ["lower_back"]),
        ("I have much pain in the back, also at night", ["lower_back"]),
        ("a dull ache in the back of my knee", ["knee"]),
        ("the kids were sat in the back of the car", []),
        ("my colleague stabbed me in the back", []),
        # thirtieth round: "and the back" after another region, "side of the back"
        ("it aches in the hip and the back when I walk", ["hip", "lower_back"]),
        ("shivery, and the back is agony", ["lower_back"]),
        ("the ache sits on the left side of the back", ["lower_back"]),
        ("we painted the front and the back of the shed", []),
    ],
)
def test_a_pain_in_the_back_is_the_back_but_the_back_of_something_is_not(text, regions):
    assert [m.id for m in extract(text) if m.label == "body_region"] == regions


def test_a_past_cancer_with_new_pain_in_the_back_is_raised():
    text = "I had cancer of the bowel before 3 years, now much pain in the back, also at night"
    assert "cancer" in screen_text(text)
    text = "She had a tumour removed from her breast in 2021; now her ribs and the back hurt."
    assert "cancer" in screen_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Sometimes my words come out wrong but it is just the language, I moved here in May. "
        "My neck is stiff from the laptop.",
        "I'm a Cancer, so my star chart says I keep stress in my shoulders. They are like rocks.",
        "Knocked my head on the car boot in the summer, got checked and was fine. Now it's my "
        "lower back from gardening.",
    ],
)
def test_explained_or_cleared_signs_raise_nothing(text):
    assert screen_text(text) == []


# --- whom the visitor's words act on --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "clients", "found", "group"),
    [
        # the person word is what a verb acts on, not whose sign follows
        (
            "My mum has osteoporosis. When she lifted my nephew on Sunday she felt a sudden "
            "pain in the back. Can you see her?",
            frozenset({"mum"}),
            "lower_back",
            "osteoporotic_fracture",
        ),
        (
            "was telling my sister something on the phone and it came out gibberish",
            frozenset(),
            "slurred_speech",
            "stroke_or_arterial",
        ),
    ],
)
def test_a_person_a_verb_acts_on_does_not_take_the_sign(text, clients, found, group):
    signs = [m for m in extract(text, clients=clients) if m.id == found]
    assert signs and all(m.affirmed for m in signs)
    assert group in screen_text(text)


def test_some_control_of_the_bowels_lost():
    text = (
        "Writing on behalf of my father (72): back pain since Friday, and he has lost some "
        "control of his bowels."
    )
    assert mention(text, "bowel_problem").affirmed
    assert "cauda_equina" in screen_text(text)
