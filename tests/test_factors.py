"""Perpetuating factors (`content/factors.yml`), raised through `bot.engine.assessment.assess`.

Table-driven: for EVERY factor and EVERY rule in its `raised_by`, RAISES holds at least one
visitor (typed answers and/or free-text messages) who raises it, and NEAR_MISSES at least one
who comes close and must not. A raising case checks that

- the factor is in its own group (and in no other),
- the rule's own `because` is among the factor's reasons (so the intended rule fired), and
- the evidence is the visitor's own words: every evidence text is taken from what they typed,
  and the words that matter (`words`) are in it.

`test_every_rule_has_cases` keeps the tables complete as factors.yml grows. The content
consistency tests check that every factor a question `feeds` is raised by a rule that reads
that question, and the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from bot.engine import rules
from bot.engine.assessment import assess
from bot.engine.content import FACTOR_GROUPS, default_content

GROUP_OF = {
    "trigger_points": "biomechanical",
    "nerve_entrapment": "biomechanical",
    "postural_distortion": "biomechanical",
    "gait": "biomechanical",
    "habits_of_use": "biomechanical",
    "injury": "biomechanical",
    "hydration": "biochemical",
    "nutrition": "biochemical",
    "ischemia": "biochemical",
    "stimulants": "biochemical",
    "breathing_pattern": "biochemical",
    "sleep": "biochemical",
    "stress": "psychosocial",
    "low_mood": "psychosocial",
    "worry": "psychosocial",
    "fear_of_movement": "psychosocial",
}


@dataclass(frozen=True)
class Case:
    factor: str
    rule: int  # index into the factor's raised_by
    answers: dict[str, str] = field(default_factory=dict)
    says: tuple[str, ...] = ()  # free-text messages
    words: tuple[str, ...] = ()  # the visitor's words the evidence must contain (raising cases)

    def __str__(self) -> str:
        typed = [f"{q}={a!r}" for q, a in self.answers.items()]
        said = [repr(m) for m in self.says]
        return f"{self.factor}[{self.rule}] " + " ".join(typed + said)


def raises(factor, rule, answers=None, says=(), words=()):
    said = (says,) if isinstance(says, str) else tuple(says)
    return Case(factor, rule, dict(answers or {}), said, tuple(words))


def misses(factor, rule, answers=None, says=()):
    said = (says,) if isinstance(says, str) else tuple(says)
    return Case(factor, rule, dict(answers or {}), said)


RAISES = [
    # --- biomechanical ---
    raises("trigger_points", 0, says="I have painful knots in my shoulders", words=["knots"]),
    raises("trigger_points", 1, says="There are tender spots in my neck", words=["tender spots"]),
    raises("trigger_points", 2, says="The pain radiates into my arm", words=["radiates"]),
    raises("trigger_points", 3, says="My back keeps going into spasm", words=["spasm"]),
    raises(
        "trigger_points",
        4,
        {"character": "a dull ache", "spreading": "yes, it goes up my neck"},
        words=["a dull ache", "yes, it goes up my neck"],
    ),
    raises(
        "trigger_points",
        4,
        {"character": "aching", "spreading": "yep"},
        words=["aching", "yep"],
    ),
    raises("nerve_entrapment", 0, {"numbness_tingling": "yes, quite often"}, words=["quite often"]),
    raises("nerve_entrapment", 1, {"weakness": "yep"}, words=["yep"]),
    raises("nerve_entrapment", 2, says="My fingers go numb at night", words=["numb"]),
    raises(
        "nerve_entrapment", 2, says="I get pins and needles in my hand", words=["pins and needles"]
    ),
    raises(
        "nerve_entrapment", 3, says="I get a shooting pain down my leg", words=["shooting pain"]
    ),
    raises("nerve_entrapment", 3, says="There's a burning pain in my foot", words=["burning pain"]),
    raises(
        "nerve_entrapment", 4, {"character": "like an electric shock"}, words=["electric shock"]
    ),
    raises("nerve_entrapment", 4, {"character": "burning"}, words=["burning"]),
    raises("postural_distortion", 0, {"screen_hours": "about 8 hours"}, words=["about 8 hours"]),
    raises("postural_distortion", 0, {"screen_hours": "6"}, words=["6"]),
    raises(
        "postural_distortion", 1, {"cause": "bad posture I think"}, words=["bad posture I think"]
    ),
    raises(
        "postural_distortion",
        2,
        {"aggravating": "sitting at the computer"},
        words=["sitting at the computer"],
    ),
    raises("postural_distortion", 2, {"aggravating": "long drives"}, words=["long drives"]),
    raises("postural_distortion", 3, says="I work at a desk all day", words=["desk"]),
    raises("postural_distortion", 3, says="My posture is terrible", words=["posture"]),
    raises("gait", 0, {"gait": "yes, my shoes wear unevenly"}, words=["shoes wear unevenly"]),
    raises("gait", 1, says="I've been limping for a week", words=["limping"]),
    raises("gait", 1, says="I have flat feet", words=["flat feet"]),
    raises("habits_of_use", 0, {"repetitive": "yes, I pack boxes all day"}, words=["pack boxes"]),
    raises("habits_of_use", 1, {"cause": "too much gardening"}, words=["too much gardening"]),
    raises("habits_of_use", 2, says="I grind my teeth at night", words=["grind my teeth"]),
    raises("habits_of_use", 2, says="I lift heavy boxes at work", words=["heavy"]),
    raises("injury", 0, {"cause": "I fell off a ladder"}, words=["I fell off a ladder"]),
    raises("injury", 0, {"cause": "a car accident"}, words=["a car accident"]),
    raises("injury", 0, {"cause": "playing football"}, words=["playing football"]),
    raises("injury", 0, {"cause": "I strained it lifting"}, words=["strained"]),
    raises("injury", 1, says="I had whiplash last year", words=["whiplash"]),
    raises("injury", 1, says="It started after a car accident", words=["car accident"]),
    # --- biochemical ---
    raises("hydration", 0, {"hydration": "about 3 glasses"}, words=["about 3 glasses"]),
    raises("hydration", 0, {"hydration": "4"}, words=["4"]),
    raises("hydration", 0, {"hydration": "none really"}, words=["none really"]),
    raises("hydration", 1, says="I think I'm dehydrated most of the time", words=["dehydrated"]),
    raises("nutrition", 0, {"nutrition": "I skip breakfast most days"}, words=["skip breakfast"]),
    raises("nutrition", 0, {"nutrition": "lots of takeaways"}, words=["lots of takeaways"]),
    raises("nutrition", 0, {"nutrition": "I'm on a strict diet"}, words=["strict diet"]),
    raises("nutrition", 1, says="I often skip lunch at work", words=["skip lunch"]),
    raises("ischemia", 0, says="My hands and feet are always cold", words=["cold"]),
    raises("ischemia", 1, says="I get cramps in my calf", words=["cramps"]),
    raises("ischemia", 1, {"character": "cramping"}, words=["cramping"]),
    raises("ischemia", 2, {"numbness_tingling": "yes", "screen_hours": "10"}, words=["yes", "10"]),
    raises(
        "ischemia", 2, {"character": "tight", "screen_hours": "8 hours"}, words=["tight", "8 hours"]
    ),
    raises(
        "ischemia",
        3,
        {"nicotine": "yes, I vape", "numbness_tingling": "yes, in my toes"},
        words=["yes, I vape", "yes, in my toes"],
    ),
    raises("stimulants", 0, {"caffeine": "4 cups"}, words=["4 cups"]),
    raises("stimulants", 0, {"caffeine": "about six coffees"}, words=["about six coffees"]),
    raises("stimulants", 1, {"alcohol": "14"}, words=["14"]),
    raises("stimulants", 1, {"alcohol": "about 20 pints"}, words=["about 20 pints"]),
    raises("stimulants", 2, {"nicotine": "yes, I vape"}, words=["yes, I vape"]),
    raises("stimulants", 3, says="I drink a lot of coffee", words=["coffee"]),
    raises("stimulants", 3, says="I smoke about ten a day", words=["smoke"]),
    raises("breathing_pattern", 0, {"breathing": "yes, I sigh a lot"}, words=["sigh"]),
    raises(
        "breathing_pattern", 1, says="I hold my breath when I concentrate", words=["hold my breath"]
    ),
    raises("sleep", 0, {"sleep": "the pain wakes me up"}, words=["wakes me up"]),
    raises("sleep", 0, {"sleep": "badly"}, words=["badly"]),
    raises("sleep", 0, {"sleep": "not great"}, words=["not great"]),
    raises("sleep", 1, says="I can't sleep properly", words=["sleep"]),
    # --- psychosocial ---
    raises("stress", 0, {"stress": "8"}, words=["8"]),
    raises("stress", 0, {"stress": "7"}, words=["7"]),
    raises("stress", 0, {"stress": "about a 9 out of 10"}, words=["about a 9 out of 10"]),
    raises("stress", 1, says="I've been really stressed at work", words=["stressed"]),
    # tense said of the visitor, not of a body part, is stress
    raises("stress", 1, says="I'm tense all the time", words=["tense"]),
    raises("stress", 1, says="feeling tense and anxious lately", words=["tense"]),
    raises("stress", 1, says="my neck hurts and I'm tense all the time", words=["tense"]),
    raises("stress", 1, says="so much tension at home", words=["tension"]),
    raises("sleep", 0, {"sleep": "sleep well but the pain wakes me"}, words=["pain wakes me"]),
    raises("low_mood", 0, {"phq4.interest": "nearly every day"}, words=["nearly every day"]),
    raises("low_mood", 0, {"phq4.down": "constantly"}, words=["constantly"]),
    raises(
        "low_mood",
        0,
        {"phq4.interest": "most days", "phq4.down": "a few days"},
        words=["most days", "a few days"],
    ),
    raises(
        "low_mood",
        0,
        {"phq4.interest": "sometimes", "phq4.down": "more than half the days"},
        words=["sometimes", "more than half the days"],
    ),
    raises(
        "low_mood",
        0,
        {"phq4.interest": "most days", "phq4.down": "most days"},
        words=["most days"],
    ),
    raises("low_mood", 1, says="I've been feeling down lately", words=["feeling down"]),
    raises("worry", 0, {"phq4.nervous": "nearly every day"}, words=["nearly every day"]),
    raises("worry", 0, {"phq4.worry": "all the time"}, words=["all the time"]),
    raises(
        "worry",
        0,
        {"phq4.nervous": "most days", "phq4.worry": "a few days"},
        words=["most days", "a few days"],
    ),
    raises(
        "worry",
        0,
        {"phq4.nervous": "sometimes", "phq4.worry": "more than half the days"},
        words=["sometimes", "more than half the days"],
    ),
    raises("worry", 1, says="I get really anxious about it", words=["anxious"]),
    raises(
        "fear_of_movement",
        0,
        {"fear_of_movement": "yes, I avoid bending"},
        words=["avoid bending"],
    ),
    raises(
        "fear_of_movement", 1, says="I'm scared to move in case I make it worse", words=["scared"]
    ),
]

NEAR_MISSES = [
    # --- biomechanical ---
    misses("trigger_points", 0, says="There are no knots in my shoulders"),
    misses("trigger_points", 1, says="My husband has tender spots in his neck"),
    misses("trigger_points", 2, says="The pain never radiates"),
    misses("trigger_points", 3, says="I don't get any spasms"),
    misses("trigger_points", 4, {"character": "a dull ache", "spreading": "no"}),
    misses("trigger_points", 4, {"character": "sharp", "spreading": "yes"}),
    misses("nerve_entrapment", 0, {"numbness_tingling": "no, never"}),
    misses("nerve_entrapment", 1, {"weakness": "nope"}),
    misses("nerve_entrapment", 2, says="No numbness or tingling at all"),
    misses("nerve_entrapment", 2, says="My mum has numbness in her feet"),
    misses("nerve_entrapment", 3, says="It isn't a burning pain"),
    misses("nerve_entrapment", 4, {"character": "aching and sharp"}),
    misses("postural_distortion", 0, {"screen_hours": "5"}),
    misses("postural_distortion", 0, {"screen_hours": "maybe 2 hours"}),
    misses("postural_distortion", 1, {"cause": "it came on gradually"}),
    misses("postural_distortion", 2, {"aggravating": "walking and bending"}),
    misses("postural_distortion", 3, says="My wife works at a desk all day"),
    misses("gait", 0, {"gait": "no"}),
    misses("gait", 1, says="I don't limp at all"),
    misses("habits_of_use", 0, {"repetitive": "not really"}),
    misses("habits_of_use", 1, {"cause": "no idea"}),
    misses("habits_of_use", 2, says="I don't grind my teeth"),
    misses("injury", 0, {"cause": "it came on gradually"}),
    misses("injury", 0, {"cause": "posture"}),
    misses("injury", 1, says="My sister had whiplash last year"),
    # --- biochemical ---
    misses("hydration", 0, {"hydration": "8 glasses"}),
    misses("hydration", 0, {"hydration": "5"}),
    misses("hydration", 1, says="I'm not dehydrated, I drink plenty"),
    misses("nutrition", 0, {"nutrition": "regular balanced meals"}),
    misses("nutrition", 1, says="I never skip meals"),
    misses("ischemia", 0, says="I don't have cold hands or feet"),
    misses("ischemia", 1, {"character": "sharp"}, says="No cramps"),
    misses("ischemia", 2, {"numbness_tingling": "yes", "screen_hours": "3"}),
    misses("ischemia", 2, {"character": "tight", "screen_hours": "5"}),
    misses("ischemia", 3, {"nicotine": "yes", "numbness_tingling": "no"}),
    misses("ischemia", 3, {"nicotine": "no", "numbness_tingling": "yes"}),
    misses("stimulants", 0, {"caffeine": "3 cups"}),
    misses("stimulants", 1, {"alcohol": "about 10 a week"}),
    misses("stimulants", 2, {"nicotine": "no, never"}),
    misses("stimulants", 3, says="I don't smoke"),
    misses("breathing_pattern", 0, {"breathing": "no"}),
    misses("breathing_pattern", 1, says="I don't hold my breath"),
    misses("sleep", 0, {"sleep": "I sleep well"}),
    misses("sleep", 1, says="My partner can't sleep"),
    # --- psychosocial ---
    misses("stress", 0, {"stress": "6"}),
    misses("stress", 0, {"stress": "a 3 I guess"}),
    misses("stress", 1, says="No stress really"),
    # found by trying it as a visitor: tense muscles are a body sensation, not stress
    misses("stress", 1, says="my neck muscles feel tense"),
    misses("stress", 1, says="I get a lot of tension in my shoulders"),
    misses("stress", 1, says="my back is tight and tense"),
    misses("stress", 1, says="I feel tense in my jaw"),
    misses("stress", 1, says="muscle tension, mostly in the evening"),
    misses("sleep", 0, {"sleep": "sleep well, but the pain doesn't wake me"}),
    misses("low_mood", 0, {"phq4.interest": "more than half the days", "phq4.down": "not at all"}),
    misses("low_mood", 0, {"phq4.interest": "a few days", "phq4.down": "a few days"}),
    misses("low_mood", 0, {"phq4.interest": "not at all", "phq4.down": "most days"}),
    misses("low_mood", 1, says="I'm not depressed, just sore"),
    misses("worry", 0, {"phq4.nervous": "more than half the days", "phq4.worry": "never"}),
    misses("worry", 0, {"phq4.nervous": "sometimes", "phq4.worry": "sometimes"}),
    misses("worry", 1, says="I'm not anxious about it"),
    misses("fear_of_movement", 0, {"fear_of_movement": "no"}),
    misses("fear_of_movement", 1, says="I'm not afraid to move"),
]


# --- helpers ---------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _raised(outcome) -> dict[str, tuple[str, object]]:
    """Raised factor id -> (group it was reported in, the factor)."""
    return {
        factor.id: (group, factor)
        for group, factors in outcome.factors.items()
        for factor in factors
    }


def _because(factor_id: str, rule: int) -> str:
    return default_content().factors.factors[factor_id].raised_by[rule].because


# --- the tables ------------------------------------------------------------------------------


def test_factors_and_groups_are_the_documented_ones():
    factors = default_content().factors
    assert set(factors.groups) == set(FACTOR_GROUPS)
    assert {fid: f.group for fid, f in factors.factors.items()} == GROUP_OF
    assert factors.strong_group_threshold == 2


def test_every_rule_has_cases():
    factors = default_content().factors.factors
    for table, name in ((RAISES, "RAISES"), (NEAR_MISSES, "NEAR_MISSES")):
        covered = {(case.factor, case.rule) for case in table}
        wanted = {(fid, i) for fid, f in factors.items() for i in range(len(f.raised_by))}
        assert not wanted - covered, f"{name} lacks cases for {sorted(wanted - covered)}"
        assert not covered - wanted, f"{name} has cases for no rule: {sorted(covered - wanted)}"


@pytest.mark.parametrize("case", RAISES, ids=str)
def test_raises(case: Case):
    outcome = assess(answers=case.answers, messages=list(case.says))
    raised = _raised(outcome)
    assert case.factor in raised, f"{case.factor} not raised; raised: {sorted(raised)}"
    group, factor = raised[case.factor]
    assert group == GROUP_OF[case.factor]
    assert _because(case.factor, case.rule) in factor.reasons
    # the evidence is the visitor's own words ...
    typed = [_norm(text) for text in (*case.says, *case.answers.values())]
    assert factor.evidence
    for evidence in factor.evidence:
        assert any(_norm(evidence.text) in text for text in typed), evidence
        if evidence.question_id is not None:
            assert _norm(evidence.text) == _norm(case.answers[evidence.question_id])
    # ... and includes the words that matter
    for words in case.words:
        assert any(_norm(words) in _norm(e.text) for e in factor.evidence), (words, factor.evidence)


@pytest.mark.parametrize("case", NEAR_MISSES, ids=str)
def test_near_miss_does_not_raise(case: Case):
    outcome = assess(answers=case.answers, messages=list(case.says))
    raised = _raised(outcome)
    assert case.factor not in raised, raised.get(case.factor)


def test_a_visitor_with_nothing_to_report_raises_nothing():
    answers = {
        "character": "sharp",
        "spreading": "no",
        "numbness_tingling": "no",
        "weakness": "no",
        "cause": "no idea",
        "aggravating": "lifting",
        "hydration": "8 glasses",
        "nutrition": "regular, balanced meals",
        "breathing": "no",
        "stress": "3",
        "sleep": "pretty good",
        "phq4.nervous": "not at all",
        "phq4.worry": "a few days",
        "phq4.interest": "not at all",
        "phq4.down": "never",
        "caffeine": "2 cups",
        "alcohol": "4",
        "nicotine": "no",
        "screen_hours": "2",
        "repetitive": "no",
        "gait": "no",
        "fear_of_movement": "no",
    }
    outcome = assess(answers=answers, messages=["My lower back hurts when I lift things"])
    assert _raised(outcome) == {}
    assert outcome.strong_groups == []


def test_strong_group_needs_two_factors():
    one = assess(answers={"hydration": "2 glasses"})
    assert [f.id for f in one.factors["biochemical"]] == ["hydration"]
    assert "biochemical" not in one.strong_groups
    two = assess(answers={"hydration": "2 glasses", "caffeine": "6 coffees"})
    assert [f.id for f in two.factors["biochemical"]] == ["hydration", "stimulants"]
    assert "biochemical" in two.strong_groups
    assert "psychosocial" not in two.strong_groups


def test_one_factor_gathers_every_rule_that_holds():
    outcome = assess(
        answers={"stress": "9"}, messages=["Work has me so stressed I can barely think"]
    )
    _, stress = _raised(outcome)["stress"]
    assert set(stress.reasons) == {_because("stress", 0), _because("stress", 1)}
    assert {e.question_id for e in stress.evidence} == {"stress", None}


# --- content consistency ---------------------------------------------------------------------


def _answers_read(rule: rules.Rule) -> set[str]:
    """Question ids whose answers a compiled rule reads."""
    if isinstance(rule, rules.AnswerRule):
        return {rule.question}
    if isinstance(rule, rules.AllRule | rules.AnyRule):
        return set().union(*(_answers_read(part) for part in rule.parts))
    return set()


def _reads() -> dict[str, set[str]]:
    """Factor id -> the questions its rules read."""
    content = default_content()
    return {
        fid: set().union(*(_answers_read(rule) for rule, _ in compiled))
        for fid, compiled in content.factor_rules.items()
    }


def test_every_fed_factor_is_raised_by_a_rule_reading_the_question():
    reads = _reads()
    for question in default_content().questions.values():
        for factor in question.feeds:
            assert question.id in reads[factor], f"{question.id} feeds {factor}, no rule reads it"


def test_every_question_a_factor_reads_declares_it_in_feeds():
    content = default_content()
    for factor, questions in _reads().items():
        for question_id in questions:
            assert factor in content.question(question_id).feeds, (question_id, factor)


def test_every_factor_rule_has_a_reason_and_every_factor_a_description():
    for fid, factor in default_content().factors.factors.items():
        assert factor.raised_by, fid
        assert factor.description and factor.label, fid
        for rule in factor.raised_by:
            assert rule.because.strip(), fid


# --- what the visitor reads about the factors: in proportion to the evidence (issue 12) -----


def _outcome_text(answers, messages=()):
    from bot.conversation.messages import outcome_text

    content = default_content()
    return outcome_text(assess(answers=answers, messages=list(messages)), content)


OVER_MEDICAL = ("GP", "dietitian", "iron", "vitamin", "blood flow")


def test_a_skipped_lunch_and_mostly_coffee_are_habits_for_the_therapist():
    text = _outcome_text(
        {"nutrition": "I skip lunch, mostly coffee", "screen_hours": "9", "character": "tight"},
        ["My neck and shoulders are tight, I skip lunch and it's mostly coffee"],
    )
    assert "Eating habits" in text and "Caffeine" in text
    assert "Your therapist can suggest small changes" in text
    assert [word for word in OVER_MEDICAL if word in text] == []


PHQ4_POSITIVE = {
    "phq4.nervous": "nearly every day",
    "phq4.worry": "more than half the days",
    "phq4.interest": "not at all",
    "phq4.down": "not at all",
}


def test_a_gp_is_suggested_for_a_positive_mood_or_anxiety_screen_only():
    outcome = assess(answers=PHQ4_POSITIVE)
    assert outcome.scores["phq4"].subscales["gad2"][1] is True
    screened = _outcome_text(PHQ4_POSITIVE)
    assert "Your GP, a counsellor or a psychologist can help" in screened
    # stress and fear of movement make a strong group, but no screen is positive: no GP
    stressed = _outcome_text({"stress": "8", "fear_of_movement": "yes"})
    assert "Your therapist can talk with you about ways to ease them" in stressed
    assert "GP" not in stressed


def test_the_outcome_names_the_groups_in_plain_words():
    text = _outcome_text({"hydration": "2 glasses", "stress": "9"})
    assert "- Daily habits: Drinking little water" in text
    assert "- Stress and wellbeing: Stress" in text
    assert "Biochemical" not in text and "Psychosocial" not in text
