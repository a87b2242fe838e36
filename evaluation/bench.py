"""`make bench`: this bot against a `rasa init` moodbot, in one run, over REST.

    .venv/bin/python -m evaluation.bench [--seconds 45] [--concurrency 20 50] [--workers 1]

Both Rasa servers run at once, each on a free port (ours with its action server and a fresh
SQLite database); they are measured one after the other, so that they never share the CPU. For
each number of concurrent visitors, each visitor holds whole conversations, one message after
the other, for `--seconds`: with this bot the benign conversation of the evaluation's
simulated visitor (evaluation/runner.py: the vignettes' default answers, to the outcome), with
the moodbot its greet, mood, answer, goodbye. Printed: p50 and p95 of the time a message takes,
messages per second, errors, the Rasa server's CPU per message and its memory (resident, and
proportional: shared pages split between the processes sharing them), and this bot's ratios to
the moodbot.

This bot runs as we would run it on this 2-core machine: one Rasa server with two Sanic workers
(SANIC_WORKERS=2), its locks and the conversations waiting for consent in a Redis server on
loopback (NMT_REDIS_URL; Debian's redis-server, started as `make cluster` and the tests start
it). Two workers measured a better p95 and throughput against the moodbot than one in each
pair of runs (docs/performance.md, "One worker or two"); `--workers 1` runs one worker with both
stores in memory, as `make run` does. Which one ran is printed. The moodbot runs as `rasa init`
makes it: one process, one worker. The action server's CPU per message is printed for this bot
too (the moodbot has none).

The moodbot is made by `rasa init` in a temporary folder with the same venv and kept in
build/bench/moodbot (made again only when missing). Not part of `make test`: it measures, it
does not check; the last run is in docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from evaluation.runner import Visitor, find_outcome, load_vignettes
from evaluation.servers import (
    HOST,
    REPO_ROOT,
    ServerError,
    Servers,
    free_port,
    http_ok,
    log_tail,
    running_servers,
    sqlite_url,
    start_logged,
    stop_process_groups,
    venv_bin,
)

MODEL = REPO_ROOT / "models" / "nmt.tar.gz"
MOODBOT_DIR = REPO_ROOT / "build" / "bench" / "moodbot"
OPENING = "hi, my lower back has been aching for about 3 weeks, worse when I sit"
MOODBOT_TURNS = ("hello", "I am very sad", "yes", "bye")
MAX_TURNS = 60
# this bot's Sanic workers by default: the configuration we run on a 2-core machine
# (docs/performance.md, "One worker or two"); `--workers` measures another
WORKERS = 2
REQUEST_TIMEOUT = 120


@dataclass
class Run:
    """One bot at one number of visitors."""

    latencies: list[float] = field(default_factory=list)  # seconds per message
    errors: int = 0
    conversations: int = 0
    seconds: float = 0.0
    cpu: float = 0.0  # the Rasa server's CPU seconds during the run
    rss: int = 0  # the Rasa server's resident memory after the run, bytes
    pss: int = 0  # and its proportional set size (shared pages split), bytes
    actions_cpu: float | None = None  # the action server's CPU seconds (this bot only)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    @property
    def cpu_per_message(self) -> float:
        return self.cpu / len(self.latencies) if self.latencies else 0.0

    @property
    def actions_cpu_per_message(self) -> float | None:
        if self.actions_cpu is None or not self.latencies:
            return None
        return self.actions_cpu / len(self.latencies)


# --- the servers --------------------------------------------------------------------------


def moodbot_model() -> Path:
    """The moodbot's trained model, made with `rasa init` when build/bench/moodbot has none."""
    models = sorted((MOODBOT_DIR / "models").glob("*.tar.gz"))
    if models:
        return models[-1]
    MOODBOT_DIR.parent.mkdir(parents=True, exist_ok=True)
    log = MOODBOT_DIR.parent / "moodbot-init.log"
    with tempfile.TemporaryDirectory(prefix="moodbot-") as tmp, open(log, "wb") as out:
        print(f"making the moodbot (rasa init, about a minute; log: {log})", flush=True)
        subprocess.run(
            [str(venv_bin() / "rasa"), "init", "--no-prompt", "--init-dir", tmp],
            check=True,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
        )
        shutil.rmtree(MOODBOT_DIR, ignore_errors=True)
        shutil.copytree(tmp, MOODBOT_DIR)
    return moodbot_model()


@contextmanager
def running_moodbot(log_dir: Path) -> Iterator[tuple[str, int]]:
    """The moodbot's Rasa server: (its REST webhook, its process id)."""
    port = free_port()
    log = log_dir / "moodbot.log"
    command = [str(venv_bin() / "rasa"), "run", "--model", str(moodbot_model())]
    command += ["--interface", HOST, "--port", str(port), "--credentials", "credentials.yml"]
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SANIC_HOST": HOST}
    log.write_bytes(b"")
    process = start_logged(command, log, env, cwd=MOODBOT_DIR)
    try:
        url = f"http://{HOST}:{port}"
        deadline = time.monotonic() + 240
        while not http_ok(f"{url}/"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise ServerError("the moodbot did not start:\n" + log_tail(log))
            time.sleep(1)
        yield f"{url}/webhooks/rest/webhook", process.pid
    finally:
        stop_process_groups([process])


def group_usage(leader: int) -> tuple[float, int, int]:
    """CPU seconds, resident bytes and proportional bytes of a process group (a server and
    any workers). Resident memory counts the pages forked workers share once in each of them;
    the proportional set size (PSS) splits each shared page between the processes sharing it,
    so its sum is what the group takes from the machine."""
    ticks, pages = os.sysconf("SC_CLK_TCK"), os.sysconf("SC_PAGE_SIZE")
    cpu, rss, pss = 0.0, 0, 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) != leader:  # the process group (pgrp)
                continue
            pss += proportional_bytes(entry)
        except OSError:  # the process has gone
            continue
        cpu += (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
        rss += int(fields[21]) * pages
    return cpu, rss, pss


def proportional_bytes(process: Path) -> int:
    """A process's proportional set size (/proc/PID/smaps_rollup), bytes."""
    for line in (process / "smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024
    return 0


# --- the visitors --------------------------------------------------------------------------


async def post(session: aiohttp.ClientSession, url: str, sender: str, text: str, run: Run):
    """One message; its latency is kept, or the error counted (then None)."""
    start = time.perf_counter()
    try:
        async with session.post(url, json={"sender": sender, "message": text}) as response:
            messages = await response.json() if response.status == 200 else None
    except (TimeoutError, aiohttp.ClientError):
        messages = None
    if not isinstance(messages, list):
        run.errors += 1
        return None
    run.latencies.append(time.perf_counter() - start)
    return messages


async def our_conversation(session, url, run, defaults, deadline) -> None:
    sender, visitor = uuid.uuid4().hex, Visitor({}, defaults)
    messages = await post(session, url, sender, OPENING, run)
    for _ in range(MAX_TURNS):
        if messages is None or find_outcome(messages) or time.monotonic() > deadline:
            break
        messages = await post(session, url, sender, visitor.reply(messages), run)
    run.conversations += 1


async def moodbot_conversation(session, url, run, defaults, deadline) -> None:
    sender = uuid.uuid4().hex
    for text in MOODBOT_TURNS:
        if time.monotonic() > deadline or await post(session, url, sender, text, run) is None:
            break
    run.conversations += 1


async def load(
    url: str, conversation, visitors: int, seconds: float, pid: int, actions_pid: int | None = None
) -> Run:
    """`visitors` visitors each holding conversations, one after the other, for `seconds`;
    the CPU of the Rasa server's process group `pid` (and of the action server's, if given)."""
    run, defaults = Run(), load_vignettes().defaults
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    connector = aiohttp.TCPConnector(limit=visitors)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        cpu_before = group_usage(pid)[0]
        actions_before = group_usage(actions_pid)[0] if actions_pid else 0.0
        start = time.monotonic()
        deadline = start + seconds

        async def visitor() -> None:
            while time.monotonic() < deadline:
                await conversation(session, url, run, defaults, deadline)

        await asyncio.gather(*(visitor() for _ in range(visitors)))
        run.seconds = time.monotonic() - start
        cpu_after, run.rss, run.pss = group_usage(pid)
        if actions_pid:
            run.actions_cpu = group_usage(actions_pid)[0] - actions_before
        run.cpu = cpu_after - cpu_before
    return run


async def warm_up(url: str, conversation) -> None:
    """One conversation, unmeasured: the first predictions load TensorFlow's graphs."""
    await load(url, conversation, 1, 1, os.getpid())


# --- the report ----------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def table(visitors: int, ours: Run, moodbot: Run) -> str:
    def ratio(a: float, b: float) -> str:
        return f"{a / b:.2f}x" if b else "-"

    rows = [
        ("p50 latency", ms(ours.percentile(0.5)), ms(moodbot.percentile(0.5))),
        ("p95 latency", ms(ours.percentile(0.95)), ms(moodbot.percentile(0.95))),
        ("throughput", f"{ours.throughput:.1f} msg/s", f"{moodbot.throughput:.1f} msg/s"),
        ("Rasa CPU per message", ms(ours.cpu_per_message), ms(moodbot.cpu_per_message)),
        ("action server CPU per message", ms(ours.actions_cpu_per_message or 0), "none"),
        ("Rasa RSS", f"{ours.rss / 2**20:,.0f} MiB", f"{moodbot.rss / 2**20:,.0f} MiB"),
        ("Rasa PSS", f"{ours.pss / 2**20:,.0f} MiB", f"{moodbot.pss / 2**20:,.0f} MiB"),
    ]
    ratios = [
        ratio(ours.percentile(0.5), moodbot.percentile(0.5)),
        ratio(ours.percentile(0.95), moodbot.percentile(0.95)),
        ratio(ours.throughput, moodbot.throughput),
        ratio(ours.cpu_per_message, moodbot.cpu_per_message),
        "-",
        ratio(ours.rss, moodbot.rss),
        ratio(ours.pss, moodbot.pss),
    ]
    lines = [
        f"{visitors} concurrent visitors, {ours.seconds:.0f} s each: this bot "
        f"{len(ours.latencies)} messages in {ours.conversations} conversations "
        f"({ours.errors} errors); moodbot {len(moodbot.latencies)} messages in "
        f"{moodbot.conversations} conversations ({moodbot.errors} errors)",
        "",
        "| | this bot | moodbot | ratio |",
        "|---|---|---|---|",
    ]
    lines += [f"| {name} | {a} | {b} | {r} |" for (name, a, b), r in zip(rows, ratios, strict=True)]
    return "\n".join(lines)


async def bench(args: argparse.Namespace, ours: Servers, mood_url: str, mood_pid: int):
    our_url, our_pid = ours.rest_url, ours.processes["rasa"].pid
    actions_pid = ours.processes["actions"].pid
    await warm_up(our_url, our_conversation)
    await warm_up(mood_url, moodbot_conversation)
    for visitors in args.concurrency:
        mine = await load(our_url, our_conversation, visitors, args.seconds, our_pid, actions_pid)
        moodbot = await load(mood_url, moodbot_conversation, visitors, args.seconds, mood_pid)
        print("\n" + table(visitors, mine, moodbot), flush=True)


def configuration(workers: int) -> str:
    """How this bot runs in the bench, in words."""
    if workers == 1:
        return "one Rasa server, 1 Sanic worker, locks and pre-consent conversations in memory"
    return (
        f"one Rasa server, {workers} Sanic workers (SANIC_WORKERS), locks and pre-consent "
        "conversations in Redis (NMT_REDIS_URL)"
    )


@contextmanager
def shared_stores(workers: int, directory: Path) -> Iterator[dict[str, str]]:
    """The environment of this bot's servers for `workers` Sanic workers: nothing more for
    one; for more, a Redis server on loopback (scripts/cluster.py's, as `make cluster` and the
    tests start it) for the locks and the conversations waiting for consent."""
    if workers == 1:
        yield {}
        return
    from scripts.cluster import RedisServer

    server = RedisServer(directory / "redis")
    server.start()
    try:
        yield {"NMT_REDIS_URL": server.url, "SANIC_WORKERS": str(workers)}
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=45, help="per bot and visitor count")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[20, 50])
    parser.add_argument(
        "--workers",
        type=int,
        default=WORKERS,
        help=f"this bot's Sanic workers; above 1 with Redis ({WORKERS}, the 2-core setting)",
    )
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be 1 or more")
    # other work on the machine slows both bots: its load before the run is printed with them
    load = os.getloadavg()
    moodbot_model()
    with tempfile.TemporaryDirectory(prefix="nmt-bench-") as tmp:
        directory = Path(tmp)
        database = sqlite_url(directory / "nmt.db")
        rasa_port, actions_port = free_port(), free_port()
        with (
            shared_stores(args.workers, directory) as env,
            running_servers(
                MODEL, database, rasa_port, actions_port, log_dir=directory, extra_env=env
            ) as ours,
            running_moodbot(directory) as (mood_url, mood_pid),
        ):
            print(f"this bot: {configuration(args.workers)}", flush=True)
            print("moodbot: as `rasa init` makes it (one Rasa server, 1 Sanic worker)")
            print(f"servers up: this bot {ours.rasa_url}, moodbot {mood_url}", flush=True)
            asyncio.run(bench(args, ours, mood_url, mood_pid))
    print(f"\nthis bot ran as: {configuration(args.workers)}")
    print("load average before the run (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*load))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
