"""A knock, a fall or a bruise on blood thinners told in everyday words, a limb gone thin, a big
sneeze at 70, a relative who asked the visitor to enquire, and an "if I ever" that imagines two
signs (forty-seventh round). Each was missed, or raised wrongly, on a development set written
apart; the wording here is my own."""

import pytest

from bot.engine.assessment import screen_text
from bot.engine.nlp import booked_for, extract
from tests.test_lexicon_variants import rules_groups

# --- blood thinners: a knock to the head, a fall, a bruise or swelling out of proportion ------


def test_a_lump_on_the_side_of_the_head_after_a_fall_on_apixaban_is_an_emergency(content):
    text = (
        "Nan's on apixaban, she had an awkward fall in the hallway and there's a lump on the side"
        " of her head, she's very drowsy now."
    )
    assert "head_injury_anticoagulant" in screen_text(text, content)


@pytest.mark.parametrize(
    "text",
    [
        "I bumped into the door and there's a bump on the back of my head.",
        "Got a gash on the top of my head from the cupboard door.",
    ],
)
def test_a_bump_on_the_back_or_top_of_the_head_is_a_knock_to_it(text):
    assert "head_injury" in {m.id for m in extract(text) if m.label == "finding"}


@pytest.mark.parametrize(
    "text",
    [
        "I had an unwitnessed fall in the bathroom on Sunday.",
        "She took an awkward fall getting off the bus.",
    ],
)
def test_a_fall_with_a_word_between_had_and_fall_is_a_fall(text):
    assert "fall" in {m.id for m in extract(text) if m.label == "finding"}


@pytest.mark.parametrize(
    "text",
    [
        "I'm on warfarin and there's a bruise on my hip about the size of a saucer.",
        "On apixaban since my valve op and a bruise has come up on my arm that I can't explain.",
        "I take rivaroxaban. A small knock on my shin against the bed and it's really swollen now.",
        "On warfarin, I knocked my knee on the bed frame and there's a huge purple lump there now.",
        "On blood thinners for my heart and I went arse over elbow on the patio yesterday.",
    ],
)
def test_a_big_or_unexplained_bruise_a_swollen_knock_or_a_fall_on_thinners_raise_bleeding(
    text, content
):
    assert "anticoagulant_bleeding" in rules_groups(text)
    assert "anticoagulant_bleeding" in screen_text(text, content)


@pytest.mark.parametrize(
    "text",
    [
        "On warfarin, my back's just tight from gardening, no falls, no bruises.",
        "Got a bruise the size of a saucer after the football tackle, not on any tablets.",
    ],
)
def test_thinners_with_no_sign_or_a_big_bruise_without_thinners_raise_no_bleeding(text, content):
    assert "anticoagulant_bleeding" not in screen_text(text, content)


# --- a limb gone thin; a big sneeze at 70 -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "My right calf has gone all skinny compared with the left.",
        "My thigh muscles have reduced in size over the last two months.",
    ],
)
def test_one_limb_gone_thin_or_muscles_reduced_in_size_raise_progressive_weakness(text, content):
    assert "progressive_weakness" in screen_text(text, content)


def test_thighs_thinner_from_running_raise_no_weakness(content):
    text = "My thighs have got thinner since I started running, which I'm pleased about."
    assert "progressive_weakness" not in screen_text(text, content)


def test_a_massive_sneeze_at_72_then_back_pain_raises_an_osteoporotic_fracture(content):
    text = "I'm 72 and had a massive sneeze this morning, now the middle of my back is agony."
    assert "osteoporotic_fracture" in screen_text(text, content)


def test_a_big_sneeze_and_a_sore_nose_raise_nothing(content):
    assert screen_text("I had a big sneeze and now my nose is sore.", content) == []


# --- the person who asked the visitor to enquire is the one booked for ------------------------


def test_she_has_asked_me_to_enquire_books_for_her_and_her_fever_counts(content):
    text = (
        "My wife is on chemotherapy and has back pain and a temperature of 38.5. She has asked me"
        " to enquire about a massage."
    )
    assert booked_for(text) == {"wife"}
    assert "infection" in screen_text(text, content)


def test_my_gp_asked_me_to_check_books_for_no_one():
    assert booked_for("My GP asked me to check whether a massage is ok for my back.") == set()


# --- "if I ever" imagines every sign it names, not only the first ----------------------------


def test_an_if_ever_with_two_signs_imagines_both(content):
    text = (
        "My GP said if I ever lose control of my bowels or feel numb between my legs I must go to"
        " A&E. Thankfully neither, just a stiff back."
    )
    assert "cauda_equina" not in rules_groups(text)
    assert "cauda_equina" not in screen_text(text, content)


def test_a_sign_now_after_an_if_ever_clause_still_raises(content):
    text = (
        "If I ever get a day off I'll book, but since yesterday I can't feel myself when I wipe"
        " and my back is killing me."
    )
    assert "cauda_equina" in screen_text(text, content)
