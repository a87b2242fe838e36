"""Broken bones told without the word, signs told beside other people, and the words that say
whom a message books for (issue 11, thirty-fifth round), in my own wording.

- A stress fracture's hop test ("can't hop on it", "hurts to hop": `bone_spot_pain`); a crack
  felt rather than heard (red_flags.yml fracture); a joint that will not straighten or make a
  fist after a fall or a blow (`cannot_move_joint` with a trauma: the Ottawa knee rule, the
  elbow extension test); a child who refuses to walk (`cannot_bear_weight`); a bone "in two
  bits", a toe "pointing sideways" (`deformity`).
- Chest pain "in the centre of the chest" going "towards the left arm", "perspiring"; a
  collapse with chest pain (`fainting`); a pain "like someone ripping" inside (`tearing_pain`);
  "can't bend my chin down" (`stiff_neck`); indigestion or a jaw ache brought on by walking the
  dog fast (exertional_angina); jeans "hanging off her" (`weight_loss`).
- Whom a message books for: "the one I booked", "for whom I booked", "get him in", "wants to
  keep his massage", a care home's "resident"; "a massage for me, not her" is the visitor's.
- Whose clause: "he can't walk on that leg" and "she only lift the bag ... pain in the back"
  stay his and hers (nlp.py `_told_of_another`); "havent been on a diet" denies "diet" too
  (rules.py `_said`).
"""

import pytest

from bot.engine.assessment import people_in, screen_text
from bot.engine.nlp import extract
from bot.engine.rules import MentionFilter


@pytest.mark.parametrize(
    "text, group",
    [
        (
            "Been doing loads more hill reps and now I can't hop on my right leg, there's a deep "
            "ache in the thigh bone",
            "fracture",
        ),
        (
            "training for a 10k, the outside of my foot hurts to hop on and it aches at night now",
            "fracture",
        ),
        (
            "My nephew fell off his bike and landed on his hand, he can't make a fist and it's "
            "puffy, I want to book him in",
            "fracture",
        ),
        (
            "I slipped on the decking last week and landed on my elbow, I still can't straighten "
            "it fully",
            "fracture",
        ),
        (
            "I was coughing so much with the flu that I felt something crack under my arm, the "
            "rib still hurts to breathe",
            "fracture",
        ),
        # the boy's sign since the forty-eighth round (a "now" with no subject goes on with
        # him): raised when booked for him; told for no one, the rules only ask about it
        (
            "my boy (4) jumped off the wall and now refuses to walk, keeps holding his shin. "
            "Can you see him?",
            "fracture",
        ),
        (
            "came off my board and my wrist looks like it's in two bits, bit swollen",
            "fracture",
        ),
        (
            "Stubbed my foot on the bed post and the second toe is pointing sideways now",
            "fracture",
        ),
        (
            "My husband has a heavy pain in the centre of his chest going towards his left arm, "
            "and he is perspiring. Can I book him a back massage?",
            "cardiac",
        ),
        (
            "I collapsed at work this morning and came round after a few seconds. My chest was "
            "hurting just before",
            "cardiac",
        ),
        (
            "my mum, 74, the one I booked, now has a sudden pain in her back like someone ripping "
            "her inside, she is grey",
            "aortic",
        ),
        (
            "temperature of 39 since this morning, a pounding head and I can't bend my chin down "
            "at all",
            "thunderclap_headache",
        ),
        (
            "I get this indigestion when I walk the dog fast, it goes after a rest",
            "exertional_angina",
        ),
        (
            "my jaw aches whenever I hurry for the bus and it stops once I sit down",
            "exertional_angina",
        ),
        (
            "Booking for my sister, 58. Her back has ached for weeks, she's off her food and her "
            "jeans are hanging off her",
            "cancer",
        ),
    ],
)
def test_a_sign_in_new_words_is_raised(text, group):
    assert group in screen_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "I can hop on it fine now, just want my hamstring loosened off after the race",
        "I can make a fist fine and straighten it, just a tight forearm from climbing",
        "Had bad indigestion after a curry last night, my upper back is stiff from the desk",
        "My gran has cancer in her bones and I sit with her at night; it's a massage for me, "
        "not her, my neck is stiff from the chair",
        "I won't stand for another week of this neck, it's stiff from the laptop",
    ],
)
def test_ordinary_words_beside_them_raise_nothing(text):
    assert screen_text(text) == []


@pytest.mark.parametrize(
    "text, client",
    [
        ("My father, 82, the one I booked, has a sore back", "father"),
        ("my uncle for whom I booked has back pain", "uncle"),
        ("my son fell off his scooter, can we get him in tomorrow?", "son"),
        ("My husband hurt his back; he wants to keep his massage on Friday", "husband"),
        ("I work in a care home and I'm booking for a resident who is 90", "resident"),
        ("a gentleman I care for asked me to book, his back is sore", "gentleman"),
    ],
)
def test_the_person_a_message_books_for(text, client):
    clients, _ = people_in([text])
    assert client in clients


def test_a_massage_for_me_not_her_is_the_visitors():
    clients, _ = people_in(["my mum is unwell but it's a massage for me not her"])
    assert "mum" not in clients


def test_a_massage_for_me_and_my_mum_books_for_both():
    clients, _ = people_in(["I'd like a massage for me and my mum please"])
    assert "mum" in clients


@pytest.mark.parametrize(
    "text, region",
    [
        # a pseudo-negation ("can't walk") ends a negation's reach, not his clause
        ("my dad tripped on the kerb yesterday, he can't walk on that leg", "thigh"),
        # a cue right after "she" ("only") leaves the clause hers
        ("my wife she only lift the rice bag and after that big pain in the back", "lower_back"),
    ],
)
def test_a_clause_told_of_him_or_her_stays_theirs(text, region):
    found = [m for m in extract(text) if m.label == "body_region" and m.id == region]
    assert found and all(m.told_of_another for m in found)


def test_a_denied_longer_idiom_denies_the_shorter_one_inside_it():
    weight_loss = MentionFilter(ignore_in=("diet", "on a diet"))
    assert weight_loss.counts("my trousers are falling off me, havent been on a diet")
    assert not weight_loss.counts("my trousers are falling off me, I'm on a diet")
