"""Day N after surgery, week W and the phase: pure date arithmetic."""

from datetime import date, datetime, timezone

import pytest

from journal.recovery import plan as recovery_plan
from journal.recovery.clock import local_today
from journal.recovery.plan import Plan, Progress

SURGERY = date(2026, 3, 9)


@pytest.mark.parametrize(
    "today, day, week",
    [
        (date(2026, 3, 9), 0, 1),
        (date(2026, 3, 15), 6, 1),
        (date(2026, 3, 16), 7, 2),
        (date(2026, 4, 20), 42, 7),
        (date(2026, 3, 8), -1, 0),
    ],
)
def test_day_and_week_count_calendar_days_from_surgery_day_zero(today, day, week):
    plan = Plan(surgery_date=SURGERY)
    assert recovery_plan.day_number(plan, today) == day
    assert recovery_plan.week_number(day) == week


def test_headline_reads_day_and_week_or_a_countdown():
    plan = Plan(surgery_date=SURGERY)
    assert recovery_plan.headline(plan, date(2026, 3, 18)) == "Day 9 after surgery · week 2"
    assert recovery_plan.headline(plan, SURGERY) == "Surgery day · week 1"
    assert recovery_plan.headline(plan, date(2026, 3, 6)) == "Surgery in 3 days"
    assert recovery_plan.headline(plan, date(2026, 3, 8)) == "Surgery in 1 day"


def test_today_is_the_patients_local_date_not_utc():
    # 23:30 UTC on 15 March is already 16 March in Tokyo and still 15 March in New York.
    instant = datetime(2026, 3, 15, 23, 30, tzinfo=timezone.utc)
    assert local_today(instant, "Asia/Tokyo") == date(2026, 3, 16)
    assert local_today(instant, "America/New_York") == date(2026, 3, 15)
    plan = Plan(surgery_date=SURGERY)
    assert recovery_plan.day_number(plan, local_today(instant, "Asia/Tokyo")) == 7
    assert recovery_plan.day_number(plan, local_today(instant, "America/New_York")) == 6


def test_day_count_is_not_shifted_by_a_dst_change():
    # US clocks spring forward on 8 March 2026 and the UK on 29 March 2026: a
    # 23-hour day still counts as one day, so day N stays aligned with the calendar.
    plan = Plan(surgery_date=date(2026, 3, 7))
    just_before_midnight = datetime(2026, 3, 9, 3, 59, tzinfo=timezone.utc)  # 23:59 EDT on 8 March
    assert local_today(just_before_midnight, "America/New_York") == date(2026, 3, 8)
    assert recovery_plan.day_number(plan, local_today(just_before_midnight, "America/New_York")) == 1
    after_midnight = datetime(2026, 3, 9, 4, 1, tzinfo=timezone.utc)  # 00:01 EDT on 9 March
    assert recovery_plan.day_number(plan, local_today(after_midnight, "America/New_York")) == 2

    london = Plan(surgery_date=date(2026, 3, 28))
    # 00:30 BST on 30 March is 23:30 UTC on 29 March.
    instant = datetime(2026, 3, 29, 23, 30, tzinfo=timezone.utc)
    assert local_today(instant, "Europe/London") == date(2026, 3, 30)
    assert recovery_plan.day_number(london, local_today(instant, "Europe/London")) == 2


def test_phase_follows_crutch_and_pt_periods_with_defaults():
    plan = Plan(surgery_date=SURGERY)  # 2 crutch weeks, PT assumed to follow for 6 weeks
    assert recovery_plan.phase(plan, date(2026, 3, 1)) == "Before surgery"
    assert recovery_plan.phase(plan, SURGERY) == "Surgery day"
    assert recovery_plan.phase(plan, date(2026, 3, 12)) == "Crutch phase"
    assert recovery_plan.phase(plan, date(2026, 3, 23)) == "Physical therapy, week 1 of 6"
    assert recovery_plan.phase(plan, date(2026, 5, 3)) == "Physical therapy, week 6 of 6"
    assert recovery_plan.phase(plan, date(2026, 5, 4)) == "After the planned PT period"


def test_phase_with_pt_starting_while_on_crutches():
    plan = Plan(surgery_date=SURGERY, pt_start_date=date(2026, 3, 11))
    assert recovery_plan.phase(plan, date(2026, 3, 12)) == (
        "Crutches and physical therapy, week 1 of 6"
    )
    assert recovery_plan.pt_end(plan) == date(2026, 4, 21)


def test_phase_follows_what_was_logged_before_the_plan():
    plan = Plan(surgery_date=SURGERY, pt_start_date=date(2026, 3, 11))
    day_10 = date(2026, 3, 12)
    off_early = Progress(off_crutches=date(2026, 3, 9))
    # Off crutches on day 7: no longer "Crutches and ..." though the plan says 2 weeks.
    assert recovery_plan.phase(plan, day_10, off_early) == "Physical therapy, week 1 of 6"
    one = Progress(one_crutch=date(2026, 3, 10))
    assert recovery_plan.phase(plan, day_10, one) == "One crutch and physical therapy, week 1 of 6"
    no_pt = Plan(surgery_date=SURGERY, crutch_weeks=4)
    assert recovery_plan.phase(no_pt, day_10, Progress(one_crutch=date(2026, 3, 10))) == (
        "On one crutch"
    )
    assert recovery_plan.phase(no_pt, day_10, Progress(off_crutches=date(2026, 3, 10))) == (
        "Between crutches and PT"
    )
    # A step logged after the day in question doesn't count yet.
    assert recovery_plan.phase(plan, day_10, Progress(off_crutches=date(2026, 3, 20))) == (
        "Crutches and physical therapy, week 1 of 6"
    )


def test_phase_past_the_planned_pt_is_continuing_until_discharge_is_logged():
    plan = Plan(surgery_date=SURGERY, pt_start_date=date(2026, 3, 11))  # PT ends 21 April
    started = Progress(first_pt_session=date(2026, 3, 11), off_crutches=date(2026, 3, 16))
    assert recovery_plan.phase(plan, date(2026, 5, 1), started) == (
        "Physical therapy, past the planned 6 weeks"
    )
    discharged = Progress(first_pt_session=date(2026, 3, 11), off_crutches=date(2026, 3, 16),
                          pt_discharge=date(2026, 4, 10))
    assert recovery_plan.phase(plan, date(2026, 4, 12), discharged) == "Discharged from PT"
    assert recovery_plan.phase(plan, date(2026, 5, 1), Progress()) == "After the planned PT period"


def test_first_pt_session_sets_pt_start_when_the_plan_has_none():
    plan = Plan(surgery_date=SURGERY, crutch_weeks=4)
    assert recovery_plan.pt_start(plan) == date(2026, 4, 6)
    assert recovery_plan.pt_start(plan, first_pt_session=date(2026, 3, 12)) == date(2026, 3, 12)
    explicit = Plan(surgery_date=SURGERY, pt_start_date=date(2026, 3, 10))
    assert recovery_plan.pt_start(explicit, first_pt_session=date(2026, 3, 12)) == date(2026, 3, 10)


def test_plural_says_the_count_and_its_noun():
    from journal.recovery.formatting import plural

    assert [plural(n, "day") for n in (0, 1, 2)] == ["0 days", "1 day", "2 days"]
    assert plural(3, "entry", "entries") == "3 entries"


def test_dates_read_in_english_whatever_the_locale():
    from journal.recovery.formatting import weekday_date

    assert weekday_date(date(2026, 12, 20)) == "Sun 20 Dec"
