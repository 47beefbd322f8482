"""Daily figures: worst and average per place per local day."""

from journal.checkins.days import DayFigure, band, daily_figures


def r(day, location, intensity):
    return {"local_date": day, "location": location, "intensity": intensity}


def test_several_check_ins_a_day_give_worst_and_average_per_location():
    figures = daily_figures(
        [
            r("2026-03-10", "hip_right", 6),
            r("2026-03-10", "hip_right", 3),
            r("2026-03-10", "hip_right", 4),
            r("2026-03-10", "lower_back", 2),
            r("2026-03-11", "hip_right", 0),
        ]
    )
    assert figures["2026-03-10"]["hip_right"] == DayFigure(worst=6, average=4.3, count=3)
    assert figures["2026-03-10"]["lower_back"] == DayFigure(worst=2, average=2.0, count=1)
    assert figures["2026-03-11"]["hip_right"] == DayFigure(worst=0, average=0.0, count=1)


def test_days_without_readings_are_absent_not_zero():
    figures = daily_figures([r("2026-03-10", "hip_left", 5), r("2026-03-12", "hip_left", 5)])
    assert set(figures) == {"2026-03-10", "2026-03-12"}


def test_no_readings_no_figures():
    assert daily_figures([]) == {}


def test_bands_follow_the_nrs_11_anchors():
    assert [band(n) for n in range(11)] == (
        ["none"] + ["mild"] * 3 + ["moderate"] * 3 + ["severe"] * 4
    )
