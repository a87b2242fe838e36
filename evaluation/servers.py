"""Start and stop the real Rasa and action servers, for end-to-end tests and the evaluation.

    with running_servers(Path("models/nmt.tar.gz"), f"sqlite:///{tmp / 'nmt.db'}") as servers:
        ...  # POST to servers.rest_url

Both servers run as subprocesses from the repository root, each in its own process group, with
their output in log files. The context manager returns once Rasa answers `GET /` and the action
server answers `GET /health` (Rasa takes about 40 seconds to load on a two-core machine), and
always stops both process groups on exit: SIGTERM, then SIGKILL after 10 seconds. Only the
standard library is used, so this module imports nothing from Rasa.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
STOP_GRACE_SECONDS = 10.0
POLL_SECONDS = 1.0
LOG_TAIL_LINES = 40


class ServerError(RuntimeError):
    """A server could not be started: it exited, or did not become ready in time."""


@dataclass(frozen=True)
class Servers:
    """Where the running servers listen and log; `kill` and `start` one of them, for fault
    tests (`processes` holds the running ones by name, "rasa" and "actions")."""

    rasa_url: str
    actions_url: str
    rest_url: str
    log_dir: Path
    rasa_log: Path
    actions_log: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict, compare=False)
    commands: dict[str, list[str]] = field(default_factory=dict, compare=False)
    env: dict[str, str] = field(default_factory=dict, compare=False)

    def kill(self, name: str) -> None:
        """Kill a server's whole process group at once (SIGKILL), as a crash would."""
        process = self.processes[name]
        _signal_group(process, signal.SIGKILL)
        process.wait(timeout=STOP_GRACE_SECONDS)

    def start(self, name: str, timeout: float = 240) -> None:
        """Start a server again (after `kill`), and wait until it answers."""
        log = self.rasa_log if name == "rasa" else self.actions_log
        self.processes[name] = start_logged(self.commands[name], log, process_env(self.env, name))
        url = f"{self.rasa_url}/" if name == "rasa" else f"{self.actions_url}/health"
        _wait_ready({name: self.processes[name]}, {name: log}, {name: url}, timeout)


def start_logged(
    command: list[str], log: Path, env: dict[str, str] | None = None, cwd: Path = REPO_ROOT
) -> subprocess.Popen:
    """Start a server process, its output appended to `log`, in its own process group (so it
    is stopped as a whole, children included)."""
    with open(log, "ab") as out:
        return subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def venv_bin() -> Path:
    """The virtualenv's bin directory: the one holding the running interpreter.

    Not resolved: a virtualenv's python is a symlink to the base interpreter, and resolving it
    would leave the virtualenv.
    """
    return Path(sys.executable).parent


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of an SQLite file (absolute: the servers run from the repository)."""
    return f"sqlite:///{Path(path).resolve()}"


def server_env(database_url: str, actions_port: int) -> dict[str, str]:
    """The environment both servers run with: conversations and assessments in one database."""
    env = dict(os.environ)
    env.update(
        {
            "SANIC_HOST": HOST,
            "NMT_DATABASE_URL": database_url,
            "NMT_ACTION_URL": f"http://{HOST}:{actions_port}/webhook",
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "PYTHONHASHSEED": "0",
            # as in the Makefile: quieter logs, no change in behaviour
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "PYTHONWARNINGS": "ignore::DeprecationWarning,ignore::PendingDeprecationWarning",
        }
    )
    return env


# As scripts/run.sh: Rasa refuses client requests over 1 MB; the action server keeps Sanic's
# own limit (100 MB), since it receives a whole conversation with each request.
RASA_REQUEST_MAX_SIZE = 1_000_000


def process_env(env: dict[str, str], name: str) -> dict[str, str]:
    """The environment of one server: `env`, with Rasa's own request size limit for Rasa."""
    if name == "rasa":
        return {**env, "SANIC_REQUEST_MAX_SIZE": str(RASA_REQUEST_MAX_SIZE)}
    return {key: value for key, value in env.items() if key != "SANIC_REQUEST_MAX_SIZE"}


def server_commands(
    model: Path,
    rasa_port: int,
    actions_port: int,
    bin_dir: Path | None = None,
    cors: str | None = None,
) -> dict[str, list[str]]:
    """The command lines of the action server and the Rasa server, by name.

    `cors` is the web page's origin that may call Rasa from a browser (none by default).
    """
    rasa = str((bin_dir or venv_bin()) / "rasa")
    commands = {
        "actions": [rasa, "run", "actions", "--actions", "actions", "--port", str(actions_port)],
        "rasa": [
            rasa,
            "run",
            "--model",
            str(model),
            "--interface",
            HOST,
            "--port",
            str(rasa_port),
            "--endpoints",
            "endpoints.yml",
            "--credentials",
            "credentials.yml",
        ],
    }
    if cors:
        commands["rasa"] += ["--cors", cors]
    return commands


def port_in_use(port: int, host: str = HOST) -> bool:
    """Whether something already accepts connections on host:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        return sock.connect_ex((host, port)) == 0


# ports handed out by this process, never handed out again by it
_HANDED_OUT: set[int] = set()
# the lowest port `free_port` picks from; the highest is just below the ephemeral range, which
# must leave at least PORTS_ROOM ports
PORTS_FROM = 10000
PORTS_ROOM = 1000
EPHEMERAL_RANGE = Path("/proc/sys/net/ipv4/ip_local_port_range")


def ephemeral_ports() -> range:
    """The ports the system gives the client side of outgoing connections (Linux's
    `ip_local_port_range`; 32768-60999 when it cannot be read)."""
    try:
        low, high = (int(part) for part in EPHEMERAL_RANGE.read_text().split())
    except (OSError, ValueError):
        low, high = 32768, 60999
    return range(low, high + 1)


def free_port(host: str = HOST) -> int:
    """A port nothing listens on now, below the ephemeral range and not handed out before by
    this process. A server is told its port long before it binds it (Rasa loads for 40
    seconds): a port from the ephemeral range (what binding to port 0 gives) can be taken
    meanwhile as the client side of any connection, such as another test's polling, and the
    server then fails with "address already in use". Picked at random (the system's
    randomness, not a seeded one), so test processes running side by side rarely pick alike.
    On a system whose ephemeral range starts too low to leave room, the system picks."""
    pick = random.SystemRandom()
    top = min(ephemeral_ports().start, 65536)
    if top - PORTS_FROM < PORTS_ROOM:  # a system whose ephemeral range leaves no room below it
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((host, 0))
            return sock.getsockname()[1]
    for _ in range(200):
        port = pick.randrange(PORTS_FROM, top)
        if port in _HANDED_OUT:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((host, port))
            except OSError:
                continue
        _HANDED_OUT.add(port)
        return port
    raise ServerError(f"no free port found between {PORTS_FROM} and {top} on {host}")


def http_ok(url: str, timeout: float = 2.0) -> bool:
    """Whether GET url answers 200."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except (OSError, ValueError):  # URLError, HTTPError, refused, reset, timeout
        return False


def log_tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    """The last lines of a log file, or a note that it is missing."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return f"({path} could not be read)"
    tail = text.splitlines()[-lines:]
    return "\n".join(tail) if tail else "(empty)"


def stop_process_groups(
    processes: list[subprocess.Popen], grace: float = STOP_GRACE_SECONDS
) -> None:
    """SIGTERM every process's group, then SIGKILL the groups still there after `grace` s.

    Each process must lead its own group (start_new_session=True): its children, such as
    Sanic's workers, are stopped with it.
    """
    for process in processes:
        _signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
    for process in processes:
        # also when the leader has exited: a child left in its group is killed
        _signal_group(process, signal.SIGKILL)
    for process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)


def _signal_group(process: subprocess.Popen, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)


def _wait_ready(
    processes: dict[str, subprocess.Popen],
    logs: dict[str, Path],
    checks: dict[str, str],
    timeout: float,
) -> None:
    deadline = time.monotonic() + timeout
    ready: set[str] = set()
    while True:
        for name, process in processes.items():
            code = process.poll()
            if code is not None:
                raise ServerError(
                    f"the {name} server exited with code {code} before it was ready.\n"
                    + _tails(logs)
                )
        for name, url in checks.items():
            if name not in ready and http_ok(url):
                ready.add(name)
        if len(ready) == len(checks):
            return
        if time.monotonic() > deadline:
            waiting = ", ".join(f"{name} ({checks[name]})" for name in checks if name not in ready)
            raise ServerError(
                f"servers not ready after {timeout:.0f} s; still waiting for {waiting}.\n"
                + _tails(logs)
            )
        time.sleep(POLL_SECONDS)


def _tails(logs: dict[str, Path]) -> str:
    return "\n".join(
        f"--- last lines of {path} ---\n{log_tail(path)}" for name, path in logs.items()
    )


@contextlib.contextmanager
def running_servers(
    model: Path,
    database_url: str,
    rasa_port: int = 5005,
    actions_port: int = 5055,
    timeout: float = 240,
    log_dir: Path | None = None,
    extra_env: dict[str, str] | None = None,
) -> Iterator[Servers]:
    """Run the action server and the Rasa server until the block ends.

    `database_url` is where the servers keep conversations and assessments (NMT_DATABASE_URL);
    give a test its own, never the repository's var/. A relative `model` path is taken from the
    current directory. Logs go to
    `rasa.log` and `actions.log` in `log_dir`; without one, a temporary directory is used,
    removed on a clean exit and kept (its path added to the exception) when the block or the
    start-up fails. `extra_env` adds to both servers' environment (such as `NMT_REDIS_URL` and
    `SANIC_WORKERS`).
    Raises ServerError if a port is taken, a server exits, or both are not ready in `timeout`
    seconds.
    """
    # absolute, because the servers run from the repository root, not the caller's directory
    model = Path(model).resolve()
    if not model.exists():
        raise ServerError(f"no model at {model}: train one first (make train)")
    bin_dir = venv_bin()
    if not (bin_dir / "rasa").exists():
        raise ServerError(f"no rasa executable in {bin_dir}: run this with the project venv")
    for port in (rasa_port, actions_port):
        if port_in_use(port):
            raise ServerError(
                f"port {port} on {HOST} is already in use: stop the server using it "
                f"or choose other ports"
            )
    own_log_dir = log_dir is None
    log_dir = Path(tempfile.mkdtemp(prefix="nmt-servers-")) if own_log_dir else Path(log_dir)
    log_dir.mkdir(parents=True, exist_ok=True)
    logs = {"actions": log_dir / "actions.log", "rasa": log_dir / "rasa.log"}
    servers = Servers(
        rasa_url=f"http://{HOST}:{rasa_port}",
        actions_url=f"http://{HOST}:{actions_port}",
        rest_url=f"http://{HOST}:{rasa_port}/webhooks/nmt/webhook",
        log_dir=log_dir,
        rasa_log=logs["rasa"],
        actions_log=logs["actions"],
    )
    env = {**server_env(database_url, actions_port), **(extra_env or {})}
    commands = server_commands(model, rasa_port, actions_port, bin_dir)
    processes: dict[str, subprocess.Popen] = {}
    servers = dataclasses.replace(servers, processes=processes, commands=commands, env=env)
    failed = True
    previous = _stop_on_sigterm()
    try:
        for name, command in commands.items():
            logs[name].write_bytes(b"")
            processes[name] = start_logged(command, logs[name], process_env(env, name))
        _wait_ready(
            processes,
            logs,
            {"rasa": f"{servers.rasa_url}/", "actions": f"{servers.actions_url}/health"},
            timeout,
        )
        yield servers
        failed = False
    except BaseException as error:
        error.add_note(f"server logs: {log_dir}")
        raise
    finally:
        stop_process_groups(list(processes.values()))
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if own_log_dir and not failed:
            shutil.rmtree(log_dir, ignore_errors=True)


def _stop_on_sigterm():
    """Turn SIGTERM into SystemExit while the servers run, so that they are stopped too.

    The servers run in process groups of their own; without this, a caller killed with SIGTERM
    (a CI timeout, `kill`) would leave them running. Returns the handler to restore, or None
    when not on the main thread (where signal handlers cannot be set).
    """
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    return signal.signal(signal.SIGTERM, stop)


@contextlib.contextmanager
def running_web(
    port: int, env: dict[str, str], log_dir: Path, timeout: float = 60
) -> Iterator[str]:
    """Run the chat page and dashboard (`python -m bot.web`) until the block ends.

    `env` adds to this process's environment (NMT_DATABASE_URL, NMT_CLINIC_USERS, ...); the
    page listens on `port`. Yields its base URL once `/health` answers; the log is
    `web.log` in `log_dir`, and its tail is in the error when the app does not start.
    """
    log_dir = Path(log_dir)
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / "web.log"
    log_path.write_bytes(b"")
    process = start_logged(
        [sys.executable, "-m", "bot.web"],
        log_path,
        {**os.environ, **env, "NMT_WEB_PORT": str(port)},
    )
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + timeout
        while not http_ok(f"{base}/health"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise ServerError("the web app did not start:\n" + log_tail(log_path))
            time.sleep(0.2)
        yield base
    finally:
        stop_process_groups([process], grace=5)
