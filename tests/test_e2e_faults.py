"""Faults with the real servers (marked e2e): the action server killed, Rasa killed, and the
database stopped mid-conversation. No visitor message may be lost silently, and a red flag said
during a fault is raised once the fault is over (issue 10; docs/safety.md).

The servers run on a PostgreSQL server of this module's own, which the test stops and starts.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import pytest

from bot.clinic import store
from evaluation.runner import find_outcome, rest_sender
from evaluation.servers import free_port, running_servers
from tests.postgres import PostgresServer
from tests.stored import typed_texts

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parent.parent
EMERGENCY_TEXT = "I suddenly can't control my bladder and my groin is numb"


@pytest.fixture(scope="module")
def postgres():
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.remove()


@pytest.fixture(scope="module")
def database(postgres):
    return postgres.create_database(f"faults_{uuid.uuid4().hex[:8]}")


@pytest.fixture(scope="module")
def servers(database, tmp_path_factory):
    with running_servers(
        ROOT / "models" / "nmt.tar.gz",
        database,
        rasa_port=free_port(),
        actions_port=free_port(),
        log_dir=tmp_path_factory.mktemp("faults") / "logs",
    ) as running:
        yield running


def paused(replies: list[dict]) -> list[dict]:
    return [m for m in replies if (m.get("custom") or {}).get("type") == "service_paused"]


def consented(send, sender: str) -> None:
    send(sender, "hi, my lower back hurts")
    replies = send(sender, "yes")
    assert any((m.get("custom") or {}).get("type") == "question" for m in replies)


def outcome_within(send, sender: str, texts: list[str]) -> dict | None:
    for text in texts:
        found = find_outcome(send(sender, text))
        if found:
            return found
    return None


def test_with_the_action_server_down_the_visitor_is_told_and_the_red_flag_raised_after(
    servers, database
):
    send = rest_sender(servers.rest_url)
    sender = uuid.uuid4().hex
    consented(send, sender)
    servers.kill("actions")
    try:
        replies = send(sender, EMERGENCY_TEXT)
    finally:
        servers.start("actions")  # for the next tests, whatever this one finds
    [notice] = paused(replies)
    assert "call your local emergency number now" in notice["text"].lower()
    outcome = outcome_within(send, sender, ["are you there?", "hello?"])
    assert outcome is not None and outcome["disposition"] == "emergency"
    assert "cauda_equina" in outcome["red_flags"]
    assert EMERGENCY_TEXT in typed_texts(database, sender)  # nothing lost
    report = store.get_assessment(store.engine_for(database), outcome["assessment_id"])
    assert report.assessment.disposition == "emergency"


def test_a_rasa_restart_loses_nothing_of_a_consented_conversation(servers, database):
    send = rest_sender(servers.rest_url)
    sender = uuid.uuid4().hex
    consented(send, sender)
    send(sender, "lower back, on the left")
    servers.kill("rasa")
    servers.start("rasa")
    replies = send(sender, "about 3 weeks")
    assert any((m.get("custom") or {}).get("type") == "question" for m in replies)
    assert not paused(replies)
    assert typed_texts(database, sender) == [
        "hi, my lower back hurts",
        "yes",
        "lower back, on the left",
        "about 3 weeks",
    ]


def test_a_database_outage_is_told_and_the_conversation_resumes_after(servers, database, postgres):
    send = rest_sender(servers.rest_url)
    sender = uuid.uuid4().hex
    consented(send, sender)
    send(sender, "lower back, on the left")
    postgres.stop()
    try:
        started = time.monotonic()
        for text in ("about 3 weeks", EMERGENCY_TEXT):
            replies = send(sender, text)
            [notice] = paused(replies)  # told to send it again, with the emergency advice
            assert "call your local emergency number now" in notice["text"].lower()
        time.sleep(max(0.0, 15 - (time.monotonic() - started)))  # down for 15 s
    finally:
        postgres.start()
    replies = send(sender, EMERGENCY_TEXT)  # sent again, as the visitor was asked
    assert not paused(replies)
    outcome = find_outcome(replies) or outcome_within(send, sender, ["ok"])
    assert outcome is not None and outcome["disposition"] == "emergency"
    texts = typed_texts(database, sender)
    assert texts[:3] == ["hi, my lower back hurts", "yes", "lower back, on the left"]
    assert EMERGENCY_TEXT in texts
    assert "We haven't started" not in json.dumps(replies)  # not stuck on an empty conversation
    report = store.get_assessment(store.engine_for(database), outcome["assessment_id"])
    assert report.assessment.disposition == "emergency"  # the assessment is stored too


def test_a_conversation_past_a_megabyte_still_has_its_red_flags_checked(servers, database):
    """Reproduction 4: once a conversation's history passed 1 MB, the action server answered
    Rasa with 413 and every later message, emergencies included, got nothing. Rasa and the
    action server now have separate limits, as in scripts/run.sh."""
    send = rest_sender(servers.rest_url)
    sender = uuid.uuid4().hex
    consented(send, sender)
    filler = ("I think it started when I was gardening and lifting pots, " * 2000)[:100_000]
    for _ in range(11):  # 1.1 MB of the visitor's own words in the conversation
        assert not paused(send(sender, filler))
    replies = send(sender, EMERGENCY_TEXT)
    assert not paused(replies)
    outcome = find_outcome(replies) or outcome_within(send, sender, ["ok"])
    assert outcome is not None and outcome["disposition"] == "emergency"
