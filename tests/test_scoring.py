"""Scored instruments (`content/instruments.yml`): NPRS and PHQ-4, through `bot.engine.scoring`.

- NPRS: the 0-10 pain score and its bands (0 none, 1-3 mild, 4-6 moderate, 7-10 severe), at
  every band edge, typed the way visitors type it, and refused outside the scale.
- PHQ-4: the total and its bands (0-2 normal, 3-5 mild, 6-8 moderate, 9-12 severe) at every
  edge, the GAD-2 and PHQ-2 subscales (positive at 3, not at 2), answers in lay words, and
  incomplete answers (a partial PHQ-4 has no total).

Sources for the cut-offs are cited in instruments.yml (Hawker 2011, Farrar 2001, Kroenke 2009,
Löwe 2010).
"""

from __future__ import annotations

import pytest

from bot.engine.content import default_content
from bot.engine.scoring import score_instrument, score_values

PHQ4_ITEMS = ("phq4.nervous", "phq4.worry", "phq4.interest", "phq4.down")
# The options' own labels, so a total is exactly the sum of the points asked for.
PHQ4_LABELS = {
    0: "not at all",
    1: "several days",
    2: "more than half the days",
    3: "nearly every day",
}


def phq4(*points: int) -> dict[str, str]:
    """PHQ-4 answers typed as option labels, item by item in published order."""
    return {item: PHQ4_LABELS[p] for item, p in zip(PHQ4_ITEMS, points, strict=False)}


# --- the content itself ----------------------------------------------------------------------


def test_instruments_are_the_two_expected():
    assert set(default_content().instruments) == {"nprs", "phq4"}


def test_nprs_definition():
    nprs = default_content().instruments["nprs"]
    assert nprs.items == ["pain_intensity"]
    assert [(b.max, b.label) for b in nprs.bands] == [
        (0, "none"),
        (3, "mild"),
        (6, "moderate"),
        (10, "severe"),
    ]
    cites = " ".join(s.cite for s in nprs.sources)
    assert "Hawker" in cites and "Farrar" in cites
    question = default_content().question("pain_intensity")
    assert (question.kind, question.min, question.max) == ("scale", 0, 10)
    assert question.instrument == "nprs"


def test_phq4_definition():
    content = default_content()
    phq = content.instruments["phq4"]
    assert tuple(phq.items) == PHQ4_ITEMS
    assert [(b.max, b.label) for b in phq.bands] == [
        (2, "normal"),
        (5, "mild"),
        (8, "moderate"),
        (12, "severe"),
    ]
    assert {k: (tuple(s.items), s.positive_at) for k, s in phq.subscales.items()} == {
        "gad2": (("phq4.nervous", "phq4.worry"), 3),
        "phq2": (("phq4.interest", "phq4.down"), 3),
    }
    cites = " ".join(s.cite for s in phq.sources)
    assert "Kroenke" in cites and "Löwe" in cites
    for item in PHQ4_ITEMS:
        question = content.question(item)
        assert question.instrument == "phq4"
        assert [(o.id, o.score) for o in question.options] == [
            ("not_at_all", 0),
            ("several_days", 1),
            ("more_than_half", 2),
            ("nearly_every_day", 3),
        ]


# --- NPRS ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "total", "band"),
    [
        ("0", 0, "none"),
        ("1", 1, "mild"),
        ("3", 3, "mild"),
        ("4", 4, "moderate"),
        ("6", 6, "moderate"),
        ("7", 7, "severe"),
        ("10", 10, "severe"),
        # typed the way visitors type
        ("about a 7", 7, "severe"),
        ("seven out of ten", 7, "severe"),
        ("3/10", 3, "mild"),
        ("no pain at all right now", 0, "none"),
        ("maybe a 5 or 6", 6, "moderate"),  # a range takes the higher value
    ],
)
def test_nprs_bands(typed, total, band):
    score = score_instrument("nprs", {"pain_intensity": typed})
    assert (score.total, score.band) == (total, band)
    assert score.band_text
    assert score.missing == ()


@pytest.mark.parametrize("typed", ["11", "15", "-3", "purple", "", "   "])
def test_nprs_out_of_range_or_unreadable_has_no_score(typed):
    score = score_instrument("nprs", {"pain_intensity": typed})
    assert score.total is None
    assert score.band is None
    assert score.missing == ("pain_intensity",)


def test_nprs_unanswered_has_no_score():
    score = score_instrument("nprs", {})
    assert (score.total, score.band, score.missing) == (None, None, ("pain_intensity",))


@pytest.mark.parametrize(
    ("value", "band"), [(0, "none"), (2, "mild"), (5, "moderate"), (9, "severe")]
)
def test_nprs_from_parsed_values(value, band):
    assert score_values("nprs", {"pain_intensity": value}, default_content()).band == band


@pytest.mark.parametrize("value", [11, -1, 10.5])
def test_nprs_parsed_value_outside_the_scale_is_not_banded(value):
    """A value beyond 0-10 is not an NPRS score, even when handed over already parsed."""
    score = score_values("nprs", {"pain_intensity": value}, default_content())
    assert score.total is None
    assert score.band is None


# --- PHQ-4 totals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "total", "band"),
    [
        ((0, 0, 0, 0), 0, "normal"),
        ((1, 1, 0, 0), 2, "normal"),
        ((1, 1, 1, 0), 3, "mild"),
        ((2, 1, 1, 1), 5, "mild"),
        ((2, 2, 1, 1), 6, "moderate"),
        ((2, 2, 2, 2), 8, "moderate"),
        ((3, 2, 2, 2), 9, "severe"),
        ((3, 3, 3, 3), 12, "severe"),
    ],
)
def test_phq4_bands(points, total, band):
    score = score_instrument("phq4", phq4(*points))
    assert (score.total, score.band) == (total, band)
    assert score.band_text
    assert score.missing == ()


# --- PHQ-4 subscales -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "gad2", "phq2"),
    [
        ((0, 0, 0, 0), (0, False), (0, False)),
        ((1, 1, 1, 1), (2, False), (2, False)),  # 2: not positive
        ((2, 1, 1, 2), (3, True), (3, True)),  # 3: positive
        ((2, 0, 0, 2), (2, False), (2, False)),  # one item at 2 alone is not positive
        ((3, 0, 0, 3), (3, True), (3, True)),  # one item at 3 alone is
        ((0, 0, 3, 3), (0, False), (6, True)),
        ((3, 3, 0, 1), (6, True), (1, False)),
    ],
)
def test_phq4_subscales(points, gad2, phq2):
    score = score_instrument("phq4", phq4(*points))
    assert score.subscales["gad2"] == gad2
    assert score.subscales["phq2"] == phq2


# --- PHQ-4 in lay words ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "points"),
    [
        ("never", 0),
        ("not really", 0),
        ("no", 0),
        ("Not at all", 0),
        ("a few days", 1),
        ("sometimes", 1),
        ("now and then", 1),
        ("not often", 1),
        ("most days", 2),
        ("more than half the days", 2),
        ("a lot", 2),
        ("every day", 3),
        ("nearly every day", 3),
        ("constantly", 3),
        ("all the time", 3),
        ("Pretty much every day tbh", 3),
    ],
)
def test_phq4_lay_words(typed, points):
    """Each lay answer, given to one item with the other three at 0, adds its points."""
    answers = phq4(0, 0, 0, 0)
    answers["phq4.down"] = typed
    assert score_instrument("phq4", answers).total == points


def test_phq4_all_lay_words():
    score = score_instrument(
        "phq4",
        {
            "phq4.nervous": "never",
            "phq4.worry": "a few days",
            "phq4.interest": "most days",
            "phq4.down": "constantly",
        },
    )
    assert (score.total, score.band) == (6, "moderate")
    assert score.subscales == {"gad2": (1, False), "phq2": (5, True)}


# --- PHQ-4 incomplete ------------------------------------------------------------------------


def test_phq4_missing_item_has_no_total():
    answers = phq4(3, 3, 3)  # phq4.down not answered
    score = score_instrument("phq4", answers)
    assert score.total is None
    assert score.band is None
    assert score.missing == ("phq4.down",)
    # a complete subscale is still reported; an incomplete one is not
    assert score.subscales["gad2"] == (6, True)
    assert "phq2" not in score.subscales


def test_phq4_unreadable_item_counts_as_missing():
    answers = phq4(1, 1, 1, 1)
    answers["phq4.worry"] = "purple"
    score = score_instrument("phq4", answers)
    assert score.total is None
    assert score.missing == ("phq4.worry",)
    assert "gad2" not in score.subscales
    assert score.subscales["phq2"] == (2, False)


def test_phq4_unanswered():
    score = score_instrument("phq4", {})
    assert (score.total, score.band) == (None, None)
    assert score.missing == PHQ4_ITEMS
    assert score.subscales == {}


def test_phq4_typed_as_option_ids():
    answers = dict(
        zip(
            PHQ4_ITEMS,
            ["nearly_every_day", "more_than_half", "several_days", "not_at_all"],
            strict=True,
        )
    )
    score = score_instrument("phq4", answers)
    assert (score.total, score.band) == (6, "moderate")


def test_phq4_from_parsed_values():
    values = dict(
        zip(
            PHQ4_ITEMS,
            ["nearly_every_day", "more_than_half", "not_at_all", "several_days"],
            strict=True,
        )
    )
    score = score_values("phq4", values, default_content())
    assert (score.total, score.band) == (6, "moderate")
    assert score.subscales == {"gad2": (5, True), "phq2": (1, False)}
