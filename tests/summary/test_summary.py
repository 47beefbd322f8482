"""The summary's figures on small journals computed by hand (no app, no database)."""

from datetime import date, timedelta

import pytest
from werkzeug.datastructures import MultiDict

from journal.recovery.plan import Plan
from journal.summary import build as summary, date_ranges, directions, places
from journal.summary.build import CheckinDigest
from journal.summary.date_ranges import DateRange
from journal.summary.places import DayPain

TODAY = date(2026, 3, 16)


def d(day):
    return date(2026, 3, day)


def pain(day, location, *values):
    """One place on one day from its readings in time order, as the SQL groups them."""
    average = sum(values) / len(values)
    return DayPain(d(day), location, max(values), average, values[-1], len(values))


def checkin(day, time="08:00", **fields):
    return CheckinDigest(day=d(day), time=time, **fields)


# --- ranges ---------------------------------------------------------------


@pytest.mark.parametrize("choice, start", [("7", d(10)), ("14", d(3)), ("30", date(2026, 2, 15))])
def test_last_n_days_end_today_and_include_it(choice, start):
    day_range, errors = date_ranges.parse_range(MultiDict({"range": choice}), TODAY, d(1))
    assert errors == {}
    assert day_range == DateRange(start, TODAY)
    assert day_range.days == int(choice)


def test_default_range_is_the_last_30_days():
    day_range, _ = date_ranges.parse_range(MultiDict(), TODAY, d(1))
    assert day_range.days == 30


def test_since_surgery_runs_from_surgery_day_to_today():
    day_range, errors = date_ranges.parse_range(MultiDict({"range": "surgery"}), TODAY, d(9))
    assert (day_range, errors) == (DateRange(d(9), TODAY), {})


def test_since_surgery_before_surgery_asks_for_another_range():
    day_range, errors = date_ranges.parse_range(MultiDict({"range": "surgery"}), TODAY, d(20))
    assert day_range is None
    assert "still ahead" in errors["range"]


def test_custom_dates_are_inclusive():
    args = MultiDict({"range": "custom", "start": "2026-03-01", "end": "2026-03-14"})
    day_range, errors = date_ranges.parse_range(args, TODAY, d(1))
    assert errors == {}
    assert day_range.days == 14


@pytest.mark.parametrize(
    "start, end, field, words",
    [
        ("2026-3-1", "2026-03-14", "start", "year-month-day"),
        ("2026-03-01", "yesterday", "end", "year-month-day"),
        ("", "2026-03-14", "start", "year-month-day"),
        ("2026-02-30", "2026-03-14", "start", "year-month-day"),
        ("2026-03-14", "2026-03-01", "end", "before the first day"),
        ("2026-03-01", "2026-03-17", "end", "in the future"),
        ("2024-03-14", "2026-03-15", "end", "two years or less"),
        ("0001-01-01", "0001-01-05", "end", "more than 10 years ago"),
    ],
)
def test_bad_custom_dates_get_a_message_for_the_field(start, end, field, words):
    args = MultiDict({"range": "custom", "start": start, "end": end})
    day_range, errors = date_ranges.parse_range(args, TODAY, d(1))
    assert day_range is None
    assert words in errors[field]


def test_two_years_is_the_longest_range():
    longest = DateRange(date(2024, 3, 16), TODAY)
    assert longest.days == date_ranges.MAX_RANGE_DAYS
    assert date_ranges.check_range(longest.start, longest.end, TODAY, "end") == (longest, {})
    refused, errors = date_ranges.check_range(date(2024, 3, 15), TODAY, TODAY, "end")
    assert refused is None and errors


def test_unknown_range_choice_is_refused():
    day_range, errors = date_ranges.parse_range(MultiDict({"range": "365"}), TODAY, d(1))
    assert day_range is None and "range" in errors


def test_previous_period_has_the_same_length_and_ends_the_day_before():
    assert DateRange(d(10), d(16)).previous() == DateRange(d(3), d(9))


# --- per-place figures ----------------------------------------------------


def test_empty_range_has_no_figures_and_everything_missing():
    report = summary.build(DateRange(d(10), d(16)), TODAY, None, [], [])
    assert report.is_empty
    assert report.locations == []
    assert report.series == {}
    assert report.hip_and_back is None
    assert report.contexts == []
    adherence = report.adherence
    assert (adherence.days_done, adherence.days, adherence.days_logged, adherence.percent) == (
        0, 7, 0, 0)
    assert report.missing.count == 7
    assert report.missing.spans == ((d(10), d(16)),)


def test_one_day_gives_that_days_figures():
    [figures] = places.location_figures([pain(16, "hip_right", 3, 6)], DateRange(d(16), d(16)))
    assert (figures.days_logged, figures.average, figures.worst, figures.latest) == (1, 4.5, 6, 6)
    assert figures.latest_day == d(16)
    assert figures.verdict == "nothing earlier to compare"


def test_several_checkins_a_day_count_that_day_once_in_the_average():
    # Day 10: 2, 2, 8 (mean 4); day 11: 6. Mean of daily means is 5.0; the
    # mean of all four readings would be 4.5.
    day_pains = [pain(10, "hip_right", 2, 2, 8), pain(11, "hip_right", 6)]
    [figures] = places.location_figures(day_pains, DateRange(d(10), d(11)))
    assert figures.average == 5.0
    assert figures.worst == 8
    assert figures.days_logged == 2


def test_latest_is_the_last_reading_of_the_last_day_logged():
    day_pains = [pain(10, "hip_right", 7), pain(12, "hip_right", 6, 2)]
    [figures] = places.location_figures(day_pains, DateRange(d(10), d(14)))
    assert (figures.latest, figures.latest_day) == (2, d(12))


def test_gaps_count_only_the_days_logged():
    day_pains = [pain(10, "lower_back", 4), pain(13, "lower_back", 6), pain(16, "lower_back", 2)]
    [figures] = places.location_figures(day_pains, DateRange(d(10), d(16)))
    assert (figures.days_logged, figures.average, figures.worst) == (3, 4.0, 6)


def test_places_come_in_the_body_list_order_and_days_outside_are_ignored():
    day_pains = [pain(12, "knee_left", 1), pain(12, "hip_right", 5), pain(20, "neck", 3)]
    figures = places.location_figures(day_pains, DateRange(d(10), d(16)))
    assert [f.location for f in figures] == ["hip_right", "knee_left"]
    assert [f.label for f in figures] == ["Right hip", "Left knee"]


@pytest.mark.parametrize(
    "before, now, verdict",
    [
        (3, 5, "worse"),  # exactly +2: a change most patients rate as much worse
        (5, 3, "better"),  # exactly -2
        (4, 5, "about the same"),  # 1 point, 25%
        (5, 4, "about the same"),  # 1 point, 20%
        (7, 9, "worse"),
        (2, 7, "worse"),
        (6, 6, "about the same"),
    ],
)
def test_change_is_better_or_worse_only_at_two_points_or_thirty_percent(before, now, verdict):
    day_pains = [pain(5, "hip_right", before), pain(12, "hip_right", now)]
    [figures] = places.location_figures(day_pains, DateRange(d(10), d(16)))
    assert figures.previous_average == before
    assert figures.change == now - before
    assert figures.verdict == verdict


def test_change_of_two_is_exact_despite_floating_point():
    # 5.1 - 3.1 is 1.9999999999999996 in floating point.
    previous = [pain(3, "hip_right", 3, 3.2)]
    current = [pain(10, "hip_right", 5, 5.2)]
    [figures] = places.location_figures(previous + current, DateRange(d(10), d(16)))
    assert (figures.previous_average, figures.average, figures.change) == (3.1, 5.1, 2.0)
    assert figures.verdict == "worse"


def test_change_under_two_points_but_over_thirty_percent_is_worse():
    # 3.5 before (3 and 4 on one day), 5.4 now (5 and 5.8 averaged): 1.9 points, 54%.
    day_pains = [pain(5, "hip_right", 3, 4), pain(12, "hip_right", 5, 5.8)]
    [figures] = places.location_figures(day_pains, DateRange(d(10), d(16)))
    assert figures.change == 1.9
    assert figures.verdict == "worse"


def test_change_under_two_points_and_under_thirty_percent_is_about_the_same():
    # 6.5 before, 8.4 now: 1.9 points, 29%.
    day_pains = [pain(5, "hip_right", 7, 6.5), pain(12, "hip_right", 9, 8.4)]
    [figures] = places.location_figures(day_pains, DateRange(d(10), d(16)))
    assert figures.change == 1.9
    assert figures.verdict == "about the same"


def test_three_to_one_and_a_half_is_better_by_thirty_percent():
    day_pains = [pain(5, "hip_right", 3, 3.0), pain(12, "hip_right", 2, 1.5)]
    [figures] = places.location_figures(day_pains, DateRange(d(10), d(16)))
    assert figures.verdict == "better"


def test_previous_period_is_compared_place_by_place():
    day_pains = [
        pain(5, "hip_right", 8), pain(12, "hip_right", 4),
        pain(12, "lower_back", 4),  # nothing before: no verdict
    ]
    by_place = {f.location: f for f in places.location_figures(day_pains, DateRange(d(10), d(16)))}
    assert by_place["hip_right"].verdict == "better"
    assert by_place["lower_back"].change is None
    assert by_place["lower_back"].verdict == "nothing earlier to compare"


def test_a_day_just_before_the_previous_period_is_not_compared():
    # Range 10-16 (7 days): the previous period is 3-9; day 2 is outside both.
    day_pains = [pain(2, "hip_right", 9), pain(12, "hip_right", 3)]
    [figures] = places.location_figures(day_pains, DateRange(d(10), d(16)))
    assert figures.previous_average is None


# --- hip and back together -------------------------------------------------


def test_hip_and_back_counts_days_both_were_moderate_or_worse():
    day_pains = [
        pain(10, "hip_right", 6), pain(10, "lower_back", 5),  # both >= 4
        pain(11, "hip_right", 4), pain(11, "lower_back", 4),  # both exactly 4
        pain(12, "hip_right", 7), pain(12, "lower_back", 3),  # back under 4
        pain(13, "hip_right", 2),  # back not logged: not a shared day
    ]
    together = directions.hip_and_back(day_pains, DateRange(d(10), d(16)))
    assert together.hips == ("hip_right",)
    assert (together.days_both_logged, together.days_both_moderate) == (3, 2)
    assert together.sentence.startswith(
        "The hip and lower back were both 4 or more on 2 of the 3 days both were logged."
    )


def test_hip_falling_while_back_rises_is_said_plainly():
    hip = [pain(10 + i, "hip_right", w) for i, w in enumerate([8, 8, 7, 5, 4, 3, 3])]
    back = [pain(10 + i, "lower_back", w) for i, w in enumerate([2, 2, 2, 4, 5, 6, 6])]
    together = directions.hip_and_back(hip + back, DateRange(d(10), d(16)))
    assert together.opposite
    assert (together.hip.first, together.hip.last, together.hip.word) == (7.7, 3.3, "falling")
    assert (together.back.first, together.back.last, together.back.word) == (2, 5.7, "rising")
    assert "Hip pain fell (7.7 → 3.3) while lower back pain rose (2 → 5.7)" in together.sentence
    assert "opposite directions" in together.sentence


def test_fewer_than_six_days_give_no_direction():
    hip = [pain(10 + i, "hip_right", w) for i, w in enumerate([8, 8, 3, 3, 3])]
    back = [pain(10 + i, "lower_back", w) for i, w in enumerate([2, 2, 6, 6, 6])]
    together = directions.hip_and_back(hip + back, DateRange(d(10), d(16)))
    assert together.hip is None and together.back is None and not together.opposite
    assert "opposite" not in together.sentence


def test_hip_and_back_falling_together_is_not_called_opposite():
    hip = [pain(10 + i, "hip_right", w) for i, w in enumerate([8, 8, 8, 4, 4, 4])]
    back = [pain(10 + i, "lower_back", w) for i, w in enumerate([6, 6, 6, 3, 3, 3])]
    together = directions.hip_and_back(hip + back, DateRange(d(10), d(16)))
    assert not together.opposite
    assert "Both fell: hip 8 → 4, lower back 6 → 3." in together.sentence


@pytest.mark.parametrize("back_end, word", [(7, "rising"), (6, "steady")])
def test_a_small_back_rise_is_steady_not_opposite(back_end, word):
    # Back 5 -> 7 is 2 points: rising. 5 -> 6 is 1 point and 20%: steady.
    hip = [pain(10 + i, "hip_right", w) for i, w in enumerate([8, 8, 8, 3, 3, 3])]
    back = [pain(10 + i, "lower_back", w) for i, w in enumerate([5, 5, 5] + [back_end] * 3)]
    together = directions.hip_and_back(hip + back, DateRange(d(10), d(16)))
    assert together.back.word == word
    assert together.opposite is (word == "rising")


def test_both_hips_count_as_the_worse_of_the_two():
    day_pains = [pain(10, "hip_left", 2), pain(10, "hip_right", 5), pain(10, "lower_back", 6)]
    together = directions.hip_and_back(day_pains, DateRange(d(10), d(10)))
    assert together.hips == ("hip_left", "hip_right")
    assert together.days_both_moderate == 1
    assert together.sentence.startswith(
        "The hips and lower back were both 4 or more on 1 of the 1 day"
    )


def test_hip_without_back_says_the_back_was_not_logged():
    together = directions.hip_and_back([pain(10, "hip_right", 5)], DateRange(d(10), d(16)))
    assert together.sentence == "Lower back pain wasn't logged in this range."


def test_back_without_hip_says_the_hip_was_not_logged():
    together = directions.hip_and_back([pain(10, "lower_back", 5)], DateRange(d(10), d(16)))
    assert together.hips == ()
    assert "Hip pain wasn't logged" in together.sentence


def test_hip_and_back_on_different_days_never_met():
    day_pains = [pain(10, "hip_right", 5), pain(11, "lower_back", 5)]
    together = directions.hip_and_back(day_pains, DateRange(d(10), d(16)))
    assert together.days_both_logged == 0
    assert "never logged on the same day" in together.sentence


def test_no_hip_or_back_means_no_together_section():
    assert directions.hip_and_back([pain(10, "knee_left", 5)], DateRange(d(10), d(16))) is None


# --- context, home program, gaps, notes --------------------------------------


def test_pain_by_context_averages_each_checkins_worst_place():
    checkins = [
        checkin(10, context="after_pt", worst=6),
        checkin(11, context="after_pt", worst=3),
        checkin(11, "22:00", context="night", worst=7),
        checkin(12, context=None, worst=9),  # no moment chosen: not in any row
        checkin(12, "09:00", context="morning", worst=None, pain_free=True),  # no readings
    ]
    rows = summary.pain_by_context(checkins)
    assert [(r.label, r.checkins, r.average, r.highest) for r in rows] == [
        ("After PT", 2, 4.5, 6),
        ("At night", 1, 7.0, 7),
    ]


def test_home_exercise_adherence_is_days_ticked_out_of_days_in_range():
    checkins = [
        checkin(10, home_exercises=True),
        checkin(10, "20:00", home_exercises=True),  # same day: counted once
        checkin(11, home_exercises=False),
        checkin(13, home_exercises=True),
    ]
    adherence = summary.home_exercise_adherence(checkins, DateRange(d(10), d(16)))
    # Days 12, 14, 15 and 16 had no check-in: unknown, not "not done".
    assert (adherence.days_done, adherence.days_logged, adherence.days) == (2, 3, 7)
    assert adherence.percent == 67


def test_days_without_a_checkin_are_counted_and_grouped_into_runs():
    checkins = [checkin(10), checkin(10, "20:00"), checkin(13), checkin(16)]
    missing = summary.missing_days(checkins, DateRange(d(10), d(16)))
    assert missing.count == 4
    assert missing.spans == ((d(11), d(12)), (d(14), d(15)))


def test_notes_are_those_with_text_oldest_first():
    checkins = [checkin(10, note="Stiff after the drive"), checkin(11), checkin(12, note="Better")]
    assert [n.note for n in summary.notes(checkins, DateRange(d(10), d(16)))] == [
        "Stiff after the drive",
        "Better",
    ]


# --- plan, PT sessions, the whole summary -------------------------------------


def test_markers_show_surgery_day_and_each_pt_week_in_range():
    plan = Plan(surgery_date=d(2), pt_start_date=d(4), pt_weeks=6)
    markers = summary.plan_markers(plan, DateRange(d(1), d(16)))
    assert markers == {d(2): "Surgery", d(4): "PT week 1", d(11): "PT week 2"}


def test_pt_weeks_follow_the_first_session_when_the_plan_has_no_date():
    plan = Plan(surgery_date=d(2), pt_weeks=6)
    markers = summary.plan_markers(plan, DateRange(d(5), d(16)), first_pt_session=d(6))
    assert markers == {d(6): "PT week 1", d(13): "PT week 2"}


def test_pt_sessions_are_compared_with_once_or_twice_a_week():
    plan = Plan(surgery_date=date(2026, 2, 1), pt_start_date=date(2026, 2, 3), pt_weeks=6)
    sessions = summary.pt_sessions([d(2), d(9), d(20)], plan, DateRange(d(1), d(14)))
    # PT runs 3 Feb to 16 Mar, so all 14 days are planned PT: 2 to 4 sessions.
    assert (sessions.attended, sessions.planned_days) == (2, 14)
    assert (sessions.expected_low, sessions.expected_high) == (2, 4)
    assert sessions.sentence == (
        "2 PT sessions logged. Once or twice a week, the 14 days of planned PT in this range "
        "would be about 2 to 4 sessions."
    )
    assert "fewer" not in sessions.sentence


def test_fewer_sessions_than_planned_suggests_checking_the_log():
    plan = Plan(surgery_date=date(2026, 2, 1), pt_start_date=date(2026, 2, 3), pt_weeks=6)
    sessions = summary.pt_sessions([], plan, DateRange(d(1), d(14)))
    assert "fewer than planned" in sessions.sentence


def test_a_range_outside_the_pt_period_expects_no_sessions():
    plan = Plan(surgery_date=d(1), pt_start_date=d(20), pt_weeks=6)
    sessions = summary.pt_sessions([], plan, DateRange(d(1), d(14)))
    assert sessions.planned_days == 0
    assert sessions.sentence == "0 PT sessions logged; the planned PT period isn't in this range."


def test_build_puts_the_figures_together_for_the_range():
    plan = Plan(surgery_date=d(9))
    day_pains = [pain(5, "hip_right", 7), pain(12, "hip_right", 5), pain(12, "lower_back", 4)]
    checkins = [checkin(12, note="Sore", home_exercises=True, worst=5, context="morning")]
    report = summary.build(
        DateRange(d(10), d(16)), TODAY, plan, day_pains, checkins, session_days=[d(11), d(30)]
    )
    assert report.days_logged == 1
    assert [f.location for f in report.locations] == ["hip_right", "lower_back"]
    assert report.headline == "Day 7 after surgery · week 2"
    assert report.pt_session_days == [d(11)]
    assert report.daily == [
        (d(12), [(day_pains[1].worst, day_pains[1].average),
                 (day_pains[2].worst, day_pains[2].average)]),
    ]
    assert report.hip_and_back.days_both_moderate == 1
    assert report.missing.count == 6


def test_past_eight_weeks_the_table_has_a_row_per_week():
    start = date(2026, 1, 1)
    day_range = DateRange(start, start + timedelta(days=69))  # 10 weeks
    day_pains = [
        DayPain(start + timedelta(days=i), "hip_right", 6 if i == 8 else 4, 4.0 if i % 2 else 3.0,
                4, 1)
        for i in range(0, 70) if i // 7 != 3  # nothing in week 4
    ] + [DayPain(start + timedelta(days=9), "lower_back", 2, 2.0, 2, 1)]
    report = summary.build(day_range, TODAY, None, day_pains, [],
                           session_days=[start + timedelta(days=8), start + timedelta(days=10)])
    assert report.daily == [] and len(report.weekly) == 9
    second = report.weekly[1]
    assert (second.start, second.end) == (start + timedelta(days=7), start + timedelta(days=13))
    # Week 2, days 7-13: worst 6 on day 8; daily averages 4, 3, 4, 3, 4, 3, 4.
    assert second.places == [(6, 3.6, 7), (2, 2.0, 1)]
    assert second.pt_sessions == 2
    assert report.weekly[2].end + timedelta(days=8) == report.weekly[3].start
    assert report.weekly[0].places[1] is None


def test_up_to_eight_weeks_the_table_has_a_row_per_day():
    day_range = DateRange(d(1), d(1) + timedelta(days=summary.DAILY_TABLE_UP_TO_DAYS - 1))
    report = summary.build(day_range, TODAY, None, [pain(3, "hip_right", 5)], [])
    assert report.weekly == [] and report.daily == [(d(3), [(5, 5.0)])]


def test_adherence_counts_days_from_surgery_when_the_range_starts_before_it():
    checkins = [checkin(day, home_exercises=True) for day in range(10, 17)]
    adherence = summary.home_exercise_adherence(checkins, DateRange(d(1), d(16)), surgery_date=d(10))
    assert (adherence.days_done, adherence.days, adherence.percent) == (7, 7, 100)
    assert adherence.since_surgery
    whole = summary.home_exercise_adherence(checkins, DateRange(d(10), d(16)), surgery_date=d(10))
    assert (whole.days, whole.since_surgery) == (7, False)


def test_a_first_session_and_a_session_on_the_same_day_are_one_visit():
    report = summary.build(DateRange(d(10), d(16)), TODAY, Plan(surgery_date=d(9)), [], [],
                           session_days=[d(11), d(11), d(13)])
    assert report.pt_session_days == [d(11), d(13)]
    assert report.pt_sessions.attended == 2


def test_a_week_with_pt_sessions_but_no_readings_keeps_its_row():
    start = date(2026, 1, 1)
    day_range = DateRange(start, start + timedelta(days=69))
    day_pains = [DayPain(start, "hip_right", 4, 4.0, 4, 1)]
    report = summary.build(day_range, TODAY, None, day_pains, [],
                           session_days=[start + timedelta(days=22)])
    assert [w.start for w in report.weekly] == [start, start + timedelta(days=21)]
    assert report.weekly[1].pt_sessions == 1 and report.weekly[1].places == [None]


# --- ranges start at surgery; what a range is compared with -------------------


def test_last_30_days_on_day_7_start_at_surgery():
    asked = DateRange(date(2026, 2, 15), TODAY)
    assert date_ranges.fit_to_recovery(asked, d(9), None) == (DateRange(d(9), TODAY), "surgery")
    # A first check-in after surgery changes nothing: the days from surgery are the recovery.
    assert date_ranges.fit_to_recovery(asked, d(9), d(12)) == (DateRange(d(9), TODAY), "surgery")


def test_a_check_in_before_surgery_starts_the_range_there_and_never_earlier():
    asked = DateRange(date(2026, 2, 15), TODAY)
    assert date_ranges.fit_to_recovery(asked, d(9), d(2)) == (DateRange(d(2), TODAY), "first check-in")


def test_a_range_inside_the_recovery_keeps_its_dates():
    asked = DateRange(d(10), TODAY)
    assert date_ranges.fit_to_recovery(asked, d(9), None) == (asked, None)
    assert date_ranges.fit_to_recovery(asked, None, None) == (asked, None)


def test_before_surgery_with_nothing_logged_only_the_last_day_is_left():
    asked = DateRange(date(2026, 2, 15), TODAY)
    assert date_ranges.fit_to_recovery(asked, d(20), None) == (DateRange(TODAY, TODAY), None)


def test_days_before_surgery_are_never_missing():
    """A custom range keeps its dates, but only days from surgery can be missed."""
    missing = summary.missing_days([checkin(12)], DateRange(d(1), d(16)), surgery_date=d(9))
    assert missing.count == 7
    assert missing.spans == ((d(9), d(11)), (d(13), d(16)))
    assert missing.since_surgery
    before = summary.missing_days([], DateRange(d(1), d(5)), surgery_date=d(9))
    assert (before.count, before.spans) == (0, ())


def test_previous_period_is_cut_at_surgery_and_absent_for_a_range_from_surgery():
    cut = date_ranges.previous_period(DateRange(d(12), d(16)), d(9))
    assert (cut.earlier, cut.from_surgery) == (DateRange(d(9), d(11)), True)
    assert date_ranges.previous_period(DateRange(d(9), d(16)), d(9)).earlier is None
    whole = date_ranges.previous_period(DateRange(d(12), d(16)), d(1))
    assert (whole.earlier, whole.from_surgery) == (DateRange(d(7), d(11)), False)
    # A range the patient started before surgery is compared as before.
    assert date_ranges.previous_period(DateRange(d(5), d(8)), d(9)).earlier == DateRange(d(1), d(4))


def test_a_range_from_surgery_says_nothing_earlier_rather_than_comparing_with_before_surgery():
    day_pains = [pain(5, "hip_right", 9), pain(10, "hip_right", 3)]
    report = summary.build(DateRange(d(9), d(16)), TODAY, Plan(surgery_date=d(9)), day_pains, [])
    [hip] = report.locations
    assert (hip.previous_average, hip.change, hip.verdict) == (None, None, "nothing earlier to compare")


@pytest.mark.parametrize(
    "first, last, earlier, later",
    [
        (1, 14, (1, 7), (8, 14)),
        (1, 15, (1, 7), (9, 15)),  # the middle day in neither half
        (1, 2, (1, 1), (2, 2)),
    ],
)
def test_range_halves_are_the_same_length(first, last, earlier, later):
    halves = date_ranges.range_halves(DateRange(d(first), d(last)))
    assert halves.earlier == DateRange(d(earlier[0]), d(earlier[1]))
    assert halves.later == DateRange(d(later[0]), d(later[1]))


def test_a_one_day_range_has_no_halves():
    assert date_ranges.range_halves(DateRange(d(16), d(16))).earlier is None


def test_halves_compare_the_second_half_with_the_first_and_nothing_outside():
    day_pains = [pain(2, "hip_right", 9)] + [pain(day, "hip_right", 6) for day in (3, 4, 5)] + [
        pain(day, "hip_right", 3) for day in (6, 7, 8)
    ]
    day_range = DateRange(d(3), d(8))
    [hip] = places.location_figures(day_pains, day_range,
                                     comparison=date_ranges.range_halves(day_range))
    assert (hip.average, hip.previous_average, hip.compared_average) == (4.5, 6.0, 3.0)
    assert (hip.change, hip.verdict) == (-3.0, "better")
