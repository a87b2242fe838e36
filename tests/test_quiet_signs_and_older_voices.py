"""Quiet signs, older voices and the people who book for them (issue 11, thirty-sixth round),
in my own wording.

- A stroke told as speech gone "thick" (`slurred_speech`) or an arm that "is not hers"
  (`arm_went_useless`: one side disowned); a faint after chest symptoms that has passed
  (cardiac: both `resolved_counts`, ESC 2018); a tight chest with a left arm that aches; a tight
  band across "me chest" that creeps into the neck; chest pain at rest (`at_rest`); a throbbing
  swelling above the navel (`pulsing_abdomen`); mottled skin with drowsiness or fast breathing
  (sepsis); a swollen arm with a PICC line (`central_line`, dvt); a calf bigger than the other
  in pregnancy; a new knee and a calf that aches (`recent_surgery`); a head that "struck the
  tap" or "hit the door frame" on warfarin, booked "massage for his shoulders"; a hand "weaker
  weekly"; a shin pain become "pinpoint"; a spine that went with a cancer that weakens bone.
- What is not a sign now: a mini-stroke years ago "on aspirin since, no further episodes"; weight
  lost in an illness and "put back on"; a condition read about online; "what if I get a DVT?".
- A clinic's summary names a client nobody calls "my ..." as "a resident", not "the visitor's
  resident" (clinic/report.py `whom`).
"""

import pytest

from bot.clinic.report import whom
from bot.engine.assessment import screen_text
from bot.engine.content import default_content


@pytest.mark.parametrize(
    "text, group",
    [
        (
            "can I book my husband in? his speech has gone thick since teatime, he says he's fine",
            "stroke_or_arterial",
        ),
        ("since this morning mum says her right arm is 'not hers', she's 79", "stroke_or_arterial"),
        (
            "my son passed out at five-a-side, his chest went tight just before, he's fine now and "
            "wants his calf massaged",
            "cardiac",
        ),
        ("chest tight and my left arm aching, started half an hour ago", "cardiac"),
        (
            "a tight band across me chest when I carry the tiles up, I have to sit till it goes, "
            "also I feel sick",
            "cardiac",
        ),
        (
            "I'm 71, a throbbing swelling above my belly button and a bad lower back since lunch",
            "aortic",
        ),
        ("booking for dad: very drowsy today and his knees look mottled", "sepsis"),
        ("the arm with my PICC line in it has swollen up since Friday", "dvt"),
        ("I'm 31 weeks pregnant and my left calf is much bigger than the other", "dvt"),
        ("I had my knee replaced two weeks ago and now that calf aches when I stand", "dvt"),
        (
            "mum takes warfarin and her head struck the bathroom sink last night, she has a "
            "headache today. can I book her for her neck",
            "head_injury_anticoagulant",
        ),
        ("my right hand gets weaker weekly, jars are impossible", "progressive_weakness"),
        ("a new pain in my chest that comes on even at rest", "cardiac"),
        ("tight band across me chest, it creeps up into me neck when I'm on the tools", "cardiac"),
        (
            "Grandpa takes warfarin. His head hit the door frame on Sunday. We'd like to book "
            "massage for his shoulders",
            "head_injury_anticoagulant",
        ),
        ("running 60k a week and the ache in my shin has become pinpoint", "fracture"),
        (
            "I have myeloma and my lower back went when I bent down to the dishwasher, it's been "
            "bad since",
            "fracture",
        ),
    ],
)
def test_a_quiet_sign_in_new_words_is_raised(text, group):
    content = default_content()
    raised = screen_text(text, content)
    broader = {content.red_flags.groups[g].kind_of for g in raised}
    assert group in {*raised, *broader}


@pytest.mark.parametrize(
    "text, group",
    [
        (
            "I had a mini-stroke nine years ago and have been on aspirin since, no further "
            "episodes. my shoulders are tight",
            "stroke_or_arterial",
        ),
        (
            "mini stroke eight years back, on aspirin ever since, no further episodes. stiff neck",
            "stroke_or_arterial",
        ),
        ("I lost a bit of weight with flu in May but I've put it all back on", "cancer"),
        ("long flight next week, what if I get a DVT? my legs are fine, just tight hips", "dvt"),
        (
            "read online that back pain can be something called cauda equina, nothing like that "
            "here, just a stiff back",
            "cauda_equina",
        ),
    ],
)
def test_what_is_not_a_sign_now_raises_nothing(text, group):
    assert group not in screen_text(text)


def test_a_client_nobody_calls_mine_is_named_without_the_visitor():
    content = default_content()
    assert whom(["dad"], content) == "the visitor's dad"
    assert whom(["resident", "mum"], content, "the writer's") == "a resident and the writer's mum"
