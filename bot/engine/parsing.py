"""Turn what visitors type in the chat into plain values.

The self-assessment asks yes/no questions, a 0-10 pain score, an age, how long a symptom
has lasted and which of a list of options applies.  Visitors answer the way people type:
lower case, typos, emoji, British or American spelling, hedges and extra words
("ummm about a 7 i guess 😬").  The functions here read such answers and return a value,
or None (the caller then re-asks) when the text does not say.

Every public function accepts any ``str`` and never raises on it.  Only the first
``MAX_CHARS`` characters of the normalised text are read (the raw text is cut to
``4 * MAX_CHARS`` before normalising), and every regular expression is free of nested
quantifiers, so even a huge or hostile string costs a few milliseconds.

Decisions a caller must know (each is repeated in the function's docstring):

* Where a visitor gives a range or several numbers, the HIGHER value is taken ("8-9" is
  9, "3-4 weeks" is 28 days): pain and duration are then never under-reported.
* An age of "over 50" is 51 and "under 50" is 49, so red-flag thresholds at 50 trip.
* A month is 30 days, a year 365 days; vague long-standing answers ("a while", "ages",
  "for years") are 730 days, i.e. "long-standing, at least a year".

Only the standard library is used.
"""

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from functools import lru_cache
from itertools import pairwise

__all__ = [
    "DONT_KNOW_PHRASES",
    "MAX_CHARS",
    "YES_WORDS",
    "Duration",
    "asks_something",
    "match_loose_options",
    "match_options",
    "named_age",
    "normalise",
    "parse_age",
    "parse_duration",
    "parse_hours",
    "parse_number",
    "parse_pain_score",
    "parse_yes_no",
    "says_weak_yes",
    "settle_contrast",
    "someones_age",
    "stated_age",
    "stated_fast_breathing",
    "stated_fever",
    "stated_no_urine",
    "stated_strength_loss",
    "stated_weight_loss",
    "stated_worsening",
    "states_clearance",
]

MAX_CHARS = 2000
_RAW_CAP = 4 * MAX_CHARS

# ---------------------------------------------------------------------------------------
# normalise
# ---------------------------------------------------------------------------------------

_CHAR_MAP = str.maketrans(
    {
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u2032": "'",  # ′
        "\u00b4": "'",  # ´
        "`": "'",
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u201f": '"',  # ‟
        "\u2033": '"',  # ″
        "\u00ab": '"',  # «
        "\u00bb": '"',  # »
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2015": "-",  # horizontal bar
        "\u2212": "-",  # minus sign
    }
)
# Control characters become spaces; invisible format characters (zero-width spaces,
# bidirectional marks and overrides, soft hyphen, BOM) are dropped.
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_FORMAT_RE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_OTHER_DIGIT_RE = re.compile(r"[^\D0-9]")  # decimal digits other than ASCII 0-9
_SPACE_RE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Return text lower-cased, NFKC-normalised and tidied, at most MAX_CHARS long.

    Curly quotes become straight quotes, dashes become "-", other scripts' decimal digits
    become 0-9, control and invisible format characters are removed, whitespace runs
    become one space, and the ends are trimmed.  Non-str input gives "".
    """
    if not isinstance(text, str):
        return ""
    text = text[:_RAW_CAP].translate(_CHAR_MAP)
    text = unicodedata.normalize("NFKC", text).translate(_CHAR_MAP).lower()
    text = _FORMAT_RE.sub("", _CONTROL_RE.sub(" ", text))
    text = _OTHER_DIGIT_RE.sub(lambda m: str(unicodedata.decimal(m.group(), 0)), text)
    return _SPACE_RE.sub(" ", text).strip()[:MAX_CHARS].rstrip()


# ---------------------------------------------------------------------------------------
# Numbers written as words
# ---------------------------------------------------------------------------------------

_NUM = r"[0-9]+(?:\.[0-9]+)?"
_NUM_RE = re.compile(rf"(?<![0-9.]){_NUM}")

_SMALL_NUMBERS = {
    "zero": 0,
    "nil": 0,
    "nought": 0,
    "naught": 0,
    "none": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "eigth": 8,  # common typo
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,  # common misspelling
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "ninty": 90,  # common misspelling
}
_QUANTITIES = {"couple": 2, "few": 3, "several": 3, "dozen": 12}

# Units of time, in days.  Also used to recognise "a week" as "1 week".
_UNIT_DAYS = {
    "minute": 1 / 1440,
    "minutes": 1 / 1440,
    "min": 1 / 1440,
    "mins": 1 / 1440,
    "hour": 1 / 24,
    "hours": 1 / 24,
    "hr": 1 / 24,
    "hrs": 1 / 24,
    "day": 1,
    "days": 1,
    "d": 1,
    "night": 1,
    "nights": 1,
    "week": 7,
    "weeks": 7,
    "wk": 7,
    "wks": 7,
    "fortnight": 14,
    "fortnights": 14,
    "month": 30,
    "months": 30,
    "mth": 30,
    "mths": 30,
    "mnth": 30,
    "mnths": 30,
    "mo": 30,
    "mos": 30,
    "mon": 30,
    "mons": 30,
    "year": 365,
    "years": 365,
    "yr": 365,
    "yrs": 365,
    "decade": 3650,
    "decades": 3650,
}
_UNIT_ALT = "|".join(sorted(_UNIT_DAYS, key=len, reverse=True))
_WORD_OR_NUM_RE = re.compile(rf"[a-z]+|{_NUM}")


def _to_fraction(s: str) -> Fraction | None:
    """Exact value of a digit string such as "7" or "6.5"; None if absurdly long."""
    if len(s) > 15:
        return None
    try:
        return Fraction(s)
    except (ValueError, ZeroDivisionError):
        return None


def _format_number(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def _words_to_digits(text: str, article_is_one: bool = False) -> str:
    """Rewrite spelled-out numbers in normalised text as digits.

    "seven out of ten" -> "7 out of 10", "twenty-five" -> "25", "a couple of" -> "2",
    "a few" -> "3", "half a dozen" -> "6", "two and a half" -> "2.5".  With
    article_is_one, "a"/"an" before a unit of time is 1 ("a week" -> "1 week") and
    "half a"/"half an" before one is 0.5.
    """
    toks = [(m.group(), m.start(), m.end()) for m in _WORD_OR_NUM_RE.finditer(text)]
    n = len(toks)

    def word(k: int) -> str | None:
        """Token k, if it follows token k-1 with only spaces or hyphens between."""
        if k >= n or text[toks[k - 1][2] : toks[k][1]].strip(" -"):
            return None
        return toks[k][0]

    def and_a_half(k: int) -> int:
        """How many tokens from k spell "and a half" / "and half" (0 if they don't)."""
        if word(k) != "and":
            return 0
        if word(k + 1) in ("a", "an") and word(k + 2) == "half":
            return 3
        return 2 if word(k + 1) == "half" else 0

    def read(i: int) -> tuple[float, int] | None:
        """The number starting at token i and the index after it, or None."""
        w = toks[i][0]
        j = i
        if w in ("a", "an"):
            nxt = word(i + 1)
            if nxt in _QUANTITIES or nxt == "hundred":
                j, w = i + 1, nxt
            elif article_is_one and nxt in _UNIT_DAYS:
                return 1.0, i + 1
            else:
                return None
        if w == "half":
            if word(j + 1) in ("a", "an") and word(j + 2) == "dozen":
                return 6.0, j + 3
            if word(j + 1) == "dozen":
                return 6.0, j + 2
            if article_is_one and word(j + 1) in ("a", "an") and word(j + 2) in _UNIT_DAYS:
                return 0.5, j + 2
            if article_is_one and word(j + 1) in _UNIT_DAYS:
                return 0.5, j + 1
            return None
        if w in _QUANTITIES:
            k = j + 1
            if w == "couple" and word(k) == "of":
                k += 1
            return float(_QUANTITIES[w]), k
        if w[0].isdigit():
            value = _to_fraction(w)
            half = and_a_half(j + 1)
            if value is None or not half:
                return None
            return float(value) + 0.5, j + 1 + half
        if w.endswith("ish") and (w[:-3] in _SMALL_NUMBERS or w[:-3] in _TENS):
            return float(_SMALL_NUMBERS.get(w[:-3], _TENS.get(w[:-3], 0))), j + 1
        # Spelled-out whole numbers up to the hundreds: "twenty five", "a hundred and two".
        value, last, k = 0, None, j
        while k < n and (k == j or word(k) is not None):
            t = toks[k][0]
            if t in _SMALL_NUMBERS and (
                last in (None, "hundred", "and") or (last == "tens" and 0 < _SMALL_NUMBERS[t] < 10)
            ):
                value, last = value + _SMALL_NUMBERS[t], "unit"
            elif t in _TENS and last in (None, "hundred", "and"):
                value, last = value + _TENS[t], "tens"
            elif t == "hundred" and last in (None, "unit", "tens"):
                value, last = max(value, 1) * 100, "hundred"
            elif (
                t == "and"
                and last == "hundred"
                and (word(k + 1) in _SMALL_NUMBERS or word(k + 1) in _TENS)
            ):
                last = "and"
            else:
                break
            k += 1
        if last is None:
            return None
        half = and_a_half(k)
        return float(value) + (0.5 if half else 0.0), k + half

    out, pos, i = [], 0, 0
    while i < n:
        got = read(i)
        if got is None:
            i += 1
            continue
        value, j = got
        out.append(text[pos : toks[i][1]])
        out.append(_format_number(value))
        pos, i = toks[j - 1][2], j
    out.append(text[pos:])
    return "".join(out)


def _round_half_up(value: Fraction | float) -> int:
    return math.floor(Fraction(value) + Fraction(1, 2))


def _today(today: date | None) -> date:
    if isinstance(today, datetime):
        return today.date()
    return today if isinstance(today, date) else date.today()


# ---------------------------------------------------------------------------------------
# parse_yes_no
# ---------------------------------------------------------------------------------------

# Phrases are matched on words with apostrophes removed ("don't" -> "dont", "I'm" -> "im").

# The plain words for yes. parse_yes_no reads many more phrases as yes ("sure", "a bit",
# "sometimes"); bot.conversation.reading believes only these in a hedged answer to a
# red-flag question ("yes maybe").
YES_WORDS = ("yes", "yeah", "yea", "ya", "yep", "yup")
# Phrases that say "I don't know", whatever the question: parse_yes_no reads them as unsure,
# and bot.conversation.reading notes an answer to another question as not known.
DONT_KNOW_PHRASES = (
    *("don't know", "do not know", "dunno", "idk", "no idea", "no clue", "not sure", "unsure"),
    *("not certain", "can't remember", "cannot remember", "can't say"),
)
# Yes besides YES_WORDS.
_YES_PHRASES = """
y, ye, yeh, yah, yas, aye, sure, for sure, ok, okay,
correct, true, affirmative, indeed, of course, yes please, 100
"""
# How often or how much: yes when they answer ("sometimes", "a bit": the symptom is there), but
# after a "no", in a clause that names something, they describe it: "no, peeing is totally
# normal", "no. I wee a lot more often, the baby sits on my bladder" are no (`_described`). So
# are the words of how sure: "definitely" alone is yes, "nope, it's definitely muscle" is no
# (forty-third round: it was unsure, and unsure is yes to a chest-pain question).
_DEGREE_PHRASES = """
absolutely, totally, definitely, definately, defintely, certainly, def, defo, deffo,
always, often, usually, mostly, frequently, regularly, constantly, all the time,
sometimes, occasionally, rarely, hardly ever, not often, not always, at times, now and then,
now and again, every now and then, from time to time, on and off, once or twice,
a bit, a little, a little bit, a tiny bit, bit, little, slightly, somewhat, kind of, kinda,
sort of, sorta, a lot, lots, loads, quite a bit, very much, not much, not a lot
"""
# "I do", "it is": yes on their own, but only filler next to anything else ("I have never").
_WEAK_YES_PHRASES = """
i do, i have, ive, i am, i did, i was, i can, i get, it does, it is, it did, it was, it has,
it can
"""
_NO_PHRASES = """
no, n, nope, nah, naw, na, nay, never, negative, false, none, nothing, neither, nada, not,
no way, no never, not really, not at all, not a bit, not in the slightest, not even a little,
absolutely not, definitely not, certainly not, of course not, no longer, not anymore,
not any more, not that i know of, not that i remember, not that im aware of,
not that i am aware of, i dont think so, i do not think so, dont think so, i dont think,
i dont believe so, i think not,
dont, doesnt, didnt, havent, hasnt, isnt, wasnt, arent, cant, cannot,
i dont, i do not, i havent, i have not, im not, i am not, i didnt, i did not, i wasnt,
i was not, i cant, i cannot, i can not, it doesnt, it does not, it isnt, it is not, its not,
it didnt, it did not, it wasnt, it was not, it hasnt, it has not, it cant, it cannot
"""
# Unsure besides DONT_KNOW_PHRASES: more ways of not knowing, and hedges ("maybe", "I think").
_UNSURE_PHRASES = """
i dont know, i do not know, dont really know, i dont really know, dno, idek, not too sure,
not so sure, not really sure, not that sure, im not sure, i am not sure, not 100, uncertain,
maybe, mayb, mabye, possibly, perhaps, probably, probably not, might, might be, might have,
could be, can not remember, cant recall, cannot recall, dont remember, do not remember,
dont recall, i think, i think so, think so, i guess, i guess so, i suppose, i suppose so,
i believe so, hard to say, hard to tell, difficult to say, cannot say, cant tell, who knows,
unclear, it depends, depends
"""

# How something is, not whether it is there: "not great" does not answer "does the pain spread?"
# (nor a red-flag question) with no. These phrases are read as neither yes nor no, so the
# answer alone is asked again; next to a yes or a no they are filler ("no, not too bad").
# So is what the visitor has always had: "always" alone is yes ("how often? always"), but
# "no, it's the same dull headache I've always had" tells of the past, and is a no; "I went
# through the list to be sure" is no "sure".
_VAGUE_PHRASES = """
not great, not good, not bad, not too bad, not so bad, not that bad, not so good, not so great,
not too good, not too great, not that good, not that great, not well, not very well,
not very good, not the best, not ideal, not brilliant, not fine, not ok, not okay, not alright,
always had, always have, always get, always got, always been,
to be sure, be sure, make sure, making sure, made sure
"""


def _phrase_table() -> dict[tuple[str, ...], str]:
    def listed(phrases: str) -> list[str]:
        return [phrase for phrase in phrases.replace("\n", " ").split(",") if phrase.strip()]

    table = {}
    for label, phrases in (
        ("weak yes", listed(_WEAK_YES_PHRASES)),
        ("yes", [*YES_WORDS, *listed(_YES_PHRASES)]),
        ("degree", listed(_DEGREE_PHRASES)),
        ("no", listed(_NO_PHRASES)),
        ("unsure", [*DONT_KNOW_PHRASES, *listed(_UNSURE_PHRASES)]),
        ("vague", listed(_VAGUE_PHRASES)),
    ):
        for phrase in phrases:
            table[tuple(phrase.replace("'", "").split())] = label
    return table


_YES_NO_TABLE = _phrase_table()
_LONGEST_PHRASE = max(len(p) for p in _YES_NO_TABLE)
_YES_NO_VOCAB = {w for phrase in _YES_NO_TABLE for w in phrase}
_REPEATS_RE = re.compile(r"([a-z])\1+")
_SQUEEZED_VOCAB: dict[str, str] = {}
for _w in sorted(_YES_NO_VOCAB):
    _SQUEEZED_VOCAB.setdefault(_REPEATS_RE.sub(r"\1", _w), _w)
_EMOJI = {"yes": "👍👌✅✔☑🙆", "no": "👎❌✖🚫⛔🙅", "unsure": "🤷🤔"}
_WORD_RE = re.compile(r"[^\W_]+")


def _canonical_word(word: str) -> str:
    """The vocabulary word a stretched spelling stands for ("yesss" -> "yes")."""
    if word in _YES_NO_VOCAB:
        return word
    return _SQUEEZED_VOCAB.get(_REPEATS_RE.sub(r"\1", word), word)


def parse_yes_no(text: str) -> str | None:
    """Read a yes/no answer: "yes", "no", "unsure", or None if the text is neither.

    Phrases are matched left to right, longest first, so "not sure" is unsure (not no)
    and "no idea" is unsure.  "A bit", "sometimes" and the like are yes (the symptom is
    there).  Hedges ("maybe", "I think so") are unsure, and so is an answer that says
    both yes and no ("yes and no", "yeah nah").  Saying how something is ("not great",
    "not too bad") is neither yes nor no: alone it gives None.

    A hedge belongs to its own clause: after a clear first answer, a later sentence or a
    "but" clause that hedges about something it names does not make the answer unsure
    ("no. but I've lost weight, not sure if that's related" is no).  A later clause that is
    only a hedge ("no... maybe") or says the opposite still makes it unsure.
    """
    t = normalise(text)
    if not t:
        return None
    labels = {label for label, chars in _EMOJI.items() if any(c in t for c in chars)}
    clauses = [_clause_labels(clause) for clause in _CLAUSE_BREAK_RE.split(t)]
    # "I have", "it does" answer alone; beside words of their own they are how a sentence
    # starts ("I have night sweats" does not answer "does the pain spread?"), and so they are
    # beside a question of the visitor's ("I have a question", "I've got something to ask")
    clauses = [
        (set() if found == {"weak yes"} and (names or asks) else found, names)
        for found, names, asks in clauses
    ]
    clauses = _described(clauses)
    answered = [i for i, (found, _) in enumerate(clauses) if _answer(found)]
    first = _answer(clauses[answered[0]][0]) if answered else None
    if not labels and first in ("yes", "no") and _later_clauses_agree(clauses[answered[0] :]):
        return first
    for found, _ in clauses:
        labels |= found
    return _answer(labels)


def _described(clauses: list[tuple[set[str], bool]]) -> list[tuple[set[str], bool]]:
    """The clauses with their words of how often or how much (`_DEGREE_PHRASES`) read: as yes,
    but in an answer that says no, in a clause that names something, as part of what it
    describes ("no, peeing and everything down there is totally normal"). Beside nothing
    else they still answer: "no... sometimes" says both."""
    says_no = any("no" in found for found, _ in clauses)
    return [
        (
            (found - {"degree"} if says_no and names else found - {"degree"} | {"yes"})
            if "degree" in found
            else found,
            names,
        )
        for found, names in clauses
    ]


# Where a clause ends: a sentence end, a semicolon, or a "but".
_CLAUSE_BREAK_RE = re.compile(r"[.!?;]+|\b(?:but|though|although|however)\b")
# Words that name nothing: a clause of only these and yes/no phrases is about the question.
_FILLER_WORDS = {
    *("that", "thats", "this", "these", "those", "about", "really", "actually", "well"),
    *("just", "what", "when", "whether", "which", "then", "there", "honestly", "maybe"),
    *("think", "sure", "know", "even", "either", "anyway", "though", "tbh", "haha", "lol"),
    *("hmmm", "ummm", "errr", "okay", "sorry", "said", "your", "question"),
}
# Words that say the visitor has a question of their own ("I have a question", "a few
# questions", "can I ask something"): "ask" only after "I"/"me"/"my" ("ask away" is not one),
# "question" not after "your"/"the"/"that"/"this" (the bot's question).
_QUESTION_WORDS = frozenset({"question", "questions", "query", "queries", "wondering", "wonder"})
_ASK_WORDS = frozenset({"ask", "asking"})
_ASKER_WORDS = frozenset({"i", "id", "ive", "im", "me", "my"})
_THE_BOTS = frozenset({"your", "the", "that", "this", "ur"})
# Beside a question of the visitor's, words that name nothing either ("I do have a quick
# question", "I've got something to ask first").
_ASKING_FILLER = frozenset(
    {"have", "got", "something", "anything", "quick", "small", "little", "couple", "another",
     "first", "before", "start", "begin", "want", "wanted", "like", "just", "about", "things",
     "could", "would", "might"}
)  # fmt: skip


def says_weak_yes(text: str) -> bool:
    """Whether the text has "I have", "I do", "it does"... (which `parse_yes_no` reads as yes
    only on their own): "I have trouble peeing". Not when they only announce a question of
    the visitor's ("I have a question", "I've got something to ask")."""
    t = normalise(text)
    return any(
        "weak yes" in found and (names or not asks)
        for found, names, asks in map(_clause_labels, _CLAUSE_BREAK_RE.split(t))
    )


def asks_something(text: str) -> bool:
    """Whether the text says the visitor has a question of their own ("I have a question",
    "yes, but I have a few questions", "can I ask something first?", "ok but what is NMT?"),
    rather than only answering. "Ask away" and "yes to your question" do not."""
    t = normalise(text)
    if any(_clause_labels(clause)[2] for clause in _CLAUSE_BREAK_RE.split(t)):
        return True
    # a reservation that is a question: "ok, but what is NMT?" (not "sure, what's next?")
    return any(
        m.group(1).replace("'", "") in _WH_WORDS and "?" in t[m.end() :]
        for m in _BUT_WH_RE.finditer(t)
    )


_WH_WORDS = frozenset({"what", "whats", "how", "hows", "why", "when", "where", "who", "which"})
_BUT_WH_RE = re.compile(r"\b(?:but|though|although|however)\b[\s,.-]*([a-z']+)")


def _clause_labels(clause: str) -> tuple[set[str], bool, bool]:
    """The labels of the phrases in one clause, whether it names anything else, and whether it
    says the visitor has a question of their own (`asks_something`)."""
    words = [_canonical_word(w) for w in _WORD_RE.findall(clause.replace("'", ""))]
    labels: set[str] = set()
    rest: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST_PHRASE, len(words) - i), 0, -1):
            label = _YES_NO_TABLE.get(tuple(words[i : i + size]))
            if label:
                labels.add(label)
                i += size
                break
        else:
            rest.append(words[i])
            i += 1
    asks = any(
        (w in _QUESTION_WORDS and (k == 0 or words[k - 1] not in _THE_BOTS))
        or (w in _ASK_WORDS and _ASKER_WORDS.intersection(words[:k]))
        for k, w in enumerate(words)
    )
    ignored = _FILLER_WORDS | _QUESTION_WORDS | (_ASKING_FILLER if asks else frozenset())
    names = any(len(w) >= 4 and w not in ignored for w in rest)
    return labels, names, asks


def _answer(labels: set[str]) -> str | None:
    labels = labels - {"vague"}
    if labels == {"weak yes"}:
        return "yes"
    labels = labels - {"weak yes"}
    if not labels:
        return None
    if "unsure" in labels or len(labels) > 1:
        return "unsure"
    return next(iter(labels))


def _later_clauses_agree(clauses: list[tuple[set[str], bool]]) -> bool:
    """Whether the clauses after the first answer (clauses[0]) leave it as it is: each agrees
    with it, or hedges about something named since ("I've lost weight, not sure if that's
    related"; "my back is sore. not sure why")."""
    first = _answer(clauses[0][0])
    named = False
    for labels, names in clauses[1:]:
        named = named or names
        labels = labels - {"weak yes", "vague"}
        if labels <= {first}:
            continue
        if not (named and labels <= {first, "unsure"}):
            return False
    return True


# Agreement that is not a yes/no answer ("go ahead" does not answer "do you have a fever?"),
# but clearly agrees to start.
AGREEMENT_PHRASES = frozenset(
    (
        "alright", "alright then", "sounds good", "go ahead", "go on", "go on then",
        "ok go on", "fine go on", "fine by me", "lets start", "lets do it", "lets go",
        "i agree", "i consent", "i accept", "definitely", "why not", "start", "👍",
    )
)  # fmt: skip


def is_clear_yes(text: str) -> bool:
    """Whether a message clearly agrees ("yes", "sure, let's start", "I agree"): a yes by
    `parse_yes_no`, or one of `AGREEMENT_PHRASES`. Anything else ("...", "asdf", a question,
    a sentence in another language, "maybe") is not consent.

    A yes with a question of the visitor's ("yes, but I have a question", "ok but what is
    NMT?"; `asks_something`) is not a clear yes either: they want an answer before they agree,
    and consent or an offer is never taken from a message that is also asking something. The
    question is asked again, so nothing is lost."""
    if asks_something(text):
        return False
    if parse_yes_no(text) == "yes":
        return True
    words = _WORD_RE.findall(normalise(text).replace("'", ""))
    return " ".join(words) in AGREEMENT_PHRASES or normalise(text) in AGREEMENT_PHRASES


# Words one of which any request to start over uses ("start again", "reset", "from the top",
# "new assessment"); an answer without one ("think it's from the water infection") is not one.
START_OVER_WORDS = frozenset(
    {"start", "restart", "again", "reset", "scratch", "top", "redo", "new", "begin",
     "beginning", "fresh", "over", "anew"}
)  # fmt: skip


def is_clear_start_over(text: str) -> bool:
    """Whether a message asks to start over in so many words (it clears every answer)."""
    return bool(START_OVER_WORDS & set(_WORD_RE.findall(normalise(text).replace("'", ""))))


# Words one of which any request to stop uses ("stop", "quit", "cancel", "that's enough",
# "I don't want to continue", "end this", "no more questions").
STOP_WORDS = frozenset(
    {"stop", "quit", "cancel", "continue", "end", "exit", "enough", "abort", "more", "later"}
)  # fmt: skip


def is_clear_stop(text: str) -> bool:
    """Whether a message asks to stop in so many words (it ends the questions)."""
    return bool(STOP_WORDS & set(_WORD_RE.findall(normalise(text).replace("'", ""))))


# ---------------------------------------------------------------------------------------
# parse_number
# ---------------------------------------------------------------------------------------

_FIRST_NUMBER_RE = re.compile(r"(?<![0-9.])(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|" + _NUM + ")")


# "a can of coke", "a cup of tea if we're lucky", "one mug": a single one of something counted
_A_SINGLE_RE = re.compile(
    r"\b(?:a|an|one|just the one|only the one)\s+(?:single\s+|small\s+|big\s+|large\s+)?"
    r"(?:can|cup|cuppa|mug|glass|bottle|pint|shot|espresso|coffee|tea|latte|coke|drink|beer"
    r"|wine|cigarette|fag|hour)s?\b"
)


def parse_number(text: str) -> float | None:
    """The first number in the text, written in digits or words, or None.

    "2.5" -> 2.5, "twenty five" -> 25, "a couple" -> 2, "a few" -> 3, "half a dozen" -> 6,
    "a dozen" -> 12, "none" -> 0, "1,000" -> 1000, "a can of coke" -> 1.  A leading minus
    sign is ignored (counts are never negative); numbers of more than 15 digits give None.
    """
    t = _words_to_digits(normalise(text))
    m = _FIRST_NUMBER_RE.search(t)
    if not m:
        return 1.0 if _A_SINGLE_RE.search(t) else None
    value = _to_fraction(m.group().replace(",", ""))
    return None if value is None else float(value)


# ---------------------------------------------------------------------------------------
# parse_pain_score
# ---------------------------------------------------------------------------------------

_BETWEEN_RE = re.compile(rf"\bbetween ({_NUM}) and ({_NUM})")
_FRACTION_RE = re.compile(
    rf"(?<![0-9.])(-?)({_NUM}) ?(?:/|out of|outta) ?({_NUM})|(?<![0-9.])(-?)({_NUM}) ?%"
)
_TEN_RE = re.compile(
    r"\b(?:off the (?:charts?|scale)|worst (?:pain )?(?:imaginable|possible|ever)"
    r"|through the roof)\b"
)
_ZERO_RE = re.compile(
    r"\b(?:no pain|pain ?-?free|painless|nothing|doesn'?t hurt|does not hurt|not hurting"
    r"|not painful|no hurt)\b"
)
# A number followed by one of these is not a pain score ("for 3 weeks", "at 10 am").
_NOT_A_SCORE_RE = re.compile(
    rf" ?(?:{_UNIT_ALT}|am|pm|a\.m|p\.m|times|x|yo|years? old|kg|kgs|lbs?|st|nd|rd|th)(?![a-z])"
)


def _is_negative(t: str, start: int) -> bool:
    """Whether the number starting at t[start] is written as negative ("-3", "minus 3")."""
    if t[max(0, start - 6) : start] == "minus ":
        return True
    if start == 0 or t[start - 1] != "-":
        return False
    before = t[: start - 1].rstrip()
    return not before or not before[-1].isdigit()


def parse_pain_score(text: str) -> int | None:
    """A 0-10 Numeric Pain Rating Scale score, or None.

    Reads "7", "about a 7", "a solid eight", "7/10", "seven out of ten".  Other scales are
    rescaled to 10 ("3/5" -> 6, "70/100" and "70%" -> 7), anything over the top of a scale
    is 10 ("11/10", "10+", "off the charts").  Fractions round half up ("6.5" -> 7).
    When several numbers or a range are given ("8-9", "8 or 9", "3 now, 7 at worst") the
    HIGHEST is taken, so pain is never under-reported.  "no pain"/"zero"/"none" is 0.
    A bare number outside 0-10 ("15", "100", "-3") gives None so the caller can re-ask.
    """
    t = normalise(text)
    if not t:
        return None
    t = _BETWEEN_RE.sub(r"\1-\2", _words_to_digits(t))

    fractions = list(_FRACTION_RE.finditer(t))
    if fractions:
        scores = []
        for m in fractions:
            if m.group(2) is not None:
                sign, top, bottom = m.group(1), _to_fraction(m.group(2)), _to_fraction(m.group(3))
            else:
                sign, top, bottom = m.group(4), _to_fraction(m.group(5)), Fraction(100)
            if sign or top is None or not bottom:
                continue
            scores.append(min(top * 10 / bottom, Fraction(10)))
        return _round_half_up(max(scores)) if scores else None

    if _TEN_RE.search(t):
        return 10

    found_number = False
    scores = []
    for m in _NUM_RE.finditer(t):
        if _NOT_A_SCORE_RE.match(t, m.end()):
            continue
        found_number = True
        value = _to_fraction(m.group())
        if value is not None and 0 <= value <= 10 and not _is_negative(t, m.start()):
            scores.append(value)
    if scores:
        return _round_half_up(max(scores))
    if not found_number and _ZERO_RE.search(t):
        return 0
    return None


# ---------------------------------------------------------------------------------------
# Dates, shared by parse_age and parse_duration
# ---------------------------------------------------------------------------------------

_MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feburary": 2,
    "febuary": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_YEAR = r"(?:19|20)[0-9]{2}"
_YEAR_AFTER = rf"(?:,? ({_YEAR})(?![0-9]))?"
_DATE_DAY_MONTH_RE = re.compile(
    rf"\b([0-9]{{1,2}})(?:st|nd|rd|th)?(?: of)? ({_MONTH_ALT})\b\.?{_YEAR_AFTER}"
)
_DATE_MONTH_DAY_RE = re.compile(
    rf"\b({_MONTH_ALT})\.? (?:the )?([0-9]{{1,2}})(?:st|nd|rd|th)?\b{_YEAR_AFTER}"
)
_DATE_MONTH_RE = re.compile(rf"\b({_MONTH_ALT})\b\.?{_YEAR_AFTER}")
_DATE_ISO_RE = re.compile(rf"\b({_YEAR})-([0-9]{{1,2}})-([0-9]{{1,2}})\b")
_HOLIDAY_RE = re.compile(rf"\b(christmas|xmas|x-mas|new year'?s?(?: day)?){_YEAR_AFTER}")
_YEAR_RE = re.compile(rf"(?<![0-9.])({_YEAR})(?![0-9])")
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_RE = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")s?\b")
# a day asked for, not when it began: "could we book two slots on Saturday?", "any appointments
# next Tuesday", "free this Friday" (within the words before the day, in its sentence)
_BOOKED_DAY_RE = re.compile(
    r"\b(?:book\w*|slots?|appointments?|appts?|available|free|next|coming|sessions?|massages?"
    r"|see (?:you|me|us|him|her)|come in|fit (?:\w+ )?in)\b[^.!?]{0,30}$"
)
# "may" is also a verb, so alone it is only a month after one of these words.
_BEFORE_MAY = {
    *("since", "in", "from", "early", "mid", "late", "of", "last", "start", "started"),
    *("beginning", "end", "around", "about", "back", "began", "til", "until"),
}


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _recent_date(month: int, day: int, year: int | None, rest: str, today: date) -> date | None:
    """The date meant by a day and month (and maybe year) before today, or None.

    Without a year it is the most recent such date not after today ("since December" in
    November 2026 is 2025-12-01), unless the text goes on "last year" or "this year".
    A date after today gives None.
    """
    if year is None:
        if rest.startswith((" last year", ", last year")):
            year = today.year - 1
        elif rest.startswith((" this year", ", this year")):
            year = today.year
    if year is not None:
        found = _make_date(year, month, day)
    else:
        found = _make_date(today.year, month, day)
        if found is None or found > today:
            found = _make_date(today.year - 1, month, day)
    if found is None or found > today:
        return None
    return found


def _find_date(t: str, today: date) -> tuple[date | None, bool]:
    """The first calendar date mentioned in t as (date, found).

    found is True when a date was written even if it is impossible or in the future (the
    date is then None), so callers stop looking for other kinds of answer.
    """
    m = _DATE_ISO_RE.search(t)
    if m:
        found = _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return (found if found and found <= today else None), True
    for regex, day_group, month_group in (
        (_DATE_DAY_MONTH_RE, 1, 2),
        (_DATE_MONTH_DAY_RE, 2, 1),
    ):
        m = regex.search(t)
        if m:
            year = int(m.group(3)) if m.group(3) else None
            month, day = _MONTHS[m.group(month_group)], int(m.group(day_group))
            return _recent_date(month, day, year, t[m.end() :], today), True
    for m in _DATE_MONTH_RE.finditer(t):
        if m.group(1) == "may" and not m.group(2) and t != "may":
            previous = t[max(0, m.start() - 20) : m.start()].split()[-1:]
            if not previous or previous[0] not in _BEFORE_MAY:
                continue
        year = int(m.group(2)) if m.group(2) else None
        return _recent_date(_MONTHS[m.group(1)], 1, year, t[m.end() :], today), True
    m = _HOLIDAY_RE.search(t)
    if m:
        month, day = (12, 25) if m.group(1) in ("christmas", "xmas", "x-mas") else (1, 1)
        year = int(m.group(2)) if m.group(2) else None
        return _recent_date(month, day, year, t[m.end() :], today), True
    m = _YEAR_RE.search(t)
    if m:
        found = date(int(m.group(1)), 1, 1)
        return (found if found <= today else None), True
    return None, False


# ---------------------------------------------------------------------------------------
# parse_age
# ---------------------------------------------------------------------------------------

_DECADE_WORDS = {
    "teens": 10,
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fourties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
}
_DECADE_WORD_RE = re.compile(r"\b(" + "|".join(_DECADE_WORDS) + r")\b")
_BIRTH_RE = re.compile(r"\b(?:born|dob|d\.o\.b|date of birth|birth ?year|year of birth)\b")
_YEARS_OLD_RE = re.compile(
    rf"(?<![0-9.])({_NUM}) ?-?(?:years?|yrs?|y) ?-?(?:old|of age)\b"
    rf"|(?<![0-9.])({_NUM}) ?(?:yo|y/o|y\.o)(?![a-z])"
)
_OVER_UNDER_RE = re.compile(
    r"\b(over|above|older than|more than|past|under|below|younger than|less than|nearly"
    r"|almost) (?:the age of )?([0-9]+)(?![0-9])"
)
_DECADE_RE = re.compile(
    r"\b(?:(early|mid|middle|late) ?-?)?([1-9]0) ?'?s\b|\b([1-9]0) ?-?(something|odd)\b"
)
_RANGE_RE = re.compile(rf"(?<![0-9.])({_NUM})(?: ?(?:-|to|or) ?({_NUM}))?")
_NOT_AN_AGE_RE = re.compile(
    r" ?(?:minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|mths?|mos?|times|x|kg|kgs"
    r"|lbs?|stone|st|cm|mm|ft|feet|inches|%|am|pm|/|nd|rd|th)(?![a-z])"
)


def _age_in_range(value: float | Fraction) -> int | None:
    age = math.floor(value)
    return age if 1 <= age <= 120 else None


def _age_from_birth(t: str, today: date) -> int | None:
    """Age from a written birth date or birth year ("born in 1970", "dob 3 March 1970")."""
    for regex, day_group, month_group in (
        (_DATE_DAY_MONTH_RE, 1, 2),
        (_DATE_MONTH_DAY_RE, 2, 1),
    ):
        m = regex.search(t)
        if m and m.group(3):
            born = _make_date(
                int(m.group(3)), _MONTHS[m.group(month_group)], int(m.group(day_group))
            )
            if born is None or born > today:
                return None
            before_birthday = (today.month, today.day) < (born.month, born.day)
            return _age_in_range(today.year - born.year - before_birthday)
    m = _YEAR_RE.search(t)
    if not m or int(m.group(1)) > today.year:
        return None
    return _age_in_range(today.year - int(m.group(1)))


def parse_age(text: str, today: date | None = None) -> int | None:
    """Age in whole years (1-120), or None.

    Reads "54", "I'm 54", "54 years old", "54yo", "fifty four".  Decades: "early 40s" -> 42,
    "mid fifties" -> 55, "late forties" -> 48, "in my 60s"/"sixties"/"50 something" -> 65/55.
    "over 50" -> 51 and "under 50" -> 49 (so thresholds at 50 are tripped conservatively);
    a range "45-50" takes the higher.  "born in 1970" uses `today` (default date.today());
    with only a birth year the birthday is assumed to have passed, which errs older.
    """
    t = normalise(text)
    if not t:
        return None
    today = _today(today)
    t = _DECADE_WORD_RE.sub(lambda m: f"{_DECADE_WORDS[m.group(1)]}s", t)
    t = _words_to_digits(t)

    if _BIRTH_RE.search(t):
        return _age_from_birth(t, today)
    m = _YEARS_OLD_RE.search(t)
    if m:
        value = _to_fraction(m.group(1) or m.group(2))
        return None if value is None else _age_in_range(value)
    m = _OVER_UNDER_RE.search(t)
    if m:
        older = m.group(1) in ("over", "above", "older than", "more than", "past")
        return _age_in_range(int(m.group(2)) + (1 if older else -1))
    m = _DECADE_RE.search(t)
    if m:
        if m.group(3):
            return _age_in_range(int(m.group(3)) + 5)
        decade, part = int(m.group(2)), m.group(1)
        if decade == 10:  # teens
            return {"early": 13, "late": 18}.get(part, 15)
        return _age_in_range(decade + {"early": 2, "late": 8}.get(part, 5))
    for m in _RANGE_RE.finditer(t):
        if _NOT_AN_AGE_RE.match(t, m.end()) or t[max(0, m.start() - 1) : m.start()] == "/":
            continue
        values = [_to_fraction(g) for g in m.groups() if g is not None]
        if any(v is None for v in values):
            return None
        value = max(values)
        if 1900 <= value <= 2100 and value == int(value):
            continue  # a year: handled below
        return _age_in_range(value)
    m = _YEAR_RE.search(t)
    if m and int(m.group(1)) <= today.year:
        return _age_in_range(today.year - int(m.group(1)))
    return None


# The visitor's own age said in passing: "I'm 80 and slipped", "i am 68 years", "66 yo here",
# "Im a 72 year old woman", "I just turned 70"; or as the message opens, the visitor described:
# "a 68-year-old man here", "72F", "F, 72", "male 70", "aged 81", "Retired dinner lady, 74."
# Only first person or the opening's own description (no "my", "his", "her" in it), so "my 14
# year old" or "my dad, 80" is nobody's age here; never a count of something else ("I'm 30
# weeks pregnant", "I'm 90% sure", "back pain, 10/10").
_YEARS_OLD = (
    r"\s*-?\s*(?:yo|y/o|y\.o\.|yrs?[\s-]*(?:old|young)|years?[\s-]*(?:old|young)|year-old)\b"
)
_ADULT = r"(1[6-9]|[2-9]\d|1[01]\d)"
_BETWEEN_COMMAS_RE = re.compile(r"(?:^|[,.;!]\s*)" + _ADULT + _YEARS_OLD + r"(?=\s*[,.;!]|\s*$)")
_STATED_AGE_RES = (
    re.compile(
        r"\b(?:i'?m|im|i am)\s+(?:now\s+|nearly\s+|almost\s+|aged\s+)?(\d{2,3})"
        r"(?!\s*(?:%|percent|per cent|kg|kilos?|lbs?|pounds?|stone|st\b|cm|minutes?|mins?"
        r"|hours?|hrs?|days?|weeks?|wks?|months?|miles?|km|k\b|times?|out of|/))"
    ),
    re.compile(r"\b(?:i'?m|im|i am)\s+an?\s+(\d{2,3})" + _YEARS_OLD),
    re.compile(r"\bi(?:'ve| have)?\s+(?:just\s+)?turned\s+" + _ADULT + r"\b"),
    # "Turned 55 and my back instantly broke" (fifty-fourth round)
    re.compile(
        r"^(?:just\s+)?turned\s+"
        + _ADULT
        + r"\b(?!\s*(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|degrees|%|percent))"
    ),
    # "went down hard on the ice at my age (83)", "at my age of 79" (forty-first round)
    re.compile(r"\bat my age\s*(?:\(\s*|of\s+|,\s*)" + _ADULT + r"\b"),
    re.compile(r"^(?:a\s+|an\s+)?(\d{2,3})" + _YEARS_OLD),
    # an age opening the message before the visitor's own words: "55 and my lower back started
    # aching" (fifty-eighth round; 40 or over, as a number said alone)
    re.compile(r"^([4-9]\d|1[01]\d)\s+and\s+(?:my|i|i'?ve|ive|i'?m|im)\b"),
    # an age said as a sentence of its own: "... took my breath away. 81 yrs. Still there
    # today." (forty-second round; 40 or over: "Back pain. 20 years." may be how long)
    re.compile(r"(?:^|[.!?;]\s+)([4-9]\d|1[01]\d)\s*(?:yrs?|years?)(?:[\s-]*old)?\s*(?=[.!?;]|$)"),
    # "me 70 years. I fall in street", "me 72, back hurt since few weeks" (second-language
    # English), "at 59 I've suddenly got this back pain" (fifty-fourth round)
    re.compile(
        r"(?:^|[.!?;]\s+)me\s*,?\s*"
        + _ADULT
        + r"(?:\s*(?:yrs?|years?)(?:[\s-]*old)?)?\s*(?=[,.;!]|$)"
    ),
    re.compile(r"\bat\s+" + _ADULT + r"\s*,?\s+(?:i'?ve|ive|i have|i'?m|im|i am)\b"),
    # an age between commas: "aches in my back n hips, 66yo, came on gradually" (fifty-sixth
    # round), not after a person named ("my mum, 80 years old": _NAMED_JUST_BEFORE)
    _BETWEEN_COMMAS_RE,
    # "62M", "58F" opening a sentence; a number 40 or over said alone as one: "Back gone
    # again. 58." (fifty-sixth round)
    re.compile(r"(?:^|[.!?;]\s+)" + _ADULT + r"\s*[mf]\b"),
    re.compile(r"(?:^|[.!;]\s+)([4-9]\d|1[01]\d)\s*(?=[.!;]|$)"),
    re.compile(r"^(?:[mf]|male|female|man|woman|aged)\b[\s,:]*" + _ADULT + r"\b(?!\s*/)"),
    re.compile(
        r"^(?:(?!\b(?:my|his|her|our|their|your|me)\b)[a-z' ]){3,40},\s*"
        + _ADULT
        + r"(?:"
        + _YEARS_OLD
        + r")?(?=\s*(?:[,.;!)]|$))"
    ),
)


# A course told over weeks: "worse every week", "hurts more each week", "weaker month by
# month", "getting worse over the last few weeks", "worse for 2 months" (fifty-sixth round),
# "each week a bit more so";
# not "more" alone ("I see her more every week").
# Only over weeks or months, as the trend question is asked only of a problem two weeks old
# or more: "worse since Monday" has no course yet.
_SPAN = r"(?:weeks?|wks?|months?)"
_UNIT = r"(?:week|month)"
_COUNT = r"(?:\d+|few|couple|couple of|two|three|four|five|six|several)"
_WORSE = (
    r"(?:worse|weaker|worsening|weakening|(?:hurts?|hurting|aches?|aching|sore|painful|stiff)"
    r"\s+more|more\s+(?:painful|sore|stiff))"
)
_WORSENING_RE = re.compile(
    rf"\b{_WORSE}\s+(?:and\s+{_WORSE}\s+)?(?:(?:every|each|by the)\s+{_UNIT}"
    rf"|{_UNIT}\s+(?:by|on|after)\s+{_UNIT})\b"
    rf"|\b{_WORSE}\s+(?:over|for|in|during)\s+(?:the\s+)?(?:last\s+|past\s+)?"
    rf"(?:an?\s+)?(?:{_COUNT}\s+)?{_SPAN}\b"
    # "it's not listening to me as much, and each week a bit more so" (sixtieth round)
    rf"|\b(?:each|every)\s+{_UNIT}\s+(?:a\s+(?:bit|little|touch)\s+|slightly\s+|even\s+)?"
    rf"more\s+so\b"
)
# ... or a problem told as weeks or months old, and getting worse, in one sentence:
# "worsening low back pain for about two months", "just appeared 3 weeks ago and getting
# worse", "started a couple of months ago ... It's just there, and getting worse" (fifty-
# eighth round)
_WEEKS_OLD_RE = re.compile(
    rf"\b(?:for|since|about|over|past|last)\s+(?:about\s+|around\s+|nearly\s+|almost\s+)?"
    rf"(?:the\s+)?(?:last\s+|past\s+)?(?:{_COUNT}|a\s+couple\s+of)\s+(?:weeks|wks|months?)\b"
    rf"|\b(?:{_COUNT}|a\s+couple\s+of)\s+(?:weeks|wks|months?)\s+(?:ago|back)\b"
    rf"|\ba\s+month\s+(?:ago|back)\b"
)
_GETTING_WORSE_RE = re.compile(
    r"\b(?:(?:getting|gets|got|growing|keeps?\s+getting|becoming)\s+worse|worse\s+not\s+better"
    r"|worsening|keeps\s+creeping\s+up)\b"
)
# ... denied or past just before it ("not really getting worse", "it was getting worse"), not
# "for no reason and getting worse"
_NOT_GETTING_WORSE_RE = re.compile(
    r"\b(?:not|isn'?t|wasn'?t|never|hasn'?t|was|were)\s+(?:\w+\s+)?$"
)
# ... denied, or past: "no worse over the past few weeks", "it was worse for a few weeks
# after my op in 2015"
_NOT_WORSENING_RE = re.compile(
    r"\b(?:not|isn'?t|wasn'?t|no|never|hasn'?t|without|was|were)\s+(?:\w+\s+){0,2}$"
)


def stated_worsening(text: str) -> bool:
    """Whether a message tells of a course getting worse over weeks (the trend question's
    "worse"), not denied: "my back hurts more every week for about 2 months"."""
    t = normalise(text)
    if any(
        not _NOT_WORSENING_RE.search(t[max(0, m.start() - 30) : m.start()])
        for m in _WORSENING_RE.finditer(t)
    ):
        return True
    return any(
        _WEEKS_OLD_RE.search(sentence)
        and any(
            not _NOT_GETTING_WORSE_RE.search(sentence[max(0, m.start() - 30) : m.start()])
            for m in _GETTING_WORSE_RE.finditer(sentence)
        )
        for sentence in re.split(r"[.!?;]+", t)
    )


# a body weight with its unit ("82kg", "14 stone", "190 lbs"), for `stated_weight_loss`,
# within what an adult weighs in it (not "16kg dumbbells")
_WEIGHT_UNITS = r"(?:kg|kgs|kilos?|st|stone|lbs?|pounds)\b"
_WEIGHT_RE = re.compile(rf"\b(\d{{1,3}}(?:\.\d)?)\s?({_WEIGHT_UNITS})")
_BODY_WEIGHTS = {"k": (35, 250), "s": (5, 40), "l": (80, 550), "p": (80, 550)}
# ... and a later figure of its series: with the unit again, or told as now or as a date
# ("71 today", "76 in July", "down to 12", "I'm 12 and a half now"), not "80 squats"
_MONTH_WORDS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|spring|summer|autumn|winter"
)
_LATER_WEIGHT_RE = re.compile(
    r"(?:\b(?:to|now|i'?m|am|be|only|just)\s+)?\b(\d{2,3}(?:\.\d)?)(\s+and\s+a\s+half|\.5)?"
    rf"(?=\s?{_WEIGHT_UNITS}|\s+(?:now|today|this\s+(?:week|morning|month)|these\s+days"
    rf"|at\s+the\s+moment|(?:in|by|at)\s+(?:{_MONTH_WORDS})\b))"
    r"|\b(?:to|now|i'?m|am|be|only|just)\s+(\d{2,3}(?:\.\d)?)(\s+and\s+a\s+half|\.5)?\b"
    r"(?!\s?(?:[:/%.]\d|\d|%|cm|mm|km|m\b|miles?|years?|yrs?|y/?o|weeks?|wks?|days?|months?|"
    r"hours?|hrs?|mins?|minutes?|am\b|pm\b|times?|degrees?|percent|bpm|mg|ml|reps?|squats?))"
)
# how far after the first weight its series may go, and how much less the last must be
_WEIGHT_SERIES_CHARS = 120
_WEIGHT_DROP = 0.05


def stated_weight_loss(text: str) -> str | None:
    """The words of a message that tell of a weight falling, in figures: a body weight with
    its unit, then a later one of its series at least 5% less, with the unit again or told
    as now or as a date ("was 82kg in May. 76 in July. 71 today."; "I used to be 14 stone and
    I'm 12 and a half now"), or None. What the weight was lost to ("on a diet") is read as
    the lexicon's `weight_loss` reads it (red_flags.yml `cancer`)."""
    t = normalise(text)
    for first in _WEIGHT_RE.finditer(t):
        start = float(first.group(1))
        low, high = _BODY_WEIGHTS[first.group(2)[0]]
        if not low <= start <= high:
            continue
        window = t[first.end() : first.end() + _WEIGHT_SERIES_CHARS]
        for later in _LATER_WEIGHT_RE.finditer(window):
            number, half = (later.group(1), later.group(2)) if later.group(1) else later.group(3, 4)
            value = float(number) + (0.5 if half else 0)
            if 0.6 * start <= value <= (1 - _WEIGHT_DROP) * start:
                return t[first.start() : first.end() + later.end()]
    return None


# where a sentence ends, keeping its mark, for the readers of figures below
_SENTENCE_BREAK_RE = re.compile(r"(?<=[.!?;])\s+|\n+")
# words of strength measured or lifted, for `stated_strength_loss`
_STRENGTH_RE = re.compile(
    r"\b(?:grip|strength|power|press|curls?|lift|lifting|lifted|dumbbells?|kettlebells?|"
    r"weights?|squats?|bench|deadlifts?|rows?|pull-?ups|push-?ups|reps|squeeze|dynamometer)\b"
)
# ... a figure in its sentence, not an age, a time, a share or a score's scale ("4 out of 5")
_FIGURE_RE = re.compile(
    r"(?<![\d.:/])\b(\d{1,3}(?:\.\d)?)(?!\d|\.\d)(?!\s?(?:[:/%]|\.\d|cm|mm|m\b|km|miles?|years?|yrs?|"
    r"y/?o|weeks?|wks?|days?|months?|hours?|hrs?|mins?|minutes?|secs?|seconds?|am\b|pm\b|"
    r"times|visits|sessions|degrees?|percent|bpm|mg|ml|sets|reps|squats|push-?ups|pull-?ups|"
    r"lengths|laps|steps)\b)"
)
_NOT_A_FIGURE_RE = re.compile(r"\b(?:i'?m|i am|aged?|out of|at)\s+$")
# ... and words that tell of strength coming back, not going
_STRENGTH_BACK_RE = re.compile(
    r"\b(?:better|improving|improved|stronger|recover(?:ing|ed)?|back up|coming back|came back|"
    r"on purpose|deload(?:ing)?|taper(?:ing)?)\b"
)
# ... and words of a change over time, one of which the sentence must have ("went from",
# "was ... now", "this week")
_CHANGE_RE = re.compile(
    r"\b(?:from|was|were|used to|now|down to|dropped|this week|last week|last month|then|"
    r"nowadays|these days|at the moment)\b"
)
_STRENGTH_DROP = 0.85


def stated_strength_loss(text: str) -> str | None:
    """The sentence of a message that tells of strength falling, in figures: a word of
    strength and a series of figures that falls and does not rise again, the last at most
    85% of the first ("my grip went from 40 to 28 to 22"; "Was 12kg curls, now I struggle
    with 6"; "scored my ankle strength 4 out of 5, this week she said 3"), and no word of it
    coming back ("stronger"), or None."""
    for sentence in _SENTENCE_BREAK_RE.split(normalise(text)):
        if not (_STRENGTH_RE.search(sentence) and _CHANGE_RE.search(sentence)):
            continue
        if _STRENGTH_BACK_RE.search(sentence):
            continue
        figures = [
            float(m.group(1))
            for m in _FIGURE_RE.finditer(sentence)
            if not _NOT_A_FIGURE_RE.search(sentence[max(0, m.start() - 8) : m.start()])
        ]
        for i, first in enumerate(figures):
            later = figures[i + 1 :]
            falls = all(b <= a for a, b in zip(figures[i:-1], later, strict=True))
            if later and falls and 0 < later[-1] <= _STRENGTH_DROP * first:
                return sentence
    return None


# a body temperature, for `stated_fever`: Celsius or Fahrenheit, beside a word of
# temperature in its sentence, and no word of the weather, a room or a bath
_TEMPERATURE_RE = re.compile(r"(?<![\d.])(\d{2,3}(?:[.,]\d{1,2})?)(?![\d])")
_TEMPERATURE_WORD_RE = re.compile(r"\b(?:temp|temps|temperature|fever|feverish|thermometer)\b")
_NOT_BODY_HEAT_RE = re.compile(
    r"\b(?:outside|weather|sun|sunny|heatwave|heat wave|shade|holiday|room|office|house|bath|"
    r"sauna|oven|pool|water|car|forecast|celsius outside)\b"
)
_FEVER_C = (38.0, 43.0)  # NICE NG143 / NG51: 38C or more is a fever
_FEVER_F = (100.4, 109.0)


def stated_fever(text: str) -> str | None:
    """The sentence of a message that gives a fever in figures: a temperature of 38C (100.4F)
    or more beside a word of temperature, not the weather's ("40.1 temp", "temperature hit
    39.4 last night"; not "38 degrees outside"), or None."""
    for sentence in _SENTENCE_BREAK_RE.split(normalise(text)):
        if not _TEMPERATURE_WORD_RE.search(sentence) or _NOT_BODY_HEAT_RE.search(sentence):
            continue
        for m in _TEMPERATURE_RE.finditer(sentence):
            value = float(m.group(1).replace(",", "."))
            if _FEVER_C[0] <= value <= _FEVER_C[1] or _FEVER_F[0] <= value <= _FEVER_F[1]:
                return sentence
    return None


# a breathing rate, for `stated_fast_breathing`: "breathing like 30 times a minute",
# "resp rate 28", "28 breaths a minute"
_BREATHING_RATE_RE = re.compile(
    r"\b(?:resp(?:iratory|iration)?\s+rate|rr)\s*(?:is|was|of|at|:)?\s*(\d{2})\b"
    r"|\b(\d{2})\s*(?:times|breaths)?\s*(?:a|per|/|each)\s*(?:min|minute)\b"
)
# ... told of the breathing: "breathing like 30 times a minute", not "pulse 30 a minute"
_BREATHING_WORD_RE = re.compile(r"\b(?:breath\w*|resp\w*|rr)\b")
_FAST_BREATHING = 25  # NICE NG51: 25 breaths a minute or more is a high-risk criterion


def stated_fast_breathing(text: str) -> str | None:
    """The words of a message that give a breathing rate of 25 a minute or more ("breathing
    like 30 times a minute"), or None."""
    t = normalise(text)
    for m in _BREATHING_RATE_RE.finditer(t):
        rate = int(m.group(1) or m.group(2))
        near = t[max(0, m.start() - 25) : m.end()]
        if _FAST_BREATHING <= rate <= 80 and _BREATHING_WORD_RE.search(near):
            return m.group(0)
    return None


# hours with no urine passed, for `stated_no_urine`: "not peed in 18 hours", "haven't had a
# wee for 14 hrs", "no urine for 16 hours"
_NO_URINE_RE = re.compile(
    r"(?:\b(?:not|nt|no|never)|n't)\s+(?:been\s+able\s+to\s+)?(?:peed|weed|pee|wee|urinated|urine|"
    r"passed\s+(?:any\s+)?(?:urine|water)|had\s+a\s+(?:wee|pee)|been\s+for\s+a\s+(?:wee|pee))"
    r"\s+(?:in|for)\s+(?:over\s+|about\s+|nearly\s+|almost\s+|like\s+)?(\d{1,2})\s*(?:hours|hrs|hr|h)\b"
)
_NO_URINE_HOURS = 12  # NICE NG51: no urine in 12-18 hours (moderate to high risk)


def stated_no_urine(text: str) -> str | None:
    """The words of a message that tell of no urine for 12 hours or more, in figures ("not
    peed in 18 hours"), or None."""
    for m in _NO_URINE_RE.finditer(normalise(text)):
        if int(m.group(1)) >= _NO_URINE_HOURS:
            return m.group(0)
    return None


# someone named just before an age: "my mum, 80 years old", "his dad (79)"
_NAMED_JUST_BEFORE = re.compile(r"\b(?:my|his|her|our|their|your)\s+[\w-]+(?:\s+[\w-]+)?\W*$")


def stated_age(text: str) -> int | None:
    """The visitor's age when a message states it in the first person, else None."""
    t = normalise(text)
    for pattern in _STATED_AGE_RES:
        m = pattern.search(t)
        if m and not (
            pattern is _BETWEEN_COMMAS_RE
            and _NAMED_JUST_BEFORE.search(t[max(0, m.start(1) - 40) : m.start(1)])
        ):
            return _age_in_range(int(m.group(1)))
    return None


# The age a message gives a person it names, for the person a message books for: "my dad, 74",
# "my grandmother (89)", "dad's 81", "my father is 82", "my father, aged 87", "my father, Mr
# Desmond Achebe, aged 87", "my mother have 84 years", "my mother-in-law, 76 years", "my 80
# year old dad", "an 85-year-old nan", "a gentleman of 93". Never a count or a measure ("my
# dad is 18 stone", "my mum is 20 minutes away", "my dad (2 weeks ago)").
_NOT_YEARS = (
    r"(?!\s*(?:%|percent|per cent|kg|kilos?|lbs?|pounds?|stone|st\b|cm|ft|feet|minutes?|mins?"
    r"|hours?|hrs?|days?|weeks?|wks?|months?|miles?|km|k\b|times?|out of|/|:|\.\d|am\b|pm\b))"
)


@lru_cache(maxsize=64)
def _named_age_res(person: str) -> tuple[re.Pattern[str], ...]:
    """The patterns of `named_age` for one person ("dad's 81" is the first's "'s")."""
    p = re.escape(person)
    return (
        re.compile(
            rf"\b{p}(?:[- ]in[- ]law)?(?:'s|s)?\b(?:,\s*[a-z.' -]{{2,40}},)?\s*(?:[,(]\s*|\s)"
            rf"(?:(?:is|who is|who's|'s|is now|now|aged|has|have)"
            rf"\s+)?{_ADULT}\b{_NOT_YEARS}"
        ),
        re.compile(rf"\b{_ADULT}{_YEARS_OLD}\s+{p}\b"),
        # "a gentleman of 93", not "my wife of 30 years"
        re.compile(rf"\b{p}\s+of\s+{_ADULT}\b(?!\s*(?:years|yrs|year))"),
    )


@lru_cache(maxsize=4)
def _pronoun_age_re(pronoun: str) -> re.Pattern[str]:
    """ "she's 84", "he is 90", "she turned 80", "he have 84 years" (`named_age`)."""
    return re.compile(
        rf"\b{re.escape(pronoun)}(?:'s|s|\s+is|\s+is\s+now|\s+turned|\s+just\s+turned"
        rf"|\s+will\s+be|\s+has|\s+have)\s+{_ADULT}\b{_NOT_YEARS}"
    )


# the age of a client named by name or title ("booking for Margaret, 82", "Mr Patel (77)")
_NAME_AGE_RE = re.compile(rf"\b[A-Z][a-z]+\s*(?:,\s*|\(\s*){_ADULT}\b{_NOT_YEARS}")
_AGED_RE = re.compile(rf"\baged\s+{_ADULT}\b{_NOT_YEARS}")
# "a massage for someone who's 70", "somebody whos 82"
_SOMEONE_AGE_RE = re.compile(
    rf"\b(?:someone|somebody)\s+(?:who is|who's|whos|aged)\s+{_ADULT}\b{_NOT_YEARS}"
)


def someones_age(text: str) -> int | None:
    """The age a message gives a client it names by name or title, not by a word of the
    lexicon's `people` (nlp.py `SOMEONE`): "booking for Margaret, 82", "aged 77", "he's 79",
    "someone whos 70"."""
    if not isinstance(text, str):
        return None
    m = _NAME_AGE_RE.search(text)
    if not m:
        t = normalise(text)
        m = (
            _AGED_RE.search(t)
            or _SOMEONE_AGE_RE.search(t)
            or _pronoun_age_re("she").search(t)
            or _pronoun_age_re("he").search(t)
        )
    return _age_in_range(int(m.group(1))) if m else None


def named_age(text: str, person: str, pronoun: str = "") -> int | None:
    """The age a message gives `person` (a word of the lexicon's `people`: "dad"), else None;
    or, with `pronoun` ("she" for a woman, "he" for a man), the age it gives that pronoun after
    the person is first named ("trying to get my mum in, she's 84")."""
    t = normalise(text)
    if not person or person not in t:
        return None
    for pattern in _named_age_res(person):
        m = pattern.search(t)
        if m:
            return _age_in_range(int(m.group(1)))
    if pronoun:
        m = _pronoun_age_re(pronoun).search(t, t.index(person))
        if m:
            return _age_in_range(int(m.group(1)))
    return None


# ---------------------------------------------------------------------------------------
# parse_duration
# ---------------------------------------------------------------------------------------

LONG_STANDING_DAYS = 730.0
_MAX_DAYS = 120 * 365


@dataclass(frozen=True)
class Duration:
    """How long a symptom has lasted.

    days is the length in days (a month is 30, a year 365).  onset is today - days, or
    None when the answer was only a vague "long-standing" one ("ages", "for years").
    """

    days: float
    onset: date | None


_DURATION_RE = re.compile(
    rf"(?<![0-9.])({_NUM})(?: ?(?:-|to|or) ?({_NUM}))? ?({_UNIT_ALT})(?![a-z])"
)
_AND_A_HALF_RE = re.compile(r" ?and (?:a )?half\b")
_OR_NUMBER_RE = re.compile(rf" ?(?:or|to|-) ?({_NUM})(?![0-9.])(?! ?(?:{_UNIT_ALT})(?![a-z]))")
_FUTURE_RE = re.compile(r" ?(?:from now|time|later|'?s time)\b")
_JOINER_RE = re.compile(r" ?(?:,|and|&|, and|plus)? ?")
_RELATIVE = [
    (re.compile(r"\bday before yesterday\b"), 2),
    (re.compile(r"\b(?:yesterday|last night)\b"), 1),
    (
        re.compile(
            r"\b(?:today|tonight|this (?:morning|afternoon|evening)|just now|just started"
            r"|earlier today)\b"
        ),
        0,
    ),
]
_LAST_UNIT_RE = re.compile(
    r"\b(?:last|past|previous|this past) (week|fortnight|month|year|decade)\b"
)
_SHORT_WHILE_RE = re.compile(r"\b(?:little|short|wee) while\b")
_LONG_STANDING_RE = re.compile(
    r"\b(?:a while|ages|a long time|long time|forever|as long as i can remember"
    r"|donkey'?s years|years and years|for years|many years)\b"
)
_BARE_UNITS_RE = re.compile(r"\b(days|nights|weeks|months|years|yrs|decades)\b")
# What visitors do for a while or for hours: `_ACTIVITY_WHILE_RE`, `_ACTIVITY_HOURS_RE`.
_ACTIVITIES = (
    "sit|sits|sitting|sat|stand|stands|standing|stood|walk|walks|walking|walked|drive|drives"
    "|driving|drove|type|typing|kneel|kneeling|run|running|read|reading"
)
# How long an activity lasts, not the symptom: "worse when I sit for a long time".
_ACTIVITY_WHILE_RE = re.compile(
    rf"\b(?:{_ACTIVITIES}|work|working|look|looking|stay|staying|lie|lying|hold|holding)\b"
    r"(?:\s+\w+){0,3}?\s+for\s+(?:a while|ages|a long time|long)\b"
)


_HOURS_AMOUNT = (
    rf"(?:{_NUM}(?: ?(?:-|to|or) ?{_NUM})?|an?|a few|a couple of) ?(?:minutes?|mins?|hours?|hrs?)"
)
_HOURS = rf"{_HOURS_AMOUNT}\b"
# How long an activity or a daily bout lasts, not the symptom: "sat in the back seat for 5
# hours", "stiff for 10 minutes or so in the mornings", "it eases after 20 minutes".
_ACTIVITY_HOURS_RE = re.compile(
    rf"\b(?:{_ACTIVITIES}|knelt|ran"
    r"|gaming|hike|hiked|hiking|cycle|cycled|cycling|travel|travelled|traveled|travelling"
    r"|flew|flight|journey|trip|ride|rode|riding|shift|class|session|game|match|lesson"
    rf"|workout|gardening|digging|painting|lifting|carrying)\b(?:\s+[\w']+){{0,8}}?\s+for\s+"
    rf"(?:about |around |roughly |nearly |almost |over |like |maybe |just )?{_HOURS}"
)
_BOUT_RE = re.compile(
    rf"\bfor\s+(?:about |around |roughly |maybe |like |the first |a good )?{_HOURS}"
    r"(?:\s+or\s+so|\s+or\s+more|\s+at\s+most)?,?\s+(?:in\s+the\s+mornings?|every\s+morning"
    r"|each\s+morning|when\s+i\b|after\b|at\s+a\s+time|a\s+day|each\s+time|every\s+time"
    r"|first\s+thing|on\s+waking|when\s+i\s+wake|after\s+i\s+get\s+up|then\b|and\s+then\b)"
)
_HOURS_LONG_RE = re.compile(  # "a 2 hour drive", "a 12-hour shift"
    rf"\b{_HOURS_AMOUNT}[- ]?(?:long )?(?:[a-z]+ )?(?:drive|flight|journey|trip|session|shift"
    r"|walk|hike|ride|class|match|game|workout|run|sit|meeting|lesson|stint|wait)s?\b"
)
_EASES_AFTER_RE = re.compile(
    rf"\b(?:eases?|wears? off|goes|loosens?(?: up)?|settles?|better|fine)\s+(?:off\s+)?"
    rf"(?:after|within|in)\s+(?:about |around |a good )?{_HOURS}"
)


def _symptom_time(t: str) -> str:
    """t without the lengths of an activity or a daily bout (`_ACTIVITY_HOURS_RE`,
    `_BOUT_RE`, `_HOURS_LONG_RE`, `_EASES_AFTER_RE`), which are not how long the symptom has
    lasted."""
    for regex in (_ACTIVITY_HOURS_RE, _BOUT_RE, _HOURS_LONG_RE, _EASES_AFTER_RE):
        t = regex.sub(" ", t)
    return t


def _duration(days: float, today: date, vague: bool = False) -> Duration | None:
    if days < 0 or days > _MAX_DAYS:
        return None
    onset = None if vague else today - timedelta(days=_round_half_up(days))
    return Duration(days=float(days), onset=onset)


def _unit_days(value: Fraction, unit: str) -> Fraction:
    per_unit = Fraction(_UNIT_DAYS[unit]).limit_denominator(1440)
    days = value * per_unit
    return Fraction(math.floor(days)) if per_unit < 1 else days  # whole days for hours


def _numeric_duration(t: str) -> tuple[float | None, bool]:
    """Days in the first "<number> <unit>" of t ("3-4 weeks", "1 year and 2 months").

    Returns (days, found); found is True when an amount was written even if it could not
    be used (it lies in the future, "in 3 weeks' time", or is absurdly long).
    """
    matches = list(_DURATION_RE.finditer(t))
    for index, m in enumerate(matches):
        rest = t[m.end() : m.end() + 30]
        if _FUTURE_RE.match(rest):
            continue
        values = [_to_fraction(g) for g in (m.group(1), m.group(2)) if g is not None]
        if any(v is None for v in values):
            return None, True
        value = max(values)
        if _AND_A_HALF_RE.match(rest):
            value += Fraction(1, 2)
        else:
            other = _OR_NUMBER_RE.match(rest)
            if other and _to_fraction(other.group(1)) is not None:
                value = max(value, _to_fraction(other.group(1)))
        unit = m.group(3)
        days = _unit_days(value, unit)
        # "1 year and 2 months": add a directly following smaller unit.
        end = m.end()
        for follower in matches[index + 1 :]:
            gap = t[end : follower.start()]
            smaller = _UNIT_DAYS[follower.group(3)] < _UNIT_DAYS[unit]
            if not smaller or not _JOINER_RE.fullmatch(gap) or follower.group(2):
                break
            extra = _to_fraction(follower.group(1))
            if extra is None:
                break
            days += _unit_days(extra, follower.group(3))
            unit, end = follower.group(3), follower.end()
        return float(days), True
    return None, bool(matches)


def parse_duration(text: str, today: date | None = None) -> Duration | None:
    """How long a symptom has lasted, or None if the text does not say.

    Reads amounts ("three weeks", "about 3 weeks", "6 mths", "2 yrs", "a fortnight",
    "a couple of months", "few days", "started 3 weeks ago", "1 year and 2 months"),
    dates ("since March", "since 3 March", "since March 3rd", "since 2019", "since
    Christmas") and relative words ("yesterday" 1, "today"/"this morning"/"an hour ago" 0,
    "last week" 7, "last month" 30, "last year" 365).  A week is 7 days, a month 30, a
    year 365; hours and minutes count as whole days elapsed (so "an hour ago" is 0).
    Ranges take the HIGHER value ("3-4 weeks" -> 28).  A month or holiday without a year is
    its most recent occurrence not after `today` (default date.today()).  Dates in the
    future give None.  Vague long-standing answers ("a while", "ages", "for years",
    "years") are 730 days ("long-standing, at least a year") with onset None, and a bare
    plural unit is two of it ("for weeks" -> 14, onset None).
    """
    t = normalise(text)
    if not t:
        return None
    today = _today(today)

    days, found = _numeric_duration(_symptom_time(_words_to_digits(t, article_is_one=True)))
    if found:
        return None if days is None else _duration(days, today)

    onset, found = _find_date(t, today)
    if found:
        return None if onset is None else _duration(float((today - onset).days), today)
    m = next(
        (m for m in _WEEKDAY_RE.finditer(t) if not _BOOKED_DAY_RE.search(t[: m.start()])), None
    )
    if m:
        days_back = (today.weekday() - _WEEKDAYS.index(m.group(1))) % 7 or 7
        return _duration(float(days_back), today)

    for regex, days_back in _RELATIVE:
        if regex.search(t):
            return _duration(float(days_back), today)
    m = _LAST_UNIT_RE.search(t)
    if m:
        return _duration(float(_UNIT_DAYS[m.group(1)]), today)

    symptom = _ACTIVITY_WHILE_RE.sub(" ", t)
    long_standing = None if _SHORT_WHILE_RE.search(t) else _LONG_STANDING_RE.search(symptom)
    bare = _BARE_UNITS_RE.search(symptom)
    # the first said wins: "sore for weeks, and I've sat at a desk for years" is weeks
    if long_standing and not (bare and bare.start() < long_standing.start()):
        return _duration(LONG_STANDING_DAYS, today, vague=True)
    if bare:
        return _duration(2.0 * _UNIT_DAYS[bare.group(1)], today, vague=True)
    return None


# ---------------------------------------------------------------------------------------
# match_options
# ---------------------------------------------------------------------------------------


def _levenshtein(a: str, b: str, limit: int | None = None) -> int:
    """Edit distance between a and b (insertions, deletions, substitutions).

    With a limit, stops as soon as the distance must exceed it and returns limit + 1.
    """
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        if limit is not None and min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _option_words(text: str) -> list[str]:
    """Normalised words of text, apostrophes dropped and other punctuation as breaks."""
    return _WORD_RE.findall(normalise(text).replace("'", ""))


def match_options(text: str, options: dict[str, list[str]]) -> list[str]:
    """The ids of the options the text mentions, in the order they first appear.

    options maps an id to its lay synonyms; the id itself with "_" as spaces is one too.
    Synonyms match whole words or phrases, case- and punctuation-insensitively, and also
    with an added "s"/"es" ("knees" matches "knee").  Where matches overlap the longest
    wins ("lower back" beats "back").  Only if nothing matches, a word of 5+ letters one
    edit away from a single-word synonym of 5+ letters counts ("shouldr" -> "shoulder"),
    as does a phrase typed as one word ("lowerback").
    """
    if not isinstance(options, dict):
        return []
    words = _option_words(text)
    if not words:
        return []
    synonyms: list[tuple[str, str]] = []
    for option_id, names in options.items():
        if not isinstance(option_id, str):
            continue
        if isinstance(names, str):
            names = [names]
        elif not isinstance(names, (list, tuple, set, frozenset)):
            names = []
        for name in [option_id.replace("_", " "), *names]:
            if isinstance(name, str):
                phrase = " ".join(_option_words(name))
                if phrase:
                    synonyms.append((phrase, option_id))

    haystack = " " + " ".join(words) + " "
    found = []
    for phrase, option_id in synonyms:
        for variant in (phrase, phrase + "s", phrase + "es"):
            needle = f" {variant} "
            start = haystack.find(needle)
            while start != -1:
                found.append((start + 1, start + 1 + len(variant), option_id))
                start = haystack.find(needle, start + 1)

    claimed = bytearray(len(haystack))
    spans = set()
    accepted = []
    for start, end, option_id in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        if (start, end) not in spans and any(claimed[start:end]):
            continue
        claimed[start:end] = b"\x01" * (end - start)
        spans.add((start, end))
        accepted.append((start, option_id))
    accepted.sort(key=lambda a: a[0])
    result = list(dict.fromkeys(option_id for _, option_id in accepted))
    if result:
        return result

    # Fallback: typos of one-word synonyms, and run-together phrases ("lowerback").
    singles: dict[str, list[str]] = {}
    for phrase, option_id in synonyms:
        single = phrase.replace(" ", "")
        if len(single) >= 5 and not single.isdigit():
            singles.setdefault(single, []).append(option_id)
    fuzzy: dict[str, None] = {}
    seen: set[str] = set()
    for word in words:
        if len(word) < 5 or word.isdigit() or word in seen:
            continue
        seen.add(word)
        for synonym, option_ids in singles.items():
            if abs(len(synonym) - len(word)) <= 1 and _levenshtein(word, synonym, 1) <= 1:
                fuzzy.update(dict.fromkeys(option_ids))
    return list(fuzzy)


# Words after which a visitor qualifies what they said first ("well, but the pain wakes me").
_CONTRAST_RE = re.compile(
    r"\b(?:but|though|although|however|except|apart from|other than|unless)\b"
)


def settle_contrast(text: str, options: dict[str, list[str]], ranks: dict[str, int]) -> str | None:
    """The one option an answer settles on when it qualifies its first answer, or None.

    ranks maps option ids to how bad each answer is (0 for all well). The answer is the first
    option named before a contrast ("but", "though", "except", "apart from", "unless"), unless
    a clause after one names an option ranked as bad or worse: then the worst of those ("I sleep
    well but the pain wakes me" is woken by pain; "not really, but some days" is some days).
    A better option after the "but" leaves the first ("worse, but getting better lately" stays
    worse). The later clause is read as `match_loose_options` reads: whole words only, and
    nothing when a negation stands outside its phrases ("well, but the pain doesn't wake me";
    "several days but not every day"). None when nothing is named before a contrast, or none
    follows: the caller's first-named reading stands.
    """
    if not isinstance(options, dict) or not isinstance(ranks, dict):
        return None
    parts = _CONTRAST_RE.split(normalise(text))
    first = match_options(parts[0], options) if len(parts) > 1 else []
    if not first or first[0] not in ranks:
        return None
    answer = first[0]
    for part in parts[1:]:
        named = [o for o in match_loose_options(part, options) if o in ranks and o != answer]
        worse = [o for o in named if ranks[o] >= ranks[answer]]
        if worse:
            answer = max(worse, key=lambda o: ranks[o])
    return answer


# Words that turn an everyday answer round ("not ok", "can't complain", "no good").
_NEGATIONS = frozenset(
    (
        *("not", "no", "never", "nothing", "none", "neither", "nor", "without", "hardly"),
        *("barely", "cannot", "cant", "dont", "doesnt", "didnt", "isnt", "wasnt", "arent"),
        *("werent", "havent", "hasnt", "hadnt", "couldnt", "wont", "wouldnt", "aint"),
    )
)


def match_loose_options(text: str, options: dict[str, list[str]]) -> list[str]:
    """The ids of options the text names in everyday words ("ok-ish" sleep), or [].

    Like `match_options`, but whole words and phrases only (no typos), and nothing when a
    negation stands outside the phrases found ("not ok", "no good"): a phrase that holds its
    own negation ("not bad") is read as a whole.
    """
    if not isinstance(options, dict):
        return []
    words = _option_words(text)
    phrases = sorted(
        (
            (tuple(_option_words(name)), option_id)
            for option_id, names in options.items()
            if isinstance(option_id, str) and isinstance(names, (list, tuple))
            for name in names
            if isinstance(name, str) and _option_words(name)
        ),
        key=lambda p: -len(p[0]),
    )
    found: list[str] = []
    i = 0
    while i < len(words):
        for phrase, option_id in phrases:
            if tuple(words[i : i + len(phrase)]) == phrase:
                found.append(option_id)
                i += len(phrase)
                break
        else:
            if words[i] in _NEGATIONS:
                return []
            i += 1
    return list(dict.fromkeys(found))


# ---------------------------------------------------------------------------------------
# parse_hours
# ---------------------------------------------------------------------------------------

_HOURS_RE = re.compile(
    rf"(?<![0-9.])({_NUM})(?: ?(?:-|to|or) ?({_NUM}))? ?(?:hours?|hrs?|h)(?![a-z])"
)


def parse_hours(text: str) -> float | None:
    """A number of hours said as hours ("7 hours", "about six hrs", "6-7h"), or None.

    A range takes the LOWER value ("6-7 hours" is 6): hours of sleep are then never
    over-reported.  A bare number ("7") is not hours.
    """
    t = normalise(text)
    if not t:
        return None
    m = _HOURS_RE.search(_words_to_digits(t, article_is_one=True))
    if not m:
        return None
    values = [_to_fraction(g) for g in m.groups() if g is not None]
    if any(v is None for v in values):
        return None
    hours = float(min(values))
    return hours if hours <= 24 else None


# ---------------------------------------------------------------------------------------
# parse_glasses
# ---------------------------------------------------------------------------------------

GLASS_ML = 250
# Millilitres per unit a visitor may name instead of glasses.
_VOLUME_UNITS = (
    (re.compile(r"(?<![a-z])(millilit(?:re|er)s?|mls?)\b"), 1),
    (re.compile(r"(?<![a-z])(lit(?:re|er)s?|ltrs?|l)\b"), 1000),
    (re.compile(r"\bpints?\b"), 568),
    (re.compile(r"\bbottles?\b"), 500),
)


def parse_glasses(text: str) -> float | None:
    """Glasses of 250 ml a day: "6", "about 6 glasses", "2 litres" (8), "500ml" (2)."""
    number = parse_number(text)
    if number is None:
        return None
    t = normalise(text)
    for pattern, millilitres in _VOLUME_UNITS:
        if pattern.search(t):
            return round(number * millilitres / GLASS_ML, 1)
    return number


# ---------------------------------------------------------------------------------------
# states_clearance
# ---------------------------------------------------------------------------------------

# Who can have checked the visitor: a doctor or another clinician ("docter" and other typos
# of the longer words are read too, see `_clearance_word`).
_CLINICIANS = frozenset(
    {"doctor", "doctors", "doc", "docs", "dr", "gp", "gps", "physician", "physio",
     "physiotherapist", "consultant", "specialist", "surgeon", "nurse", "osteopath", "osteo",
     "chiropractor", "rheumatologist", "neurologist", "orthopaedic", "orthopedic", "medic",
     "docter", "doctr", "docotr", "dcotor", "phsyio", "physo", "fisio"}
)  # fmt: skip
# What a clearance says, as word sequences (apostrophes dropped: "it's" is "its"). The ones
# holding a negation ("nothing serious") are read as a whole before any negation counts.
_CLEARANCE_PHRASES = tuple(
    tuple(phrase.split())
    for phrase in (
        "cleared", "clearance", "all clear", "the clear", "clear to", "fine", "ok", "okay",
        "okey", "alright", "alrite", "all right", "approved", "safe", "allowed", "happy for",
        "happy with", "go ahead", "goahead", "green light", "thumbs up", "good to go",
        "nothing serious", "nothing wrong", "nothing to worry", "nothing sinister",
        "nothing broken", "not serious", "not worried", "no problem", "no problems",
        "no issue", "no issues", "no reason not", "ruled out", "just muscular", "muscular",
        "can have", "can book",
    )
)  # fmt: skip
_CLEARANCE_VOCAB = frozenset(w for phrase in _CLEARANCE_PHRASES for w in phrase)
# Words of a clause that is not a statement that it happened: a wish, a plan, a condition.
_NOT_YET = frozenset(
    {"if", "unless", "once", "whether", "will", "gonna", "hope", "hoping", "hopefully",
     "waiting", "might", "maybe", "perhaps", "wonder", "wondering", "ask", "asking", "need",
     "needs", "must", "supposed", "tomorrow", "next", "later", "soon"}
)  # fmt: skip
# A clause starting with one of these (after a greeting or "so") asks; it does not state.
_QUESTION_STARTS = frozenset(
    {"should", "shall", "do", "does", "did", "can", "could", "would", "will", "is", "are",
     "was", "has", "have", "had", "must", "may", "might", "am", "what", "how", "why", "when",
     "where", "who", "which", "dont", "doesnt", "didnt", "cant", "shouldnt", "wouldnt",
     "isnt", "hasnt", "havent"}
)  # fmt: skip
_LEAD_INS = frozenset({"so", "well", "hi", "hello", "hey", "and", "um", "erm", "oh", "also"})
# Someone else's clinician ("my wife's doctor", "her GP") or clearance ("cleared him").
_OTHERS = frozenset(
    {"wifes", "husbands", "partners", "mums", "moms", "mams", "mothers", "dads", "fathers",
     "sons", "daughters", "kids", "childs", "childrens", "sisters", "brothers", "friends",
     "boyfriends", "girlfriends", "nans", "grans", "grandmas", "grandads", "aunts", "uncles",
     "colleagues", "neighbours", "neighbors", "babys", "fiances", "fiancees"}
)  # fmt: skip
_OTHER_BEFORE_CLINICIAN = frozenset({"his", "her", "their"})
_OTHER_AFTER = frozenset({"him", "her", "them"})
_CLEARANCE_BREAK_RE = re.compile(r"[.!?;]+|\b(?:but|though|although|however)\b")
# Longer words read despite one wrong letter ("cleard", "physican", "aproved"); the longest
# first, so "cleard" is "cleared", not "clear".
_CLEARANCE_TYPO_VOCAB = sorted(
    (w for w in (*_CLINICIANS, *_CLEARANCE_VOCAB, "massage", "treatment") if len(w) >= 5),
    key=lambda w: (-len(w), w),
)


def _clearance_word(word: str) -> str:
    if word in _CLINICIANS or word in _CLEARANCE_VOCAB or len(word) < 5:
        return word
    for known in _CLEARANCE_TYPO_VOCAB:
        if abs(len(known) - len(word)) <= 1 and _levenshtein(word, known, 1) <= 1:
            return known
    return word


def _clause_states_clearance(words: list[str]) -> bool:
    if not any(w in _CLINICIANS for w in words):
        return False
    start = 0
    while start < len(words) and words[start] in _LEAD_INS:
        start += 1
    if start < len(words) and words[start] in _QUESTION_STARTS:
        return False
    found = False
    rest: list[str] = []
    i = 0
    while i < len(words):
        for phrase in _CLEARANCE_PHRASES:
            if tuple(words[i : i + len(phrase)]) == phrase:
                found = True
                i += len(phrase)
                break
        else:
            rest.append(words[i])
            i += 1
    if not found or any(w in _NEGATIONS or w in _NOT_YET or w in _OTHERS for w in rest):
        return False
    pairs = list(pairwise(words))
    if any(a in _OTHER_BEFORE_CLINICIAN and b in _CLINICIANS for a, b in pairs):
        return False
    return not any(a in ("cleared", "for") and b in _OTHER_AFTER for a, b in pairs)


def states_clearance(text: str) -> bool:
    """Whether the visitor says a doctor (or another clinician) has already checked them and
    said treatment is fine: "my GP cleared me", "I've seen a physio and they said massage is
    ok", "my docter said its fine, can I book?".

    One clause (a sentence, or a part of one after "but") must name the clinician and the
    clearance, and state it: not a question ("should my doctor clear me?"), a wish or a plan
    ("hopefully my GP will say it's fine"), a negation ("my doctor hasn't seen it", "didn't
    clear me"; "nothing serious" is read as a whole) or someone else's ("my wife's doctor
    said it's fine"). When in doubt, it is not one.
    """
    t = normalise(text).replace("'", "")
    for clause in _CLEARANCE_BREAK_RE.split(t):
        words = [_clearance_word(w) for w in _WORD_RE.findall(clause)]
        if _clause_states_clearance(words):
            return True
    return False
