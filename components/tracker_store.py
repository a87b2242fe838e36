"""Rasa's SQL tracker store, named by one database URL, that keeps nothing before consent.

endpoints.yml names this class with `url: ${NMT_DATABASE_URL}`, the same SQLAlchemy URL our
assessment store uses (`bot/clinic/store.py`), so SQLite by default and PostgreSQL by setting one
URL put conversations and assessments in the same database (Rasa's table is `events`).

Nothing is written before the visitor consents. Until the consent slot is set (the action that
records consent sets `consent_time`), a conversation lives only in this process's memory: the
greeting, the disclaimer, a declined consent, an emergency told before consenting. It is
forgotten after `pending_minutes` without a message, or when more than `max_pending`
conversations wait (the oldest go first; that visitor is simply greeted again). Once consent
is given, the whole current session, including what the visitor typed before consenting (the
assessment reads it), is written to the database as Rasa would have written it.

Only a number is written before consent: each new conversation adds one to the count of its
hour (`bot.clinic.store.count_start`), for the dashboard's "started"; nothing of the visitor,
not even their conversation's id. A count that fails is logged (its error's type) and skipped.

The memory is per process. Rasa runs one worker unless a Redis lock store is configured; with
several workers or servers, a visitor's messages before consent must reach the same process.

A database that cannot be read is an error, never an empty conversation. Rasa wraps every
tracker store in its FailSafeTrackerStore, which answers a failed read with a new, empty
conversation: kept in memory here as "waiting for consent", it would hide the real one for good
("We haven't started the questions yet" to every later message). So a conversation whose read
failed is not kept anywhere when Rasa saves it, the failure is noted for the channel
(`take_failure`), which tells the visitor to send the message again, and the next message reads
the database afresh.
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

from bot.clinic import store

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
class _Pending:
    serialised: str
    last_seen: float


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
    """SQLTrackerStore from one URL; conversations without consent stay in memory only."""

    def __init__(
        self,
        domain: Domain | None = None,
        host: str | None = None,
        event_broker: EventBroker | None = None,
        consent_slot: str = CONSENT_SLOT,
        pending_minutes: float = PENDING_MINUTES,
        max_pending: int = MAX_PENDING,
        **kwargs: Any,
    ) -> None:
        self.consent_slot = consent_slot
        self.pending_seconds = float(pending_minutes) * 60
        self.max_pending = int(max_pending)
        self._pending: collections.OrderedDict[str, _Pending] = collections.OrderedDict()
        self._unread: set[str] = set()  # conversations whose last read failed
        self._counter: Engine | None = None  # our store's engine, for `count_start`
        super().__init__(domain=domain, host=checked_url(host), event_broker=event_broker, **kwargs)

    def consented(self, tracker: DialogueStateTracker) -> bool:
        """Whether the visitor agreed to the assessment in this conversation session."""
        slot = tracker.slots.get(self.consent_slot)
        return slot is not None and slot.value is not None

    def pending_senders(self) -> list[str]:
        """Conversations held in memory, waiting for consent (oldest first)."""
        self._forget_expired()
        return list(self._pending)

    async def save(self, tracker: DialogueStateTracker) -> None:
        self._forget_expired()
        if tracker.sender_id in self._unread:
            # made by Rasa after a failed read (Rasa may save it more than once): saving it
            # would hide the real conversation; refused until a read succeeds again
            raise StoreUnavailable("the conversation could not be read; it is not saved")
        if self.consented(tracker):
            self._pending.pop(tracker.sender_id, None)
            try:
                await super().save(tracker)
            except Exception as error:
                _failed.add(tracker.sender_id)
                raise _unavailable(error) from None
            return
        started = tracker.sender_id not in self._pending
        self._pending[tracker.sender_id] = _Pending(
            self.serialise_tracker(tracker), time.monotonic()
        )
        self._pending.move_to_end(tracker.sender_id)
        while len(self._pending) > self.max_pending:
            self._pending.popitem(last=False)
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
        pending = self._retrieve_pending(sender_id)
        if pending is not None:
            return pending
        try:
            found = await super().retrieve(sender_id)
        except Exception as error:
            self._unread.add(sender_id)
            _failed.add(sender_id)
            raise _unavailable(error) from None
        self._unread.discard(sender_id)
        return found

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        pending = self._retrieve_pending(conversation_id)
        return pending or await super().retrieve_full_tracker(conversation_id)

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
        self._forget_expired()
        pending = self._pending.get(sender_id)
        if pending is None:
            return None
        return self.deserialise_tracker(sender_id, pending.serialised)

    def _forget_expired(self) -> None:
        cutoff = time.monotonic() - self.pending_seconds
        while self._pending:
            sender_id, pending = next(iter(self._pending.items()))
            if pending.last_seen >= cutoff:
                break
            del self._pending[sender_id]
