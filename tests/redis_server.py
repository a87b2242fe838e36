"""Pytest fixtures for a real, throw-away Redis server (Debian's `redis-server`).

`redis_server` starts one for the test session on a free port on 127.0.0.1, in a temporary
directory, without persistence (scripts/cluster.py `RedisServer`). It is installed with apt-get
when missing and we are root; otherwise the tests fail with the reason, never skip. `redis_url`
gives each test an emptied database.

Use with `pytest_plugins = ["redis_server"]`.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import redis

from evaluation.servers import ServerError
from scripts.cluster import RedisServer


@pytest.fixture(scope="session")
def redis_server():
    home = Path(tempfile.mkdtemp(prefix="nmt-redis-"))
    try:
        server = RedisServer(home)
        server.start()
    except ServerError as error:
        shutil.rmtree(home, ignore_errors=True)
        pytest.fail(f"could not start Redis: {error}")
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def redis_url(redis_server):
    """The session's Redis, emptied, and started again if a test stopped it."""
    if redis_server.process is None:
        redis_server.start()
    redis.Redis.from_url(redis_server.url).flushdb()
    return redis_server.url
