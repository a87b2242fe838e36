"""Whole conversations with the real servers over the REST channel (marked e2e).

`make e2e` (part of `make test`, after training) starts the trained model and the action
server on spare ports with a fresh SQLite database, then talks to them as a visitor
would. Nothing here is mocked: NLU, policies, forms, custom actions and the tracker store are
the ones `make run` uses.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy
import yaml

from bot.clinic import store
from bot.conversation.texts import render
from bot.engine.content import default_content
from evaluation.runner import Visitor, find_outcome, load_vignettes, rest_sender, run_vignette
from evaluation.servers import running_servers, sqlite_url

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "nmt.tar.gz"
RASA_PORT = int(os.environ.get("NMT_E2E_RASA_PORT", "5105"))
ACTIONS_PORT = int(os.environ.get("NMT_E2E_ACTIONS_PORT", "5155"))


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    directory = tmp_path_factory.mktemp("e2e")
    url = sqlite_url(directory / "nmt.db")  # conversations and assessments
    with running_servers(
        MODEL, url, rasa_port=RASA_PORT, actions_port=ACTIONS_PORT, log_dir=directory / "logs"
    ) as running:
        yield SimpleNamespace(rest_url=running.rest_url, database_url=url)


class Chat:
    """One visitor's conversation: `say` sends a message and returns the bot's messages."""

    def __init__(self, url: str):
        self.url = url
        self.sender = uuid.uuid4().hex
        self.send = rest_sender(url)
        self.log: list[dict] = []

    def say(self, text: str) -> list[dict]:
        messages = self.send(self.sender, text)
        self.log += messages
        return messages


def customs(messages, kind):
    return [m["custom"] for m in messages if (m.get("custom") or {}).get("type") == kind]


def question_id(messages):
    asked = customs(messages, "question")
    return asked[-1]["question_id"] if asked else None


DEFAULTS = load_vignettes().defaults


def answer_all(chat: Chat, messages: list[dict], answers: dict | None = None, limit=60):
    """Answer every question with the given answers (else the vignette defaults) to the end."""
    visitor = Visitor(answers or {}, DEFAULTS)
    for _ in range(limit):
        if find_outcome(messages):
            return messages
        messages = chat.say(visitor.reply(messages))
    raise AssertionError("no outcome after the turn limit")


def start(chat: Chat, opening: str) -> list[dict]:
    first = chat.say(opening)
    assert customs(first, "disclaimer") and customs(first, "consent")
    return chat.say("yes")


# --- happy path ------------------------------------------------------------------------------


def test_a_whole_assessment_to_booking(servers):
    content = default_content()
    chat = Chat(servers.rest_url)
    messages = start(chat, "hi, my lower back has been aching for about 3 weeks, worse when I sit")
    assert question_id(messages) == "side"  # region and duration were in the opening message
    messages = answer_all(chat, messages)
    outcome = find_outcome(messages)
    assert outcome["disposition"] == "book_nmt"
    assert re.fullmatch(r"[0-9a-f]{12}", outcome["assessment_id"])
    assert outcome["red_flags"] == []
    assert outcome["regions"] == ["lower_back"]
    assert set(outcome["factors"]) == {"biomechanical", "biochemical", "psychosocial"}
    for factors in outcome["factors"].values():
        for factor in factors:
            assert factor["id"] in content.factors.factors and factor["label"]
            assert isinstance(factor["evidence"], list)
    assert 0 < outcome["questions_asked"] <= content.max_questions
    # every question carries its id, its "why", and buttons when it is closed; the rows of the
    # cards it came with count as asked
    questions = customs(chat.log, "question")
    rows = {r["question_id"] for q in questions if q["card"] for r in q["card"]["rows"]}
    assert len({q["question_id"] for q in questions} | rows) == outcome["questions_asked"]
    assert customs(chat.log, "disposition")  # the result came before the wellness cards
    for message in chat.log:
        custom = message.get("custom") or {}
        if custom.get("type") == "question":
            question = content.question(custom["question_id"])
            assert custom["why"] == question.why
            assert bool(message.get("buttons")) == (question.kind not in ("number", "free_text"))
    # the disclaimer again with the outcome, then the offer to book
    assert len(customs(chat.log, "disclaimer")) == 2
    assert customs(messages, "handoff_offer") == [{"type": "handoff_offer", "next_step": "booking"}]
    [handoff] = customs(chat.say("yes please"), "handoff")
    assert handoff["next_step"] == "booking"
    assert handoff["assessment_id"] == outcome["assessment_id"]
    assert "Pre-visit summary" in handoff["therapist_summary"]
    # the assessment is stored for the clinic, under this conversation
    report = store.get_assessment(
        store.engine_for(servers.database_url),
        outcome["assessment_id"],
    )
    assert report.assessment.sender_id == chat.sender
    assert report.assessment.disposition == "book_nmt"
    assert len(report.answers) >= outcome["questions_asked"]


# --- safety at every turn --------------------------------------------------------------------


def test_an_emergency_in_the_first_message_is_answered_at_once(servers):
    chat = Chat(servers.rest_url)
    messages = chat.say("crushing pain in my chest going down my left arm and i'm sweating")
    outcome = find_outcome(messages)
    assert outcome["disposition"] == "emergency"
    assert "cardiac" in outcome["red_flags"]
    assert not customs(messages, "handoff_offer")  # no booking is offered
    assert "call your local emergency number" in messages[0]["text"]
    [handoff] = customs(chat.say("can I book a massage anyway?"), "handoff")
    assert handoff["next_step"] == "call_emergency"


@pytest.mark.parametrize(
    "opening, wait_for, said, group, disposition",
    [
        # in an answer to an unrelated question, in each form
        (
            "my upper back aches",  # (a stiff neck with fever would be an emergency)
            "pain_intensity",
            "4, and I've had fevers and night sweats",
            "infection",
            "urgent_physician",
        ),
        (
            "my lower back aches",
            "red_flag.infection",
            "no but I can't feel when I need to pee",
            "cauda_equina",
            "emergency",
        ),
        (
            "my knee hurts",
            "hydration",
            "5 glasses. my calf is swollen, red and hot",
            "dvt",
            "urgent_physician",
        ),
        # answering a screening question yes
        ("my lower back aches", "red_flag.cancer", "yes", "cancer", "physician_referral"),
    ],
)
def test_a_red_flag_in_the_middle_stops_the_assessment(
    servers, opening, wait_for, said, group, disposition
):
    chat = Chat(servers.rest_url)
    messages = start(chat, opening)
    visitor = Visitor({}, DEFAULTS, cards=False)  # one question at a time: text-only clients
    for _ in range(40):
        if question_id(messages) == wait_for:
            break
        messages = chat.say(visitor.reply(messages))
    assert question_id(messages) == wait_for
    messages = chat.say(said)
    if not find_outcome(messages) and not customs(messages, "disposition"):
        # safety questions first, and the visitor is told why
        assert any(m.get("text") == render("red_flag_pause") for m in messages)
    # more urgent safety questions may still come; answer them "no"
    for _ in range(10):
        if find_outcome(messages) or customs(messages, "disposition"):
            break
        assert customs(messages, "question")[-1]["question_id"].startswith("red_flag.")
        messages = chat.say("no")
    wellness = default_content().question(wait_for).section == "wellness"
    if disposition != "emergency" and not wellness:
        # short of an emergency: the result in a line, then the questions for the visit (told
        # among those, after a benign result, the new advice comes at once)
        [result] = customs(messages, "disposition")
        assert result["disposition"] == disposition
        messages = answer_all(chat, messages)
    outcome = find_outcome(messages)
    assert group in outcome["red_flags"]
    assert outcome["disposition"] == disposition
    offers = customs(messages, "handoff_offer")
    if disposition == "emergency":
        assert offers == []
    else:
        assert offers == [{"type": "handoff_offer", "next_step": "referral_summary"}]
        [handoff] = customs(chat.say("yes"), "handoff")
        assert "It is not a diagnosis." in handoff["summary"]


SINCE_CANCER = "I had breast cancer five years ago and now the middle of my back aches"


def test_a_red_flag_before_consent_then_a_worse_sign_in_a_later_answer(servers):
    # the referral's result in a line, consent for the questions for the visit, and a sign in
    # the sleep answer that makes it a doctor today
    chat = Chat(servers.rest_url)
    messages = chat.say(SINCE_CANCER)
    for _ in range(10):
        if customs(messages, "disposition"):
            break
        assert question_id(messages).startswith("red_flag.")
        messages = chat.say("no")
    [result] = customs(messages, "disposition")
    assert result["disposition"] == "physician_referral"
    assert customs(messages, "consent") and not find_outcome(messages)
    messages = chat.say("yes")
    sleep = "awful, I wake up drenched and shivering most nights"
    messages = answer_all(chat, messages, {"sleep": sleep})
    outcome = find_outcome(messages)
    assert outcome["disposition"] == "urgent_physician"
    assert {"cancer", "infection"} <= set(outcome["red_flags"])
    engine = store.engine_for(servers.database_url)
    report = store.get_assessment(engine, outcome["assessment_id"])
    assert report.assessment.disposition == "urgent_physician"
    engine.dispose()


@pytest.mark.parametrize("reply", ["no thanks", "stop"])
def test_declining_the_questions_after_a_red_flag_still_gives_its_advice(servers, reply):
    chat = Chat(servers.rest_url)
    messages = chat.say(SINCE_CANCER)
    for _ in range(10):
        if customs(messages, "disposition"):
            break
        messages = chat.say("no")
    assert customs(messages, "consent")
    outcome = find_outcome(chat.say(reply))
    assert outcome["disposition"] == "physician_referral"
    assert outcome["assessment_id"] is None  # nothing kept without consent


def test_a_red_flag_after_the_outcome_updates_it(servers):
    chat = Chat(servers.rest_url)
    messages = answer_all(chat, start(chat, "my right shoulder aches after painting the ceiling"))
    assert find_outcome(messages)["disposition"] == "book_nmt"
    messages = chat.say("oh and I sometimes get pressure in my chest and go sweaty when it hurts")
    outcome = find_outcome(messages)
    assert outcome["disposition"] == "emergency"


# Every state a visitor can be in, reached by benign messages, then an emergency in words the
# intent classifier may read as anything (a greeting, thanks, a booking request, goodbye). A rule
# for the state must not win over the red-flag rule: at the consent question one did (docs/
# evaluation.md, twenty-third round), and the bot asked for consent again.
TO_THE_OUTCOME = None  # in a script: answer every question benignly until the outcome
STATES = {
    "consent": ["hi"],
    "consent declined": ["hi", "no"],
    "why at the consent question": ["hi", "why do you need my consent?"],
    "a question as the first message": ["how much does a session cost?"],
    "start over before consent": ["hi", "start over"],
    "a clearance before consent": ["hi", "my GP said it's fine, can I book?"],
    "a question in the form": ["hi", "yes", "how long is a session?"],
    "why in the form": ["hi", "yes", "my lower back aches", "why do you ask?"],
    "after stop": ["hi", "yes", "my lower back aches", "stop"],
    "start over in the form": ["hi", "yes", "my neck aches", "start over"],
    "booking handed off": ["hi", "yes", "my back aches after gardening", TO_THE_OUTCOME, "yes"],
    "booking declined, then goodbye": [
        "hi",
        "yes",
        "my back aches after gardening",
        TO_THE_OUTCOME,
        "no thanks",
        "thanks, bye",
    ],
}
EMERGENCIES = [
    "my face has dropped on one side and my words come out wrong since an hour ago",
    "hi again, I've got crushing pain in my chest going into my arm and I'm sweating",
    "thanks. also since this morning I can't pee and it's numb between my legs",
    "can I book for tomorrow? my chest feels crushed and I'm sweating and sick",
    "bye. oh the worst headache of my life came on in a second just now",
]


@pytest.mark.parametrize(
    "script, emergency",
    [(script, EMERGENCIES[i % len(EMERGENCIES)]) for i, script in enumerate(STATES.values())],
    ids=list(STATES),
)
def test_an_emergency_told_in_any_state_gets_the_emergency_advice(servers, script, emergency):
    chat = Chat(servers.rest_url)
    messages = []
    for text in script:
        messages = answer_all(chat, messages) if text is TO_THE_OUTCOME else chat.say(text)
    messages = chat.say(emergency)
    outcome = find_outcome(messages)
    assert outcome, [m.get("text") for m in messages]
    assert outcome["disposition"] == "emergency"
    assert "call your local emergency number" in " ".join(m.get("text") or "" for m in messages)


# --- interruptions and repair ----------------------------------------------------------------


def test_why_faq_correction_go_back_start_over_and_stop(servers):
    content = default_content()
    chat = Chat(servers.rest_url)
    messages = start(chat, "hello")
    assert question_id(messages) == "region"
    messages = chat.say("my neck")
    assert question_id(messages) == "side"
    messages = chat.say("why do you need to know that?")
    [why] = customs(messages, "why")
    assert why["question_id"] == "side"
    assert content.question("side").why in messages[0]["text"]
    assert question_id(messages) == "side"  # and the form resumes
    messages = chat.say("what is NMT?")
    assert customs(messages, "education")[0]["topic"] == "what_is_nmt"
    assert question_id(messages) == "side"
    messages = chat.say("left")
    assert question_id(messages) == "onset"
    messages = chat.say("sorry I meant the right side")
    assert "side: right" in messages[0]["text"]
    assert question_id(messages) == "onset"
    messages = chat.say("about 2 months")
    messages = chat.say("go back")
    assert question_id(messages) == "onset"
    messages = chat.say("start over")
    assert question_id(messages) == "region"
    messages = chat.say("stop")
    assert "stopped the questions" in messages[0]["text"]
    assert not customs(messages, "question")


def test_an_unreadable_answer_is_rephrased_then_left_after_three_tries(servers):
    chat = Chat(servers.rest_url)
    messages = start(chat, "my right calf is sore after running, for 4 days")
    assert question_id(messages) == "pain_intensity"
    messages = chat.say("purple")
    assert customs(messages, "question")[-1]["reask"] is True
    assert messages[-1]["text"].startswith(
        'Sorry, I didn\'t understand "purple". Over the last day'
    )
    assert messages[-1]["text"].endswith("Please give a number from 0 to 10.")
    chat.say("banana")
    messages = chat.say("the moon")
    assert question_id(messages) != "pain_intensity"  # noted as not known, moved on


def test_consent_declined_asks_nothing_and_keeps_nothing(servers):
    chat = Chat(servers.rest_url)
    chat.say("hi, my knee hurts when I climb stairs")
    messages = chat.say("no thanks")
    assert not customs(messages, "question")
    assert "nothing you typed here will be saved" in messages[0]["text"]
    # the conversation went on in memory (hello offers the assessment again), unsaved
    assert customs(chat.say("hello"), "consent")
    assert tracker_events(servers, chat.sender) == []


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "   ", "<script>alert(1)</script>", "😀🦵💥", "'; DROP TABLE events; --", "x" * 200_000],
)
def test_bad_input_gets_a_clear_answer(servers, text):
    chat = Chat(servers.rest_url)
    messages = chat.say(text)
    assert messages and all("text" in m for m in messages)
    # and the conversation still works afterwards
    assert chat.say("hi")


def test_a_message_mid_form_that_is_html_is_kept_as_text(servers):
    chat = Chat(servers.rest_url)
    start(chat, "hi")
    chat.say("<b>my neck</b>")
    events = tracker_events(servers, chat.sender)
    assert "<b>my neck</b>" in [e.get("text") for e in events if e.get("event") == "user"]


def post(url, body: bytes):
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        json.dumps({"message": "hi"}).encode(),  # no sender: refused, not a shared conversation
        json.dumps({"sender": "short", "message": "hi"}).encode(),
        json.dumps({"sender": "a" * 20 + "\n", "message": "hi"}).encode(),  # not an id either
        json.dumps({"sender": "a" * 20, "message": 42}).encode(),
    ],
)
def test_malformed_requests_are_refused_clearly(servers, body):
    status, payload = post(servers.rest_url, body)
    assert status == 400
    assert payload["error"]


def test_conversations_are_stored_from_consent_on(servers):
    chat = Chat(servers.rest_url)
    chat.say("hi, my neck is stiff")
    assert tracker_events(servers, chat.sender) == []  # before consent: nothing written
    chat.say("yes")
    said = [e.get("text") for e in tracker_events(servers, chat.sender) if e["event"] == "user"]
    # once consented, the whole session, with what was typed before consenting
    assert said == ["hi, my neck is stiff", "yes"]
    chat.say("on the left")
    said = [e.get("text") for e in tracker_events(servers, chat.sender) if e["event"] == "user"]
    assert said == ["hi, my neck is stiff", "yes", "on the left"]


def tracker_events(servers, sender):
    """The sender's events in Rasa's `events` table, in the database the servers share."""
    engine = store.engine_for(servers.database_url)
    with engine.connect() as connection:
        if not sqlalchemy.inspect(connection).has_table("events"):
            return []
        rows = connection.execute(
            sqlalchemy.text("select data from events where sender_id = :s order by id"),
            {"s": sender},
        ).fetchall()
    engine.dispose()
    return [json.loads(data) for (data,) in rows]


# Vignettes written for issue 11 to measure the semantic layer (the visitor describes the
# flag, then says "no"; the clinical review's new groups): make evaluate reports them
# (docs/evaluation.md); gating CI on them would mean tuning the layer to them.
MEASURED_ONLY = ("[said-then-no]", "[review]")


def test_the_vignettes_catch_every_red_flag(servers):
    """The clinical vignettes (evaluation/vignettes.yml): red-flag recall must be 100%."""
    vignettes = load_vignettes()
    send = rest_sender(servers.rest_url)
    missed = []
    for vignette in vignettes.vignettes:
        if vignette.disposition == "book_nmt" or vignette.summary.startswith(MEASURED_ONLY):
            continue
        result = run_vignette(vignette, vignettes.defaults, send)
        if result.got in (None, "book_nmt") or not set(vignette.red_flags) <= set(result.red_flags):
            missed.append((vignette.id, result.got, result.red_flags, result.error))
    assert missed == []


def test_the_domain_file_is_what_the_servers_run():
    # guards the e2e results against a stale model: the model's domain equals domain.yml
    import tarfile

    with tarfile.open(MODEL) as archive:
        member = next(
            m for m in archive.getmembers() if m.name.endswith("domain_provider/domain.yml")
        )
        trained = yaml.safe_load(archive.extractfile(member).read())
    current = yaml.safe_load((ROOT / "domain.yml").read_text())
    assert set(trained["slots"]) == set(current["slots"])
    assert set(trained["actions"]) == set(current["actions"])


# --- issue 10: commands, consent and odd input cannot undo or skip a safety decision ----------


@pytest.mark.parametrize("command", ["start over", "/restart", "/back", "/session_start"])
def test_an_emergency_answered_yes_stays_after_a_command_and_benign_answers(servers, command):
    # reproductions 1 and 2: neck pain, "yes, I do" to the cardiac question, an emergency; then
    # the command, and every later question answered benignly, ended in book_nmt
    chat = Chat(servers.rest_url)
    first = find_outcome(
        answer_all(chat, start(chat, "my neck hurts"), {"red_flag.cardiac": "yes, I do"})
    )
    assert first["disposition"] == "emergency"
    replies = chat.say(command)
    for _ in range(4):  # as a visitor would go on: hello again, and yes to the consent question
        if find_outcome(replies) or customs(replies, "question"):
            break
        replies = chat.say("yes" if customs(replies, "consent") else "hi")
    if not find_outcome(replies) and customs(replies, "question"):
        replies = answer_all(chat, replies)  # every question benign: the defaults say no
    later = [m for m in chat.log if (m.get("custom") or {}).get("type") == "assessment_outcome"]
    if command == "start over":
        assert len(later) >= 2, "start over did not end in an outcome again"
    assert all(m["custom"]["disposition"] == "emergency" for m in later)
    assert all("cardiac" in m["custom"]["red_flags"] for m in later)
    engine = sqlalchemy.create_engine(servers.database_url)
    for outcome in later:
        if outcome["custom"]["assessment_id"]:
            report = store.get_assessment(engine, outcome["custom"]["assessment_id"])
            assert report.assessment.disposition == "emergency"
    engine.dispose()


@pytest.mark.parametrize(
    "reply", ["...", "asdf", "申し訳ありません", "'; DROP TABLE events; --", "//"]
)
def test_text_that_is_not_a_yes_does_not_record_consent(servers, reply):
    # reproduction 6
    chat = Chat(servers.rest_url)
    chat.say("hello")
    replies = chat.say(reply)
    assert not any((m.get("custom") or {}).get("type") == "question" for m in replies)
    events = tracker_events(servers, chat.sender)
    assert not [e for e in events if e.get("event") == "slot" and e.get("name") == "consent_time"]


def test_a_question_before_consent_is_answered_then_a_yes_starts_the_questions(servers):
    # found by trying it as a visitor: the "yes" after an answer was read as outside the
    # questions ("We haven't started the questions yet")
    for question in ["what is nmt exactly?", "why?"]:
        chat = Chat(servers.rest_url)
        chat.say("hi")
        replies = chat.say(question)
        assert len(replies) >= 2 and customs(replies, "consent"), question
        replies = chat.say("ok yes let's start")
        assert question_id(replies) == "region", question
        events = tracker_events(servers, chat.sender)
        assert [e for e in events if e.get("event") == "slot" and e.get("name") == "consent_time"]


def test_a_question_as_the_first_message_is_answered_then_consent_is_asked(servers):
    # found by trying it in the browser: the answer came alone, and "let's do it" then got
    # "Say 'hi' whenever you're ready"
    chat = Chat(servers.rest_url)
    replies = chat.say("what is NMT?")
    assert customs(replies, "education") and customs(replies, "consent")
    assert question_id(chat.say("ok sounds good, let's do it")) == "region"


def test_stop_in_the_safety_questions_then_booking_books_nothing(servers):
    # reproduction 3
    chat = Chat(servers.rest_url)
    chat.say("my lower back hurts, it started 3 weeks ago")
    chat.say("yes")
    chat.say("stop")
    replies = chat.say("I would like to book an appointment")
    assert not [m for m in replies if (m.get("custom") or {}).get("type") == "handoff"]


def test_a_lone_surrogate_and_a_text_plain_body_get_clear_answers(servers):
    # point 8: a lone surrogate gave 500; text/plain needs no CORS preflight from another site
    body = b'{"sender": "' + b"s" * 20 + b'", "message": "3 weeks \\ud800"}'
    status, payload = post(servers.rest_url, body)
    assert status == 200 and isinstance(payload, list)
    request = urllib.request.Request(
        servers.rest_url,
        data=json.dumps({"sender": "t" * 20, "message": "hi"}).encode(),
        headers={"Content-Type": "text/plain"},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 415


# --- issue 12 part 4: a doctor's clearance stated after a referral ----------------------------

CLEARED = "my GP saw me last month and said it's fine, can I book anyway?"
CLEARANCE_FLAG = "Doctor clearance stated: check before treatment"


def test_a_clearance_after_a_referral_lets_the_visitor_request_a_marked_booking(servers, tmp_path):
    from bot.web import auth
    from evaluation.servers import free_port, running_web
    from tests.test_clinic import Client

    chat = Chat(servers.rest_url)
    messages = start(chat, "my lower back aches")
    # before the outcome it is an answer like any other, and the questions go on
    messages = chat.say("my GP said it's fine")
    assert customs(messages, "question") and not customs(messages, "handoff")
    messages = answer_all(chat, messages, {"red_flag.cancer": "yes"})
    outcome = find_outcome(messages)
    assert outcome["disposition"] == "physician_referral" and "cancer" in outcome["red_flags"]
    ref = outcome["assessment_id"]

    replies = chat.say(CLEARED)
    [handoff] = customs(replies, "handoff")
    assert handoff["next_step"] == "booking" and handoff["assessment_id"] == ref
    assert handoff["clearance"] == {"statement": CLEARED, "flag": CLEARANCE_FLAG}
    assert not customs(replies, "assessment_outcome")  # the referral stands
    engine = store.engine_for(servers.database_url)
    report = store.get_assessment(engine, ref)
    assert report.assessment.disposition == "physician_referral"
    assert [(c.statement, c.red_flags) for c in report.clearances] == [(CLEARED, ["cancer"])]

    users = tmp_path / "users.json"
    auth.save_user(users, "therapist", "correct horse battery")
    env = {"NMT_DATABASE_URL": servers.database_url, "NMT_CLINIC_USERS": str(users)}
    with running_web(free_port(), env, tmp_path / "web") as base:
        request = {
            "sender_id": chat.sender,
            "assessment_id": ref,
            "name": "Ada",
            "contact": "0123 456",
            "preferred_times": "mornings",
            "consent_to_contact": True,
        }
        status, body = post(f"{base}/booking", json.dumps(request).encode())
        assert (status, body["status"]) == (201, "received")
        clinic = Client(base)
        assert clinic.login()[0] == 303
        listed = clinic.get("/clinic")[2]
        row = re.search(rf'<tr [^>]*data-ref="{ref}">.*?</tr>', listed, re.S).group(0)
        assert f"Booking request: {CLEARANCE_FLAG}" in row
        page = clinic.get(f"/clinic/assessment/{ref}")[2]
        # on the assessment and on its booking request (and in the transcript, as the bot said it)
        badge = f'<span class="badge badge-clearance">{CLEARANCE_FLAG}</span>'
        assert page.count(badge) == 2
        assert "my GP saw me last month and said it&#39;s fine, can I book anyway?" in page
    report = store.get_assessment(engine, ref)
    assert [b.clearance_stated for b in report.booking_requests] == [True]
    assert report.assessment.disposition == "physician_referral"
    engine.dispose()


def test_after_an_emergency_a_clearance_still_means_call_now(servers):
    chat = Chat(servers.rest_url)
    outcome = find_outcome(chat.say("crushing pain in my chest going down my left arm, sweating"))
    assert outcome["disposition"] == "emergency"
    [handoff] = customs(chat.say("my doctor has cleared me"), "handoff")
    assert handoff["next_step"] == "call_emergency" and "clearance" not in handoff
