"""Correct misspelt words before the lexicon is matched ("numbnes", "kneee", "lowr bak").

A SymSpell corrector (symspellpy) built from symspellpy's English frequency dictionary, with
every word of our own content (regions, sides, lexicon phrases and cues, questionnaire options,
red-flag phrases) and of the yes/no phrases in `parsing` added and preferred: among equally
close candidates a word of ours wins ("lowr" is "lower", not "low"; "sholder" is "shoulder",
not "holder"), and among those one edit away, the typed word with a letter doubled ("masage"
is "massage", not "manage"). A past tense typed with "d" for "ed" is the common word it
stands for ("tripd" is "tripped"). Built once per process (about 2 seconds); a lookup costs
well under a millisecond, and only unknown words are looked up.

What is never changed:

- a known word (in the dictionary, in our content, in the lexicon's own misspelling patterns,
  or a chat word such as "im", "dont", "tbh"), a word with an apostrophe or a digit next to it,
  an acronym in capitals, and any word of 3 letters or less (except `SHORT_FIXES`, "bak");
- a word no candidate is close enough to (one edit for a 4-letter word, two from 5 letters);
- a word whose correction would be a red-flag word it was not (`protected_words`: the words
  only the red-flag phrases use, without the commonest English words), unless the typed word
  has 6 or more letters and is one edit away ("bladdder" is "bladder", but "fevr" is not made
  "fever": a typo must not invent a red flag).

Only the matching reads the corrected text. `Corrected.original_span` maps a span found in it
back to the text as typed, so what the clinic is shown is what the visitor wrote.
"""

from __future__ import annotations

import importlib.resources
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.engine.content import Content, default_content

MAX_EDIT_DISTANCE = 2
# SymSpell indexes the deletes of each word's first PREFIX_LENGTH letters. 5 gives the same
# corrections as symspellpy's default 7 (checked on every word of our corpora) with about 100 MB
# less memory in each process that loads the speller (43 against 143 MB) and a faster start; a
# lookup takes about 0.3 ms instead of 0.1, once per typo per process (`suggest` is cached).
PREFIX_LENGTH = 5
# Our own words win among equally close candidates: their count is raised above any English one.
OWN_WORD_BOOST = 10**12
# The commonest English words (by the dictionary's counts) are never protected: "my", "the",
# "can't" belong to red-flag phrases, but a correction into them invents nothing.
COMMON_WORDS = 300
# Short or real words that visitors mean as another one. Reviewed by hand, so not subject to
# the red-flag guard (none of them is a red flag on its own; "hed" completes "hit my hed").
SHORT_FIXES = {
    "bak": "back",
    "bck": "back",
    "nek": "neck",
    "hed": "head",
    "rite": "right",
    "rigt": "right",
    "fel": "fell",
}
# Dialect words visitors write for standard ones (Scots and northern English: "I cannae put
# it doon", "banged ma heid", "been hirplin aboot"; thirty-seventh round). Reviewed by hand like
# `SHORT_FIXES`; "ma" is left alone (it is "my" to some and "mum" to others).
DIALECT = {
    "cannae": "can't",
    "canna": "can't",
    "dinnae": "don't",
    "didnae": "didn't",
    "doesnae": "doesn't",
    "couldnae": "couldn't",
    "wouldnae": "wouldn't",
    "isnae": "isn't",
    "wasnae": "wasn't",
    "hasnae": "hasn't",
    "havnae": "haven't",
    "doon": "down",
    "oot": "out",
    "aboot": "about",
    "heid": "head",
    "sair": "sore",
    "hirplin": "limping",
    "hirpling": "limping",
    "hirple": "limp",
    "masel": "myself",
    "fae": "from",
    "wis": "was",
    "awfy": "awfully",
    "noo": "now",
    "hame": "home",
    "tae": "to",
    "aff": "off",
    "haudin": "holding",
    "greetin": "crying",
    "nae": "no",
}
BY_HAND = {**SHORT_FIXES, **DIALECT}
DETERMINERS = {"my", "the", "left", "right", "both", "his", "her", "your", "r", "l", "a"}
# Typos that are words or chat words of their own, corrected only after one of the words
# given: "shoulda" is "should have" in "I shoulda gone" and a shoulder after "my"; "stares"
# are looks, and the stairs in "fel down the stares".
AFTER_FIXES = {
    **{typo: (DETERMINERS, "shoulder") for typo in ("shoulda", "sholda", "shouldr")},
    **{typo: ({"the"}, "stairs") for typo in ("stares", "stears", "stairz")},
}
# Words meant as another only before one of the words given: "me" is "my" before a relative in
# Irish and Northern English ("me mam is in hospital getting over sepsis": the mam's, not the
# visitor's).
KIN = """
mam mammy ma mum mom da dad daddy nan nana nanna granny gran grandad granda grandma grandpa
brother sister husband wife fella missus son daughter kids partner boyfriend girlfriend uncle
aunt auntie cousin
"""
# "ma" is "my" there too in Scots ("ma mum's 78, took a wee tumble"; forty-eighth round).
BEFORE_FIXES = {"me": (set(KIN.split()), "my"), "ma": (set(KIN.split()), "my")}
# Chat words and apostrophe-less contractions that are not in the dictionary.
CHAT_WORDS = """
im ive id ill dont doesnt didnt cant couldnt wouldnt shouldnt wont isnt arent wasnt werent
havent hasnt hadnt thats whats theres youre theyre weve lets its hes shes tbh idk idek dunno
lol omg ok okay thx pls plz ur u ya yeh yep nope nah gonna wanna gotta kinda sorta shoulda
coulda woulda hmm hmmm umm ummm erm ugh ah oh aha mum mam mummy nan nana gp physio
"""

_WORD_RE = re.compile(r"(?<![\w'])[A-Za-z]+(?:'[A-Za-z]+)*(?![\w])")
_LETTERS_RE = re.compile(r"[a-z]+(?:'[a-z]+)*")


@dataclass(frozen=True)
class Corrected:
    """A text with its misspelt words corrected, and where each change was made."""

    original: str
    text: str
    # (original start, original end, corrected start, corrected end) of each changed word
    changes: tuple[tuple[int, int, int, int], ...] = ()

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Where the span [start, end) of the corrected text lies in the original: a span
        that starts or ends inside a corrected word covers the whole word as typed."""
        starts = [change[2] for change in self.changes]
        index = bisect_right(starts, start) - 1  # the last change starting at or before start
        if index >= 0:
            orig_start, orig_end, _, new_end = self.changes[index]
            start = orig_start if start < new_end else start + orig_end - new_end
        index = bisect_left(starts, end) - 1  # the last change starting before end
        if index >= 0:
            _, orig_end, _, new_end = self.changes[index]
            end = orig_end if end <= new_end else end + orig_end - new_end
        return start, end


class Speller:
    """Word-by-word correction with a SymSpell index of English and our content's words."""

    def __init__(self, content: Content):
        from symspellpy import SymSpell  # imported here: only the loaded corrector needs it

        self.symspell = SymSpell(
            max_dictionary_edit_distance=MAX_EDIT_DISTANCE, prefix_length=PREFIX_LENGTH
        )
        dictionary = importlib.resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
        with importlib.resources.as_file(dictionary) as path:
            self.symspell.load_dictionary(str(path), term_index=0, count_index=1)
        english = self.symspell.words
        own = content_words(content)
        for word in own:
            self.symspell.create_dictionary_entry(word, english.get(word, 0) + OWN_WORD_BOOST)
        self.known = set(self.symspell.words) | pattern_words(content) | set(CHAT_WORDS.split())
        common = sorted(english, key=english.get, reverse=True)[:COMMON_WORDS]
        self.protected = protected_words(content) - set(common)
        # a typo is looked up once per process (a long message repeats its words)
        self.suggest = lru_cache(maxsize=16_384)(self.suggest)

    def correct(self, text: str) -> Corrected:
        """The text with each misspelt word corrected (see the module's docstring)."""
        if not isinstance(text, str):
            return Corrected("", "")
        pieces: list[str] = []
        changes: list[tuple[int, int, int, int]] = []
        position = shift = 0
        words = list(_WORD_RE.finditer(text))
        for index, match in enumerate(words):
            before = words[index - 1].group().lower() if index else ""
            after = words[index + 1].group().lower() if index + 1 < len(words) else ""
            fixed = self.correct_word(match.group(), before, after)
            if fixed == match.group():
                continue
            pieces.append(text[position : match.start()])
            pieces.append(fixed)
            new_start = match.start() + shift
            changes.append((match.start(), match.end(), new_start, new_start + len(fixed)))
            shift += len(fixed) - len(match.group())
            position = match.end()
        if not changes:
            return Corrected(text, text)
        pieces.append(text[position:])
        return Corrected(text, "".join(pieces), tuple(changes))

    def correct_word(self, word: str, before: str = "", after: str = "") -> str:
        """The word meant by `word` (`before` and `after` are the words typed before and after
        it), or `word` itself."""
        lower = word.lower()
        if lower in BY_HAND:
            return _cased(BY_HAND[lower], word)
        if lower in AFTER_FIXES and before in AFTER_FIXES[lower][0]:
            return _cased(AFTER_FIXES[lower][1], word)
        if lower in BEFORE_FIXES and after in BEFORE_FIXES[lower][0]:
            return _cased(BEFORE_FIXES[lower][1], word)
        if (
            lower in self.known
            or "'" in lower
            or len(lower) <= 3
            or (word.isupper() and len(word) <= 5)
        ):
            return word
        return _cased(self.suggest(lower), word)

    def suggest(self, word: str) -> str:
        """The closest known word to a lower-case `word`, if the guards allow it."""
        from symspellpy import Verbosity

        past = self._past_tense(word)
        if past:
            return past
        distance = 1 if len(word) <= 4 else MAX_EDIT_DISTANCE
        found = self.symspell.lookup(word, Verbosity.CLOSEST, max_edit_distance=distance)
        if not found or found[0].distance == 0:
            return word
        best = _doubled(word, found) or found[0]
        if best.term in self.protected and not (best.distance == 1 and len(word) >= 6):
            return word
        return best.term

    def _past_tense(self, word: str) -> str:
        """The common past tense `word` is typed for, with "d" for "ed" ("tripd"), if the
        guards allow it (one edit: a red-flag word only from 6 letters), or ""."""
        english = self.symspell.words
        for past in _past_tense_of(word):
            if english.get(past, 0) >= COMMON_PAST and (
                past not in self.protected or len(word) >= 6
            ):
                return past
        return ""


# A past tense typed with "d" for "ed" is read as one only when it is our own word or a common
# English one ("lowd" is not "lowed", a rare word, but likely "loud")
COMMON_PAST = 10**6


def _past_tense_of(word: str) -> tuple[str, ...]:
    """The past tenses a word typed with "d" for "ed" may be ("tripd" is "tripped", "bangd"
    "banged"), or none."""
    if len(word) < 4 or word[-1] != "d" or word[-2] in "aeiouy":
        return ()
    stem = word[:-1]
    return (stem + "ed", stem + stem[-1] + "ed")


def _doubled(word: str, found: list) -> Any:
    """Among the closest candidates one edit away, the first that is `word` with a letter
    doubled, if it is as much our own word as the closest: a double letter typed single is
    the commonest slip ("masage" is "massage", not "manage"; "runing" is "running", not
    "ruling"), and the candidates are otherwise ranked by how common they are in English."""
    best = found[0]
    if best.distance != 1:
        return None
    own = best.count >= OWN_WORD_BOOST
    for item in found:
        term = item.term
        if (
            item.distance != 1
            or len(term) != len(word) + 1
            or (item.count >= OWN_WORD_BOOST) != own
        ):
            continue
        if any(term == word[:i] + word[i - 1] + word[i:] for i in range(1, len(word) + 1)):
            return item
    return None


def _cased(fixed: str, typed: str) -> str:
    if typed.isupper() and len(typed) > 1:
        return fixed.upper()
    if typed[:1].isupper():
        return fixed[:1].upper() + fixed[1:]
    return fixed


# --- the words of our content ----------------------------------------------------------------


def _words_of(phrases) -> set[str]:
    return {word for phrase in phrases for word in _LETTERS_RE.findall(str(phrase).lower())}


def content_words(content: Content) -> set[str]:
    """Every word of our regions, sides, lexicon phrases and cues, options and red-flag phrases,
    and of the yes/no phrases, numbers and units `parsing` reads: the words a correction may
    turn a typo into."""
    from bot.engine import parsing

    regions = content.regions
    phrases: list[str] = [*regions.ignore]
    for region in regions.regions.values():
        phrases += [region.label, *region.synonyms]
    for side in regions.sides.values():
        phrases += [side.label, *side.synonyms]
    for finding in content.lexicon.findings.values():
        phrases += finding.phrases
    for cue_phrases in content.lexicon.cues.dict().values():
        if isinstance(cue_phrases, list):
            phrases += cue_phrases
    for question in content.questions.values():
        for option in question.options:
            phrases += [option.label, *option.synonyms]
    for group in content.red_flags.groups.values():
        phrases += group.phrases
    phrases += [" ".join(phrase) for phrase in parsing._YES_NO_TABLE]
    # numbers, units of time and months as parsing reads them ("sevn", "weks", "febuary")
    phrases += [word for word in parsed_words() if len(word) >= 4]
    return _words_of(phrases)


def pattern_words(content: Content) -> set[str]:
    """The words the lexicon's token patterns name ("numbnes", "tinglin"): misspellings it
    already matches, so known words that are never corrected (and never suggested)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key not in ("REGEX", "FUZZY"):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, str):
            found.update(_words_of([node]))

    for finding in content.lexicon.findings.values():
        walk(finding.patterns)
    return found


def red_flag_findings(content: Content) -> set[str]:
    """The lexicon findings that the red-flag groups' `when` rules name."""
    return set().union(*content.red_flag_findings.values()) & set(content.lexicon.findings)


def protected_words(content: Content) -> set[str]:
    """The words only red flags use: a correction may give one only when the typo is long and
    one edit away (see the module's docstring).

    These are the words of the red-flag groups' phrases and of the phrases of the lexicon
    findings their rules name ("fever", "bladder", "thunderclap"), less any word that another
    finding, a region, a side or an option also uses ("pain", "knee", "numbness"): correcting
    into such a word does not make a red flag of it.
    """
    flagged = red_flag_findings(content)
    phrases = [p for group in content.red_flags.groups.values() for p in group.phrases]
    others: list[str] = []
    for finding_id, finding in content.lexicon.findings.items():
        (phrases if finding_id in flagged else others).extend(finding.phrases)
    regions = content.regions
    for region in regions.regions.values():
        others += [region.label, *region.synonyms]
    for side in regions.sides.values():
        others += [side.label, *side.synonyms]
    for question in content.questions.values():
        for option in question.options:
            others += [option.label, *option.synonyms]
    # the numbers, units of time and months the answer parsers read ("weeks" in "3 weks" is
    # a duration, even where a red-flag phrase says "weeks")
    return _words_of(phrases) - _words_of(others) - _words_of(parsed_words())


def parsed_words() -> list[str]:
    """The numbers, units of time and months the answer parsers read."""
    from bot.engine import parsing  # here: parsing imports this module

    tables = (parsing._SMALL_NUMBERS, parsing._TENS, parsing._UNIT_DAYS, parsing._MONTHS)
    return [word for table in tables for word in table]


@lru_cache(maxsize=1)
def default_speller() -> Speller:
    """The corrector for the project's own content, built once per process."""
    return Speller(default_content())


def correct(text: str) -> Corrected:
    """`text` with its misspelt words corrected, by the project's corrector."""
    return default_speller().correct(text)
