"""The clinic dashboard's sessions, failed logins and CSRF tokens in the store's database
(bot/web/auth.py, bot/clinic/store.py), on SQLite and on a real PostgreSQL.

A "restart" here is a new engine and new `Sessions`/`Failures` objects on the same database:
nothing is carried over in memory. tests/test_clinic.py restarts the real web app.
"""

from __future__ import annotations

import datetime

import pytest
from sqlalchemy import func, select, update

from bot.clinic import privacy, store
from bot.web import auth

pytest_plugins = ["postgres"]

UTC = datetime.UTC
START = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


@pytest.fixture
def url(database_url):
    """Once on SQLite, once on PostgreSQL (tests/postgres.py)."""
    return database_url


class Clock:
    """A wall clock the test moves by hand."""

    def __init__(self, now=START):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += datetime.timedelta(seconds=seconds)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def engines(url):
    """A function that opens another engine on the same database (a restarted app)."""
    opened = []

    def open_engine():
        engine = store.open_store(url)
        opened.append(engine)
        return engine

    yield open_engine
    for engine in opened:
        engine.dispose()


def rows(engine, table):
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(select(table))]


def count(engine, table):
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


# --- sessions --------------------------------------------------------------------------------


def test_a_session_survives_a_restart_and_logout_ends_it_everywhere(engines, clock):
    first, second = engines(), engines()
    before = auth.Sessions(lambda: first, clock=clock)
    token = before.create("ada")
    assert len(token) >= 43
    after = auth.Sessions(lambda: second, clock=clock)  # another process, or after a restart
    assert after.user(token) == "ada"
    assert after.user(token + "x") is None and after.user("") is None and after.user(None) is None
    before.drop(token)
    assert after.user(token) is None and before.user(token) is None
    before.drop(token)  # twice, or an unknown token, is harmless
    before.drop(None)


def test_the_database_holds_only_the_hash_of_a_session_token(engines, clock):
    engine = engines()
    sessions = auth.Sessions(lambda: engine, clock=clock)
    token = sessions.create("ada")
    (row,) = rows(engine, store.clinic_session)
    assert token not in repr(row)
    assert row[0] == auth.token_hash(token) == auth.hashlib.sha256(token.encode()).hexdigest()
    assert row[1:] == (
        "ada",
        START.replace(tzinfo=None),
        (START + datetime.timedelta(seconds=auth.SESSION_SECONDS)).replace(tzinfo=None),
    )
    # the hash itself is no key: sending it as a cookie does not log in
    assert sessions.user(row[0]) is None


def test_sessions_expire_and_are_deleted(engines, clock):
    engine = engines()
    sessions = auth.Sessions(lambda: engine, seconds=10, clock=clock)
    token = sessions.create("ada")
    clock.advance(9)
    assert sessions.user(token) == "ada"
    assert sessions.user("other") is None
    clock.advance(1)  # expired at exactly `seconds`, as before
    assert sessions.user(token) is None
    assert count(engine, store.clinic_session) == 0  # deleted when found expired


def test_making_a_session_deletes_the_expired_ones(engines, clock):
    engine = engines()
    sessions = auth.Sessions(lambda: engine, seconds=10, clock=clock)
    old = [sessions.create(name) for name in ("ada", "bob")]
    clock.advance(5)
    recent = sessions.create("cyd")
    clock.advance(6)  # the first two have expired, unread
    assert count(engine, store.clinic_session) == 3
    newest = sessions.create("ada")
    assert count(engine, store.clinic_session) == 2
    assert [sessions.user(t) for t in (*old, recent, newest)] == [None, None, "cyd", "ada"]


def test_the_default_clock_is_aware_utc_and_the_default_expiry_is_eight_hours(engines):
    engine = engines()
    sessions = auth.Sessions(lambda: engine)
    token = sessions.create("ada")
    assert sessions.user(token) == "ada"
    now = auth.utc_now()
    assert now.tzinfo is UTC
    expires = rows(engine, store.clinic_session)[0][3].replace(tzinfo=UTC)
    assert abs((expires - now).total_seconds() - 8 * 60 * 60) < 60
    # an expiry moved into the past (as by a later clock) is refused
    with engine.begin() as connection:
        connection.execute(
            update(store.clinic_session).values(
                expires_at=(now - datetime.timedelta(seconds=1)).replace(tzinfo=None)
            )
        )
    assert sessions.user(token) is None


# --- failed logins ---------------------------------------------------------------------------


def test_failures_lock_a_user_and_the_lock_survives_a_restart(engines, clock):
    first = engines()
    failures = auth.Failures(lambda: first, clock=clock)
    for _ in range(auth.MAX_FAILURES - 1):
        failures.fail("ada")
    assert not failures.locked("ada")
    failures.fail("ada")
    assert failures.locked("ada") and not failures.locked("bob")
    second = engines()
    restarted = auth.Failures(lambda: second, clock=clock)
    assert restarted.locked("ada")
    clock.advance(auth.FAILURE_WINDOW - 1)
    assert restarted.locked("ada")
    clock.advance(1)  # counted while younger than the window, as before
    assert not restarted.locked("ada")


def test_failures_expire_after_the_window(engines, clock):
    engine = engines()
    failures = auth.Failures(lambda: engine, limit=2, window=60, clock=clock)
    failures.fail("a")
    clock.advance(30)
    failures.fail("a")
    assert failures.locked("a") and not failures.locked("b")
    clock.advance(31)  # the first is older than the window now
    assert not failures.locked("a")
    failures.fail("a")
    assert failures.locked("a")


def test_old_failures_are_deleted_and_a_login_clears_them(engines, clock):
    engine = engines()
    failures = auth.Failures(lambda: engine, limit=2, window=60, clock=clock)
    failures.fail("a")
    failures.fail("b")
    failures.fail("b")
    assert count(engine, store.login_failure) == 3
    clock.advance(61)
    failures.fail("c")  # anyone's failures older than the window go
    assert count(engine, store.login_failure) == 1
    failures.fail("c")
    assert failures.locked("c")
    failures.clear("c")
    assert not failures.locked("c") and count(engine, store.login_failure) == 0


@pytest.mark.parametrize("username", ["", "x" * 65, "<b>", "ada\n", "ada\x00", "a b"])
def test_names_no_user_can_have_are_not_stored(engines, clock, username):
    engine = engines()
    failures = auth.Failures(lambda: engine, limit=1, clock=clock)
    failures.fail(username)
    failures.fail(username)
    assert not failures.locked(username)
    failures.clear(username)
    assert count(engine, store.login_failure) == 0


def test_erasing_and_purging_visitors_leave_the_clinic_logins_alone(engines, clock):
    engine = engines()
    token = auth.Sessions(lambda: engine, clock=clock).create("ada")
    auth.Failures(lambda: engine, clock=clock).fail("bob")
    privacy.purge_older_than(engine, 0, now=START + datetime.timedelta(days=400))
    privacy.erase_visitor(engine, sender_id="ada")
    assert count(engine, store.clinic_session) == 1 == count(engine, store.login_failure)
    assert auth.Sessions(lambda: engine, clock=clock).user(token) == "ada"


# --- CSRF tokens -----------------------------------------------------------------------------


def test_the_csrf_token_is_derived_from_the_session_token():
    token = auth.secrets.token_urlsafe(32)
    csrf = auth.csrf_token(token)
    assert csrf == auth.hmac.new(token.encode(), auth.CSRF_LABEL, "sha256").hexdigest()
    assert len(csrf) == 64 and token not in csrf
    assert auth.csrf_token(token) == csrf  # the same after a restart: nothing else goes in
    assert auth.csrf_token(token + "x") != csrf
    assert auth.csrf_valid(token, csrf)
    for given in (None, "", csrf[:-1], csrf.upper(), "0" * 64, "é" * 64, auth.token_hash(token)):
        assert not auth.csrf_valid(token, given)
    assert not auth.csrf_valid(None, csrf) and not auth.csrf_valid("", csrf)
