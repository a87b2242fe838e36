"""Telling the clinic: an email and a signed webhook for each new booking request and each
red-flag assessment (issue 14; docs/notifications.md).

How an event travels:

1. `store.save_booking_request` and `store.save_assessment` put the event in the `outbox`
   table, one row per channel (email, webhook), in the transaction that saves what it is
   about: an event is never lost when the save succeeds, never made when it fails.
2. The worker, `python -m bot notify` (a program of scripts/supervisord.conf under `make run`),
   has one thread per channel that claims due rows one at a time (a lease of `LEASE`, so that
   a second worker or a restarted one does not take a row that is being sent), sends it, and
   marks it sent. A failure is tried again after 5 s, 10 s, 20 s, ... up to an hour between
   tries, for `GIVE_UP_AFTER`; then the row is marked failed and the log says so.
3. A channel that is not set up marks its rows skipped: switching it on later sends only new
   events, never a backlog.

Delivery is at least once: a worker killed after a receiver accepted an event but before the
row was marked sent sends it again when the lease ends. So each event has an id (a UUID), the
same on both channels and in every try: the webhook's `Idempotency-Key` header and its JSON's
`id`, and the email's Message-ID. Receivers drop an id they have seen.

What leaves the machine: the email carries no health or personal details at all (the kind of
event, the assessment reference, the time, and a link to the report on the dashboard, which
needs a login). The webhook, for a clinic system over https, carries the same plus the
disposition level (what the clinic must triage by) and, for a booking request, its id and
whether the visitor stated a doctor's clearance. Never answers, red flags, names or contacts.

The webhook's signature: `X-NMT-Signature: v1=<hex>`, the HMAC-SHA256 with
`NMT_WEBHOOK_SECRET` of `<X-NMT-Timestamp>.<the raw body>`; `verify` checks one.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import logging
import signal
import smtplib
import ssl
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any
from urllib.parse import quote, urlsplit

import requests
from sqlalchemy import and_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot import settings
from bot.clinic import store
from bot.clinic.store import BOOKING_REQUESTED, CHANNELS, RED_FLAG_ASSESSMENT, outbox
from bot.engine.content import urgency

log = logging.getLogger(__name__)

PAYLOAD_VERSION = 1
SIGNATURE_HEADER = "X-NMT-Signature"
TIMESTAMP_HEADER = "X-NMT-Timestamp"
EVENT_HEADER = "X-NMT-Event"
IDEMPOTENCY_HEADER = "Idempotency-Key"
# how old a webhook's timestamp may be when verified (replayed requests are older)
SIGNATURE_TOLERANCE = 300
MIN_SECRET_CHARS = 32

POLL_SECONDS = 1.0
LEASE = datetime.timedelta(seconds=120)  # longer than a try can take (the timeouts below)
RETRY_FIRST = datetime.timedelta(seconds=5)
RETRY_MOST = datetime.timedelta(hours=1)
GIVE_UP_AFTER = datetime.timedelta(days=3)
SMTP_TIMEOUT = 30
WEBHOOK_TIMEOUT = 15
DEFAULT_SMTP_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
LOOPBACK = ("127.0.0.1", "localhost", "::1")

SUBJECTS = {
    BOOKING_REQUESTED: "New booking request",
    RED_FLAG_ASSESSMENT: "Assessment to review first",
}
OPENINGS = {
    BOOKING_REQUESTED: "A visitor asked the clinic to contact them to book an appointment.",
    RED_FLAG_ASSESSMENT: "An assessment needs the clinic's attention before the others.",
}


class SettingsError(ValueError):
    """The notification settings do not fit together; the message names the variables."""


class DeliveryError(RuntimeError):
    """A receiver did not accept an event (the message is safe to log and store)."""


# --- settings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Email:
    host: str
    port: int
    security: str  # starttls, ssl or none
    user: str | None
    password: str | None
    sender: str
    recipients: tuple[str, ...]


@dataclass(frozen=True)
class Webhook:
    url: str
    secret: str


@dataclass(frozen=True)
class Config:
    public_url: str | None
    clinic_name: str
    email: Email | None = None
    webhook: Webhook | None = None

    @property
    def channels(self) -> tuple[str, ...]:
        """The channels that are set up, in `CHANNELS` order."""
        on = {"email": self.email is not None, "webhook": self.webhook is not None}
        return tuple(channel for channel in CHANNELS if on[channel])


def _is_loopback(url_or_host: str) -> bool:
    host = urlsplit(url_or_host).hostname if "://" in url_or_host else url_or_host
    return host is not None and (host in LOOPBACK or host.startswith("127."))


def load_config(environ: Mapping[str, str] | None = None) -> Config:
    """The notification settings (bot/settings.py), checked together.

    Raises SettingsError naming every problem, or ValueError for one bad value.
    """

    def read(setting: settings.Setting):
        return setting.read(environ)

    problems = []
    host, recipients, sender = read(settings.SMTP_HOST), read(settings.NOTIFY_TO), None
    user, password = read(settings.SMTP_USER), read(settings.SMTP_PASSWORD)
    email = None
    if host:
        sender, security = read(settings.NOTIFY_FROM), read(settings.SMTP_SECURITY)
        if not recipients:
            problems.append("NMT_NOTIFY_TO must name the clinic's address(es) to email")
        if not sender:
            problems.append("NMT_NOTIFY_FROM must be set: the emails' sender address")
        if bool(user) != bool(password):
            problems.append("NMT_SMTP_USER and NMT_SMTP_PASSWORD go together: set both or neither")
        if security == "none" and password and not _is_loopback(host):
            problems.append(
                "NMT_SMTP_SECURITY=none would send the password unencrypted: use starttls or"
                " ssl for a mail server on another machine"
            )
        port = read(settings.SMTP_PORT) or DEFAULT_SMTP_PORTS[security]
        email = Email(host, port, security, user, password, sender or "", recipients)
    elif recipients or read(settings.NOTIFY_FROM) or user or password:
        problems.append("NMT_SMTP_HOST must be set to send the notification emails")

    url, secret = read(settings.WEBHOOK_URL), read(settings.WEBHOOK_SECRET)
    webhook = None
    if url:
        if not secret:
            problems.append("NMT_WEBHOOK_SECRET must be set to sign the webhook")
        elif len(secret) < MIN_SECRET_CHARS:
            problems.append(
                f"NMT_WEBHOOK_SECRET must be at least {MIN_SECRET_CHARS} characters (it is "
                f"{len(secret)}); make one with: python -c 'import secrets; "
                "print(secrets.token_hex(32))'"
            )
        if urlsplit(url).scheme != "https" and not _is_loopback(url):
            problems.append("NMT_WEBHOOK_URL must be https (http only to this machine)")
        webhook = Webhook(url, secret or "")
    elif secret:
        problems.append("NMT_WEBHOOK_URL must be set: NMT_WEBHOOK_SECRET is set without it")

    public_url = read(settings.PUBLIC_URL)
    if (email or webhook) and not public_url:
        problems.append(
            "NMT_PUBLIC_URL must be set: the clinic's address of the web app, to link to reports"
        )
    if problems:
        raise SettingsError("notification settings: " + "; ".join(problems))
    return Config(public_url, read(settings.CLINIC_NAME), email, webhook)


def describe(config: Config) -> str:
    """What the worker does with these settings, in one line (no secrets)."""
    parts = []
    if config.email:
        e = config.email
        parts.append(f"email to {', '.join(e.recipients)} via {e.host}:{e.port} ({e.security})")
    if config.webhook:
        url = urlsplit(config.webhook.url)  # without a login or a query, which may hold a token
        parts.append(f"webhook to {url.scheme}://{url.netloc.rsplit('@', 1)[-1]}{url.path}")
    if not parts:
        return "notifications are off (set NMT_SMTP_HOST or NMT_WEBHOOK_URL; docs/notifications.md)"
    return "notifications: " + "; ".join(parts) + f"; reports at {config.public_url}"


# --- what is sent ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """One outbox row: an event on one channel."""

    row_id: int
    event_id: str
    channel: str
    kind: str
    assessment_id: str
    disposition: str
    booking_request_id: int | None
    clearance_stated: bool
    created_at: datetime.datetime  # aware UTC
    attempts: int


def report_url(public_url: str, assessment_id: str) -> str:
    """The assessment's report on the clinic dashboard (bot/web/clinic.py)."""
    return f"{public_url}/clinic/assessment/{quote(assessment_id, safe='')}"


def _iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def payload(event: Event, public_url: str) -> dict[str, Any]:
    """The webhook's JSON: ids, type, time, disposition level and the report link."""
    body: dict[str, Any] = {
        "version": PAYLOAD_VERSION,
        "id": event.event_id,
        "type": event.kind,
        "created_at": _iso(event.created_at),
        "assessment": {
            "ref": event.assessment_id,
            "disposition": event.disposition,
            "urgency": urgency(event.disposition),
            "report_url": report_url(public_url, event.assessment_id),
        },
    }
    if event.kind == BOOKING_REQUESTED:
        body["booking_request"] = {
            "id": event.booking_request_id,
            "clearance_stated": event.clearance_stated,
        }
    return body


def encode(body: Mapping[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


def signature(secret: str, timestamp: int | str, body: bytes) -> str:
    """`v1=` and the hex HMAC-SHA256 of `<timestamp>.<body>` with the secret."""
    signed = f"{timestamp}.".encode() + body
    return "v1=" + hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


def verify(
    secret: str,
    timestamp: str | None,
    signature_header: str | None,
    body: bytes,
    now: float | None = None,
    tolerance: int = SIGNATURE_TOLERANCE,
) -> bool:
    """Whether a received webhook is ours and recent: what a clinic system checks."""
    if not timestamp or not signature_header or not timestamp.isdigit():
        return False
    if abs((time.time() if now is None else now) - int(timestamp)) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), signature_header)


def email_message(event: Event, config: Config) -> EmailMessage:
    """The clinic's email: what happened, the reference and a link; no health details."""
    assert config.email is not None and config.public_url is not None
    when = event.created_at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    message = EmailMessage()
    message["Subject"] = (
        f"{config.clinic_name}: {SUBJECTS[event.kind]} (assessment {event.assessment_id})"
    )
    message["From"] = config.email.sender
    message["To"] = ", ".join(config.email.recipients)
    message["Date"] = format_datetime(event.created_at.astimezone(datetime.UTC))
    domain = config.email.sender.rsplit("@", 1)[1]
    message["Message-ID"] = f"<{event.event_id}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"
    message[EVENT_HEADER] = event.kind
    message["X-NMT-Event-Id"] = event.event_id
    message.set_content(
        f"{OPENINGS[event.kind]}\n\n"
        f"Assessment: {event.assessment_id}\n"
        f"Time: {when}\n\n"
        "The report, on the clinic dashboard (log in first):\n"
        f"{report_url(config.public_url, event.assessment_id)}\n\n"
        "This email carries no health or contact details; they are on the dashboard only.\n"
    )
    return message


# --- sending ---------------------------------------------------------------------------------


def send_email(email: Email, message: EmailMessage) -> None:
    context = ssl.create_default_context()
    if email.security == "ssl":
        client = smtplib.SMTP_SSL(email.host, email.port, timeout=SMTP_TIMEOUT, context=context)
    else:
        client = smtplib.SMTP(email.host, email.port, timeout=SMTP_TIMEOUT)
    with client:
        if email.security == "starttls":
            client.starttls(context=context)
        if email.user:
            client.login(email.user, email.password or "")
        client.send_message(message)


def send_webhook(webhook: Webhook, event: Event, public_url: str) -> None:
    body = encode(payload(event, public_url))
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": f"nmt-notify/{PAYLOAD_VERSION}",
        EVENT_HEADER: event.kind,
        IDEMPOTENCY_HEADER: event.event_id,
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: signature(webhook.secret, timestamp, body),
    }
    resp = requests.post(
        webhook.url, data=body, headers=headers, timeout=WEBHOOK_TIMEOUT, allow_redirects=False
    )
    if not 200 <= resp.status_code < 300:
        raise DeliveryError(f"HTTP {resp.status_code}")


def send(event: Event, config: Config) -> None:
    """Deliver one event on its channel; raises on any failure."""
    if event.channel == "email" and config.email is not None:
        send_email(config.email, email_message(event, config))
    elif event.channel == "webhook" and config.webhook is not None:
        send_webhook(config.webhook, event, config.public_url or "")
    else:
        raise DeliveryError(f"the {event.channel} channel is not set up")


# --- the outbox ------------------------------------------------------------------------------


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long after the `attempts`-th failed try the next one is: 5 s, doubling, 1 h at most."""
    return min(RETRY_FIRST * 2 ** min(max(attempts - 1, 0), 20), RETRY_MOST)


def housekeeping(engine: Engine, channels: tuple[str, ...], now: datetime.datetime) -> int:
    """Mark the pending rows of channels that are not set up skipped, and give up on rows
    older than `GIVE_UP_AFTER` (marked failed); how many were given up."""
    naive = store.naive_utc(now)
    with engine.begin() as connection:
        pending = outbox.c.status == "pending"
        connection.execute(
            update(outbox)
            .where(pending, outbox.c.channel.notin_(channels))
            .values(status="skipped")
        )
        return connection.execute(
            update(outbox)
            .where(pending, outbox.c.created_at < naive - GIVE_UP_AFTER)
            .values(status="failed")
        ).rowcount


def claim(engine: Engine, channel: str, now: datetime.datetime) -> Event | None:
    """The next due row of `channel`, leased to this worker until `now + LEASE`; or None.

    The lease is taken with a conditional UPDATE, so two workers never hold one row.
    """
    naive = store.naive_utc(now)
    with engine.begin() as connection:
        rows = connection.execute(
            select(outbox)
            .where(
                outbox.c.status == "pending",
                outbox.c.channel == channel,
                outbox.c.next_attempt_at <= naive,
            )
            .order_by(outbox.c.next_attempt_at, outbox.c.id)
            .limit(5)
        ).all()
        for row in rows:
            taken = connection.execute(
                update(outbox)
                .where(
                    and_(
                        outbox.c.id == row.id,
                        outbox.c.status == "pending",
                        outbox.c.attempts == row.attempts,
                    )
                )
                .values(attempts=row.attempts + 1, next_attempt_at=naive + LEASE)
            ).rowcount
            if taken == 1:
                return Event(
                    row_id=row.id,
                    event_id=row.event_id,
                    channel=row.channel,
                    kind=row.kind,
                    assessment_id=row.assessment_id,
                    disposition=row.disposition,
                    booking_request_id=row.booking_request_id,
                    clearance_stated=row.clearance_stated,
                    created_at=store.aware_utc(row.created_at),
                    attempts=row.attempts + 1,
                )
    return None


def _finish(engine: Engine, event: Event, **values: Any) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(outbox)
            .where(outbox.c.id == event.row_id, outbox.c.attempts == event.attempts)
            .values(**values)
        )


def _error_text(error: Exception) -> str:
    """A failure as it is stored and logged: its type, and a status line for ours."""
    if isinstance(error, DeliveryError):
        return str(error)[:200]
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{type(error).__name__} {error.smtp_code}"
    return type(error).__name__


def deliver_one(
    engine: Engine, config: Config, channel: str, now: datetime.datetime | None = None
) -> str | None:
    """Claim and send the next due row of `channel`: "sent", "retry", or None if none is due."""
    now = now or store.utc_now()
    event = claim(engine, channel, now)
    if event is None:
        return None
    try:
        send(event, config)
    except Exception as error:  # any failure of a receiver is tried again later
        reason = _error_text(error)
        later = now + retry_delay(event.attempts)
        _finish(engine, event, next_attempt_at=store.naive_utc(later), last_error=reason)
        log.warning(
            "%s %s by %s failed (try %d, %s); next try at %s",
            event.kind,
            event.event_id,
            channel,
            event.attempts,
            reason,
            _iso(later),
        )
        return "retry"
    _finish(engine, event, status="sent", sent_at=store.naive_utc(store.utc_now()), last_error=None)
    log.info("%s %s sent by %s", event.kind, event.event_id, channel)
    return "sent"


def deliver_due(engine: Engine, config: Config, now: datetime.datetime | None = None) -> dict:
    """One pass over every set-up channel (the `--once` command); counts of what happened.

    A channel's pass ends at its first failure: the rest wait for the next pass.
    """
    now = now or store.utc_now()
    counts = {"sent": 0, "retry": 0, "failed": housekeeping(engine, config.channels, now)}
    for channel in config.channels:
        while (done := deliver_one(engine, config, channel, now)) is not None:
            counts[done] += 1
            if done == "retry":
                break
    return counts


def _channel_loop(
    engine: Engine, config: Config, channel: str, stop: threading.Event, poll: float
) -> None:
    """Deliver `channel`'s rows until `stop`; a failure or an empty outbox waits `poll`."""
    while not stop.is_set():
        try:
            done = deliver_one(engine, config, channel)
        except (SQLAlchemyError, OSError) as error:  # the database is down: wait, go on
            log.error("notify %s: store unavailable: %s", channel, type(error).__name__)
            done = None
        if done != "sent":
            stop.wait(poll)


def run(engine: Engine, config: Config, stop: threading.Event, poll: float = POLL_SECONDS):
    """The worker: a thread per set-up channel, housekeeping here, until `stop` is set."""
    threads = [
        threading.Thread(
            target=_channel_loop,
            args=(engine, config, channel, stop, poll),
            name=f"notify-{channel}",
            daemon=True,
        )
        for channel in config.channels
    ]
    for thread in threads:
        thread.start()
    log.info("worker started: %s", ", ".join(config.channels) or "no channel")
    while not stop.is_set():
        try:
            if given_up := housekeeping(engine, config.channels, store.utc_now()):
                log.error("%d notification(s) given up after %s", given_up, GIVE_UP_AFTER)
        except (SQLAlchemyError, OSError) as error:
            log.error("notify: store unavailable: %s", type(error).__name__)
        stop.wait(max(poll, 1.0))
    for thread in threads:
        thread.join(timeout=SMTP_TIMEOUT + 5)


# --- python -m bot notify ----------------------------------------------------------------------


def command(check: bool = False, once: bool = False) -> int:
    """`python -m bot notify [--check | --once]` (bot/cli.py); 2 and the reason for bad
    settings. Runs until SIGTERM or Ctrl-C, then finishes the try in hand."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s notify %(levelname)s %(message)s", stream=sys.stderr
    )
    try:
        config = load_config()
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(describe(config), file=sys.stderr, flush=True)
    if check:
        return 0
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    engine = None
    while engine is None and not stop.is_set():
        try:
            engine = store.open_store(store.database_url())
        except (SQLAlchemyError, OSError) as error:
            log.error("notify: store unavailable: %s; trying again", type(error).__name__)
            stop.wait(5)
    if engine is None:
        return 0
    try:
        if once:
            print(json.dumps(deliver_due(engine, config)), flush=True)
        else:
            run(engine, config, stop)
    finally:
        engine.dispose()
    return 0
