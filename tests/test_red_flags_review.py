"""The red-flag content added or changed from the clinical review (issue 11).

Every example is written for this file, through the engine's public API (`screen_text` for one
message, `assess` for answers and messages together). Traps are idioms and weak single signs
that must stay benign.
"""

from __future__ import annotations

import datetime

import pytest

from bot.engine.assessment import assess, screen_text
from bot.engine.content import default_content

# known over-triage by the semantic layer (bot/engine/semantic.py), listed in docs/evaluation.md
OVER_TRIAGED = "the semantic layer raises it"
# Emergency groups are raised from a lower score (semantic.CONFIDENT_EAGER): neck tightness with
# feeling sick is close to the cardiac concept (pain in the neck with nausea); a known cost.
EAGER_OVER_TRIAGE = "raised as cardiac at the emergency groups' lower threshold"

TODAY = datetime.date(2026, 11, 30)

RAISES = [
    # new groups
    (
        "I'm on warfarin and I banged my head on a cupboard this morning",
        "head_injury_anticoagulant",
    ),
    ("took a knock to the head, i take eliquis", "head_injury_anticoagulant"),
    ("I take apixaban and fell over yesterday", "anticoagulant_bleeding"),
    ("on blood thinners and there are bruises for no reason on my thigh", "anticoagulant_bleeding"),
    ("sudden tearing pain between my shoulder blades", "aortic"),
    ("there's a pulsing in my tummy and my lower back aches", "aortic"),
    ("my period is late and I have pain low down on one side", "ectopic_pregnancy"),
    ("i might be pregnant and there is pain in the tip of my shoulder", "ectopic_pregnancy"),
    ("sudden pain in my testicle and I feel sick", "testicular_torsion"),
    (
        "after a kick to the shin in football my shin is rock hard and the pain is unbearable",
        "compartment_syndrome",
    ),
    ("I have a fever and I'm confused and my skin looks mottled", "sepsis"),
    ("shivering, temperature 39 and I haven't peed all day", "sepsis"),
    ("honestly I want to end it all", "suicide_risk"),
    ("some days there is no point going on", "suicide_risk"),
    (
        "new headache in my temples and my scalp is sore when I brush my hair",
        "giant_cell_arteritis",
    ),
    ("my knee is hot and swollen and I can't bend it", "septic_joint"),
    ("I'm 32 weeks pregnant with a bad headache and flashing lights", "pre_eclampsia"),
    ("gave birth two weeks ago and now my face is swollen and I have a headache", "pre_eclampsia"),
    ("my left arm aches when I walk uphill and eases when I stop", "exertional_angina"),
    ("burning band round one side of my ribs", "shingles"),
    ("pain in my side that comes in waves and blood in my pee", "kidney"),
    ("both shoulders and hips are stiff for hours every morning", "polymyalgia"),
    (
        "my lower back is stiff for hours every morning and gets better with exercise",
        "inflammatory_back_pain",
    ),
    ("I sneezed and got sudden pain in my back, I have osteoporosis", "osteoporotic_fracture"),
    # widened: stroke (TIA counts once resolved), cardiac, cauda equina, infection, headache
    ("for ten minutes yesterday I couldn't get my words out, fine now", "stroke_or_arterial"),
    ("my eyelid is drooping", "stroke_or_arterial"),
    ("pulsing in my ear and neck pain", "stroke_or_arterial"),
    ("my arm went useless for a minute", "stroke_or_arterial"),
    ("I was suddenly confused at work", "stroke_or_arterial"),
    ("since the chiropractor cracked my neck I'm dizzy", "stroke_or_arterial"),
    ("sore temples, jaw hurts when I chew and now my vision is blurry", "stroke_or_arterial"),
    ("pressure in my arms and sweating", "cardiac"),
    ("heaviness in my left arm when I climb stairs, and I feel sick", "cardiac"),
    ("I coughed up blood this morning", "cardiac"),
    ("I can't get an erection and my lower back hurts", "cauda_equina"),
    ("it feels different when I wipe", "cauda_equina"),
    ("I have to wear pads now", "cauda_equina"),
    ("i cannot pee since yesterday", "cauda_equina"),
    ("urine not coming since morning", "cauda_equina"),
    ("I've had a slight temperature", "infection"),
    ("I have a temp", "infection"),
    # a time is no place: the reading still counts
    ("I had 39 degrees in March and my back still aches, with night sweats", "infection"),
    ("fever of 39 here in Leeds and my lower back aches", "infection"),
    ("temp was 39 in A&E last night, my lower back is agony", "infection"),
    ("39.2 degrees in St Mary's yesterday and my back aches", "infection"),
    ("headache when I cough", "cancer"),
    ("my headache is worse when I lie down", "cancer"),
    ("I had breast cancer and now my lower back hurts", "cancer"),
]

TRAPS = [
    "I laughed so hard I wet myself",
    "It was 38 degrees outside",
    # a reading followed by a place's name is the weather
    "39 degrees in Lisbon all week and my shoulders are burnt and stiff",
    "we had 40 degrees here in Athens, slept badly, lower back aches",
    # "seeing double" said of a diary or of twins
    "seeing double in my calendar this week, two clients at 3pm, neck is tight",
    "with the twins I'm seeing double all day and my back aches from carrying them",
    "I was up all night long with the baby",
    "I'm sick of this chest ache",
    "the barbell came down on my chest",
    "I dropped to the floor to stretch",
    "I keep dropping the ball at work",
    "I have water retention",
    "sudden head movement makes my neck hurt",
    "my calf is tender",
    "I feel unsteady",
    "getting weaker since I stopped the gym",
    pytest.param(
        "I had breast cancer ten years ago, my knee hurts",
        marks=pytest.mark.xfail(reason=OVER_TRIAGED),
    ),
    "I'm trying to lose weight",
    "I had a knee operation ten years ago",
    "I had whiplash in 2005",
    "I had a fever last week but it's gone",
    "I bumped my head last year",
    "I hurt myself at the gym",
    "this pain is killing me",
    "my traps are rock hard",
    "I walk uphill to work every day",
    "my shoulder is stiff in the morning",
]


@pytest.mark.parametrize(("text", "group"), RAISES)
def test_message_raises_the_group(text, group):
    assert group in screen_text(text)


@pytest.mark.parametrize("text", TRAPS)
def test_trap_stays_benign(text):
    assert screen_text(text) == []


def test_each_new_group_has_an_example():
    new = {
        "head_injury_anticoagulant", "anticoagulant_bleeding", "aortic", "ectopic_pregnancy",
        "testicular_torsion", "compartment_syndrome", "sepsis", "suicide_risk",
        "giant_cell_arteritis", "septic_joint", "pre_eclampsia", "exertional_angina", "shingles",
        "kidney", "polymyalgia", "inflammatory_back_pain", "osteoporotic_fracture",
    }  # fmt: skip
    assert new <= set(default_content().red_flags.groups)
    assert new <= {group for _, group in RAISES}


def test_dispositions_through_assess():
    cases = {
        "on warfarin and I hit my head": "emergency",
        "I want to kill myself": "emergency",
        "temples ache and my scalp is tender": "urgent_physician",
        "both shoulders and hips, stiff for hours every morning": "physician_referral",
    }
    for text, disposition in cases.items():
        assert assess(messages=[text], today=TODAY).disposition == disposition, text


def test_answers_combine_with_free_text():
    outcome = assess(
        answers={"cautions": "blood thinners", "age": "72"},
        messages=["I banged my head on the car door"],
        today=TODAY,
    )
    assert "head_injury_anticoagulant" in outcome.red_flags
    gca = assess(answers={"age": "68"}, messages=["my scalp is sore"], today=TODAY)
    assert "giant_cell_arteritis" in gca.red_flags
    young = assess(answers={"age": "30"}, messages=["my scalp is sore"], today=TODAY)
    assert young.red_flags == []


@pytest.mark.parametrize(
    "text",
    [
        "on thinners, hit my head yesterday",
        "I'm anticoagulated and banged my head on a cupboard",
        "I have blood thinning injections since my op and knocked my head on the car door",
        "my INR was 4 last week and I bumped my head on a shelf",
    ],
)
def test_blood_thinners_in_other_words(text):
    assert "head_injury_anticoagulant" in screen_text(text)


def test_a_head_knock_heard_without_blood_thinners_is_the_head_injury_emergency():
    # the semantic layer hears a head injury on blood thinners; none are named, so the same
    # words raise the headache group (red_flags.yml heard_without) and the question is asked
    text = "hit my head on the cupboard door this morning, now I feel drowsy and confused"
    outcome = assess(messages=[text], today=TODAY)
    assert "head_injury_anticoagulant" not in outcome.red_flags
    assert "thunderclap_headache" in outcome.red_flags
    assert outcome.disposition == "emergency"
    assert "head_injury_anticoagulant" in outcome.possible
    told = assess(messages=["I take rivaroxaban", text], today=TODAY)
    assert "head_injury_anticoagulant" in told.red_flags
    answered = assess(answers={"cautions": "blood thinners"}, messages=[text], today=TODAY)
    assert "head_injury_anticoagulant" in answered.red_flags


def test_a_fall_heard_without_blood_thinners_is_asked_about():
    outcome = assess(messages=["fell over in the garden, big bruise on my thigh"], today=TODAY)
    assert outcome.red_flags == []
    assert "anticoagulant_bleeding" in outcome.possible


def test_a_back_that_went_on_a_small_event_is_asked_about_until_the_bones_may_be_thin():
    # the semantic layer hears an osteoporotic fracture in any sudden back pain after a reach
    # or a bend; with no thin bones, steroids, lost height or age of 65 it is a strain, and
    # the question is asked (red_flags.yml heard_needs)
    text = (
        "Reached up to the top shelf for a suitcase yesterday and felt a sudden sharp pain "
        "in my mid back, it catches when I twist"
    )
    outcome = assess(messages=[text], today=TODAY)
    assert outcome.red_flags == []
    assert "osteoporotic_fracture" in outcome.possible
    for told in (
        assess(answers={"age": "71"}, messages=[text], today=TODAY),
        assess(messages=["I've been on prednisolone for two years", text], today=TODAY),
        assess(messages=["my bone scan showed osteoporosis", text], today=TODAY),
    ):
        assert "osteoporotic_fracture" in told.red_flags


def test_an_osteoporotic_fracture_heard_beside_a_fracture_is_raised_with_it():
    # the words raise a fracture anyway; the finer kind names what the doctor should look for
    text = (
        "three days ago I bent for the laundry basket and something went in the middle of my "
        "back, sharp like a snap, and now I can't stand up straight"
    )
    outcome = assess(messages=[text], today=TODAY)
    assert {"fracture", "osteoporotic_fracture"} <= set(outcome.red_flags)


def test_unsure_about_a_fracture_counts():
    outcome = assess(answers={"red_flag.fracture": "not sure"}, today=TODAY)
    assert "fracture" in outcome.red_flags


def test_suicide_message_is_a_crisis_response_with_the_one_crisis_line():
    group = default_content().red_flags.groups["suicide_risk"]
    assert "{crisis_line}" not in group.message
    assert "988" in group.message and "116 123" in group.message
    assert "emergency number" in group.message
    own = group.own_result
    for message in (own.message, own.message_for_another):
        assert "{crisis_line}" not in message
        assert "988" in message and "116 123" in message and "emergency number" in message


def test_someone_else_and_negation_still_read():
    assert screen_text("my brother took his own life years ago") == []
    assert screen_text("I'm not suicidal, just fed up with the pain") == []
    assert screen_text("no fever, no confusion") == []


@pytest.mark.parametrize(
    "text",
    [
        "I had a kidney infection when I was a student, I'm 50 now, my back is just stiff",
        "my hip was dislocated in a car crash in 2003, it's great now, my glutes are tight",
        "I had a blood clot in my leg eight years ago, fine since, now my shoulder aches",
        "a fever in September, long gone, now I'd like a back massage",
    ],
)
def test_my_age_today_does_not_make_an_old_problem_current(text):
    # `aside` and the wider `past` and `gone` words of lexicon.yml's `time`
    assert screen_text(text) == []


def test_a_sign_said_to_be_back_or_worse_still_counts():
    assert "infection" in screen_text("I had a fever years ago and it came back yesterday")
    assert "dvt" in screen_text("I had a clot years ago and now my calf is swollen and hot again")


def test_a_fever_that_went_days_ago_is_a_note_not_a_referral():
    # the semantic layer scores it 0.97 for an infection; the rules read the fever as gone
    assert screen_text("no, the fever went a week and a half ago and i feel fine") == []
    # the end of a sign, not a sign: "stopped" and "broke" are not among the words
    assert "fracture" in screen_text("I broke my wrist two weeks ago when I fell off a ladder")


def test_lapsed_mention_counts_when_it_is_back():
    assert "infection" in screen_text("the fever went away but it came back last night")
    assert "fracture" in screen_text("I fell off a ladder years ago and it still hurts")


@pytest.mark.parametrize(
    "text",
    [
        "I have a faint ache in my lower back",
        "my calves are rock hard after marathon training",
        "I see a chiropractor for my headaches",
        "tight shoulders and I sweat a lot at the gym",
        pytest.param(
            "my neck is tight and I feel sick with the pain",
            marks=pytest.mark.xfail(reason=EAGER_OVER_TRIAGE),
        ),
        "I work as a temp and my back hurts",
        "the pain in my lower back comes in waves",
        "my aortic aneurysm is being monitored",
        pytest.param(
            "my ankle is swollen and warm after I sprained it",
            marks=pytest.mark.xfail(reason=OVER_TRIAGED),
        ),
    ],
)
def test_new_words_do_not_catch_everyday_nmt_complaints(text):
    assert screen_text(text) == []


def test_fever_with_a_rash_and_a_known_aneurysm_with_back_pain_are_emergencies():
    assert "sepsis" in screen_text("fever and a rash all over")
    assert "aortic" in screen_text("I have a known aneurysm and now sudden back pain")


def test_a_rule_can_name_its_own_disposition():
    """The Canadian C-spine rule: a dangerous mechanism, neck pain and tingling in the limbs is
    an emergency, while the other fracture rules stay a referral."""
    with_tingling = assess(
        messages=[
            "I was rear-ended in a car accident yesterday, my neck hurts and my fingers tingle"
        ]
    )
    assert [(h.group, h.disposition) for h in with_tingling.hits] == [("fracture", "emergency")]
    assert with_tingling.disposition == "emergency"
    without = assess(messages=["I was in a car accident last week and my neck is sore"])
    assert [(h.group, h.disposition) for h in without.hits] == [("fracture", "physician_referral")]


def test_a_rule_disposition_must_be_a_known_one(tmp_path):
    import shutil

    from bot.engine.content import CONTENT_DIR, ContentError, load_content

    for path in CONTENT_DIR.glob("*.yml"):
        shutil.copy(path, tmp_path / path.name)
    red_flags = tmp_path / "red_flags.yml"
    red_flags.write_text(
        red_flags.read_text(encoding="utf-8").replace(
            "      - disposition: emergency\n        rule:",
            "      - disposition: soon\n        rule:",
        ),
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match="disposition"):
        load_content(tmp_path)


@pytest.mark.parametrize(
    "text, group, disposition",
    [
        # the review: cannot bear weight after an injury is urgent (Ottawa rules)
        ("twisted my knee at football, I can't bear weight on it", "fracture", "urgent_physician"),
        # the review: immune-lowering drugs with spinal pain alone is a referral ...
        ("I'm on methotrexate and my neck is sore", "infection", "physician_referral"),
        # ... and with chills it is the same day
        ("on methotrexate, my neck is sore and I've had chills", "infection", "urgent_physician"),
    ],
)
def test_rules_at_their_own_level(text, group, disposition):
    outcome = assess(messages=[text])
    assert [(h.group, h.disposition) for h in outcome.hits] == [(group, disposition)]


# Twenty-seventh round: the semantic layer hears a knock to the head in a message that also
# denies every sign after it; without blood thinners it raised the dangerous headache group
# (heard_without) on the knock alone. NICE refers a knock with a sign, not a knock alone.
@pytest.mark.parametrize(
    "text",
    [
        "Banged my head on the kitchen cupboard yesterday. No headache, not dizzy, not sick, "
        "just a small bump.",
        "I knocked my head on the car boot lid last Wednesday. There's a small bruise, but no "
        "headache since, and I feel completely normal.",
    ],
)
def test_a_knock_with_every_sign_denied_asks_about_blood_thinners_and_raises_nothing(text):
    outcome = assess(messages=[text], today=TODAY)
    assert outcome.red_flags == []
    assert "head_injury_anticoagulant" in outcome.possible


# Thirty-fourth round: blood thinners told of the same person in the same words meet the head
# injury group's need (assessment.py `_with_told`): the gran's knock is a head injury on them.
@pytest.mark.parametrize(
    "text, group",
    [
        (
            "whacked my head on the loft hatch on sunday and now the headache is getting worse "
            "and i keep being sick",
            "thunderclap_headache",
        ),
        (
            "My gran (88) knocked her head on the shelf yesterday and now she has a headache and "
            "seems muddled. She's on blood thinners.",
            "head_injury_anticoagulant",
        ),
    ],
)
def test_a_knock_with_a_sign_after_it_is_still_an_emergency(text, group):
    assert group in screen_text(text)


# Twenty-seventh round: a fracture a clinician or an X-ray has ruled out (red_flags.yml
# `ruled_out`) is asked about, not raised on the semantic layer's word alone.
@pytest.mark.parametrize(
    "text",
    [
        "Tripped over the dog and landed on my wrist on Saturday, it swelled right up. The GP "
        "sent me for an X-ray and it came back clear, just a sprain. I'm 34 and it's still stiff.",
        "Came off my mountain bike on Sunday onto my shoulder. Went to minor injuries, the nurse "
        "said it's just bruised. I'm 41 and want to get back riding.",
    ],
)
def test_a_fracture_ruled_out_by_a_clinician_is_asked_about_not_raised(text):
    outcome = assess(messages=[text], today=TODAY)
    assert outcome.red_flags == []
    assert "fracture" in outcome.possible


@pytest.mark.parametrize(
    "text",
    [
        # a lay reassurance is not a clinician's
        "I'm 82 and fell in the kitchen yesterday, nothing broken I'm sure, but my hip hurts",
        # the rules still read what they read
        "the x-ray was clear but I still can't put any weight on my ankle",
    ],
)
def test_a_lay_reassurance_or_a_sign_after_a_clear_x_ray_still_raises_a_fracture(text):
    assert "fracture" in screen_text(text)
