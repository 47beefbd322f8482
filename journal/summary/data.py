"""The summary's range queries: daily pain per place and check-ins, in SQL.

A fixed number of queries whatever the range (a week or two years): the
daily figures per place are kept in `pain_days`, so a year of check-ins
comes back as one row per place per day, not as thousands of readings.
"""

import bisect
import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlite_utils import Database

from journal.accounts import store as accounts
from journal.checkins import ranges as checkin_range
from journal.milestones import store as milestones, windows
from journal.prompts import journal_days, rules as prompts
from journal.recovery import clock, plan as recovery_plan
from journal.summary import build as summary, date_ranges, places


def day_pains(
    db: Database,
    user_id: int,
    rows: Sequence[Any],
    parse: Callable[[str], date] | None = None,
) -> list[places.DayPain]:
    """A `DayPain` for each `checkin_range.place_days` row: worst, mean, and
    the last reading on each place's last day (the summary's "latest"; None
    on the other days, which nothing reads). The last reading needs the
    readings in time order, so only each place's last day is read again, in
    a second, small query."""
    parse = parse or clock.date_parser()
    # place_days' rows are unpacked into their columns' names rather than read
    # as sqlite3.Row: hundreds a month, thousands a year (0.1 ms of a 30-day
    # summary, 1 ms of a year's, measured).
    last_day = {place: local_date for local_date, place, _, _, _ in rows}
    latest: dict[str, int] = {}
    # Tuples, not a dict per reading, like `checkin_digests` (0.02 ms of 0.15, measured).
    for local_date, place, intensity in db.conn.execute(
        """
        SELECT c.local_date, """ + checkin_range.PLACE + """ AS place, r.intensity
        FROM checkins c JOIN readings r ON r.checkin_id = c.id
        WHERE c.user_id = ? AND c.local_date IN (SELECT value FROM json_each(?))
        ORDER BY c.local_time DESC, c.recorded_at DESC, c.id DESC, r.id DESC
        """,
        [user_id, json.dumps(sorted(set(last_day.values())))],
    ):
        if last_day.get(place) == local_date:
            latest.setdefault(place, intensity)
    # Positional: a named tuple made with keywords takes 0.77 us, not 0.42 (timeit).
    return [
        places.DayPain(
            parse(local_date),  # day
            place,  # location
            worst,
            total / readings,  # average
            latest[place] if last_day[place] == local_date else None,
            readings,
        )
        for local_date, place, worst, total, readings in rows
    ]


def daily_means(rows: Sequence[Any]) -> dict[str, list[float]]:
    """`{place: [daily mean, ...]}`, oldest first, of `place_days` rows: all
    that the previous period's averages need from days nothing else reads."""
    means: dict[str, list[float]] = {}
    for _, place, _, total, readings in rows:
        means.setdefault(place, []).append(total / readings)
    return means


def checkin_digests(
    db: Database,
    user_id: int,
    day_range: date_ranges.DateRange,
    parse: Callable[[str], date] | None = None,
) -> list[summary.CheckinDigest]:
    """Each check-in in the range with its worst reading, oldest first."""
    parse = parse or clock.date_parser()
    # Plain tuples from the connection, not a dict per row, unpacked in the
    # SELECT's order: 0.17 ms instead of 0.29 for a 30-day summary (measured).
    rows = db.conn.execute(
        """
        SELECT c.local_date, c.local_time, c.context,
               (SELECT max(r.intensity) FROM readings r WHERE r.checkin_id = c.id) AS worst,
               c.home_exercises, c.note, c.pain_free, c.warning_signs, c.created_at
        FROM checkins c
        WHERE c.user_id = ? AND c.local_date BETWEEN ? AND ?
        ORDER BY c.local_date, c.local_time, c.id
        """,
        [user_id, day_range.start.isoformat(), day_range.end.isoformat()],
    )
    return [
        summary.CheckinDigest(
            parse(local_date),
            local_time,
            context,
            worst,
            None if home_exercises is None else home_exercises == 1,
            note,
            pain_free == 1,
            tuple(warning_signs.split()) if warning_signs else (),
            saved_at,
        )
        for (local_date, local_time, context, worst, home_exercises, note, pain_free, warning_signs,
             saved_at) in rows
    ]


def patient_summary(db: Database, user_id: int, day_range: date_ranges.DateRange, today: date,
                    plan: recovery_plan.Plan | None = None, *, from_recovery: bool = False,
                    within_range: bool = False) -> summary.Summary:

    """The summary of one patient's journal over `day_range`.

    `from_recovery`: a "last N days" range, started no earlier than surgery
    (`date_ranges.fit_to_recovery`); the first check-in it needs comes from the
    range's own check-ins, so this costs no query. `within_range`: a share
    link, which shows nothing dated outside its range: no earlier period
    (each place compares the range's halves), prompts from the range's days
    only, and the headline and milestone statuses as of its last day, from
    milestones logged by then.

    Otherwise reads the range and the period of the same length before it
    (for the change figures, cut at surgery) in the same query, reaching
    further back when the trend prompts need it. `plan` saves a query when
    the caller has it already.
    """
    if plan is None:
        plan = accounts.get_plan(db, user_id)
    parse = clock.date_parser()
    surgery_date = plan.surgery_date if plan else None
    # The check-ins of the range as asked: fitting it to the recovery only
    # drops days before the first of them, so they are the same check-ins.
    digests = checkin_digests(db, user_id, day_range, parse)
    starts_from = None
    if from_recovery:
        day_range, starts_from = date_ranges.fit_to_recovery(
            day_range, surgery_date, digests[0].day if digests else None
        )
    # Every milestone, not just the range's: the first PT session places the
    # PT weeks, and the plan's milestones have windows outside any range.
    entries = milestones.list_milestones(db, user_id, walking_since=surgery_date)
    if within_range:
        # What was logged by the range's last day, and nothing after it.
        as_of = day_range.end
        entries = [m for m in entries if m["date"] <= as_of.isoformat()]
        comparison = date_ranges.range_halves(day_range)
    else:
        as_of = today
        comparison = date_ranges.previous_period(day_range, surgery_date)
    progress = windows.progress(entries)
    first_session = progress.first_pt_session
    in_range = [m for m in entries if parse(m["date"]) in day_range]
    session_days = [parse(m["date"]) for m in in_range if m["kind"] in milestones.PT_SESSION_KINDS]
    wide = date_ranges.DateRange(
        comparison.earlier.start if comparison.earlier else day_range.start, day_range.end
    )
    places_from = severe_from = None
    if plan is not None:
        if within_range:
            places_from = severe_from = day_range.start
        else:
            # A run of severe days or the PT comparison can start before the range.
            places_from, severe_from = journal_days.days_needed_from(
                plan, day_range.start, day_range.end, progress
            )
        wide = date_ranges.DateRange(min(wide.start, places_from), wide.end)
    rows = checkin_range.place_days(db, user_id, wide.start, wide.end).fetchall()
    # Days before the range that the prompts don't read count only towards
    # the earlier period's averages: their daily means are enough.
    since = day_range.start if places_from is None else min(day_range.start, places_from)
    split = bisect.bisect_left(rows, since.isoformat(), key=lambda row: row[0])  # local_date
    pains = day_pains(db, user_id, rows[split:], parse)
    expected, fired = [], []
    if plan is not None:
        expected = windows.expected_milestones(plan, entries, as_of)
        # The daily figures and warning signs are already here; only the
        # severe days reach further back.
        days = journal_days.JournalDays(
            tuple(
                (d.day, d.location, d.worst, round(d.average, 1))
                for d in pains if d.day >= places_from
            ),
            checkin_range.severe_days(db, user_id, severe_from, day_range.start, day_range.end,
                                      parse=parse),
            tuple((c.day, c.warning_signs) for c in digests if c.warning_signs),
        )
        fired = prompts.fired_from_days(days, plan, day_range.start, day_range.end, progress)
    return summary.build(
        day_range,
        today,
        plan,
        pains,
        digests,
        earlier_means=daily_means(rows[:split]),
        first_pt_session=first_session,
        progress=progress,
        session_days=session_days,
        expected=expected,
        milestones=[
            {**m, "label": milestones.label(m), "day": parse(m["date"])}
            for m in in_range
            if m["kind"] not in milestones.PT_SESSION_KINDS | {e.kind for e in expected}
        ],
        prompts=fired,
        comparison=comparison,
        as_of=as_of,
        starts_from=starts_from,
    )
