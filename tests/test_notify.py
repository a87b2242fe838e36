"""The clinic's notifications (bot/clinic/notify.py, docs/notifications.md): the outbox written
with the booking request or the red-flag assessment, the worker's leases and retries, what the
email and the webhook carry, and the settings.

The tests marked e2e run `python -m bot notify` as `make run` does, against a real SMTP server
(aiosmtpd) and a real webhook receiver (aiohttp) on loopback, with the booking request posted
to the real web app (`python -m bot.web`).
"""

from __future__ import annotations

import dataclasses
import datetime
import email
import email.policy
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from aiohttp import web
from aiosmtpd.controller import Controller
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from stored import BOOKABLE, RED_FLAG, answer, save_assessment
from threaded_app import ThreadedApp

from bot.clinic import notify, privacy, store
from bot.clinic.store import BOOKING_REQUESTED, RED_FLAG_ASSESSMENT, outbox
from evaluation import servers

pytest_plugins = ["postgres"]

ROOT = Path(__file__).resolve().parent.parent
TODAY = datetime.date(2026, 11, 21)
NOW = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=datetime.UTC)
SECRET = "s" * 40
PUBLIC = "https://nmt.clinic.example"  # NMT_PUBLIC_URL: an origin, no path

EMERGENCY = {
    "region": answer("low back", ["lower_back"]),
    "red_flag.infection": answer("yes, fevers all week", "yes"),
    "red_flag.cauda_equina": answer("yes, numb between my legs and I can't pee", "yes"),
}
BOOKING = {
    "name": "Ada Lovelace",
    "contact": "ada@example.test",
    "preferred_times": "Tuesday mornings",
    "consent_to_contact": True,
}


def config(**changes) -> notify.Config:
    base = notify.Config(
        public_url=PUBLIC,
        clinic_name="Harbour NMT",
        email=notify.Email("127.0.0.1", 25, "none", None, None, "nmt@clinic.example", ("a@b.co",)),
        webhook=notify.Webhook("http://127.0.0.1:9/hook", SECRET),
    )
    return dataclasses.replace(base, **changes)


def rows(engine, **where):
    query = select(outbox).order_by(outbox.c.id)
    for name, value in where.items():
        query = query.where(outbox.c[name] == value)
    with engine.connect() as connection:
        return connection.execute(query).all()


def health_details(report: store.Report) -> list[str]:
    """Everything about the visitor's health and person that a notification must not carry."""
    found = [a.raw_text for a in report.answers]
    for hit in report.red_flags:
        found += [hit.label, hit.group_id, *hit.evidence]
    for factor in report.factors:
        found += [factor.label, *factor.evidence]
    for request in report.booking_requests:
        found += [request.name, request.contact, request.preferred_times]
    found += [*report.assessment.regions, report.assessment.summary_text or ""]
    # a one-digit answer ("8") is in any id or time: words and phrases are what would tell
    return [text for text in found if len(text) > 2]


# --- the outbox, written with what it is about (SQLite and PostgreSQL) ----------------------


@pytest.fixture
def engine(database_url):
    engine = store.open_store(database_url)
    yield engine
    engine.dispose()


def test_a_booking_request_puts_one_event_per_channel_in_the_outbox(engine, content):
    save_assessment(engine, content, TODAY, "book00000001", BOOKABLE)
    assert rows(engine) == []  # an assessment without a red flag is not notified
    request_id = store.save_booking_request(engine, assessment_id="book00000001", **BOOKING)
    found = rows(engine)
    assert [r.channel for r in found] == ["email", "webhook"]
    assert {r.event_id for r in found} == {found[0].event_id}  # one event, one idempotency key
    assert {(r.kind, r.assessment_id, r.disposition, r.booking_request_id) for r in found} == {
        (BOOKING_REQUESTED, "book00000001", "book_nmt", request_id)
    }
    assert {(r.status, r.attempts, r.clearance_stated) for r in found} == {("pending", 0, False)}
    store.save_booking_request(engine, assessment_id="book00000001", **BOOKING)
    assert len({r.event_id for r in rows(engine)}) == 2  # each request is its own event


def test_a_booking_request_that_is_not_saved_notifies_nothing(engine):
    with pytest.raises(IntegrityError):  # no such assessment: the foreign key refuses it
        store.save_booking_request(engine, assessment_id="nothing00000", **BOOKING)
    assert rows(engine) == []


def test_a_red_flag_assessment_is_notified_once_per_disposition_it_reaches(engine, content):
    save_assessment(engine, content, TODAY, "flag00000001", RED_FLAG)
    (event,) = {(r.event_id, r.kind, r.disposition) for r in rows(engine)}
    assert event[1:] == (RED_FLAG_ASSESSMENT, "urgent_physician")
    save_assessment(engine, content, TODAY, "flag00000001", RED_FLAG)  # the outcome shown again
    assert len(rows(engine)) == 2
    save_assessment(engine, content, TODAY, "flag00000001", EMERGENCY)  # a new, worse red flag
    assert [(r.disposition, r.channel) for r in rows(engine)][2:] == [
        ("emergency", "email"),
        ("emergency", "webhook"),
    ]
    save_assessment(engine, content, TODAY, "flag00000001", EMERGENCY)
    assert len(rows(engine)) == 4


def test_an_assessment_that_turns_red_later_is_notified(engine, content):
    save_assessment(engine, content, TODAY, "late00000001", BOOKABLE)
    assert rows(engine) == []
    save_assessment(engine, content, TODAY, "late00000001", {**BOOKABLE, **RED_FLAG})
    assert {r.disposition for r in rows(engine)} == {"urgent_physician"}


def test_erasing_a_visitor_erases_their_notifications(engine, content):
    save_assessment(engine, content, TODAY, "gone00000001", RED_FLAG, sender_id="gone-visitor")
    save_assessment(engine, content, TODAY, "stay00000001", RED_FLAG)
    counts = privacy.erase_visitor(engine, sender_id="gone-visitor")
    assert counts["outbox"] == 2
    assert {r.assessment_id for r in rows(engine)} == {"stay00000001"}


def test_a_version_5_database_gets_the_outbox_and_notifies_nothing_old(database_url, content):
    from bot.clinic import migrations

    engine = store.engine_for(database_url)
    try:
        assert migrations.upgrade(engine, to=5) == [1, 2, 3, 4, 5]
        with engine.begin() as connection:  # a red-flag assessment as version 5 stored it
            connection.execute(
                store.assessment.insert().values(
                    id="v5aaaaaaaaaa", sender_id="visitor-v5", created_at=NOW.replace(tzinfo=None),
                    disposition="emergency", regions=[], sides=[], questions_asked=1,
                )
            )  # fmt: skip
        assert migrations.upgrade(engine) == list(range(6, migrations.LATEST + 1))
        assert rows(engine) == []
        save_assessment(engine, content, TODAY, "v5bbbbbbbbbb", RED_FLAG)
        assert len(rows(engine)) == 2
    finally:
        engine.dispose()


# --- the worker's leases, retries and give-up ------------------------------------------------


def pending_event(engine, content, ref="flag00000001"):
    save_assessment(engine, content, TODAY, ref, RED_FLAG)
    with engine.begin() as connection:  # made at NOW, so that the tests can move the clock
        connection.execute(
            update(outbox).values(created_at=NOW.replace(tzinfo=None), next_attempt_at=NOW)
        )


def test_a_claimed_row_is_leased_to_one_worker(engine, content):
    pending_event(engine, content)
    first = notify.claim(engine, "webhook", NOW)
    assert first is not None and first.attempts == 1
    assert notify.claim(engine, "webhook", NOW) is None  # leased
    assert (
        notify.claim(engine, "webhook", NOW + notify.LEASE - datetime.timedelta(seconds=1)) is None
    )
    again = notify.claim(engine, "webhook", NOW + notify.LEASE)  # the worker died: taken again
    assert (again.row_id, again.event_id, again.attempts) == (first.row_id, first.event_id, 2)


def test_two_workers_at_once_never_take_the_same_row(engine, content):
    for number in range(6):
        pending_event(engine, content, f"flag0000000{number}")
    taken, barrier = [], threading.Barrier(3)

    def worker():
        barrier.wait()
        while (event := notify.claim(engine, "email", NOW)) is not None:
            taken.append(event.row_id)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(taken) == sorted(r.id for r in rows(engine, channel="email"))


def test_failures_are_tried_again_later_and_given_up_after_three_days(engine, content):
    pending_event(engine, content)
    down = config(webhook=notify.Webhook("http://127.0.0.1:9/nothing-listens", SECRET), email=None)
    assert notify.deliver_due(engine, down, NOW) == {"sent": 0, "retry": 1, "failed": 0}
    (row,) = rows(engine, channel="webhook")
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "ConnectionError")
    assert row.next_attempt_at == (NOW + notify.RETRY_FIRST).replace(tzinfo=None)
    assert rows(engine, channel="email")[0].status == "skipped"  # email is not set up here
    assert notify.deliver_due(engine, down, NOW + datetime.timedelta(seconds=4))["retry"] == 0
    assert notify.deliver_due(engine, down, NOW + datetime.timedelta(seconds=5))["retry"] == 1
    later = NOW + notify.GIVE_UP_AFTER + datetime.timedelta(seconds=1)
    assert notify.deliver_due(engine, down, later) == {"sent": 0, "retry": 0, "failed": 1}
    assert rows(engine, channel="webhook")[0].status == "failed"


def test_the_retry_delays_double_up_to_an_hour():
    delays = [notify.retry_delay(n).total_seconds() for n in range(1, 13)]
    assert delays[:5] == [5, 10, 20, 40, 80]
    assert delays[-1] == 3600 and max(delays) == 3600
    assert notify.retry_delay(10_000).total_seconds() == 3600


# --- what is sent ------------------------------------------------------------------------------


def event_of(engine, channel, kind=None) -> notify.Event:
    with engine.connect() as connection:
        query = select(outbox).where(outbox.c.channel == channel)
        if kind:
            query = query.where(outbox.c.kind == kind)
        row = connection.execute(query.order_by(outbox.c.id.desc())).first()
    return notify.Event(
        row.id, row.event_id, row.channel, row.kind, row.assessment_id, row.disposition,
        row.booking_request_id, row.clearance_stated, store.aware_utc(row.created_at), 1,
    )  # fmt: skip


def test_the_webhook_carries_ids_type_time_level_and_link_only(engine, content):
    save_assessment(engine, content, TODAY, "flag00000001", RED_FLAG)
    red = event_of(engine, "webhook")
    body = notify.payload(red, PUBLIC)
    assert body == {
        "version": 1,
        "id": red.event_id,
        "type": "assessment.red_flag",
        "created_at": red.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "assessment": {
            "ref": "flag00000001",
            "disposition": "urgent_physician",
            "urgency": 2,
            "report_url": f"{PUBLIC}/clinic/assessment/flag00000001",
        },
    }
    save_assessment(engine, content, TODAY, "book00000001", BOOKABLE)
    request_id = store.save_booking_request(engine, assessment_id="book00000001", **BOOKING)
    booked = notify.payload(event_of(engine, "webhook", BOOKING_REQUESTED), PUBLIC)
    assert booked["type"] == "booking_request.created"
    assert booked["booking_request"] == {"id": request_id, "clearance_stated": False}
    assert booked["assessment"]["disposition"] == "book_nmt"
    for report, sent in ((store.get_assessment(engine, "flag00000001"), body),
                         (store.get_assessment(engine, "book00000001"), booked)):  # fmt: skip
        text = notify.encode(sent).decode()
        assert [detail for detail in health_details(report) if detail in text] == []


def test_the_email_says_what_happened_and_links_to_the_report_only(engine, content):
    save_assessment(engine, content, TODAY, "flag00000001", EMERGENCY)
    event = event_of(engine, "email")
    message = notify.email_message(event, config())
    text = message.as_string()
    assert message["Subject"] == "Harbour NMT: Assessment to review first (assessment flag00000001)"
    assert message["Message-ID"] == f"<{event.event_id}@clinic.example>"
    assert f"{PUBLIC}/clinic/assessment/flag00000001" in message.get_content()
    report = store.get_assessment(engine, "flag00000001")
    assert [detail for detail in health_details(report) if detail in text] == []
    for word in ("emergency", "physician", "doctor", "red flag", "urgent", "numb", "fever"):
        assert word not in text.lower()


def test_a_signature_verifies_only_the_same_body_secret_and_a_recent_time():
    body = notify.encode({"id": "x", "type": "t"})
    now = 1_800_000_000
    signed = notify.signature(SECRET, now, body)
    assert signed.startswith("v1=") and len(signed) == 3 + 64
    assert notify.verify(SECRET, str(now), signed, body, now=now + 10)
    assert not notify.verify(SECRET, str(now), signed, body + b" ", now=now)
    assert not notify.verify("t" * 40, str(now), signed, body, now=now)
    assert not notify.verify(SECRET, str(now + 1), signed, body, now=now)
    assert not notify.verify(SECRET, str(now), signed, body, now=now + 301)  # a replay
    assert not notify.verify(SECRET, None, signed, body)
    assert not notify.verify(SECRET, "soon", signed, body)


# --- settings ----------------------------------------------------------------------------------

GOOD = {
    "NMT_PUBLIC_URL": "https://nmt.clinic.example/",
    "NMT_SMTP_HOST": "smtp.clinic.example",
    "NMT_NOTIFY_FROM": "assistant@clinic.example",
    "NMT_NOTIFY_TO": "front-desk@clinic.example, owner@clinic.example",
    "NMT_SMTP_USER": "assistant",
    "NMT_SMTP_PASSWORD": "mail password",
    "NMT_WEBHOOK_URL": "https://crm.clinic.example/hooks/nmt",
    "NMT_WEBHOOK_SECRET": SECRET,
}


def test_good_settings_set_up_both_channels():
    found = notify.load_config(GOOD)
    assert found.public_url == "https://nmt.clinic.example"
    assert found.email == notify.Email(
        "smtp.clinic.example", 587, "starttls", "assistant", "mail password",
        "assistant@clinic.example", ("front-desk@clinic.example", "owner@clinic.example"),
    )  # fmt: skip
    assert found.webhook == notify.Webhook("https://crm.clinic.example/hooks/nmt", SECRET)
    assert found.channels == ("email", "webhook")
    assert SECRET not in notify.describe(found) and "mail password" not in notify.describe(found)
    tokened = notify.load_config({**GOOD, "NMT_WEBHOOK_URL": "https://u:p@crm.example/h?token=a"})
    assert "webhook to https://crm.example/h;" in notify.describe(tokened)
    assert notify.load_config({**GOOD, "NMT_SMTP_SECURITY": "SSL"}).email.port == 465
    assert notify.load_config({**GOOD, "NMT_SMTP_PORT": "2525"}).email.port == 2525
    assert notify.load_config({}).channels == ()
    assert notify.describe(notify.load_config({})).startswith("notifications are off")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"NMT_NOTIFY_TO": ""}, "NMT_NOTIFY_TO must name the clinic's address(es)"),
        ({"NMT_NOTIFY_FROM": ""}, "NMT_NOTIFY_FROM must be set"),
        ({"NMT_SMTP_PASSWORD": ""}, "NMT_SMTP_USER and NMT_SMTP_PASSWORD go together"),
        ({"NMT_SMTP_HOST": ""}, "NMT_SMTP_HOST must be set to send the notification emails"),
        ({"NMT_SMTP_SECURITY": "none"}, "NMT_SMTP_SECURITY=none would send the password"),
        ({"NMT_WEBHOOK_SECRET": ""}, "NMT_WEBHOOK_SECRET must be set to sign the webhook"),
        ({"NMT_WEBHOOK_SECRET": "short"}, "NMT_WEBHOOK_SECRET must be at least 32 characters"),
        ({"NMT_WEBHOOK_URL": ""}, "NMT_WEBHOOK_URL must be set: NMT_WEBHOOK_SECRET is set"),
        ({"NMT_WEBHOOK_URL": "http://crm.clinic.example/h"}, "NMT_WEBHOOK_URL must be https"),
        ({"NMT_PUBLIC_URL": ""}, "NMT_PUBLIC_URL must be set"),
        ({"NMT_PUBLIC_URL": "nmt.clinic.example"}, "NMT_PUBLIC_URL must be an origin"),
        ({"NMT_NOTIFY_TO": "front desk"}, "NMT_NOTIFY_TO must be an email address like"),
        ({"NMT_SMTP_PORT": "99999"}, "NMT_SMTP_PORT must be a port number"),
        ({"NMT_SMTP_SECURITY": "tls"}, "NMT_SMTP_SECURITY must be starttls, ssl or none"),
        ({"NMT_WEBHOOK_URL": "ftp://crm/h"}, "NMT_WEBHOOK_URL must be an http(s) link"),
    ],
)
def test_bad_settings_are_refused_with_the_variable_named(changes, message):
    with pytest.raises(ValueError) as error:
        notify.load_config({**GOOD, **changes})
    assert message in str(error.value)
    assert SECRET not in str(error.value) and "mail password" not in str(error.value)


def test_a_webhook_to_this_machine_may_be_plain_http():
    local = {**GOOD, "NMT_WEBHOOK_URL": "http://127.0.0.1:8089/hook"}
    assert notify.load_config(local).webhook.url == "http://127.0.0.1:8089/hook"
    local["NMT_WEBHOOK_URL"] = "http://localhost:8089/hook"
    assert notify.load_config(local).webhook is not None


# --- end to end: the worker, a real SMTP server and webhook receiver, the web app -------------


class MailSink:
    """aiosmtpd on loopback, keeping each message; stop() and start() take it down and up."""

    def __init__(self, port: int):
        self.port, self.messages, self.controller = port, [], None

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((time.monotonic(), envelope.rcpt_tos, message))
        return "250 OK"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()

    def of(self, ref: str):
        return [(at, to, m) for at, to, m in self.messages if f"assessment {ref})" in m["Subject"]]


class Receiver:
    """A clinic system's webhook endpoint (aiohttp) in a thread; fails the first request for
    the references in `fail_once` with a 503."""

    def __init__(self, port: int):
        self.port, self.requests, self.fail_once, self.failed = port, [], set(), set()
        app = web.Application()
        app.router.add_post("/hooks/nmt", self.handle)
        self._server = ThreadedApp(app, port)

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        ref = json.loads(body)["assessment"]["ref"]
        fails = ref in self.fail_once and ref not in self.failed
        self.failed |= {ref} if fails else set()
        self.requests.append((time.monotonic(), dict(request.headers), body, fails))
        return web.Response(status=503 if fails else 204)

    def start(self):
        self._server.start()

    def stop(self):
        self._server.stop()

    def of(self, ref: str):
        return [r for r in self.requests if json.loads(r[2])["assessment"]["ref"] == ref]


class Worker:
    """`python -m bot notify` as supervisord runs it, with its output in a log file."""

    def __init__(self, env: dict[str, str], log: Path):
        self.env, self.log, self.process = env, log, None

    def start(self, timeout: float = 90):
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "notify"],
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        started = self.log.stat().st_size
        wait_for(lambda: b"worker started" in self.log.read_bytes()[started:] or self.ended(),
                 timeout)  # fmt: skip
        assert not self.ended(), self.log.read_text()

    def ended(self) -> bool:
        return self.process.poll() is not None

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        servers.stop_process_groups([self.process], grace=10)


def wait_for(check, timeout: float, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout} s")
        time.sleep(step)


@pytest.fixture(scope="module")
def live(tmp_path_factory, content):
    """The store, an SMTP sink, a webhook receiver, the worker and the web app, all running."""
    folder = tmp_path_factory.mktemp("notify")
    url = f"sqlite:///{folder / 'nmt.db'}"
    engine = store.open_store(url)
    sink, receiver = MailSink(servers.free_port()), Receiver(servers.free_port())
    sink.start()
    receiver.start()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("NMT_")},
        "PYTHONPATH": str(ROOT),
        "PYTHONWARNINGS": "ignore::DeprecationWarning",
        "NMT_DATABASE_URL": url,
        "NMT_PUBLIC_URL": PUBLIC,
        "NMT_CLINIC_NAME": "Harbour NMT",
        "NMT_SMTP_HOST": "127.0.0.1",
        "NMT_SMTP_PORT": str(sink.port),
        "NMT_SMTP_SECURITY": "none",
        "NMT_NOTIFY_FROM": "assistant@clinic.example",
        "NMT_NOTIFY_TO": "front-desk@clinic.example",
        "NMT_WEBHOOK_URL": f"http://127.0.0.1:{receiver.port}/hooks/nmt",
        "NMT_WEBHOOK_SECRET": SECRET,
    }
    worker = Worker(env, folder / "notify.log")
    worker.start()
    try:
        with servers.running_web(servers.free_port(), {"NMT_DATABASE_URL": url}, folder) as base:
            yield {"engine": engine, "sink": sink, "receiver": receiver, "worker": worker,
                   "web": base, "env": env, "content": content}  # fmt: skip
    finally:
        worker.stop()
        receiver.stop()
        if sink.controller:
            sink.stop()
        engine.dispose()


def post_booking(base: str, ref: str) -> None:
    body = {"sender_id": f"sender-{ref}-0000", "assessment_id": ref, **BOOKING}
    request = urllib.request.Request(
        f"{base}/booking",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as resp:
        assert resp.status == 201


def assert_signed(headers: dict[str, str], body: bytes) -> dict:
    assert notify.verify(SECRET, headers["X-NMT-Timestamp"], headers["X-NMT-Signature"], body)
    sent = json.loads(body)
    assert headers["Idempotency-Key"] == sent["id"]
    assert headers["X-NMT-Event"] == sent["type"]
    assert headers["Content-Type"] == "application/json"
    return sent


@pytest.mark.e2e
def test_a_booking_request_and_a_red_flag_reach_the_clinic_within_5_seconds(live):
    sink, receiver, engine, content = (
        live["sink"],
        live["receiver"],
        live["engine"],
        live["content"],
    )
    save_assessment(
        engine, content, TODAY, "book00000e2e", BOOKABLE, sender_id="sender-book00000e2e-0000"
    )
    made = {}
    made["book00000e2e"] = time.monotonic()
    post_booking(live["web"], "book00000e2e")  # the visitor's booking form, as the page sends it
    made["flag00000e2e"] = time.monotonic()
    save_assessment(engine, content, TODAY, "flag00000e2e", EMERGENCY)  # as the action server
    kinds = {"book00000e2e": BOOKING_REQUESTED, "flag00000e2e": RED_FLAG_ASSESSMENT}
    for ref, since in made.items():
        wait_for(lambda ref=ref: sink.of(ref) and receiver.of(ref), 10)
        ((mailed, to, message),) = sink.of(ref)
        ((hooked, headers, body, _),) = receiver.of(ref)
        assert mailed - since < 5 and hooked - since < 5, (mailed - since, hooked - since)
        assert to == ["front-desk@clinic.example"]
        sent = assert_signed(headers, body)
        assert sent["type"] == kinds[ref]
        assert message["X-NMT-Event-Id"] == sent["id"]
        link = f"{PUBLIC}/clinic/assessment/{ref}"
        assert sent["assessment"]["report_url"] == link and link in message.get_content()
        report = store.get_assessment(engine, ref)
        text = message.as_string() + body.decode()
        assert [detail for detail in health_details(report) if detail in text] == []
    assert json.loads(receiver.of("flag00000e2e")[0][2])["assessment"]["disposition"] == "emergency"
    # the worker marks a row sent after the receiver has answered: a moment after it got it
    wait_for(lambda: {r.status for r in rows(engine)} == {"sent"}, 5)


@pytest.mark.e2e
def test_a_receiver_that_fails_once_gets_the_event_again_exactly_once(live):
    receiver, engine, content = live["receiver"], live["engine"], live["content"]
    receiver.fail_once.add("once0000fail")
    save_assessment(engine, content, TODAY, "once0000fail", RED_FLAG)
    wait_for(lambda: len(receiver.of("once0000fail")) == 2, notify.RETRY_FIRST.seconds + 10)
    first, second = receiver.of("once0000fail")
    assert (first[3], second[3]) == (True, False)  # refused, then accepted
    assert first[1]["Idempotency-Key"] == second[1]["Idempotency-Key"]
    assert first[2] == second[2]  # the same body; a new timestamp and signature
    assert_signed(second[1], second[2])
    time.sleep(notify.RETRY_FIRST.seconds + 2)
    assert len(receiver.of("once0000fail")) == 2
    assert len(live["sink"].of("once0000fail")) == 1  # the email went out once, meanwhile
    (webhook,) = rows(engine, assessment_id="once0000fail", channel="webhook")
    assert (webhook.status, webhook.attempts, webhook.last_error) == ("sent", 2, None)


@pytest.mark.e2e
def test_a_mail_server_down_then_up_gets_the_email_once(live):
    sink, engine, content = live["sink"], live["engine"], live["content"]
    sink.stop()
    try:
        save_assessment(engine, content, TODAY, "down0000smtp", RED_FLAG)
        wait_for(lambda: rows(engine, assessment_id="down0000smtp", channel="email")[0].attempts,
                 10)  # fmt: skip
        wait_for(lambda: rows(engine, assessment_id="down0000smtp", channel="email")[0].last_error,
                 10)  # fmt: skip
        (row,) = rows(engine, assessment_id="down0000smtp", channel="email")
        assert row.status == "pending" and row.last_error == "ConnectionRefusedError"
        # the webhook does not wait for the mail server
        wait_for(lambda: live["receiver"].of("down0000smtp"), 5)
    finally:
        sink.start()
    wait_for(lambda: sink.of("down0000smtp"), notify.RETRY_FIRST.seconds + 10)
    time.sleep(notify.RETRY_FIRST.seconds + 2)
    assert len(sink.of("down0000smtp")) == 1
    assert rows(engine, assessment_id="down0000smtp", channel="email")[0].status == "sent"


@pytest.mark.e2e
def test_a_restarted_worker_sends_what_is_left_and_nothing_twice(live):
    sink, receiver, engine, content = (
        live["sink"],
        live["receiver"],
        live["engine"],
        live["content"],
    )
    worker = live["worker"]
    save_assessment(engine, content, TODAY, "rest0000sent", RED_FLAG)
    wait_for(lambda: sink.of("rest0000sent") and receiver.of("rest0000sent"), 10)
    worker.kill()  # as a crash would
    save_assessment(engine, content, TODAY, "rest0000left", RED_FLAG)  # while it is down
    time.sleep(1)
    assert not sink.of("rest0000left") and not receiver.of("rest0000left")
    worker.start()
    wait_for(lambda: sink.of("rest0000left") and receiver.of("rest0000left"), 10)
    time.sleep(2)
    for ref in ("rest0000sent", "rest0000left"):
        assert (len(sink.of(ref)), len(receiver.of(ref))) == (1, 1), ref


@pytest.mark.e2e
def test_the_worker_with_bad_settings_stops_with_the_reason(live, tmp_path):
    env = {**live["env"], "NMT_WEBHOOK_SECRET": "short", "NMT_NOTIFY_TO": ""}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "notify"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert "NMT_WEBHOOK_SECRET must be at least 32 characters" in done.stderr
    assert "NMT_NOTIFY_TO must name the clinic's address(es)" in done.stderr
    assert "'short'" not in done.stderr  # a secret is never printed
    check = subprocess.run(
        [sys.executable, "-m", "bot", "notify", "--check"],
        cwd=ROOT, env=live["env"], capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert check.returncode == 0
    assert check.stderr.strip().endswith(f"reports at {PUBLIC}")
