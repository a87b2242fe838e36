"""Load and validate the clinical content in `content/*.yml`.

Everything the assistant knows (questions, body regions, red-flag rules, factor rules,
instruments, the lexicon) lives in YAML files so that a clinician can read and review it.
This module turns those files into typed objects and refuses a bad file with an error that
names the file, the key and what was expected.

Structure is checked with pydantic models (one per kind of entry); the rule expressions and
the references between files (a factor a question feeds, a question a rule reads, a region a
rule names) are checked by `_check_references` once every file has loaded.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Extra, ValidationError, conint, constr, validator

from bot import settings
from bot.engine import rules

CONTENT_DIR = settings.CONTENT_DIR

FACTOR_GROUPS = ("biomechanical", "biochemical", "psychosocial")
# The dispositions, most urgent first; their labels and texts are in red_flags.yml.
EMERGENCY = "emergency"
BOOK_NMT = "book_nmt"  # the one disposition without a red flag
DISPOSITIONS = (EMERGENCY, "urgent_physician", "physician_referral", BOOK_NMT)


def urgency(disposition: str) -> int:
    """How urgent a disposition is: higher is more urgent (red_flags.yml's ranks agree)."""
    return len(DISPOSITIONS) - 1 - DISPOSITIONS.index(disposition)


SIDES = ("left", "right", "both", "central")
QUESTION_KINDS = ("yes_no", "choice", "multi_choice", "number", "scale", "free_text")
PARSERS = ("duration", "age", "pain_score", "number", "glasses")

Identifier = constr(regex=r"^[a-z][a-z0-9_]*$")
QuestionId = constr(regex=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$")
Text = constr(strip_whitespace=True, min_length=1)


class ContentError(ValueError):
    """A content file is missing, unreadable or does not match its schema."""

    def __init__(self, file: str, key: str, expected: str):
        self.file, self.key, self.expected = file, key, expected
        super().__init__(f"{file}: {key}: {expected}")


class _Model(BaseModel):
    class Config:
        extra = Extra.forbid
        allow_mutation = False
        arbitrary_types_allowed = True


class Source(_Model):
    """A published source for a rule: the citation, and where to read it."""

    cite: Text
    url: str | None = None


class Code(_Model):
    """A code in a standard terminology (LOINC) for a question, an answer option or a score,
    as the FHIR export (bot/clinic/fhir.py) sends it, with the page it was looked up on."""

    system: str
    code: constr(strip_whitespace=True, min_length=1)
    display: Text
    source: str


# --- regions.yml ---------------------------------------------------------------------------


class Protocol(_Model):
    label: Text
    description: Text


class Region(_Model):
    label: Text
    protocol: Identifier
    synonyms: list[Text]
    also_examine: list[Identifier] = []
    referring_muscles: list[Text] = []
    sided: bool = True

    @validator("synonyms")
    def _synonyms_not_empty(cls, value):
        if not value:
            raise ValueError("at least one lay synonym")
        return value


class Side(_Model):
    label: Text
    synonyms: list[Text]


class RegionsFile(_Model):
    protocols: dict[Identifier, Protocol]
    regions: dict[Identifier, Region]
    sides: dict[Literal[SIDES], Side]
    # Phrases that contain a body or side word but are not about the body ("on the other hand").
    ignore: list[Text] = []
    sources: list[Source]


# --- lexicon.yml -----------------------------------------------------------------------------


class Finding(_Model):
    """Something a visitor can say in free text: a symptom, a piece of history, a context."""

    label: Text
    kind: Literal["symptom", "history", "context", "medication", "lifestyle"]
    phrases: list[Text] = []
    patterns: list[list[dict[str, Any]]] = []
    # A body part named next to this finding is where it is felt, not a pain region:
    # "pins and needles in my fingers" (tingling) does not make the hand a painful region.
    marks_site: bool = False
    # Words that, right after a match, show it means something else: "feel down" is low mood,
    # but not in "the pain I feel down my leg".
    not_followed_by: list[Text] = []
    # A bare reading ("39 degrees") followed by "in" and a place's name is not the body's:
    # "39 degrees in Seville" is the weather (clinical review: the weather is not a fever).
    not_before_place: bool = False
    # Phrases of the finding that, said of a body part (a region or one of the cues'
    # `body_words` in the same clause), are how it feels, not this finding: "tense" is not
    # stress in "my neck muscles feel tense" or "tension in my shoulders" (bot/engine/nlp.py).
    not_of_body: list[Text] = []
    # Idioms that contain the finding's words but mean something else: a mention in a sentence
    # with one of them does not count ("laughed so hard I wet myself").
    ignore_in: list[Text] = []
    # What a visitor may blame the sign on ("unfit", "out of shape"): a mention in a sentence
    # with one of them does not count for the rules, but neither does it overrule the semantic
    # layer's confident hit, as an idiom does (minimising words never lower urgency).
    blamed_on: list[Text] = []
    # A mention in a sentence that says it is long past or gone, and nothing of now, does not
    # count ("whiplash in 2005", "I had a fever but it has gone"); see `time` below. `past`:
    # only when long past ("a mini stroke in 2012, fine since"), not when it has gone ("my arm
    # went dead for ten minutes, fine now": a resolved stroke-like episode, NICE NG128).
    # `gone`: only when it has gone ("the swelling went down within a week"), not when a long
    # past word stands in its sentence for something else.
    lapses: bool | Literal["past", "gone"] = False

    @validator("patterns", each_item=True)
    def _words_are_words(cls, pattern):
        """YAML reads a bare on, off, yes or no as true or false, and a bare 2 as a number: in
        a token pattern a word must stay a word ({LOWER: "on"}, {LOWER: "2"}); only flags such
        as IS_PUNCT or LIKE_NUM are true, and only LENGTH is a number."""
        for token in pattern:
            for key, value in token.items():
                if isinstance(value, dict):
                    values = [*value.get("IN", []), *value.get("NOT_IN", [])]
                else:
                    values = [value]
                flag = key.startswith(("IS_", "LIKE_")) or key in ("OP", "LENGTH")
                if not flag and any(isinstance(v, bool) for v in values):
                    raise ValueError(f"{key}: a word read as true or false; quote it")
                if not flag and any(isinstance(v, (int, float)) for v in values):
                    raise ValueError(f"{key}: a word read as a number; quote it")
        return pattern


class Cues(_Model):
    """Words around a finding that change its meaning (NegEx/ConText style)."""

    negation_before: list[Text]
    negation_after: list[Text]
    hedge_before: list[Text]
    hedge_after: list[Text]
    # a sign imagined, not had: "suppose I lost weight" (nlp.py `Mention.asked`)
    hypothetical_before: list[Text] = []
    # a condition looked up or tested for, not had ("I googled cauda equina at 2am"): read as
    # `hypothetical_before` for a condition's name only (nlp.py `_looked_for`)
    looked_for_before: list[Text] = []
    other_person: list[Text]  # before a finding: "my mum had cancer"
    other_person_after: list[Text] = []  # after it: "cancer runs in the family"
    # someone asking for another person, who would be the client ("booking for my mum", "my dad
    # would like a massage"): that person's signs are the client's (nlp.py `_for_the_client`)
    proxy_before: list[Text] = []
    # relations a clause can be told of with no "my" ("Husband had chest pain")
    people: list[Text] = []
    # those of `people` that "she" and "her", or "he" and "him", can point back to only
    # ("when she carried my son ... we want massage for her": her is not the son)
    women: list[Text] = []
    men: list[Text] = []
    # those of `people` nobody calls "my ..." ("a resident"; clinic/report.py `whom`)
    not_kin: list[Text] = []
    # animals a sign can be told of: no one's body (assessment.py `_of_a_person`)
    animals: list[Text] = []
    proxy_after: list[Text] = []
    proxy_object: list[Text] = []
    # booking for more than one at once ("two slots, me and Mum?"): everyone named is a client
    proxy_group: list[Text] = []
    # a visitor speaking of themselves beyond the body ("booking for myself"; "I" or "me" in a
    # sentence with a service: "I need a massage"): a message with them does not tell only of
    # someone else (nlp.py `told_of`)
    self_words: list[Text] = []
    # words that say a sign imagined before them is the visitor's own ("if someone had the
    # worst headache of their life... asking because that's me"): the imagined signs before
    # them are read as the visitor's, and had (nlp.py `_owned_up_at`)
    owned_up: list[Text] = []
    # words the visitor told the assistant before and takes back: from `said_before` ("I
    # said") to a "but" that `said_instead` follows ("I meant", "actually"; nlp.py `_taken_back`)
    said_before: list[Text] = []
    said_instead: list[Text] = []
    # words that say the message is not meant as it reads ("figuratively"): a semantic hit in
    # it is asked about, not raised (assessment.py `said_figuratively`)
    figurative: list[Text] = []
    services: list[Text] = []
    terminate: list[Text]
    # words that hold a cue's word but are no cue (NegEx's pseudo-triggers): "just" ends
    # a clause, "just been" does not ("my mum's just been diagnosed with cancer")
    pseudo: list[Text] = []
    window: conint(ge=1, le=20) = 6
    # words naming a condition: named in a general question, it is asked about (nlp.py)
    condition_names: list[Text] = []
    # words for the body that are not regions (a finding's `not_of_body` said of them is a
    # body sensation): "muscles" in "my muscles feel tense"
    body_words: list[Text] = []
    # findings that tell of no sign ("no pain, no marks"): a next sentence with only these may
    # still say a sign before has gone (nlp.py)
    not_signs: list[Text] = []


def _a_regex(cls, value: str) -> str:
    """A validator: the value compiles as a regular expression."""
    try:
        re.compile(value)
    except re.error as error:
        raise ValueError(f"a regular expression ({error})") from None
    return value


class TimeWords(_Model):
    """Regular expressions (matched as whole words, lower case) for when a mention is set."""

    past: list[Text] = []  # long past: "years ago", "in 2005"
    current: list[Text] = []  # about now: "now", "still", "since", "yesterday"
    gone: list[Text] = []  # over: "has gone", "went away"
    back: list[Text] = []  # what says a gone symptom is back: "again", "came back"
    # words that use "now" but say nothing of a symptom: "I'm 52 now", "fine now"
    aside: list[Text] = []
    # a sign told as the visitor's usual pattern ("my usual one", "most days"), and words that
    # tell it as new or changed all the same ("different", "worse"): RedFlagGroup.familiar
    usual: list[Text] = []
    changed: list[Text] = []
    # someone else's sign already in a doctor's hands or known for what it was ("he's on the
    # stroke ward now"): assessment.py `others_sign_now`
    in_care: list[Text] = []
    # someone who is no real person's case at all: a character in a book or on television, a
    # casualty in a first-aid course's role play (assessment.py `_seen_to_or_long_past`)
    not_real: list[Text] = []
    # a break already known: the break is seen to, not what comes after it
    known_injury: list[Text] = []
    # the words of a sentence told in the present, and those of one told in the past or only
    # imagined, with no word of when: someone else's sign told so (assessment.py `told_now`)
    present_verbs: list[Text] = []
    past_verbs: list[Text] = []

    _compiles = validator(
        "past",
        "current",
        "present_verbs",
        "past_verbs",
        "gone",
        "back",
        "aside",
        "usual",
        "changed",
        "in_care",
        "not_real",
        "known_injury",
        each_item=True,
        allow_reuse=True,
    )(_a_regex)


class Replies(_Model):
    """Regular expressions (whole words, lower case) for how a reply to a question reads: a
    plain "no" at its start, and the words that turn it ("no, but...": assessment.py
    `explains_no`)."""

    plain_no: list[Text] = []
    turn: list[Text] = []

    _compiles = validator("plain_no", "turn", each_item=True, allow_reuse=True)(_a_regex)


class LexiconFile(_Model):
    findings: dict[Identifier, Finding]
    cues: Cues
    time: TimeWords = TimeWords()
    replies: Replies = Replies()
    sources: list[Source]


# --- questionnaire.yml -----------------------------------------------------------------------


class Option(_Model):
    id: Identifier
    label: Text
    synonyms: list[Text] = []
    score: int | None = None
    # How bad the answer is, 0 for all well, for a choice whose options are not scored (a scored
    # option's rank is its score): an answer that names one option and, after a "but", a worse
    # one is the worse one ("I sleep well but the pain wakes me"; bot/engine/answers.py).
    rank: int | None = None
    # Everyday words read as this option only when the answer names no option by its synonyms
    # and none of its other words is a negation ("ok", "meh"; bot/engine/answers.py).
    loosely: list[Text] = []
    # [from, up to]: a number of hours in this range, said without naming an option, is this
    # option ("about 7 hours" of sleep). From inclusive, up to exclusive.
    hours: tuple[float, float] | None = None
    # the option's standard code (a LOINC answer), for the FHIR export
    codes: list[Code] = []

    @validator("hours")
    def _hours_in_order(cls, value):
        if value is not None and not 0 <= value[0] < value[1]:
            raise ValueError("hours: [from, up to] with 0 <= from < up to")
        return value


class Question(_Model):
    id: QuestionId
    section: Literal["localization", "red_flags", "wellness"]
    kind: Literal[QUESTION_KINDS]
    label: Text | None = None
    text: Text
    # the row's words on a card, under its label ("For example "3 days"." under "How long");
    # `text` otherwise; "" for none, where the label and the buttons say it all ("Side": Left,
    # Right, Both, Middle; a PHQ-4 item, whose label is the item under the card's stem)
    card_text: constr(strip_whitespace=True) | None = None
    # how "I've noted" and "I've changed that" name the answer, "{}" being the answer in words
    # ("worse with {}": "worse with sitting"); "<label>: {}" without it
    noted: Text | None = None
    why: Text
    options: list[Option] = []
    options_from: Literal["regions", "sides"] | None = None
    parse: Literal[PARSERS] | None = None
    min: float | None = None
    max: float | None = None
    ask_when: Any = None
    feeds: list[Identifier] = []
    instrument: Identifier | None = None
    optional: bool = False
    # open choice questions ("what started it?"): the option an answer that names none of the
    # others is read as, the visitor's words kept (bot/conversation/reading.py read_requested)
    other: Identifier | None = None
    # choice questions: a clause with one of these words tells the opposite and names no
    # option ("what makes it worse?" "sitting, better walking": sitting only)
    not_in_clauses_with: list[Text] = []
    # a red-flag question asked only when the semantic layer may have heard its sign in the
    # visitor's words (bot/conversation/planning.py `is_relevant`), never otherwise
    only_when_heard: bool = False
    # the question's standard code (a LOINC question), for the FHIR export
    codes: list[Code] = []
    # number questions: amounts said in words, read as the number they stand for ("hardly
    # anything" to the water question is 1 glass), whole phrases only (bot/engine/answers.py)
    in_words: dict[float, list[Text]] = {}

    @validator("noted")
    def _noted_names_the_answer(cls, value):
        if value is not None and value.count("{}") != 1:
            raise ValueError('noted: one "{}" where the answer goes')
        return value

    @validator("options")
    def _options_only_for_choices(cls, value, values):
        # that a choice has options (or options_from) is checked in _check_question
        kind = values.get("kind")
        if value and kind not in ("choice", "multi_choice"):
            raise ValueError(f"options only belong to choice questions, not {kind}")
        return value


class CardDef(_Model):
    """Questions asked together in one turn by a client that can show a form (docs/messages.md)."""

    id: Identifier
    title: Text
    kind: Literal["rows", "checklist"] = "rows"
    questions: list[QuestionId] = []
    # instead of `questions`: every question of this section, in questionnaire order
    section: Literal["localization", "red_flags", "wellness"] | None = None


class QuestionnaireFile(_Model):
    max_questions: conint(ge=1) = 25
    cards: list[CardDef] = []
    questions: list[Question]


# --- red_flags.yml ---------------------------------------------------------------------------


class DispositionDef(_Model):
    rank: conint(ge=0)
    label: Text
    message: Text
    # the message when the advice is for someone else the visitor told of
    # (assessment.Outcome.advice_for_another); the visitor's own `message` when there is none
    message_for_another: Text | None = None


class OwnResult(_Model):
    label: Text
    message: Text
    message_for_another: Text


class RedFlagGroup(_Model):
    disposition: Literal[DISPOSITIONS]
    label: Text
    message: Text
    unsure_means_yes: bool
    # the result's heading and opening when this group is the only one at the result's
    # disposition, in place of the disposition's own (suicide_risk: a crisis is not "hospital
    # care ... do not drive yourself"); its `message` is then not repeated under the reasons
    # (bot/conversation/messages.py `result`)
    own_result: OwnResult | None = None
    phrases: list[Text] = []
    # the same as a lexicon finding's, for the group's own phrases
    ignore_in: list[Text] = []
    blamed_on: list[Text] = []
    lapses: bool | Literal["past", "gone"] = False
    when: list[Any] = []
    # the broader group this one is a kind of ("osteoporotic_fracture" of "fracture"): a corpus
    # labelled with the broader group counts it too, in a line of its own (evaluation/screen.py)
    kind_of: str | None = None
    # a rule the conversation must also meet before the semantic layer's confident hit raises
    # this group ("blood thinners named" for a head injury on them); when it does not, the hit
    # raises `heard_without` instead (the group the same words are a red flag of without it),
    # or none, and this group's screening question is asked (assessment.py `heard`)
    heard_needs: Any = None
    heard_without: str | None = None
    # findings that, told as the visitor's usual pattern (the lexicon's `time.usual`, and not
    # `time.changed`) with no other red-flag finding, are no grounds for the semantic layer to
    # raise this group: its hit is asked about instead (assessment.py `told_as_familiar`)
    familiar: list[Identifier] = []
    # regular expressions (whole words, lower case) that say a clinician or a test has ruled
    # the group out ("the X-ray was clear", "the hospital said it's a sprain"): the semantic
    # layer's hit in such a message is asked about, not raised; the rules are read as ever
    # (assessment.py `ruled_out`)
    ruled_out: list[Text] = []
    # the same, said only of a test or a clinician clearing the sign itself ("they scanned it,
    # no clot", "the x-ray was clear"), not of a history ("in remission"): a rule's hit on signs
    # these words follow closely is asked about too, but for an emergency group
    # (assessment.py `cleared`)
    cleared: list[Text] = []
    # regular expressions (whole words, lower case) naming a harmless cause of the words the
    # visitor uses ("sat on my hand", "the dentist's injection", "at the sight of blood", "a
    # hangover"): the semantic layer's hit in a message that names one and says the sign has
    # passed is asked about, not raised, unless words after the cause say it is back or still
    # there; the rules are read as ever (assessment.py `explained`)
    explained_by: list[Text] = []
    sources: list[Source]

    @validator("sources")
    def _cited(cls, value):
        if not value:
            raise ValueError("at least one source")
        return value


class Caution(_Model):
    label: Text
    note: Text
    when: list[Any]
    sources: list[Source]


# Where a group names the crisis line (suicide_risk); red_flags.yml `crisis_line` fills it in,
# one place, set for a clinic's own country.
CRISIS_LINE_FIELD = "{crisis_line}"


class RedFlagsFile(_Model):
    dispositions: dict[Literal[DISPOSITIONS], DispositionDef]
    groups: dict[Identifier, RedFlagGroup]
    cautions: dict[Identifier, Caution] = {}
    crisis_line: Text

    @validator("groups")
    def _kinds_of_groups(cls, groups):
        for group_id, group in groups.items():
            if group.kind_of is not None and group.kind_of not in groups:
                raise ValueError(f"{group_id}: kind_of names no group: {group.kind_of}")
            if group.heard_without is not None and group.heard_without not in groups:
                raise ValueError(f"{group_id}: heard_without names no group: {group.heard_without}")
        return groups


# --- factors.yml -----------------------------------------------------------------------------


class FactorRule(_Model):
    when: Any
    because: Text


class Factor(_Model):
    group: Literal[FACTOR_GROUPS]
    label: Text
    visitor_label: Text | None = None  # the plain name the visitor reads; label otherwise
    description: Text
    raised_by: list[FactorRule]
    sources: list[Source] = []


class FactorGroup(_Model):
    label: Text
    description: Text
    visitor_label: Text  # the group's plain name on the chat page
    visitor_hint: Text  # what it covers, in a few plain words


class FactorsFile(_Model):
    groups: dict[Literal[FACTOR_GROUPS], FactorGroup]
    factors: dict[Identifier, Factor]
    strong_group_threshold: conint(ge=1) = 2


# --- instruments.yml -------------------------------------------------------------------------


class Band(_Model):
    max: float
    label: Identifier
    text: Text


class Subscale(_Model):
    label: Text
    items: list[QuestionId]
    positive_at: float


class Instrument(_Model):
    label: Text
    items: list[QuestionId]
    bands: list[Band]
    subscales: dict[Identifier, Subscale] = {}
    sources: list[Source]
    # the total score's standard code (LOINC), for the FHIR export; an instrument of one item
    # is exported with that item's codes
    codes: list[Code] = []

    @validator("bands")
    def _bands_ascend(cls, value):
        maxima = [band.max for band in value]
        if not value or maxima != sorted(set(maxima)):
            raise ValueError("bands in ascending order of max, at least one")
        return value


class InstrumentsFile(_Model):
    instruments: dict[Identifier, Instrument]


# --- education.yml ---------------------------------------------------------------------------


class Topic(_Model):
    """A short answer to a question visitors ask ("what is NMT?"), or a text the outcome uses."""

    id: Identifier
    intent: Identifier | None = None
    title: Text
    answer: Text
    sources: list[Source] = []


class EducationFile(_Model):
    topics: list[Topic]


# --- the whole content -----------------------------------------------------------------------


@dataclass(frozen=True)
class Content:
    """All content files, loaded, validated and with their rules compiled."""

    regions: RegionsFile
    lexicon: LexiconFile
    questions: dict[str, Question]
    red_flags: RedFlagsFile
    factors: FactorsFile
    instruments: dict[str, Instrument]
    topics: dict[str, Topic] = field(default_factory=dict)
    max_questions: int = 25
    # question id -> the card it is asked in, for the questions that have one
    cards: dict[str, CardDef] = field(default_factory=dict)
    red_flag_rules: dict[str, list[rules.Rule]] = field(default_factory=dict)
    # each group's `heard_needs`, compiled
    heard_needs: dict[str, rules.Rule] = field(default_factory=dict)
    # each rule's disposition, where it differs from its group's (`{disposition: .., rule: ..}`)
    red_flag_levels: dict[str, list[str | None]] = field(default_factory=dict)
    # the findings each red-flag group's rules name, with its own phrases' finding
    red_flag_findings: dict[str, set[str]] = field(default_factory=dict)
    # when a mention of a finding does not count (idioms, long past or gone), where it can lapse
    mention_filters: dict[str, rules.MentionFilter] = field(default_factory=dict)
    caution_rules: dict[str, list[rules.Rule]] = field(default_factory=dict)
    factor_rules: dict[str, list[tuple[rules.Rule, str]]] = field(default_factory=dict)
    ask_rules: dict[str, rules.Rule | None] = field(default_factory=dict)

    def question(self, question_id: str) -> Question:
        return self.questions[question_id]

    def topic_for_intent(self, intent: str) -> Topic | None:
        """The education topic that answers a visitor's question of this intent, if any."""
        return next((t for t in self.topics.values() if t.intent == intent), None)

    def finding_ids(self) -> set[str]:
        """Findings from the lexicon, plus one per red-flag group that has its own phrases."""
        ids = set(self.lexicon.findings)
        ids |= {red_flag_finding(g) for g, group in self.red_flags.groups.items() if group.phrases}
        return ids


# a red-flag group's own screening question is "red_flag.<group>" (questionnaire.yml)
SCREENING_PREFIX = "red_flag."


def screening_question(group_id: str) -> str:
    """The id of a red-flag group's own screening question (questionnaire.yml)."""
    return SCREENING_PREFIX + group_id


def red_flag_finding(group_id: str) -> str:
    """The finding id under which a red-flag group's own phrases are matched in free text."""
    return f"red_flag.{group_id}"


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML's safe loader that refuses a key written twice in one mapping: plain YAML keeps the
    last and drops the first without a word (a source's `url` given twice gave one citation
    another's address)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} twice in one mapping", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _read_yaml(path: Path) -> Any:
    name = path.name
    if not path.is_file():
        raise ContentError(name, "(file)", f"a YAML file at {path}")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        problem = getattr(error, "problem", None) or error
        raise ContentError(name, where, f"valid YAML ({problem})") from None
    except UnicodeDecodeError:
        raise ContentError(name, "(file)", "UTF-8 text") from None
    if not isinstance(data, dict):
        raise ContentError(name, "(top level)", "a mapping of keys to entries")
    return data


def _parse(model: type[_Model], path: Path) -> Any:
    data = _read_yaml(path)
    try:
        return model.parse_obj(data)
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise ContentError(path.name, key, _expected(first)) from None


def _expected(error: dict) -> str:
    kind, message = error.get("type", ""), error.get("msg", "")
    if kind == "value_error.missing":
        return "this key is required"
    if kind == "value_error.extra":
        return "no such key is allowed here (check the spelling)"
    return message


def load_content(directory: Path | str = CONTENT_DIR) -> Content:
    """Read every content file in `directory`, validate it and compile its rules."""
    directory = Path(directory)
    questionnaire = _parse(QuestionnaireFile, directory / "questionnaire.yml")
    questions: dict[str, Question] = {}
    for index, question in enumerate(questionnaire.questions):
        if question.id in questions:
            raise ContentError(
                "questionnaire.yml", f"questions.{index}.id", f"a unique id ({question.id} repeats)"
            )
        questions[question.id] = question
    content = Content(
        regions=_parse(RegionsFile, directory / "regions.yml"),
        lexicon=_parse(LexiconFile, directory / "lexicon.yml"),
        questions=questions,
        red_flags=_with_crisis_line(_parse(RedFlagsFile, directory / "red_flags.yml")),
        factors=_parse(FactorsFile, directory / "factors.yml"),
        instruments=_parse(InstrumentsFile, directory / "instruments.yml").instruments,
        topics=_topics(_parse(EducationFile, directory / "education.yml")),
        max_questions=questionnaire.max_questions,
        cards=_cards(questionnaire.cards, questions),
    )
    _check_references(content)
    _compile_rules(content)
    return content


def _cards(cards: list[CardDef], questions: dict[str, Question]) -> dict[str, CardDef]:
    """Question id -> its card, checked: known questions, one card each, one section, labels
    unique within a card (an answer line names its row by label), yes/no in a checklist."""
    card_of: dict[str, CardDef] = {}
    for index, card in enumerate(cards):
        where = f"cards.{index}"
        if bool(card.questions) == bool(card.section):
            raise ContentError("questionnaire.yml", where, "either questions or a section")
        ids = card.questions or [
            q for q, question in questions.items() if question.section == card.section
        ]
        unknown = [q for q in ids if q not in questions]
        if unknown:
            raise ContentError(
                "questionnaire.yml", f"{where}.questions", f"question ids, not {unknown}"
            )
        if len({questions[q].section for q in ids}) > 1:
            raise ContentError(
                "questionnaire.yml", f"{where}.questions", "questions of one section"
            )
        labels = [card_label(questions[q]).lower() for q in ids]
        if len(set(labels)) < len(labels):
            raise ContentError(
                "questionnaire.yml", f"{where}.questions", "questions with distinct labels"
            )
        if card.kind == "checklist" and any(questions[q].kind != "yes_no" for q in ids):
            raise ContentError(
                "questionnaire.yml", f"{where}.kind", "yes/no questions in a checklist"
            )
        for question_id in ids:
            if question_id in card_of:
                raise ContentError(
                    "questionnaire.yml", f"{where}.questions", f"{question_id} in one card only"
                )
            card_of[question_id] = card
    return card_of


def card_label(question: Question) -> str:
    """The name of a question's row on a card, which an answer line starts with."""
    return question.label or question.id


def _with_crisis_line(red_flags: RedFlagsFile) -> RedFlagsFile:
    """The groups' messages, and their own results', with `{crisis_line}` filled in from the
    file's one crisis line."""

    def filled(text: str) -> str:
        return text.replace(CRISIS_LINE_FIELD, red_flags.crisis_line)

    def own(result: OwnResult | None) -> OwnResult | None:
        if result is None:
            return None
        return result.copy(
            update={
                "message": filled(result.message),
                "message_for_another": filled(result.message_for_another),
            }
        )

    groups = {
        group_id: group.copy(
            update={"message": filled(group.message), "own_result": own(group.own_result)}
        )
        for group_id, group in red_flags.groups.items()
    }
    return red_flags.copy(update={"groups": groups})


def _topics(education: EducationFile) -> dict[str, Topic]:
    topics: dict[str, Topic] = {}
    intents: set[str] = set()
    for index, topic in enumerate(education.topics):
        if topic.id in topics:
            raise ContentError("education.yml", f"topics.{index}.id", f"a unique id ({topic.id})")
        if topic.intent and topic.intent in intents:
            raise ContentError(
                "education.yml", f"topics.{index}.intent", f"one topic per intent ({topic.intent})"
            )
        topics[topic.id] = topic
        intents.add(topic.intent or "")
    return topics


@lru_cache(maxsize=4)
def default_content() -> Content:
    """The project's own content, loaded once per process."""
    return load_content(CONTENT_DIR)


def _check_references(content: Content) -> None:
    regions = content.regions
    for region_id, region in regions.regions.items():
        if region.protocol not in regions.protocols:
            raise ContentError(
                "regions.yml",
                f"regions.{region_id}.protocol",
                f"one of the protocols {sorted(regions.protocols)}, not {region.protocol!r}",
            )
        for index, other in enumerate(region.also_examine):
            if other not in regions.regions:
                raise ContentError(
                    "regions.yml",
                    f"regions.{region_id}.also_examine.{index}",
                    f"a region id, not {other!r}",
                )
    for index, question in enumerate(content.questions.values()):
        _check_question(content, index, question)
    # A group may have a screening question (red_flag.<group>) or be raised only by what the
    # visitor says and other answers; every screening question must belong to a group.
    for index, question in enumerate(content.questions.values()):
        if question.section == "red_flags":
            group_id = question.id.removeprefix(SCREENING_PREFIX)
            own = question.id == screening_question(group_id)
            if not own or group_id not in content.red_flags.groups:
                raise ContentError(
                    "questionnaire.yml",
                    f"questions.{index}.id",
                    f"red_flag.<a red_flags.yml group> for a screening question, not {question.id}",
                )
    for disposition in DISPOSITIONS:
        if disposition not in content.red_flags.dispositions:
            raise ContentError(
                "red_flags.yml", f"dispositions.{disposition}", "this key is required"
            )
    ranks = [d.rank for d in content.red_flags.dispositions.values()]
    if len(set(ranks)) != len(ranks):
        raise ContentError("red_flags.yml", "dispositions", "a different rank for each disposition")
    by_rank = sorted(
        content.red_flags.dispositions, key=lambda d: -content.red_flags.dispositions[d].rank
    )
    if tuple(by_rank) != DISPOSITIONS:
        raise ContentError(
            "red_flags.yml",
            "dispositions",
            f"ranks in this order, most urgent first: {DISPOSITIONS}",
        )
    for name, instrument in content.instruments.items():
        for index, item in enumerate(instrument.items):
            if item not in content.questions:
                raise ContentError(
                    "instruments.yml",
                    f"instruments.{name}.items.{index}",
                    f"a question id from questionnaire.yml, not {item!r}",
                )


def _check_question(content: Content, index: int, question: Question) -> None:
    where = f"questions.{index}"
    if question.kind in ("choice", "multi_choice") and not (
        question.options or question.options_from
    ):
        raise ContentError("questionnaire.yml", f"{where}.options", "options, or options_from")
    if question.kind == "scale" and (question.min is None or question.max is None):
        raise ContentError("questionnaire.yml", f"{where}.max", "min and max for a scale")
    if question.other is not None and question.other not in {o.id for o in question.options}:
        raise ContentError("questionnaire.yml", f"{where}.other", "one of the question's options")
    for position, factor in enumerate(question.feeds):
        if factor not in content.factors.factors:
            raise ContentError(
                "questionnaire.yml",
                f"{where}.feeds.{position}",
                f"a factor id from factors.yml, not {factor!r}",
            )
    if question.instrument and question.instrument not in content.instruments:
        raise ContentError(
            "questionnaire.yml",
            f"{where}.instrument",
            f"an instrument from instruments.yml, not {question.instrument!r}",
        )
    if question.only_when_heard and (question.section != "red_flags" or question.ask_when):
        raise ContentError(
            "questionnaire.yml",
            f"{where}.only_when_heard",
            "only on a red-flag question without ask_when (it is asked only when heard)",
        )


def _compile_rules(content: Content) -> None:
    """Parse every rule expression, checking the names it refers to."""
    words = content.lexicon.time
    time = rules.MentionFilter(
        past=tuple(words.past),
        current=tuple(words.current),
        gone=tuple(words.gone),
        back=tuple(words.back),
        aside=tuple(words.aside),
    )

    def mention_filter(
        ignore_in: list[str], lapses: bool | str, blamed_on: list[str] = ()
    ) -> rules.MentionFilter | None:
        if not ignore_in and not blamed_on and not lapses:
            return None
        return dataclasses.replace(
            time, ignore_in=tuple(ignore_in), blamed_on=tuple(blamed_on), lapses=lapses
        )

    filters = {
        finding_id: mention_filter(finding.ignore_in, finding.lapses, finding.blamed_on)
        for finding_id, finding in content.lexicon.findings.items()
    }
    filters |= {
        red_flag_finding(group_id): mention_filter(group.ignore_in, group.lapses, group.blamed_on)
        for group_id, group in content.red_flags.groups.items()
    }
    known = rules.Vocabulary(
        questions=content.questions,
        findings=content.finding_ids(),
        regions=set(content.regions.regions),
        filters={f: only for f, only in filters.items() if only is not None},
        time=time,
        cautions={cid: c.when for cid, c in content.red_flags.cautions.items()},
    )
    content.mention_filters.update(known.filters)

    # Factors describe the visitor's history, so a long-past injury still counts there; only
    # idioms set a mention aside.
    history = dataclasses.replace(
        known,
        filters={
            f: dataclasses.replace(only, lapses=False)
            for f, only in known.filters.items()
            if only.ignore_in or only.blamed_on
        },
    )

    def compile_one(
        raw: Any, file: str, key: str, vocabulary: rules.Vocabulary = known
    ) -> rules.Rule:
        try:
            return rules.parse_rule(raw, vocabulary)
        except rules.RuleError as error:
            inner = f"{key}.{error.path}" if error.path else key
            raise ContentError(file, inner, error.expected) from None

    for group_id, group in content.red_flags.groups.items():
        compiled, levels = [], []
        for i, raw in enumerate(group.when):
            key = f"groups.{group_id}.when.{i}"
            level = None
            if isinstance(raw, dict) and "disposition" in raw:
                level, raw = raw.get("disposition"), raw.get("rule")
                if set(group.when[i]) != {"disposition", "rule"} or level not in DISPOSITIONS:
                    raise ContentError(
                        "red_flags.yml", key, f"disposition (one of {DISPOSITIONS}) and rule"
                    )
            compiled.append(compile_one(raw, "red_flags.yml", key))
            levels.append(level)
        if group.phrases:
            finding = red_flag_finding(group_id)
            compiled.append(rules.FindingRule(finding, known.filters.get(finding)))
            levels.append(None)
        if not compiled:
            raise ContentError("red_flags.yml", f"groups.{group_id}", "phrases or when rules")
        content.red_flag_rules[group_id] = compiled
        content.red_flag_levels[group_id] = levels
        content.red_flag_findings[group_id] = set().union(*map(rules.findings_in, compiled))
        if not set(group.familiar) <= content.red_flag_findings[group_id]:
            raise ContentError(
                "red_flags.yml", f"groups.{group_id}.familiar", "findings of the group's rules"
            )
        if group.heard_needs is not None:
            content.heard_needs[group_id] = compile_one(
                group.heard_needs, "red_flags.yml", f"groups.{group_id}.heard_needs"
            )
    for caution_id, caution in content.red_flags.cautions.items():
        content.caution_rules[caution_id] = [
            compile_one(raw, "red_flags.yml", f"cautions.{caution_id}.when.{i}")
            for i, raw in enumerate(caution.when)
        ]
    for factor_id, factor in content.factors.factors.items():
        content.factor_rules[factor_id] = [
            (
                compile_one(
                    rule.when, "factors.yml", f"factors.{factor_id}.raised_by.{i}.when", history
                ),
                rule.because,
            )
            for i, rule in enumerate(factor.raised_by)
        ]
    for index, question in enumerate(content.questions.values()):
        content.ask_rules[question.id] = (
            None
            if question.ask_when is None
            else compile_one(question.ask_when, "questionnaire.yml", f"questions.{index}.ask_when")
        )
