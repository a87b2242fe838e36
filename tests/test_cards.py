"""Cards: several questions in one turn (bot/conversation/cards.py, docs/messages.md "Cards").

The pure functions first (which rows a card shows, how a card answer is read, what the
red-flag screen reads of it), then the actions as Rasa runs them: trackers built here, the
exact events asserted, as in tests/test_actions.py.
"""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import flow, forms, questions
from bot.conversation import cards, messages, planning, reading
from bot.engine.content import default_content
from tests.test_actions import CONSENTED, KNEE, answer, make_tracker, run


@pytest.fixture(scope="module")
def content():
    return default_content()


LOCALIZED = {
    **KNEE,
    "onset": answer("3 weeks", 21.0),
    "pain_intensity": answer("4", 4),
    "character": answer("aching", ["aching"]),
    "spreading": answer("no", "no"),
    "numbness_tingling": answer("no", "no"),
    "weakness": answer("no", "no"),
    "gait": answer("no", "no"),
    "cause": answer("football", "sport"),
    "aggravating": answer("stairs", ["stairs"]),
    "trend": answer("same", "same"),
    "age": answer("30", 30),
}


# --- which rows a card shows -------------------------------------------------------------------


def test_a_card_shows_the_questions_still_to_ask_in_its_order(content):
    card = cards.card_for("onset", ["onset", "pain_intensity", "character", "spreading"], content)
    assert card.definition.id == "pain"
    assert [q.id for q in card.rows] == ["onset", "pain_intensity", "character"]


def test_a_row_shows_its_card_text_which_may_be_empty(content):
    """A row's text is its `card_text`; "" where the label and buttons say it all (the page
    then shows no text under the label), the whole question only when there is no card_text."""
    card = cards.card_for("side", ["side", "onset", "pain_intensity"], content)
    rows = {row["question_id"]: row for row in messages.card_payload(card, content)["rows"]}
    assert rows["side"]["text"] == ""
    assert rows["onset"]["text"] == content.question("onset").card_text != ""
    checklist = cards.card_for("red_flag.cardiac", ["red_flag.cardiac", "red_flag.cancer"], content)
    [row, _] = messages.card_payload(checklist, content)["rows"]
    assert row["text"] == content.question("red_flag.cardiac").card_text
    assert len(row["text"].split()) < len(content.question("red_flag.cardiac").text.split())


def test_a_question_left_alone_on_its_card_is_asked_without_one(content):
    assert cards.card_for("character", ["character", "spreading"], content) is None
    assert cards.card_for("region", ["region", "side"], content) is None  # no card


def test_a_checklist_shows_emergencies_first(content):
    pending = ["red_flag.dvt", "red_flag.cancer", "red_flag.cauda_equina", "red_flag.cardiac"]
    card = cards.card_for("red_flag.dvt", pending, content)
    assert card.is_checklist
    assert [q.id for q in card.rows] == [
        "red_flag.cauda_equina",
        "red_flag.cardiac",
        "red_flag.dvt",
        "red_flag.cancer",
    ]


def test_a_red_flag_question_quoting_the_visitor_is_asked_alone(content):
    pending = ["red_flag.dvt", "red_flag.cancer", "red_flag.cardiac"]
    assert cards.card_for("red_flag.dvt", pending, content, alone={"red_flag.dvt"}) is None
    card = cards.card_for("red_flag.cancer", pending, content, alone={"red_flag.dvt"})
    assert [q.id for q in card.rows] == ["red_flag.cardiac", "red_flag.cancer"]


# --- reading a card answer ---------------------------------------------------------------------


def test_a_card_answer_fills_each_row_as_if_asked_alone(content, today):
    card = cards.card_for("onset", ["onset", "pain_intensity", "character"], content)
    text = "How long: 3 weeks\nPain: 6\nWhat it feels like: Aching, Tight"
    found = cards.read_answer(text, card.rows[0], card, content, today)
    assert {q: r["value"] for q, r in found.items()} == {
        "onset": 21.0,
        "pain_intensity": 6,
        "character": ["aching", "tight"],
    }
    assert found["onset"] == {"raw": "3 weeks", "value": 21.0, "how": "asked"}


def test_a_row_left_out_or_not_understood_is_not_filled(content, today):
    card = cards.card_for("onset", ["onset", "pain_intensity", "character"], content)
    found = cards.read_answer("how long: purple\npain: 6", card.rows[0], card, content, today)
    assert set(found) == {"pain_intensity"}


def test_a_message_not_in_card_form_is_read_as_any_message(content, today):
    card = cards.card_for("onset", ["onset", "pain_intensity", "character"], content)
    for text in ("about 3 weeks", "Note: it started after football", "", "How long:\n7"):
        assert cards.read_answer(text, card.rows[0], card, content, today) is None, text
    region = content.question("region")  # no card
    assert cards.read_answer("How long: 3 weeks", region, None, content, today) is None


def test_a_question_asked_alone_may_still_be_answered_in_the_card_form(content, today):
    # a red flag raised by another line leaves one checklist question to ask: its answer line
    # is still read by label, never the whole message as the answer to that one question
    cauda = content.question("red_flag.cauda_equina")
    text = (
        f"{cauda.label}: no\n"
        f"{content.question('red_flag.fracture').label}: yes maybe, I couldn't put weight on it"
    )
    found = cards.read_answer(text, cauda, None, content, today)
    assert {q: r["value"] for q, r in found.items()} == {
        "red_flag.cauda_equina": "no",
        "red_flag.fracture": "yes",
    }
    assert cards.read_answer("None of these", cauda, None, content, today) == {
        "red_flag.cauda_equina": {"raw": "None of these", "value": "no", "how": "asked"}
    }


def test_none_of_these_answers_every_row_of_a_checklist_no(content, today):
    pending = ["red_flag.cauda_equina", "red_flag.dvt"]
    card = cards.card_for("red_flag.dvt", pending, content)
    found = cards.read_answer("None of these", card.rows[0], card, content, today)
    assert {q: r["value"] for q, r in found.items()} == {
        "red_flag.cauda_equina": "no",
        "red_flag.dvt": "no",
    }
    # for a card of rows, it is no card answer (each row needs its own answer)
    rows = cards.card_for("onset", ["onset", "pain_intensity"], content)
    assert cards.read_answer("None of these", rows.rows[0], rows, content, today) is None


def test_the_screen_reads_the_answers_without_the_labels(content):
    label = content.question("red_flag.cardiac").label
    assert cards.screened(f"{label}: No\nWeakness getting worse: No", content) == "No. No."
    assert cards.screened("None of these", content) == ""
    said = "Pain: 7\nHow long: since I fell, and my chest feels tight"
    assert cards.screened(said, content) == "7. since I fell, and my chest feels tight."
    assert cards.screened("Note: my chest is tight", content) == "Note: my chest is tight"


def test_a_card_answer_is_screened_as_a_whole_and_answer_by_answer(content, today, monkeypatch):
    """One answer of a card is a whole answer to its own question: the card's other answers
    must not dilute it for the semantic layer (angina told in "worse with" was missed)."""
    worse = "walking uphill with the dog, it builds in my arm and eases when I stop"
    card = f"How it started: no idea\nWorse with: {worse}\nAge: 63"
    answers = {
        "cause": {"raw": "no idea", "value": "dont_know"},
        "aggravating": {"raw": worse, "value": ["walking"]},
        "age": {"raw": "63", "value": 63.0},
    }
    read: list[str] = []
    real = planning.assess
    monkeypatch.setattr(planning, "assess", lambda **kw: read.extend(kw["messages"]) or real(**kw))
    planning.evaluate(answers, ["my shoulder blade aches", card], content, today)
    assert read[:2] == ["my shoulder blade aches", f"no idea. {worse}. 63."]
    assert sorted(read[2:]) == sorted(["no idea", worse, "63"])


def test_a_checklist_of_no_raises_nothing_though_its_labels_name_every_sign(content, today):
    rows = [q for q, question in content.questions.items() if question.section == "red_flags"]
    text = "\n".join(f"{content.question(q).label}: No" for q in rows)
    outcome = planning.evaluate({}, [text], content, today)
    assert outcome.red_flags == []
    assert outcome.possible == {}


CHECKLIST_ROWS = ["red_flag.cauda_equina", "red_flag.dvt", "red_flag.infection", "red_flag.sepsis"]


def _yes_at_the_checklist(text, content, today):
    """What a typed message gives at the open checklist whose text asks the cauda equina row."""
    card = cards.card_for("red_flag.cauda_equina", CHECKLIST_ROWS, content)
    question = content.question("red_flag.cauda_equina")
    readings = reading.read_message(text, question.id, [], content, today)
    return readings, cards.yes_to_named_row(text, question, card, readings)


def test_a_yes_naming_another_row_of_the_open_checklist_is_that_rows(content, today):
    """The page shows every row; its text asks the first, an emergency's. "yes the calf one"
    is a yes to the calf row, not to the bladder row (found trying the page: an ambulance for a
    cauda equina was advised to a visitor with a swollen calf)."""
    said = "yes the calf one, my left calf is swollen and hot since my flight"
    readings, named = _yes_at_the_checklist(said, content, today)
    assert readings["red_flag.cauda_equina"]["value"] == "yes"  # as read before
    assert "red_flag.cauda_equina" not in named  # asked again
    assert named["red_flag.dvt"] == {"raw": said, "value": "yes", "how": "asked"}
    _, named = _yes_at_the_checklist("Yeah - calves, both of them", content, today)
    assert named["red_flag.dvt"]["value"] == "yes"


def test_a_yes_naming_two_rows_answers_neither_and_one_naming_the_asked_row_stands(content, today):
    _, named = _yes_at_the_checklist("yes the fever one", content, today)
    assert not {"red_flag.cauda_equina", "red_flag.infection", "red_flag.sepsis"} & set(named)
    for said in ("yes", "yes, I can't feel the toilet paper", "yes bladder and the calf"):
        readings, named = _yes_at_the_checklist(said, content, today)
        assert named is None and readings["red_flag.cauda_equina"]["value"] == "yes", said
    assert _yes_at_the_checklist("no, not the calf either", content, today)[1] is None
    # asked alone (no checklist open), a yes is the asked question's, whatever it names
    question = content.question("red_flag.cauda_equina")
    readings = reading.read_message("yes the calf one", question.id, [], content, today)
    assert cards.yes_to_named_row("yes the calf one", question, None, readings) is None


def test_an_open_question_keeps_words_that_name_no_option(content, today):
    cause, worse = content.question("cause"), content.question("aggravating")
    said = "carry boxes at my work in the warehouse"
    assert reading.read_requested(cause, said, content, today) == {
        "raw": said,
        "value": "other",
        "how": "asked",
    }
    assert reading.read_requested(worse, "looking over my shoulder", content, today)["value"] == [
        "other"
    ]
    # a named option, a don't-know and a question are read as before
    assert reading.read_requested(cause, "a fall", content, today)["value"] == "fall"
    assert reading.read_requested(cause, "no idea", content, today)["value"] == "unknown"
    assert reading.read_requested(cause, "why do you ask?", content, today) is None
    # other questions still ask again when the words name no option
    assert reading.read_requested(content.question("sleep"), "purple", content, today) is None


# --- the actions -------------------------------------------------------------------------------


async def test_a_question_with_a_card_sends_the_card_and_counts_its_rows_asked():
    action = next(a for a in questions.ASK_ACTIONS if a.question_id == "onset")()
    tracker = make_tracker(None, slots={**CONSENTED, **KNEE, "asked_questions": ["region", "side"]})
    events, [message] = await run(action, tracker)
    assert events == [
        SlotSet("reask", None),
        SlotSet("asked_questions", ["region", "side", "onset", "pain_intensity", "character"]),
    ]
    question = default_content().question("onset")
    assert message["text"] == question.text  # the text asks the one question
    card = message["custom"]["card"]
    assert (card["id"], card["kind"], card["none"]) == ("pain", "rows", None)
    assert [(r["question_id"], r["label"], r["kind"]) for r in card["rows"]] == [
        ("onset", "How long", "number"),
        ("pain_intensity", "Pain", "scale"),
        ("character", "What it feels like", "multi_choice"),
    ]
    assert card["rows"][0]["buttons"] == []
    assert [b["title"] for b in card["rows"][1]["buttons"]] == [str(n) for n in range(11)]


async def test_the_form_reads_a_card_answer_row_by_row():
    text = "How long: 3 weeks\nPain: 6\nWhat it feels like: Aching, Tight"
    tracker = make_tracker(
        text,
        intent="ask_does_it_hurt",  # whatever NLU makes of it, a card answer is an answer
        slots={**CONSENTED, **KNEE, "requested_slot": "onset"},
        active_loop="localization_form",
    )
    events, messages = await run(forms.ValidateLocalizationForm(), tracker)
    assert SlotSet("onset", {"raw": "3 weeks", "value": 21.0, "how": "asked"}) in events
    assert SlotSet("pain_intensity", {"raw": "6", "value": 6, "how": "asked"}) in events
    assert (
        SlotSet("character", {"raw": "Aching, Tight", "value": ["aching", "tight"], "how": "asked"})
        in events
    )
    assert SlotSet("requested_slot", "spreading") in events
    assert messages == []  # nothing "noted": every row was asked


async def test_a_ticked_checklist_row_raises_its_red_flag():
    content = default_content()
    slots = {**CONSENTED, **LOCALIZED, "requested_slot": "red_flag_cauda_equina"}
    tracker = make_tracker(None, slots=slots, active_loop="screening_form")
    planned = [
        row.id
        for row in planning.card_for(
            "red_flag.cauda_equina",
            planning.Plan(["red_flag.cauda_equina", "red_flag.dvt", "red_flag.fracture"], []),
            planning.evaluate({}, [], content),
            content,
        ).rows
    ]
    assert planned[0] == "red_flag.cauda_equina"
    lines = [
        f"{content.question(q).label}: {'Yes' if q == 'red_flag.dvt' else 'No'}" for q in planned
    ]
    tracker = make_tracker("\n".join(lines), slots=slots, active_loop="screening_form")
    events, _ = await run(forms.ValidateScreeningForm(), tracker)
    assert SlotSet("red_flags", ["dvt"]) in events
    assert SlotSet("red_flag_cauda_equina", {"raw": "No", "value": "no", "how": "asked"}) in events


async def test_a_yes_naming_the_calf_row_raises_a_clot_not_a_cauda_equina():
    shown = ["red_flag.cauda_equina", "red_flag.dvt", "red_flag.infection"]  # the page's rows
    slots = {
        **CONSENTED,
        **LOCALIZED,
        "asked_questions": [*LOCALIZED, *shown],
        "requested_slot": "red_flag_cauda_equina",
    }
    said = "yes the calf one, my left calf is swollen and tender since my flight"
    tracker = make_tracker(said, slots=slots, active_loop="screening_form")
    events, _ = await run(forms.ValidateScreeningForm(), tracker)
    assert SlotSet("red_flag_dvt", {"raw": said, "value": "yes", "how": "asked"}) in events
    assert not any(e["name"] == "red_flag_cauda_equina" for e in events if e["event"] == "slot")
    assert not any(e["name"] == "reask" for e in events if e["event"] == "slot")  # no "sorry"
    assert cards.as_shown("red_flag.cauda_equina", shown, [], default_content()).rows[1].id == (
        "red_flag.dvt"
    )
    raised = next(e["value"] for e in events if e.get("name") == "red_flags")
    assert "dvt" in raised and "cauda_equina" not in raised
    # a more urgent question is still to ask: the bladder row comes again
    assert SlotSet("requested_slot", "red_flag_cauda_equina") in events


async def test_the_result_comes_before_the_questions_that_prepare_the_visit():
    slots = {**CONSENTED, **LOCALIZED, "asked_questions": list(LOCALIZED)}
    content = default_content()
    for question_id, question in content.questions.items():
        if question.section == "red_flags":
            slots[question_id.replace(".", "_")] = answer("no", "no")
    tracker = make_tracker("None of these", slots=slots, after=["screening_form"])
    events, [message] = await run(flow.ActionContinueAssessment(), tracker)
    assert events == [
        SlotSet("advised", "book_nmt"),
        SlotSet("next_form", "wellness_form"),
        SlotSet("alert", False),
    ]
    assert message["custom"] == {
        "type": "disposition",
        "disposition": "book_nmt",
        "disposition_label": content.red_flags.dispositions["book_nmt"].label,
        "next_step": "prepare_visit",
    }
