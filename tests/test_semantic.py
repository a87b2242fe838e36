"""The semantic layer of the red-flag screen (bot/engine/semantic.py) and what its hits do.

The sentences in MISS_CLASSES are our own wording of each kind of message the rules alone
missed on language written apart from the project (issue 11); they are not in the training
text. A confident hit raises its group even after a "no" to the screening question; a less
certain one puts that question to the visitor, quoting their words.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter
from pathlib import Path

import pytest

from bot.conversation import messages, planning
from bot.engine import assessment, semantic
from bot.engine.assessment import assess, rules_flag, screen_text
from bot.engine.content import default_content
from bot.engine.nlp import extract
from evaluation import screen

TODAY = datetime.date(2026, 11, 30)
HEADACHE = "thunderclap_headache"

# (our wording, the groups any one of which is the right level of care)
MISS_CLASSES = [
    (
        "Hello, I have since morning big pressure in my chest, also I sweat very much and feel"
        " like to vomit. Is it from my back muscles?",
        {"cardiac"},
    ),
    (
        "Probably my posture again: walking up the hill to the station my left arm went heavy"
        " and my jaw ached, and I came out in a cold sweat.",
        {"cardiac", "exertional_angina"},
    ),
    (
        "oh and while I was typing this my face went droopy on one side and my words came out"
        " all jumbled for a bit",
        {"stroke_or_arterial"},
    ),
    (
        "Since the chiropractor cracked my neck on Friday I've been seeing double and getting"
        " these dizzy spells.",
        {"stroke_or_arterial"},
    ),
    (
        "Last night for about ten minutes I couldn't get a single word out and my right arm was"
        " useless. Fine now though.",
        {"stroke_or_arterial"},
    ),
    (
        "I was deadlifting and there was this sudden bang inside my head, the worst pain I have"
        " ever had.",
        {"thunderclap_headache"},
    ),
    (
        "weird thing, when I go to the toilet I can't feel the paper when I wipe",
        {"cauda_equina"},
    ),
    (
        "my grip gets weaker every week and the muscle at the base of my thumb is wasting away",
        {"progressive_weakness", "myelopathy"},
    ),
    (
        "My mother is 78 and on bone tablets. I'm writing for her: she sneezed yesterday and got"
        " a sudden pain in her back, and she has shrunk a few centimetres.",
        {"fracture", "osteoporotic_fracture"},
    ),
    (
        "cant rly feel my legz proply since yday n cant pee either, back kilin me",
        {"cauda_equina"},
    ),
]

BENIGN = [
    "we laughed so much at the quiz I nearly wet myself, anyway my shoulders are tight",
    "it was 38 degrees outside on holiday and I slept badly on the sunbed",
    "we danced all night long at my cousin's wedding and now my calves ache",
    "I broke my ankle skiing in 2009, it healed fine, this is about my upper back",
    "my dad had a stroke last year so I worry, but I just have a stiff neck from my desk",
    # a tension headache with a stiff neck, each sentence read alone as well (benign_sentences)
    "Long shifts at the till. My neck gets stiff and a dull headache builds by teatime most days.",
    "neck stiff from the laptop and a headache behind my eyes every afternoon, can I book",
]


def test_benign_messages_teach_their_sentences_too():
    """Each sentence of a benign message of several is a benign example; a lone sentence is
    the message itself, and a sentence the rules flag is left out."""
    examples = [
        semantic.Example("Desk job all week. Neck stiff and a headache by four o'clock.", ()),
        semantic.Example("Neck stiff and a headache by four o'clock, most days.", ()),
        semantic.Example("Worst headache of my life. It came on in a second.", ("x",)),
        semantic.Example("It was a long day at work today. And I have a fever of 39 today.", ()),
    ]
    found = semantic.benign_sentences(examples, lambda text: "fever" in text)
    assert [example.text for example in found] == [
        "Neck stiff and a headache by four o'clock.",
        "It was a long day at work today.",
    ]
    assert all(example.groups == () for example in found)


# ids from the text and the sorted groups: a set's order differs between processes (pytest -n 2)
@pytest.mark.parametrize(
    "text,groups", MISS_CLASSES, ids=lambda v: v[:40] if isinstance(v, str) else "/".join(sorted(v))
)
def test_each_miss_class_is_raised_or_asked_about(text, groups):
    """Raised, or (a less certain hit) its group's screening question asked quoting the words."""
    content = default_content()
    outcome = assess(messages=[text], today=TODAY)
    asked = {g for g in outcome.possible if f"red_flag.{g}" in content.questions}
    assert (set(outcome.red_flags) | asked) & groups, text


@pytest.mark.parametrize("text", BENIGN, ids=lambda v: v[:40])
def test_benign_traps_raise_nothing(text):
    assert screen_text(text) == []


# An everyday headache with a stiff neck is the commonest headache a massage clinic hears; the
# layer reads too many as a thunderclap (docs/evaluation.md, twenty-first round: the headache
# development set's false alarms went from 34 to 13 of 190, but these, written by the developer
# during that work, are all still raised). Strict: a change that mends one must say so here.
HEADACHE_AS_THUNDERCLAP = "the semantic layer reads a headache with a stiff neck as a thunderclap"
# mended in the thirty-ninth round by train_zzn.yml (a head and neck named side by side in
# benign words: "head and neck massage", tension "all across my head and neck")
MENDED_HEADACHES = ["my neck is stiff and it gives me headaches at the base of my skull"]
EVERYDAY_HEADACHES = [
    "This job gives me a headache, and my neck is stiff",
    "I have had a headache for two days and my neck feels stiff, I think I slept funny",
    "I've got a stiff neck and a pounding headache after a long week at work",
]


@pytest.mark.parametrize(
    "text",
    [
        *MENDED_HEADACHES,
        *(
            pytest.param(text, marks=pytest.mark.xfail(reason=HEADACHE_AS_THUNDERCLAP, strict=True))
            for text in EVERYDAY_HEADACHES
        ),
    ],
    ids=lambda v: v[:40],
)
def test_an_everyday_headache_with_a_stiff_neck_raises_nothing(text):
    assert screen_text(text) == []


def test_an_everyday_headache_told_as_usual_raises_nothing():
    # the semantic layer scores it a thunderclap; "most days" tells it as a familiar pattern
    text = "work is stressful, I have a headache and a stiff neck most days"
    assert any(hit.confident for hit in semantic.concept_hits(text))
    assert screen_text(text) == []


def test_a_confident_hit_raises_its_group_after_a_no_to_the_screening_question():
    words = (
        "I get this heaviness across my chest with a cold sweat and I feel sick when it comes,"
        " and it spreads into my jaw"
    )
    assert semantic.concept_hits(words)[0].confident
    outcome = assess(answers={"red_flag.cardiac": "no"}, messages=[words], today=TODAY)
    assert "cardiac" in outcome.red_flags
    assert outcome.disposition == "emergency"
    hit = next(hit for hit in outcome.hits if hit.group == "cardiac")
    assert any("heaviness" in evidence.text for evidence in hit.evidence)


def test_a_possible_hit_asks_its_question_quoting_the_visitor():
    content = default_content()
    heard = {"cardiac": "my chest is a bit odd when I climb stairs"}
    outcome = assess(messages=["my shoulder is sore"], today=TODAY)
    outcome = dataclasses.replace(outcome, possible=heard)
    assert planning.is_relevant("red_flag.cardiac", outcome, content)
    words = planning.heard_words("red_flag.cardiac", outcome)
    message = messages.ask(content.question("red_flag.cardiac"), content, False, None, words)
    assert 'You mentioned "my chest is a bit odd when I climb stairs"' in message.text
    assert content.question("red_flag.cardiac").text in message.text
    assert message.buttons


def test_the_quote_is_cut_and_cannot_break_the_text():
    content = default_content()
    question = content.question("red_flag.cardiac")
    message = messages.ask(question, content, False, None, 'say "hi" ' + "x" * 500)
    assert "'hi'" in message.text and "…" in message.text
    assert len(message.text) < len(question.text) + 400


def test_sentences_read_a_long_message_in_pieces():
    assert semantic.sentences("one  thing. another\nthing!") == ["one thing.", "another", "thing!"]
    assert semantic.sentences("just one") == ["just one"]
    many = ". ".join(f"sentence {i}" for i in range(100))
    assert len(semantic.sentences(many)) == semantic.MAX_SENTENCES


def test_the_words_shown_are_the_sentence_that_was_heard():
    text = (
        "I work in an office and sit a lot. Since yesterday I can't pass urine at all and"
        " both legs feel numb. My shoulders are tight too."
    )
    hit = next(hit for hit in semantic.concept_hits(text) if hit.group == "cauda_equina")
    assert hit.confident
    assert hit.sentence.startswith("Since yesterday I can't pass urine")


def _scored(monkeypatch, model, scores):
    """The model scoring the whole message and each sentence as `scores` says, in order."""
    monkeypatch.setattr(
        model,
        "scores",
        lambda texts, of_a_client=False: [
            {g: scores[i] if g == "fracture" else 0.0 for g in model.groups}
            for i in range(len(texts))
        ],
    )


def test_a_sentence_alone_in_a_short_message_must_be_borne_out_by_the_whole(monkeypatch):
    model = semantic.get_model()
    text = (
        "I went over on my ankle jumping off a wall on sunday. I can stand and walk on it "
        "fine, nothing cracked and the puffiness has settled."
    )
    # the first sentence alone sounds like a break; read whole, the message says it is not
    _scored(monkeypatch, model, [0.1, 0.95, 0.05])
    (hit,) = model.hits(text)
    assert not hit.confident  # asked about, quoting the sentence
    assert hit.sentence.startswith("I went over on my ankle")
    _scored(monkeypatch, model, [semantic.POSSIBLE, 0.95, 0.05])
    assert model.hits(text)[0].confident


def test_an_emergency_heard_in_one_sentence_of_a_short_message_is_enough(monkeypatch):
    # someone writing for another scores low as a whole; an emergency's miss costs most
    model = semantic.get_model()
    text = (
        "Would a head and neck massage be safe for my dad? Since breakfast his mouth has "
        "gone down on one side and he can't say what he means."
    )
    _scored(monkeypatch, model, [0.1, 0.05, 0.95])
    assert not model.hits(text)[0].confident
    assert model.hits(text, eager=frozenset({"fracture"}))[0].confident


def test_an_emergency_in_one_short_sentence_of_a_short_message_must_be_borne_out(monkeypatch):
    # under MIN_WORDS words one keyword weighs too much ("that explains the headache and the
    # neck" scored 0.99 for a thunderclap headache), as in a short message
    model = semantic.get_model()
    text = "Nine hours on my phone yesterday. That explains the headache and the neck."
    eager = frozenset({"fracture"})
    _scored(monkeypatch, model, [0.1, 0.05, 0.99])
    (hit,) = model.hits(text, eager=eager)
    assert not hit.confident  # asked about, quoting the sentence
    assert hit.sentence == "That explains the headache and the neck."
    _scored(monkeypatch, model, [semantic.POSSIBLE, 0.05, 0.99])
    assert model.hits(text, eager=eager)[0].confident


def test_a_sentence_alone_in_a_long_message_is_enough(monkeypatch):
    model = semantic.get_model()
    text = " ".join(
        [
            "Work has been busy and I sit at the desk for hours every day.",
            "My shoulders feel like concrete by the end of the week.",
            "I try to stretch at lunch when I remember to do it.",
            "On Saturday I fell off the ladder clearing the gutters and my wrist looks bent.",
        ]
    )
    _scored(monkeypatch, model, [0.1, 0.0, 0.0, 0.0, 0.95])
    assert model.hits(text)[0].confident


def test_negation_and_other_person_cues_mark_the_words_they_reach():
    mark = semantic.lexicon_marker()
    assert mark("no numbness, but my legs are weak") == "no neg_numbness but my legs are weak"
    assert mark("my mum had a stroke. I'm fine") == "my mum oth_had oth_a oth_stroke im fine"


def test_the_longest_cue_starting_at_a_word_is_found():
    cues = semantic.Phrases.of(["my mum", "my mum's sister", "My", "mum", "", "no"])
    words = ["my", "mums", "sister", "had", "a", "stroke"]
    assert cues.at(words, 0) == ("my", "mums", "sister")
    assert cues.at(["my", "mum", "had"], 0) == ("my", "mum")
    assert cues.at(["my", "back"], 0) == ("my",)
    assert cues.at(words, 3) is None


@pytest.mark.parametrize("text", ["", "   ", "\n", None, 42])
def test_empty_or_not_text_hears_nothing(text):
    assert semantic.concept_hits(text) == ()


@pytest.mark.parametrize(
    "text", ["38", "3 months.", "since saturday so 5 days", "just the pregnancy, 24 weeks."]
)
def test_a_short_answer_is_not_read_by_the_semantic_layer(text):
    """Answers such as an age or a duration were asked about as a fever or cauda equina, quoting
    "38." (the classes' prior outweighs a few words); the rules still read them."""
    assert semantic.concept_hits(text) == ()


def test_a_short_sentence_of_a_longer_message_is_neither_scored_nor_quoted():
    text = "3 months. My neck gets tight at the desk and my shoulders ache by the evening."
    assert all(hit.sentence != "3 months." for hit in semantic.concept_hits(text))


@pytest.mark.parametrize(
    "text",
    ["<script>alert(1)</script>", "/affirm", "'; DROP TABLE assessment; --", "🙂" * 1000],
)
def test_odd_input_is_scored_without_error(text):
    assert isinstance(semantic.concept_hits(text), tuple)


def test_a_huge_message_is_scored():
    text = "my traps are tight from work. " * 2000 + "and I can't pass urine since yesterday"
    assert isinstance(semantic.concept_hits(text), tuple)


def test_training_is_repeatable_and_the_saved_model_is_used_only_when_current(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    examples = [
        semantic.Example("can't pass urine and numb down below", ("cauda_equina",)),
        semantic.Example("crushing chest pain and sweating", ("cardiac",)),
        semantic.Example("chest pressure and feeling sick", ("cardiac",)),
        semantic.Example("tight chest and breathless on the stairs", ("cardiac",)),
        semantic.Example("stiff neck from my desk", ()),
        semantic.Example("sore shoulders after painting", ()),
        semantic.Example("tight calves after running", ()),
    ]
    first = semantic.ConceptModel.train(examples, "abc")
    second = semantic.ConceptModel.train(examples, "abc")
    text = "heavy chest and sweating"
    assert first.scores([text]) == second.scores([text])
    path = first.save(tmp_path / "model.pkl")
    # the model trained in its place learns these examples, not the whole training text (45 s)
    monkeypatch.setattr(semantic, "training_examples", lambda: examples)
    semantic.get_model.cache_clear()
    try:
        # trained from other files than the current ones: not used, a current one is trained
        assert semantic.get_model(path).trained_from == semantic.training_hash()
    finally:
        semantic.get_model.cache_clear()


def test_the_training_text_shares_no_six_word_run_with_the_test_split():
    assert screen.shared_runs(screen.load(), semantic.training_files()) == []


def test_the_text_written_after_the_people_test_split_shares_no_six_word_run_with_it():
    # evaluation/screen_proxy.yml was frozen before the ninth round's work (docs/evaluation.md);
    # the older training text was written before it and shares ordinary phrases ("a stiff neck
    # after a long"), counted in its report
    later = [semantic.TRAINING_DIR / "train_y.yml"]
    assert screen.shared_runs(screen.load(screen.PROXY_CORPUS), later) == []


@pytest.mark.parametrize(
    "text",
    [
        "I don't have chest pain or shortness of breath, just a stiff upper back",
        "my dad had slurred speech and a droopy face when he had his stroke, my back is sore",
    ],
)
def test_the_rules_context_reading_overrules_the_semantic_layer(text):
    assert screen_text(text) == []


def test_a_message_told_only_of_someone_else_does_not_overrule_it():
    # nothing in it is the visitor's: they may be asking for their dad (assessment.py
    # `only_of_others`), so a relative named beside the sign does not lower its urgency
    text = "my dad had slurred speech and a droopy face when he had his stroke"
    assert screen_text(text) == ["stroke_or_arterial"]


def test_left_and_right_before_a_part_of_the_body_read_the_same():
    """The training writers chose the right calf for most DVTs: the side must not decide."""
    assert semantic.neutral_sides("My Right calf is sore") == "my side calf is sore"
    assert semantic.neutral_sides("my left lower leg") == "my side lower leg"
    # "right" that is not a side stays
    assert semantic.neutral_sides("something is not right, right now") == (
        "something is not right, right now"
    )
    model = semantic.get_model()
    left, right = model.scores(
        ["my left calf is sore after running", "my right calf is sore after running"]
    )
    assert left == right


# The fracture group's semantic hits: a message naming a road accident and no other sign of a
# fracture is raised only from the cautious thresholds (semantic.CAUTIOUS_FINDINGS).
BENT_WRIST = "since the weekend my wrist has been very sore and I can't turn the key in the door"
CRASH_WRIST = "was in a car crash on sunday and since then my wrist is sore when I turn the key"


def _fracture_heard(monkeypatch, sure: bool):
    """The semantic layer confident of a fracture in any message, surely or not."""

    def hits(text, eager=frozenset(), of_a_client=False):
        return (semantic.ConceptHit("fracture", 0.9 if sure else 0.7, text, True, sure),)

    monkeypatch.setattr(assessment, "concept_hits", hits)


def test_a_confident_fracture_hit_is_raised_from_the_common_thresholds(monkeypatch):
    common = (semantic.CONFIDENT, semantic.CONFIDENT_SENTENCE)
    assert semantic.thresholds("fracture", frozenset()) == common
    assert not rules_flag(BENT_WRIST)  # the rules alone hear nothing
    _fracture_heard(monkeypatch, sure=False)
    assert screen_text(BENT_WRIST) == ["fracture"]


def test_a_road_accident_alone_raises_a_fracture_only_when_sure(monkeypatch):
    _fracture_heard(monkeypatch, sure=False)
    outcome = assess(messages=[CRASH_WRIST])
    assert "fracture" not in outcome.red_flags
    assert outcome.possible["fracture"] == CRASH_WRIST  # asked, quoting the visitor
    _fracture_heard(monkeypatch, sure=True)
    assert screen_text(CRASH_WRIST) == ["fracture"]


def test_a_road_accident_with_another_sign_of_a_fracture_is_not_held_back(monkeypatch):
    text = "was in a car crash on sunday, then slipped on the ice yesterday and my wrist is sore"
    assert not rules_flag(text)  # the rules alone hear nothing
    _fracture_heard(monkeypatch, sure=False)
    assert screen_text(text) == ["fracture"]


@pytest.mark.parametrize(
    "text",
    [
        "whiplash from a car accident two weeks ago, neck is sore",
        "whiplash from a car crash last week, my neck is stiff and sore",
        "fell off a ladder onto my back yesterday and it is agony to move",
    ],
)
def test_a_sure_hit_is_a_confident_one(text):
    hits = semantic.get_model().hits(text)
    assert hits
    assert all(hit.confident for hit in hits if hit.sure)


def test_a_denial_in_the_quoted_words_does_not_undo_the_same_sign_said_elsewhere(monkeypatch):
    # the layer quotes its best sentence, here the one that says the headache is new
    text = (
        "I'm 68 and for two weeks a headache has been waking me at 4am. "
        "I never used to get headaches at all"
    )
    last = {}  # each message's last sentence, as the words the layer quotes

    def hits(t, eager=frozenset(), of_a_client=False):
        words = t.split(". ")[-1]
        last[t] = words
        return (semantic.ConceptHit("thunderclap_headache", 0.95, words, True, True),)

    monkeypatch.setattr(assessment, "concept_hits", hits)
    assert "thunderclap_headache" in assess(messages=[text]).red_flags
    assert last[text] == "I never used to get headaches at all"
    # denied everywhere, it stays denied
    denied = "No headache at all, my neck is just stiff from the desk. I never get headaches"
    assert "thunderclap_headache" not in assess(messages=[denied]).red_flags


@pytest.mark.parametrize(
    ("text", "group", "new"),
    [
        ("I'm 71 and have never had headaches before, now one wakes me at 5am", HEADACHE, True),
        ("never get headaches but for a fortnight now one comes when I cough", HEADACHE, True),
        ("I have never had headaches till now, in all my fifty years", HEADACHE, True),
        ("I've never had a headache in my life and this week I've had four", HEADACHE, True),
        ("never one for headaches, but this afternoon one hit me while lifting", HEADACHE, True),
        ("I never get headaches, but last night one woke me at 3am", HEADACHE, True),
        ("I never get headaches at all, my neck is just stiff", HEADACHE, False),
        ("never had headaches before I started this job", HEADACHE, False),  # a time
        ("I have never had a blood clot in my leg before, calf is tight from a run", "dvt", False),
    ],
)
def test_never_before_tells_a_sign_as_new_only_to_the_semantic_layer(monkeypatch, text, group, new):
    def hits(t, eager=frozenset(), of_a_client=False):
        return (semantic.ConceptHit(group, 0.95, t, True, True),)

    monkeypatch.setattr(assessment, "concept_hits", hits)
    named = default_content().red_flag_findings[group]
    mentions = [m for m in extract(text) if m.label == "finding" and m.id in named]
    assert mentions and all(m.negated for m in mentions)  # the rules read a denial either way
    assert any(m.new for m in mentions) is new
    assert (group in assess(messages=[text]).red_flags) is new


@pytest.mark.parametrize(
    ("text", "raised"),
    [
        # told as the visitor's usual pattern, and nothing else of the group
        ("my usual Friday headache, tight neck and a stiff neck, long week at the desk", False),
        ("the same old headache most days, with a stiff neck from the laptop", False),
        ("headache and stiff neck on and off for months whenever work gets busy", False),
        # no word of a usual pattern
        ("a headache and a stiff neck since yesterday, I think I slept funny", True),
        # told as new or changed all the same
        ("I get headaches most days, but this one came on in seconds, neck is stiff", True),
        ("my usual headache has got much worse this week and my neck is stiff", True),
        ("every time I cough my head pounds, and my neck is stiff", True),
        # another sign of the group, or of another red flag, in the same words
        ("usual headache and a stiff neck, but I've been sick twice today", True),
        ("headache and a stiff neck most days, and chills and sweats on and off", True),
    ],
)
def test_a_headache_told_as_the_visitors_usual_one_is_asked_about_not_raised(
    monkeypatch, text, raised
):
    def hits(t, eager=frozenset(), of_a_client=False):
        return (semantic.ConceptHit(HEADACHE, 0.99, t, True, True),)

    monkeypatch.setattr(assessment, "concept_hits", hits)
    outcome = assess(messages=[text])
    assert (HEADACHE in outcome.red_flags) is raised
    if not raised:  # asked about, quoting the words
        assert outcome.possible[HEADACHE] == text


def test_a_usual_pattern_lowers_only_a_group_that_names_familiar_findings(monkeypatch):
    text = "my usual chest tightness is back every time I climb the stairs, sweating too"

    def hits(t, eager=frozenset(), of_a_client=False):
        return (semantic.ConceptHit("cardiac", 0.99, t, True, True),)

    monkeypatch.setattr(assessment, "concept_hits", hits)
    assert "cardiac" in assess(messages=[text]).red_flags


def test_never_before_without_the_semantic_layer_raises_nothing():
    assert screen_text("no, never had any bladder problems before, just a tight back") == []
    assert screen_text("I have never had numbness in my groin before, only my low back") == []


@pytest.mark.parametrize(
    ("text", "raised"),
    [
        ("just being unfit but my leg keeps giving way more and more", True),
        ("probably out of shape since lockdown, but my arm gets weaker every week", True),
        # a denial is still a denial
        ("I'm unfit but no weakness anywhere, legs just ache after hills", False),
    ],
)
def test_what_the_visitor_blames_a_sign_on_does_not_overrule_the_semantic_layer(
    monkeypatch, text, raised
):
    # minimising words never lower urgency: "unfit" (lexicon `blamed_on`) keeps the rules from
    # raising weakness on its own, but the layer's confident hit stands
    def hits(t, eager=frozenset(), of_a_client=False):
        return (semantic.ConceptHit("progressive_weakness", 0.99, t, True, True),)

    monkeypatch.setattr(assessment, "concept_hits", hits)
    assert ("progressive_weakness" in assess(messages=[text]).red_flags) is raised


def test_what_the_visitor_blames_a_sign_on_still_keeps_the_rules_from_raising_it():
    only = default_content().mention_filters["weakness"]
    text = "I'm unfit since lockdown and my legs feel weak"
    assert not only.counts(text)
    assert only.counts(text, blamed=False)
    assert screen_text(text) == []


def _scored_for(monkeypatch, model, group, score):
    """The model scoring every text `score` for `group` and nothing for the others."""
    monkeypatch.setattr(
        model,
        "scores",
        lambda texts, of_a_client=False: (
            [{g: score if g == group else 0.0 for g in model.groups}] * len(texts)
        ),
    )


@pytest.mark.parametrize(
    ("text", "score", "confident"),
    [
        ("suddenly cannot speak good and face drop", 0.99, True),
        ("suddenly cannot speak good and face drop", 0.85, False),  # under SHORT_CONFIDENT: asked
        ("my dad's smile looks lopsided today", 0.99, False),  # someone else's: asked
        ("no headache after I bumped my head", 0.99, False),  # a denial: asked
    ],
)
def test_a_short_message_raises_a_group_only_from_a_high_score_and_no_cue(
    monkeypatch, text, score, confident
):
    model = semantic.get_model()
    assert len(text.split()) < semantic.MIN_WORDS
    _scored_for(monkeypatch, model, "stroke_or_arterial", score)
    eager = frozenset({"stroke_or_arterial"})
    (hit,) = model.hits(text, eager=eager)
    assert hit.confident is confident
    # the same for a group that is not an emergency but well learned (fifty-sixth round)
    assert "stroke_or_arterial" in model.learned
    assert model.hits(text)[0].confident is confident


def test_a_short_message_raises_a_group_learned_from_few_messages_only_as_an_emergency(
    monkeypatch,
):
    model = semantic.get_model()
    assert "kidney" not in model.learned
    _scored_for(monkeypatch, model, "kidney", 0.99)
    assert not model.hits("the pain in my lower back comes in waves")[0].confident
    eager = frozenset({"kidney"})
    assert model.hits("the pain in my lower back comes in waves", eager=eager)[0].confident


def test_the_well_learned_groups_are_those_with_many_training_messages():
    model = semantic.get_model()
    counts = Counter(group for e in semantic.training_examples() for group in e.groups)
    assert model.learned == {g for g, n in counts.items() if n >= semantic.WELL_LEARNED}
    assert {"cauda_equina", "myelopathy", "progressive_weakness"} <= model.learned


def test_a_short_message_with_an_emergency_in_plain_words_raises_it():
    assert "stroke_or_arterial" in screen_text("suddenly cannot speak good and face drop")
    assert "stroke_or_arterial" in screen_text("i cannot find words, they come wrong since morning")


def _hears(monkeypatch, group, words):
    """The semantic layer hearing `group`, confidently, in `words` and in nothing else."""

    def hits(t, eager=frozenset(), of_a_client=False):
        return (semantic.ConceptHit(group, 0.99, t, True, True),) if t == words else ()

    monkeypatch.setattr(assessment, "concept_hits", hits)


@pytest.mark.parametrize(
    ("reply", "raised"),
    [
        # a "no" that explains itself
        ("no, my fingers are precise, I'd notice instantly", False),
        ("nope, hands r fine, still hitting my flicks lol", False),
        ("No! My hands are steady, I'd know in my job", False),
        # a "no" that turns
        ("no, but my fingers feel like sausages on the keyboard", True),
        ("no... well my handwriting looks like a child's lately", True),
        ("no, just a bit fumbly with keys", True),
        # no plain "no" to open it
        ("not sure, my fingers feel like sausages on the keyboard", True),
        # the rules read a sign of the group in it
        ("no, apart from I keep dropping things", True),
    ],
)
def test_a_no_that_explains_itself_does_not_raise_its_own_group(monkeypatch, reply, raised):
    _hears(monkeypatch, "myelopathy", reply)
    outcome = assess(answers={"red_flag.myelopathy": reply, "region": "neck"})
    assert ("myelopathy" in outcome.red_flags) is raised
    # the same words anywhere else are read as they always were
    assert "myelopathy" in assess(messages=[reply], answers={"region": "neck"}).red_flags


def test_a_no_that_explains_itself_still_raises_an_emergency_or_another_group(monkeypatch):
    reply = "no, my speech and face are completely normal, ask my wife"
    _hears(monkeypatch, "stroke_or_arterial", reply)
    answers = {"red_flag.stroke_or_arterial": reply, "region": "neck"}
    assert "stroke_or_arterial" in assess(answers=answers).red_flags
    reply = "no, my fingers are precise, I'd notice instantly"
    _hears(monkeypatch, "myelopathy", reply)
    answers = {"red_flag.cancer": reply, "region": "neck"}
    assert "myelopathy" in assess(answers=answers).red_flags


def test_a_denial_outside_the_heard_words_does_not_contradict_them(monkeypatch):
    # the rules read "no bowel problems as such... I just can't tell when I need to go" as one
    # sentence; the layer heard the second part alone
    text = "no bowel problems as such... I just can't tell when I need to go anymore"
    heard = "I just can't tell when I need to go anymore"

    def hits(t, eager=frozenset(), of_a_client=False):
        return (semantic.ConceptHit("cauda_equina", 0.96, heard, True, True),)

    monkeypatch.setattr(assessment, "concept_hits", hits)
    assert "cauda_equina" in assess(messages=[text]).red_flags


@pytest.mark.parametrize(
    ("text", "group", "raised"),
    [
        # one sign of the group, read by the rules: their reading stands
        ("I'm sick of this chest ache", "cardiac", False),
        ("I've had a fever all week", "sepsis", False),
        # words the rules do not know, or several signs of the group
        ("suddenly cannot speak good and face drop", "stroke_or_arterial", True),
        ("headache plus fever, chin won't reach chest", "thunderclap_headache", True),
        # one sign the rules read, and the other words tell the group without it (the model
        # scores "sudden thunderbolt of a , worst by miles" 1.0 for a thunderclap headache)
        ("sudden thunderbolt of a headache, worst by miles", "thunderclap_headache", True),
        ("everything doubled, room spins since neck got cracked", "stroke_or_arterial", True),
        # a longer message is read as always
        ("I'm sick of this chest ache that has been going on all week", "cardiac", True),
    ],
)
def test_one_keyword_in_a_short_message_is_left_to_the_rules(monkeypatch, text, group, raised):
    _hears(monkeypatch, group, text)
    assert (group in assess(messages=[text]).red_flags) is raised


def test_ordinary_pain_between_the_shoulder_blades_is_asked_about_not_sent_to_an_emergency():
    # an aortic tear is felt where everyday pain is: its hit is raised from the ordinary
    # thresholds (semantic.NOT_EAGER), and this one (0.52) is only asked about
    text = "pain between my shoulder blades, started about a week ago"
    assert screen_text(text) == []
    assert "aortic" in assess(messages=[text], today=datetime.date(2026, 12, 3)).possible
    tear = (
        "my back between the shoulder blades suddenly felt like it was splitting, worst pain "
        "of my life, I'm 68 with high blood pressure"
    )
    assert "aortic" in screen_text(tear)
