"""Red flags told in plain, borrowed or second-language words (fifty-fifth round).

The fifty-fifth round's development sets (emergencies told indirectly, replies to the
assistant's questions, second-language English, slow signs) missed these: a "pop" in the head,
a hard header with vomiting, a fever with a neck too painful to move, a spell of nonsense and
missed reaches, a cheek that will not puff out, nonsense typed, breathlessness that came all at
once, "febbre", a "bukol" growing, back pain "without reason" at 58, a grandmother "gone so
thin", height told in feet and inches, a twist on steroids, "weak legs getting worse", and a
cause the visitor "thought it was". My own wording, not the development sets'.
"""

import pytest

from bot.engine.assessment import screen_text


@pytest.mark.parametrize(
    "text, group",
    [
        (
            "lifting a box I felt something pop in my head and then the pain was unreal",
            "thunderclap_headache",
        ),
        (
            "My daughter headed the ball really hard at hockey this morning, she's thrown up twice"
            " and just wants to sleep",
            "thunderclap_headache",
        ),
        (
            "I've got a fever and a killer headache and turning my neck is agony",
            "thunderclap_headache",
        ),
        (
            "My wife says I wasn't making sense at breakfast and I kept reaching for things and"
            " missing them. Fine now.",
            "stroke_or_arterial",
        ),
        (
            "Since yesterday I'm drooling from one side and I can't puff out my cheek",
            "stroke_or_arterial",
        ),
        (
            "My colleague noticed I was writing gibberish in the chat an hour ago",
            "stroke_or_arterial",
        ),
        ("Suddenly short of breath this morning for no reason, sitting on the sofa", "cardiac"),
        ("ciao, since Sunday I have febbre and the low back is very bad", "infection"),
        ("hello po, I have a bukol on my arm and it is getting bigger", "cancer"),
        ("I am 63, my back started to hurt two weeks ago without any reason", "cancer"),
        ("My back aches, no cause that I can think of. I'm 66.", "cancer"),
        ("Dad is 81, his back has hurt for weeks and he's gone so thin", "cancer"),
        ("There's a hard swelling on my shin and it has grown since the summer", "cancer"),
        ("I'm 77. I used to be 5 ft 6 and my back has been aching", "osteoporotic_fracture"),
        (
            "I've been on prednisolone for years and twisted getting out of the car, sharp low"
            " back pain since",
            "osteoporotic_fracture",
        ),
        ("weak legs getting worse, can barely manage the stairs now", "progressive_weakness"),
        ("my left arm is weak and slowly getting weaker", "progressive_weakness"),
        (
            "back pain, and since Friday my privates feel numb - thought it was from sitting on"
            " the hard chairs at work",
            "cauda_equina",
        ),
    ],
    ids=lambda v: v[:40] if isinstance(v, str) else v,
)
def test_a_sign_told_plainly_is_raised(text, group):
    assert group in screen_text(text)


def test_a_leak_after_the_back_went_is_raised_though_blamed_on_the_children():
    # fifty-fifth round, after train_zzu: the semantic layer had heard it, the lexicon had not
    assert "cauda_equina" in screen_text(
        "my partner's back went on Friday and now she keeps leaking a bit of wee, she puts it"
        " down to the kids"
    )
