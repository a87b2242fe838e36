"""The clinic's dashboard at /clinic (bot/web/clinic.py, bot/web/auth.py).

As in tests/test_web.py: `python -m bot.web` runs in a subprocess on a free port with a
temporary SQLite store holding two assessments and a temporary users file, and the tests talk
to it with urllib and a cookie jar (redirects are not followed, so they can be checked). Two
more copies run with the reverse-proxy settings and with NMT_SECURE_COOKIES. They all share the
store, and with it the sessions and failed logins (tests/test_auth_store.py tests those on
SQLite and PostgreSQL); more copies are started to restart the app and with a store that is down.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import html
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import text
from stored import answer, save_assessment

from bot.clinic import privacy, store
from bot.web import auth, clinic
from evaluation import servers

HOST = "127.0.0.1"
TODAY = datetime.date(2026, 11, 21)
USER, PASSWORD = "therapist", "correct horse battery"
LOCK_USER, LOCK_PASSWORD = "locked.user", "another long password"
RESTART_USER, RESTART_PASSWORD = "restart.user", "a third long password"
DOWN_URL = "postgresql+psycopg2://nobody@127.0.0.1:1/none"
BOOKABLE_ID = "b00c0000aaaa"
RED_FLAG_ID = "f1a90000bbbb"
SCRIPT = "<script>alert('x')</script>"


BOOKABLE = {
    "region": answer("my neck", ["neck"]),
    "pain_intensity": answer("6 out of 10", 6),
    "stress": answer("8", 8.0),
    "sleep": answer("badly", "poor_other"),
}
RED_FLAG = {
    "region": answer("low back", ["lower_back"]),
    "red_flag.infection": answer(f"yes, fevers all week {SCRIPT}", "yes"),
}


def save(engine, content, assessment_id, answers, created_at):
    summary_text = f"Therapist summary of {assessment_id} & <b>more</b>"
    return save_assessment(
        engine,
        content,
        TODAY,
        assessment_id,
        answers,
        summary_text=summary_text,
        created_at=created_at,
    )


NEWER = datetime.datetime(2026, 11, 21, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(scope="module")
def stored(tmp_path_factory, content):
    """The store with two assessments and the users file; yields (folder, env, engine)."""
    folder = tmp_path_factory.mktemp("clinic")
    url = f"sqlite:///{folder / 'nmt.db'}"
    engine = store.open_store(url)
    older = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)
    assert save(engine, content, BOOKABLE_ID, BOOKABLE, NEWER)["disposition"] == "book_nmt"
    payload = save(engine, content, RED_FLAG_ID, RED_FLAG, older)
    assert payload["disposition"] == "urgent_physician"
    users = folder / "users.json"
    auth.save_user(users, USER, PASSWORD)
    auth.save_user(users, LOCK_USER, LOCK_PASSWORD)
    auth.save_user(users, RESTART_USER, RESTART_PASSWORD)
    env = {
        "NMT_RASA_URL": "http://127.0.0.1:5105",
        "NMT_DATABASE_URL": url,
        "NMT_CLINIC_USERS": str(users),
        "PYTHONWARNINGS": "ignore::DeprecationWarning",
    }
    try:
        yield folder, env, engine
    finally:
        engine.dispose()


@contextlib.contextmanager
def serving(stored, name, **settings):
    """The app in a subprocess on the stored data, with more settings; yields its base URL."""
    folder, env, _ = stored
    with servers.running_web(servers.free_port(), {**env, **settings}, folder / name) as base:
        yield base


@pytest.fixture(scope="module")
def site(stored):
    """The app in a subprocess; yields (base URL, engine)."""
    with serving(stored, "plain") as base:
        yield base, stored[2]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """A browser of sorts: a cookie jar, no redirects followed."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def request(self, method, path, form=None, headers=None):
        """(status, headers with lower-case names (Set-Cookie as a list), body text)."""
        data = None if form is None else urllib.parse.urlencode(form).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            resp = self.opener.open(request, timeout=15)
        except urllib.error.HTTPError as error:
            resp = error
        with resp:
            found = {k.lower(): v for k, v in resp.headers.items()}
            found["set-cookie"] = resp.headers.get_all("Set-Cookie") or []
            return resp.status, found, resp.read().decode("utf-8")

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, form, **kwargs):
        return self.request("POST", path, form=form, **kwargs)

    def cookie(self, name):
        return next((c.value for c in self.jar if c.name == name), None)

    def login(self, username=USER, password=PASSWORD):
        status, _, body = self.get("/clinic/login")
        assert status == 200
        return self.post(
            "/clinic/login",
            {"csrf": csrf_of(body), "username": username, "password": password},
        )


def csrf_of(page):
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


@pytest.fixture
def client(site):
    base, _ = site
    c = Client(base)
    status, headers, _ = c.login()
    assert (status, headers["location"]) == (303, "/clinic")
    return c


# --- passwords and the users file ------------------------------------------------------------


def test_a_password_hash_verifies_and_refuses_a_wrong_password(tmp_path):
    stored = auth.hash_password("a long enough password")
    scheme, n, r, p, salt, _digest = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(2**14), "8", "1")
    assert len(auth.base64.b64decode(salt)) == 16
    assert auth.verify_password("a long enough password", stored)
    assert not auth.verify_password("a long enough passworD", stored)
    assert not auth.verify_password("x", "not a hash")
    assert auth.hash_password("same") != auth.hash_password("same")  # salted
    users = tmp_path / "users.json"
    auth.save_user(users, "ada", "0123456789ab")
    assert auth.check_login(auth.load_users(users), "ada", "0123456789ab")
    assert not auth.check_login(auth.load_users(users), "bob", "0123456789ab")
    with pytest.raises(ValueError):
        auth.save_user(users, "ada", "short")
    with pytest.raises(ValueError):
        auth.save_user(users, "<b>", "0123456789ab")
    with pytest.raises(ValueError):
        auth.save_user(users, "ada\n", "0123456789ab")  # not a name, though $ would allow it


def test_the_cli_ensures_a_first_user_and_adds_users(tmp_path):
    users = tmp_path / "users.json"
    env = {**os.environ, "NMT_CLINIC_USERS": str(users)}
    env.pop("NMT_CLINIC_USER", None)
    env.pop("NMT_CLINIC_PASSWORD", None)

    def run(*args, **extra):
        return subprocess.run(
            [sys.executable, "-m", "bot.web.auth", *args],
            env={**env, **extra},
            cwd=servers.REPO_ROOT,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=60,
        )

    done = run("ensure")
    assert done.returncode == 0 and "python -m bot.web.auth add" in done.stdout
    assert not users.exists()
    done = run("ensure", NMT_CLINIC_USER="first", NMT_CLINIC_PASSWORD="first password!")
    assert done.returncode == 0
    assert auth.check_login(auth.load_users(users), "first", "first password!")
    done = run("add", "second", NMT_CLINIC_PASSWORD="second password")
    assert done.returncode == 0
    assert set(auth.load_users(users)) == {"first", "second"}
    # ensure leaves a file with users alone
    run("ensure", NMT_CLINIC_USER="third", NMT_CLINIC_PASSWORD="third password")
    assert set(auth.load_users(users)) == {"first", "second"}
    assert (users.stat().st_mode & 0o777) == 0o600


# --- logging in ------------------------------------------------------------------------------


def test_the_login_page(site):
    base, _ = site
    c = Client(base)
    status, headers, body = c.get("/clinic/login")
    assert status == 200
    assert headers["cache-control"] == "no-store"
    assert "script-src 'self'" in headers["content-security-policy"]
    assert 'name="password" type="password"' in body
    assert csrf_of(body) == c.cookie("nmt_login_csrf")
    assert "<script" not in body and "style=" not in body
    assert '<link rel="stylesheet" href="/static/clinic.css">' in body
    status, headers, _ = c.get("/static/clinic.css")
    assert (status, headers["content-type"].split(";")[0]) == (200, "text/css")


@pytest.mark.parametrize(
    "username, password",
    [(USER, "wrong password"), ("nobody", PASSWORD), ("", ""), (USER, PASSWORD.upper())],
)
def test_a_bad_login_is_refused_with_a_generic_message(site, username, password):
    base, _ = site
    c = Client(base)
    status, headers, body = c.login(username, password)
    assert status == 401
    assert "The username or password is not right." in body
    assert c.cookie("nmt_session") is None
    assert not any(h.startswith("nmt_session=") for h in headers["set-cookie"])


def test_a_login_sets_a_strict_session_cookie(site):
    base, _ = site
    c = Client(base)
    status, headers, _ = c.login()
    assert (status, headers["location"]) == (303, "/clinic")
    assert headers["cache-control"] == "no-store"
    cookie = next(h for h in headers["set-cookie"] if h.startswith("nmt_session="))
    token = cookie.split(";")[0].split("=", 1)[1]
    assert len(token) >= 43
    flags = [part.strip().lower() for part in cookie.split(";")[1:]]
    assert "httponly" in flags
    assert "samesite=strict" in flags
    assert "path=/clinic" in flags
    assert "secure" not in flags  # plain http here; https requests get Secure
    status, _, body = c.get("/clinic")
    assert status == 200 and "Signed in as therapist" in body


def test_the_login_form_needs_its_csrf_token(site):
    base, _ = site
    c = Client(base)
    body = c.get("/clinic/login")[2]
    form = {"username": USER, "password": PASSWORD}
    assert c.post("/clinic/login", form)[0] == 403
    assert c.post("/clinic/login", {**form, "csrf": "x" + csrf_of(body)})[0] == 403
    assert Client(base).post("/clinic/login", {**form, "csrf": csrf_of(body)})[0] == 403
    assert c.cookie("nmt_session") is None
    assert c.post("/clinic/login", {**form, "csrf": csrf_of(body)})[0] == 303


def test_repeated_failures_lock_the_user(site):
    base, _ = site
    c = Client(base)
    for _ in range(auth.MAX_FAILURES - 1):
        assert c.login(LOCK_USER, "not the password")[0] == 401
    status, _, body = c.login(LOCK_USER, "not the password")
    assert status == 429 and "locked for 15 minutes" in body
    # even the right password is refused while locked
    status, _, body = c.login(LOCK_USER, LOCK_PASSWORD)
    assert status == 429 and "locked" in body
    assert c.cookie("nmt_session") is None
    # other users are not affected
    assert Client(base).login()[0] == 303


# Expiry of sessions and failures with a clock moved by hand: tests/test_auth_store.py.


def sessions_in(engine):
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(store.clinic_session.select())]


def test_the_store_keeps_only_a_hash_of_the_session_token(site):
    base, engine = site
    c = Client(base)
    assert c.login()[0] == 303
    token = c.cookie("nmt_session")
    kept = sessions_in(engine)
    assert token not in repr(kept)
    assert [row[1] for row in kept if row[0] == auth.token_hash(token)] == [USER]
    # nor is the form token, derived from the session token, a way in
    csrf = csrf_of(c.get("/clinic")[2])
    assert Client(base).get("/clinic", headers={"Cookie": f"nmt_session={csrf}"})[0] == 303
    assert Client(base).get("/clinic", headers={"Cookie": f"nmt_session={kept[0][0]}"})[0] == 303


def test_an_expired_session_is_refused_and_deleted(site):
    base, engine = site
    c = Client(base)
    assert c.login()[0] == 303
    hashed = auth.token_hash(c.cookie("nmt_session"))
    past = datetime.datetime.now(datetime.UTC).replace(tzinfo=None) - datetime.timedelta(seconds=1)
    with engine.begin() as connection:
        connection.execute(
            store.clinic_session.update()
            .where(store.clinic_session.c.token_hash == hashed)
            .values(expires_at=past)
        )
    status, headers, _ = c.get("/clinic")
    assert (status, headers["location"]) == (303, "/clinic/login")
    assert hashed not in [row[0] for row in sessions_in(engine)]


# --- without a session ----------------------------------------------------------------------


GET_PATHS = [
    "/clinic",
    "/clinic/",
    "/clinic?disposition=book_nmt",
    f"/clinic/assessment/{BOOKABLE_ID}",
    f"/clinic/assessment/{RED_FLAG_ID}",
    "/clinic/assessment/000000000000",
]
POST_PATHS = ["/clinic/logout", f"/clinic/assessment/{BOOKABLE_ID}/status", "/clinic"]


@pytest.mark.parametrize("path", GET_PATHS)
def test_pages_redirect_to_the_login_without_a_session(site, path):
    base, _ = site
    status, headers, body = Client(base).get(path)
    assert (status, headers["location"]) == (303, "/clinic/login")
    assert headers["cache-control"] == "no-store"
    assert RED_FLAG_ID not in body and BOOKABLE_ID not in body


@pytest.mark.parametrize("path", POST_PATHS)
def test_posts_are_refused_without_a_session(site, path):
    base, engine = site
    status, headers, _ = Client(base).post(path, {"status": "closed", "csrf": "x"})
    assert status == 403
    assert headers["cache-control"] == "no-store"
    assert store.get_assessment(engine, BOOKABLE_ID).assessment.status != "closed"


def test_a_forged_session_cookie_is_refused(site):
    base, _ = site
    c = Client(base)
    status, _, _ = c.get("/clinic", headers={"Cookie": "nmt_session=" + "A" * 43})
    assert status == 303


# --- the list --------------------------------------------------------------------------------


def rows(body):
    return re.findall(r'<tr class="([\w-]+)" data-ref="(\w+)">', body)


def test_the_list_puts_red_flags_first_with_a_badge(client):
    status, headers, body = client.get("/clinic")
    assert status == 200
    assert headers["cache-control"] == "no-store"
    assert rows(body) == [("red-flag", RED_FLAG_ID), ("bookable", BOOKABLE_ID)]
    assert '<span class="badge badge-urgent_physician">Red flag: See a doctor today</span>' in body
    assert "2026-11-20 09:00 UTC" in body and "2026-11-21 09:00 UTC" in body
    assert f'href="/clinic/assessment/{RED_FLAG_ID}"' in body
    assert "Lower back" in body and "Neck" in body
    assert "<script" not in body and "style=" not in body


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?disposition=book_nmt", [BOOKABLE_ID]),
        ("?disposition=urgent_physician", [RED_FLAG_ID]),
        ("?disposition=emergency", []),
        ("?region=neck", [BOOKABLE_ID]),
        ("?region=lower_back", [RED_FLAG_ID]),
        ("?region=neck&disposition=urgent_physician", []),
        ("?region=&disposition=", [RED_FLAG_ID, BOOKABLE_ID]),
    ],
)
def test_the_list_filters(client, query, expected):
    status, _, body = client.get("/clinic" + query)
    assert status == 200
    assert [ref for _, ref in rows(body)] == expected


@pytest.mark.parametrize("query", ["?disposition=bogus", "?region=<script>", "?region=back"])
def test_unknown_filters_are_refused(client, query):
    status, _, body = client.get("/clinic" + query)
    assert status == 400
    assert "<script>" not in body


# --- the report ------------------------------------------------------------------------------


def test_the_report_shows_escaped_evidence_and_sources(client):
    status, headers, body = client.get(f"/clinic/assessment/{RED_FLAG_ID}")
    assert status == 200
    assert headers["cache-control"] == "no-store"
    assert SCRIPT not in body
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in body
    assert "Possible infection" in body
    assert 'href="https://doi.org/10.2519/jospt.2020.9971"' in body
    assert "https://www.nhs.uk/conditions/sepsis/" in body
    assert "Red flag: See a doctor today" in body
    # the saved summary is shown as text
    assert f"<pre>Therapist summary of {RED_FLAG_ID} &amp; &lt;b&gt;more&lt;/b&gt;</pre>" in body
    assert "<b>more</b>" not in body


def highlighted(body):
    return set(re.findall(r'<g class="region on" data-region="(\w+)">', body))


def test_the_report_shows_the_body_map_and_protocols(client, content):
    status, _, body = client.get(f"/clinic/assessment/{BOOKABLE_ID}")
    assert status == 200
    assert highlighted(body) == {"neck"}
    drawn = set(re.findall(r'<g class="region(?: on)?" data-region="(\w+)">', body))
    assert drawn == set(content.regions.regions)  # one shape per region of regions.yml
    assert "<strong>Cervical</strong>" in body
    assert "Also examine" in body and "Upper or mid back" in body
    assert "levator scapulae" in body.lower()
    assert "Pain (NPRS): <strong>6/10</strong>" in body
    assert "my neck" in body and "badly" in body  # the visitor's words
    assert "Psychosocial" in body
    assert "<script" not in body and "style=" not in body
    assert highlighted(client.get(f"/clinic/assessment/{RED_FLAG_ID}")[2]) == {"lower_back"}


def test_the_report_shows_booking_requests(site, client):
    _, engine = site
    store.save_booking_request(
        engine,
        assessment_id=BOOKABLE_ID,
        name="<i>Ada</i>",
        contact="ada@example.test",
        preferred_times="Tuesday mornings",
        consent_to_contact=True,
    )
    body = client.get(f"/clinic/assessment/{BOOKABLE_ID}")[2]
    assert "&lt;i&gt;Ada&lt;/i&gt;, ada@example.test; times: Tuesday mornings" in body


def save_conversation(engine, sender_id, *sessions):
    """Store a conversation with Rasa's own SQLTrackerStore in the store's database.

    Each session is (start, turns); turns are (who, words, buttons), a second apart. Rasa saves
    a whole tracker (all sessions), writing only the events it does not hold yet.
    """
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    events = []
    for start, turns in sessions:
        moment = start.timestamp()
        events += [
            ActionExecuted("action_session_start", timestamp=moment),
            SessionStarted(timestamp=moment),
            ActionExecuted("action_listen", timestamp=moment),
        ]
        for n, (who, words, buttons) in enumerate(turns, start=1):
            if who == "visitor":
                events.append(UserUttered(words, {"name": "inform"}, timestamp=moment + n))
            else:
                events.append(BotUttered(words, {"buttons": buttons}, timestamp=moment + n))
    tracker_store = SQLTrackerStore(host=engine.url.render_as_string(hide_password=False))
    try:
        tracker = DialogueStateTracker.from_events(sender_id, events, slots=[])
        asyncio.run(tracker_store.save(tracker))
    finally:
        tracker_store.engine.dispose()


def forget_conversation(engine, sender_id):
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM events WHERE sender_id = :s"), {"s": sender_id})


def transcript_of(body):
    return re.search(r'<section class="transcript">(.*?)</section>', body, re.S).group(1)


def test_the_report_shows_the_conversation_as_text(site, client):
    _, engine = site
    buttons = [{"title": "Yes, let's start", "payload": "/affirm"}]
    turns = [
        ("visitor", f"hi, my neck hurts {SCRIPT}", None),
        ("assistant", "May I ask some questions?", buttons),
        ("visitor", "/affirm", None),
        ("assistant", "Which side?\nLeft, right or both?", None),
        ("visitor", "neck " * 1000, None),
    ]
    sender = f"sender-{BOOKABLE_ID}"
    # an earlier visit of the same visitor is another session, not this assessment's
    earlier = (NEWER - datetime.timedelta(days=3), [("visitor", "an earlier visit", None)])
    save_conversation(engine, sender, earlier, (NEWER - datetime.timedelta(minutes=5), turns))
    with engine.connect() as connection:
        stored_events = connection.execute(
            text("SELECT data FROM events WHERE sender_id = :s"), {"s": sender}
        ).all()
    assert sum("an earlier visit" in row.data for row in stored_events) == 1
    try:
        body = client.get(f"/clinic/assessment/{BOOKABLE_ID}")[2]
        shown = transcript_of(body)
        assert body.index("<h2>The visitor's answers</h2>") < body.index("<h2>Transcript</h2>")
        assert SCRIPT not in body and "<script" not in body
        assert "hi, my neck hurts &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in shown
        assert "Yes, let&#39;s start" in shown and "/affirm" not in shown
        assert "Which side?\nLeft, right or both?" in shown
        assert "an earlier visit" not in shown
        assert shown.count('class="line line-visitor"') == 3
        assert shown.count('class="line line-assistant"') == 2
        assert '<time datetime="2026-11-21T08:55:01+00:00">2026-11-21 08:55:01</time>' in shown
        assert '<time datetime="2026-11-21T08:55:02+00:00">08:55:02</time>' in shown
        assert "Times are UTC" in shown
        # the 2,500-character message is cut, and the page says so
        assert "neck " * 800 + '<span class="cut"> … [cut]</span>' in shown
        assert "neck " * 801 not in shown
        assert "Shortened: messages longer than 4,000 characters are cut where marked." in shown
        assert "No conversation is stored" not in shown
    finally:
        forget_conversation(engine, sender)
    shown = transcript_of(client.get(f"/clinic/assessment/{BOOKABLE_ID}")[2])
    assert "No conversation is stored for this assessment." in shown
    shown = transcript_of(client.get(f"/clinic/assessment/{RED_FLAG_ID}")[2])
    assert "No conversation is stored for this assessment." in shown


def cautions_of(body):
    return re.search(r'<section class="cautions">(.*?)</section>', body, re.S).group(1)


def test_the_report_shows_cautions_found_in_the_visitors_words(site, client, content):
    _, engine = site
    ref = "ca000000cccc"
    words = "my neck, and I'm on warfarin"
    answers = {"region": answer(words, ["neck"]), "stress": answer("8", 8.0)}
    save(engine, content, ref, answers, NEWER)
    try:
        shown = cautions_of(client.get(f"/clinic/assessment/{ref}")[2])
        assert "<strong>Takes blood thinners</strong>: Bruising and bleeding come easily" in shown
        assert "<li>my neck, and I&#39;m on warfarin</li>" in shown
        assert "None" not in shown and "saved before" not in shown
    finally:
        privacy.erase_visitor(engine, assessment_id=ref)
    shown = cautions_of(client.get(f"/clinic/assessment/{BOOKABLE_ID}")[2])
    assert "None found in the visitor's answers or messages." in shown


def test_an_assessment_for_someone_else_says_so_in_the_report_and_the_list(site, client, content):
    _, engine = site
    ref = "da000000eeee"
    answers = {"region": answer("Booking for my dad, 70, his neck is stiff", ["neck"])}
    save(engine, content, ref, answers, NEWER)
    try:
        # the person's name is escaped like every word in the page ("the visitor&#39;s dad")
        page = html.unescape(client.get(f"/clinic/assessment/{ref}")[2])
        assert "For someone else: the visitor's dad. The visitor answered for that person" in page
        assert "For someone else (the visitor's dad)" in html.unescape(client.get("/clinic")[2])
    finally:
        privacy.erase_visitor(engine, assessment_id=ref)
    assert "For someone else" not in client.get(f"/clinic/assessment/{BOOKABLE_ID}")[2]
    assert "For someone else" not in client.get("/clinic")[2]


def test_the_visitors_own_red_flag_in_a_booking_for_someone_else_is_marked(site, client, content):
    _, engine = site
    ref = "da000000ffff"
    answers = {
        "region": answer(
            "Booking for my dad, his back is stiff. Also I have had crushing chest pain since"
            " this morning and I am sweating",
            ["lower_back"],
        )
    }
    save(engine, content, ref, answers, NEWER)
    mark = "The visitor's own sign, not the client's"
    try:
        page = client.get(f"/clinic/assessment/{ref}")[2]
        assert mark in page
        assert "except the red flags marked as the visitor's own." in page
        assert (
            "For someone else (the visitor's dad); a red flag is the visitor's own"
            in html.unescape(client.get("/clinic")[2])
        )
    finally:
        privacy.erase_visitor(engine, assessment_id=ref)
    assert mark not in client.get(f"/clinic/assessment/{BOOKABLE_ID}")[2]
    assert "a red flag is the visitor's own" not in client.get("/clinic")[2]


def test_cautions_of_an_assessment_saved_before_they_were_kept(site, client, content):
    _, engine = site
    ref = "ca000000dddd"
    answers = {
        "region": answer("my neck", ["neck"]),
        "cautions": answer("blood thinners", "anticoagulant"),
    }
    save(engine, content, ref, answers, NEWER)
    with engine.begin() as connection:  # as schema version 2 left it
        connection.execute(
            store.assessment.update().values(cautions=None).where(store.assessment.c.id == ref)
        )
    assert store.get_assessment(engine, ref).cautions is None
    try:
        shown = cautions_of(client.get(f"/clinic/assessment/{ref}")[2])
        assert "<strong>Takes blood thinners</strong>: Bruising and bleeding" in shown
        assert "<li>Applies to you: blood thinners</li>" in shown
        assert "saved before cautions found in the visitor's other messages were kept" in shown
        with engine.begin() as connection:
            connection.execute(
                store.answer.delete().where(store.answer.c.question_id == "cautions")
            )
        shown = cautions_of(client.get(f"/clinic/assessment/{ref}")[2])
        assert "None named in the answer to the cautions question." in shown
    finally:
        privacy.erase_visitor(engine, assessment_id=ref)


@pytest.mark.parametrize("ref", ["000000000000", "..%2f..%2fetc", "x" * 65, "%3Cscript%3E"])
def test_an_unknown_reference_is_a_404(client, ref):
    status, headers, body = client.get(f"/clinic/assessment/{ref}")
    assert status == 404
    assert headers["cache-control"] == "no-store"
    assert "There is no assessment with that reference." in body
    assert "<script>" not in body


# --- changing the status ---------------------------------------------------------------------


def status_of(engine, ref=BOOKABLE_ID):
    return store.get_assessment(engine, ref).assessment.status


def test_a_status_change_needs_the_csrf_token(site, client):
    base, engine = site
    path = f"/clinic/assessment/{BOOKABLE_ID}/status"
    page = client.get(f"/clinic/assessment/{BOOKABLE_ID}")[2]
    token = csrf_of(page)
    store.set_status(engine, BOOKABLE_ID, "new")
    assert client.post(path, {"status": "contacted"})[0] == 403
    assert client.post(path, {"status": "contacted", "csrf": "0" * 64})[0] == 403
    # another session's token is not this session's
    other = Client(base)
    other.login()
    other_token = csrf_of(other.get("/clinic")[2])
    assert other_token != token
    assert client.post(path, {"status": "contacted", "csrf": other_token})[0] == 403
    assert status_of(engine) == "new"
    status, headers, _ = client.post(path, {"status": "contacted", "csrf": token})
    assert (status, headers["location"]) == (303, f"/clinic/assessment/{BOOKABLE_ID}")
    assert status_of(engine) == "contacted"
    assert client.post(path, {"status": "closed", "csrf": token})[0] == 303
    assert status_of(engine) == "closed"
    assert client.post(path, {"status": "deleted", "csrf": token})[0] == 400
    assert status_of(engine) == "closed"
    missing = "/clinic/assessment/000000000000/status"
    assert client.post(missing, {"status": "closed", "csrf": token})[0] == 404


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://127.0.0.1:5105"])
def test_a_post_from_another_origin_is_refused(site, client, origin):
    base, engine = site
    store.set_status(engine, RED_FLAG_ID, "new")
    token = csrf_of(client.get("/clinic")[2])
    path = f"/clinic/assessment/{RED_FLAG_ID}/status"
    form = {"status": "closed", "csrf": token}
    assert client.post(path, form, headers={"Origin": origin})[0] == 403
    assert status_of(engine, RED_FLAG_ID) == "new"
    assert client.post(path, form, headers={"Origin": base})[0] == 303
    assert status_of(engine, RED_FLAG_ID) == "closed"


# --- logging out -----------------------------------------------------------------------------


def test_logout_ends_the_session(client):
    token = client.cookie("nmt_session")
    csrf = csrf_of(client.get("/clinic")[2])
    assert client.post("/clinic/logout", {})[0] == 403
    status, headers, _ = client.post("/clinic/logout", {"csrf": csrf})
    assert (status, headers["location"]) == (303, "/clinic/login")
    assert any(
        h.startswith("nmt_session=") and "max-age=0" in h.lower() for h in headers["set-cookie"]
    )
    # the old token no longer works, even when sent again
    status, _, _ = client.get("/clinic", headers={"Cookie": f"nmt_session={token}"})
    assert status == 303
    assert client.get("/clinic")[0] == 303


# --- restarts, several apps, a store that is down ----------------------------------------------


def test_a_session_and_a_lockout_survive_a_restart(stored):
    _, _, engine = stored
    c = Client("")
    with serving(stored, "before-restart") as base:
        c.base = base
        assert c.login()[0] == 303
        csrf = csrf_of(c.get("/clinic")[2])
        for _ in range(auth.MAX_FAILURES):
            Client(base).login(RESTART_USER, "not the password")
        assert Client(base).login(RESTART_USER, RESTART_PASSWORD)[0] == 429
    with serving(stored, "after-restart") as base:
        c.base = base  # the same cookie jar: the session cookie from before the restart
        status, _, body = c.get("/clinic")
        assert status == 200 and "Signed in as therapist" in body
        assert csrf_of(body) == csrf  # so a form loaded before the restart still posts
        store.set_status(engine, RED_FLAG_ID, "new")
        path = f"/clinic/assessment/{RED_FLAG_ID}/status"
        assert c.post(path, {"status": "contacted", "csrf": csrf})[0] == 303
        assert status_of(engine, RED_FLAG_ID) == "contacted"
        status, _, body = Client(base).login(RESTART_USER, RESTART_PASSWORD)
        assert status == 429 and "locked" in body


def test_logout_on_one_app_ends_the_session_on_the_other(site, proxied):
    base, _ = site
    c = Client(base)
    assert c.login()[0] == 303
    cookie = {"Cookie": f"nmt_session={c.cookie('nmt_session')}"}
    other = Client(proxied)  # another process on the same store, as another web worker
    status, _, body = other.get("/clinic", headers=cookie)
    assert status == 200 and "Signed in as therapist" in body
    assert other.post("/clinic/logout", {"csrf": csrf_of(body)}, headers=cookie)[0] == 303
    assert c.get("/clinic")[0] == 303
    assert other.get("/clinic", headers=cookie)[0] == 303


def test_a_store_that_is_down_gives_a_clear_503(stored, tmp_path):
    _, env, _ = stored
    token = "T" * 43
    cookie = {"Cookie": f"nmt_session={token}"}
    down = {**env, "NMT_DATABASE_URL": DOWN_URL}
    with servers.running_web(servers.free_port(), down, tmp_path) as base:
        c = Client(base)
        status, headers, body = c.login()  # the form needs no database; logging in does
        assert status == 503
        assert "The clinic database cannot be reached right now." in body
        assert headers["cache-control"] == "no-store" and headers["retry-after"] == "60"
        assert c.cookie("nmt_session") is None
        for method, path in [
            ("GET", "/clinic"),
            ("GET", "/clinic/login"),
            ("GET", f"/clinic/assessment/{BOOKABLE_ID}"),
            ("POST", f"/clinic/assessment/{BOOKABLE_ID}/status"),
            ("POST", "/clinic/logout"),
        ]:
            form = {"status": "closed", "csrf": "x"} if method == "POST" else None
            status, _, body = c.request(method, path, form=form, headers=cookie)
            assert status == 503, path
            assert "The clinic database cannot be reached right now." in body
        # without a session cookie there is nothing to look up: the usual redirect
        assert Client(base).get("/clinic")[0] == 303
    log = (tmp_path / "web.log").read_text(encoding="utf-8", errors="replace")
    assert "OperationalError" in log
    assert "Traceback" not in log
    # the error's type only: its message would quote the username or the token's hash
    for secret in (USER, PASSWORD, token, auth.token_hash(token)):
        assert secret not in log


# --- behind a reverse proxy that ends TLS ------------------------------------------------------


SECRET = "proxy-secret-0123456789"
FORWARDED_HTTPS = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}


@pytest.fixture(scope="module")
def proxied(stored):
    """The app told that one proxy stands in front of it, which may also sign `Forwarded`."""
    with serving(stored, "proxied", NMT_PROXIES_COUNT="1", NMT_FORWARDED_SECRET=SECRET) as base:
        yield base


@pytest.fixture(scope="module")
def secured(stored):
    with serving(stored, "secured", NMT_SECURE_COOKIES="1") as base:
        yield base


def flags_of(headers, name):
    """(value, lower-case attributes) of the cookie `name` that a response sets."""
    cookie = next(h for h in headers["set-cookie"] if h.startswith(name + "="))
    value, *attributes = cookie.split(";")
    return value.split("=", 1)[1], [part.strip().lower() for part in attributes]


def secure_cookies_of_a_login(base, headers):
    """Log in sending `headers`: is the CSRF cookie Secure, is the session cookie Secure?

    The login cookie is sent back by hand: a cookie jar keeps a Secure cookie from plain http.
    """
    c = Client(base)
    _, got, body = c.get("/clinic/login", headers=headers)
    token, login_flags = flags_of(got, "nmt_login_csrf")
    form = {"csrf": csrf_of(body), "username": USER, "password": PASSWORD}
    cookie = {"Cookie": f"nmt_login_csrf={token}"}
    status, got, _ = c.post("/clinic/login", form, headers={**headers, **cookie})
    assert status == 303
    _, session_flags = flags_of(got, "nmt_session")
    return "secure" in login_flags, "secure" in session_flags


def forwarded(secret):
    return {"Forwarded": f"for=203.0.113.7;proto=https;secret={secret}"}


@pytest.mark.parametrize(
    "headers, secure",
    [
        (FORWARDED_HTTPS, (True, True)),
        (forwarded(SECRET), (True, True)),
        ({}, (False, False)),
        ({"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "http"}, (False, False)),
        # Sanic reads X-Forwarded-Proto only with the X-Forwarded-For that a proxy adds
        ({"X-Forwarded-Proto": "https"}, (False, False)),
        (forwarded("not-the-secret"), (False, False)),
    ],
)
def test_behind_the_proxy_https_cookies_are_secure(proxied, headers, secure):
    assert secure_cookies_of_a_login(proxied, headers) == secure


@pytest.mark.parametrize("headers", [FORWARDED_HTTPS, forwarded(SECRET)])
def test_without_the_proxy_setting_the_headers_are_not_trusted(site, headers):
    base, _ = site
    assert secure_cookies_of_a_login(base, headers) == (False, False)


def test_behind_the_proxy_posts_from_the_https_page_are_accepted(proxied, stored):
    _, _, engine = stored
    c = Client(proxied)
    assert c.login()[0] == 303  # plain http: cookies not Secure, so the jar sends them
    token = csrf_of(c.get("/clinic")[2])
    path = f"/clinic/assessment/{RED_FLAG_ID}/status"
    page = {"Origin": proxied.replace("http://", "https://"), **FORWARDED_HTTPS}
    store.set_status(engine, RED_FLAG_ID, "new")
    assert c.post(path, {"status": "contacted", "csrf": token}, headers=page)[0] == 303
    assert status_of(engine, RED_FLAG_ID) == "contacted"
    # the https origin without the proxy's headers is another origin
    del page["X-Forwarded-Proto"]
    assert c.post(path, {"status": "closed", "csrf": token}, headers=page)[0] == 403
    assert status_of(engine, RED_FLAG_ID) == "contacted"


def test_secure_cookies_can_be_forced(secured):
    assert secure_cookies_of_a_login(secured, {}) == (True, True)


def test_the_proxy_settings_are_read_and_checked():
    assert clinic.proxy_settings({}) == {}
    assert clinic.proxy_settings({"NMT_PROXIES_COUNT": "0", "NMT_FORWARDED_SECRET": " "}) == {}
    assert clinic.proxy_settings({"NMT_PROXIES_COUNT": " 2 ", "NMT_FORWARDED_SECRET": "s"}) == {
        "PROXIES_COUNT": 2,
        "FORWARDED_SECRET": "s",
    }
    for bad in ("-1", "one", "1.5"):
        with pytest.raises(ValueError, match="NMT_PROXIES_COUNT"):
            clinic.proxy_settings({"NMT_PROXIES_COUNT": bad})
    assert [clinic.secure_cookies({"NMT_SECURE_COOKIES": v}) for v in ("1", "yes", "0", "")] == [
        True,
        True,
        False,
        False,
    ]
    assert clinic.secure_cookies({}) is False
    with pytest.raises(ValueError, match="NMT_SECURE_COOKIES"):
        clinic.secure_cookies({"NMT_SECURE_COOKIES": "maybe"})


def test_a_user_removed_from_the_users_file_is_logged_out_at_once(site, stored):
    _, env, engine = stored
    users = Path(env["NMT_CLINIC_USERS"])
    auth.save_user(users, "gone.user", "a password for a while")
    c = Client(site[0])
    assert c.login("gone.user", "a password for a while")[0] == 303
    assert c.get("/clinic")[0] == 200
    remaining = json.loads(users.read_text())
    del remaining["gone.user"]
    users.write_text(json.dumps(remaining))
    status, headers, _ = c.get("/clinic")
    assert (status, headers["location"]) == (303, "/clinic/login")
    with engine.connect() as connection:  # and the session is gone, not only refused
        names = connection.execute(text("SELECT username FROM clinic_session")).scalars().all()
    assert "gone.user" not in names


@pytest.mark.parametrize(
    "headers, hsts",
    [
        (FORWARDED_HTTPS, True),
        (forwarded(SECRET), True),
        ({}, False),
        ({"X-Forwarded-Proto": "https"}, False),
    ],
)
def test_over_https_behind_the_proxy_browsers_are_told_to_keep_to_https(proxied, headers, hsts):
    # issue 10, point 8: no HSTS header behind TLS
    _, got, _ = Client(proxied).get("/", headers=headers)
    assert ("max-age=31536000" in got.get("strict-transport-security", "")) == hsts


def test_plain_http_gets_no_hsts(site):
    base, _ = site
    _, got, _ = Client(base).get("/", headers=FORWARDED_HTTPS)  # headers not trusted here
    assert "strict-transport-security" not in got
