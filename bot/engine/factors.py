"""Sort the visitor's answers into biomechanical, biochemical and psychosocial factors.

A factor in factors.yml is raised when any of its rules holds; it carries the reasons (the
rules' `because` texts) and the evidence (the visitor's own words that made them hold).
A group with at least `strong_group_threshold` factors is "strong": for biochemical and
psychosocial groups the outcome then suggests a second provider alongside NMT.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.content import FACTOR_GROUPS, Content
from bot.engine.rules import Evidence, Facts


@dataclass(frozen=True)
class FactorResult:
    id: str
    label: str
    group: str
    reasons: tuple[str, ...]
    evidence: tuple[Evidence, ...]


def sort_factors(facts: Facts, content: Content) -> dict[str, list[FactorResult]]:
    """Raised factors by group, in the order factors.yml lists them."""
    grouped: dict[str, list[FactorResult]] = {group: [] for group in FACTOR_GROUPS}
    for factor_id, factor in content.factors.factors.items():
        reasons: list[str] = []
        evidence: list[Evidence] = []
        for rule, because in content.factor_rules[factor_id]:
            found = rule.evaluate(facts)
            if found is not None:
                reasons.append(because)
                evidence.extend(found)
        if reasons:
            grouped[factor.group].append(
                FactorResult(
                    id=factor_id,
                    label=factor.label,
                    group=factor.group,
                    reasons=tuple(dict.fromkeys(reasons)),
                    evidence=tuple(dict.fromkeys(evidence)),
                )
            )
    return grouped


def strong_groups(grouped: dict[str, list[FactorResult]], content: Content) -> list[str]:
    """Groups with enough raised factors to call for attention of their own."""
    threshold = content.factors.strong_group_threshold
    return [group for group, found in grouped.items() if len(found) >= threshold]
