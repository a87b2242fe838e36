"""Fifty-second round, second part: signs long past or checked and cleared, words not meant as
they read, and signs told as a joke or inside a question.

Found on `evaluation/screen_passed52_dev.yml` and `screen_hedge52_dev.yml` (written apart by
helpers): a fever "cleared in a few days" or "sorted with paracetamol", meningitis "two winters
ago", a mini stroke years ago "been on the right tablets since", "I used to drop things ... my
hands are perfect now", a headache scanned and "said it was a migraine" (with the neck "still
tight"), Bell's palsy diagnosed after a scan, a bone scan "All clear", a cough with blood that
a CT put down to bronchitis, a bladder a urologist explained, a spondylitis a rheumatologist
treats, a worry named as "I always worry my back pain is cancer", "my head exploded ...
Figuratively" each raised a group; a fever with "my immune system is on holiday", night pain
that "doesn't change whatever position I lie in", "a football to the head" with sickness,
and a chest "'tight as a drum'" before a faint were missed. Every message here is written for
this file.
"""

from __future__ import annotations

import pytest

from bot.engine.assessment import assess, screen_message


def raised(text: str) -> set[str]:
    return set(assess(messages=[text]).red_flags)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        (
            "lol my immune system's clearly on holiday - I've been on prednisolone for my asthma "
            "since summer and now my lower back is killing me and I've got a temperature",
            "infection",
        ),
        (
            "does back pain that wakes me every night, and doesn't matter what position I lie "
            "in, count as muscular? six weeks now",
            "cancer",
        ),
        (
            "took a netball to the head at training, now I've been sick twice and I'm a bit "
            "muddled",
            "thunderclap_headache",
        ),
        (
            "Dad fainted in the kitchen last night and said his chest felt 'tight as a band' "
            "just before",
            "cardiac",
        ),
    ],
)
def test_a_sign_told_as_a_joke_a_question_or_in_quotes_is_raised(text, group):
    assert group in raised(text)


@pytest.mark.parametrize(
    "text",
    [
        "I had a kidney infection with a high temperature in September, the antibiotics worked "
        "and it cleared in a few days. Just stiff shoulders now",
        "Had a temperature in the summer, sorted with paracetamol; my back is tight from the "
        "suitcases",
        "Meningitis three winters ago, fully recovered since, just want a relaxing back massage",
        "I had a mini stroke about eight years ago, made a full recovery and have been on the "
        "same tablets since",
        "I used to drop things all the time before my carpal tunnel release in 2019, my grip is "
        "perfect now",
        "They scanned my head at A&E on Friday and told me it was a migraine, all fine. My "
        "neck's still stiff from it",
        "Doctor diagnosed Bell's palsy after a scan on Monday, my face is already better, I'd "
        "like a neck massage",
        "a cough with blood in it in the spring, chest x-ray and ct said it was a chest "
        "infection, all cleared. Upper back tension now",
        "my urologist told me the frequent peeing is an enlarged prostate, nothing to do with my "
        "back, which is just stiff from golf",
        "I'm always scared my headaches are a tumour, but they're just from the screen",
        "My head exploded at work today with all these deadlines. Figuratively, I mean. "
        "Shoulders are up by my ears",
    ],
)
def test_a_sign_long_past_checked_feared_or_figurative_raises_nothing(text):
    assert raised(text) == set()


def test_a_spondylitis_a_rheumatologist_treats_is_asked_about_not_referred_again():
    text = (
        "The rheumatologist diagnosed my ankylosing spondylitis two years ago and I'm on an "
        "injection for it; I'd like regular massage alongside"
    )
    hits, possible = screen_message(text)
    assert not hits and "inflammatory_back_pain" in possible


@pytest.mark.parametrize(
    ("text", "group"),
    [
        # a lay guess at Bell's palsy is no diagnosis: a face that droops now is a stroke
        (
            "my wife's face has gone droopy on one side since lunch and her words are slurred, "
            "she thinks it's Bell's palsy from the cold",
            "stroke_or_arterial",
        ),
        # "still" of the sign itself, after a clear scan
        (
            "the CT was normal on Monday but the worst headache of my life is still there and "
            "I've been sick",
            "thunderclap_headache",
        ),
        # a fever now, whatever the holiday
        (
            "we got back from holiday yesterday and since then I've had a fever and a pounding "
            "back, shivering all night",
            "infection",
        ),
    ],
)
def test_a_lay_guess_or_a_sign_still_there_still_counts(text, group):
    assert group in raised(text)


# --- an ordinary back "bad since" a day: no emergency ------------------------------------------
# A visitor check this round: "my lower back has been bad since gardening on saturday" was raised
# as a cauda equina emergency (the semantic layer had learnt "has been bad since ..." from the
# red flags that phrase fills); content/screen/train_zzr.yml now gives it benign examples.


@pytest.mark.parametrize(
    "text",
    [
        "my lower back's been bad since I helped my brother move his piano on sunday",
        "back has been really bad since the weekend's hike, can I get a sports massage?",
        "my neck has been bad since wednesday, I think it's the new pillow",
    ],
)
def test_an_ordinary_back_bad_since_a_day_is_no_emergency(text):
    assert raised(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "he hasn't managed a wee since this morning and his back is killing him",
        "I've had little leaks when I stand up since my back went on Friday",
    ],
)
def test_no_wee_since_or_leaks_on_standing_with_a_bad_back_is_cauda_equina(text):
    assert "cauda_equina" in raised(text)
