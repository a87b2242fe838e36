"""`make run` keeps its servers running (marked e2e): scripts/run.sh starts supervisord
(scripts/supervisord.conf), which starts a killed server again while the others keep
running, and stops all three on SIGTERM (issue 10, point 5).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from evaluation.runner import rest_sender
from evaluation.servers import free_port, http_ok, port_in_use

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parent.parent
READY_SECONDS = 240


def wait_until(check, seconds: float = READY_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not true after {seconds} s: {check.__doc__ or check}")
        time.sleep(1)


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("run")
    ports = {"RASA_PORT": free_port(), "ACTIONS_PORT": free_port(), "NMT_WEB_PORT": free_port()}
    env = {
        **os.environ,
        **{name: str(port) for name, port in ports.items()},
        "NMT_RUN_DIR": str(run_dir),
        "NMT_DATABASE_URL": f"sqlite:///{run_dir / 'nmt.db'}",
        "NMT_CLINIC_USERS": str(run_dir / "users.json"),
    }
    env.pop("NMT_RASA_URL", None)
    env.pop("NMT_ACTION_URL", None)
    with open(run_dir / "run.log", "wb") as log:
        process = subprocess.Popen(
            ["scripts/run.sh"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    urls = {
        "rasa": f"http://127.0.0.1:{ports['RASA_PORT']}/",
        "actions": f"http://127.0.0.1:{ports['ACTIONS_PORT']}/health",
        "web": f"http://127.0.0.1:{ports['NMT_WEB_PORT']}/health",
    }
    try:
        wait_until(lambda: all(http_ok(url) for url in urls.values()))
        yield process, env, urls, ports
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def pid_of(env: dict[str, str], name: str) -> int:
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "supervisorctl"), "-c", "scripts/supervisord.conf",
         "-s", f"unix://{env['NMT_RUN_DIR']}/supervisor.sock", "pid", name],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    return int(done.stdout.strip() or 0)


@pytest.mark.parametrize("name", ["actions", "web", "rasa"])
def test_a_killed_server_is_started_again_and_the_others_keep_running(running, name):
    process, env, urls, ports = running
    before = pid_of(env, name)
    assert before > 0
    os.killpg(before, signal.SIGKILL)  # a crash, with its children
    wait_until(lambda: pid_of(env, name) not in (0, before))
    wait_until(lambda: http_ok(urls[name]))
    assert process.poll() is None  # supervisord, and so `make run`, is still running
    assert all(http_ok(url) for url in urls.values())
    # and the bot answers again
    replies = rest_sender(f"http://127.0.0.1:{ports['RASA_PORT']}/webhooks/nmt/webhook")(
        uuid.uuid4().hex, "hello"
    )
    assert replies


def test_the_notification_worker_runs_beside_them(running):
    """`python -m bot notify` (docs/notifications.md): idle here, as nothing is set up."""
    _, env, _, _ = running
    log = Path(env["NMT_RUN_DIR"], "run.log")
    wait_until(lambda: "worker started: no channel" in log.read_text(errors="replace"), 60)
    assert pid_of(env, "notify") > 0


def test_sigterm_stops_all_three(running):
    process, _, _, ports = running
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=60)
    wait_until(lambda: not any(port_in_use(port) for port in ports.values()), 60)
