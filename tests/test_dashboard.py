"""The clinic dashboard (bot/web/clinic.py, issue 14): list, summary, notes, time zone, body map.

As in tests/test_clinic.py: `python -m bot.web` in a subprocess on a free port, with its own
temporary SQLite store (assessments saved as the bot saves them, Rasa's consent events, counted
starts) and the clinic's time zone set to America/New_York, talked to with urllib.
tests/test_dashboard_browser.py shows the same pages in Chromium (axe-core, a phone).
"""

from __future__ import annotations

import datetime
import json
import re

import pytest
from sqlalchemy import text
from stored import answer, save_assessment
from test_clinic import Client, csrf_of

from bot.clinic import store
from bot.web import auth, clinic
from evaluation import servers

TODAY = datetime.date(2026, 11, 21)
USER, PASSWORD = "therapist", "correct horse battery"
ZONE = "America/New_York"
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
NOW = datetime.datetime(2026, 11, 21, 9, 0, tzinfo=datetime.UTC)  # 04:00 in New York
RIGHT_ID, EMERGENCY_ID, URGENT_ID, REFERRAL_ID, PLAIN_ID = (
    "5ide00right0",
    "e0e0e0e0e0e0",
    "0u0u0u0u0u0u",
    "4e4e4e4e4e4e",
    "b0b0b0b0b0b0",
)
NAME = "Zoë <b>O'Brien</b>"

RIGHT_SHOULDER = {
    "region": answer("my right shoulder and neck", ["shoulder", "neck"]),
    "side": answer("mostly right", "right"),
    "pain_intensity": answer("5", 5),
}
BOTH_KNEES = {
    "region": answer("both knees", ["knee"]),
    "side": answer("both", "both"),
    "pain_intensity": answer("4", 4),
}
CARDIAC = {"region": answer("neck", ["neck"]), "red_flag.cardiac": answer("yes", "yes")}
URGENT = {
    "region": answer("low back", ["lower_back"]),
    "red_flag.infection": answer("yes, fevers all week", "yes"),
}
REFERRAL = {"region": answer("low back", ["lower_back"]), "red_flag.cancer": answer("yes", "yes")}


def consent_event(engine, sender_id, moment):
    """A consent slot event as Rasa's SQLTrackerStore writes it (action_name: the slot)."""
    data = json.dumps({"event": "slot", "name": "consent_time", "value": moment.isoformat()})
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO events (sender_id, type_name, timestamp, action_name, data)"
                " VALUES (:s, 'slot', :t, 'consent_time', :d)"
            ),
            {"s": sender_id, "t": moment.timestamp(), "d": data},
        )


def seed(engine, content):
    """Five assessments (every disposition; the newest is the plain booking), a booking request
    with a name, Rasa's consent events (one visitor left before the outcome) and counted starts.
    """
    with engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255)"
                " NOT NULL, type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name"
                " VARCHAR(255), action_name VARCHAR(255), data TEXT)"
            )
        )
    made = [
        (RIGHT_ID, RIGHT_SHOULDER, NOW - HOUR),
        (EMERGENCY_ID, CARDIAC, NOW - 3 * DAY),
        (URGENT_ID, URGENT, NOW - 2 * DAY),
        (REFERRAL_ID, REFERRAL, NOW - DAY),
        (PLAIN_ID, BOTH_KNEES, NOW),
    ]
    for ref, answers, moment in made:
        consent = moment - 10 * datetime.timedelta(minutes=1)
        save_assessment(engine, content, TODAY, ref, answers, consent_at=consent, created_at=moment)
        consent_event(engine, f"sender-{ref}", consent)
    consent_event(engine, "sender-left-early", NOW - 2 * HOUR)
    store.save_booking_request(
        engine,
        assessment_id=RIGHT_ID,
        name=NAME,
        contact="zoe@example.org",
        preferred_times="Tuesday mornings <i>or</i> Friday after 4",
        consent_to_contact=True,
        created_at=NOW,
    )
    for n in range(9):
        store.count_start(engine, NOW - n * 5 * HOUR)


@pytest.fixture(scope="module")
def site(tmp_path_factory, content):
    folder = tmp_path_factory.mktemp("dashboard")
    url = f"sqlite:///{folder / 'nmt.db'}"
    engine = store.open_store(url)
    seed(engine, content)
    users = folder / "users.json"
    auth.save_user(users, USER, PASSWORD)
    env = {
        "NMT_RASA_URL": "http://127.0.0.1:5105",
        "NMT_DATABASE_URL": url,
        "NMT_CLINIC_USERS": str(users),
        "NMT_TIME_ZONE": ZONE,
        "PYTHONWARNINGS": "ignore::DeprecationWarning",
    }
    try:
        with servers.running_web(servers.free_port(), env, folder / "web") as base:
            yield base, engine
    finally:
        engine.dispose()


@pytest.fixture
def client(site):
    c = Client(site[0])
    c.login(USER, PASSWORD)
    return c


def refs(body):
    return re.findall(r'<tr class="[\w-]+" data-ref="(\w+)">', body)


# --- the list --------------------------------------------------------------------------------


def test_red_flags_come_first_by_urgency_then_date(client):
    status, _, body = client.get("/clinic")
    assert status == 200
    assert refs(body) == [EMERGENCY_ID, URGENT_ID, REFERRAL_ID, PLAIN_ID, RIGHT_ID]
    assert "1&ndash;5 of 5 assessments" in body
    assert 'aria-label="Pages"' not in body  # one page


def test_times_are_in_the_clinics_time_zone(client):
    body = client.get("/clinic")[2]
    assert "2026-11-21 04:00 EST" in body  # 09:00 UTC
    assert "Times are America/New_York" in body
    assert "UTC" not in body


def test_the_list_shows_the_booking_request_name_and_times(client):
    body = client.get("/clinic")[2]
    row = re.search(rf'data-ref="{RIGHT_ID}">(.*?)</tr>', body, re.S).group(1)
    assert "Zoë &lt;b&gt;O&#39;Brien&lt;/b&gt;" in row
    assert "Tuesday mornings &lt;i&gt;or&lt;/i&gt; Friday after 4" in row
    assert "<b>" not in body and "<i>" not in body
    other = re.search(rf'data-ref="{PLAIN_ID}">(.*?)</tr>', body, re.S).group(1)
    assert '<span class="none">None</span>' in other


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=o%27brien", [RIGHT_ID]),  # part of the name, any case
        ("q=ZO%C3%8B", [RIGHT_ID]),
        ("q=5IDE", [RIGHT_ID]),  # the start of a reference
        ("q=0u0u0u0u0u0u", [URGENT_ID]),
        ("q=%25", []),  # a wildcard is just a character
        ("q=nobody", []),
        ("q=+++", [EMERGENCY_ID, URGENT_ID, REFERRAL_ID, PLAIN_ID, RIGHT_ID]),
        ("q=o&disposition=book_nmt&region=shoulder", [RIGHT_ID]),
        ("status=new&region=knee", [PLAIN_ID]),
        ("status=closed", []),
        ("q=" + "x" * 5000, []),  # cut to 100 characters, then searched
    ],
)
def test_the_list_searches_and_filters(client, query, expected):
    status, _, body = client.get("/clinic?" + query)
    assert status == 200
    assert refs(body) == expected
    if not expected:
        assert "No assessments match." in body


def test_a_search_is_kept_in_the_form(client):
    body = client.get("/clinic?q=%3Cscript%3E&status=new")[2]
    assert 'name="q" value="&lt;script&gt;"' in body
    assert '<option value="new" selected>' in body
    assert "<script" not in body


@pytest.mark.parametrize(
    "query", ["page=abc", "page=-1", "page=1.5", "status=bogus", "disposition=x", "page=9999999"]
)
def test_a_bad_page_or_filter_is_a_clear_400(client, query):
    status, _, body = client.get("/clinic?" + query)
    assert status == 400
    assert "Unknown" in body and "<h1>" in body


def test_a_page_past_the_last_shows_the_last(client):
    status, _, body = client.get("/clinic?page=42")
    assert status == 200 and len(refs(body)) == 5


def test_pages_link_to_each_other_keeping_the_filters(site, monkeypatch):
    """Paging itself (50 a page) is tested on the store (tests/test_store.py); here the links."""
    page = store.Page(rows=[], total=120, page=2, per_page=50)
    assert page.pages == 3
    body = clinic._env.get_template("clinic_list.html.j2").render(
        rows=[],
        found=page,
        first=51,
        last=100,
        page_link=lambda n: f"/clinic?q=ana&page={n}",
        filtered=True,
        dispositions=[],
        regions=[],
        statuses=store.STATUSES,
        q="ana",
        zone="UTC",
        user="t",
        csrf="",
    )
    assert '<a href="/clinic?q=ana&amp;page=1" rel="prev">Previous page</a>' in body
    assert '<a href="/clinic?q=ana&amp;page=3" rel="next">Next page</a>' in body
    assert "Page 2 of 3" in body


# --- the report: body map, notes -------------------------------------------------------------


def lit(body):
    """{region: the sides lit} of the body map's highlighted regions ('' for one shape)."""
    found = {}
    for region, inner in re.findall(
        r'<g class="region on" data-region="(\w+)">(.*?)</g>', body, re.S
    ):
        sides = re.findall(r'class="side side-(\w+) on"', inner)
        found[region] = set(sides) if 'class="side ' in inner else {""}
    return found


def test_the_body_map_lights_the_side_the_visitor_named(client):
    body = client.get(f"/clinic/assessment/{RIGHT_ID}")[2]
    assert lit(body) == {"shoulder": {"right"}, "neck": {""}}  # mostly right: right only
    assert "side the visitor named: Right" in body
    assert 'aria-label="Body map: Shoulder, Neck; side: Right"' in body
    both = client.get(f"/clinic/assessment/{PLAIN_ID}")[2]
    assert lit(both) == {"knee": {"left", "right"}}
    none = client.get(f"/clinic/assessment/{URGENT_ID}")[2]
    assert lit(none) == {"lower_back": {""}} and "no side named" in none


@pytest.mark.parametrize(
    ("sides", "expected"),
    [
        (["right"], {"right"}),
        (["left"], {"left"}),
        (["left", "right"], {"left", "right"}),
        (["both"], {"left", "right"}),
        (["right", "both"], {"left", "right"}),
        (["central"], {"left", "right"}),
        ([], {"left", "right"}),
    ],
)
def test_the_sides_to_light(sides, expected):
    assert clinic.lit_sides(sides) == expected


def test_the_report_shows_the_booking_request_at_the_top(client):
    body = client.get(f"/clinic/assessment/{RIGHT_ID}")[2]
    box = re.search(r'<section class="booking-box">(.*?)</section>', body, re.S).group(1)
    assert "Zoë &lt;b&gt;O&#39;Brien&lt;/b&gt;" in box and "Tuesday mornings" in box
    assert "Requested 2026-11-21 04:00 EST" in box
    assert body.index("booking-box") < body.index("<h2>Disposition</h2>")


def test_a_note_keeps_who_and_when(site, client):
    _, engine = site
    page = client.get(f"/clinic/assessment/{REFERRAL_ID}")[2]
    assert "No notes yet." in page
    said = "Called <b>Zoë</b>, booked Tue 10:00\nShe will bring her GP letter."
    status, headers, _ = client.post(
        f"/clinic/assessment/{REFERRAL_ID}/notes", {"csrf": csrf_of(page), "text": said}
    )
    assert (status, headers["location"]) == (303, f"/clinic/assessment/{REFERRAL_ID}#notes")
    [note] = store.get_assessment(engine, REFERRAL_ID).notes
    assert (note.author, note.text) == (USER, said)
    body = client.get(f"/clinic/assessment/{REFERRAL_ID}")[2]
    notes = re.search(r'<section class="notes".*?</section>', body, re.S).group(0)
    assert f"<strong>{USER}</strong>" in notes
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d E[SD]T</time>", notes)  # New York time
    assert "Called &lt;b&gt;Zoë&lt;/b&gt;, booked Tue 10:00\nShe will" in notes
    listed = client.get("/clinic")[2]
    row = re.search(rf'data-ref="{REFERRAL_ID}">(.*?)</tr>', listed, re.S).group(1)
    assert "(1 note)" in row


@pytest.mark.parametrize(
    ("said", "message"),
    [
        ("   \n ", "The note is empty"),
        ("x" * (store.NOTE_CHARS + 1), "a note holds at most 2,000"),
    ],
)
def test_a_bad_note_is_refused_and_its_text_kept(site, client, said, message):
    _, engine = site
    before = len(store.get_assessment(engine, URGENT_ID).notes)
    page = client.get(f"/clinic/assessment/{URGENT_ID}")[2]
    status, _, body = client.post(
        f"/clinic/assessment/{URGENT_ID}/notes", {"csrf": csrf_of(page), "text": said}
    )
    assert status == 400
    assert message in body and 'role="alert"' in body
    assert f">{said}</textarea>" in body  # nothing lost
    assert len(store.get_assessment(engine, URGENT_ID).notes) == before


def test_a_note_needs_the_csrf_token_and_a_known_reference(site, client):
    status, _, _ = client.post(f"/clinic/assessment/{URGENT_ID}/notes", {"text": "hello"})
    assert status == 403
    page = client.get(f"/clinic/assessment/{URGENT_ID}")[2]
    for ref in ("nothere00000", "bad%21ref"):
        status, _, _ = client.post(
            f"/clinic/assessment/{ref}/notes", {"csrf": csrf_of(page), "text": "hello"}
        )
        assert status == 404
    assert Client(site[0]).post(f"/clinic/assessment/{URGENT_ID}/notes", {"text": "x"})[0] == 403


# --- the summary -----------------------------------------------------------------------------


def summary_numbers(body):
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td class="num">([^<]+)</td></tr>', body)
    return dict(rows)


def test_the_summary_counts_the_funnel(client):
    status, _, body = client.get("/clinic/summary?from=2026-11-15&to=2026-11-21")
    assert status == 200
    assert summary_numbers(body) == {
        "Started a conversation": "9",
        "Consented": "6",
        "Finished (an assessment)": "5",
        "Requested a booking": "1",
        "Referred to a doctor": "2",
        "Told to get emergency care": "1",
        "Unfinished (consented, no assessment)": "1",
        "Assessments made": "5",
    }
    svg = re.search(r'<svg class="funnel-chart".*?</svg>', body, re.S).group(0)
    assert 'role="img" aria-labelledby="funnel-title funnel-desc"' in svg
    assert '<title id="funnel-title">Conversations from 2026-11-15 to 2026-11-21</title>' in svg
    assert "Started a conversation: 9; Consented: 6; Finished (an assessment): 5;" in svg
    widths = [int(w) for w in re.findall(r'<rect x="0" y="21" width="(\d+)"', svg)]
    assert widths == [270, 180, 150, 30, 60, 30]  # 9 is the longest: BAR_WIDTH
    assert "America/New_York" in body
    assert "<script" not in body and "style=" not in body


def test_the_summary_periods_are_days_in_the_clinics_time_zone(client):
    # 2026-11-21 04:00 New York is the newest assessment's time; the day before holds the
    # referral (2026-11-20 04:00) only
    body = client.get("/clinic/summary?from=2026-11-20&to=2026-11-20")[2]
    numbers = summary_numbers(body)
    assert numbers["Assessments made"] == "1" and numbers["Referred to a doctor"] == "1"
    assert "(1 day)" in body


def test_the_summary_defaults_to_the_last_30_days(client):
    status, _, body = client.get("/clinic/summary")
    assert status == 200
    today = datetime.datetime.now(clinic.settings.TIME_ZONE.read({"NMT_TIME_ZONE": ZONE})).date()
    assert f'name="to" value="{today.isoformat()}"' in body
    assert "(30 days)" in body


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=yesterday", "year-month-day"),
        ("from=2026-11-22&to=2026-11-21", "first day comes after its last day"),
        ("from=2020-01-01&to=2026-11-21", "at most 1,098 days"),
        ("to=2026-02-30", "year-month-day"),
    ],
)
def test_a_bad_period_is_a_clear_400(client, query, message):
    status, _, body = client.get("/clinic/summary?" + query)
    assert status == 400 and message in body


def test_the_summary_says_how_started_is_counted(client):
    body = client.get("/clinic/summary?from=2026-11-01&to=2026-11-21")[2]
    assert "conversations are not stored before the visitor consents" in body
    assert "counted since 2026-11-19 12:00 EST" in body  # the first counted hour
    assert "the number is too low" in body  # counting began after 2026-11-01


def test_the_summary_needs_a_login(site):
    status, headers, _ = Client(site[0]).get("/clinic/summary")
    assert (status, headers["location"]) == (303, "/clinic/login")
