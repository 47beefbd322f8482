"""The summary's figures for the measures beyond pain: hip function now and
its change, the last opioid day, nights woken per week, walking without a
limp since day N, sitting tolerance. For the patient's summary, the share
page and the PT's brief.

`figures` is pure (rows in, a dataclass out); `read` fetches the rows of a
range. Only the range's own days count, so a share link shows nothing
dated outside it.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlite_utils import Database

from journal.measures import daily, sane, store
from journal.recovery import plan as recovery_plan
from journal.summary.date_ranges import DateRange


@dataclass(frozen=True)
class WeekRow:
    week: int  # the plan's week number (1 = days 0-6; 0 before surgery)
    starts: date
    sane: int | None
    opioid_days: int
    medicine_days: int  # days with a medicine answer
    nights_woken: int
    nights_answered: int


@dataclass(frozen=True)
class MeasureFigures:
    sane_now: int | None = None
    sane_now_on: date | None = None
    sane_first: int | None = None
    sane_first_on: date | None = None
    last_opioid_day: date | None = None
    last_opioid_day_number: int | None = None
    opioid_days: int = 0
    walking_since: date | None = None  # first day of the latest run of "yes"
    walking_since_day_number: int | None = None
    still_limping_on: date | None = None  # the last answer, when it was "not yet"
    sitting_latest: str | None = None
    sitting_latest_on: date | None = None
    weeks: list[WeekRow] = field(default_factory=list)

    @property
    def sane_change(self) -> int | None:
        """Points from the range's first rating to its last (None with one)."""
        if self.sane_now is None or self.sane_first is None or self.sane_now_on == self.sane_first_on:
            return None
        return self.sane_now - self.sane_first

    @property
    def is_empty(self) -> bool:
        return not self.weeks


def _by_day(rows: list[dict[str, Any]]) -> dict[date, dict[str, Any]]:
    """A day's answers: the last answer of each measure that day; a day is an
    opioid day if any check-in that day said opioid."""
    days: dict[date, dict[str, Any]] = {}
    for row in rows:  # oldest first
        day = days.setdefault(date.fromisoformat(row["local_date"]), {"opioid": False})
        for name in daily.FIELDS:
            if row[name] is not None:
                day[name] = row[name]
        day["opioid"] = day["opioid"] or row["medicine"] == "opioid"
    return days


def figures(rows: list[dict[str, Any]], ratings: list[dict[str, Any]],
            plan: recovery_plan.Plan | None, day_range: DateRange) -> MeasureFigures:
    """`rows`: the range's check-ins with a measure (`store.answers_between`),
    `ratings`: its SANE ratings, both oldest first."""
    anchor = plan or recovery_plan.Plan(procedure="", side="", surgery_date=day_range.start)
    days = _by_day(rows)
    weeks: dict[date, dict[str, Any]] = {}

    def week_of(day: date) -> dict[str, Any]:
        starts = sane.week_start(anchor, day)
        return weeks.setdefault(starts, {"sane": None, "opioid": 0, "medicine": 0,
                                         "woken": 0, "nights": 0})

    for day, answers in days.items():
        week = week_of(day)
        if "medicine" in answers:
            week["medicine"] += 1
            week["opioid"] += answers["opioid"]
        if "night_waking" in answers:
            week["nights"] += 1
            week["woken"] += answers["night_waking"] != "no"
    for rating in ratings:
        week_of(date.fromisoformat(rating["local_date"]))["sane"] = rating["score"]

    opioid_days = sorted(d for d, a in days.items() if a["opioid"])
    walking = [(d, bool(a["walking_without_limp"])) for d, a in sorted(days.items())
               if "walking_without_limp" in a]
    walking_since = still_limping_on = None
    if walking and walking[-1][1]:
        walking_since = walking[-1][0]
        for day, yes in reversed(walking):
            if not yes:
                break
            walking_since = day
    elif walking:
        still_limping_on = walking[-1][0]
    sitting = [(d, a["sitting_minutes"]) for d, a in sorted(days.items()) if "sitting_minutes" in a]

    def day_number(day: date | None) -> int | None:
        return recovery_plan.day_number(plan, day) if plan and day else None

    return MeasureFigures(
        sane_now=ratings[-1]["score"] if ratings else None,
        sane_now_on=date.fromisoformat(ratings[-1]["local_date"]) if ratings else None,
        sane_first=ratings[0]["score"] if ratings else None,
        sane_first_on=date.fromisoformat(ratings[0]["local_date"]) if ratings else None,
        last_opioid_day=opioid_days[-1] if opioid_days else None,
        last_opioid_day_number=day_number(opioid_days[-1] if opioid_days else None),
        opioid_days=len(opioid_days),
        walking_since=walking_since,
        walking_since_day_number=day_number(walking_since),
        still_limping_on=still_limping_on,
        sitting_latest=daily.SITTING[str(sitting[-1][1])] if sitting else None,
        sitting_latest_on=sitting[-1][0] if sitting else None,
        weeks=[
            WeekRow(
                week=recovery_plan.week_number((starts - anchor.surgery_date).days),
                starts=starts, sane=w["sane"], opioid_days=w["opioid"],
                medicine_days=w["medicine"], nights_woken=w["woken"], nights_answered=w["nights"],
            )
            for starts, w in sorted(weeks.items())
        ],
    )


def read(db: Database, user_id: int, plan: recovery_plan.Plan | None,
         day_range: DateRange) -> MeasureFigures:
    """The figures of the range's days (one query)."""
    answers, ratings = store.answers_between(db, user_id, day_range.start, day_range.end)
    return figures(answers, ratings, plan, day_range)
