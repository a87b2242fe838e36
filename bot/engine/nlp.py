"""Find body regions, sides and findings in what a visitor types.

Misspelt words are corrected first (`bot.engine.spelling`: "kneee", "lowr bak"), for the
matching only: every mention keeps the words, offsets and sentence as the visitor typed them.
The spaCy pipeline is built from `content/` (no downloaded model is needed):

1. spaCy's English tokenizer and a sentencizer;
2. an entity ruler for `body_region` and `side` (written to `doc.ents`, which is what Rasa's
   `SpacyEntityExtractor` reads), each match carrying its canonical id;
3. `nmt_first_person`: each word's NORM, "his", "her", "their" read as "my" (the lexicon is
   written in the first person; `FIRST_PERSON_NORMS`);
4. a span ruler for findings on NORM (`doc.spans["findings"]`; findings may overlap regions,
   as in "stiff neck", and each other);
5. `nmt_context`, our component: it drops "left"/"right" that are not sides ("right now",
   "I left work"), and reads the words around every match, NegEx-style, to mark it negated
   ("no numbness"), hedged ("I think I might have a fever") or about someone else ("my mum had
   cancer"), and marks a region that is only where a sensation is felt ("pins and needles in my
   fingers"). The result is `doc._.nmt_mentions`, a list of `Mention`.

`build-nlp` saves the pipeline to a folder that `config.yml`'s `SpacyNLP` loads by path, so the
bot's NLU and this engine share one lexicon. spaCy finds `nmt_first_person` and `nmt_context`
through the `spacy_factories` entry points in pyproject.toml.
"""

import hashlib
import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from bot import settings
from bot.engine import parsing, spelling
from bot.engine.content import Content, default_content, red_flag_finding

PIPELINE_NAME = "nmt_en"
DEFAULT_PIPELINE_DIR = settings.SPACY_DIR / PIPELINE_NAME
FINDINGS_KEY = "findings"
IGNORED = "ignored"  # phrases with a body word that are not about the body ("on the other hand")
CHUNK_CHARS = 50_000  # longer text is read in pieces of about this size, cut between sentences

# Words next to "left"/"right" that make it a side ("left side", "right-handed", "left one").
SIDE_NOUNS = {"side", "sides", "sided", "hand", "handed", "one", "ones", "half"}
# Words before a bare side that make it one ("on the left", "my right").
SIDE_DETERMINERS = {"the", "my", "her", "his", "their", "on", "to", "towards", "more"}
# A comma ends a negation's reach unless the words form a list joined by "or"/"nor":
# "no fever, chills or sweats" denies all three, but in "no pain in my back, numb between my
# legs" the numbness is affirmed. Erring this way over-reads a symptom rather than missing one.
# An ellipsis is such a pause too: "no... well my calf is puffy and warm", "not really
# dizzy... my legs just went from under me".
LIST_JOINERS = {"or", "nor"}
CLAUSE_BREAKS = {",", ";", "-", "\u2013", "\u2014", "..", "...", "....", "\u2026"}
# "I don't think I have a fever", "I do not believe that I had": a denied belief about oneself
# negates what follows, past the "I" that otherwise ends a cue's reach.
FIRST_PERSON = {"i", "ive", "im"}
# Words that make a finding the visitor's own whoever is named before it: "my kids would be
# better off if I wasn't here", "my mum says I want to kill myself", and, within the finding's
# own words, "my": "at my son's wedding and suddenly a bang in my head".
SELF_WORDS = FIRST_PERSON | {"me", "myself"}
SELF_WORDS_WITHIN = SELF_WORDS | {"my"}
# ... unless the self word is the one not known: "today she doesn't know who I am", "not
# recognising me" tell of her confusion, not the visitor's (`_owns_within`).
KNOWN_BEFORE = {"who", "recognise", "recognize", "recognising", "recognizing", "know", "knows"}
# Words that give the person word after them an owner: "my husband here, he ..." is not the
# visitor introducing themselves (`_introduces`).
POSSESSIVES = {"my", "our", "your", "his", "her", "their"}
# A question answered in the next sentence: "Fever? No." denies it ("no idea" does not).
NO_ANSWERS = {"no", "nope", "nah", "never", "none", "negative"}
YES_ANSWERS = {"yes", "yeah", "yep", "yup", "aye", "yea"}
ANSWERED_QUESTION_WORDS = 6  # at most: the question is the finding ("Any fever or chills?")
# A question copied in square brackets before its answer (`_echoed_question`), found within
# this many tokens, and the first words of an answer that say no to it
ECHO_MAX_TOKENS = 60
ECHO_NO_ANSWERS = NO_ANSWERS | {"neither", "nothing", "nil", "not"}
# A finding written as a label with its answer, as the chat page's cards send answers and as
# people write lists: "Fever: no", "numbness or tingling - none", "swelling no." The answer
# must end there: "Numbness: no feeling down there" affirms it.
LABEL_SEPARATORS = {":", "-", "\u2013", "\u2014", "="}
LABEL_WORDS = 3  # at most, between the finding and the separator ("Numbness or tingling: no")
NOT_AN_ANSWER = {"idea", "clue", "one", "way", "doubt", "matter", "wonder", "worries"}
# A general question names a condition ("what does a thunderclap headache feel like?", "can
# shingles come back?"): it starts with a question word and has none of the words that make it
# about the visitor ("is this a clot?", "could my numbness be serious?"). The condition is asked
# about, not taken as said, with every finding of the question; a question that names no
# condition is about the visitor's own symptom ("is calf swelling normal after a flight?").
QUESTION_WORDS = {
    *("what", "whats", "how", "why", "when", "which", "who", "can", "could", "does", "do"),
    *("is", "are", "should", "would", "will", "might", "may"),
}
ABOUT_THE_VISITOR = SELF_WORDS | {
    *("my", "mine", "id", "we", "us", "our"),
    *("this", "that", "these", "those", "it", "its", "it's"),
}
BELIEF_VERBS = {"think", "believe", "reckon"}
# After "with my wife", words that go on about her: her sign follows ("with my wife who has...")
OTHERS_CONTINUED = {
    *("'s", "who", "whos", "who's", "that", "having", "being", "has", "had", "with", "s"),
    *("going", "getting", "in", "after", "since", "recovering", "dying", "ill", "sick"),
}
NOT_WORDS = {"n't", "nt", "not"}
# A `terminate` cue holding one of these is a pseudo-negation ("can't walk", "not well", "no
# energy"): it ends a negation's reach, not the clause of the person told of ("he can't walk on
# that leg" is still his leg; `_told_of_another`)
DENYING_WORDS = NOT_WORDS | {"no", "never", "cannot", "cant", "dont", "wont", "nobody", "without"}
# Someone booking for another person (lexicon.yml `proxy_before`, `proxy_after`): the words
# within which the person is named ("booking for my 80 year old dad"), and the words that name
# them again without a noun ("he", "her arm"), whose signs are then the client's.
PROXY_REACH = 5
SELF_AFTER_REACH = 4  # "would love a massage myself": the words after a phrase that name no one
PRONOUNS = {"he", "she", "his", "her", "him", "hes", "shes", "they", "their", "them"}
# the rest of the words that point to someone else ("herself", "theirs"): `said_of_self`
THIRD_PERSON = {"hers", "himself", "herself", "theirs", "themselves", "themself"}
# "he" and "she" at the head of a clause tell of someone else ("she got a fever and back pain");
# "him", "her" and "them" are as often the object of the visitor's own verb ("I lifted him and
# felt a pain in my chest"), and "they" as often the doctors, so they do not
SUBJECTS = {"he", "she"}
# words before the person spoken to ("hi mate,", "cheers pal!"): `_addressed`
GREETINGS = {"hi", "hey", "hello", "hiya", "cheers", "thanks", "ta", "alright", "morning", "yo"}
TOLD_BY = SUBJECTS | {"his", "her"}  # ... and within a cue ("his", "her face")
# `terminate` cues that join a clause to the one before without naming anyone new: the clause
# is still told of whoever the one before told of ("my dad's in hospital after falling off a
# ladder", "my father is in hospital because fever and the back"); "I", "me" or "my" after them
# still make it the visitor's ("my wife is worried because my legs are numb"); "his leg is
# swollen and painful from the knee down" is his knee (fifty-first round)
JOINED = {"after", "because", "cos", "from", "since", "when", "whenever", "while", "whilst"}
# A sentence that opens by pointing back ("It was pancreatic cancer.", "Turned out to be a
# clot.") is told of whoever the sentence before told of, unless it names the visitor; so is
# one that names no one at all ("Bit of a lump, no headache yet."; `_names_no_one`).
POINTING_BACK = {
    ("it", "was"), ("it", "'s"), ("it", "is"), ("it", "turned"), ("turned", "out"),
    ("that", "was"), ("which", "was"), ("they", "found"),
}  # fmt: skip
OBJECTS = {"him", "her", "them"}  # "typing for her"
# the words by which a sentence names someone: `_names_no_one`
NAMING_SOMEONE = (
    SELF_WORDS_WITHIN | PRONOUNS | THIRD_PERSON | {"you", "your", "we", "our", "us", "mine"}
)
# the words a sentence asking the clinic may open with ("Can you do home visits?")
ASKING_WORDS = {
    "can",
    "could",
    "would",
    "will",
    "do",
    "does",
    "you",
    "u",
    "yous",
    "ya",
    "please",
    "pls",
    "plz",
    "and",
    "also",
    "so",
    "then",
    "hi",
    "hello",
    "ok",
    "okay",
    "still",
}
# words that join a second person to the visitor ("booking for me and my mum", "me + hubby")
AND_WORDS = {"and", "&", "+", "n", "plus"}
# A client named by name or title after a booking phrase ("booking for Margaret, 82", "an
# appointment for Mr Patel, aged 77", "I'd like to book Tom in"): someone (`_named_client`).
# A name is a capitalised word the next word shows is a person's, not a day or a condition.
TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "mr.", "mrs.", "ms.", "dr."}
# the words that give a person's age right after "someone" (`_named_client`)
AGE_NEXT = {"who", "whos", "who's", "aged", "of", ","}
AFTER_A_NAME = {",", "(", "-", "who", "whose", "aged", "is", "has", "in", "he", "she", "'s"}
NOT_NAMES = {
    *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today"),
    *("tomorrow", "tonight", "christmas", "xmas", "easter", "january", "february", "march"),
    *("april", "may", "june", "july", "august", "september", "october", "november", "december"),
    *("i", "nmt", "deep", "sports", "swedish", "remedial", "pregnancy", "please", "thanks"),
}
# "me" after these is asked of by someone else ("he's asked me to massage it", "she wants me
# to book"), and a service within this many words after "him" or "her" is theirs
ASKED_OF = {"asked", "asks", "asking", "told", "tells", "wants", "wanted"}
SERVICE_FOR_REACH = 3
# A clause is read back at most this many words from a sign: a message typed without full stops
# is one "sentence" of thousands of words, and each sign's must not be read back to its start
CLAUSE_REACH = 40
# Words allowed between a sensation and the body part where it is felt.
SITE_LINKS = {
    "in",
    "into",
    "down",
    "through",
    "to",
    "on",
    "at",
    "of",
    "my",
    "the",
    "both",
    "left",
    "right",
    "are",
    "is",
    "feel",
    "feels",
    "keep",
    "keeps",
    "go",
    "goes",
    "going",
    "gets",
    "get",
    "getting",
    "a",
    "bit",
    "little",
    "all",
    "along",
    "up",
}

_HTML_TAG = re.compile(r"<[^<>]{0,200}>")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})

if not Doc.has_extension("nmt_mentions"):
    Doc.set_extension("nmt_mentions", default=None)
# the people a message books for: given before the context component runs (named in an earlier
# message), and set by it to those it names itself (ContextComponent._clients)
if not Doc.has_extension("nmt_clients"):
    Doc.set_extension("nmt_clients", default=None)
# whose body the message tells of: VISITOR, OTHERS or None (nlp.py `told_of`)
if not Doc.has_extension("nmt_whose"):
    Doc.set_extension("nmt_whose", default=None)
# the people a message asks a service for without booking words (nlp.py `asked_for`)
if not Doc.has_extension("nmt_asked_for"):
    Doc.set_extension("nmt_asked_for", default=None)


@dataclass(frozen=True)
class Mention:
    """A region, side or finding found in a message, with what the words around it say."""

    label: str  # "body_region" | "side" | "finding"
    id: str
    text: str
    start: int
    end: int
    sentence: str
    # the sentence after `sentence` in the message, if any: it may say the sign has gone
    # (rules.py MentionFilter.counts)
    after: str = ""
    # `sentence` without a bracketed aside closed before the mention, which tells of something
    # said before it ("in hospital with pneumonia (better now) my left calf has come up
    # swollen": the calf is not better); "" when there is none. The filters read this one;
    # the visitor is quoted `sentence`.
    said_in: str = ""
    negated: bool = False
    hedged: bool = False
    other_person: bool = False
    # the clause tells of someone else, with no cue next to the words ("Husband had chest pain
    # last week, went grey and sweaty"): a weaker reading than a cue's, so a rule's finding in
    # such words is asked about, quoting them, neither raised nor dropped, and a confident hit
    # of the semantic layer in them still raises its group, unless the message names the
    # visitor's own body ("my shoulders are in knots"): then it is asked about too
    # (assessment.py `names_own_body`)
    told_of_another: bool = False
    site_of: str | None = None
    # a region named as the visitor's own ("my lower back", "I've got a tight neck")
    mine: bool = False
    # a finding named in a general question, not said of the visitor (and a region named only
    # within such a finding), or imagined ("if I ever went numb down there", "suppose I lost
    # weight": lexicon.yml `hypothetical_before`, `_hypothetical`)
    asked: bool = False
    # denied with "never ... before" ("she's never had headaches before", "never get headaches
    # but 3 wks now one wakes me up"): the rules read a denial ("never had bladder problems
    # before, just a tight back"), but a confident hit of the semantic layer in these words is
    # not contradicted by it (assessment.py `_counts`)
    new: bool = False

    @property
    def affirmed(self) -> bool:
        """Said of the visitor themselves and not denied (hedged still counts)."""
        return not (self.negated or self.other_person or self.asked or self.told_of_another)

    def as_told(self) -> "Mention":
        """The mention with a cue's "someone else's" read as told of another."""
        if not self.other_person:
            return self
        return replace(self, other_person=False, told_of_another=True)

    def as_the_clients(self) -> "Mention":
        """The mention with someone else's read as the client's: in a conversation for someone
        else, a sign an answer tells of "him" or "her" is theirs ("says his hands feel like
        he's wearing gloves" answers the numbness question for him)."""
        if not (self.other_person or self.told_of_another):
            return self
        return replace(self, other_person=False, told_of_another=False)

    @property
    def told_as_new(self) -> bool:
        """Said of the visitor as new to them (`new`): not someone else's, not asked."""
        return self.new and not (self.other_person or self.asked or self.told_of_another)

    @property
    def told_only(self) -> bool:
        """Someone else's by its clause alone: not denied, no cue, not a general question."""
        return self.told_of_another and not (self.negated or self.other_person or self.asked)


# --- building ------------------------------------------------------------------------------


def content_hash(content: Content) -> str:
    """A short hash of everything the pipeline is built from."""
    return _spec_hash(_pipeline_spec(content))


def _spec_hash(spec: dict) -> str:
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:16]


def _pipeline_spec(content: Content) -> dict:
    regions = {rid: r.synonyms for rid, r in content.regions.regions.items()}
    sides = {sid: s.synonyms for sid, s in content.regions.sides.items()}
    ignore = content.regions.ignore
    findings = {
        fid: {"phrases": f.phrases, "patterns": f.patterns}
        for fid, f in content.lexicon.findings.items()
    }
    for group_id, group in content.red_flags.groups.items():
        if group.phrases:
            findings[red_flag_finding(group_id)] = {"phrases": group.phrases, "patterns": []}
    cues = content.lexicon.cues.dict()
    sites = sorted(fid for fid, f in content.lexicon.findings.items() if f.marks_site)
    not_followed_by = {
        fid: [word.lower() for word in f.not_followed_by]
        for fid, f in content.lexicon.findings.items()
        if f.not_followed_by
    }
    not_of_body = {
        fid: [phrase.lower() for phrase in f.not_of_body]
        for fid, f in content.lexicon.findings.items()
        if f.not_of_body
    }
    not_before_place = sorted(
        fid for fid, f in content.lexicon.findings.items() if f.not_before_place
    )
    return {
        "regions": regions,
        "sides": sides,
        "ignore": ignore,
        "findings": findings,
        "cues": cues,
        "sites": sites,
        "not_followed_by": not_followed_by,
        "not_of_body": not_of_body,
        "not_before_place": not_before_place,
        "first_person": FIRST_PERSON_NORMS,
    }


def _by_first_word(pattern: list[dict]) -> list[list[dict]]:
    """A token pattern whose first token is one of a list of words (`NORM: {IN: [...]}`) as
    one pattern per word, the same spans matched: spaCy's Matcher tries every pattern at every
    token, and compares an exact word in C but a list in Python (the findings' matching took
    6 ms a message, 2 ms so)."""
    first, rest = pattern[0], pattern[1:]
    words = first.get("NORM")
    if "OP" in first or not isinstance(words, dict) or set(words) != {"IN"}:
        return [pattern]
    others = {key: value for key, value in first.items() if key != "NORM"}
    return [[{**others, "NORM": word}, *rest] for word in dict.fromkeys(words["IN"])]


def build_pipeline(content: Content | None = None) -> Language:
    """A fresh spaCy pipeline made from the content's regions, sides, findings and cues."""
    content = content or default_content()
    spec = _pipeline_spec(content)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    patterns = [
        {"label": "body_region", "pattern": phrase, "id": region_id}
        for region_id, phrases in spec["regions"].items()
        for phrase in phrases
    ]
    patterns += [
        {"label": "side", "pattern": phrase, "id": side_id}
        for side_id, phrases in spec["sides"].items()
        for phrase in phrases
    ]
    patterns += [{"label": IGNORED, "pattern": phrase} for phrase in spec["ignore"]]
    ruler.add_patterns(patterns)
    nlp.add_pipe("nmt_first_person")
    span_ruler = nlp.add_pipe(
        "span_ruler", config={"spans_key": FINDINGS_KEY, "phrase_matcher_attr": "NORM"}
    )
    finding_patterns = []
    for finding_id, finding in spec["findings"].items():
        finding_patterns += [{"label": finding_id, "pattern": p} for p in finding["phrases"]]
        finding_patterns += [
            {"label": finding_id, "pattern": pattern}
            for p in finding["patterns"]
            for pattern in _by_first_word([_in_first_person(token) for token in p])
        ]
    span_ruler.add_patterns(finding_patterns)
    nlp.add_pipe(
        "nmt_context",
        config={
            "cues": spec["cues"],
            "sites": spec["sites"],
            "not_followed_by": spec["not_followed_by"],
            "not_of_body": spec["not_of_body"],
            "not_before_place": spec["not_before_place"],
        },
    )
    nlp.meta["name"] = PIPELINE_NAME
    nlp.meta["version"] = "1.0.0"
    nlp.meta["description"] = "Body regions, sides and findings from the NMT assistant's content/"
    nlp.meta["content_hash"] = _spec_hash(spec)
    return nlp


def save_pipeline(path: Path | str = DEFAULT_PIPELINE_DIR, content: Content | None = None) -> Path:
    """Build the pipeline and save it where config.yml's SpacyNLP loads it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    build_pipeline(content).to_disk(path)
    return path


@lru_cache(maxsize=2)
def get_pipeline(path: Path | str = DEFAULT_PIPELINE_DIR) -> Language:
    """The saved pipeline when it matches the current content, else one built in memory."""
    content = default_content()
    meta = Path(path) / "meta.json"
    if meta.is_file():
        saved = json.loads(meta.read_text(encoding="utf-8"))
        if saved.get("content_hash") == content_hash(content):
            return spacy.load(path)
    return build_pipeline(content)


def extract(
    text: str,
    nlp: Language | None = None,
    clients: frozenset[str] = frozenset(),
    only_of_others: bool = False,
) -> list[Mention]:
    """Every region, side and finding in `text`, in reading order, however long the text.

    `clients` are the people the conversation books for, named in an earlier message
    (`booked_for`): their signs in this one are the client's ("she can't feel her legs").
    `only_of_others`: the conversation tells of nobody's body but someone else's (`told_of`),
    so the visitor may be asking for them: a sign a cue gives to someone else is read as told
    of another (`Mention.told_of_another`), asked about rather than set aside."""
    if not isinstance(text, str) or not text.strip():
        return []
    reading = _read_default(text, clients) if nlp is None else _read(text, nlp, clients)
    if only_of_others:
        return [m.as_told() for m in reading.mentions]
    return list(reading.mentions)


def _asked_of(token: Token) -> bool:
    """Whether `token` is "me" asked of by someone else: "he's asked me to", "she wants me to"."""
    return token.lower_ == "me" and token.i > 0 and token.nbor(-1).lower_ in ASKED_OF


# the visitor arranging a service, not speaking of their own body: "if I book it", "I'll
# arrange it", "I can bring her" (forty-second round), or weighing it: "I thought a massage
# therapist could check it" (fiftieth round)
ARRANGING = {
    *("book", "books", "booked", "arrange", "arranged", "organise", "organize", "bring"),
    *("thought", "wondered", "figured", "reckoned", "hoped", "guess", "suppose"),
}
ARRANGING_BETWEEN = {"'ll", "will", "can", "could", "would", "'d", "should", "to", "might"}


def _arranging(token: Token) -> bool:
    """Whether `token` is "I" arranging or weighing the service for someone (ARRANGING)."""
    if token.lower_ != "i":
        return False
    for word in token.doc[token.i + 1 : token.i + 3]:
        if word.lower_ in ARRANGING:
            return True
        if word.lower_ not in ARRANGING_BETWEEN:
            return False
    return False


def booked_for(text: str) -> frozenset[str]:
    """The people a message books for ("booking for my mum": {"mum"}; lexicon.yml
    `proxy_before`, `proxy_after`), to read the conversation's other messages with."""
    if not isinstance(text, str) or not text.strip():
        return frozenset()
    return _read_default(text, frozenset()).clients


def said_of_self(sentence: str, people: Iterable[str]) -> bool:
    """Whether a sentence tells of the visitor alone, in the first person: it has "I", "I'm",
    "I've", "me", "myself" or "my" and names nobody else (no "he", "she", "they" and the like,
    none of the lexicon's `people`): "Also I have had crushing chest pain since this morning".
    In a conversation for someone else such a sentence's sign is the visitor's own
    (assessment.py `_visitors_own`); any other sentence's stays the client's."""
    words = set(re.findall(r"[a-z]+", sentence.lower()))
    return bool(words & SELF_WORDS_WITHIN) and not words & (PRONOUNS | THIRD_PERSON | set(people))


def _owns_within(span: Span) -> bool:
    """Whether the finding's own words make it the visitor's: "a bang in my head", not "she
    doesn't know who I am" (SELF_WORDS_WITHIN, KNOWN_BEFORE)."""
    return any(
        token.lower_ in SELF_WORDS_WITHIN
        and not (token.i > span.start and token.nbor(-1).lower_ in KNOWN_BEFORE)
        for token in span
    )


# a bracketed aside, for `_without_asides_before`
_ASIDE = re.compile(r"\([^()]*\)")


def _without_asides_before(span: Span) -> str:
    """The finding's sentence without the bracketed asides that close before the finding
    (Mention.said_in), or "" when there are none. An aside may open in the sentence before
    ("Back's sore. (Had sciatica in 2010, gone now) My left calf is hot")."""
    sentence = span.sent
    doc_text = span.doc.text
    before = doc_text[sentence.start_char : span.start_char]
    if ")" not in before:
        return ""
    before = _ASIDE.sub(" ", before)
    before = before[before.rfind(")") + 1 :]
    return (before + doc_text[span.start_char : sentence.end_char]).strip()


# where a clause ends, for `clause_at`: punctuation, a dash, or "and", "but", "so" between words
_CLAUSE_END = re.compile(r"[,;:!?.()\u2013\u2014]|\s-\s|\s(?:and|but|so|because|cos)\s", re.I)


def clause_at(text: str, start: int, end: int) -> str:
    """The clause of `text` that holds the characters from `start` to `end`: from the last
    clause end before them to the first after ("I'm so worried, crushing chest pain since this
    morning": "crushing chest pain since this morning")."""
    before = [m.end() for m in _CLAUSE_END.finditer(text, 0, start)]
    after = _CLAUSE_END.search(text, end)
    return text[max(before, default=0) : after.start() if after else len(text)]


def own_clause(text: str, mention: Mention, people: Iterable[str]) -> str | None:
    """The clause of `text` that holds the mention (`clause_at`), when the visitor tells it of
    themselves alone (`said_of_self`); else None. In a conversation for someone else, such a
    clause's sign is the visitor's own red flag (assessment.py `_visitors_own`) and answers
    nothing for the client (conversation/reading.py `of_the_client`)."""
    clause = clause_at(text, mention.start, mention.end)
    return clause if said_of_self(clause, people) else None


VISITOR, OTHERS = "visitor", "others"
SOMEONE = "someone"  # a client not named by one of the lexicon's `people` ("a gentleman")


def told_of(text: str) -> str | None:
    """Whose body a message tells of: VISITOR when any region or sign in it is the visitor's
    own, denied or not ("my neck is stiff", "my waterworks are fine"), or the visitor speaks of
    themselves ("I need a massage"); OTHERS when every one is someone else's ("our lad came off
    his bike, his wrist is bent"); None when it tells of none ("yes please")."""
    if not isinstance(text, str) or not text.strip():
        return None
    return _read_default(text, frozenset()).whose


def asked_for(text: str) -> frozenset[str]:
    """The people a message asks a service for with no booking words: in each sentence with
    one of the lexicon's `services` in which the visitor does not speak of themselves, the last
    person named before it ("My mother have 84 years. She fall from the bed ... Is possible you
    come to the house for massage?": {"mother"}). Read only when a conversation tells of
    nobody's body but someone else's (`assessment.clients_in`)."""
    if not isinstance(text, str) or not text.strip():
        return frozenset()
    return _read_default(text, frozenset()).asked_for


class Reading(NamedTuple):
    mentions: tuple[Mention, ...]
    clients: frozenset[str]  # the people the message books for
    whose: str | None  # whose body it tells of (`told_of`)
    asked_for: frozenset[str]  # the people it asks a service for (`asked_for`)


@lru_cache(maxsize=4096)
def _read_default(text: str, clients: frozenset[str]) -> Reading:
    # A conversation re-reads its earlier messages on every turn; each is parsed once.
    return _read(text, get_pipeline(), clients)


def _read(text: str, nlp: Language, clients: frozenset[str]) -> Reading:
    """The mentions of `text`, the people it books for, and whose body it tells of."""
    plain = _plain(text)
    corrected = spelling.correct(plain)
    mentions = []
    found: set[str] = set()
    whose: set[str] = set()
    asked: set[str] = set()
    for offset, piece in _pieces(corrected.text, CHUNK_CHARS):
        doc = nlp.make_doc(piece)
        doc._.nmt_clients = clients
        for _, component in nlp.pipeline:
            doc = component(doc)
        found |= doc._.nmt_clients or set()
        whose.add(doc._.nmt_whose)
        asked |= doc._.nmt_asked_for or set()
        for mention in doc._.nmt_mentions or []:
            if corrected.changes:
                mentions.append(_as_typed(mention, doc, offset, corrected, plain))
            else:
                start, end = mention.start + offset, mention.end + offset
                mentions.append(replace(mention, start=start, end=end))
    told = VISITOR if VISITOR in whose else OTHERS if OTHERS in whose else None
    return Reading(tuple(mentions), frozenset(found), told, frozenset(asked))


def _as_typed(
    mention: Mention, doc: Doc, offset: int, corrected: spelling.Corrected, plain: str
) -> Mention:
    """A mention found in the spelling-corrected text, with the offsets, words and sentence
    of the text as the visitor typed it (the clinic is shown their words, not ours)."""
    start, end = corrected.original_span(mention.start + offset, mention.end + offset)
    sentence = mention.sentence
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is not None:
        sent_start, sent_end = corrected.original_span(
            span.sent.start_char + offset, span.sent.end_char + offset
        )
        sentence = plain[sent_start:sent_end].strip()
    return replace(mention, start=start, end=end, text=plain[start:end], sentence=sentence)


def _pieces(text: str, size: int):
    """(offset, piece) pairs covering `text`, each cut after a sentence end or a space."""
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            window = text[start + size // 2 : end]
            cut = max(
                window.rfind(". "), window.rfind("\n"), window.rfind("? "), window.rfind("! ")
            )
            if cut < 0:
                cut = window.rfind(" ")
            if cut >= 0:
                end = start + size // 2 + cut + 1
        yield start, text[start:end]
        start = end


def _plain(text: str) -> str:
    """Straight quotes, and HTML tags blanked out, keeping every character offset."""
    text = _HTML_TAG.sub(lambda match: " " * len(match.group()), text)
    return text.translate(_QUOTES)


def _start(span: Span) -> int:
    return span.start


# --- the context component -------------------------------------------------------------------


# Words that end the reach of a body part over "tense": the visitor ("I'm tense") or another
# clause ("my neck hurts and I'm tense all the time").
NOT_OF_BODY_STOPS = FIRST_PERSON | {
    *("me", "myself", "and", "but", "because", "cos", "or", "while", "when", "since"),
    *(".", "!", "?", ";", ",", "-", "\u2013", "\u2014"),
}


# Words between a reading and a place's name ("39 degrees here in Seville", "40 out in Dubai").
PLACE_LINKS = {"here", "out", "over", "there", "today", "in"}
# Capitalised words after "in" that are not the weather's places: times ("39 degrees in
# March" may be a fever; the date parser's month and weekday names) and places of care ("39 in
# A&E", "in St Mary's", "in Urgent Care").
NOT_PLACES = {
    *parsing._MONTHS,
    *parsing._WEEKDAYS,
    "i", "a&e", "a", "er", "ed", "icu", "resus", "hospital", "urgent", "emergency", "st", "st.",
    "saint", "royal", "general", "university", "the", "my", "bed",
}  # fmt: skip


def _place_follows(doc: Doc, end: int) -> bool:
    """Whether the words after `end` name a place: "in Seville", "here in Madrid"."""
    i = end
    while i < len(doc) and i - end < 3 and doc[i].lower_ in PLACE_LINKS:
        i += 1
    if i == end or doc[i - 1].lower_ != "in" or i >= len(doc):
        return False
    name = doc[i]
    return name.is_title and not name.is_sent_start and name.lower_ not in NOT_PLACES


def said_of_body(words: list[str], body: list[bool], start: int, end: int, window: int) -> bool:
    """Whether words[start:end] are said of a body part (body[i]: words[i] is one): one within
    `window` words before it ("my neck muscles feel tense", "my back is tight and tense") or
    after it ("tension in my shoulders", "a tension headache"), with none of NOT_OF_BODY_STOPS
    between."""
    for i in range(start - 1, max(-1, start - 1 - window), -1):
        if i == start - 1 and words[i] in ("and", "or"):
            continue  # "my back feels tight and tense"
        if words[i] in NOT_OF_BODY_STOPS:
            break
        if body[i]:
            return True
    for i in range(end, min(len(words), end + window)):
        if words[i] in NOT_OF_BODY_STOPS:
            break
        if body[i]:
            return True
    return False


# the words that give a body part to someone else: "her toes" (`_names_theirs`); with "'s",
# "dad's arm"
THEIR_POSSESSIVES = {"his", "her", "their"}
THEIR_WORDS = THEIR_POSSESSIVES | {"'s"}
REGION_MODIFIERS = {"left", "right", "lower", "upper", "bad", "other", "whole"}


def _after_subject(doc: Doc, i: int) -> bool:
    """Whether token `i` follows "he" or "she" ("she says")."""
    return i > 0 and doc[i - 1].lower_ in SUBJECTS


def _theirs(doc: Doc, region: Span) -> bool:
    """Whether a region is named as someone else's by the word just before it ("her left leg",
    "dad's knee"), though no cue reaches it."""
    if any(t.lower_ in SELF_WORDS_WITHIN for t in region):  # "my back"
        return False
    if region[0].lower_ in THEIR_WORDS:  # "his back"
        return True
    return _owner_word(doc, region, REGION_MODIFIERS) in THEIR_WORDS


def _mine(doc: Doc, region: Span, people: set[str]) -> bool:
    """Whether a region is named as the visitor's own: by "my" ("my lower back", "my own
    neck"), or after "I" or "me" with no one else named between in its sentence ("I've got a
    tight neck from stress", "Me, just a tight back")."""
    if any(t.lower_ == "my" for t in region):
        return True
    if _owner_word(doc, region, REGION_MODIFIERS | {"own"}) == "my":
        return True
    if _theirs(doc, region):
        return False
    return _self_nearest(doc[region.sent.start : region.start], people)


def _names_anyone(phrase: Span) -> bool:
    """Whether a proxy phrase has a word for a person in it ("her", "me" in "asked me to
    book")."""
    return any(t.lower_ in PRONOUNS | SELF_WORDS for t in phrase)


def _asks_the_clinic(before: Span) -> bool:
    """Whether the words before a proxy phrase in its sentence only ask the clinic ("Can you",
    "Would"): a phrase that names no one there ("Can you do home visits?", "Would love a
    massage") books for no one in a message that names no one ("I'm 80 and my hip hurts");
    after a name the lexicon does not know ("Tomasz wants a neck massage"), or in a message
    naming someone anywhere ("Asking for a lad in work"), it books for someone."""
    return all(t.is_punct or t.lower_ in ASKING_WORDS for t in before)


def _self_nearest(before: Span, people: set[str], selves: set[str] = SELF_WORDS) -> bool:
    """Whether the last person named in `before` is the visitor (`selves`: "I", "me"), not one
    of the lexicon's `people` or "he", "she" and the like."""
    persons = selves | people | PRONOUNS
    near = (t.lower_ for t in reversed(before) if t.lower_ in persons)
    return next(near, None) in selves


def _owner_word(doc: Doc, region: Span, modifiers: set[str]) -> str | None:
    """The word before a region and the `modifiers` just before it, in its sentence ("her" in
    "her left leg"), or None at the sentence's start."""
    i = region.start - 1
    while i >= region.sent.start and doc[i].lower_ in modifiers:
        i -= 1
    return doc[i].lower_ if i >= region.sent.start else None


def _is_question(sentence: Span) -> bool:
    """Whether the sentence ends with "?" (read from its end: a message typed without full
    stops is one sentence of thousands of words, read once for each sign in it)."""
    for i in range(sentence.end - 1, sentence.start - 1, -1):
        token = sentence.doc[i]
        if not token.is_space:
            return token.text.endswith("?")
    return False


def _answer_after(doc: Doc, span: Span) -> str | None:
    """The answer, "no" or "yes", when the finding's sentence is a short question the next
    sentence answers ("Fever? No.", "Any chills? yes, at night"), or a run of short questions
    answered once ("Chills? Fever? Nope"); None otherwise."""
    sentence = span.sent
    if not _short_question(sentence):
        return None  # "anticoagulant and a head knock, is massage safe? no fall" is not one
    end = sentence.end
    while end < len(doc) and _short_question(doc[end].sent):
        end = doc[end].sent.end
    if end >= len(doc):
        return None
    words = [t.lower_ for t in doc[end : end + 2] if not t.is_space]
    if not words or (len(words) > 1 and words[1] in NOT_AN_ANSWER):
        return None
    if words[0] in NO_ANSWERS:
        return "no"
    return "yes" if words[0] in YES_ANSWERS else None


def _within(span: Span, ranges: Iterable[tuple[int, int]]) -> bool:
    """Whether a span lies within one of the token ranges (start, end)."""
    return any(start <= span.start and span.end <= end for start, end in ranges)


def _echoed_question(doc: Doc) -> tuple[int, str | None]:
    """A message that opens with the question it answers in square brackets, as people copy
    it ("[Any numbness around your bottom?] nope, just the ache"): the token after the closing
    bracket, and the answer, "no" or "yes", when the next word gives one (ECHO_NO_ANSWERS,
    YES_ANSWERS); (0, None) when the message opens with no such question."""
    tokens = [t for t in doc[:ECHO_MAX_TOKENS] if not t.is_space]
    if not tokens or tokens[0].text != "[":
        return 0, None
    close = next((t.i for t in tokens if t.text == "]" or t.text.endswith("?]")), None)
    if close is None or "?" not in doc[close - 1 : close + 1].text:
        return 0, None
    after = [t.lower_ for t in doc[close + 1 : close + 4] if not (t.is_space or t.is_punct)]
    answer = None
    if after and after[0] in ECHO_NO_ANSWERS:
        answer = "no"
    elif after and after[0] in YES_ANSWERS:
        answer = "yes"
    return close + 1, answer


def _company(doc: Doc, cue: Span) -> bool:
    """Whether an other-person cue names who the visitor was with ("on the trampoline with my
    daughter and fell off"): not whose sign follows. "coping with my dad's stroke", "with my
    husband who had a stroke" and "with my mum having a stroke" name the other's."""
    if cue.label_ != "other_person" or cue.start == 0 or doc[cue.start - 1].lower_ != "with":
        return False
    if cue[-1].lower_ == "'s":  # "with my dad's stroke"
        return False
    return cue.end < len(doc) and doc[cue.end].lower_ not in OTHERS_CONTINUED


# Verbs whose object a cue names (`_object_of_verb`): "walking the dog", "lifted my dad"
OBJECT_VERBS = {
    *("walk", "walks", "walking", "walked", "lift", "lifts", "lifting", "lifted"),
    *("carry", "carries", "carrying", "carried", "push", "pushes", "pushing", "pushed"),
    *("pick", "picks", "picking", "picked", "take", "takes", "taking", "took"),
    *("chase", "chases", "chasing", "chased", "hold", "holds", "holding", "held"),
    *("tell", "tells", "telling", "told"),
    # ... and what the visitor trips or falls over ("tripped over the dog and banged my head")
    *("trip", "trips", "tripping", "tripped", "stumbled", "fell"),
}
# ... and a birth ("I had my baby 2 weeks ago and this morning suddenly I couldn't breathe":
# the sudden breathlessness is the mother's), when the cue is a baby
BIRTH_VERBS = {"had", "have", "having", "delivered", "birth"}
BABIES = {"baby", "babies", "twins", "son", "daughter", "boy", "girl", "little", "one"}
# ... and verbs whose listener a cue names after "to": "reading to my kids and the words came
# out scrambled", "talking to my wife when my speech went slurred"
SPOKEN_TO = {
    *("talk", "talks", "talking", "talked", "speak", "speaks", "speaking", "spoke"),
    *("chat", "chats", "chatting", "chatted", "read", "reads", "reading", "explain"),
    *("explaining", "explained", "say", "saying", "said", "sing", "singing", "sang"),
}
# "never had headaches before": the cue's label (`Mention.new`), and the words after "never"
# in which the sign may be told as new
NEW_SIGN = "new_sign"
NEW_SIGN_REACH = 12
NOW_WORDS = {"now", "lately", "recently", "new", "today", "tonight", "yesterday", "suddenly"}
# ... and "this afternoon", "last night": a day's part after "this" or "last"
NOW_AFTER = {"this", "last"}
NOW_PARTS = {"morning", "afternoon", "evening", "night", "week", "weekend", "month"}
# ... and "an hour ago", "two days ago" (forty-ninth round)
NOW_AGO = {"minute", "minutes", "mins", "hour", "hours", "hrs", "day", "days"}
BEFORE_ENDS = {".", ",", "!", "?", ";", "-", "but", "and", "now", "so", "either", "in", "at"}
# "at my mate's on friday", "round my mum's house": where the visitor was (`_place`)
PLACE_BEFORE = {"at", "round", "to"}
PLACE_AFTER = {
    *("on", "for", "and", "at", "in", "when", "with", "over", "after", "before", "the", "a"),
    *("last", "this", "yesterday", "today", "tonight", "earlier", "then", "once", "again"),
    *("house", "place", "flat", "home", "party", "wedding", "funeral", "birthday", "bbq"),
}


def _tells_now(words: list[str]) -> bool:
    """Whether the words say now: "now", "recently", "today", "this afternoon", "last night"
    (NOW_WORDS; a day's part after "this" or "last"), "an hour ago" (NOW_AGO), "on Tuesday"
    (fifty-sixth round: "I never get headaches but on Tuesday I was running and BAM")."""
    return bool(NOW_WORDS.intersection(words)) or any(
        (a in NOW_AFTER and b in NOW_PARTS)
        or (a in NOW_AGO and b == "ago")
        or (a == "on" and b in parsing._WEEKDAYS)
        for a, b in pairwise(words)
    )


def _place(doc: Doc, cue: Span) -> bool:
    """Whether an other-person cue names where the visitor was ("walked into a low doorway at
    my mate's on friday and the headache has got worse"): not whose sign follows. "to my
    dad's stroke" names the other's."""
    if cue.label_ != "other_person" or cue.start == 0:
        return False
    if doc[cue.start - 1].lower_ not in PLACE_BEFORE:
        return False
    end = cue.end
    if cue[-1].lower_ != "'s":
        if end >= len(doc) or doc[end].lower_ != "'s":
            return False
        end += 1
    return end >= len(doc) or not doc[end].is_alpha or doc[end].lower_ in PLACE_AFTER


def _object_of_verb(doc: Doc, cue: Span) -> bool:
    """Whether an other-person cue is whom the visitor walks, carries or lifts ("when I walk
    the dog uphill my chest goes tight", "lifting my mum into the bath") or talks to ("talking
    to my wife and my words came out wrong"): not whose sign follows (OBJECT_VERBS,
    SPOKEN_TO), unless the words go on about them ("carrying my son who has a fever")."""
    return cue.label_ == "other_person" and _verbs_object(doc, cue.start, cue.end)


def _verbs_object(doc: Doc, start: int, end: int) -> bool:
    """Whether the words from `start` to `end` name whom a verb before them acts on or talks
    to (`_object_of_verb`)."""
    if start == 0:
        return False
    before = doc[start - 1].lower_
    # "picking up my son", "taking out the dog", "tripped over the dog"
    if before in {"up", "out", "over"} and start > 1:
        before = doc[start - 2].lower_
    spoken_to = before == "to" and start > 1 and doc[start - 2].lower_ in SPOKEN_TO
    if before == "to" and start > 1 and doc[start - 2].lower_ == "birth":
        before = "birth"  # "gave birth to my son"
    born = before in BIRTH_VERBS and doc[end - 1].lower_ in BABIES
    if before not in OBJECT_VERBS and not spoken_to and not born:
        return False
    # "carrying my son who has a fever" goes on about him
    return end >= len(doc) or doc[end].lower_ not in OTHERS_CONTINUED


def _object_person(doc: Doc, i: int) -> bool:
    """Whether the person word at token `i`, with its "my" or "the", is whom a verb acts on
    ("when she carried my son she felt a sudden pain in the back": the back is not the
    son's)."""
    start = i - 1 if i > 0 and doc[i - 1].lower_ in {*POSSESSIVES, "the"} else i
    return _verbs_object(doc, start, i + 1)


def _with(doc: Doc, i: int) -> bool:
    """Whether the person at token `i` is who the visitor was with ("in bed with my wife
    suddenly the worst headache"), as `_company` reads a cue."""
    before = [t.lower_ for t in doc[max(i - 2, 0) : i]]
    if not before or "with" not in before or before[-1] not in {"with", "my", "our", "the"}:
        return False
    return i + 1 >= len(doc) or doc[i + 1].lower_ not in OTHERS_CONTINUED


def _addressed(doc: Doc, i: int) -> bool:
    """Whether the person word at token `i` is the one the visitor speaks to ("Mate, on
    warfarin and cracked my head", "hi mate, numb down below"): it opens its sentence, or
    follows a greeting, and a comma or "!" follows it."""
    if i + 1 >= len(doc) or doc[i + 1].text not in {",", "!"}:
        return False
    return doc[i].is_sent_start or (i > 0 and doc[i - 1].lower_ in GREETINGS)


def _introduces(doc: Doc, i: int) -> bool:
    """Whether the person word at token `i` is the visitor introducing themselves ("70yo
    bloke here, been on alendronate", "Grandad here, fever and chills"): "here" and a
    punctuation mark or the end follow it, and no "my", "his"... comes before it ("my husband
    here, he ...")."""
    if i + 1 >= len(doc) or doc[i + 1].lower_ != "here":
        return False
    if i + 2 < len(doc) and not doc[i + 2].is_punct:
        return False
    return i == 0 or doc[i - 1].lower_ not in POSSESSIVES


# words that make the person after them a place or a companion, not whom the clause tells of
# ("at my mate's", "round my sister's house"): `_after_preposition`
PLACE_PREPOSITIONS = {"at", "round", "around", "to", "from", "in", "by", "near", "over", "behind"}


def _after_preposition(doc: Doc, i: int) -> bool:
    """Whether the person word at token `i`, past its "my", "the" or "a", follows one of
    PLACE_PREPOSITIONS: "banged my head on a beam at my mate's on friday" tells of the
    visitor's head (fifty-seventh round)."""
    j = i - 1
    while j >= 0 and doc[j].lower_ in {*POSSESSIVES, "the", "a", "an"} and i - j <= 2:
        j -= 1
    return j >= 0 and doc[j].lower_ in PLACE_PREPOSITIONS


# the visitor's places, for `_my_place`
MY_PLACES = {
    *("work", "job", "office", "workplace", "gym", "school", "uni", "college", "shop", "church"),
    *("club", "house", "place", "flat", "street", "café", "cafe", "pub", "salon", "studio"),
}


def _my_place(doc: Doc, i: int) -> bool:
    """Whether the "my" or "our" at token `i` names a place of the visitor's after one of
    PLACE_PREPOSITIONS: "A customer at my work collapsed with a sudden awful headache" tells
    of the customer (fifty-ninth round)."""
    return (
        i > 0
        and i + 1 < len(doc)
        and doc[i - 1].lower_ in PLACE_PREPOSITIONS
        and doc[i + 1].lower_ in MY_PLACES
    )


# words before "a", "an" or "the" that describe the visitor by the person word after them ("I
# am a 58-year-old woman", "as a man of 70", "I'm the nephew"): `_describes_self`
DESCRIBING_SELF = {"am", "'m", "im", "as"}
DESCRIBING_REACH = 6


def _describes_self(doc: Doc, i: int) -> bool:
    """Whether the person word at token `i` is how the visitor describes themselves ("I am a
    70-year-old lady who was treated for breast cancer", "im a 45 yo man"): "a" or "an" before
    it within DESCRIBING_REACH words ("I'm the nephew with the tennis elbow": "the"), after "I
    am", "I'm" or "as", with no punctuation but a hyphen between (fifty-seventh round)."""
    for j in range(i - 1, max(i - DESCRIBING_REACH, 0) - 1, -1):
        token = doc[j]
        if token.is_punct and token.text != "-":
            return False
        if token.lower_ in {"a", "an", "the"}:
            return j > 0 and doc[j - 1].lower_ in DESCRIBING_SELF
    return False


def _short_question(sentence: Span) -> bool:
    if not _is_question(sentence):
        return False
    words = 0
    for token in sentence:
        words += not token.is_punct and not token.is_space
        if words > ANSWERED_QUESTION_WORDS:
            return False
    return True


def _label_answer(doc: Doc, span: Span) -> str | None:
    """ "no" when the finding is a label answered no on its line ("Fever: no", "numbness or
    tingling - none", "swelling no."); None otherwise (LABEL_SEPARATORS)."""
    if _is_no_answer(doc, span.end):  # "swelling no."
        return "no"
    i = span.end
    while i < len(doc) and i - span.end <= LABEL_WORDS:
        if doc[i].text in LABEL_SEPARATORS:
            i += 1
            while i < len(doc) and doc[i].is_space:
                i += 1
            return "no" if _is_no_answer(doc, i) else None
        if not doc[i].is_alpha:
            return None
        i += 1
    return None


def _is_no_answer(doc: Doc, i: int) -> bool:
    """Whether token `i` is a "no" that ends its answer ("no", "none."; not "no feeling")."""
    if i >= len(doc) or doc[i].lower_ not in NO_ANSWERS:
        return False
    return i + 1 == len(doc) or doc[i + 1].is_punct or doc[i + 1].is_space


# "If ... ever" imagines a sign ("if I ever go numb down there", "my GP said if my hands ever
# start going clumsy"): the words after "if" up to the finding and a few past it, in its clause
IF_WORDS = {"if", "case"}  # "in case I ever felt dizzy"
HYPOTHETICAL_REACH = 8
# ... and an "if" with "ever" up to this many words back (forty-seventh round)
IF_EVER_REACH = 14
# An "if" clause in a question with one of these is imagined ("would you still massage me if I
# had a fever?", "if I got a swollen leg later, could I still come?") ...
IMAGINED_MODALS = {"would", "should", "could", "will", "'d", "wd", "shud", "cud"}
# ... unless the clause tells of now ("would it be ok if I've had a fever since Monday?", "could
# I come if my calf is swollen?")
TOLD_OF_NOW = {
    *("since", "now", "today", "yesterday", "tonight", "currently", "already", "still"),
    *("been", "'ve", "ve", "has", "have", "is", "are", "am", "'m", "'s", "keep", "keeps"),
}
# A question opening with one of these wonders whether a sign "be" a condition ("could this stiff
# neck be meningitis?"; `_wondered_be`)
WONDERING_MODALS = {"could", "might", "may", "can", "would", "cud", "cld", "cn"}
# ... and the words between "be" and the name: "could my headaches be a brain tumour?"
WONDERED_BEFORE_NAME = {"a", "an", "the", "some", "brain", "bone", "spinal", "blood", "stress"}


def _hypothetical(doc: Doc, span: Span, cues: list[Span]) -> bool:
    """Whether the finding is imagined, not had: in its clause after a `hypothetical_before` cue
    ("suppose I had a fever", which "I" does not end as it ends other cues), in an "if" clause
    with "ever" in it, or in an "if" clause of a question asked with "would", "should" and the
    like (`_imagined_question`). Not "ever since" ("ever since I fell I can't feel my foot"); a
    bare "if" tells of a sign had as often ("if I try to pee nothing comes out")."""
    start = _clause_start(doc, span)
    if _cue_between("hypothetical_before", cues, start, span.start):
        return not _topic_answered(doc, span, cues, start)
    ifs = [t.i for t in doc[start : span.start] if t.lower_ in IF_WORDS]
    if ifs and _imagined_question(doc[ifs[0] : span.end], span.sent):
        return True
    # "if I ever can't control my bladder or go numb down below": an "if ... ever" reaches
    # further, to the second sign it imagines (IF_EVER_REACH)
    ifs = [t.i for t in doc[_clause_start(doc, span, IF_EVER_REACH) : span.start]
           if t.lower_ in IF_WORDS]  # fmt: skip
    if not ifs:
        return False
    end = span.end
    while end < span.sent.end and end - span.end < 4 and doc[end].text not in CLAUSE_BREAKS:
        end += 1
    return any(
        t.lower_ == "ever" and (t.i + 1 == len(doc) or doc[t.i + 1].lower_ != "since")
        for t in doc[ifs[0] : end]
    )


# Words that place someone by the visitor: "the lady in the flat above me", "a man next to me
# on the plane", "the guy opposite me at work" (`_placed_by_me`)
PLACING_WORDS = {
    *("above", "below", "beneath", "under", "beside", "behind", "opposite", "near", "next"),
    *("across", "upstairs", "downstairs", "facing", "nearby"),
}


def _placed_by_me(doc: Doc, i: int) -> bool:
    """Whether token `i` is a "me" that places the person named before it (PLACING_WORDS, up
    to "next to", "across from"): the person is still the subject ("The lady in the flat above
    me has been coughing up blood"; fifty-seventh round)."""
    if doc[i].lower_ != "me" or i == 0:
        return False
    before = doc[i - 1].lower_
    if before in {"to", "from"} and i >= 2:
        before = doc[i - 2].lower_
    return before in PLACING_WORDS


# ... and the words that open an answer told of the visitor ("yes", "I had one", "had one
# last week"; not "cervical, 2010, treated and cured" after "cancer history:")
ANSWER_OPENERS = {*FIRST_PERSON, *("yes", "yeah", "yep", "yup", "had", "have", "got", "my")}


def _topic_answered(doc: Doc, span: Span, cues: list[Span], start: int) -> bool:
    """Whether the finding is the topic of a question the visitor says they were asked (a
    `hypothetical_before` cue with "ask" in it) and answers on its line, as a label
    (LABEL_SEPARATORS): "You asked about headaches: I had one last week, it came on within a
    minute" tells of one; "...: none" denies it (`_label_answer`); "your form asks about
    bladder issues" names a topic only; so does "The form asks about cancer history:
    cervical, 2010, treated" (ANSWER_OPENERS)."""
    asked = any(
        cue.label_ == "hypothetical_before"
        and start <= cue.start < span.start
        and "ask" in cue.text.lower()
        for cue in cues
    )
    if not asked:
        return False
    end = min(span.end + LABEL_WORDS + 1, span.sent.end)
    separator = next((t.i for t in doc[span.end : end] if t.text in LABEL_SEPARATORS), None)
    return separator is not None and any(
        t.lower_ in ANSWER_OPENERS for t in doc[separator + 1 : separator + 3]
    )


def _looked_for(doc: Doc, span: Span, cues: list[Span], condition_names: set[str]) -> bool:
    """Whether the finding is a condition's name (each word of it among `condition_names`)
    after a `looked_for_before` cue in its clause: "I googled cauda equina at 2am and scared
    myself", "the GP did bloods for polymyalgia" name it, not a sign had. A sign told after
    one is had: "I've looked up how many of my tablets it would take"."""
    if not all(t.lower_ in condition_names for t in span if t.is_alpha):
        return False
    start = _clause_start(doc, span)
    return _cue_between("looked_for_before", cues, start, span.start) or _wondered_be(
        doc, span, start
    )


def _wondered_be(doc: Doc, span: Span, start: int) -> bool:
    """Whether the name follows "be" in a question its clause opens with a modal: "could this
    stiff neck be meningitis?", "might my back ache be kidney stones?", "could my tension
    headaches be a brain tumour?" wonder, not tell."""
    before = span.start - 1
    while before > start and doc[before].lower_ in WONDERED_BEFORE_NAME:
        before -= 1
    return (
        before > start
        and doc[before].lower_ == "be"
        and doc[start].lower_ in WONDERING_MODALS
        and _is_question(span.sent)
    )


def _clause_start(doc: Doc, span: Span, reach: int = HYPOTHETICAL_REACH) -> int:
    """Where the span's clause starts, looking back at most `reach` words."""
    start = span.start
    while start > span.sent.start and span.start - start < reach:
        if doc[start - 1].text in CLAUSE_BREAKS:
            break
        start -= 1
    return start


def _cue_between(label: str, cues: list[Span], start: int, end: int) -> bool:
    return any(cue.label_ == label and start <= cue.start < end for cue in cues)


def _imagined_question(clause: Span, sentence: Span) -> bool:
    """Whether an "if" clause (from "if" to the sign) is imagined: its sentence is a question
    with one of IMAGINED_MODALS, and the clause tells nothing of now (TOLD_OF_NOW)."""
    if not _is_question(sentence) or not IMAGINED_MODALS.intersection(t.lower_ for t in sentence):
        return False
    return not TOLD_OF_NOW.intersection(t.lower_ for t in clause)


def _aside(doc: Doc, cue: Span, end: int) -> bool:
    """Whether `cue` is inside brackets closed before token `end`: an aside ("a client of mine
    (I'm a PT) has foot drop") that does not end what was said before it."""
    start = cue.sent.start
    opened = [t.i for t in doc[start : cue.start] if t.text == "("]
    closed = [t.i for t in doc[start : cue.start] if t.text == ")"]
    return (
        bool(opened)
        and max(opened) > max(closed, default=-1)
        and any(t.text == ")" for t in doc[cue.end : end])
    )


# the verbs after which "still" or "now" goes on saying the same subject's state ("her speech is
# still slurred", "his arm has still got no grip", "it's now a big squashy swelling")
STILL_AFTER = {"is", "are", "was", "were", "'s", "s", "has", "have", "feels", "looks", "seems"}


# the `terminate` cues that, right after a person, are the person's own adverb
# (`_adverb_of_person`)
SUBJECT_ADVERBS = {"just", "only", "still", "now", "actually", "suddenly"}
AGE_WORDS = {"yo", "y/o", "years", "year", "yrs", "old", "aged"}


def _still_after_verb(doc: Doc, cue: Span) -> bool:
    """Whether a `terminate` cue is the single word "still" or "now" right after one of
    STILL_AFTER."""
    return (
        len(cue) == 1
        and cue[0].lower_ in ("still", "now")
        and cue.start > 0
        and doc[cue.start - 1].lower_ in STILL_AFTER
    )


def _subject_goes_on(doc: Doc, cue: Span) -> bool:
    """Whether a `terminate` cue is followed by words that go on with the clause before: after
    "now" or "and now", words with no subject of their own ("now confused", "now can't stand on
    it"), not one ("now my arm", "now I", "now he"); after "now" or "but", a thing told of
    ("now the leg is more short", "but the whole knee has gone purple", "but it's still
    spreading"), with no word of the visitor's in the rest of the sentence ("but the knee is
    killing me")."""
    if cue.end >= len(doc):
        return False
    following = doc[cue.end]
    word = cue.text.lower()
    if word in ("now", "and now") and following.lower_ not in THING_WORDS:
        return following.is_alpha and following.lower_ not in NEW_SUBJECT_WORDS
    if word in ("now", "and now", "but") and following.lower_ in THING_WORDS:
        rest = doc[cue.end : cue.sent.end]
        return not any(t.lower_ in SELF_WORDS_WITHIN for t in rest)
    return False


# after a denial, words that deny only what is usual ("I don't normally get headaches"):
# `_new_sign`
USUALLY = {"normally", "usually", "generally", "typically", "often", "ordinarily"}

# the word of a denial a finding's own words may begin with ("n't walked since")
DENIAL_WORDS = {"n't", "nt", "not", "never", "no"}

# the words that open a clause told of a thing, not a person: "but the bruise", "but it"
THING_WORDS = {"the", "it", "its", "this", "that"}


# the words that open a clause of its own subject after "now"
NEW_SUBJECT_WORDS = (
    SELF_WORDS_WITHIN
    | PRONOUNS
    | {"the", "a", "an", "this", "that", "these", "those", "it", "its", "there", "your", "our"}
    | {"their", "mine", "we", "you", "everything", "nothing", "someone", "somebody"}
)


DEATH_WORDS = {"died", "passed", "dead", "late", "lost"}  # a cue of someone who died
# the words of an age set off by commas: "my father-in-law, 86, who takes warfarin", "my
# mother, aged 90, has"
AGE_ASIDE_WORDS = {"aged", "age", "years", "year", "yrs", "yr", "old", "y/o", "yo"}


def _encloses_an_age(doc: Doc, i: int) -> bool:
    """Whether the comma at `i` opens or closes an age set off by commas (AGE_ASIDE_WORDS and
    one number): such an aside does not end a clause ("my father-in-law, 86, who takes
    warfarin" is his warfarin; forty-second round)."""
    if doc[i].text != ",":
        return False
    for step in (1, -1):
        j, words = i + step, []
        while 0 <= j < len(doc) and doc[j].text != "," and len(words) < 4:
            words.append(doc[j])
            j += step
        if 0 <= j < len(doc) and doc[j].text == "," and words:
            numbers = [t for t in words if t.like_num]
            if len(numbers) == 1 and all(t.like_num or t.lower_ in AGE_ASIDE_WORDS for t in words):
                return True
    return False


def _bracketed(words: Span) -> int:
    """How many of the words are in the visitor's asides about themselves, in brackets opened
    and closed among them: such an aside does not put a cue out of reach ("a client of mine
    (I'm a PT) has foot drop"); others do ("my mum (71) keeps saying")."""
    count, opened = 0, None
    for token in words:
        if token.text == "(":
            opened = token.i
        elif token.text == ")" and opened is not None:
            aside = token.doc[opened + 1 : token.i]
            if any(t.lower_ in SELF_WORDS for t in aside):
                count += len(aside) + 2
            opened = None
    return count


def _general_question(span: Span, condition_names: set[str]) -> bool:
    """Whether the words are in a general question about a condition (QUESTION_WORDS)."""
    sentence = span.sent
    if not _is_question(sentence):
        return False
    words = [t.lower_ for t in sentence if not t.is_punct and not t.is_space]
    if words[:2] == ["what", "if"]:  # "what if my calf pain is a DVT?": wondered, not told
        return bool(condition_names.intersection(words))
    if words[:2] == ["is", "it"] and "if" in words:  # "is it meningitis if your neck is stiff?"
        return bool(condition_names.intersection(words))
    return (
        bool(words)
        and words[0] in QUESTION_WORDS
        and not ABOUT_THE_VISITOR.intersection(words)
        and bool(condition_names.intersection(words))
    )


# The lexicon's phrases are written in the first person ("can't control my bowels", "wet
# myself"). Someone else's possessive or reflexive pronoun is read as the visitor's when the
# findings' phrases are matched, so "he can't control his bowels" is heard too; whose sign it
# is stays the context component's to say, from the words as typed.
FIRST_PERSON_NORMS = {
    **dict.fromkeys(("his", "her", "their"), "my"),
    **dict.fromkeys(("himself", "herself", "themselves", "themself"), "myself"),
}


def _in_first_person(token: dict) -> dict:
    """A finding's token pattern matched on NORM where it names lower-case words, each word
    as `first_person` norms it: {LOWER: {IN: [my, the]}} also matches "his", "her"."""
    value = token.get("LOWER")
    norm = FIRST_PERSON_NORMS.get
    if isinstance(value, str):
        value = norm(value, value)
    elif isinstance(value, dict) and value and set(value) <= {"IN", "NOT_IN"}:
        value = {op: list(dict.fromkeys(norm(w, w) for w in words)) for op, words in value.items()}
    else:
        return token
    return {**{k: v for k, v in token.items() if k != "LOWER"}, "NORM": value}


# Words of pain that make "in the back" after them a back (regions.yml lower_back)
PAIN_WORDS = {
    *("pain", "pains", "paining", "painful", "ache", "aches", "aching", "hurt", "hurts"),
    *("hurting", "sore", "soreness", "agony", "stiff", "stiffness", "problem", "problems"),
}
PAIN_REACH = 3


def _bare_back(doc: Doc, ent: Span) -> bool:
    """Whether a region read from "in the back", "and the back" or "side of the back" names no
    back: the back of something follows ("a pain in the back of my knee", "in the back of the
    car"); "in the back" not within PAIN_REACH words after a word of pain ("sat in the back",
    "stabbed in the back"). "and the back" after no other region is read by `_back_alone`."""
    first = ent[0].lower_
    if ent.label_ != "body_region" or first not in ("in", "and", "side"):
        return False
    if ent.end < len(doc) and doc[ent.end].lower_ == "of":
        return True
    if first in ("and", "side"):
        return False
    before = {token.lower_ for token in doc[max(ent.start - PAIN_REACH, 0) : ent.start]}
    return not before & PAIN_WORDS


def _joined(doc: Doc, i: int) -> bool:
    """Whether the word after token `i` joins another person to it (AND_WORDS)."""
    return i + 1 < len(doc) and doc[i + 1].lower_ in AND_WORDS


def _named_client(doc: Doc, token: Token) -> str | None:
    """SOMEONE when `token`, just after a booking phrase, names a person by title ("Mr Patel")
    or by name: a capitalised word, not a day, a month or a word of the lexicon, that the next
    word shows is a person's ("Margaret, 82", "Tom in", "Ada (79)", "Sam who"), or by
    "someone" with an age ("a massage for someone who is 70")."""
    if token.lower_ in TITLES:
        return SOMEONE
    if token.lower_ in {"someone", "somebody"}:  # "a massage for someone who's 70"
        ahead = doc[token.i + 1 : token.i + 4]
        return SOMEONE if any(t.like_num for t in ahead) and ahead[0].lower_ in AGE_NEXT else None
    if not (token.is_alpha and token.is_title and len(token) > 1) or token.lower_ in NOT_NAMES:
        return None
    if token.ent_type_ or any(
        token.i in range(s.start, s.end) for s in doc.spans.get(FINDINGS_KEY, [])
    ):
        return None
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return (
        SOMEONE if after is not None and (after.lower_ in AFTER_A_NAME or after.like_num) else None
    )


def _back_alone(doc: Doc, ent: Span) -> Span:
    """A region read from "and the back" after no other region is only its "back" ("hot then
    cold, and the back is agony"); after one it is the whole list's ("a pain in the shoulder
    and the back")."""
    if ent.label_ != "body_region" or ent[0].lower_ != "and":
        return ent
    if any(e.label_ == "body_region" and e.end == ent.start for e in doc.ents):
        return ent
    return Span(doc, ent.end - 1, ent.end, label=ent.label, span_id=ent.ent_id)


def _names_theirs(span: Span) -> bool:
    """Whether a finding's own words give it to someone else ("chest pain down her arm",
    "wet himself"), or the body part its words open with is theirs ("her toes feel fizzy";
    fiftieth round): in a message that books for no one, it is their sign, as after a cue that
    names them ("my husband's chest"; `Mention.other_person`)."""
    if any(token.lower_ in FIRST_PERSON_NORMS for token in span):
        return True
    doc = span.doc
    return (
        span.start > span.sent.start
        and doc[span.start - 1].lower_ in THEIR_POSSESSIVES
        and (
            span[0].lower_ in OWNED_NOUNS
            or any(ent.start == span.start and ent.label_ == "body_region" for ent in doc.ents)
        )
    ) or _after_their_region(span)


# words between a region and what is said of it: "her wrist's up like a balloon"
REGION_TO_SIGN = {"'s", "is", "was", "has", "had", "gone", "got", "been", "all", "now"}


def _after_their_region(span: Span) -> bool:
    """Whether the finding follows a region named as someone else's, with only
    REGION_TO_SIGN between ("her wrist's up like a balloon", "his knee is hot and swollen";
    fifty-ninth round)."""
    doc = span.doc
    i = span.start - 1
    while i > span.sent.start and doc[i].lower_ in REGION_TO_SIGN:
        i -= 1
    return any(
        ent.end == i + 1 and ent.label_ == "body_region" and _theirs(doc, ent) for ent in doc.ents
    )


# what a body has that is not a region, for `_names_theirs`: "Doctor before say her bones are
# weak", "her speech is slurred" (fifty-ninth round)
OWNED_NOUNS = {
    *("bones", "bone", "speech", "words", "voice", "vision", "eyesight", "sight", "eye", "eyes"),
    *("bladder", "bowels", "bowel", "waterworks", "memory", "balance", "grip", "skin"),
    *("temperature", "temp", "breathing", "breath", "heart", "pulse", "weight", "appetite"),
    # clothes that tell of weight lost: "her jeans are hanging off her"; "my wife keeps saying
    # my trousers are hanging off me" (sixtieth round)
    *("clothes", "jeans", "trousers", "pants", "skirt", "dress", "shirt", "belt", "ring"),
}


def _names_mine(span: Span) -> bool:
    """Whether the body part or thing the finding's words open with is the visitor's, "my"
    just before it ("my wife keeps saying my trousers are hanging off me"), as `_names_theirs`
    reads "her"."""
    doc = span.doc
    return (
        span.start > span.sent.start
        and doc[span.start - 1].lower_ == "my"
        and (
            span[0].lower_ in OWNED_NOUNS
            or any(ent.start == span.start and ent.label_ == "body_region" for ent in doc.ents)
        )
    )


@Language.factory("nmt_first_person")
def make_first_person(nlp: Language, name: str):
    return first_person


def first_person(doc: Doc) -> Doc:
    """Sets each token's NORM, which the findings' phrases and patterns are matched on: its
    lower case, someone else's pronoun the visitor's (FIRST_PERSON_NORMS)."""
    for token in doc:
        token.norm_ = FIRST_PERSON_NORMS.get(token.lower_, token.lower_)
    return doc


@Language.factory(
    "nmt_context",
    default_config={
        "cues": {},
        "sites": [],
        "not_followed_by": {},
        "not_of_body": {},
        "not_before_place": [],
    },
)
def make_context_component(
    nlp: Language,
    name: str,
    cues: dict,
    sites: list[str],
    not_followed_by: dict,
    not_of_body: dict,
    not_before_place: list,
):
    return ContextComponent(nlp, cues, sites, not_followed_by, not_of_body, not_before_place)


class ContextComponent:
    """Disambiguates sides and reads negation, hedging and experiencer around each match."""

    CUE_KINDS = (
        "negation_before",
        "negation_after",
        "hedge_before",
        "hedge_after",
        "hypothetical_before",
        "looked_for_before",
        "other_person",
        "other_person_after",
        "terminate",
        "pseudo",
    )

    def __init__(
        self,
        nlp: Language,
        cues: dict,
        sites: list[str],
        not_followed_by: dict,
        not_of_body: dict | None = None,
        not_before_place: list | None = None,
    ):
        self.window = int(cues.get("window", 6))
        self.condition_names = {str(word).lower() for word in cues.get("condition_names", [])}
        self.body_words = {str(word).lower() for word in cues.get("body_words") or []}
        self.not_signs = {str(word) for word in cues.get("not_signs") or []}
        self.sites = set(sites)
        self.not_followed_by = {fid: set(words) for fid, words in not_followed_by.items()}
        self.not_of_body = {fid: set(words) for fid, words in (not_of_body or {}).items()}
        self.not_before_place = set(not_before_place or ())
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for kind in self.CUE_KINDS:
            phrases = cues.get(kind) or []
            if phrases:
                self.matcher.add(kind, [nlp.make_doc(p) for p in phrases])
        self.proxy_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for kind in ("proxy_before", "proxy_after", "proxy_object", "proxy_group"):
            phrases = cues.get(kind) or []
            if phrases:
                self.proxy_matcher.add(kind, [nlp.make_doc(p) for p in phrases])
        self.people = {str(word).lower() for word in cues.get("people") or []}
        women = {str(word).lower() for word in cues.get("women") or []}
        men = {str(word).lower() for word in cues.get("men") or []}
        # the people a pronoun cannot point back to
        self.not_pointed_to = {
            **dict.fromkeys(("she", "her", "shes", "hers", "herself"), men),
            **dict.fromkeys(("he", "him", "his", "hes", "himself"), women),
        }
        self.people_or_pronouns = self.people | PRONOUNS
        self.person_words = {f"{word}s": word for word in self.people if len(word) > 2}
        self.person_words.update({word: word for word in self.people})
        self.own_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.own_matcher.add("self_words", [nlp.make_doc(p) for p in cues.get("self_words") or []])
        self.owned_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.owned_matcher.add("owned_up", [nlp.make_doc(p) for p in cues.get("owned_up") or []])
        self.taken_back_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for kind in ("said_before", "said_instead"):
            self.taken_back_matcher.add(kind, [nlp.make_doc(p) for p in cues.get(kind) or []])
        self.services = {str(word).lower() for word in cues.get("services") or []}

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = [
            _back_alone(doc, ent)
            for ent in doc.ents
            if ent.label_ != IGNORED
            and (ent.label_ != "side" or self._is_side(doc, ent))
            and not _bare_back(doc, ent)
        ]
        given = doc._.nmt_clients or frozenset()
        doc._.nmt_clients = frozenset(self._clients(doc))
        clients = doc._.nmt_clients | given
        cues = self._cues(doc, clients)
        findings = [span for span in doc.spans.get(FINDINGS_KEY, []) if self._means_it(doc, span)]
        answers = {span: _answer_after(doc, span) or _label_answer(doc, span) for span in findings}
        echoed, echo_answer = _echoed_question(doc)
        if echoed:  # the assistant's question: its words are not the visitor's
            doc.ents = [ent for ent in doc.ents if ent.start >= echoed]
            findings = [s for s in findings if s.start >= echoed or echo_answer is not None]
            answers.update({s: echo_answer for s in findings if s.start < echoed})
        taken_back = self._taken_back(doc)
        if taken_back:  # words said before and taken back: neither said nor denied now
            doc.ents = [ent for ent in doc.ents if not _within(ent, taken_back)]
            findings = [span for span in findings if not _within(span, taken_back)]
        asked_findings = {
            span
            for span in findings
            if answers[span] is None and _general_question(span, self.condition_names)
        }
        # a region named only within a finding asked about ("head" in "what does a thunderclap
        # headache feel like?") is asked about too
        asked_tokens = {i for span in asked_findings for i in range(span.start, span.end)}
        # each sentence's text is made once: a message typed without full stops is one sentence
        # of thousands of words, with hundreds of mentions in it
        texts: dict[int, str] = {}

        def sentence_text(sentence: Span) -> str:
            if sentence.start not in texts:
                texts[sentence.start] = sentence.text.strip()
            return texts[sentence.start]

        # the sentence after a finding's may say it has gone ("I had shingles in March. It
        # cleared up completely by April"), when it tells of no finding or region of its own
        # ("infection's gone now"), nor of a person the finding's sentence does not name ("mum
        # had the same and it went away")
        told = {
            span.sent.start for span in [*doc.ents, *findings] if span.label_ not in self.not_signs
        }

        nexts: dict[int, str] = {}  # made once a sentence, as `texts`

        def names_people(sentence: Span) -> bool:
            return any(token.lower_ in self.people_or_pronouns for token in sentence)

        def next_text(sentence: Span) -> str:
            if sentence.start not in nexts:
                after = doc[sentence.end].sent if sentence.end < len(doc) else None
                nexts[sentence.start] = (
                    ""
                    if after is None
                    or after.start in told
                    or (names_people(after) and not names_people(sentence))
                    else sentence_text(after)
                )
            return nexts[sentence.start]

        owned_at = self._owned_up_at(doc)
        mentions = []
        own_body = others_body = False
        # a region named in a question to the clinic with no "I" or "me" ("Can you do massage
        # of face?") names no one's body (`_asked_for` reads whom it is for; fifty-ninth
        # round); "Neck and shoulders, long session please" is the visitor's
        requests = [
            (sentence.start, sentence.end)
            for sentence, _, selves in self._service_sentences(doc)
            if not selves and any(t.lower_ in {"you", "u"} for t in sentence)
        ]
        for span in sorted([*doc.ents, *findings], key=lambda s: (s.start, s.end)):
            label = span.label_ if span.label_ in ("body_region", "side") else "finding"
            ident = span.ent_id_ if label != "finding" else span.label_
            before = self._cues_before(doc, span, cues)
            after = self._cues_after(doc, span, cues)
            answer = answers.get(span) if label == "finding" else None
            imagined = label == "finding" and (
                span in asked_findings
                or _hypothetical(doc, span, cues)
                or _looked_for(doc, span, cues, self.condition_names)
            )
            # imagined, then owned up to later in the message: the visitor's own, had
            owned = imagined and span.end <= owned_at
            own = owned or _owns_within(span) or (label == "finding" and _names_mine(span))
            mentions.append(
                Mention(
                    label=label,
                    id=ident,
                    text=span.text,
                    start=span.start_char,
                    end=span.end_char,
                    sentence=sentence_text(span.sent),
                    after=next_text(span.sent) if label == "finding" else "",
                    said_in=_without_asides_before(span) if label == "finding" else "",
                    negated="negation_before" in before
                    or NEW_SIGN in before
                    or "negation_after" in after
                    or answer == "no",
                    new=NEW_SIGN in before,
                    hedged="hedge_before" in before or "hedge_after" in after,
                    other_person=(
                        "other_person" in before
                        or "other_person_after" in after
                        or (label == "finding" and not clients and _names_theirs(span))
                    )
                    and not own,
                    told_of_another=not own and self._told_of_another(doc, span, cues, clients),
                    site_of=self._site_of(doc, span, findings) if label == "body_region" else None,
                    mine=label == "body_region" and _mine(doc, span, self.people),
                    asked=imagined and not owned
                    if label == "finding"
                    else (
                        label == "body_region"
                        and asked_tokens.issuperset(range(span.start, span.end))
                    ),
                )
            )
            said = mentions[-1]
            if label == "side" or said.asked:
                continue
            theirs = label == "body_region" and _theirs(doc, span)
            if said.other_person or said.told_of_another or theirs:
                others_body = True
            elif label == "body_region" and not said.mine and _within(span, requests):
                pass
            else:  # denied counts: "my waterworks are perfectly normal" is the visitor's
                own_body = True
        doc._.nmt_mentions = mentions
        if own_body or self._speaks_of_self(doc):
            doc._.nmt_whose = VISITOR
        else:
            doc._.nmt_whose = OTHERS if others_body else None
        doc._.nmt_asked_for = self._asked_for(doc)
        return doc

    def _cues(self, doc: Doc, clients: frozenset[str]) -> list[Span]:
        spans = [
            Span(doc, start, end, label=match_id) for match_id, start, end in self.matcher(doc)
        ]
        # the longest match wins, and a pseudo-cue is no cue: "just been" is not "just"
        spans = [
            span
            for span in filter_spans(spans)
            if span.label_ != "pseudo"
            and not _company(doc, span)
            and not _place(doc, span)
            and not _object_of_verb(doc, span)
        ]
        spans = [
            Span(doc, cue.start, cue.end, label=NEW_SIGN) if self._new_sign(doc, cue) else cue
            for cue in self._for_the_client(spans, clients)
        ]
        return self._negated_beliefs(doc, sorted(spans, key=lambda s: s.start))

    def _new_sign(self, doc: Doc, cue: Span) -> bool:
        """Whether a "never" cue may tell of a sign new to the visitor rather than deny it:
        "before", "until ...", "in my life" or "but (and) ... now (new, this afternoon)" follows
        it in its sentence ("I've never been one for headaches, but this afternoon one came on in
        an instant", "she's never had headaches before", "never get headaches but 3 wks now one
        wakes me up", "never got headaches till this autumn", "I never get headaches, but this
        new one wakes me at 4am"), nor a denial of what is usual ("I don't normally get
        headaches but an hour ago ..."; forty-ninth round). Not with a condition's name ("I've
        never had a stroke before"). See `Mention.new`."""
        if cue.label_ != "negation_before":
            return False
        usual = cue.end < len(doc) and doc[cue.end].lower_ in USUALLY
        if cue[0].lower_ != "never" and not usual:
            return False
        words = [t.lower_ for t in doc[cue.end : min(cue.end + NEW_SIGN_REACH, cue.sent.end)]]
        if self.condition_names.intersection(words):
            return False
        for i, word in enumerate(words):
            # "before" at the end of its clause, not "before the op", "before I started this job"
            if word in {"before", "b4"} and (words[i + 1 : i + 2] or ["."])[0] in BEFORE_ENDS:
                return True
            if word == "life" and words[i - 1 : i] == ["my"]:
                return True
            if word in {"until", "till", "til"}:  # "until now", "till this autumn"
                return True
            if word in {"but", "and"} and _tells_now(words[i + 1 : i + 7]):
                return True
        return False

    def _told_of_another(
        self, doc: Doc, span: Span, cues: list[Span], clients: frozenset[str]
    ) -> bool:
        """Whether the clause of the words is told of someone else: it names another before
        them ("Husband had chest pain last week, proper crushing, went grey and
        sweaty"; "Dad's legs have been getting weaker"; "she got a fever and back pain") after
        the visitor's last "I", "me" or "my" before the words in it, if any ("I care for an
        elderly lady who fell, she's on warfarin"; not a person after a place word, "at my
        mate's", or the visitor's description of themselves, "I am a 70-year-old lady"). The
        clause starts after the last `terminate` cue that is not the visitor's own word ("my
        dad had a stroke but my arm went numb"), except a pseudo-negation (DENYING_WORDS) and
        a cue right after "he" or "she" ("she says her leg feels heavy", "she only lift the rice
        bag and after that very big pain in the back"; after anyone else a reporting cue starts
        the visitor's: "my husband says the numbness goes down both legs"). The people a
        message books for are not another (`_for_the_client`)."""
        start = max(span.sent.start, span.start - CLAUSE_REACH)
        # cues are sorted and do not overlap: those between `start` and the words
        near = cues[
            bisect_left(cues, start, key=_start) : bisect_left(cues, span.start, key=_start)
        ]
        for cue in near:
            if cue.end > span.start:
                continue
            word = cue.text.lower()
            if cue.label_ != "terminate" or word in SELF_WORDS_WITHIN or word in JOINED:
                continue
            if any(t.lower_ in DENYING_WORDS for t in cue):
                continue
            # "she's still limping", "he is still numb": the same subject goes on; so it does
            # after the person ("My grandmother just sat down heavily and now has terrible back
            # pain", "she only lifted the kettle"; sixtieth round)
            if _still_after_verb(doc, cue) or self._adverb_of_person(doc, cue):
                continue
            # "son banged his head at rugby, now confused": so it does after a "now" with no
            # subject of its own, when the clause before it is told of someone else
            # (forty-eighth round), and after "but the ..." ("He's walking on it ok but the
            # whole knee has gone purple"; forty-ninth round)
            if (
                _subject_goes_on(doc, cue)
                and cue.start > span.sent.start
                and self._told_of_another(doc, doc[cue.start - 1 : cue.start], cues, clients)
            ):
                continue
            # "she says her leg feels heavy", "she only lift the rice bag": still hers
            if not _after_subject(doc, cue.start):
                start = cue.end
        # a cue counts when it names a relation or says "he", "his" ("my baby" or "the dog"
        # name the visitor's own as often: "just had my baby and a calf is tender")
        named = [
            c
            for c in near
            if c.label_ == "other_person"
            and start <= c.start
            and c.end <= span.start
            and any(self._person(t) or t.lower_ in TOLD_BY for t in c)
        ]
        inside = {i for cue in named for i in range(cue.start, cue.end)}
        others = self.people - clients
        subjects = set() if clients else SUBJECTS
        told = mine = False
        for token in doc[start : span.start]:
            word = token.lower_
            if token.i in inside:
                told = True
            elif word in {"my", "our"} and self._names_relation(doc, token.i + 1):
                continue  # "my pal", "my best friend"
            elif told and _placed_by_me(doc, token.i):
                continue  # "the lady in the flat above me", "a man next to me on the train"
            elif told and word in {"my", "our"} and _my_place(doc, token.i):
                continue  # "a customer at my work collapsed"
            elif word in SELF_WORDS_WITHIN or word == "mine":
                # the last one named before the words is whose they are: "I care for an
                # elderly lady who fell last week, she's on warfarin" (fifty-seventh round)
                told, mine = False, True
            elif word in others and self._names_client_next(doc, token.i + 1, clients):
                continue  # "my partner's mum", booking for the mum
            elif word in others and mine and _after_preposition(doc, token.i):
                continue  # "banged my head on a beam at my mate's", "round my sister's house"
            elif word in others and (
                _addressed(doc, token.i)
                or _introduces(doc, token.i)
                or _describes_self(doc, token.i)
                or _object_person(doc, token.i)
            ):
                continue
            elif word in subjects or (word in others and not _with(doc, token.i)):
                told = True
        if told or mine or start != span.sent.start or span.sent.start == 0:
            return told
        opening = tuple(t.lower_ for t in doc[start : start + 2])
        if opening not in POINTING_BACK and not self._names_no_one(span.sent):
            return False
        before = doc[span.sent.start - 1].sent
        return self._told_of_another(doc, doc[before.end - 1 : before.end], cues, clients)

    def _names_no_one(self, sentence: Span) -> bool:
        """Whether a sentence names no one: no "I", "my", "you", "he", "her", no one of the
        lexicon's `people` ("Bit of a lump, no headache yet." after "He smacked his head on
        the pipework": still his; fifty-first round)."""
        return not any(t.lower_ in NAMING_SOMEONE or self._person(t) for t in sentence)

    def _taken_back(self, doc: Doc) -> list[tuple[int, int]]:
        """The words the visitor says they told the assistant before and takes back in the same
        sentence, as token ranges: from the end of a `said_before` cue ("I said", "I told
        you"; not "I said to ...") to a "but" that a `said_instead` cue follows ("I meant",
        "actually", "it was more", "thinking about it"). "I said my leg was swollen but I meant
        both ankles are a bit puffy" takes the swelling back; "I said no to bladder problems but
        thinking about it I haven't felt the need to go all day" takes back the "no". Not
        someone else's view after "but": "I said my calf was swollen but my husband says it's
        nothing" keeps it."""
        matches = [
            (doc.vocab.strings[kind], start, end)
            for kind, start, end in self.taken_back_matcher(doc)
        ]
        instead = {start for kind, start, _ in matches if kind == "said_instead"}
        ranges = []
        for kind, start, end in matches:
            # "I said to my GP my chest hurts but ..." tells what was said to someone else
            if kind != "said_before" or (end < len(doc) and doc[end].lower_ == "to"):
                continue
            sentence = doc[start].sent
            but = next(
                (t.i for t in doc[end : sentence.end] if t.lower_ == "but" and t.i + 1 in instead),
                None,
            )
            if but is not None:
                ranges.append((end, but))
        return ranges

    def _owned_up_at(self, doc: Doc) -> int:
        """Where the visitor owns up to signs imagined before (lexicon.yml `owned_up`: "If
        someone had a headache like that, would massage help? Asking because that's what
        happened to me last night"): the first such words' start, or 0."""
        return min((start for _, start, _ in self.owned_matcher(doc)), default=0)

    def _speaks_of_self(self, doc: Doc) -> bool:
        """Whether the visitor speaks of themselves beyond their body: lexicon.yml `self_words`
        ("booking for myself", "mine is just the usual office back"), or "I" or "me" in a
        sentence with one of its `services` ("I need a massage, I'm a wreck"), unless the
        service is someone else's: "me" asked by them ("he's asked me to massage it") or
        "him" or "her" just before the service ("asked if I could get him a massage")."""
        if self.own_matcher(doc):
            return True
        return any(
            selves and not all(self._for_another(t) for t in services)
            for _, services, selves in self._service_sentences(doc)
        )

    def _asked_for(self, doc: Doc) -> set[str]:
        """The people the message asks a service for with no booking words (`asked_for`)."""
        return {
            self._last_named(doc, services[0].i, self._pronoun_in(sentence))
            for sentence, services, selves in self._service_sentences(doc)
            if not selves
        }

    def _service_sentences(self, doc: Doc) -> list[tuple[Span, list[Token], list[Token]]]:
        """Each sentence with one of the lexicon's `services`, its service words, and the words
        in it that are the visitor speaking of themselves ("I", "me"; not "me" asked of by
        someone else)."""
        found = []
        for sentence in doc.sents:
            services = [t for t in sentence if t.lower_ in self.services]
            if services:
                selves = [
                    t
                    for t in sentence
                    if t.lower_ in SELF_WORDS and not _asked_of(t) and not _arranging(t)
                ]
                found.append((sentence, services, selves))
        return found

    @staticmethod
    def _for_another(service: Token) -> bool:
        """Whether "him", "her" or "them" comes within SERVICE_FOR_REACH words before a service
        ("get him a massage", "book her in for a session")."""
        start = max(service.sent.start, service.i - SERVICE_FOR_REACH)
        return any(t.lower_ in OBJECTS for t in service.doc[start : service.i])

    def _person(self, token: Token) -> str | None:
        """The one of the lexicon's `people` the token names, also when typed with its "s"
        and no apostrophe ("my dads face has gone lopsided": "dad")."""
        return self.person_words.get(token.lower_)

    def _word(self, token: Token) -> str:
        """The token's word, a person typed as "dads" read as "dad" (`_person`)."""
        return self._person(token) or token.lower_

    def _names_relation(self, doc: Doc, i: int) -> bool:
        """Whether the words from `i` name one of the lexicon's `people` within two words
        ("pal", "best friend"), as after "my"."""
        return any(self._person(t) for t in doc[i : i + 2])

    def _for_the_client(self, cues: list[Span], clients: frozenset[str]) -> list[Span]:
        """In a message booking for someone else ("booking for my mum, she couldn't move her
        hand"), or after one, the other-person cues naming that person are dropped: their
        signs are the client's. Cues naming anyone else stay ("booking for my husband, his
        dad had a stroke"), unless the client is theirs, named next ("My partner's mum is 81
        and had a fall ... She's asked us to book her in": the fall is the mum's)."""
        if not clients:
            return cues

        def clients_own(cue: Span) -> bool:
            return (
                cue[0].lower_ in PRONOUNS
                or bool(clients.intersection(map(self._word, cue)))
                or self._names_client_next(cue.doc, cue.end, clients)
                # a client named by no word of the lexicon's `people` ("Client of mine, 80,
                # myeloma ... He asked me to find him a masseur"): a cue naming no one of them,
                # unless it tells of a death ("her late husband died of an aneurysm")
                or (
                    SOMEONE in clients
                    and not any(self._person(t) or t.lower_ in DEATH_WORDS for t in cue)
                )
            )

        return [cue for cue in cues if cue.label_ != "other_person" or not clients_own(cue)]

    def _adverb_of_person(self, doc: Doc, cue: Span) -> bool:
        """Whether a `terminate` cue is one of SUBJECT_ADVERBS right after a person word or "he",
        "she": the person's verb follows ("my grandmother just sat down")."""
        if len(cue) != 1 or cue[0].lower_ not in SUBJECT_ADVERBS:
            return False
        # past what is said of the person between commas: "My grandmother, 90, osteoporosis,
        # just sat down"
        i = cue.start - 1
        if i >= 0 and doc[i].text == ",":
            findings = doc.spans.get(FINDINGS_KEY, [])
            while (
                i > cue.start - 8
                and i > 0
                and (
                    doc[i].text == ","
                    or doc[i].like_num
                    or doc[i].lower_ in AGE_WORDS
                    or any(f.start <= i < f.end for f in findings)
                )
            ):
                i -= 1
        return i >= 0 and (doc[i].lower_ in SUBJECTS or bool(self._person(doc[i])))

    def _names_client_next(self, doc: Doc, i: int, clients: frozenset[str]) -> bool:
        """Whether the two words from token `i` name one of the clients: the person just
        before is theirs ("my partner's mum", booking for the mum)."""
        return bool(clients.intersection(map(self._word, doc[i : i + 2])))

    def _clients(self, doc: Doc) -> set[str]:
        """The people the message books for: the first person named within PROXY_REACH words
        after a `proxy_before` phrase (in its clause) or before a `proxy_after` one (in its
        sentence; "he" or "she" there is the last person named before), and the last person
        named before a `proxy_object` phrase ("my father fell in the garden. Can you massage
        him?"); everyone named when a `proxy_group` phrase books for more than one ("two slots,
        me and Mum?"). A person not named by a noun ("a client asked me to book") is "someone":
        only "he", "his" and the like are theirs."""
        clients = set()
        for match_id, start, end in self.proxy_matcher(doc):
            kind = doc.vocab.strings[match_id]
            person = None
            # "I'm not booking for her, it's for me", "it isn't for my dad"
            if any(t.lower_ in NOT_WORDS for t in doc[max(start - 2, 0) : start]):
                continue
            if kind == "proxy_group":  # "two slots, me and Mum?": everyone named
                clients.update(filter(None, map(self._person, doc)))
                continue
            if kind == "proxy_before":
                for token in doc[end : min(end + PROXY_REACH, len(doc))]:
                    if token.is_sent_start or token.text in CLAUSE_BREAKS or token.text == ".":
                        break
                    if token.lower_ in ("me", "myself") and not _joined(doc, token.i):
                        break  # "it's a massage for me not her"; not "for me and mum"
                    person = self._person(token) or _named_client(doc, token)
                    if person:
                        break
                    if token.lower_ in OBJECTS:  # "typing for her": the last one named before
                        person = self._last_named(doc, start, token.lower_)
                        break
                if person is None:
                    continue
            else:
                sentence_start = doc[start].sent.start
                if kind == "proxy_after":
                    near = doc[max(start - PROXY_REACH, sentence_start) : start]
                    # "my mum recommended you, I want a massage": back to the visitor's "I"
                    stops = [t.i for t in near if t.lower_ in SELF_WORDS]
                    near = doc[max([near.start, *(i + 1 for i in stops)]) : start]
                    named = map(self._word, reversed(near))
                    named = (word for word in named if word in self.people_or_pronouns)
                    person = next(named, None)
                    if person is None:  # "I'd like a massage": the visitor's own
                        continue
                elif self._said_by_self(doc[sentence_start:start], doc[start:end]):
                    continue  # "I'm the one who needs a massage now"
                if person is None or person in PRONOUNS:
                    pronoun = person or self._pronoun_in(doc[start:end])
                    person = self._last_named(doc, start, pronoun)
                    if (
                        person == SOMEONE
                        and not pronoun
                        and not _names_anyone(doc[start:end])
                        and _asks_the_clinic(doc[sentence_start:start])
                        and not any(map(self._person, doc))
                    ):
                        continue  # "I'm 80 and my hip hurts. Can you do home visits?"
            clients.add(person)
        return clients

    def _said_by_self(self, before: Span, phrase: Span) -> bool:
        """Whether a `proxy_object` phrase that names no one ("needs a massage", "wants a";
        not "asked me to book") is the visitor's: the nearest person before it in its sentence
        is "I", "me" or "my" ("it's my lower back that needs a massage"; fiftieth round), or
        "myself" or "me" follows within a few words ("would love a massage myself", "would love
        a massage for me")."""
        if _names_anyone(phrase):
            return False
        doc = phrase.doc
        after = doc[phrase.end : min(phrase.end + SELF_AFTER_REACH, phrase.sent.end)]
        return _self_nearest(before, self.people, SELF_WORDS_WITHIN) or any(
            t.lower_ in SELF_WORDS for t in after
        )

    def _last_named(self, doc: Doc, i: int, pronoun: str = "") -> str:
        """The last of the lexicon's `people` named before token `i` whom `pronoun` ("her",
        "he") can point back to (lexicon.yml `women`, `men`), or "someone"."""
        cannot = self.not_pointed_to.get(pronoun, set())
        earlier = filter(None, map(self._person, reversed(doc[:i])))
        return next((person for person in earlier if person not in cannot), SOMEONE)

    @staticmethod
    def _pronoun_in(span: Span) -> str:
        """The first of PRONOUNS in the words, or ""."""
        return next((t.lower_ for t in span if t.lower_ in PRONOUNS), "")

    @staticmethod
    def _negated_beliefs(doc: Doc, cues: list[Span]) -> list[Span]:
        """A denied belief about the visitor negates what follows ("I don't think I have a
        fever"). The lexicon reads "don't think" as a hedge and "I" as the end of a cue's
        reach; here the two become one negation that reaches past the "I"."""
        for cue in [c for c in cues if c.label_ == "terminate"]:
            if cue.text.lower() not in FIRST_PERSON:
                continue
            verb = cue.start - 1
            if verb >= 0 and doc[verb].lower_ == "that":
                verb -= 1
            if verb < 1 or doc[verb].lower_ not in BELIEF_VERBS:
                continue
            if doc[verb - 1].lower_ not in NOT_WORDS:
                continue
            start = verb - 1
            if start >= 1 and doc[start - 1].lower_ in {"do", "does", "did"}:
                start -= 1
            kept = [c for c in cues if c.end <= start or c.start >= cue.end]
            cues = sorted([*kept, Span(doc, start, verb + 1, label="negation_before")], key=_start)
        return cues

    def _cues_before(self, doc: Doc, span: Span, cues: list[Span]) -> set[str]:
        found: set[str] = set()
        sentence_start = span.sent.start
        # cues do not overlap and are sorted, so their ends are sorted too: start at the
        # nearest cue before the span and walk back until the window or sentence ends
        nearest = bisect_right(cues, span.start, key=lambda cue: cue.end)
        # a denial that runs into the finding's words denies it too: "haven't had" and
        # "had a fall" in "I haven't had a fall"; not when the finding's words take its "not"
        # as their own: "haven't" and "n't walked since" in "I haven't walked since the fall"
        # (forty-ninth round)
        into = cues[nearest] if nearest < len(cues) else None
        if (
            into is not None
            and into.label_ == "negation_before"
            and into.start < span.start
            and not any(t.lower_ in DENIAL_WORDS for t in doc[span.start : into.end])
        ):
            found.add("negation_before")
        # past a "still" that goes on with the same subject ("her speech is still slurred"),
        # only whose the words are is read: a denial before it stays out ("no numbness and my
        # leg is still weak")
        only_whose = False
        for cue in (cues[i] for i in range(nearest - 1, -1, -1)):
            gap = span.start - cue.end - _bracketed(doc[cue.end : span.start])
            if cue.start < sentence_start or gap > self.window:
                break
            if cue.label_ == "terminate" and _aside(doc, cue, span.start):
                continue  # "a client of mine (I'm a PT) has foot drop"
            if cue.label_ == "terminate" and _still_after_verb(doc, cue):
                only_whose = True
                continue
            if cue.label_ == "terminate" or self._clause_break(doc, cue.end, span.start):
                break
            if any(token.text == ":" for token in doc[cue.end : span.start]):
                break  # "never felt it go: swollen" (after a finding, "numbness: no" answers it)
            if not only_whose or cue.label_ == "other_person":
                found.add(cue.label_)
        return found

    def _cues_after(self, doc: Doc, span: Span, cues: list[Span]) -> set[str]:
        found: set[str] = set()
        sentence_end = span.sent.end
        nearest = bisect_left(cues, span.end, key=lambda cue: cue.start)
        for cue in (cues[i] for i in range(nearest, len(cues))):
            if cue.end > sentence_end or cue.start - span.end > self.window:
                break
            if cue.label_ == "terminate" or self._clause_break(doc, span.end, cue.start):
                break
            found.add(cue.label_)
        return found

    @staticmethod
    def _clause_break(doc: Doc, start: int, end: int) -> bool:
        """A comma (or semicolon, dash) between two token indices that is not inside a list:
        a list goes on after the comma ("no fever, chills or sweats"); "or" before it ends
        there ("no knock or anything, it's swollen")."""
        between = doc[start:end]
        breaks = [
            token.i
            for token in between
            if token.text in CLAUSE_BREAKS and not _encloses_an_age(doc, token.i)
        ]
        if not breaks:
            return False
        sentence_end = doc[end - 1].sent.end if end > 0 else len(doc)
        return not any(token.lower_ in LIST_JOINERS for token in doc[breaks[0] : sentence_end])

    def _means_it(self, doc: Doc, span: Span) -> bool:
        """False when the next word shows the finding's words mean something else, or when
        words that are not this finding of the body are said of a body part."""
        words = self.not_followed_by.get(span.label_)
        if words and span.end < len(doc) and doc[span.end].lower_ in words:
            return False
        # only a bare reading ("39 degrees in Seville"): "temp was 39 in Leeds" is the body's
        bare = span.text[:1].isdigit()
        if bare and span.label_ in self.not_before_place and _place_follows(doc, span.end):
            return False
        if span.text.lower() not in self.not_of_body.get(span.label_, ()):
            return True
        regions = {
            i for ent in doc.ents if ent.label_ == "body_region" for i in range(ent.start, ent.end)
        }
        body = [t.i in regions or t.lower_ in self.body_words for t in doc]
        return not said_of_body([t.lower_ for t in doc], body, span.start, span.end, self.window)

    @staticmethod
    def _is_side(doc: Doc, ent: Span) -> bool:
        if len(ent) > 1 or ent.text.lower() not in ("left", "right"):
            return True
        after = doc[ent.end] if ent.end < len(doc) else None
        before = doc[ent.start - 1] if ent.start > 0 else None
        region_starts = {e.start for e in doc.ents if e.label_ == "body_region"}
        if after is not None and (ent.end in region_starts or after.lower_ in SIDE_NOUNS):
            return True
        if after is not None and after.text == "-" and ent.end + 1 < len(doc):
            return ent.end + 1 in region_starts or doc[ent.end + 1].lower_ in SIDE_NOUNS
        ends_phrase = (
            after is None
            or after.is_punct
            or after.lower_ in {"and", "too", "mostly", "only", "more", "mainly", "side"}
        )
        return before is not None and before.lower_ in SIDE_DETERMINERS and ends_phrase

    def _site_of(self, doc: Doc, region: Span, findings: list[Span]) -> str | None:
        """The sensation this region is only the place of, if the words say so."""
        for finding in findings:
            if finding.label_ not in self.sites:
                continue
            if finding.end <= region.start:
                gap = doc[finding.end : region.start]
            elif region.end <= finding.start:
                gap = doc[region.end : finding.start]
            else:
                continue
            if len(gap) <= 4 and all(t.lower_ in SITE_LINKS for t in gap):
                return finding.label_
        return None
