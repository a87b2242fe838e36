"""A finer red-flag group raises the broader group it is a kind of (red_flags.yml `kind_of`;
screening.py `with_broader`) when that sends the visitor nowhere more urgent, and the visitor
reads the finer group's text alone."""

from __future__ import annotations

import pytest

from bot.conversation.messages import outcome_text, reasons
from bot.engine.assessment import assess, screen_text
from bot.engine.content import default_content

CONTENT = default_content()


@pytest.mark.parametrize(
    "text",
    [
        "I'm 79 with osteoporosis, sneezed hard on Sunday and a sudden sharp pain shot across "
        "my mid back, still there",
        "my nan is 84, has thin bones, bent to pick up the post and her back has been agony "
        "since, she's lost an inch of height this year",
    ],
)
def test_an_osteoporotic_fracture_is_a_fracture(text):
    raised = screen_text(text)
    assert "osteoporotic_fracture" in raised
    assert "fracture" in raised


def test_exertional_angina_raises_no_heart_attack():
    # angina brought on by a hill and eased by rest is a kind of heart trouble, but the cardiac
    # group calls an ambulance: naming it would send the visitor somewhere more urgent
    raised = screen_text(
        "walking the dog in the cold I get an ache across my chest that goes once I stand "
        "still for a bit"
    )
    assert "exertional_angina" in raised
    assert "cardiac" not in raised


def test_the_visitor_reads_the_finer_text_alone():
    outcome = assess(answers={"red_flag.osteoporotic_fracture": "yes"})
    assert outcome.red_flags == ["osteoporotic_fracture", "fracture"]
    assert [hit.group for hit in reasons(outcome, CONTENT)] == ["osteoporotic_fracture"]
    text = outcome_text(outcome, CONTENT)
    groups = CONTENT.red_flags.groups
    assert " ".join(groups["osteoporotic_fracture"].message.split()) in " ".join(text.split())
    assert " ".join(groups["fracture"].message.split()) not in " ".join(text.split())


def test_a_fracture_of_its_own_keeps_its_text():
    # a hard fall of its own beside an osteoporotic fracture: both texts are read
    outcome = assess(
        messages=[
            "I'm 81 and fell down the stairs on Friday, my wrist is swollen and bent",
            "also I have osteoporosis and sneezed yesterday, sudden bad pain in my mid back since",
        ]
    )
    assert {"osteoporotic_fracture", "fracture"} <= set(outcome.red_flags)
    shown = {hit.group for hit in reasons(outcome, CONTENT)}
    assert {"osteoporotic_fracture", "fracture"} <= shown
