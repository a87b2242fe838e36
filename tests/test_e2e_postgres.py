"""The real servers on PostgreSQL, named by one URL (marked e2e).

`NMT_DATABASE_URL` set to a PostgreSQL URL moves both Rasa's conversations (the tracker store
in endpoints.yml) and the clinic's assessments (bot/clinic/store.py) there. This starts the trained
model and the action server against a throw-away PostgreSQL server (tests/postgres.py) and
checks what lands in the database, what does not (nothing before consent), and that the erase
command leaves no trace of a visitor.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from bot.clinic import store
from evaluation.runner import find_outcome, rest_sender
from evaluation.servers import free_port, running_servers
from tests.postgres import new_database
from tests.stored import typed_texts

pytestmark = pytest.mark.e2e
pytest_plugins = ["postgres"]

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def database(postgres_url):
    """A database of its own on the session's PostgreSQL server, dropped afterwards."""
    with new_database(postgres_url, "e2e") as url:
        yield url


@pytest.fixture(scope="module")
def servers(database, tmp_path_factory):
    directory = tmp_path_factory.mktemp("e2e-postgres")
    with running_servers(
        ROOT / "models" / "nmt.tar.gz",
        database,
        rasa_port=free_port(),
        actions_port=free_port(),
        log_dir=directory / "logs",
    ) as running:
        yield running


def test_conversations_and_assessments_share_the_postgresql_database(servers, database):
    send = rest_sender(servers.rest_url)
    sender = uuid.uuid4().hex
    send(sender, "hi, I have pain in my chest")
    assert typed_texts(database, sender) == []  # nothing before consent
    send(sender, "yes")
    messages = send(sender, "it's a crushing chest pain spreading to my left arm")
    outcome = find_outcome(messages)
    assert outcome["disposition"] == "emergency"
    assert typed_texts(database, sender)[:2] == ["hi, I have pain in my chest", "yes"]
    report = store.get_assessment(store.engine_for(database), outcome["assessment_id"])
    assert report.assessment.sender_id == sender
    assert report.assessment.disposition == "emergency"

    declined = uuid.uuid4().hex
    send(declined, "hello")
    send(declined, "no thank you")
    assert typed_texts(database, declined) == []

    # the erase command, with the same one URL, leaves nothing of the first visitor
    erased = subprocess.run(
        [sys.executable, "-m", "bot", "erase", "--sender", sender],
        cwd=ROOT,
        env={**os.environ, "NMT_DATABASE_URL": database},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert erased.returncode == 0, erased.stderr
    assert typed_texts(database, sender) == []
    assert store.get_assessment(store.engine_for(database), outcome["assessment_id"]) is None
