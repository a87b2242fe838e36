"""Signs told of someone else, told in passing, or told in an answer (issue 11, thirty-seventh
round), in my own wording.

- Someone else's emergency told now beside the visitor's own words is raised for them, by the
  rules as well as the semantic layer (assessment.py `others_signs_now`); their condition
  named, long past, in a doctor's hands or with no word of now is not.
- A knock told by what it left ("a bruise on my forehead"), "knocked his head", "clipped my
  head"; a belly "pulsing", a ball that "jumps like a heart"; pain that "ripped through" the
  back; a care-home resident drowsy with hardly a wet pad (sepsis: NICE NG51); "wants to die"
  told of a child, affairs put in order; sudden severe pain in a testicle, a boy holding himself;
  a cast with numb fingers (NHS cast care); "five weeks along" with a faint; a new headache at
  74 (giant cell arteritis); a collapse in the middle of a match (ESC 2018); a hop tried and
  failed; a back gone after a sneeze at 90; a father "gone all hunched"; Scots words.
- What is not a sign now: weight lost "on purpose ... planned"; a DVT in 2015 and "off blood
  thinners since 2016"; a relative's condition named; a documentary; a cast that has come off;
  "At the age of 70 I have ..." is not a time long past.
- Answers the wellness questions read: "a bit" (PHQ-4), a sleep broken "cos of it", hands that
  feel "like he's wearing gloves" (numbness).
"""

import pytest

from bot.conversation import reading
from bot.engine.assessment import screen_text
from bot.engine.content import default_content
from bot.engine.spelling import correct


@pytest.mark.parametrize(
    "text, group",
    [
        (
            "my lad is 14 and he's had a sudden severe pain in his left testicle since lunch. "
            "I only wanted to ask about your prices for my shoulder",
            "testicular_torsion",
        ),
        (
            "my wife is very drowsy and muddled today and has hardly passed any urine since "
            "yesterday. sorry, I know I'm meant to be booking my own neck",
            "sepsis",
        ),
        (
            "on apixaban for my heart. got a bruise on my forehead off the garage door yesterday",
            "head_injury_anticoagulant",
        ),
        (
            "grandad's on warfarin and he knocked his head on the car roof this morning, he's "
            "booked in for his back",
            "head_injury_anticoagulant",
        ),
        (
            "on rivaroxaban, clipped my head on a beam at the barn on sunday",
            "head_injury_anticoagulant",
        ),
        ("my uncle, 77, his belly was pulsing when he lay down and his back aches today", "aortic"),
        ("a pain ripped through the middle of my back an hour ago, out of nowhere", "aortic"),
        (
            "booking for a resident, 91: drowsy since the weekend and hardly a wet pad all day",
            "sepsis",
        ),
        ("my son keeps saying he wants to die. he also has a sore back from rugby", "suicide_risk"),
        (
            "I've sorted my affairs and written goodbye letters. Just a massage for my neck",
            "suicide_risk",
        ),
        ("sudden agonising pain in my right ball since this morning", "testicular_torsion"),
        (
            "my little boy is crying and clutching his privates since he jumped off the bed",
            "testicular_torsion",
        ),
        (
            "I got my arm put in plaster yesterday and tonight my fingers are numb and tingly",
            "compartment_syndrome",
        ),
        (
            "six weeks along and I fainted at work with a pain low on the right of my tummy",
            "ectopic_pregnancy",
        ),
        (
            "I'm 74 and this is a headache I'm not used to, round the sides of my head",
            "giant_cell_arteritis",
        ),
        (
            "our daughter collapsed during a netball match on saturday, out cold for a few seconds",
            "cardiac",
        ),
        (
            "booking my partner in, he says there's a weight on his chest and his left arm has "
            "gone all achy since lunch",
            "cardiac",
        ),
        (
            "59, a heaviness between my shoulder blades on the first climb of every ride, it "
            "goes if I soft-pedal",
            "exertional_angina",
        ),
        (
            "shin has hurt for weeks of running, tried hopping on it this morning and couldn't",
            "fracture",
        ),
        (
            "booking for my nan, she is 90 and sneezed this morning and now her back is agony, "
            "she can't stand up",
            "osteoporotic_fracture",
        ),
        (
            "booking for my dad, he is 84 and has gone all hunched over this year, his back aches",
            "osteoporotic_fracture",
        ),
        (
            "I'm 24 and wake up at 4-5am most nights with my lower back, stiff as a board till 11, "
            "the gym sorts it out",
            "inflammatory_back_pain",
        ),
        ("went ma length on the ice, my wrist is swollen and I cannae move it", "fracture"),
    ],
)
def test_a_sign_told_in_passing_or_of_someone_else_is_raised(text, group):
    assert group in screen_text(text, default_content())


@pytest.mark.parametrize(
    "text",
    [
        "I've lost 6 kilos since the summer, all on purpose, the weight loss is planned. "
        "Tight neck",
        "I had a DVT in 2015 after an op, and I've been off all blood thinners since 2016. "
        "Sore calves from running",
        "my brother had cauda equina surgery in March. I just want a massage for my shoulders",
        "grandad has leaked urine since his prostate op last year, I do his washing and my back "
        "aches",
        "watched a documentary about sepsis last night, anyway my hamstrings are tight",
        "my ankle was in a cast for six weeks, the cast came off on Monday and my foot feels "
        "a bit numb in the mornings",
        "my friend's dad collapsed with chest pain at golf last year. I have golfer's elbow",
    ],
)
def test_what_is_not_a_sign_now(text):
    assert screen_text(text, default_content()) == []


def test_a_present_age_is_not_a_time_long_past():
    text = "At the age of 70 I have a fever and shivers with my back pain."
    assert "infection" in screen_text(text, default_content())


@pytest.mark.parametrize(
    "question, text, value",
    [
        ("phq4.down", "a bit", "several_days"),
        ("phq4.nervous", "quite a bit", "more_than_half"),
        ("sleep", "I wake up around 4-5am cos of it", "broken_by_pain"),
        ("numbness_tingling", "he says his hands feel like he's wearing gloves", "yes"),
    ],
)
def test_answers_in_the_visitors_words_are_read(question, text, value):
    readings = reading.read_message(text, question, {}, default_content(), for_another=True)
    assert readings[question]["value"] == value


@pytest.mark.parametrize(
    "typed, read",
    [
        ("I cannae put it doon", "I can't put it down"),
        ("banged ma heid", "banged ma head"),
        ("been hirplin aboot", "been limping about"),
    ],
)
def test_scots_words_are_read_as_their_standard_ones(typed, read):
    assert correct(typed).text == read
