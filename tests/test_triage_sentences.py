"""Whole sentences as visitors type them: red flags found, and benign pain left alone.

Written apart from the content and its other tests, to check the lexicon generalizes; the
benign cases guard against over-triage as much as the others guard against missed red flags.
"""

import pytest

from bot.engine.assessment import screen_text

BENIGN = [
    "I get a stiff neck after long days at my desk",
    "my lower back aches and sometimes it wakes me at night",
    "I'm 67 and my shoulder hurts after gardening",
    "sore calves after my run yesterday",
    "headache behind my eyes when I'm stressed",
    # the semantic layer scores it high for stroke, but dizziness on standing up quickly is
    # explained (lexicon.yml dizziness ignore_in), and the rules' reading drops the hit
    "I feel a bit dizzy when I stand up too quickly",
    "whiplash from a car accident two weeks ago, neck is sore",
    "chest feels tight after bench press at the gym",
    "tingling in my fingers when I type",
    "my knee clicks going up stairs",
    # found trying the bot (2026-12-01): the friend's drooping face was raised as a stroke
    "my friend's face drooped when she had her stroke, I just want a massage for my neck",
    # weight loss on purpose, thinner muscles, a boil that swells: no cancer sign
    "ive been dieting and lost weight, my back aches all the time now",
    "my clothes are loose since I went on a diet, my back aches all the time",
    "my arms look thinner since I stopped lifting, and my shoulder aches",
    "boil on my back burst, now a red swollen lump thats getting bigger",
    "my dad had a stroke and my mum had cancer, i'm fine apart from a stiff lower back from "
    "lifting boxes",
    "my wife had a DVT once so I always stretch on flights, no swelling, just tight hips",
    # questions answered once, a cause and the people the visitor looks after (2026-12-01)
    "Fever? Chills? Nope, neither. My upper back is just tight from the new chair",
    "volunteering at the cancer charity shop all weekend, my lower back and feet ache",
    "I nurse immunocompromised patients on a ward and my back aches after long shifts",
    # "with" someone whose own condition follows stays theirs
    "I live with my husband who had a stroke last year, my lower back aches from helping him up",
    "coping with my dad's stroke and my neck and shoulders are in knots",
    # booking for someone else whose aches are ordinary, or for oneself beside another's past
    "booking for my wife, her shoulders are tight from driving all week, nothing else",
    "booking for my husband, his dad had a stroke last year and his neck is stiff from golf",
    "my dad had a stroke last year, booking for my stiff neck",
]

RED_FLAGS = [
    ("I've got numbness in both legs and can't feel when I wipe", "cauda_equina"),
    ("crushing pain in my chest going down my left arm and I'm sweating", "cardiac"),
    ("suddenly the worst headache of my life, like being hit", "thunderclap_headache"),
    ("my calf is swollen and hot since the long flight", "dvt"),
    ("my hands have got clumsy, dropping things, and I'm unsteady walking", "myelopathy"),
    ("I've lost a stone without trying and the back pain is worse at night", "cancer"),
    ("slurred my words and my face felt numb on one side this morning", "stroke_or_arterial"),
    ("my leg is getting weaker every week, my foot drags", "progressive_weakness"),
    ("fell off a ladder onto my back yesterday", "fracture"),
    # found trying the bot (2026-12-01): "knocked me over" was not read as a fall
    ("my grandson knocked me over, I'm 81, my hip is agony", "fracture"),
    ("my son noticed my face drooped at lunch", "stroke_or_arterial"),
    # found with my own sentences (2026-12-01): a diet denied, typed without an apostrophe,
    # still explained the weight away; "I look thinner"; a lump that has grown
    ("lost nearly a stone in two months not dieting, my hip aches constantly", "cancer"),
    ("i havent been dieting but my weight is dropping and my back aches", "cancer"),
    ("dropped 2 stone w/o dieting, back aches all night whatever i do", "cancer"),
    ("my daughter keeps saying i look thinner and my back aches all the time", "cancer"),
    ("my clothes are baggy these days and my back aches all the time", "cancer"),
    ("there's a hard lump in my neck that's grown, and my shoulder aches", "cancer"),
    # someone else's condition, or someone else playing the sign down, beside the visitor's own
    (
        "my dad had a stroke at 60 so im worried, this morning my left arm went weak and my "
        "speech was slurred for a bit",
        "stroke_or_arterial",
    ),
    (
        "my wife thinks its indigestion but i had a heavy ache in my chest and jaw walking up "
        "the hill, and felt clammy",
        "cardiac",
    ),
    (
        "mum said dont fuss but i got hit by the worst headache of my life out of nowhere "
        "while on the loo, threw up",
        "thunderclap_headache",
    ),
    ("hubby noticed my mouth drooping on one side when i smiled", "stroke_or_arterial"),
    # someone named just before the visitor's own sign, which says "my"
    (
        "at my son's wedding and suddenly a bang in my head, pain like never before",
        "thunderclap_headache",
    ),
    (
        "dancing with my wife and suddenly a bang in my head, pain like never before",
        "thunderclap_headache",
    ),
    # someone the visitor was with: the fall is the visitor's
    (
        "was at the park with my son and fell off the climbing frame onto my wrist, it looks "
        "bent now and I'm 70",
        "fracture",
    ),
    # booking for someone else: the signs of the person booked for are the client's
    (
        "booking for my nan, she's 88 - yesterday her mouth went lopsided and she couldn't "
        "find her words for a while",
        "stroke_or_arterial",
    ),
    (
        "could i book my son in, he's 16 and has a raging temperature with a banging headache "
        "and a stiff neck",
        "thunderclap_headache",
    ),
    (
        "my husband would like to book, he came off his bike, his ankle is swollen and he "
        "can't put weight on it",
        "fracture",
    ),
    (
        "writing on behalf of my partner: he can't feel anything when he wipes and hasn't "
        "peed since last night, back is bad",
        "cauda_equina",
    ),
]


@pytest.mark.parametrize("text", BENIGN)
def test_benign_sentences_raise_no_red_flag(text):
    assert screen_text(text) == []


@pytest.mark.parametrize(("text", "group"), RED_FLAGS)
def test_red_flag_sentences_are_caught(text, group):
    assert group in screen_text(text)
