"""Expected milestone windows and plain-language statuses, derived from the plan (pure),
and the week-by-week timeline (its exercise days counted by the database, as the page does)."""

from datetime import date, timedelta

import pytest

from journal.checkins import ranges as checkin_range
from journal.milestones.timeline import MonthOfWeeks, QuietStretch, Week, timeline_weeks
from journal.milestones.windows import (
    crutch_windows,
    early_crutch_steps,
    expected_milestones,
    first_pt_session,
    next_crutch_step,
    next_expected,
)
from journal.recovery.plan import Plan
from journal.web.db import connect, migrate

SURGERY = date(2026, 3, 2)


def on(day):
    return SURGERY + timedelta(days=day)


def plan(**fields):
    return Plan(surgery_date=fields.pop("surgery_date", SURGERY), **fields)


def logged(*pairs):
    return [
        {"id": i, "kind": kind, "title": "", "date": on(day).isoformat()}
        for i, (kind, day) in enumerate(pairs, start=1)
    ]


@pytest.fixture
def exercise_weeks(tmp_path):
    """`{week: days}` as the timeline page counts them, for home exercises
    ticked on `days` (a set of dates), up to `today`."""
    path = str(tmp_path / "journal.db")
    migrate(path)
    db = connect(path)

    def count(days, today):
        db.execute(
            "INSERT INTO users (id, email, password_hash, display_name, timezone, created_at)"
            " VALUES (1, 'ana@example.com', '', 'Ana', 'Europe/London', '2026-03-01T00:00:00+00:00')"
        )
        for day in sorted(days):
            db.execute(
                "INSERT INTO checkins (user_id, recorded_at, local_date, local_time, home_exercises,"
                " created_at, updated_at) VALUES (1, ?, ?, '09:00', 1, ?, ?)",
                [f"{day}T09:00:00+00:00", day.isoformat(), f"{day}T09:00:00+00:00",
                 f"{day}T09:00:00+00:00"],
            )
        return checkin_range.exercise_days_per_week(db, 1, SURGERY, today)

    yield count
    db.conn.close()


def by_kind(expected):
    return {e.kind: e for e in expected}


@pytest.mark.parametrize(
    "weeks, one_crutch, off_crutches",
    # One crutch: the last week of the crutch period (never before halfway);
    # off crutches: the planned day itself.
    [(1, (4, 7), (7, 7)), (2, (7, 14), (14, 14)), (4, (21, 28), (28, 28)),
     (6, (35, 42), (42, 42))],
)
def test_crutch_windows_follow_the_planned_weeks(weeks, one_crutch, off_crutches):
    windows = crutch_windows(plan(crutch_weeks=weeks))
    assert windows["one_crutch"] == one_crutch
    assert windows["off_crutches"] == off_crutches
    expected = by_kind(expected_milestones(plan(crutch_weeks=weeks), [], on(0)))
    assert expected["off_crutches"].window_start == on(off_crutches[0])
    assert expected["off_crutches"].window_end == on(off_crutches[1])


def test_a_plan_without_crutches_expects_no_crutch_stages():
    kinds = [e.kind for e in expected_milestones(plan(crutch_weeks=0), [], on(3))]
    assert kinds == ["first_pt", "pt_discharge"]


def test_two_crutches_starts_at_surgery_unless_logged_otherwise():
    default = by_kind(expected_milestones(plan(), [], on(3)))["two_crutches"]
    assert default.actual == SURGERY and default.state == "done"
    assert default.status == "from surgery day (day 0)"
    later = by_kind(expected_milestones(plan(), logged(("two_crutches", 2)), on(3)))
    assert later["two_crutches"].status == "from day 2"


@pytest.mark.parametrize(
    "day, state, status",
    [
        (5, "too_soon", "done on day 5: sooner than your plan (day 14) — check that your "
                        "surgeon agreed"),
        # Day 7 with a 2-week plan was once "on time": it is a week early.
        (7, "too_soon", "done on day 7: sooner than your plan (day 14) — check that your "
                        "surgeon agreed"),
        (13, "too_soon", "done on day 13: sooner than your plan (day 14) — check that your "
                         "surgeon agreed"),
        (14, "done_on_time", "done on day 14 (planned for day 14)"),
        (15, "done_late", "done on day 15, later than planned (planned for day 14)"),
    ],
)
def test_off_crutches_sooner_than_the_plan_is_never_on_time(day, state, status):
    off = by_kind(expected_milestones(plan(), logged(("off_crutches", day)), on(20)))
    assert off["off_crutches"].state == state
    assert off["off_crutches"].status == status
    assert off["off_crutches"].actual == on(day)


@pytest.mark.parametrize(
    "today, state, status",
    [
        (6, "upcoming", "on track: expected on day 14"),
        (13, "upcoming", "on track: expected on day 14"),
        (14, "due", "on track: expected by day 14"),
        (15, "late", "later than planned: still on crutches on day 15, the plan said about 14 — "
                     "worth mentioning to your PT"),
        (17, "late", "later than planned: still on crutches on day 17, the plan said about 14 — "
                     "worth mentioning to your PT"),
    ],
)
def test_off_crutches_missing_is_on_track_until_the_window_closes(today, state, status):
    off = by_kind(expected_milestones(plan(), [], on(today)))["off_crutches"]
    assert (off.state, off.status, off.actual) == (state, status, None)


@pytest.mark.parametrize(
    "day, state", [(3, "too_soon"), (6, "too_soon"), (7, "done_on_time"), (14, "done_on_time")]
)
def test_one_crutch_before_the_weaning_week_reads_sooner_than_your_plan(day, state):
    one = by_kind(expected_milestones(plan(), logged(("one_crutch", day)), on(20)))["one_crutch"]
    assert one.state == state and one.is_done
    if state == "too_soon":
        assert one.status == (f"done on day {day}: sooner than your plan (from day 7) — check "
                              "that your surgeon agreed")
        assert one.state_label == "Sooner than your plan"


def test_early_crutch_steps_are_reminded_until_the_planned_day():
    expected = expected_milestones(plan(), logged(("off_crutches", 7)), on(7))
    assert [e.kind for e in early_crutch_steps(expected, 7)] == ["off_crutches"]
    assert [e.kind for e in early_crutch_steps(expected, 14)] == ["off_crutches"]
    assert early_crutch_steps(expected, 15) == []


def test_skipping_one_crutch_is_fine_only_when_off_crutches_is_not_too_soon():
    on_plan = by_kind(expected_milestones(plan(), logged(("off_crutches", 14)), on(20)))
    assert on_plan["one_crutch"].status.startswith("skipped — that's fine")
    early = by_kind(expected_milestones(plan(), logged(("off_crutches", 10)), on(20)))
    assert early["one_crutch"].state == "skipped"
    assert "fine" not in early["one_crutch"].status
    assert "sooner than your plan" in early["one_crutch"].status


def test_one_crutch_may_be_skipped_and_is_never_late():
    skipped = by_kind(expected_milestones(plan(), logged(("off_crutches", 10)), on(20)))
    assert skipped["one_crutch"].state == "skipped"
    assert skipped["one_crutch"].is_done
    missing = by_kind(expected_milestones(plan(), [], on(20)))["one_crutch"]
    assert missing.state == "not_logged"
    assert "fine" in missing.status


def test_first_pt_session_window_from_a_planned_start_date():
    p = plan(pt_start_date=on(3))
    first = by_kind(expected_milestones(p, [], on(2)))["first_pt"]
    assert (first.start_day, first.end_day) == (3, 10)
    assert first.state == "upcoming"
    late = by_kind(expected_milestones(p, [], on(11)))["first_pt"]
    assert late.state == "late"
    assert "the plan said day 3" in late.status
    done = by_kind(expected_milestones(p, logged(("pt_session", 4)), on(11)))["first_pt"]
    assert done.status == "done on day 4 (planned by day 10)"
    # The PT period runs from the planned date: 6 weeks from day 3 ends on day 44.
    discharge = by_kind(expected_milestones(p, logged(("pt_session", 4)), on(11)))["pt_discharge"]
    assert (discharge.start_day, discharge.end_day) == (38, 44)


def test_pt_period_is_derived_from_the_first_session_when_no_date_is_planned():
    p = plan()
    before = by_kind(expected_milestones(p, [], on(3)))
    # No date and no session: PT assumed right after the 2 crutch weeks (day 14).
    assert (before["first_pt"].start_day, before["first_pt"].end_day) == (1, 14)
    assert (before["pt_discharge"].start_day, before["pt_discharge"].end_day) == (49, 55)
    after = by_kind(expected_milestones(p, logged(("first_pt", 5), ("pt_session", 8)), on(9)))
    assert after["first_pt"].actual == on(5)
    assert (after["pt_discharge"].start_day, after["pt_discharge"].end_day) == (40, 46)


def test_first_pt_session_is_the_earliest_session_of_either_kind():
    assert first_pt_session(logged(("pt_session", 6), ("first_pt", 8))) == on(6)
    assert first_pt_session(logged(("one_crutch", 6))) is None


def test_late_first_pt_and_discharge_say_who_to_ask():
    late_pt = by_kind(expected_milestones(plan(), [], on(16)))["first_pt"]
    assert late_pt.status.startswith("later than planned: no PT session logged by day 16")
    assert "ask your surgeon's office" in late_pt.status


@pytest.mark.parametrize("today, state", [(48, "upcoming"), (55, "due"), (56, "continuing")])
def test_pt_past_the_planned_weeks_is_continuing_not_late(today, state):
    discharge = by_kind(expected_milestones(plan(), logged(("first_pt", 14)), on(today)))
    assert discharge["pt_discharge"].state == state
    if state == "continuing":
        assert discharge["pt_discharge"].status.startswith(
            "PT continuing past your plan of 6 weeks (planned to about day 55)"
        )
        assert "later than planned" not in discharge["pt_discharge"].status


def test_discharge_after_the_planned_weeks_is_done_not_late():
    done = by_kind(expected_milestones(plan(), logged(("first_pt", 14), ("pt_discharge", 80)),
                                       on(90)))["pt_discharge"]
    assert done.state == "done_after_plan" and done.is_done
    assert done.status == ("done on day 80, after your plan of 6 weeks of PT (common: many "
                           "programmes run longer)")


def test_changing_the_surgery_date_re_derives_every_window_and_status():
    entries = [{"id": 1, "kind": "off_crutches", "title": "", "date": "2026-03-11"}]
    original = by_kind(expected_milestones(plan(), entries, date(2026, 3, 20)))
    assert original["off_crutches"].state == "too_soon"
    assert original["off_crutches"].status.startswith("done on day 9: sooner than your plan")
    moved = plan(surgery_date=SURGERY - timedelta(days=3))
    changed = by_kind(expected_milestones(moved, entries, date(2026, 3, 20)))
    assert changed["off_crutches"].status.startswith("done on day 12: sooner than your plan")
    assert changed["off_crutches"].window_end == SURGERY + timedelta(days=11)
    assert changed["pt_discharge"].window_end == original["pt_discharge"].window_end - timedelta(3)


def test_next_expected_is_the_earliest_open_window():
    # On day 3 the first-PT window (day 1-14) is open; the crutch windows open on day 7.
    assert next_expected(expected_milestones(plan(), [], on(3))).kind == "first_pt"
    after_pt = next_expected(expected_milestones(plan(), logged(("first_pt", 2)), on(3)))
    assert after_pt.kind == "one_crutch"
    after_crutches = next_expected(
        expected_milestones(plan(), logged(("one_crutch", 8), ("off_crutches", 12)), on(13))
    )
    assert after_crutches.kind == "first_pt"


def test_next_crutch_step_goes_one_crutch_then_off_then_nothing():
    assert next_crutch_step(plan(), []) == "one_crutch"
    assert next_crutch_step(plan(), logged(("one_crutch", 8))) == "off_crutches"
    assert next_crutch_step(plan(), logged(("off_crutches", 8))) is None
    assert next_crutch_step(plan(crutch_weeks=0), []) is None


def test_a_step_to_come_is_shown_once_in_the_week_its_window_opens_and_not_once_done():
    # One crutch: days 7-14 (weeks 2 and 3); first PT: days 1-14 (weeks 1-3).
    rows = [r for r in timeline_weeks(plan(), [], {}, on(3)) if isinstance(r, Week)]
    expected = {w.number: [e.kind for e in w.expected] for w in rows[:3]}
    assert expected == {1: ["first_pt"], 2: ["one_crutch"], 3: ["off_crutches"]}
    done = [r for r in timeline_weeks(plan(), logged(("one_crutch", 8)), {}, on(9))
            if isinstance(r, Week)]
    assert "one_crutch" not in [e.kind for w in done for e in w.expected]
    assert [e.kind for e in done[1].events] == ["one_crutch"]


def test_weeks_run_from_surgery_to_the_end_of_planned_pt_with_today_marked(exercise_weeks):
    entries = logged(("one_crutch", 8), ("first_pt", 9), ("pt_session", 11), ("pt_session", 16))
    exercise = exercise_weeks({on(8), on(9), on(10), on(15)}, on(16))
    rows = timeline_weeks(plan(), entries, exercise, on(16))
    weeks = [r for r in rows if isinstance(r, Week)]
    # PT from day 9 for 6 weeks ends on day 50, in week 8.
    assert [w.number for w in weeks] == list(range(1, 9))
    assert [w.number for w in weeks if w.is_current] == [3]
    week2, week3 = weeks[1], weeks[2]
    assert week2.pt_sessions == 2 and week3.pt_sessions == 1
    assert week2.exercise_days == 3 and week3.exercise_days == 1
    assert week3.days_so_far == 3 and week2.days_so_far == 7 and weeks[4].days_so_far == 0
    assert weeks[3].is_future
    assert [e.kind for e in weeks[0].events] == ["two_crutches"]  # the default, from surgery
    assert weeks[0].events[0].id is None
    assert "off_crutches" in [e.kind for e in week3.expected]  # day 14, week 3


def test_quiet_weeks_after_pt_collapse_into_one_line():
    entries = logged(("first_pt", 3), ("sport", 120))
    rows = timeline_weeks(plan(pt_weeks=2), entries, {}, on(130))
    quiet = [r for r in rows if isinstance(r, QuietStretch)]
    assert quiet and quiet[0].first_week < quiet[0].last_week
    weeks = [r for r in rows if isinstance(r, Week)]
    assert any(e.kind == "sport" for w in weeks for e in w.events)
    assert weeks[-1].is_current and weeks[-1].number == 19


def test_weeks_long_after_pt_are_grouped_by_month_but_milestones_and_today_keep_a_row(
    exercise_weeks,
):
    # PT from day 14 for 6 weeks ends on day 55, in week 8: every week to week 10 is shown.
    entries = logged(("first_pt", 14), ("work", 150))
    exercise = exercise_weeks({on(day) for day in range(0, 301, 2)}, on(300))
    rows = timeline_weeks(plan(), entries, exercise, on(300))
    weeks = [r for r in rows if isinstance(r, Week)]
    months = [r for r in rows if isinstance(r, MonthOfWeeks)]
    assert [w.number for w in weeks][:10] == list(range(1, 11))
    work_week = 150 // 7 + 1
    assert [w.number for w in weeks][10:] == [work_week, 300 // 7 + 1]
    assert weeks[-1].is_current and any(e.kind == "work" for e in weeks[-2].events)
    assert months and all(m.start.month == (m.end - timedelta(days=6)).month for m in months)
    # Every week from 11 on is in exactly one row, in order.
    covered = []
    for row in rows[10:]:
        covered += [row.number] if isinstance(row, Week) else list(
            range(row.first_week, row.last_week + 1))
    assert covered == list(range(11, 300 // 7 + 2))
    assert sum(m.exercise_days for m in months) == sum(
        days for week, days in exercise.items() if week > 10 and week not in (work_week, 43)
    )
    assert all(m.days_so_far == 7 * (m.last_week - m.first_week + 1) for m in months)
