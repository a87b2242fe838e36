"""One visitor's assessment: from their answers and messages to an outcome.

`assess` is the whole engine in one call: parse the answers, read every message (and every
typed answer, since a visitor may mention a red flag anywhere), screen for red flags, note
cautions, score the instruments and sort the factors. `screen_text` is the check the bot runs
on each message as it arrives.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bot.engine.answers import parse_answer
from bot.engine.content import (
    EMERGENCY,
    FACTOR_GROUPS,
    SCREENING_PREFIX,
    Content,
    Cues,
    default_content,
    red_flag_finding,
    screening_question,
)
from bot.engine.factors import FactorResult, sort_factors, strong_groups
from bot.engine.nlp import (
    OTHERS,
    PRONOUNS,
    SELF_WORDS_WITHIN,
    SOMEONE,
    VISITOR,
    Mention,
    asked_for,
    booked_for,
    extract,
    own_clause,
    told_of,
)
from bot.engine.parsing import (
    named_age,
    normalise,
    someones_age,
    stated_age,
    stated_fast_breathing,
    stated_fever,
    stated_no_urine,
    stated_strength_loss,
    stated_weight_loss,
    stated_worsening,
)
from bot.engine.rules import (
    Answer,
    Evidence,
    Facts,
    after_any,
    after_last,
    opens_with_any,
    says_any,
    without_any,
)
from bot.engine.scoring import Score, score_values
from bot.engine.screening import (
    CautionHit,
    RedFlagHit,
    decide_disposition,
    find_cautions,
    screen,
    with_broader,
)
from bot.engine.semantic import (
    CAUTIOUS_FINDINGS,
    KEYWORD_LEFT,
    MIN_WORDS,
    ConceptHit,
    concept_hits,
    group_score,
    sentences,
)

REGION_QUESTION = "region"
AGE_QUESTION = "age"
TREND_QUESTION = "trend"
# The visitor's own words kept as evidence are cut to this many characters.
EVIDENCE_CHARS = 300
# An answer of at most this many words is quoted with its question's label ("Stress (0-10): 6").
LABELLED_ANSWER_WORDS = 6
SIDE_QUESTION = "side"
# whose sign a semantic hit raises its group as (`raised_as`)
OWN, ANOTHERS = "own", "another's"


@dataclass(frozen=True)
class Outcome:
    disposition: str
    red_flags: list[str]
    hits: list[RedFlagHit]
    cautions: list[str]
    caution_hits: list[CautionHit]
    factors: dict[str, list[FactorResult]]
    strong_groups: list[str]
    regions: list[str]
    sides: list[str]
    scores: dict[str, Score]
    facts: Facts = field(repr=False)
    # red-flag groups the semantic layer may have heard (not sure enough to raise them), each
    # with the visitor's words: the conversation asks about them
    possible: dict[str, str] = field(default_factory=dict)
    # the people the conversation books for, as named ("booking for my dad": ("dad",); not a
    # client named only as "a gentleman I care for"), and whether it is
    # about someone other than the visitor (booked for, or told only of: `only_of_others`):
    # the advice and the summaries say so
    clients: tuple[str, ...] = ()
    about_another: bool = False

    def is_theirs(self, hit: RedFlagHit) -> bool:
        """Whether a red flag is someone else's sign: told as theirs now
        (`RedFlagHit.someone_else`), or raised in a conversation about them
        (`about_another`) and not on the visitor's own words (`RedFlagHit.visitors_own`)."""
        return hit.someone_else or (self.about_another and not hit.visitors_own)

    @property
    def advice_for_another(self) -> bool:
        """Whether the advice is for someone other than the visitor: every red flag raised is
        theirs (`is_theirs`), or, with none raised, the conversation is about them."""
        if not self.hits:
            return self.about_another
        return all(self.is_theirs(hit) for hit in self.hits)

    @property
    def partly_for_another(self) -> bool:
        """Whether some red flags raised are the visitor's and some someone else's."""
        return not self.advice_for_another and any(self.is_theirs(hit) for hit in self.hits)


def parse_answers(
    answers: Mapping[str, str], content: Content, today: datetime.date | None = None
) -> dict[str, Answer]:
    """Typed answers (question id -> text) parsed by their question's kind."""
    parsed = {}
    for question_id, raw in answers.items():
        if question_id not in content.questions:
            raise KeyError(f"no question {question_id!r} in questionnaire.yml")
        value = parse_answer(content.question(question_id), raw, content, today)
        parsed[question_id] = Answer(question_id, raw, value)
    return parsed


def build_facts(answers: dict[str, Answer], mentions: Iterable[Mention]) -> Facts:
    """Facts for the rules: answers, plus findings and regions the visitor affirmed."""
    facts = Facts(answers=dict(answers))
    region_answer = answers.get(REGION_QUESTION)
    if region_answer and region_answer.value:
        for region in region_answer.value:
            facts.regions.setdefault(region, []).append(
                Evidence(region_answer.raw, question_id=REGION_QUESTION)
            )
    for mention in mentions:
        if (
            mention.label == "finding"
            and mention.asked
            and not mention.negated
            and not mention.other_person
        ):
            _add(facts.asked, mention.id, Evidence(mention.sentence))
        if mention.label == "finding" and mention.told_only:  # asked about: told_about
            _add(facts.told, mention.id, Evidence(mention.sentence))
        if (mention.other_person or mention.told_of_another) and not (
            mention.negated or mention.asked or mention.hedged
        ):
            if mention.label == "finding" and not mention.id.startswith(SCREENING_PREFIX):
                _add(facts.theirs, mention.id, Evidence(mention.sentence))
            elif mention.label == "body_region":
                _add(facts.their_regions, mention.id, Evidence(mention.sentence))
        if not mention.affirmed:
            continue
        evidence = Evidence(
            mention.sentence, hedged=mention.hedged, after=mention.after, said_in=mention.said_in
        )
        if mention.label == "finding":
            _add(facts.findings, mention.id, evidence)
        elif mention.label == "body_region" and mention.site_of is None:
            _add(facts.regions, mention.id, evidence)
    return facts


def _add(table: dict[str, list[Evidence]], key: str, evidence: Evidence) -> None:
    bucket = table.setdefault(key, [])
    if evidence not in bucket:
        bucket.append(evidence)


def assess(
    answers: Mapping[str, str] | None = None,
    messages: Iterable[str] = (),
    today: datetime.date | None = None,
    content: Content | None = None,
    known: Mapping[str, Answer] | None = None,
    raised: Iterable[str] = (),
) -> Outcome:
    """The outcome of an assessment from typed answers and free-text messages.

    `answers` are raw texts by question id, parsed here and also read as free text. `known`
    are answers the conversation has already parsed; their texts are among `messages`.
    `raised` are red-flag groups raised earlier in the conversation: they are never dropped.
    """
    content = content or default_content()
    parsed = parse_answers(answers or {}, content, today)
    texts = [*messages, *(answer.raw for answer in parsed.values())]
    parsed = {**(known or {}), **parsed}
    clients, others = people_in(texts)
    mentions = [m for text in texts for m in extract(text, clients=clients, only_of_others=others)]
    facts = build_facts(parsed, mentions)
    hits, possible = red_flags(facts, texts, content, raised, clients, others)
    if clients or others:
        hits = _visitors_own(hits, content)
    caution_hits = find_cautions(facts, content)
    grouped = sort_factors(facts, content)
    scores = {
        name: score_values(name, {q: a.value for q, a in parsed.items()}, content)
        for name in content.instruments
    }
    return Outcome(
        disposition=decide_disposition(hits, content),
        red_flags=[hit.group for hit in hits],
        hits=hits,
        cautions=[hit.id for hit in caution_hits],
        caution_hits=caution_hits,
        factors={group: grouped[group] for group in FACTOR_GROUPS},
        strong_groups=strong_groups(grouped, content),
        regions=list(facts.regions),
        sides=_sides(parsed, mentions),
        scores=scores,
        facts=facts,
        possible=possible,
        clients=tuple(sorted(clients - {SOMEONE})),
        about_another=bool(clients) or others,
    )


def people_in(texts: Iterable[str]) -> tuple[frozenset[str], bool]:
    """Whom the conversation is for (`clients_in`) and whether it tells only of someone else's
    body for no one (`only_of_others`), each message's reading looked at once."""
    texts = list(texts)
    booked = frozenset().union(*(booked_for(text) for text in texts))
    if booked:
        return booked, False
    told = {told_of(text) for text in texts}
    if OTHERS not in told or VISITOR in told:
        return frozenset(), False
    asked = frozenset().union(*(asked_for(text) for text in texts))
    return asked, not asked


def clients_in(texts: Iterable[str]) -> frozenset[str]:
    """The people the conversation is for: those any of its messages books for ("booking for
    my mum", nlp.py `booked_for`), or else, when it tells of nobody's body but someone else's,
    those a message asks a service for ("My mother have 84 years. She fall from the bed ... Is
    possible you come to the house for massage?", nlp.py `asked_for`). Their signs in every
    message are the client's."""
    return people_in(texts)[0]


def only_of_others(texts: Iterable[str]) -> bool:
    """Whether the conversation tells of nobody's body but someone else's, and is for no one
    (`clients_in`: "our lad came off his bike, his wrist is bent"): the visitor may be asking
    for them, so those signs are asked about, quoting the words, and a confident hit of the
    semantic layer in them is not overruled (nlp.py `told_of`)."""
    return people_in(texts)[1]


def red_flags(
    facts: Facts,
    texts: Iterable[str],
    content: Content,
    raised: Iterable[str] = (),
    clients: frozenset[str] = frozenset(),
    others: bool = False,
) -> tuple[list[RedFlagHit], dict[str, str]]:
    """The red-flag hits of the rules and of the semantic layer, and the groups to ask about.

    A group is raised by a rule, or by a confident hit of the semantic layer that the rules'
    context reading does not contradict (`heard`). A less confident hit is asked about.
    Groups raised earlier stay raised. `clients` are the people the conversation books for;
    `others`: it tells only of someone else's body (`only_of_others`).
    """
    texts = list(texts)
    eager = emergency_groups(content)
    concepts = [
        Heard(hit, text, clients, others, _denial(hit, facts))
        for text in texts
        for hit in _heard_in(text, eager, bool(clients))
    ]
    aged = with_stated_course(with_stated_age(facts, texts, content, others), texts)
    aged = with_stated_figures(aged, texts, content, clients)
    groups, theirs = heard(concepts, content, aged)
    hits = someone_elses(screen(aged, content, raised, groups), theirs)
    hits += others_signs_now(aged if others else facts, hits, content, texts, others)
    hits, checked = cleared(hits, texts, content, raised, _only_places(aged))
    hits = with_broader(hits, content)
    return hits, {
        **asked_about(facts, hits, content),
        **told_about(aged, hits, content, texts),
        **checked,
        **_possible(concepts, hits, content),
    }


def _heard_in(text: str, eager: frozenset[str], of_a_client: bool) -> tuple[ConceptHit, ...]:
    """The semantic layer's hits in one message. In a conversation for someone else
    (`of_a_client`: it books or asks a service for them, `clients_in`), a message the usual
    reading is sure of nothing in is read again as the client's (semantic.py `concept_hits`,
    `of_a_client`): the layer learnt other people's signs mostly from benign text.
    Whose each hit is stays the rules' reading (`raised_as`). A message that tells only of
    someone else, for no one, is read as usual: its signs are asked about (`only_of_others`)."""
    hits = concept_hits(text, eager)
    if of_a_client and not any(hit.confident for hit in hits):
        return concept_hits(text, eager, of_a_client=True)
    return hits


def _visitors_own(hits: Iterable[RedFlagHit], content: Content) -> list[RedFlagHit]:
    """The hits of a conversation for someone else, each raised on a sign of its group that
    the visitor told of themselves alone marked `visitors_own` ("Booking for my dad, his back
    is stiff. Also I have had crushing chest pain since this morning": the chest pain is the
    visitor's, and so is the advice to call for help). The clause the sign is in must say so
    (nlp.py `said_of_self`): in "I'm so worried, crushing chest pain since this morning" the
    pain is the client's. Answers to the questions, and signs only the semantic layer heard,
    are left the client's."""
    people = content.lexicon.cues.people
    return [
        dataclasses.replace(hit, visitors_own=True)
        if any(
            _told_of_self(e.text, hit.group, content, people)
            for e in hit.evidence
            if not e.question_id
        )
        else hit
        for hit in hits
    ]


def _told_of_self(sentence: str, group: str, content: Content, people: list[str]) -> bool:
    """Whether a sign of the group in the sentence is in a clause the visitor tells of
    themselves alone (nlp.py `own_clause`)."""
    named = content.red_flag_findings.get(group, set())
    return any(
        own_clause(sentence, m, people)
        for m in extract(sentence)
        if m.label == "finding" and m.id in named
    )


def someone_elses(hits: Iterable[RedFlagHit], theirs: frozenset[Evidence]) -> list[RedFlagHit]:
    """The hits, each raised only on someone else's sign marked `someone_else`: its evidence
    is all among `theirs`, the words of semantic hits raised as the other's sign now
    (`heard`), none the visitor's own ("My mum's face looks droopy since this morning and her
    words are slurred. Also my traps are tight": the stroke is mum's, and the advice is for
    her)."""
    return [
        dataclasses.replace(hit, someone_else=True)
        if theirs and hit.evidence and set(hit.evidence) <= theirs
        else hit
        for hit in hits
    ]


def others_signs_now(
    facts: Facts,
    hits: Iterable[RedFlagHit],
    content: Content,
    texts: Iterable[str] = (),
    only_of_others: bool = False,
) -> list[RedFlagHit]:
    """The emergency groups that the signs told as someone else's now would raise, as theirs
    (`someone_else`: the advice is for them): "my son's 15 and has had sudden severe pain in his
    testicle for the last hour" in a message that also tells of the visitor's own body. Their
    signs (not a condition named, "my dad's cauda equina", and not hedged) are read alone,
    without the visitor's answers, and only in words told now (`told_now`, in the message
    among `texts` they are in) of a person (`_of_a_person`). A medicine they take needs no word
    of now, only none of long ago (`taken_now`): "My dad is on blood thinners. Today he hit his
    head on the cupboard"; a standing condition not even that (`standing`: a cancer years
    ago). Only emergencies: a relative's broken wrist told beside the visitor's own booking is
    theirs to see to.

    In a conversation that tells only of someone else's body, for no one (`only_of_others`:
    `facts` are then the ones with their age, `with_stated_age`), every group is raised, with
    the conversation's answers, on signs told now or, with no word of when, in the present or
    with no verb of the past (`told_now`, `unless_past`): "grandpa took a tumble, wrist all
    bent and puffy" is his fracture, not only asked about (forty-ninth round)."""
    texts = list(texts)
    findings = {
        finding: told
        for finding, evidence in facts.theirs.items()
        if (
            told := [
                item
                for item in evidence
                if _of_a_person(item.text, texts, content)
                and (
                    told_now(item.text, texts, content, unless_past=only_of_others)
                    or taken_now(finding, item.text, texts, content)
                    or standing(finding, item.text, texts, content, facts.their_regions)
                )
            ]
        )
    }
    if not findings:
        return []
    wanted = (set(content.red_flags.groups) if only_of_others else emergency_groups(content)) - {
        hit.group for hit in hits
    }
    answers = facts.answers if only_of_others else {}
    theirs = Facts(answers=answers, findings=findings, regions=dict(facts.their_regions))
    return [
        dataclasses.replace(hit, someone_else=True)
        for hit in screen(theirs, content)
        if hit.group in wanted
    ]


# the words for a person a sign of someone else's is told of, beside the lexicon's `people`
# (not "they", as often the doctors)
PERSON_PRONOUNS = {"he", "she", "his", "her", "him", "hes", "shes", "hers", "himself", "herself"}


def _of_a_person(sentence: str, texts: Iterable[str], content: Content) -> bool:
    """Whether the words of its message up to the end of `sentence` name a person: one of the
    lexicon's `people` (also typed with an "s": "dads"), or, when they name none of its
    `animals`, "he", "her": "my dog has incontinence lol" and "my dog keeps wetting himself"
    tell of no one's body."""
    people, animals, pronouns = _named_before(sentence, texts, content)
    return people or (pronouns and not animals)


def _of_an_animal(sentence: str, texts: Iterable[str], content: Content) -> bool:
    """Whether the words of its message up to the end of `sentence` name one of the lexicon's
    `animals` and none of its `people` ("my dog keeps wetting himself"); a name it does not
    know ("Tomasz had a numb groin") is no animal."""
    people, animals, _ = _named_before(sentence, texts, content)
    return animals and not people


def _named_before(sentence: str, texts: Iterable[str], content: Content) -> tuple[bool, bool, bool]:
    """Whether the words of its message up to the end of `sentence` name one of the lexicon's
    `people` (also typed with an "s"), one of its `animals`, and a person's pronoun."""
    message = next((text for text in texts if sentence in text), sentence)
    words = re.findall(r"[a-z]+", message[: message.find(sentence) + len(sentence)].lower())
    cues = content.lexicon.cues
    people = {person.lower() for person in cues.people}
    return (
        any(w in people or w[:-1] in people for w in words),
        bool(set(words) & set(cues.animals)),
        any(w in PERSON_PRONOUNS for w in words),
    )


def cleared(
    hits: Iterable[RedFlagHit],
    texts: Iterable[str],
    content: Content,
    raised: Iterable[str] = (),
    places: frozenset[Evidence] = frozenset(),
) -> tuple[list[RedFlagHit], dict[str, str]]:
    """The hits, less those a clinician or a test has ruled out in the visitor's words, and
    those set aside with their words: the group's question is asked, quoting them, never
    dropped. A hit is set aside when each piece of its evidence but an age is the visitor's
    words (no answer to a question) and the words of its group's `cleared` (red_flags.yml) follow in
    the same sentence or the next, with no word after them in their sentence that the sign is
    back (the lexicon's `time.back`): "Had a calf swelling scare after my flight in June, scan
    was clear, no clot" is asked about; "the scan was clear but it's still swelling" and "the
    scan in May was clear. Now my calf is swollen again" are raised. A group raised earlier
    stays raised, and so does an emergency: "the GP said it's BPPV" beside a face that droops
    now is a stroke whatever was ruled out before. Words that only name where it is (`places`:
    `_only_places`) are no sign a test could rule out: "My calf was swollen after a flight,
    they did an ultrasound, no clot. Now I want a sports massage for my calf" is asked about."""
    texts = list(texts)
    earlier = set(raised) | emergency_groups(content)
    kept: list[RedFlagHit] = []
    checked: dict[str, str] = {}
    for hit in hits:
        patterns = content.red_flags.groups[hit.group].cleared
        # an age is no sign a test could rule out: "I'm 81 and slipped on the step last week,
        # x-rays of my hip and wrist were clear" is cleared as a fall at 40 would be
        signs = [e for e in hit.evidence if e.question_id != AGE_QUESTION and e not in places]
        if (
            patterns
            and hit.group not in earlier
            and signs
            and all(_cleared_after(e, texts, patterns, content) for e in signs)
        ):
            checked[hit.group] = hit.evidence[0].text
        else:
            kept.append(hit)
    return kept, checked


def _only_places(facts: Facts) -> frozenset[Evidence]:
    """The visitor's words that name a body region and no finding."""
    places = {e for evidence in facts.regions.values() for e in evidence}
    return frozenset(places - {e for evidence in facts.findings.values() for e in evidence})


def _cleared_after(
    evidence: Evidence, texts: list[str], patterns: Iterable[str], content: Content
) -> bool:
    """Whether the visitor's words `evidence` are followed, in their sentence or the next, by
    words that clear their group (`patterns`), and not then by words that it is back."""
    if evidence.question_id is not None:
        return False
    message = next((text for text in texts if evidence.text in text), evidence.text)
    rest = sentences(message[message.find(evidence.text) :])
    for said in rest[: len(sentences(evidence.text)) + 1]:
        verdict = _clears(patterns, said, content)
        if verdict is not None:
            return verdict
    return False


def _clears(patterns: Iterable[str], text: str, content: Content) -> bool | None:
    """None when `text` has none of the words that clear a group (`patterns`); else whether
    nothing after them says the sign is back or still there (the lexicon's `time.back`)."""
    after = after_any(patterns, text)
    return None if after is None else not says_any(content.lexicon.time.back, after)


def told_now(
    sentence: str, texts: Iterable[str], content: Content, unless_past: bool = False
) -> bool:
    """Whether a sentence tells of now: its own time words say so (the lexicon's `time.current`),
    not long past (`time.past`), or, when it has none, those of the nearest sentence before it
    in its message that has some ("Grandpa fell down the stairs last night. Hit his head on the
    skirting board": the knock is last night's); and its message says no one is in a doctor's
    hands already (`time.in_care`: "My dad had a stroke on Sunday. His face dropped on one
    side ... He's on the stroke ward now"). "my partner's got numbness down below and the
    spinal team are seeing him today" is not now, nor "my dad had chest pain down his arm and
    was all sweaty, so scary". With no time words anywhere before it, and `unless_past`, a
    sentence told in the present, or with no verb of the past or of what is only imagined, is
    now (`time.present_verbs`, `time.past_verbs`): "mum feverish, very drowsy, hasn't weed all
    day"."""
    time = content.lexicon.time
    message = next((text for text in texts if sentence in text), sentence)
    if _in_care(message, content):
        return False
    before = sentences(message[: message.find(sentence)])
    for said in [sentence, *reversed(before)]:
        if says_any(time.past, said):
            return False
        if says_any(time.current, said):
            return True
    return unless_past and (
        says_any(time.present_verbs, sentence) or not says_any(time.past_verbs, sentence)
    )


def taken_now(finding: str, sentence: str, texts: Iterable[str], content: Content) -> bool:
    """Whether a medicine (a finding of kind `medication`) is told as taken now: said in the
    present, unlike a sign, unless its sentence says long ago (`time.past`) or its message
    says the person is in a doctor's hands already (`_in_care`)."""
    if content.lexicon.findings[finding].kind != "medication":
        return False
    message = next((text for text in texts if sentence in text), sentence)
    return not _in_care(message, content) and not says_any(content.lexicon.time.past, sentence)


def standing(
    finding: str,
    sentence: str,
    texts: Iterable[str],
    content: Content,
    regions: dict[str, list[Evidence]],
) -> bool:
    """Whether a finding is a standing condition (of kind `history`, with no `lapses`: a
    cancer, thin bones, a joint replacement), which stays true however long ago it was told,
    raising no group with the `regions` its own sentence names, in a message that says the
    person is not in a doctor's hands already (`_in_care`): "My uncle had a kidney removed for
    cancer a few years back. Now he's got a pain in his upper arm bone that throbs at night"
    (fiftieth round)."""
    told = content.lexicon.findings[finding]
    if told.kind != "history" or told.lapses:
        return False
    # only a condition that raises nothing with the places its own sentence names: "my grandad
    # had an aneurysm in his tummy repaired years ago" is no emergency of his today
    places = {
        region: [item]
        for region, evidence in regions.items()
        for item in evidence
        if item.text == sentence
    }
    if screen(Facts(findings={finding: [Evidence(sentence)]}, regions=places), content):
        return False
    message = next((text for text in texts if sentence in text), sentence)
    return not _in_care(message, content)


def _in_care(message: str, content: Content) -> bool:
    """Whether a message says someone is in a doctor's hands already (`time.in_care`), with a
    break already known (`time.known_injury`), or is no real person (`time.not_real`)."""
    time = content.lexicon.time
    return any(
        says_any(words, message) for words in (time.in_care, time.known_injury, time.not_real)
    )


def told_about(
    facts: Facts, hits: Iterable[RedFlagHit], content: Content, texts: Iterable[str] = ()
) -> dict[str, str]:
    """Groups that the findings told in a clause about someone else would raise, were they the
    visitor's ("Husband had a numb groin and couldn't pee last week"), with those words: the
    group's screening question is asked, quoting them, neither raised nor dropped (nlp.py
    `Mention.told_of_another`). Only the groups they would raise are asked, not every group
    that reads one of them; not for a pet's (`_of_an_animal`, in the message among `texts`:
    "my dog keeps wetting himself")."""
    texts = list(texts)
    told_of = {
        finding: kept
        for finding, evidence in facts.told.items()
        if (kept := [e for e in evidence if not _of_an_animal(e.text, texts, content)])
    }
    if not told_of:
        return {}
    raised = {hit.group for hit in hits}
    findings = dict(facts.findings)
    for finding, evidence in told_of.items():
        findings[finding] = [*findings.get(finding, []), *evidence]
    told = {item.text for evidence in told_of.values() for item in evidence}
    found: dict[str, str] = {}
    for hit in screen(dataclasses.replace(facts, findings=findings), content):
        words = next((item.text for item in hit.evidence if item.text in told), None)
        if hit.group not in raised and words:
            found[hit.group] = words
    return found


def asked_about(facts: Facts, hits: Iterable[RedFlagHit], content: Content) -> dict[str, str]:
    """Groups whose findings the visitor named only in a general question ("what does a
    thunderclap headache feel like?"), with the question: the group's screening question is
    asked, quoting it, rather than the group raised or the words ignored."""
    raised = {hit.group for hit in hits}
    own = {red_flag_finding(group): group for group in content.red_flags.groups}
    found: dict[str, str] = {}
    for finding, evidence in facts.asked.items():
        for group in _named_groups(finding, facts.asked, own, content):
            if group not in raised and group not in found:
                found[group] = evidence[0].text
    return found


def _named_groups(
    finding: str,
    asked: Mapping[str, list[Evidence]],
    own: Mapping[str, str],
    content: Content,
) -> list[str]:
    """The groups a finding asked about names: its own group for a group's phrase ("thunderclap
    headache"; `own` maps each group's phrase finding to it); otherwise the groups whose rules
    read it, unless a group's phrase was asked about in the same words ("headache" in "what
    does a thunderclap headache feel like?" asks about thunderclap headache only, not about
    every group a headache counts for)."""
    if finding in own:
        return [own[finding]]
    words = {evidence.text for evidence in asked[finding]}
    if any(other in own and words & {e.text for e in asked[other]} for other in asked):
        return []
    return [group for group, named in content.red_flag_findings.items() if finding in named]


def with_stated_age(
    facts: Facts, texts: Iterable[str], content: Content, others: bool = False
) -> Facts:
    """The facts with the client's age said in passing as the answer to the age question,
    when that question has no answer yet: the age given the person the conversation books
    for ("can you see my grandmother (89)?", "my mum, she's 84": `parsing.named_age`, "she"
    for the lexicon's `women`, "he" for its `men`; "booking for Margaret, 82":
    `parsing.someones_age`), or else the visitor's own ("I'm 80 and slipped",
    `parsing.stated_age`). When the conversation books for no one and tells only of someone
    else's body (`others`), the age given one of the lexicon's `people` it names is theirs
    ("Grandad took a tumble last night, he's 91"), for what it asks about (`told_about`)."""
    if AGE_QUESTION in facts.answers:
        return facts
    texts = list(texts)
    cues = content.lexicon.cues
    clients = clients_in(texts)
    readers = [
        functools.partial(named_age, person=p, pronoun=_pronoun_of(p, cues))
        for p in sorted(clients - {SOMEONE})
    ]
    if SOMEONE in clients:  # "booking for Margaret, 82", "Mr Patel, aged 77"
        readers.append(someones_age)
    if others and not clients:  # "Grandad took a tumble last night, he's 91"
        readers.extend(
            functools.partial(named_age, person=p, pronoun=_pronoun_of(p, cues))
            for p in cues.people
        )
    for read in (*readers, stated_age):
        for text in texts:
            age = read(text)
            if age is not None:
                answers = {**facts.answers, AGE_QUESTION: Answer(AGE_QUESTION, text, age)}
                return dataclasses.replace(facts, answers=answers)
    return facts


def with_stated_course(facts: Facts, texts: Iterable[str]) -> Facts:
    """The facts with "worse" as the answer to the trend question when it has none and a
    message tells of a course getting worse over weeks (`parsing.stated_worsening`: "my back
    hurts more every week for about 2 months"), as the visitor would answer it."""
    if TREND_QUESTION in facts.answers:
        return facts
    for text in texts:
        if stated_worsening(text):
            answers = {**facts.answers, TREND_QUESTION: Answer(TREND_QUESTION, text, "worse")}
            return dataclasses.replace(facts, answers=answers)
    return facts


# the findings a message may tell in figures, and how each is read (`with_stated_figures`):
# a weight falling ("was 82kg in May. 76 in July. 71 today"), strength falling ("my grip
# went from 40 to 28 to 22"), a temperature ("40.1 temp"), a breathing rate ("breathing like
# 30 times a minute"), hours with no urine ("not peed in 18 hours")
IN_FIGURES = {
    "weight_loss": stated_weight_loss,
    "weakening": stated_strength_loss,
    "fever": stated_fever,
    "fast_breathing": stated_fast_breathing,
    "no_urine": stated_no_urine,
}


def with_stated_figures(
    facts: Facts, texts: Iterable[str], content: Content, clients: frozenset[str] = frozenset()
) -> Facts:
    """The facts with each finding of IN_FIGURES a message tells in figures, when the words
    do not already give it: told of the visitor, or of anyone in a conversation for someone
    else (`clients`): "my wife says I went from 12 stone to 11", not "my husband went from
    90kg to 80kg" (`_last_named`). The message is its evidence, so what it is put down to
    ("on a diet", "stopped the gym") is read as for the lexicon's words."""
    people = content.lexicon.cues.people
    texts = list(texts)
    for finding, read in IN_FIGURES.items():
        if finding in facts.findings:
            continue
        for text in texts:
            words = read(text)
            if words is None or (not clients and _last_named(text, words, people) != VISITOR):
                continue
            facts = dataclasses.replace(
                facts, findings={**facts.findings, finding: [Evidence(text)]}
            )
            break
    return facts


def _last_named(text: str, words: str, people: Iterable[str]) -> str:
    """Whom the sentence of `text` that holds `words` (normalised) names last before their
    first figure: OTHERS for a person or "he", "she"..., else VISITOR ("I", "my", or no one:
    a weight told alone is the visitor's)."""
    plain = normalise(text)
    start = plain.find(words)
    figure = re.search(r"\d", words)
    end = start + (figure.start() if figure else 0)
    opening = max(plain.rfind(mark, 0, end) for mark in ".!?") + 1
    others = PRONOUNS | set(people)
    for word in reversed(re.findall(r"[a-z']+", plain[opening:end])):
        word = word.removesuffix("'s")
        if word in SELF_WORDS_WITHIN:
            return VISITOR
        if word in others:
            return OTHERS
    return VISITOR


def _pronoun_of(person: str, cues: Cues) -> str:
    """ "she" for one of the lexicon's `women`, "he" for one of its `men`, else ""."""
    return "she" if person in cues.women else "he" if person in cues.men else ""


def emergency_groups(content: Content) -> frozenset[str]:
    """The emergency groups: the semantic layer raises them from a lower score."""
    return frozenset(
        group_id
        for group_id, group in content.red_flags.groups.items()
        if group.disposition == EMERGENCY
    )


@dataclass(frozen=True)
class Heard:
    """A semantic hit, the message it was heard in, and how the conversation reads it: the
    people it books for, and whether it tells only of someone else's body."""

    hit: ConceptHit
    text: str
    clients: frozenset[str] = frozenset()
    only_of_others: bool = False
    # the visitor's answer "no" to the hit's group's own screening question, when the words
    # the hit was heard in are part of it (`explains_no`)
    denial: str = ""


def heard(
    concepts: Iterable[Heard], content: Content, facts: Facts
) -> tuple[dict[str, list[Evidence]], frozenset[Evidence]]:
    """The groups the semantic layer is confident of, with the words it heard each in, and the
    words of those hits raised as someone else's sign now (`raised_as`: `ANOTHERS`).

    The rules' context reading has the last word on its own findings: when the words name
    findings of the group's rules and every one of them is denied or someone else's ("I don't
    have chest pain or shortness of breath", "my dad had slurred speech"), the hit is dropped,
    unless it tells the other's sign now (`others_sign_now`).
    A group that needs more than the words (red_flags.yml `heard_needs`: blood thinners, for a
    head injury on them) is raised only when the conversation's facts meet it; otherwise the
    words raise its `heard_without` group, if it has one, and its own question is asked. A
    finer kind heard beside its broader group (`kind_of`), which the words raise anyway, is
    raised with it: an osteoporotic fracture heard with a fracture sends the visitor to the
    same doctor, and names what the doctor should look for.
    """
    groups: dict[str, list[Evidence]] = {}
    unmet: dict[str, list[Evidence]] = {}
    theirs: set[Evidence] = set()
    for found in concepts:
        whose = raised_as(found, content)
        if whose is None:
            continue
        group, evidence = _heard_as(found, content, facts), Evidence(found.hit.sentence)
        if whose == ANOTHERS:
            theirs.add(evidence)
        if group is not None:
            _add(groups, group, evidence)
        if group != found.hit.group:
            _add(unmet, found.hit.group, evidence)
    for group_id, evidence in unmet.items():
        if content.red_flags.groups[group_id].kind_of in groups:
            groups[group_id] = evidence
    return groups, frozenset(theirs)


def _heard_as(found: Heard, content: Content, facts: Facts) -> str | None:
    """The group a confident hit raises: its own, or its `heard_without` when the facts do
    not meet its `heard_needs` (None: no group). The `heard_without` group is not raised when
    the message names its signs, beside the hit group's own, and none of them counts for
    anyone ("Banged my head on Monday. No headache since, not dizzy": a knock with no sign is
    not its emergency); the hit group's question is asked (`_possible`)."""
    group_id = found.hit.group
    needs = content.heard_needs.get(group_id)
    if needs is None or needs.evaluate(_with_told(found, content, facts), False) is not None:
        return group_id
    without = content.red_flags.groups[group_id].heard_without
    if without is None:
        return None
    own = content.red_flag_findings.get(group_id, set())
    signs = [m for m in _group_findings(found, content, without) if m.id not in own]
    if signs and not any(_counts(m, content, anyone=True) for m in signs):
        return None
    return without


def _with_told(found: Heard, content: Content, facts: Facts) -> Facts:
    """The facts, with the findings of the hit's own message told in a clause of someone else
    with no cue next to them (`Mention.told_only`), as `contradicted` reads them: "Mum slipped
    in the bathroom last night and banged her head on the basin, she's 85 and on apixaban" is
    heard as a head injury on blood thinners, and the blood thinners are the same person's."""
    told = [
        m
        for m in extract(found.text, clients=found.clients, only_of_others=found.only_of_others)
        if m.label == "finding" and m.told_only and _counts(m, content)
    ]
    if not told:
        return facts
    findings = {finding: list(evidence) for finding, evidence in facts.findings.items()}
    for mention in told:
        findings.setdefault(mention.id, []).append(Evidence(mention.sentence))
    return dataclasses.replace(facts, findings=findings)


def _denial(hit: ConceptHit, facts: Facts) -> str:
    """The answer "no" to the hit's group's own question that the hit's words are part of (a
    card's rows are screened as sentences with a full stop added: "... no lumps or night pain."
    is part of "... no lumps or night pain")."""
    answer = facts.answers.get(screening_question(hit.group))
    words = plain(hit.sentence).rstrip(".!?")
    if answer is None or answer.value != "no" or words not in plain(answer.raw):
        return ""
    return answer.raw


def raised_as(found: Heard, content: Content) -> str | None:
    """Whose sign a semantic hit raises its group as: the visitor's (`OWN`), someone else's
    told as theirs now (`ANOTHERS`: the rules' reading contradicts it only as someone else's,
    `others_sign_now`), or None when it raises nothing. It raises when confident, not
    contradicted by the rules' reading, not in a "no" that explains itself, a message that says
    its words are figurative (`said_figuratively`), one that says a clinician ruled the group
    out (`ruled_out`) or one that names a harmless cause of a sign that passed (`explained`),
    and sure when its message names no sign of the group but cautious ones."""
    hit = found.hit
    if not hit.confident:
        return None
    theirs = contradicted(found, content, not names_own_body(found))
    if theirs and not others_sign_now(found, content):
        return None
    if told_as_familiar(found, content) or explains_no(found, content):
        return None
    if said_figuratively(found, content):
        return None
    if ruled_out(found, content) or explained(found, content):
        return None
    if one_keyword(found, content) or only_familiar_signs(found, content):
        return None
    if not hit.sure and only_cautious_findings(found, content):
        return None
    if theirs:
        return ANOTHERS
    if tells_only_of_another(found):
        return None if _seen_to_or_long_past(found, content) else ANOTHERS
    return OWN


def tells_only_of_another(found: Heard) -> bool:
    """Whether the hit's sentence tells of nobody's body but someone else's (nlp.py `told_of`)
    in a conversation for the visitor: "my wife is very drowsy and muddled today and has barely
    passed any urine since yesterday", told beside the visitor's own sore back, is the wife's,
    and the advice is to get her help. It says whose the sign is, never whether it is raised.
    In a conversation for someone else, or telling only of someone else, their signs are the
    client's already (`people_in`)."""
    if found.clients or found.only_of_others:
        return False
    return told_of(found.hit.sentence) == OTHERS


def others_sign_now(found: Heard, content: Content) -> bool:
    """Whether the hit's words tell someone else's sign as theirs now: the semantic layer is
    sure of it (`ConceptHit.sure`), read as anyone's a finding of the group in them counts
    (not denied, not asked about, not an idiom or long past), and the message says neither
    that the person is in a doctor's hands already nor that it was long ago (the lexicon's
    `time.in_care`, `time.past`). "My mum's face looks droopy since this morning and her
    words are coming out slurred" is raised, for the visitor to get her help; "my dad's face
    dropped on Sunday, he's on the stroke ward now" is not, nor "my wee boy wet the bed
    twice this week" (0.72, not sure)."""
    if not found.hit.sure or _in_care(found.text, content) or _long_past(found, content):
        return False
    return not contradicted(found, content, anyone=True)


def _seen_to_or_long_past(found: Heard, content: Content) -> bool:
    """Whether the hit's message says the other person is in a doctor's hands already ("he's
    on the cardiac unit now"), is no real person ("in the book I'm reading the detective gets a
    headache like being hit with a hammer"; the lexicon's `time.in_care`, `time.not_real`), or
    tells of long ago (`_long_past`). A break already known (`time.known_injury`) is not its
    aftermath: "my son broke his arm and they put a plaster on; now his fingers are numb and
    the pain is far worse" needs him seen again."""
    time = content.lexicon.time
    return (
        says_any(time.in_care, found.text)
        or says_any(time.not_real, found.text)
        or _long_past(found, content)
    )


def _long_past(found: Heard, content: Content) -> bool:
    """Whether the hit's message says long ago (the lexicon's `time.past`), and its sentence
    says nothing of now after the last such words in it, or anywhere in it when it has none
    (`time.current`, its `time.aside` words set aside): "My father had knee replacement last
    year, now the knee became hot and red" and "My dad had a stroke in 2015. Since this
    morning his face is drooping" tell of now; "my mum had a stroke in 2019, she's fine now"
    does not (forty-eighth round)."""
    time = content.lexicon.time
    if not says_any(time.past, found.text):
        return False
    sentence = found.hit.sentence
    after = after_last(time.past, sentence)
    return not says_any(time.current, without_any(time.aside, sentence if after is None else after))


def ruled_out(found: Heard, content: Content) -> bool:
    """Whether the hit's message says a clinician or a test has ruled its group out
    (red_flags.yml `ruled_out` and `cleared`: "Doctor make x-ray, no fracture"), and nothing
    after those words that the sign is back or still there (the lexicon's `time.back`: "the
    x-ray was clear but I still can't grip anything"): the hit is asked about, not raised. A
    lay reassurance ("nothing broken I'm sure") is not among those words."""
    group = content.red_flags.groups[found.hit.group]
    return bool(_clears([*group.ruled_out, *group.cleared], found.text, content))


def explained(found: Heard, content: Content) -> bool:
    """Whether the hit's message names a harmless cause of a sign that has passed
    (red_flags.yml `explained_by`, and the lexicon's `time.gone`: "I sat on my hand and
    couldn't feel my fingers for a minute, all fine now", "half my face was wonky after the
    dentist injection, wore off after a few hours"), and nothing after the last such cause says
    the sign is back or still there (`time.back`; "I always go grey at the sight of blood, did
    it again at my blood test today" names the cause again after "again"): the hit is asked
    about, not raised. A cause named for a sign not said to have passed is a guess the visitor
    may be wrong in ("her hand has felt weak since she woke up ... she thinks she slept on the
    arm"): the hit stands. The rules are read as ever."""
    time = content.lexicon.time
    after = after_last(content.red_flags.groups[found.hit.group].explained_by, found.text)
    if after is None or says_any(time.back, without_any(time.aside, after)):
        return False
    return says_any(time.gone, found.text)


def told_as_familiar(found: Heard, content: Content) -> bool:
    """Whether the hit's message tells only its group's `familiar` findings, as the visitor's
    usual pattern (red_flags.yml `familiar`; the lexicon's `time.usual`, and no `time.changed`
    word): "my usual Friday headache, tight neck, long week" is a tension headache's, and is
    asked about, not raised. Any other red-flag finding the visitor has in it ("chills and
    sweats on and off") and any word of a new or changed pattern ("every time I cough
    lately"), unless denied ("not sudden, not worst ever, same like always"), leave the hit as
    it is."""
    familiar = set(content.red_flags.groups[found.hit.group].familiar)
    time = content.lexicon.time
    if not familiar or not says_any(time.usual, found.text):
        return False
    if says_any(time.changed, without_any(_denied(time.changed), found.text)):
        return False
    return signs_told(found, content, set().union(*content.red_flag_findings.values())) <= familiar


def _denied(patterns: Iterable[str]) -> list[str]:
    """The regular expressions `patterns` each denied ("not sudden, not worst ever", "no new
    symptoms"): a word of change denied says nothing changed (forty-eighth round)."""
    return [rf"{_DENIAL} (?:{pattern})" for pattern in patterns]


_DENIAL = (
    r"(?:not|never|no|isn't|isnt|wasn't|wasnt|nothing)(?: a| an| so| very| that| the| at all)?"
)


def one_keyword(found: Heard, content: Content) -> bool:
    """Whether the hit's message is shorter than semantic.MIN_WORDS words, names exactly one
    finding of the hit's group to the rules, and its other words, that finding's left out,
    score under semantic.KEYWORD_LEFT for the group: one keyword weighs too much there, and
    the rules' reading of it stands ("I'm sick of this chest ache", "I've had a fever all
    week" scored for a heart attack and sepsis; without "chest ache" and "fever", 0.01 and
    0.02). A hit is confident in such a message only from a high score
    (semantic.SHORT_CONFIDENT); one heard in words the rules do not know ("suddenly cannot
    speak good and face drop"), in several signs ("headache plus fever, chin won't reach
    chest") or in words beside the one keyword ("headache hit like a bang, worst ever": 1.0
    without "headache") is raised."""
    if len(found.text.split()) >= MIN_WORDS:
        return False
    mentions = _group_findings(found, content)
    if len({m.id for m in mentions}) != 1:
        return False
    return _rest_scores_low(found, mentions)


def _rest_scores_low(found: Heard, mentions: list[Mention]) -> bool:
    """Whether the hit's message, the words of `mentions` left out, scores under
    semantic.KEYWORD_LEFT for the hit's group: the rest says nothing of it."""
    rest = found.text
    for m in sorted(mentions, key=lambda m: -m.start):
        rest = rest[: m.start] + " " + rest[m.end :]
    return group_score(rest, found.hit.group) < KEYWORD_LEFT


def only_familiar_signs(found: Heard, content: Content) -> bool:
    """Whether the hit's message is shorter than semantic.MIN_WORDS words, the rules read in
    it, of the hit's group, only its `familiar` findings (red_flags.yml: a headache and a stiff
    neck, for a dangerous headache), and its other words, those left out, score under
    semantic.KEYWORD_LEFT for the group: "I've got a stiff neck and a headache" (0.999 for a
    dangerous headache; the training text's headaches with a stiff neck are nearly all sudden,
    feverish or after a knock) is what a massage clinic hears most, and is asked about, not
    raised, as one keyword is (`one_keyword`). Words the rules do not know beside them ("...
    that came on like a thunderbolt") keep the hit. Only short messages: in a longer one the
    words around a headache ("new", "wakes me at night", "I'm 67") are the layer's to weigh,
    and it weighs them better than the rules (forty-fifth round: on the development sets,
    applied to every length, it lost 51 dangerous headaches to gain 27)."""
    familiar = set(content.red_flags.groups[found.hit.group].familiar)
    if not familiar or len(found.text.split()) >= MIN_WORDS:
        return False
    # a sign denied ("no fever") is none: its words are left in, for the layer to read
    mentions = [m for m in _group_findings(found, content) if _counts(m, content, anyone=True)]
    if not mentions or not {m.id for m in mentions} <= familiar:
        return False
    return _rest_scores_low(found, mentions)


def explains_no(found: Heard, content: Content) -> bool:
    """Whether the hit was heard in the visitor's "no" to its group's own question, a "no"
    that explains itself: it opens with a plain no and never turns (the lexicon's `replies`),
    and the rules read no sign of the group in it ("no, my fingers are precise, I'd notice
    instantly"). Not for an emergency group: whatever the reply, an emergency heard in it is
    raised. "No, but my hands keep dropping cups" turns, and still raises."""
    replies = content.lexicon.replies
    if not found.denial or found.hit.group in emergency_groups(content):
        return False
    if not opens_with_any(replies.plain_no, found.denial) or says_any(replies.turn, found.denial):
        return False
    return not signs_told(found, content, content.red_flag_findings.get(found.hit.group, set()))


def said_figuratively(found: Heard, content: Content) -> bool:
    """Whether the hit's message says its words are not meant as they read (the lexicon's
    `cues.figurative`: "My head exploded with all the tax forms this week. Figuratively."):
    the hit is asked about, not raised; the rules read the words as ever."""
    return says_any(content.lexicon.cues.figurative, found.text)


def names_own_body(found: Heard) -> bool:
    """Whether the hit's message names a part of the visitor's body as their own ("my neck
    is stiff", "I've got a tight lower back"; nlp.py `_mine`), not someone else's."""
    return any(
        m.mine and m.affirmed
        for m in extract(found.text, clients=found.clients, only_of_others=found.only_of_others)
    )


def only_cautious_findings(found: Heard, content: Content) -> bool:
    """Whether the hit's message names, of its group's findings, only the ones that need the
    cautious thresholds (semantic.CAUTIOUS_FINDINGS: "whiplash from a car accident two weeks
    ago, neck is sore" names a road accident and no other sign of a fracture)."""
    cautious = CAUTIOUS_FINDINGS.get(found.hit.group)
    if not cautious:
        return False
    told = signs_told(found, content, content.red_flag_findings.get(found.hit.group, set()))
    return bool(told) and told <= cautious


def signs_told(found: Heard, content: Content, named: set[str]) -> set[str]:
    """The findings of `named` that the rules read as the visitor's sign now in the hit's
    message (`_counts`), read as the conversation reads it (`_group_findings`)."""
    return {
        m.id
        for m in extract(found.text, clients=found.clients, only_of_others=found.only_of_others)
        if m.label == "finding" and m.id in named and _counts(m, content)
    }


def contradicted(found: Heard, content: Content, told: bool = True, anyone: bool = False) -> bool:
    """Whether the rules read every finding of the hit's group in its words as denied,
    someone else's, asked about in general, an idiom or long past (and at least one is there).
    A finding is in the hit's words when its own words are: the rules' sentence can be longer
    ("no bowel problems as such... I just can't tell when I need to go" is one to them).
    The words are read within the whole message, so "Fever? No." is a denial, and a finding
    that counts elsewhere in it is not denied by them ("a headache has been waking me at 4am.
    I never used to get headaches"). `told`: whether findings in a clause told of someone
    else with no cue next to them count as the visitor's; `anyone`: whether anyone's count
    (`_counts`). For an emergency group, a sign the words say has gone still counts (an
    emergency that passed is still one: "this afternoon I suddenly couldn't see the left half
    of things ... my wife says I look fine now" is not contradicted by its "tension headaches",
    read as gone); only a long-past one does not (rules.py `MentionFilter.counts`)."""
    words = plain(found.hit.sentence)
    mentions = _group_findings(found, content)
    named = {
        m.id for m in mentions if _overlap(plain(m.sentence), words) and plain(m.text) in words
    }
    gone = found.hit.group not in emergency_groups(content)
    return bool(named) and not any(
        _counts(m, content, told, anyone, gone) for m in mentions if m.id in named
    )


def _group_findings(found: Heard, content: Content, group: str | None = None) -> list[Mention]:
    """The mentions of the hit's group's findings (or `group`'s) in its message, read as the
    conversation reads it (the people it books for, whether it tells only of someone else)."""
    named = content.red_flag_findings.get(group or found.hit.group, set())
    return [
        m
        for m in extract(found.text, clients=found.clients, only_of_others=found.only_of_others)
        if m.label == "finding" and m.id in named
    ]


def plain(text: str) -> str:
    """The text in lower case with its runs of white space as one space, for comparing words."""
    return " ".join(text.lower().split())


def _overlap(sentence: str, words: str) -> bool:
    return sentence in words or words in sentence


def _counts(
    mention: Mention, content: Content, told: bool = True, anyone: bool = False, gone: bool = True
) -> bool:
    """Whether a finding in a semantic hit's words is the visitor's sign now. A clause told of
    someone else with no cue next to the sign ("Husband had chest pain") is a weaker reading
    than a cue's: with `told` it counts as the visitor's. A confident hit in such words raises
    its group unless the message names the visitor's own body too (`names_own_body`, `raised_as`:
    the visitor may be asking for the other); when it does
    ("my brother had a heart attack, pain in chest into the arm, very sweating. I am very stress
    and my neck is stiff") it is asked about, quoting them, never dropped (`_possible`), or
    raised as the other's sign now when the layer is sure of it (`others_sign_now`). A sign
    told as new ("she's never had headaches before"; `Mention.new`) counts. What the visitor
    blames it on ("just unfit"; the lexicon's `blamed_on`) does not stop it counting here:
    minimising words never lower urgency. With `anyone`, a sign of anyone counts, the visitor's
    or someone else's (`others_sign_now`). `gone`: whether a sign the sentence says has gone
    lapses."""
    only = content.mention_filters.get(mention.id)
    if anyone:
        own = not mention.asked and (mention.new or not mention.negated)
    else:
        own = mention.affirmed or mention.told_as_new or (told and mention.told_only)
    return own and (
        only is None
        or only.counts(
            mention.said_in or mention.sentence, blamed=False, gone=gone, after=mention.after
        )
    )


def _possible(
    concepts: Iterable[Heard], hits: Iterable[RedFlagHit], content: Content
) -> dict[str, str]:
    raised = {hit.group for hit in hits}
    possible: dict[str, ConceptHit] = {}
    for found in concepts:
        hit = found.hit
        # a hit that raises its group is among `raised` (screen raises every group heard)
        if hit.group in raised or contradicted(found, content):
            continue
        if hit.group not in possible or hit.score > possible[hit.group].score:
            possible[hit.group] = hit
    return {group: hit.sentence for group, hit in possible.items()}


def _sides(answers: dict[str, Answer], mentions: Iterable[Mention]) -> list[str]:
    sides = []
    side_answer = answers.get(SIDE_QUESTION)
    if side_answer and side_answer.value:
        sides.append(side_answer.value)
    sides += [m.id for m in mentions if m.label == "side" and m.affirmed]
    return list(dict.fromkeys(sides))


def quotes(
    evidence: Iterable[Evidence], limit: int = EVIDENCE_CHARS, content: Content | None = None
) -> list[str]:
    """The visitor's words behind a finding, each once, on one line, cut to `limit` characters.

    A short answer to a question is named by the question's label ("Hours a day at a desk or
    screen: 9", not a bare "9"); the same words with another case or a full stop are the same
    quote. These are what the chat, the stored assessment and the clinic's report show.
    """
    content = content or default_content()
    out: list[str] = []
    seen: set[str] = set()
    for item in evidence:
        text = " ".join(str(item.text).split())
        key = text.lower().rstrip(".!?, ")
        question = content.questions.get(item.question_id or "")
        if question is not None and text and len(text.split()) <= LABELLED_ANSWER_WORDS:
            text = f"{question.label}: {text}"
        text = text if len(text) <= limit else text[: limit - 1] + "…"
        if text and key not in seen:
            seen.add(key)
            out.append(text)
    return out


def rules_flag(text: str) -> bool:
    """Whether the rules alone raise any red flag on this text."""
    return bool(screen(build_facts({}, extract(text)), default_content()))


def screen_message(
    text: str, content: Content | None = None
) -> tuple[list[RedFlagHit], dict[str, str]]:
    """The red-flag hits one message raises on its own, read as the conversation reads it
    (the people it is for, whether it tells only of someone else), and the groups it would
    ask about (`red_flags`)."""
    content = content or default_content()
    clients, others = people_in([text])
    facts = build_facts({}, extract(text, clients=clients, only_of_others=others))
    return red_flags(facts, [text], content, clients=clients, others=others)


def screen_text(text: str, content: Content | None = None) -> list[str]:
    """Red-flag groups that one message raises on its own, most urgent first."""
    hits, _ = screen_message(text, content)
    return [hit.group for hit in hits]
