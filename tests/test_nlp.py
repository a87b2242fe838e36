"""The spaCy pipeline built from content/: what it finds, and what the words around it mean."""

import json
import subprocess
import sys
import time

import pytest

from bot.engine.nlp import build_pipeline, content_hash, extract, save_pipeline


def found(text, label=None):
    return [
        (m.id, m.negated, m.hedged, m.other_person)
        for m in extract(text)
        if label in (None, m.label)
    ]


def finding(text, finding_id):
    matches = [m for m in extract(text) if m.label == "finding" and m.id == finding_id]
    assert matches, f"{finding_id} not found in {text!r}"
    return matches[0]


@pytest.mark.parametrize(
    ("text", "finding_id"),
    [
        ("I've had a fever all week", "fever"),
        ("my left hand goes numb", "numbness"),
        ("pins and needles in my fingers", "tingling"),
        ("chest pain when I climb stairs", "chest_pain"),
    ],
)
def test_affirmed_findings(text, finding_id):
    mention = finding(text, finding_id)
    assert (mention.negated, mention.hedged, mention.other_person) == (False, False, False)


@pytest.mark.parametrize(
    ("text", "finding_id"),
    [
        ("no numbness", "numbness"),
        ("I don't have a fever", "fever"),
        ("never had cancer", "cancer_history"),
        ("no fever, chills or night sweats", "chills"),
        ("I haven't had any numbness or tingling", "tingling"),
    ],
)
def test_negated_findings(text, finding_id):
    assert finding(text, finding_id).negated


@pytest.mark.parametrize(
    "text",
    ["Mate, on warfarin for my valve, cracked my head", "hi mate, numb between my legs"],
)
def test_the_person_spoken_to_is_not_the_one_told_of(text):
    assert all(m.affirmed for m in extract(text) if m.label == "finding")
    assert not finding("Hi, my mate has a fever and back pain", "fever").affirmed


@pytest.mark.parametrize(
    "text",
    [
        "70 yr old bloke here, been on steroids a few years",
        "Grandad here, fever and chills since Monday",
    ],
)
def test_a_visitor_introducing_themselves_is_not_someone_else(text):
    assert all(m.affirmed for m in extract(text) if m.label == "finding")
    assert not finding("my husband here, he has had a fever since Monday", "fever").affirmed


@pytest.mark.parametrize(
    ("text", "finding_id"),
    [
        # a clause joined by "after", "because", "since"... (nlp.JOINED)
        ("my dad's in hospital after falling off a ladder", "major_trauma"),
        ("my father is in hospital because fever and the back", "fever"),
        ("My girlfriend has since Sunday a high fever", "fever"),
        # a sentence that opens by pointing back (nlp.POINTING_BACK)
        ("Grandad lost a lot of weight last spring. It was bowel cancer.", "cancer_history"),
        ("My sister's calf swelled up on the flight. Turned out to be a DVT.", "red_flag.dvt"),
        ("Auntie lost weight all winter. Turned out it was cancer, poor thing.", "cancer_history"),
    ],
)
def test_a_joined_clause_or_a_sentence_pointing_back_is_told_of_the_person_before(text, finding_id):
    assert finding(text, finding_id).told_of_another


def test_a_sentence_pointing_back_to_me_is_mine():
    assert finding("Nan took me to the GP. It was a DVT in my calf.", "red_flag.dvt").affirmed
    assert finding(
        "I fell off the ladder. It was numb down below after.", "saddle_numbness"
    ).affirmed
    assert finding("Dad had a heart attack. It's my back that is numb now.", "numbness").affirmed


@pytest.mark.parametrize(
    ("text", "finding_id"),
    [
        (
            "Suppose someone had a sudden headache, the worst of their life, what then? That's me"
            " since lunch.",
            "headache",
        ),
        ("Suppose a client went numb down one side, would you massage them? thats me", "numbness"),
        (
            "what would you do if someone couldn't pee for a day? thats whats happening to me",
            "bladder_problem",
        ),
    ],
)
def test_a_sign_imagined_and_then_owned_up_to_is_mine(text, finding_id):
    assert finding(text, finding_id).affirmed


def test_a_sign_imagined_and_not_owned_up_to_stays_imagined():
    mention = finding("Suppose someone had a sudden headache, what would you do?", "headache")
    assert not mention.affirmed
    # words after the owning up are read as they are, and someone named is not imagined
    assert not finding("That's me in the photo. My dad has a fever.", "fever").affirmed
    assert not finding("My dad has a fever. That's me in the photo.", "fever").affirmed


def test_a_joined_clause_about_me_is_mine():
    assert finding("my wife is worried because my legs are numb", "numbness").affirmed
    assert finding("mum came round after I lost control of my bladder", "bladder_problem").affirmed


def test_a_negation_does_not_reach_past_a_colon():
    mention = finding("never felt it go: swollen, red and hot since the flight", "swelling")
    assert not mention.negated
    assert finding("Symptoms: no numbness, no weakness", "numbness").negated
    assert finding("numbness: no. weakness: no", "numbness").negated


@pytest.mark.parametrize(
    ("text", "finding_id"),
    [
        ("I think I might have a fever", "fever"),
        ("maybe a bit of numbness", "numbness"),
        ("not sure if it's tingling", "tingling"),
    ],
)
def test_hedged_findings_are_not_negated(text, finding_id):
    mention = finding(text, finding_id)
    assert mention.hedged and not mention.negated
    assert mention.affirmed


@pytest.mark.parametrize(
    "text",
    [
        "I don't think I have a fever",
        "I dont think ive had a fever",
        "I do not think that I have a fever",
        "I don't believe I've had a fever",
    ],
)
def test_a_denied_belief_about_oneself_negates_past_the_i(text):
    assert finding(text, "fever").negated


def test_a_denied_belief_does_not_reach_past_but_or_another_clause():
    assert not finding("I don't think I have a fever but I'm numb", "numbness").negated
    assert not finding("I don't think it matters, I have a fever", "fever").negated
    assert not finding("I think I have a fever", "fever").negated


def test_mentions_about_someone_else():
    mention = finding("my mum had cancer", "cancer_history")
    assert mention.other_person and not mention.affirmed


def test_negation_stops_at_but():
    text = "I don't have a fever but my legs are numb"
    assert finding(text, "fever").negated
    assert not finding(text, "numbness").negated


def test_negation_stops_at_a_new_sentence():
    text = "No fever. My arm is numb."
    assert finding(text, "fever").negated
    assert not finding(text, "numbness").negated


@pytest.mark.parametrize(
    ("text", "finding_id"),
    [
        # weight lost without trying to is the red flag (NegEx's pseudo-triggers)
        ("No, not trying to lose weight. It's just dropping off", "weight_loss"),
        ("wasn't trying to lose weight, I've just been losing it", "weight_loss"),
    ],
)
def test_not_trying_to_denies_nothing(text, finding_id):
    assert finding(text, finding_id).affirmed


def test_a_denial_that_runs_into_the_finding_denies_it():
    # "haven't had" (a cue) and "had a fall" (the finding) share "had"
    falls = [m for m in extract("No, I haven't had a fall, I use a stick") if m.id == "fall"]
    assert falls and all(m.negated for m in falls)
    assert all(m.affirmed for m in extract("I had a fall last week") if m.id == "fall")


def test_nothing_denies_what_follows_but_not_after_a_verb_of_relief():
    assert finding("nothing numb down below, bladder's normal", "saddle_numbness").negated
    assert finding("nothing swollen, my calves are just tight", "swelling").negated
    assert finding("nothing stops the numbness in my groin", "saddle_numbness").affirmed
    assert finding("nothing eases the numbness in my feet", "numbness").affirmed


@pytest.mark.parametrize("pause", ["...", "..", "\u2026"])
def test_an_ellipsis_ends_a_denial_as_a_comma_does(pause):
    assert finding(f"no{pause} well my right calf is puffy and warm", "calf_swelling").affirmed
    assert finding(
        f"not really dizzy{pause} my legs just went from under me", "drop_attack"
    ).affirmed
    assert finding("no calf swelling or redness... all fine", "calf_swelling").negated


def test_a_correction_after_a_comma_is_not_negated():
    regions = found("not my neck, my shoulder", "body_region")
    assert regions == [("neck", True, False, False), ("shoulder", False, False, False)]


def test_sides_and_regions():
    assert found("my lower back, mostly the left side") == [
        ("lower_back", False, False, False),
        ("left", False, False, False),
    ]


@pytest.mark.parametrize(
    "text", ["right now my shoulder hurts", "I left work early, my neck hurt", "all right"]
)
def test_left_and_right_that_are_not_sides(text):
    assert found(text, "side") == []


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("my right knee", "right"),
        ("pain on the left", "left"),
        ("left-sided headache", "left"),
        ("both knees", "both"),
        ("right in the middle of my neck", "central"),
    ],
)
def test_sides(text, side):
    assert [m.id for m in extract(text) if m.label == "side"] == [side]


def test_region_that_only_locates_a_sensation():
    mentions = extract("pins and needles in my fingers")
    regions = [m for m in mentions if m.label == "body_region"]
    assert [(m.id, m.site_of) for m in regions] == [("wrist_hand", "tingling")]


def test_painful_region_is_not_a_site():
    regions = [m for m in extract("burning pain in my shoulder") if m.label == "body_region"]
    assert [(m.id, m.site_of) for m in regions] == [("shoulder", None)]


def test_overlapping_finding_and_region_are_both_found():
    ids = {(m.label, m.id) for m in extract("I woke up with a stiff neck")}
    assert {("finding", "stiff_neck"), ("body_region", "neck")} <= ids


def test_case_and_curly_apostrophes_do_not_matter():
    assert finding("I CAN’T FEEL MY LEGS PROPERLY AND I’VE GOT A FEVER", "fever")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\x00\x00",
        "<script>alert('fever')</script>",
        "'; DROP TABLE events; --",
        "😩😩😩",
        "\u202e\u200f right-to-left",
        "ok " * 40_000,
    ],
)
def test_bad_input_is_handled(text):
    assert isinstance(extract(text), list)


def test_html_is_read_as_text():
    assert finding("<b>fever</b> and <i>chills</i>", "fever")


def test_non_text_gives_nothing():
    assert extract(None) == []  # type: ignore[arg-type]


def test_a_long_message_is_read_quickly_and_entirely():
    text = "my back aches after work. " * 3_000 + "Oh and I've had a fever all week."
    started = time.perf_counter()
    mentions = extract(text)
    assert time.perf_counter() - started < 10
    assert any(m.id == "fever" for m in mentions)


def test_saved_pipeline_loads_by_path_in_a_fresh_process(tmp_path):
    """What Rasa's SpacyNLP does: spacy.load(path) with no import of our package first."""
    path = save_pipeline(tmp_path / "nmt_en")
    script = (
        "import json, spacy, sys\n"
        f"nlp = spacy.load({str(path)!r}, disable=['parser'])\n"
        "doc = nlp('my lower back hurts, right now it is worse on the left side')\n"
        "print(json.dumps([[e.label_, e.ent_id_] for e in doc.ents]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == [["body_region", "lower_back"], ["side", "left"]]


def test_pipeline_records_the_content_it_was_built_from(content):
    assert build_pipeline(content).meta["content_hash"] == content_hash(content)


def test_someone_else_after_a_finding_does_not_silence_it():
    assert finding("chest pain since my mum died", "chest_pain").affirmed
    assert not finding("cancer runs in the family", "cancer_history").affirmed


def test_nothing_is_lost_at_the_end_of_a_very_long_message():
    filler = "my shoulder has been tight and sore after work. " * 5_000  # about 240,000 characters
    text = filler + "Oh and I've had a fever all week."
    started = time.perf_counter()
    mentions = extract(text)
    assert time.perf_counter() - started < 30
    fever = [m for m in mentions if m.id == "fever"]
    assert len(fever) == 1
    assert text[fever[0].start : fever[0].end].lower() == "fever"
    assert sum(m.id == "shoulder" for m in mentions) == 5_000


def test_a_long_text_without_spaces_is_read_in_pieces():
    assert extract("x" * 120_000 + " fever")[-1].id == "fever"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("feeling really down lately", True),
        ("I feel down and tired", True),
        ("it shoots down my leg and I feel down about it", True),
        ("the pain I feel down my leg", False),
        ("I can feel it down the back of my thigh", False),
    ],
)
def test_feeling_down_is_a_mood_but_not_a_path(text, expected):
    assert any(m.id == "low_mood" for m in extract(text)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm tense all the time", True),
        ("feeling tense and anxious", True),
        ("my neck hurts and I'm tense all the time", True),
        ("My neck is stiff, I feel so tense", True),
        ("lots of tension at work", True),
        ("tense", True),
        ("my neck muscles feel tense", False),
        ("my shoulders are so tense", False),
        ("tension in my shoulders", False),
        ("I feel tense in my upper back", False),
        ("my back is tight and tense", False),
        ("muscle tension", False),
        ("I get tension headaches", False),
    ],
)
def test_tense_is_stress_but_not_of_a_body_part(text, expected):
    assert any(m.id == "stress" for m in extract(text)) is expected


def test_stress_said_beside_tense_muscles_still_counts():
    found = [m.text for m in extract("I am stressed and my neck is tense") if m.id == "stress"]
    assert found == ["stressed"]


@pytest.mark.parametrize("text", ["my breathing is shallow", "I breathe really shallowly"])
def test_shallow_breathing_in_other_words(text):
    assert any(m.id == "shallow_breathing" for m in extract(text))


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        (
            "[Any numbness around your bottom or between your legs?] nope, just my lower back",
            "numbness",
        ),
        ("[Is either calf swollen or hot?] neither, they look the same", "calf_swelling"),
    ],
)
def test_a_copied_question_answered_no_denies_its_findings(text, finding):
    said = [m for m in extract(text) if m.id == finding]
    assert said and all(m.negated for m in said)


def test_a_copied_question_answered_yes_affirms_its_findings():
    said = [
        m
        for m in extract("[Any numbness around your bottom?] yes, since yesterday")
        if m.id == "numbness"
    ]
    assert said and all(m.affirmed for m in said)


def test_a_copied_question_answered_otherwise_is_not_the_visitors_words():
    mentions = extract("[Any chest pain when you walk?] I walk the dog daily, my knee aches")
    assert "chest_pain" not in {m.id for m in mentions}
    assert "knee" in {m.id for m in mentions if m.label == "body_region"}


def test_a_bracket_that_is_no_question_is_read_as_typed():
    assert "numbness" in {m.id for m in extract("[update] numbness in my foot since friday")}
