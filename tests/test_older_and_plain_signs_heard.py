"""Signs told in plain, second-language or carers' words, and histories with life gone on
since (forty-second round). Each was missed or raised wrongly on a development set written
apart; the wording here is my own."""

import pytest

from bot.engine.assessment import screen_text
from bot.engine.content import default_content
from bot.engine.nlp import extract
from bot.engine.parsing import stated_age


@pytest.fixture(scope="module")
def content():
    return default_content()


@pytest.mark.parametrize(
    "text, group",
    [
        # second-language English: retention and a numb bottom told of a husband
        (
            "my husband is 71 years, big back pain from Friday. Today he cannot pass water good"
            " and he say he is numb on the bottom. He want massage please",
            "cauda_equina",
        ),
        # fever with a muddled mind, told of a parent
        (
            "My dad is so hot and shivering and he doesn't know what day it is, his back hurts."
            " Can you come to the house to massage him?",
            "sepsis",
        ),
        # a replaced joint newly painful with a fever, however long ago it was replaced
        (
            "I had my knee replaced in 2019. Since Tuesday the knee is very painful and I have a"
            " fever. Can I book a massage for it?",
            "septic_joint",
        ),
        # a plaster cast with toes that feel asleep and pain far beyond what it was
        (
            "Can I book my son in? He broke his ankle and got a cast on Monday. Since last night"
            " his pain has got far beyond what it was and his toes feel like they're asleep.",
            "compartment_syndrome",
        ),
        # pain in the scrotum, sudden, with vomiting
        (
            "my 15 year old has sudden pain in the scrotum on the right since this morning and it"
            " made him throw up. he thinks he pulled something at football",
            "testicular_torsion",
        ),
        # a plan and the means laid out
        (
            "Lower back mostly. I want one last massage before I go through with my plan on"
            " Sunday.",
            "suicide_risk",
        ),
        (
            "last night i had my tablets counted out on the kitchen table. didnt take them. my"
            " shoulders are in knots",
            "suicide_risk",
        ),
        # warfarin and a bruise or a swelling with no knock
        (
            "I take warfarin. There's a big bruise on my arm and I've no idea how it got there.",
            "anticoagulant_bleeding",
        ),
        (
            "I'm on warfarin and my ankle has gone swollen since Sunday, I haven't knocked it.",
            "anticoagulant_bleeding",
        ),
        # over 50, a headache on one side of the head and a jaw that hurts over food
        (
            "Booking my gran in, she's 82. She has a headache on the left side of her head this"
            " week and she winces when I brush her hair.",
            "giant_cell_arteritis",
        ),
        # both shoulders and hips stiff for an hour and a half each morning
        (
            "I'm 71 and for six weeks both my shoulders and hips are so stiff first thing it takes"
            " me an hour and a half before I can dress.",
            "polymyalgia",
        ),
    ],
)
def test_the_sign_is_raised(content, text, group):
    assert group in screen_text(text, content)


@pytest.mark.parametrize(
    "text",
    [
        "I had an ectopic pregnancy years ago, long behind me, three kids since. Just sore"
        " shoulders from carrying the baby.",
        "My partner had pre-eclampsia with our first, now our little one is two and we're all"
        " well. Booking her a back massage.",
        "Had compartment syndrome surgery on my shin in 2016, fully healed, cycling again. Tight"
        " hamstrings please.",
        "Pins and needles in my bum after a long drive, gone as soon as I stood up. Just a stiff"
        " lower back now.",
    ],
)
def test_a_history_with_life_gone_on_since_raises_nothing(content, text):
    assert screen_text(text, content) == []


def test_still_goes_on_with_the_same_person():
    """ "she's still limping" is hers, not the visitor's: "still" ended her clause."""
    (limp,) = [m for m in extract("My mum is 80. She is still limping.") if m.id == "limp"]
    assert not limp.affirmed and limp.told_of_another


def test_an_age_said_as_a_sentence_of_its_own():
    assert stated_age("Slipped on the step. 83 yrs. Still sore.") == 83
    assert stated_age("Had this ache for 45 years. Fine otherwise.") is None


def test_a_carer_arranging_the_massage_asks_it_for_the_person_told_of(content):
    """ "if I book it" is the visitor arranging it, not speaking of their own body: the
    message is for the person it tells of, whose signs are then theirs."""
    text = (
        "My father is 88 and has taken steroid tablets for his chest for years. This morning he"
        " bent to tie a shoelace and got a sudden sharp pain in his lower back. He says a"
        " massage would sort it if I book one."
    )
    assert "osteoporotic_fracture" in screen_text(text, content)


def test_an_age_set_off_by_commas_does_not_end_the_persons_clause(content):
    """ "my father-in-law, 86, who takes warfarin" is his warfarin, not the visitor's: the
    commas round his age ended his clause, so the message read as the visitor's own."""
    (warfarin,) = [
        m
        for m in extract("I look after my uncle, 91, who takes warfarin.")
        if m.id == "anticoagulant"
    ]
    assert not warfarin.affirmed and warfarin.other_person
    text = (
        "I look after my uncle, 91, who takes warfarin. He slid off the sofa last night and his"
        " hip is very sore with a bruise spreading down his leg. He'd like a massage, is that ok?"
    )
    assert "anticoagulant_bleeding" in screen_text(text, content)


def test_a_client_named_by_no_kin_word_has_the_signs_told_of_them(content):
    """A support worker's "my client": the cue names the person the message asks the massage
    for, so the client's chemotherapy and fever are theirs, as a mother's would be."""
    text = (
        "I'm a carer. My client is having chemotherapy and since Sunday has a temperature, the"
        " shivers and a new ache in her mid back. She has asked me to book her usual massage."
    )
    assert {"infection", "cancer"} <= set(screen_text(text, content))


def test_someone_who_died_is_not_the_client(content):
    text = (
        "My client's late brother died of a burst aneurysm years ago. She herself only has stiff"
        " shoulders from gardening and would like her usual session."
    )
    assert screen_text(text, content) == []


@pytest.mark.parametrize(
    "text, finding",
    [
        # the hours a stiffness takes to ease are said with the stiffness, not a journey's
        ("I'm 62 and it takes me two hours to drive to your clinic", "long_morning_stiffness"),
        # "pain in the" a ball of the foot is no testicle
        ("sharp pain in the ball of my foot since Monday", "testicle_pain"),
    ],
)
def test_the_new_words_do_not_catch_look_alikes(text, finding):
    assert finding not in {m.id for m in extract(text)}
