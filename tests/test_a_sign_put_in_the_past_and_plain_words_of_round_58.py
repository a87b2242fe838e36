"""A sign put long in the past by the next sentence, harmless causes told as passed, and signs
in plain words (fifty-eighth round).

"Can I have a massage after a DVT? It was 4 years ago" is history, as if the date were said in
its own sentence; a next sentence that opens with a time of its own tells of something else.
A face drooping is a finding of its own, so it counts for the person booked for. Urine not
passed with back pain is retention (GIRFT). My own wording throughout.
"""

import pytest

from bot.engine.assessment import screen_text
from bot.engine.content import default_content
from bot.engine.nlp import extract
from bot.engine.parsing import stated_age, stated_worsening
from bot.engine.semantic import asked_in_general


def _ids(text: str) -> set[str]:
    return {m.id for m in extract(text) if not m.negated}


@pytest.mark.parametrize(
    "text",
    [
        "Is massage OK after a clot in the leg? It was six years ago, all treated, no problems"
        " since. Just want my shoulders done",
        "Could I still book if I've had kidney stones? Passed one three years ago, nothing since",
        "Do you see people who had a kidney infection? Had one last year, the antibiotics sorted"
        " it. Back is just stiff",
    ],
    ids=lambda v: v[:40],
)
def test_a_sign_the_next_sentence_puts_long_ago_raises_nothing(text):
    assert screen_text(text) == []


def test_a_next_sentence_with_a_time_of_its_own_does_not_lapse_the_sign():
    text = (
        "headache and a temperature of 39, neck so stiff I cant touch chin to chest. in uni"
        " halls this term. any neck massage slots?"
    )
    assert "thunderclap_headache" in screen_text(text)


def test_a_time_that_dates_something_else_does_not_lapse_the_sign():
    text = (
        "My left calf is really swollen, red and hot. It was 5 years ago I last had anything"
        " like this"
    )
    assert "dvt" in screen_text(text)


def test_a_sign_still_there_is_not_lapsed_by_a_past_in_the_next_sentence():
    text = (
        "My left calf has been hot and swollen since Sunday. It was 5 years ago I had my last clot"
    )
    assert "dvt" in screen_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Had a really bad flu a fortnight ago with a fever and the shivers. I'm fully recovered"
        " now, temperature normal for a week. Legs stiff from lying in bed, massage?",
        "Back from a long flight yesterday, wore my flight socks. Both calves were a bit stiff"
        " and achy, the same on both sides, back to normal after a walk. Shoulder massage please",
        "I had an ectopic about five years back and lost a tube. Since then we've had our son who"
        " is now two. Not pregnant. My upper back is wrecked from carrying him",
        "Mum is 84 and on apixaban, had a fall last year and broke her wrist, but she's doing"
        " brilliantly now, no falls since. A gentle hand massage for her birthday?",
        "Thirty years ago I came off a motorbike and broke my leg, healed perfectly, I still tell"
        " the story. Now I'm 60 and just want my neck done",
    ],
    ids=lambda v: v[:40],
)
def test_old_and_recovered_events_told_at_length_raise_nothing(text):
    assert screen_text(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "At a retreat we sat cross-legged for hours and my leg went numb and I nearly toppled"
        " when I stood, came back in a minute. Fine now. Hips are stiff though",
        "I banged my funny bone on the fridge and my whole arm went numb and tingly for a"
        " minute, then it was back to normal. Forearms tight from typing",
        "The ferry home was awful, the sea was really choppy and I was dizzy and sick all"
        " afternoon. All fine by the next morning. Lower back sore from the bunks",
        "Got a brain freeze from a slushie, a sudden stab in my forehead for twenty seconds,"
        " gone as quickly as it came. Booking for my lower back",
        "Last time I had a massage I had a slight headache afterwards that went with"
        " ibuprofen. Normal? Thinking of booking again",
    ],
    ids=lambda v: v[:40],
)
def test_a_harmless_cause_of_a_sign_that_passed_raises_nothing(text):
    assert screen_text(text) == []


@pytest.mark.parametrize(
    "text, group",
    [
        (
            "my wife's smile has gone wonky in the last hour and she can't lift her arm, booking"
            " her a neck massage",
            "stroke_or_arterial",
        ),
        (
            "since breakfast the whole right side of my body feels heavy and I keep walking into"
            " the door frame",
            "stroke_or_arterial",
        ),
        (
            "the room started spinning out of nowhere an hour ago, I can't walk straight and my"
            " vision keeps doubling",
            "stroke_or_arterial",
        ),
        (
            "lower back agony since Monday and no pee since last night, I push and nothing comes"
            " out",
            "cauda_equina",
        ),
        ("haven't peed since this morning and my low back is killing me", "cauda_equina"),
        (
            "back has been bad all week, and when we had sex I could barely feel a thing down"
            " there",
            "cauda_equina",
        ),
        (
            "back pain and my bum's been 'asleep' for three days, not from sitting",
            "cauda_equina",
        ),
        (
            "at the gym suddenly a pain in my head like thunder, strongest ever, still there",
            "thunderclap_headache",
        ),
        (
            "on Sunday it went from nothing to the worst pain in my head in seconds, still sore",
            "thunderclap_headache",
        ),
    ],
    ids=lambda v: str(v)[:40],
)
def test_plain_words_raise_their_group(text, group):
    assert group in screen_text(text)


@pytest.mark.parametrize(
    "text, finding",
    [
        ("my smile went lopsided this morning", "face_droop"),
        ("a dead feeling in my 'undercarriage' since the back went", "saddle_numbness"),
        ("bladder not emptying properly since my back went", "bladder_problem"),
    ],
)
def test_plain_words_are_their_finding(text, finding):
    assert finding in _ids(text)


@pytest.mark.parametrize(
    "text",
    [
        "I was confused about the booking form, sorry, is it 60 minutes?",
        "I'm confused about which massage to pick for my shoulders",
    ],
)
def test_puzzled_by_the_clinic_is_no_confusion(text):
    assert not default_content().mention_filters["confusion"].counts(text)


def test_confused_about_the_day_is_confusion():
    text = "grandad is confused about what day it is since the fall"
    assert default_content().mention_filters["confusion"].counts(text)


@pytest.mark.parametrize(
    "text",
    [
        "I had a 'thunderclap' of a week at work lol. Just want a massage",
        "Got that 'hit by a bus' feeling after my jab, achy and tired for a day, gone now",
        "I had angina last week, the throat one, antibiotics sorted it. Monday still OK?",
        "legs day yesterday and today I can't sit on the toilet without wincing haha. Normal"
        " soreness",
        "I finished bowel cancer treatment 7 years ago, all clear, nothing since. Any pressure"
        " you avoid?",
    ],
    ids=lambda v: v[:40],
)
def test_figures_of_speech_and_things_long_over_raise_nothing(text):
    assert screen_text(text) == []


def test_an_age_opening_the_message_is_the_visitors():
    assert stated_age("61 and my back has started aching for no reason") == 61
    assert stated_age("55 and counting, the days till my holiday") is None
    assert "cancer" in screen_text(
        "58 and my lower back started aching this month, didn't lift or fall, it just came."
        " Never had a bad back before"
    )


def test_a_question_naming_nobody_is_asked_in_general():
    assert asked_in_general("Is it true sciatica can go down both legs?")
    assert not asked_in_general("Can my dad still come if his calf is swollen?")
    assert not asked_in_general("My calf has been swollen since the flight.")


@pytest.mark.parametrize(
    "text",
    [
        "back's been bad since Friday and things have gone a bit dead downstairs too",
        "lower back agony for a week and I keep finding my pants damp without having felt anything",
        "since my back went I get to the toilet and have to wait and wait before anything comes",
        "back is wrecked and with my bowels I can't tell if I need to go or not anymore",
    ],
    ids=lambda v: v[:40],
)
def test_bladder_bowel_and_saddle_changes_in_plain_words_raise_cauda_equina(text):
    assert "cauda_equina" in screen_text(text)


def test_a_grip_feebler_every_week_is_progressive_weakness():
    text = "my right hand gets feebler every week, can barely turn the key now. Forearm aches"
    assert "progressive_weakness" in screen_text(text)


def test_self_harm_long_over_is_history_and_thoughts_now_are_not():
    assert (
        screen_text(
            "I self-harmed as a teenager and have scars on my forearms. I'm in a good place now,"
            " will the therapist mind?"
        )
        == []
    )
    assert "suicide_risk" in screen_text(
        "I self-harmed when I was 17 and lately I've been thinking about ending it again"
    )


def test_a_long_message_keeps_its_length_when_a_general_question_is_set_aside():
    # four sentences, the last a question naming nobody: a sign in one sentence of a long
    # message is raised from that sentence alone, whether or not the question is scored
    text = (
        "Can I move Ben's appointment from Friday to today please? He's been rolling about on"
        " the bedroom floor with pain in his right side and back that comes in waves, he's been"
        " sick twice and can't get comfy in any position. He thinks he just pulled something"
        " lifting. Is there any parking near the clinic at all?"
    )
    assert "kidney" in screen_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "out of nowhere this evening my breathing went funny, really short, and I only got back"
        " from a long coach trip yesterday",
        "I had the baby 2 weeks ago. This morning I suddenly could not take the air, walking"
        " to the kitchen",
        "flew in from Singapore on Monday, my calf is swelling and now I have the short breath",
    ],
    ids=lambda v: v[:40],
)
def test_breathlessness_after_a_journey_or_a_birth_is_the_hearts_and_lungs(text):
    assert "cardiac" in screen_text(text)


def test_a_panic_the_visitor_knows_on_a_journey_is_not_a_clot():
    text = "had a panic attack on the coach, suddenly couldn't breathe, it's something I get"
    assert "cardiac" not in screen_text(text)


def test_a_raging_temperature_with_a_stiff_neck_and_headache_is_meningitis():
    text = "got a raging temp since last night, headache is brutal and my neck is so stiff"
    assert {"thunderclap_headache", "sepsis"} <= set(screen_text(text))


@pytest.mark.parametrize(
    "text, worse",
    [
        ("I'm 57 with worsening low back pain for about six weeks, no injury", True),
        ("it started a couple of months ago out of the blue and it's getting worse", True),
        ("came on 3 weeks ago for no reason and keeps getting worse", True),
        ("my back went 2 days ago and is getting worse", False),
        ("sore for a few weeks but not getting worse", False),
        ("it was getting worse for a few weeks after my op in 2015", False),
    ],
)
def test_weeks_old_and_getting_worse_is_a_worsening_course(text, worse):
    assert stated_worsening(text) is worse
