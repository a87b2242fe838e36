"""The semantic layer of the red-flag screen: red-flag concepts in words the lexicon does not list.

The rules (red_flags.yml, lexicon.yml) are precise and explain themselves, but they hear only the
phrases they list. Beside them, a small classifier trained on our own visitor-style messages
(content/screen/train_*.yml, and each sentence of the benign ones) scores each red-flag group for
every sentence of a message:

- a score at or above the group's `confident` threshold raises the group, like a rule would
  (screening.py), even after the visitor answered "no" to the screening question;
- a score at or above `possible` but below `confident` only asks: the conversation puts that
  group's screening question to the visitor, quoting their words (planning.py, messages.py).

The model: TF-IDF over character n-grams (2-5, within word boundaries, so "numbnes" and
"numbness" share most features) and word uni- and bigrams, and one logistic regression per group
(scikit-learn). Before the word features are taken, each clause is marked NegEx-style with the
lexicon's own cues (lexicon.yml `cues`): a word after a negation cue becomes `neg_<word>`, a word
after an other-person cue `oth_<word>`, so "no numbness" and "my mum had a stroke" do not look
like "numbness" and "had a stroke". The approach, the marking and the thresholds were chosen on
the development split (evaluation/screen_dev.yml, python -m evaluation.compare_screen); the
numbers are in docs/evaluation.md.

`python -m bot build-screen` trains it with fixed seeds and saves it to build/screen/; at run time
the saved model is used when it was trained from the current training files, else one is trained
in memory (a few seconds).
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import pickle
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from bot import settings

TRAINING_DIR = settings.CONTENT_DIR / "screen"
TRAINING_FILES = "train_*.yml"
# Rasa's NLU examples (greetings, answers, ordinary complaints) are benign training text too,
# all but the few the rules flag: the plain language most visitors use.
NLU_DIR = settings.REPO_ROOT / "data" / "nlu"
_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")
DEFAULT_MODEL_PATH = settings.REPO_ROOT / "build" / "screen" / "concepts.pkl"
SEED = 2024
# A message is read sentence by sentence (and as a whole): a red flag buried in a long message
# must not be diluted by the rest of it.
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
MAX_SENTENCES = 40  # a huge message is read in its first 40 sentences and as a whole

# Thresholds on the classifier's probability (docs/evaluation.md): `confident` raises the group,
# `possible` asks about it. The emergencies' were chosen on the development split; the others'
# across writers (evaluation/cross_writer.py: the lowest whose false alarms rose by at most half
# a point on the messages of writers the model was not trained on).
CONFIDENT = 0.6
CONFIDENT_SENTENCE = 0.8
# The groups a caller names as `eager` (the emergencies): a missed one costs a life, a false
# one a trip to the doctor, so they are raised from a lower score.
CONFIDENT_EAGER = 0.45
CONFIDENT_EAGER_SENTENCE = 0.65
# ... all but these, raised from the ordinary thresholds: an aortic tear is felt where the
# commonest pain a massage clinic hears is, between the shoulder blades and in the low back,
# and "pain between my shoulder blades, started about a week ago" scored 0.52 for it. On the
# 90 aortic tears of the development sets none was lost (docs/evaluation.md, twenty-fifth round).
NOT_EAGER = frozenset({"aortic"})
# Groups raised only from the highest scores whatever the others use (docs/evaluation.md):
# infection, an urgent result that ends the questions, while the signs of sepsis (its
# emergency) are often told only later, in an answer to another question.
CAUTIOUS = frozenset({"infection"})
CONFIDENT_CAUTIOUS = 0.8
CONFIDENT_CAUTIOUS_SENTENCE = 0.9
# ... and groups raised only from those scores when a message names, of the group's findings,
# only these: a road accident is major trauma at speed, in a rollover, with tingling in the
# limbs or at 65 (the Canadian C-spine rule), while the seeds name whiplash as something NMT
# treats; the training text's labels for car accidents need a clinician's look
# (docs/content.md), so a recent minor whiplash is asked about, not raised
# (assessment.only_cautious_findings).
# Likewise being on blood thinners, named with no knock and no bleed: "I'm on blood thinners
# for AF, can I still get a massage? No falls or knocks" asks about a caution, and scored 0.8
# for a head injury on them (docs/evaluation.md, thirty-first round).
CAUTIOUS_FINDINGS = {
    "fracture": frozenset({"car_accident", "whiplash"}),
    "head_injury_anticoagulant": frozenset({"anticoagulant"}),
    "anticoagulant_bleeding": frozenset({"anticoagulant"}),
}
POSSIBLE = 0.35
# In a message of fewer words one keyword weighs too much ("I work as a temp and my back
# hurts", "blood thinners"): such a hit is only asked about, never raised on its own.
MIN_WORDS = 10
# ... except an emergency, or a group the layer learned from at least WELL_LEARNED training
# messages, that the whole short message scores at least this for, when no negation or
# other-person cue is in it: "suddenly cannot speak good and face drop" (0.995 for a stroke)
# is not a keyword out of context, and asking it back lets a "no" undo it. Emergencies only at
# first; the well-learned groups since the fifty-sixth round ("foot dragging more each week,
# back pain", "neck pain, struggling w zips, balance off": on the development sets 15 red
# flags raised, no false alarm more; from 0.8 the first came, "my back's been really bad this
# week" read as an infection). A group learned from a hundred messages or so hears one word
# too loudly: "the pain in my lower back comes in waves" scored 1.0 for a kidney stone. A cue
# ("no headache after", "my dad's face") leaves it asked about, and so does a message in
# which the rules read one sign of the group, and the rest of its words score under
# KEYWORD_LEFT for it (assessment.py `one_keyword`).
SHORT_CONFIDENT = 0.9
WELL_LEARNED = 500
KEYWORD_LEFT = 0.5
# ... and a text or a sentence of fewer words is not read at all: an answer such as "3 months",
# "38" or "since saturday so 5 days" is asked about as nothing (its score is the classes' prior
# more than its words), and a short sentence of a longer message is neither scored nor quoted
MIN_SENTENCE_WORDS = 6
# A sentence read alone loses what the others say of it ("rolled my ankle stepping off a kerb.
# can walk on it, no crack or pop"): in a message of at most this many sentences, a sentence
# confident on its own raises its group only when the whole message scores at least POSSIBLE
# for it. A longer message dilutes a sign buried in it, so there the sentence alone suffices;
# so it does for an eager group (an emergency), whose miss costs most: someone writing for
# their husband ("is it safe for him to have a neck massage? since this morning he can't
# find his words") scores low as a whole. Not from a sentence of fewer than MIN_WORDS words,
# where one keyword weighs too much, as in a short message: "that explains the headache and
# the neck" scored 0.99 for a thunderclap headache.
SHORT_MESSAGE_SENTENCES = 3
C = 50.0  # inverse regularization of the logistic regressions
_WORD = re.compile(r"[^\W_]+")
# a clause ends at punctuation or a terminating cue ("but", "however": lexicon.yml)
_PUNCTUATION = re.compile(r"[,.;:!?()\n]")


@dataclass(frozen=True)
class Example:
    text: str
    groups: tuple[str, ...]


@dataclass(frozen=True)
class ConceptHit:
    """A red-flag group the classifier hears in a message, and the words it heard it in.

    `confident` when the message has at least MIN_WORDS words (or the group is eager or
    well learned and the whole short message, with no cue in it, scores at least
    SHORT_CONFIDENT: `cued`) and scores at
    least CONFIDENT as a whole, or one of its sentences at least CONFIDENT_SENTENCE (a single
    sentence read alone loses its context, so it must be surer, and in a short message the whole
    must score at least POSSIBLE: SHORT_MESSAGE_SENTENCES, unless the group is eager and the
    sentence has MIN_WORDS words), or the `_EAGER` thresholds for an eager group;
    `sure` when it would be confident at the CAUTIOUS thresholds too (CAUTIOUS_FINDINGS);
    `score` is the best of the two.
    """

    group: str
    score: float
    sentence: str
    confident: bool = False
    sure: bool = False


def load_examples(paths: Iterable[Path] | None = None) -> list[Example]:
    """The labelled training messages, in file order."""
    examples = []
    for path in paths if paths is not None else training_files():
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        for item in data.get("examples") or []:
            examples.append(Example(str(item["text"]), tuple(item.get("groups") or ())))
    return examples


def training_files() -> list[Path]:
    return sorted(TRAINING_DIR.glob(TRAINING_FILES))


def nlu_examples(flagged: Callable[[str], bool]) -> list[Example]:
    """Rasa's NLU examples as benign messages, except those `flagged` (by the rules)."""
    examples = []
    for path in sorted(NLU_DIR.glob("*.yml")):
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            for line in str(item.get("examples") or "").splitlines():
                text = _ANNOTATION.sub(r"\1", line.strip().removeprefix("-").strip())
                if text and not text.startswith("/") and not flagged(text):
                    examples.append(Example(text, ()))
    return examples


def training_examples() -> list[Example]:
    """Everything the layer learns from: our labelled messages, the sentences of the benign
    ones (`benign_sentences`) and the unflagged NLU examples."""
    from bot.engine.assessment import rules_flag

    labelled = load_examples()
    return [*labelled, *benign_sentences(labelled, rules_flag), *nlu_examples(rules_flag)]


def benign_sentences(examples: list[Example], flagged: Callable[[str], bool]) -> list[Example]:
    """The sentences of benign messages, as benign examples too: `hits` reads each sentence
    alone, and a sentence of a benign message ("neck stiff, headache like a band by 3") must
    not score for a group only because the layer never saw it without its message. Single
    sentences (the message is already an example), sentences too short to be read, and those
    the rules flag (`flagged`) are left out."""
    found = []
    for example in examples:
        if example.groups:
            continue
        parts = sentences(example.text)
        if len(parts) < 2:
            continue
        for part in parts:
            if len(part.split()) >= MIN_SENTENCE_WORDS and not flagged(part):
                found.append(Example(part, ()))
    return found


def training_hash() -> str:
    """A hash of everything training reads: the training files, the NLU data and the content
    (the rules decide which NLU examples are left out), and this module (how it trains)."""
    digest = hashlib.sha256()
    paths = [
        Path(__file__),
        *training_files(),
        *sorted(NLU_DIR.glob("*.yml")),
        *sorted(settings.CONTENT_DIR.glob("*.yml")),
    ]
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def sentences(text: str) -> list[str]:
    """The sentences of a message (the first MAX_SENTENCES), each on one line."""
    parts = [" ".join(p.split()) for p in _SENTENCE_END.split(text) if p and p.strip()]
    return parts[:MAX_SENTENCES]


# A question that names nobody asks about a condition in general ("Is it true sciatica can go
# down both legs?"): not scored on its own, only as part of the whole message (fifty-eighth
# round). A question about someone ("can my dad still come if his calf is swollen?") is.
_SOMEONE = re.compile(
    r"\b(i|im|ive|id|ill|my|me|mine|myself|we|our|us|he|she|his|her|him|hes|shes|they|their|"
    r"them|theyre|mum|mom|mam|dad|nan|gran|granny|grandad|grandpa|grandma|wife|husband|son|"
    r"daughter|partner|boyfriend|girlfriend|brother|sister|friend|client|baby)\b"
)


def asked_in_general(sentence: str) -> bool:
    """Whether a sentence is a question that names nobody (`_SOMEONE`)."""
    return sentence.rstrip().endswith("?") and not _SOMEONE.search(" ".join(_words(sentence)))


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("'", "").replace("\u2019", ""))


@dataclass(frozen=True)
class Phrases:
    """Cue phrases of words, found by their first word (a message's every word is looked up:
    comparing it with each of the lexicon's hundreds of cues took 40% of the screen's time)."""

    by_first: dict[str, tuple[tuple[str, ...], ...]]

    @classmethod
    def of(cls, phrases: Iterable[str]) -> Phrases:
        found = {tuple(_words(phrase)) for phrase in phrases}
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted((p for p in found if p), key=len, reverse=True):
            by_first.setdefault(phrase[0], []).append(phrase)
        return cls({word: tuple(group) for word, group in by_first.items()})

    def at(self, words: list[str], i: int) -> tuple[str, ...] | None:
        """The longest phrase that starts at words[i], if any."""
        for phrase in self.by_first.get(words[i], ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                return phrase
        return None


@dataclass(frozen=True)
class Marker:
    """Marks the words a negation or other-person cue reaches, clause by clause."""

    negation: Phrases
    other_person: Phrases
    terminate: Phrases
    pseudo: Phrases  # no cue, though they hold one ("just been")

    @classmethod
    def from_cues(cls, cues: dict) -> Marker:
        def phrases(key: str) -> Phrases:
            return Phrases.of(cues.get(key) or [])

        return cls(
            phrases("negation_before"),
            phrases("other_person"),
            phrases("terminate"),
            phrases("pseudo"),
        )

    def without_others(self) -> Marker:
        """The marker for a message read as the client's: another person's cues mark nothing
        (in a booking for a husband, "his left arm and leg are numb" is the client's sign)."""
        return dataclasses.replace(self, other_person=Phrases({}))

    def __call__(self, text: str) -> str:
        out: list[str] = []
        for piece in _PUNCTUATION.split(text):
            words = _words(piece)
            negated = other = False
            i = 0
            while i < len(words):
                pseudo = self.pseudo.at(words, i)
                if pseudo:
                    prefix = ("neg_" if negated else "") + ("oth_" if other else "")
                    out.extend(prefix + word for word in pseudo)
                    i += len(pseudo)
                    continue
                if self.terminate.at(words, i):
                    negated = other = False
                negation = self.negation.at(words, i)
                person = None if negation else self.other_person.at(words, i)
                cue = negation or person
                if cue:
                    negated, other = negated or bool(negation), other or bool(person)
                    out.extend(words[i : i + len(cue)])
                    i += len(cue)
                    continue
                prefix = ("neg_" if negated else "") + ("oth_" if other else "")
                out.append(prefix + words[i])
                i += 1
        return " ".join(out)


# "left" or "right" before a part of the body: which side says nothing of a red flag, and the
# training text's writers chose one side more often for some groups ("my right calf is sore"
# scored 1.0 for DVT, "my left calf is sore" 0.16), so both read as "side"
_SIDE = re.compile(
    r"\b(?:left|right)\b(?=[\s-]+(?:[a-z]+\s+)?(?:side|calf|calves|leg|legs|arm|arms|hand|hands|"
    r"foot|feet|knee|hip|shoulder|ankle|thigh|shin|eye|ear|chest|buttock|bum|groin|testicle|ball|"
    r"rib|ribs|flank|temple|jaw|face|cheek|hamstring|elbow|wrist|toe|heel|kidney|breast|back|"
    r"neck|loin|tummy|belly|abdomen|lung|glute)\b)",
    re.IGNORECASE,
)


def neutral_sides(text: str) -> str:
    """The text, lowercased, with "left" and "right" before a part of the body as "side"."""
    return _SIDE.sub("side", text.lower())


class SideNeutralMarker:
    """The word features' preprocessor: sides made neutral, then the cues marked."""

    def __init__(self, marker: Marker):
        self.marker = marker

    def __call__(self, text: str) -> str:
        return self.marker(neutral_sides(text))

    def without_others(self) -> SideNeutralMarker:
        return SideNeutralMarker(self.marker.without_others())


@lru_cache(maxsize=1)
def lexicon_marker() -> Marker:
    """The marker built from content/lexicon.yml's cues (read here: this module needs no
    validated Content, so evaluation scripts can use it in another environment)."""
    data = yaml.safe_load((settings.CONTENT_DIR / "lexicon.yml").read_text(encoding="utf-8"))
    return Marker.from_cues(data["cues"])


def cued(text: str) -> bool:
    """Whether a negation or other-person cue of the lexicon is anywhere in the text."""
    marker, words = lexicon_marker(), _words(text)
    return any(
        marker.negation.at(words, i) or marker.other_person.at(words, i) for i in range(len(words))
    )


def thresholds(group: str, eager: frozenset[str]) -> tuple[float, float]:
    """The scores from which a group is raised: of the whole message, of one sentence."""
    if group in eager and group not in NOT_EAGER:
        return CONFIDENT_EAGER, CONFIDENT_EAGER_SENTENCE
    if group in CAUTIOUS:
        return CONFIDENT_CAUTIOUS, CONFIDENT_CAUTIOUS_SENTENCE
    return CONFIDENT, CONFIDENT_SENTENCE


def ngram_features() -> list:
    """The layer's features: TF-IDF character 2-5-grams (sides made neutral) and word 1-2-grams
    (sides made neutral, the lexicon's cues marked)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return [
        TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 5),
            sublinear_tf=True,
            min_df=2,
            preprocessor=neutral_sides,
        ),
        TfidfVectorizer(
            analyzer="word",
            ngram_range=(1, 2),
            sublinear_tf=True,
            preprocessor=SideNeutralMarker(lexicon_marker()),
            token_pattern=r"\S+",
        ),
    ]


class ConceptModel:
    """One-vs-rest logistic regression over character and word n-grams."""

    def __init__(
        self, groups: list[str], pipeline, trained_from: str, learned: frozenset[str] = frozenset()
    ):
        self.groups = groups
        self.pipeline = pipeline
        self.trained_from = trained_from
        # the groups with at least WELL_LEARNED training messages
        self.learned = learned

    @classmethod
    def train(
        cls,
        examples: list[Example],
        trained_from: str = "",
        features: list | None = None,
        c: float = C,
    ) -> ConceptModel:
        """One logistic regression per group over `features` (the n-grams by default)."""
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier
        from sklearn.pipeline import make_pipeline, make_union
        from sklearn.preprocessing import MultiLabelBinarizer

        labels = MultiLabelBinarizer()
        y = labels.fit_transform([example.groups for example in examples])
        classifier = OneVsRestClassifier(
            LogisticRegression(C=c, class_weight="balanced", max_iter=3000, random_state=SEED)
        )
        pipeline = make_pipeline(make_union(*(features or ngram_features())), classifier)
        pipeline.fit([example.text for example in examples], y)
        counts = y.sum(axis=0)
        learned = frozenset(
            group
            for group, count in zip(labels.classes_, counts, strict=True)
            if count >= WELL_LEARNED
        )
        return cls(list(labels.classes_), pipeline, trained_from, learned)

    def scores(self, texts: list[str], of_a_client: bool = False) -> list[dict[str, float]]:
        """Each text's probability for each group (`of_a_client`: read with another person's
        cues marking nothing, `Marker.without_others`)."""
        if not texts:
            return []
        probabilities = (self._linear_of_a_client if of_a_client else self._linear)(texts)
        return [dict(zip(self.groups, map(float, row), strict=True)) for row in probabilities]

    @cached_property
    def _linear(self) -> Linear:
        return Linear.of(self.pipeline)

    @cached_property
    def _linear_of_a_client(self) -> Linear:
        return self._linear.without_others()

    def __getstate__(self) -> dict:
        # the arithmetic is derived from the pipeline on first use, never saved
        derived = ("_linear", "_linear_of_a_client")
        return {key: value for key, value in self.__dict__.items() if key not in derived}

    def hits(
        self, text: str, eager: frozenset[str] = frozenset(), of_a_client: bool = False
    ) -> list[ConceptHit]:
        """Groups scoring at least POSSIBLE in the message or one of its sentences, each with
        the visitor's words: the sentence that scored best for it, or the whole message when
        it has a single sentence. `eager` groups are confident from a lower score;
        `of_a_client`: see `scores`."""
        whole = " ".join(text.split())
        words_in_whole = len(whole.split())
        if words_in_whole < MIN_SENTENCE_WORDS:
            return []
        every = [p for p in sentences(text) if p != whole and len(p.split()) >= MIN_SENTENCE_WORDS]
        parts = [p for p in every if not asked_in_general(p)]
        message, *per_sentence = self.scores([whole, *parts], of_a_client)
        found = []
        for group in self.groups:
            ranked = sorted(zip((s[group] for s in per_sentence), parts, strict=True), reverse=True)
            best_sentence, words = ranked[0] if ranked else (0.0, whole)
            if best_sentence < POSSIBLE and len(parts) < len(every):
                # heard only with a question in general ("what would you do if someone came in
                # with a numb bum? just curious, I'm a physio student"): the words are the
                # whole message's, not a sentence that names nothing of it (sixtieth round)
                words = whole
            score = max(message[group], best_sentence)
            if score < POSSIBLE:
                continue
            long_enough = words_in_whole >= MIN_WORDS or (
                (group in eager or group in self.learned)
                and message[group] >= SHORT_CONFIDENT
                and not cued(whole)
            )
            borne_out = (
                (group in eager and len(words.split()) >= MIN_WORDS)
                or len(every) > SHORT_MESSAGE_SENTENCES
                or message[group] >= POSSIBLE
            )
            sentence = best_sentence if borne_out else 0.0
            whole_at, sentence_at = thresholds(group, eager)
            confident = long_enough and (message[group] >= whole_at or sentence >= sentence_at)
            sure = long_enough and (
                message[group] >= max(whole_at, CONFIDENT_CAUTIOUS)
                or sentence >= max(sentence_at, CONFIDENT_CAUTIOUS_SENTENCE)
            )
            found.append(ConceptHit(group, round(score, 4), words, confident, sure))
        return sorted(found, key=lambda hit: -hit.score)

    def save(self, path: Path | str = DEFAULT_MODEL_PATH) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL))
        return path


class Linear:
    """The trained pipeline's own arithmetic, done for all groups at once: the n-gram counts of
    each vectorizer, TF-IDF weighted (log tf + 1, idf, unit length, as TfidfVectorizer does),
    side by side, then one product with the groups' coefficients and the logistic function.
    The same probabilities as `pipeline.predict_proba` (tests/test_screen_speed.py), in
    a third of the time: scikit-learn validates the input again for each of the groups'
    regressions, and recomputes each vectorizer's idf vector on every call."""

    def __init__(self, vectorizers: list, idfs: list, weights, bias):
        self.vectorizers = vectorizers
        self.idfs = idfs
        self.weights = weights  # features x groups
        self.bias = bias

    @classmethod
    def of(cls, pipeline) -> Linear:
        import numpy as np

        union, classifier = pipeline.steps[0][1], pipeline.steps[-1][1]
        if union.transformer_weights or not classifier.multilabel_:
            raise ValueError("the layer's pipeline is a union of TF-IDF vectorizers, multilabel")
        vectorizers = [vectorizer for _, vectorizer in union.transformer_list]
        for vectorizer in vectorizers:
            if not (vectorizer.use_idf and vectorizer.sublinear_tf and vectorizer.norm == "l2"):
                raise ValueError("the layer's vectorizers weigh by log tf, idf and unit length")
        estimators = classifier.estimators_
        weights = np.ascontiguousarray(np.vstack([e.coef_ for e in estimators]).T)
        bias = np.array([e.intercept_[0] for e in estimators])
        return cls(vectorizers, [np.asarray(v.idf_) for v in vectorizers], weights, bias)

    def without_others(self) -> Linear:
        """The same arithmetic, its word features read with another person's cues marking
        nothing (`SideNeutralMarker.without_others`)."""
        vectorizers = [copy.copy(v) for v in self.vectorizers]
        for vectorizer in vectorizers:
            if isinstance(vectorizer.preprocessor, SideNeutralMarker):
                vectorizer.preprocessor = vectorizer.preprocessor.without_others()
        return Linear(vectorizers, self.idfs, self.weights, self.bias)

    def __call__(self, texts: list[str]):
        import numpy as np
        from scipy.sparse import hstack
        from scipy.special import expit
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.preprocessing import normalize

        parts = []
        for vectorizer, idf in zip(self.vectorizers, self.idfs, strict=True):
            counts = CountVectorizer.transform(vectorizer, texts)
            counts.data = 1.0 + np.log(counts.data)
            parts.append(normalize(counts.multiply(idf).tocsr()))
        return expit(hstack(parts).tocsr() @ self.weights + self.bias)


def build(path: Path | str = DEFAULT_MODEL_PATH) -> Path:
    """Train on the training files and save the model (`python -m bot build-screen`)."""
    return ConceptModel.train(training_examples(), training_hash()).save(path)


@lru_cache(maxsize=1)
def get_model(path: Path | str = DEFAULT_MODEL_PATH) -> ConceptModel:
    """The saved model when it was trained from the current files, else one trained now."""
    current = training_hash()
    path = Path(path)
    if path.is_file():
        # our own build output (build/screen/), written by `build` above
        model = pickle.loads(path.read_bytes())
        if isinstance(model, ConceptModel) and model.trained_from == current:
            return model
    return ConceptModel.train(training_examples(), current)


@lru_cache(maxsize=1024)
def group_score(text: str, group: str) -> float:
    """The model's probability for one group over the whole text, read as one piece."""
    if not text.strip():
        return 0.0
    return get_model().scores([" ".join(text.split())])[0].get(group, 0.0)


@lru_cache(maxsize=4096)
def concept_hits(
    text: str, eager: frozenset[str] = frozenset(), of_a_client: bool = False
) -> tuple[ConceptHit, ...]:
    """Red-flag concepts heard in one message, at least `possible`, most certain first
    (`eager`: see ConceptModel.hits). `of_a_client`: the message read as the client's
    (`Marker.without_others`): in a conversation that books for someone else, "my husband woke
    up and his left arm and leg are numb" is his sign, though the training text's other
    people's signs are mostly benign (assessment.py `_heard_in` reads a message so where the
    usual reading is sure of nothing).

    A conversation re-reads its earlier messages on every turn; each is scored once.
    """
    if not isinstance(text, str) or not text.strip():
        return ()
    return tuple(get_model().hits(text, eager, of_a_client))
