"""Check-ins between two local dates, read lean for the prompts, the summary
and the timeline.

They need less than whole check-ins: the daily figures per place come from
`pain_days` (migration m010), which `journal.checkins.pain_days` keeps with every
check-in write, and `exercise_days_per_week` lets the database count by week, with a
fixed number of queries however many days, so Today, the Summary and the
Timeline stay fast with years of data.
"""

from collections.abc import Callable
from datetime import date
from sqlite3 import Cursor

from sqlite_utils import Database

from journal.prompts.journal_days import JournalDays
from journal.recovery import clock, locations, thresholds

# SQLite's julianday() of a date is its proleptic Gregorian ordinal plus this.
JULIAN_DAY_OF_ORDINAL_ZERO = 1721424.5

# The place a reading counts for in figures, as SQL over a `readings r`:
# `locations.place` for the database (its location code, or for an "other"
# place the name the patient gave it). The one definition: pain_days and the
# summary put it in their queries. Built from the constant prefix, never from
# anything a patient typed.
PLACE = (
    "CASE WHEN r.location = 'other' AND r.other_text <> '' "
    f"THEN '{locations.OTHER_PLACE_PREFIX}' || r.other_text ELSE r.location END"
)


def exercise_days_per_week(
    db: Database, user_id: int, surgery_date: date, end: date
) -> dict[int, int]:
    """`{week_number: days}` with home exercises ticked, from surgery to `end`
    (week 1 is days 0-6): counted by the database, a row a week, not a day.
    The dates come from the partial index `checkins_exercise_days`."""
    return dict(
        db.conn.execute(
            """
            SELECT CAST(julianday(local_date) - :surgery_day AS INTEGER) / 7 + 1 AS week,
                   count(*)
            FROM (
                SELECT DISTINCT local_date FROM checkins
                WHERE user_id = :user AND home_exercises = 1
                  AND local_date BETWEEN :surgery AND :end
            )
            GROUP BY week
            """,
            {"user": user_id, "surgery": surgery_date.isoformat(), "end": end.isoformat(),
             # The surgery date as a Julian day number, worked out once, not per row.
             "surgery_day": surgery_date.toordinal() + JULIAN_DAY_OF_ORDINAL_ZERO},
        )
    )


def place_days(db: Database, user_id: int, start: date, end: date) -> Cursor:
    """`(local_date, place, worst, total, readings)` for each place and local
    day in [start, end] with readings, in date order: a day's pain at a place
    is its worst reading and the mean, `total / readings`."""
    return db.conn.execute(
        "SELECT local_date, place, worst, total, readings FROM pain_days"
        " WHERE user_id = ? AND local_date BETWEEN ? AND ? ORDER BY local_date, place",
        [user_id, start.isoformat(), end.isoformat()],
    )


def journal_days(
    db: Database, user_id: int, places_from: date, severe_from: date, start: date, end: date
) -> JournalDays:
    """What the prompts read (`JournalDays`), a row per day, not per reading.

    Daily figures per place from `places_from`, the days with pain at
    `SEVERE_PAIN` or more from `severe_from` (see `severe_days`), and the
    warning signs ticked from `start`, all up to `end`: three queries
    whatever the range.
    """
    day = clock.date_parser()
    return JournalDays(
        tuple(
            (day(local_date), location, worst, round(total / count, 1))
            for local_date, location, worst, total, count in place_days(db, user_id, places_from, end)
        ),
        severe_days(db, user_id, severe_from, start, end, parse=day),
        tuple(
            (day(local_date), tuple(codes.split()))
            for local_date, codes in db.conn.execute(
                "SELECT local_date, warning_signs FROM checkins"
                " WHERE user_id = ? AND local_date BETWEEN ? AND ? AND warning_signs != ''",
                [user_id, start.isoformat(), end.isoformat()],
            )
        ),
    )


def severe_days(
    db: Database,
    user_id: int,
    since: date,
    start: date,
    end: date,
    parse: Callable[[str], date] = date.fromisoformat,
) -> frozenset[date]:
    """The local dates in [since, end] with a reading at `SEVERE_PAIN` or more
    anywhere, or none when no such day falls in [start, end].

    Only a run of severe days that reaches into [start, end] can prompt
    there; most weeks have none, so the database checks those few days
    before it reads months back.
    """
    return frozenset(
        parse(local_date)
        for (local_date,) in db.conn.execute(
            """
            WITH recent AS (
                SELECT 1 FROM pain_days
                WHERE user_id = :user AND local_date BETWEEN :start AND :end
                  AND worst >= :severe
                LIMIT 1
            )
            SELECT DISTINCT local_date
            FROM recent CROSS JOIN pain_days
            WHERE user_id = :user AND local_date BETWEEN :since AND :end
              AND worst >= :severe
            """,
            {"user": user_id, "since": since.isoformat(), "start": start.isoformat(),
             "end": end.isoformat(), "severe": thresholds.SEVERE_PAIN},
        )
    )
