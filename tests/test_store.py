"""Stored assessments (bot/clinic/store.py, bot/clinic/migrations.py), on SQLite and on a real
PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime
import json
import threading

import pytest
from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, inspect, select, text
from stored import RED_FLAG, answer

from bot import settings
from bot.clinic import migrations, privacy, store
from bot.conversation import messages, planning, reading
from bot.engine.assessment import EVIDENCE_CHARS
from bot.engine.rules import Evidence
from bot.engine.screening import RedFlagHit

pytest_plugins = ["postgres"]

UTC = datetime.UTC
NOW = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


@pytest.fixture
def url(database_url):
    """Once on SQLite, once on PostgreSQL (tests/postgres.py)."""
    return database_url


@pytest.fixture
def engine(url):
    engine = store.open_store(url)
    yield engine
    engine.dispose()


@pytest.fixture
def tracker(url):
    """Rasa's SQL tracker store as Rasa 3.6 makes it (rasa/core/tracker_store.py, SQLEvent)."""
    engine = store.engine_for(url)
    Table(
        "events",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("sender_id", String(255), nullable=False, index=True),
        Column("type_name", String(255), nullable=False),
        Column("timestamp", Float),
        Column("intent_name", String(255)),
        Column("action_name", String(255)),
        Column("data", Text),
    ).create(engine)
    yield engine
    engine.dispose()


def add_events(tracker, sender_id, *timestamps):
    with tracker.begin() as connection:
        for moment in timestamps:
            connection.execute(
                text(
                    "INSERT INTO events (sender_id, type_name, timestamp, intent_name, data)"
                    " VALUES (:sender_id, 'user', :timestamp, 'inform', :data)"
                ),
                {"sender_id": sender_id, "timestamp": moment.timestamp(), "data": '{"text": "hi"}'},
            )


def events_of(tracker, sender_id):
    with tracker.connect() as connection:
        return connection.execute(
            text("SELECT COUNT(*) FROM events WHERE sender_id = :s"), {"s": sender_id}
        ).scalar()


# --- real assessments ------------------------------------------------------------------------


BOOKABLE = {
    "region": answer("my neck and left shoulder", ["neck", "shoulder"]),
    "side": answer("left", "left", reading.VOLUNTEERED),
    "pain_intensity": answer("about a 6", 6),
    "stress": answer("8", 8.0),
    "sleep": answer("badly", "poor_other"),
    "onset": answer("no idea", None, reading.UNKNOWN),
}


def assessment_of(answers, content, today, assessment_id):
    """The outcome and therapist summary the bot would make from these answers."""
    said = [a["raw"] for a in answers.values()]
    outcome = planning.evaluate(answers, said, content, today)
    text = messages.therapist_summary(outcome, answers, content, assessment_id, str(today))
    return outcome, text


def save(engine, content, today, assessment_id, answers=BOOKABLE, sender_id=None, **extra):
    """Save as the bot does; returns the outcome payload the chat was shown, to compare with."""
    outcome, text = assessment_of(answers, content, today, assessment_id)
    store.save_assessment(
        engine,
        assessment_id=assessment_id,
        sender_id=sender_id or f"sender-{assessment_id}",
        consent_at=extra.pop("consent_at", NOW.isoformat()),
        outcome=outcome,
        questions_asked=len(answers),
        answers=answers,
        summary_text=text,
        **extra,
    )
    return messages.outcome_payload(outcome, assessment_id, len(answers), content)


def test_an_assessment_is_read_back_as_it_was_saved(engine, content, today):
    payload = save(engine, content, today, "a1b2c3d4e5f6", sender_id="visitor-0001")
    report = store.get_assessment(engine, "a1b2c3d4e5f6")
    stored = report.assessment
    assert stored.sender_id == "visitor-0001"
    assert stored.consent_at == NOW
    assert stored.created_at.tzinfo is UTC
    assert stored.disposition == payload["disposition"] == "book_nmt"
    assert stored.regions == payload["regions"]
    assert stored.sides == payload["sides"] == ["left"]
    assert stored.nprs == 6
    assert stored.phq4 is None
    assert stored.questions_asked == len(BOOKABLE)
    assert stored.status == "new"
    assert "a1b2c3d4e5f6" in stored.summary_text
    assert {a.question_id: (a.raw_text, a.value, a.how) for a in report.answers} == {
        qid: (a["raw"], a["value"], a["how"]) for qid, a in BOOKABLE.items()
    }
    assert [(f.group, f.factor_id, f.evidence) for f in report.factors] == [
        (group, f["id"], f["evidence"]) for group, fs in payload["factors"].items() for f in fs
    ]
    assert {f.factor_id for f in report.factors} >= {"stress", "sleep"}
    assert report.red_flags == []
    assert store.get_assessment(engine, "000000000000") is None


def test_red_flags_are_stored_with_their_evidence(engine, content, today):
    payload = save(engine, content, today, "bad000000001", RED_FLAG)
    report = store.get_assessment(engine, "bad000000001")
    assert report.assessment.disposition == "urgent_physician"
    assert [(h.group_id, h.label, h.disposition, h.evidence) for h in report.red_flags] == [
        (d["group"], d["label"], d["disposition"], d["evidence"])
        for d in payload["red_flag_details"]
    ]
    assert report.red_flags[0].evidence == ["Fever, chills or lower immunity: yes, fevers all week"]


# a relative's stroke told as happening now, beside the visitor's own ache
# (bot/engine/assessment.py `someone_elses`)
# a booking for the visitor's mother, her answers given by the visitor
FOR_MUM = {
    "region": answer("Booking for my mum, 72, her lower back is stiff", ["lower_back"]),
    "pain_intensity": answer("4", 4),
}
DADS_STROKE = {
    "region": answer(
        "My dad's face has drooped on one side since lunch and his speech is slurred."
        " My traps are tight from work too.",
        ["upper_back"],
    ),
}


def test_a_red_flag_told_of_someone_else_is_stored_as_theirs(engine, content, today):
    payload = save(engine, content, today, "bad000000002", DADS_STROKE)
    assert [d["someone_else"] for d in payload["red_flag_details"]] == [True]
    report = store.get_assessment(engine, "bad000000002")
    assert [(h.group_id, h.someone_else) for h in report.red_flags] == [
        ("stroke_or_arterial", True)
    ]
    save(engine, content, today, "bad000000003", RED_FLAG)
    own = store.get_assessment(engine, "bad000000003")
    assert own.red_flags and not any(h.someone_else for h in own.red_flags)


WARFARIN = {
    "region": answer("my neck, and I'm on warfarin since the spring", ["neck"]),
    "stress": answer("8", 8.0),
}


def test_cautions_are_stored_with_the_visitors_words(engine, content, today):
    payload = save(engine, content, today, "a1b2c3d4e5f6", WARFARIN)
    assert payload["cautions"] == [
        {
            "id": "anticoagulant",
            "label": "Takes blood thinners",
            "evidence": ["my neck, and I'm on warfarin since the spring"],
        }
    ]
    report = store.get_assessment(engine, "a1b2c3d4e5f6")
    assert report.cautions == [
        store.Caution(
            "anticoagulant",
            "Takes blood thinners",
            ["my neck, and I'm on warfarin since the spring"],
        )
    ]
    # saved again with the outcome: replaced, not added to
    save(
        engine,
        content,
        today,
        "a1b2c3d4e5f6",
        {**WARFARIN, "cautions": answer("pregnant", "pregnant")},
    )
    report = store.get_assessment(engine, "a1b2c3d4e5f6")
    assert [c.id for c in report.cautions] == ["anticoagulant", "pregnancy"]
    # none found is an empty list, not "unknown"
    save(engine, content, today, "b1b2c3d4e5f6")
    assert store.get_assessment(engine, "b1b2c3d4e5f6").cautions == []
    # an assessment saved before cautions were kept (schema version 2) reads as "unknown"
    save(engine, content, today, "c1b2c3d4e5f6")
    with engine.begin() as connection:
        connection.execute(
            store.assessment.update()
            .values(cautions=None)
            .where(store.assessment.c.id == "c1b2c3d4e5f6")
        )
    assert store.get_assessment(engine, "c1b2c3d4e5f6").cautions is None
    # erasing the visitor erases their words here too
    privacy.erase_visitor(engine, sender_id="sender-a1b2c3d4e5f6")
    assert "warfarin" not in everything(engine)


def test_red_flag_cases_come_first_then_the_newest(engine, content, today):
    day = datetime.timedelta(days=1)
    save(engine, content, today, "old000000000", created_at=NOW - 3 * day)
    save(engine, content, today, "new000000000", created_at=NOW)
    save(engine, content, today, "flag00000000", RED_FLAG, created_at=NOW - 5 * day)
    save(engine, content, today, "flag00000001", RED_FLAG, created_at=NOW - 4 * day)
    assert [a.id for a in store.list_assessments(engine)] == [
        "flag00000001",
        "flag00000000",
        "new000000000",
        "old000000000",
    ]


def test_red_flags_are_ordered_by_urgency_then_date(engine, content, today):
    day = datetime.timedelta(days=1)
    save(engine, content, today, "book00000000", created_at=NOW)
    save(engine, content, today, "refer0000000", CANCER, created_at=NOW - day)
    save(engine, content, today, "urgent000000", RED_FLAG, created_at=NOW - 2 * day)
    save(engine, content, today, "emerg0000000", CARDIAC, created_at=NOW - 9 * day)
    save(engine, content, today, "emerg0000001", CARDIAC, created_at=NOW - 3 * day)
    expected = ["emerg0000001", "emerg0000000", "urgent000000", "refer0000000", "book00000000"]
    assert [a.id for a in store.list_assessments(engine)] == expected
    assert [r.assessment.id for r in store.list_page(engine).rows] == expected


def test_the_list_filters_by_disposition_and_region(engine, content, today):
    save(engine, content, today, "neck00000000")  # neck and shoulder
    save(engine, content, today, "back00000000", RED_FLAG)  # lower back
    ids = lambda **f: [a.id for a in store.list_assessments(engine, **f)]  # noqa: E731
    assert ids(disposition="book_nmt") == ["neck00000000"]
    assert ids(disposition="urgent_physician") == ["back00000000"]
    assert ids(disposition="emergency") == []
    assert ids(region="shoulder") == ["neck00000000"]
    assert ids(region="lower_back") == ["back00000000"]
    assert ids(region="back") == []  # an id, not a part of one
    assert ids(region="lower_back", disposition="book_nmt") == []
    page = lambda **f: [r.assessment.id for r in store.list_page(engine, **f).rows]  # noqa: E731
    assert page(region="shoulder") == ["neck00000000"]
    assert page(region="back") == [] and page(region="lower%") == []  # no wildcards
    assert page(region="lower_back", status="new") == ["back00000000"]
    assert page(status="closed") == []


def test_the_page_searches_by_reference_or_booking_name_and_pages(engine, content, today):
    for n in range(7):
        save(engine, content, today, f"page0000000{n}", created_at=NOW - datetime.timedelta(n))
    store.save_booking_request(
        engine,
        assessment_id="page00000003",
        name="Zoë O'Brien-Smith",
        contact="zoe@example.org",
        preferred_times="Tuesday mornings",
        consent_to_contact=True,
    )
    store.save_booking_request(
        engine,
        assessment_id="page00000003",
        name="Zoë O'Brien",
        contact="zoe@example.org",
        preferred_times="Friday after 4",
        consent_to_contact=True,
    )
    store.add_note(engine, "page00000003", "ada", "called, no answer")
    found = lambda q, **f: [r.assessment.id for r in store.list_page(engine, search=q, **f).rows]  # noqa: E731
    assert found("o'brien") == ["page00000003"]  # part of the name, any case
    assert found("  PAGE00000003 ") == ["page00000003"]  # the reference, any case
    assert found("page0000000") == [f"page0000000{n}" for n in range(7)]  # its start
    assert found("00000003") == []  # a reference is searched from its start
    assert found("%") == [] and found("_") == [] and found("' OR 1=1 --") == []
    assert found("") == found("   ") == [f"page0000000{n}" for n in range(7)]
    first = store.list_page(engine, per_page=3)
    assert (first.total, first.pages, first.page) == (7, 3, 1)
    assert [r.assessment.id for r in first.rows] == ["page00000000", "page00000001", "page00000002"]
    last = store.list_page(engine, per_page=3, page=99)  # past the end: the last page
    assert last.page == 3 and [r.assessment.id for r in last.rows] == ["page00000006"]
    row = store.list_page(engine, per_page=3, page=2).rows[0]
    assert row.assessment.id == "page00000003"
    assert (row.booking.name, row.booking.preferred_times) == ("Zoë O'Brien", "Friday after 4")
    assert row.notes == 1
    assert store.list_page(engine, page=-5).page == 1
    empty = store.list_page(engine, search="nobody")
    assert (empty.rows, empty.total, empty.pages, empty.page) == ([], 0, 1, 1)


def test_notes_keep_who_and_when_and_go_with_the_visitor(engine, content, today):
    save(engine, content, today, "note00000000", sender_id="visitor-notes")
    later = NOW + datetime.timedelta(hours=2)
    first = store.add_note(engine, "note00000000", "ada", "  called, booked Tue 10:00 \x00 ", NOW)
    store.add_note(engine, "note00000000", "bob", "<b>x</b>" + "y" * 5000, later)
    notes = store.get_assessment(engine, "note00000000").notes
    assert (notes[0].id, notes[0].author, notes[0].created_at) == (first, "ada", NOW)
    assert notes[0].text == "called, booked Tue 10:00 \ufffd"
    assert notes[1].text == ("<b>x</b>" + "y" * 5000)[: store.NOTE_CHARS]
    assert notes[1].created_at == later
    with pytest.raises(ValueError):
        store.add_note(engine, "note00000000", "ada", "   ")
    with pytest.raises(KeyError):
        store.add_note(engine, "nothere00000", "ada", "text")
    assert len(store.get_assessment(engine, "note00000000").notes) == 2  # nothing lost
    assert privacy.erase_visitor(engine, sender_id="visitor-notes")["clinic_note"] == 2


def test_saving_an_assessment_again_replaces_its_outcome(engine, content, today):
    save(engine, content, today, "a1b2c3d4e5f6", created_at=NOW - datetime.timedelta(days=1))
    store.set_status(engine, "a1b2c3d4e5f6", "contacted")
    store.save_booking_request(
        engine,
        assessment_id="a1b2c3d4e5f6",
        name="Ana",
        contact="ana@example.org",
        preferred_times="mornings",
        consent_to_contact=True,
    )
    # a red flag after the outcome: the outcome is shown, and saved, again
    again = {**BOOKABLE, "red_flag.infection": answer("oh and I have had fevers", "yes")}
    save(engine, content, today, "a1b2c3d4e5f6", again, created_at=NOW)
    save(engine, content, today, "a1b2c3d4e5f6", again, created_at=NOW)
    report = store.get_assessment(engine, "a1b2c3d4e5f6")
    assert report.assessment.disposition == "urgent_physician"
    assert [h.group_id for h in report.red_flags] == ["infection"]
    assert len(report.answers) == len(again)
    assert len(report.factors) == len({(f.group, f.factor_id) for f in report.factors})
    assert report.assessment.created_at == NOW - datetime.timedelta(days=1)
    assert report.assessment.status == "contacted"
    assert len(report.booking_requests) == 1
    assert len(store.list_assessments(engine)) == 1


def test_booking_requests_and_referrals(engine, content, today):
    save(engine, content, today, "a1b2c3d4e5f6")
    booking = store.save_booking_request(
        engine,
        assessment_id="a1b2c3d4e5f6",
        name="Zoë O'Brien",
        contact="+44 7700 900123",
        preferred_times="Tue/Thu after 5pm",
        consent_to_contact=True,
        created_at=NOW,
    )
    referral = store.save_referral(
        engine, assessment_id="a1b2c3d4e5f6", summary_text="Please see your doctor.\n- fever"
    )
    report = store.get_assessment(engine, "a1b2c3d4e5f6")
    assert report.booking_requests == [
        store.BookingRequest(
            booking, "Zoë O'Brien", "+44 7700 900123", "Tue/Thu after 5pm", True, NOW
        )
    ]
    assert [(r.id, r.summary_text) for r in report.referrals] == [
        (referral, "Please see your doctor.\n- fever")
    ]
    assert report.referrals[0].created_at.tzinfo is UTC


# --- a doctor's clearance stated after a referral (issue 12) ---------------------------------

CANCER = {
    "region": answer("low back", ["lower_back"]),
    "red_flag.cancer": answer("yes", "yes"),
}
CARDIAC = {
    "region": answer("neck", ["neck"]),
    "red_flag.cardiac": answer("yes", "yes"),
}


def book(engine, assessment_id, **extra):
    return store.save_booking_request(
        engine,
        assessment_id=assessment_id,
        name="Ada",
        contact="0123",
        preferred_times="mornings",
        consent_to_contact=True,
        created_at=NOW,
        **extra,
    )


def test_a_clearance_after_a_referral_is_recorded_and_marks_its_booking_requests(
    engine, content, today
):
    save(engine, content, today, "c1aaaaaaaaaa", RED_FLAG)
    save(engine, content, today, "c1bbbbbbbbbb")
    before = store.get_assessment(engine, "c1aaaaaaaaaa")
    assert before.assessment.disposition == "urgent_physician"
    assert store.booking_flag(before) is None  # a referral without one: no booking online
    said = "my GP saw me last month and said it's fine, can I book anyway? <b>'; --"
    clearance_id = store.save_clearance(
        engine,
        assessment_id="c1aaaaaaaaaa",
        statement=said,
        red_flags=["infection"],
        stated_at=NOW,
    )
    report = store.get_assessment(engine, "c1aaaaaaaaaa")
    assert report.clearances == [store.Clearance(clearance_id, said, ["infection"], NOW)]
    assert report.clearances[0].stated_at.tzinfo is UTC
    # the disposition and the red flags stay as they were
    assert report.assessment == before.assessment
    assert report.red_flags == before.red_flags
    assert store.booking_flag(report) is True
    assert store.covering_clearances(report) == report.clearances
    booking = book(engine, "c1aaaaaaaaaa", clearance_stated=True)
    report = store.get_assessment(engine, "c1aaaaaaaaaa")
    assert [(b.id, b.clearance_stated) for b in report.booking_requests] == [(booking, True)]
    listed = {a.id: a.clearance_booking for a in store.list_assessments(engine)}
    assert listed == {"c1aaaaaaaaaa": True, "c1bbbbbbbbbb": False}
    # saved again (the outcome shown again), the clearance and the marked request stay
    save(engine, content, today, "c1aaaaaaaaaa", RED_FLAG)
    again = store.get_assessment(engine, "c1aaaaaaaaaa")
    assert again.clearances == report.clearances
    assert again.booking_requests == report.booking_requests


def test_no_clearance_is_recorded_for_an_emergency_or_without_a_referral(engine, content, today):
    save(engine, content, today, "c2aaaaaaaaaa", CARDIAC)
    save(engine, content, today, "c2bbbbbbbbbb")
    for assessment_id in ("c2aaaaaaaaaa", "c2bbbbbbbbbb", "c2nothere000"):
        with pytest.raises(store.NotClearable):
            store.save_clearance(
                engine, assessment_id=assessment_id, statement="my doctor cleared me", red_flags=[]
            )
    emergency = store.get_assessment(engine, "c2aaaaaaaaaa")
    assert emergency.assessment.disposition == "emergency"
    assert emergency.clearances == []
    assert store.booking_flag(emergency) is None
    bookable = store.get_assessment(engine, "c2bbbbbbbbbb")
    assert bookable.clearances == [] and store.booking_flag(bookable) is False


def test_a_clearance_covers_only_the_warning_signs_told_before_it(engine, content, today):
    save(engine, content, today, "c3aaaaaaaaaa", CANCER)
    store.save_clearance(
        engine, assessment_id="c3aaaaaaaaaa", statement="GP cleared me", red_flags=["cancer"]
    )
    assert store.booking_flag(store.get_assessment(engine, "c3aaaaaaaaaa")) is True
    # a new warning sign after it (fevers): the clearance no longer covers the assessment
    save(engine, content, today, "c3aaaaaaaaaa", {**CANCER, **RED_FLAG})
    report = store.get_assessment(engine, "c3aaaaaaaaaa")
    assert report.assessment.disposition == "urgent_physician"
    assert store.covering_clearances(report) == [] and store.booking_flag(report) is None
    # and an emergency after it refuses a booking whatever was stated
    save(engine, content, today, "c3aaaaaaaaaa", {**CANCER, **RED_FLAG, **CARDIAC})
    report = store.get_assessment(engine, "c3aaaaaaaaaa")
    assert report.assessment.disposition == "emergency"
    assert len(report.clearances) == 1 and store.booking_flag(report) is None


def test_a_booking_needs_an_assessment(engine):
    with pytest.raises(Exception, match=r"(?i)foreign key"):
        store.save_booking_request(
            engine,
            assessment_id="nothere00000",
            name="x",
            contact="y",
            preferred_times="z",
            consent_to_contact=True,
        )


def test_the_status_changes_and_unknown_statuses_are_refused(engine, content, today):
    save(engine, content, today, "a1b2c3d4e5f6")
    for status in ("contacted", "closed", "new"):
        store.set_status(engine, "a1b2c3d4e5f6", status)
        assert store.get_assessment(engine, "a1b2c3d4e5f6").assessment.status == status
    with pytest.raises(ValueError, match="unknown status"):
        store.set_status(engine, "a1b2c3d4e5f6", "deleted")
    with pytest.raises(KeyError):
        store.set_status(engine, "nothere00000", "closed")
    # the database refuses one too, should anything write past set_status
    with pytest.raises(Exception, match=r"(?i)check"), engine.begin() as connection:
        connection.execute(store.assessment.update().values(status="deleted"))
    assert store.get_assessment(engine, "a1b2c3d4e5f6").assessment.status == "new"


# --- visitor text ------------------------------------------------------------------------------


def test_visitor_text_round_trips_and_long_text_is_capped(engine, content, today):
    html = "<script>alert(1)</script><b>neck</b> &amp; \"quotes\" 'single'"
    emoji = "Nackenschmerzen 😣🔥 — ça fait mal, 首が痛い, مرحبا \u200b\r\n\ttab"
    huge = "x" * 199_990 + "THE END\u2603"  # 200,000 characters
    answers = {
        "region": answer("my neck", ["neck"]),
        "cause": answer(html, "other"),
        "character": answer(emoji, ["aching"]),
        "aggravating": answer(huge, [huge]),
        "sleep": answer("nul\x00byte", "poor_other"),
    }
    outcome, _ = assessment_of({"region": answers["region"]}, content, today, "a1b2c3d4e5f6")
    hit = RedFlagHit(
        "infection", html, "urgent_physician", "", tuple(map(Evidence, [huge, emoji, html])), ()
    )
    store.save_assessment(
        engine,
        assessment_id="a1b2c3d4e5f6",
        sender_id="visitor-0001",
        consent_at=None,
        outcome=dataclasses.replace(outcome, hits=[hit]),
        questions_asked=len(answers),
        answers=answers,
        summary_text=huge,
    )
    report = store.get_assessment(engine, "a1b2c3d4e5f6")
    raw = {a.question_id: a.raw_text for a in report.answers}
    assert raw["cause"] == html
    assert raw["character"] == emoji
    assert raw["aggravating"] == huge[: store.TEXT_CHARS]
    assert raw["sleep"] == "nul\ufffdbyte"  # PostgreSQL text cannot hold NUL
    values = {a.question_id: a.value for a in report.answers}
    assert values["aggravating"] == [huge]  # parsed values are kept whole
    assert report.assessment.summary_text == huge
    assert report.assessment.consent_at is None
    hit = report.red_flags[0]
    assert hit.label == html
    # evidence is kept as the chat showed it: on one line, cut with an ellipsis
    assert hit.evidence == [huge[: EVIDENCE_CHARS - 1] + "…", " ".join(emoji.split()), html]


SQL_LOOKING = [
    "'; DROP TABLE assessment; --",
    "Robert'); DELETE FROM answer WHERE ('1'='1",
    '" OR 1=1 --',
    "%_\\ LIKE '%'",
    "1; UPDATE assessment SET status='closed'",
]


def test_sql_looking_text_is_stored_literally(engine, content, today):
    answers = {f"q{i}": answer(t, t) for i, t in enumerate(SQL_LOOKING)}
    outcome, _ = assessment_of(BOOKABLE, content, today, "a1b2c3d4e5f6")
    sender = "x' OR '1'='1"
    store.save_assessment(
        engine,
        assessment_id="a1b2c3d4e5f6",
        sender_id=sender,
        consent_at=NOW,
        outcome=outcome,
        questions_asked=len(answers),
        answers=answers,
        summary_text=SQL_LOOKING[0],
    )
    save(engine, content, today, "other0000000", sender_id="someone-else")
    store.save_booking_request(
        engine,
        assessment_id="a1b2c3d4e5f6",
        name=SQL_LOOKING[1],
        contact=SQL_LOOKING[2],
        preferred_times=SQL_LOOKING[3],
        consent_to_contact=False,
    )
    report = store.get_assessment(engine, "a1b2c3d4e5f6")
    assert [a.raw_text for a in report.answers] == SQL_LOOKING
    assert [a.value for a in report.answers] == SQL_LOOKING
    assert report.assessment.summary_text == SQL_LOOKING[0]
    assert report.assessment.sender_id == sender
    booking = report.booking_requests[0]
    assert (booking.name, booking.contact, booking.preferred_times) == tuple(SQL_LOOKING[1:4])
    assert booking.consent_to_contact is False
    assert {a.status for a in store.list_assessments(engine)} == {"new"}
    assert store.list_assessments(engine, disposition=SQL_LOOKING[2]) == []
    assert store.list_assessments(engine, region=SQL_LOOKING[0]) == []
    # erasing by the odd sender id removes that visitor only
    assert privacy.erase_visitor(engine, sender_id=sender)["assessment"] == 1
    assert [a.id for a in store.list_assessments(engine)] == ["other0000000"]


# --- erasure and retention ---------------------------------------------------------------------


def everything(engine):
    """Every row of our tables and of `events`, as text, to look for traces of a visitor."""
    tables = [*store.metadata.sorted_tables]
    found = []
    with engine.connect() as connection:
        for table in tables:
            found += [repr(tuple(row)) for row in connection.execute(select(table))]
        if inspect(connection).has_table("events"):
            found += [repr(tuple(row)) for row in connection.execute(text("SELECT * FROM events"))]
    return "\n".join(found)


def visit(engine, tracker, content, today, sender_id, assessment_id, answers=BOOKABLE):
    save(engine, content, today, assessment_id, answers, sender_id=sender_id)
    store.save_booking_request(
        engine,
        assessment_id=assessment_id,
        name=f"name of {sender_id}",
        contact=f"contact of {sender_id}",
        preferred_times="any",
        consent_to_contact=True,
    )
    store.save_referral(engine, assessment_id=assessment_id, summary_text=f"for {sender_id}")
    add_events(tracker, sender_id, NOW, NOW)


def test_erasing_a_visitor_leaves_no_trace(engine, tracker, content, today):
    visit(engine, tracker, content, today, "visitor-erase-me", "eeee00000001", RED_FLAG)
    save(engine, content, today, "eeee00000002", sender_id="visitor-erase-me")  # consent again
    visit(engine, tracker, content, today, "visitor-keep-me", "kkkk00000001")
    before = store.get_assessment(engine, "kkkk00000001")

    counts = privacy.erase_visitor(engine, sender_id="visitor-erase-me", tracker_engine=tracker)

    assert counts["assessment"] == 2
    assert counts["answer"] == len(RED_FLAG) + len(BOOKABLE)
    assert counts["red_flag_hit"] == 1
    assert counts["booking_request"] == 1
    assert counts["referral"] == 1
    assert counts["events"] == 2
    rows = everything(engine)
    assert "erase-me" not in rows and "eeee0000" not in rows and "fevers" not in rows
    assert "keep-me" in rows
    assert store.get_assessment(engine, "kkkk00000001") == before
    assert events_of(tracker, "visitor-keep-me") == 2


def test_a_visitor_can_be_erased_by_their_assessment_reference(engine, tracker, content, today):
    visit(engine, tracker, content, today, "visitor-erase-me", "eeee00000001")
    save(engine, content, today, "eeee00000002", sender_id="visitor-erase-me")
    visit(engine, tracker, content, today, "visitor-keep-me", "kkkk00000001")

    counts = privacy.erase_visitor(engine, assessment_id="eeee00000001", tracker_engine=tracker)

    assert counts["assessment"] == 2 and counts["events"] == 2
    assert "erase-me" not in everything(engine)
    assert [a.id for a in store.list_assessments(engine)] == ["kkkk00000001"]
    unknown = privacy.erase_visitor(engine, assessment_id="nothere00000", tracker_engine=tracker)
    assert set(unknown.values()) == {0}
    with pytest.raises(ValueError):
        privacy.erase_visitor(engine)
    with pytest.raises(ValueError):
        privacy.erase_visitor(engine, sender_id="a", assessment_id="b")


def test_erasing_works_before_rasa_made_its_events_table(engine, url, content, today):
    save(engine, content, today, "eeee00000001", sender_id="visitor-erase-me")
    tracker = store.engine_for(url)
    try:
        counts = privacy.erase_visitor(engine, sender_id="visitor-erase-me", tracker_engine=tracker)
        assert counts["assessment"] == 1 and counts["events"] == 0
        assert privacy.purge_older_than(engine, 0, tracker_engine=tracker)["events"] == 0
    finally:
        tracker.dispose()


def test_deleting_an_assessment_cascades(engine, content, today):
    save(engine, content, today, "a1b2c3d4e5f6", RED_FLAG)
    store.save_referral(engine, assessment_id="a1b2c3d4e5f6", summary_text="s")
    with engine.begin() as connection:
        connection.execute(store.assessment.delete())
    assert everything(engine) == ""


def test_old_assessments_and_conversations_are_purged(engine, tracker, content, today):
    day = datetime.timedelta(days=1)
    save(engine, content, today, "old000000000", sender_id="old-visitor", created_at=NOW - 40 * day)
    store.save_referral(engine, assessment_id="old000000000", summary_text="old")
    save(engine, content, today, "new000000000", sender_id="new-visitor", created_at=NOW - 2 * day)
    add_events(tracker, "old-visitor", NOW - 41 * day, NOW - 40 * day)
    add_events(tracker, "new-visitor", NOW - 2 * day)
    # a conversation that began long ago but is still going on is kept whole
    add_events(tracker, "returning-visitor", NOW - 50 * day, NOW - day)

    counts = privacy.purge_older_than(engine, 30, tracker_engine=tracker, now=NOW)

    assert counts["assessment"] == 1 and counts["referral"] == 1 and counts["answer"] > 0
    assert counts["events"] == 2
    assert [a.id for a in store.list_assessments(engine)] == ["new000000000"]
    assert events_of(tracker, "old-visitor") == 0
    assert events_of(tracker, "new-visitor") == 1
    assert events_of(tracker, "returning-visitor") == 2
    assert set(privacy.purge_older_than(engine, 30, tracker_engine=tracker, now=NOW).values()) == {
        0
    }
    with pytest.raises(ValueError):
        privacy.purge_older_than(engine, -1)


# --- schema and migrations ---------------------------------------------------------------------


def since(version):
    """The migrations from `version` to the newest."""
    return list(range(version, migrations.LATEST + 1))


def insert_old_assessment(engine, assessment_id, sender_id, cautions=None):
    """An assessment row as versions 3 to 8 stored it (the store writes the newest schema)."""
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO assessment (id, sender_id, created_at, disposition, regions, sides,"
                " questions_asked, status, cautions) VALUES (:id, :sender, :created, 'book_nmt',"
                " '[\"neck\"]', '[]', 2, 'new', :cautions)"
            ),
            {
                "id": assessment_id,
                "sender": sender_id,
                "created": datetime.datetime(2026, 5, 6, 7, 8, 9),
                "cautions": cautions,
            },
        )


def test_a_version_1_database_is_upgraded_without_losing_rows(url):
    engine = store.engine_for(url)
    try:
        assert migrations.upgrade(engine, to=1) == [1]
        assert migrations.current_version(engine) == 1
        assert "status" not in {c["name"] for c in inspect(engine).get_columns("assessment")}
        assert not inspect(engine).has_table("referral")
        with engine.begin() as connection:  # rows as version 1 stored them
            connection.execute(
                text(
                    "INSERT INTO assessment (id, sender_id, created_at, disposition, regions,"
                    " sides, nprs, questions_asked, summary_text) VALUES (:id, :sender,"
                    " :created, :disposition, :regions, :sides, 6, 3, :summary)"
                ),
                {
                    "id": "v1aaaaaaaaaa",
                    "sender": "visitor-v1",
                    "created": datetime.datetime(2026, 1, 2, 3, 4, 5),
                    "disposition": "book_nmt",
                    "regions": '["neck"]',
                    "sides": '["left"]',
                    "summary": "before the upgrade",
                },
            )
            connection.execute(
                text(
                    "INSERT INTO answer (assessment_id, question_id, raw_text, parsed_value, how)"
                    " VALUES ('v1aaaaaaaaaa', 'stress', '8', '8.0', 'asked')"
                )
            )

        assert migrations.upgrade(engine) == since(2)
        assert migrations.upgrade(engine) == []  # twice is a no-op
        assert migrations.current_version(engine) == migrations.LATEST

        report = store.get_assessment(engine, "v1aaaaaaaaaa")
        assert report.assessment.status == "new"
        assert report.assessment.regions == ["neck"]
        assert report.assessment.created_at == datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
        assert report.assessment.summary_text == "before the upgrade"
        assert [(a.question_id, a.value) for a in report.answers] == [("stress", 8.0)]
        store.save_referral(engine, assessment_id="v1aaaaaaaaaa", summary_text="after")
        store.set_status(engine, "v1aaaaaaaaaa", "closed")
        report = store.get_assessment(engine, "v1aaaaaaaaaa")
        assert [r.summary_text for r in report.referrals] == ["after"]
        assert report.assessment.status == "closed"
        assert privacy.erase_visitor(engine, sender_id="visitor-v1")["referral"] == 1
    finally:
        engine.dispose()


def test_a_version_2_database_keeps_its_rows_and_gets_cautions(url, content, today):
    engine = store.engine_for(url)
    try:
        assert migrations.upgrade(engine, to=2) == [1, 2]
        assert "cautions" not in {c["name"] for c in inspect(engine).get_columns("assessment")}
        with engine.begin() as connection:  # rows as version 2 stored them
            connection.execute(
                text(
                    "INSERT INTO assessment (id, sender_id, created_at, disposition, regions,"
                    " sides, questions_asked, status) VALUES ('v2aaaaaaaaaa', 'visitor-v2',"
                    " :created, 'book_nmt', '[\"neck\"]', '[]', 4, 'contacted')"
                ),
                {"created": datetime.datetime(2026, 3, 4, 5, 6, 7)},
            )
            connection.execute(
                text(
                    "INSERT INTO answer (assessment_id, question_id, raw_text, parsed_value, how)"
                    " VALUES ('v2aaaaaaaaaa', 'cautions', 'blood thinners', '\"anticoagulant\"',"
                    " 'asked')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO referral (assessment_id, created_at, summary_text)"
                    " VALUES ('v2aaaaaaaaaa', :created, 'kept')"
                ),
                {"created": datetime.datetime(2026, 3, 4, 5, 7, 0)},
            )

        assert migrations.upgrade(engine) == since(3)
        assert migrations.current_version(engine) == migrations.LATEST

        report = store.get_assessment(engine, "v2aaaaaaaaaa")
        assert report.cautions is None  # not kept then, which is not "none found"
        assert report.assessment.status == "contacted"
        assert report.assessment.regions == ["neck"]
        assert [(a.question_id, a.value) for a in report.answers] == [("cautions", "anticoagulant")]
        assert [r.summary_text for r in report.referrals] == ["kept"]
        # saved again by a bot that keeps them: now they are there
        save(engine, content, today, "v2aaaaaaaaaa", WARFARIN, sender_id="visitor-v2")
        report = store.get_assessment(engine, "v2aaaaaaaaaa")
        assert [c.id for c in report.cautions] == ["anticoagulant"]
        assert report.assessment.status == "contacted"
        assert privacy.erase_visitor(engine, sender_id="visitor-v2")["assessment"] == 1
    finally:
        engine.dispose()


def test_a_version_3_database_keeps_its_rows_and_gets_clinic_logins(url, content, today):
    engine = store.engine_for(url)
    try:
        assert migrations.upgrade(engine, to=3) == [1, 2, 3]
        assert not inspect(engine).has_table("clinic_session")
        assert not inspect(engine).has_table("login_failure")
        insert_old_assessment(
            engine,
            "v3aaaaaaaaaa",
            "visitor-v3",
            '[{"id": "anticoagulant", "label": "Takes blood thinners", "evidence": ["warfarin"]}]',
        )
        store.save_referral(engine, assessment_id="v3aaaaaaaaaa", summary_text="kept")
        store.set_status(engine, "v3aaaaaaaaaa", "contacted")

        assert migrations.upgrade(engine, to=4) == [4]
        assert migrations.current_version(engine) == 4

        # the store reads the newest schema: the report is read once it is there
        assert migrations.upgrade(engine) == since(5)
        after = store.get_assessment(engine, "v3aaaaaaaaaa")
        assert after.assessment.status == "contacted"
        assert [r.summary_text for r in after.referrals] == ["kept"]
        assert [c.id for c in after.cautions] == ["anticoagulant"]
        # the new tables work, and erasing the visitor leaves the clinicians' rows alone
        store.save_clinic_session(engine, "h" * 64, "ada", NOW, NOW + datetime.timedelta(hours=1))
        store.add_login_failure(engine, "bob", NOW, NOW - datetime.timedelta(minutes=15))
        assert store.clinic_session_user(engine, "h" * 64, NOW) == "ada"
        counts = privacy.erase_visitor(engine, sender_id="visitor-v3")
        assert counts["assessment"] == 1 and "clinic_session" not in counts
        assert store.clinic_session_user(engine, "h" * 64, NOW) == "ada"
        assert store.count_login_failures(engine, "bob", NOW - datetime.timedelta(minutes=1)) == 1
    finally:
        engine.dispose()


def test_a_version_4_database_keeps_its_booking_requests_unmarked_and_gets_clearances(
    url, content, today
):
    engine = store.engine_for(url)
    try:
        assert migrations.upgrade(engine, to=4) == [1, 2, 3, 4]
        assert not inspect(engine).has_table("clearance")
        insert_old_assessment(engine, "v4aaaaaaaaaa", "visitor-v4")
        with engine.begin() as connection:  # a request as version 4 stored it
            connection.execute(
                text(
                    "INSERT INTO booking_request (assessment_id, name, contact, preferred_times,"
                    " consent_to_contact, created_at) VALUES ('v4aaaaaaaaaa', 'Ada', '0123',"
                    " 'mornings', :yes, :created)"
                ),
                {"yes": True, "created": datetime.datetime(2026, 5, 6, 7, 8, 9)},
            )

        assert migrations.upgrade(engine) == since(5)
        assert migrations.current_version(engine) == migrations.LATEST

        report = store.get_assessment(engine, "v4aaaaaaaaaa")
        assert [(b.name, b.clearance_stated) for b in report.booking_requests] == [("Ada", False)]
        assert report.clearances == []
        # (saved with the newest schema: a red flag's notification goes in the outbox, version 6)
        save(engine, content, today, "v4bbbbbbbbbb", RED_FLAG, sender_id="visitor-v4")
        store.save_clearance(
            engine, assessment_id="v4bbbbbbbbbb", statement="GP cleared me", red_flags=["infection"]
        )
        counts = privacy.erase_visitor(engine, sender_id="visitor-v4")
        assert counts["clearance"] == 1 and counts["booking_request"] == 1
    finally:
        engine.dispose()


def test_a_version_7_databases_red_flags_are_read_as_the_visitors_own(url, content, today):
    engine = store.engine_for(url)
    try:
        assert migrations.upgrade(engine, to=7) == since(1)[:7]
        columns = {c["name"] for c in inspect(engine).get_columns("red_flag_hit")}
        assert "someone_else" not in columns
        with engine.begin() as connection:  # an assessment and its hit as version 7 stored them
            connection.execute(
                text(
                    "INSERT INTO assessment (id, sender_id, created_at, disposition, regions,"
                    " sides, questions_asked, status) VALUES ('v7aaaaaaaaaa', 'visitor-v7',"
                    " :created, 'emergency', '[\"chest\"]', '[]', 2, 'new')"
                ),
                {"created": datetime.datetime(2026, 7, 8, 9, 10, 11)},
            )
            connection.execute(
                text(
                    "INSERT INTO red_flag_hit (assessment_id, group_id, label, disposition,"
                    " evidence) VALUES ('v7aaaaaaaaaa', 'cardiac', 'Chest pain', 'emergency',"
                    " '[\"crushing chest pain\"]')"
                )
            )

        assert migrations.upgrade(engine) == since(8)
        report = store.get_assessment(engine, "v7aaaaaaaaaa")
        assert [(h.group_id, h.evidence, h.someone_else) for h in report.red_flags] == [
            ("cardiac", ["crushing chest pain"], False)
        ]
        save(engine, content, today, "v7bbbbbbbbbb", DADS_STROKE, sender_id="visitor-v7")
        (hit,) = store.get_assessment(engine, "v7bbbbbbbbbb").red_flags
        assert hit.someone_else
        assert privacy.erase_visitor(engine, sender_id="visitor-v7")["red_flag_hit"] == 2
    finally:
        engine.dispose()


def test_a_failed_migration_leaves_the_database_as_it_was(engine, monkeypatch):
    def half_done(connection):
        connection.execute(text("CREATE TABLE half_done (id INTEGER)"))
        connection.execute(text("ALTER TABLE assessment ADD COLUMN half_done INTEGER"))
        raise RuntimeError("a migration that fails halfway")

    broken = migrations.LATEST + 1
    monkeypatch.setattr(
        migrations, "MIGRATIONS", [*migrations.MIGRATIONS, (broken, "x", half_done)]
    )
    with pytest.raises(RuntimeError, match="halfway"):
        migrations.upgrade(engine, to=broken)
    assert migrations.current_version(engine) == migrations.LATEST
    assert not inspect(engine).has_table("half_done")
    assert "half_done" not in {c["name"] for c in inspect(engine).get_columns("assessment")}


def test_processes_can_upgrade_and_save_at_the_same_time(url, content, today):
    """The action server and a dashboard may both open the store; visitors finish at once."""
    outcome, summary_text = assessment_of(BOOKABLE, content, today, None)
    engines = [store.engine_for(url) for _ in range(4)]
    errors = []

    def visitor(number, engine):
        try:
            migrations.upgrade(engine)
            for n in range(3):
                store.save_assessment(
                    engine,
                    assessment_id=f"{number:06d}{n:06d}",
                    sender_id=f"visitor-{number}",
                    consent_at=NOW,
                    outcome=outcome,
                    questions_asked=len(BOOKABLE),
                    answers=BOOKABLE,
                    summary_text=summary_text,
                )
        except Exception as error:  # collected, so that the test shows it
            errors.append(error)

    threads = [threading.Thread(target=visitor, args=pair) for pair in enumerate(engines)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        assert migrations.current_version(engines[0]) == migrations.LATEST
        assert len(store.list_assessments(engines[0])) == 12
    finally:
        for engine in engines:
            engine.dispose()


def test_engine_for_leaves_the_schema_alone_and_open_store_builds_it(url):
    engine = store.engine_for(url)
    try:
        assert inspect(engine).get_table_names() == []
        again = store.open_store(url)
        assert migrations.current_version(engine) == migrations.LATEST
        assert store.open_store(url) is not None  # and again: nothing to do
        again.dispose()
    finally:
        engine.dispose()


def test_the_migrated_schema_is_the_schema_the_store_uses(engine):
    inspector = inspect(engine)
    assert set(inspector.get_table_names()) == {*store.metadata.tables, "schema_version"}
    for table in store.metadata.sorted_tables:
        columns = {c["name"]: c for c in inspector.get_columns(table.name)}
        assert list(columns) == [c.name for c in table.columns], table.name
        for column in table.columns:
            assert columns[column.name]["nullable"] == column.nullable, column
        indexed = {tuple(i["column_names"]) for i in inspector.get_indexes(table.name)}
        assert {tuple(c.name for c in i.columns) for i in table.indexes} <= indexed, table.name
        if table in store.CHILD_TABLES:
            (foreign_key,) = inspector.get_foreign_keys(table.name)
            assert foreign_key["referred_table"] == "assessment"
            assert foreign_key["options"].get("ondelete") == "CASCADE"
        else:  # the assessment, and the clinic's logins (no visitor's data)
            assert inspector.get_foreign_keys(table.name) == []
        primary_key = inspector.get_pk_constraint(table.name)["constrained_columns"]
        assert primary_key == [c.name for c in table.primary_key.columns], table.name


def test_the_database_url_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("NMT_DATABASE_URL", raising=False)
    assert store.database_url() == f"sqlite:///{settings.REPO_ROOT}/var/nmt.db"
    assert store.database_url().startswith("sqlite:////")  # an absolute path
    monkeypatch.setenv("NMT_DATABASE_URL", "postgresql+psycopg2://u:p@127.0.0.1:5432/nmt")
    assert store.database_url() == "postgresql+psycopg2://u:p@127.0.0.1:5432/nmt"


# --- the dashboard's period summary ----------------------------------------------------------


def consent_event(tracker, sender_id, moment, value="set"):
    """A consent slot event as Rasa's SQLTrackerStore writes it (action_name: the slot)."""
    data = json.dumps({"event": "slot", "name": "consent_time", "value": value})
    with tracker.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO events (sender_id, type_name, timestamp, action_name, data)"
                " VALUES (:s, 'slot', :t, 'consent_time', :d)"
            ),
            {"s": sender_id, "t": moment.timestamp(), "d": data},
        )


def test_the_period_summary_counts_each_step(engine, tracker, content, today):
    hour = datetime.timedelta(hours=1)
    start, end = NOW - 24 * hour, NOW
    inside = NOW - 5 * hour
    # started: 4 counted in the period, 2 before it
    for moment in (inside, inside, inside + hour, inside + 2 * hour, start - hour, start - hour):
        store.count_start(engine, moment)
    # consented: five conversations; one left before the outcome
    for sender in ("v-book", "v-refer", "v-emerg", "v-left", "v-none"):
        consent_event(tracker, sender, inside)
    consent_event(tracker, "v-reset", inside, value=None)  # a reset is no consent
    consent_event(tracker, "v-before", start - hour)  # before the period
    add_events(tracker, "v-left", inside)
    save(engine, content, today, "sumbook00000", sender_id="v-book", created_at=inside + hour)
    store.save_booking_request(
        engine,
        assessment_id="sumbook00000",
        name="Ana",
        contact="1",
        preferred_times="any",
        consent_to_contact=True,
    )
    save(engine, content, today, "sumrefer0000", CANCER, sender_id="v-refer", created_at=inside)
    save(engine, content, today, "sumemerg0000", CARDIAC, sender_id="v-emerg", created_at=inside)
    # a conversation whose events are gone (erased or kept elsewhere) still counts by its
    # assessment's consent time; one consented before the period does not
    save(
        engine,
        content,
        today,
        "sumgone00000",
        sender_id="v-gone",
        consent_at=inside,
        created_at=inside,
    )
    save(
        engine,
        content,
        today,
        "sumold000000",
        sender_id="v-before",
        consent_at=start - hour,
        created_at=start - hour,
    )
    summary = store.period_summary(engine, start, end)
    assert summary == store.Summary(
        started=4,
        counted_since=start - hour,
        consented=6,
        finished=4,
        unfinished=2,
        booking_requested=1,
        referred=1,
        emergency=1,
        assessments=4,
        conversations_read=True,
    )


def test_the_period_summary_without_conversations_or_counts(engine, content, today):
    save(engine, content, today, "sumonly00000", consent_at=NOW, created_at=NOW)
    summary = store.period_summary(engine, NOW - datetime.timedelta(days=1), NOW)
    assert (summary.started, summary.counted_since, summary.conversations_read) == (
        None,
        None,
        False,
    )
    assert (summary.consented, summary.finished, summary.assessments) == (0, 0, 0)  # end: open
    summary = store.period_summary(engine, NOW, NOW + datetime.timedelta(days=1))
    assert (summary.consented, summary.finished, summary.unfinished) == (1, 1, 0)


def test_a_version_6_database_keeps_its_rows_and_gets_notes_and_start_counts(url, content, today):
    engine = store.engine_for(url)
    try:
        assert migrations.upgrade(engine, to=6) == since(1)[:6]
        assert not inspect(engine).has_table("clinic_note")
        with engine.begin() as connection:  # an assessment as version 6 stored it
            connection.execute(
                store.assessment.insert().values(
                    id="v6aaaaaaaaaa", sender_id="visitor-v6", created_at=NOW.replace(tzinfo=None),
                    disposition="urgent_physician", regions=["neck"], sides=["right"],
                    questions_asked=3, status="contacted",
                )
            )  # fmt: skip
        assert migrations.upgrade(engine) == since(7)
        [row] = store.list_page(engine, search="v6a").rows
        assert (row.assessment.status, row.notes, row.booking) == ("contacted", 0, None)
        store.add_note(engine, "v6aaaaaaaaaa", "ada", "called")
        store.count_start(engine, NOW)
        assert [n.text for n in store.get_assessment(engine, "v6aaaaaaaaaa").notes] == ["called"]
        assert store.period_summary(engine, NOW, NOW + datetime.timedelta(hours=1)).started == 1
    finally:
        engine.dispose()


def test_an_assessment_for_someone_else_is_stored_as_theirs(engine, content, today):
    save(engine, content, today, "formum000001", FOR_MUM)
    stored = store.get_assessment(engine, "formum000001").assessment
    assert (stored.about_another, stored.clients) == (True, ("mum",))
    # the visitor's own assessment, and one where a relative's sign is told beside the visitor's
    # own body (that hit is marked someone else's; the assessment is the visitor's)
    save(engine, content, today, "own000000001")
    save(engine, content, today, "dads00000001", DADS_STROKE)
    for ref in ("own000000001", "dads00000001"):
        stored = store.get_assessment(engine, ref).assessment
        assert (stored.about_another, stored.clients) == (False, ())
    listed = {a.id: a for a in store.list_assessments(engine)}
    assert listed["formum000001"].clients == ("mum",)


# a booking for the visitor's dad, with the visitor's own emergency told of themselves
# (bot/engine/assessment.py `_visitors_own`)
DAD_AND_MY_CHEST = {
    "region": answer(
        "Booking for my dad, his back is stiff. Also I have had crushing chest pain since this"
        " morning and I am sweating",
        ["lower_back"],
    ),
}


def test_the_visitors_own_red_flag_in_a_booking_for_someone_else_is_stored_as_theirs(
    engine, content, today
):
    save(engine, content, today, "dadme0000001", DAD_AND_MY_CHEST)
    report = store.get_assessment(engine, "dadme0000001")
    assert report.assessment.about_another
    assert [(h.group_id, h.visitors_own, h.someone_else) for h in report.red_flags] == [
        ("cardiac", True, False)
    ]
    assert report.assessment.visitors_own_red_flag
    # a booking for mum with only her signs, and the visitor's own assessment: none is marked
    save(engine, content, today, "formum000002", FOR_MUM)
    save(engine, content, today, "bad000000004", RED_FLAG)
    for ref in ("formum000002", "bad000000004"):
        stored = store.get_assessment(engine, ref)
        assert not any(h.visitors_own for h in stored.red_flags)
        assert not stored.assessment.visitors_own_red_flag
    listed = {a.id: a.visitors_own_red_flag for a in store.list_assessments(engine)}
    assert (listed["dadme0000001"], listed["formum000002"], listed["bad000000004"]) == (
        True,
        False,
        False,
    )
    [row] = store.list_page(engine, search="dadme").rows
    assert row.assessment.visitors_own_red_flag


def test_a_version_9_databases_red_flags_are_read_as_the_clients(url, content, today):
    engine = store.engine_for(url)
    try:
        assert migrations.upgrade(engine, to=9) == since(1)[:9]
        columns = {c["name"] for c in inspect(engine).get_columns("red_flag_hit")}
        assert "visitors_own" not in columns
        with engine.begin() as connection:  # an assessment and its hit as version 9 stored them
            connection.execute(
                text(
                    "INSERT INTO assessment (id, sender_id, created_at, disposition, regions,"
                    " sides, questions_asked, status, about_another, clients) VALUES"
                    " ('v9aaaaaaaaaa', 'visitor-v9', :created, 'emergency', '[\"chest\"]',"
                    " '[]', 2, 'new', TRUE, '[\"dad\"]')"
                ),
                {"created": datetime.datetime(2026, 11, 8, 9, 10, 11)},
            )
            connection.execute(
                text(
                    "INSERT INTO red_flag_hit (assessment_id, group_id, label, disposition,"
                    " evidence) VALUES ('v9aaaaaaaaaa', 'cardiac', 'Chest pain', 'emergency',"
                    " '[\"crushing chest pain\"]')"
                )
            )

        assert migrations.upgrade(engine) == since(10)
        report = store.get_assessment(engine, "v9aaaaaaaaaa")
        assert [(h.group_id, h.visitors_own) for h in report.red_flags] == [("cardiac", False)]
        assert not report.assessment.visitors_own_red_flag
        save(engine, content, today, "v9bbbbbbbbbb", DAD_AND_MY_CHEST, sender_id="visitor-v9")
        (hit,) = store.get_assessment(engine, "v9bbbbbbbbbb").red_flags
        assert hit.visitors_own
        assert privacy.erase_visitor(engine, sender_id="visitor-v9")["red_flag_hit"] == 2
    finally:
        engine.dispose()


def test_a_version_8_databases_assessments_are_read_as_the_visitors_own(url, content, today):
    engine = store.engine_for(url)
    try:
        assert migrations.upgrade(engine, to=8) == since(1)[:8]
        columns = {c["name"] for c in inspect(engine).get_columns("assessment")}
        assert not columns & {"about_another", "clients"}
        with engine.begin() as connection:  # an assessment as version 8 stored it
            connection.execute(
                text(
                    "INSERT INTO assessment (id, sender_id, created_at, disposition, regions,"
                    " sides, questions_asked, status) VALUES ('v8aaaaaaaaaa', 'visitor-v8',"
                    " :created, 'book_nmt', '[\"neck\"]', '[]', 2, 'new')"
                ),
                {"created": datetime.datetime(2026, 11, 8, 9, 10, 11)},
            )

        assert migrations.upgrade(engine) == since(9)
        stored = store.get_assessment(engine, "v8aaaaaaaaaa").assessment
        assert (stored.about_another, stored.clients) == (False, ())
        save(engine, content, today, "v8bbbbbbbbbb", FOR_MUM, sender_id="visitor-v8")
        stored = store.get_assessment(engine, "v8bbbbbbbbbb").assessment
        assert (stored.about_another, stored.clients) == (True, ("mum",))
        assert privacy.erase_visitor(engine, sender_id="visitor-v8")["assessment"] == 2
    finally:
        engine.dispose()
