"""Each patient's pain per place per local day, kept as check-ins are written.

`pain_days` (migration m010) holds the worst reading of each place on each
day, and the sum and count of its readings for the mean. The prompts, the
summary and the share page read it instead of grouping readings on every
page view. `journal.checkins.store` is the only code that writes check-ins: a new
check-in `add`s its readings to its day; an edit or a deletion has the days
it touched counted again (`recount`), in the same transaction.
"""

import json
from collections.abc import Iterable
from datetime import date

from sqlite_utils import Database

from journal.checkins.form import Reading
from journal.checkins.ranges import PLACE
from journal.recovery import locations


def add(db: Database, user_id: int, local_date: date, readings: Iterable[Reading]) -> None:
    """Add a new check-in's readings to their day, without reading the day's
    others (a check-in is saved in the same time on a day with fifty). Call
    it inside the check-in's own transaction, as `journal.checkins.store` does."""
    db.conn.executemany(
        """
        INSERT INTO pain_days (user_id, local_date, place, worst, total, readings)
        VALUES (?, ?, ?, ?, ?, 1)
        ON CONFLICT (user_id, local_date, place) DO UPDATE SET
            worst = max(worst, excluded.worst),
            total = total + excluded.total,
            readings = readings + 1
        """,
        [
            (user_id, local_date.isoformat(), locations.place(r.location, r.other_text),
             r.intensity, r.intensity)
            for r in readings
        ],
    )


def recount(db: Database, user_id: int, local_dates: Iterable[date | str]) -> None:
    """Count the patient's days `local_dates` (dates or ISO text) again from
    the readings on them now; a day left without readings has no rows."""
    days = json.dumps(sorted({d if isinstance(d, str) else d.isoformat() for d in local_dates}))
    db.execute(
        "DELETE FROM pain_days WHERE user_id = ? AND local_date IN (SELECT value FROM json_each(?))",
        [user_id, days],
    )
    db.execute(
        """
        INSERT INTO pain_days (user_id, local_date, place, worst, total, readings)
        SELECT c.user_id, c.local_date, """ + PLACE + """ AS place,
               max(r.intensity), sum(r.intensity), count(*)
        FROM checkins c JOIN readings r ON r.checkin_id = c.id
        WHERE c.user_id = ? AND c.local_date IN (SELECT value FROM json_each(?))
        GROUP BY c.local_date, place
        """,
        [user_id, days],
    )
