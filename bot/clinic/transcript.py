"""The conversation behind an assessment, as the clinic reads it in the pre-visit report.

Rasa's SQL tracker store keeps every event of a conversation in its `events` table (one row
per event: `id`, `sender_id`, `type_name`, `timestamp`, ..., and `data`, the event as JSON),
in the same database as our tables. `transcript` turns those events into lines a person reads;
`read_transcript` selects one visitor's rows and calls it.

What is shown:

- what the visitor typed, and what the assistant said (its text only: the machine-readable
  `custom` payloads are for clients, not people);
- for a pressed button, the button's title, not its payload (`/affirm` means nothing to a
  therapist), or a neutral label when the title cannot be found;
- only the session in which the assessment was made: a visitor who comes back another day
  starts a new Rasa session (and may make another assessment in it);
- at most `MAX_LINES` lines (the last ones), each cut to `TEXT_CHARS` characters, so that one
  very long conversation cannot make the report unreadable or slow.

Rows that are not what Rasa writes (`data` that is not a JSON object, missing fields) are
skipped, never an error: the report must still open. This module imports nothing from Rasa.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import column, inspect, select, table
from sqlalchemy.engine import Engine

VISITOR = "visitor"
ASSISTANT = "assistant"
MAX_LINES = 400
TEXT_CHARS = 4_000  # a message is shown whole up to the chat page's limit (index.html)
PRESSED_A_BUTTON = "(pressed a button)"

USER, BOT, SESSION_STARTED = "user", "bot", "session_started"
# Rasa reads a message such as `/inform{"side": "left"}` or `/affirm@0.9` as an intent given
# directly (a button's payload), not as text (rasa's YAMLStoryReader._regex_message_pattern).
INTENT_PAYLOAD = re.compile(r"^/[^{@\s]+(@[0-9.]+)?(\{.*\})?$", re.DOTALL)

events_table = table(
    "events",
    column("id"),
    column("sender_id"),
    column("type_name"),
    column("timestamp"),
    column("data"),
)


@dataclass(frozen=True)
class Line:
    who: str  # VISITOR or ASSISTANT
    text: str
    time: datetime.datetime | None  # aware UTC; None when the event had no usable time
    cut: bool = False  # the text was longer than TEXT_CHARS and is shortened


@dataclass(frozen=True)
class Transcript:
    """The lines shown, and how many earlier lines were left out to keep to the cap."""

    lines: list[Line] = field(default_factory=list)
    omitted: int = 0


def _seconds(value: Any) -> float | None:
    """An event's epoch timestamp, or None when it is missing or not a finite number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _time(value: Any) -> datetime.datetime | None:
    seconds = _seconds(value)
    if seconds is None:
        return None
    try:
        return datetime.datetime.fromtimestamp(seconds, datetime.UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _epoch(moment: datetime.datetime) -> float:
    """A datetime as epoch seconds; a naive one is UTC (as bot/clinic/store.py stores times)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.timestamp()


def session_bounds(
    starts: list[tuple[Any, Any]], at: datetime.datetime | None
) -> tuple[Any | None, Any | None]:
    """Where the session in which `at` fell begins and ends, as (first, end) keys.

    `starts` are the (key, timestamp) of the `session_started` events, in order; keys are list
    indices or row ids. The session is the one opened by the last start at or before `at` and
    ends before the next start. `first` is None when the session is the first one (events
    before Rasa's first start belong to it too) and `end` is None when it is the last one.
    When `at` comes before every start (the action server's clock a little behind Rasa's), it
    is the first session; with no `at`, or no starts, it is the whole conversation.
    """
    if at is None or not starts:
        return None, None
    moment = _epoch(at)
    chosen = 0
    for index, (_key, stamp) in enumerate(starts):
        seconds = _seconds(stamp)
        if seconds is not None and seconds <= moment:
            chosen = index
    first = starts[chosen][0] if chosen > 0 else None
    end = starts[chosen + 1][0] if chosen + 1 < len(starts) else None
    return first, end


def _buttons(event: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    data = event.get("data")
    found = data.get("buttons") if isinstance(data, Mapping) else None
    if not isinstance(found, list):
        return []
    return [b for b in found if isinstance(b, Mapping)]


def _visitor_text(text: str, offered: list[Mapping[str, Any]]) -> str:
    """What the visitor said: a pressed button's title rather than its payload."""
    given = text.strip()
    for button in reversed(offered):
        payload, title = button.get("payload"), button.get("title")
        if isinstance(payload, str) and payload.strip() == given:
            if isinstance(title, str) and title.strip():
                return title
            break  # the button has no title to show
    if INTENT_PAYLOAD.match(given):
        return PRESSED_A_BUTTON
    return text


def _line(who: str, text: str, stamp: Any, text_chars: int) -> Line:
    cut = len(text) > text_chars
    return Line(who, text[:text_chars] if cut else text, _time(stamp), cut)


def transcript(
    events: Iterable[Any],
    at: datetime.datetime | None = None,
    max_lines: int = MAX_LINES,
    text_chars: int = TEXT_CHARS,
) -> Transcript:
    """The lines of a conversation from its Rasa event dicts, in order.

    With `at` (when the assessment was made), only the session in which it was made (see
    `session_bounds`). Only the last `max_lines` lines are kept; `omitted` counts the others.
    """
    found = [e for e in events if isinstance(e, Mapping)]
    starts = [
        (index, e.get("timestamp"))
        for index, e in enumerate(found)
        if e.get("event") == SESSION_STARTED
    ]
    first, end = session_bounds(starts, at)
    found = found[first or 0 : end]

    lines: list[Line] = []
    offered: list[Mapping[str, Any]] = []  # buttons shown since the visitor's last message
    for event in found:
        kind, text = event.get("event"), event.get("text")
        if kind == BOT:
            offered += _buttons(event)
            if isinstance(text, str) and text.strip():
                lines.append(_line(ASSISTANT, text, event.get("timestamp"), text_chars))
        elif kind == USER:
            if isinstance(text, str) and text.strip():
                said = _visitor_text(text, offered)
                lines.append(_line(VISITOR, said, event.get("timestamp"), text_chars))
            offered = []
    omitted = max(0, len(lines) - max(0, max_lines))
    return Transcript(lines[omitted:], omitted)


def events_from_rows(rows: Iterable[Any]) -> list[dict[str, Any]]:
    """Event dicts from `events` rows of (type_name, timestamp, data); bad rows are skipped.

    `data` is the event as Rasa wrote it (JSON text); the row's type and time fill in what
    the JSON lacks.
    """
    found = []
    for type_name, stamp, data in rows:
        try:
            event = json.loads(data) if isinstance(data, str | bytes) else None
        except ValueError:
            continue
        if not isinstance(event, dict):
            continue
        event.setdefault("event", type_name)
        if _seconds(event.get("timestamp")) is None:
            event["timestamp"] = stamp
        found.append(event)
    return found


def read_transcript(
    engine: Engine,
    sender_id: str,
    at: datetime.datetime | None = None,
    max_lines: int = MAX_LINES,
    text_chars: int = TEXT_CHARS,
) -> Transcript:
    """The transcript of `sender_id`'s conversation (the session of `at`) from Rasa's table.

    Empty when there is no `events` table (Rasa has not written one in this database) or no
    row for the sender (the visitor was erased, or the conversation is kept elsewhere). Only
    the session's rows are read, and of those only the visitor's and the assistant's
    messages, not the other events (actions, slots), which hold nothing to show.
    """
    with engine.connect() as connection:
        if not inspect(connection).has_table("events"):
            return Transcript()
        of_sender = events_table.c.sender_id == sender_id
        starts = connection.execute(
            select(events_table.c.id, events_table.c.timestamp)
            .where(of_sender, events_table.c.type_name == SESSION_STARTED)
            .order_by(events_table.c.id)
        ).all()
        first, end = session_bounds([tuple(row) for row in starts], at)
        query = (
            select(events_table.c.type_name, events_table.c.timestamp, events_table.c.data)
            .where(of_sender, events_table.c.type_name.in_((USER, BOT)))
            .order_by(events_table.c.id)
        )
        if first is not None:
            query = query.where(events_table.c.id >= first)
        if end is not None:
            query = query.where(events_table.c.id < end)
        rows = connection.execute(query).all()
    return transcript(events_from_rows(rows), None, max_lines, text_chars)
