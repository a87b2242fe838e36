"""Assessments stored as the bot stores them, for tests of what reads the store.

The web app, the dashboard, the PDF route and the privacy commands all read assessments that
the action server saved at the outcome; `save_assessment` makes one the same way (the engine
evaluates the answers, `store.save_assessment` keeps the outcome, and the test gets the payload
the chat was shown).
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import sqlalchemy

from bot.clinic import store
from bot.conversation import messages, planning, reading

CONSENT_AT = "2026-11-21T12:00:00+00:00"


def answer(raw: str, value: Any, how: str = reading.ASKED) -> dict[str, Any]:
    """One answer as the forms keep it: the visitor's words and what was read from them."""
    return {"raw": raw, "value": value, "how": how}


# The answers of two assessments several test files store: one that may book (muscle tension,
# stress, poor sleep) and one that a red flag sends to a doctor (fever with low back pain).
BOOKABLE = {
    "region": answer("my neck", ["neck"]),
    "stress": answer("8", 8.0),
    "sleep": answer("badly", "poor_other"),
}
RED_FLAG = {
    "region": answer("low back", ["lower_back"]),
    "red_flag.infection": answer("yes, fevers all week", "yes"),
}


def save_assessment(
    engine,
    content,
    today: datetime.date,
    assessment_id: str,
    answers: dict[str, dict[str, Any]],
    *,
    sender_id: str | None = None,
    summary_text: str = "summary",
    consent_at: datetime.datetime | str = CONSENT_AT,
    created_at: datetime.datetime | None = None,
) -> dict[str, Any]:
    """Store the assessment these answers make (every answer also a message); its payload."""
    outcome = planning.evaluate(answers, [a["raw"] for a in answers.values()], content, today)
    store.save_assessment(
        engine,
        assessment_id=assessment_id,
        sender_id=sender_id or f"sender-{assessment_id}",
        consent_at=consent_at,
        outcome=outcome,
        questions_asked=len(answers),
        answers=answers,
        summary_text=summary_text,
        created_at=created_at,
    )
    return messages.outcome_payload(outcome, assessment_id, len(answers), content)


def stored_events(database_url: str, sender: str) -> list[dict[str, Any]]:
    """A conversation's events as stored in Rasa's `events` table (the servers' database)."""
    engine = sqlalchemy.create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            sqlalchemy.text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"),
            {"s": sender},
        ).fetchall()
    engine.dispose()
    return [json.loads(data) for (data,) in rows]


def typed_texts(database_url: str, sender: str) -> list[str]:
    """What the visitor typed, as stored in Rasa's `events` table (the servers' database)."""
    return [e["text"] for e in stored_events(database_url, sender) if e["event"] == "user"]
