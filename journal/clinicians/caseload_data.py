"""The caseload's reads: every connected patient's row in four queries,
however many patients there are.

The windows (7 days of red flags, 30 days of data, two weeks of pain per
place) are applied in SQL, each at the patient's own local today, so a
caseload of 200 patients with a year each reads about 1,800 rows, not the
22,000 daily rows behind them (counted).
"""

import json
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from journal.clinicians import caseload
from journal.milestones import windows
from journal.recovery import clock, plan as recovery_plan

# Each patient's local today, as rows for SQL to join: `[[user_id, "YYYY-MM-DD"], ...]`.
_TODAYS = """
    todays (user_id, today) AS (
        SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(:todays))"""


def caseload_rows(db: Database, clinician_id: int, now: datetime) -> list[caseload.CaseloadRow]:
    """The PT's connected patients as caseload rows, most urgent first."""
    patients = list(db.query(
        """
        SELECT u.id, u.display_name, u.timezone, pl.*
        FROM pt_connections p JOIN users u ON u.id = p.patient_id
        LEFT JOIN plans pl ON pl.user_id = u.id
        WHERE p.clinician_id = ? AND u.role = 'patient'
        """,
        [clinician_id],
    ))
    if not patients:
        return []
    todays = {p["id"]: clock.local_today(now, p["timezone"]) for p in patients}
    params = {
        "todays": json.dumps([[user_id, today.isoformat()] for user_id, today in todays.items()]),
        "data_days": f"-{caseload.DATA_WINDOW_DAYS - 1} days",
        "flag_days": f"-{caseload.RED_FLAG_DAYS - 1} days",
        "week_days": f"-{caseload.LEVEL_WEEK_DAYS} days",
        "two_weeks": f"-{2 * caseload.LEVEL_WEEK_DAYS - 1} days",
    }
    checkins = {
        row["user_id"]: row
        for row in db.query(
            "WITH" + _TODAYS + """
            SELECT t.user_id,
                (SELECT max(c.local_date) FROM checkins c
                 WHERE c.user_id = t.user_id AND c.local_date <= t.today) AS last,
                (SELECT count(DISTINCT c.local_date) FROM checkins c
                 WHERE c.user_id = t.user_id
                   AND c.local_date BETWEEN date(t.today, :data_days) AND t.today) AS days,
                (SELECT group_concat(c.warning_signs, ' ') FROM checkins c
                 WHERE c.user_id = t.user_id AND c.warning_signs <> ''
                   AND c.local_date BETWEEN date(t.today, :flag_days) AND t.today) AS signs
            FROM todays t
            """,
            params,
        )
    }
    weeks: dict[int, list[caseload.PlaceWeeks]] = defaultdict(list)
    for row in db.query(
        "WITH" + _TODAYS + """
        SELECT d.user_id, d.place,
            avg(CASE WHEN d.local_date > date(t.today, :week_days) THEN d.worst END) AS this_week,
            count(CASE WHEN d.local_date > date(t.today, :week_days) THEN 1 END) AS this_days,
            avg(CASE WHEN d.local_date <= date(t.today, :week_days) THEN d.worst END) AS last_week,
            count(CASE WHEN d.local_date <= date(t.today, :week_days) THEN 1 END) AS last_days
        FROM todays t JOIN pain_days d ON d.user_id = t.user_id
            AND d.local_date BETWEEN date(t.today, :two_weeks) AND t.today
        GROUP BY d.user_id, d.place
        """,
        params,
    ):
        weeks[row["user_id"]].append(caseload.PlaceWeeks(
            row["place"], row["this_week"], row["this_days"], row["last_week"], row["last_days"]
        ))
    milestones: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in db.query(
        "SELECT user_id, kind, title, date FROM milestones"
        " WHERE user_id IN (SELECT value FROM json_each(?))"
        " AND kind IN (SELECT value FROM json_each(?)) ORDER BY date, id",
        [json.dumps(list(todays)), json.dumps(sorted(windows.CRUTCH_STEPS | {"two_crutches"}))],
    ):
        milestones[row["user_id"]].append(row)

    parse = clock.date_parser()
    rows = []
    for patient in patients:
        user_id = patient["id"]
        found = checkins.get(user_id) or {}
        rows.append(caseload.build_row(
            user_id,
            patient["display_name"],
            recovery_plan.Plan.from_row(patient) if patient["surgery_date"] else None,
            todays[user_id],
            parse(found["last"]) if found.get("last") else None,
            found.get("days") or 0,
            (found.get("signs") or "").split(),
            weeks[user_id],
            milestones[user_id],
        ))
    return caseload.ordered(rows)

