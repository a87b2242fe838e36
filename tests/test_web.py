"""The visitor's chat page (bot/web): routes, security headers, booking requests, chat.js.

`sanic_testing` is not installed with Rasa 3.6, so the app runs as it does for visitors:
`python -m bot.web` in a subprocess on a free port, with a temporary SQLite store, and the
tests talk to it with urllib and http.client (which sends paths such as /static/../app.py
as they are written).
"""

from __future__ import annotations

import asyncio
import datetime
import http.client
import json
import re
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from aiohttp import web as aiohttp_web
from stored import BOOKABLE, RED_FLAG, save_assessment

from bot.clinic import store
from bot.web import app as web
from evaluation import servers

HOST = "127.0.0.1"
TODAY = datetime.date(2026, 11, 21)
STATIC = Path(web.__file__).resolve().parent / "static"
CLINIC = 'Harbour <b>NMT</b> & "Co"'
BOOKABLE_ID = "a1b2c3d4e5f6"
REFERRAL_ID = "f6e5d4c3b2a1"
CSP = (
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "style-src 'self'; script-src 'self'; frame-ancestors 'none'"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory, content):
    """The page running in a subprocess, with two stored assessments; yields base URL, engine."""
    folder = tmp_path_factory.mktemp("web")
    url = f"sqlite:///{folder / 'nmt.db'}"
    engine = store.open_store(url)
    steps = {
        ref: save_assessment(engine, content, TODAY, ref, answers, sender_id=f"sender-{ref}-0000")
        for ref, answers in ((BOOKABLE_ID, BOOKABLE), (REFERRAL_ID, RED_FLAG))
    }
    assert steps[BOOKABLE_ID]["next_step"] == "booking"
    assert steps[REFERRAL_ID]["next_step"] != "booking"
    env = {
        "NMT_RASA_URL": "http://127.0.0.1:5105",
        "NMT_DATABASE_URL": url,
        "NMT_CLINIC_NAME": CLINIC,
        "NMT_CLINIC_PHONE": "0131 496 0000",
        "NMT_CLINIC_ADDRESS": "1 Harbour Street",
        "NMT_EMERGENCY_NUMBER": "999",
        "PYTHONWARNINGS": "ignore::DeprecationWarning",
    }
    try:
        with servers.running_web(servers.free_port(), env, folder) as base:
            yield base, engine
    finally:
        engine.dispose()


def get(base, path, headers=None):
    """(status, headers, body) of a GET, with the path sent exactly as given."""
    connection = http.client.HTTPConnection(HOST, int(base.rsplit(":", 1)[1]), timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        resp = connection.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        connection.close()


def post(base, path, body, content_type="application/json", headers=None):
    """(status, parsed JSON body) of a POST."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(
        base + path,
        data=data,
        method="POST",
        headers={"Content-Type": content_type, **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            return error.code, json.loads(raw)
        except ValueError:
            return error.code, raw


def booking(**changes):
    body = {
        "sender_id": f"sender-{BOOKABLE_ID}-0000",
        "assessment_id": BOOKABLE_ID,
        "name": "Ada Lovelace",
        "contact": "ada@example.test",
        "preferred_times": "Tuesday mornings",
        "consent_to_contact": True,
    }
    body.update(changes)
    return {key: value for key, value in body.items() if value is not ...}


def bookings(engine, assessment_id=BOOKABLE_ID):
    return store.get_assessment(engine, assessment_id).booking_requests


def assert_security_headers(headers):
    assert headers["content-security-policy"] == CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


# --- the page and its files ------------------------------------------------------------------


def test_the_page_is_served_with_the_security_headers(site):
    base, _ = site
    status, headers, body = get(base, "/")
    assert status == 200
    assert headers["content-type"].startswith("text/html")
    assert_security_headers(headers)
    page = body.decode()
    for needed in ('id="log"', 'role="log"', 'aria-live="polite"', 'id="message"', 'id="send"'):
        assert needed in page
    assert '<script src="/static/chat.js"' in page
    # the clinic's name is escaped, never markup
    assert "Harbour &lt;b&gt;NMT&lt;/b&gt; &amp; &quot;Co&quot;" in page
    assert "<b>NMT</b>" not in page


def test_the_page_loads_nothing_from_elsewhere():
    for name in ("index.html", "chat.css", "chat.js"):
        text = (STATIC / name).read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=\"(https?:)?//", text), name
        assert "@import" not in text and "fonts.googleapis" not in text, name
    # no inline script or style (the policy would block them)
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert "<style" not in page and " style=" not in page


@pytest.mark.parametrize(
    "name, content_type",
    [
        ("chat.js", "text/javascript"),
        ("chat.css", "text/css"),
        ("icon.svg", "image/svg+xml"),
    ],
)
def test_the_static_files_are_served(site, name, content_type):
    base, _ = site
    status, headers, body = get(base, f"/static/{name}")
    assert status == 200
    assert headers["content-type"].startswith(content_type)
    assert_security_headers(headers)
    assert body == (STATIC / name).read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/%2e%2e%2fapp.py",
        "/static/..%2fapp.py",
        "/static/",
        "/static",
        "/static/index.html/",
        "/static/nothing.js",
        "/static/__init__.py",
        "/static/.",
        "/app.py",
    ],
)
def test_only_the_known_files_are_served(site, path):
    base, _ = site
    status, headers, body = get(base, path)
    assert status == 404
    assert_security_headers(headers)
    assert b"create_app" not in body


def test_the_config_tells_the_page_where_to_post(site):
    base, _ = site
    status, headers, body = get(base, "/config.json")
    assert status == 200
    assert_security_headers(headers)
    assert json.loads(body) == {
        "chat_url": "/chat/webhook",
        "clinic_name": CLINIC,
        "clinic_phone": "0131 496 0000",
        "clinic_address": "1 Harbour Street",
        "emergency_number": "999",
    }


def test_health(site):
    base, _ = site
    status, headers, body = get(base, "/health")
    assert (status, json.loads(body)) == (200, {"status": "ok"})
    assert_security_headers(headers)


# --- booking requests ------------------------------------------------------------------------


def test_a_booking_request_is_stored(site):
    base, engine = site
    before = len(bookings(engine))
    status, body = post(base, "/booking", booking(), headers={"Origin": base})
    assert status == 201
    assert body["status"] == "received"
    stored = bookings(engine)
    assert len(stored) == before + 1
    request = stored[-1]
    assert request.id == body["id"]
    assert (request.name, request.contact, request.preferred_times) == (
        "Ada Lovelace",
        "ada@example.test",
        "Tuesday mornings",
    )
    assert request.consent_to_contact is True


def test_a_booking_request_without_an_origin_header_is_accepted(site):
    base, engine = site
    status, _ = post(base, "/booking", booking(name="No Origin"))
    assert status == 201
    assert bookings(engine)[-1].name == "No Origin"


def test_markup_in_a_booking_request_is_stored_as_text(site):
    base, engine = site
    name = "<script>alert('x')</script>"
    contact = "<b>0131 496 0000</b>"
    status, _ = post(base, "/booking", booking(name=name, contact=contact))
    assert status == 201
    assert (bookings(engine)[-1].name, bookings(engine)[-1].contact) == (name, contact)


@pytest.mark.parametrize(
    "changes, says",
    [
        ({"name": ...}, "your name"),
        ({"contact": ...}, "a phone number or email address"),
        ({"preferred_times": ...}, "the times that suit you"),
        ({"assessment_id": ...}, "the assessment reference"),
        ({"name": "   "}, "your name"),
        ({"name": 42}, "must be text"),
        ({"consent_to_contact": ...}, "agree that the clinic may contact you"),
        ({"consent_to_contact": False}, "agree that the clinic may contact you"),
        ({"consent_to_contact": "true"}, "agree that the clinic may contact you"),
        ({"assessment_id": "000000000000"}, "no assessment with that reference"),
        ({"assessment_id": "x" * 65}, "not valid"),
        ({"name": "n" * 201}, "200 characters"),
        ({"contact": "c" * 201}, "200 characters"),
        # found by trying it in the browser: "asdf" was stored and the visitor told the clinic
        # would be in touch
        ({"contact": "asdf"}, "a phone number or an email address the clinic can reach"),
        ({"contact": "call me 0123"}, "a phone number or an email address the clinic can reach"),
        ({"contact": "ada@example"}, "a phone number or an email address the clinic can reach"),
        ({"preferred_times": "t" * 1001}, "1000 characters"),
        (
            {"assessment_id": REFERRAL_ID, "sender_id": f"sender-{REFERRAL_ID}-0000"},
            "seeing a doctor first",
        ),
        # another visitor's reference gets the same answer as one that does not exist, and
        # does not tell whether it is a red-flag case (issue 10)
        ({"assessment_id": REFERRAL_ID}, "no assessment with that reference"),
        ({"sender_id": "someone-else-0000000"}, "no assessment with that reference"),
        ({"sender_id": ...}, "sender id"),
        ({"sender_id": "short"}, "sender id"),
    ],
)
def test_a_booking_request_is_refused_with_a_clear_error(site, changes, says):
    base, engine = site
    before = len(bookings(engine))
    status, body = post(base, "/booking", booking(**changes), headers={"Origin": base})
    assert status == 400
    assert says in body["error"]
    assert len(bookings(engine)) == before


@pytest.mark.parametrize(
    "contact",
    ["ada@example.test", "07700 900123", "+44 (0)131 496-0000", "0131 496 0000 or ada@x.io"],
)
def test_a_phone_number_or_an_email_address_is_a_contact(site, contact):
    base, engine = site
    assert post(base, "/booking", booking(contact=contact))[0] == 201
    assert bookings(engine)[-1].contact == contact


def test_the_longest_allowed_fields_are_accepted(site):
    base, engine = site
    email = "c" * 187 + "@example.test"
    fields = {"name": "n" * 200, "contact": email, "preferred_times": "t" * 1000}
    assert post(base, "/booking", booking(**fields))[0] == 201
    stored = bookings(engine)[-1]
    assert (stored.name, stored.contact, stored.preferred_times) == tuple(fields.values())


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://127.0.0.1:5105"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_a_cross_site_booking_request_is_refused(site, headers):
    base, engine = site
    before = len(bookings(engine))
    status, body = post(base, "/booking", booking(), headers=headers)
    assert status == 403
    assert "only from this page" in body["error"]
    assert len(bookings(engine)) == before


@pytest.mark.parametrize(
    "data, content_type",
    [
        (b"name=Ada&contact=x", "application/x-www-form-urlencoded"),
        (json.dumps(booking()).encode(), "text/plain"),
        (b"{not json", "application/json"),
        (b"", "application/json"),
        (b"[1, 2]", "application/json"),
        (b'"text"', "application/json"),
    ],
)
def test_a_booking_request_that_is_not_a_json_object_is_refused(site, data, content_type):
    base, engine = site
    before = len(bookings(engine))
    status, body = post(base, "/booking", data, content_type=content_type)
    assert status == 400
    assert "JSON" in body["error"] or "fill in" in body["error"]
    assert len(bookings(engine)) == before


def test_an_oversized_booking_body_is_refused(site):
    base, engine = site
    before = len(bookings(engine))
    padding = "p" * (web.MAX_BODY_BYTES + 1)
    status, _ = post(base, "/booking", booking(padding=padding))
    assert status == 413
    status, _ = post(base, "/booking", booking(padding="p" * (web.REQUEST_MAX_SIZE + 1)))
    assert status == 413
    assert len(bookings(engine)) == before


def test_a_booking_request_when_the_store_is_down_gets_a_clear_503(tmp_path):
    env = {
        "NMT_RASA_URL": "http://127.0.0.1:5105",
        "NMT_DATABASE_URL": "postgresql+psycopg2://nobody@127.0.0.1:1/none",
        "PYTHONWARNINGS": "ignore::DeprecationWarning",
    }
    with servers.running_web(servers.free_port(), env, tmp_path) as base:
        status, body = post(base, "/booking", booking())
    assert status == 503
    assert "could not be saved" in body["error"] and "call the clinic" in body["error"]
    log = (tmp_path / "web.log").read_text(encoding="utf-8", errors="replace")
    assert "OperationalError" in log
    # the error's type only: a traceback could quote the visitor's name and contact
    assert "Ada Lovelace" not in log and "ada@example.test" not in log


def test_the_booking_route_takes_only_post(site):
    base, _ = site
    status, headers, _ = get(base, "/booking")
    assert status == 405
    assert_security_headers(headers)


# --- the app's settings ----------------------------------------------------------------------


def test_the_app_refuses_a_rasa_url_that_is_not_http():
    with pytest.raises(ValueError):
        web.create_app(rasa_url="ftp://127.0.0.1:5005")


def test_several_apps_can_be_made_in_one_process():
    first, second = web.create_app(), web.create_app(clinic_name="Other")
    assert first.name != second.name


# --- chat.js never turns text into markup ----------------------------------------------------


def test_chat_js_never_parses_text_as_html():
    source = (STATIC / "chat.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    code = re.sub(r"^\s*//.*$", "", code, flags=re.M)
    for forbidden in (
        r"\.innerHTML\b",
        r"\.outerHTML\b",
        r"insertAdjacentHTML",
        r"\beval\s*\(",
        r"new\s+Function\s*\(",
        r"document\.write",
        r"createContextualFragment",
        r"DOMParser",
        r"setTimeout\s*\(\s*[\"'`]",
        r"setAttribute\s*\(\s*[\"'](on\w+|style|href|src)[\"']",
    ):
        assert not re.search(forbidden, code), forbidden
    assert "textContent" in code


def test_chat_js_keeps_the_conversation_in_session_storage():
    source = (STATIC / "chat.js").read_text(encoding="utf-8")
    assert "sessionStorage" in source and "localStorage" not in source
    assert "randomUUID()" in source and '.replace(/-/g, "")' in source
    unreachable = (
        "The assistant can't be reached right now. Please try again in a minute, or call the "
        "clinic."
    )
    assert unreachable in source


def test_chat_js_shows_what_the_server_sends_and_derives_nothing():
    """Group names, the outcome's text and the booking link come in the outcome payload
    (bot/conversation/messages.py); the page neither repeats nor re-derives them."""
    code = (STATIC / "chat.js").read_text(encoding="utf-8")
    for derived in (
        "What may keep the pain going",  # cutting the outcome text at a template line
        "Body mechanics",  # factor group names (factors.yml)
        "{ref}",  # filling the booking link
        "[0-9a-f]{12}",  # the assessment reference format (bot/conversation/ids.py)
    ):
        assert derived not in code, derived
    for field in ("c.body", "c.factor_groups", "c.booking_url", "c.summary_pdf"):
        assert field in code, field


# --- one public origin: the chat channel, forwarded to Rasa (issue 14) -----------------------

EMBEDDER = "http://clinic.example"
PUBLIC = "https://chat.clinic.example"
SENDER = "0d6c1c1e6b2a4d55a8b1f0d6a3c4e5f6"
REPLY = [{"recipient_id": SENDER, "text": "Hello! <b>not markup</b>"}]


class Upstream:
    """A stand-in for Rasa's HTTP server that keeps every request it gets (method, path,
    headers, body), answers the REST channel with `REPLY` and any other path of Rasa's API
    with 200, so a test sees whether the web app forwarded it."""

    def __init__(self):
        self.port = servers.free_port()
        self.received: list[tuple[str, str, dict, bytes]] = []
        self._ready = threading.Event()
        self._loop = None
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> Upstream:
        self._thread.start()
        assert self._ready.wait(30)
        return self

    def __exit__(self, *exc) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(30)

    def _serve(self) -> None:
        self._loop = asyncio.new_event_loop()
        app = aiohttp_web.Application(client_max_size=4_000_000)
        app.router.add_route("*", "/{tail:.*}", self._answer)
        runner = aiohttp_web.AppRunner(app)
        self._loop.run_until_complete(runner.setup())
        self._loop.run_until_complete(aiohttp_web.TCPSite(runner, HOST, self.port).start())
        self._ready.set()
        self._loop.run_forever()
        self._loop.run_until_complete(runner.cleanup())

    async def _answer(self, request):
        body = await request.read()
        self.received.append((request.method, request.path_qs, dict(request.headers), body))
        if request.path == "/webhooks/nmt/webhook":
            if json.loads(body).get("message") == "fail":  # as Rasa's own timeout answers
                return aiohttp_web.Response(status=503, text="Service Unavailable")
            return aiohttp_web.json_response(REPLY, status=200)
        return aiohttp_web.json_response({"rasa": "the rest of the API"})


@pytest.fixture(scope="module")
def channel(tmp_path_factory):
    """The web app in front of an `Upstream`, embeddable by EMBEDDER, public at PUBLIC; yields
    (base URL, upstream)."""
    folder = tmp_path_factory.mktemp("channel")
    with Upstream() as upstream:
        env = {
            "NMT_RASA_URL": f"http://{HOST}:{upstream.port}",
            "NMT_DATABASE_URL": f"sqlite:///{folder / 'nmt.db'}",
            "NMT_CLINIC_NAME": CLINIC,
            "NMT_PUBLIC_URL": PUBLIC,
            "NMT_EMBED_ORIGINS": f"{EMBEDDER} https://other.example",
            "PYTHONWARNINGS": "ignore::DeprecationWarning",
        }
        with servers.running_web(servers.free_port(), env, folder) as base:
            yield base, upstream


def exchange(base, method, path, body=b"", headers=None):
    """(status, headers, body) of any request, the path sent as written."""
    connection = http.client.HTTPConnection(HOST, int(base.rsplit(":", 1)[1]), timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        resp = connection.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        connection.close()


def chat(base, body, content_type="application/json", headers=None):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return exchange(
        base, "POST", "/chat/webhook", data, {"Content-Type": content_type, **(headers or {})}
    )


def test_a_message_is_forwarded_to_rasa_s_channel_as_it_is(channel):
    base, upstream = channel
    before = len(upstream.received)
    body = json.dumps({"sender": SENDER, "message": "my lower back hurts é 😀"}).encode()
    status, headers, answer = chat(
        base, body, "application/json; charset=utf-8", {"Cookie": "nmt_clinic=secret"}
    )
    assert status == 200
    assert json.loads(answer) == REPLY  # as Rasa sent it: the page escapes texts
    assert headers["content-type"].startswith("application/json")
    assert headers["cache-control"] == "no-store"
    assert_frame_headers(headers, framed=False)
    (method, path, sent_headers, sent_body), *_ = upstream.received[before:]
    assert (method, path, sent_body) == ("POST", "/webhooks/nmt/webhook", body)
    assert sent_headers["Content-Type"] == "application/json"
    assert "Cookie" not in sent_headers  # the dashboard's cookies never reach Rasa


@pytest.mark.parametrize(
    ("data", "content_type", "status", "says"),
    [
        ({"sender": SENDER, "message": "hi"}, "text/plain", 415, "Send the message as JSON"),
        (b"sender=a&message=hi", "application/x-www-form-urlencoded", 415, "as JSON"),
        (b"{not json", "application/json", 400, "must be JSON"),
        ([SENDER, "hi"], "application/json", 400, "Send a JSON object"),
        ({"message": "hi"}, "application/json", 400, "A sender id of 16 to 128"),
        ({"sender": "short", "message": "hi"}, "application/json", 400, "A sender id of"),
        ({"sender": "../" * 10, "message": "hi"}, "application/json", 400, "A sender id of"),
    ],
)
def test_the_channel_s_contract_holds_and_rasa_never_sees_bad_requests(
    channel, data, content_type, status, says
):
    base, upstream = channel
    before = len(upstream.received)
    got, headers, answer = chat(base, data, content_type)
    assert got == status
    assert says in json.loads(answer)["error"]
    assert_frame_headers(headers, framed=False)
    assert len(upstream.received) == before


def test_a_body_over_rasa_s_limit_is_refused_with_413(channel):
    base, upstream = channel
    before = len(upstream.received)
    message = "a" * web.REQUEST_MAX_SIZE
    status, _, _ = chat(base, {"sender": SENDER, "message": message})
    assert status == 413
    assert len(upstream.received) == before
    # the longest message Rasa reads in full (docs/messages.md) still goes through
    status, _, _ = chat(base, {"sender": SENDER, "message": "a" * 100_000})
    assert status == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/webhooks/nmt/webhook"),
        ("GET", "/webhooks/nmt/"),
        ("POST", "/model/parse"),
        ("GET", "/conversations/0d6c1c1e6b2a4d55a8b1f0d6a3c4e5f6/tracker"),
        ("POST", "/conversations/0d6c1c1e6b2a4d55a8b1f0d6a3c4e5f6/trigger_intent"),
        ("GET", "/status"),
        ("PUT", "/model"),
        ("GET", "/chat/webhook"),
        ("POST", "/chat/webhook/../../model/parse"),
        ("POST", "/chat/webhook/x"),
        ("POST", "/chat/webhooks/nmt/webhook"),
        ("POST", "/chat"),
    ],
)
def test_nothing_but_the_channel_reaches_rasa(channel, method, path):
    base, upstream = channel
    before = len(upstream.received)
    body = json.dumps({"sender": SENDER, "text": "hi", "message": "hi"}).encode()
    status, _, answer = exchange(base, method, path, body, {"Content-Type": "application/json"})
    assert status in (404, 405)
    assert b"the rest of the API" not in answer
    assert len(upstream.received) == before


def test_a_rasa_that_is_down_gets_the_page_s_service_down_answer(tmp_path):
    env = {
        "NMT_RASA_URL": f"http://{HOST}:{servers.free_port()}",  # nothing listens there
        "NMT_DATABASE_URL": f"sqlite:///{tmp_path / 'nmt.db'}",
        "PYTHONWARNINGS": "ignore::DeprecationWarning",
    }
    with servers.running_web(servers.free_port(), env, tmp_path) as base:
        status, _, answer = chat(base, {"sender": SENDER, "message": "hello"})
    assert status == 503
    error = json.loads(answer)["error"]
    assert error == web.RASA_DOWN
    # chat.js shows the same words when the channel fails
    assert error in (STATIC / "chat.js").read_text(encoding="utf-8").replace('"\n    + "', "")


def test_a_rasa_that_fails_gets_the_same_answer_as_one_that_is_down(channel):
    base, _ = channel
    status, headers, answer = chat(
        base, {"sender": SENDER, "message": "fail"}, headers={"Origin": EMBEDDER}
    )
    assert (status, json.loads(answer)) == (503, {"error": web.RASA_DOWN})
    assert headers["access-control-allow-origin"] == EMBEDDER  # the page can read it


def test_an_embedding_site_may_post_from_its_browser_and_no_other_site_may(channel):
    base, upstream = channel
    preflight = {
        "Origin": EMBEDDER,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    status, headers, _ = exchange(base, "OPTIONS", "/chat/webhook", headers=preflight)
    assert status == 204
    assert headers["access-control-allow-origin"] == EMBEDDER
    assert headers["access-control-allow-methods"] == "POST"
    assert headers["access-control-allow-headers"].lower() == "content-type"
    status, headers, answer = chat(
        base, {"sender": SENDER, "message": "hi"}, headers={"Origin": EMBEDDER}
    )
    assert (status, headers["access-control-allow-origin"]) == (200, EMBEDDER)
    assert json.loads(answer) == REPLY

    before = len(upstream.received)
    for origin in ("https://evil.example", "http://clinic.example:8080", "null"):
        status, headers, _ = exchange(
            base, "OPTIONS", "/chat/webhook", headers={**preflight, "Origin": origin}
        )
        assert status == 403 and "access-control-allow-origin" not in headers
        status, headers, answer = chat(
            base, {"sender": SENDER, "message": "hi"}, headers={"Origin": origin}
        )
        assert status == 403 and "access-control-allow-origin" not in headers
        assert json.loads(answer)["error"] == web.NOT_EMBEDDED_HERE
    assert len(upstream.received) == before


def test_the_page_s_own_and_public_origins_may_post(channel):
    base, _ = channel
    for origin in (base, PUBLIC):
        status, headers, _ = chat(
            base, {"sender": SENDER, "message": "hi"}, headers={"Origin": origin}
        )
        assert status == 200
        assert "access-control-allow-origin" not in headers  # the same origin needs none


def assert_frame_headers(headers, framed):
    """`framed`: the chat page of an app with embedding sites; else framing refused."""
    if framed:
        assert headers["content-security-policy"].endswith(
            f"frame-ancestors 'self' {EMBEDDER} https://other.example"
        )
        assert "x-frame-options" not in headers
    else:
        assert headers["content-security-policy"].endswith("frame-ancestors 'none'")
        assert headers["x-frame-options"] == "DENY"
    assert "connect-src 'self';" in headers["content-security-policy"]


def test_only_the_chat_page_may_be_framed_and_only_by_the_embedding_sites(channel, site):
    base, _ = channel
    status, headers, _ = get(base, "/")
    assert status == 200
    assert_frame_headers(headers, framed=True)
    for path in ("/config.json", "/static/chat.js", "/widget.js", "/clinic", "/clinic/login"):
        status, headers, _ = get(base, path)
        assert_frame_headers(headers, framed=False)
    # an app with no embedding site lets no one frame the page
    status, headers, _ = get(site[0], "/")
    assert_frame_headers(headers, framed=False)


def test_the_widget_script_is_served_with_the_clinic_s_name_as_a_string(channel):
    base, _ = channel
    status, headers, body = get(base, "/widget.js")
    assert status == 200
    assert headers["content-type"] == "text/javascript; charset=utf-8"
    code = body.decode()
    assert f"var CLINIC_NAME = {json.dumps(CLINIC)};" in code
    assert f'var PUBLIC_URL = "{PUBLIC}";' in code
    assert "{{" not in code


def test_the_widget_script_loads_nothing_from_elsewhere_and_never_parses_html():
    source = (STATIC / "widget.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", code)
    for forbidden in (r"innerHTML", r"outerHTML", r"insertAdjacentHTML", r"eval\(", "cssText"):
        assert not re.search(forbidden, code), forbidden
    assert "textContent" in code and "attachShadow" in code
    # the placeholders are valid JavaScript before they are filled in
    filled = web.widget_script(source, 'A "quoted" </script> name', None)
    assert 'var CLINIC_NAME = "A \\"quoted\\" </script> name";' in filled
    assert 'var PUBLIC_URL = "";' in filled


def test_a_booking_from_the_public_origin_is_the_page_s_own(channel):
    base, _ = channel
    status, body = post(base, "/booking", {"sender_id": "x"}, headers={"Origin": PUBLIC})
    assert status == 400 and "Please fill in" in body["error"]  # read, not refused (403)
    status, body = post(base, "/booking", {"sender_id": "x"}, headers={"Origin": EMBEDDER})
    assert status == 403 and "only from this page" in body["error"]


def test_the_chat_pages_message_limit_is_within_what_the_server_keeps():
    """The page sends nothing over the message box's limit (chat.js says so to the visitor); a
    message of that length reaches Rasa, the tracker, the clinic's store and the dashboard's
    transcript whole."""
    from bot.clinic import transcript
    from components.channel import MAX_MESSAGE_CHARS

    page = (web.STATIC_DIR / "index.html").read_text(encoding="utf-8")
    limit = int(re.search(r'data-max-chars="(\d+)"', page).group(1))
    assert "maxlength" not in re.search(r"<textarea[^>]*>", page).group(0)  # nothing cut
    assert limit <= MAX_MESSAGE_CHARS and limit <= store.TEXT_CHARS
    assert limit <= transcript.TEXT_CHARS
    # a JSON character is at most 6 bytes ("\u0001")
    assert 6 * limit + 1000 < web.REQUEST_MAX_SIZE
