"""A broken bone told by what can't be done (four steps, a bent wrist), a chest infection gone
dangerous, a child too sleepy to wake, pills saved up, pink urine, an old cough, a confused
relative who does not know the visitor, and the traps beside them: a question about preventing
thin bones, the shingles vaccine (forty-sixth round). Each was
missed, or raised wrongly, on a development set written apart; the wording here is my own."""

import pytest

from bot.engine.assessment import screen_text
from bot.engine.nlp import extract
from tests.test_lexicon_variants import rules_groups

# --- a broken bone told by what the person cannot do or how the limb looks ----------------


@pytest.mark.parametrize(
    "text",
    [
        "Went over on my ankle at netball last night and I couldn't take four steps on it.",
        "Tripped on the kerb, since then I can't even manage two steps without crying.",
        "Fell off the trampoline and the bony lump on the outer side of my ankle is so tender.",
        "I came off my bike and my forearm isn't straight any more, it hurts like mad.",
        "Slipped on the ice and now my wrist is not straight, it bends like a letter S.",
    ],
)
def test_not_four_steps_a_tender_bone_or_a_bent_limb_after_an_injury_raise_fracture(text, content):
    assert "fracture" in rules_groups(text)
    assert "fracture" in screen_text(text, content)


@pytest.mark.parametrize(
    "text",
    [
        "My heel is so sore in the morning that I can't take a step without wincing.",
        "My arm is straight again after the cast came off, just stiff. Massage to loosen it?",
        "Can't do a step class any more since my knee op, the thigh is tight.",
    ],
)
def test_a_sore_first_step_a_straight_arm_or_a_step_class_raise_no_fracture(text, content):
    assert "fracture" not in screen_text(text, content)


# --- sepsis: a chest infection with a dangerous sign; a child too sleepy, no wee -------------


@pytest.mark.parametrize(
    "text",
    [
        "I've had a chest infection since Monday and today I'm so drowsy I keep nodding off"
        " mid-sentence.",
        "Still got the chest infection and my breathing seems really fast, my lips have gone a"
        " bit purple.",
        "Under the weather with a chest infection, and my lips look bluish this morning.",
    ],
)
def test_a_chest_infection_with_a_dangerous_sign_raises_sepsis(text, content):
    assert "sepsis" in rules_groups(text)
    assert "sepsis" in screen_text(text, content)


@pytest.mark.parametrize(
    "text",
    [
        "My husband has pneumonia, and tonight he's muddled and doesn't know what day it is.",
        "My son has been so hard to wake this afternoon and hasn't had a wee since breakfast.",
    ],
)
def test_a_relative_s_chest_infection_or_a_sleepy_dry_child_raise_sepsis_as_theirs(text, content):
    assert "sepsis" in screen_text(text, content)


@pytest.mark.parametrize(
    "text",
    [
        "I had a chest infection last month, antibiotics cleared it, now my upper back is tight"
        " from all the coughing.",
        "Got over a chest infection, a bit short of breath on the stairs still, shoulders tight.",
    ],
)
def test_a_chest_infection_alone_or_gone_raises_no_sepsis(text, content):
    assert "sepsis" not in screen_text(text, content)


def test_a_relative_with_a_fever_who_does_not_know_the_visitor_is_sepsis(content):
    text = "Grandma has had a fever since Friday and this morning she didn't know who I was."
    assert "sepsis" in screen_text(text, content)


def test_not_knowing_who_i_am_is_the_relative_s_sign_not_the_visitor_s():
    [confusion] = [m for m in extract("Today my nan doesn't know who I am.") if m.id == "confusion"]
    assert confusion.other_person or confusion.told_of_another


# --- pills saved up, no one would miss him -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "My flatmate has been stockpiling her tablets and says she'll take them on Sunday.",
        "A client told me he's been saving up his painkillers and that nobody would miss him.",
        "I've been hoarding my meds for a while now. Can I still book a massage?",
    ],
)
def test_pills_saved_up_or_no_one_would_miss_them_raise_suicide_risk(text, content):
    assert "suicide_risk" in screen_text(text, content)


def test_my_own_pills_saved_up_raise_suicide_risk_by_the_rules():
    text = "I've stashed all my pills in a drawer. Can I still book?"
    assert "suicide_risk" in rules_groups(text)


def test_a_holiday_stash_of_tablets_or_a_missed_colleague_raise_no_suicide_risk(content):
    for text in (
        "I always save my tablets for the morning, they upset my stomach at night.",
        "Our old manager retired and honestly no one would miss him at the office, ha.",
    ):
        assert "suicide_risk" not in screen_text(text, content)


# --- pink urine with a sore side; an old person's hard cough ------------------------------


def test_pink_urine_with_a_sore_side_raises_kidney(content):
    text = "My right side has ached since Tuesday and my pee has been a bit pink since yesterday."
    assert "kidney" in rules_groups(text)


def test_pink_urine_after_beetroot_raises_nothing(content):
    text = (
        "Had a big beetroot salad and my wee was pink this morning, gave me a fright! Back tight."
    )
    assert "kidney" not in screen_text(text, content)


def test_a_hard_cough_then_back_pain_at_eighty_raises_an_osteoporotic_fracture(content):
    text = "I'm 84 and I coughed real hard on Sunday, since then my middle back has been agony."
    assert "osteoporotic_fracture" in screen_text(text, content)


# --- traps: preventing thin bones, the shingles vaccine -----------------------


@pytest.mark.parametrize(
    "text",
    [
        "Is there anything I can do to prevent osteoporosis? My bones are fine, I'm 40.",
        "Had my shingles jab on Monday, arm a bit sore. Can I have a shoulder massage?",
    ],
)
def test_preventing_thin_bones_or_a_vaccine_raise_nothing(text, content):
    assert screen_text(text, content) == []


# --- a swelling that has gone down, and one beside someone else's long-past clot -------------


@pytest.mark.parametrize(
    "text",
    [
        "Turned my ankle at hockey three weeks ago, the swelling went down within a week and I'm"
        " running again. Calf on that side is tight.",
        "Went over on my ankle last week, the swelling is nearly gone and I'm walking fine, my"
        " calf is a bit knotted from limping.",
    ],
)
def test_a_swelling_said_to_have_gone_down_raises_no_dvt(text, content):
    assert "dvt" not in screen_text(text, content)


def test_a_swollen_calf_beside_a_relative_s_clot_years_ago_still_raises_dvt(content):
    text = (
        "My dad had a clot in his leg years ago so I may be paranoid, but my own calf is red and"
        " swollen since I've been laid up in bed all week."
    )
    assert "dvt" in screen_text(text, content)


def test_a_gone_only_filter_drops_what_has_gone_but_not_what_is_long_past():
    from bot.engine.rules import GONE, MentionFilter

    only = MentionFilter(lapses=GONE, past=("years ago",), gone=("went down",), current=("now",))
    assert not only.counts("the swelling went down in a day")
    assert only.counts("mum had a clot years ago, my calf is swollen")
    # an emergency's reading (gone=False) keeps even what has gone
    assert only.counts("the swelling went down in a day", gone=False)
