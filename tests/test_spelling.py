"""Spelling is corrected before the lexicon is matched, and the visitor's words are kept."""

import pytest

from bot.conversation import reading
from bot.engine import spelling
from bot.engine.nlp import extract


@pytest.fixture(scope="module")
def speller():
    return spelling.default_speller()


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("droping things", "dropping things"),
        ("my kneee", "my knee"),
        ("lowr bak pain", "low back pain"),
        ("not realy", "not really"),
        ("rite side", "right side"),
        ("my shoulda hurts", "my shoulder hurts"),
        ("fel down the stares at work", "fell down the stairs at work"),
        ("numnbess", "numbness"),
        ("pian in my legz", "pain in my legs"),
        ("Kneee", "Knee"),
    ],
)
def test_misspelt_words_are_corrected(speller, typed, meant):
    assert speller.correct(typed).text == meant


@pytest.mark.parametrize(
    "typed",
    [
        "numbnes and tinglin",  # misspellings the lexicon's patterns already match
        "I shoulda gone to the GP",  # "should have", not a shoulder
        "he stares at his phone all day",  # looks, not stairs
        "Im not sure, dont know tbh",
        "3weeks of DVT",
        "my neck is sore",
        "on the left",
    ],
)
def test_known_words_numbers_acronyms_and_chat_words_are_left_alone(speller, typed):
    assert speller.correct(typed).text == typed


def test_no_word_is_corrected_into_a_red_flag_word_unless_long_and_one_edit_away(speller):
    assert {"fever", "bladder", "bowel"} <= speller.protected
    assert not {"pain", "knee", "back", "right", "my", "the"} & speller.protected
    # "fevr" is one edit from "fever", but has only 4 letters: it is not made a red flag
    assert speller.symspell.lookup("fevr", 0, 1)[0].term == "fever"
    assert speller.correct_word("fevr") == "fevr"
    # two edits away from a red-flag word: refused whatever its length
    assert speller.suggest("fevverrr") != "fever"
    # 6 letters and one edit away: accepted
    assert speller.correct_word("bowwel") == "bowel"
    assert speller.correct_word("bladdder") == "bladder"
    # the hand-reviewed short fixes are not red-flag words
    assert not set(spelling.SHORT_FIXES.values()) & speller.protected


def test_spans_in_the_corrected_text_map_back_to_the_words_as_typed(speller):
    typed = "lowr bak pain on the rite side"
    corrected = speller.correct(typed)
    assert corrected.text == "low back pain on the right side"
    start = corrected.text.index("low back")
    assert corrected.original_span(start, start + len("low back")) == (0, len("lowr bak"))
    start = corrected.text.index("pain")
    pain = typed.index("pain")
    assert corrected.original_span(start, start + 4) == (pain, pain + 4)
    start = corrected.text.index("right side")
    assert typed[slice(*corrected.original_span(start, len(corrected.text)))] == "rite side"


@pytest.mark.parametrize(
    ("typed", "label", "ident", "as_typed"),
    [
        ("numbnes in my hands", "finding", "numbness", "numbnes"),
        ("droping things all the time", "finding", "clumsy_hands", "droping things"),
        ("my kneee hurts", "body_region", "knee", "kneee"),
        ("lowr bak", "body_region", "lower_back", "lowr bak"),
        ("it is on the rite side", "side", "right", "rite"),
        ("my shoulda is stiff", "body_region", "shoulder", "shoulda"),
        ("tinglin in my toes", "finding", "tingling", "tinglin"),
    ],
)
def test_the_lexicon_reads_misspelt_messages_and_quotes_them_as_typed(
    typed, label, ident, as_typed
):
    found = [m for m in extract(typed) if m.label == label and m.id == ident]
    assert found, extract(typed)
    assert as_typed in found[0].text
    assert typed[found[0].start : found[0].end] == found[0].text
    assert found[0].sentence == typed


def test_the_sentence_quoted_is_the_one_typed():
    typed = "Hello there. I keep droping things and my kneee is sore."
    mentions = extract(typed)
    assert {m.sentence for m in mentions} == {"I keep droping things and my kneee is sore."}


@pytest.mark.parametrize(
    ("question_id", "typed", "value"),
    [
        ("onset", "3 weks", 21.0),
        ("onset", "yesturday", 1.0),
        ("pain_intensity", "about a sevn", 7),
        ("red_flag.cardiac", "definitly", "yes"),
        ("side", "the rite side", "right"),
        ("region", "lowr bak", ["lower_back"]),
    ],
)
def test_a_misspelt_answer_is_read_and_kept_as_typed(content, today, question_id, typed, value):
    readings = reading.read_message(typed, question_id, (), content, today)
    assert readings[question_id]["value"] == value
    assert readings[question_id]["raw"] == typed
