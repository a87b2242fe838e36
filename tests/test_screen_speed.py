"""The screen's faster arithmetic gives the same answers as the plain one.

Three changes made the screen about twice as fast (docs/evaluation.md, thirty-fourth round):
the semantic layer scores every group in one product (semantic.Linear) instead of through
scikit-learn's pipeline, the rules search a list of patterns as one expression
(rules._any_of), and the findings' token patterns that open with a list of words are one
pattern per word (nlp._by_first_word). Each must change nothing but the time: checked here
on messages of our own wording.
"""

from __future__ import annotations

import pickle
import re

import numpy as np
import pytest
from spacy.matcher import Matcher

from bot.engine import rules, semantic
from bot.engine.content import default_content
from bot.engine.nlp import _by_first_word, get_pipeline

MESSAGES = [
    "My lower back has been stiff since I moved house, no numbness, nothing down the legs.",
    "since this morning numb around my bottom and I can't feel when I need to wee",
    "Sudden headache like a bang while lifting, worst I've ever had, then I was sick.",
    "Back from a 9 hour flight and my left calf is swollen, hot and red.",
    "My dad, 81, on apixaban, fell and hit his head yesterday and is more sleepy today.",
    "numb and tingly in both my hands for weeks, dropping my keys, neck is stiff",
    "Had a temperature of 38.5 and my back aches, chills on and off since Sunday.",
    "it was years ago, the numbness went away and never came back, now just tight shoulders",
    "I've lost a stone without trying and my back hurts most at night, had breast cancer in 2015",
    "ok",
    "",
    "<b>hi</b> 🙂 /affirm ' OR 1=1 -- ",
]


def test_the_layers_own_arithmetic_gives_the_pipelines_probabilities():
    model = semantic.get_model()
    texts = [m for m in MESSAGES if m] + [s for m in MESSAGES for s in semantic.sentences(m)]
    ours = semantic.Linear.of(model.pipeline)(texts)
    theirs = model.pipeline.predict_proba(texts)
    assert ours.shape == theirs.shape == (len(texts), len(model.groups))
    assert np.allclose(ours, theirs, rtol=0, atol=1e-12)


def test_the_saved_model_keeps_no_arithmetic_and_scores_the_same_when_loaded():
    model = semantic.get_model()
    text = "my back is sore after gardening all weekend"
    before = model.scores([text])
    assert "_linear" in model.__dict__
    loaded = pickle.loads(pickle.dumps(model))
    assert "_linear" not in loaded.__dict__
    assert loaded.scores([text]) == before


def test_a_list_of_patterns_searched_as_one_finds_what_each_finds():
    time = default_content().lexicon.time
    for patterns in (time.past, time.gone, time.current, time.usual, time.in_care):
        for text in [*MESSAGES, "she had it two years ago", "it has gone now", "since yesterday"]:
            plain = rules._plain(text)
            each = any(re.search(rules._bounded(p), plain) is not None for p in patterns)
            assert rules._search(patterns, plain) == each, (patterns[:3], text)


def test_no_patterns_find_nothing():
    assert not rules._search((), "anything at all")
    assert not rules.says_any([], "")


def test_a_pattern_opening_with_a_list_of_words_becomes_one_per_word():
    pattern = [{"NORM": {"IN": ["numb", "dead", "numb"]}}, {"NORM": "leg"}]
    assert _by_first_word(pattern) == [
        [{"NORM": "numb"}, {"NORM": "leg"}],
        [{"NORM": "dead"}, {"NORM": "leg"}],
    ]
    optional = [{"NORM": {"IN": ["my"]}, "OP": "?"}, {"NORM": "leg"}]
    assert _by_first_word(optional) == [optional]
    regex = [{"LOWER": {"REGEX": "^numb"}}]
    assert _by_first_word(regex) == [regex]


@pytest.mark.parametrize("text", [m for m in MESSAGES if m])
def test_the_split_patterns_match_the_same_spans(text):
    nlp = get_pipeline()
    lexicon = default_content().lexicon
    patterns = [p for f in lexicon.findings.values() for p in f.patterns]
    whole, split = Matcher(nlp.vocab), Matcher(nlp.vocab)
    for i, pattern in enumerate(patterns):
        whole.add(str(i), [pattern])
        split.add(str(i), _by_first_word(pattern))
    doc = nlp.make_doc(text.lower())
    assert sorted(whole(doc)) == sorted(split(doc))
