"""Cards: the questions that belong together, asked in one turn (docs/messages.md, "Cards").

A card is defined in content/questionnaire.yml (`cards`). When the form asks a question that
has a card, the card holds that question and the card's other questions still planned, so a
page that can show a form asks them all at once; the message's text still asks the one
question, for clients that show only text and buttons. A checklist (the red-flag questions)
shows emergencies first.

The page answers a card with one line per row, `<label>: <answer>` (a checklist with `Yes` or
`No` on every row, or its "None of these" text). `read_answer` reads such a message row by row,
each line exactly as an answer to that question alone; `screened` gives the red-flag screen
the answers without the labels, which name the very signs a "No" denies.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Container, Sequence
from dataclasses import dataclass
from typing import Any

from bot.conversation.reading import ASKED, filled, read_requested
from bot.engine.content import CardDef, Content, Question, card_label
from bot.engine.parsing import YES_WORDS

NONE_OF_THESE = "None of these"
CHECKLIST = "checklist"

_LINE = re.compile(r"^\s*([^:\n]{1,120}?)\s*:\s*(.*?)\s*$")

# A yes typed at an open checklist, and the words after it up to the first stop: "yes, the
# calf one, it's swollen" -> "the calf one" (`yes_to_named_row`).
_YES_THEN = re.compile(
    rf"^\s*(?:{'|'.join(YES_WORDS)}|y)\b[\s,.:;!-]*(?P<words>[^,.;:!?()\n]*)", re.IGNORECASE
)
_NAMING_WORDS = 6
# Words of a row's label that name no row: "the fever one" names a row, "the pain one" does not.
_NOT_NAMES = frozenset(
    {"a", "an", "and", "after", "or", "on", "of", "in", "into", "to", "with", "the", "your"}
    | {"yourself", "every", "something", "small", "just", "getting", "worse", "pain", "maybe"}
)


@dataclass(frozen=True)
class Card:
    """A card as asked: its definition and the questions it shows, in order."""

    definition: CardDef
    rows: list[Question]

    @property
    def is_checklist(self) -> bool:
        return self.definition.kind == CHECKLIST


def card_for(
    question_id: str,
    pending: Sequence[str],
    content: Content,
    alone: Container[str] = (),
) -> Card | None:
    """The card to ask `question_id` in, with the card's `pending` questions; None when the
    question has no card, is to be asked `alone` (a red-flag question quoting the visitor's
    words), or would be the card's only row."""
    definition = content.cards.get(question_id)
    if definition is None or question_id in alone:
        return None
    ids = [q for q in pending if content.cards.get(q) is definition and q not in alone]
    if question_id not in ids:
        ids.insert(0, question_id)
    if len(ids) < 2:
        return None
    if definition.kind == CHECKLIST:
        ids.sort(key=lambda q: -_urgency(q, content))  # stable: emergencies first
    return Card(definition, [content.question(q) for q in ids])


def as_shown(
    question_id: str, asked: Sequence[str], answered: Container[str], content: Content
) -> Card | None:
    """The card of `question_id` as the page last showed it: its rows asked and not yet
    answered. The plan may have changed since (a red flag raised by the very message that
    answers the card asks only the more urgent rows); the visitor answers what they saw."""
    definition = content.cards.get(question_id)
    if definition is None:
        return None
    ids = [q for q in dict.fromkeys(asked) if content.cards.get(q) is definition]
    ids = [q for q in ids if q not in answered]
    if question_id not in ids or len(ids) < 2:
        return None
    return Card(definition, [content.question(q) for q in ids])


def _urgency(question_id: str, content: Content) -> int:
    """The rank of a red-flag question's disposition: the higher, the more urgent."""
    group = content.red_flags.groups[question_id.split(".", 1)[1]]
    return content.red_flags.dispositions[group.disposition].rank


def yes_to_named_row(
    text: str, question: Question, card: Card | None, readings: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]] | None:
    """The readings of a yes typed at an open checklist that names another row in its first
    words ("yes the calf one, my left calf is swollen"): the yes is that row's, not the asked
    row's (the text asks the first row, an emergency's, but the visitor sees them all). The
    asked row is left unanswered, to come again; a yes naming rows without telling which one
    ("yes, the sudden one") answers none of them. None when the message is not such a yes:
    it names the asked row, names none, or the checklist is not open."""
    if card is None or not card.is_checklist or question.id not in readings:
        return None
    if readings[question.id]["value"] != "yes":
        return None
    match = _YES_THEN.match(text)
    if match is None:
        return None
    words = _label_words(match.group("words"))[:_NAMING_WORDS]
    named = [row for row in card.rows if set(_label_words(card_label(row))) & set(words)]
    if not named or question in named:
        return None
    found = {qid: reading for qid, reading in readings.items() if qid != question.id}
    if len(named) == 1:
        found[named[0].id] = filled("yes", text, ASKED)
    return found


def _label_words(text: str) -> list[str]:
    """The words of a row's label, or of what a visitor typed, that may name a row, a plural
    read as its singular ("calves" names "Swollen, red or warm calf")."""
    words = [w for w in re.findall(r"[a-z]+", text.lower()) if w not in _NOT_NAMES]
    return [_singular(w) for w in words]


def _singular(word: str) -> str:
    if word.endswith("ves"):
        return word[:-3] + "f"  # calves
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _lines(text: str) -> list[tuple[str, str]] | None:
    """A message in the card form, as (label, answer) pairs; None when it is not one."""
    lines = [line for line in text.splitlines() if line.strip()]
    pairs = [_LINE.match(line) for line in lines]
    if not pairs or not all(pairs):
        return None
    return [(match.group(1).lower(), match.group(2)) for match in pairs if match]


def _is_none(text: str) -> bool:
    return text.strip().strip(".!").lower() == NONE_OF_THESE.lower()


def in_card_form(text: str) -> bool:
    """Whether a message has the form of a card answer (cheap: no card is worked out)."""
    return isinstance(text, str) and (_is_none(text) or _lines(text) is not None)


def read_answer(
    text: str,
    question: Question,
    card: Card | None,
    content: Content,
    today: datetime.date | None = None,
) -> dict[str, dict[str, Any]] | None:
    """What a card answer gives, row by row; None when `text` is not an answer to the card of
    the asked `question` (then it is read as any message is). `card` is the card as asked (None
    when the question was asked alone: a page may still answer it in the card form). A row whose
    answer cannot be read is left out: it is asked again."""
    definition = content.cards.get(question.id)
    if definition is None or not isinstance(text, str):
        return None
    if definition.kind == CHECKLIST and _is_none(text):
        rows = card.rows if card is not None else [question]
        return {q.id: filled("no", text.strip(), ASKED) for q in rows}
    pairs = _lines(text)
    # any question of the card's definition: a row the plan has dropped since is still read
    by_label = {
        card_label(content.question(q)).lower(): content.question(q)
        for q, its in content.cards.items()
        if its is definition
    }
    if pairs is None or any(label not in by_label for label, _ in pairs):
        return None
    readings: dict[str, dict[str, Any]] = {}
    for label, answer in pairs:
        reading = read_requested(by_label[label], answer, content, today)
        if reading is not None:
            readings[by_label[label].id] = reading
    return readings


def screened(text: str, content: Content) -> str:
    """What the red-flag screen reads of a message: a card answer's answers, one sentence each,
    without the labels ("Chest pressure...: No" must not be read as chest pressure); any other
    message as it is."""
    if _is_none(text):
        return ""
    pairs = _lines(text)
    if pairs is None:  # most messages: not a card answer, so no labels to look up
        return text
    labels = {card_label(content.question(q)).lower() for q in content.cards}
    if any(label not in labels for label, _ in pairs):
        return text
    return " ".join(f"{answer.rstrip('.')}." for _, answer in pairs if answer.strip())
