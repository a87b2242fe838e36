"""What to ask next: the plan of relevant questions within the budget, and the form that asks them.

`plan` gives the questions whose `ask_when` rule holds (or, for a red-flag question, whose sign
the semantic layer may have heard; an `only_when_heard` question only then) and that have no
answer, in questionnaire order, within the `max_questions` budget (optional questions are
dropped first, then other wellness questions, the last first; localization and red-flag
questions are never dropped, so a conversation with many relevant red flags may ask a few
more). The three forms ask the planned
questions of their own section and of the sections before it, so a question cleared by "go
back" is asked again by whichever form is running. After a red flag the escalation questions
come first, then (short of an emergency) the questions for the visit, whose answers are screened
like any other (`remaining`).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.conversation import cards
from bot.conversation.cards import Card, screened
from bot.engine.assessment import Outcome, assess, plain
from bot.engine.content import EMERGENCY, SCREENING_PREFIX, Content, screening_question
from bot.engine.rules import Answer, Facts

SECTIONS = ("localization", "red_flags", "wellness")
FORMS = {
    "localization_form": "localization",
    "screening_form": "red_flags",
    "wellness_form": "wellness",
}
OUTCOME = "outcome"


def form_section(form: str) -> str:
    return FORMS[form]


def evaluate(
    answers: Mapping[str, Mapping[str, Any]],
    messages: Iterable[str],
    content: Content,
    today: datetime.date | None = None,
    raised: Iterable[str] = (),
) -> Outcome:
    """The outcome so far: red flags, cautions, factors and scores; red-flag groups `raised`
    earlier in the conversation stay raised. A card answer is screened without its labels, as a
    whole and answer by answer."""
    known = {
        qid: Answer(qid, str(answer.get("raw", "")), answer.get("value"))
        for qid, answer in answers.items()
        if qid in content.questions
    }
    messages = [m for m in messages if m]
    texts = [text for text in (screened(m, content) for m in messages) if text]
    # a card's answers are read one by one too: each is a whole answer to its own question,
    # which the card's other answers would dilute ("it builds and builds when I walk uphill")
    texts += [
        answer.raw
        for answer in known.values()
        if answer.raw and answer.raw not in messages and answer.raw not in texts
    ]
    return assess(
        messages=texts,
        known=known,
        today=today,
        content=content,
        raised=raised,
    )


def is_relevant(question_id: str, outcome: Outcome, content: Content) -> bool:
    """Whether a question applies: its `ask_when` rule holds, or it is the screening question of
    a red-flag group the semantic layer may have heard in the visitor's words. A question marked
    `only_when_heard` applies only in the second case: it never lengthens an assessment in
    which nothing of its group was heard."""
    if heard_words(question_id, outcome) is not None:
        return True
    if content.question(question_id).only_when_heard:
        return False
    rule = content.ask_rules.get(question_id)
    return rule is None or rule.evaluate(with_raised(outcome)) is not None


def with_raised(outcome: Outcome) -> Facts:
    """The facts with each raised group's screening question as answered yes, however it was
    raised (a rule, or the semantic layer hearing it): a question asked when "red_flag.infection
    is yes" is asked too when an infection was heard in the visitor's own words."""
    answers = dict(outcome.facts.answers)
    for hit in outcome.hits:
        question_id = screening_question(hit.group)
        if question_id not in answers:
            words = "; ".join(evidence.text for evidence in hit.evidence)
            answers[question_id] = Answer(question_id, words, "yes")
    return dataclasses.replace(outcome.facts, answers=answers)


def heard_words(question_id: str, outcome: Outcome) -> str | None:
    """The visitor's words in which this red-flag question's sign may have been heard."""
    if not question_id.startswith(SCREENING_PREFIX):
        return None
    return outcome.possible.get(question_id.removeprefix(SCREENING_PREFIX))


# In a red-flag answer: the words the semantic layer may have heard the group's sign in when the
# question was answered (absent when it had heard nothing), so a sign told later is asked about.
HEARD = "heard"


def reopened(answers: Mapping[str, Mapping[str, Any]], outcome: Outcome) -> list[str]:
    """Red-flag questions answered "no" to ask again, quoting the visitor: the semantic layer
    may now have heard their sign in words it had not heard when they were answered (a sign
    told after the "no", in an answer to another question) and not in the answer itself.
    Asked again at most once for the same words: the new answer keeps them."""
    found = []
    for question_id, answer in answers.items():
        if not question_id.startswith(SCREENING_PREFIX) or answer.get("value") != "no":
            continue
        words = heard_words(question_id, outcome)
        if words is None or words == answer.get(HEARD):
            continue
        if plain(words) in plain(str(answer.get("raw") or "")):
            continue
        found.append(question_id)
    return found


@dataclass(frozen=True)
class Plan:
    """The questions still to ask, in order, and those dropped to keep the conversation short."""

    questions: list[str]
    dropped: list[str]


def plan(answers: Mapping[str, Any], outcome: Outcome, asked: int, content: Content) -> Plan:
    """What is left to ask, given the answers so far and how many questions were asked."""
    relevant = [
        qid
        for qid in content.questions
        if qid not in answers and is_relevant(qid, outcome, content)
    ]
    return _within_budget(relevant, max(content.max_questions - asked, 0), content)


def _within_budget(relevant: list[str], room: int, content: Content) -> Plan:
    """The questions kept when only `room` more may be asked, and those dropped."""
    relevant = list(relevant)
    dropped: list[str] = []
    for droppable in (
        lambda q: q.optional,  # first the optional questions, the last first
        lambda q: q.section == "wellness",  # then other wellness questions, the last first
    ):
        while len(relevant) > room:
            candidates = [qid for qid in relevant if droppable(content.question(qid))]
            if not candidates:
                break
            relevant.remove(candidates[-1])
            dropped.insert(0, candidates[-1])
    # localization and red-flag questions are never dropped
    return Plan(relevant, dropped)


def form_questions(form: str, planned: Plan, content: Content) -> list[str]:
    """The planned questions a form asks: its own section's and any left from earlier ones."""
    rank = SECTIONS.index(form_section(form))
    return [
        qid for qid in planned.questions if SECTIONS.index(content.question(qid).section) <= rank
    ]


def escalation_questions(
    answers: Mapping[str, Any], outcome: Outcome, content: Content
) -> list[str]:
    """Screening questions still to ask once a red flag has ended the assessment.

    A red flag stops the questionnaire, but not the safety questions that could make the advice
    more urgent: a visitor sent to their doctor for a possible cancer sign is still asked about
    chest pain if their answers make it relevant. None remain once the advice is "emergency".
    """
    ranks = {d: definition.rank for d, definition in content.red_flags.dispositions.items()}
    current = ranks[outcome.disposition]
    return [
        qid
        for qid in content.questions
        if content.question(qid).section == "red_flags"
        and qid not in answers
        and ranks[content.red_flags.groups[qid.split(".", 1)[1]].disposition] > current
        and is_relevant(qid, outcome, content)
    ]


def card_for(question_id: str, planned: Plan, outcome: Outcome, content: Content) -> Card | None:
    """The card a planned question is asked in, with its card's other planned questions; a
    red-flag question the visitor's words may have raised is asked alone, quoting them."""
    heard = {q for q in planned.questions if heard_words(q, outcome) is not None}
    return cards.card_for(question_id, planned.questions, content, alone=heard)


def next_step(planned: Plan, content: Content) -> str:
    """The form to run next, or OUTCOME when the assessment is over.

    Once a red flag is raised, `planned` should hold only the escalation questions.
    """
    for form, section in FORMS.items():
        if any(content.question(qid).section == section for qid in planned.questions):
            return form
    return OUTCOME


def remaining(
    answers: Mapping[str, Any],
    outcome: Outcome,
    asked: int,
    content: Content,
    advised: str | None = None,
) -> Plan:
    """What is left to ask.

    Without a red flag, the plan. After one, first the safety questions that could make the
    advice more urgent (`escalation_questions`). Then, short of an emergency, the questions for
    the visit, as long as the result given before them (`advised`) is still the result: their
    answers are screened like any other, and a visitor sent to their doctor for back pain may
    tell only there that they wake up drenched and shivering (a doctor today, then), or that they
    take blood thinners after a knock to the head (an emergency). A red flag raised after the
    result was given (a benign result, then a sign in the sleep answer) ends them, so the new
    advice comes at once.
    """
    if not outcome.red_flags:
        return plan(answers, outcome, asked, content)
    escalation = escalation_questions(answers, outcome, content)
    if outcome.disposition == EMERGENCY or advised not in (None, outcome.disposition):
        return Plan(escalation, [])
    visit = [
        qid
        for qid, question in content.questions.items()
        if question.section == "wellness"
        and qid not in answers
        and is_relevant(qid, outcome, content)
    ]
    later = _within_budget(visit, max(content.max_questions - asked - len(escalation), 0), content)
    return Plan(escalation + later.questions, later.dropped)
