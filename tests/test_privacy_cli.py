"""The privacy commands: erase one visitor everywhere, purge what is past retention."""

from __future__ import annotations

import datetime
import json
import sqlite3

import pytest

from bot import cli, dialogue, store, summary


@pytest.fixture
def stores(tmp_path, monkeypatch, content, today):
    """A real assessment store and a Rasa-style tracker store with two visitors in each."""
    url = f"sqlite:///{tmp_path / 'nmt.db'}"
    tracker_db = tmp_path / "tracker.db"
    monkeypatch.setenv("NMT_DATABASE_URL", url)
    monkeypatch.setenv("NMT_TRACKER_DB", str(tracker_db))
    engine = store.open_store(url)
    with sqlite3.connect(tracker_db) as db:
        db.execute(
            "create table events (id integer primary key, sender_id text, type_name text,"
            " timestamp real, intent_name text, action_name text, data text)"
        )
        for sender in ("visitor-one-0000000000", "visitor-two-0000000000"):
            db.execute(
                "insert into events (sender_id, type_name, timestamp, data) values (?, ?, ?, ?)",
                (sender, "user", datetime.datetime.now().timestamp(), json.dumps({"text": "hi"})),
            )
    answers = {"region": {"raw": "my neck", "value": ["neck"], "how": "asked"}}
    outcome = dialogue.evaluate(answers, ["my neck"], content, today)
    for ref, sender in (
        ("aaaaaaaaaaaa", "visitor-one-0000000000"),
        ("bbbbbbbbbbbb", "visitor-two-0000000000"),
    ):
        store.save_assessment(
            engine,
            assessment_id=ref,
            sender_id=sender,
            consent_at=datetime.datetime.now(datetime.UTC),
            payload=summary.outcome_payload(outcome, ref, 1, content),
            answers=answers,
            summary_text="summary",
        )
    return engine, tracker_db


def senders(tracker_db):
    with sqlite3.connect(tracker_db) as db:
        return {row[0] for row in db.execute("select sender_id from events")}


def test_erase_by_reference_leaves_no_trace_of_that_visitor(stores, capsys):
    engine, tracker_db = stores
    assert cli.main(["erase", "--assessment", "aaaaaaaaaaaa"]) == 0
    assert "1 assessment" in capsys.readouterr().out
    assert [a.id for a in store.list_assessments(engine)] == ["bbbbbbbbbbbb"]
    assert senders(tracker_db) == {"visitor-two-0000000000"}


def test_erase_by_conversation_id(stores):
    engine, tracker_db = stores
    assert cli.main(["erase", "--sender", "visitor-two-0000000000"]) == 0
    assert [a.id for a in store.list_assessments(engine)] == ["aaaaaaaaaaaa"]
    assert senders(tracker_db) == {"visitor-one-0000000000"}


def test_erasing_someone_unknown_says_so(stores, capsys):
    assert cli.main(["erase", "--assessment", "'; drop table assessment; --"]) == 1
    assert "nothing stored" in capsys.readouterr().err
    assert len(store.list_assessments(stores[0])) == 2


def test_purge_keeps_what_is_within_the_retention_period(stores, capsys):
    engine, tracker_db = stores
    assert cli.main(["purge", "--days", "30"]) == 0
    assert len(store.list_assessments(engine)) == 2
    assert len(senders(tracker_db)) == 2
    assert cli.main(["purge", "--days", "0"]) == 2  # refused: it would erase everything
