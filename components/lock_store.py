"""Rasa's ticket lock store, shared through Redis when `NMT_REDIS_URL` is set, else in memory.

Rasa takes a conversation's lock around each message, so that two messages of one conversation
are never processed at the same time. In memory (the default, `make run`) the lock holds within
one process only. With `NMT_REDIS_URL` the locks live in Redis, so several Rasa servers, and
several Sanic workers in one server (`SANIC_WORKERS`), share them (docs/deploy-cluster.md).

Rasa's own RedisLockStore changes a lock by reading it, changing it and writing it back, three
steps another server can come between: two servers may then both be issued the first ticket
(one conversation processed twice at once), or one server's clean-up deletes the lock another
has just queued on (its message fails with "Could not acquire lock"). Here each change is one
Redis transaction (WATCH, then MULTI/EXEC, retried when another server changed the lock
meanwhile), and a lock key expires with its last ticket, so a server killed while it held one
leaves nothing behind for longer than the lock's lifetime (`TICKET_LOCK_LIFETIME`, 60 s).

Redis that cannot be reached is an error (Rasa's LockError): the message is not processed, and
the channel tells the visitor to send it again (components/channel.py).
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable
from typing import Any, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore

from bot import settings

logger = logging.getLogger(__name__)
T = TypeVar("T")
KEY_PREFIX = "nmt:lock:"
SOCKET_TIMEOUT_SECONDS = 5.0


def connect(url: str) -> redis.Redis:
    """A Redis client for `url` (redis://host:port/db), failing fast when Redis is down."""
    return redis.Redis.from_url(
        url, socket_timeout=SOCKET_TIMEOUT_SECONDS, socket_connect_timeout=SOCKET_TIMEOUT_SECONDS
    )


class SharedLockStore(LockStore):
    """Ticket locks in Redis (`NMT_REDIS_URL`), each change atomic; in memory without it."""

    def __init__(self, endpoint_config: Any = None, url: str | None = None) -> None:
        super().__init__()
        url = url or settings.REDIS_URL.read()
        # Rasa lets SANIC_WORKERS take effect with any lock store named in endpoints.yml,
        # this one included: in memory, the workers would not see each other's locks
        if not url and settings.SANIC_WORKERS.read() > 1:
            raise ValueError("SANIC_WORKERS above 1 needs a shared lock store: set NMT_REDIS_URL")
        self.red = connect(url) if url else None
        self._memory: dict[str, TicketLock] = {}

    # --- the storage Rasa's LockStore reads and writes ---

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        if self.red is None:
            return self._memory.get(conversation_id)
        return _parsed(self.red.get(KEY_PREFIX + conversation_id))

    def delete_lock(self, conversation_id: str) -> None:
        if self.red is None:
            self._memory.pop(conversation_id, None)
        else:
            self.red.delete(KEY_PREFIX + conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        self._change(lock.conversation_id, lambda _: (lock, None))

    # --- every change to a lock, as one step ---

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: TicketLock | None) -> tuple[TicketLock, int]:
            lock = lock or TicketLock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, issue)
        except Exception as error:  # as Rasa's: the message is not processed
            raise LockError(f"Error while acquiring lock: {type(error).__name__}") from None

    def update_lock(self, conversation_id: str) -> None:
        def drop_expired(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        try:
            self._change(conversation_id, drop_expired)
        except Exception as error:
            raise LockError(f"Error while waiting for a lock: {type(error).__name__}") from None

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._change(conversation_id, lambda lock: (_without(lock, ticket_number), None))

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Remove this ticket; the lock goes with its last ticket (never one just issued).

        When Redis cannot be reached the message has been processed all the same: the ticket
        is left to expire with its key, and the failure is only logged.
        """
        try:
            self.finish_serving(conversation_id, ticket_number)
        except Exception as error:
            logger.error("a conversation's lock was left to expire: %s", type(error).__name__)

    def _change(
        self, conversation_id: str, change: Callable[[TicketLock | None], tuple[Any, T]]
    ) -> T:
        """Apply `change` (lock -> (new lock or None, result)) to the stored lock atomically.

        A lock without tickets is deleted. In Redis the key expires when its last ticket does.
        """
        if self.red is None:  # one event loop, no await in between: already atomic
            lock, result = change(self._memory.get(conversation_id))
            if lock is None or not lock.tickets:
                self._memory.pop(conversation_id, None)
            else:
                self._memory[conversation_id] = lock
            return result
        key = KEY_PREFIX + conversation_id
        outcome: list[T] = []

        def attempt(pipe: redis.client.Pipeline) -> None:
            lock, result = change(_parsed(pipe.get(key)))
            pipe.multi()
            if lock is None or not lock.tickets:
                pipe.delete(key)
            else:
                pipe.set(key, lock.dumps(), px=_milliseconds_left(lock))
            outcome[:] = [result]

        self.red.transaction(attempt, key)  # retried while another server changes the key
        return outcome[0]


def _parsed(raw: bytes | None) -> TicketLock | None:
    return TicketLock.from_dict(json.loads(raw)) if raw else None


def _without(lock: TicketLock | None, ticket_number: int) -> TicketLock | None:
    if lock is not None:
        lock.remove_ticket_for(ticket_number)
    return lock


def _milliseconds_left(lock: TicketLock) -> int:
    last = max(ticket.expires for ticket in lock.tickets)
    return max(1, math.ceil((last - time.time()) * 1000))
