"""Broken hands and feet told by what they can no longer do, a fever with a sleepy or
fast-breathing person, one side's arm and leg felt weak now, a pulsatile swelling, a car that
rolled, and a condition wondered about after "be" (forty-fourth round). Each was missed, or
raised wrongly, on a development set written apart; the wording here is my own."""

import pytest

from bot.engine.assessment import screen_text
from bot.engine.nlp import extract

# --- a hand or foot crushed, stood on or struck, that cannot be used ----------------------


@pytest.mark.parametrize(
    "text",
    [
        "A cow stood on my foot in the milking parlour and I couldn't get my welly back on"
        " afterwards. Can you massage my calves?",
        "My hand got trapped in the lift door on Monday and I still can't grip a kettle.",
        "Dropped a full toolbox on my foot yesterday and now I can't get my shoe on.",
        "A forklift ran over my toes on Thursday and I can't get a trainer on that foot.",
        "My son got a whack on the wrist with a hockey stick and now he can't turn his hand"
        " over. Can you see him?",
        "I punched the wall when I lost my temper and my knuckle has gone in, the hand is fat.",
        "Fell off the climbing frame on Sunday, she can't hold a pencil since.",
    ],
)
def test_an_injured_hand_or_foot_that_cannot_be_used_raises_a_fracture(text, content):
    assert "fracture" in screen_text(text, content)


@pytest.mark.parametrize(
    "text",
    [
        # the same words with no injury: weakness or stiffness, not a break
        "My hands are so stiff in the mornings that I can't open jars until about ten.",
        # an injury that is settling, used again
        "Trapped my fingers in the car door last week, bruised nail but I can grip fine now.",
    ],
)
def test_no_injury_or_a_settled_one_raises_no_fracture(text, content):
    assert "fracture" not in screen_text(text, content)


@pytest.mark.parametrize(
    "text",
    [
        "Mr P, 91, slid off his bed at the care home last night. He cannot bear weight on"
        " either leg this morning. Can you see him?",
        "Since the tackle I'm walking on my heel, the front of my foot is too sore.",
        "A niggle right on my shin on one exact spot, worse every week since I started running"
        " to work.",
    ],
)
def test_weight_not_borne_or_one_spot_of_the_shin_raises_a_fracture(text, content):
    assert "fracture" in screen_text(text, content)


def test_a_car_that_rolled_is_major_trauma_but_a_car_that_started_is_not(content):
    assert "fracture" in screen_text(
        "We had a crash on the bypass and the car turned over twice, since then my neck is"
        " sore and stiff.",
        content,
    )
    assert "fracture" in screen_text(
        "My van was hit at speed at a junction on Friday and my neck has been sore since.",
        content,
    )
    assert "fracture" not in screen_text(
        "My old car turned over first time this morning, a miracle. My neck is stiff from"
        " scraping the ice.",
        content,
    )


# --- a fever with new drowsiness or fast breathing: sepsis -----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Dad has had a high temperature since yesterday and today he is hard to rouse, he"
        " keeps drifting off mid-sentence. His back is why he's booked with you.",
        "Booking for my wife: she's had a fever two days and tonight her breathing is very"
        " fast, even sitting down. Her neck has ached all week.",
    ],
)
def test_a_fever_with_drowsiness_or_fast_breathing_is_sepsis(text, content):
    assert "sepsis" in screen_text(text, content)


@pytest.mark.parametrize(
    "text",
    [
        # fast breathing from a run, no fever
        "After the hill sprints I was breathing fast for ages, my calves are wrecked today.",
        # sleepy, no fever: a new baby
        "I'm very sleepy all the time with the new baby and my shoulders ache from feeding.",
    ],
)
def test_fast_breathing_or_sleepiness_without_a_fever_is_not_sepsis(text, content):
    assert "sepsis" not in screen_text(text, content)


# --- one side's arm and leg, weak now; a pulsatile swelling; legs gone laughing -------------


def test_one_sides_arm_and_leg_felt_weak_now_is_a_stroke(content):
    raised = screen_text(
        "This afternoon my left arm and leg feel weak and heavy, and I dropped my tea.",
        content,
    )
    assert "stroke_or_arterial" in raised


def test_arms_and_legs_heavy_after_exercise_is_not_a_stroke(content):
    text = "My arms and legs feel heavy after yesterday's circuit class, can I book a massage?"
    assert "stroke_or_arterial" not in screen_text(text, content)


def test_a_pulsatile_swelling_in_the_upper_abdomen_is_aortic(content):
    text = "I've noticed a pulsatile lump in my upper tummy and a deep ache in my low back."
    assert "aortic" in screen_text(text, content)


def test_legs_that_went_from_under_someone_laughing_are_not_a_drop_attack(content):
    text = "My legs went from under me laughing at my brother's joke. My back is just stiff."
    assert "stroke_or_arterial" not in screen_text(text, content)


# --- a condition's name wondered about after "be" ---------------------------------------------


@pytest.mark.parametrize(
    "text, group",
    [
        (
            "Could this sore neck be meningitis? I slept awkwardly, no fever or headache.",
            "thunderclap_headache",
        ),
        ("Might my side ache be kidney stones? It started after digging, no fever.", "kidney"),
    ],
)
def test_a_condition_wondered_about_after_be_is_not_raised(text, group, content):
    assert group not in screen_text(text, content)


def test_a_condition_wondered_about_beside_its_signs_is_still_raised(content):
    text = "Could this be meningitis? I have a high fever, a stiff neck and the light hurts."
    assert "thunderclap_headache" in screen_text(text, content)


# --- booked for someone: "can you take her?" ------------------------------------------------


def test_can_you_take_her_books_for_her(content):
    text = (
        "My neighbour is 80. This morning she had a sudden awful pain in her back and tummy"
        " and fainted on the stairs. Can you take her this week?"
    )
    assert "aortic" in screen_text(text, content)


# --- weak immunity with night sweats; a crack heard; cleared and idioms -----------------------


def test_diabetes_out_of_control_with_night_sweats_and_back_pain_is_an_infection(content):
    text = "My sugars have been all over the place, and now low back pain and sweats at night."
    assert "infection" in screen_text(text, content)
    # read by the rules as weak immunity, not left to the semantic layer alone
    assert "immunosuppression" in {m.id for m in extract(text) if m.label == "finding"}


def test_a_crack_heard_at_the_time_of_an_injury_is_a_fracture(content):
    text = "Took a hockey ball on the shin and you could hear the crack across the pitch."
    assert "fracture" in screen_text(text, content)


@pytest.mark.parametrize(
    "text",
    [
        "My left calf went swollen and tender after a coach trip. The nurse did a scan, no clot.",
        "I can't put weight on my foot since the tackle, got it x-rayed on Friday - all clear.",
        "I nearly broke my neck laughing at the panto, but my shoulders are just tight.",
    ],
)
def test_cleared_by_a_scan_or_an_x_ray_or_an_idiom_is_not_raised(text, content):
    raised = screen_text(text, content)
    assert "fracture" not in raised and "dvt" not in raised
