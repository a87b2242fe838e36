"""Clinic users, their sessions, login limits and CSRF tokens for the dashboard at /clinic.

Users live in a JSON file (`NMT_CLINIC_USERS`, default var/clinic-users.json) mapping a
username to a password hash `scrypt$n$r$p$salt_b64$hash_b64` (hashlib.scrypt, n=2**14, r=8,
p=1, a random 16-byte salt). Sessions are random tokens kept in this process's memory, so a
restart logs everybody out.

Command line:

    python -m bot.web.auth add USERNAME   # password from NMT_CLINIC_PASSWORD, else prompted
    python -m bot.web.auth ensure         # first user from NMT_CLINIC_USER + NMT_CLINIC_PASSWORD
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import json
import os
import re
import secrets
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_USERS_FILE = REPO_ROOT / "var" / "clinic-users.json"

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES = 16
HASH_BYTES = 32
MIN_PASSWORD = 10
USERNAME = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")

SESSION_SECONDS = 8 * 60 * 60
MAX_FAILURES = 5
FAILURE_WINDOW = 15 * 60


def users_file() -> Path:
    """`NMT_CLINIC_USERS`, else var/clinic-users.json in the repository."""
    return Path(os.environ.get("NMT_CLINIC_USERS") or DEFAULT_USERS_FILE)


# --- passwords -------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=2**26, dklen=HASH_BYTES
    )


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` matches the stored hash (False for a malformed hash)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = _scrypt(password, base64.b64decode(salt, validate=True), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


# A hash to check unknown usernames against, so they take as long as known ones.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


# --- the users file --------------------------------------------------------------------------


def load_users(path: Path | str) -> dict[str, str]:
    """username -> password hash; empty when the file does not exist."""
    path = Path(path)
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8") or "{}")
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise ValueError(f"{path} must map usernames to password hashes")
    return data


def save_user(path: Path | str, username: str, password: str) -> None:
    """Add a user or change their password (the file is written whole, readable by its owner)."""
    if not USERNAME.match(username):
        raise ValueError("a username is 1-64 letters, digits, dots, dashes, @ or underscores")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"a password needs at least {MIN_PASSWORD} characters")
    path = Path(path)
    users = load_users(path)
    users[username] = hash_password(password)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        json.dump(users, file, indent=2, sort_keys=True)
        file.write("\n")
    os.replace(temporary, path)


def check_login(users: dict[str, str], username: str, password: str) -> bool:
    stored = users.get(username)
    if stored is None:
        verify_password(password, _DUMMY_HASH)
        return False
    return verify_password(password, stored)


# --- sessions, failures, CSRF ----------------------------------------------------------------


@dataclass
class Session:
    username: str
    expires: float


class Sessions:
    """Session tokens in memory, each with its user and expiry."""

    def __init__(self, seconds: int = SESSION_SECONDS, clock=time.monotonic):
        self.seconds = seconds
        self.clock = clock
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def create(self, username: str) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            now = self.clock()
            self._sessions = {t: s for t, s in self._sessions.items() if s.expires > now}
            self._sessions[token] = Session(username, now + self.seconds)
        return token

    def user(self, token: str | None) -> str | None:
        if not token:
            return None
        with self._lock:
            session = self._sessions.get(token)
            if session is None:
                return None
            if session.expires <= self.clock():
                del self._sessions[token]
                return None
            return session.username

    def drop(self, token: str | None) -> None:
        with self._lock:
            self._sessions.pop(token or "", None)


class Failures:
    """Failed logins per username: `MAX_FAILURES` within `FAILURE_WINDOW` seconds locks it."""

    def __init__(self, limit=MAX_FAILURES, window=FAILURE_WINDOW, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, username: str) -> list[float]:
        cutoff = self.clock() - self.window
        recent = [t for t in self._failures.get(username, []) if t > cutoff]
        if recent:
            self._failures[username] = recent
        else:
            self._failures.pop(username, None)
        return recent

    def locked(self, username: str) -> bool:
        with self._lock:
            return len(self._recent(username)) >= self.limit

    def fail(self, username: str) -> None:
        with self._lock:
            self._recent(username)
            self._failures.setdefault(username, []).append(self.clock())

    def clear(self, username: str) -> None:
        with self._lock:
            self._failures.pop(username, None)


class Csrf:
    """Form tokens: an HMAC of the session token under a per-process secret."""

    def __init__(self):
        self._secret = secrets.token_bytes(32)

    def for_session(self, session_token: str) -> str:
        mac = hmac.new(self._secret, session_token.encode("utf-8"), hashlib.sha256)
        return mac.hexdigest()

    def valid(self, session_token: str | None, given: str | None) -> bool:
        if not session_token or not given:
            return False
        return hmac.compare_digest(self.for_session(session_token), given)


# --- command line ----------------------------------------------------------------------------


def _password(prompt_for: str) -> str:
    password = os.environ.get("NMT_CLINIC_PASSWORD")
    if password:
        return password
    first = getpass.getpass(f"Password for {prompt_for}: ")
    if first != getpass.getpass("Again: "):
        raise ValueError("the two passwords differ")
    return first


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    path = users_file()
    try:
        if len(argv) == 2 and argv[0] == "add":
            save_user(path, argv[1], _password(argv[1]))
            print(f"Saved clinic user {argv[1]!r} in {path}")
            return 0
        if argv == ["ensure"]:
            if load_users(path):
                return 0
            username = os.environ.get("NMT_CLINIC_USER")
            password = os.environ.get("NMT_CLINIC_PASSWORD")
            if username and password:
                save_user(path, username, password)
                print(f"Created the first clinic user {username!r} in {path}")
            else:
                print(
                    f"No clinic users in {path}. Create one with\n"
                    "  python -m bot.web.auth add USERNAME\n"
                    "(or set NMT_CLINIC_USER and NMT_CLINIC_PASSWORD and run "
                    "`python -m bot.web.auth ensure`); /clinic refuses every login until then."
                )
            return 0
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print("usage: python -m bot.web.auth add USERNAME | ensure", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
