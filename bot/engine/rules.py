"""The small rule language of the content files, and its evaluation.

Red flags, cautions, factors and "ask this question when" conditions are all written as the
same kind of expression in YAML:

    {finding: fever}                       the visitor said it (not negated, about themselves)
    {finding: fever, current: true}        ... and not only as something long past or gone
    {finding: fall, resolved_counts: true} ... even when said to be long past or gone
    {answer: age, at_least: 50}            a number answer is at least / at most a value
    {answer: red_flag.dvt, is: yes}        an answer is this value (for multi-choice: includes it)
    {answer: character, in: [burning, electric]}
    {answer: stress, given: true}          the question has been answered at all
    {region: [lower_back, buttock]}        one of the visitor's body regions is in the list
    {caution: anticoagulant}               the caution's own `when` holds (red_flags.yml), so a
                                           fact such as "takes blood thinners" is written once
    {all: [ ... ]}  {any: [ ... ]}         every / at least one of the expressions

An expression that holds returns its evidence: the visitor's own words that made it hold,
so a therapist can see why a red flag or factor was raised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

COMPARISONS = ("is", "in", "at_least", "at_most", "given")


class RuleError(ValueError):
    """A rule expression is malformed; `path` is where inside it, `expected` what should be."""

    def __init__(self, path: str, expected: str):
        self.path, self.expected = path, expected
        super().__init__(f"{path}: {expected}" if path else expected)


@dataclass(frozen=True)
class Evidence:
    """The visitor's own words behind a fact: an answer to a question, or part of a message."""

    text: str
    question_id: str | None = None
    hedged: bool = False
    # the sentence after the words, when they are part of a message: it may say the sign has
    # gone ("I had shingles in March. It cleared up completely by April"; MentionFilter.counts).
    # Not part of what the evidence is: the same words are the same evidence.
    after: str = field(default="", compare=False)
    # `text` as the filters read it, when it differs (nlp.py Mention.said_in)
    said_in: str = field(default="", compare=False)


@dataclass(frozen=True)
class Answer:
    """One answered question: what the visitor typed and what it was parsed to."""

    question_id: str
    raw: str
    value: Any


@dataclass
class Facts:
    """Everything known about one visitor, in the form rules read it."""

    answers: dict[str, Answer] = field(default_factory=dict)
    findings: dict[str, list[Evidence]] = field(default_factory=dict)
    regions: dict[str, list[Evidence]] = field(default_factory=dict)
    # findings named only in a general question ("can shingles come back?"): asked about
    asked: dict[str, list[Evidence]] = field(default_factory=dict)
    # findings in a clause told of someone else with no cue next to them ("Husband had a numb
    # groin"): the groups they would raise are asked about (assessment.told_about)
    told: dict[str, list[Evidence]] = field(default_factory=dict)
    # findings and regions told as someone else's, with a cue or by their clause alone ("my
    # son ... pain in his testicle"): read only for the emergency groups, or for every group
    # in a conversation that tells only of them (assessment.others_signs_now)
    theirs: dict[str, list[Evidence]] = field(default_factory=dict)
    their_regions: dict[str, list[Evidence]] = field(default_factory=dict)


PAST = "past"  # a MentionFilter's `lapses` when only a long-past mention lapses
GONE = "gone"  # ... when only a mention said to have gone lapses, not a long-past one


@dataclass(frozen=True)
class MentionFilter:
    """When a mention of a finding does not count, judged from the sentence it was said in.

    `ignore_in`: idioms that contain the finding's words but mean something else ("laughed so
    hard I wet myself"), or words that explain it away ("on a diet"); a mention in a sentence
    with one of them does not count, unless every one is denied ("I'm not dieting").
    `blamed_on`: what the visitor may blame the sign on ("unfit"); read as `ignore_in` unless
    `counts` is told not to (`blamed=False`: the semantic layer's confident hit stands).
    `past` / `current`: regular expressions. With `lapses`, a mention in a sentence that says
    it is long past or gone ("in 2005", "years ago", "it has gone") and says nothing of now
    ("now", "still", "since", "again") does not count. A sentence with both counts: when in
    doubt a symptom is read as present. `aside`: words about now that say nothing of a symptom
    ("I'm 52 now", "never happened again") are set aside before looking for words of now.
    With `lapses` "past", only a long-past mention lapses, and words that say it has gone
    ("fine ever since") are no words of now: "a mini stroke in 2012, fine since" does not count,
    "my arm went dead for ten minutes, fine now" does (a resolved stroke-like episode). With
    `lapses` "gone", only a mention said to have gone lapses: "the swelling went down within a
    week" does not count, but a long-past word in its sentence is no reason to drop it ("my
    mum had a DVT years ago ... but my own calf is hot and swollen").
    `counts(..., gone=False)` reads any mention that way. `after`, the sentence after the
    mention's: a next sentence that opens by saying it has gone, and says nothing of now or of
    its return, lapses it as if said in its own sentence, unless that one tells of its return
    ("Had flu with a fever last week. Been fine since Thursday"; forty-third round).
    """

    ignore_in: tuple[str, ...] = ()
    blamed_on: tuple[str, ...] = ()
    lapses: bool | str = False
    past: tuple[str, ...] = ()
    current: tuple[str, ...] = ()
    gone: tuple[str, ...] = ()  # "it has gone": lapsed unless it came `back`
    back: tuple[str, ...] = ()
    aside: tuple[str, ...] = ()

    def counts(self, text: str, blamed: bool = True, gone: bool = True, after: str = "") -> bool:
        plain = _plain(text)
        idioms = (*self.ignore_in, *self.blamed_on) if blamed else self.ignore_in
        # one search for all the idioms first: most texts have none
        if _search(_escaped(tuple(idioms)), plain) and _said(idioms, plain):
            return False
        if not self.lapses:
            return True
        only_past = self.lapses == PAST or not gone
        if not only_past and _search(self.gone, plain):
            # the words that say it has gone are no return ("never happened again" is not
            # "again", "the feeling came back fully" not "came back"), nor are `aside` words
            rest = _subs((*self.gone, *self.aside), plain)
            return _search(self.back, rest)
        if not only_past and after and self._gone_after(plain, _plain(after)):
            return False
        if self.lapses == GONE or not _search(self.past, plain):
            return not (after and self._past_after(plain, _plain(after)))
        rest = _subs((*self.past, *self.aside, *(self.gone if only_past else ())), plain)
        return _search(self.current, rest)

    def _gone_after(self, plain: str, after: str) -> bool:
        """Whether `after`, the sentence after `plain`'s, says the sign has gone and nothing
        of now or of its return, and `plain` says nothing of its return (as a sentence that
        says it has gone is read: "a fever last week, gone now")."""
        match = _first(self.gone, after)
        if match is None or not _LEADS_TO_GONE.fullmatch(after[: match.start()]):
            return False
        # `aside` first: "fully recovered now" is set aside whole, not left as "now"
        rest = _subs((*self.aside, *self.gone), after)
        if _search((*self.current, *self.back), rest):
            return False
        return not _search(self.back, _subs(self.aside, plain))

    def _past_after(self, plain: str, after: str) -> bool:
        """Whether `after`, the sentence after `plain`'s, opens by putting the sign long in the
        past and says nothing of now or of its return, and `plain` says nothing of now ("Can I
        have a massage after a DVT? It was 4 years ago, no problems since"; "kidney stones in
        the past? Passed one 2 years ago, nothing since"): read as if said in its own sentence.
        Not a sentence that opens otherwise, which tells of something else ("My calf is hot
        and swollen. I had a DVT 5 years ago"), nor one whose time does not end its clause
        ("It was 5 years ago I last had anything like this")."""
        match = _first(self.past, after)
        lead = after[: match.start()] if match else ""
        if not lead.strip() or not _LEADS_TO_PAST.fullmatch(lead):
            return False
        # the time ends its clause: "It was 5 years ago I last had anything like this" dates
        # something else; "and" may end it when what follows says life has gone on or the sign
        # has gone ("That was sixteen years ago and I've had no problems since")
        tail = after[match.end() :]
        joined = _AND_AFTER.match(tail)
        if joined:
            if not _search((*self.aside, *self.gone), tail[joined.end() :]):
                return False
        elif not _ENDS_CLAUSE.match(tail):
            return False
        rest = _subs((*self.past, *self.aside, *self.gone), after)
        if _search((*self.current, *self.back), rest):
            return False
        return not _search((*self.current, *self.back), _subs(self.aside, plain))


_ENDS_CLAUSE = re.compile(r"\s*(?:$|[,.;:!?)-])")
_AND_AFTER = re.compile(r"\s*,?\s*and\b")


# The words a sentence opens with before it puts the sign of the sentence before long in the
# past ("It was 4 years ago", "That was back in 2015", "Had one playing hockey last year"):
# words that point back at it, and "one" with a few words of where or how; at least one (a
# sentence that opens with a time of its own, "in uni halls", tells of something else)
_LEADS_TO_PAST = re.compile(
    r"[^\w']*(?:(?:it|it's|its|that|that's|thats|this|was|were|is|had|have|has|i|i've|ive|i'd|"
    r"he|she|he'd|she'd|and|but|so|though|passed|got|happened|all|about|around|roughly|nearly|"
    r"almost|over|only|once|just|like|the|last|first|time|probably|maybe|perhaps|oh)[^\w']+)*"
    r"(?:one(?:[^\w']+[\w']+){0,3}[^\w']+)?"
)


# The words a sentence may open with before it says the sign of the sentence before has gone
# ("It cleared up completely by April", "Been fine since Thursday", "and thankfully it's all
# gone now"): a sentence that opens otherwise tells of something else that has gone
# ("infection's gone now", "Booking for when I'm over it").
_LEADS_TO_GONE = re.compile(
    r"[^\w']*(?:(?:it|it's|its|that|that's|thats|this|all|everything|and|but|then|which|has|"
    r"have|had|was|is|i|i'm|im|i've|ive|been|completely|fully|totally|thankfully|luckily|now|"
    r"so|since|though)[^\w']+)*"
)


def _bounded(pattern: str) -> str:
    return rf"(?<![\w']){pattern}(?![\w'])"


def _search(patterns: Iterable[str], text: str) -> bool:
    """Whether `text` matches one of the regular expressions `patterns` as whole words."""
    return _first(patterns, text) is not None


def _first(patterns: Iterable[str], text: str) -> re.Match[str] | None:
    """The first match in `text` of one of the regular expressions `patterns` as whole words."""
    patterns = tuple(patterns)
    return _any_of(patterns).search(text) if patterns else None


@lru_cache(maxsize=1024)
def _escaped(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """The phrases as regular expressions that match them as written, in lower case."""
    return tuple(re.escape(phrase.lower()) for phrase in phrases)


@lru_cache(maxsize=1024)
def _any_of(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One expression that matches where any of `patterns` would, as whole words, compiled
    once (each pattern searched alone took most of the rules' time)."""
    return re.compile(_bounded("(?:" + "|".join(f"(?:{p})" for p in patterns) + ")"))


def says_any(patterns: Iterable[str], text: str) -> bool:
    """Whether `text` (any case) matches one of the regular expressions `patterns` as whole
    words, as the lexicon's time words are read."""
    return _search(patterns, _plain(text))


def after_any(patterns: Iterable[str], text: str) -> str | None:
    """The words of `text` (any case) after the first match of the regular expressions
    `patterns` as whole words, in lower case; None when none matches."""
    plain = _plain(text)
    match = _first(patterns, plain)
    return plain[match.end() :] if match else None


def after_last(patterns: Iterable[str], text: str) -> str | None:
    """The words of `text` (any case) after the last match of the regular expressions
    `patterns` as whole words, in lower case; None when none matches."""
    plain = _plain(text)
    ends = [m.end() for pattern in patterns for m in re.finditer(_bounded(pattern), plain)]
    return plain[max(ends) :] if ends else None


def without_any(patterns: Iterable[str], text: str) -> str:
    """`text` in lower case with every match of the regular expressions `patterns` as whole
    words left out."""
    return _subs(patterns, _plain(text))


def opens_with_any(patterns: Iterable[str], text: str) -> bool:
    """Whether `text` (any case) opens, after any punctuation, with one of the regular
    expressions `patterns` as whole words."""
    plain = _plain(text)
    return any(re.match(r"[^\w']*" + _bounded(pattern), plain) for pattern in patterns)


def _plain(text: str) -> str:
    """The text in lower case, curly apostrophes straight, runs of white space as one space."""
    return " ".join(str(text).lower().replace("\u2019", "'").split())


# a denial up to two words before an idiom ("not dieting", "don't go to the gym", "not on
# any diet", "w/o dieting", typed without the apostrophe: "havent been dieting") says it is
# not so; so does a cause the visitor thought it was and no longer does ("numb genitals since
# the weekend, thought it was from sitting too long"; fifty-fifth round)
_DENIED_BEFORE = re.compile(
    r"(?:(?:(?<![\w'])(?:not|no|never|without|w/o|"
    r"(?:have|has|had|do|does|did|is|was|are|were|ai|ca|wo)nt)"
    r"|n't)(?:\s+[\w']+){0,2}"
    r"|(?<![\w'])(?:thought|assumed|figured|presumed) (?:it|that|this) (?:was|were)(?: just)?)\s+$"
)


def _said(idioms: Iterable[str], text: str) -> bool:
    """Whether `text` says one of `idioms` somewhere without denying it, also not inside
    another one it denies ("havent been on a diet" denies "diet" too)."""
    said, denied = [], []
    for idiom in idioms:
        for match in re.finditer(_bounded(re.escape(idiom.lower())), text):
            is_denied = _DENIED_BEFORE.search(text[: match.start()])
            (denied if is_denied else said).append(match.span())
    return any(not any(a <= start and end <= b for a, b in denied) for start, end in said)


def _subs(patterns: Iterable[str], text: str) -> str:
    for pattern in patterns:
        text = re.sub(_bounded(pattern), " ", text)
    return text


@dataclass(frozen=True)
class Vocabulary:
    """The names a rule may use; rules naming anything else are refused on load."""

    questions: Mapping[str, Any]
    findings: set[str]
    regions: set[str]
    # how mentions of each finding are filtered (findings not listed: every mention counts)
    filters: Mapping[str, MentionFilter] = field(default_factory=dict)
    # the lexicon's time words, for rules that say `current: true` (see MentionFilter)
    time: MentionFilter = field(default_factory=MentionFilter)
    # each caution's `when` rules as written, for `{caution: x}`
    cautions: Mapping[str, list] = field(default_factory=dict)


class Rule:
    def evaluate(self, facts: Facts, unsure_means_yes: bool = False) -> list[Evidence] | None:
        """The evidence if the rule holds, else None."""
        raise NotImplementedError


@dataclass(frozen=True)
class FindingRule(Rule):
    finding: str
    only: MentionFilter | None = None

    def evaluate(self, facts, unsure_means_yes=False):
        evidence = facts.findings.get(self.finding) or []
        if self.only is not None:
            evidence = [e for e in evidence if self.only.counts(e.said_in or e.text, after=e.after)]
        return list(evidence) if evidence else None


@dataclass(frozen=True)
class RegionRule(Rule):
    regions: tuple[str, ...]

    def evaluate(self, facts, unsure_means_yes=False):
        evidence = [e for region in self.regions for e in facts.regions.get(region, [])]
        return _unique(evidence) if any(r in facts.regions for r in self.regions) else None


@dataclass(frozen=True)
class AnswerRule(Rule):
    question: str
    comparison: str
    operand: Any

    def evaluate(self, facts, unsure_means_yes=False):
        answer = facts.answers.get(self.question)
        if answer is None or answer.value is None:
            return None
        if self._holds(answer.value, unsure_means_yes):
            return [Evidence(text=answer.raw, question_id=self.question)]
        return None

    def _holds(self, value: Any, unsure_means_yes: bool) -> bool:
        if self.comparison == "given":
            return bool(self.operand)
        if self.comparison in ("at_least", "at_most"):
            if isinstance(value, bool) or not isinstance(value, int | float):
                return False
            return value >= self.operand if self.comparison == "at_least" else value <= self.operand
        wanted = self.operand if self.comparison == "in" else [self.operand]
        if unsure_means_yes and value == "unsure" and "yes" in wanted:
            return True
        values = value if isinstance(value, list | tuple | set) else [value]
        return any(v in wanted for v in values)


@dataclass(frozen=True)
class AllRule(Rule):
    parts: tuple[Rule, ...]

    def evaluate(self, facts, unsure_means_yes=False):
        evidence: list[Evidence] = []
        for part in self.parts:
            found = part.evaluate(facts, unsure_means_yes)
            if found is None:
                return None
            evidence.extend(found)
        return _unique(evidence)


@dataclass(frozen=True)
class AnyRule(Rule):
    parts: tuple[Rule, ...]

    def evaluate(self, facts, unsure_means_yes=False):
        results = [part.evaluate(facts, unsure_means_yes) for part in self.parts]
        held = [found for found in results if found is not None]
        if not held:
            return None
        return _unique([e for found in held for e in found])


@dataclass(frozen=True)
class NotRule(Rule):
    """Holds when its rule does not; adds no evidence. Its findings are not the group's own
    (`findings_in` does not look inside it): they only rule a case out."""

    part: Rule

    def evaluate(self, facts, unsure_means_yes=False):
        return None if self.part.evaluate(facts, unsure_means_yes) is not None else []


def _unique(evidence: list[Evidence]) -> list[Evidence]:
    return list(dict.fromkeys(evidence))


def findings_in(rule: Rule) -> set[str]:
    """Every finding a rule names, however deeply nested."""
    if isinstance(rule, FindingRule):
        return {rule.finding}
    found: set[str] = set()
    for part in getattr(rule, "parts", ()):
        found |= findings_in(part)
    return found


def evaluate_any(
    rules: list[Rule], facts: Facts, unsure_means_yes: bool = False
) -> list[Evidence] | None:
    """Evidence from every rule in the list that holds, or None when none does."""
    return AnyRule(tuple(rules)).evaluate(facts, unsure_means_yes) if rules else None


def parse_rule(raw: Any, known: Vocabulary, path: str = "") -> Rule:
    """Turn a YAML rule expression into a Rule, refusing unknown names and shapes."""
    if not isinstance(raw, dict) or not raw:
        raise RuleError(
            path, "a rule: a mapping with finding, answer, region, caution, all, any or not"
        )
    if "not" in raw:
        _only(raw, {"not"}, path)
        return NotRule(parse_rule(raw["not"], known, _join(path, "not")))
    if "all" in raw or "any" in raw:
        key = "all" if "all" in raw else "any"
        _only(raw, {key}, path)
        parts = raw[key]
        if not isinstance(parts, list) or not parts:
            raise RuleError(_join(path, key), "a non-empty list of rules")
        parsed = tuple(parse_rule(p, known, _join(path, f"{key}.{i}")) for i, p in enumerate(parts))
        return AllRule(parsed) if key == "all" else AnyRule(parsed)
    if "finding" in raw:
        return _parse_finding_rule(raw, known, path)
    if "region" in raw:
        _only(raw, {"region"}, path)
        regions = raw["region"] if isinstance(raw["region"], list) else [raw["region"]]
        for i, region in enumerate(regions):
            if region not in known.regions:
                raise RuleError(
                    _join(path, f"region.{i}"), f"a region from regions.yml, not {region!r}"
                )
        return RegionRule(tuple(regions))
    if "answer" in raw:
        return _parse_answer_rule(raw, known, path)
    if "caution" in raw:
        _only(raw, {"caution"}, path)
        when = known.cautions.get(raw["caution"])
        if not when:
            raise RuleError(
                _join(path, "caution"), f"a caution from red_flags.yml, not {raw['caution']!r}"
            )
        # a caution's own rules may not name a caution: one level, no loops
        plain = replace(known, cautions={})
        where = _join(path, "caution")
        return AnyRule(tuple(parse_rule(r, plain, f"{where}.when.{i}") for i, r in enumerate(when)))
    raise RuleError(
        path, f"one of finding, answer, region, caution, all, any, not (got {sorted(raw)})"
    )


def _parse_finding_rule(raw: dict, known: Vocabulary, path: str) -> FindingRule:
    """{finding: x}, with `current: true` or `resolved_counts: true` to override the lexicon."""
    _only(raw, {"finding", "current", "resolved_counts"}, path)
    if raw["finding"] not in known.findings:
        raise RuleError(
            _join(path, "finding"), f"a finding from lexicon.yml, not {raw['finding']!r}"
        )
    for key in ("current", "resolved_counts"):
        if key in raw and raw[key] is not True:
            raise RuleError(_join(path, key), "true (leave it out otherwise)")
    if "current" in raw and "resolved_counts" in raw:
        raise RuleError(path, "current or resolved_counts, not both")
    only = known.filters.get(raw["finding"])
    if "current" in raw or "resolved_counts" in raw:
        only = replace(
            known.time,
            ignore_in=only.ignore_in if only else (),
            blamed_on=only.blamed_on if only else (),
            lapses="current" in raw,
        )
    return FindingRule(raw["finding"], only)


def _parse_answer_rule(raw: dict, known: Vocabulary, path: str) -> AnswerRule:
    question_id = raw["answer"]
    if question_id not in known.questions:
        raise RuleError(
            _join(path, "answer"), f"a question id from questionnaire.yml, not {question_id!r}"
        )
    comparisons = [key for key in raw if key != "answer"]
    if len(comparisons) != 1 or comparisons[0] not in COMPARISONS:
        raise RuleError(path, f"answer with exactly one of {', '.join(COMPARISONS)}")
    comparison = comparisons[0]
    operand = raw[comparison]
    question = known.questions[question_id]
    where = _join(path, comparison)
    if comparison in ("at_least", "at_most"):
        if isinstance(operand, bool) or not isinstance(operand, int | float):
            raise RuleError(where, "a number")
        if question.kind not in ("number", "scale"):
            raise RuleError(
                where,
                f"a comparison for number or scale questions ({question_id} is {question.kind})",
            )
    elif comparison == "given":
        if not isinstance(operand, bool):
            raise RuleError(where, "true or false")
    else:
        values = operand if comparison == "in" else [operand]
        if comparison == "in" and not isinstance(operand, list):
            raise RuleError(where, "a list of values")
        allowed = _allowed_values(question, known)
        for value in values:
            if allowed is not None and value not in allowed:
                raise RuleError(where, f"one of {sorted(allowed)}, not {value!r}")
    return AnswerRule(question_id, comparison, operand)


def _allowed_values(question: Any, known: Vocabulary) -> set[str] | None:
    if question.kind == "yes_no":
        return {"yes", "no", "unsure"}
    if question.kind in ("choice", "multi_choice"):
        if question.options_from == "regions":
            return set(known.regions)
        if question.options_from == "sides":
            return {"left", "right", "both", "central"}
        return {option.id for option in question.options}
    return None


def _only(raw: dict, keys: set[str], path: str) -> None:
    extra = set(raw) - keys
    if extra:
        raise RuleError(
            path, f"only {', '.join(sorted(keys))} here, not {', '.join(sorted(extra))}"
        )


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
