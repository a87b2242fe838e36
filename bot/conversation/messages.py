"""Every message the visitor or a client receives (docs/messages.md), built here and only here.

The actions (`actions/`) decide which message to send and dispatch what these functions return;
they write no text and no payload of their own. A `Message` is what a Rasa response carries:
plain text (never HTML: clients escape it), buttons whose payload is the text to send back, and
the machine-readable `custom` payload. Texts come from the Jinja2 templates in
content/templates/ (bot/conversation/texts.py).

`outcome` is the `assessment_outcome` message: its payload carries everything the chat page
shows (the headline, the text under it, the factor groups with their labels and hints from
factors.yml, the filled booking link), so a client never parses the text. `referral_summary`
and `therapist_summary` are the texts a doctor and the therapist read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from bot import settings
from bot.clinic.report import region_notes, whom
from bot.conversation.cards import NONE_OF_THESE, Card
from bot.conversation.reading import UNKNOWN, VOLUNTEERED
from bot.conversation.texts import render
from bot.engine.assessment import Outcome, quotes
from bot.engine.content import (
    BOOK_NMT,
    EMERGENCY,
    FACTOR_GROUPS,
    Content,
    DispositionDef,
    OwnResult,
    Question,
    Topic,
    card_label,
)
from bot.engine.rules import Evidence
from bot.engine.screening import RedFlagHit

NEXT_STEPS = {
    EMERGENCY: "call_emergency",
    "urgent_physician": "referral_summary",
    "physician_referral": "referral_summary",
    BOOK_NMT: "booking",
}
# The next step the `disposition` message announces: the questions that prepare the visit.
PREPARE_VISIT = "prepare_visit"
# What the outcome offers, by next step: the template that asks (nothing in an emergency).
OFFERS = {"booking": "offer_booking", "referral_summary": "offer_summary"}
OFFER_BUTTONS = (("Yes", "Yes"), ("No, thanks", "No"))
YES_NO_BUTTONS = ("Yes", "No", "Not sure")
DISCLAIMER_RESPONSE = "utter_disclaimer"
DISCLAIMER_REMINDER_RESPONSE = "utter_disclaimer_reminder"
# How much of an answer that could not be read a re-ask quotes.
REASK_QUOTE_CHARS = 60


@dataclass(frozen=True)
class Message:
    """One message: its text, buttons and custom payload, or a response of domain.yml."""

    text: str | None = None
    buttons: list[dict[str, str]] = field(default_factory=list)
    custom: dict[str, Any] | None = None
    response: str | None = None


def say(template: str, **context: Any) -> Message:
    """A plain text message from a named template of content/templates/messages.yml."""
    return Message(text=render(template, **context))


def disclaimer(reminder: bool = False) -> Message:
    """The educational disclaimer (a response of domain.yml): whole at the start, as a short
    `reminder` with the outcome."""
    return Message(response=DISCLAIMER_REMINDER_RESPONSE if reminder else DISCLAIMER_RESPONSE)


def next_step(disposition: str) -> str:
    return NEXT_STEPS[disposition]


# --- questions -------------------------------------------------------------------------------


def buttons_for(question: Question, content: Content) -> list[dict[str, str]]:
    """Buttons for a closed question; each sends its own label, read like typed text."""
    if question.kind == "yes_no":
        titles = list(YES_NO_BUTTONS)
    elif question.kind == "scale" and question.min is not None and question.max is not None:
        titles = [str(n) for n in range(int(question.min), int(question.max) + 1)]
    elif question.options_from == "regions":
        titles = [region.label for region in content.regions.regions.values()]
    elif question.options_from == "sides":
        titles = [side.label for side in content.regions.sides.values()]
    else:
        titles = [option.label for option in question.options]
    return [{"title": title, "payload": title} for title in titles]


def is_button_answer(question: Question | None, text: str, content: Content) -> bool:
    """Whether `text` is the label of one of the question's buttons (a tap, not typed words)."""
    if question is None:
        return False
    return text.strip().lower() in {b["title"].lower() for b in buttons_for(question, content)}


def ask(
    question: Question,
    content: Content,
    repeat: bool,
    unread: str | None,
    heard: str | None = None,
    card: Card | None = None,
) -> Message:
    """A question: its text, or when the last answer could not be read a re-ask quoting it.

    With a `card`, the payload also carries the card's rows, for a client that asks them in one
    turn; the text and buttons still ask this one question, for a client that cannot.

    `unread` is the visitor's answer that could not be read (None when there is none; "" when
    the words are not known); the re-ask starts `Sorry, I didn't understand "..."`. `heard` are
    the visitor's words in which a red-flag question's sign may have been heard; the question
    then quotes them.
    """
    text = question.text
    if heard and unread is None:
        text = render("heard", quote=_quote(heard), text=question.text)
    quoted = _quote(unread, REASK_QUOTE_CHARS) if isinstance(unread, str) else None
    if unread is not None:
        text = render(
            "reask",
            quote=quoted,
            kind=question.kind,
            parse=question.parse,
            text=question.text,
            min=question.min or 0,
            max=question.max or 0,
        )
    return Message(
        text=text,
        buttons=_buttons(question, content),
        custom={
            "type": "question",
            "question_id": question.id,
            "why": question.why,
            "kind": question.kind,
            "section": question.section,
            "reask": repeat,
            "heard": _quote(heard) if heard else None,
            "unread": quoted or None,
            "card": None if card is None else card_payload(card, content),
            "none": none_option(question),
        },
    )


def _buttons(question: Question, content: Content) -> list[dict[str, str]]:
    return [] if question.kind in ("number", "free_text") else buttons_for(question, content)


def none_option(question: Question) -> str | None:
    """The title of a multi-choice question's option that excludes the others ("None of
    these"): the page releases the other choices when it is pressed, and it when another is."""
    if question.kind != "multi_choice":
        return None
    return next((option.label for option in question.options if option.id == "none"), None)


def card_payload(card: Card, content: Content) -> dict[str, Any]:
    """The `card` of a question's payload (docs/messages.md, "Cards")."""
    return {
        "id": card.definition.id,
        "kind": card.definition.kind,
        "title": card.definition.title,
        "rows": [
            {
                "question_id": row.id,
                "label": card_label(row),
                "text": row.text if row.card_text is None else row.card_text,
                "kind": row.kind,
                "buttons": _buttons(row, content),
                "none": none_option(row),
            }
            for row in card.rows
        ],
        "none": NONE_OF_THESE if card.is_checklist else None,
    }


def _quote(words: str, limit: int = 160) -> str:
    """The visitor's words for a quote: one line, their double quotes made single, a full stop
    or comma at the end left out (the sentence around the quote ends it: 'You mentioned "...
    fine now". ', not 'fine now.".'), cut to `limit` characters."""
    words = " ".join(words.split()).replace('"', "'").rstrip(" .,;:")
    return words if len(words) <= limit else words[: limit - 1] + "…"


def why(question: Question | None) -> Message:
    """The answer to "why do you ask?": the current question's "why we ask"."""
    if question is None:
        return say("why_nothing_asked")
    return Message(
        text=render("why", why=question.why),
        custom={"type": "why", "question_id": question.id},
    )


def education(topic: Topic | None) -> Message:
    """An answer to a visitor's question about NMT or the service (content/education.yml)."""
    if topic is None:
        return say("not_understood")
    return Message(text=topic.answer, custom={"type": "education", "topic": topic.id})


def service_paused() -> Message:
    """The red-flag check could not read the visitor's message (a server or the database is
    down): the assessment is paused, with the emergency advice (bot/conversation/checks.py)."""
    return Message(text=render("service_paused"), custom={"type": "service_paused"})


def red_flag_reminder(disposition: str | None) -> Message | None:
    """After a red flag, the advice again (a visitor may play it down); None without one."""
    if disposition in (None, BOOK_NMT):
        return None
    return say("red_flag_reminder", emergency=disposition == EMERGENCY)


# --- what the bot noted ----------------------------------------------------------------------


def describe(question_id: str, value: Any, content: Content) -> str:
    """An answer the bot noted, in words ("Lower back", "about 3 weeks", "7 out of 10")."""
    question = content.question(question_id)
    if value is None:
        return "not known"
    if question.options_from == "regions":
        return ", ".join(content.regions.regions[r].label for r in value)
    if question.options_from == "sides":
        return content.regions.sides[value].label
    if question.parse == "duration":
        return _days(value)
    if question.kind == "scale":
        return f"{value:g} out of {question.max:g}"
    if question.kind in ("choice", "multi_choice"):
        labels = {o.id: o.label for o in question.options}
        chosen = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(v, str(v)) for v in chosen)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _days(days: float) -> str:
    if days < 1:
        return "less than a day"
    if days == 7:
        return "about 1 week"  # "about a week" was read as 7 days
    if days < 14:
        return f"about {days:g} day{'s' if days != 1 else ''}"
    if days < 60:
        return f"about {round(days / 7)} weeks"
    if days < 730:
        return f"about {round(days / 30.4)} months"
    return f"about {round(days / 365.25)} years"


def _items(readings: Mapping[str, Mapping[str, Any]], content: Content) -> list[str]:
    """The answers named in the questionnaire's order: where, side, how long, ..."""
    order = {question_id: i for i, question_id in enumerate(content.questions)}
    ids = sorted(readings, key=lambda question_id: order.get(question_id, len(order)))
    return [_item(qid, readings[qid]["value"], content) for qid in ids]


def _item(question_id: str, value: Any, content: Content) -> str:
    """One noted answer: "worse with sitting" (the question's `noted`), else "Age: 54"."""
    question = content.question(question_id)
    words = describe(question_id, value, content)
    if question.noted and value is not None:
        lowered = ", ".join(part[:1].lower() + part[1:] for part in words.split(", "))
        return question.noted.replace("{}", lowered)
    return f"{question.label or question_id.replace('_', ' ')}: {words}"


def noted(readings: Mapping[str, Mapping[str, Any]], content: Content) -> Message:
    """ "I've noted: ..." for answers the visitor gave without being asked."""
    return say("noted", items=_items(readings, content))


def corrected(changes: Mapping[str, Mapping[str, Any]], content: Content) -> Message:
    """ "I've changed that: ..." after a correction."""
    return say("corrected", items=_items(changes, content))


# --- the outcome and the handoff -------------------------------------------------------------


def booking_link(template: str | None, assessment_id: str | None) -> str | None:
    """The clinic's external booking link with the reference for "{ref}", when one is set."""
    if not template or not assessment_id:
        return None
    return template.replace("{ref}", quote(assessment_id))


def outcome_payload(
    outcome: Outcome,
    assessment_id: str | None,
    questions_asked: int,
    content: Content,
    booking_url: str | None = None,
) -> dict[str, Any]:
    """The `assessment_outcome` custom payload (documented in docs/messages.md)."""
    groups = content.factors.groups
    return {
        "type": "assessment_outcome",
        "assessment_id": assessment_id,
        "disposition": outcome.disposition,
        "disposition_label": result(outcome, content).label,
        "next_step": next_step(outcome.disposition),
        "body": render("outcome.txt.j2", card=True, **_context(outcome, content)),
        "booking_url": booking_url,
        "red_flags": list(outcome.red_flags),
        "red_flag_details": [
            {
                "group": hit.group,
                "label": hit.label,
                "disposition": hit.disposition,
                "evidence": quotes(hit.evidence, content=content),
                "someone_else": hit.someone_else,
                "visitors_own": hit.visitors_own,
            }
            for hit in outcome.hits
        ],
        "factor_groups": [
            {"id": group, "label": groups[group].visitor_label, "hint": groups[group].visitor_hint}
            for group in FACTOR_GROUPS
        ],
        "factors": {
            group: [
                {
                    "id": factor.id,
                    "label": factor.label,
                    "visitor_label": content.factors.factors[factor.id].visitor_label
                    or factor.label,
                    "reasons": list(factor.reasons),
                    "evidence": quotes(factor.evidence, content=content),
                }
                for factor in outcome.factors[group]
            ]
            for group in FACTOR_GROUPS
        },
        "strong_groups": list(outcome.strong_groups),
        "regions": list(outcome.regions),
        "sides": list(outcome.sides),
        "cautions": [
            {"id": hit.id, "label": hit.label, "evidence": quotes(hit.evidence, content=content)}
            for hit in outcome.caution_hits
        ],
        "scores": {
            name: {"total": score.total, "band": score.band}
            for name, score in outcome.scores.items()
        },
        "questions_asked": questions_asked,
    }


def outcome_message(
    outcome: Outcome,
    assessment_id: str | None,
    questions_asked: int,
    content: Content,
    booking_url: str | None = None,
) -> Message:
    """The outcome: the whole text for any client, and the payload the chat page shows."""
    return Message(
        text=outcome_text(outcome, content),
        custom=outcome_payload(outcome, assessment_id, questions_asked, content, booking_url),
    )


def disposition(outcome: Outcome, content: Content) -> Message:
    """The result as soon as the safety questions are settled, before the questions that
    prepare the visit; after a red flag short of an emergency, the advice in a line (the outcome
    explains it, with the summary, after those questions)."""
    if outcome.red_flags:
        text = render(
            "disposition_doctor",
            disposition=outcome.disposition,
            for_another=outcome.advice_for_another,
        )
    else:
        text = render("disposition_ready")
    return Message(
        text=text,
        custom={
            "type": "disposition",
            "disposition": outcome.disposition,
            "disposition_label": result(outcome, content).label,
            "next_step": PREPARE_VISIT,
        },
    )


def offer(disposition: str) -> Message | None:
    """What the outcome offers next (booking, or a summary for a doctor); None in an emergency."""
    step = next_step(disposition)
    if step not in OFFERS:
        return None
    return Message(
        text=render(OFFERS[step]),
        buttons=[{"title": title, "payload": payload} for title, payload in OFFER_BUTTONS],
        custom={"type": "handoff_offer", "next_step": step},
    )


def booking_handoff(
    assessment_id: str | None, booking_url: str | None, therapist_summary: str
) -> Message:
    """The booking step: the link or the page's request form, and the therapist's summary."""
    return Message(
        text=render("booking", booking_url=booking_url, assessment_id=assessment_id),
        custom={
            "type": "handoff",
            "next_step": "booking",
            "assessment_id": assessment_id,
            "booking_url": booking_url,
            "therapist_summary": therapist_summary,
        },
    )


def referral_handoff(assessment_id: str | None, summary: str) -> Message:
    """The summary to take to a doctor; `summary_pdf` says whether the page can offer a PDF
    (only a stored assessment, one with a reference, has one)."""
    return Message(
        text=render("summary_intro") + "\n\n" + summary,
        custom={
            "type": "handoff",
            "next_step": "referral_summary",
            "assessment_id": assessment_id,
            "summary": summary,
            "summary_pdf": assessment_id is not None,
        },
    )


def clearance_handoff(assessment_id: str | None, statement: str, noted: bool) -> Message:
    """After a referral the visitor says a doctor has cleared them: when the statement was
    noted, a booking request may be sent, marked for the clinic to check before treatment
    (a `handoff` with `next_step: booking` and `clearance`); else why it cannot be."""
    if not noted or not assessment_id:
        return say("clearance_not_noted", assessment_id=assessment_id)
    flag = render("clearance_flag")
    return Message(
        text=render(
            "clearance_noted", quote=_quote(statement), flag=flag, assessment_id=assessment_id
        ),
        custom={
            "type": "handoff",
            "next_step": "booking",
            "assessment_id": assessment_id,
            # the request goes through the page's form, which the clinic sees marked
            "booking_url": None,
            "clearance": {"statement": _quote(statement), "flag": flag},
        },
    )


def emergency_handoff(assessment_id: str | None) -> Message:
    """No booking in an emergency: call now."""
    return Message(
        text=render("booking_not_now", emergency=True),
        custom={
            "type": "handoff",
            "next_step": next_step(EMERGENCY),
            "assessment_id": assessment_id,
        },
    )


# The word the result's last message tells the visitor to say for the doctor's summary
# (messages.yml `anything_else`: say "summary"), as they may type it; not when refused.
_SUMMARY = re.compile(r"\b(?:summary|summery|sumary|summry)\b", re.I)
_REFUSED = re.compile(r"^\W*(?:no|nah|nope|don't|dont|do not)\b", re.I)


def asks_for_summary(text: str) -> bool:
    """Whether the visitor asks for the summary the result offers ("summary", "can I have the
    summary please"), not "no summary thanks"."""
    return bool(_SUMMARY.search(text or "")) and not _REFUSED.match(text or "")


def status(disposition: str | None, outcome_shown: bool, consented: bool) -> Message:
    """Anything else outside the questions: where things stand and what can be done."""
    if not outcome_shown:
        return say("not_understood" if consented else "assessment_not_started")
    disposition = disposition or BOOK_NMT
    return say("anything_else", book=disposition == BOOK_NMT, emergency=disposition == EMERGENCY)


# --- the texts people read -------------------------------------------------------------------


def follow_ups(outcome: Outcome) -> list[str]:
    """The notes of content/education.yml the outcome adds for its factor groups, matched to the
    strength of the evidence.

    A strong group of habits (two or more factors: "I skip lunch", "mostly coffee") gets a note
    that the therapist will talk them through. A GP or counsellor is suggested only for a
    positive screen: the PHQ-2 or GAD-2 of the PHQ-4 at its cut-off (content/instruments.yml),
    whatever else the group holds.
    """
    phq4 = outcome.scores.get("phq4")
    screened = phq4 is not None and any(positive for _, positive in phq4.subscales.values())
    notes = []
    if "biochemical" in outcome.strong_groups:
        notes.append("habits_biochemical")
    if screened:
        notes.append("second_provider_psychosocial")
    elif "psychosocial" in outcome.strong_groups:
        notes.append("habits_psychosocial")
    return notes


# Answers the summaries show above the list of answers, not in it: where (with the side) and,
# for the therapist, the pain score beside the PHQ-4's.
SHOWN_AS_WHERE = ("region", "side")
YES_NO_WORDS = {"yes": "Yes", "no": "No", "unsure": "Not sure"}
# An answer's own words are quoted beside its value when they say more than the value: at least
# this many words ("yes, fevers at night", not "nope").
QUOTED_ANSWER_WORDS = 3


def _words(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


class _Quoted:
    """The visitor's words a summary has quoted so far, so that each is quoted once: words
    already quoted, or part of words already quoted, are left out (the template asks in the
    order it writes)."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def fresh(self, texts: Iterable[str | None]) -> list[str]:
        out = []
        for text in texts:
            text = " ".join(str(text or "").split())
            words = _words(text)
            if words and not any(words in seen for seen in self.seen):
                self.seen.append(words)
                out.append(text)
        return out

    def said(self, evidence: Iterable[Evidence]) -> list[str]:
        """Evidence found in what the visitor wrote in passing, not yet quoted (words given as
        an answer are quoted with that answer)."""
        return self.fresh(item.text for item in evidence if item.question_id is None)


@dataclass(frozen=True)
class AnswerRow:
    """One answer as a summary shows it: "Pain: 7/10", or a red-flag question in full."""

    question: str  # the question's label; a red-flag question's whole text
    value: str
    words: str | None  # the visitor's own words when they say more than the value


def summary_value(question: Question, value: Any, content: Content) -> str:
    """An answer's value with its unit: "7/10", "Not sure", "about 3 weeks", "Lower back"."""
    if question.kind == "scale" and question.max is not None:
        return f"{value:g}/{question.max:g}"
    if question.kind == "yes_no":
        return YES_NO_WORDS.get(value, str(value))
    return describe(question.id, value, content)


def answer_rows(
    answers: Mapping[str, Mapping[str, Any]], content: Content, skip: Iterable[str] = ()
) -> list[AnswerRow]:
    """The answers a summary lists, each once, in the order they were given.

    Volunteered answers show only their value: their words (often the whole opening message)
    are quoted once, under "In their own words" (`own_words`). Answers the visitor could not
    give are left out.
    """
    rows = []
    for qid, answer in answers.items():
        if qid not in content.questions or qid in skip or answer.get("how") == UNKNOWN:
            continue
        question = content.question(qid)
        value = summary_value(question, answer.get("value"), content)
        raw = str(answer.get("raw") or "")
        says_more = (
            answer.get("how") != VOLUNTEERED
            and (len(_words(raw).split()) >= QUOTED_ANSWER_WORDS or _in_words(question, raw))
            and _words(raw) != _words(value)
        )
        # a red-flag question in full: its short label is for the page's checklist only
        name = question.text if question.section == "red_flags" else question.label
        rows.append(AnswerRow(name or question.text, value, raw if says_more else None))
    return rows


def _in_words(question: Question, raw: str) -> bool:
    """A number read from words ("not much" as 1 glass of water): the words are quoted."""
    return bool(question.in_words) and not any(c.isdigit() for c in raw)


def own_words(answers: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The messages that answered questions in passing (the opening message, mostly), once."""
    return list(
        dict.fromkeys(
            str(answer.get("raw") or "")
            for answer in answers.values()
            if answer.get("how") == VOLUNTEERED and answer.get("raw")
        )
    )


def _context(
    outcome: Outcome,
    content: Content,
    answers: Mapping[str, Mapping[str, Any]] | None = None,
    assessment_id: str | None = None,
    skip: Iterable[str] = SHOWN_AS_WHERE,
    clinic_name: str | None = None,
) -> dict[str, Any]:
    answers = answers or {}
    quoted = _Quoted()
    explained = reasons(outcome, content)
    return {
        "outcome": outcome,
        "disposition": content.red_flags.dispositions[outcome.disposition],
        "emergency": outcome.disposition == EMERGENCY,
        "book": outcome.disposition == BOOK_NMT,
        "groups": content.factors.groups,
        "factors": content.factors.factors,
        "topics": content.topics,
        "follow_ups": follow_ups(outcome),
        "result": result(outcome, content),
        "reasons": explained,
        "told": told(explained),
        "regions": [content.regions.regions[r].label for r in outcome.regions],
        "sides": [content.regions.sides[s].label for s in outcome.sides],
        "answers": answer_rows(answers, content, skip),
        "own_words": own_words(answers),
        "fresh": quoted.fresh,
        "said": quoted.said,
        "assessment_id": assessment_id,
        # whom it was written for: {{ whom() }}, {{ whom("the writer's") }}
        "whom": lambda owner="the visitor's": whom(outcome.clients, content, owner),
        "clinic": " ".join((clinic_name or settings.CLINIC_NAME.read()).split()),
    }


# The visitor's sentences quoted as the reason for a warning sign, at most.
TOLD_SENTENCES = 2


def result(outcome: Outcome, content: Content) -> DispositionDef | OwnResult:
    """The result's heading and opening: its disposition's, or the `own_result` of the one
    red-flag group at that disposition when it has one ("Please talk to someone now", not
    "call emergency services ... do not drive yourself", for thoughts of suicide alone)."""
    leading = {hit.group for hit in outcome.hits if hit.disposition == outcome.disposition}
    if len(leading) == 1:
        own = content.red_flags.groups[leading.pop()].own_result
        if own is not None:
            return own
    return content.red_flags.dispositions[outcome.disposition]


def reasons(outcome: Outcome, content: Content) -> list[RedFlagHit]:
    """The warning signs the result explains under "Why I say this": all of them, but for a
    group whose own result opens it (its words are said already), and a broader group raised
    on no words but those of a finer kind of it (screening.py `with_broader`: the fracture
    beside an osteoporotic fracture; the finer text says it)."""
    opening = result(outcome, content)
    return [
        hit
        for hit in outcome.hits
        if content.red_flags.groups[hit.group].own_result is not opening
        and not _said_by_finer(hit, outcome.hits, content)
    ]


def _said_by_finer(hit: RedFlagHit, hits: Iterable[RedFlagHit], content: Content) -> bool:
    return any(
        content.red_flags.groups[finer.group].kind_of == hit.group
        and set(hit.evidence) <= set(finer.evidence)
        for finer in hits
    )


def told(hits: Iterable[RedFlagHit]) -> list[str]:
    """The sentences of the visitor's messages behind these warning signs (answers to the
    safety questions are not quoted: "yes" says nothing on its own)."""
    sentences = (e.text for hit in hits for e in hit.evidence if not e.question_id)
    return list(dict.fromkeys(sentences))[:TOLD_SENTENCES]


def outcome_text(outcome: Outcome, content: Content) -> str:
    """The outcome as the visitor reads it in a plain chat: headline, text and factors."""
    return render("outcome.txt.j2", card=False, **_context(outcome, content))


def referral_summary(
    outcome: Outcome,
    answers: Mapping[str, Mapping[str, Any]],
    content: Content,
    assessment_id: str | None,
    date: str,
    clinic_name: str | None = None,
) -> str:
    """A plain summary the visitor can show their doctor; `clinic_name` defaults to the
    `NMT_CLINIC_NAME` setting."""
    context = _context(outcome, content, answers, assessment_id, clinic_name=clinic_name)
    return render("referral_summary.txt.j2", date=date, **context)


def therapist_summary(
    outcome: Outcome,
    answers: Mapping[str, Mapping[str, Any]],
    content: Content,
    assessment_id: str | None,
    date: str,
    clinic_name: str | None = None,
) -> str:
    """The pre-visit summary the therapist reads before the first session (the pain score is
    shown beside the PHQ-4's, so not again among the answers)."""
    notes = region_notes(outcome.regions, content)
    skip = (*SHOWN_AS_WHERE, *content.instruments["nprs"].items)
    return render(
        "therapist_summary.txt.j2",
        date=date,
        protocols=[protocol.label for protocol in notes.protocols],
        also_examine=notes.also_examine,
        muscles=notes.muscles,
        **_context(outcome, content, answers, assessment_id, skip, clinic_name),
    )
