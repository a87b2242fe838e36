"""What the therapist is told about an assessment, computed once for every place that shows it:
the pre-visit summary (bot/conversation/messages.py), the PDF and the clinic's dashboard report
(bot/web/clinic.py).

- `region_notes`: from the visitor's body regions (content/regions.yml), the NMT protocols to
  use, the regions to examine as well (not those the visitor named already) and the muscles
  that refer pain there.
- `stored_cautions`: the cautions of a stored assessment, with the visitor's words.
- `whom`: the people an assessment for someone else was written for, as the summaries name them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.clinic.store import Report
from bot.engine.assessment import quotes
from bot.engine.content import Content, Protocol
from bot.engine.rules import Answer, Facts
from bot.engine.screening import find_cautions


@dataclass(frozen=True)
class RegionNotes:
    protocols: list[Protocol]
    also_examine: list[str]  # region labels, sorted
    muscles: list[str]


def whom(clients: Iterable[str], content: Content, owner: str = "the visitor's") -> str:
    """The people an assessment was written for, as the visitor named them: "the visitor's dad
    and mum", but "a gentleman" for the words nobody says "my" before (lexicon.yml
    `cues.not_kin`)."""
    not_kin = set(content.lexicon.cues.not_kin)
    named = [f"a {c}" if c in not_kin else f"{owner} {c}" for c in clients]
    return " and ".join(named)


def region_notes(regions: Iterable[str], content: Content) -> RegionNotes:
    """Protocols, "also examine" and referring muscles for the visitor's regions (ids unknown to
    regions.yml, as an old stored assessment may hold, are left out)."""
    known = content.regions.regions
    named = [r for r in regions if r in known]
    protocols = {known[r].protocol: content.regions.protocols[known[r].protocol] for r in named}
    also = {known[o].label for r in named for o in known[r].also_examine if o in known}
    muscles = dict.fromkeys(m for r in named for m in known[r].referring_muscles)
    return RegionNotes(
        protocols=list(protocols.values()),
        also_examine=sorted(also - {known[r].label for r in named}),
        muscles=list(muscles),
    )


def stored_cautions(report: Report, content: Content) -> list[dict[str, Any]]:
    """The cautions to show: label, the clinic's note and the visitor's words behind each.

    They are stored with the assessment since schema version 3, found in any of the visitor's
    messages ("I'm on warfarin" said in passing). Older assessments have only their stored
    answers to go on, read by the same caution rules (content/red_flags.yml) as the engine.
    """
    known = content.red_flags.cautions
    if report.cautions is not None:
        return [
            {
                "label": known[hit.id].label if hit.id in known else hit.label,
                "note": known[hit.id].note if hit.id in known else "",
                "evidence": hit.evidence,
            }
            for hit in report.cautions
        ]
    answers = {
        given.question_id: Answer(given.question_id, given.raw_text, given.value)
        for given in report.answers
        if given.question_id in content.questions
    }
    return [
        {"label": hit.label, "note": hit.note, "evidence": quotes(hit.evidence)}
        for hit in find_cautions(Facts(answers=answers), content)
    ]
