"""`make bench`'s parts that need no Rasa server: how this bot's servers are configured, and
how a process group's CPU and memory are read (evaluation/bench.py)."""

from __future__ import annotations

import os

import pytest
import redis

from evaluation import bench


def test_one_worker_needs_nothing_shared(tmp_path):
    with bench.shared_stores(1, tmp_path) as env:
        assert env == {}
    assert "in memory" in bench.configuration(1)


def test_two_workers_share_their_locks_and_waiting_conversations_in_a_real_redis(tmp_path):
    with bench.shared_stores(2, tmp_path) as env:
        assert env["SANIC_WORKERS"] == "2"
        client = redis.Redis.from_url(env["NMT_REDIS_URL"], socket_timeout=2)
        assert client.ping()
    with pytest.raises(redis.ConnectionError):  # stopped with the block
        client.ping()
    assert "2 Sanic workers" in bench.configuration(2) and "Redis" in bench.configuration(2)
    assert bench.WORKERS == 2  # the configuration we run on two cores (docs/performance.md)


def test_a_process_groups_cpu_and_memory_are_read_from_proc():
    cpu, rss, pss = bench.group_usage(os.getpgrp())
    assert cpu > 0
    assert rss >= pss > 0  # the proportional size counts shared pages only in part


def test_no_workers_is_refused_with_a_clear_message(capsys):
    with pytest.raises(SystemExit) as stopped:
        bench.main(["--workers", "0"])
    assert stopped.value.code == 2
    assert "--workers must be 1 or more" in capsys.readouterr().err
