"""Content files load, and a bad one fails naming the file, the key and what was expected."""

import shutil

import pytest
import yaml

from bot.engine.content import CONTENT_DIR, DISPOSITIONS, ContentError, load_content
from tests.groups import ASKED_BY_RULE, REVIEW_GROUPS

REQUIRED_GROUPS = {
    "cauda_equina": "emergency",
    "cardiac": "emergency",
    "stroke_or_arterial": "emergency",
    "thunderclap_headache": "emergency",
    "dvt": "urgent_physician",
    "infection": "urgent_physician",
    "myelopathy": "urgent_physician",
    "progressive_weakness": "urgent_physician",
    "cancer": "physician_referral",
    "fracture": "physician_referral",
}
# and the groups added from the clinical review (issue 11), whose screening questions are asked
# only when the semantic layer may have heard them
REQUIRED_GROUPS = {**REQUIRED_GROUPS, **REVIEW_GROUPS}


@pytest.fixture
def content_copy(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def edit(directory, name, change):
    path = directory / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def error_for(directory) -> ContentError:
    with pytest.raises(ContentError) as caught:
        load_content(directory)
    return caught.value


def test_a_key_written_twice_is_refused_not_silently_dropped(content_copy):
    path = content_copy / "red_flags.yml"
    text = path.read_text(encoding="utf-8")
    first = "        url: https://www.nhs.uk/conditions/heart-attack/symptoms/\n"
    assert first in text
    path.write_text(text.replace(first, first * 2, 1), encoding="utf-8")
    error = error_for(content_copy)
    assert "red_flags.yml" in str(error) and "'url' twice" in str(error)


def test_project_content_loads(content):
    assert set(content.red_flags.groups) == set(REQUIRED_GROUPS)
    assert set(content.red_flags.dispositions) == set(DISPOSITIONS)


def test_red_flag_groups_have_the_required_dispositions(content):
    assert {
        g: group.disposition for g, group in content.red_flags.groups.items()
    } == REQUIRED_GROUPS


def test_dispositions_rank_emergency_first(content):
    ranks = {d: content.red_flags.dispositions[d].rank for d in DISPOSITIONS}
    assert sorted(ranks, key=ranks.get, reverse=True) == list(DISPOSITIONS)


def test_every_red_flag_group_cites_a_source_and_has_a_screening_question(content):
    for group_id, group in content.red_flags.groups.items():
        assert group.sources and all(s.cite for s in group.sources), group_id
        question = content.questions[f"red_flag.{group_id}"]
        assert question.kind == "yes_no", group_id
        # the review's groups are asked about only when the semantic layer may have heard them,
        # but for those asked by a rule
        heard_only = group_id in REVIEW_GROUPS and group_id not in ASKED_BY_RULE
        assert question.only_when_heard == heard_only, group_id
        assert (question.ask_when is None) == heard_only, group_id


def test_emergency_groups_count_unsure_as_yes(content):
    for group_id, group in content.red_flags.groups.items():
        # fracture too: "not sure" about a dangerous mechanism counts (Canadian C-spine rule)
        expected = group.disposition == "emergency" or group_id == "fracture"
        assert group.unsure_means_yes == expected, group_id


def test_every_question_says_why_it_is_asked(content):
    for question in content.questions.values():
        assert len(question.why) > 10, question.id


def test_regions_are_the_canonical_set(content):
    assert set(content.regions.regions) == {
        "head", "jaw", "neck", "upper_back", "lower_back", "shoulder", "upper_arm", "elbow",
        "forearm", "wrist_hand", "chest", "abdomen", "hip", "buttock", "thigh", "knee", "calf",
        "ankle_foot",
    }  # fmt: skip
    assert set(content.regions.sides) == {"left", "right", "both", "central"}


def test_missing_file(content_copy):
    (content_copy / "factors.yml").unlink()
    error = error_for(content_copy)
    assert (error.file, error.key) == ("factors.yml", "(file)")
    assert "YAML file" in error.expected


def test_invalid_yaml_names_the_line(content_copy):
    (content_copy / "regions.yml").write_text("regions:\n  head: [unclosed\n", encoding="utf-8")
    error = error_for(content_copy)
    assert error.file == "regions.yml"
    assert error.key.startswith("line ")


def test_not_utf8(content_copy):
    (content_copy / "lexicon.yml").write_bytes(b"\xff\xfe\x00bad")
    error = error_for(content_copy)
    assert (error.file, error.expected) == ("lexicon.yml", "UTF-8 text")


def test_top_level_must_be_a_mapping(content_copy):
    (content_copy / "instruments.yml").write_text("- just\n- a list\n", encoding="utf-8")
    error = error_for(content_copy)
    assert (error.file, error.key) == ("instruments.yml", "(top level)")


def test_unknown_question_kind(content_copy):
    edit(content_copy, "questionnaire.yml", lambda d: d["questions"][0].update(kind="essay"))
    error = error_for(content_copy)
    assert error.file == "questionnaire.yml"
    assert error.key == "questions.0.kind"
    assert "yes_no" in error.expected


def test_options_on_a_question_that_is_not_a_choice(content_copy):
    def add_options(d):
        question = next(q for q in d["questions"] if q["kind"] == "yes_no")
        question["options"] = [{"id": "maybe", "label": "Maybe"}]

    edit(content_copy, "questionnaire.yml", add_options)
    error = error_for(content_copy)
    assert error.key.endswith(".options")
    assert "only belong to choice questions" in error.expected


def test_choice_without_options(content_copy):
    def drop_options(d):
        question = next(q for q in d["questions"] if q["kind"] == "choice" and "options" in q)
        question.pop("options")

    edit(content_copy, "questionnaire.yml", drop_options)
    error = error_for(content_copy)
    assert (error.file, error.expected) == ("questionnaire.yml", "options, or options_from")


def test_missing_required_key(content_copy):
    edit(content_copy, "questionnaire.yml", lambda d: d["questions"][1].pop("why"))
    error = error_for(content_copy)
    assert (error.key, error.expected) == ("questions.1.why", "this key is required")


def test_misspelt_key(content_copy):
    edit(content_copy, "red_flags.yml", lambda d: d["groups"]["dvt"].update(mesage="typo"))
    error = error_for(content_copy)
    assert error.key == "groups.dvt.mesage"
    assert "no such key" in error.expected


@pytest.mark.parametrize(
    "words",
    [{"IN": [True]}, {"NOT_IN": ["but", False]}, {"IN": ["two", 2]}, {"NOT_IN": [3]}],
)
def test_a_pattern_word_read_as_true_or_false_or_a_number(content_copy, words):
    # YAML reads a bare `on` or `no` as true or false, and a bare 2 as a number: the pattern
    # would then never match "on", and spaCy refuses a false or a number ("str type expected")
    def unquoted(d):
        d["findings"]["cannot_bear_weight"]["patterns"][0][5] = {"LOWER": words}

    edit(content_copy, "lexicon.yml", unquoted)
    error = error_for(content_copy)
    assert error.key.startswith("findings.cannot_bear_weight.patterns")
    assert "quote it" in error.expected


def test_duplicate_question_id(content_copy):
    def duplicate(d):
        d["questions"].append(dict(d["questions"][0]))

    edit(content_copy, "questionnaire.yml", duplicate)
    error = error_for(content_copy)
    assert "unique id" in error.expected


def test_red_flag_without_source(content_copy):
    edit(content_copy, "red_flags.yml", lambda d: d["groups"]["cancer"].update(sources=[]))
    error = error_for(content_copy)
    assert (error.key, error.expected) == ("groups.cancer.sources", "at least one source")


def test_wrong_disposition(content_copy):
    edit(content_copy, "red_flags.yml", lambda d: d["groups"]["dvt"].update(disposition="later"))
    error = error_for(content_copy)
    assert error.key == "groups.dvt.disposition"
    assert "emergency" in error.expected


def test_rule_naming_an_unknown_question(content_copy):
    def break_rule(d):
        d["groups"]["fracture"]["when"] = [{"answer": "favourite_colour", "is": "blue"}]

    edit(content_copy, "red_flags.yml", break_rule)
    error = error_for(content_copy)
    assert error.file == "red_flags.yml"
    assert error.key == "groups.fracture.when.0.answer"
    assert "favourite_colour" in error.expected


def test_a_group_a_kind_of_an_unknown_group(content_copy):
    def break_kind(d):
        d["groups"]["osteoporotic_fracture"]["kind_of"] = "broken_heart"

    edit(content_copy, "red_flags.yml", break_kind)
    error = error_for(content_copy)
    assert error.file == "red_flags.yml"
    assert "broken_heart" in str(error)


def test_a_group_heard_without_as_an_unknown_group(content_copy):
    def break_heard(d):
        d["groups"]["head_injury_anticoagulant"]["heard_without"] = "sore_head"

    edit(content_copy, "red_flags.yml", break_heard)
    error = error_for(content_copy)
    assert error.file == "red_flags.yml"
    assert "sore_head" in str(error)


def test_a_heard_needs_rule_naming_an_unknown_finding(content_copy):
    def break_needs(d):
        d["groups"]["head_injury_anticoagulant"]["heard_needs"] = {"finding": "unicorns"}

    edit(content_copy, "red_flags.yml", break_needs)
    error = error_for(content_copy)
    assert error.file == "red_flags.yml"
    assert error.key.startswith("groups.head_injury_anticoagulant.heard_needs")


def test_familiar_findings_must_be_findings_of_the_group(content_copy):
    def break_familiar(d):
        # a finding the lexicon knows, but not one of this group's rules
        d["groups"]["thunderclap_headache"]["familiar"] = ["headache", "calf_swelling"]

    edit(content_copy, "red_flags.yml", break_familiar)
    error = error_for(content_copy)
    assert error.file == "red_flags.yml"
    assert error.key == "groups.thunderclap_headache.familiar"


def test_a_time_word_that_is_no_regular_expression(content_copy):
    edit(content_copy, "lexicon.yml", lambda d: d["time"]["usual"].append("every (day"))
    error = error_for(content_copy)
    assert error.file == "lexicon.yml"
    assert "usual" in error.key


@pytest.mark.parametrize("key", ["plain_no", "turn"])
def test_a_reply_word_that_is_no_regular_expression(content_copy, key):
    edit(content_copy, "lexicon.yml", lambda d: d["replies"][key].append("(but"))
    error = error_for(content_copy)
    assert error.file == "lexicon.yml"
    assert key in error.key


def test_rule_naming_an_unknown_finding(content_copy):
    def break_rule(d):
        d["factors"]["stress"]["raised_by"][0]["when"] = {"finding": "unicorns"}

    edit(content_copy, "factors.yml", break_rule)
    error = error_for(content_copy)
    assert error.file == "factors.yml"
    assert error.key == "factors.stress.raised_by.0.when.finding"


def test_rule_with_an_impossible_option(content_copy):
    def break_rule(d):
        d["factors"]["nutrition"]["raised_by"] = [
            {"when": {"answer": "nutrition", "is": "chocolate"}, "because": "x"}
        ]

    edit(content_copy, "factors.yml", break_rule)
    error = error_for(content_copy)
    assert error.key == "factors.nutrition.raised_by.0.when.is"
    assert "chocolate" in error.expected


def test_question_feeding_an_unknown_factor(content_copy):
    edit(content_copy, "questionnaire.yml", lambda d: d["questions"][0].update(feeds=["luck"]))
    error = error_for(content_copy)
    assert (error.file, error.key) == ("questionnaire.yml", "questions.0.feeds.0")


@pytest.mark.parametrize("question_id", ["region", "red_flag.dvt"])
def test_only_when_heard_belongs_to_red_flag_questions_without_ask_when(content_copy, question_id):
    """Not on a localization question; not beside an ask_when rule, which would never apply."""
    questions = yaml.safe_load((content_copy / "questionnaire.yml").read_text(encoding="utf-8"))
    index = [q["id"] for q in questions["questions"]].index(question_id)
    edit(
        content_copy,
        "questionnaire.yml",
        lambda d: d["questions"][index].update(only_when_heard=True),
    )
    error = error_for(content_copy)
    assert (error.file, error.key) == ("questionnaire.yml", f"questions.{index}.only_when_heard")


def test_region_with_unknown_neighbour(content_copy):
    edit(content_copy, "regions.yml", lambda d: d["regions"]["knee"].update(also_examine=["tail"]))
    error = error_for(content_copy)
    assert (error.file, error.key) == ("regions.yml", "regions.knee.also_examine.0")


def test_red_flag_group_without_screening_question(content_copy):
    def drop(d):
        d["questions"] = [q for q in d["questions"] if q["id"] != "red_flag.dvt"]

    edit(content_copy, "questionnaire.yml", drop)
    error = error_for(content_copy)
    assert "red_flag.dvt" in error.expected


def test_instrument_bands_must_ascend(content_copy):
    edit(content_copy, "instruments.yml", lambda d: d["instruments"]["nprs"]["bands"].reverse())
    error = error_for(content_copy)
    assert error.key == "instruments.nprs.bands"


def test_error_message_reads_file_key_expected(content_copy):
    edit(content_copy, "questionnaire.yml", lambda d: d["questions"][0].pop("text"))
    assert (
        str(error_for(content_copy)) == "questionnaire.yml: questions.0.text: this key is required"
    )


@pytest.mark.parametrize("noted", ["worse with", "{} and {}"])
def test_a_noted_phrasing_names_the_answer_once(content_copy, noted):
    def change(data):
        next(q for q in data["questions"] if q["id"] == "aggravating")["noted"] = noted

    edit(content_copy, "questionnaire.yml", change)
    assert "noted" in str(error_for(content_copy))
