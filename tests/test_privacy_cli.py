"""The privacy commands: erase one visitor everywhere, purge what is past retention.

Run on SQLite and on a real PostgreSQL server, with conversations written by the tracker store
endpoints.yml names, into the one database (NMT_DATABASE_URL) that holds the assessments too.
"""

from __future__ import annotations

import asyncio
import datetime
import time
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import text
from stored import answer, save_assessment

from bot import cli
from bot.clinic import store
from components.tracker_store import ConsentTrackerStore

pytest_plugins = ["postgres"]

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def url(database_url):
    """Once on SQLite, once on PostgreSQL (tests/postgres.py)."""
    return database_url


def conversation(sender: str, domain, days_ago: float = 0) -> DialogueStateTracker:
    """A consented conversation, as Rasa's tracker store holds it."""
    at = time.time() - days_ago * 86400
    events = [
        ActionExecuted("action_session_start", timestamp=at),
        SessionStarted(timestamp=at),
        UserUttered("hi, my neck hurts", {"name": "greet"}, timestamp=at + 1),
        SlotSet("consent_time", "2026-11-21T10:00:00+00:00", timestamp=at + 2),
    ]
    return DialogueStateTracker.from_events(sender, events, slots=domain.slots)


@pytest.fixture
def stores(url, monkeypatch, content, today):
    """One database, as `make run` has it: two visitors' conversations and assessments."""
    monkeypatch.setenv("NMT_DATABASE_URL", url)
    domain = Domain.load(str(ROOT / "domain.yml"))
    tracker_store = ConsentTrackerStore(domain=domain, host=url)
    for sender in ("visitor-one-0000000000", "visitor-two-0000000000"):
        asyncio.run(tracker_store.save(conversation(sender, domain)))
    tracker_store.engine.dispose()
    engine = store.open_store(url)
    answers = {"region": answer("my neck", ["neck"])}
    for ref, sender in (
        ("aaaaaaaaaaaa", "visitor-one-0000000000"),
        ("bbbbbbbbbbbb", "visitor-two-0000000000"),
    ):
        now = datetime.datetime.now(datetime.UTC)
        save_assessment(engine, content, today, ref, answers, sender_id=sender, consent_at=now)
    yield engine, domain
    engine.dispose()


def senders(engine) -> set[str]:
    with engine.connect() as connection:
        return {row[0] for row in connection.execute(text("SELECT sender_id FROM events"))}


def test_erase_by_reference_leaves_no_trace_of_that_visitor(stores, capsys):
    engine, _ = stores
    assert cli.main(["erase", "--assessment", "aaaaaaaaaaaa"]) == 0
    assert "1 assessment" in capsys.readouterr().out
    assert [a.id for a in store.list_assessments(engine)] == ["bbbbbbbbbbbb"]
    assert senders(engine) == {"visitor-two-0000000000"}


def test_erase_by_conversation_id(stores):
    engine, _ = stores
    assert cli.main(["erase", "--sender", "visitor-two-0000000000"]) == 0
    assert [a.id for a in store.list_assessments(engine)] == ["aaaaaaaaaaaa"]
    assert senders(engine) == {"visitor-one-0000000000"}


def test_erasing_someone_unknown_says_so(stores, capsys):
    assert cli.main(["erase", "--assessment", "'; drop table assessment; --"]) == 1
    assert "nothing stored" in capsys.readouterr().err
    assert len(store.list_assessments(stores[0])) == 2


def test_purge_keeps_what_is_within_the_retention_period(stores, capsys):
    engine, _ = stores
    assert cli.main(["purge", "--days", "30"]) == 0
    assert len(store.list_assessments(engine)) == 2
    assert len(senders(engine)) == 2
    assert cli.main(["purge", "--days", "0"]) == 2  # refused: it would erase everything


def test_purge_erases_what_is_past_retention_in_both(stores, content, today, capsys):
    engine, domain = stores
    old = "visitor-old-0000000000"
    tracker_store = ConsentTrackerStore(domain=domain, host=str(engine.url))
    asyncio.run(tracker_store.save(conversation(old, domain, days_ago=400)))
    tracker_store.engine.dispose()
    then = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=400)
    answers = {"region": answer("my back", ["lower_back"])}
    save_assessment(
        engine,
        content,
        today,
        "cccccccccccc",
        answers,
        sender_id=old,
        consent_at=then,
        created_at=then,
    )
    assert cli.main(["purge", "--days", "365"]) == 0
    assert "1 assessment" in capsys.readouterr().out
    assert {a.id for a in store.list_assessments(engine)} == {"aaaaaaaaaaaa", "bbbbbbbbbbbb"}
    assert old not in senders(engine) and len(senders(engine)) == 2
