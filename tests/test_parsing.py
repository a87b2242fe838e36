"""Tests for bot.engine.parsing: reading messy chat answers into values."""

import time
from datetime import date, timedelta

import pytest

from bot.engine.parsing import (
    MAX_CHARS,
    Duration,
    _levenshtein,
    asks_something,
    is_clear_yes,
    match_loose_options,
    match_options,
    named_age,
    normalise,
    parse_age,
    parse_duration,
    parse_hours,
    parse_number,
    parse_pain_score,
    parse_yes_no,
    says_weak_yes,
    settle_contrast,
    stated_age,
    stated_worsening,
)

TODAY = date(2026, 11, 21)

# ---------------------------------------------------------------------------------------
# normalise
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello", "hello"),
        ("  lots   of\t\tspace \n here  ", "lots of space here"),
        ("I\u2019m \u201cfine\u201d", 'i\'m "fine"'),
        ("\uff28\uff45\uff4c\uff4c\uff4f", "hello"),  # full-width letters (NFKC)
        ("\ufb01ne", "fine"),  # ligature
        ("3\u20134 weeks", "3-4 weeks"),  # en dash
        ("ye\u200bs", "yes"),  # zero-width space
        ("\u202eon\u202c", "on"),  # bidi override
        ("a\x00b", "a b"),
        ("\u0667/\u0661\u0660", "7/10"),  # Arabic-Indic digits
        ("CAFÉ", "café"),
        ("", ""),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_normalise_caps_length():
    assert normalise("ab " * 10_000) == ("ab " * 1000)[:MAX_CHARS].rstrip()
    assert len(normalise("x" * 100_000)) == MAX_CHARS


def test_only_the_start_of_huge_text_is_read():
    assert parse_yes_no("yes " + "x" * 100_000) == "yes"
    assert parse_yes_no("x" * 100_000 + " yes") is None


# ---------------------------------------------------------------------------------------
# parse_yes_no
# ---------------------------------------------------------------------------------------

YES = [
    "yes",
    "Yes",
    "YES!!!",
    "Yep!",
    "yeah def",
    "y",
    "Y",
    "sure",
    "I do",
    "a bit",
    "a little",
    "kind of",
    "sort of",
    "sometimes",
    "occasionally",
    "👍",
    "👍🏽",
    "yesss",
    "yeahhh",
    "yup",
    "ya",
    "aye",
    "ok",
    "Yes, definitely",
    "yeah, a little bit",
    "defo",
    "of course",
    "erm... sometimes?",
    "it does sometimes",
    "yes I do",
    "I have",
    "kinda",
    "now and then",
    "on and off",
    "not always",
    "100%",
    "yes ✅",
]
NO = [
    "no",
    "No.",
    "nope",
    "nah",
    "n",
    "never",
    "not really",
    "not at all",
    "I don't",
    "i dont",
    "none",
    "👎",
    "Noooo way",
    "nah not really",
    "nope never",
    "no, I don't think so",
    "I don't think so",
    "not that I know of",
    "i do not",
    "I have never",
    "I'm not",
    "No. No pain at all",
    "nope 🙅",
    "absolutely not",
    "❌",
]
UNSURE = [
    "I don't know",
    "i dont know",
    "dunno",
    "idk",
    "not sure",
    "Not sure",
    "maybe",
    "possibly",
    "can't remember",
    "cant remember tbh",
    "I think so?",
    "I think so",
    "perhaps",
    "hard to say",
    "no idea",
    "No idea!",
    "i'm not sure",
    "i am not really sure tbh",
    "probably not",
    "I guess so",
    "hmm not sure 🤔",
    "🤷",
    "yes and no",
    "yeah nah",
    "no clue",
    "not 100% sure",
    "i have no idea",
]
# A hedge belongs to its own clause: after a clear answer, a later clause that hedges about
# something it names leaves the answer as it is; a bare hedge or a contradiction does not.
CLAUSED = [
    ("no. but I've lost weight, not sure if that's related", "no"),
    ("No - but not sure if my fever counts", "no"),
    ("nope. my back is sore though, not sure why", "no"),
    ("yes. not sure when it started", "yes"),
    ("no. I have", "no"),
    ("no. maybe", "unsure"),
    ("no but I think so", "unsure"),
    ("no... not sure", "unsure"),
    ("no. actually yes", "unsure"),
    ("not sure. no", "unsure"),
    ("no, not sure if that's related", "unsure"),
]
NOT_AN_ANSWER = ["", "   ", "umm", "asdf", "my back hurts", "yesterday", "7", "?", "🙂", "know"]
# What the visitor has always had tells of the past, not how often: "always" alone is yes.
ALWAYS_HAD = [
    ("no, its the same dull headache ive always had, paracetamol sorts it", "no"),
    ("no, I've always been clumsy, since I was a kid", "no"),
    ("yes, always had them but worse now", "yes"),
    ("always", "yes"),
    ("no... always", "unsure"),
]
# After a "no", words of how often or how much in a clause that names something describe it;
# beside nothing else they still answer. Found in development vignettes where a benign
# visitor's long "no" ended in an emergency.
DESCRIBED = [
    ("no, peeing and everything down there is totally normal, no numbness", "no"),
    ("no. I wee a lot more often, the baby sits on my bladder, but I'm in control of it", "no"),
    ("no, sometimes my heart goes quick after energy drinks, no chest pain", "no"),
    ("no. I checked the list to be sure, everything down there is normal", "no"),
    ("no, a bit", "unsure"),
    ("no... sometimes", "unsure"),
    ("sometimes", "yes"),
    ("yes, a lot, mostly at night", "yes"),
]


@pytest.mark.parametrize("text", YES)
def test_yes(text):
    assert parse_yes_no(text) == "yes"


@pytest.mark.parametrize("text", NO)
def test_no(text):
    assert parse_yes_no(text) == "no"


@pytest.mark.parametrize("text", UNSURE)
def test_unsure(text):
    assert parse_yes_no(text) == "unsure"


@pytest.mark.parametrize(("text", "expected"), CLAUSED)
def test_a_hedge_belongs_to_its_own_clause(text, expected):
    assert parse_yes_no(text) == expected


@pytest.mark.parametrize(("text", "expected"), DESCRIBED)
def test_after_a_no_how_often_describes_what_a_clause_names(text, expected):
    assert parse_yes_no(text) == expected


@pytest.mark.parametrize(("text", "expected"), ALWAYS_HAD)
def test_what_the_visitor_has_always_had_is_no_yes(text, expected):
    assert parse_yes_no(text) == expected


@pytest.mark.parametrize("text", NOT_AN_ANSWER)
def test_not_a_yes_no_answer(text):
    assert parse_yes_no(text) is None


# A visitor who says they have a question has not answered yes: not to a yes/no question, not
# as consent, and "I have" before it is not the weak yes believed for a red-flag question.
HAS_A_QUESTION = [
    "I have a question",
    "i have a few questions",
    "I've got a question",
    "I do have a quick question",
    "I have something to ask",
    "it is a question",
    "I have a query",
    "can I ask something first",
    "I was wondering if I could ask something",
]


@pytest.mark.parametrize("text", HAS_A_QUESTION)
def test_having_a_question_is_not_a_yes(text):
    assert asks_something(text)
    assert parse_yes_no(text) is None
    assert not is_clear_yes(text)
    assert not says_weak_yes(text)


# A yes with a question of the visitor's: to a yes/no question the yes stands (it answers, and
# a red-flag question errs towards yes), but it is not consent: they want an answer first.
@pytest.mark.parametrize(
    "text",
    ["yes I have a question", "Yes, but I have a couple of questions", "ok but what is NMT?",
     "sure, but what's NMT?", "yeah but how long does it take?"],
)  # fmt: skip
def test_a_yes_with_a_question_answers_but_does_not_agree(text):
    assert parse_yes_no(text) == "yes"
    assert asks_something(text)
    assert not is_clear_yes(text)


# ... while a yes that only mentions the bot's question, invites questions or asks what comes
# next still agrees, and "I have ..." with words of its own is still a weak yes.
@pytest.mark.parametrize(
    "text", ["yes", "yes to your question", "yes ask away", "sure, what's next?", "yes?", "I have"]
)
def test_a_yes_without_a_question_of_ones_own_still_agrees(text):
    assert not asks_something(text)
    assert is_clear_yes(text)


@pytest.mark.parametrize(
    "text", ["I have trouble peeing", "I have a question, I have trouble peeing", "it does"]
)
def test_a_weak_yes_that_names_something_stays_one(text):
    assert says_weak_yes(text)


# ---------------------------------------------------------------------------------------
# parse_pain_score
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7", 7),
        ("about a 7", 7),
        ("7/10", 7),
        ("7 / 10", 7),
        ("7 out of 10", 7),
        ("seven out of ten", 7),
        ("a solid eight", 8),
        ("Eight", 8),
        ("eigth", 8),
        ("8-9", 9),
        ("8 - 9", 9),
        ("8\u20139", 9),
        ("8 or 9", 9),
        ("between 5 and 6", 6),
        ("6.5", 7),
        ("6.4", 6),
        ("10+", 10),
        ("11/10", 10),
        ("15/10!!!", 10),
        ("off the charts", 10),
        ("OFF THE CHART", 10),
        ("worst pain imaginable", 10),
        ("no pain", 0),
        ("zero", 0),
        ("0", 0),
        ("none", 0),
        ("pain-free today", 0),
        ("3/5", 6),
        ("70/100", 7),
        ("35/100", 4),
        ("70%", 7),
        ("ummm about a 7 i guess 😬", 7),
        ("id say a 6 maybe", 6),
        ("like a 3 now, 7 at its worst", 7),
        ("7 for about 3 weeks", 7),
        ("about 4, been like that 2 days", 4),
        ("sevenish", 7),
        ("7ish", 7),
        ("Ten", 10),
        ("it's a 2 out of ten", 2),
        ("no pain now but 5 when I bend", 5),
        ("15", None),
        ("100", None),
        ("11", None),
        ("-3", None),
        ("minus 3", None),
        ("it hurts a lot", None),
        ("", None),
        ("5/0", None),
    ],
)
def test_parse_pain_score(text, expected):
    assert parse_pain_score(text) == expected


# ---------------------------------------------------------------------------------------
# parse_number
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2", 2.0),
        ("2.5", 2.5),
        ("two", 2.0),
        ("Two", 2.0),
        ("twenty five", 25.0),
        ("twenty-five", 25.0),
        ("a couple", 2.0),
        ("a couple of times", 2.0),
        ("a few", 3.0),
        ("few", 3.0),
        ("half a dozen", 6.0),
        ("a dozen", 12.0),
        ("one hundred and five", 105.0),
        ("a hundred", 100.0),
        ("two and a half", 2.5),
        ("2 and a half", 2.5),
        ("1,000", 1000.0),
        ("about 3 times a week", 3.0),
        ("maybe 4 or 5", 4.0),
        ("three or four times", 3.0),
        ("zero", 0.0),
        ("I walk 10km", 10.0),
        ("nothing here", None),
        ("", None),
        ("a lot", None),
        ("1" * 40, None),
        # a single one of something (thirty-seventh round: "a can of coke maybe" was asked
        # three times)
        ("a can of coke maybe", 1.0),
        ("a cup of tea if we're lucky", 1.0),
        ("just the one glass", 1.0),
        ("a lot of coke", None),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


# ---------------------------------------------------------------------------------------
# parse_age
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("54", 54),
        ("I'm 54", 54),
        ("im 54", 54),
        ("54 years old", 54),
        ("54 yrs old", 54),
        ("54yo", 54),
        ("54 y/o", 54),
        ("fifty four", 54),
        ("Fifty-four", 54),
        ("mid fifties", 55),
        ("mid-50s", 55),
        ("early 40s", 42),
        ("late forties", 48),
        ("in my 60s", 65),
        ("in my early 40's", 42),
        ("sixties", 65),
        ("late teens", 18),
        ("50 something", 55),
        ("over 50", 51),
        ("over fifty", 51),
        ("under 50", 49),
        ("nearly 50", 49),
        ("45-50", 50),
        ("born in 1970", 56),
        ("born 1970", 56),
        ("born 3 March 1970", 56),
        ("born 25 December 1970", 55),
        ("DOB 25/12/1970", 56),
        ("1970", 56),
        ("I'm 54 and it's been 3 weeks", 54),
        ("had it 3 weeks, I'm 54", 54),
        ("54.5", 54),
        ("1", 1),
        ("120", 120),
        ("121", None),
        ("150", None),
        ("0", None),
        ("born in 2030", None),
        ("born in the 70s", None),
        ("old enough", None),
        ("", None),
    ],
)
def test_parse_age(text, expected):
    assert parse_age(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm 80 and slipped on the stairs", 80),
        ("im 77 n had a tumble", 77),
        ("i am 68 years and my back is bad", 68),
        ("66 yo here, sore neck", 66),
        ("Hi, I'm 52, a runner", 52),
        ("I'm 30 weeks pregnant", None),
        ("I'm 90% sure it's muscular", None),
        ("I'm 45 minutes from the clinic", None),
        ("my 14 year old plays football", None),
        ("my dad is 80", None),
        ("", None),
        # the opening's own description of the visitor
        ("Retired postman, 71. Bent over the bath and my back went", 71),
        ("67F, lower back stiff", 67),
        ("M, 70, sore shoulder", 70),
        ("male 69 here, neck pain", 69),
        ("aged 81 and my hip aches", 81),
        ("a 72-year-old woman with a sore neck", 72),
        ("Im a 66 year old runner", 66),
        ("I just turned 70 and my knees know it", 70),
        ("my dad, 80, fell on the stairs", None),
        ("booking for my nan, 91.", None),
        ("back pain, 10/10", None),
        ("neck pain, 45 minutes after driving", None),
        ("my son turned 18 last week", None),
        # a sentence of its own: "62M" later in a message, a bare number 40 or over
        ("Neck sore after gardening. 62M, fit otherwise", 62),
        ("Back gone again. 58.", 58),
        ("58", 58),
        ("Back gone again. 8.", None),
        ("aches in my back n hips, 66yo, came on gradually", 66),
        ("booking for my mum, 80 years old, she fell", None),
        ("How long? 45.", None),
        ("I can walk 50 metres. 10 at most.", None),
    ],
)
def test_stated_age_reads_only_the_visitors_own_age(text, expected):
    assert stated_age(text) == expected


@pytest.mark.parametrize(
    ("text", "person", "expected"),
    [
        ("can you see my dad, 74, today?", "dad", 74),
        ("Booking for my grandmother (89), her hip hurts", "grandmother", 89),
        ("hi my dad is 82 and he fell", "dad", 82),
        ("Dad's 81 and slowing down", "dad", 81),
        ("my dads 80 and stiff", "dad", 80),
        ("on behalf of my father, aged 87, who fell", "father", 87),
        ("on behalf of my father, Mr Desmond Achebe, aged 87, who fell", "father", 87),
        ("My mother have 84 years", "mother", 84),
        ("booking for my 80 year old dad", "dad", 80),
        ("an 85-year-old nan", "nan", 85),
        # not an age, or not this person's
        ("my dad is 18 stone", "dad", None),
        ("my mum is 20 minutes away", "mum", None),
        ("my dad (2 weeks ago) fell", "dad", None),
        ("it's my dads 70th birthday", "dad", None),
        ("my dad at 10:30", "dad", None),
        ("my grandad, 74", "dad", None),
        ("my dad, 74", "mum", None),
        ("", "dad", None),
    ],
)
def test_named_age_reads_the_age_given_the_person(text, person, expected):
    assert named_age(text, person) == expected


def test_an_age_said_in_passing_counts_for_the_rules():
    from bot.engine.assessment import screen_text

    assert "fracture" in screen_text("I'm 80 and slipped on the kitchen floor, my hip hurts")
    assert screen_text("my dad is 80 and slipped on the kitchen floor, my hip hurts") == []


def test_parse_age_today_defaults_to_now():
    assert parse_age(f"born in {date.today().year - 40}") == 40


# ---------------------------------------------------------------------------------------
# parse_duration
# ---------------------------------------------------------------------------------------


def _since(day: date) -> Duration:
    return Duration(days=float((TODAY - day).days), onset=day)


def _ago(days: float) -> Duration:
    return Duration(days=days, onset=TODAY - timedelta(days=int(days + 0.5)))


LONG_STANDING = Duration(days=730.0, onset=None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("three weeks", _ago(21)),
        ("about 3 weeks", _ago(21)),
        ("2 days", _ago(2)),
        ("a couple of months", _ago(60)),
        ("couple weeks", _ago(14)),
        ("6 mths", _ago(180)),
        ("6 months", _ago(180)),
        ("2 yrs", _ago(730)),
        ("2yrs", _ago(730)),
        ("a year", _ago(365)),
        ("a fortnight", _ago(14)),
        ("a week", _ago(7)),
        ("1 week", _ago(7)),
        ("a week or two", _ago(14)),
        ("a year and a half", _ago(547.5)),
        ("1 year and 2 months", _ago(425)),
        ("2 weeks and 3 days", _ago(17)),
        ("1.5 weeks", _ago(10.5)),
        ("48 hours", _ago(2)),
        ("since March", _since(date(2026, 3, 1))),
        ("since march", _since(date(2026, 3, 1))),
        ("since December", _since(date(2025, 12, 1))),
        ("since Sept", _since(date(2026, 9, 1))),
        ("since sep", _since(date(2026, 9, 1))),
        ("since May", _since(date(2026, 5, 1))),
        ("since March 3rd", _since(date(2026, 3, 3))),
        ("since 3 March", _since(date(2026, 3, 3))),
        ("since the 3rd of march", _since(date(2026, 3, 3))),
        ("since March 2025", _since(date(2025, 3, 1))),
        ("since March last year", _since(date(2025, 3, 1))),
        ("since 2019", _since(date(2019, 1, 1))),
        ("since 2026-03-03", _since(date(2026, 3, 3))),
        ("since Christmas", _since(date(2025, 12, 25))),
        ("since xmas 2024", _since(date(2024, 12, 25))),
        ("since new year", _since(date(2026, 1, 1))),
        ("since Monday", _since(date(2026, 11, 16))),
        # a day asked for is not when it began: the next day named, or the relative words
        ("could we book two slots on Saturday? I slipped on Monday", _since(date(2026, 11, 16))),
        ("any appointments next Tuesday? it went on Monday", _since(date(2026, 11, 16))),
        ("free this Friday? hurt it yesterday", _ago(1)),
        ("booking for Saturday", None),
        ("yesterday", _ago(1)),
        ("since yesterday", _ago(1)),
        ("today", _ago(0)),
        ("this morning", _ago(0)),
        ("an hour ago", _ago(0)),
        ("half an hour ago", _ago(0)),
        ("last week", _ago(7)),
        ("over the past week", _ago(7)),
        ("last month", _ago(30)),
        ("last year", _ago(365)),
        ("few days", _ago(3)),
        ("the last few days", _ago(3)),
        ("a few weeks", _ago(21)),
        ("about a month ago", _ago(30)),
        ("started 3 weeks ago", _ago(21)),
        ("3-4 weeks", _ago(28)),
        ("3 to 4 weeks", _ago(28)),
        ("two or three months", _ago(90)),
        ("on and off for 2 years", _ago(730)),
        ("a while", LONG_STANDING),
        ("quite a while now", LONG_STANDING),
        ("ages", LONG_STANDING),
        ("ages ago", LONG_STANDING),
        ("for years", LONG_STANDING),
        ("years", LONG_STANDING),
        ("for weeks", Duration(days=14.0, onset=None)),
        # how long an activity lasts is not how long the pain has (found in the browser)
        ("sore for weeks, worse when I sit for a long time", Duration(days=14.0, onset=None)),
        ("worse after sitting at my desk for ages", None),
        ("for years, and worse for weeks now", LONG_STANDING),
        ("months", Duration(days=60.0, onset=None)),
        ("since the accident", None),
        ("a little while", None),
        ("since 2030", None),
        ("since December 2026", None),
        ("in 3 weeks time", None),
        ("3 weeks from now", None),
        ("tomorrow", None),
        ("next week", None),
        ("since feb 30", None),
        ("since 1850", None),
        ("99999999999 years", None),
        ("3", None),
        ("it may hurt", None),
        ("", None),
    ],
)
def test_parse_duration(text, expected):
    assert parse_duration(text, today=TODAY) == expected


def test_parse_duration_today_defaults_to_now():
    assert parse_duration("3 days") == Duration(3.0, date.today() - timedelta(days=3))


# ---------------------------------------------------------------------------------------
# match_options
# ---------------------------------------------------------------------------------------

AREAS = {
    "lower_back": ["lumbar", "low back", "bottom of my back"],
    "back": ["spine"],
    "neck": ["cervical"],
    "shoulder": ["rotator cuff"],
    "knee": [],
    "hip": ["hips"],
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lower back", ["lower_back"]),
        ("Lower back!!", ["lower_back"]),
        ("LOWER   BACK", ["lower_back"]),
        ("lower-back", ["lower_back"]),
        ("my neck and lower back", ["neck", "lower_back"]),
        ("pain in my BACK... and neck", ["back", "neck"]),
        ("My lower back and shoulder hurt, also my back", ["lower_back", "shoulder", "back"]),
        ("Shoulders, knees", ["shoulder", "knee"]),
        ("bottom of my back and hip", ["lower_back", "hip"]),
        ("hip hip hip", ["hip"]),
        ("neck,neck;shoulder", ["neck", "shoulder"]),
        ("rotator cuff", ["shoulder"]),
        ("spine", ["back"]),
        ("my sholder", ["shoulder"]),
        ("shouldr", ["shoulder"]),
        ("lowerback", ["lower_back"]),
        ("necklace", []),
        ("backpack", []),
        ("nothing", []),
        ("nek", []),  # too short for typo matching
        ("", []),
    ],
)
def test_match_options(text, expected):
    assert match_options(text, AREAS) == expected


def test_match_options_prefers_exact_matches_over_typos():
    assert match_options("neck and shouldr", AREAS) == ["neck"]


def test_match_options_shared_synonym_matches_every_option():
    options = {"tingling": ["pins and needles"], "numbness": ["pins and needles", "numb"]}
    assert match_options("pins and needles", options) == ["tingling", "numbness"]


LOOSE = {"good": ["ok", "ok-ish", "not bad"], "poor": ["meh", "not ok", "bad"]}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ok-ish, wake up stiff", ["good"]),
        ("OK", ["good"]),
        ("not bad", ["good"]),  # a phrase holding its own negation is read whole
        ("not ok", ["poor"]),
        ("meh", ["poor"]),
        ("no, ok", []),  # a negation outside the phrases found: not read
        ("can't say it's ok", []),
        ("okay", []),  # whole words only, no typos
        ("", []),
    ],
)
def test_match_loose_options(text, expected):
    assert match_loose_options(text, LOOSE) == expected


# Options from the best to the worst, as a choice question ranks them (content `rank`).
RESTING = {
    "rested": ["rested", "sleep soundly", "like a baby"],
    "woken": ["woken", "the ache wakes me", "wakes me"],
    "awake": ["awake", "lie awake", "barely sleep", "not soundly"],
}
RESTING_RANKS = {"rested": 0, "woken": 1, "awake": 2}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I sleep soundly but the ache wakes me", "woken"),
        ("like a baby, though it wakes me now and then", "woken"),
        ("rested except when the ache wakes me", "woken"),
        ("sleep soundly apart from nights I lie awake", "awake"),
        ("woken some nights, but mostly I lie awake", "awake"),
        ("the ache wakes me but otherwise I sleep like a baby", "woken"),  # better: first stands
        ("I lie awake, but I'm rested by morning", "awake"),
        ("sleep soundly but nothing wakes me", "rested"),  # a negation outside: not a contrast
        ("rested, but it doesn't wake me", "rested"),
        ("rested but not soundly", "awake"),  # a negation inside the phrase is the phrase
        ("rested but I lie awake and woken", "awake"),  # the worst of the later clause
    ],
)
def test_settle_contrast(text, expected):
    assert settle_contrast(text, RESTING, RESTING_RANKS) == expected


@pytest.mark.parametrize(
    "text",
    ["rested", "I sleep soundly, the ache wakes me", "but the ache wakes me", "so-so but rested"],
)
def test_settle_contrast_leaves_answers_without_a_contrast_alone(text):
    assert settle_contrast(text, RESTING, RESTING_RANKS) is None


def test_settle_contrast_needs_ranks():
    assert settle_contrast("rested but woken", RESTING, {}) is None
    assert settle_contrast("rested but woken", RESTING, {"rested": 0}) == "rested"
    assert settle_contrast("rested but woken", None, RESTING_RANKS) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("7 hours", 7.0),
        ("about seven hrs a night", 7.0),
        ("6-7 hours", 6.0),  # the lower: hours of sleep never over-reported
        ("5h", 5.0),
        ("7", None),
        ("30 hours", None),
        ("ok", None),
    ],
)
def test_parse_hours(text, expected):
    assert parse_hours(text) == expected


def test_match_options_handles_odd_options():
    assert match_options("neck", {}) == []
    assert match_options("neck", {"neck": None}) == ["neck"]
    assert match_options("neck", {"neck": "cervical"}) == ["neck"]
    assert match_options("neck", {"x": [None, 3, ""]}) == []


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("", "", 0), ("abc", "", 3), ("kitten", "sitting", 3), ("shoulder", "shouldr", 1)],
)
def test_levenshtein(a, b, expected):
    assert _levenshtein(a, b) == expected
    assert _levenshtein(b, a) == expected


# ---------------------------------------------------------------------------------------
# Bad input: never raise, give the documented "unknown" value
# ---------------------------------------------------------------------------------------

BAD_INPUTS = {
    "empty": "",
    "whitespace": " \t\n \r ",
    "huge": "x" * 100_000,
    "emoji": "😀😬🎉🔥",
    "html": "<script>alert(1)</script>",
    "sql": "'; DROP TABLE x;--",
    "nuls": "\x00" * 1000,
    "rtl": "\u202e\u200f\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627\u202c",
}
BAD_IDS = list(BAD_INPUTS)
# The HTML holds a number ("alert(1)"), which the numeric readers report as such.
NUMBER_IN_HTML = {"html": 1}


@pytest.mark.parametrize("name", BAD_IDS)
def test_bad_input_normalise(name):
    expected = {
        "huge": "x" * MAX_CHARS,
        "emoji": "😀😬🎉🔥",
        "html": "<script>alert(1)</script>",
        "sql": "'; drop table x;--",
        "rtl": "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
    }.get(name, "")
    assert normalise(BAD_INPUTS[name]) == expected


@pytest.mark.parametrize("name", BAD_IDS)
def test_bad_input_yes_no(name):
    assert parse_yes_no(BAD_INPUTS[name]) is None


@pytest.mark.parametrize("name", BAD_IDS)
def test_bad_input_pain_score(name):
    assert parse_pain_score(BAD_INPUTS[name]) == NUMBER_IN_HTML.get(name)


@pytest.mark.parametrize("name", BAD_IDS)
def test_bad_input_number(name):
    assert parse_number(BAD_INPUTS[name]) == NUMBER_IN_HTML.get(name)


@pytest.mark.parametrize("name", BAD_IDS)
def test_bad_input_age(name):
    assert parse_age(BAD_INPUTS[name], today=TODAY) == NUMBER_IN_HTML.get(name)


@pytest.mark.parametrize("name", BAD_IDS)
def test_bad_input_duration(name):
    assert parse_duration(BAD_INPUTS[name], today=TODAY) is None


@pytest.mark.parametrize("name", BAD_IDS)
def test_bad_input_match_options(name):
    assert match_options(BAD_INPUTS[name], AREAS) == []


def test_non_string_input_does_not_raise():
    for value in (None, 7, b"yes", ["yes"]):
        assert normalise(value) == ""
        assert parse_yes_no(value) is None
        assert parse_pain_score(value) is None
        assert parse_number(value) is None
        assert parse_age(value, today=TODAY) is None
        assert parse_duration(value, today=TODAY) is None
        assert match_options(value, AREAS) == []
    assert match_options("neck", None) == []


# ---------------------------------------------------------------------------------------
# Timing: adversarial megabyte strings
# ---------------------------------------------------------------------------------------

ADVERSARIAL = {
    "digits": "1" * 1_000_000,
    "decimals": "1.1." * 250_000,
    "ranges": "9-" * 500_000,
    "fractions": "1/" * 500_000,
    "articles": "a " * 500_000,
    "not": "not " * 250_000,
    "number_words": "twenty " * 150_000,
    "couples": "a couple of " * 90_000,
    "months": "may march " * 100_000,
    "since": "since " * 170_000,
    "typos": "shouldr " * 125_000,
    "parens": "(" * 1_000_000,
    "emoji": "😬" * 1_000_000,
    "combining": "a\u0301" * 500_000,
    "expanding": "\ufdfa" * 1_000_000,  # NFKC expands each to 18 characters
    "spaces_then_text": " " * 999_992 + "yes 7 54",
}
MANY_OPTIONS = {
    f"option_{i}": [f"synonym{i}", f"a longer phrase number {i}", "shoulder"] for i in range(200)
}
FUNCTIONS = {
    "normalise": normalise,
    "parse_yes_no": parse_yes_no,
    "parse_pain_score": parse_pain_score,
    "parse_number": parse_number,
    "parse_age": lambda text: parse_age(text, today=TODAY),
    "parse_duration": lambda text: parse_duration(text, today=TODAY),
    "match_options": lambda text: match_options(text, MANY_OPTIONS),
}


@pytest.mark.parametrize("function", list(FUNCTIONS))
@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_huge_adversarial_input_is_fast(function, name):
    text = ADVERSARIAL[name]
    assert len(text) >= 1_000_000
    start = time.perf_counter()
    FUNCTIONS[function](text)
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize(
    "text, glasses",
    [
        ("6", 6),
        ("about 6 glasses", 6),
        ("3 litres", 12),
        ("2L", 8),
        ("500ml", 2),
        ("1.5 liters", 6),
        ("2 bottles", 4),
        ("not much", None),
    ],
)
def test_glasses_of_water_from_other_units(text, glasses):
    # found in make shell: "3 litres" was read as 3 glasses and raised dehydration
    from bot.engine.parsing import parse_glasses

    assert parse_glasses(text) == glasses


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my back hurts more every week for about 2 months", True),
        ("aches came on gradually, worse every week", True),
        ("my legs are weaker month by month", True),
        ("it's been getting worse over the last few weeks", True),
        ("worse for a couple of weeks now", True),
        # no course over weeks, denied, past, or not the pain's
        ("worse since Monday", False),
        ("worse when I sit", False),
        ("it's not getting worse every week", False),
        ("no worse over the past few weeks", False),
        ("it was worse for a few weeks after the op", False),
        ("I see her more every week", False),
        ("", False),
    ],
)
def test_stated_worsening_reads_a_course_over_weeks(text, expected):
    assert stated_worsening(text) is expected
