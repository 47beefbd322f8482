"""The caseload's reads: every connected patient's rows in five queries,
however many patients there are (a query per patient would make a caseload
of 200 two hundred times slower to open)."""

import json
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from journal.clinicians import caseload
from journal.recovery import clock, plan as recovery_plan

# Read back far enough for the earliest "today" of any time zone: the
# window's first day in the patient's zone may be a day before UTC's.
_SLACK_DAYS = 2


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
    ids = json.dumps([p["id"] for p in patients])
    utc_today = now.date()
    data_from = (utc_today - timedelta(days=caseload.DATA_WINDOW_DAYS + _SLACK_DAYS)).isoformat()
    pain_from = (utc_today - timedelta(days=2 * caseload.LEVEL_WEEK_DAYS + _SLACK_DAYS)).isoformat()
    parse = clock.date_parser()

    checkin_days: dict[int, list[tuple[Any, tuple[str, ...]]]] = defaultdict(list)
    for row in db.query(
        """
        SELECT user_id, local_date, group_concat(nullif(warning_signs, ''), ' ') AS signs
        FROM checkins WHERE user_id IN (SELECT value FROM json_each(?)) AND local_date >= ?
        GROUP BY user_id, local_date
        """,
        [ids, data_from],
    ):
        signs = tuple(dict.fromkeys((row["signs"] or "").split()))
        checkin_days[row["user_id"]].append((parse(row["local_date"]), signs))

    last_checkin = {
        row["user_id"]: parse(row["last"])
        for row in db.query(
            "SELECT user_id, max(local_date) AS last FROM checkins"
            " WHERE user_id IN (SELECT value FROM json_each(?)) GROUP BY user_id",
            [ids],
        )
    }

    day_worst: dict[int, list[tuple[Any, str, int]]] = defaultdict(list)
    for row in db.query(
        "SELECT user_id, local_date, place, worst FROM pain_days"
        " WHERE user_id IN (SELECT value FROM json_each(?)) AND local_date >= ?",
        [ids, pain_from],
    ):
        day_worst[row["user_id"]].append((parse(row["local_date"]), row["place"], row["worst"]))

    milestones: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in db.query(
        "SELECT user_id, kind, title, date FROM milestones"
        " WHERE user_id IN (SELECT value FROM json_each(?)) ORDER BY date, id",
        [ids],
    ):
        milestones[row["user_id"]].append(row)

    rows = []
    for patient in patients:
        user_id = patient["id"]
        plan = recovery_plan.Plan.from_row(patient) if patient["surgery_date"] else None
        rows.append(caseload.build_row(
            user_id,
            patient["display_name"],
            plan,
            clock.local_today(now, patient["timezone"]),
            checkin_days[user_id],
            last_checkin.get(user_id),
            day_worst[user_id],
            milestones[user_id],
        ))
    return caseload.ordered(rows)
