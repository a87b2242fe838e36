"""A date told of a past illness or operation is not when the pain began (fortieth round).

Tried as a visitor: "I had breast cancer five years ago and now the middle of my back aches" was
noted as pain "for about 5 years", for the therapist and the doctor's summary, and for the rules
that ask whether a pain is new. The clause that dates the illness is left out of the onset; the
pain's own clause keeps its time, and without one the question is asked. My own wording.
"""

import datetime

import pytest

from bot.conversation import reading
from bot.engine.content import default_content

TODAY = datetime.date(2026, 12, 5)


@pytest.fixture(scope="module")
def content():
    return default_content()


@pytest.mark.parametrize(
    "said, onset",
    [
        ("I had breast cancer five years ago and now the middle of my back aches", None),
        ("my dad had a knee replacement 4 years ago, now his hip is sore since Tuesday", 4.0),
        ("was treated for bowel cancer in 2021. the back started aching a fortnight ago", 14.0),
        ("diagnosed with myeloma three years ago; lower back pain for ten days", 10.0),
        # the pain's own clause keeps its time, an operation named in it or not
        ("my knee has been stiff since the operation 6 weeks ago", 42.0),
        ("my left knee, since the op 6 weeks ago", 42.0),
        ("neck has ached since a car accident two weeks ago", 14.0),
        ("lower back, about 3 weeks", 21.0),
    ],
)
def test_the_onset_is_the_pains_not_the_illnesss(content, said, onset):
    read = reading.read_volunteered(said, content, today=TODAY, describing=True)
    assert read.get("onset", {}).get("value") == onset
