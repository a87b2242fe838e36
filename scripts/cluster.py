"""Several Rasa servers and action servers behind nginx, on PostgreSQL and Redis, on one machine.

    make cluster                       # python -m scripts.cluster
    python -m scripts.cluster --rasa 3 --actions 2 --workers 1 --port 8080
    python -m scripts.cluster --bench 45   # one Rasa server against all of them, then stop

What runs (all on 127.0.0.1; docs/deploy-cluster.md explains the choices):
- Redis (Debian's `redis-server`), without persistence: the conversations' locks
  (components/lock_store.py) and the conversations waiting for consent
  (components/tracker_store.py), each with a time to live;
- PostgreSQL: the conversations after consent and the assessments (`--database-url`, or a
  throw-away server of Debian's binaries, as the tests start one: tests/postgres.py);
- N action servers and M Rasa servers (each with `--workers` Sanic workers);
- nginx (Debian's package) with scripts/nginx-cluster.conf: the Rasa servers behind one port
  (REST round-robin, socket.io by client address), the action servers behind another, which
  the Rasa servers call;
- the chat page and clinic dashboard (`python -m bot.web`), talking to nginx (`make cluster`
  only; not in the tests).

Redis and nginx are installed with apt-get when they are missing and we are root, as
tests/postgres.py does for PostgreSQL. `running_cluster` is what tests/test_cluster.py uses;
`main` keeps the cluster up, starts again a server that died, and stops all on Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import redis

from evaluation.servers import (
    HOST,
    REPO_ROOT,
    ServerError,
    _signal_group,
    _wait_ready,
    free_port,
    log_tail,
    process_env,
    running_web,
    server_commands,
    server_env,
    start_logged,
    stop_process_groups,
    venv_bin,
)

REDIS_SERVER = Path("/usr/bin/redis-server")
NGINX = Path("/usr/sbin/nginx")
NGINX_CONF = REPO_ROOT / "scripts" / "nginx-cluster.conf"
MODEL = REPO_ROOT / "models" / "nmt.tar.gz"


def debian_program(path: Path, package: str) -> Path:
    """`path`, installed with `apt-get install PACKAGE` when missing and we are root."""
    if path.exists():
        return path
    if os.geteuid() != 0:
        raise ServerError(f"{path} is missing and we are not root: `apt-get install -y {package}`")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", package]
    for command in (install, ["apt-get", "update", "-q"], install):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        if command == install and done.returncode == 0 and path.exists():
            return path
    raise ServerError(f"`apt-get install -y {package}` failed:\n{done.stderr[-2000:]}")


class RedisServer:
    """Debian's redis-server on 127.0.0.1, without persistence (what it holds expires anyway);
    a test may `stop` and `start` it again (an outage)."""

    def __init__(self, home: Path, port: int | None = None) -> None:
        self.program = debian_program(REDIS_SERVER, "redis-server")
        self.home = Path(home)
        self.home.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.log = self.home / "redis.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self, timeout: float = 20) -> None:
        self.process = start_logged(
            [
                str(self.program),
                "--bind", HOST,
                "--port", str(self.port),
                "--dir", str(self.home),
                "--save", "",
                "--appendonly", "no",
                "--protected-mode", "yes",
            ],
            self.log,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url, socket_timeout=1)
        deadline = time.monotonic() + timeout
        while True:
            with contextlib.suppress(redis.RedisError):
                if client.ping():
                    return
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise ServerError("redis-server did not start:\n" + log_tail(self.log))
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None:
            stop_process_groups([self.process], grace=5)
            self.process = None


def nginx_config(
    home: Path,
    rasa_port: int,
    rasa: list[int],
    actions_port: int,
    actions: list[int],
    temp: Path | None = None,
) -> str:
    """scripts/nginx-cluster.conf with its placeholders filled in."""

    def servers(ports: list[int]) -> str:
        return "\n        ".join(
            f"server {HOST}:{port} max_fails=1 fail_timeout=10s;" for port in ports
        )

    return (
        NGINX_CONF.read_text(encoding="utf-8")
        .replace("__TEMP__", str(temp or home))
        .replace("__HOME__", str(home))
        .replace("__RASA_PORT__", str(rasa_port))
        .replace("__RASA_SERVERS__", servers(rasa))
        .replace("__ACTIONS_PORT__", str(actions_port))
        .replace("__ACTIONS_SERVERS__", servers(actions))
    )


@dataclass
class Cluster:
    """A running cluster: nginx's URL, each Rasa server's, and the processes by name
    (`rasa-1`, ..., `actions-1`, ..., `nginx`), which `kill` and `start` act on."""

    url: str  # nginx, in front of the Rasa servers
    rasa_urls: list[str]
    actions_url: str  # nginx, in front of the action servers
    database_url: str
    redis: RedisServer
    log_dir: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    commands: dict[str, list[str]] = field(default_factory=dict)
    envs: dict[str, dict[str, str]] = field(default_factory=dict)
    checks: dict[str, str] = field(default_factory=dict)

    def rest_url(self, base: str | None = None) -> str:
        return f"{base or self.url}/webhooks/nmt/webhook"

    def log(self, name: str) -> Path:
        return self.log_dir / f"{name}.log"

    def kill(self, name: str) -> None:
        """Kill a server's whole process group at once (SIGKILL), as a crash would."""
        _signal_group(self.processes[name], signal.SIGKILL)
        self.processes[name].wait(timeout=10)

    def start(self, name: str, timeout: float = 300) -> None:
        """Start a server (again) and wait until it answers."""
        self.processes[name] = start_logged(self.commands[name], self.log(name), self.envs[name])
        _wait_ready(
            {name: self.processes[name]}, {name: self.log(name)}, {name: self.checks[name]}, timeout
        )


@contextlib.contextmanager
def running_cluster(
    database_url: str,
    rasa: int = 2,
    actions: int = 2,
    workers: int = 1,
    port: int | None = None,
    log_dir: Path | None = None,
    model: Path = MODEL,
    cors: str | None = None,
    extra_env: dict[str, str] | None = None,
    timeout: float = 420,
) -> Iterator[Cluster]:
    """Redis, `actions` action servers, `rasa` Rasa servers (`workers` Sanic workers each) and
    nginx in front of both, on `database_url` (PostgreSQL), until the block ends.

    Logs (`redis.log`, `rasa-1.log`, ..., `nginx/`) go to `log_dir` (a temporary directory,
    kept when start-up or the block fails). `extra_env` adds to the servers' environment
    (such as `TICKET_LOCK_LIFETIME`).
    """
    model = Path(model).resolve()
    if not model.exists():
        raise ServerError(f"no model at {model}: train one first (make train)")
    nginx = debian_program(NGINX, "nginx")
    own_log_dir = log_dir is None
    log_dir = Path(tempfile.mkdtemp(prefix="nmt-cluster-")) if own_log_dir else Path(log_dir)
    log_dir.mkdir(parents=True, exist_ok=True)
    redis_server = RedisServer(log_dir / "redis")
    nginx_home = log_dir / "nginx"
    nginx_home.mkdir(exist_ok=True)
    # nginx's workers run as `nobody` when started as root: their folders for request bodies
    # must be reachable by them, which a folder under a private one (such as pytest's) is not
    nginx_temp = Path(tempfile.mkdtemp(prefix="nmt-nginx-"))
    nginx_temp.chmod(0o755)
    port = port or free_port()
    actions_port = free_port()
    rasa_ports = [free_port() for _ in range(rasa)]
    action_ports = [free_port() for _ in range(actions)]
    (nginx_home / "nginx.conf").write_text(
        nginx_config(nginx_home, port, rasa_ports, actions_port, action_ports, nginx_temp),
        encoding="utf-8",
    )
    cluster = Cluster(
        url=f"http://{HOST}:{port}",
        rasa_urls=[f"http://{HOST}:{p}" for p in rasa_ports],
        actions_url=f"http://{HOST}:{actions_port}",
        database_url=database_url,
        redis=redis_server,
        log_dir=log_dir,
    )
    env = {
        **server_env(database_url, actions_port),  # Rasa calls the action servers via nginx
        "NMT_REDIS_URL": redis_server.url,
        "SANIC_WORKERS": str(workers),
        **(extra_env or {}),
    }
    bin_dir = venv_bin()
    for number, action_port in enumerate(action_ports, 1):
        name = f"actions-{number}"
        cluster.commands[name] = server_commands(model, 0, action_port, bin_dir)["actions"]
        cluster.envs[name] = {**process_env(env, "actions"), "SANIC_WORKERS": "1"}
        cluster.checks[name] = f"http://{HOST}:{action_port}/health"
    for number, rasa_port in enumerate(rasa_ports, 1):
        name = f"rasa-{number}"
        cluster.commands[name] = server_commands(model, rasa_port, 0, bin_dir, cors)["rasa"]
        cluster.envs[name] = process_env(env, "rasa")
        cluster.checks[name] = f"http://{HOST}:{rasa_port}/"
    conf = nginx_home / "nginx.conf"
    cluster.commands["nginx"] = [str(nginx), "-e", str(nginx_home / "error.log"),
                                 "-p", str(nginx_home), "-c", str(conf)]  # fmt: skip
    cluster.envs["nginx"] = dict(os.environ)
    cluster.checks["nginx"] = f"{cluster.url}/webhooks/nmt/"
    failed = True
    try:
        redis_server.start()
        for name in cluster.commands:
            cluster.processes[name] = start_logged(cluster.commands[name], cluster.log(name),
                                             cluster.envs[name])  # fmt: skip
        _wait_ready(
            cluster.processes,
            {name: cluster.log(name) for name in cluster.processes},
            cluster.checks,
            timeout,
        )
        yield cluster
        failed = False
    except BaseException as error:
        error.add_note(f"cluster logs: {log_dir}")
        raise
    finally:
        stop_process_groups(list(cluster.processes.values()))
        redis_server.stop()
        shutil.rmtree(nginx_temp, ignore_errors=True)
        if own_log_dir and not failed:
            shutil.rmtree(log_dir, ignore_errors=True)


@contextlib.contextmanager
def database(url: str | None) -> Iterator[str]:
    """`url`, or a database on a throw-away PostgreSQL server (Debian's binaries)."""
    if url:
        yield url
        return
    from tests.postgres import PostgresServer  # initdb and pg_ctl on 127.0.0.1, as the tests

    server = PostgresServer()
    try:
        server.start()
        yield server.create_database("nmt")
    finally:
        server.remove()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.cluster", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--rasa", type=int, default=2, help="Rasa servers (2)")
    parser.add_argument("--actions", type=int, default=2, help="action servers (2)")
    parser.add_argument("--workers", type=int, default=1, help="Sanic workers per Rasa server (1)")
    parser.add_argument("--port", type=int, default=5080, help="nginx's port for Rasa (5080)")
    parser.add_argument("--web-port", type=int, default=8000, help="the chat page's port (8000)")
    parser.add_argument(
        "--database-url",
        default=None,
        help="a PostgreSQL URL; without one, a throw-away PostgreSQL server is started",
    )
    parser.add_argument("--log-dir", type=Path, default=REPO_ROOT / "var" / "cluster")
    parser.add_argument(
        "--bench",
        type=float,
        metavar="SECONDS",
        help="measure one Rasa server, then all behind nginx (20 visitors each), and stop",
    )
    args = parser.parse_args(argv)
    if args.database_url and not args.database_url.startswith("postgresql"):
        parser.error("the cluster runs on PostgreSQL: give a postgresql+psycopg2:// URL")
    web_origin = f"http://{HOST}:{args.web_port}"
    # SIGTERM stops everything as Ctrl-C does; Ctrl-C works even when started in the background
    # by a shell that ignores SIGINT for its background jobs
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    print("Starting Redis, PostgreSQL, the servers and nginx (about a minute per Rasa server)...")
    with (
        database(args.database_url) as url,
        running_cluster(
            url,
            rasa=args.rasa,
            actions=args.actions,
            workers=args.workers,
            port=args.port,
            log_dir=args.log_dir,
            cors=f"{web_origin} http://localhost:{args.web_port}",
        ) as cluster,
    ):
        if args.bench:
            print(bench(cluster, 20, args.bench), flush=True)
            return 0
        web_env = {"NMT_DATABASE_URL": url, "NMT_RASA_URL": cluster.url}
        subprocess.run([sys.executable, "-m", "bot.web.auth", "ensure"], cwd=REPO_ROOT,
                       env={**os.environ, **web_env}, check=False)  # fmt: skip
        with running_web(args.web_port, web_env, args.log_dir) as web:
            print(f"  the chat page:  {web}/   (the clinic: {web}/clinic)")
            print(f"  Rasa via nginx: {cluster.rest_url()}")
            for number, rasa_url in enumerate(cluster.rasa_urls, 1):
                print(f"  rasa-{number}:         {rasa_url}")
            print(f"  actions via nginx: {cluster.actions_url}")
            print(f"  Redis: {cluster.redis.url}   logs: {args.log_dir}")
            print("A server that stops is started again. Press Ctrl-C to stop.")
            keep_running(cluster)
    return 0


def bench(cluster: Cluster, visitors: int, seconds: float) -> str:
    """One Rasa server alone, then all of them through nginx, with the same load, in one run:
    `visitors` visitors each holding whole conversations for `seconds` (evaluation/bench.py's
    visitors and measures). A table in Markdown."""
    import asyncio

    from evaluation.bench import group_usage, load, ms, our_conversation, warm_up

    load_before = os.getloadavg()  # other work on the machine slows both runs

    async def measure():
        for url in cluster.rasa_urls:
            await warm_up(cluster.rest_url(url), our_conversation)
        leaders = [cluster.processes[f"rasa-{n}"].pid for n in range(1, len(cluster.rasa_urls) + 1)]
        one = await load(cluster.rest_url(cluster.rasa_urls[0]), our_conversation, visitors,
                         seconds, leaders[0])  # fmt: skip
        before = sum(group_usage(pid)[0] for pid in leaders)
        every = await load(cluster.rest_url(), our_conversation, visitors, seconds, leaders[0])
        every.cpu = sum(group_usage(pid)[0] for pid in leaders) - before
        every.rss = sum(group_usage(pid)[1] for pid in leaders)
        return one, every

    one, every = asyncio.run(measure())
    rows = [
        ("p50 latency", ms(one.percentile(0.5)), ms(every.percentile(0.5))),
        ("p95 latency", ms(one.percentile(0.95)), ms(every.percentile(0.95))),
        ("throughput", f"{one.throughput:.1f} msg/s", f"{every.throughput:.1f} msg/s"),
        ("Rasa CPU per message", ms(one.cpu_per_message), ms(every.cpu_per_message)),
        ("errors", str(one.errors), str(every.errors)),
        ("Rasa RSS", f"{one.rss / 2**20:,.0f} MB", f"{every.rss / 2**20:,.0f} MB"),
    ]
    servers = len(cluster.rasa_urls)
    lines = [
        f"{visitors} concurrent visitors, {seconds:.0f} s each, load average before: "
        + " ".join(f"{x:.2f}" for x in load_before),
        "",
        f"| | 1 Rasa server | {servers} Rasa servers behind nginx |",
        "|---|---|---|",
    ]
    return "\n".join(lines + [f"| {name} | {a} | {b} |" for name, a, b in rows])


def keep_running(cluster: Cluster) -> None:
    """Start again any server that exited, until interrupted."""
    try:
        while True:
            for name, process in list(cluster.processes.items()):
                if process.poll() is not None:
                    print(f"{name} exited ({process.returncode}); starting it again", flush=True)
                    with contextlib.suppress(ServerError):
                        cluster.start(name)
            time.sleep(2)
    except KeyboardInterrupt:
        print("stopping", flush=True)


if __name__ == "__main__":
    sys.exit(main())
