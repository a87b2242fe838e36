"""The tracker store: Rasa's SQL store from one URL, writing nothing before consent.

Every test runs on SQLite and on a real PostgreSQL server (tests/postgres.py); the waiting
conversations are held in memory, or in a real Redis server (tests/redis_server.py). The store is
the real class endpoints.yml names, saving real Rasa trackers; rows are read back with plain
SQL to see exactly what reached the database.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import redis
import sqlalchemy
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

from bot.clinic import privacy, store
from components import tracker_store
from components.tracker_store import ConsentTrackerStore

pytest_plugins = ["postgres", "redis_server"]

ROOT = Path(__file__).resolve().parent.parent
SENDER = "visitor-0123456789abcdef"


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture
def url(database_url):
    """Once on SQLite, once on PostgreSQL (tests/postgres.py)."""
    return database_url


@pytest.fixture
def tracker_store_(domain, url):
    made = ConsentTrackerStore(domain=domain, host=url)
    yield made
    made.engine.dispose()


def opening(sender: str = SENDER) -> list:
    return [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered("hi, my neck hurts <b>a lot</b>", {"name": "greet", "confidence": 1.0}),
        ActionExecuted("utter_greet"),
        BotUttered("Hello"),
        ActionExecuted("utter_ask_consent"),
        BotUttered("May I ask some questions?"),
        ActionExecuted("action_listen"),
    ]


def consenting() -> list:
    return [
        UserUttered("yes", {"name": "affirm", "confidence": 1.0}),
        ActionExecuted("action_start_assessment"),
        SlotSet("assessment_id", "abcdef012345"),
        SlotSet("consent_time", "2026-11-21T10:00:00+00:00"),
        ActionExecuted("action_listen"),
    ]


def tracker(domain, events, sender: str = SENDER) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, events, slots=domain.slots)


def rows(url: str, sender: str = SENDER) -> list[dict]:
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as connection:
            if not sqlalchemy.inspect(connection).has_table("events"):
                return []
            found = connection.execute(
                sqlalchemy.text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"),
                {"s": sender},
            ).fetchall()
    finally:
        engine.dispose()
    return [json.loads(data) for (data,) in found]


def kinds(events) -> list[str]:
    return [e["event"] if isinstance(e, dict) else e.type_name for e in events]


async def test_endpoints_yml_makes_this_store_from_the_database_url(domain, url, monkeypatch):
    monkeypatch.setenv("NMT_DATABASE_URL", url)
    monkeypatch.setenv("NMT_ACTION_URL", "http://127.0.0.1:5055/webhook")
    config = read_endpoint_config(str(ROOT / "endpoints.yml"), "tracker_store")
    made = TrackerStore.create(config, domain=domain)
    # Rasa silently falls back to memory when a custom class cannot be imported: not here
    assert isinstance(made, ConsentTrackerStore)
    assert made.engine.url.render_as_string(hide_password=False) == url
    made.engine.dispose()


async def test_nothing_is_written_before_consent(domain, url, tracker_store_):
    before = tracker(domain, opening())
    await tracker_store_.save(before)
    assert rows(url) == []
    back = await tracker_store_.retrieve(SENDER)  # the conversation goes on, from memory
    assert [e.as_dict() for e in back.events] == [e.as_dict() for e in before.events]
    assert tracker_store_.pending_senders() == [SENDER]
    assert await tracker_store_.keys() == [SENDER]


def starts(url: str) -> int:
    engine = store.engine_for(url)
    try:
        with engine.connect() as connection:
            return (
                connection.execute(
                    sqlalchemy.select(sqlalchemy.func.sum(store.conversation_start.c.count))
                ).scalar()
                or 0
            )
    finally:
        engine.dispose()


async def test_only_the_number_of_conversations_started_is_written_before_consent(
    domain, url, tracker_store_
):
    store.open_store(url).dispose()  # the counter's table (the action server makes it)
    await tracker_store_.save(tracker(domain, opening()))
    await tracker_store_.save(tracker(domain, opening()))  # the same conversation, saved again
    assert starts(url) == 1
    await tracker_store_.save(tracker(domain, opening(), "visitor-2"))
    assert starts(url) == 2
    assert rows(url) == [] and rows(url, "visitor-2") == []
    # an hour and a number: nothing of the visitor
    assert [c.name for c in store.conversation_start.columns] == ["hour", "count"]
    pending = await tracker_store_.retrieve(SENDER)
    for event in consenting():
        pending.update(event)
    await tracker_store_.save(pending)  # consented: written, not counted again
    assert starts(url) == 2


async def test_a_start_that_cannot_be_counted_changes_nothing_for_the_visitor(
    domain, url, tracker_store_, caplog
):
    # no counter table (the action server has not made it yet)
    await tracker_store_.save(tracker(domain, opening()))
    assert tracker_store_.pending_senders() == [SENDER]
    assert "a conversation start was not counted: OperationalError" in caplog.text or (
        "a conversation start was not counted: ProgrammingError" in caplog.text
    )


async def test_a_declined_conversation_is_never_written(domain, url, tracker_store_):
    events = [
        *opening(),
        UserUttered("no thanks", {"name": "deny", "confidence": 1.0}),
        ActionExecuted("action_decline_consent"),
        BotUttered("That's completely fine."),
        ActionExecuted("action_listen"),
        UserUttered("hello", {"name": "greet", "confidence": 1.0}),
    ]
    await tracker_store_.save(tracker(domain, events))
    assert rows(url) == []


async def test_consent_writes_the_whole_session_then_only_what_is_new(domain, url, tracker_store_):
    await tracker_store_.save(tracker(domain, opening()))
    pending = await tracker_store_.retrieve(SENDER)
    for event in consenting():
        pending.update(event)
    await tracker_store_.save(pending)
    stored = rows(url)
    assert kinds(stored) == kinds(opening() + consenting())
    # the words typed before consenting are kept as typed (the assessment reads them)
    assert stored[3]["text"] == "hi, my neck hurts <b>a lot</b>"
    assert tracker_store_.pending_senders() == []

    again = await tracker_store_.retrieve(SENDER)  # now from the database
    assert again.get_slot("consent_time") == "2026-11-21T10:00:00+00:00"
    again.update(UserUttered("on the left", {"name": "inform", "confidence": 1.0}))
    await tracker_store_.save(again)
    stored = rows(url)
    assert len(stored) == len(opening() + consenting()) + 1  # nothing written twice
    assert stored[-1]["text"] == "on the left"


async def test_a_new_session_after_an_old_consented_one_waits_for_consent_again(
    domain, url, tracker_store_
):
    await tracker_store_.save(tracker(domain, opening() + consenting()))
    old = rows(url)
    # the session expired: Rasa starts a new one on the tracker it read; slots start empty
    current = await tracker_store_.retrieve(SENDER)
    for event in opening()[:4]:
        current.update(event)
    assert current.get_slot("consent_time") is None
    await tracker_store_.save(current)
    assert rows(url) == old  # the new session's words are not written
    current = await tracker_store_.retrieve(SENDER)
    for event in consenting():
        current.update(event)
    await tracker_store_.save(current)
    stored = rows(url)
    assert stored[: len(old)] == old
    assert kinds(stored[len(old) :]) == kinds(opening()[:4] + consenting())
    latest = await tracker_store_.retrieve(SENDER)  # the latest session only, as Rasa reads it
    assert kinds(latest.events)[0] == "session_started"


async def test_waiting_conversations_are_forgotten_after_a_while(domain, url, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(tracker_store.time, "monotonic", lambda: clock[0])
    made = ConsentTrackerStore(domain=domain, host=url, pending_minutes=1, max_pending=2)
    try:
        await made.save(tracker(domain, opening(), "visitor-a-0123456789"))
        clock[0] += 30
        await made.save(tracker(domain, opening(), "visitor-b-0123456789"))
        await made.save(tracker(domain, opening(), "visitor-c-0123456789"))
        # at most two wait: the oldest went first
        assert made.pending_senders() == ["visitor-b-0123456789", "visitor-c-0123456789"]
        clock[0] += 61
        assert made.pending_senders() == []
        assert await made.retrieve("visitor-b-0123456789") is None
    finally:
        made.engine.dispose()


def test_an_sqlite_folder_is_made_and_a_missing_url_is_named(tmp_path):
    path = tmp_path / "new" / "folder" / "nmt.db"
    assert tracker_store.checked_url(f"sqlite:///{path}") == f"sqlite:///{path}"
    assert path.parent.is_dir()
    with pytest.raises(ValueError, match="NMT_DATABASE_URL"):
        tracker_store.checked_url("")
    with pytest.raises(sqlalchemy.exc.ArgumentError):
        tracker_store.checked_url("not a url")


async def test_erasing_a_visitor_removes_their_stored_conversation(domain, url, tracker_store_):
    other = "visitor-other-0123456789"
    await tracker_store_.save(tracker(domain, opening() + consenting()))
    await tracker_store_.save(tracker(domain, opening() + consenting(), other))
    engine = store.open_store(url)  # our tables beside Rasa's, in the one database
    try:
        counts = privacy.erase_visitor(engine, sender_id=SENDER, tracker_engine=engine)
    finally:
        engine.dispose()
    assert counts["events"] == len(opening() + consenting())
    assert rows(url) == []
    assert len(rows(url, other)) == len(opening() + consenting())
    assert await tracker_store_.retrieve(SENDER) is None


async def test_a_failed_read_is_an_error_and_hides_nothing_when_the_database_returns(
    tracker_store_, domain, url, monkeypatch
):
    """Issue 10, reproduction 5: a database outage left conversations stuck for good."""
    from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore

    failsafe = FailSafeTrackerStore(tracker_store_)  # as Rasa's agent wraps every store
    await failsafe.save(tracker(domain, opening() + consenting()))
    real_retrieve = SQLTrackerStore.retrieve

    async def down(self, sender_id):
        raise sqlalchemy.exc.OperationalError("SELECT", {}, Exception("server closed"))

    monkeypatch.setattr(SQLTrackerStore, "retrieve", down)
    with pytest.raises(tracker_store.StoreUnavailable) as failed:
        await tracker_store_.retrieve(SENDER)
    # what Rasa logs names the error's type, never the statement and its conversation id
    assert str(failed.value) == "the conversation store failed: OperationalError"
    assert failed.value.__cause__ is None and failed.value.__suppress_context__
    tracker_store.take_failure(SENDER)
    assert await failsafe.retrieve(SENDER) is None  # Rasa then makes an empty conversation
    assert tracker_store.take_failure(SENDER)
    assert not tracker_store.take_failure(SENDER)  # told once
    for _ in range(2):  # Rasa saves a message's tracker more than once: each is refused
        await failsafe.save(DialogueStateTracker(SENDER, domain.slots))
    assert tracker_store_.pending_senders() == []
    monkeypatch.setattr(SQLTrackerStore, "retrieve", real_retrieve)
    found = await failsafe.retrieve(SENDER)  # the database is back: the real conversation
    assert found.get_slot("assessment_id") == "abcdef012345"
    assert not tracker_store.take_failure(SENDER)


async def test_a_failed_write_is_noted_for_the_channel(tracker_store_, domain, monkeypatch):
    from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore

    async def down(self, tracker):
        raise sqlalchemy.exc.OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(SQLTrackerStore, "save", down)
    await FailSafeTrackerStore(tracker_store_).save(tracker(domain, opening() + consenting()))
    assert tracker_store.take_failure(SENDER)


# --- the conversations waiting for consent, shared through Redis (NMT_REDIS_URL) ---


@pytest.fixture
def shared(domain, url, redis_url):
    """Two stores on one database and one Redis, as two Rasa servers have them."""
    made = [ConsentTrackerStore(domain=domain, host=url, redis_url=redis_url) for _ in range(2)]
    yield made
    for store_ in made:
        store_.engine.dispose()


def test_endpoints_yml_holds_waiting_conversations_in_redis_when_its_url_is_set(
    domain, url, redis_url, monkeypatch
):
    monkeypatch.setenv("NMT_DATABASE_URL", url)
    monkeypatch.setenv("NMT_ACTION_URL", "http://127.0.0.1:5055/webhook")
    config = read_endpoint_config(str(ROOT / "endpoints.yml"), "tracker_store")
    monkeypatch.setenv("NMT_REDIS_URL", redis_url)
    made = TrackerStore.create(config, domain=domain)
    assert isinstance(made.pending, tracker_store.RedisPending)
    made.engine.dispose()
    monkeypatch.delenv("NMT_REDIS_URL")
    made = TrackerStore.create(config, domain=domain)  # `make run`: in memory, as before
    assert isinstance(made.pending, tracker_store.MemoryPending)
    made.engine.dispose()


async def test_a_waiting_conversation_is_shared_through_redis_and_never_written(
    domain, url, redis_url, shared
):
    first, second = shared
    before = tracker(domain, opening())
    await first.save(before)
    assert rows(url) == []  # nothing in the SQL database
    red = redis.Redis.from_url(redis_url)
    key = f"nmt:pending:{SENDER}"
    assert 3500_000 < red.pttl(key) <= 3600_000  # forgotten an hour after the last message
    back = await second.retrieve(SENDER)  # the other server goes on with it
    assert [e.as_dict() for e in back.events] == [e.as_dict() for e in before.events]
    assert second.pending_senders() == [SENDER]
    assert await second.keys() == [SENDER]

    for event in consenting():
        back.update(event)
    await second.save(back)
    assert kinds(rows(url)) == kinds(opening() + consenting())  # the whole session, once
    assert red.exists(key) == 0  # and no longer waiting
    again = await first.retrieve(SENDER)  # the first server reads it from the database
    assert again.get_slot("consent_time") == "2026-11-21T10:00:00+00:00"


async def test_a_waiting_conversation_expires_in_redis(domain, url, redis_url):
    import asyncio

    made = ConsentTrackerStore(domain=domain, host=url, redis_url=redis_url, pending_minutes=0.01)
    try:
        await made.save(tracker(domain, opening()))
        assert made.pending_senders() == [SENDER]
        await asyncio.sleep(1.0)  # 0.6 s to live
        assert made.pending_senders() == []
        assert await made.retrieve(SENDER) is None
        assert rows(url) == []
    finally:
        made.engine.dispose()


async def test_redis_down_is_an_error_never_an_empty_conversation(
    domain, url, redis_url, redis_server, shared
):
    from rasa.core.tracker_store import FailSafeTrackerStore

    first, _ = shared
    failsafe = FailSafeTrackerStore(first)  # as Rasa's agent wraps every store
    await failsafe.save(tracker(domain, opening()))
    redis_server.stop()
    try:
        with pytest.raises(tracker_store.StoreUnavailable) as failed:
            await first.retrieve(SENDER)
        assert str(failed.value) == "the conversation store failed: ConnectionError"
        assert tracker_store.take_failure(SENDER)  # the channel tells the visitor to resend
        assert await failsafe.retrieve(SENDER) is None  # Rasa then makes an empty one...
        await failsafe.save(DialogueStateTracker(SENDER, domain.slots))  # ...refused
        assert tracker_store.take_failure(SENDER)
        other = "visitor-other-0123456789"
        await failsafe.save(tracker(domain, opening(), other))  # a write fails: noted
        assert tracker_store.take_failure(other)
        assert rows(url) == [] and rows(url, other) == []  # never the SQL database instead
    finally:
        redis_server.start()
    # Redis came back empty (it keeps nothing on disk): the visitor is greeted again
    assert await first.retrieve(SENDER) is None
    assert not tracker_store.take_failure(SENDER)


async def test_when_the_database_fails_at_consent_the_waiting_conversation_is_kept(
    domain, url, redis_url, shared, monkeypatch
):
    from rasa.core.tracker_store import SQLTrackerStore

    first, second = shared
    await first.save(tracker(domain, opening()))
    consented = tracker(domain, opening() + consenting())

    async def down(self, tracker):
        raise sqlalchemy.exc.OperationalError("INSERT", {}, Exception("server closed"))

    monkeypatch.setattr(SQLTrackerStore, "save", down)
    with pytest.raises(tracker_store.StoreUnavailable):
        await first.save(consented)
    assert tracker_store.take_failure(SENDER)
    waiting = await second.retrieve(SENDER)  # not lost: the visitor may say yes again
    assert kinds(waiting.events) == kinds(opening())
