"""The clinic's dashboard at /clinic: stored assessments and their pre-visit reports.

Routes (all send `Cache-Control: no-store`):

- `GET /clinic/login`, `POST /clinic/login`: the login form (CSRF: double-submit cookie);
- `POST /clinic/logout`;
- `GET /clinic`: assessments, a page at a time (`?page=`, `PER_PAGE`), red-flag cases first
  (the most urgent first, then the newest), filters `?disposition=`, `?region=` and
  `?status=`, search `?q=` (a reference's start or part of a booking request's name);
- `GET /clinic/summary`: the counts of a period (`?from=` and `?to=`, dates in the clinic's
  time zone, both included; the last 30 days by default) and their funnel chart (SVG);
- `GET /clinic/assessment/<ref>`: the pre-visit report;
- `POST /clinic/assessment/<ref>/status`: new, contacted or closed;
- `POST /clinic/assessment/<ref>/notes`: a note, with who wrote it and when.

Every time shown is in the clinic's time zone (`NMT_TIME_ZONE`, bot/settings.py).

Without a session every /clinic page but the login page redirects GETs to /clinic/login (303)
and refuses anything else with 403. Every POST needs a CSRF token, and an `Origin` header, when
sent, must be this app's origin. Users and sessions: bot/web/auth.py. Sessions and failed logins
are kept in the store's database (so a restart keeps them); when it cannot be reached, every
dashboard page that needs it answers 503 with a plain message, and the log names only the
error's type.

Behind a reverse proxy that ends TLS, the app sees plain http: see `register` for the settings
that let it trust the proxy's headers (so cookies are Secure and the Origin check matches).
"""

from __future__ import annotations

import asyncio
import datetime
import logging
import re
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.exc import SQLAlchemyError

from bot import settings
from bot.clinic import store, transcript
from bot.clinic.report import region_notes, stored_cautions, whom
from bot.conversation.texts import render
from bot.engine.content import (
    BOOK_NMT,
    DISPOSITIONS,
    EMERGENCY,
    FACTOR_GROUPS,
    Content,
    default_content,
)
from bot.web import auth

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent / "templates"
SESSION_COOKIE = "nmt_session"
LOGIN_COOKIE = "nmt_login_csrf"
LOGIN_COOKIE_SECONDS = 30 * 60
FAILURE_DELAY = 0.3
REF = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
LOCKED = (
    "Too many failed logins for this user. The account is locked for 15 minutes; "
    "please try again later or ask another clinic user for help."
)
BAD_LOGIN = "The username or password is not right."
UNAVAILABLE = "The clinic database cannot be reached right now. Please try again in a few minutes."
RETRY_AFTER_SECONDS = 60
# What the store raises when its database is down, unreachable or refuses us.
STORE_ERRORS = (SQLAlchemyError, OSError)

_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True)


def _render(name: str, status: int = 200, **context: Any) -> HTTPResponse:
    return response.html(_env.get_template(name).render(**context), status=status)


def _is_clinic(path: str) -> bool:
    return path == "/clinic" or path.startswith("/clinic/")


def _origin(request: Request) -> str:
    return f"{request.scheme}://{request.host}"


def _set_cookie(
    request: Request, resp: HTTPResponse, name: str, value: str, max_age: int, secure: bool
):
    """A dashboard cookie; Secure when `secure` (NMT_SECURE_COOKIES) or the request is https.

    `request.scheme` is the proxy's scheme only when the app trusts the proxy (`register`).
    """
    resp.cookies[name] = value
    cookie = resp.cookies[name]
    cookie["path"] = "/clinic"
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    cookie["max-age"] = max_age
    if secure or request.scheme == "https":
        cookie["secure"] = True


def proxy_settings(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Sanic's proxy settings from `environ` (default: the process's environment, read by
    bot/settings.py); none (trust no header) by default.

    - `NMT_PROXIES_COUNT`: how many reverse proxies stand in front of the app (usually 1).
      Sanic then reads `X-Forwarded-Proto` (and `X-Forwarded-Host`) from requests that carry
      `X-Forwarded-For` with at least that many addresses, as a proxy adds.
    - `NMT_FORWARDED_SECRET`: a secret the proxy puts in an RFC 7239 `Forwarded` header
      (`secret=...` or `by=...`); Sanic reads `proto` only from that proxy's element.

    Off by default: without a proxy, a client could otherwise claim https with one header.
    """
    proxies: dict[str, Any] = {}
    count = settings.PROXIES_COUNT.read(environ)
    if count > 0:
        proxies["PROXIES_COUNT"] = count
    secret = settings.FORWARDED_SECRET.read(environ)
    if secret:
        proxies["FORWARDED_SECRET"] = secret
    return proxies


def secure_cookies(environ: Mapping[str, str] | None = None) -> bool:
    """`NMT_SECURE_COOKIES=1`: always mark the dashboard's cookies Secure (https only)."""
    return settings.SECURE_COOKIES.read(environ)


def _forbidden(text: str = "Forbidden.") -> HTTPResponse:
    return _render("clinic_error.html.j2", status=403, title="Forbidden", message=text)


def _unavailable(error: Exception) -> HTTPResponse:
    """The 503 page for a store that cannot be reached.

    The log gets the error's type only: a database error's message quotes its statement's
    parameters, which can be a username or a token's hash.
    """
    log.error("the clinic database cannot be reached: %s", type(error).__name__)
    resp = _render(
        "clinic_error.html.j2", status=503, title="Database unavailable", message=UNAVAILABLE
    )
    resp.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return resp


PER_PAGE = 50
SUMMARY_DAYS = 30
MAX_SUMMARY_DAYS = 3 * 366
UTC = datetime.UTC


def _when(moment, zone: datetime.tzinfo = UTC) -> str:
    """A stored time as the clinic reads it: in its time zone, with the zone's abbreviation."""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z") if moment else ""


def _zone_name(zone: datetime.tzinfo) -> str:
    return "UTC" if zone is UTC else str(zone)


def _transcript_rows(
    found: transcript.Transcript, zone: datetime.tzinfo = UTC
) -> list[dict[str, Any]]:
    """The transcript's lines with their time (in `zone`), the date written when it changes."""
    rows = []
    day = None
    for line in found.lines:
        stamp = ""
        moment = line.time.astimezone(zone) if line.time is not None else None
        if moment is not None:
            stamp = moment.strftime("%H:%M:%S")
            if moment.date() != day:
                day = moment.date()
                stamp = f"{day.isoformat()} {stamp}"
        rows.append({"line": line, "stamp": stamp, "time": moment})
    return rows


# The body map's shapes that come in pairs (left and right): which ones to light.
LATERAL = ("left", "right")


def lit_sides(sides: list[str]) -> set[str]:
    """The sides to light on the body map: those the visitor named ("mostly right": right
    only); both when they named both sides, the middle, or no side."""
    named = {s for s in sides if s in LATERAL}
    if not named or "both" in sides:
        return set(LATERAL)
    return named


def _side_names(content: Content, sides: list[str]) -> list[str]:
    known = content.regions.sides
    return [known[s].label if s in known else s for s in sides]


def _transcript_note(found: transcript.Transcript) -> str | None:
    """What the page says when the transcript is shortened (transcript.MAX_LINES, TEXT_CHARS)."""
    parts = []
    if found.omitted:
        parts.append(
            f"the first {found.omitted:,} messages are left out and only the last "
            f"{len(found.lines):,} are shown"
        )
    if any(line.cut for line in found.lines):
        parts.append(
            f"messages longer than {transcript.TEXT_CHARS:,} characters are cut where marked"
        )
    return f"Shortened: {'; '.join(parts)}." if parts else None


def _report_context(
    content: Content,
    report: store.Report,
    found: transcript.Transcript | None,
    zone: datetime.tzinfo = UTC,
) -> dict[str, Any]:
    a = report.assessment

    def when(moment) -> str:
        return _when(moment, zone)

    regions = content.regions.regions
    notes = region_notes(a.regions, content)
    answers = []
    for given in report.answers:
        question = content.questions.get(given.question_id)
        label = (question.label or question.text) if question else given.question_id
        answers.append({"id": given.question_id, "label": label, "raw": given.raw_text})
    red_flags = []
    for hit in report.red_flags:
        group = content.red_flags.groups.get(hit.group_id)
        red_flags.append({"hit": hit, "sources": group.sources if group else []})
    factors = [
        (content.factors.groups[g].label, [f for f in report.factors if f.group == g])
        for g in FACTOR_GROUPS
    ]
    covering = store.covering_clearances(report)
    return {
        "report": report,
        "a": a,
        "whom": whom(a.clients, content),
        "created": when(a.created_at),
        "when": when,
        "zone": _zone_name(zone),
        "disposition_label": _disposition_label(content, a.disposition),
        "red_flags": red_flags,
        "cautions": stored_cautions(report, content),
        "cautions_kept": report.cautions is not None,
        # "my doctor has cleared me", said after the referral (issue 12); one said before a
        # later warning sign does not cover it
        "clearances": [{"c": c, "covers": c in covering} for c in report.clearances],
        "clearance_flag": render("clearance_flag"),
        "factors": factors,
        "region_labels": {r: v.label for r, v in regions.items()},
        "highlighted": {r for r in a.regions if r in regions},
        "region_names": [regions[r].label if r in regions else r for r in a.regions],
        "lit": lit_sides(a.sides),
        "side_names": _side_names(content, a.sides),
        "protocols": notes.protocols,
        "also_examine": notes.also_examine,
        "muscles": notes.muscles,
        "answers": answers,
        "statuses": store.STATUSES,
        "transcript": found,
        "transcript_rows": _transcript_rows(found, zone) if found is not None else [],
        "notes": report.notes,
        "note_chars": store.NOTE_CHARS,
        "transcript_note": _transcript_note(found) if found is not None else None,
    }


def _list_row(content: Content, listed: store.Listed, zone: datetime.tzinfo) -> dict[str, Any]:
    a = listed.assessment
    regions = content.regions.regions
    return {
        "a": a,
        "whom": whom(a.clients, content),
        "created": _when(a.created_at, zone),
        "red_flag": a.disposition != BOOK_NMT,
        "clearance_booking": a.clearance_booking,
        "disposition_label": _disposition_label(content, a.disposition),
        "regions": [regions[r].label for r in a.regions if r in regions],
        "booking": listed.booking,
        "notes": listed.notes,
    }


def note_problem(text: str) -> str | None:
    """Why a note cannot be saved as it is, or None."""
    if not text.strip():
        return "The note is empty. Please write what happened, then save it."
    if len(text.strip()) > store.NOTE_CHARS:
        return (
            f"The note is {len(text.strip()):,} characters long; a note holds at most "
            f"{store.NOTE_CHARS:,}. Please shorten it (your text is still below)."
        )
    return None


def summary_period(
    first: str | None, last: str | None, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The summary's dates (both included) from `?from=` and `?to=` (YYYY-MM-DD); by default
    the `SUMMARY_DAYS` days to `today`. ValueError with a message for the clinic."""
    try:
        end = datetime.date.fromisoformat(last) if last else today
        start = (
            datetime.date.fromisoformat(first)
            if first
            else end - datetime.timedelta(days=SUMMARY_DAYS - 1)
        )
    except ValueError:
        raise ValueError("Dates are written as year-month-day, such as 2026-11-21.") from None
    if start > end:
        raise ValueError("The period's first day comes after its last day.")
    if (end - start).days >= MAX_SUMMARY_DAYS:
        raise ValueError(f"A period is at most {MAX_SUMMARY_DAYS:,} days long.")
    return start, end


def period_bounds(
    first: datetime.date, last: datetime.date, zone: datetime.tzinfo
) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) of the days `first` to `last` in the clinic's time zone."""
    midnight = datetime.time(0)
    start = datetime.datetime.combine(first, midnight, tzinfo=zone)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), midnight, tzinfo=zone)
    return start, end


# The funnel chart: each step, its label, and the SVG's geometry (a 360-wide view box, so
# its text stays readable on a phone).
FUNNEL = (
    ("started", "Started a conversation"),
    ("consented", "Consented"),
    ("finished", "Finished (an assessment)"),
    ("booking_requested", "Requested a booking"),
    ("referred", "Referred to a doctor"),
    ("emergency", "Told to get emergency care"),
)
BAR_WIDTH = 270
ROW_HEIGHT = 46


def funnel_bars(summary: store.Summary) -> list[dict[str, Any]]:
    """The funnel's bars: label, value (None: not counted), its text, width and position."""
    values = [(key, label, getattr(summary, key)) for key, label in FUNNEL]
    top = max((v for _, _, v in values if v), default=0) or 1
    bars = []
    for n, (key, label, value) in enumerate(values):
        width = 0 if not value else max(2, round(BAR_WIDTH * value / top))
        bars.append(
            {
                "key": key,
                "label": label,
                "value": value,
                "text": "not counted" if value is None else f"{value:,}",
                "width": width,
                "y": n * ROW_HEIGHT,
                "emergency": key == EMERGENCY,
            }
        )
    return bars


def _disposition_label(content: Content, disposition: str) -> str:
    found = content.red_flags.dispositions.get(disposition)
    return found.label if found else disposition


def register(
    app: Sanic,
    engine: Callable[[], Any],
    users_file: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> None:
    """Add the dashboard's routes to `app`; `engine()` returns the store's engine.

    This also sets the whole app's proxy settings (`app.config.PROXIES_COUNT`,
    `FORWARDED_SECRET`) from `environ` (default: the process's environment; see
    `proxy_settings`), so that behind a TLS-terminating proxy `request.scheme` is https: the
    dashboard's cookies are then Secure and its Origin check (and the chat page's,
    bot/web/app.py) compares the real origin. `NMT_SECURE_COOKIES=1` marks the cookies Secure
    whatever the request says.
    Conversations for the report's transcript are read from the same engine: Rasa's `events`
    table lives in the store's database (components/tracker_store.py).
    """
    app.config.update(proxy_settings(environ))
    secure = secure_cookies(environ)
    zone = settings.TIME_ZONE.read(environ)
    users_path = Path(users_file) if users_file else auth.users_file()
    sessions = auth.Sessions(engine)
    failures = auth.Failures(engine)
    content_holder: dict[str, Content] = {}

    async def content() -> Content:
        if "c" not in content_holder:
            content_holder["c"] = await asyncio.to_thread(default_content)
        return content_holder["c"]

    async def session_of(request: Request) -> tuple[str | None, str | None]:
        """(token, user) of the request's session, or (None, None); may raise STORE_ERRORS."""
        token = request.cookies.get(SESSION_COOKIE)
        if not token:
            return None, None
        user = await asyncio.to_thread(sessions.user, token)
        if user and not await asyncio.to_thread(user_exists, user):
            # removed from the users file: their sessions end at once, not when they expire
            await asyncio.to_thread(sessions.drop, token)
            user = None
        return (token, user) if user else (None, None)

    def user_exists(username: str) -> bool:
        try:
            return username in auth.load_users(users_path)
        except (OSError, ValueError):  # an unreadable users file lets nobody in
            log.error("the clinic users file cannot be read")
            return False

    @app.middleware("request")
    async def clinic_guard(request: Request):
        if not _is_clinic(request.path):
            return None
        if request.method == "POST":
            origin = request.headers.get("origin")
            if origin is not None and origin != _origin(request):
                return _forbidden("Requests are accepted only from this site.")
        if request.path == "/clinic/login":
            return None
        try:
            token, user = await session_of(request)
        except STORE_ERRORS as error:
            return _unavailable(error)
        if user is not None:
            request.ctx.clinic_user = user
            request.ctx.clinic_session = token
            return None
        if request.method in ("GET", "HEAD"):
            return response.redirect("/clinic/login", status=303)
        return _forbidden("Please log in first.")

    @app.middleware("response")
    async def clinic_no_store(request: Request, resp: HTTPResponse) -> None:
        if _is_clinic(request.path):
            resp.headers["Cache-Control"] = "no-store"

    def login_page(request: Request, message: str | None = None, status: int = 200):
        token = secrets.token_urlsafe(32)
        resp = _render("clinic_login.html.j2", status=status, csrf=token, message=message)
        _set_cookie(request, resp, LOGIN_COOKIE, token, LOGIN_COOKIE_SECONDS, secure)
        return resp

    @app.get("/clinic/login")
    async def login_form(request: Request) -> HTTPResponse:
        try:
            _, user = await session_of(request)
        except STORE_ERRORS as error:
            return _unavailable(error)
        if user:
            return response.redirect("/clinic", status=303)
        return login_page(request)

    @app.post("/clinic/login")
    async def login(request: Request) -> HTTPResponse:
        form = request.form or {}
        cookie_token = request.cookies.get(LOGIN_COOKIE) or ""
        given = form.get("csrf") or ""
        if not cookie_token or not secrets.compare_digest(cookie_token.encode(), given.encode()):
            return _forbidden("The login form has expired. Please reload the page and try again.")
        username = (form.get("username") or "").strip()
        password = form.get("password") or ""
        try:
            if await asyncio.to_thread(failures.locked, username):
                return login_page(request, LOCKED, status=429)
        except STORE_ERRORS as error:
            return _unavailable(error)
        try:
            users = await asyncio.to_thread(auth.load_users, users_path)
        except (OSError, ValueError):
            log.exception("the clinic users file cannot be read")
            users = {}
        ok = await asyncio.to_thread(auth.check_login, users, username, password)
        try:
            if not ok:
                await asyncio.to_thread(failures.fail, username)
                await asyncio.sleep(FAILURE_DELAY)
                if await asyncio.to_thread(failures.locked, username):
                    return login_page(request, LOCKED, status=429)
                return login_page(request, BAD_LOGIN, status=401)
            await asyncio.to_thread(failures.clear, username)
            token = await asyncio.to_thread(sessions.create, username)
        except STORE_ERRORS as error:
            return _unavailable(error)
        resp = response.redirect("/clinic", status=303)
        _set_cookie(request, resp, SESSION_COOKIE, token, auth.SESSION_SECONDS, secure)
        _set_cookie(request, resp, LOGIN_COOKIE, "", 0, secure)
        return resp

    def check_csrf(request: Request) -> bool:
        """The form's token is the one of the session that `clinic_guard` found."""
        token = getattr(request.ctx, "clinic_session", None)
        return auth.csrf_valid(token, (request.form or {}).get("csrf"))

    @app.post("/clinic/logout")
    async def logout(request: Request) -> HTTPResponse:
        if not check_csrf(request):
            return _forbidden("The form has expired. Please reload the page and try again.")
        try:
            await asyncio.to_thread(sessions.drop, request.ctx.clinic_session)
        except STORE_ERRORS as error:
            return _unavailable(error)
        resp = response.redirect("/clinic/login", status=303)
        _set_cookie(request, resp, SESSION_COOKIE, "", 0, secure)
        return resp

    def page_context(request: Request) -> dict[str, Any]:
        token = getattr(request.ctx, "clinic_session", None)
        user = getattr(request.ctx, "clinic_user", None)
        return {"user": user, "csrf": auth.csrf_token(token) if token else ""}

    def bad_request(request: Request, title: str, message: str) -> HTTPResponse:
        return _render(
            "clinic_error.html.j2",
            status=400,
            title=title,
            message=message,
            **page_context(request),
        )

    @app.get("/clinic")
    async def dashboard(request: Request) -> HTTPResponse:
        c = await content()
        disposition = request.args.get("disposition") or None
        region = request.args.get("region") or None
        status = request.args.get("status") or None
        search = (request.args.get("q") or "").strip()[: store.SEARCH_CHARS]
        page_text = (request.args.get("page") or "1").strip()
        if (
            (disposition and disposition not in DISPOSITIONS)
            or (region and region not in c.regions.regions)
            or (status and status not in store.STATUSES)
        ):
            return bad_request(
                request,
                "Unknown filter",
                "That disposition, region or status is not one the clinic knows.",
            )
        if not page_text.isdigit() or len(page_text) > 6:
            return bad_request(request, "Unknown page", "The page must be a whole number.")
        try:
            found = await asyncio.to_thread(
                lambda: store.list_page(
                    engine(),
                    disposition=disposition,
                    region=region,
                    status=status,
                    search=search or None,
                    page=int(page_text),
                    per_page=PER_PAGE,
                )
            )
        except STORE_ERRORS as error:
            return _unavailable(error)
        filters = {
            k: v
            for k, v in (
                ("q", search),
                ("disposition", disposition),
                ("region", region),
                ("status", status),
            )
            if v
        }
        return _render(
            "clinic_list.html.j2",
            rows=[_list_row(c, listed, zone) for listed in found.rows],
            found=found,
            first=(found.page - 1) * found.per_page + 1,
            last=(found.page - 1) * found.per_page + len(found.rows),
            page_link=lambda n: "/clinic?" + urlencode({**filters, "page": n}),
            filtered=bool(filters),
            dispositions=[(d, c.red_flags.dispositions[d].label) for d in DISPOSITIONS],
            regions=[(r, v.label) for r, v in c.regions.regions.items()],
            statuses=store.STATUSES,
            disposition=disposition,
            region=region,
            status_filter=status,
            q=search,
            zone=_zone_name(zone),
            clearance_flag=render("clearance_flag"),
            **page_context(request),
        )

    def not_found(request: Request) -> HTTPResponse:
        return _render(
            "clinic_error.html.j2",
            status=404,
            title="Not found",
            message="There is no assessment with that reference.",
            **page_context(request),
        )

    async def report_response(
        request: Request, ref: str, status: int = 200, **note: Any
    ) -> HTTPResponse:
        """The report page; `note` (note_text, note_error) refills the note form."""
        if not REF.match(ref):
            return not_found(request)
        try:
            report = await asyncio.to_thread(lambda: store.get_assessment(engine(), ref))
        except STORE_ERRORS as error:
            return _unavailable(error)
        if report is None:
            return not_found(request)
        c = await content()
        a = report.assessment
        try:
            found = await asyncio.to_thread(
                transcript.read_transcript, engine(), a.sender_id, a.created_at
            )
        except SQLAlchemyError as error:  # the report is still worth showing without it
            # the type only: the statement in a traceback quotes the conversation's id
            log.error(
                "the conversation of an assessment could not be read: %s", type(error).__name__
            )
            found = None
        return _render(
            "clinic_report.html.j2",
            status=status,
            **_report_context(c, report, found, zone),
            **note,
            **page_context(request),
        )

    @app.get("/clinic/assessment/<ref:str>")
    async def report_page(request: Request, ref: str) -> HTTPResponse:
        return await report_response(request, ref)

    @app.post("/clinic/assessment/<ref:str>/status")
    async def change_status(request: Request, ref: str) -> HTTPResponse:
        if not check_csrf(request):
            return _forbidden("The form has expired. Please reload the page and try again.")
        status = (request.form or {}).get("status")
        if status not in store.STATUSES:
            return _render(
                "clinic_error.html.j2",
                status=400,
                title="Unknown status",
                message="The status must be new, contacted or closed.",
                **page_context(request),
            )
        if not REF.match(ref):
            return not_found(request)
        try:
            await asyncio.to_thread(lambda: store.set_status(engine(), ref, status))
        except KeyError:
            return not_found(request)
        except STORE_ERRORS as error:
            return _unavailable(error)
        return response.redirect(f"/clinic/assessment/{ref}", status=303)

    # --- issue 14, the dashboard: the period summary and notes (kept together here) -----------

    @app.get("/clinic/summary")
    async def summary_page(request: Request) -> HTTPResponse:
        today = datetime.datetime.now(zone).date()
        try:
            first, last = summary_period(request.args.get("from"), request.args.get("to"), today)
        except ValueError as error:
            return bad_request(request, "Unknown period", str(error))
        start, end = period_bounds(first, last, zone)
        try:
            found = await asyncio.to_thread(lambda: store.period_summary(engine(), start, end))
        except STORE_ERRORS as error:
            return _unavailable(error)
        return _render(
            "clinic_summary.html.j2",
            summary=found,
            bars=funnel_bars(found),
            first=first,
            last=last,
            days=(last - first).days + 1,
            zone=_zone_name(zone),
            counted_since=_when(found.counted_since, zone),
            counting_began_later=found.counted_since is not None and found.counted_since > start,
            **page_context(request),
        )

    @app.post("/clinic/assessment/<ref:str>/notes")
    async def add_note(request: Request, ref: str) -> HTTPResponse:
        if not check_csrf(request):
            return _forbidden("The form has expired. Please reload the page and try again.")
        text = (request.form or {}).get("text") or ""
        problem = note_problem(text)
        if problem:  # the report again, the text kept in the form
            return await report_response(
                request, ref, status=400, note_text=text, note_error=problem
            )
        if not REF.match(ref):
            return not_found(request)
        try:
            await asyncio.to_thread(
                lambda: store.add_note(engine(), ref, request.ctx.clinic_user, text)
            )
        except KeyError:
            return not_found(request)
        except STORE_ERRORS as error:
            return _unavailable(error)
        return response.redirect(f"/clinic/assessment/{ref}#notes", status=303)
