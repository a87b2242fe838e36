"""A plan to end one's life told in new words, an older person's fever with a mind gone muddled,
meningitis, a scrotum, a cast too tight, a collapse, a relative's medicine and knock, and the
everyday stiff neck with a headache (forty-fifth round). Each was missed, or raised wrongly, on
a development set written apart; the wording here is my own."""

import pytest

from bot.engine.assessment import screen_message, screen_text
from bot.engine.nlp import extract
from tests.test_lexicon_variants import rules_groups

# --- thoughts of suicide: a plan, self-harm taken up again, the veiled words ----------------


@pytest.mark.parametrize(
    "text",
    [
        "My sister told me on the phone she has figured out how she would end it. Can a massage"
        " calm her down?",
        "I know how I'd do it now, I just want one last nice thing, an hour's massage.",
        "Been scratching again to cope with it all, my shoulders are in bits as well.",
        "If I don't turn up on Friday I'll probably have done something stupid, sorry.",
        "Need to get away from my own head before I do something stupid. Back massage please.",
    ],
)
def test_a_plan_self_harm_again_or_the_veiled_words_raise_suicide_risk(text, content):
    assert "suicide_risk" in screen_text(text, content)


@pytest.mark.parametrize(
    "text",
    [
        "I did something stupid lifting the wardrobe on my own, now my lower back is locked.",
        "Started cutting again for the bodybuilding show in March, my traps are so tight.",
        "Worked out how to do the lat pulldown properly at last, but my shoulder aches.",
    ],
)
def test_the_same_words_about_the_gym_or_a_lift_raise_nothing(text, content):
    assert "suicide_risk" not in screen_text(text, content)


# --- sepsis: a fever (or a urine infection) and a mind that is not right -------------------


@pytest.mark.parametrize(
    "text",
    [
        "Grandad has a temperature of 38.9 and since lunchtime he is not recognising anyone.",
        "Mum has had the flu all week, fever and shakes, and today she doesn't know who we are.",
        "My aunt has a water infection and tonight she didn't know who we were.",
        "Dad's had a high fever since Sunday and today he's away with the fairies, sleeping"
        " most of the day.",
        "I'm shivering with a fever and my fingers are going bluish.",
        "He's really drowsy, burning hot and breathing fast since this morning.",
    ],
)
def test_a_fever_or_urine_infection_with_a_muddled_mind_or_blue_skin_raises_sepsis(text, content):
    assert "sepsis" in screen_text(text, content)


@pytest.mark.parametrize(
    "text",
    [
        "I'm shivering with a fever and my fingers are going bluish.",
        "Temperature of 39 since yesterday and my wife says I was talking irrelevant things.",
        "It burns when I wee and today I've been confused, muddled about the time.",
    ],
)
def test_the_rules_read_these_sepsis_signs_themselves(text, content):
    assert "sepsis" in rules_groups(text)


def test_a_fever_with_a_headache_and_a_stiff_neck_names_meningitis(content):
    text = "Since last night I've had a fever, a banging headache and a really stiff neck."
    assert {"sepsis", "thunderclap_headache"} <= set(screen_text(text, content))


def test_a_person_burning_hot_is_a_fever_but_a_hot_knee_or_day_is_not():
    def ids(text):
        return {m.id for m in extract(text) if m.label == "finding"}

    assert "fever" in ids("She is confused, burning hot and sleepy.")
    assert "fever" not in ids("My right knee is burning hot and swollen after football.")
    assert "fever" not in ids("It was burning hot on the beach, I got sunburnt shoulders.")


def test_the_glass_test_named_is_no_rash_but_a_failed_one_is(content):
    told = "My cousin, a nurse, showed me the glass test once. Anyway, a neck massage please."
    assert "sepsis" not in screen_text(told, content)
    failed = "I have spots on my legs that didn't fade under the glass and a fever."
    assert "sepsis" in screen_text(failed, content)


# --- emergencies in a scrotum, a cast, a collapse, a relative's knock on blood thinners -----


@pytest.mark.parametrize(
    ("text", "group"),
    [
        (
            "The left side of my scrotum has been agony for an hour and I've been sick twice.",
            "testicular_torsion",
        ),
        ("sudden pain in my right testicle, puking since", "testicular_torsion"),
        (
            "My wrist was set with a cast on Tuesday and now the pain is out of all proportion and"
            " my fingers are numb.",
            "compartment_syndrome",
        ),
        (
            "Client 81F. Collapsed briefly in the kitchen this morning, now has bad pain low in"
            " her back.",
            "aortic",
        ),
    ],
)
def test_emergencies_told_in_these_words_are_raised(text, group, content):
    assert group in screen_text(text, content)
    assert group in rules_groups(text)


def test_a_relatives_medicine_is_taken_now_without_a_word_of_now(content):
    text = (
        "My grandad is on blood thinners for his heart. This afternoon he hit his head on the"
        " shed door."
    )
    assert "head_injury_anticoagulant" in screen_text(text, content)


def test_a_relatives_medicine_long_ago_is_no_medicine_now(content):
    text = (
        "My grandad was on blood thinners years ago. This afternoon he hit his head on the"
        " shed door."
    )
    assert "head_injury_anticoagulant" not in screen_text(text, content)


def test_a_collapse_onto_the_sofa_is_no_faint(content):
    text = "Client 74M. Collapsed on the sofa after the night shift, sore low back this week."
    assert "aortic" not in screen_text(text, content)


# --- history long past, a question, a test that cleared it ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Had pre-eclampsia 14 months ago with my son, I'm not pregnant any more. Sore neck.",
        "A TIA 8 years ago, fully recovered and only take aspirin now. Tight hips from cycling.",
        "He had surgery for a twisted testicle when he was 14, and he's 19 now. Tight calves.",
        "Might my headaches be a brain tumour? They come after long days and ease with sleep.",
        "Is it shingles if the skin just itches? Mine is dry from the cold, that's all.",
        "In case I get a DVT one day on a long flight, should I avoid leg massage?",
        "I'm 79 and tripped on the kerb last week, x-rays of my wrist and hand were all clear.",
    ],
)
def test_history_questions_and_cleared_falls_raise_nothing(text, content):
    assert screen_text(text, content) == []


def test_a_thing_that_fell_from_a_weak_hand_is_no_fall(content):
    text = "My left hand went weak this morning and the cup fell out of my hand."
    hits, asked = screen_message(text, content)
    assert "stroke_or_arterial" in [hit.group for hit in hits]
    assert "fracture" not in asked


def test_temples_that_throb_are_a_temple_headache():
    ids = {m.id for m in extract("Mum is 71 and her temples throb every evening this week.")}
    assert "temple_headache" in ids


# --- the everyday stiff neck with a headache ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I've got a stiff neck and a headache",
        "stiff neck and a headache after the office",
        "Headache and my neck's stiff, from a bad pillow",
    ],
)
def test_a_stiff_neck_with_a_headache_alone_is_asked_about_not_raised(text, content):
    hits, asked = screen_message(text, content)
    assert not hits
    assert "thunderclap_headache" in asked


@pytest.mark.parametrize(
    "text",
    [
        "stiff neck and a headache that hit me like a thunderbolt while I was lifting",
        "stiff neck, headache and a fever since yesterday",
    ],
)
def test_a_stiff_neck_and_headache_with_more_is_still_raised(text, content):
    assert "thunderclap_headache" in screen_text(text, content)
