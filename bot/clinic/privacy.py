"""Erasing visitors: one on their request (`erase_visitor`), and everything older than the
retention period (`purge_older_than`), in our tables and in Rasa's tracker store (`events`).

`python -m bot erase` and `python -m bot purge` call these (bot/cli.py).
"""

from __future__ import annotations

import datetime

from sqlalchemy import delete, inspect, select, text
from sqlalchemy.engine import Connection, Engine

from bot.clinic.store import CHILD_TABLES, assessment, aware_utc, naive_utc, utc_now


def _delete_assessments(connection: Connection, condition) -> dict[str, int]:
    """Delete the assessments matching `condition` and all their rows; counts per table.

    The rows of other tables are deleted explicitly (the cascade would do it too) so that they
    can be counted, and so that a SQLite connection opened without foreign keys erases as well.
    """
    ids = select(assessment.c.id).where(condition).scalar_subquery()
    counts = {}
    for table in CHILD_TABLES:
        result = connection.execute(delete(table).where(table.c.assessment_id.in_(ids)))
        counts[table.name] = result.rowcount
    counts["assessment"] = connection.execute(delete(assessment).where(condition)).rowcount
    return counts


def _has_events(connection: Connection) -> bool:
    return inspect(connection).has_table("events")


def erase_visitor(
    engine: Engine,
    *,
    sender_id: str | None = None,
    assessment_id: str | None = None,
    tracker_engine: Engine | None = None,
) -> dict[str, int]:
    """Delete everything stored about one visitor, on their request; counts per table.

    The visitor is their Rasa conversation (`sender_id`), or the conversation of one of their
    assessments (`assessment_id`, the reference they were given). All their assessments go,
    and with `tracker_engine` their conversation in Rasa's tracker store too (`events`), which
    Rasa offers no API to delete.
    """
    if (sender_id is None) == (assessment_id is None):
        raise ValueError("give either sender_id or assessment_id")
    with engine.begin() as connection:
        if sender_id is None:
            sender_id = connection.execute(
                select(assessment.c.sender_id).where(assessment.c.id == assessment_id)
            ).scalar()
        if sender_id is None:
            counts = {table.name: 0 for table in (*CHILD_TABLES, assessment)}
        else:
            counts = _delete_assessments(connection, assessment.c.sender_id == sender_id)
    counts["events"] = 0
    if tracker_engine is not None and sender_id is not None:
        with tracker_engine.begin() as connection:
            if _has_events(connection):
                counts["events"] = connection.execute(
                    text("DELETE FROM events WHERE sender_id = :sender_id"),
                    {"sender_id": sender_id},
                ).rowcount
    return counts


def purge_older_than(
    engine: Engine,
    days: int,
    tracker_engine: Engine | None = None,
    now: datetime.datetime | None = None,
) -> dict[str, int]:
    """Delete what is older than the retention period of `days`; counts per table.

    Assessments (with all their rows) go when they were created before the cut-off.
    Conversations in Rasa's tracker store go whole when their last event is before it: deleting
    only the old events of a conversation still going on would replay it without its consent
    and answers.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    cutoff = (now or utc_now()) - datetime.timedelta(days=days)
    with engine.begin() as connection:
        counts = _delete_assessments(connection, assessment.c.created_at < naive_utc(cutoff))
    counts["events"] = 0
    if tracker_engine is not None:
        with tracker_engine.begin() as connection:
            if _has_events(connection):
                counts["events"] = connection.execute(
                    text(
                        "DELETE FROM events WHERE sender_id IN (SELECT sender_id FROM events"
                        " GROUP BY sender_id HAVING MAX(timestamp) < :cutoff)"
                    ),
                    {"cutoff": aware_utc(naive_utc(cutoff)).timestamp()},
                ).rowcount
    return counts
