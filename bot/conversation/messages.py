"""What an assessment gives back: the outcome payload clients read, and the texts people read.

`outcome_payload` is the machine-readable outcome (docs/messages.md); `outcome_text`,
`referral_summary` and `therapist_summary` render the Jinja2 templates in content/templates/.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.conversation.texts import render
from bot.engine.assessment import Outcome
from bot.engine.content import BOOK_NMT, EMERGENCY, FACTOR_GROUPS, Content

EVIDENCE_CHARS = 300

NEXT_STEPS = {
    EMERGENCY: "call_emergency",
    "urgent_physician": "referral_summary",
    "physician_referral": "referral_summary",
    BOOK_NMT: "booking",
}


def _evidence(texts) -> list[str]:
    out = []
    for text in texts:
        text = " ".join(str(text).split())
        text = text if len(text) <= EVIDENCE_CHARS else text[: EVIDENCE_CHARS - 1] + "…"
        if text and text not in out:
            out.append(text)
    return out


def next_step(disposition: str) -> str:
    return NEXT_STEPS[disposition]


def outcome_payload(
    outcome: Outcome, assessment_id: str | None, questions_asked: int, content: Content
) -> dict[str, Any]:
    """The `assessment_outcome` custom payload (documented in docs/messages.md)."""
    disposition = content.red_flags.dispositions[outcome.disposition]
    return {
        "type": "assessment_outcome",
        "assessment_id": assessment_id,
        "disposition": outcome.disposition,
        "disposition_label": disposition.label,
        "next_step": next_step(outcome.disposition),
        "red_flags": list(outcome.red_flags),
        "red_flag_details": [
            {
                "group": hit.group,
                "label": hit.label,
                "disposition": hit.disposition,
                "evidence": _evidence(e.text for e in hit.evidence),
            }
            for hit in outcome.hits
        ],
        "factors": {
            group: [
                {
                    "id": factor.id,
                    "label": factor.label,
                    "visitor_label": content.factors.factors[factor.id].visitor_label
                    or factor.label,
                    "reasons": list(factor.reasons),
                    "evidence": _evidence(e.text for e in factor.evidence),
                }
                for factor in outcome.factors[group]
            ]
            for group in FACTOR_GROUPS
        },
        "strong_groups": list(outcome.strong_groups),
        "regions": list(outcome.regions),
        "sides": list(outcome.sides),
        "cautions": [
            {
                "id": hit.id,
                "label": hit.label,
                "evidence": _evidence(e.text for e in hit.evidence),
            }
            for hit in outcome.caution_hits
        ],
        "scores": {
            name: {"total": score.total, "band": score.band}
            for name, score in outcome.scores.items()
        },
        "questions_asked": questions_asked,
    }


def _context(
    outcome: Outcome,
    content: Content,
    answers: Mapping[str, Mapping[str, Any]] | None = None,
    assessment_id: str | None = None,
) -> dict[str, Any]:
    answers = answers or {}
    return {
        "outcome": outcome,
        "disposition": content.red_flags.dispositions[outcome.disposition],
        "emergency": outcome.disposition == EMERGENCY,
        "book": outcome.disposition == BOOK_NMT,
        "groups": content.factors.groups,
        "factors": content.factors.factors,
        "topics": content.topics,
        "regions": [content.regions.regions[r].label for r in outcome.regions],
        "sides": [content.regions.sides[s].label for s in outcome.sides],
        "answers": [
            (content.question(qid), answer)
            for qid, answer in answers.items()
            if qid in content.questions and answer.get("how") != "unknown"
        ],
        "assessment_id": assessment_id,
    }


def outcome_text(outcome: Outcome, content: Content) -> str:
    """The outcome as the visitor reads it in the chat."""
    return render("outcome.txt.j2", **_context(outcome, content))


def referral_summary(
    outcome: Outcome,
    answers: Mapping[str, Mapping[str, Any]],
    content: Content,
    assessment_id: str | None,
    date: str,
) -> str:
    """A plain summary the visitor can show their doctor."""
    return render(
        "referral_summary.txt.j2", date=date, **_context(outcome, content, answers, assessment_id)
    )


def therapist_summary(
    outcome: Outcome,
    answers: Mapping[str, Mapping[str, Any]],
    content: Content,
    assessment_id: str | None,
    date: str,
) -> str:
    """The pre-visit summary the therapist reads before the first session."""
    protocols = {
        content.regions.regions[r].protocol: content.regions.protocols[
            content.regions.regions[r].protocol
        ].label
        for r in outcome.regions
    }
    also = sorted(
        {
            content.regions.regions[other].label
            for r in outcome.regions
            for other in content.regions.regions[r].also_examine
        }
    )
    muscles = list(
        dict.fromkeys(
            m for r in outcome.regions for m in content.regions.regions[r].referring_muscles
        )
    )
    return render(
        "therapist_summary.txt.j2",
        date=date,
        protocols=list(protocols.values()),
        also_examine=also,
        muscles=muscles,
        **_context(outcome, content, answers, assessment_id),
    )
