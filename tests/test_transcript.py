"""The transcript in the pre-visit report (bot/clinic/transcript.py).

The pure function is tested on hand-built event dicts; the reader on SQLite and on a real
PostgreSQL (tests/postgres.py), with rows written by Rasa's own SQLTrackerStore from real Rasa
events, so the format is exactly Rasa's.
"""

from __future__ import annotations

import asyncio
import datetime
import json

import pytest
from sqlalchemy import text

from bot.clinic import privacy, store, transcript
from bot.clinic.transcript import ASSISTANT, PRESSED_A_BUTTON, VISITOR, Line

pytest_plugins = ["postgres"]

UTC = datetime.UTC
DAY1 = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
DAY2 = datetime.datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
CONSENT_BUTTONS = [
    {"title": "Yes, let's start", "payload": "/affirm"},
    {"title": "No, thank you", "payload": "/deny"},
]
SCRIPT = "<script>alert('x')</script>"


def at(moment, seconds=0):
    return (moment + datetime.timedelta(seconds=seconds)).timestamp()


def user(said, when=None):
    return {"event": "user", "timestamp": when, "text": said, "parse_data": {"text": said}}


def bot(said, when=None, buttons=None, custom=None):
    data = {"buttons": buttons, "custom": custom, "elements": None, "image": None}
    return {"event": "bot", "timestamp": when, "text": said, "data": data}


def session(when):
    return [
        {"event": "action", "timestamp": when, "name": "action_session_start"},
        {"event": "session_started", "timestamp": when},
        {"event": "action", "timestamp": when, "name": "action_listen"},
    ]


def said(found):
    return [(line.who, line.text) for line in found.lines]


# --- the pure function -----------------------------------------------------------------------


def test_messages_become_lines_and_buttons_show_their_titles():
    events = [
        *session(at(DAY1)),
        user("hi, my neck hurts", at(DAY1, 1)),
        bot("Hello.", at(DAY1, 2)),
        bot("May I ask some questions?", at(DAY1, 3), CONSENT_BUTTONS, {"type": "consent"}),
        {"event": "action", "name": "action_listen"},
        user("/affirm", at(DAY1, 4)),
        bot("Which side?", at(DAY1, 5), [{"title": "Left", "payload": "Left"}]),
        user("Left", at(DAY1, 6)),
    ]
    found = transcript.transcript(events)
    assert said(found) == [
        (VISITOR, "hi, my neck hurts"),
        (ASSISTANT, "Hello."),
        (ASSISTANT, "May I ask some questions?"),  # the custom payload is not shown
        (VISITOR, "Yes, let's start"),
        (ASSISTANT, "Which side?"),
        (VISITOR, "Left"),
    ]
    assert found.omitted == 0
    assert found.lines[0].time == DAY1 + datetime.timedelta(seconds=1)
    assert found.lines[0].time.tzinfo is UTC
    assert not any(line.cut for line in found.lines)


@pytest.mark.parametrize(
    "payload",
    ['/inform{"side": "left"}', "/affirm", "/deny@0.95", '/inform{"a":\n"b"}'],
)
def test_an_unknown_button_payload_is_not_shown_raw(payload):
    events = [bot("Anything else?", 1.0, [{"title": "Nope", "payload": "/other"}]), user(payload)]
    assert said(transcript.transcript(events))[-1] == (VISITOR, PRESSED_A_BUTTON)


def test_only_the_buttons_since_the_last_message_count():
    events = [
        bot("Ready?", 1.0, CONSENT_BUTTONS),
        user("hmm", 2.0),
        bot("Shall we?", 3.0),  # no buttons this time: the old ones are gone
        user("/affirm", 4.0),
        bot("Left or right?", 5.0, [{"title": "Left", "payload": "/inform"}]),
        bot("Or both?", 6.0, [{"title": "Both", "payload": "/both"}]),
        user("/inform", 7.0),  # a button of an earlier message since the visitor's last
        bot("Pick", 8.0, [{"title": " ", "payload": "/x"}, {"payload": "/y"}, "junk", {}]),
        user("/x", 9.0),  # a button without a title
        user("/y", 9.0),
    ]
    assert [text for who, text in said(transcript.transcript(events)) if who == VISITOR] == [
        "hmm",
        PRESSED_A_BUTTON,
        "Left",
        PRESSED_A_BUTTON,
        PRESSED_A_BUTTON,
    ]


def test_typed_text_that_starts_with_a_slash_is_kept():
    events = [user("/ sorry, typo"), user("1/2 of the time"), user("/")]
    assert said(transcript.transcript(events)) == [
        (VISITOR, "/ sorry, typo"),
        (VISITOR, "1/2 of the time"),
        (VISITOR, "/"),
    ]


def three_sessions():
    return [
        *session(at(DAY1)),
        user("first visit", at(DAY1, 60)),
        bot("Welcome.", at(DAY1, 61)),
        *session(at(DAY2)),
        user("second visit", at(DAY2, 60)),
        bot("Welcome back.", at(DAY2, 61)),
        *session(at(DAY2, 7200)),
        user("third visit", at(DAY2, 7260)),
    ]


@pytest.mark.parametrize(
    "moment, expected",
    [
        (DAY1 + datetime.timedelta(minutes=5), ["first visit", "Welcome."]),
        (DAY2 + datetime.timedelta(minutes=5), ["second visit", "Welcome back."]),
        (DAY2, ["second visit", "Welcome back."]),  # at the very start of the session
        (DAY2 + datetime.timedelta(days=9), ["third visit"]),
        # before every session start (the action server's clock behind): the first session
        (DAY1 - datetime.timedelta(seconds=3), ["first visit", "Welcome."]),
        # a naive time is UTC, as bot/clinic/store.py stores times
        (DAY2.replace(minute=5, tzinfo=None), ["second visit", "Welcome back."]),
        (None, ["first visit", "Welcome.", "second visit", "Welcome back.", "third visit"]),
    ],
)  # fmt: skip
def test_only_the_session_of_the_assessment_is_shown(moment, expected):
    found = transcript.transcript(three_sessions(), moment)
    assert [line.text for line in found.lines] == expected


def test_a_conversation_without_session_starts_is_shown_whole():
    events = [user("hi", 1.0), bot("Hello.", 2.0)]
    assert len(transcript.transcript(events, DAY2).lines) == 2


def test_a_session_start_without_a_time_is_passed_over():
    events = [*three_sessions()]
    events[events.index({"event": "session_started", "timestamp": at(DAY2)})] = {
        "event": "session_started"
    }
    found = transcript.transcript(events, DAY2 + datetime.timedelta(days=9))
    assert [line.text for line in found.lines] == ["third visit"]


def test_long_conversations_and_long_messages_are_capped():
    events = [user(f"message {n}", float(n)) for n in range(450)]
    events.append(bot("x" * 5000 + "END", 451.0))
    found = transcript.transcript(events)
    assert len(found.lines) == transcript.MAX_LINES == 400
    assert found.omitted == 51
    assert found.lines[0].text == "message 51"  # the last lines are kept
    assert found.lines[-1] == Line(
        ASSISTANT, "x" * transcript.TEXT_CHARS, found.lines[-1].time, cut=True
    )
    small = transcript.transcript(events, max_lines=3, text_chars=10)
    assert [(line.text, line.cut) for line in small.lines] == [
        ("message 44", True),  # "message 448", cut to 10 characters
        ("message 44", True),
        ("xxxxxxxxxx", True),
    ]
    assert small.omitted == 448


def test_missing_and_odd_fields_are_skipped_without_an_error():
    events = [
        None,
        "not an event",
        ["a", "list"],
        {},
        {"event": "user"},  # no text
        {"event": "user", "text": None},
        {"event": "user", "text": "   "},
        {"event": "user", "text": 42},
        {"event": "bot"},  # no text, no data
        {"event": "bot", "text": "", "data": {"custom": {"type": "assessment_outcome"}}},
        {"event": "bot", "text": "Shown", "data": "not a dict"},
        {"event": "bot", "text": "Also shown", "data": {"buttons": "not a list"}},
        {"event": "user", "text": "no time"},
        {"event": "user", "text": "bad time", "timestamp": "yesterday"},
        {"event": "user", "text": "NaN time", "timestamp": float("nan")},
        {"event": "user", "text": "huge time", "timestamp": 1e300},
        {"event": "user", "text": "bool time", "timestamp": True},
        {"event": "slot", "name": "x", "value": "a slot is not a line"},
        {"text": "no event type"},
    ]
    found = transcript.transcript(events, DAY2)
    assert said(found) == [
        (ASSISTANT, "Shown"),
        (ASSISTANT, "Also shown"),
        (VISITOR, "no time"),
        (VISITOR, "bad time"),
        (VISITOR, "NaN time"),
        (VISITOR, "huge time"),
        (VISITOR, "bool time"),
    ]
    assert all(line.time is None for line in found.lines)
    assert transcript.transcript([]) == transcript.Transcript()


def test_visitor_text_is_kept_as_given():
    events = [user(SCRIPT + "\n\nsecond paragraph 😣", 1.0)]
    assert said(transcript.transcript(events)) == [(VISITOR, SCRIPT + "\n\nsecond paragraph 😣")]


def test_rows_that_are_not_json_objects_are_skipped():
    good = json.dumps(user("hello", 5.0))
    rows = [
        ("user", 1.0, "{not json"),
        ("user", 2.0, None),
        ("user", 3.0, "[1, 2]"),
        ("user", 4.0, '"just a string"'),
        ("user", 5.0, good),
        ("user", 6.0, json.dumps({"text": "type and time from the row"})),
        ("bot", 7.0, b'{"event": "bot", "text": "bytes"}'),
    ]
    found = transcript.events_from_rows(rows)
    assert [(e["event"], e["timestamp"], e["text"]) for e in found] == [
        ("user", 5.0, "hello"),
        ("user", 6.0, "type and time from the row"),
        ("bot", 7.0, "bytes"),
    ]
    assert said(transcript.transcript(found)) == [
        (VISITOR, "hello"),
        (VISITOR, "type and time from the row"),
        (ASSISTANT, "bytes"),
    ]


# --- reading Rasa's events table -------------------------------------------------------------


@pytest.fixture
def url(database_url):
    """Once on SQLite, once on PostgreSQL (tests/postgres.py)."""
    return database_url


@pytest.fixture
def engine(url):
    """Our store and Rasa's events in one database, as components/tracker_store.py has it."""
    engine = store.open_store(url)
    yield engine
    engine.dispose()


def rasa_save(url, sender_id, events):
    """Store a conversation with Rasa's own SQLTrackerStore, as the Rasa server does."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker_store = SQLTrackerStore(host=url)
    try:
        tracker = DialogueStateTracker.from_events(sender_id, events, slots=[])
        asyncio.run(tracker_store.save(tracker))
    finally:
        tracker_store.engine.dispose()


def rasa_session(start, *turns):
    """Rasa's events of one session from `start`: the opening, then (kind, text, buttons)."""
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered

    clock = iter(range(1, 10_000))

    def when():
        return at(start, next(clock))

    events = [
        ActionExecuted("action_session_start", timestamp=at(start)),
        SessionStarted(timestamp=at(start)),
        ActionExecuted("action_listen", timestamp=at(start)),
    ]
    for kind, words, buttons in turns:
        if kind == "user":
            intent = {"name": "inform", "confidence": 1.0}
            events.append(UserUttered(words, intent, timestamp=when()))
            events.append(ActionExecuted("action_check", timestamp=when()))
        else:
            data = {"buttons": buttons, "custom": {"type": "question"}}
            events.append(BotUttered(words, data, timestamp=when()))
            events.append(ActionExecuted("action_listen", timestamp=when()))
    return events


FIRST_VISIT = rasa_session(
    DAY1,
    ("user", "my back, last year", None),
    ("bot", "Thank you.", None),
)
SECOND_VISIT = rasa_session(
    DAY2,
    ("user", f"hi, my neck hurts {SCRIPT}", None),
    ("bot", "May I ask some questions?", CONSENT_BUTTONS),
    ("user", "/affirm", None),
    ("bot", "Which side?", [{"title": "Left", "payload": "Left"}]),
    ("user", "Left", None),
)


def test_the_reader_shows_the_session_of_the_assessment(url, engine):
    assert transcript.read_transcript(engine, "visitor-1") == transcript.Transcript()
    rasa_save(url, "visitor-1", [*FIRST_VISIT, *SECOND_VISIT])
    rasa_save(url, "visitor-2", rasa_session(DAY2, ("user", "someone else", None)))
    with engine.begin() as connection:  # a row Rasa would not write
        connection.execute(
            text(
                "INSERT INTO events (sender_id, type_name, timestamp, data)"
                " VALUES ('visitor-1', 'user', :t, '{not json')"
            ),
            {"t": at(DAY2, 500)},
        )

    made = DAY2 + datetime.timedelta(minutes=1)  # the assessment's created_at
    found = transcript.read_transcript(engine, "visitor-1", made)
    assert said(found) == [
        (VISITOR, f"hi, my neck hurts {SCRIPT}"),
        (ASSISTANT, "May I ask some questions?"),
        (VISITOR, "Yes, let's start"),
        (ASSISTANT, "Which side?"),
        (VISITOR, "Left"),
    ]
    assert found.lines[0].time == DAY2 + datetime.timedelta(seconds=1)
    earlier = transcript.read_transcript(engine, "visitor-1", DAY1 + datetime.timedelta(hours=1))
    assert said(earlier) == [(VISITOR, "my back, last year"), (ASSISTANT, "Thank you.")]
    everything = transcript.read_transcript(engine, "visitor-1")
    assert len(everything.lines) == 7
    capped = transcript.read_transcript(engine, "visitor-1", made, max_lines=2)
    assert (said(capped), capped.omitted) == ([(ASSISTANT, "Which side?"), (VISITOR, "Left")], 3)
    assert said(transcript.read_transcript(engine, "visitor-2", made)) == [
        (VISITOR, "someone else")
    ]
    assert transcript.read_transcript(engine, "nobody", made) == transcript.Transcript()
    assert transcript.read_transcript(engine, "visitor-1' OR '1'='1", made).lines == []


def test_an_erased_visitor_has_no_transcript(url, engine):
    rasa_save(url, "visitor-1", SECOND_VISIT)
    assert transcript.read_transcript(engine, "visitor-1", DAY2).lines
    privacy.erase_visitor(engine, sender_id="visitor-1", tracker_engine=engine)
    assert transcript.read_transcript(engine, "visitor-1", DAY2) == transcript.Transcript()


def test_there_is_no_transcript_before_rasa_made_its_table(url):
    engine = store.engine_for(url)
    try:
        assert transcript.read_transcript(engine, "visitor-1", DAY2) == transcript.Transcript()
    finally:
        engine.dispose()
