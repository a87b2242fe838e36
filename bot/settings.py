"""Every setting the Python code reads from the environment, and the repository's paths.

This is the one place that reads `os.environ` (nothing here imports Rasa). Each setting is a
`Setting` in `SETTINGS`; `read()` parses it from the environment at the time of the call, so
that tests and servers may set variables after import. An empty value is the same as an unset
one. A bad value raises a ValueError that names the variable.

Setting (type, default when unset or empty): meaning.

- `NMT_DATABASE_URL` (str, `sqlite:///<repository>/var/nmt.db`): the one database, for Rasa's
  conversations (table `events`; Rasa reads the variable through endpoints.yml) and the
  clinic's assessments (bot/clinic/store.py). A PostgreSQL URL moves both.
- `NMT_REDIS_URL` (str or None, none; stripped): a Redis server, as `redis://host:port/db`
  (`rediss://` with TLS, `unix:///path.sock`), shared by several Rasa servers or workers: it
  holds the conversations' locks (components/lock_store.py) and the conversations waiting for
  consent (components/tracker_store.py; never the SQL database). None: both in the Rasa
  process's memory, which allows one Rasa process only (`make run`); `make cluster` sets it.
- `SANIC_WORKERS` (int, 1; stripped, digits only): Rasa's own variable, the Sanic worker
  processes of one Rasa server. Read here to refuse more than one without `NMT_REDIS_URL`
  (components/lock_store.py): Rasa would allow it with our lock store named in endpoints.yml,
  and workers that do not share locks and waiting conversations would lose messages.
- `NMT_BOOKING_URL` (str or None, none; stripped): the clinic's external booking link; `{ref}`
  is replaced by the assessment reference. Only an http(s) link is accepted; the action server
  offers no link (and logs why) while it is anything else.
- `NMT_RETENTION_DAYS` (int, 365): how many days `python -m bot purge` keeps data.
- `NMT_WEB_PORT` (int, 8000): the chat page's port (`python -m bot.web`, on 127.0.0.1).
- `NMT_RASA_URL` (str, `http://127.0.0.1:5005`): the Rasa server the web app forwards the chat
  page's messages to (`POST /chat/webhook` on the web app; browsers never talk to Rasa).
- `NMT_PUBLIC_URL` (origin or None, none; stripped): the public https origin of the web app, as
  browsers reach it (`https://chat.clinic.example`: scheme, host and port only). The widget
  (`/widget.js`) opens the chat from there, and the app takes posts from a page of that origin
  as its own even when no proxy header says https. Unset: the origin a request came to.
  Notifications link to reports as `<NMT_PUBLIC_URL>/clinic/assessment/<ref>` and need it
  (bot/clinic/notify.py says so at start).
- `NMT_EMBED_ORIGINS` (tuple of origins, none): the clinic websites that may embed the chat
  (the one-line widget): origins such as `https://clinic.example`, separated by spaces or
  commas. They are the chat page's `frame-ancestors` and the origins allowed (CORS) to post to
  `/chat/webhook`. With none, no other site can frame the page or post to it.
- `NMT_CLINIC_NAME` (str, `Neuromuscular Therapy Clinic`): the name on the chat page.
- `NMT_CLINIC_PHONE` (str or None, none; stripped): the clinic's phone number, shown on the chat
  page with a tap-to-call link and in its "call the clinic" messages; digits, spaces, `+`, `(`,
  `)`, `-`, `.` and `/` only, else "NMT_CLINIC_PHONE must be a phone number".
- `NMT_CLINIC_ADDRESS` (str or None, none; stripped): the clinic's address, shown on the chat page.
- `NMT_EMERGENCY_NUMBER` (str, `112`; stripped, a phone number as above): the emergency number
  the chat page shows and offers to call (the emergency card, the page's footer). 112 reaches
  emergency services across Europe, the UK included, and from most mobile phones elsewhere;
  set the local one (999, 911, 000, ...). The bot's texts say "your local emergency number".
- `NMT_CLINIC_USERS` (Path, `<repository>/var/clinic-users.json`): the clinic dashboard's
  users file (bot/web/auth.py).
- `NMT_CLINIC_USER` (str or None, none): the first dashboard user, which
  `python -m bot.web.auth ensure` creates when the users file has none.
- `NMT_CLINIC_PASSWORD` (str or None, none): that user's password, and the one
  `python -m bot.web.auth add USERNAME` sets (it asks when this is unset).
- `NMT_PROXIES_COUNT` (int, 0; stripped): how many reverse proxies stand in front of the web
  app, so that it reads `X-Forwarded-Proto`; digits only, else "NMT_PROXIES_COUNT must be a
  whole number". 0 trusts no forwarded header.
- `NMT_FORWARDED_SECRET` (str or None, none; stripped): the secret a reverse proxy puts in an
  RFC 7239 `Forwarded` header; the web app then reads `proto` from that proxy's element.
- `NMT_SECURE_COOKIES` (bool, False; stripped, any case): 1, true, yes or on always marks the
  clinic dashboard's cookies Secure; 0, false, no or off does not; anything else is an error
  ("NMT_SECURE_COOKIES must be 1 or 0").
- `NMT_SOCKETIO_ORIGINS` (tuple of origins, none): the web pages whose browsers may open the
  socket.io channel (components/socketio_channel.py): origins such as
  `https://clinic.example` (scheme, host and port only), separated by spaces or commas. With
  none, only a page of the Rasa server's own origin may; clients that are not browsers send
  no origin and are not affected.
- `NMT_TIME_ZONE` (time zone, UTC; stripped): the clinic's time zone, an IANA name such as
  `Europe/London`; every time the clinic dashboard shows is in it (the store keeps UTC).
  Anything else is an error ("NMT_TIME_ZONE must be a time zone like Europe/London").

- `NMT_SMTP_HOST` (str or None, none; stripped): the mail server for the clinic's notification
  emails (docs/notifications.md); unset, no email is sent.
- `NMT_SMTP_PORT` (int or None; stripped, digits only): its port; unset, 587 for `starttls`,
  465 for `ssl`, 25 for `none`.
- `NMT_SMTP_SECURITY` (`starttls`, `ssl` or `none`, `starttls`; stripped, any case): how the
  connection is encrypted; `none` only for a mail server on this machine.
- `NMT_SMTP_USER`, `NMT_SMTP_PASSWORD` (str or None, none): the mail server's login, both or
  neither (the user is stripped, the password is not).
- `NMT_NOTIFY_FROM` (an email address or None, none; stripped): the sender of the emails.
- `NMT_NOTIFY_TO` (tuple of email addresses, none): the clinic's addresses that get them,
  separated by spaces or commas.
- `NMT_WEBHOOK_URL` (http(s) link or None, none; stripped): where the signed JSON events are
  POSTed for clinic systems; https, or http only to this machine. Unset, no webhook.
- `NMT_WEBHOOK_SECRET` (str or None, none; stripped): the HMAC-SHA256 key of the webhook's
  `X-NMT-Signature` header, 32 characters or more.

"Stripped": spaces around the value are removed first; the other values are used as they are
(a password may end with a space). `NMT_RETENTION_DAYS` and `NMT_WEB_PORT` are read as `int()`
reads them (a sign is allowed; `python -m bot purge` refuses fewer than one day).

Read elsewhere, not by the Python code:

- `NMT_ACTION_URL`: the action server's webhook, which Rasa reads from endpoints.yml
  (`NMT_DATABASE_URL` too, for the tracker store); the Makefile and scripts set it.
- `NMT_SHELL_DATABASE_URL`: the database of `make shell` (scripts/shell.sh; var/shell.db).
- `RASA_PORT`, `ACTIONS_PORT`: the Rasa and action servers' ports (scripts/run.sh; 5005, 5055).

Importing this module (which `bot/__init__.py` does, so any `bot.*` import does) also sets
`TF_CPP_MIN_LOG_LEVEL=2` unless it is set: spaCy's thinc imports TensorFlow when it is
installed (Rasa needs it), and this keeps its start-up chatter out of the visitor-facing logs
and the command line.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

# --- paths -----------------------------------------------------------------------------------

REPO_ROOT = Path(__file__).resolve().parents[1]
CONTENT_DIR = REPO_ROOT / "content"
# The spaCy pipeline that `python -m bot build-nlp` builds and config.yml loads is
# SPACY_DIR / bot.engine.nlp.PIPELINE_NAME (build/spacy/nmt_en).
SPACY_DIR = REPO_ROOT / "build" / "spacy"
VAR_DIR = REPO_ROOT / "var"
DEFAULT_USERS_FILE = VAR_DIR / "clinic-users.json"
DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'nmt.db'}"  # an absolute path

# --- settings --------------------------------------------------------------------------------

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One environment variable: its name, default, meaning and how its value is parsed.

    `parse(name, value)` turns a non-empty value into the setting's type, or raises a ValueError
    that names the variable. `strip`: whether spaces around the value are removed first.
    """

    name: str
    default: T
    meaning: str
    parse: Callable[[str, str], T]
    strip: bool = False

    def read(self, environ: Mapping[str, str] | None = None) -> T:
        """The setting's value in `environ` (default: `os.environ`, now); empty means unset."""
        value = (os.environ if environ is None else environ).get(self.name) or ""
        if self.strip:
            value = value.strip()
        return self.parse(self.name, value) if value else self.default


def _text(name: str, value: str) -> str:
    return value


def _http_link(name: str, value: str) -> str:
    """An http(s) link (never `javascript:` or a bare path), as given."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{name} must be an http(s) link, not {value!r}")
    return value


def _phone(name: str, value: str) -> str:
    """A phone number as people write it: digits with spaces, `+`, brackets, dashes, dots."""
    if not re.fullmatch(r"\+?[0-9 ()./-]*[0-9][0-9 ()./-]*", value):
        raise ValueError(f"{name} must be a phone number, not {value!r}")
    return value


def _path(name: str, value: str) -> Path:
    return Path(value)


def _integer(name: str, value: str) -> int:
    """An integer as `int()` reads it (a sign allowed: the caller checks the range)."""
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None


def _count(name: str, value: str) -> int:
    """A whole number, digits only."""
    if not value.isdigit():
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    return int(value)


def _is_origin(text: str) -> bool:
    """Whether `text` is a web origin: scheme://host[:port], http(s), no path."""
    parts = urlsplit(text)
    return (
        parts.scheme in ("http", "https")
        and bool(parts.netloc)
        and text == f"{parts.scheme}://{parts.netloc}"
    )


def _origins(name: str, value: str) -> tuple[str, ...]:
    """Web origins (scheme://host[:port], no path), separated by spaces or commas."""
    origins = tuple(value.replace(",", " ").split())
    for origin in origins:
        if not _is_origin(origin):
            raise ValueError(f"{name} must be origins like https://clinic.example, not {origin!r}")
    return origins


def _time_zone(name: str, value: str) -> datetime.tzinfo:
    """An IANA time zone (`Europe/London`); `UTC` is Python's own (no tz database needed)."""
    if value.upper() == "UTC":
        return datetime.UTC
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{name} must be a time zone like Europe/London, not {value!r}") from None


def _port(name: str, value: str) -> int:
    port = _count(name, value)
    if not 0 < port < 65536:
        raise ValueError(f"{name} must be a port number (1-65535), not {value!r}")
    return port


SMTP_SECURITY_MODES = ("starttls", "ssl", "none")


def _smtp_security(name: str, value: str) -> str:
    value = value.lower()
    if value not in SMTP_SECURITY_MODES:
        raise ValueError(f"{name} must be starttls, ssl or none, not {value!r}")
    return value


_EMAIL = re.compile(r"[^@\s,<>\"]+@[^@\s,<>\"]+\.[^@\s,<>\"]+|[^@\s,<>\"]+@localhost")


def _email(name: str, value: str) -> str:
    """An email address (local@domain), without a display name."""
    if not _EMAIL.fullmatch(value):
        raise ValueError(f"{name} must be an email address like clinic@example.com, not {value!r}")
    return value


def _emails(name: str, value: str) -> tuple[str, ...]:
    """Email addresses separated by spaces or commas."""
    return tuple(_email(name, address) for address in value.replace(",", " ").split())


def _redis_url(name: str, value: str) -> str:
    """A Redis URL as redis-py reads it: redis://, rediss:// or unix://."""
    parts = urlsplit(value)
    if parts.scheme not in ("redis", "rediss", "unix") or not (parts.netloc or parts.path):
        raise ValueError(f"{name} must be a URL like redis://127.0.0.1:6379/0, not {value!r}")
    return value


def _origin(name: str, value: str) -> str:
    """One web origin (scheme://host[:port], no path); a trailing slash is dropped."""
    origin = value.rstrip("/") if value.count("/") == 3 else value
    if not _is_origin(origin):
        raise ValueError(f"{name} must be an origin like https://chat.example, not {value!r}")
    return origin


def _switch(name: str, value: str) -> bool:
    value = value.lower()
    if value in ("0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise ValueError(f"{name} must be 1 or 0, not {value!r}")


DATABASE_URL: Setting[str] = Setting(
    "NMT_DATABASE_URL",
    DEFAULT_DATABASE_URL,
    "the one database for Rasa's conversations and the clinic's assessments",
    _text,
)
REDIS_URL: Setting[str | None] = Setting(
    "NMT_REDIS_URL",
    None,
    "a Redis server for the locks and pre-consent conversations of several Rasa processes",
    _redis_url,
    strip=True,
)
SANIC_WORKERS: Setting[int] = Setting(
    "SANIC_WORKERS",
    1,
    "Rasa's Sanic worker processes per server (above 1 needs NMT_REDIS_URL)",
    _count,
    strip=True,
)
BOOKING_URL: Setting[str | None] = Setting(
    "NMT_BOOKING_URL",
    None,
    "the clinic's external booking link; {ref} is replaced by the assessment reference",
    _http_link,
    strip=True,
)
RETENTION_DAYS: Setting[int] = Setting(
    "NMT_RETENTION_DAYS", 365, "how many days `python -m bot purge` keeps data", _integer
)
WEB_PORT: Setting[int] = Setting("NMT_WEB_PORT", 8000, "the chat page's port", _integer)
RASA_URL: Setting[str] = Setting(
    "NMT_RASA_URL",
    "http://127.0.0.1:5005",
    "the Rasa server the web app forwards the chat page's messages to",
    _text,
)
PUBLIC_URL: Setting[str | None] = Setting(
    "NMT_PUBLIC_URL",
    None,
    "the public https origin of the web app (https://chat.clinic.example)",
    _origin,
    strip=True,
)
EMBED_ORIGINS: Setting[tuple[str, ...]] = Setting(
    "NMT_EMBED_ORIGINS",
    (),
    "the websites that may embed the chat: its frame-ancestors and CORS origins (none: no other)",
    _origins,
)
CLINIC_NAME: Setting[str] = Setting(
    "NMT_CLINIC_NAME", "Neuromuscular Therapy Clinic", "the name on the chat page", _text
)
CLINIC_PHONE: Setting[str | None] = Setting(
    "NMT_CLINIC_PHONE",
    None,
    "the clinic's phone number, on the chat page (tap to call)",
    _phone,
    strip=True,
)
CLINIC_ADDRESS: Setting[str | None] = Setting(
    "NMT_CLINIC_ADDRESS", None, "the clinic's address, on the chat page", _text, strip=True
)
EMERGENCY_NUMBER: Setting[str] = Setting(
    "NMT_EMERGENCY_NUMBER",
    "112",
    "the emergency number the chat page shows and offers to call",
    _phone,
    strip=True,
)
CLINIC_USERS: Setting[Path] = Setting(
    "NMT_CLINIC_USERS", DEFAULT_USERS_FILE, "the clinic dashboard's users file", _path
)
CLINIC_USER: Setting[str | None] = Setting(
    "NMT_CLINIC_USER", None, "the first dashboard user, made by `bot.web.auth ensure`", _text
)
CLINIC_PASSWORD: Setting[str | None] = Setting(
    "NMT_CLINIC_PASSWORD",
    None,
    "that user's password, or the one `bot.web.auth add` sets (else it asks)",
    _text,
)
PROXIES_COUNT: Setting[int] = Setting(
    "NMT_PROXIES_COUNT",
    0,
    "how many reverse proxies stand in front of the web app (0: trust no forwarded header)",
    _count,
    strip=True,
)
FORWARDED_SECRET: Setting[str | None] = Setting(
    "NMT_FORWARDED_SECRET",
    None,
    "the secret a reverse proxy puts in an RFC 7239 Forwarded header",
    _text,
    strip=True,
)
SECURE_COOKIES: Setting[bool] = Setting(
    "NMT_SECURE_COOKIES",
    False,
    "always mark the clinic dashboard's cookies Secure (1/true/yes/on or 0/false/no/off)",
    _switch,
    strip=True,
)
SOCKETIO_ORIGINS: Setting[tuple[str, ...]] = Setting(
    "NMT_SOCKETIO_ORIGINS",
    (),
    "the web origins whose pages may open the socket.io channel (none: the same origin only)",
    _origins,
)
TIME_ZONE: Setting[datetime.tzinfo] = Setting(
    "NMT_TIME_ZONE",
    datetime.UTC,
    "the clinic's time zone (an IANA name such as Europe/London), for every time the dashboard "
    "shows",
    _time_zone,
    strip=True,
)

SMTP_HOST: Setting[str | None] = Setting(
    "NMT_SMTP_HOST",
    None,
    "the mail server for notification emails (unset: none)",
    _text,
    strip=True,
)
SMTP_PORT: Setting[int | None] = Setting(
    "NMT_SMTP_PORT",
    None,
    "the mail server's port (unset: 587 starttls, 465 ssl, 25 none)",
    _port,
    strip=True,
)
SMTP_SECURITY: Setting[str] = Setting(
    "NMT_SMTP_SECURITY",
    "starttls",
    "how the mail server's connection is encrypted: starttls, ssl or none",
    _smtp_security,
    strip=True,
)
SMTP_USER: Setting[str | None] = Setting(
    "NMT_SMTP_USER", None, "the mail server's login user", _text, strip=True
)
SMTP_PASSWORD: Setting[str | None] = Setting(
    "NMT_SMTP_PASSWORD", None, "the mail server's login password", _text
)
NOTIFY_FROM: Setting[str | None] = Setting(
    "NMT_NOTIFY_FROM", None, "the sender of notification emails", _email, strip=True
)
NOTIFY_TO: Setting[tuple[str, ...]] = Setting(
    "NMT_NOTIFY_TO", (), "the clinic's addresses that get notification emails", _emails
)
WEBHOOK_URL: Setting[str | None] = Setting(
    "NMT_WEBHOOK_URL",
    None,
    "where signed JSON events are POSTed for clinic systems (unset: none)",
    _http_link,
    strip=True,
)
WEBHOOK_SECRET: Setting[str | None] = Setting(
    "NMT_WEBHOOK_SECRET",
    None,
    "the HMAC-SHA256 key that signs the webhook (32+ characters)",
    _text,
    strip=True,
)

SETTINGS: tuple[Setting, ...] = (
    DATABASE_URL,
    REDIS_URL,
    SANIC_WORKERS,
    BOOKING_URL,
    RETENTION_DAYS,
    WEB_PORT,
    RASA_URL,
    PUBLIC_URL,
    EMBED_ORIGINS,
    CLINIC_NAME,
    CLINIC_PHONE,
    CLINIC_ADDRESS,
    EMERGENCY_NUMBER,
    CLINIC_USERS,
    CLINIC_USER,
    CLINIC_PASSWORD,
    PROXIES_COUNT,
    FORWARDED_SECRET,
    SECURE_COOKIES,
    SOCKETIO_ORIGINS,
    SMTP_HOST,
    SMTP_PORT,
    SMTP_SECURITY,
    SMTP_USER,
    SMTP_PASSWORD,
    NOTIFY_FROM,
    NOTIFY_TO,
    WEBHOOK_URL,
    WEBHOOK_SECRET,
    TIME_ZONE,
)
