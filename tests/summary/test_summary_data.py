"""The summary's range queries on a real database: grouping, ordering, query counts."""

from datetime import date, datetime, time, timedelta, timezone

import pytest

from journal.accounts import store as accounts
from journal.checkins import ranges as checkin_range, store as checkins
from journal.checkins.form import CheckinInput, Reading
from journal.data import store as journal_data
from journal.prompts import journal_days, rules as prompts
from journal.recovery.plan import Plan
from journal.summary import data as summary_data
from journal.summary.date_ranges import DateRange

NOW = datetime(2026, 3, 16, 10, 0, tzinfo=timezone.utc)
TZ = "Europe/London"


@pytest.fixture
def patient(db):
    user_id = accounts.create_account(
        db, "ana@example.com", "correct horse battery", "Ana", TZ, NOW
    )
    accounts.save_plan(db, user_id, Plan(surgery_date=date(2026, 3, 2)), NOW)
    return user_id


def day_pains(db, user_id, start, end):
    return summary_data.day_pains(db, user_id, checkin_range.place_days(db, user_id, start, end).fetchall())


def log(db, user_id, day, at, readings, **fields):
    data = CheckinInput(
        local_date=day,
        local_time=at,
        readings=[Reading(code, value) for code, value in readings],
        **fields,
    )
    return checkins.create_checkin(db, user_id, data, TZ, NOW)


def test_several_checkins_a_day_are_grouped_per_place_with_the_last_reading_by_time(db, patient):
    day = date(2026, 3, 10)
    # Logged out of order: the 20:00 check-in is entered before the 08:00 one.
    log(db, patient, day, time(20, 0), [("hip_right", 3), ("lower_back", 4)])
    log(db, patient, day, time(8, 0), [("hip_right", 7)])
    log(db, patient, day, time(13, 0), [("hip_right", 5)])
    rows = day_pains(db, patient, day, day)
    by_place = {row.location: row for row in rows}
    hip = by_place["hip_right"]
    assert (hip.worst, hip.average, hip.latest, hip.readings) == (7, 5.0, 3, 3)
    assert (by_place["lower_back"].worst, by_place["lower_back"].latest) == (4, 4)


def test_day_pains_keep_to_the_range_and_the_patient(db, patient):
    other = accounts.create_account(db, "bo@example.com", "correct horse battery", "Bo", TZ, NOW)
    log(db, patient, date(2026, 3, 9), time(8), [("hip_right", 9)])
    log(db, patient, date(2026, 3, 10), time(8), [("hip_right", 2)])
    log(db, patient, date(2026, 3, 12), time(8), [("hip_right", 4)])
    log(db, patient, date(2026, 3, 13), time(8), [("hip_right", 8)])
    log(db, other, date(2026, 3, 11), time(8), [("hip_right", 10)])
    rows = day_pains(db, patient, date(2026, 3, 10), date(2026, 3, 12))
    assert [(row.day.day, row.worst) for row in rows] == [(10, 2), (12, 4)]


def test_checkin_digests_carry_the_worst_reading_and_the_details(db, patient):
    day = date(2026, 3, 11)
    log(db, patient, day, time(19, 30), [("hip_right", 3), ("knee_left", 6)], context="after_pt",
        note="Long session", home_exercises=True, warning_signs=("fever",))
    pain_free = CheckinInput(local_date=day, local_time=time(21, 0), pain_free=True)
    checkins.create_checkin(db, patient, pain_free, TZ, NOW)
    first, second = summary_data.checkin_digests(db, patient, DateRange(day, day))
    assert (first.time, first.context, first.worst) == ("19:30", "after_pt", 6)
    assert first.note == "Long session"
    assert first.home_exercises is True
    assert first.warning_signs == ("fever",)
    assert (second.worst, second.pain_free, second.home_exercises) == (None, True, None)


@pytest.mark.parametrize(
    "logged, first_day, previous_average",
    [
        # A week against the week before.
        ([(date(2026, 3, 3), 8)], date(2026, 3, 10), 8.0),
        # A month against the month before, whose early days lie further
        # back than the prompts read: they count all the same.
        ([(date(2026, 1, 20), 8), (date(2026, 2, 10), 6)], date(2026, 2, 15), 7.0),
    ],
)
def test_patient_summary_compares_with_the_whole_period_before(db, patient, logged, first_day, previous_average):
    for day, pain in logged + [(date(2026, 3, 12), 5)]:
        log(db, patient, day, time(8), [("hip_right", pain)])
    today = date(2026, 3, 16)
    report = summary_data.patient_summary(db, patient, DateRange(first_day, today), today)
    [hip] = report.locations
    assert (hip.previous_average, hip.average, hip.verdict) == (previous_average, 5.0, "better")
    assert [(d.day, d.worst) for d in report.series["hip_right"]] == [(date(2026, 3, 12), 5)]
    assert report.plan.surgery_date == date(2026, 3, 2)


def test_patient_summary_brings_in_milestones_sessions_and_prompts(db, patient):
    for kind, day in [("first_pt", 4), ("pt_session", 11), ("driving", 12), ("pt_session", 20)]:
        db.execute(
            "INSERT INTO milestones (user_id, kind, title, date, created_at)"
            " VALUES (?, ?, '', ?, ?)",
            [patient, kind, date(2026, 3, day).isoformat(), NOW.isoformat()],
        )
    log(db, patient, date(2026, 3, 12), time(8), [("hip_right", 4)], warning_signs=("calf",))
    today = date(2026, 3, 16)
    report = summary_data.patient_summary(db, patient, DateRange(date(2026, 3, 10), today), today)
    assert report.pt_session_days == [date(2026, 3, 11)]
    assert report.pt_sessions.attended == 1
    # The first session (4 Mar, before the range) places PT week 2 on 11 Mar.
    assert report.markers == {date(2026, 3, 11): "PT week 2"}
    assert [m["label"] for m in report.milestones] == ["Back to driving"]
    first_pt = next(e for e in report.expected if e.kind == "first_pt")
    assert first_pt.actual == date(2026, 3, 4)
    assert [(p.title, p.date) for p in report.prompts] == [
        ("Calf pain or swelling", date(2026, 3, 12))
    ]


def count_queries(db, run):
    statements = []
    db.conn.set_trace_callback(statements.append)
    try:
        run()
    finally:
        db.conn.set_trace_callback(None)
    return len(statements)


def test_query_count_is_the_same_for_a_week_and_for_a_year_of_data(db, patient):
    today = date(2026, 3, 16)
    week = DateRange(today - timedelta(days=6), today)
    year = DateRange(today - timedelta(days=364), today)
    before = count_queries(db, lambda: summary_data.patient_summary(db, patient, week, today))
    start = today - timedelta(days=364 * 2)
    for offset in range(0, 365 * 2, 1):
        day = start + timedelta(days=offset)
        log(db, patient, day, time(8), [("hip_right", offset % 11), ("lower_back", 3)],
            context="morning", note="ok" if offset % 7 == 0 else "")
        log(db, patient, day, time(20), [("hip_right", 2)], home_exercises=True)
    for report_range in (week, year):
        queries = count_queries(
            db, lambda r=report_range: summary_data.patient_summary(db, patient, r, today)
        )
        assert queries == before
    report = summary_data.patient_summary(db, patient, year, today)
    assert report.days_logged == 365
    assert report.locations[0].days_logged == 365


def test_prompts_from_days_the_database_groups_match_prompts_from_whole_checkins(db, patient):
    """The summary and Today read prompts from per-day rows aggregated in SQL;
    they must fire exactly what the check-in by check-in reading fires."""
    plan = Plan(surgery_date=date(2026, 3, 2))
    start = plan.surgery_date
    for offset in range(0, 70):
        day = start + timedelta(days=offset)
        hip = 9 if 10 <= offset <= 13 else (6 if 21 <= offset <= 27 else 3)
        log(db, patient, day, time(8), [("hip_right", hip), ("lower_back", 2 + offset % 3)],
            warning_signs=("fever",) if offset in (1, 2) else ())
        if offset % 2:
            log(db, patient, day, time(20), [("hip_right", hip - 1), ("calf_left", 1)])
    whole = journal_data.checkins_between(db, patient)
    for first, last in [(start, start + timedelta(days=69)), (start + timedelta(days=12),
                        start + timedelta(days=30)), (start + timedelta(days=50),
                        start + timedelta(days=56))]:
        expected = prompts.fired_prompts(whole, plan, first, last)
        places_from, severe_from = journal_days.days_needed_from(plan, first, last)
        days = checkin_range.journal_days(db, patient, places_from, severe_from, first, last)
        assert prompts.fired_from_days(days, plan, first, last) == expected
        assert expected  # each range has something to compare


def test_each_named_other_place_is_a_place_of_its_own(auth, client):
    """A sore jaw and a sore wrist are never averaged into one 'Other'."""
    auth.patient()
    auth.checkin(location=["other"], other_text="left wrist", **{"intensity-other": "8"}, date="2026-03-14")
    auth.checkin(location=["other"], other_text="jaw", **{"intensity-other": "2"}, date="2026-03-15")
    page = client.get("/summary?range=7").get_data(as_text=True)
    assert "Other: left wrist" in page and "Other: jaw" in page
    assert 'id="chart-other-' in page and "chart-other:" not in page
