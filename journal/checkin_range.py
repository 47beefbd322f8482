"""Check-ins between two local dates, read lean for trends and the timeline.

The shape matches `journal.checkins` (`local_date`, `readings` with `location`
and `intensity`, `warning_signs` as a tuple, `home_exercises`), read with one
query however many days, so Today stays fast with years of data.
"""

from datetime import date


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
