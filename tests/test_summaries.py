"""The doctor's and the therapist's summaries (bot/conversation/messages.py, issue 12 part 6).

Each answer once, as a value with its unit; the visitor's words quoted once; red-flag questions
in full; the clinic's name; no internal ids. The answers come from the conversation's own
reader (bot/conversation/reading.py), as they do in a real conversation.
"""

from __future__ import annotations

import re

import pytest

from bot.conversation import messages, planning, reading
from bot.engine.assessment import assess
from bot.engine.content import default_content

OPENING = "My lower back has been sore for about 3 weeks, around 7/10, with tingling on the left"
BENIGN = [
    (None, OPENING),
    ("character", "aching and tight"),
    ("spreading", "no"),
    ("age", "62"),
    ("red_flag.cauda_equina", "No"),
    ("hydration", "maybe 4 glasses"),
    ("stress", "6"),
    ("screen_hours", "9"),
    ("nutrition", "I skip lunch, mostly coffee"),
]
REFERRAL = [
    (None, "My lower back hurts for 3 weeks and I've had fevers and night sweats"),
    ("pain_intensity", "7"),
    ("red_flag.infection", "yes, fevers at night"),
    ("red_flag.cardiac", "No"),
]


def converse(turns, content, today):
    answers, said = {}, []
    for index, (requested, text) in enumerate(turns):
        said.append(text)
        answers.update(
            reading.read_message(text, requested, answers, content, today, describing=index == 0)
        )
    return planning.evaluate(answers, said, content, today), answers


@pytest.fixture(scope="module")
def benign(content):
    from conftest import TODAY

    outcome, answers = converse(BENIGN, content, TODAY)
    assert outcome.disposition == "book_nmt"
    return outcome, answers


@pytest.fixture(scope="module")
def referral(content):
    from conftest import TODAY

    outcome, answers = converse(REFERRAL, content, TODAY)
    assert outcome.red_flags == ["infection"]
    return outcome, answers


def therapist(case, content, **kwargs):
    return messages.therapist_summary(*case, content, "ref1", "2026-11-21", **kwargs)


def doctor(case, content, **kwargs):
    return messages.referral_summary(*case, content, "ref1", "2026-11-21", **kwargs)


def test_volunteered_answers_show_their_value_and_the_opening_message_is_quoted_once(
    benign, content
):
    _, answers = benign
    assert {qid for qid, a in answers.items() if a["how"] == reading.VOLUNTEERED} >= {
        "region",
        "side",
        "onset",
        "pain_intensity",
        "numbness_tingling",
    }
    text = therapist(benign, content)
    assert text.count(OPENING) == 1
    assert f'In their own words:\n"{OPENING}"' in text
    assert "Where: Lower back (left)" in text
    assert "- How long: about 3 weeks\n" in text
    assert "- Numbness or tingling: Yes\n" in text
    assert text.count("Where:") == 1 and "- Side:" not in text


def test_every_quote_appears_once(benign, referral, content):
    for case in (benign, referral):
        for text in (therapist(case, content), doctor(case, content)):
            for quoted in re.findall(r'"([^"]+)"', text):
                assert text.count(f'"{quoted}"') == 1, quoted


def test_answers_have_their_units(benign, referral, content):
    text = therapist(benign, content)
    assert "Pain: 7/10 (NPRS)" in text
    assert "- Pain:" not in text  # the score above is the answer
    assert "- Stress (0-10): 6/10\n" in text
    assert '- Glasses of water a day: 4 - "maybe 4 glasses"\n' in text
    assert "- Desk or screen hours a day: 9\n" in text
    assert "- Age: 62\n" in text
    assert "- Pain: 7/10\n" in doctor(referral, content)


def test_red_flag_questions_are_asked_in_full_and_no_ids_show(benign, referral, content):
    for case in (benign, referral):
        for text in (therapist(case, content), doctor(case, content)):
            assert "red_flag." not in text and "phq4." not in text
            answers = text.split("nswers:\n", 1)[1]
            assert "…" not in answers
    question = content.question("red_flag.infection").text
    assert f"- {question} Yes" in doctor(referral, content)
    assert f"- {content.question('red_flag.cardiac').text} No" in therapist(referral, content)


def test_an_answer_s_own_words_are_quoted_when_they_say_more(referral, content):
    text = doctor(referral, content)
    # the fever answer's words are the warning sign's evidence, quoted there and not again
    assert "Possible infection" in text and '"yes, fevers at night"' in text
    assert text.count("fevers at night") == 1


def test_the_clinic_s_name_is_in_both_summaries(benign, referral, content, monkeypatch):
    assert "Pre-visit summary for Harbour NMT - 2026-11-21" in therapist(
        benign, content, clinic_name="Harbour NMT"
    )
    assert "online questionnaire of Harbour NMT before booking" in doctor(
        referral, content, clinic_name="Harbour NMT"
    )
    monkeypatch.setenv("NMT_CLINIC_NAME", "Quay Street  Clinic")
    assert "Pre-visit summary for Quay Street Clinic" in therapist(benign, content)
    assert "questionnaire of Quay Street Clinic" in doctor(referral, content)


def test_the_reason_for_a_referral_quotes_the_visitor_once_and_not_a_bare_yes():
    """Found by trying it in the browser: "Why I say this" gave only the groups' general texts
    (cancer among them) and never the night sweats the visitor had typed."""
    said = "I've been losing weight without trying and have night sweats"
    outcome = assess(messages=[f"my lower back aches. {said}"])
    text = messages.outcome_text(outcome, default_content())
    assert len(outcome.hits) >= 2
    assert text.count(said) == 1
    assert f'Why I say this - you told me "{said}":' in text
    answered = assess(answers={"red_flag.cancer": "yes"}, messages=["my back hurts"])
    assert "you told me" not in messages.outcome_text(answered, default_content())
