"""Trend prompts: runs of severe days, a weekly rise in pain, no improvement
over the planned PT period. Every number comes from
`journal.recovery.thresholds`, where its reasoning and source live.

Pure: takes pain per place per day and the plan.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from journal.prompts.journal_days import PlaceDay, Prompt
from journal.recovery.formatting import weekday_date
from journal.recovery import locations, plan as recovery_plan, thresholds


def severe_runs(severe_days: Iterable[date]) -> list[tuple[date, date]]:
    """Runs of consecutive days whose worst pain anywhere was 8 or more: [(first, last)]."""
    runs: list[list[date]] = []
    for day in sorted(severe_days):
        if runs and day - runs[-1][1] == timedelta(days=1):
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [
        (first, last) for first, last in runs
        if (last - first).days + 1 >= thresholds.SEVERE_PAIN_DAYS_IN_A_ROW
    ]


def severe_run_prompts(severe_days: Iterable[date]) -> list[Prompt]:
    prompts = []
    for first, last in severe_runs(severe_days):
        days = (last - first).days + 1
        prompts.append(
            Prompt(
                f"trend:severe_run:{first.isoformat()}",
                last,
                "trend",
                f"Pain {thresholds.SEVERE_PAIN} or more on {days} days in a row",
                f"Your pain has been {thresholds.SEVERE_PAIN} or more out of 10 every day since "
                f"{weekday_date(first)}. That is worth discussing with your PT or doctor soon. If it is "
                "getting worse quickly, or comes with any of the warning signs, contact your "
                "surgeon's office today.",
                False,
            )
        )
    return prompts


def weekly_averages(
    places: Iterable[PlaceDay], plan: recovery_plan.Plan
) -> dict[str, dict[int, tuple[float, int, date]]]:
    """`{location: {week_number: (average, days, last_date)}}` for weeks after surgery.

    `places` as in `JournalDays`. A week's average is the mean of its daily
    averages, so a day with many check-ins counts once; weeks with fewer than
    `WEEKLY_MIN_DAYS` days logged at a place are left out.
    """
    per_week: defaultdict[str, defaultdict[int, list[tuple[date, float]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    surgery = plan.surgery_date
    for day, location, _, average in places:
        offset = (day - surgery).days
        if offset < 0:
            continue
        per_week[location][offset // 7 + 1].append((day, average))
    averages = {}
    for location, weeks in per_week.items():
        averages[location] = {
            week: (round(sum(a for _, a in days) / len(days), 1), len(days), max(d for d, _ in days))
            for week, days in weeks.items()
            if len(days) >= thresholds.WEEKLY_MIN_DAYS
        }
    return averages


def weekly_rise_prompts(places: Iterable[PlaceDay], plan: recovery_plan.Plan) -> list[Prompt]:
    prompts = []
    for location, weeks in weekly_averages(places, plan).items():
        for week, (average, _, last_date) in sorted(weeks.items()):
            before = weeks.get(week - 1)
            if before is None:
                continue
            rise = round(average - before[0], 1)
            if rise < thresholds.WEEKLY_RISE_POINTS:
                continue
            place = locations.label(location)
            week_start = plan.surgery_date + timedelta(days=(week - 1) * 7)
            prompts.append(
                Prompt(
                    f"trend:weekly_rise:{location}:{week_start.isoformat()}",
                    last_date,
                    "trend",
                    f"{place} pain is rising",
                    f"Your average {place.lower()} pain went from {before[0]:.1f} in week "
                    f"{week - 1} to {average:.1f} in week {week}, a rise of {rise:.1f} points. "
                    "That is worth discussing with your PT or doctor.",
                    False,
                )
            )
    return prompts


def _average_between(
    places: Iterable[PlaceDay], first: date, last: date
) -> dict[str, tuple[float, int]]:
    """`{location: (average, days)}` over [first, last]: the mean of daily averages."""
    days: defaultdict[str, list[float]] = defaultdict(list)
    for day, location, _, average in places:
        if first <= day <= last:
            days[location].append(average)
    return {loc: (round(sum(v) / len(v), 1), len(v)) for loc, v in days.items()}


def pt_no_improvement_prompts(
    places: Iterable[PlaceDay], plan: recovery_plan.Plan, first_pt_session: date | None
) -> list[Prompt]:
    start = recovery_plan.pt_start(plan, first_pt_session)
    end = recovery_plan.pt_end(plan, first_pt_session)
    first_week = _average_between(places, start, start + timedelta(days=6))
    last_week = _average_between(places, end - timedelta(days=6), end)
    prompts = []
    for location, (first_avg, first_days) in first_week.items():
        if location not in last_week or start + timedelta(days=6) >= end - timedelta(days=6):
            continue
        last_avg, last_days = last_week[location]
        if min(first_days, last_days) < thresholds.WEEKLY_MIN_DAYS:
            continue
        if thresholds.change_verdict(first_avg, last_avg) == "better":
            continue
        if last_avg < thresholds.PT_REVIEW_MIN_LAST_WEEK_PAIN:
            continue
        place = locations.label(location)
        prompts.append(
            Prompt(
                f"trend:pt_no_improvement:{location}:{start.isoformat()}",
                end,
                "trend",
                f"No clear improvement in {place.lower()} pain over PT",
                f"Your average {place.lower()} pain was {first_avg:.1f} in the first week of PT "
                f"and {last_avg:.1f} in the last planned week: less than the change most "
                f"patients rate as much better ({thresholds.MEANINGFUL_CHANGE_POINTS:.0f} points "
                f"or {thresholds.MEANINGFUL_CHANGE_FRACTION:.0%}). Recovery after hip arthroscopy "
                "goes on for 12 to 18 months, so this is not a verdict: it is worth discussing "
                "with your PT at your next session.",
                False,
            )
        )
    return prompts
