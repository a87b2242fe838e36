"""Whose sign a red flag is (issue 11, thirty-eighth round), in my own wording.

A sign told in a sentence about someone else's body alone, in a conversation about the visitor's
own, is raised as theirs (`someone_else`: the advice is to get them help), whether the rules or
the semantic layer heard it; a sign the visitor tells of themselves, even in words a relative
said, stays the visitor's; in a conversation for someone else, every sign is the client's.
Someone else's emergency is told now when its sentence, or the nearest one before it with a
time word, says so, and no one in the message is in a doctor's hands already. "Me mam" is "my
mam". And the signs of this round's development sets, in other words: a kidney stone or
infection told plainly, a new headache at the temples, a bruise spreading on blood thinners,
chest tightness halfway up the stairs; a knock to the head asks about blood thinners.
"""

import pytest

from bot.conversation import planning
from bot.engine import assessment, semantic
from bot.engine.assessment import assess
from bot.engine.content import default_content
from bot.engine.nlp import extract
from bot.engine.spelling import correct

OWN_BACK = "hi, my lower back has been sore for a week since I did the hedges"


def _hearing(monkeypatch, group, sentence):
    """The semantic layer made sure of `group` in `sentence` (and of nothing else)."""

    def hits(text, eager=frozenset(), of_a_client=False):
        if sentence not in text:
            return ()
        return (semantic.ConceptHit(group, 0.97, sentence, True, True),)

    monkeypatch.setattr(assessment, "concept_hits", hits)


def _hit(outcome, group):
    return next(hit for hit in outcome.hits if hit.group == group)


def test_the_semantic_layer_hears_a_wifes_sign_as_hers(monkeypatch):
    wife = "my wife has been half asleep and muddled all day and is hardly going to the loo"
    _hearing(monkeypatch, "cauda_equina", wife)
    outcome = assess(messages=[OWN_BACK, wife])
    assert _hit(outcome, "cauda_equina").someone_else


@pytest.mark.parametrize(
    "sentence",
    [
        "my husband says I was slurring my words at tea and my smile looked lopsided",
        "the kids noticed my face drooping on one side when I laughed this morning",
        "my sister told me I kept losing my words on the phone an hour ago",
    ],
)
def test_a_sign_the_visitor_tells_of_themselves_stays_theirs(monkeypatch, sentence):
    _hearing(monkeypatch, "stroke_or_arterial", sentence)
    outcome = assess(messages=[OWN_BACK, sentence])
    assert not _hit(outcome, "stroke_or_arterial").someone_else


def test_in_a_conversation_for_someone_else_their_sign_is_the_clients(monkeypatch):
    sentence = "she went all confused and sleepy this afternoon and her lips look blue"
    _hearing(monkeypatch, "sepsis", sentence)
    outcome = assess(messages=["I'd like to book a massage for my mum, she's 80", sentence])
    assert not _hit(outcome, "sepsis").someone_else


def test_a_wifes_sepsis_told_beside_the_visitors_back_is_raised_for_her():
    wife = (
        "my wife is very drowsy and muddled today and has barely passed any urine since yesterday"
    )
    outcome = assess(messages=[OWN_BACK, wife])
    assert _hit(outcome, "sepsis").someone_else
    assert outcome.disposition == "emergency"


@pytest.mark.parametrize(
    "text, group",
    [
        # a sentence with no time word of its own is told at the time of the one before it
        (
            "Nana is on warfarin and tripped on the kerb this morning. Banged her forehead on "
            "the pavement too. I'm booking my own shoulder",
            "head_injury_anticoagulant",
        ),
        (
            "my cousin's 16, his left nut has been agony since an hour ago and he's throwing up. "
            "I'd like to book for my back",
            "testicular_torsion",
        ),
        # antibiotics at home do not put a deterioration in a doctor's hands (NICE NG51)
        (
            "Dad's on antibiotics for a chest infection and today he's very confused and his "
            "lips are blue. I'm after a massage for my back",
            "sepsis",
        ),
        (
            "my gran hardly passed water since yesterday and she's muddled today. my knees ache",
            "sepsis",
        ),
    ],
)
def test_someone_elses_emergency_told_now_is_raised_for_them(text, group):
    outcome = assess(messages=[text])
    assert group in outcome.red_flags
    assert _hit(outcome, group).someone_else


def test_someone_else_already_in_a_doctors_hands_later_in_the_message_is_not_raised():
    text = (
        "My brother had a funny turn on Saturday. His mouth drooped and his words were jumbled. "
        "He's on the stroke unit now. I'd like a massage for my tense neck"
    )
    assert "stroke_or_arterial" not in assess(messages=[text]).red_flags


@pytest.mark.parametrize(
    "text, group",
    [
        ("lower back on the right comes in waves, can't sit still, been sick twice", "kidney"),
        (
            "I'm 71, headaches for a fortnight round by my temples, the worst I've known, and my "
            "jaw gets tired halfway through a sandwich",
            "giant_cell_arteritis",
        ),
        ("68 and my head is so tender I flinch when I comb my hair", "giant_cell_arteritis"),
        (
            "on rivaroxaban and a bruise on my shin has come up out of nowhere, it keeps spreading",
            "anticoagulant_bleeding",
        ),
        ("on warfarin, missed the bottom step off the bus, hip sore", "anticoagulant_bleeding"),
        (
            "aged 67, my chest goes tight halfway up the stairs and is fine a minute later",
            "exertional_angina",
        ),
        ("looking to get my mum in, she's 84, her chest wis crushing and she felt sick", "cardiac"),
    ],
)
def test_signs_in_the_words_of_this_round(text, group):
    assert group in assess(messages=[text]).red_flags


def test_a_headache_denied_before_a_turn_does_not_take_the_temples_with_it():
    text = "I'm 64 and never get headaches but this week a throbbing at both temples, comb hurts"
    assert "giant_cell_arteritis" in assess(messages=[text]).red_flags


@pytest.mark.parametrize(
    "text, group",
    [
        ("three days of a pain in my left loin, a raised temperature, hot and cold", "kidney"),
        ("pain in her side round to the back comes in massive waves, she's been sick", "kidney"),
    ],
)
def test_a_kidney_told_in_plain_words(text, group):
    assert group in assess(messages=[text]).red_flags


@pytest.mark.parametrize(
    "typed, read",
    [
        ("me mam is in hospital with sepsis", "my mam is in hospital with sepsis"),
        ("Me da had a stroke", "My da had a stroke"),
        ("let me know", "let me know"),
        ("it hurts me so much", "it hurts me so much"),
    ],
)
def test_me_before_a_relative_is_my(typed, read):
    assert correct(typed).text == read


def test_a_relatives_illness_told_with_me_for_my_is_theirs():
    text = "Me mam is in the hospital getting over sepsis, so my lower back has been neglected"
    assert "sepsis" not in assess(messages=[text]).red_flags


def test_a_knock_to_the_head_asks_about_blood_thinners():
    content = default_content()
    question = "red_flag.head_injury_anticoagulant"
    knocked = planning.evaluate({}, ["cracked the back of my head on a shelf, neck stiff"], content)
    assert planning.is_relevant(question, knocked, content)
    stiff = planning.evaluate({}, ["my neck has been stiff since Tuesday"], content)
    assert not planning.is_relevant(question, stiff, content)


def test_a_relatives_sign_that_is_still_there_stays_theirs():
    # "still" after "is" goes on with the same subject: the speech is the mum's, from a stroke
    # last year, not the visitor's slurred speech now
    text = (
        "My mum had a stroke last year and her speech is still slurred. I'm her carer and my "
        "own back aches from lifting her"
    )
    assert "stroke_or_arterial" not in assess(messages=[text]).red_flags
    slurred = [m for m in extract(text) if m.id == "slurred_speech"]
    assert slurred and all(m.other_person for m in slurred)


def test_a_denial_does_not_reach_past_still():
    tingling = [
        m for m in extract("no numbness and my foot is still tingling") if m.id == "tingling"
    ]
    assert tingling and all(m.affirmed for m in tingling)


def test_a_no_that_says_what_the_visitor_has_none_of_explains_itself(monkeypatch):
    # "I've got no lumps" is not a turn ("no, it's got worse" is): the semantic layer's hit
    # for cancer in the visitor's own "no" to the cancer question is not raised
    content = default_content()
    sentence = "The weight loss is on purpose and I've got no lumps or pain at night"
    raw = f"no, never had cancer myself, that was my uncle. {sentence}"
    _hearing(monkeypatch, "cancer", sentence)
    answers = {"red_flag.cancer": {"raw": raw, "value": "no"}}
    outcome = planning.evaluate(answers, ["my shoulders are tight"], content)
    assert "cancer" not in outcome.red_flags
    turned = {"red_flag.cancer": {"raw": "no, but it's got worse. " + sentence, "value": "no"}}
    assert "cancer" in planning.evaluate(turned, ["my shoulders are tight"], content).red_flags


def test_a_no_in_a_card_row_is_the_same_no(monkeypatch):
    # a card's rows are screened as sentences with a full stop added; the row's answer has none
    content = default_content()
    sentence = "The weight loss is on purpose and I've got no lumps or pain at night"
    raw = f"no, never had cancer myself. {sentence}"

    def hits(text, eager=frozenset(), of_a_client=False):
        if sentence not in text:
            return ()
        return (semantic.ConceptHit("cancer", 0.97, sentence + ".", True, True),)

    monkeypatch.setattr(assessment, "concept_hits", hits)
    answers = {"red_flag.cancer": {"raw": raw, "value": "no"}}
    card = f"Cancer, weight loss or night pain: {raw}\nPossible broken bone: no"
    outcome = planning.evaluate(answers, ["my shoulders are tight", card], content)
    assert "cancer" not in outcome.red_flags
