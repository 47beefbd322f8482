"""Check-ins between two local dates, read lean for trends and the timeline.

The shape matches `journal.checkins` (`local_date`, `readings` with `location`
and `intensity`, `warning_signs` as a tuple, `home_exercises`), read with one
query however many days, so Today stays fast with years of data.
"""

from datetime import date

from journal import prompts, thresholds


def checkins_between(db, user_id, start, end):
    """The patient's check-ins dated in [start, end] (local dates), oldest first."""
    checkins = {}
    for row in db.query(
        """
        SELECT c.id, c.local_date, c.warning_signs, c.home_exercises, c.pain_free,
               r.location, r.intensity
        FROM checkins c LEFT JOIN readings r ON r.checkin_id = c.id
        WHERE c.user_id = ? AND c.local_date BETWEEN ? AND ?
        ORDER BY c.local_date, c.recorded_at, c.id, r.id
        """,
        [user_id, start.isoformat(), end.isoformat()],
    ):
        checkin = checkins.get(row["id"])
        if checkin is None:
            checkin = checkins[row["id"]] = {
                "id": row["id"],
                "local_date": row["local_date"],
                "warning_signs": tuple((row["warning_signs"] or "").split()),
                "home_exercises": row["home_exercises"],
                "pain_free": row["pain_free"],
                "readings": [],
            }
        if row["location"] is not None:
            checkin["readings"].append(
                {"location": row["location"], "intensity": row["intensity"]}
            )
    return list(checkins.values())


def exercise_days(db, user_id, start, end):
    """The local dates in [start, end] on which the patient ticked "home exercises done"."""
    return {
        date.fromisoformat(row["local_date"])
        for row in db.query(
            "SELECT DISTINCT local_date FROM checkins WHERE user_id = ? AND home_exercises = 1"
            " AND local_date BETWEEN ? AND ?",
            [user_id, start.isoformat(), end.isoformat()],
        )
    }


def journal_days(db, user_id, places_from, severe_from, start, end):
    """What the prompts read (`prompts.JournalDays`), aggregated per day by the database.

    Daily figures per place from `places_from`, the days with pain at
    `SEVERE_PAIN` or more from `severe_from` (see `severe_days`), and the
    warning signs ticked from `start`, all up to `end`: three queries
    whatever the range, returning days, not readings.
    """
    dates = {}

    def day(text):
        # A few hundred rows name a few dozen days: parse each date once.
        parsed = dates.get(text)
        if parsed is None:
            parsed = dates[text] = date.fromisoformat(text)
        return parsed

    end_text = end.isoformat()
    places = tuple(
        (day(local_date), location, worst, round(total / count, 1))
        for local_date, location, worst, total, count in db.conn.execute(
            """
            SELECT c.local_date, r.location, max(r.intensity), sum(r.intensity), count(*)
            FROM checkins c JOIN readings r ON r.checkin_id = c.id
            WHERE c.user_id = ? AND c.local_date BETWEEN ? AND ?
            GROUP BY c.local_date, r.location
            """,
            [user_id, places_from.isoformat(), end_text],
        )
    )
    return prompts.JournalDays(
        places,
        severe_days(db, user_id, severe_from, start, end, parse=day),
        tuple(
            (day(local_date), tuple(codes.split()))
            for local_date, codes in db.conn.execute(
                "SELECT local_date, warning_signs FROM checkins"
                " WHERE user_id = ? AND local_date BETWEEN ? AND ? AND warning_signs != ''",
                [user_id, start.isoformat(), end_text],
            )
        ),
    )


def severe_days(db, user_id, since, start, end, parse=date.fromisoformat):
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
                SELECT 1 FROM checkins c JOIN readings r ON r.checkin_id = c.id
                WHERE c.user_id = :user AND c.local_date BETWEEN :start AND :end
                  AND r.intensity >= :severe
                LIMIT 1
            )
            SELECT DISTINCT c.local_date
            FROM recent CROSS JOIN checkins c JOIN readings r ON r.checkin_id = c.id
            WHERE c.user_id = :user AND c.local_date BETWEEN :since AND :end
              AND r.intensity >= :severe
            """,
            {"user": user_id, "since": since.isoformat(), "start": start.isoformat(),
             "end": end.isoformat(), "severe": thresholds.SEVERE_PAIN},
        )
    )
