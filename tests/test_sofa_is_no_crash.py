"""Slept on a sofa, not a road accident (fortieth round, my wording).

"I crashed on their sofa after the wedding" beside a hangover headache had read as a headache
after a road accident: the thunderclap group's emergency. The rules no longer count "crashed"
as a road accident in a clause that says where someone slept (lexicon.yml `car_accident`
`ignore_in`); a crash on the road still counts.
"""

import pytest

from bot.engine.content import default_content


@pytest.fixture(scope="module")
def crash():
    return default_content().mention_filters["car_accident"]


@pytest.mark.parametrize(
    "said",
    [
        "after the wedding I crashed on their sofa with my head on the armrest",
        "I crashed out on the couch at my sister's",
        "we crashed at a mate's after the match",
    ],
)
def test_a_sofa_slept_on_is_no_crash(crash, said):
    assert not crash.counts(said)


@pytest.mark.parametrize(
    "said",
    ["I crashed my car on Monday", "crashed on the motorway last week", "we crashed at 40 mph"],
)
def test_a_crash_on_the_road_still_is(crash, said):
    assert crash.counts(said)
