"""Rasa's SQL tracker store, named by one database URL, that keeps nothing before consent.

endpoints.yml names this class with `url: ${NMT_DATABASE_URL}`, the same SQLAlchemy URL our
assessment store uses (`bot/clinic/store.py`), so SQLite by default and PostgreSQL by setting one
URL put conversations and assessments in the same database (Rasa's table is `events`).

Nothing is written before the visitor consents. Until the consent slot is set (the action that
records consent sets `consent_time`), a conversation is held only as "waiting for consent": the
greeting, the disclaimer, a declined consent, an emergency told before consenting. It is
forgotten after `pending_minutes` without a message. Once consent is given, the whole current
session, including what the visitor typed before consenting (the assessment reads it), is
written to the database as Rasa would have written it, and only then is the waiting copy
removed.

Only a number is written before consent: each new conversation adds one to the count of its
hour (`bot.clinic.store.count_start`), for the dashboard's "started"; nothing of the visitor,
not even their conversation's id. A count that fails is logged (its error's type) and skipped.

Where the waiting conversations are held:
- in this process's memory (the default, `make run`), at most `max_pending` of them (the oldest
  go first; that visitor is simply greeted again). Rasa then runs one process, so a visitor's
  messages all reach it;
- in Redis when `NMT_REDIS_URL` is set (bot/settings.py): each as one key,
  `nmt:pending:<sender>`, that Redis expires after `pending_minutes` without a message, so
  several Rasa servers and workers share them (docs/deploy-cluster.md). Still nothing reaches
  the SQL database before consent.

A database that cannot be read is an error, never an empty conversation. Rasa wraps every
tracker store in its FailSafeTrackerStore, which answers a failed read with a new, empty
conversation: kept in memory here as "waiting for consent", it would hide the real one for good
("We haven't started the questions yet" to every later message). So a conversation whose read
failed is not kept anywhere when Rasa saves it, the failure is noted for the channel
(`take_failure`), which tells the visitor to send the message again, and the next message reads
the database afresh. Redis that cannot be reached is the same: an error, never an empty
conversation.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine import Engine, make_url

from bot import settings
from bot.clinic import store
from components.lock_store import connect

logger = logging.getLogger(__name__)

CONSENT_SLOT = "consent_time"
PENDING_MINUTES = 60
MAX_PENDING = 2000


# Conversations whose read or write failed since the channel last asked (`take_failure`).
_failed: set[str] = set()


def take_failure(sender_id: str) -> bool:
    """Whether reading or writing this conversation failed since the last call (then forgotten)."""
    if sender_id in _failed:
        _failed.discard(sender_id)
        return True
    return False


class StoreUnavailable(RuntimeError):
    """The conversation was not saved: it was never read from the database."""


def _unavailable(error: Exception) -> StoreUnavailable:
    """The error Rasa logs for a failed read or write: its type only. A database error's text
    quotes its statement's parameters, which hold the conversation's id."""
    return StoreUnavailable(f"the conversation store failed: {type(error).__name__}")


@dataclass
class _Held:
    serialised: str
    last_seen: float


class MemoryPending:
    """Conversations waiting for consent, in this process's memory (oldest first)."""

    def __init__(self, seconds: float, max_pending: int) -> None:
        self.seconds = seconds
        self.max_pending = max_pending
        self._held: collections.OrderedDict[str, _Held] = collections.OrderedDict()

    def get(self, sender_id: str) -> str | None:
        self._forget_expired()
        held = self._held.get(sender_id)
        return held.serialised if held else None

    def put(self, sender_id: str, serialised: str) -> None:
        self._forget_expired()
        self._held[sender_id] = _Held(serialised, time.monotonic())
        self._held.move_to_end(sender_id)
        while len(self._held) > self.max_pending:
            self._held.popitem(last=False)

    def delete(self, sender_id: str) -> None:
        self._held.pop(sender_id, None)

    def senders(self) -> list[str]:
        self._forget_expired()
        return list(self._held)

    def _forget_expired(self) -> None:
        cutoff = time.monotonic() - self.seconds
        while self._held:
            sender_id, held = next(iter(self._held.items()))
            if held.last_seen >= cutoff:
                break
            del self._held[sender_id]


class RedisPending:
    """Conversations waiting for consent, in Redis, each key expiring `seconds` after its last
    message; shared by every Rasa server and worker that uses the same Redis."""

    PREFIX = "nmt:pending:"

    def __init__(self, url: str, seconds: float) -> None:
        self.red = connect(url)
        self.milliseconds = max(1, round(seconds * 1000))

    def get(self, sender_id: str) -> str | None:
        raw = self.red.get(self.PREFIX + sender_id)
        return raw.decode("utf-8") if raw is not None else None

    def put(self, sender_id: str, serialised: str) -> None:
        self.red.set(self.PREFIX + sender_id, serialised.encode("utf-8"), px=self.milliseconds)

    def delete(self, sender_id: str) -> None:
        self.red.delete(self.PREFIX + sender_id)

    def senders(self) -> list[str]:
        keys = self.red.scan_iter(match=self.PREFIX + "*", count=500)
        return sorted(key.decode("utf-8")[len(self.PREFIX) :] for key in keys)


def checked_url(url: str | None) -> str:
    """The database URL, checked; for an SQLite file, its folder is created.

    Rasa's SQLTrackerStore takes a dialect, host, port, database, user and password, and
    passes a `host` that holds a whole URL through unchanged: that is how this store uses it.
    """
    if not url:
        raise ValueError("no database URL: set NMT_DATABASE_URL (endpoints.yml reads it)")
    parsed = make_url(url)  # raises ArgumentError for a malformed URL
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    return url


class ConsentTrackerStore(SQLTrackerStore):
    """SQLTrackerStore from one URL; conversations without consent are only held (memory or
    Redis), never written."""

    def __init__(
        self,
        domain: Domain | None = None,
        host: str | None = None,
        event_broker: EventBroker | None = None,
        consent_slot: str = CONSENT_SLOT,
        pending_minutes: float = PENDING_MINUTES,
        max_pending: int = MAX_PENDING,
        redis_url: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.consent_slot = consent_slot
        seconds = float(pending_minutes) * 60
        redis_url = redis_url or settings.REDIS_URL.read()
        self.pending: MemoryPending | RedisPending = (
            RedisPending(redis_url, seconds)
            if redis_url
            else MemoryPending(seconds, int(max_pending))
        )
        self._unread: set[str] = set()  # conversations whose last read failed
        self._counter: Engine | None = None  # our store's engine, for `count_start`
        super().__init__(domain=domain, host=checked_url(host), event_broker=event_broker, **kwargs)

    def consented(self, tracker: DialogueStateTracker) -> bool:
        """Whether the visitor agreed to the assessment in this conversation session."""
        slot = tracker.slots.get(self.consent_slot)
        return slot is not None and slot.value is not None

    def pending_senders(self) -> list[str]:
        """Conversations waiting for consent (in memory: oldest first)."""
        return self.pending.senders()

    async def save(self, tracker: DialogueStateTracker) -> None:
        sender_id = tracker.sender_id
        if sender_id in self._unread:
            # made by Rasa after a failed read (Rasa may save it more than once): saving it
            # would hide the real conversation; refused until a read succeeds again
            raise StoreUnavailable("the conversation could not be read; it is not saved")
        try:
            if self.consented(tracker):
                await super().save(tracker)  # written first: the waiting copy is kept if not
                self.pending.delete(sender_id)
                return
            started = self.pending.get(sender_id) is None
            self.pending.put(sender_id, self.serialise_tracker(tracker))
        except Exception as error:
            _failed.add(sender_id)
            raise _unavailable(error) from None
        if started:
            await asyncio.to_thread(self._count_start)

    def _count_start(self) -> None:
        """Count a conversation started now; a failure is logged, never the visitor's problem."""
        try:
            if self._counter is None:
                url = self.engine.url.render_as_string(hide_password=False)
                self._counter = store.engine_for(url)
            store.count_start(self._counter)
        except Exception as error:  # the table may not exist yet, the database may be down
            logger.warning("a conversation start was not counted: %s", type(error).__name__)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        try:
            found = self._retrieve_pending(sender_id)
            if found is None:
                found = await super().retrieve(sender_id)
        except Exception as error:
            self._unread.add(sender_id)
            _failed.add(sender_id)
            raise _unavailable(error) from None
        self._unread.discard(sender_id)
        return found

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        pending = self._retrieve_pending(conversation_id)
        if pending is not None:
            return pending
        return await super().retrieve_full_tracker(conversation_id)

    async def keys(self) -> list[str]:
        stored = list(await super().keys())
        return stored + [sender for sender in self.pending_senders() if sender not in stored]

    def _retrieve_pending(self, sender_id: str) -> DialogueStateTracker | None:
        """The conversation waiting for consent, whole.

        Whole, not cut to its last session as the in-memory store does: on consent, Rasa's
        SQL store writes the events after those it already holds for the sender's last
        session, counted from the start of this tracker, so the tracker must still begin with
        them.
        """
        serialised = self.pending.get(sender_id)
        if serialised is None:
            return None
        return self.deserialise_tracker(sender_id, serialised)
