"""A letter typed once for two or "d" for "ed", a fever "burning up", the glass test told as it
was done, a booking asked for as a home visit or an errand, a tight bandage with tingling toes,
a sign of now told after a word of long ago, and a "not sudden" that says nothing changed
(forty-eighth round). Each was missed, or raised wrongly, on a development set written apart;
the wording here is my own."""

import pytest

from bot.engine.assessment import screen_message, screen_text
from bot.engine.nlp import booked_for, extract
from bot.engine.rules import says_any
from bot.engine.spelling import correct


def findings(text: str) -> set[str]:
    return {m.id for m in extract(text) if m.label == "finding"}


# --- spelling: a double letter typed once, "d" for "ed", "ma" for "my" -----------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("could my dad have a masage", "could my dad have a massage"),
        ("been runing every day", "been running every day"),
        ("i tripd on the step", "i tripped on the step"),
        ("bangd my elbow", "banged my elbow"),
        ("ma gran is 90", "my gran is 90"),
    ],
)
def test_a_double_letter_typed_once_d_for_ed_and_ma_before_kin_are_read_as_meant(typed, meant):
    assert correct(typed).text == meant


@pytest.mark.parametrize(
    ("typed", "not_meant"),
    [
        ("lowd", "lowed"),  # a rare past tense: more likely "loud"
        ("passd", "passed"),  # a red-flag word ("passed out") from a 5-letter typo
        ("ma said no", "my said no"),  # "ma" is left alone before a word not for a relative
    ],
)
def test_rare_or_red_flag_past_tenses_and_ma_elsewhere_are_not_made(typed, not_meant):
    assert correct(typed).text != not_meant


# --- a fever "burning up", the glass test told as it was done --------------------------------


def test_burning_up_is_a_fever_not_a_burning_pain(content):
    text = "My son has been burnin up all night and is very drowsy."
    assert "fever" in findings(text)
    assert not content.mention_filters["burning_pain"].counts(text)


def test_spots_that_do_not_fade_when_a_glass_is_pressed_on_them_raise_sepsis(content):
    text = (
        "My son is burning up and very drowsy, and he has spots on his legs that don't fade when"
        " I press a glass on them."
    )
    assert "non_blanching_rash" in findings(text)
    assert "sepsis" in screen_text(text, content)


# --- falls in other words, crutches, small events at an age of thin bones ----------------------


@pytest.mark.parametrize(
    "text",
    [
        "Grandad took a wee tumble on the path on Monday.",
        "My mother slip in the bathroom two days ago.",
    ],
)
def test_a_wee_tumble_and_a_slip_told_in_the_present_are_falls(text):
    assert "fall" in findings(text)


def test_unable_to_walk_without_crutches_after_a_crash_is_not_bearing_weight(content):
    text = "Came off my scooter on Saturday and since then I'm unable to walk without crutches."
    assert "cannot_bear_weight" in findings(text)
    assert "fracture" in screen_text(text, content)


def test_walking_without_crutches_again_is_not_a_sign():
    assert "cannot_bear_weight" not in findings("I can walk without crutches again now.")


@pytest.mark.parametrize(
    "text",
    [
        "She's 80 with thin bones, and when she coughed on Tuesday a sharp pain shot across her"
        " mid back.",
        "Mum is 78 and on bone tablets, she picked up the laundry basket and her lower back went.",
    ],
)
def test_a_cough_or_a_lift_with_thin_bones_and_back_pain_is_an_osteoporotic_fracture(text, content):
    assert "minor_trigger" in findings(text)
    assert "osteoporotic_fracture" in screen_text(text, content)


# --- idioms and long ago --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I broke my back digging the veg patch all weekend, everything aches. Deep tissue please.",
        "When I was 9 I fell off a wall and broke my wrist, these days I'm 40 and it's fine.",
        "I had flu three years ago with a high fever, now I'm healthy, my shoulders are tight.",
        "My back is stiff from work, nuh fever, nuh numbness, just need a good rub.",
    ],
)
def test_hard_work_a_break_in_childhood_a_fever_long_gone_and_nuh_raise_nothing(text, content):
    assert screen_text(text, content) == []


# --- whose: a home visit, an errand, a therapist's help ----------------------------------------


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("My gran is 88 and her hip hurts since she fell. Can you do home visits?", {"gran"}),
        ("Grandad is 91 and stiff. Could someone come to his house on Friday?", {"grandad"}),
        ("My uncle is 70 with a sore neck, he has asked me to arrange a massage.", {"uncle"}),
        (
            "My aunt's back is rounded these days. Could your therapist help with her posture?",
            {"aunt"},
        ),
        ("My flatmate hurt his hand, he asked if I know a good hand massage place.", {"flatmate"}),
    ],
)
def test_a_home_visit_an_errand_or_help_for_her_books_for_the_person_named(text, people):
    assert booked_for(text) == people


@pytest.mark.parametrize(
    "text",
    [
        "I'm 80 and my knee hurts. Can you do home visits?",
        "Would love a massage, my neck is in bits.",
    ],
)
def test_a_home_visit_or_a_massage_asked_for_with_no_one_named_is_the_visitors_own(text):
    assert booked_for(text) == set()


def test_a_grans_fall_and_hip_pain_at_85_is_raised_when_a_home_visit_is_asked_for(content):
    text = (
        "My gran is 85, she fell on the rug and cannot stand on that leg. Can you do home visits?"
    )
    assert "fracture" in screen_text(text, content)


def test_a_fathers_sudden_back_pain_and_blackout_at_75_is_raised_when_he_asked_for_a_massage(
    content,
):
    text = (
        "My father is 75 and smokes. This morning he had a sudden severe pain low in his back and"
        " briefly lost consciousness. He has asked me to arrange a massage."
    )
    assert "fainting" in findings(text)
    assert "aortic" in screen_text(text, content)


# --- a tight bandage with tingling toes, pain when the toes are moved -------------------------


def test_a_tight_bandage_with_fizzing_toes_is_compartment_syndrome(content):
    text = "The physio strapped my ankle up too tight this morning and now my toes are fizzing."
    assert "in_cast" in findings(text)
    assert "compartment_syndrome" in screen_text(text, content)


def test_pain_when_someone_moves_the_toes_is_pain_out_of_proportion():
    text = "After the tackle my shin is rock hard and it's agony when the nurse moved my toes."
    assert "pain_out_of_proportion" in findings(text)


# --- someone else's sign now, told after a word of long ago -------------------------------------


def test_a_mothers_hot_red_hip_now_after_a_replacement_last_year_is_raised(content):
    text = (
        "My mother had hip replacement last year, now the hip became hot and red and very"
        " painful since 2 days. She wants massage. Is ok?"
    )
    assert "septic_joint" in screen_text(text, content)


def test_a_mothers_stroke_long_ago_that_she_is_fine_from_now_raises_nothing(content):
    text = "My mum had a stroke in 2017 but she's fine now. I'd like a massage for my shoulders."
    assert screen_text(text, content) == []


# --- cleared by a test or a specialist: asked about, not raised ---------------------------------


def test_a_cancer_the_doctors_call_cured_with_yearly_checks_ok_is_asked_about(content):
    text = (
        "Had bowel cancer 10 years ago, doctors say I'm cured and my yearly check is ok. No new"
        " pains. Is massage ok for a cancer survivor?"
    )
    assert says_any(content.red_flags.groups["cancer"].ruled_out, text)
    hits, asked = screen_message(text, content)
    assert "cancer" not in {hit.group for hit in hits}
    assert "cancer" in asked


def test_a_testicle_a_scan_found_a_varicocele_in_is_asked_about_not_raised(content):
    text = (
        "I had an ache in my testicle a few weeks back, they scanned it and said it's a small"
        " varicocele, nothing serious. My hamstrings are tight from running."
    )
    assert says_any(content.red_flags.groups["testicular_torsion"].ruled_out, text)
    hits, _ = screen_message(text, content)
    assert "testicular_torsion" not in {hit.group for hit in hits}


# --- a headache told as not sudden, as always ---------------------------------------------------


def test_a_headache_told_as_not_sudden_and_not_the_worst_as_always_is_not_raised(content):
    text = "Screen headache again, not sudden, not the worst ever, same as always. Head massage?"
    assert "thunderclap_headache" not in screen_text(text, content)


def test_a_usual_headache_that_is_the_worst_ever_this_time_is_still_raised(content):
    text = "My usual headache came on, not sudden, but it is the worst ever this time."
    assert "thunderclap_headache" in screen_text(text, content)


# --- short messages: a knock then the same question again, a joint that won't bend ------------


def test_a_sons_knock_to_the_head_then_asking_the_same_thing_is_his_emergency(content):
    text = "My lad knocked his head in the match, now dazed and keeps asking the same thing."
    confusion = [m for m in extract(text) if m.id == "confusion"]
    assert confusion and all(m.told_of_another for m in confusion)
    assert "thunderclap_headache" in screen_text(text, content)


def test_a_now_with_a_subject_of_its_own_starts_the_visitors_clause():
    text = "My dad had a stroke years ago, now my arm is numb."
    numb = [m for m in extract(text) if m.id == "numbness"]
    assert numb and not any(m.told_of_another for m in numb)


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Fell at hockey and my finger wont bend at all now.", "cannot_move_joint"),
        ("wen i fel off the wall i herd a snap in my ankle", "red_flag.fracture"),
        ("came off my bike and now the leg wont hold me", "cannot_bear_weight"),
        ("she's numb where you'd sit on a bike seat and her back aches", "saddle_numbness"),
        ("a migraine but this one came on in a second, never like it", "sudden_severe_headache"),
    ],
)
def test_short_ways_of_telling_a_red_flag_sign_are_read(text, finding):
    assert finding in findings(text)


def test_a_chest_pain_the_gp_called_a_strained_muscle_is_asked_about_not_raised(content):
    text = (
        "GP looked at my chest pain last week, said it's a pulled muscle from the gym, massage ok?"
    )
    assert says_any(content.red_flags.groups["cardiac"].ruled_out, text)
    hits, _ = screen_message(text, content)
    assert "cardiac" not in {hit.group for hit in hits}
