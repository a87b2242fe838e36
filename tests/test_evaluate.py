"""The evaluation's pure parts: the vignette file, the simulated visitor, metrics and report.

No Rasa server is started here; conversations run against small scripted fakes, and `main` is
tested against a stub HTTP server from the standard library.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from bot.engine.content import DISPOSITIONS, default_content
from evaluation import runner as ev
from evaluation import servers
from evaluation.servers import free_port

VIGNETTES = Path(__file__).resolve().parent.parent / "evaluation" / "vignettes.yml"


@pytest.fixture(scope="module")
def vignette_file():
    return ev.load_vignettes(VIGNETTES)


@pytest.fixture(scope="module")
def expectations():
    content = default_content()
    groups = {name: group.disposition for name, group in content.red_flags.groups.items()}
    return set(content.questions), groups


# --- the vignette file -----------------------------------------------------------------------


def _unscreened_groups() -> set[str]:
    """Groups from the clinical review (issue 11), whose screening question is asked only when
    the semantic layer may have heard them and which, so far, have no vignette:
    tests/test_red_flags_review.py covers them until vignettes.yml does."""
    content = default_content()
    return {
        g
        for g in content.red_flags.groups
        if f"red_flag.{g}" not in content.questions
        or content.question(f"red_flag.{g}").only_when_heard
    }


def test_vignette_file_has_no_problems(vignette_file, expectations):
    waiting = {f"red-flag group {g!r} is not covered by any vignette" for g in _unscreened_groups()}
    problems = ev.check_vignettes(vignette_file, *expectations)
    assert [p for p in problems if p not in waiting] == []


def test_every_vignette_has_an_opening_and_an_expectation(vignette_file):
    raw = yaml.safe_load(VIGNETTES.read_text(encoding="utf-8"))
    for entry in raw["vignettes"]:
        assert isinstance(entry.get("opening"), str) and entry["opening"].strip(), entry.get("id")
        assert isinstance(entry.get("expect"), dict), entry.get("id")
        assert "disposition" in entry["expect"] and "red_flags" in entry["expect"], entry["id"]


def test_answer_and_default_keys_are_question_ids(vignette_file):
    questions = default_content().questions
    for key in vignette_file.defaults:
        assert key in questions, f"defaults: {key}"
    for vignette in vignette_file.vignettes:
        for key in vignette.answers:
            assert key in questions, f"{vignette.id}: {key}"


def test_defaults_answer_every_question_but_region(vignette_file):
    questions = set(default_content().questions)
    assert set(vignette_file.defaults) == questions - {"region"}
    for vignette in vignette_file.vignettes:
        assert vignette.answers.get("region"), vignette.id


def test_defaults_are_benign(vignette_file):
    for key, value in vignette_file.defaults.items():
        if key.startswith("red_flag."):
            assert value == "no", key
        if key.startswith("phq4."):
            assert value == "not at all", key
    assert vignette_file.defaults["cautions"] == "none"


def test_answers_are_strings(vignette_file):
    for vignette in vignette_file.vignettes:
        for key, value in vignette.answers.items():
            assert isinstance(value, str) and value.strip(), f"{vignette.id}: {key}"
    for key, value in vignette_file.defaults.items():
        assert isinstance(value, str), key


def test_expected_dispositions_and_red_flags_are_valid(vignette_file):
    groups = default_content().red_flags.groups
    for vignette in vignette_file.vignettes:
        assert vignette.disposition in DISPOSITIONS, vignette.id
        for flag in vignette.red_flags:
            assert flag in groups, f"{vignette.id}: {flag}"
        if vignette.disposition == "book_nmt":
            assert vignette.red_flags == [], vignette.id
        else:
            assert vignette.red_flags, vignette.id
            dispositions = {groups[flag].disposition for flag in vignette.red_flags}
            assert vignette.disposition in dispositions, vignette.id


def test_enough_vignettes_and_every_group_covered(vignette_file):
    vignettes = vignette_file.vignettes
    assert len(vignettes) >= 40
    assert len({v.id for v in vignettes}) == len(vignettes)
    benign = [v for v in vignettes if v.disposition == "book_nmt"]
    red = [v for v in vignettes if v.disposition != "book_nmt"]
    assert len(benign) >= 20 and len(red) >= 20
    covered = {flag for v in vignettes for flag in v.red_flags}
    # the groups added from the clinical review (issue 11) have no vignettes yet: they are
    # tested in tests/test_red_flags_review.py until the vignette file covers them
    groups = set(default_content().red_flags.groups)
    assert groups - _unscreened_groups() <= covered <= groups


def test_some_emergency_screening_questions_are_answered_not_sure(vignette_file):
    groups = default_content().red_flags.groups
    emergency_questions = {
        f"red_flag.{name}" for name, group in groups.items() if group.disposition == "emergency"
    }
    unsure = [
        v.id
        for v in vignette_file.vignettes
        if any("not sure" in v.answers.get(q, "").lower() for q in emergency_questions)
    ]
    assert len(unsure) >= 3


def test_red_flags_appear_in_the_opening_and_in_unrelated_answers(vignette_file):
    kinds = {"[opening]", "[screen]", "[aside]", "[unsure]"}
    found = {kind for v in vignette_file.vignettes for kind in kinds if kind in v.summary}
    assert found == kinds


def _file(**changes):
    vignette = {
        "id": "v1",
        "summary": "s",
        "opening": "my neck hurts",
        "answers": {"region": "neck"},
        "expect": {"disposition": "book_nmt", "red_flags": []},
    }
    vignette.update(changes)
    return {"defaults": {"side": "left"}, "vignettes": [vignette]}


def _problems(tmp_path, data, question_ids=("region", "side"), groups=None):
    path = tmp_path / "v.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    groups = groups or {"cardiac": "emergency", "cancer": "physician_referral"}
    return ev.check_vignettes(ev.load_vignettes(path), question_ids, groups, min_vignettes=1)


def test_check_finds_nothing_wrong_with_a_sound_file(tmp_path):
    data = _file()
    data["vignettes"].append(
        {
            "id": "v2",
            "summary": "s",
            "opening": "chest pain",
            "answers": {"region": "chest"},
            "expect": {"disposition": "emergency", "red_flags": ["cardiac", "cancer"]},
        }
    )
    assert _problems(tmp_path, data, groups={"cardiac": "emergency"}) != []  # cancer unknown
    assert (
        _problems(tmp_path, data, groups={"cardiac": "emergency", "cancer": "physician_referral"})
        == []
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"answers": {"region": "neck", "nonsense": "x"}}, "'nonsense' is not a question id"),
        ({"answers": {"region": "neck", "side": True}}, "must be a non-empty string"),
        ({"answers": {"side": "left"}}, "no region"),
        ({"opening": ""}, "no opening"),
        ({"expect": {"disposition": "massage", "red_flags": []}}, "not one of"),
        ({"expect": {"disposition": "emergency", "red_flags": ["gout"]}}, "'gout' is not a"),
        ({"expect": {"disposition": "emergency", "red_flags": []}}, "names no red flag"),
        ({"expect": {"disposition": "book_nmt", "red_flags": ["cardiac"]}}, "expects red flags"),
        ({"expect": {"disposition": "physician_referral", "red_flags": ["cardiac"]}}, "lead to"),
    ],
)
def test_check_reports_bad_vignettes(tmp_path, changes, expected):
    problems = _problems(tmp_path, _file(**changes))
    assert any(expected in problem for problem in problems), problems


def test_a_development_set_need_not_cover_every_group(tmp_path):
    path = tmp_path / "v.yml"
    path.write_text(yaml.safe_dump(_file()), encoding="utf-8")
    groups = {"cardiac": "emergency", "cancer": "physician_referral"}
    vignettes = ev.load_vignettes(path)
    whole = ev.check_vignettes(vignettes, ("region", "side"), groups, min_vignettes=1)
    assert any("'cancer' is not covered" in p for p in whole)
    partial = ev.check_vignettes(
        vignettes, ("region", "side"), groups, min_vignettes=1, every_group=False
    )
    assert not any("is not covered" in p for p in partial)


def test_check_reports_file_level_problems(tmp_path):
    data = _file()
    data["defaults"] = {"side": "left", "age": 40}
    problems = _problems(tmp_path, data, question_ids=("region", "side", "onset"))
    assert any("'age' is not a question id" in p for p in problems)
    assert any("must be a quoted string" in p for p in problems)
    assert any("no answer for onset" in p for p in problems)
    assert any("'cardiac' is not covered" in p for p in problems)
    data = _file()
    data["vignettes"].append(dict(data["vignettes"][0]))
    assert any("id used twice" in p for p in _problems(tmp_path, data))
    path = tmp_path / "few.yml"
    path.write_text(yaml.safe_dump(_file()), encoding="utf-8")
    problems = ev.check_vignettes(ev.load_vignettes(path), {"region", "side"}, {})
    assert any("at least 40" in p for p in problems)


def test_load_reports_a_vignette_without_expect(tmp_path):
    data = _file()
    del data["vignettes"][0]["expect"]
    assert any("no expect" in p for p in _problems(tmp_path, data))


# --- the simulated visitor -------------------------------------------------------------------


def question(question_id, reask=False, text="?"):
    return {
        "text": text,
        "custom": {"type": "question", "question_id": question_id, "reask": reask},
    }


CONSENT = {"text": "Shall we start?", "custom": {"type": "consent"}}
DISCLAIMER = {"text": "This is not a diagnosis.", "custom": {"type": "disclaimer"}}


def outcome(disposition="book_nmt", red_flags=(), asked=3):
    return {
        "text": "done",
        "custom": {
            "type": "assessment_outcome",
            "assessment_id": "a1",
            "disposition": disposition,
            "red_flags": list(red_flags),
            "factors": {},
            "regions": ["neck"],
            "questions_asked": asked,
        },
    }


def test_visitor_consents():
    visitor = ev.Visitor({}, {})
    assert visitor.reply([DISCLAIMER, CONSENT]) == "yes"


def test_visitor_answers_from_vignette_then_defaults_then_dont_know():
    visitor = ev.Visitor({"onset": "3 weeks"}, {"onset": "2 weeks", "age": "34"})
    assert visitor.reply([question("onset")]) == "3 weeks"
    assert visitor.reply([question("age")]) == "34"
    assert visitor.reply([question("mystery")]) == "I don't know"
    assert visitor.unanswerable == ["mystery"]


def test_visitor_replies_to_the_last_prompt():
    visitor = ev.Visitor({"onset": "3 weeks", "age": "40"}, {})
    assert visitor.reply([{"text": "thanks"}, question("onset"), question("age")]) == "40"
    assert visitor.reply([question("onset"), {"text": "take your time"}]) == "3 weeks"


def test_visitor_gives_up_after_two_reasks_in_a_row():
    visitor = ev.Visitor({"onset": "ages"}, {})
    assert visitor.reply([question("onset")]) == "ages"
    assert visitor.reply([question("onset", reask=True)]) == "ages"
    assert visitor.parse_failures == []
    assert visitor.reply([question("onset", reask=True)]) == "I don't know"
    assert visitor.parse_failures == ["onset"]
    assert visitor.reply([question("onset", reask=True)]) == "I don't know"
    assert visitor.parse_failures == ["onset"]  # one failure per question, not per reask


def test_visitor_reask_count_restarts_for_another_question():
    visitor = ev.Visitor({"onset": "ages", "age": "old"}, {})
    visitor.reply([question("onset")])
    visitor.reply([question("onset", reask=True)])
    assert visitor.reply([question("age", reask=True)]) == "old"
    assert visitor.reply([question("age", reask=True)]) == "old"
    assert visitor.parse_failures == []


def card_question(question_id, rows, kind="rows", none=None):
    card = {
        "id": "c",
        "kind": kind,
        "title": "t",
        "rows": [{"question_id": q, "label": label} for q, label in rows],
        "none": none,
    }
    return {"text": "q", "custom": {"type": "question", "question_id": question_id, "card": card}}


def test_visitor_answers_a_card_as_the_page_does():
    visitor = ev.Visitor({"onset": "3 weeks", "pain_intensity": "6\n(ish)"}, {})
    message = card_question("onset", [("onset", "How long"), ("pain_intensity", "Pain")])
    assert visitor.reply([message]) == "How long: 3 weeks\nPain: 6 (ish)"


def test_visitor_answers_a_checklist_of_plain_no_with_none_of_these():
    rows = [("red_flag.dvt", "Calf"), ("red_flag.cancer", "Cancer")]
    checklist = card_question("red_flag.dvt", rows, "checklist", "None of these")
    assert (
        ev.Visitor({}, {"red_flag.dvt": "no", "red_flag.cancer": "No"}).reply([checklist])
        == "None of these"
    )
    said = ev.Visitor({"red_flag.cancer": "I had breast cancer in 2015"}, {"red_flag.dvt": "no"})
    assert said.reply([checklist]) == "Calf: no\nCancer: I had breast cancer in 2015"


def test_a_card_answer_counts_taps_and_typed_numbers():
    visitor = ev.Visitor({"onset": "3 weeks", "pain_intensity": "6"}, {})
    message = card_question("onset", [("onset", "How long"), ("pain_intensity", "Pain")])
    message["custom"]["card"]["rows"][1]["buttons"] = [{"title": "6", "payload": "6"}]
    visitor.reply([message])
    assert visitor.effort == len("3 weeks") + ev.CHARS_PER_TAP
    visitor.reply([question("onset")])
    assert visitor.effort == len("3 weeks")


def test_a_card_is_read_as_its_title_and_rows():
    message = card_question("onset", [("onset", "How long"), ("pain_intensity", "Pain")])
    message["custom"]["card"]["rows"][0]["text"] = "How long have you had it?"
    # "t", "How long" + "How long have you had it?", "Pain"
    assert ev.words_shown(message) == 1 + 2 + 6 + 1


def test_a_checklist_is_read_as_its_title_and_row_texts():
    # the page shows a checklist row's text only (chat.js renderChecklist), not its label
    message = card_question("onset", [("onset", "How long"), ("pain_intensity", "Pain")])
    message["custom"]["card"]["kind"] = "checklist"
    message["custom"]["card"]["rows"][0]["text"] = "How long have you had it?"
    # "t", "How long have you had it?", "Pain" (no text: its label)
    assert ev.words_shown(message) == 1 + 6 + 1


def test_turns_to_the_result_stop_at_the_disposition_message():
    disposition = {"text": "Good news", "custom": {"type": "disposition"}}
    replies = iter([[CONSENT], [question("onset")], [disposition, question("sleep")], [outcome()]])
    result = ev.run_vignette(
        ev.Vignette("v", "s", "my neck", {}, "book_nmt", []),
        {"onset": "2 weeks"},
        lambda sender, text: next(replies),
    )
    assert (result.turns_to_result, result.turns) == (3, 4)
    assert result.words_read == 8  # "Shall we start?", "?", "Good news", "?", "done"


def test_visitor_nudges_when_nothing_is_asked():
    visitor = ev.Visitor({}, {})
    assert visitor.reply([{"text": "hello"}]) == ev.NUDGE_REPLY
    assert visitor.reply([]) == ev.NUDGE_REPLY
    assert visitor.nudges == 2


def test_count_questions_ignores_reasks_and_other_messages():
    messages = [DISCLAIMER, question("onset"), question("onset", reask=True), {"text": "x"}]
    messages.append({"text": "y", "custom": {"type": "question", "question_id": "age"}})
    assert ev.count_questions(messages) == 2
    assert ev.find_outcome(messages) is None
    assert ev.find_outcome([*messages, outcome("emergency")])["disposition"] == "emergency"


# --- conversations against scripted fakes ----------------------------------------------------


class ScriptedBot:
    """Replies from a list, one reply per visitor message; records what it was sent."""

    def __init__(self, replies):
        self.replies = list(replies)
        self.sent = []

    def __call__(self, sender, text):
        self.sent.append((sender, text))
        return self.replies.pop(0) if self.replies else [{"text": "hmm"}]


def vignette(**changes):
    values = {
        "id": "v",
        "summary": "s",
        "opening": "my neck hurts",
        "answers": {"onset": "a month"},
        "disposition": "book_nmt",
        "red_flags": [],
    }
    values.update(changes)
    return ev.Vignette(**values)


def test_run_vignette_full_conversation():
    bot = ScriptedBot(
        [
            [DISCLAIMER, CONSENT],
            [question("onset")],
            [question("onset", reask=True)],
            [question("age")],
            [{"text": "thanks"}, outcome("book_nmt", asked=2)],
        ]
    )
    result = ev.run_vignette(vignette(), {"age": "34"}, bot)
    assert [text for _, text in bot.sent] == ["my neck hurts", "yes", "a month", "a month", "34"]
    senders = {sender for sender, _ in bot.sent}
    assert len(senders) == 1 and len(senders.pop()) >= 16
    assert result.got == "book_nmt" and result.completed
    assert result.questions == 2 and result.reasks == 1 and result.turns == 5
    assert result.questions_asked_by_bot == 2 and result.regions == ["neck"]
    assert result.error is None and result.parse_failures == []


def test_run_vignette_outcome_straight_after_the_opening():
    bot = ScriptedBot([[outcome("emergency", ["cardiac"], asked=0)]])
    result = ev.run_vignette(vignette(disposition="emergency", red_flags=["cardiac"]), {}, bot)
    assert result.got == "emergency" and result.red_flags == ["cardiac"]
    assert result.turns == 1 and result.questions == 0


def test_each_conversation_has_its_own_sender():
    bot = ScriptedBot([[outcome()], [outcome()]])
    ev.run_vignette(vignette(), {}, bot)
    ev.run_vignette(vignette(), {}, bot)
    assert bot.sent[0][0] != bot.sent[1][0]


def test_run_vignette_stops_after_max_turns():
    bot = ScriptedBot([])
    result = ev.run_vignette(vignette(), {}, bot, max_turns=60)
    assert not result.completed and result.turns == 60 and "60 turns" in result.error
    assert len(bot.sent) == 60


def test_run_vignette_records_a_failed_request():
    def broken(sender, text):
        raise ConnectionRefusedError("refused")

    result = ev.run_vignette(vignette(), {}, broken)
    assert not result.completed and "refused" in result.error


def test_run_vignette_rejects_an_outcome_without_disposition():
    message = {"custom": {"type": "assessment_outcome", "red_flags": []}}
    result = ev.run_vignette(vignette(), {}, ScriptedBot([[message]]))
    assert not result.completed and "disposition" in result.error


# --- metrics ---------------------------------------------------------------------------------


def result(vid, expected, got, flags=(), expected_flags=(), questions=10, turns=12, **kw):
    return ev.VignetteResult(
        id=vid,
        expected=expected,
        expected_red_flags=list(expected_flags),
        got=got,
        red_flags=list(flags),
        questions=questions,
        turns=turns,
        **kw,
    )


def hand_made_results():
    return [
        result("benign_ok", "book_nmt", "book_nmt", questions=20, turns=22),
        result("benign_over", "book_nmt", "physician_referral", ["cancer"], questions=18),
        result("benign_ok2", "book_nmt", "book_nmt", questions=24, turns=26),
        result("cardiac_ok", "emergency", "emergency", ["cardiac"], ["cardiac"], questions=2),
        # right disposition, but the expected group is not named: a miss
        result("stroke_wrong_group", "emergency", "emergency", ["cardiac"], ["stroke_or_arterial"]),
        # sent to booking: a miss
        result("dvt_booked", "urgent_physician", "book_nmt", [], ["dvt"]),
        # caught with the right group, but less urgent than expected
        result("cauda_under", "emergency", "urgent_physician", ["cauda_equina"], ["cauda_equina"]),
        # no outcome at all: a miss, and incomplete
        ev.VignetteResult("fracture_lost", "physician_referral", ["fracture"], turns=60, error="x"),
    ]


def test_metrics_on_hand_made_results():
    metrics = ev.compute_metrics(hand_made_results())
    assert metrics.total == 8 and metrics.correct == 4
    assert metrics.accuracy == pytest.approx(4 / 8)
    assert metrics.red_flag_total == 5 and metrics.red_flag_caught == 2
    assert metrics.recall == pytest.approx(2 / 5)
    assert not metrics.recall_ok
    missed = dict(metrics.misses)
    assert set(missed) == {"stroke_wrong_group", "dvt_booked", "fracture_lost"}
    assert "without stroke_or_arterial" in missed["stroke_wrong_group"]
    assert "book_nmt" in missed["dvt_booked"]
    assert "no outcome" in missed["fracture_lost"]
    assert metrics.under_triaged == ["cauda_under"]
    assert metrics.benign_total == 3 and metrics.over_triaged == ["benign_over"]
    assert metrics.over_triage_rate == pytest.approx(1 / 3)
    assert metrics.incomplete == ["fracture_lost"]
    # questions and turns over the 7 conversations that reached an outcome
    assert metrics.median_questions == 10 and metrics.max_questions == 24
    assert metrics.median_turns == 12 and metrics.max_turns == 26
    assert metrics.per_group["stroke_or_arterial"] == (1, 0)
    assert metrics.per_group["cardiac"] == (1, 1)
    assert metrics.per_group["fracture"] == (1, 0)
    assert metrics.confusion[("physician_referral", "none")] == 1
    assert metrics.confusion[("book_nmt", "book_nmt")] == 2


def test_a_single_red_flag_miss_fails_the_recall_check():
    results = [
        result("a", "emergency", "emergency", ["cardiac"], ["cardiac"]),
        result("b", "physician_referral", "physician_referral", ["fracture"], ["fracture"]),
        result("c", "urgent_physician", "book_nmt", [], ["infection"]),
    ]
    metrics = ev.compute_metrics(results)
    assert metrics.recall == pytest.approx(2 / 3) and not metrics.recall_ok
    assert [vid for vid, _ in metrics.misses] == ["c"]


def test_all_caught_passes_and_extra_flags_are_allowed():
    results = [
        result("a", "emergency", "emergency", ["cardiac", "cancer"], ["cardiac"]),
        result("b", "book_nmt", "book_nmt"),
    ]
    metrics = ev.compute_metrics(results)
    assert metrics.recall == 1.0 and metrics.recall_ok and metrics.misses == []
    assert metrics.accuracy == 1.0 and metrics.over_triage_rate == 0.0


def test_metrics_without_results():
    metrics = ev.compute_metrics([])
    assert metrics.accuracy is None and metrics.recall is None and metrics.recall_ok
    assert metrics.median_questions is None and metrics.over_triage_rate is None


def test_red_flag_miss_reasons():
    assert ev.red_flag_miss(result("a", "emergency", "emergency", ["cardiac"], ["cardiac"])) is None
    assert "book_nmt" in ev.red_flag_miss(result("a", "emergency", "book_nmt", [], ["cardiac"]))


# --- the report ------------------------------------------------------------------------------


def test_report_shows_metrics_misses_and_every_vignette():
    results = hand_made_results()
    results[0].parse_failures = ["cause"]
    report = ev.render_report(ev.compute_metrics(results), results)
    assert report.startswith("# ")
    assert "| disposition accuracy | 50.0% (4/8) |" in report
    assert "| red-flag recall | 40.0% (2/5) |" in report
    assert "| over-triage rate | 33.3% (1/3) |" in report
    assert "| questions asked (median / max) | 10 / 24 |" in report
    assert "**FAIL**" in report
    assert "## Red-flag misses" in report and "`dvt_booked`: sent to book_nmt" in report
    assert "`benign_over`: physician_referral (cancer)" in report
    assert "`cauda_under`" in report
    for r in results:
        assert f"| {r.id} | {r.expected} |" in report
    assert "| fracture_lost | physician_referral | none **x** |" in report
    assert "not understood: cause" in report
    assert "| emergency | 2 | 1 | 0 | 0 | 0 |" in report  # the disposition table


def test_report_passes_and_escapes_table_cells():
    results = [result("a|b", "book_nmt", "book_nmt")]
    report = ev.render_report(ev.compute_metrics(results), results)
    assert "**PASS**" in report and "a\\|b" in report
    assert "## Red-flag misses" not in report


# --- NLU results -----------------------------------------------------------------------------


def report_json(labels, weighted):
    data = {
        label: {"precision": 1.0, "recall": 1.0, "f1-score": f1, "support": 3}
        for label, f1 in labels.items()
    }
    data["accuracy"] = 0.9
    data["macro avg"] = {"precision": 0.5, "recall": 0.5, "f1-score": 0.5, "support": 9}
    data["weighted avg"] = weighted
    return json.dumps(data)


def test_read_nlu_results(tmp_path):
    weighted = {"precision": 0.91, "recall": 0.9, "f1-score": 0.905, "support": 120}
    (tmp_path / "intent_report.json").write_text(
        report_json({"greet": 1.0, "affirm": 0.8}, weighted)
    )
    (tmp_path / "DIETClassifier_report.json").write_text(
        report_json({"body_region": 0.7}, {"precision": 0.7, "recall": 0.7, "f1-score": 0.7})
    )
    (tmp_path / "response_selection_report.json").write_text(report_json({"x": 0.1}, {}))
    (tmp_path / "intent_errors.json").write_text("[]")
    nlu = ev.read_nlu_results(tmp_path)
    assert nlu["intent"]["f1"] == 0.905 and nlu["intent"]["precision"] == 0.91
    assert nlu["intent"]["recall"] == 0.9 and nlu["intent"]["support"] == 120
    assert nlu["intent"]["labels"] == {"affirm": 0.8, "greet": 1.0}
    assert list(nlu["entities"]) == ["DIETClassifier"]
    assert nlu["entities"]["DIETClassifier"]["labels"] == {"body_region": 0.7}
    report = ev.render_report(ev.compute_metrics([]), [], nlu)
    assert "| intents | 0.905 | 0.910 | 0.900 | 120 |" in report
    assert "| entities: DIETClassifier | 0.700 |" in report
    assert "- affirm: 0.800" in report


def test_read_nlu_results_without_reports(tmp_path):
    nlu = ev.read_nlu_results(tmp_path)
    assert nlu == {"intent": None, "entities": {}}
    assert "No intent or entity reports" in ev.render_report(ev.compute_metrics([]), [], nlu)


# --- main, against a stub HTTP server --------------------------------------------------------


class StubChannel(BaseHTTPRequestHandler):
    """Answers every first message with an outcome: emergency for 'chest', else book_nmt."""

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        assert len(body["sender"]) >= 16
        if self.path.endswith("/error"):
            self.send_error(500, "boom")
            return
        if self.path.endswith("/object"):
            reply = {"not": "a list"}
        elif "chest" in body["message"]:
            reply = [outcome("emergency", ["cardiac"] if self.server.catch else [])]
        else:
            reply = [outcome("book_nmt")]
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def stub_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), StubChannel)
    server.catch = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, f"http://127.0.0.1:{server.server_address[1]}/webhooks/nmt/webhook"
    server.shutdown()
    server.server_close()


@pytest.fixture
def small_vignettes(tmp_path, monkeypatch):
    monkeypatch.setattr(
        ev, "content_expectations", lambda: ({"region", "side"}, {"cardiac": "emergency"})
    )
    data = _file()
    data["vignettes"].append(
        {
            "id": "chest",
            "summary": "s",
            "opening": "crushing chest pain",
            "answers": {"region": "chest"},
            "expect": {"disposition": "emergency", "red_flags": ["cardiac"]},
        }
    )
    path = tmp_path / "v.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_main_passes_and_writes_the_report(stub_url, small_vignettes, tmp_path, monkeypatch):
    monkeypatch.setattr(ev, "check_vignettes", lambda *a, **k: [])  # only 2 vignettes
    _, url = stub_url
    report = tmp_path / "out" / "report.md"
    results = tmp_path / "results.json"
    argv = ["--url", url, "--vignettes", str(small_vignettes), "--report", str(report)]
    assert ev.main([*argv, "--results-json", str(results)]) == 0
    assert "**PASS**" in report.read_text()
    assert [r["got"] for r in json.loads(results.read_text())] == ["book_nmt", "emergency"]


def test_main_fails_on_a_red_flag_miss(stub_url, small_vignettes, monkeypatch, capsys):
    monkeypatch.setattr(ev, "check_vignettes", lambda *a, **k: [])
    server, url = stub_url
    server.catch = False
    assert ev.main(["--url", url, "--vignettes", str(small_vignettes)]) == 1
    assert "RED-FLAG MISS chest" in capsys.readouterr().err


def test_main_refuses_an_invalid_vignette_file(small_vignettes, capsys):
    # the real check: two vignettes are fewer than the 40 required
    assert ev.main(["--vignettes", str(small_vignettes)]) == 2
    assert "at least 40" in capsys.readouterr().err


def test_rest_sender_reports_http_errors(stub_url):
    _, url = stub_url
    with pytest.raises(RuntimeError, match="HTTP 500"):
        ev.rest_sender(url + "/error", timeout=5)("a" * 32, "hi")
    with pytest.raises(RuntimeError, match="JSON list"):
        ev.rest_sender(url + "/object", timeout=5)("a" * 32, "hi")
    closed = ev.rest_sender(f"http://127.0.0.1:{free_port()}/webhooks/nmt/webhook", timeout=5)
    with pytest.raises(OSError):
        closed("a" * 32, "hi")


# --- servers: the parts that need no Rasa ----------------------------------------------------


def test_server_commands_and_environment(tmp_path):
    commands = servers.server_commands(Path("models/nmt.tar.gz"), 5006, 5056, Path("/venv/bin"))
    assert commands["actions"] == [
        "/venv/bin/rasa",
        "run",
        "actions",
        "--actions",
        "actions",
        "--port",
        "5056",
    ]
    rasa = commands["rasa"]
    assert rasa[:4] == ["/venv/bin/rasa", "run", "--model", "models/nmt.tar.gz"]
    assert rasa[rasa.index("--port") + 1] == "5006"
    assert rasa[rasa.index("--interface") + 1] == "127.0.0.1"
    assert {"--endpoints", "endpoints.yml", "--credentials", "credentials.yml"} <= set(rasa)
    url = servers.sqlite_url(tmp_path / "t.db")
    assert url == f"sqlite:///{tmp_path / 't.db'}"
    env = servers.server_env(url, 5056)
    assert env["NMT_DATABASE_URL"] == url
    assert env["NMT_ACTION_URL"] == "http://127.0.0.1:5056/webhook"
    assert env["SANIC_HOST"] == "127.0.0.1" and env["PYTHONHASHSEED"] == "0"
    assert env["RASA_TELEMETRY_ENABLED"] == "false" and env["TF_CPP_MIN_LOG_LEVEL"] == "2"
    assert servers.venv_bin() == Path(sys.executable).parent


def test_log_tail(tmp_path):
    log = tmp_path / "x.log"
    log.write_text("\n".join(str(i) for i in range(100)))
    assert servers.log_tail(log, 3) == "97\n98\n99"
    assert "could not be read" in servers.log_tail(tmp_path / "missing.log")


def test_stop_process_groups_terminates_a_process_group():
    process = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True
    )
    started = time.monotonic()
    servers.stop_process_groups([process], grace=5)
    assert process.poll() is not None and time.monotonic() - started < 5


def test_stop_process_groups_kills_what_ignores_sigterm():
    code = (
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "print(1, flush=True); time.sleep(60)"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code], start_new_session=True, stdout=subprocess.PIPE
    )
    process.stdout.readline()  # the handler is installed
    servers.stop_process_groups([process], grace=0.5)
    assert process.returncode == -9
    process.stdout.close()


def test_running_servers_refuses_a_missing_model(tmp_path):
    with (
        pytest.raises(servers.ServerError, match="no model"),
        servers.running_servers(tmp_path / "none.tar.gz", "sqlite://"),
    ):
        pass


def test_running_servers_refuses_a_port_in_use(tmp_path, stub_url):
    server, _ = stub_url
    model = tmp_path / "model.tar.gz"
    model.write_bytes(b"")
    port = server.server_address[1]
    with (
        pytest.raises(servers.ServerError, match=f"port {port}"),
        servers.running_servers(model, "sqlite://", rasa_port=port, actions_port=port),
    ):
        pass


def test_wait_ready_reports_a_process_that_exits(tmp_path):
    log = tmp_path / "rasa.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", "print('model failed to load'); raise SystemExit(3)"],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    process.wait()
    with pytest.raises(servers.ServerError, match="exited with code 3") as error:
        servers._wait_ready(
            {"rasa": process},
            {"rasa": log},
            {"rasa": f"http://127.0.0.1:{free_port()}/"},
            5,
        )
    assert "model failed to load" in str(error.value)


def test_wait_ready_times_out_with_the_log_tail(tmp_path):
    log = tmp_path / "rasa.log"
    log.write_text("still loading")
    process = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(30)"], start_new_session=True
    )
    try:
        with pytest.raises(servers.ServerError, match="not ready after") as error:
            servers._wait_ready(
                {"rasa": process},
                {"rasa": log},
                {"rasa": f"http://127.0.0.1:{free_port()}/"},
                0.5,
            )
        assert "still loading" in str(error.value)
    finally:
        servers.stop_process_groups([process], grace=2)


def test_http_ok(stub_url):
    _, url = stub_url
    assert not servers.http_ok(f"http://127.0.0.1:{free_port()}/")
    assert not servers.http_ok(url)  # the stub only answers POST


def test_free_ports_are_below_the_ephemeral_range_distinct_and_bindable():
    # a port from the ephemeral range can be taken as the client side of a connection in the
    # 40 seconds before Rasa binds it ("address already in use", seen in CI)
    ports = [free_port() for _ in range(300)]
    assert len(set(ports)) == len(ports)
    assert all(servers.PORTS_FROM <= port < servers.ephemeral_ports().start for port in ports)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", ports[-1]))


def test_a_port_listened_on_or_handed_out_before_is_not_handed_out(monkeypatch):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        # only two ports to pick from: the one listened on and the next
        monkeypatch.setattr(servers, "PORTS_FROM", busy)
        monkeypatch.setattr(servers, "PORTS_ROOM", 2)
        monkeypatch.setattr(servers, "ephemeral_ports", lambda: range(busy + 2, 65536))
        monkeypatch.setattr(servers, "_HANDED_OUT", set())
        assert free_port() == busy + 1
        with pytest.raises(servers.ServerError, match="no free port"):
            free_port()


def test_the_ephemeral_range_defaults_when_unreadable(monkeypatch, tmp_path):
    monkeypatch.setattr(servers, "EPHEMERAL_RANGE", tmp_path / "missing")
    assert servers.ephemeral_ports() == range(32768, 61000)


def test_the_report_replaces_only_the_last_run_in_an_existing_file():
    from evaluation.runner import RUN_END, RUN_START, place_report

    existing = f"# Title\n\nWhat we measure.\n\n{RUN_START}\n\nold numbers\n\n{RUN_END}\n\nNotes.\n"
    updated = place_report(existing, "new numbers")
    assert (
        updated
        == f"# Title\n\nWhat we measure.\n\n{RUN_START}\n\nnew numbers\n\n{RUN_END}\n\nNotes.\n"
    )
    fresh = place_report("", "numbers")
    assert fresh.startswith("# NMT assistant: evaluation") and "numbers" in fresh


# --- the held-out screen corpus (evaluation/screen.py) ---------------------------------------


def test_the_screen_measure_counts_recall_per_group_and_false_alarms():
    from evaluation import screen

    corpus = [
        {"id": "a", "text": "chest", "groups": ["cardiac"], "kind": "plain"},
        {"id": "b", "text": "chest and calf", "groups": ["cardiac", "dvt"], "kind": "plain"},
        {"id": "c", "text": "calf", "groups": ["dvt"], "kind": "typo_heavy"},
        {"id": "d", "text": "my heart sank", "groups": [], "kind": "idiom_trap"},
        {"id": "e", "text": "tired", "groups": [], "kind": "plain"},
    ]
    found = {"chest": ["cardiac"], "chest and calf": ["cardiac"], "my heart sank": ["cardiac"]}
    result = screen.measure(corpus, lambda text: found.get(text, []))
    assert (result["flagged"], result["caught"], result["benign"]) == (3, 1, 2)
    assert result["false_alarms"] == 1
    assert result["per_group"] == {"cardiac": (2, 2), "dvt": (0, 2)}
    assert result["missed"] == ["b", "c"]
    assert result["per_kind"]["idiom_trap"] == {"benign": 1, "false_alarms": 1}


def test_a_narrower_group_counts_as_its_broader_one_only_in_its_own_line():
    from bot.engine.content import default_content
    from evaluation import screen

    kinds = {"exertional_angina": "cardiac"}
    assert default_content().red_flags.groups["exertional_angina"].kind_of == "cardiac"
    assert screen.counted_as_broader(["exertional_angina"], kinds) == [
        "exertional_angina",
        "cardiac",
    ]
    assert screen.counted_as_broader(["cardiac", "exertional_angina"], kinds) == [
        "cardiac",
        "exertional_angina",
    ]
    corpus = [{"id": "a", "text": "chest ache on hills", "groups": ["cardiac"], "kind": "plain"}]
    raised = lambda text: ["exertional_angina"]  # noqa: E731
    strict = screen.measure(corpus, raised)
    broader = screen.measure(corpus, lambda text: screen.counted_as_broader(raised(text), kinds))
    assert (strict["caught"], broader["caught"]) == (0, 1)
    page = screen.render(strict, "c.yml", "0" * 64, [], set(), broader=broader)
    assert "| red-flag messages with every group raised | 0.0% (0/1) |" in page
    assert "exertional angina as cardiac) | 100.0% (1/1) |" in page


def test_the_screen_report_finds_shared_runs_and_keeps_the_rest_of_the_page(tmp_path):
    from evaluation import screen

    training = tmp_path / "nlu.yml"
    training.write_text("examples: |\n  - I can't feel my legs at all since this morning\n")
    corpus = [
        {"id": "x", "text": "Since yesterday I can't feel my legs at all, help", "groups": []},
        {"id": "y", "text": "My legs feel heavy after a long run", "groups": []},
    ]
    assert screen.shared_runs(corpus, [training]) == ["x"]
    page = "# Evaluation\n\nkept\n"
    once = screen.place(page, "first")
    assert once.startswith(page.rstrip("\n")) and "first" in once
    again = screen.place(once, "second")
    assert "second" in again and "first" not in again and again.count(screen.START) == 1
