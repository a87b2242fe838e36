"""Fifty-third round: back pain new after fifty, a clot in the lung, signs told by their effect,
and harmless causes the visitor names.

Found on `evaluation/screen_signs53_dev.yml`, `screen_reply53_dev.yml` and
`screen_effects53_dev.yml` (written apart by helpers): a first episode of back pain "out of the
blue" at 71 was not referred; a calf hot and swollen after a flight with breathlessness, and a
sudden breathlessness with a sharp pain on breathing in after a long journey, were not read as
a clot in the lung; "the ribs, since my fall" on steroids, a foot that "keeps dropping ...
since my back went", "my wife says I've got thinner", a myeloma "I didn't think was relevant
for a sore back" and an attempt told as sitting in the garage with the engine running were
missed; a numb hand from sitting on
it, a lopsided face after the dentist's injection, a faint at a blood test, a hangover (each
told as passed), weight lost for a wedding or to a stomach bug, a lifelong butterfingers and
meningitis as a baby each raised a group; a boy's "privates hurt badly on one side all of a
sudden" and "nuts killing me out of nowhere, right side" were only asked about. Every message
here is written for this file.
"""

from __future__ import annotations

import pytest

from bot.engine.assessment import assess, screen_message


def raised(text: str) -> set[str]:
    return set(assess(messages=[text]).red_flags)


@pytest.mark.parametrize(
    "text",
    [
        "I'm 68 and my lower back started aching a fortnight ago, never had back pain before",
        "booking for my dad, he's 74, his back has hurt for three weeks now, came on out of the "
        "blue, he didn't lift anything",
        "I am 59. First time in my life I have pain in the middle of my back, since a month",
        "I'm 66 and I've never had a bad back before, it has ached most days for a month",
    ],
)
def test_back_pain_new_after_fifty_is_referred_for_cancer(text):
    assert "cancer" in raised(text)


@pytest.mark.parametrize(
    "text",
    [
        # under fifty
        "I'm 34 and my lower back started aching last week, never had back pain before",
        # a cause named: not new for no reason
        "I'm 62 and my lower back has been sore since I dug the allotment on Sunday",
        # the back named only as never a problem: the neck is the place
        "I'm 65, never had back problems, just a stiff neck from the gardening",
    ],
)
def test_back_pain_under_fifty_or_with_a_cause_is_not_referred_for_cancer(text):
    assert "cancer" not in raised(text)


def test_a_sudden_tearing_pain_is_not_read_as_an_insidious_onset():
    text = "I'm 70, a sudden tearing pain went through my back an hour ago out of nowhere"
    assert raised(text) & {"aortic"} and "cancer" not in raised(text)


@pytest.mark.parametrize(
    "text",
    [
        "my left calf has been puffy and sore since the drive back from Spain, and this morning "
        "I'm getting out of breath just walking to the kitchen",
        "swollen calf since my knee operation and now I'm struggling to breathe",
        "all of a sudden I couldn't breathe properly on the walk home and now it hurts when I "
        "breathe in",
    ],
)
def test_a_clot_in_the_lung_is_an_emergency(text):
    assert "cardiac" in raised(text)


@pytest.mark.parametrize(
    "text",
    [
        # winded by a fall, a rib that hurts to breathe: the injury's
        "came off my mountain bike onto the rocks, winded for ages and it still hurts to breathe "
        "in",
        "we were laughing so hard at the wedding I couldn't breathe, my ribs are sore today",
    ],
)
def test_winded_by_a_fall_or_by_laughing_is_no_clot(text):
    assert "cardiac" not in raised(text)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        (
            "Right side, my ribs, since my fall. I take prednisolone every day for my lungs",
            "fracture",
        ),
        (
            "my foot keeps dropping when I walk, it's getting worse since my back went 3 weeks ago",
            "progressive_weakness",
        ),
        ("my husband keeps saying I've got thinner, and my back aches at night", "cancer"),
        (
            "I should say I'm on treatment for lymphoma, didn't think it was relevant for a "
            "sore back",
            "cancer",
        ),
        (
            "honestly last week I sat in the garage with the engine running for a long time. "
            "anyway can I book a back massage",
            "suicide_risk",
        ),
    ],
)
def test_signs_told_in_everyday_words_are_heard(text, group):
    assert group in raised(text)


def test_a_dropping_foot_is_not_read_as_clumsy_hands():
    text = "my foot keeps dropping when I walk, it's getting worse since my back went 3 weeks ago"
    assert "myelopathy" not in raised(text)


def test_a_muscle_gone_thinner_is_wasting_not_weight_loss():
    text = "my right thigh has gone thinner than the left and the leg is giving way more each week"
    groups = raised(text)
    assert "progressive_weakness" in groups and "cancer" not in groups


@pytest.mark.parametrize(
    "text",
    [
        "I lost 4kg for our wedding in June and kept it off, my shoulders are tight from the gym",
        "dropped a few pounds with a stomach bug last week, eating fine again now. neck massage?",
        "I've been a butterfingers since school, always dropping my keys. Stiff neck from my desk",
        "my daughter had meningitis as a baby and she's a healthy ten year old now, she wants a "
        "sports massage",
    ],
)
def test_a_weight_lost_for_a_reason_a_lifelong_trait_or_a_childhood_illness_raises_nothing(text):
    assert raised(text) == set()


@pytest.mark.parametrize(
    ("text", "group"),
    [
        (
            "I fell asleep leaning on my arm on the train and my hand was dead and floppy for a "
            "few minutes, all fine now. Forearm massage?",
            "stroke_or_arterial",
        ),
        (
            "after the dental injection this morning my lip drooped and I was dribbling my coffee, "
            "it's wearing off now",
            "stroke_or_arterial",
        ),
        (
            "I always go grey and sweaty at the sight of blood, I did it again at my blood test "
            "this morning, had a lie down and I'm fine now. Back massage please",
            "cardiac",
        ),
        (
            "way too much prosecco at the hen do on Saturday, head was pounding and I was sick, "
            "all fine now. Shoulder massage?",
            "thunderclap_headache",
        ),
    ],
)
def test_a_harmless_cause_of_a_sign_that_passed_makes_the_semantic_hit_a_question(text, group):
    hits, _ = screen_message(text)
    assert group not in {hit.group for hit in hits}


@pytest.mark.parametrize(
    ("text", "group"),
    [
        # a cause guessed for a sign still there is no reason to lower it
        (
            "my dad's left hand has been weak and numb since he got up, and his mouth droops on "
            "that side. He reckons he lay on his arm in the night",
            "stroke_or_arterial",
        ),
        (
            "my son has a thumping headache, a high temperature and can't put his chin on his "
            "chest, bright light hurts. He says it's a hangover",
            "thunderclap_headache",
        ),
    ],
)
def test_a_cause_guessed_for_a_sign_still_there_does_not_lower_it(text, group):
    assert group in raised(text)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        # the rules still read a dangerous sign, whatever it is put down to
        (
            "I'm hungover but this is different, the worst headache of my life came on suddenly "
            "an hour ago",
            "thunderclap_headache",
        ),
        (
            "I slept on my arm funny and since I woke up two hours ago my face is drooping and my "
            "speech is slurred",
            "stroke_or_arterial",
        ),
        (
            "I felt faint at my blood test yesterday, and today crushing chest pain going down my "
            "left arm",
            "cardiac",
        ),
    ],
)
def test_a_harmless_cause_does_not_lower_a_sign_the_rules_read(text, group):
    assert group in raised(text)


@pytest.mark.parametrize(
    "text",
    [
        "my lad is 14 and his privates are really sore on one side, it came on suddenly an hour "
        "ago",
        "left nut killing me since this morning and I feel sick, pulled something at football?",
    ],
)
def test_a_sudden_pain_in_a_testicle_told_in_everyday_words_is_an_emergency(text):
    assert "testicular_torsion" in raised(text)


def test_driven_nuts_is_no_testicle():
    text = "these deadlines are driving me nuts and my shoulders are killing me"
    assert "testicular_torsion" not in raised(text)


def test_a_period_weeks_late_with_a_faint_is_an_ectopic_pregnancy():
    text = "my period is 2 weeks late and I've a sharp pain low on my right, nearly fainted today"
    assert "ectopic_pregnancy" in raised(text)


def test_sudden_tummy_pain_with_a_cold_sweat_at_seventy_is_an_aortic_emergency():
    text = "my grandad is 79, a sudden bad pain in his stomach an hour ago and he's grey and clammy"
    assert "aortic" in raised(text)


def test_sudden_tummy_pain_with_a_sweat_when_young_is_no_aortic_emergency():
    text = "I'm 25, sudden stomach cramps after a dodgy kebab and I'm a bit sweaty"
    assert "aortic" not in raised(text)
