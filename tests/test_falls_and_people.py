"""Falls of older people told by their family, a hip that looks broken, Lhermitte's sign,
and people in text speak (issue 11, thirty-second round), in my own wording.

- A fall in a second language ("had slip", "had fall"), one nobody saw ("found him on the
  kitchen floor"), off a horse ("came a cropper") or "a really bad fall" (lexicon `fall`).
- The age of a mother-in-law given after her ("my mother-in-law, 81 years":
  parsing.named_age).
- A hip broken in a fall: the leg shorter and the foot turned out (lexicon `deformity`); not
  walked or stood since (lexicon `cannot_bear_weight`).
- "zaps down my spine when I tilt my head": Lhermitte's sign (lexicon `neck_bend_shocks`,
  red_flags.yml myelopathy); walking "like he's on a boat", "with his feet wide apart"
  (lexicon `unsteady_gait`); coins he cannot pick up (`clumsy_hands`).
- "a heavy feeling in his chest" (`chest_pain`), "progressively feebler"
  (progressive_weakness), "a sudden and really violent pain in the head"
  (`sudden_severe_headache`), a knock on the temple (`head_injury`).
- "lost nearly two inches in height" (lexicon `height_loss`), with sudden back pain after
  a bend, is a spine broken where the bone is thin (osteoporotic_fracture).
- The dizziness of "the room moves like being on a boat" is not unsteady walking.
- "bro", "sis" are people; "booking him" books for the last one named, "please book my",
  "booking my" for the person named next (lexicon `people`, `proxy_object`, `proxy_before`).
- A fall on the telly, a fear "that every headache is a tumour", a relative's fall long ago
  raise nothing (lexicon `other_person`, `hypothetical_before`, `fall`).
"""

import pytest

from bot.engine.assessment import assess, screen_text
from bot.engine.nlp import extract
from bot.engine.parsing import named_age


@pytest.mark.parametrize(
    "text, group",
    [
        (
            "Booking for my nan, she's 88 and had a slip in the kitchen on Tuesday, hip sore since",
            "fracture",
        ),
        (
            "Please book my father-in-law, 79 years. He had fall outside the shop last week and "
            "his back is paining",
            "fracture",
        ),
        (
            "Can my grandad come in? He's 90, the carer found him on the kitchen floor this "
            "morning and his side is sore",
            "fracture",
        ),
        (
            "Mum took a tumble on Friday, now her left leg looks shorter and the foot is turned "
            "out. Can you loosen it?",
            "fracture",
        ),
        (
            "My uncle came off his bike on Sunday and he hasn't walked since, can you see him?",
            "fracture",
        ),
        (
            "can you book my bro in, his neck's been sore for months and now he keeps dropping "
            "his keys and walks like he's on a boat",
            "myelopathy",
        ),
        (
            "i get zaps down my spine whenever i tilt my head forward, neck's been stiff a while",
            "myelopathy",
        ),
        (
            "Booking for my husband, his neck aches and he walks with his feet wide apart and "
            "can't pick coins out of his wallet",
            "myelopathy",
        ),
        (
            "Booking my dad, he gets a heavy feeling in his chest when he climbs the stairs and "
            "has to stop",
            "exertional_angina",
        ),
        (
            "I'd like a massage for my sister. Over the winter her legs have got progressively "
            "feebler and she's back to using a stick.",
            "progressive_weakness",
        ),
        (
            "She had a sudden and really violent pain in the head while gardening, and her neck "
            "is stiff since. Booking for my sis.",
            "thunderclap_headache",
        ),
        (
            "I tripped on the patio and hit my temple on Sunday; since then a headache and I've "
            "been muddled, I keep losing my words",
            "thunderclap_headache",
        ),
        (
            "The nurse measured me and I've lost nearly two inches in height. On Monday I bent to "
            "pick up the cat and got a sudden sharp pain in my mid back",
            "osteoporotic_fracture",
        ),
    ],
)
def test_falls_and_signs_in_these_words_raise_their_group(text, group):
    assert group in screen_text(text)


def test_a_hip_that_looks_broken_needs_a_doctor_today():
    outcome = assess(
        messages=["Mum took a tumble on Friday, now her left leg looks shorter and turned outward"]
    )
    assert outcome.disposition == "urgent_physician"


@pytest.mark.parametrize(
    "text",
    [
        "On the telly last night someone fell off a ladder and broke their hip, gave me a "
        "fright. My shoulders are tight from work.",
        "my sister thinks every headache is a brain tumour lol, mine is just desk neck",
        "My aunt had a really nasty fall years ago and broke her wrist; I'm 40 and my calves "
        "are tight from running.",
        "Booking for my bro, his hamstrings are tight after football.",
    ],
)
def test_falls_of_others_and_fears_raise_nothing(text):
    assert screen_text(text) == []


def test_the_age_of_an_in_law_given_after_them():
    assert named_age("booking for my mother-in-law, 81 years. she slipped", "mother") == 81
    assert named_age("my father in law is 77", "father") == 77


def test_bro_and_booking_him_book_for_that_person():
    outcome = assess(messages=["My bro, I'm booking him, his lower back is stiff"])
    assert "bro" in outcome.clients
    outcome = assess(messages=["One thing, my father, I am booking him, his legs ache"])
    assert "father" in outcome.clients
    outcome = assess(messages=["Please book my father-in-law, his legs ache"])
    assert "father" in outcome.clients


def test_walking_like_on_a_boat_is_unsteady_but_a_spinning_room_is_not():
    def gait(text):
        return [m.id for m in extract(text) if m.id == "unsteady_gait"]

    assert gait("my dad walks like he's on a boat lately")
    assert gait("wobbly, like on a boat")
    assert not gait("I get dizzy, the room spins like being on a boat")
    assert not gait("the floor is moving like on a ship")


@pytest.mark.parametrize(
    "text",
    [
        "someone fell on me at football and now my wrist looks bent",
        "Somebody fell onto my leg in the scrum, I can't put weight on it",
        "someone fell into me on the ice, I'm 70 and my hip hurts since",
    ],
)
def test_someone_falling_onto_the_visitor_leaves_their_signs_theirs(text):
    # "someone fell" is someone else's fall (lexicon `other_person`), not the visitor's signs
    assert "fracture" in screen_text(text)
