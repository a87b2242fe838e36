"""domain.yml is in step with content/questionnaire.yml.

The question slots, the `action_ask_<slot>` actions and the forms' `required_slots` are written
out by hand in domain.yml; these tests check them against the questionnaire, section by section,
and name the slot or action that is missing or extra.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from actions import questions
from bot.conversation.planning import FORMS, SECTIONS
from bot.conversation.reading import slot_for
from bot.engine.content import default_content

DOMAIN_FILE = Path(__file__).resolve().parent.parent / "domain.yml"

# The slots the actions keep besides one slot per question (actions/slots.py). `requested_slot`
# is not in domain.yml: Rasa adds it to every domain with forms.
BOOKKEEPING_SLOTS = {
    "red_flags",
    "alert",
    "disposition",
    "next_form",
    "assessment_id",
    "consent_time",
    "asked_questions",
    "reask",
    "unread_answers",
    "outcome_shown",
    "advised",
    "checked_messages",
}
ASK_PREFIX = "action_ask_"


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice (plain YAML keeps the last silently)."""


def _mapping_without_duplicates(loader, node, deep=False):
    keys = [loader.construct_object(key, deep=deep) for key, _ in node.value]
    duplicates = sorted(k for k, n in Counter(keys).items() if n > 1)
    if duplicates:
        raise yaml.constructor.ConstructorError(
            None, None, f"duplicate keys {duplicates}", node.start_mark
        )
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates
)


@pytest.fixture(scope="module")
def domain() -> dict:
    return yaml.load(DOMAIN_FILE.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)


def section_slots(section: str) -> list[str]:
    """The slots of a section's questions, in questionnaire order."""
    content = default_content()
    return [slot_for(q.id) for q in content.questions.values() if q.section == section]


def all_question_slots() -> list[str]:
    return [slot for section in SECTIONS for slot in section_slots(section)]


def ask_actions(domain: dict) -> list[str]:
    return [name for name in domain["actions"] if name.startswith(ASK_PREFIX)]


def test_every_question_is_in_a_section_and_has_its_own_slot():
    content = default_content()
    unknown = {q.id: q.section for q in content.questions.values() if q.section not in SECTIONS}
    assert not unknown, f"questions in no known section {SECTIONS}: {unknown}"
    slots = Counter(slot_for(qid) for qid in content.questions)
    shared = sorted(slot for slot, n in slots.items() if n > 1)
    assert not shared, f"question ids that map to the same slot: {shared}"


@pytest.mark.parametrize("section", SECTIONS)
def test_every_question_of_a_section_has_a_slot(domain, section):
    missing = [slot for slot in section_slots(section) if slot not in domain["slots"]]
    assert not missing, f"domain.yml has no slot for these {section} questions: {missing}"


@pytest.mark.parametrize("section", SECTIONS)
def test_question_slots_hold_any_value_set_by_the_actions(domain, section):
    # one slot per question: {"raw": text, "value": parsed, "how": asked|volunteered|unknown}
    expected = {"type": "any", "influence_conversation": False, "mappings": [{"type": "custom"}]}
    wrong = {
        slot: domain["slots"][slot]
        for slot in section_slots(section)
        if slot in domain["slots"] and domain["slots"][slot] != expected
    }
    assert not wrong, f"{section} question slots not declared as {expected}: {wrong}"


def test_every_other_slot_is_a_bookkeeping_slot(domain):
    questions_ = set(all_question_slots())
    extra = [s for s in domain["slots"] if s not in questions_ and s not in BOOKKEEPING_SLOTS]
    assert not extra, (
        f"domain.yml slots that are neither a question in content/questionnaire.yml nor a "
        f"bookkeeping slot of actions/slots.py: {extra}"
    )


def test_the_bookkeeping_slots_are_in_the_domain(domain):
    missing = sorted(BOOKKEEPING_SLOTS - set(domain["slots"]))
    assert not missing, f"domain.yml lacks the bookkeeping slots {missing}"
    overlap = sorted(BOOKKEEPING_SLOTS & set(all_question_slots()))
    assert not overlap, f"question slots named like bookkeeping slots: {overlap}"


def test_no_action_is_listed_twice(domain):
    twice = sorted(name for name, n in Counter(domain["actions"]).items() if n > 1)
    assert not twice, f"actions listed more than once in domain.yml: {twice}"


@pytest.mark.parametrize("section", SECTIONS)
def test_every_question_of_a_section_has_an_ask_action(domain, section):
    missing = [
        ASK_PREFIX + slot
        for slot in section_slots(section)
        if ASK_PREFIX + slot not in ask_actions(domain)
    ]
    assert not missing, f"domain.yml lacks the {section} ask actions {missing}"


def test_every_ask_action_asks_a_question(domain):
    expected = {ASK_PREFIX + slot for slot in all_question_slots()}
    extra = [name for name in ask_actions(domain) if name not in expected]
    assert not extra, f"domain.yml ask actions for no question in the questionnaire: {extra}"


def test_the_ask_actions_registered_are_those_of_the_domain(domain):
    registered = [action().name() for action in questions.ASK_ACTIONS]
    twice = sorted(name for name, n in Counter(registered).items() if n > 1)
    assert not twice, f"actions/questions.py registers these ask actions twice: {twice}"
    listed = set(ask_actions(domain))
    not_listed = [name for name in registered if name not in listed]
    assert not not_listed, f"registered in actions/questions.py but not in domain.yml: {not_listed}"
    not_registered = [name for name in ask_actions(domain) if name not in registered]
    assert not not_registered, (
        f"in domain.yml but not registered in actions/questions.py: {not_registered}"
    )


def test_the_forms_are_those_of_the_planning(domain):
    assert sorted(domain["forms"]) == sorted(FORMS), (
        f"domain.yml forms {sorted(domain['forms'])} differ from "
        f"bot.conversation.planning.FORMS {sorted(FORMS)}"
    )


@pytest.mark.parametrize("form", FORMS)
def test_a_form_requires_the_slots_of_its_section(domain, form):
    section = FORMS[form]
    required = domain["forms"][form]["required_slots"]
    expected = section_slots(section)
    missing = [slot for slot in expected if slot not in required]
    assert not missing, f"{form} lacks the required slots {missing} of its {section} questions"
    extra = [slot for slot in required if slot not in expected]
    assert not extra, f"{form} requires {extra}, which are not {section} questions"
    twice = sorted(slot for slot, n in Counter(required).items() if n > 1)
    assert not twice, f"{form} lists the required slots {twice} more than once"


@pytest.mark.parametrize("form", FORMS)
def test_a_form_lists_its_slots_in_questionnaire_order(domain, form):
    # Rasa does not depend on this order: `required_slots()` in actions/forms.py decides at run
    # time what a form asks and in which order (the planned questions, those of earlier
    # sections included), and Rasa's own order is used only when that list equals this one.
    # Kept in questionnaire order so domain.yml reads like the questionnaire.
    required = domain["forms"][form]["required_slots"]
    expected = section_slots(FORMS[form])
    assert required == expected, (
        f"{form} required_slots are not in content/questionnaire.yml order: "
        f"expected {expected}, got {required}"
    )
