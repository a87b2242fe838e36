"""Turn a visitor's typed answer to a question into the value rules and scores read.

The question's `kind` and `parse` (from questionnaire.yml) choose the parser in bot.engine.parsing:
yes/no answers become "yes" | "no" | "unsure"; choices become option ids (a list for
multi-choice): the options named by their synonyms (for one choice the first named, unless a
"but" clause names a worse one: `parsing.settle_contrast`), else the one whose `hours` hold
the hours the answer gives, else those said in everyday words (`loosely`: "ok-ish", "meh");
a clause that tells the opposite of what the question asks names nothing (`not_in_clauses_with`);
numbers and scales become numbers; durations become days. An answer that cannot be read
becomes None, so the caller can ask again, and the raw text is always kept.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from bot.engine import parsing, spelling
from bot.engine.content import Content, Question


def option_synonyms(question: Question, content: Content) -> dict[str, list[str]]:
    """Option id -> the words that mean it, for a choice question."""
    if question.options_from == "regions":
        return {rid: [r.label, *r.synonyms] for rid, r in content.regions.regions.items()}
    if question.options_from == "sides":
        return {sid: [s.label, *s.synonyms] for sid, s in content.regions.sides.items()}
    return {option.id: [option.label, *option.synonyms] for option in question.options}


def option_ranks(question: Question) -> dict[str, int]:
    """Option id -> how bad the answer is (its `rank`, else its `score`), where it says."""
    ranks = {option.id: option.rank for option in question.options if option.rank is not None}
    scores = {option.id: option.score for option in question.options if option.score is not None}
    return {**scores, **ranks}


def parse_answer(
    question: Question, raw: str, content: Content, today: datetime.date | None = None
) -> Any:
    """The parsed value of `raw` as an answer to `question`, or None if it cannot be read.

    An answer that cannot be read as typed is read again with its spelling corrected
    ("3 weks", "definitly"); the raw text is what is kept.
    """
    if not isinstance(raw, str) or not raw.strip():
        return None
    value = _parse(question, raw, content, today)
    if value is None and question.kind != "free_text":
        corrected = spelling.correct(raw).text
        if corrected != raw:
            value = _parse(question, corrected, content, today)
    return value


def _parse(question: Question, raw: str, content: Content, today: datetime.date | None) -> Any:
    if question.kind == "yes_no":
        return parsing.parse_yes_no(raw)
    if question.kind in ("choice", "multi_choice"):
        raw = without_opposite_clauses(question, raw)
        found = (
            parsing.match_options(raw, option_synonyms(question, content))
            or _by_hours(question, raw)
            or parsing.match_loose_options(raw, {o.id: o.loosely for o in question.options})
        )
        if question.kind == "multi_choice":
            return found or None
        if len(found) > 1:
            synonyms = option_synonyms(question, content)
            return parsing.settle_contrast(raw, synonyms, option_ranks(question)) or found[0]
        return found[0] if found else None
    if question.kind == "free_text":
        return raw.strip()
    value = _parse_number(question, raw, today)
    if value is None and question.in_words:
        words = {str(number): phrases for number, phrases in question.in_words.items()}
        named = parsing.match_loose_options(raw, words)
        value = float(named[0]) if named else None
    return value if value is not None and within_range(question, value) else None


# where one clause of an answer ends and the next begins
_CLAUSE_BREAK = re.compile(r"[,.;:!?()]|\b(?:but|and|while|whereas|though)\b", re.IGNORECASE)


def without_opposite_clauses(question: Question, raw: str) -> str:
    """The answer without its clauses that tell the opposite of what the question asks
    (`not_in_clauses_with`): "worse when I sit, better walking" answers "what makes it worse?"
    with sitting alone."""
    opposite = {word.lower() for word in question.not_in_clauses_with}
    if not opposite:
        return raw
    clauses = _CLAUSE_BREAK.split(raw)
    kept = [c for c in clauses if not opposite.intersection(re.findall(r"[a-z]+", c.lower()))]
    return ", ".join(c.strip() for c in kept if c.strip())


def _by_hours(question: Question, raw: str) -> list[str]:
    """The option whose `hours` hold the hours the answer gives ("about 7 hours"), as a list."""
    ranged = [option for option in question.options if option.hours]
    hours = parsing.parse_hours(raw) if ranged else None
    if hours is None:
        return []
    return [o.id for o in ranged if o.hours[0] <= hours < o.hours[1]][:1]


def within_range(question: Question, value: float) -> bool:
    """Whether a number lies within the question's min and max (where it has them)."""
    if question.min is not None and value < question.min:
        return False
    return question.max is None or value <= question.max


def _parse_number(question: Question, raw: str, today: datetime.date | None) -> float | None:
    if question.parse == "duration":
        duration = parsing.parse_duration(raw, today=today)
        return None if duration is None else duration.days
    if question.parse == "age":
        return parsing.parse_age(raw, today=today)
    if question.parse == "glasses":
        return parsing.parse_glasses(raw)
    if question.parse == "pain_score" or question.kind == "scale":
        score = parsing.parse_pain_score(raw)
        if score is not None or question.parse == "pain_score":
            return score
    return parsing.parse_number(raw)
