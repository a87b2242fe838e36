"""The rule language: parsing refuses bad shapes, evaluation returns the visitor's words."""

from types import SimpleNamespace

import pytest

from bot.engine.rules import (
    Answer,
    Evidence,
    Facts,
    MentionFilter,
    RuleError,
    Vocabulary,
    evaluate_any,
    opens_with_any,
    parse_rule,
)


def question(kind, options=(), options_from=None):
    return SimpleNamespace(
        kind=kind, options=[SimpleNamespace(id=o) for o in options], options_from=options_from
    )


VOCABULARY = Vocabulary(
    questions={
        "age": question("number"),
        "pain": question("scale"),
        "red_flag.dvt": question("yes_no"),
        "cause": question("choice", ["injury", "posture", "fall"]),
        "aggravating": question("multi_choice", ["sitting", "lifting"]),
        "region": question("multi_choice", options_from="regions"),
        "notes": question("free_text"),
    },
    findings={"fever", "chest_pain", "breathlessness"},
    regions={"lower_back", "neck", "calf"},
)


def facts(answers=None, findings=None, regions=None):
    return Facts(
        answers={q: Answer(q, raw, value) for q, (raw, value) in (answers or {}).items()},
        findings={f: [Evidence(text)] for f, text in (findings or {}).items()},
        regions={r: [Evidence(text)] for r, text in (regions or {}).items()},
    )


def rule(raw):
    return parse_rule(raw, VOCABULARY)


@pytest.mark.parametrize(
    ("raw", "state", "expected"),
    [
        ({"finding": "fever"}, facts(findings={"fever": "hot all week"}), ["hot all week"]),
        ({"finding": "fever"}, facts(), None),
        ({"answer": "age", "at_least": 50}, facts({"age": ("fifty", 50)}), ["fifty"]),
        ({"answer": "age", "at_least": 50}, facts({"age": ("49", 49)}), None),
        ({"answer": "age", "at_most": 20}, facts({"age": ("20", 20)}), ["20"]),
        ({"answer": "age", "at_most": 20}, facts({"age": ("idk", None)}), None),
        ({"answer": "red_flag.dvt", "is": "yes"}, facts({"red_flag.dvt": ("yep", "yes")}), ["yep"]),
        ({"answer": "red_flag.dvt", "is": "yes"}, facts({"red_flag.dvt": ("no", "no")}), None),
        (
            {"answer": "cause", "in": ["injury", "fall"]},
            facts({"cause": ("fell", "fall")}),
            ["fell"],
        ),
        ({"answer": "cause", "in": ["injury"]}, facts({"cause": ("desk", "posture")}), None),
        (
            {"answer": "aggravating", "is": "lifting"},
            facts({"aggravating": ("sitting and lifting", ["sitting", "lifting"])}),
            ["sitting and lifting"],
        ),
        (
            {"answer": "notes", "given": True},
            facts({"notes": ("anything", "anything")}),
            ["anything"],
        ),
        ({"region": ["calf", "neck"]}, facts(regions={"calf": "my calf"}), ["my calf"]),
        ({"region": "lower_back"}, facts(regions={"calf": "my calf"}), None),
        (
            {"all": [{"finding": "chest_pain"}, {"finding": "breathlessness"}]},
            facts(findings={"chest_pain": "tight chest", "breathlessness": "can't breathe"}),
            ["tight chest", "can't breathe"],
        ),
        (
            {"all": [{"finding": "chest_pain"}, {"finding": "breathlessness"}]},
            facts(findings={"chest_pain": "tight chest"}),
            None,
        ),
        (
            {"any": [{"finding": "fever"}, {"answer": "age", "at_least": 65}]},
            facts({"age": ("70", 70)}, findings={"fever": "feverish"}),
            ["feverish", "70"],
        ),
    ],
)
def test_evaluation_returns_the_visitors_words(raw, state, expected):
    found = rule(raw).evaluate(state)
    assert (None if found is None else [e.text for e in found]) == expected


def test_answer_evidence_names_the_question():
    found = rule({"answer": "age", "at_least": 50}).evaluate(facts({"age": ("I'm 61", 61)}))
    assert found == [Evidence("I'm 61", question_id="age")]


def test_unsure_counts_as_yes_only_when_asked_to():
    state = facts({"red_flag.dvt": ("not sure", "unsure")})
    parsed = rule({"answer": "red_flag.dvt", "is": "yes"})
    assert parsed.evaluate(state) is None
    assert parsed.evaluate(state, unsure_means_yes=True) == [
        Evidence("not sure", question_id="red_flag.dvt")
    ]


def test_numbers_never_compare_with_text_or_booleans():
    parsed = rule({"answer": "age", "at_least": 1})
    assert parsed.evaluate(facts({"age": ("yes", "yes")})) is None
    assert parsed.evaluate(facts({"age": ("true", True)})) is None


def test_evaluate_any_collects_every_rule_that_holds():
    rules = [
        rule({"finding": "fever"}),
        rule({"region": ["calf"]}),
        rule({"finding": "chest_pain"}),
    ]
    state = facts(findings={"fever": "a fever"}, regions={"calf": "calf"})
    assert [e.text for e in evaluate_any(rules, state)] == ["a fever", "calf"]
    assert evaluate_any([], state) is None


@pytest.mark.parametrize(
    ("raw", "path", "expected"),
    [
        ("fever", "", "a rule"),
        ({}, "", "a rule"),
        ({"smell": "roses"}, "", "one of finding"),
        ({"finding": "gout"}, "finding", "not 'gout'"),
        ({"finding": "fever", "region": "neck"}, "", "only"),
        ({"region": ["neck", "tail"]}, "region.1", "not 'tail'"),
        ({"answer": "shoe_size", "is": 9}, "answer", "not 'shoe_size'"),
        ({"answer": "age"}, "", "exactly one of"),
        ({"answer": "age", "is": 1, "at_least": 2}, "", "exactly one of"),
        ({"answer": "age", "at_least": "fifty"}, "at_least", "a number"),
        ({"answer": "age", "at_least": True}, "at_least", "a number"),
        ({"answer": "cause", "at_least": 3}, "at_least", "for number or scale"),
        ({"answer": "red_flag.dvt", "is": "maybe"}, "is", "not 'maybe'"),
        ({"answer": "cause", "in": "injury"}, "in", "a list of values"),
        ({"answer": "cause", "in": ["injury", "magic"]}, "in", "not 'magic'"),
        ({"answer": "region", "is": "tail"}, "is", "not 'tail'"),
        ({"answer": "notes", "given": "yes"}, "given", "true or false"),
        ({"all": []}, "all", "a non-empty list"),
        ({"any": [{"finding": "fever"}, {"finding": "x"}]}, "any.1.finding", "not 'x'"),
        ({"all": [{"any": [{"region": "tail"}]}]}, "all.0.any.0.region.0", "not 'tail'"),
        ({"not": {"finding": "x"}}, "not.finding", "not 'x'"),
        ({"not": {"finding": "fever"}, "region": "neck"}, "", "only"),
        ({"not": []}, "not", "a rule"),
    ],
)
def test_parse_refuses_bad_rules_naming_where(raw, path, expected):
    with pytest.raises(RuleError) as caught:
        rule(raw)
    assert caught.value.path == path
    assert expected in caught.value.expected


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        ("lost weight on a diet", False),
        ("i've lost weight since i started dieting", False),
        ("i'm not dieting and i've lost weight", True),
        ("i don't diet, i've lost weight anyway", True),
        ("not on any diet but lost weight", True),
        ("i haven't been dieting and i keep losing weight", True),
        ("lost loads of weight w/o dieting", True),
        # one denial does not undo another mention that explains it away
        ("not dieting now, but i lost weight on a diet in spring", False),
    ],
)
def test_a_denied_explanation_does_not_explain_a_finding_away(sentence, counts):
    only = MentionFilter(ignore_in=("diet", "dieting", "on a diet"))
    assert only.counts(sentence) is counts


def test_not_holds_when_its_rule_does_not_and_adds_no_evidence():
    calf_not_fever = rule({"all": [{"region": "calf"}, {"not": {"finding": "fever"}}]})
    assert [e.text for e in calf_not_fever.evaluate(facts(regions={"calf": "my calf"}))] == [
        "my calf"
    ]
    with_fever = facts(findings={"fever": "a fever"}, regions={"calf": "my calf"})
    assert calf_not_fever.evaluate(with_fever) is None


def test_findings_only_ruled_out_are_not_a_rules_own():
    """`findings_in` names what a group's rules are about; a `not` only rules a case out."""
    from bot.engine.rules import findings_in

    parsed = rule({"all": [{"finding": "chest_pain"}, {"not": {"finding": "fever"}}]})
    assert findings_in(parsed) == {"chest_pain"}


def test_a_caution_is_named_once_and_holds_as_its_own_rules_do():
    """`{caution: x}` reads the caution's `when` (red_flags.yml), so a fact such as "takes
    blood thinners" is written in one place; a caution's rules may not name a caution."""
    known = Vocabulary(
        questions=VOCABULARY.questions,
        findings=VOCABULARY.findings,
        regions=VOCABULARY.regions,
        cautions={
            "feverish": [{"finding": "fever"}, {"answer": "red_flag.dvt", "is": "yes"}],
            "loop": [{"caution": "feverish"}],
        },
    )
    feverish = parse_rule({"all": [{"region": "calf"}, {"caution": "feverish"}]}, known)
    told = facts(findings={"fever": "burning up"}, regions={"calf": "my calf"})
    assert [e.text for e in feverish.evaluate(told)] == ["my calf", "burning up"]
    answered = facts({"red_flag.dvt": ("yep", "yes")}, regions={"calf": "my calf"})
    assert [e.text for e in feverish.evaluate(answered)] == ["my calf", "yep"]
    assert feverish.evaluate(facts(regions={"calf": "my calf"})) is None
    with pytest.raises(RuleError) as unknown:
        parse_rule({"caution": "gout"}, known)
    assert unknown.value.path == "caution" and "not 'gout'" in unknown.value.expected
    with pytest.raises(RuleError) as looped:
        parse_rule({"caution": "loop"}, known)
    assert looped.value.path == "caution.when.0.caution"


@pytest.mark.parametrize(
    ("text", "opens"),
    [
        ("no, fine", True),
        ("Nope. all good", True),
        ("...no!", True),
        ("noo haha", True),
        ("not at all", True),
        ("nothing like that", False),
        ("normal", False),
        ("I said no", False),
    ],
)
def test_opens_with_any_reads_the_start_as_whole_words(text, opens):
    assert opens_with_any(["(no+|nope|not at all)"], text) is opens
