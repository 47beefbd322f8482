"""The summary's range queries: daily pain per place and check-ins, in SQL.

A fixed number of queries whatever the range (a week or two years): the
database does the per-day grouping, so a year of check-ins comes back as
one row per place per day, not as thousands of readings.
"""

from datetime import date

from journal import accounts, checkin_range, milestones, prompts, summary, timeline
from journal import plan as recovery_plan


def day_pains(db, user_id, day_range):
    """`DayPain` per place per local day in the range: worst, mean, last reading."""
    rows = db.query(
        """
        WITH ranked AS (
            SELECT c.local_date, r.location, r.intensity,
                   row_number() OVER (
                       PARTITION BY c.local_date, r.location
                       ORDER BY c.local_time DESC, c.recorded_at DESC, c.id DESC, r.id DESC
                   ) AS recency
            FROM checkins c JOIN readings r ON r.checkin_id = c.id
            WHERE c.user_id = ? AND c.local_date BETWEEN ? AND ?
        )
        SELECT local_date, location, max(intensity) AS worst, avg(intensity) AS average,
               max(CASE WHEN recency = 1 THEN intensity END) AS latest, count(*) AS readings
        FROM ranked
        GROUP BY local_date, location
        ORDER BY local_date, location
        """,
        [user_id, day_range.start.isoformat(), day_range.end.isoformat()],
    )
    return [
        summary.DayPain(
            day=date.fromisoformat(row["local_date"]),
            location=row["location"],
            worst=row["worst"],
            average=row["average"],
            latest=row["latest"],
            readings=row["readings"],
        )
        for row in rows
    ]


def checkin_digests(db, user_id, day_range):
    """Each check-in in the range with its worst reading, oldest first."""
    rows = db.query(
        """
        SELECT c.local_date, c.local_time, c.context, c.note, c.home_exercises, c.pain_free,
               c.warning_signs, max(r.intensity) AS worst
        FROM checkins c LEFT JOIN readings r ON r.checkin_id = c.id
        WHERE c.user_id = ? AND c.local_date BETWEEN ? AND ?
        GROUP BY c.id
        ORDER BY c.local_date, c.local_time, c.id
        """,
        [user_id, day_range.start.isoformat(), day_range.end.isoformat()],
    )
    return [
        summary.CheckinDigest(
            day=date.fromisoformat(row["local_date"]),
            time=row["local_time"],
            context=row["context"],
            worst=row["worst"],
            home_exercises=None if row["home_exercises"] is None else bool(row["home_exercises"]),
            note=row["note"],
            pain_free=bool(row["pain_free"]),
            warning_signs=tuple(row["warning_signs"].split()),
        )
        for row in rows
    ]


def patient_summary(db, user_id, day_range, today, plan=None):
    """The summary of one patient's journal over `day_range`.

    Reads the range and the period of the same length before it (for the
    change figures) in the same query. `plan` saves a query when the caller
    has it already.
    """
    if plan is None:
        plan_row = accounts.get_plan_row(db, user_id)
        plan = recovery_plan.Plan.from_row(plan_row) if plan_row else None
    wide = summary.DateRange(day_range.previous().start, day_range.end)
    # Every milestone, not just the range's: the first PT session places the
    # PT weeks, and the plan's milestones have windows outside any range.
    entries = milestones.list_milestones(db, user_id)
    first_session = timeline.first_pt_session(entries)
    in_range = [m for m in entries if date.fromisoformat(m["date"]) in day_range]
    session_days = [
        date.fromisoformat(m["date"]) for m in in_range if m["kind"] in milestones.PT_SESSION_KINDS
    ]
    expected, fired = [], []
    if plan is not None:
        expected = timeline.expected_milestones(plan, entries, today)
        # A run of severe days or the PT comparison can start before the range.
        since = prompts.checkins_needed_from(plan, day_range.start, first_session)
        fired = prompts.fired_prompts(
            checkin_range.checkins_between(db, user_id, since, day_range.end),
            plan,
            day_range.start,
            day_range.end,
            first_session,
        )
    return summary.build(
        day_range,
        today,
        plan,
        day_pains(db, user_id, wide),
        checkin_digests(db, user_id, day_range),
        first_pt_session=first_session,
        session_days=session_days,
        expected=expected,
        milestones=[
            {**m, "label": milestones.label(m), "day": date.fromisoformat(m["date"])}
            for m in in_range
            if m["kind"] not in milestones.PT_SESSION_KINDS | {e.kind for e in expected}
        ],
        prompts=fired,
    )
