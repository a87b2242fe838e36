"""Stored assessments: what the clinic reads later, and erasing a visitor on request.

The database is SQLite or PostgreSQL, named by a URL in the same style as Rasa's SQL tracker
store (`sqlite:///path`, `postgresql+psycopg2://user:pass@host:port/db`), so one setting can
serve both. The schema is built by bot/clinic/migrations.py; `open_store` runs it, `engine_for` does
not (a dashboard or a test may want a database exactly as it is).

Only what the assessment needs is stored: the Rasa conversation id (`sender_id`, to erase a
visitor), the time of consent, the answers in the visitor's words, what the engine found, and
the summaries. No IP addresses, no user agents.

Visitor text is stored as given (HTML, emoji and SQL-looking text are just text: every value is
a bound parameter), with two limits: answers are cut to `TEXT_CHARS` and evidence is kept as
the chat showed it (`bot.engine.assessment.quotes`); and NUL characters become U+FFFD because
PostgreSQL's text type cannot hold them. Times are stored as UTC without a zone (both databases
then agree) and read back as aware UTC datetimes. Erasing and purging: bot/clinic/privacy.py.

This module imports nothing from Rasa; the actions call it.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    case,
    cast,
    create_engine,
    delete,
    event,
    exists,
    false,
    func,
    insert,
    inspect,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import IntegrityError

from bot import settings
from bot.clinic import migrations
from bot.engine.assessment import Outcome, quotes
from bot.engine.content import BOOK_NMT, DISPOSITIONS, EMERGENCY, urgency
from bot.engine.rules import Evidence

STATUSES = ("new", "contacted", "closed")


class LowerDisposition(ValueError):
    """An assessment would be saved again with a less urgent disposition than it has."""


class NotClearable(ValueError):
    """A doctor's clearance for an assessment that is not a referral (an emergency, one that
    needs no doctor, or none at all): it is not recorded."""


# The dispositions after which a visitor who says a doctor has cleared them may request a
# booking, marked for the clinic to check: a referral, never an emergency (issue 12).
CLEARABLE = tuple(d for d in DISPOSITIONS if d not in (EMERGENCY, BOOK_NMT))


TEXT_CHARS = 10_000

# The newest schema, as bot/clinic/migrations.py builds it (tests/test_store.py checks they agree).
metadata = MetaData()


def _assessment_fk() -> Column:
    return Column(
        "assessment_id",
        String(12),
        ForeignKey("assessment.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


assessment = Table(
    "assessment",
    metadata,
    Column("id", String(12), primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("created_at", DateTime, nullable=False, index=True),
    Column("consent_at", DateTime),
    Column("disposition", String(32), nullable=False),
    Column("regions", JSON, nullable=False),
    Column("sides", JSON, nullable=False),
    Column("nprs", Integer),
    Column("phq4", Integer),
    Column("questions_asked", Integer, nullable=False),
    Column("summary_text", Text),
    Column("status", String(16), nullable=False, server_default="new"),
    # [{"id", "label", "evidence"}] from the payload; NULL when saved before version 3
    Column("cautions", JSON(none_as_null=True)),
    # about someone other than the visitor (`Outcome.about_another`), and the people it books
    # for as named ("dad"); false and NULL when saved before version 9
    Column("about_another", Boolean, nullable=False, server_default=false()),
    Column("clients", JSON(none_as_null=True)),
    # the dashboard's list filtered by disposition, and its period summary
    Index("ix_assessment_list", "disposition", "created_at", "id"),
    Index("ix_assessment_consent_at", "consent_at"),
)
answer = Table(
    "answer",
    metadata,
    Column("id", Integer, primary_key=True),
    _assessment_fk(),
    Column("question_id", String(64), nullable=False),
    Column("raw_text", Text, nullable=False),
    Column("parsed_value", JSON),
    Column("how", String(16), nullable=False),
    UniqueConstraint("assessment_id", "question_id"),
)
red_flag_hit = Table(
    "red_flag_hit",
    metadata,
    Column("id", Integer, primary_key=True),
    _assessment_fk(),
    Column("group_id", String(64), nullable=False),
    Column("label", Text, nullable=False),
    Column("disposition", String(32), nullable=False),
    Column("evidence", JSON, nullable=False),
    # raised on someone else's sign, told as theirs now: the advice was for them
    Column("someone_else", Boolean, nullable=False, server_default=false()),
    # in an assessment about someone else, the visitor's own sign: the advice was theirs
    Column("visitors_own", Boolean, nullable=False, server_default=false()),
)
factor = Table(
    "factor",
    metadata,
    Column("id", Integer, primary_key=True),
    _assessment_fk(),
    Column("group", String(16), nullable=False),
    Column("factor_id", String(64), nullable=False),
    Column("label", Text, nullable=False),
    Column("evidence", JSON, nullable=False),
)
booking_request = Table(
    "booking_request",
    metadata,
    Column("id", Integer, primary_key=True),
    _assessment_fk(),
    Column("name", Text, nullable=False),
    Column("contact", Text, nullable=False),
    Column("preferred_times", Text, nullable=False),
    Column("consent_to_contact", Boolean, nullable=False),
    Column("created_at", DateTime, nullable=False),
    # made after a referral on the strength of a stated clearance: "check before treatment"
    Column("clearance_stated", Boolean, nullable=False, server_default=false()),
)
referral = Table(
    "referral",
    metadata,
    Column("id", Integer, primary_key=True),
    _assessment_fk(),
    Column("created_at", DateTime, nullable=False),
    Column("summary_text", Text, nullable=False),
)
# "My doctor has cleared me", said after a referral: the visitor's words, when, and the
# red-flag groups the assessment had then (a clearance covers the warning signs told before it).
clearance = Table(
    "clearance",
    metadata,
    Column("id", Integer, primary_key=True),
    _assessment_fk(),
    Column("statement", Text, nullable=False),
    Column("red_flags", JSON, nullable=False),
    Column("stated_at", DateTime, nullable=False),
)
# The clinic's notes on an assessment: who wrote what, and when (the dashboard's report).
# They are about the visitor, so they go with the assessment when it is erased or purged.
clinic_note = Table(
    "clinic_note",
    metadata,
    Column("id", Integer, primary_key=True),
    _assessment_fk(),
    Column("author", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
)
# How many conversations started in each hour (UTC, the hour's start): a number only, written
# before consent, when nothing else of a conversation is kept (components/tracker_store.py).
conversation_start = Table(
    "conversation_start",
    metadata,
    Column("hour", DateTime, primary_key=True),
    Column("count", Integer, nullable=False),
)

# The clinic dashboard's logins (bot/web/auth.py). They are the clinicians' data, not the
# visitors': erasing or purging visitors leaves them alone. Expired sessions are deleted when a
# new one is made, and failures older than the lockout window when a new one is recorded.
clinic_session = Table(
    "clinic_session",
    metadata,
    # the SHA-256 (hex) of the session cookie's token; the token itself is never stored
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False, index=True),
)
login_failure = Table(
    "login_failure",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, index=True),
    Column("failed_at", DateTime, nullable=False, index=True),
)

# The notifications still to send (bot/clinic/notify.py; docs/notifications.md): one row per
# event and channel, written in the same transaction as the booking request or the assessment,
# so that an event is never lost nor made twice. They hold references and the disposition
# level, never what the visitor said, and go with their assessment when it is erased.
outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    # the event's id, the same on both channels: the webhook's idempotency key
    Column("event_id", String(36), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("kind", String(32), nullable=False),
    _assessment_fk(),
    Column("disposition", String(32), nullable=False),
    Column("booking_request_id", Integer),
    Column("clearance_stated", Boolean, nullable=False),
    Column("created_at", DateTime, nullable=False),
    # pending, sent, skipped (the channel was not set up), failed (given up)
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", DateTime, nullable=False, index=True),
    Column("sent_at", DateTime),
    # the last failure's type and status line, never the message
    Column("last_error", Text),
    UniqueConstraint("event_id", "channel"),
)
# The events, and the channels each goes out on.
BOOKING_REQUESTED = "booking_request.created"
RED_FLAG_ASSESSMENT = "assessment.red_flag"
CHANNELS = ("email", "webhook")

# Tables that belong to one assessment, deleted before it (and counted).
CHILD_TABLES = (
    answer,
    red_flag_hit,
    factor,
    booking_request,
    referral,
    clearance,
    outbox,
    clinic_note,
)
# What the assessment's outcome replaces when it is saved again (booking requests, referrals,
# clearances and the clinic's status are the visitor's and the clinic's later actions: they
# stay).
OUTCOME_TABLES = (answer, red_flag_hit, factor)


# --- what is read back -----------------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    id: str
    sender_id: str
    created_at: datetime.datetime
    consent_at: datetime.datetime | None
    disposition: str
    regions: list[str]
    sides: list[str]
    nprs: int | None
    phq4: int | None
    questions_asked: int
    summary_text: str | None
    status: str
    # a booking request of it is marked "doctor clearance stated" (read by list_assessments)
    clearance_booking: bool = False
    # about someone other than the visitor, and the people it books for as named ("dad")
    about_another: bool = False
    clients: tuple[str, ...] = ()
    # one of its red flags is the visitor's own sign, not the client's (`RedFlagHit.visitors_own`)
    visitors_own_red_flag: bool = False


@dataclass(frozen=True)
class Answer:
    question_id: str
    raw_text: str
    value: Any
    how: str


@dataclass(frozen=True)
class RedFlagHit:
    group_id: str
    label: str
    disposition: str
    evidence: list[str]
    # the sign is someone else's, told as theirs now (bot/engine/assessment.py `someone_elses`)
    someone_else: bool = False
    # in an assessment about someone else, the sign is the visitor's own (`_visitors_own`)
    visitors_own: bool = False


@dataclass(frozen=True)
class Factor:
    group: str
    factor_id: str
    label: str
    evidence: list[str]


@dataclass(frozen=True)
class Caution:
    id: str
    label: str
    evidence: list[str]


@dataclass(frozen=True)
class BookingRequest:
    id: int
    name: str
    contact: str
    preferred_times: str
    consent_to_contact: bool
    created_at: datetime.datetime
    clearance_stated: bool = False


@dataclass(frozen=True)
class Referral:
    id: int
    created_at: datetime.datetime
    summary_text: str


@dataclass(frozen=True)
class Clearance:
    id: int
    statement: str
    red_flags: list[str]
    stated_at: datetime.datetime


@dataclass(frozen=True)
class Note:
    """A clinic user's note on an assessment ("called, booked Tuesday 10:00")."""

    id: int
    author: str
    text: str
    created_at: datetime.datetime


@dataclass(frozen=True)
class Report:
    """Everything stored about one assessment, for the clinic's report."""

    assessment: Assessment
    answers: list[Answer]
    red_flags: list[RedFlagHit]
    factors: list[Factor]
    booking_requests: list[BookingRequest]
    referrals: list[Referral]
    # What the therapist must know (blood thinners, pregnancy, ...), from the answers and the
    # visitor's other messages; None for an assessment saved before they were kept.
    cautions: list[Caution] | None = None
    clearances: list[Clearance] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


# --- engines ---------------------------------------------------------------------------------


def database_url() -> str:
    """`NMT_DATABASE_URL`, else SQLite at var/nmt.db in the repository (an absolute path)."""
    return settings.DATABASE_URL.read()


def engine_for(url: str) -> Engine:
    """An engine for a database URL, without touching the schema.

    For SQLite: the file's folder is created; foreign keys are switched on for every connection
    (SQLite ignores them otherwise, and ON DELETE CASCADE with them); and SQLAlchemy, not the
    sqlite3 module, starts transactions (SQLAlchemy's documented recipe), because sqlite3 runs
    DDL outside any transaction and migrations must be all-or-nothing. Transactions begin with
    BEGIN IMMEDIATE, which takes SQLite's one write lock at once: two transactions that both
    read and then write (saving an assessment, migrating) would otherwise deadlock, and SQLite
    breaks that with "database is locked" instead of waiting its busy timeout.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, future=True, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def open_store(url: str | None = None) -> Engine:
    """An engine for the store with its schema up to date (`database_url()` by default)."""
    engine = engine_for(url or database_url())
    migrations.upgrade(engine)
    return engine


# --- writing ---------------------------------------------------------------------------------


def utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def naive_utc(moment: datetime.datetime | str | None) -> datetime.datetime | None:
    """A time as naive UTC for storage; ISO strings (the consent_time slot) are accepted."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.datetime.fromisoformat(moment)
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.UTC).replace(tzinfo=None)
    return moment


def aware_utc(moment: datetime.datetime | None) -> datetime.datetime | None:
    return None if moment is None else moment.replace(tzinfo=datetime.UTC)


def _text(value: Any, limit: int | None = None) -> str:
    value = "" if value is None else str(value).replace("\x00", "\ufffd")
    return value if limit is None else value[:limit]


def _evidence(evidence: Iterable[Evidence]) -> list[str]:
    """The visitor's words behind a finding, as the chat shows them, without NUL characters."""
    return [_text(quote) for quote in quotes(evidence)]


def _json_safe(value: Any) -> Any:
    """A parsed answer as a JSON column holds it: texts without NUL, other objects as text."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Mapping):
        return {_text(key): _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_safe(item) for item in value]
    return _text(value)


def _total(outcome: Outcome, name: str) -> int | None:
    score = outcome.scores.get(name)
    return None if score is None or score.total is None else int(score.total)


def save_assessment(
    engine: Engine,
    *,
    assessment_id: str,
    sender_id: str,
    consent_at: datetime.datetime | str | None,
    outcome: Outcome,
    questions_asked: int,
    answers: Mapping[str, Mapping[str, Any]],
    summary_text: str | None,
    created_at: datetime.datetime | None = None,
) -> None:
    """Store an assessment from the engine's outcome and the visitor's answers.

    Saving the same assessment again (the outcome is shown again after a new red flag) replaces
    its outcome and answers; its creation time, status, booking requests and referrals stay.
    An assessment is never saved again with a less urgent disposition: that raises
    `LowerDisposition` and changes nothing.

    A red-flag assessment (any disposition but book_nmt) puts a notification in the outbox in
    the same transaction: once when it is first saved with a red flag, and once more each time
    it is saved again with a more urgent disposition (never for the same level twice).
    """
    row = {
        "sender_id": sender_id,
        "consent_at": naive_utc(consent_at),
        "disposition": outcome.disposition,
        "regions": list(outcome.regions),
        "sides": list(outcome.sides),
        "nprs": _total(outcome, "nprs"),
        "phq4": _total(outcome, "phq4"),
        "questions_asked": int(questions_asked),
        "summary_text": None if summary_text is None else _text(summary_text),
        "cautions": [
            {"id": _text(hit.id), "label": _text(hit.label), "evidence": _evidence(hit.evidence)}
            for hit in outcome.caution_hits
        ],
        "about_another": outcome.about_another,
        "clients": [_text(client) for client in outcome.clients],
    }
    with engine.begin() as connection:
        exists = connection.execute(
            select(assessment.c.disposition).where(assessment.c.id == assessment_id)
        ).first()
        if exists and urgency(outcome.disposition) < urgency(exists.disposition):
            raise LowerDisposition(
                f"assessment {assessment_id} is {exists.disposition}; not saved as "
                f"{outcome.disposition}"
            )
        if exists:
            connection.execute(
                update(assessment).where(assessment.c.id == assessment_id).values(**row)
            )
            for table in OUTCOME_TABLES:
                connection.execute(delete(table).where(table.c.assessment_id == assessment_id))
        else:
            connection.execute(
                insert(assessment).values(
                    id=assessment_id, created_at=naive_utc(created_at or utc_now()), **row
                )
            )
        _insert(connection, answer, _answer_rows(assessment_id, answers))
        _insert(connection, red_flag_hit, _red_flag_rows(assessment_id, outcome))
        _insert(connection, factor, _factor_rows(assessment_id, outcome))
        if outcome.disposition != BOOK_NMT and (
            not exists or urgency(outcome.disposition) > urgency(exists.disposition)
        ):
            _notify(connection, RED_FLAG_ASSESSMENT, assessment_id, outcome.disposition)


def _insert(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        connection.execute(insert(table), rows)


def _answer_rows(assessment_id: str, answers: Mapping[str, Mapping[str, Any]]):
    return [
        {
            "assessment_id": assessment_id,
            "question_id": question_id,
            "raw_text": _text(given.get("raw"), TEXT_CHARS),
            "parsed_value": _json_safe(given.get("value")),
            "how": given.get("how") or "asked",
        }
        for question_id, given in answers.items()
    ]


def _red_flag_rows(assessment_id: str, outcome: Outcome):
    return [
        {
            "assessment_id": assessment_id,
            "group_id": hit.group,
            "label": _text(hit.label),
            "disposition": hit.disposition,
            "evidence": _evidence(hit.evidence),
            "someone_else": hit.someone_else,
            "visitors_own": outcome.about_another and hit.visitors_own,
        }
        for hit in outcome.hits
    ]


def _factor_rows(assessment_id: str, outcome: Outcome):
    return [
        {
            "assessment_id": assessment_id,
            "group": group,
            "factor_id": found.id,
            "label": _text(found.label),
            "evidence": _evidence(found.evidence),
        }
        for group, factors in outcome.factors.items()
        for found in factors
    ]


def save_booking_request(
    engine: Engine,
    *,
    assessment_id: str,
    name: str,
    contact: str,
    preferred_times: str,
    consent_to_contact: bool,
    created_at: datetime.datetime | None = None,
    clearance_stated: bool = False,
) -> int:
    """Store a visitor's request to be contacted for a booking; returns its id.

    The clinic's notification of it goes in the outbox in the same transaction.
    `clearance_stated` marks a request made after a referral on a stated clearance
    (`booking_flag`): the clinic checks it before treatment.
    """
    with engine.begin() as connection:
        result = connection.execute(
            insert(booking_request).values(
                assessment_id=assessment_id,
                name=_text(name, TEXT_CHARS),
                contact=_text(contact, TEXT_CHARS),
                preferred_times=_text(preferred_times, TEXT_CHARS),
                consent_to_contact=bool(consent_to_contact),
                created_at=naive_utc(created_at or utc_now()),
                clearance_stated=bool(clearance_stated),
            )
        )
        request_id = result.inserted_primary_key[0]
        disposition = connection.execute(
            select(assessment.c.disposition).where(assessment.c.id == assessment_id)
        ).scalar_one()
        _notify(
            connection,
            BOOKING_REQUESTED,
            assessment_id,
            disposition,
            booking_request_id=request_id,
            clearance_stated=bool(clearance_stated),
        )
        return request_id


def _notify(
    connection: Connection,
    kind: str,
    assessment_id: str,
    disposition: str,
    booking_request_id: int | None = None,
    clearance_stated: bool = False,
) -> str:
    """Put one event in the outbox, a row per channel, in the caller's transaction; its id."""
    event_id = str(uuid.uuid4())
    now = naive_utc(utc_now())
    event = {
        "event_id": event_id,
        "kind": kind,
        "assessment_id": assessment_id,
        "disposition": disposition,
        "booking_request_id": booking_request_id,
        "clearance_stated": clearance_stated,
        "created_at": now,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
    }
    connection.execute(insert(outbox), [{**event, "channel": channel} for channel in CHANNELS])
    return event_id


def save_clearance(
    engine: Engine,
    *,
    assessment_id: str,
    statement: str,
    red_flags: Iterable[str],
    stated_at: datetime.datetime | None = None,
) -> int:
    """Record that the visitor says a doctor has cleared them: their words, when, and the
    red-flag groups of the assessment then; returns its id.

    Only for a stored referral (`CLEARABLE`): for an emergency, an assessment that needs no
    doctor or one that does not exist it raises `NotClearable` and records nothing. The
    assessment's disposition and red flags stay as they are.
    """
    with engine.begin() as connection:
        disposition = connection.execute(
            select(assessment.c.disposition).where(assessment.c.id == assessment_id)
        ).scalar()
        if disposition not in CLEARABLE:
            raise NotClearable(f"assessment {assessment_id} is {disposition}; no clearance")
        result = connection.execute(
            insert(clearance).values(
                assessment_id=assessment_id,
                statement=_text(statement, TEXT_CHARS),
                red_flags=[_text(group) for group in red_flags],
                stated_at=naive_utc(stated_at or utc_now()),
            )
        )
        return result.inserted_primary_key[0]


def covering_clearances(report: Report) -> list[Clearance]:
    """The clearances stated after every warning sign the assessment has now (none when a
    later red flag came after them, or when it is not a referral)."""
    if report.assessment.disposition not in CLEARABLE:
        return []
    groups = {hit.group_id for hit in report.red_flags}
    return [c for c in report.clearances if groups <= set(c.red_flags)]


def booking_flag(report: Report) -> bool | None:
    """How a booking request for this assessment is saved: unmarked (False) when it needs no
    doctor; marked "doctor clearance stated" (True) after a referral with a covering clearance;
    None when it cannot be requested online (an emergency, or a referral without one)."""
    if report.assessment.disposition == BOOK_NMT:
        return False
    return True if covering_clearances(report) else None


def save_referral(
    engine: Engine,
    *,
    assessment_id: str,
    summary_text: str,
    created_at: datetime.datetime | None = None,
) -> int:
    """Store the summary a visitor was given to take to a doctor; returns its id."""
    with engine.begin() as connection:
        result = connection.execute(
            insert(referral).values(
                assessment_id=assessment_id,
                summary_text=_text(summary_text),
                created_at=naive_utc(created_at or utc_now()),
            )
        )
        return result.inserted_primary_key[0]


def set_status(engine: Engine, assessment_id: str, status: str) -> None:
    """Record the clinic's follow-up: 'new', 'contacted' or 'closed'."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
    with engine.begin() as connection:
        result = connection.execute(
            update(assessment).where(assessment.c.id == assessment_id).values(status=status)
        )
    if result.rowcount == 0:
        raise KeyError(f"no assessment {assessment_id!r}")


NOTE_CHARS = 2_000


def add_note(
    engine: Engine,
    assessment_id: str,
    author: str,
    text: str,
    created_at: datetime.datetime | None = None,
) -> int:
    """Add a clinic user's note to an assessment; returns its id.

    The text is stripped and must not be empty (ValueError); it is cut to `NOTE_CHARS`.
    KeyError when there is no such assessment.
    """
    text = _text(text).strip()
    if not text:
        raise ValueError("a note needs some text")
    with engine.begin() as connection:
        found = connection.execute(
            select(assessment.c.id).where(assessment.c.id == assessment_id)
        ).first()
        if found is None:
            raise KeyError(f"no assessment {assessment_id!r}")
        result = connection.execute(
            insert(clinic_note).values(
                assessment_id=assessment_id,
                author=_text(author, 64),
                text=text[:NOTE_CHARS],
                created_at=naive_utc(created_at or utc_now()),
            )
        )
        return result.inserted_primary_key[0]


def count_start(engine: Engine, at: datetime.datetime | None = None) -> None:
    """Count one conversation started in the hour of `at` (now by default)."""
    hour = naive_utc(at or utc_now()).replace(minute=0, second=0, microsecond=0)
    add = (
        update(conversation_start)
        .where(conversation_start.c.hour == hour)
        .values(count=conversation_start.c.count + 1)
    )
    for attempt in range(2):
        try:
            with engine.begin() as connection:
                if connection.execute(add).rowcount == 0:
                    connection.execute(insert(conversation_start).values(hour=hour, count=1))
            return
        except IntegrityError:  # another process made the hour's row first: add to it
            if attempt:
                raise


# --- the clinic dashboard's sessions and failed logins ----------------------------------------


def save_clinic_session(
    engine: Engine,
    token_hash: str,
    username: str,
    created_at: datetime.datetime,
    expires_at: datetime.datetime,
) -> None:
    """Store a new dashboard session by its token's hash; every expired session is deleted."""
    with engine.begin() as connection:
        connection.execute(
            delete(clinic_session).where(clinic_session.c.expires_at <= naive_utc(created_at))
        )
        connection.execute(
            insert(clinic_session).values(
                token_hash=token_hash,
                username=username,
                created_at=naive_utc(created_at),
                expires_at=naive_utc(expires_at),
            )
        )


def clinic_session_user(engine: Engine, token_hash: str, now: datetime.datetime) -> str | None:
    """The user of the session with this token hash, if it has not expired by `now`.

    An expired session found here is deleted.
    """
    with engine.begin() as connection:
        row = connection.execute(
            select(clinic_session.c.username, clinic_session.c.expires_at).where(
                clinic_session.c.token_hash == token_hash
            )
        ).first()
        if row is None:
            return None
        if row.expires_at <= naive_utc(now):
            connection.execute(
                delete(clinic_session).where(clinic_session.c.token_hash == token_hash)
            )
            return None
        return row.username


def delete_clinic_session(engine: Engine, token_hash: str) -> None:
    with engine.begin() as connection:
        connection.execute(delete(clinic_session).where(clinic_session.c.token_hash == token_hash))


def add_login_failure(
    engine: Engine, username: str, failed_at: datetime.datetime, forget_before: datetime.datetime
) -> None:
    """Record a failed login; anyone's failures at or before `forget_before` are deleted."""
    with engine.begin() as connection:
        connection.execute(
            delete(login_failure).where(login_failure.c.failed_at <= naive_utc(forget_before))
        )
        connection.execute(
            insert(login_failure).values(username=username, failed_at=naive_utc(failed_at))
        )


def count_login_failures(engine: Engine, username: str, since: datetime.datetime) -> int:
    """How many logins of `username` failed after `since`."""
    with engine.begin() as connection:
        return connection.execute(
            select(func.count())
            .select_from(login_failure)
            .where(
                login_failure.c.username == username, login_failure.c.failed_at > naive_utc(since)
            )
        ).scalar_one()


def clear_login_failures(engine: Engine, username: str) -> None:
    with engine.begin() as connection:
        connection.execute(delete(login_failure).where(login_failure.c.username == username))


# --- reading ---------------------------------------------------------------------------------


def _assessment(row, clearance_booking: bool = False, visitors_own: bool = False) -> Assessment:
    return Assessment(
        id=row.id,
        sender_id=row.sender_id,
        created_at=aware_utc(row.created_at),
        consent_at=aware_utc(row.consent_at),
        disposition=row.disposition,
        regions=list(row.regions),
        sides=list(row.sides),
        nprs=row.nprs,
        phq4=row.phq4,
        questions_asked=row.questions_asked,
        summary_text=row.summary_text,
        status=row.status,
        clearance_booking=clearance_booking,
        about_another=row.about_another,
        clients=tuple(row.clients or ()),
        visitors_own_red_flag=visitors_own,
    )


def _urgency_first():
    """ORDER BY terms: the most urgent disposition first (red flags by urgency), then the
    newest, then the reference (a stable order for paging)."""
    ranks = case({d: urgency(d) for d in DISPOSITIONS}, value=assessment.c.disposition, else_=-1)
    return (ranks.desc(), assessment.c.created_at.desc(), assessment.c.id)


def _clearance_marked():
    return (
        exists()
        .where(booking_request.c.assessment_id == assessment.c.id)
        .where(booking_request.c.clearance_stated)
        .label("clearance_booking")
    )


def _visitors_own_marked():
    return (
        exists()
        .where(red_flag_hit.c.assessment_id == assessment.c.id)
        .where(red_flag_hit.c.visitors_own)
        .label("visitors_own")
    )


def _has_region(region: str):
    """The JSON list `regions` holds this id: its text holds the id in quotes (region ids are
    [a-z_] and checked against regions.yml by the dashboard; LIKE wildcards are escaped)."""
    return cast(assessment.c.regions, Text).contains(f'"{region}"', autoescape=True)


SEARCH_CHARS = 100


def _search(text_: str):
    """A reference (its start, any case) or a name in a booking request (any part of it)."""
    term = text_.strip().lower()[:SEARCH_CHARS]
    by_name = (
        exists()
        .where(booking_request.c.assessment_id == assessment.c.id)
        .where(func.lower(booking_request.c.name).contains(term, autoescape=True))
    )
    return or_(func.lower(assessment.c.id).startswith(term, autoescape=True), by_name)


def _filters(
    disposition: str | None,
    region: str | None,
    status: str | None = None,
    search: str | None = None,
) -> list[Any]:
    conditions = []
    if disposition is not None:
        conditions.append(assessment.c.disposition == disposition)
    if region is not None:
        conditions.append(_has_region(region))
    if status is not None:
        conditions.append(assessment.c.status == status)
    if search is not None and search.strip():
        conditions.append(_search(search))
    return conditions


def list_assessments(
    engine: Engine, disposition: str | None = None, region: str | None = None
) -> list[Assessment]:
    """Every assessment for the clinic: red-flag cases first, the most urgent first, then the
    rest; newest first in each."""
    query = (
        select(assessment, _clearance_marked(), _visitors_own_marked())
        .where(*_filters(disposition, region))
        .order_by(*_urgency_first())
    )
    with engine.connect() as connection:
        return [
            _assessment(row, row.clearance_booking, row.visitors_own)
            for row in connection.execute(query)
        ]


@dataclass(frozen=True)
class Listed:
    """One row of the dashboard's list: the assessment, its latest booking request (None when
    there is none) and how many notes it has."""

    assessment: Assessment
    booking: BookingRequest | None
    notes: int


@dataclass(frozen=True)
class Page:
    rows: list[Listed]
    total: int  # assessments matching the filters, on all pages
    page: int  # from 1
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _booking(r) -> BookingRequest:
    return BookingRequest(
        r.id,
        r.name,
        r.contact,
        r.preferred_times,
        r.consent_to_contact,
        aware_utc(r.created_at),
        r.clearance_stated,
    )


def list_page(
    engine: Engine,
    *,
    disposition: str | None = None,
    region: str | None = None,
    status: str | None = None,
    search: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> Page:
    """One page of assessments for the dashboard, in `list_assessments`'s order, filtered, and
    searched by reference or booking name (`search`); a page past the last is the last."""
    conditions = _filters(disposition, region, status, search)
    with engine.connect() as connection:
        total = connection.execute(
            select(func.count()).select_from(assessment).where(*conditions)
        ).scalar_one()
        pages = max(1, -(-total // per_page))
        page = min(max(1, page), pages)
        # the page's references first (a narrow sort), then their rows
        ids = (
            connection.execute(
                select(assessment.c.id)
                .where(*conditions)
                .order_by(*_urgency_first())
                .limit(per_page)
                .offset((page - 1) * per_page)
            )
            .scalars()
            .all()
        )
        found = []
        if ids:
            by_id = {
                row.id: row
                for row in connection.execute(
                    select(assessment, _clearance_marked(), _visitors_own_marked()).where(
                        assessment.c.id.in_(ids)
                    )
                )
            }
            found = [by_id[i] for i in ids]
        latest: dict[str, BookingRequest] = {}
        notes: dict[str, int] = {}
        if ids:
            for r in connection.execute(
                select(booking_request)
                .where(booking_request.c.assessment_id.in_(ids))
                .order_by(booking_request.c.id)
            ):
                latest[r.assessment_id] = _booking(r)  # the last one wins
            notes = dict(
                connection.execute(
                    select(clinic_note.c.assessment_id, func.count())
                    .where(clinic_note.c.assessment_id.in_(ids))
                    .group_by(clinic_note.c.assessment_id)
                ).all()
            )
    return Page(
        rows=[
            Listed(
                _assessment(row, row.clearance_booking, row.visitors_own),
                latest.get(row.id),
                notes.get(row.id, 0),
            )
            for row in found
        ],
        total=total,
        page=page,
        per_page=per_page,
    )


def _stored_cautions(value: Any) -> list[Caution] | None:
    if value is None:
        return None
    return [
        Caution(str(item.get("id")), str(item.get("label") or ""), list(item.get("evidence") or []))
        for item in value
        if isinstance(item, Mapping)
    ]


def get_assessment(engine: Engine, assessment_id: str) -> Report | None:
    """Everything stored about one assessment, or None when there is no such assessment."""
    with engine.connect() as connection:
        row = connection.execute(select(assessment).where(assessment.c.id == assessment_id)).first()
        if row is None:
            return None

        def rows(table: Table):
            return connection.execute(
                select(table).where(table.c.assessment_id == assessment_id).order_by(table.c.id)
            ).all()

        red_flags = [
            RedFlagHit(
                r.group_id,
                r.label,
                r.disposition,
                list(r.evidence),
                r.someone_else,
                r.visitors_own,
            )
            for r in rows(red_flag_hit)
        ]
        return Report(
            assessment=_assessment(row, visitors_own=any(hit.visitors_own for hit in red_flags)),
            answers=[
                Answer(r.question_id, r.raw_text, r.parsed_value, r.how) for r in rows(answer)
            ],
            red_flags=red_flags,
            factors=[Factor(r.group, r.factor_id, r.label, list(r.evidence)) for r in rows(factor)],
            booking_requests=[_booking(r) for r in rows(booking_request)],
            referrals=[
                Referral(r.id, aware_utc(r.created_at), r.summary_text) for r in rows(referral)
            ],
            cautions=_stored_cautions(row.cautions),
            clearances=[
                Clearance(r.id, r.statement, list(r.red_flags), aware_utc(r.stated_at))
                for r in rows(clearance)
            ],
            notes=[
                Note(r.id, r.author, r.text, aware_utc(r.created_at)) for r in rows(clinic_note)
            ],
        )


# --- the dashboard's period summary ----------------------------------------------------------

# Rasa's `events` table (rasa/core/tracker_store.py, SQLEvent), as far as the summary reads it:
# a slot event's `action_name` is the slot's name.
_events = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("type_name", String(255)),
    Column("timestamp", Float),
    Column("action_name", String(255)),
    Column("data", Text),
)
CONSENT_SLOT = "consent_time"
REFERRALS = tuple(d for d in DISPOSITIONS if d not in (EMERGENCY, BOOK_NMT))


@dataclass(frozen=True)
class Summary:
    """What happened in a period, counted by conversation (a visitor's Rasa conversation).

    - `started`: conversations started, from the hourly counter (`count_start`); None when
      nothing has been counted yet. `counted_since`: the first hour ever counted.
    - `consented`: conversations whose visitor consented in the period (Rasa's consent events,
      and the consent time of stored assessments); `finished`: those with an assessment;
      `unfinished`: the others (the visitor consented and left before the outcome).
    - `booking_requested`, `referred` (a doctor, today or soon), `emergency`: finished
      conversations with such an assessment (one conversation can be in two).
    - `assessments`: assessments made in the period.
    - `conversations_read`: whether Rasa's events table was found in this database.
    """

    started: int | None
    counted_since: datetime.datetime | None
    consented: int
    finished: int
    unfinished: int
    booking_requested: int
    referred: int
    emergency: int
    assessments: int
    conversations_read: bool


def _epoch(moment: datetime.datetime) -> float:
    return moment.astimezone(datetime.UTC).timestamp()


def _consented_senders(connection: Connection, start, end) -> tuple[set[str], bool]:
    """Conversations with a consent event in [start, end), and whether `events` exists."""
    if not inspect(connection).has_table("events"):
        return set(), False
    rows = connection.execute(
        select(_events.c.sender_id, _events.c.data).where(
            _events.c.type_name == "slot",
            _events.c.action_name == CONSENT_SLOT,
            _events.c.timestamp >= _epoch(start),
            _events.c.timestamp < _epoch(end),
        )
    )
    senders = set()
    for sender_id, data in rows:
        try:
            value = json.loads(data).get("value")
        except (TypeError, ValueError, AttributeError):
            continue
        if value is not None:
            senders.add(sender_id)
    return senders, True


def period_summary(engine: Engine, start: datetime.datetime, end: datetime.datetime) -> Summary:
    """The counts of [start, end) (aware datetimes) for the dashboard's summary."""
    low, high = naive_utc(start), naive_utc(end)
    booked = exists().where(booking_request.c.assessment_id == assessment.c.id).label("booked")
    with engine.connect() as connection:
        consented, read = _consented_senders(connection, start, end)
        # any assessment of a conversation that consented in the period was made after start
        later = connection.execute(
            select(
                assessment.c.sender_id,
                assessment.c.consent_at,
                assessment.c.created_at,
                assessment.c.disposition,
                booked,
            ).where(assessment.c.created_at >= low)
        ).all()
        starts = connection.execute(
            select(func.sum(conversation_start.c.count)).where(
                conversation_start.c.hour >= low, conversation_start.c.hour < high
            )
        ).scalar()
        since = connection.execute(select(func.min(conversation_start.c.hour))).scalar()
    consented |= {
        a.sender_id for a in later if a.consent_at is not None and low <= a.consent_at < high
    }
    mine = [a for a in later if a.sender_id in consented]
    finished = {a.sender_id for a in mine}

    def senders(keep) -> int:
        return len({a.sender_id for a in mine if keep(a)})

    return Summary(
        started=None if since is None else int(starts or 0),
        counted_since=aware_utc(since),
        consented=len(consented),
        finished=len(finished),
        unfinished=len(consented - finished),
        booking_requested=senders(lambda a: a.booked),
        referred=senders(lambda a: a.disposition in REFERRALS),
        emergency=senders(lambda a: a.disposition == EMERGENCY),
        assessments=sum(1 for a in later if a.created_at < high),
        conversations_read=read,
    )
