"""The schema of stored assessments, built and upgraded by numbered migrations.

We deliberately do not use Alembic: it would add a package to the locked dependency set
(requirements.lock) for a few migrations. This runner is small and explicit instead:

- `schema_version` holds one integer, the number of the last migration applied (0 when empty);
- `MIGRATIONS` lists (version, description, function(connection)) in order;
- `upgrade(engine)` applies the missing ones, each in its own transaction together with the
  new version number, so a failed migration leaves the database as it was. Running it again
  does nothing.

Each migration describes its tables as they were when it was written (its own MetaData), never
with the tables of bot/clinic/store.py: those follow the newest schema, and an old migration
must keep building the old one. tests/test_store.py checks that the migrated schema matches
bot/clinic/store.py.

Two processes may upgrade at once (the action server and a dashboard both call
`store.open_store`), so each migration first takes a lock: an advisory lock on PostgreSQL, the
database's write lock on SQLite. So SQLite engines must come from `store.engine_for`, which
runs DDL inside transactions and begins each with BEGIN IMMEDIATE (the write lock).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Connection, Engine

# Any fixed number: the key of the PostgreSQL advisory lock held while migrating.
_LOCK_KEY = 4_604_271


def _cascade(name: str) -> Column:
    """The foreign key to the assessment that every other table has; deleting it deletes them."""
    return Column(
        name,
        String(12),
        ForeignKey("assessment.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def _create_assessment_tables(connection: Connection) -> None:
    """Version 1: the assessment and what it found, without status and without referrals."""
    metadata = MetaData()
    Table(
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
    )
    Table(
        "answer",
        metadata,
        Column("id", Integer, primary_key=True),
        _cascade("assessment_id"),
        Column("question_id", String(64), nullable=False),
        Column("raw_text", Text, nullable=False),
        Column("parsed_value", JSON),
        Column("how", String(16), nullable=False),
        UniqueConstraint("assessment_id", "question_id"),
    )
    Table(
        "red_flag_hit",
        metadata,
        Column("id", Integer, primary_key=True),
        _cascade("assessment_id"),
        Column("group_id", String(64), nullable=False),
        Column("label", Text, nullable=False),
        Column("disposition", String(32), nullable=False),
        Column("evidence", JSON, nullable=False),
    )
    Table(
        "factor",
        metadata,
        Column("id", Integer, primary_key=True),
        _cascade("assessment_id"),
        Column("group", String(16), nullable=False),
        Column("factor_id", String(64), nullable=False),
        Column("label", Text, nullable=False),
        Column("evidence", JSON, nullable=False),
    )
    Table(
        "booking_request",
        metadata,
        Column("id", Integer, primary_key=True),
        _cascade("assessment_id"),
        Column("name", Text, nullable=False),
        Column("contact", Text, nullable=False),
        Column("preferred_times", Text, nullable=False),
        Column("consent_to_contact", Boolean, nullable=False),
        Column("created_at", DateTime, nullable=False),
    )
    metadata.create_all(connection)


def _add_status_and_referral(connection: Connection) -> None:
    """Version 2: the clinic's follow-up status of an assessment, and referral summaries.

    Existing assessments get the status 'new' from the column's default.
    """
    connection.execute(
        text(
            "ALTER TABLE assessment ADD COLUMN status VARCHAR(16) DEFAULT 'new' NOT NULL"
            " CHECK (status IN ('new', 'contacted', 'closed'))"
        )
    )
    metadata = MetaData()
    Table("assessment", metadata, Column("id", String(12), primary_key=True))
    Table(
        "referral",
        metadata,
        Column("id", Integer, primary_key=True),
        _cascade("assessment_id"),
        Column("created_at", DateTime, nullable=False),
        Column("summary_text", Text, nullable=False),
    )
    metadata.tables["referral"].create(connection)


def _add_assessment_cautions(connection: Connection) -> None:
    """Version 3: the cautions found for the therapist, with the visitor's words behind them.

    A JSON list on the assessment row (not a table of its own): they are read only with their
    assessment, are replaced with its outcome, and go with it when it is erased or purged.
    Existing assessments get NULL, which the dashboard reads as "not kept then" (it falls back
    to the answer to the cautions question), never as "none found".
    """
    connection.execute(text("ALTER TABLE assessment ADD COLUMN cautions JSON"))


def _add_clinic_logins(connection: Connection) -> None:
    """Version 4: the clinic dashboard's sessions and failed logins (bot/web/auth.py).

    They were kept in the web app's memory before, so there is nothing to carry over: everyone
    logs in again once.
    """
    metadata = MetaData()
    Table(
        "clinic_session",
        metadata,
        Column("token_hash", String(64), primary_key=True),
        Column("username", String(64), nullable=False),
        Column("created_at", DateTime, nullable=False),
        Column("expires_at", DateTime, nullable=False, index=True),
    )
    Table(
        "login_failure",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("username", String(64), nullable=False, index=True),
        Column("failed_at", DateTime, nullable=False, index=True),
    )
    metadata.create_all(connection)


def _add_clearance(connection: Connection) -> None:
    """Version 5: a doctor's clearance the visitor stated after a referral, and the mark on the
    booking requests made on it (issue 12). Existing requests are unmarked: they were all for
    assessments that needed no doctor.
    """
    connection.execute(
        text(
            "ALTER TABLE booking_request ADD COLUMN clearance_stated BOOLEAN DEFAULT FALSE NOT NULL"
        )
    )
    metadata = MetaData()
    Table("assessment", metadata, Column("id", String(12), primary_key=True))
    Table(
        "clearance",
        metadata,
        Column("id", Integer, primary_key=True),
        _cascade("assessment_id"),
        Column("statement", Text, nullable=False),
        Column("red_flags", JSON, nullable=False),
        Column("stated_at", DateTime, nullable=False),
    )
    metadata.tables["clearance"].create(connection)


def _add_outbox(connection: Connection) -> None:
    """Version 6: the notifications still to send, one row per event and channel (email,
    webhook), written in the transaction that saves the booking request or the red-flag
    assessment (bot/clinic/notify.py sends them). Nothing existing is notified.
    """
    metadata = MetaData()
    Table("assessment", metadata, Column("id", String(12), primary_key=True))
    Table(
        "outbox",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("event_id", String(36), nullable=False),
        Column("channel", String(16), nullable=False),
        Column("kind", String(32), nullable=False),
        _cascade("assessment_id"),
        Column("disposition", String(32), nullable=False),
        Column("booking_request_id", Integer),
        Column("clearance_stated", Boolean, nullable=False),
        Column("created_at", DateTime, nullable=False),
        Column("status", String(16), nullable=False),
        Column("attempts", Integer, nullable=False),
        Column("next_attempt_at", DateTime, nullable=False, index=True),
        Column("sent_at", DateTime),
        Column("last_error", Text),
        UniqueConstraint("event_id", "channel"),
    )
    metadata.tables["outbox"].create(connection)


def _add_notes_and_starts(connection: Connection) -> None:
    """Version 7: the clinic's notes on an assessment (who wrote what, when), an hourly count
    of conversations started (a number only: nothing of the visitor), and indexes for the
    dashboard's paged list (a covering index for its order) and its period summary.
    """
    metadata = MetaData()
    Table("assessment", metadata, Column("id", String(12), primary_key=True))
    Table(
        "clinic_note",
        metadata,
        Column("id", Integer, primary_key=True),
        _cascade("assessment_id"),
        Column("author", String(64), nullable=False),
        Column("text", Text, nullable=False),
        Column("created_at", DateTime, nullable=False),
    )
    Table(
        "conversation_start",
        metadata,
        Column("hour", DateTime, primary_key=True),
        Column("count", Integer, nullable=False),
    )
    metadata.tables["clinic_note"].create(connection)
    metadata.tables["conversation_start"].create(connection)
    connection.execute(
        text("CREATE INDEX ix_assessment_list ON assessment (disposition, created_at, id)")
    )
    connection.execute(text("CREATE INDEX ix_assessment_consent_at ON assessment (consent_at)"))


def _add_someone_else(connection: Connection) -> None:
    """Version 8: whether a red flag was raised on someone else's sign, told as theirs now
    (bot/engine/assessment.py `someone_elses`): the visitor was advised to get them help.
    Existing hits are the visitor's own, as they were read when saved.
    """
    connection.execute(
        text("ALTER TABLE red_flag_hit ADD COLUMN someone_else BOOLEAN DEFAULT FALSE NOT NULL")
    )


def _add_about_another(connection: Connection) -> None:
    """Version 9: whether an assessment is about someone other than the visitor (booked for, or
    told only of: bot/engine/assessment.py `Outcome.about_another`), and the people it books for
    as the visitor named them ("dad"). Existing assessments read as the visitor's own, with no
    one named (their therapist summary says it if they were not).
    """
    connection.execute(
        text("ALTER TABLE assessment ADD COLUMN about_another BOOLEAN DEFAULT FALSE NOT NULL")
    )
    connection.execute(text("ALTER TABLE assessment ADD COLUMN clients JSON"))


def _add_visitors_own(connection: Connection) -> None:
    """Version 10: in an assessment about someone else, whether a red flag was raised on the
    visitor's own sign ("Booking for my dad ... Also I have had crushing chest pain":
    bot/engine/assessment.py `_visitors_own`): the advice was the visitor's. Existing hits read
    as the client's, as they were shown when saved.
    """
    connection.execute(
        text("ALTER TABLE red_flag_hit ADD COLUMN visitors_own BOOLEAN DEFAULT FALSE NOT NULL")
    )


Migration = tuple[int, str, Callable[[Connection], None]]

MIGRATIONS: list[Migration] = [
    (1, "assessments, answers, red flags, factors, booking requests", _create_assessment_tables),
    (2, "assessment.status and referrals", _add_status_and_referral),
    (3, "assessment.cautions", _add_assessment_cautions),
    (4, "clinic dashboard sessions and failed logins", _add_clinic_logins),
    (5, "doctor's clearances and the booking requests made on them", _add_clearance),
    (6, "the outbox of notifications (email, webhook)", _add_outbox),
    (7, "clinic notes, conversation start counts, dashboard indexes", _add_notes_and_starts),
    (8, "red_flag_hit.someone_else", _add_someone_else),
    (9, "assessment.about_another and assessment.clients", _add_about_another),
    (10, "red_flag_hit.visitors_own", _add_visitors_own),
]

LATEST = MIGRATIONS[-1][0]


def _lock(connection: Connection) -> None:
    """Serialize migrations across processes, and make sure `schema_version` exists."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    # on SQLite the transaction already holds the write lock (BEGIN IMMEDIATE, store.engine_for)
    connection.execute(text("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"))


def _version(connection: Connection) -> int:
    return connection.execute(text("SELECT MAX(version) FROM schema_version")).scalar() or 0


def current_version(engine: Engine) -> int:
    """The last migration applied to the database (0 for an empty database)."""
    with engine.begin() as connection:
        _lock(connection)
        return _version(connection)


def upgrade(engine: Engine, to: int = LATEST) -> list[int]:
    """Apply the migrations the database lacks, up to version `to`; returns those applied."""
    applied = []
    for version, _description, migrate in MIGRATIONS:
        if version > to:
            break
        with engine.begin() as connection:
            _lock(connection)
            current = _version(connection)
            if current >= version:
                continue
            if current != version - 1:
                raise RuntimeError(f"schema version {current} cannot be upgraded to {version}")
            migrate(connection)
            connection.execute(text("DELETE FROM schema_version"))
            connection.execute(
                text("INSERT INTO schema_version (version) VALUES (:version)"),
                {"version": version},
            )
        applied.append(version)
    return applied
