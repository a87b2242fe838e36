"""A past illness with nothing new is not a red flag; a new sign beside it still is (fifty-fifth
round: content/screen/train_zzt.yml, benign training text on cancers treated years ago, gym
soreness easing, sciatica long gone, a normal pregnancy, bladder habits and the like). Before,
the semantic layer raised "8 years clear" as cancer. My own wording.
"""

from bot.engine.assessment import screen_text


def test_a_cancer_years_clear_with_nothing_new_raises_nothing():
    assert "cancer" not in screen_text(
        "Breast cancer survivor here, 8 years clear, any massage I should avoid?"
    )


def test_a_cancer_years_clear_with_a_new_spinal_ache_is_raised():
    assert "cancer" in screen_text(
        "Breast cancer survivor here, 8 years clear, and this month a new ache in my spine"
        " that wakes me"
    )


def test_a_voucher_for_someone_books_for_them():
    assert "cancer" in screen_text(
        "The voucher is for my dad, 71. His lower back has got steadily worse since June and"
        " he had bowel cancer in 2016."
    )


def test_strength_less_every_day_is_weakness_getting_worse():
    assert "progressive_weakness" in screen_text("my left foot, every day less strong")
