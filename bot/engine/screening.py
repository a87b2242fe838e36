"""Red-flag screening: which warning signs the facts show, and where the visitor should go.

Each red-flag group in red_flags.yml has rules (answers, findings in free text, regions, ages).
A group is hit when any of its rules holds. The disposition is the highest-ranked disposition
among the hits (emergency > urgent_physician > physician_referral), else booking NMT.
Cautions are noted for the therapist and never change the disposition.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.engine.content import BOOK_NMT, Content, Source
from bot.engine.rules import Evidence, Facts, evaluate_any


@dataclass(frozen=True)
class RedFlagHit:
    group: str
    label: str
    disposition: str
    message: str
    evidence: tuple[Evidence, ...]
    sources: tuple[Source, ...]
    # raised on someone else's sign, told as theirs now (assessment.py `others_sign_now`):
    # the advice is for them
    someone_else: bool = False
    # raised on the visitor's own words in a conversation for someone else ("Booking for my
    # dad ... Also I have had crushing chest pain": assessment.py `_visitors_own`): the
    # advice for it is the visitor's
    visitors_own: bool = False


@dataclass(frozen=True)
class CautionHit:
    id: str
    label: str
    note: str
    evidence: tuple[Evidence, ...]


def rank(disposition: str, content: Content) -> int:
    return content.red_flags.dispositions[disposition].rank


def screen(
    facts: Facts,
    content: Content,
    raised: Iterable[str] = (),
    heard: Mapping[str, Iterable[Evidence]] | None = None,
) -> list[RedFlagHit]:
    """Every red-flag group the facts trigger, most urgent first.

    `heard` are groups the semantic layer (semantic.py) is confident it heard in the visitor's
    words, with those words: they raise their group as a rule would, whatever the visitor
    answered to its screening question (minimising words never lower urgency).

    `raised` are groups raised earlier in the conversation. They stay raised whatever the facts
    say now: a red flag, once given, is never withdrawn (by "start over", a correction, a
    restart or a new session), so the disposition can only rise. Such a hit keeps no evidence
    when the facts no longer hold it.
    """
    hits = []
    earlier = set(raised)
    for group_id, group in content.red_flags.groups.items():
        evidence = evaluate_any(
            content.red_flag_rules[group_id], facts, unsure_means_yes=group.unsure_means_yes
        )
        if evidence is None and heard and group_id in heard:
            evidence = list(heard[group_id])
        if evidence is None and group_id in earlier:
            evidence = []
        if evidence is not None:
            hits.append(
                RedFlagHit(
                    group=group_id,
                    label=group.label,
                    disposition=_disposition(group_id, facts, content),
                    message=group.message,
                    evidence=tuple(evidence),
                    sources=tuple(group.sources),
                )
            )
    return sorted(hits, key=lambda hit: -rank(hit.disposition, content))


def with_broader(hits: Iterable[RedFlagHit], content: Content) -> list[RedFlagHit]:
    """The hits, and for each of a finer group (red_flags.yml `kind_of`) its broader group, on
    the same words, when that is not raised already and sends the visitor nowhere more urgent:
    an osteoporotic spinal fracture is a fracture, and the referral is the same. Exertional
    angina is a kind of heart trouble, but not the heart attack the cardiac group calls an
    ambulance for, so it raises no cardiac hit."""
    hits = list(hits)
    named = {hit.group for hit in hits}
    out = []
    for hit in hits:
        out.append(hit)
        broader_id = content.red_flags.groups[hit.group].kind_of
        if broader_id is None or broader_id in named:
            continue
        broader = content.red_flags.groups[broader_id]
        if rank(broader.disposition, content) > rank(hit.disposition, content):
            continue
        named.add(broader_id)
        out.append(
            dataclasses.replace(
                hit,
                group=broader_id,
                label=broader.label,
                disposition=broader.disposition,
                message=broader.message,
                sources=tuple(broader.sources),
            )
        )
    return out


def _disposition(group_id: str, facts: Facts, content: Content) -> str:
    """The most urgent disposition of the group's rules that hold: a rule's own
    (`{disposition: emergency, rule: ...}` in red_flags.yml) or else the group's. A group
    raised otherwise (earlier, or heard by the semantic layer) has the group's."""
    group = content.red_flags.groups[group_id]
    rules = content.red_flag_rules[group_id]
    levels = content.red_flag_levels.get(group_id) or [None] * len(rules)
    held = [
        level or group.disposition
        for rule, level in zip(rules, levels, strict=True)
        if rule.evaluate(facts, group.unsure_means_yes) is not None
    ]
    return max(held or [group.disposition], key=lambda d: rank(d, content))


def decide_disposition(hits: list[RedFlagHit], content: Content) -> str:
    """The most urgent disposition among the hits; booking NMT when there are none."""
    if not hits:
        return BOOK_NMT
    return max((hit.disposition for hit in hits), key=lambda d: rank(d, content))


def find_cautions(facts: Facts, content: Content) -> list[CautionHit]:
    """Cautions the therapist must know about (anticoagulants, pregnancy, ...)."""
    found = []
    for caution_id, caution in content.red_flags.cautions.items():
        evidence = evaluate_any(content.caution_rules[caution_id], facts)
        if evidence is not None:
            found.append(CautionHit(caution_id, caution.label, caution.note, tuple(evidence)))
    return found
