"""Issue 12 part 4: a doctor's clearance stated after a referral (bot.engine.parsing)."""

import pytest

from bot.engine.parsing import states_clearance


@pytest.mark.parametrize(
    "text",
    [
        "my GP saw me last month and said it's fine, can I book anyway?",
        "my doctor has cleared me",
        "my doctor said it's fine",
        "GP cleared me",
        "I've already seen a physio about it and they said massage is ok",
        "I've already seen a doctor about it and they said massage is ok",
        "my docter said its fine to have a massage",
        "my gp cleard me last week",
        "i saw my gp yesterday, she said nothing serious",
        "my doctor has already checked it and said I can have treatment",
        "doctor gave me the all clear",
        "the doctor said its ok, can i book now",
        "Dr Patel cleared me for massage",
        "I went to A&E and the doctor said it was just muscular",
        "my physiotherapist is happy for me to have NMT",
        "My doctor says it’s fine.",
        "I haven't seen a doctor but my physio said it's fine",
        "the consultant ruled out anything serious",
        "spoke to my GP, no problem with massage she said",
    ],
)
def test_a_stated_clearance_is_read(text):
    assert states_clearance(text)


@pytest.mark.parametrize(
    "text",
    [
        # not seen, or not cleared
        "my doctor hasn't seen it",
        "my doctor didn't clear me",
        "my doctor said it's not fine",
        "my doctor says I shouldn't have massage",
        "my doctor said no",
        # a question, a plan or a condition
        "should my doctor clear me?",
        "do I need a doctor to clear me?",
        "what if my doctor says it's fine?",
        "if my doctor says it's ok can I book",
        "hopefully my GP will say it's fine",
        "I need my doctor to clear me first",
        "I'll ask my GP if it's ok",
        "I'm seeing my GP tomorrow",
        # someone else's doctor, or someone else cleared
        "my wife's doctor said it's fine",
        "her doctor said it's fine",
        "my doctor cleared him",
        "my husband's been cleared by the doctor",
        "the doctor said it's fine for her",
        # no clinician
        "it's fine",
        "my back is fine",
        "yes",
        "can I book?",
        "",
        "x" * 100_000,
    ],
)
def test_what_is_not_a_stated_clearance(text):
    assert not states_clearance(text)
