"""The conversation's logic without Rasa: reading messages, planning questions, the outcome."""

from __future__ import annotations

import pytest

from bot.conversation import messages, planning, reading
from bot.conversation.reading import ASKED, UNKNOWN, VOLUNTEERED
from bot.engine.assessment import EVIDENCE_CHARS


def read(text, requested, content, today, answered=(), describing=False):
    readings = reading.read_message(text, requested, answered, content, today, describing)
    return {qid: (r["value"], r["how"]) for qid, r in readings.items()}


def answer(raw, value, how=ASKED):
    return {"raw": raw, "value": value, "how": how}


# --- reading messages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, requested, expected",
    [
        ("about 3 weeks", "onset", {"onset": (21.0, ASKED)}),
        ("7 out of 10", "pain_intensity", {"pain_intensity": (7, ASKED)}),
        ("not really", "spreading", {"spreading": ("no", ASKED)}),
        ("I don't know", "onset", {"onset": (None, UNKNOWN)}),
        ("no idea", "red_flag.cauda_equina", {"red_flag.cauda_equina": ("unsure", ASKED)}),
        # the hedge is about the weight, in its own clause: the answer is no
        (
            "no. but I've lost weight, not sure if that's related",
            "red_flag.cardiac",
            {"red_flag.cardiac": ("no", ASKED)},
        ),
        (
            "yes maybe, I couldn't walk on it",
            "red_flag.fracture",
            {"red_flag.fracture": ("yes", ASKED)},
        ),
        (
            "into both legs",
            "spreading",
            {
                "spreading": ("yes", ASKED),
                "side": ("both", VOLUNTEERED),
                "region": (["thigh"], VOLUNTEERED),
            },
        ),
        ("gardening, bending over too long", "cause", {"cause": ("overuse", ASKED)}),
        ("wakes me if i roll onto it", "sleep", {"sleep": ("broken_by_pain", ASKED)}),
        ("purple", "pain_intensity", {}),
        ("", "onset", {}),
    ],
)
def test_the_answer_to_the_question_asked(text, requested, expected, content, today):
    assert read(text, requested, content, today) == expected


# Ordinary answers to yes/no questions (issue 12): a red-flag question reads them like any other.
@pytest.mark.parametrize("requested", ["spreading", "nicotine", "red_flag.cardiac"])
@pytest.mark.parametrize(
    "text, value",
    [
        ("not realy", "no"),
        ("nope", "no"),
        ("yep", "yes"),
        ("nah not really", "no"),
        ("I don't think so", "no"),
        ("I don\u2019t think so", "no"),
        ("think so", "unsure"),
        ("don\u2019t know", "unsure"),
    ],
)
def test_ordinary_yes_no_answers(text, value, requested, content, today):
    assert read(text, requested, content, today) == {requested: (value, ASKED)}


# Ordinary answers to choice questions (issue 12): everyday words and hours of sleep.
@pytest.mark.parametrize(
    "text, requested, value",
    [
        ("ok-ish, wake up stiff", "sleep", "good"),
        ("ok, about 7 hours", "sleep", "good"),
        ("7 hours", "sleep", "good"),
        ("I sleep fine", "sleep", "good"),  # found by trying it in the browser
        ("not sleeping fine lately", "sleep", "poor_other"),
        ("about 5 hours", "sleep", "poor_other"),
        ("fine", "sleep", "good"),
        ("ok", "sleep", "good"),
        ("not great", "sleep", "poor_other"),
        ("pretty rubbish", "sleep", "poor_other"),
        ("meh", "sleep", "poor_other"),
        ("so-so", "sleep", "poor_other"),
        ("not ok", "sleep", "poor_other"),
        # a named option comes before everyday words
        ("fine, but the pain wakes me", "sleep", "broken_by_pain"),
        ("ok", "nutrition", "regular_balanced"),
        ("fine", "nutrition", "regular_balanced"),
        ("fine, but I skip lunch", "nutrition", "skips_meals"),
        ("I don\u2019t know", "nutrition", None),
        # found by trying it as a visitor: a "but" that names a worse option is the answer
        ("sleep well but the pain wakes me", "sleep", "broken_by_pain"),
        ("I sleep ok, though the pain wakes me sometimes", "sleep", "broken_by_pain"),
        ("sleeping fine except when the pain wakes me up", "sleep", "broken_by_pain"),
        ("badly, but mostly it's the pain that wakes me", "sleep", "broken_by_pain"),
        ("the pain wakes me but I sleep well otherwise", "sleep", "broken_by_pain"),
        ("I sleep well but the pain doesn't wake me", "sleep", "good"),
        ("sleep well, but nothing wakes me", "sleep", "good"),
        ("not bad but not great", "sleep", "poor_other"),
        ("I eat healthy but I skip breakfast", "nutrition", "skips_meals"),
        ("balanced meals except for lots of takeaways", "nutrition", "mostly_processed"),
        ("I skip meals but eat healthy when I do", "nutrition", "skips_meals"),
        ("it was getting better but now it's getting worse", "trend", "worse"),
        ("the same, but worse at night", "trend", "worse"),
        ("worse but getting better lately", "trend", "worse"),
        ("getting better", "trend", "better"),
        ("not really, but some days", "phq4.worry", "several_days"),
        ("sometimes, but nearly every day lately", "phq4.worry", "nearly_every_day"),
        ("sometimes but not every day", "phq4.worry", "several_days"),
        ("every day but not a lot", "phq4.worry", "nearly_every_day"),
        # a question without ranks keeps the first named
        ("I think posture but I fell once", "cause", "posture"),
    ],
)
def test_ordinary_choice_answers(text, requested, value, content, today):
    how = UNKNOWN if value is None else ASKED
    assert read(text, requested, content, today) == {requested: (value, how)}


# Where the options give no clear meaning, the question is asked again: how often worry
# bothered you is not "fine" (a scored instrument), a trend is not "so-so", a stress score
# is a number.
@pytest.mark.parametrize("requested", ["phq4.nervous", "trend", "stress", "cautions"])
@pytest.mark.parametrize("text", ["fine", "ok", "not great", "so-so"])
def test_ordinary_answers_without_a_clear_option_are_asked_again(text, requested, content, today):
    assert read(text, requested, content, today) == {}


@pytest.mark.parametrize("text", ["not great", "so-so", "meh", "not good"])
def test_a_vague_answer_about_eating_is_asked_again(text, content, today):
    assert read(text, "nutrition", content, today) == {}


# How something is, not whether: neither yes nor no, so asked again; never a no to a red flag.
@pytest.mark.parametrize("requested", ["spreading", "red_flag.cardiac", "red_flag.cauda_equina"])
@pytest.mark.parametrize("text", ["not great", "fine", "so-so", "not too bad"])
def test_a_vague_answer_to_a_yes_no_question_is_asked_again(text, requested, content, today):
    assert read(text, requested, content, today) == {}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("don\u2019t know", {"onset": (None, UNKNOWN)}),
        ("I\u2019m 54", {"age": (54, VOLUNTEERED)}),
    ],
)
def test_a_curly_apostrophe_reads_like_a_straight_one(text, expected, content, today):
    assert read(text, "onset", content, today) == expected


def test_one_message_answers_several_questions(content, today):
    text = "my lower back, mostly the left side, for about 3 weeks, 7/10, I'm 54"
    assert read(text, "region", content, today) == {
        "region": (["lower_back"], ASKED),
        "side": ("left", VOLUNTEERED),
        "age": (54, VOLUNTEERED),
        "onset": (21.0, VOLUNTEERED),
        "pain_intensity": (7, VOLUNTEERED),
    }


def test_findings_written_as_labels_answered_no_are_noes(content, today):
    """Found trying the bot: "numbness: no, weakness: no", typed while the onset was asked,
    was noted as "Numbness or tingling: yes; Weakness: yes"."""
    text = "numbness: no, weakness: no"
    assert read(text, "onset", content, today) == {
        "numbness_tingling": ("no", VOLUNTEERED),
        "weakness": ("no", VOLUNTEERED),
    }


def test_what_was_noted_is_named_in_the_questionnaire_s_order(content, today):
    text = "left, 2 weeks, aching. no numbness or tingling and no weakness"
    readings = reading.read_message(text, "side", (), content, today, describing=True)
    readings.pop("side")  # the answer to the question asked is not repeated
    assert messages.noted(readings, content).text == (
        "I've noted: for about 2 weeks; aching; numbness or tingling: no; weakness: no. "
        "Tell me if that's wrong."
    )


def test_every_answer_read_in_passing_is_noted_in_words(content, today):
    # found trying the bot: "How it started: Sport or exercise; worse with exercise"
    text = "my knee hurts after running, fever: no, swelling: no"
    readings = reading.read_message(text, "region", (), content, today, describing=True)
    readings.pop("region")
    assert messages.noted(readings, content).text == (
        "I've noted: how it started: sport or exercise; worse with exercise. "
        "Tell me if that's wrong."
    )
    volunteered = ("region", "side", "onset", "pain_intensity", "character", "cause")
    volunteered += (*reading.FINDING_ANSWERS, "aggravating", "age")
    assert all(content.question(question_id).noted for question_id in volunteered)


def test_a_counted_duration_is_read_without_a_cue_word(content, today):
    found = read("my left knee, 3 weeks, 4/10, sharp", "region", content, today, describing=True)
    assert found["onset"] == (21.0, VOLUNTEERED)


def test_a_sentence_starting_i_have_does_not_answer_another_question(content, today):
    """Found by trying it in the browser: a red flag typed while "does it spread?" was asked
    was stored as "Spreads: yes" and showed in the doctor's summary."""
    text = "I've been losing weight without trying and have night sweats"
    assert "spreading" not in read(text, "spreading", content, today)
    assert read("I have", "spreading", content, today)["spreading"] == ("yes", ASKED)
    assert read("it does, down my leg", "spreading", content, today)["spreading"] == (
        "yes",
        ASKED,
    )
    # to a red-flag question the visitor is believed
    found = read("I have trouble peeing", "red_flag.cauda_equina", content, today)
    assert found["red_flag.cauda_equina"] == ("yes", ASKED)


@pytest.mark.parametrize(
    "text", ["I have a question", "I've got a few questions", "I have something to ask first"]
)
def test_having_a_question_does_not_answer_a_yes_no_question(text, content, today):
    """Found by trying it as a visitor: "I have a question" was read as a yes."""
    assert "spreading" not in read(text, "spreading", content, today)
    assert "red_flag.cauda_equina" not in read(text, "red_flag.cauda_equina", content, today)
    # a yes beside the question still answers: to a red-flag question it errs towards yes
    found = read("yes, I have a question", "red_flag.cauda_equina", content, today)
    assert found["red_flag.cauda_equina"] == ("yes", ASKED)


@pytest.mark.parametrize(
    "text, days",
    [
        ("stiff neck from my desk job, about a month", 30.0),  # found by trying it as a visitor
        ("sore lower back, a week or so", 7.0),
        ("right shoulder, around a fortnight", 14.0),
    ],
)
def test_one_estimated_unit_is_a_duration(text, days, content, today):
    assert read(text, None, content, today, describing=True)["onset"] == (days, VOLUNTEERED)


def test_a_description_gives_what_it_feels_like_and_what_makes_it_worse(content, today):
    text = "my neck is achy and tight, worse when I'm on the laptop"
    found = read(text, None, content, today, describing=True)
    assert found["character"] == (["aching", "tight"], VOLUNTEERED)
    assert found["aggravating"] == (["computer_work"], VOLUNTEERED)


@pytest.mark.parametrize(
    "text, worse",
    [
        # found by trying it as a visitor: noted as "worse with sitting, walking"
        ("worse when I sit for long, better walking", ["sitting"]),
        ("driving makes it worse and a hot bath helps", ["driving"]),
        ("it eases when I lie down, but bending kills it", ["bending"]),
    ],
)
def test_what_eases_it_is_not_noted_as_making_it_worse(text, worse, content, today):
    found = read(text, "aggravating", content, today)
    assert found["aggravating"][0] == worse


def test_what_eases_it_told_in_a_description_is_not_noted_as_making_it_worse(content, today):
    # found on the page: the fix above held for the question, not for a description
    text = "my lower back on the right, about two weeks, worse when I sit for long, better walking"
    found = read(text, "region", content, today, describing=True)
    assert found["aggravating"] == (["sitting"], VOLUNTEERED)


@pytest.mark.parametrize(
    "text, absent",
    [
        ("i have 2 kids and my knee hurts", "age"),  # a number is not an age
        ("I drink 6 glasses of water", "onset"),  # nor a duration
        ("my back is sore after a day gardening", "onset"),  # "a day" is not how long
        ("I feel hot and shivery", "character"),  # "hot" is not a burning pain here
        ("it hurts when sitting", "cause"),  # sitting makes it worse; it is not the cause
        ("no tingling at all", "region"),
    ],
)
def test_other_text_is_read_strictly(text, absent, content, today):
    assert absent not in read(text, None, content, today, describing=True)


def test_negated_symptoms_answer_no(content, today):
    found = read("I'm 54 and my neck aches, no tingling", "age", content, today)
    assert found["numbness_tingling"] == ("no", VOLUNTEERED)


def test_answered_questions_are_left_alone(content, today):
    found = read("my right knee", "onset", content, today, answered={"side", "region"})
    assert found == {}


def test_a_correction_changes_only_answers_given(content, today):
    answers = {"side": answer("left", "left"), "onset": answer("2 weeks", 14.0)}
    changed = reading.read_correction("sorry I meant the right side", answers, content, today)
    assert changed == {"side": answer("sorry I meant the right side", "right")}
    assert reading.read_correction("go back", answers, content, today) == {}


# --- planning --------------------------------------------------------------------------------


def plan_for(answers, said, asked, content, today):
    outcome = planning.evaluate(answers, said, content, today)
    return planning.plan(answers, outcome, asked, content), outcome


def test_red_flag_questions_are_those_the_region_makes_relevant(content, today):
    planned, _ = plan_for({"region": answer("knee", ["knee"])}, ["my knee"], 0, content, today)
    red = [q for q in planned.questions if q.startswith("red_flag.")]
    assert red == ["red_flag.cauda_equina", "red_flag.dvt"]


def test_trend_is_asked_only_for_a_problem_of_two_weeks_or_more(content, today):
    base = {"region": answer("neck", ["neck"])}
    short, _ = plan_for({**base, "onset": answer("3 days", 3.0)}, [], 0, content, today)
    long, _ = plan_for({**base, "onset": answer("3 weeks", 21.0)}, [], 0, content, today)
    assert "trend" not in short.questions
    assert "trend" in long.questions


def test_the_budget_is_kept_by_dropping_optional_then_other_wellness_questions(content, today):
    planned, _ = plan_for({"region": answer("knee", ["knee"])}, [], 0, content, today)
    assert len(planned.questions) <= content.max_questions
    assert planned.dropped
    assert all(content.question(q).optional for q in planned.dropped)
    # 20 asked and every localization question still open: no room for wellness at all
    late, _ = plan_for({"region": answer("knee", ["knee"])}, [], 20, content, today)
    assert {content.question(q).section for q in late.questions} == {"localization", "red_flags"}


def test_red_flag_and_localization_questions_are_never_dropped(content, today):
    planned, _ = plan_for({"region": answer("neck", ["neck"])}, [], 25, content, today)
    assert planned.questions
    assert {content.question(q).section for q in planned.questions} <= {"localization", "red_flags"}


def test_forms_ask_their_section_and_anything_left_from_earlier(content, today):
    planned = planning.Plan(["side", "red_flag.dvt", "hydration"], [])
    assert planning.form_questions("localization_form", planned, content) == ["side"]
    assert planning.form_questions("screening_form", planned, content) == ["side", "red_flag.dvt"]
    assert planning.form_questions("wellness_form", planned, content) == planned.questions


def test_next_step_goes_through_the_sections_in_order(content):
    assert planning.next_step(planning.Plan(["red_flag.dvt", "sleep"], []), content) == (
        "screening_form"
    )
    assert planning.next_step(planning.Plan(["sleep"], []), content) == "wellness_form"
    assert planning.next_step(planning.Plan([], []), content) == planning.OUTCOME


def test_after_a_lesser_red_flag_the_more_urgent_safety_questions_come_first(content, today):
    answers = {
        "region": answer("neck", ["neck"]),
        "red_flag.cancer": answer("yes", "yes"),
    }
    outcome = planning.evaluate(answers, [], content, today)
    assert outcome.disposition == "physician_referral"
    left = planning.remaining(answers, outcome, 3, content)
    safety = [q for q in left.questions if q.startswith("red_flag.")]
    assert safety == [
        "red_flag.cardiac",
        "red_flag.stroke_or_arterial",
        "red_flag.thunderclap_headache",
        "red_flag.infection",
        "red_flag.myelopathy",
    ]
    # then the questions for the visit, whose answers are screened too
    assert left.questions[: len(safety)] == safety
    rest = left.questions[len(safety) :]
    assert "cautions" in rest and "sleep" in rest
    assert {content.question(q).section for q in rest} == {"wellness"}


def test_once_the_result_has_changed_only_the_safety_questions_remain(content, today):
    # a benign result was given, then a sign: its advice comes at once, after the safety
    # questions that could make it more urgent, without the rest of the visit's questions
    answers = {
        "region": answer("neck", ["neck"]),
        "red_flag.cancer": answer("yes", "yes"),
    }
    outcome = planning.evaluate(answers, [], content, today)
    left = planning.remaining(answers, outcome, 3, content, advised="book_nmt")
    assert left.questions and all(q.startswith("red_flag.") for q in left.questions)
    same = planning.remaining(answers, outcome, 3, content, advised="physician_referral")
    assert "sleep" in same.questions


def test_after_an_emergency_nothing_more_is_asked(content, today):
    answers = {
        "region": answer("back", ["lower_back"]),
        "red_flag.cauda_equina": answer("y", "yes"),
    }
    outcome = planning.evaluate(answers, [], content, today)
    assert planning.remaining(answers, outcome, 3, content).questions == []


def test_a_red_flag_in_a_message_counts_like_an_answer(content, today):
    outcome = planning.evaluate(
        {"hydration": answer("5, and fevers and night sweats", 5.0)},
        ["5, and fevers and night sweats"],
        content,
        today,
    )
    assert outcome.red_flags == ["infection"]


# --- the outcome payload and texts -----------------------------------------------------------


def test_the_outcome_payload_has_the_documented_shape(content, today):
    answers = {
        "region": answer("my neck", ["neck"]),
        "stress": answer("8", 8.0),
        "sleep": answer("badly", "poor_other"),
    }
    outcome = planning.evaluate(answers, ["my neck", "8", "badly"], content, today)
    payload = messages.outcome_payload(outcome, "ref123", 3, content)
    assert payload["type"] == "assessment_outcome"
    assert payload["assessment_id"] == "ref123"
    assert payload["disposition"] == "book_nmt"
    assert payload["next_step"] == "booking"
    assert payload["red_flags"] == []
    assert payload["regions"] == ["neck"]
    assert payload["questions_asked"] == 3
    assert list(payload["factors"]) == ["biomechanical", "biochemical", "psychosocial"]
    for factors in payload["factors"].values():
        for factor in factors:
            assert set(factor) == {"id", "label", "visitor_label", "reasons", "evidence"}
    assert [f["id"] for f in payload["factors"]["psychosocial"]] == ["stress"]


def test_visitor_texts_use_plain_factor_names(content, today):
    answers = {"region": answer("neck", ["neck"]), "nicotine": answer("yes", "yes")}
    outcome = planning.evaluate(answers, ["neck"], content, today)
    text = messages.outcome_text(outcome, content)
    assert "Caffeine, alcohol or nicotine" in text
    assert "Stimulants and neuro-excitants" not in text


def test_the_outcome_payload_carries_what_the_page_shows(content, today):
    answers = {
        "region": answer("neck", ["neck"]),
        "stress": answer("8", 8.0),
        "nicotine": answer("yes", "yes"),
    }
    outcome = planning.evaluate(answers, ["neck"], content, today)
    message = messages.outcome_message(
        outcome, "abc123def456", 3, content, "https://book.example/?r=abc123def456"
    )
    payload = message.custom
    label = payload["disposition_label"]
    # the whole text for any client: headline and factor list; the card's body has neither
    assert message.text.startswith(label + ".")
    assert "What may keep the pain going" in message.text
    assert label not in payload["body"] and "What may keep the pain going" not in payload["body"]
    assert payload["body"] in message.text.replace("\n\n", "\n")
    assert payload["factor_groups"] == [
        {"id": g, "label": content.factors.groups[g].visitor_label,
         "hint": content.factors.groups[g].visitor_hint}
        for g in ("biomechanical", "biochemical", "psychosocial")
    ]  # fmt: skip
    assert payload["factor_groups"][0]["label"] == "Body mechanics"
    assert payload["booking_url"] == "https://book.example/?r=abc123def456"


def test_the_booking_link_is_filled_with_the_reference():
    link = messages.booking_link("https://book.example/?ref={ref}&x={ref}", "ab cd")
    assert link == "https://book.example/?ref=ab%20cd&x=ab%20cd"
    assert messages.booking_link(None, "abc") is None
    assert messages.booking_link("https://book.example/{ref}", None) is None


def test_only_a_stored_referral_offers_a_pdf():
    stored = messages.referral_handoff("abc123def456", "summary")
    assert stored.custom["summary_pdf"] is True
    assert stored.text.endswith("\n\nsummary")
    assert messages.referral_handoff(None, "summary").custom["summary_pdf"] is False


def test_the_summary_and_the_dashboard_share_the_region_notes(content, today):
    from bot.clinic.report import region_notes

    answers = {"region": answer("neck and shoulder", ["neck", "shoulder"])}
    outcome = planning.evaluate(answers, ["neck and shoulder"], content, today)
    notes = region_notes(outcome.regions, content)
    text = messages.therapist_summary(outcome, answers, content, "ref1", "2026-11-21")
    named = {content.regions.regions[r].label for r in outcome.regions}
    assert not named & set(notes.also_examine)  # the visitor's own regions are not repeated
    if notes.also_examine:
        assert "Also examine: " + ", ".join(notes.also_examine) in text
    assert notes.protocols and all(p.label in text for p in notes.protocols)
    assert region_notes(["not_a_region", *outcome.regions], content) == notes


def test_the_referral_summary_lists_the_warning_signs_and_answers(content, today):
    answers = {
        "region": answer("low back", ["lower_back"]),
        "red_flag.infection": answer("yes, fevers", "yes"),
    }
    outcome = planning.evaluate(answers, ["low back", "yes, fevers"], content, today)
    text = messages.referral_summary(outcome, answers, content, "ref1", "2026-11-21")
    assert "reference ref1" in text
    assert "It is not a diagnosis." in text
    assert '"yes, fevers"' in text
    assert "Lower back" in text


def test_evidence_is_kept_short(content, today):
    long = "my neck " + "really " * 200 + "hurts"
    answers = {"region": answer(long, ["neck"]), "stress": answer(long + " 9", 9.0)}
    outcome = planning.evaluate(answers, [long], content, today)
    payload = messages.outcome_payload(outcome, None, 1, content)
    evidence = [e for fs in payload["factors"].values() for f in fs for e in f["evidence"]]
    assert evidence and all(len(e) <= EVIDENCE_CHARS for e in evidence)


def test_tingling_in_one_hand_with_neck_pain_on_both_sides_is_not_myelopathy(content, today):
    # found in make shell: "both" was the side of the neck pain, not of the arm symptoms
    said = [
        "my neck n shoulders r killing me",
        "both",
        "sometimes tingly fingers on the rite hand",
    ]
    answers = {
        "region": answer(said[0], ["neck", "shoulder"], VOLUNTEERED),
        "side": answer("both", "both"),
        "numbness_tingling": answer(said[2], "yes"),
    }
    assert planning.evaluate(answers, said, content, today).red_flags == []


def test_tingling_in_both_forearms_is_myelopathy(content, today):
    said = ["my forearms ache", "both", "yes, tingling"]
    answers = {
        "region": answer(said[0], ["forearm"]),
        "side": answer("both", "both"),
        "numbness_tingling": answer("yes, tingling", "yes"),
    }
    assert planning.evaluate(answers, said, content, today).red_flags == ["myelopathy"]


def test_a_correction_names_an_answer_or_changes_the_last_one(content, today):
    answers = {"side": answer("left", "left"), "hydration": answer("8", 8.0)}
    assert reading.read_correction(
        "no wait, 6 glasses", answers, content, today, last="hydration", requested="stress"
    ) == {"hydration": answer("no wait, 6 glasses", 6.0)}
    # an explicit side wins over the last answer
    assert reading.read_correction(
        "I meant the right side", answers, content, today, last="hydration"
    ) == {"side": answer("I meant the right side", "right")}
    # an answer to the question being asked, when nothing answered changes
    assert reading.read_correction(
        "i meant to say 5", {"hydration": answer("5", 5.0)}, content, today, "hydration", "stress"
    ) == {"stress": answer("i meant to say 5", 5.0)}


@pytest.mark.parametrize(
    ("days", "words"),
    [(0.5, "less than a day"), (1, "about 1 day"), (7, "about 1 week"), (10, "about 10 days")],
)
def test_a_duration_is_named_as_a_person_would(days, words, content):
    # found trying the bot: "about a week" was noted as "for about 7 days"
    assert messages.describe("onset", days, content) == words


# a booking for the visitor's dad with the visitor's own emergency told of themselves (found
# trying the bot: "I've noted: for less than a day; tight" and the chest as the dad's region)
DAD_AND_MY_CHEST = (
    "Booking for my dad, his back is stiff. Also I have had crushing chest pain since this "
    "morning and I am sweating"
)


def test_what_the_visitor_tells_of_their_own_body_answers_nothing_for_the_client(content, today):
    found = reading.read_message(DAD_AND_MY_CHEST, None, (), content, today, True, True)
    assert {q: r["value"] for q, r in found.items()} == {
        "region": ["lower_back"],
        "character": ["tight"],
    }
    assert {r["raw"] for r in found.values()} == {DAD_AND_MY_CHEST}  # the message as typed
    # read as the visitor's own conversation, the same words answer for the visitor
    own = reading.read_message(DAD_AND_MY_CHEST, None, (), content, today, True)
    assert own["region"]["value"] == ["lower_back", "chest"] and own["onset"]["value"] == 0.0
    # a clause with "I" and no region or sign of the visitor's stays the client's
    text = "Booking for my mum, she's had neck pain, I'd say for 3 weeks"
    found = reading.read_message(text, None, (), content, today, True, True)
    assert (found["region"]["value"], found["onset"]["value"]) == (["neck"], 21.0)
