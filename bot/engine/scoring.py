"""Score the instruments in instruments.yml (NPRS, PHQ-4) from the visitor's answers.

An item's points are its parsed number (NPRS) or the `score` of the chosen option (PHQ-4).
The total falls in the first band whose `max` it does not exceed; a subscale is positive when
its sum reaches `positive_at`. With any item unanswered the total is None: a partial PHQ-4 is
not a PHQ-4.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from bot.engine.answers import parse_answer, within_range
from bot.engine.content import Band, Content, Instrument, default_content


@dataclass(frozen=True)
class Score:
    instrument: str
    total: float | None
    band: str | None
    band_text: str | None
    subscales: dict[str, tuple[float, bool]] = field(default_factory=dict)
    missing: tuple[str, ...] = ()


def item_points(question_id: str, value: Any, content: Content) -> float | None:
    """The points a parsed answer earns on its instrument; None if it is not a valid item."""
    if value is None:
        return None
    question = content.question(question_id)
    if question.kind in ("choice", "multi_choice"):
        chosen = value[0] if isinstance(value, list) else value
        scores = {option.id: option.score for option in question.options}
        return scores.get(chosen)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value if within_range(question, value) else None


def score_instrument(
    name: str,
    answers: dict[str, str],
    content: Content | None = None,
    today: datetime.date | None = None,
) -> Score:
    """Score instrument `name` from answers as the visitor typed them."""
    content = content or default_content()
    values = {
        item: parse_answer(content.question(item), answers[item], content, today)
        for item in content.instruments[name].items
        if item in answers
    }
    return score_values(name, values, content)


def score_values(name: str, values: dict[str, Any], content: Content) -> Score:
    """Score instrument `name` from parsed answer values (question id -> value)."""
    instrument = content.instruments[name]
    points: dict[str, float] = {}
    for item in instrument.items:
        earned = item_points(item, values.get(item), content)
        if earned is not None:
            points[item] = earned
    missing = tuple(item for item in instrument.items if item not in points)
    subscales = {
        sub_id: (total, total >= sub.positive_at)
        for sub_id, sub in instrument.subscales.items()
        if all(item in points for item in sub.items)
        for total in [sum(points[item] for item in sub.items)]
    }
    if missing:
        return Score(name, None, None, None, subscales, missing)
    total = sum(points.values())
    band = band_of(instrument, total)
    return Score(name, total, band.label, band.text, subscales)


def band_of(instrument: Instrument, total: float) -> Band:
    """The severity band a total belongs to: the first whose max it does not exceed."""
    return next((b for b in instrument.bands if total <= b.max), instrument.bands[-1])
