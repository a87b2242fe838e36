"""What a message answers: the question asked, and any other it answers in passing.

The Rasa actions (`actions/`) keep one slot per question. A filled slot holds a small dict:

    {"raw": "about 3 weeks", "value": 21.0, "how": "asked"}

`how` is "asked" (an answer to the question the bot asked), "volunteered" (read from a message
that answered something else: "my lower back, mostly the left side" also gives the side) or
"unknown" (the visitor said they don't know, so the question is not asked again). `value` is
what bot.engine.answers made of the text (None when unknown). What to ask next is
bot.conversation.planning.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from typing import Any

from bot.engine.answers import option_synonyms, parse_answer, without_opposite_clauses
from bot.engine.content import Content, Question
from bot.engine.nlp import Mention, extract, own_clause
from bot.engine.parsing import (
    DONT_KNOW_PHRASES,
    YES_WORDS,
    match_options,
    parse_age,
    parse_duration,
    parse_pain_score,
    says_weak_yes,
)

ASKED, VOLUNTEERED, UNKNOWN = "asked", "volunteered", "unknown"

# Findings in free text that answer a yes/no question of the localization section.
FINDING_ANSWERS = {
    "numbness_tingling": ("numbness", "tingling"),
    "weakness": ("weakness",),
    "spreading": ("referred_pain",),
    # "walking funny but only bc of the soreness", "he walks like he's on a ship"
    "gait": ("limp", "unsteady_gait"),
}

# Words that may only be read as an answer when the visitor is asked, never from other text:
# "hot" is not a burning pain in "I feel hot", "deep" is not a dull ache in "deep breath".
# Nor "sitting" as the cause in "it hurts when sitting": that is what makes it worse.
NOT_VOLUNTEERED = {
    "character": {"hot", "deep", "heavy", "less", "tense", "beating"},
    "cause": {
        "sitting",
        "driving",
        "desk",
        "computer",
        "laptop",
        "screens",
        "studying",
        "playing",
        "typing",
        "cycling",
        "gardening",
        "kneeling",
        "too much",
        "same movement",
        "slowly",
    },
}


# Apostrophes as phones and word processors type them ("don’t", "I’m") read like "'". One
# character for one, so positions found in the result are positions in the visitor's text.
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2018\u2019\u201b\u02bc\u2032\u00b4`", "'"))


def _straight(text: str) -> str:
    """`text` with its apostrophes straight, for the regular expressions below."""
    return text.translate(_APOSTROPHES)


def _words(phrases: Iterable[str]) -> re.Pattern[str]:
    """Any of the phrases as whole words, in any case, an apostrophe optional ("don'?t")."""
    alternatives = "|".join(re.escape(phrase).replace("'", "'?") for phrase in phrases)
    return re.compile(rf"\b({alternatives})\b", re.IGNORECASE)


# An explicit yes, even hedged ("yes maybe"), is believed for a safety question.
_EXPLICIT_YES = _words(YES_WORDS)

# A duration volunteered in passing needs a word that makes it one ("for a week", "since
# Monday", "been sore a while", "started yesterday") or a counted unit ("3 weeks"). Without
# one, "after a day gardening" would read as one day. (parse_duration, which reads the
# duration, needs neither: an answer to "how long?" is a duration whatever its words.)
_TIME_WORDS = re.compile(
    r"\b(for|since|ago|past|last|been|started|starting|began|begun|yesterday|today|tonight|"
    r"this (?:morning|afternoon|evening|week|month|year))\b"
    # or a counted unit: "3 weeks", "two months", "a couple of days" (not "a day gardening")
    r"|\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|few|couple of|several)"
    r"\s*(days?|weeks?|wks?|months?|mths?|years?|yrs?)\b"
    # or one unit, estimated: "about a month", "a week or so" (not "a day gardening")
    r"|\b(about|around|roughly|nearly|almost|over|under|maybe|probably)\s+an?\s+"
    r"(day|week|fortnight|month|year)\b"
    r"|\ban?\s+(day|week|fortnight|month|year)\s+or\s+(so|two)\b",
    re.IGNORECASE,
)
# Text that did not answer the pain question gives a score only out of 10 ("7/10", "7 out of
# 10"); parse_pain_score reads the score it finds, and reads more from an answer ("3/5", "70%").
_OUT_OF_TEN = re.compile(r"\b((?:10|\d)(?:[.,]\d)?)\s*(?:/|out of|outta|of)\s*10\b", re.IGNORECASE)
# A clause that dates something the visitor had or had done, not the pain: "I had breast cancer
# five years ago", "had my hip replaced 3 years ago". Its time is no onset of the pain (the
# pain's own clause may say one: "now my lower back has been sore for a week"; if not, the
# question is asked). A clause that names the pain keeps its time ("sore since my op"), and so
# does one that dates the pain from the event ("my knee, since the operation 6 weeks ago").
_HISTORY_CLAUSE = re.compile(
    r"\b(cancer|tumou?r|chemo|radiotherapy|operation|surgery|op|replaced|replacement|"
    r"treated|treatment|diagnosed|gave birth|baby)\b",
    re.IGNORECASE,
)
_PAIN_WORDS = re.compile(
    r"\b(pain\w*|ach\w*|hurt\w*|sore\w*|stiff\w*|tight\w*|twing\w*|throb\w*|agony|"
    r"killing|niggl\w*|tender\w*)\b",
    re.IGNORECASE,
)
_SINCE = re.compile(r"\bsince\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[.!?;,]+\s*|\s+(?:and|but)\s+(?=now\b)")


def _without_history_clauses(text: str) -> str:
    """`text` without the clauses that date a past illness or operation, not the pain."""
    kept = [
        clause
        for clause in _CLAUSE_BREAK.split(text)
        if not _HISTORY_CLAUSE.search(clause) or _PAIN_WORDS.search(clause) or _SINCE.search(clause)
    ]
    return " . ".join(kept)


# A number in passing is an age only when said to be one ("I'm 54", "54 years old", not "I'm 5
# weeks in"); parse_age, which reads a bare number as an answer to "how old are you?", reads
# the age this finds.
_AGE = re.compile(
    r"\b(?:i'?m|i am|im|aged?)\s+(\d{1,3})\b(?!\s*(?:%|kg|lbs?|cm|/|weeks?|days?|months?|"
    r"hours?|hrs?|times?|cups?|glasses?|minutes?|mins?|x\b))"
    r"|\b(\d{1,3})\s*(?:years? old|yrs? old|y/?o)\b"
    # "I am a retired schoolmistress of 74 years" (forty-first round)
    r"|\b(?:i am|i'?m)\b[^.,;!?\d]{0,40}\bof (\d{2,3}) years\b(?! ago)",
    re.IGNORECASE,
)
_WORSE = re.compile(
    r"\b(worse|aggravat\w*|hurts? (?:more )?(?:when|if|after)|flares? up|sets it off|"
    r"can'?t (?:sit|stand|walk|sleep|lift|bend|drive))\b",
    re.IGNORECASE,
)
# Words a negation denies tell no cause in passing: "I have had no falls" is not how it started,
# while "didn't see the step and fell" and "not sure, maybe the gym" still tell one. A negation
# reaches the two words after it, within its clause, and past "had"/"have"/"any"/"a" ("I have
# not had any falls").
_DENIED = re.compile(
    r"(?:\b(?:no|not|never|without|nor|none)\b|\b\w+n'?t\b)"
    r"(?:[ \t]+(?:had|have|been|any|a|an|ever|really))*(?:[ \t]+[\w']+){1,2}",
    re.IGNORECASE,
)


def _undenied(text: str) -> str:
    return _DENIED.sub(" ", text)


# An answer to a question other than yes/no that cannot be read is not known when it says so,
# or declines to answer. Not the hedges parse_yes_no also reads as unsure ("maybe", "I think"):
# "probably quite bad" to "how bad is the pain?" is asked again, not noted as not known.
_DONT_KNOW = _words((*DONT_KNOW_PHRASES, "skip", "pass", "prefer not", "rather not"))


def slot_for(question_id: str) -> str:
    """The Rasa slot that holds the answer to a question ("red_flag.dvt" -> "red_flag_dvt")."""
    return question_id.replace(".", "_")


def question_slots(content: Content) -> dict[str, str]:
    """Slot name -> question id, for every question."""
    return {slot_for(qid): qid for qid in content.questions}


def filled(value: Any, raw: str, how: str) -> dict[str, Any]:
    return {"raw": raw, "value": value, "how": how}


# --- reading a message ---------------------------------------------------------------------


def read_requested(
    question: Question,
    text: str,
    content: Content,
    today: datetime.date | None = None,
    mentions: list[Mention] | None = None,
) -> dict[str, Any] | None:
    """The answer `text` gives to the question the bot asked, or None when it cannot be read."""
    if not isinstance(text, str) or not text.strip():
        return None
    value = None
    if question.id == "region":
        mentions = extract(text) if mentions is None else mentions
        value = _regions(mentions, include_sites=True) or None
    elif question.id == "side":
        mentions = extract(text) if mentions is None else mentions
        value = next((m.id for m in mentions if m.label == "side" and m.affirmed), None)
    if value is None:
        value = parse_answer(question, text, content, today)
    if question.kind == "multi_choice":
        mentions = extract(text) if mentions is None else mentions
        if value is None:
            value = _options_by_finding(question, mentions, content)
        else:
            value = _without_denied_options(question, value, mentions, content)
    if question.kind == "yes_no":
        value = _yes_no(question, text, value, content, mentions)
    if value is not None:
        return filled(value, text, ASKED)
    if question.kind != "yes_no" and _DONT_KNOW.search(_straight(text)):
        return filled(None, text, UNKNOWN)
    if question.other and "?" not in text:
        # an open question: words that name no option are still the answer, kept as said
        return filled(
            [question.other] if question.kind == "multi_choice" else question.other, text, ASKED
        )
    return None


def read_volunteered(
    text: str,
    content: Content,
    today: datetime.date | None = None,
    describing: bool = False,
    mentions: list[Mention] | None = None,
) -> dict[str, dict[str, Any]]:
    """Answers a message gives to questions the bot has not asked (yet).

    Only explicit wording counts here: body regions and sides the language pipeline found,
    "for 3 weeks", "7/10", "I'm 54", numbness or weakness named as symptoms. Choice answers
    (what it feels like, how it started, what makes it worse) are read only from a message
    that describes the problem (`describing`), where such words are about the pain.
    """
    if not isinstance(text, str) or not text.strip():
        return {}
    mentions = extract(text) if mentions is None else mentions
    found: dict[str, dict[str, Any]] = {}

    def keep(question_id: str, value: Any) -> None:
        if question_id in content.questions and value not in (None, [], ""):
            found[question_id] = filled(value, text, VOLUNTEERED)

    keep("region", _regions(mentions, include_sites=False))
    keep("side", next((m.id for m in mentions if m.label == "side" and m.affirmed), None))
    keep("side", _middle(mentions) if "side" not in found else None)
    for question_id, finding_ids in FINDING_ANSWERS.items():
        keep(question_id, _finding_answer(mentions, finding_ids))
    plain = _straight(text)
    keep("age", _age(plain))
    without_age = _AGE.sub(" ", plain)  # "I'm 54 years old" is not a duration
    of_the_pain = _without_history_clauses(without_age)  # "had cancer 5 years ago" is not
    if _TIME_WORDS.search(of_the_pain):
        duration = parse_duration(of_the_pain, today=today)
        keep("onset", None if duration is None else duration.days)
    score = _OUT_OF_TEN.search(plain)
    keep("pain_intensity", None if score is None else parse_pain_score(score.group(0)))
    if describing:
        keep("character", _options(content, "character", text))
        cause = _options(content, "cause", _undenied(_straight(text)), exclude={"unknown"})
        keep("cause", cause[0] if cause else None)
        worse = _WORSE.search(plain)
        if worse:
            keep("aggravating", _options(content, "aggravating", text[worse.start() :]))
    return found


_MIDDLE = re.compile(r"\b(?:middle|centre|center)\b", re.IGNORECASE)


def _middle(mentions: list[Mention]) -> str | None:
    """The side a region's own words tell: "the middle of my back" is the middle (regions.yml:
    "middle of my back" names the upper back, so "middle" is not also read as a side)."""
    regions = [m for m in mentions if m.label == "body_region" and m.affirmed]
    return "central" if any(_MIDDLE.search(m.text) for m in regions) else None


def read_message(
    text: str,
    requested: str | None,
    answered: Iterable[str],
    content: Content,
    today: datetime.date | None = None,
    describing: bool = False,
    for_another: bool = False,
) -> dict[str, dict[str, Any]]:
    """Every answer one message gives: to the question asked, and to others it mentions.

    Questions already answered are left alone (a change of answer is a correction, which the
    visitor asks for); the requested question is read leniently ("not really" is no). In a
    conversation for someone else (`for_another`), what the visitor tells of their own body
    answers nothing (`of_the_client`); the answers keep the message as typed.
    """
    answered = set(answered)
    mentions = extract(text) if isinstance(text, str) and text.strip() else []
    told = of_the_client(text, mentions, content) if for_another else text
    if told != text:
        mentions = extract(told)
    if for_another:
        mentions = [m.as_the_clients() for m in mentions]
    readings: dict[str, dict[str, Any]] = {}
    if requested and requested in content.questions:
        answer = read_requested(content.question(requested), told, content, today, mentions)
        if answer is not None:
            readings[requested] = answer
    for question_id, answer in read_volunteered(told, content, today, describing, mentions).items():
        if question_id not in answered and question_id not in readings:
            readings[question_id] = answer
    if told == text:
        return readings
    return {question_id: {**answer, "raw": text} for question_id, answer in readings.items()}


def of_the_client(text: str, mentions: Iterable[Mention], content: Content) -> str:
    """The message without the clauses in which the visitor tells of a region or a sign of
    their own alone (nlp.py `own_clause`): in a conversation for someone else
    they are not the client's answers. "Booking for my dad, his back is stiff. Also I have had
    crushing chest pain since this morning" answers for the dad's lower back only, not with the
    chest or "since this morning" (the chest pain is the visitor's own red flag:
    assessment.py `_visitors_own`). A clause with "I" and no region or sign ("I'd say for 3
    weeks") stays."""
    people = content.lexicon.cues.people
    own = {
        clause
        for m in mentions
        if m.label in ("body_region", "finding") and (clause := own_clause(text, m, people))
    }
    for clause in own:
        text = text.replace(clause, " ")
    return text


def read_correction(
    text: str,
    answers: Mapping[str, Mapping[str, Any]],
    content: Content,
    today: datetime.date | None = None,
    last: str | None = None,
    requested: str | None = None,
) -> dict[str, dict[str, Any]]:
    """The answers a correction changes or gives.

    In order: answers it names explicitly ("I meant the right side", "actually it's been 2
    months"); else a new answer to the last question answered ("sorry, I meant 6 glasses");
    else an answer to the question being asked ("I meant to say 5"). Only values that differ
    from the answers given count; {} means the visitor did not say what to change.
    """
    named = {
        qid: filled(reading["value"], text, ASKED)
        for qid, reading in read_volunteered(text, content, today, describing=True).items()
        if qid in answers and reading["value"] != answers[qid].get("value")
    }
    if named:
        return named
    for question_id in (last, requested):
        if question_id is None or question_id not in content.questions:
            continue
        reading = read_requested(content.question(question_id), text, content, today)
        given = answers.get(question_id, {}).get("value")
        if reading is not None and reading["how"] == ASKED and reading["value"] != given:
            return {question_id: reading}
    return {}


def _yes_no(
    question: Question, text: str, value: Any, content: Content, mentions: list[Mention] | None
) -> Any:
    """Two readings of yes/no answers beyond the words yes and no.

    - A hedged yes to a red-flag question ("yes maybe, I couldn't walk on it") is a yes: the
      visitor is believed, and a doctor can rule it out. So is "I have ..." ("I have trouble
      peeing"), which to any other question is only how a sentence starts.
    - Naming a place answers "does it spread / do you get numbness / weakness anywhere?" with
      yes ("into both legs", "my fingers"), and so does naming the sign itself in other words:
      "walking funny but only bc of the soreness" is a limp (`FINDING_ANSWERS`).
    """
    if value == "unsure" and question.section == "red_flags" and _EXPLICIT_YES.search(text):
        return "yes"
    if value is None and question.section == "red_flags" and says_weak_yes(text):
        return "yes"  # "I have trouble peeing": believed, as a hedged yes is
    if value is None and question.id in FINDING_ANSWERS:
        mentions = extract(text) if mentions is None else mentions
        if any(m.label == "body_region" and m.affirmed for m in mentions):
            return "yes"
        return _finding_answer(mentions, FINDING_ANSWERS[question.id])
    return value


def _regions(mentions: list[Mention], include_sites: bool) -> list[str]:
    return list(
        dict.fromkeys(
            m.id
            for m in mentions
            if m.label == "body_region" and m.affirmed and (include_sites or m.site_of is None)
        )
    )


def _finding_answer(mentions: list[Mention], finding_ids: tuple[str, ...]) -> str | None:
    relevant = [m for m in mentions if m.label == "finding" and m.id in finding_ids]
    if any(m.affirmed for m in relevant):
        return "yes"
    if any(m.negated and not m.other_person for m in relevant):
        return "no"
    return None


def _options_and_findings(question: Question, content: Content) -> list[tuple[list, set]]:
    """Per caution whose rule reads an option of this question and a finding alike
    (red_flags.yml `cautions`): the options and the findings."""
    pairs = []
    for caution in content.red_flags.cautions.values():
        options = [r["is"] for r in caution.when if r.get("answer") == question.id and "is" in r]
        findings = {r["finding"] for r in caution.when if "finding" in r}
        if options and findings:
            pairs.append((options, findings))
    return pairs


def _options_by_finding(
    question: Question, mentions: list[Mention], content: Content
) -> list[str] | None:
    """The options of a multiple choice that the answer names in words the lexicon knows, where
    a caution's rule reads the option and a finding alike (red_flags.yml `cautions`): "a tablet
    once a week for my bones, alendronate" is thin bones; "I'm on Eliquis" blood thinners."""
    affirmed = {m.id for m in mentions if m.label == "finding" and m.affirmed}
    found = []
    for options, findings in _options_and_findings(question, content):
        if findings & affirmed:
            found += [option for option in options if option not in found]
    return found or None


def _without_denied_options(
    question: Question, value: list[str], mentions: list[Mention], content: Content
) -> list[str]:
    """The options named, less those whose findings the answer only denies or tells of someone
    else ("no blood thinners", "my mum had osteoporosis"); "none" when nothing else is left,
    and not "none" beside another ("no steroids but I do take warfarin")."""
    affirmed = {m.id for m in mentions if m.label == "finding" and m.affirmed}
    set_aside = {
        m.id for m in mentions if m.label == "finding" and (m.negated or m.other_person)
    } - affirmed
    dropped = {
        option
        for options, findings in _options_and_findings(question, content)
        if findings & set_aside and not findings & affirmed
        for option in options
    }
    kept = [option for option in value if option not in dropped]
    if len(kept) > 1:
        return [option for option in kept if option != "none"]
    return kept or [option.id for option in question.options if option.id == "none"] or value


def _age(text: str) -> int | None:
    match = _AGE.search(text)
    return None if match is None else parse_age(match.group(0))


def _options(content: Content, question_id: str, text: str, exclude: set[str] = frozenset()):
    question = content.question(question_id)
    banned = NOT_VOLUNTEERED.get(question_id, set())
    synonyms = {
        option_id: [word for word in words if word.lower() not in banned]
        for option_id, words in option_synonyms(question, content).items()
        if option_id not in exclude
    }
    # "worse when I sit, better walking": not walking (questionnaire `not_in_clauses_with`)
    text = without_opposite_clauses(question, text)
    found = match_options(text, synonyms)
    # typo tolerance is for answers to a question, not for reading other text
    exact = [option_id for option_id in found if _named(option_id, synonyms[option_id], text)]
    return exact if question.kind == "multi_choice" else exact[:1]


def _named(option_id: str, words: list[str], text: str) -> bool:
    return bool(match_options(text, {option_id: words})) and any(
        re.search(rf"\b{re.escape(word.lower())}", text.lower()) for word in words
    )


# --- answers kept in slots ------------------------------------------------------------


def answers_of(slots: Mapping[str, Any], content: Content) -> dict[str, dict[str, Any]]:
    """Question id -> filled answer, from a tracker's slots."""
    found = {}
    for slot, question_id in question_slots(content).items():
        value = slots.get(slot)
        if isinstance(value, Mapping) and "raw" in value:
            found[question_id] = dict(value)
    return found
