"""The visitor's chat page at http://127.0.0.1:8000/ (issue 4), as a small Sanic app.

The one public origin (docs/deploy.md): the browser talks only to this app, which forwards
the chat channel to Rasa on loopback; Rasa and the action server are never public.

- `GET /`: the page, with the clinic's name (HTML-escaped); the sites in `NMT_EMBED_ORIGINS`
  may frame it (`frame-ancestors`), every other page of the app refuses to be framed;
- `GET /static/<file>`: the page's files, only those named in `STATIC_FILES` (no listing, no
  paths);
- `GET /widget.js`: the one-line widget for a clinic's own website (static/widget.js): a
  launcher button and a panel holding this page in an iframe;
- `POST /chat/webhook`: the REST channel of docs/messages.md, forwarded to Rasa's
  `/webhooks/nmt/webhook` (`NMT_RASA_URL`) and nothing else of Rasa's HTTP API: a JSON body
  (else 415), a valid sender (else 400), at most 1 MB (else 413); a Rasa that does not answer
  gives 503 (so does a Rasa that fails). Browsers of the embedding sites may post to it (CORS),
  other sites may not;
- `GET /config.json`: where to post messages, the clinic's name, phone and address, and the
  emergency number (bot/settings.py);
- `POST /booking`: a booking request for a stored assessment of this visitor's conversation
  (`sender_id` in the body; `bot.clinic.store.save_booking_request`): one that needs no doctor,
  or a referral after the visitor stated a doctor's clearance (marked for the clinic,
  `store.booking_flag`), never an emergency;
- `POST /referral.pdf`: the newest doctor's summary of an assessment as a PDF (`bot.clinic.pdf`),
  for the visitor whose conversation it was (the sender id is in the JSON body, never in a URL);
- `GET /health`;
- `/clinic`: the clinic's dashboard, behind a login (bot/web/clinic.py), with its FHIR R4
  downloads (bot/web/clinic_fhir.py).

Every response carries a Content-Security-Policy that allows scripts, styles and connections
only from this origin, plus nosniff and a same-origin referrer policy. `POST /booking` and
`POST /referral.pdf` refuse cross-site requests: an `Origin` header, when sent, must be this
page's origin (or `NMT_PUBLIC_URL`), and the body must be JSON (a cross-site HTML form cannot
send that without a CORS preflight).

Run it with `python -m bot.web`; settings come from the environment (see `main` and
bot/settings.py).
"""

from __future__ import annotations

import asyncio
import hmac
import html
import itertools
import json
import logging
import re
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import settings
from bot.clinic import store
from bot.clinic.pdf import referral_pdf
from bot.conversation import ids, inbound
from bot.web import clinic, clinic_fhir

log = logging.getLogger(__name__)
_app_numbers = itertools.count(1)

STATIC_DIR = Path(__file__).resolve().parent / "static"
# The only files served, by name: anything else under /static is a 404.
STATIC_FILES = {
    "chat.css": "text/css; charset=utf-8",
    "chat.js": "text/javascript; charset=utf-8",
    "icon.svg": "image/svg+xml",
    "clinic.css": "text/css; charset=utf-8",
}
DEFAULT_RASA_URL = settings.RASA_URL.default
DEFAULT_CLINIC_NAME = settings.CLINIC_NAME.default
DEFAULT_EMERGENCY_NUMBER = settings.EMERGENCY_NUMBER.default
DEFAULT_PORT = settings.WEB_PORT.default
HOST = "127.0.0.1"
# Browsers that reached the page over https keep to https for a year (sent only over https).
HSTS = "max-age=31536000; includeSubDomains"
REST_PATH = "/webhooks/nmt/webhook"  # Rasa's channel (components/channel.py)

# POST /chat/webhook: the channel's contract (docs/messages.md), forwarded to Rasa
CHAT_PATH = "/chat/webhook"
# Sanic refuses larger bodies of any request with 413: Rasa's own limit (scripts/run.sh)
REQUEST_MAX_SIZE = 1_000_000
# Rasa answers 503 itself after 60 s (Sanic's response timeout); this app waits a little longer
# for it, and answers within RESPONSE_TIMEOUT. The page gives up after 60 s (chat.js).
RASA_TIMEOUT_SECONDS = 75
RESPONSE_TIMEOUT = RASA_TIMEOUT_SECONDS + 10
RASA_DOWN = (
    "The assistant can't be reached right now. Please try again in a minute, or call the clinic."
)
NOT_EMBEDDED_HERE = "Messages are accepted only from this page and the sites that embed it."
CORS_MAX_AGE = "600"

# POST /booking
MAX_BODY_BYTES = 16_384
LIMITS = {"name": 200, "contact": 200, "preferred_times": 1000}
MAX_ASSESSMENT_ID = 64
# the same for a reference that does not exist and for someone else's
NO_ASSESSMENT = "There is no assessment with that reference in this conversation."
NOT_BOOKABLE = (
    "This assessment advises seeing a doctor first, so it cannot be booked online. "
    "When your doctor is happy for you to have treatment, please call the clinic."
)
# A contact the clinic can use: an email address, or a phone number (7 digits or more).
_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
MIN_PHONE_DIGITS = 7
UNUSABLE_CONTACT = (
    "Please give a phone number or an email address the clinic can reach you at, for example "
    "07700 900123 or name@example.com."
)
FIELD_NAMES = {
    "assessment_id": "the assessment reference",
    "name": "your name",
    "contact": "a phone number or email address",
    "preferred_times": "the times that suit you",
}

# POST /referral.pdf
MAX_REFERRAL_BODY_BYTES = 1_024
# One answer whether the assessment is missing, belongs to another visitor or has no summary.
NO_REFERRAL = "There is no doctor's summary for this conversation and reference."


def origin_of(url: str) -> str:
    """`scheme://host[:port]` of an http(s) URL; ValueError for anything else."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) URL: {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(frame_ancestors: tuple[str, ...] = ()) -> str:
    """The policy of every response: everything from this origin only. `frame_ancestors`: the
    sites that may frame the response (with this origin), none: no framing at all."""
    ancestors = " ".join(("'self'", *frame_ancestors)) if frame_ancestors else "'none'"
    return (
        "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
        f"style-src 'self'; script-src 'self'; frame-ancestors {ancestors}"
    )


def widget_script(source: str, clinic_name: str, public_url: str | None) -> str:
    """static/widget.js with the clinic's name and the public origin filled in (as JSON
    strings, so no name can break out of them)."""
    return source.replace('/*{{clinic_name}}*/ ""', json.dumps(clinic_name)).replace(
        '/*{{public_url}}*/ ""', json.dumps(public_url or "")
    )


def chat_refusal(request: Request) -> HTTPResponse | None:
    """The answer that refuses a chat message before Rasa sees it, as Rasa's channel would
    (docs/messages.md), or None."""
    refused = inbound.refusal(request.headers.get("content-type"), lambda: request.json)
    return None if refused is None else _error(*refused)


def _error(status: int, text: str, headers: dict[str, str] | None = None) -> HTTPResponse:
    return response.json({"error": text}, status=status, headers=headers)


def _page_origin(request: Request) -> str:
    return f"{request.scheme}://{request.host}"


def _own_origins(request: Request) -> tuple[str, ...]:
    """This page's origins: the one the request came to, and `NMT_PUBLIC_URL`'s if set."""
    public = request.app.ctx.public_url
    return (_page_origin(request), public) if public else (_page_origin(request),)


def _cross_site(request: Request) -> bool:
    """True when the browser says the request comes from another site than this page."""
    origin = request.headers.get("origin")
    if origin is not None and origin not in _own_origins(request):
        return True
    return request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none")


def _is_json(request: Request) -> bool:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return content_type == "application/json"


def _page_json(
    request: Request, max_bytes: int, name: str, forbidden: str
) -> tuple[Any, HTTPResponse | None]:
    """The JSON body of a request this page sent, or the answer that refuses it.

    Refused: a cross-site request (403, `forbidden`), a body over `max_bytes` (413), one that
    is not `application/json` or not valid JSON (400). `name` names the request in the
    messages ("the booking request").
    """
    named = name[0].upper() + name[1:]
    if _cross_site(request):
        return None, _error(403, forbidden)
    if len(request.body or b"") > max_bytes:
        return None, _error(413, f"{named} is too large.")
    if not _is_json(request):
        return None, _error(400, f"Send {name} as JSON (application/json).")
    try:
        return request.json, None
    except Exception:
        return None, _error(400, f"{named} is not valid JSON.")


def validate_referral_request(body: Any) -> tuple[tuple[str, str] | None, str | None]:
    """(sender_id, assessment_id) of a PDF request, or an error message."""
    if not isinstance(body, dict):
        return None, 'Send a JSON object: {"sender_id": ..., "assessment_id": ...}.'
    sender_id, assessment_id = body.get("sender_id"), body.get("assessment_id")
    if not ids.is_sender_id(sender_id):
        return None, f"A sender id of {ids.SENDER_ID_RULE} is required."
    if not ids.is_assessment_ref(assessment_id):
        return None, f"An assessment reference of {ids.ASSESSMENT_REF_RULE} is required."
    return (sender_id, assessment_id), None


def is_usable_contact(text: str) -> bool:
    """Whether `text` holds an email address or a phone number ("asdf" holds neither)."""
    return bool(_EMAIL_RE.search(text)) or sum(c.isdigit() for c in text) >= MIN_PHONE_DIGITS


def validate_booking(body: Any) -> tuple[dict[str, Any] | None, str | None]:
    """The booking request's fields, stripped, or an error message for the visitor."""
    if not isinstance(body, dict):
        return None, "Send the booking request as a JSON object."
    fields: dict[str, Any] = {}
    missing = []
    for key, label in FIELD_NAMES.items():
        value = body.get(key)
        if value is not None and not isinstance(value, str):
            return None, f"The field {key!r} must be text."
        value = (value or "").strip()
        if not value:
            missing.append(label)
        fields[key] = value
    if missing:
        return None, "Please fill in " + ", ".join(missing) + "."
    if not ids.is_sender_id(body.get("sender_id")):
        return None, f"A sender id of {ids.SENDER_ID_RULE} is required."
    fields["sender_id"] = body["sender_id"]
    if len(fields["assessment_id"]) > MAX_ASSESSMENT_ID:
        return None, "That assessment reference is not valid."
    for key, limit in LIMITS.items():
        if len(fields[key]) > limit:
            return None, f"Please keep {FIELD_NAMES[key]} under {limit} characters."
    if not is_usable_contact(fields["contact"]):
        return None, UNUSABLE_CONTACT
    if body.get("consent_to_contact") is not True:
        return None, "Please tick the box to agree that the clinic may contact you."
    fields["consent_to_contact"] = True
    return fields, None


def create_app(
    rasa_url: str = DEFAULT_RASA_URL,
    store_url: str | None = None,
    clinic_name: str = DEFAULT_CLINIC_NAME,
    clinic_users_file: str | Path | None = None,
    clinic_phone: str | None = None,
    clinic_address: str | None = None,
    emergency_number: str = DEFAULT_EMERGENCY_NUMBER,
    public_url: str | None = None,
    embed_origins: tuple[str, ...] = (),
) -> Sanic:
    """The chat page's app. `store_url` defaults to `bot.clinic.store.database_url()`.

    `rasa_url` is the Rasa server the chat channel is forwarded to; `public_url` the app's
    public origin (NMT_PUBLIC_URL); `embed_origins` the sites that may embed the chat page and
    post to the channel (NMT_EMBED_ORIGINS).

    The clinic's phone and address (None: not shown) and the emergency number are shown on the
    page, which reads them from /config.json.

    The clinic's dashboard (bot/web/clinic.py) is served at /clinic; its users are read from
    `clinic_users_file` (default: `bot.web.auth.users_file()`).
    """
    rasa_url = rasa_url.strip().rstrip("/")
    origin_of(rasa_url)  # an http(s) URL, else ValueError
    rasa_webhook = rasa_url + REST_PATH
    clinic_name = (clinic_name or "").strip() or DEFAULT_CLINIC_NAME
    embed_origins = tuple(embed_origins)
    csp = content_security_policy()
    page_csp = content_security_policy(embed_origins)
    widget = widget_script(
        (STATIC_DIR / "widget.js").read_text(encoding="utf-8"), clinic_name, public_url
    )
    config = {
        "chat_url": CHAT_PATH,
        "clinic_name": clinic_name,
        "clinic_phone": clinic_phone,
        "clinic_address": clinic_address,
        "emergency_number": emergency_number,
    }

    # Sanic 21.12 refuses a second app of the same name in one process (tests make several).
    app = Sanic(f"nmt_web_{next(_app_numbers)}")
    app.config.REQUEST_MAX_SIZE = REQUEST_MAX_SIZE
    app.config.RESPONSE_TIMEOUT = RESPONSE_TIMEOUT
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.ctx.store_url = store_url
    app.ctx.engine = None
    app.ctx.public_url = public_url
    app.ctx.rasa = None  # the aiohttp session to Rasa, made on the first message
    engine_lock = threading.Lock()

    def engine():
        """The store, opened (and migrated) on the first request that needs it, not at start-up."""
        with engine_lock:
            if app.ctx.engine is None:
                app.ctx.engine = store.open_store(app.ctx.store_url or store.database_url())
            return app.ctx.engine

    def visitors(sender_id: str, assessment_id: str) -> store.Report | None:
        """The stored assessment, if it is this visitor's (their conversation's); else None,
        the same for one that does not exist and someone else's."""
        found = store.get_assessment(engine(), assessment_id)
        if found is None:
            return None
        stored = (found.assessment.sender_id or "").encode("utf-8")
        return found if hmac.compare_digest(stored, sender_id.encode("utf-8")) else None

    def save(fields: dict[str, Any]) -> tuple[int | None, str | None]:
        """The new booking request's id, or why it was refused."""
        found = visitors(fields.pop("sender_id"), fields["assessment_id"])
        if found is None:
            return None, NO_ASSESSMENT
        flag = store.booking_flag(found)
        if flag is None:
            return None, NOT_BOOKABLE
        return store.save_booking_request(engine(), **fields, clearance_stated=flag), None

    def newest_referral(sender_id: str, assessment_id: str) -> str | None:
        """The newest referral summary of the assessment, if it is this visitor's."""
        found = visitors(sender_id, assessment_id)
        if found is None or not found.referrals:
            return None
        return max(found.referrals, key=lambda r: (r.created_at, r.id)).summary_text

    clinic.register(app, engine=engine, users_file=clinic_users_file)
    clinic_fhir.register(app, engine=engine, publisher=clinic_name)

    def cors_origin(request: Request) -> str | None:
        """The request's Origin if it is one of the embedding sites, else None."""
        origin = request.headers.get("origin")
        return origin if origin in embed_origins else None

    async def rasa_session() -> aiohttp.ClientSession:
        if app.ctx.rasa is None:
            timeout = aiohttp.ClientTimeout(total=RASA_TIMEOUT_SECONDS)
            app.ctx.rasa = aiohttp.ClientSession(timeout=timeout)
        return app.ctx.rasa

    @app.after_server_stop
    async def close_rasa_session(app: Sanic, loop: Any) -> None:
        if app.ctx.rasa is not None:
            await app.ctx.rasa.close()

    @app.middleware("response")
    async def security_headers(request: Request, resp: HTTPResponse) -> None:
        framed = request.path == "/" and embed_origins
        resp.headers["Content-Security-Policy"] = page_csp if framed else csp
        resp.headers["X-Content-Type-Options"] = "nosniff"
        # same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on form
        # posts, and the dashboard refuses posts whose Origin is not its own
        resp.headers["Referrer-Policy"] = "same-origin"
        if not framed:  # X-Frame-Options cannot name sites: the page relies on frame-ancestors
            resp.headers["X-Frame-Options"] = "DENY"
        if request.scheme == "https":  # behind a TLS proxy the app trusts (clinic.register)
            resp.headers["Strict-Transport-Security"] = HSTS

    @app.route(CHAT_PATH, methods=["OPTIONS"])
    async def chat_preflight(request: Request) -> HTTPResponse:
        """CORS for the embedding sites only: anyone else's browser is not let post."""
        origin = cors_origin(request)
        if origin is None:
            return response.empty(status=403, headers={"Vary": "Origin"})
        return response.empty(
            headers={
                "Access-Control-Allow-Origin": origin,
                "Access-Control-Allow-Methods": "POST",
                "Access-Control-Allow-Headers": "Content-Type",
                "Access-Control-Max-Age": CORS_MAX_AGE,
                "Vary": "Origin",
            }
        )

    @app.post(CHAT_PATH)
    async def chat(request: Request) -> HTTPResponse:
        """The chat channel, forwarded to Rasa's REST channel as it is; the answer as Rasa gave
        it, or 503 when Rasa does not answer."""
        origin = request.headers.get("origin")
        allowed = cors_origin(request)
        if origin is not None and allowed is None and origin not in _own_origins(request):
            return _error(403, NOT_EMBEDDED_HERE)
        cors = {"Access-Control-Allow-Origin": allowed, "Vary": "Origin"} if allowed else {}
        refusal = chat_refusal(request)
        if refusal is not None:
            refusal.headers.update(cors)
            return refusal
        try:
            session = await rasa_session()
            async with session.post(
                rasa_webhook, data=request.body, headers={"Content-Type": "application/json"}
            ) as answer:
                body = await answer.read()
                status = answer.status
                content_type = answer.headers.get("Content-Type", "application/json")
        except (TimeoutError, aiohttp.ClientError) as error:
            log.error("Rasa did not answer: %s", type(error).__name__)
            return _error(503, RASA_DOWN, cors)
        if status >= 500:  # Rasa's own timeout or failure: the same answer as Rasa down
            log.error("Rasa answered %s", status)
            return _error(503, RASA_DOWN, cors)
        return response.raw(
            body,
            status=status,
            content_type=content_type,
            headers={"Cache-Control": "no-store", **cors},
        )

    @app.get("/widget.js")
    async def widget_js(request: Request) -> HTTPResponse:
        return response.raw(
            widget.encode("utf-8"),
            content_type="text/javascript; charset=utf-8",
            headers={"Cache-Control": "no-cache"},
        )

    @app.get("/")
    async def index(request: Request) -> HTTPResponse:
        page = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
        page = page.replace("{{clinic_name}}", html.escape(clinic_name))
        return response.html(page, headers={"Cache-Control": "no-cache"})

    @app.get("/static/<name:str>")
    async def static(request: Request, name: str) -> HTTPResponse:
        content_type = STATIC_FILES.get(name)
        if content_type is None:
            return _error(404, "Not found.")
        body = (STATIC_DIR / name).read_bytes()
        return response.raw(body, content_type=content_type, headers={"Cache-Control": "no-cache"})

    @app.get("/config.json")
    async def config_json(request: Request) -> HTTPResponse:
        return response.json(config, headers={"Cache-Control": "no-store"})

    @app.get("/health")
    async def health(request: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    @app.post("/booking")
    async def booking(request: Request) -> HTTPResponse:
        body, refusal = _page_json(
            request,
            MAX_BODY_BYTES,
            "the booking request",
            "Booking requests are accepted only from this page.",
        )
        if refusal:
            return refusal
        fields, problem = validate_booking(body)
        if problem:
            return _error(400, problem)
        try:
            saved, refused = await asyncio.to_thread(save, fields)
        except Exception as error:  # the type only: a traceback can quote the visitor's details
            log.error("a booking request could not be saved: %s", type(error).__name__)
            return _error(503, "The booking request could not be saved. Please call the clinic.")
        if refused:
            return _error(400, refused)
        return response.json({"status": "received", "id": saved}, status=201)

    @app.post("/referral.pdf")
    async def referral_pdf_route(request: Request) -> HTTPResponse:
        body, refusal = _page_json(
            request,
            MAX_REFERRAL_BODY_BYTES,
            "the request",
            "The summary is available only from this page.",
        )
        if refusal:
            return refusal
        ids, problem = validate_referral_request(body)
        if problem:
            return _error(400, problem)
        sender_id, assessment_id = ids
        try:
            text = await asyncio.to_thread(newest_referral, sender_id, assessment_id)
        except Exception as error:
            # the type only: a database error's message can quote the ids
            log.error("the doctor's summary could not be read: %s", type(error).__name__)
            return _error(
                503,
                "The summary cannot be fetched right now. Please try again later, or print it "
                "from the chat page.",
            )
        if text is None:
            return _error(404, NO_REFERRAL)
        try:
            document = await asyncio.to_thread(referral_pdf, text, clinic_name=clinic_name)
        except Exception as error:
            log.error("the doctor's summary PDF could not be made: %s", type(error).__name__)
            return _error(500, "The PDF could not be made. Please print the summary instead.")
        return response.raw(
            document,
            content_type="application/pdf",
            headers={
                "Content-Disposition": (
                    f'attachment; filename="referral-summary-{assessment_id}.pdf"'
                ),
                "Cache-Control": "no-store",
            },
        )

    return app


def main() -> int:
    """Run the page on 127.0.0.1 (`NMT_WEB_PORT`, default 8000) until Ctrl-C.

    Settings: `NMT_RASA_URL` (default http://127.0.0.1:5005), `NMT_PUBLIC_URL`,
    `NMT_EMBED_ORIGINS`, `NMT_DATABASE_URL` (the store,
    bot.clinic.store's default otherwise), `NMT_CLINIC_NAME`, `NMT_CLINIC_PHONE`,
    `NMT_CLINIC_ADDRESS`, `NMT_EMERGENCY_NUMBER` and `NMT_CLINIC_USERS` (the clinic dashboard's
    users, bot/web/auth.py); bot/settings.py reads them all. The booking link comes
    with the outcome (the action server reads `NMT_BOOKING_URL`).
    """
    port = settings.WEB_PORT.read()
    app = create_app(
        rasa_url=settings.RASA_URL.read(),
        store_url=settings.DATABASE_URL.read(),
        clinic_name=settings.CLINIC_NAME.read(),
        clinic_users_file=settings.CLINIC_USERS.read(),
        clinic_phone=settings.CLINIC_PHONE.read(),
        clinic_address=settings.CLINIC_ADDRESS.read(),
        emergency_number=settings.EMERGENCY_NUMBER.read(),
        public_url=settings.PUBLIC_URL.read(),
        embed_origins=settings.EMBED_ORIGINS.read(),
    )
    print(f"Chat page on http://{HOST}:{port}/", flush=True)
    app.run(host=HOST, port=port, workers=1, access_log=False, motd=False)
    return 0
