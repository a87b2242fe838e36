"""Signs a test or a clinician has cleared, signs said to have gone in the next sentence,
conditions only looked up or wondered about, and a "no" that explains itself (forty-third
round). Each was raised wrongly, or missed, on a development set written apart; the wording
here is my own."""

import pytest

from bot.engine.assessment import screen_message, screen_text
from bot.engine.content import default_content
from bot.engine.nlp import extract
from bot.engine.parsing import parse_yes_no


@pytest.fixture(scope="module")
def content():
    return default_content()


def _raised_and_asked(text, content):
    hits, possible = screen_message(text, content)
    return {hit.group for hit in hits}, set(possible)


# --- cleared by a test or a clinician: asked about, not raised ----------------------------


@pytest.mark.parametrize(
    "text, group",
    [
        (
            "After the long bus trip my left calf went puffy, so the walk-in centre scanned it"
            " and there was no clot. It's just tight now, can I have a leg massage?",
            "dvt",
        ),
        (
            "My calf was swollen after my knee operation, the doppler was clear. Booking for my"
            " shoulders.",
            "dvt",
        ),
        (
            "I came off my bike onto my wrist and it swelled up, the x-ray was clear. Now I'd"
            " like my neck seen to.",
            "fracture",
        ),
    ],
)
def test_a_sign_a_test_has_cleared_is_asked_about_not_raised(text, group, content):
    raised, asked = _raised_and_asked(text, content)
    assert group not in raised
    assert group in asked  # never dropped: its question is asked, quoting the words


@pytest.mark.parametrize(
    "text, group",
    [
        # the scan was before; the sign is back now
        (
            "They scanned my calf in the summer and it was clear. This week it is swollen and"
            " red again.",
            "dvt",
        ),
        # cleared, but the words after say it is still there
        (
            "I fell on my wrist and it's swollen, the x-ray was clear but I still can't grip"
            " anything.",
            "fracture",
        ),
        # a history in remission is no clearance of new bone pain
        (
            "I had myeloma and I'm in remission, but a new ache in my spine has been getting"
            " worse for a month.",
            "cancer",
        ),
    ],
)
def test_a_clearance_before_or_beside_a_sign_now_leaves_it_raised(text, group, content):
    assert group in screen_text(text, content)


def test_an_emergency_is_raised_whatever_an_x_ray_showed(content):
    text = (
        "The x-ray after my fall from the ladder was clear. Since last night my forearm is hard"
        " as wood and the pain is far beyond what it was, I can't bear to move my fingers."
    )
    assert "compartment_syndrome" in screen_text(text, content)


# --- gone, told in the next sentence -------------------------------------------------------


@pytest.mark.parametrize(
    "text, group",
    [
        ("I had shingles on my back in May. It cleared up within a month.", "shingles"),
        (
            "I had a temperature and shivers with a cold last week. Been fine since Sunday. My"
            " neck is just stiff from the sofa.",
            "infection",
        ),
    ],
)
def test_a_sign_the_next_sentence_says_has_gone_lapses(text, group, content):
    assert group not in screen_text(text, content)


@pytest.mark.parametrize(
    "text, group",
    [
        # the next sentence's "gone" is something else's
        (
            "When I coughed I felt a crack in my ribs and since then one spot hurts with every"
            " breath. The chest infection's gone now.",
            "fracture",
        ),
        # ... or someone else's
        (
            "My right leg is weaker every week and my foot has started to slap. My aunt had the"
            " same and it went away.",
            "progressive_weakness",
        ),
        # gone, and back
        (
            "I had a fever with my back pain on Monday. It went away. Since this morning the"
            " fever is back.",
            "infection",
        ),
        # an emergency that passed is still one
        (
            "This morning one side of my face drooped and my words came out wrong. It's gone now.",
            "stroke_or_arterial",
        ),
    ],
)
def test_a_next_sentence_that_does_not_end_the_sign_leaves_it_raised(text, group, content):
    assert group in screen_text(text, content)


# --- a condition looked up, tested for or wondered about -----------------------------------


@pytest.mark.parametrize(
    "text, group",
    [
        (
            "My low back is sore from digging. No numbness and my waterworks are fine, I just"
            " read up on cauda equina last night and frightened myself.",
            "cauda_equina",
        ),
        (
            "My shoulders ached so the GP did bloods for polymyalgia, all normal. She thinks it's"
            " from the swimming.",
            "polymyalgia",
        ),
        ("Is a stiff neck a sign of meningitis? I have no temperature, I slept awkwardly.", None),
        (
            "Would massage help prevent shingles if I get it when I'm older? My hips are tight.",
            "shingles",
        ),
    ],
)
def test_a_condition_only_looked_up_or_wondered_about_is_not_raised(text, group, content):
    raised = screen_text(text, content)
    assert (group not in raised) if group else not raised


def test_a_sign_told_after_looking_something_up_is_had(content):
    text = (
        "I don't want to be here any more and I've looked up how many of my pills it would take."
        " My back aches too."
    )
    assert "suicide_risk" in screen_text(text, content)


# --- the words of a finding -----------------------------------------------------------------


def test_leg_fatigue_is_no_swollen_calf(content):
    found = {m.id for m in extract("my knees ache after the hike, and some leg fatigue")}
    assert "calf_swelling" not in found
    assert "calf_swelling" in {m.id for m in extract("my left calf has gone fat and tight")}


def test_a_pain_that_stops_work_in_second_language_words_is_not_an_emergency(content):
    text = (
        "Hello sir, my lower back pain is there since eight days now and it is not allowing"
        " me to lift my bags well, I am a bus driver."
    )
    assert screen_text(text, content) == []


# --- a "no" that explains itself --------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("nope, it's definitely muscle", "no"),
        ("no, nothing like that. It's definitely the muscle, it hurts when I press it", "no"),
        ("definitely", "yes"),
        ("yes definitely", "yes"),
        ("definitely not", "no"),
        ("certainly", "yes"),
    ],
)
def test_words_of_how_sure_describe_a_no_and_answer_alone(text, expected):
    assert parse_yes_no(text) == expected


# --- plain and second-language words for emergencies ---------------------------------------


@pytest.mark.parametrize(
    "text, group",
    [
        (
            "my boy is 14, since one hour he has terrible pain in the left egg and he is"
            " vomiting. Can you massage the groin?",
            "testicular_torsion",
        ),
        (
            "My partner is around seven weeks pregnant. Tonight she has a stabbing pain on the"
            " left low down and a bit of bleeding, and she nearly fainted.",
            "ectopic_pregnancy",
        ),
        (
            "bin rough for days, fever n shakes, the wife says im talkin utter nonsense. back is"
            " killing me",
            "sepsis",
        ),
    ],
)
def test_an_emergency_in_plain_or_second_language_words_is_raised(text, group, content):
    assert group in screen_text(text, content)


def test_talking_rubbish_as_an_idiom_raises_nothing(content):
    assert screen_text("stop talking rubbish, my back is fine, just stiff from golf", content) == []
