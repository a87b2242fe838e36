"""Clinic users, their sessions, login limits and CSRF tokens for the dashboard at /clinic.

Users live in a JSON file (`NMT_CLINIC_USERS`, default var/clinic-users.json) mapping a
username to a password hash `scrypt$n$r$p$salt_b64$hash_b64` (hashlib.scrypt, n=2**14, r=8,
p=1, a random 16-byte salt). Sessions (random tokens, of which only a SHA-256 is stored) and
failed logins are kept in the store's database, so a restart of the web app keeps them.

Command line:

    python -m bot.web.auth add USERNAME   # password from NMT_CLINIC_PASSWORD, else prompted
    python -m bot.web.auth ensure         # first user from NMT_CLINIC_USER + NMT_CLINIC_PASSWORD
"""

from __future__ import annotations

import base64
import datetime
import getpass
import hashlib
import hmac
import json
import os
import re
import secrets
import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import Engine

from bot import settings
from bot.clinic import store

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES = 16
HASH_BYTES = 32
MIN_PASSWORD = 10
USERNAME = re.compile(r"[A-Za-z0-9._@-]{1,64}")  # always fullmatch: $ allows a final newline

SESSION_SECONDS = 8 * 60 * 60
MAX_FAILURES = 5
FAILURE_WINDOW = 15 * 60


def users_file() -> Path:
    """`NMT_CLINIC_USERS`, else var/clinic-users.json in the repository."""
    return settings.CLINIC_USERS.read()


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
    if not USERNAME.fullmatch(username):
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
#
# Sessions and failed logins live in the store's database (bot/clinic/store.py, tables
# `clinic_session` and `login_failure`), so that they survive a restart of the web app and
# several web workers share them. `engine` is a function that returns the store's engine (the
# web app opens it on first use). Times come from `clock`, an aware UTC wall clock: they are
# compared with times stored by other processes and before restarts.


def utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def token_hash(token: str) -> str:
    """What the database keeps of a session token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Sessions:
    """Session tokens, each with its user and expiry, stored by their hash only.

    The token (32 random bytes) is in the user's cookie and nowhere else: whoever reads the
    database cannot log in with what they find there.
    """

    def __init__(
        self,
        engine: Callable[[], Engine],
        seconds: int = SESSION_SECONDS,
        clock: Callable[[], datetime.datetime] = utc_now,
    ):
        self.engine, self.seconds, self.clock = engine, seconds, clock

    def create(self, username: str) -> str:
        """A new session's token; expired sessions (anyone's) are deleted on the way."""
        token = secrets.token_urlsafe(32)
        now = self.clock()
        expires = now + datetime.timedelta(seconds=self.seconds)
        store.save_clinic_session(self.engine(), token_hash(token), username, now, expires)
        return token

    def user(self, token: str | None) -> str | None:
        """The session's user; None for no, an unknown or an expired token (which is deleted)."""
        if not token:
            return None
        return store.clinic_session_user(self.engine(), token_hash(token), self.clock())

    def drop(self, token: str | None) -> None:
        if token:
            store.delete_clinic_session(self.engine(), token_hash(token))


class Failures:
    """Failed logins per username: `MAX_FAILURES` within `FAILURE_WINDOW` seconds locks it.

    Only well-formed usernames (`USERNAME`) are counted: no user can have another name, so
    there is nothing to lock, and the database never receives arbitrary text from the form.
    """

    def __init__(
        self,
        engine: Callable[[], Engine],
        limit: int = MAX_FAILURES,
        window: int = FAILURE_WINDOW,
        clock: Callable[[], datetime.datetime] = utc_now,
    ):
        self.engine, self.limit, self.window, self.clock = engine, limit, window, clock

    def _since(self, now: datetime.datetime) -> datetime.datetime:
        return now - datetime.timedelta(seconds=self.window)

    def locked(self, username: str) -> bool:
        if not USERNAME.fullmatch(username):
            return False
        since = self._since(self.clock())
        return store.count_login_failures(self.engine(), username, since) >= self.limit

    def fail(self, username: str) -> None:
        """Count a failure; failures older than the window (anyone's) are deleted."""
        if USERNAME.fullmatch(username):
            now = self.clock()
            store.add_login_failure(self.engine(), username, now, self._since(now))

    def clear(self, username: str) -> None:
        if USERNAME.fullmatch(username):
            store.clear_login_failures(self.engine(), username)


CSRF_LABEL = b"nmt clinic dashboard csrf token"


def csrf_token(session_token: str) -> str:
    """The form token of a session: HMAC-SHA256 keyed with the session token, of a fixed label.

    The session token is random and secret (an HttpOnly cookie), so no server secret is needed,
    and the form token stays valid across restarts for as long as the session does.
    """
    return hmac.new(session_token.encode("utf-8"), CSRF_LABEL, hashlib.sha256).hexdigest()


def csrf_valid(session_token: str | None, given: str | None) -> bool:
    if not session_token or not given:
        return False
    expected = csrf_token(session_token).encode("ascii")
    return hmac.compare_digest(expected, given.encode("utf-8"))


# --- command line ----------------------------------------------------------------------------


def _password(prompt_for: str) -> str:
    password = settings.CLINIC_PASSWORD.read()
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
            username = settings.CLINIC_USER.read()
            password = settings.CLINIC_PASSWORD.read()
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
