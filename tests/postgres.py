"""Pytest fixtures for a real, throw-away PostgreSQL server, and a fresh SQLite database.

`postgres_url` starts one PostgreSQL server for the test session, on 127.0.0.1 only, from
Debian's binaries (/usr/lib/postgresql/*/bin). When they are missing and we are root, Debian's
`postgresql` package is installed with apt-get; when that is impossible the tests fail with the
reason, because tests that silently skip PostgreSQL would pass without ever testing it.

PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user
(made by the Debian package) in a temporary directory it owns. Authentication is `trust`: the
server only listens on loopback and lives for the test session. Durability is switched off
(fsync) because the data is thrown away.

Use with `pytest_plugins = ["tests.postgres"]` or by importing the fixtures.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from evaluation.servers import free_port

DATABASE = "nmt_test"


def _find_bin() -> Path | None:
    """The newest Debian PostgreSQL bin directory with initdb and pg_ctl, if any."""
    found = [
        Path(d)
        for d in glob.glob("/usr/lib/postgresql/*/bin")
        if Path(d, "initdb").exists() and Path(d, "pg_ctl").exists()
    ]
    return max(found, key=lambda d: int(d.parent.name), default=None)


def _install_postgresql() -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", "postgresql"]
    for command in (install, ["apt-get", "update"], install):
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        if command == install and result.returncode == 0:
            return
    raise RuntimeError(result.stderr[-2000:])


def postgres_bin() -> Path:
    """Where initdb and pg_ctl are; installs Debian's package when possible, else fails."""
    found = _find_bin()
    if found is not None:
        return found
    if os.geteuid() != 0:
        pytest.fail(
            "PostgreSQL's initdb/pg_ctl are not under /usr/lib/postgresql/*/bin and we are not "
            "root to install them: run `apt-get install -y postgresql` first"
        )
    try:
        _install_postgresql()
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as error:
        pytest.fail(f"could not install PostgreSQL with `apt-get install -y postgresql`: {error}")
    found = _find_bin()
    if found is None:
        pytest.fail("`apt-get install -y postgresql` ran but no initdb/pg_ctl were installed")
    return found


def _run(command: list[str], cwd: Path) -> None:
    """Run a PostgreSQL program, as the postgres user when we are root."""
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")


class PostgresServer:
    """A throw-away PostgreSQL server on 127.0.0.1 in a temporary directory; a test may `stop`
    and `start` it again (a database outage) while its data stays."""

    def __init__(self) -> None:
        self.bin_dir = postgres_bin()
        self.home = Path(tempfile.mkdtemp(prefix="nmt-postgres-"))
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                pytest.fail("there is no `postgres` system user to run PostgreSQL as (not as root)")
            os.chown(self.home, user.pw_uid, user.pw_gid)
        self.data = self.home / "data"
        self.port = free_port()
        self.running = False
        _run(
            [
                str(self.bin_dir / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--no-locale",
            ],
            cwd=self.home,
        )
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                f"unix_socket_directories = '{self.home}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            )

    @property
    def server_url(self) -> str:
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}"

    def start(self) -> None:
        log = self.home / "log"
        _run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-l", str(log), "-w", "start"],
             cwd=self.home)  # fmt: skip
        self.running = True

    def stop(self) -> None:
        _run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"],
             cwd=self.home)  # fmt: skip
        self.running = False

    def create_database(self, name: str) -> str:
        admin = create_engine(
            f"{self.server_url}/postgres", future=True, isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return f"{self.server_url}/{name}"

    def remove(self) -> None:
        if self.running:
            self.stop()
        shutil.rmtree(self.home, ignore_errors=True)

    def log(self) -> str:
        log = self.home / "log"
        return log.read_text() if log.exists() else ""


@pytest.fixture(scope="session")
def postgres_url():
    """A URL of a database on a throw-away PostgreSQL server for the whole test session."""
    server = PostgresServer()
    try:
        server.start()
        yield server.create_database(DATABASE)
    except RuntimeError as error:
        pytest.fail(f"could not start PostgreSQL: {error}\n{server.log()}")
    finally:
        server.remove()


@contextlib.contextmanager
def new_database(postgres_url: str, prefix: str = "t") -> Iterator[str]:
    """The URL of a new empty database on the server of `postgres_url`, dropped afterwards."""
    server = postgres_url.rsplit("/", 1)[0]
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(f"{server}/postgres", future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{server}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def fresh_postgres_url(postgres_url):
    """A new empty database on the session's server for one test, dropped afterwards."""
    with new_database(postgres_url) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request):
    """Each test that uses it runs twice: on a new SQLite file and on a new PostgreSQL database."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("fresh_postgres_url")


@pytest.fixture
def sqlite_url(tmp_path):
    """A URL of a new SQLite database file in the test's temporary directory."""
    return f"sqlite:///{tmp_path / 'nmt.db'}"
