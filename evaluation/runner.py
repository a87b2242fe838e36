"""End-to-end evaluation: run every clinical vignette through the bot and report the results.

    .venv/bin/python -m evaluation                        # servers already running
    .venv/bin/python -m evaluation --start-servers models/nmt.tar.gz --report results/eval.md

A simulated visitor (`Visitor`) talks to the REST channel: it sends the vignette's opening,
says "yes" to the consent question, answers each question from the vignette (or the benign
default for that question), and stops when the assessment outcome arrives. The metrics are
computed by pure functions over the per-vignette results (`compute_metrics`, `render_report`),
so they can be tested without servers.

Exit status: 0, or 1 when red-flag recall is below 100% (every miss is printed), or 2 when the
vignette file is invalid.
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.engine.content import BOOK_NMT, DISPOSITIONS

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "http://127.0.0.1:5005/webhooks/nmt/webhook"
DEFAULT_VIGNETTES = REPO_ROOT / "evaluation" / "vignettes.yml"
MAX_TURNS = 60
REQUEST_TIMEOUT = 60.0
UNKNOWN_REPLY = "I don't know"
CONSENT_REPLY = "yes"
# What the visitor says when the bot's latest messages ask nothing (no consent, no question):
# the conversation is nudged on rather than abandoned; MAX_TURNS still bounds it.
NUDGE_REPLY = "ok"
# The same question re-asked (reask true) this many times in a row is a parse failure.
REASKS_BEFORE_GIVING_UP = 2
# The estimated time of a conversation: the visitor types 3 characters a second (a tap on a
# card's button counts as typing 3) and reads the bot at 200 words a minute.
TYPING_CHARS_PER_SECOND = 3.0
CHARS_PER_TAP = 3
READING_WORDS_PER_MINUTE = 200.0
# Answers a visitor would leave as "no": a checklist of these is answered "None of these".
PLAIN_NO = {"no", "nope", "nah", "no.", "none", "not at all"}

Message = dict[str, Any]
Send = Callable[[str, str], list[Message]]


# --- vignettes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vignette:
    id: str
    summary: str
    opening: str
    answers: dict[str, Any]
    disposition: str
    red_flags: list[str]

    @property
    def is_red_flag(self) -> bool:
        return self.disposition != BOOK_NMT


@dataclass(frozen=True)
class VignetteFile:
    defaults: dict[str, Any]
    vignettes: list[Vignette]
    problems: list[str] = field(default_factory=list)  # structural problems found on loading


def load_vignettes(path: Path | str = DEFAULT_VIGNETTES) -> VignetteFile:
    """Read a vignette file. Structural problems are collected, not raised: see `problems`."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    problems: list[str] = []
    if not isinstance(data, dict):
        return VignetteFile({}, [], [f"{path}: expected a mapping with defaults and vignettes"])
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        problems.append("defaults: expected a mapping of question id -> answer")
        defaults = {}
    vignettes = []
    entries = data.get("vignettes") or []
    if not isinstance(entries, list):
        problems.append("vignettes: expected a list")
        entries = []
    for index, entry in enumerate(entries):
        where = f"vignettes[{index}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a mapping")
            continue
        where = f"vignette {entry.get('id', index)!r}"
        expect = entry.get("expect")
        if not isinstance(expect, dict):
            problems.append(f"{where}: no expect mapping")
            expect = {}
        answers = entry.get("answers") or {}
        if not isinstance(answers, dict):
            problems.append(f"{where}: answers must be a mapping of question id -> answer")
            answers = {}
        red_flags = expect.get("red_flags") or []
        if not isinstance(red_flags, list):
            problems.append(f"{where}: expect.red_flags must be a list")
            red_flags = []
        vignettes.append(
            Vignette(
                id=str(entry.get("id") or ""),
                summary=str(entry.get("summary") or ""),
                opening=entry.get("opening") or "",
                answers=dict(answers),
                disposition=str(expect.get("disposition") or ""),
                red_flags=[str(flag) for flag in red_flags],
            )
        )
    return VignetteFile(dict(defaults), vignettes, problems)


def check_vignettes(
    vignette_file: VignetteFile,
    question_ids: Iterable[str],
    red_flag_groups: Mapping[str, str],
    min_vignettes: int = 40,
    every_group: bool = True,
) -> list[str]:
    """Problems with a vignette file, as readable lines (empty when it is sound).

    `question_ids` are the questionnaire's ids and `red_flag_groups` maps each red-flag group
    to its disposition (content/red_flags.yml). Checks: ids unique and present; an opening, a
    summary and a valid expected disposition; answer and default keys are real question ids and
    their values strings; `defaults` answers every question but `region`, so every vignette
    names its own region in `answers.region`; expected red flags are real groups, none for a
    book_nmt vignette and at least one otherwise, and the expected disposition is the most
    urgent of their dispositions; at least `min_vignettes` vignettes, and every group covered
    (unless not `every_group`: a development set that covers some of them).
    """
    question_ids = set(question_ids)
    problems = list(vignette_file.problems)
    order = {name: rank for rank, name in enumerate(reversed(DISPOSITIONS))}  # book_nmt = 0
    for key, value in vignette_file.defaults.items():
        if key not in question_ids:
            problems.append(f"defaults: {key!r} is not a question id in questionnaire.yml")
        if not isinstance(value, str):
            problems.append(f"defaults: {key}: {value!r} must be a quoted string")
    missing = sorted(question_ids - set(vignette_file.defaults) - {"region"})
    if missing:
        problems.append(f"defaults: no answer for {', '.join(missing)}")
    seen: set[str] = set()
    for vignette in vignette_file.vignettes:
        where = f"vignette {vignette.id!r}"
        if not vignette.id:
            problems.append(f"{where}: no id")
        elif vignette.id in seen:
            problems.append(f"{where}: id used twice")
        seen.add(vignette.id)
        if not isinstance(vignette.opening, str) or not vignette.opening.strip():
            problems.append(f"{where}: no opening message")
        if not vignette.summary:
            problems.append(f"{where}: no summary")
        for key, value in vignette.answers.items():
            if key not in question_ids:
                problems.append(f"{where}: answers: {key!r} is not a question id")
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{where}: answers: {key}: {value!r} must be a non-empty string")
        if "region" not in vignette.answers:
            problems.append(f"{where}: answers has no region (defaults has none)")
        if vignette.disposition not in DISPOSITIONS:
            problems.append(
                f"{where}: expected disposition {vignette.disposition!r} is not one of "
                f"{', '.join(DISPOSITIONS)}"
            )
            continue
        unknown = [flag for flag in vignette.red_flags if flag not in red_flag_groups]
        for flag in unknown:
            problems.append(f"{where}: {flag!r} is not a red-flag group in red_flags.yml")
        if len(set(vignette.red_flags)) != len(vignette.red_flags):
            problems.append(f"{where}: a red flag is listed twice")
        if not vignette.is_red_flag and vignette.red_flags:
            problems.append(f"{where}: a book_nmt vignette expects red flags")
        if vignette.is_red_flag and not vignette.red_flags:
            problems.append(f"{where}: expects {vignette.disposition} but names no red flag")
        known = [flag for flag in vignette.red_flags if flag in red_flag_groups]
        if vignette.is_red_flag and known:
            most_urgent = max((red_flag_groups[flag] for flag in known), key=order.__getitem__)
            if most_urgent != vignette.disposition:
                problems.append(
                    f"{where}: expects {vignette.disposition}, but its red flags lead to "
                    f"{most_urgent}"
                )
    if len(vignette_file.vignettes) < min_vignettes:
        problems.append(
            f"only {len(vignette_file.vignettes)} vignettes; at least {min_vignettes} needed"
        )
    covered = {flag for vignette in vignette_file.vignettes for flag in vignette.red_flags}
    for group in sorted(set(red_flag_groups) - covered if every_group else ()):
        problems.append(f"red-flag group {group!r} is not covered by any vignette")
    return problems


def content_expectations() -> tuple[set[str], dict[str, str]]:
    """Question ids and red-flag group dispositions from content/ (imports the engine)."""
    from bot.engine.content import default_content

    content = default_content()
    groups = {name: group.disposition for name, group in content.red_flags.groups.items()}
    return set(content.questions), groups


# --- the simulated visitor -------------------------------------------------------------------


def custom_of(message: Message) -> dict[str, Any]:
    custom = message.get("custom")
    return custom if isinstance(custom, dict) else {}


def find_outcome(messages: Iterable[Message]) -> dict[str, Any] | None:
    """The custom payload of the first assessment_outcome message, if any."""
    for message in messages:
        custom = custom_of(message)
        if custom.get("type") == "assessment_outcome":
            return custom
    return None


def count_questions(messages: Iterable[Message]) -> int:
    """Questions asked for the first time (custom.type question, reask false or absent)."""
    return sum(
        1
        for message in messages
        if custom_of(message).get("type") == "question" and not custom_of(message).get("reask")
    )


@dataclass
class Visitor:
    """Chooses what the simulated visitor types next, from the bot's latest messages.

    The reply is the vignette's answer to the question, else the default, else "I don't know".
    A question re-asked (reask true) gets the same answer again; when the same question is
    re-asked twice in a row, that is counted as a parse failure and the visitor says
    "I don't know" instead.

    A question with a card (docs/messages.md, "Cards") is answered as the chat page sends it:
    one line per row, the row's label and the vignette's answer to that row's question; a
    checklist whose answers are all a plain no is answered with its "None of these".
    """

    answers: Mapping[str, Any]
    defaults: Mapping[str, Any]
    cards: bool = True  # False: one question at a time, as a client that shows only text
    reasks_in_row: int = 0
    last_question: str | None = None
    parse_failures: list[str] = field(default_factory=list)
    unanswerable: list[str] = field(default_factory=list)  # question ids with no answer at all
    nudges: int = 0  # replies sent when the bot asked nothing
    effort: int = 0  # the last reply's characters typed (a tap counts CHARS_PER_TAP)

    def answer_for(self, question_id: str) -> str:
        for source in (self.answers, self.defaults):
            if question_id in source:
                return str(source[question_id])
        if question_id not in self.unanswerable:
            self.unanswerable.append(question_id)
        return UNKNOWN_REPLY

    def reply(self, messages: list[Message]) -> str:
        """What to send after `messages` (the bot's reply to the visitor's last message)."""
        text = self._reply(messages)
        if not self.effort:
            self.effort = len(text)
        return text

    def _reply(self, messages: list[Message]) -> str:
        self.effort = 0
        prompt = None
        for message in messages:  # the last consent or question is what the bot waits on
            if custom_of(message).get("type") in ("consent", "question"):
                prompt = custom_of(message)
        if prompt is None:
            self.last_question, self.reasks_in_row = None, 0
            self.nudges += 1
            return NUDGE_REPLY
        if prompt.get("type") == "consent":
            self.last_question, self.reasks_in_row = None, 0
            return CONSENT_REPLY
        question_id = str(prompt.get("question_id") or "")
        if prompt.get("reask") and question_id == self.last_question:
            self.reasks_in_row += 1
        else:
            self.reasks_in_row = 0
        self.last_question = question_id
        if self.reasks_in_row >= REASKS_BEFORE_GIVING_UP:
            if self.reasks_in_row == REASKS_BEFORE_GIVING_UP:
                self.parse_failures.append(question_id)
            return UNKNOWN_REPLY
        card = prompt.get("card")
        if self.cards and isinstance(card, dict) and card.get("rows"):
            return self.answer_card(card)
        return self.answer_for(question_id)

    def answer_card(self, card: Mapping[str, Any]) -> str:
        rows = [
            (str(r["label"]), " ".join(self.answer_for(str(r["question_id"])).split()))
            for r in card["rows"]
        ]
        # a row with buttons is a tap on the page; a row without (a number) is typed
        self.effort = sum(
            CHARS_PER_TAP if r.get("buttons") else len(answer)
            for r, (_, answer) in zip(card["rows"], rows, strict=True)
        )
        if card.get("none") and all(answer.lower() in PLAIN_NO for _, answer in rows):
            self.effort = CHARS_PER_TAP
            return str(card["none"])
        return "\n".join(f"{label}: {answer}" for label, answer in rows)


@dataclass
class VignetteResult:
    id: str
    expected: str
    expected_red_flags: list[str]
    got: str | None = None  # the outcome's disposition; None when no outcome arrived
    red_flags: list[str] = field(default_factory=list)
    questions: int = 0  # questions asked for the first time
    reasks: int = 0
    turns: int = 0  # messages the visitor sent
    turns_to_result: int | None = None  # until the disposition (or the outcome) arrived
    chars_typed: int = 0  # the visitor's characters typed (a tap on a card counts 3)
    words_read: int = 0  # the bot's words
    parse_failures: list[str] = field(default_factory=list)
    unanswerable: list[str] = field(default_factory=list)
    questions_asked_by_bot: int | None = None  # the outcome's own count
    regions: list[str] = field(default_factory=list)
    error: str | None = None  # why there is no outcome
    transcript: list[list[str]] = field(default_factory=list)

    @property
    def completed(self) -> bool:
        return self.got is not None

    @property
    def is_red_flag(self) -> bool:
        return self.expected != BOOK_NMT


def run_vignette(
    vignette: Vignette, defaults: Mapping[str, Any], send: Send, max_turns: int = MAX_TURNS
) -> VignetteResult:
    """One conversation: `send(sender, text)` posts a message and returns the bot's messages."""
    sender = uuid.uuid4().hex
    visitor = Visitor(vignette.answers, defaults)
    result = VignetteResult(vignette.id, vignette.disposition, list(vignette.red_flags))
    text = vignette.opening
    try:
        while True:
            if result.turns >= max_turns:
                result.error = f"no outcome after {max_turns} turns"
                break
            result.transcript.append(["visitor", text])
            result.turns += 1
            result.chars_typed += visitor.effort if result.turns > 1 else len(text)
            messages = send(sender, text)
            result.words_read += sum(words_shown(m) for m in messages)
            if result.turns_to_result is None and any(
                custom_of(m).get("type") in ("disposition", "assessment_outcome") for m in messages
            ):
                result.turns_to_result = result.turns
            for message in messages:
                custom = custom_of(message)
                label = custom.get("type") or "text"
                if custom.get("question_id"):
                    label += f":{custom['question_id']}" + (
                        " (reask)" if custom.get("reask") else ""
                    )
                result.transcript.append([f"bot {label}", str(message.get("text") or "")])
            result.questions += count_questions(messages)
            result.reasks += sum(
                1
                for message in messages
                if custom_of(message).get("type") == "question" and custom_of(message).get("reask")
            )
            outcome = find_outcome(messages)
            if outcome is not None:
                if not isinstance(outcome.get("disposition"), str):
                    result.error = "assessment_outcome without a disposition"
                    break
                result.got = outcome["disposition"]
                result.red_flags = [str(flag) for flag in outcome.get("red_flags") or []]
                result.regions = [str(region) for region in outcome.get("regions") or []]
                asked = outcome.get("questions_asked")
                result.questions_asked_by_bot = asked if isinstance(asked, int) else None
                break
            text = visitor.reply(messages)
    except Exception as error:  # a failed request ends this vignette, not the evaluation
        result.error = f"{type(error).__name__}: {error}"
    result.parse_failures = list(visitor.parse_failures)
    result.unanswerable = list(visitor.unanswerable)
    return result


def words_shown(message: Message) -> int:
    """The words a visitor reads in a message: a card's title and rows as the page shows them
    (chat.js: each row's label and text; a checklist's row, its text only), else the text."""
    card = custom_of(message).get("card")
    if isinstance(card, dict) and card.get("rows"):
        checklist = card.get("kind") == "checklist"
        shown = [
            card.get("title"),
            *(
                (r.get("text") or r.get("label"))
                if checklist
                else f"{r.get('label') or ''} {r.get('text') or ''}"
                for r in card["rows"]
            ),
        ]
        return sum(len(str(part or "").split()) for part in shown)
    return len(str(message.get("text") or "").split())


def estimated_seconds(result: VignetteResult) -> float:
    """The estimated time of a conversation: typing at 3 characters a second, reading at 200
    words a minute."""
    return (
        result.chars_typed / TYPING_CHARS_PER_SECOND
        + result.words_read / READING_WORDS_PER_MINUTE * 60
    )


def rest_sender(url: str, timeout: float = REQUEST_TIMEOUT) -> Send:
    """A `send` function that posts to the REST channel at `url`."""

    def send(sender: str, text: str) -> list[Message]:
        body = json.dumps({"sender": sender, "message": text}).encode("utf-8")
        request = urllib.request.Request(
            url, data=body, headers={"Content-Type": "application/json"}, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                payload = json.loads(response.read().decode("utf-8") or "[]")
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", errors="replace")[:300]
            raise RuntimeError(f"HTTP {error.code} from {url}: {detail}") from error
        if not isinstance(payload, list):
            raise RuntimeError(f"expected a JSON list of messages from {url}, got {payload!r}")
        return [message for message in payload if isinstance(message, dict)]

    return send


# --- metrics ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Metrics:
    total: int
    correct: int
    accuracy: float | None
    red_flag_total: int
    red_flag_caught: int
    recall: float | None
    misses: list[tuple[str, str]]  # (vignette id, why it is a miss)
    under_triaged: list[str]  # caught, but sent somewhere less urgent than expected
    benign_total: int
    over_triaged: list[str]
    over_triage_rate: float | None
    incomplete: list[str]  # no outcome
    median_questions: float | None
    max_questions: int | None
    median_turns: float | None
    max_turns: int | None
    parse_failures: int
    benign_turns_to_result: tuple[float, int] | None  # median, max: to the disposition
    benign_turns: tuple[float, int] | None  # median, max: to the outcome, cards included
    benign_minutes: tuple[float, float] | None  # median, max: estimated
    reask_rate: float | None  # questions asked again / questions asked
    per_group: dict[str, tuple[int, int]]  # group -> (vignettes expecting it, caught)
    confusion: dict[tuple[str, str], int]  # (expected, got or "none") -> count

    @property
    def recall_ok(self) -> bool:
        return self.recall is None or self.recall >= 1.0


def red_flag_miss(result: VignetteResult) -> str | None:
    """Why a red-flag vignette counts as missed, or None when it was caught."""
    if not result.completed:
        return f"no outcome ({result.error or 'unknown error'})"
    if result.got == BOOK_NMT:
        return "sent to book_nmt"
    absent = [flag for flag in result.expected_red_flags if flag not in result.red_flags]
    if absent:
        return f"{result.got}, but without {', '.join(absent)}"
    return None


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def compute_metrics(results: list[VignetteResult]) -> Metrics:
    """The evaluation metrics over per-vignette results.

    - accuracy: exact disposition matches / all vignettes (no outcome counts as wrong)
    - red-flag recall: red-flag vignettes (expected disposition not book_nmt) whose outcome is
      not book_nmt and names every expected group / all red-flag vignettes
    - over-triage: benign vignettes whose outcome is not book_nmt / all benign vignettes
      (a benign vignette without an outcome is listed as incomplete, not as over-triaged)
    - questions and turns: over the conversations that reached an outcome
    """
    order = {name: rank for rank, name in enumerate(reversed(DISPOSITIONS))}
    red = [result for result in results if result.is_red_flag]
    benign = [result for result in results if not result.is_red_flag]
    misses = [(r.id, why) for r in red if (why := red_flag_miss(r)) is not None]
    missed = {vignette_id for vignette_id, _ in misses}
    under = [
        r.id for r in red if r.id not in missed and order.get(r.got, 0) < order.get(r.expected, 0)
    ]
    over = [r.id for r in benign if r.completed and r.got != BOOK_NMT]
    completed = [r for r in results if r.completed]
    questions = [r.questions for r in completed]
    turns = [r.turns for r in completed]
    per_group: dict[str, tuple[int, int]] = {}
    for result in red:
        caught = result.id not in missed
        for flag in result.expected_red_flags:
            expecting, hits = per_group.get(flag, (0, 0))
            per_group[flag] = (expecting + 1, hits + int(caught and flag in result.red_flags))
    confusion = Counter((r.expected, r.got or "none") for r in results)
    done = [r for r in benign if r.completed]
    to_result = [r.turns_to_result for r in done if r.turns_to_result is not None]
    minutes = [estimated_seconds(r) / 60 for r in done]
    correct = sum(1 for r in results if r.got == r.expected)
    return Metrics(
        total=len(results),
        correct=correct,
        accuracy=_rate(correct, len(results)),
        red_flag_total=len(red),
        red_flag_caught=len(red) - len(misses),
        recall=_rate(len(red) - len(misses), len(red)),
        misses=misses,
        under_triaged=under,
        benign_total=len(benign),
        over_triaged=over,
        over_triage_rate=_rate(len(over), len(benign)),
        incomplete=[r.id for r in results if not r.completed],
        median_questions=statistics.median(questions) if questions else None,
        max_questions=max(questions) if questions else None,
        median_turns=statistics.median(turns) if turns else None,
        max_turns=max(turns) if turns else None,
        parse_failures=sum(len(r.parse_failures) for r in results),
        benign_turns_to_result=_median_max(to_result),
        benign_turns=_median_max([r.turns for r in done]),
        benign_minutes=_median_max(minutes),
        reask_rate=_rate(sum(r.reasks for r in completed), sum(r.questions for r in completed)),
        per_group=dict(sorted(per_group.items())),
        confusion=dict(confusion),
    )


def _median_max(values: list) -> tuple | None:
    return (statistics.median(values), max(values)) if values else None


# --- NLU scores from `rasa test nlu` ---------------------------------------------------------

SUMMARY_KEYS = ("accuracy", "micro avg", "macro avg", "weighted avg", "samples avg")


def read_report(path: Path) -> dict[str, Any]:
    """Weighted-average scores and per-label f1 from one sklearn-style report JSON."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    weighted = data.get("weighted avg") or {}
    labels = {
        label: scores.get("f1-score")
        for label, scores in data.items()
        if label not in SUMMARY_KEYS and isinstance(scores, dict)
    }
    return {
        "f1": weighted.get("f1-score"),
        "precision": weighted.get("precision"),
        "recall": weighted.get("recall"),
        "support": weighted.get("support"),
        "labels": dict(sorted(labels.items())),
    }


def read_nlu_results(directory: Path | str) -> dict[str, Any]:
    """Intent and entity scores from a `rasa test nlu --out DIR` directory.

    Returns {"intent": report or None, "entities": {extractor: report}}, reading
    intent_report.json and every other *_report.json except response_selection_report.json.
    """
    directory = Path(directory)
    intent = directory / "intent_report.json"
    entities = {}
    for path in sorted(directory.glob("*_report.json")):
        if path.name in ("intent_report.json", "response_selection_report.json"):
            continue
        entities[path.name.removesuffix("_report.json")] = read_report(path)
    return {"intent": read_report(intent) if intent.exists() else None, "entities": entities}


# --- the report ------------------------------------------------------------------------------


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def _number(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:g}" if isinstance(value, int) or value == int(value) else f"{value:.1f}"


def _score(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, int | float) else "n/a"


def _pair(pair: tuple | None) -> str:
    return "-" if pair is None else f"{_number(pair[0])} / {_number(pair[1])}"


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_report(
    metrics: Metrics,
    results: list[VignetteResult],
    nlu: Mapping[str, Any] | None = None,
    title: str = "NMT assistant: vignette evaluation",
) -> str:
    """The evaluation report, in Markdown."""
    lines = [f"# {title}", ""]
    lines += [
        "| metric | value |",
        "| --- | --- |",
        f"| vignettes | {metrics.total} ({metrics.red_flag_total} red-flag, "
        f"{metrics.benign_total} benign) |",
        f"| disposition accuracy | {_percent(metrics.accuracy)} "
        f"({metrics.correct}/{metrics.total}) |",
        f"| red-flag recall | {_percent(metrics.recall)} "
        f"({metrics.red_flag_caught}/{metrics.red_flag_total}) |",
        f"| under-triage (caught, but less urgent than expected) | {len(metrics.under_triaged)} |",
        f"| over-triage rate | {_percent(metrics.over_triage_rate)} "
        f"({len(metrics.over_triaged)}/{metrics.benign_total}) |",
        f"| conversations without an outcome | {len(metrics.incomplete)} |",
        f"| questions asked (median / max) | {_number(metrics.median_questions)} / "
        f"{_number(metrics.max_questions)} |",
        f"| visitor turns (median / max) | {_number(metrics.median_turns)} / "
        f"{_number(metrics.max_turns)} |",
        f"| answers not understood (re-asked twice) | {metrics.parse_failures} |",
        f"| questions asked again | {_percent(metrics.reask_rate)} |",
        f"| benign: visitor messages to the result (median / max) | "
        f"{_pair(metrics.benign_turns_to_result)} |",
        f"| benign: visitor messages to the outcome, wellness cards included (median / max) | "
        f"{_pair(metrics.benign_turns)} |",
        f"| benign: estimated minutes (median / max) | {_pair(metrics.benign_minutes)} |",
        "",
        "The result is the first `disposition` or `assessment_outcome` message. Minutes are "
        "estimated: the visitor types 3 characters a second (a tap on a card's button counts as "
        "3 characters) and reads the bot at 200 words a minute (a card: its title and rows).",
        "",
    ]
    verdict = "PASS" if metrics.recall_ok else "FAIL"
    lines += [f"Red-flag recall check: **{verdict}** (every red-flag vignette must be caught).", ""]
    if metrics.misses:
        lines += ["## Red-flag misses", ""]
        lines += [f"- `{vignette_id}`: {why}" for vignette_id, why in metrics.misses]
        lines.append("")
    if metrics.under_triaged:
        lines += ["## Under-triaged", ""]
        lines += [f"- `{vignette_id}`" for vignette_id in metrics.under_triaged]
        lines.append("")
    if metrics.over_triaged:
        lines += ["## Over-triaged benign vignettes", ""]
        by_id = {r.id: r for r in results}
        for vignette_id in metrics.over_triaged:
            result = by_id[vignette_id]
            flags = ", ".join(result.red_flags) or "no red flag named"
            lines.append(f"- `{vignette_id}`: {result.got} ({flags})")
        lines.append("")
    if metrics.incomplete:
        lines += ["## Conversations without an outcome", ""]
        by_id = {r.id: r for r in results}
        lines += [f"- `{i}`: {by_id[i].error or 'unknown'}" for i in metrics.incomplete]
        lines.append("")
    if metrics.per_group:
        lines += ["## Red-flag groups", "", "| group | vignettes | caught |", "| --- | --- | --- |"]
        for group, (expecting, caught) in metrics.per_group.items():
            lines.append(f"| {group} | {expecting} | {caught} |")
        lines.append("")
    got_columns = [*DISPOSITIONS, "none"]
    lines += [
        "## Dispositions (rows expected, columns got)",
        "",
        "| expected | " + " | ".join(got_columns) + " |",
        "| --- |" + " --- |" * len(got_columns),
    ]
    for expected in DISPOSITIONS:
        counts = [str(metrics.confusion.get((expected, got), 0)) for got in got_columns]
        lines.append(f"| {expected} | " + " | ".join(counts) + " |")
    lines.append("")
    if nlu:
        lines += _render_nlu(nlu)
    lines += [
        "## Vignettes",
        "",
        "| id | expected | got | questions | turns (to result) | minutes "
        "| red flags (expected -> got) | notes |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        mark = "" if r.got == r.expected else " **x**"
        notes = []
        if r.parse_failures:
            notes.append("not understood: " + ", ".join(r.parse_failures))
        if r.unanswerable:
            notes.append("unknown questions: " + ", ".join(r.unanswerable))
        if r.error:
            notes.append(r.error)
        expected_flags = ", ".join(r.expected_red_flags) or "-"
        got_flags = ", ".join(r.red_flags) or "-"
        lines.append(
            f"| {_cell(r.id)} | {r.expected} | {r.got or 'none'}{mark} | {r.questions} | "
            f"{r.turns} ({r.turns_to_result or '-'}) | {estimated_seconds(r) / 60:.1f} | "
            f"{_cell(expected_flags)} -> {_cell(got_flags)} | "
            f"{_cell('; '.join(notes))} |"
        )
    lines.append("")
    return "\n".join(lines)


def _render_nlu(nlu: Mapping[str, Any]) -> list[str]:
    lines = ["## NLU (rasa test nlu)", ""]
    reports = []
    if nlu.get("intent"):
        reports.append(("intents", nlu["intent"]))
    reports += [(f"entities: {name}", report) for name, report in nlu.get("entities", {}).items()]
    if not reports:
        return [*lines, "No intent or entity reports found.", ""]
    lines += ["| report | f1 | precision | recall | support |", "| --- | --- | --- | --- | --- |"]
    for name, report in reports:
        lines.append(
            f"| {name} | {_score(report['f1'])} | {_score(report['precision'])} | "
            f"{_score(report['recall'])} | {report['support'] if report['support'] else 'n/a'} |"
        )
    lines.append("")
    for name, report in reports:
        if report["labels"]:
            lines += [f"Per-label f1, {name}:", ""]
            lines += [f"- {label}: {_score(f1)}" for label, f1 in report["labels"].items()]
            lines.append("")
    return lines


# --- command line ----------------------------------------------------------------------------


def evaluate(
    vignette_file: VignetteFile, send: Send, progress: Callable[[str], None] | None = None
) -> list[VignetteResult]:
    results = []
    for vignette in vignette_file.vignettes:
        result = run_vignette(vignette, vignette_file.defaults, send)
        if progress:
            flags = ",".join(result.red_flags) or "-"
            progress(
                f"{vignette.id}: expected {result.expected}, got {result.got or 'none'} "
                f"[{flags}] in {result.turns} turns"
                + (f" ({result.error})" if result.error else "")
            )
        results.append(result)
    return results


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation", description="Run the clinical vignettes through the bot."
    )
    parser.add_argument("--url", default=DEFAULT_URL, help="REST channel webhook URL")
    parser.add_argument("--vignettes", type=Path, default=DEFAULT_VIGNETTES)
    parser.add_argument("--report", type=Path, help="also write the Markdown report here")
    parser.add_argument(
        "--partial",
        action="store_true",
        help="a development set: it need not cover every red-flag group, nor have 40 vignettes",
    )
    parser.add_argument(
        "--nlu-results", type=Path, help="a `rasa test nlu --out` directory to include"
    )
    parser.add_argument(
        "--start-servers",
        type=Path,
        metavar="MODEL",
        help="start Rasa with this model and the action server (on a temporary database) first",
    )
    parser.add_argument(
        "--log-dir", type=Path, help="with --start-servers: keep the server logs here"
    )
    parser.add_argument(
        "--results-json", type=Path, help="also write per-vignette results with transcripts"
    )
    return parser


RUN_START = "<!-- last run: written by make evaluate, from here to the end marker -->"
RUN_END = "<!-- end of last run -->"


def place_report(existing: str, run: str) -> str:
    """The report file with `run` between the markers, keeping the text around them.

    A file without the markers gets a title and the run.
    """
    block = f"{RUN_START}\n\n{run.strip()}\n\n{RUN_END}"
    if RUN_START in existing and RUN_END in existing:
        before = existing.split(RUN_START, 1)[0]
        after = existing.split(RUN_END, 1)[1]
        return before + block + after
    return f"# NMT assistant: evaluation\n\n{block}\n"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    vignette_file = load_vignettes(args.vignettes)
    question_ids, groups = content_expectations()
    problems = check_vignettes(
        vignette_file,
        question_ids,
        groups,
        min_vignettes=1 if args.partial else 40,
        every_group=not args.partial,
    )
    if problems:
        print(f"{args.vignettes} has problems:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    nlu = read_nlu_results(args.nlu_results) if args.nlu_results else None

    def progress(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    if args.start_servers:
        from evaluation.servers import running_servers, sqlite_url

        rasa_port = urllib.parse.urlsplit(args.url).port or 5005
        with tempfile.TemporaryDirectory(prefix="nmt-eval-") as tmp:
            print(f"starting servers with {args.start_servers} ...", file=sys.stderr, flush=True)
            with running_servers(
                args.start_servers,
                sqlite_url(Path(tmp) / "nmt.db"),
                rasa_port=rasa_port,
                log_dir=args.log_dir,
            ):
                results = evaluate(vignette_file, rest_sender(args.url), progress)
    else:
        results = evaluate(vignette_file, rest_sender(args.url), progress)

    metrics = compute_metrics(results)
    report = render_report(metrics, results, nlu)
    print(report)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        run = f"Run {stamp} with `make evaluate`.\n\n" + report.split("\n", 1)[1].lstrip()
        existing = args.report.read_text(encoding="utf-8") if args.report.exists() else ""
        args.report.write_text(place_report(existing, run), encoding="utf-8")
    if args.results_json:
        args.results_json.parent.mkdir(parents=True, exist_ok=True)
        args.results_json.write_text(
            json.dumps([asdict(result) for result in results], indent=2, ensure_ascii=False),
            encoding="utf-8",
        )
    for vignette_id, why in metrics.misses:
        print(f"RED-FLAG MISS {vignette_id}: {why}", file=sys.stderr)
    if not metrics.recall_ok:
        print(
            f"red-flag recall {_percent(metrics.recall)} is below 100%",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
