"""Safety and trend prompts: calm, specific notes on who to contact and how soon.

Pure: takes check-ins as `journal.checkins` returns them (dicts with
`local_date` ISO text, `readings` [dicts with `location`, `intensity`],
`warning_signs` tuple of codes, `home_exercises`) and the plan. Every number
comes from `journal.thresholds`, where its reasoning and source live.

The app informs, it never diagnoses: a prompt says what was logged, why it is
worth acting on, and who to contact. Each prompt has a `key` naming the
occurrence (the sign and its day, or the day a run of bad days started), so a
dismissed prompt comes back only when its condition appears again.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from journal import daily, locations
from journal import plan as recovery_plan
from journal import thresholds

CALF_LOCATIONS = frozenset({"calf_left", "calf_right"})

CALL_SURGEON = (
    "If their office is closed, use the out-of-hours number you were given when you went "
    "home. If you also have chest pain or find it hard to breathe, call emergency services."
)
EMERGENCY = "Call your local emergency number now (999 in the UK, 911 in the US, 112 in most of Europe)."

# What each warning sign asks of the patient, in plain words.
SAFETY_MESSAGES = {
    "chest": (
        "Chest pain or shortness of breath",
        f"{EMERGENCY} After surgery these need checking straight away. Don't drive yourself.",
        True,
    ),
    "calf": (
        "Calf pain or swelling",
        "Contact your surgeon's office today. After hip surgery, pain or swelling in the calf "
        "should be checked the same day, because it can sometimes be a sign of a blood clot. "
        + CALL_SURGEON,
        False,
    ),
    "fever": (
        "Fever of 38.3 °C / 101 °F or more",
        "Contact your surgeon's office today. A temperature this high after the first day "
        "should be checked, because it can be a sign of infection. " + CALL_SURGEON,
        False,
    ),
    "wound": (
        "Wound redness, warmth or drainage",
        "Contact your surgeon's office today so they can look at the wound. " + CALL_SURGEON,
        False,
    ),
    "foot": (
        "Numbness, tingling or colour change in the foot",
        "Contact your surgeon's office today. New numbness or tingling in the foot, or pale, cold "
        "or blue toes, should be checked the same day. (Numbness on the outer thigh that fades "
        "over days or weeks is a common, expected after-effect and not a warning sign.) "
        + CALL_SURGEON,
        False,
    ),
}

# Shown instead of a prompt: what is expected, explained, not flagged.
EARLY_FEVER_NOTE = (
    "A slightly raised temperature on the day of surgery and the day after is common. "
    "From day 2, a temperature of 38.3 °C / 101 °F or more is worth a call to your surgeon's "
    "office the same day; call sooner if you feel very unwell."
)


@dataclass(frozen=True)
class Prompt:
    """One prompt. `urgent` means "contact someone today" (safety prompts);
    `emergency` means "call emergency services now"; trend prompts are neither.
    `date` is the local date the condition was (last) met."""

    key: str
    date: date
    kind: str  # "safety" or "trend"
    title: str
    message: str
    urgent: bool
    emergency: bool = False


def _day(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


def _when(value):
    return f"{value:%a} {value.day} {value:%b}"


def counted_signs(checkin, plan):
    """The warning-sign codes on one check-in that call for a prompt.

    A fever on day 0 or day 1 is left out (see `FEVER_COUNTS_FROM_DAY`);
    calf pain logged in the first 6 weeks counts as the calf sign.
    """
    day = recovery_plan.day_number(plan, _day(checkin["local_date"]))
    signs = [
        s for s in checkin.get("warning_signs", ())
        if s in SAFETY_MESSAGES
        and not (s == "fever" and 0 <= day < thresholds.FEVER_COUNTS_FROM_DAY)
    ]
    calf_pain = any(
        r["location"] in CALF_LOCATIONS and r["intensity"] >= thresholds.CALF_PAIN_MIN_INTENSITY
        for r in checkin.get("readings", ())
    )
    if calf_pain and 0 <= day < thresholds.CALF_PAIN_WEEKS * 7 and "calf" not in signs:
        signs.append("calf")
    return signs


def safety_prompts(checkins, plan):
    """One prompt per warning sign per day, emergencies first."""
    found = {}
    for checkin in checkins:
        when = _day(checkin["local_date"])
        for sign in counted_signs(checkin, plan):
            title, message, emergency = SAFETY_MESSAGES[sign]
            key = f"sign:{sign}:{when.isoformat()}"
            found.setdefault(key, Prompt(key, when, "safety", title, message, True, emergency))
    return sorted(found.values(), key=lambda p: (not p.emergency, p.date, p.key))


def reassurance_notes(checkin, plan):
    """Expected after-effects explained for one check-in (no prompt, no flag)."""
    day = recovery_plan.day_number(plan, _day(checkin["local_date"]))
    if "fever" in checkin.get("warning_signs", ()) and 0 <= day < thresholds.FEVER_COUNTS_FROM_DAY:
        return [EARLY_FEVER_NOTE]
    return []


def may_need_attention(warning_signs, reading_locations):
    """Whether a just-saved check-in might show a safety prompt or note (cheap, no plan needed)."""
    return bool(warning_signs) or bool(CALF_LOCATIONS & set(reading_locations))


def _reading_rows(checkins):
    return [
        {"local_date": c["local_date"], "location": r["location"], "intensity": r["intensity"]}
        for c in checkins
        for r in c.get("readings", ())
    ]


def severe_runs(checkins):
    """Runs of consecutive days whose worst pain anywhere was 8 or more: [(first, last)]."""
    worst = defaultdict(int)
    for row in _reading_rows(checkins):
        day = _day(row["local_date"])
        worst[day] = max(worst[day], row["intensity"])
    severe_days = sorted(d for d, w in worst.items() if w >= thresholds.SEVERE_PAIN)
    runs = []
    for day in severe_days:
        if runs and day - runs[-1][1] == timedelta(days=1):
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [
        (first, last) for first, last in runs
        if (last - first).days + 1 >= thresholds.SEVERE_PAIN_DAYS_IN_A_ROW
    ]


def _severe_run_prompts(checkins):
    prompts = []
    for first, last in severe_runs(checkins):
        days = (last - first).days + 1
        prompts.append(
            Prompt(
                f"trend:severe_run:{first.isoformat()}",
                last,
                "trend",
                f"Pain {thresholds.SEVERE_PAIN} or more on {days} days in a row",
                f"Your pain has been {thresholds.SEVERE_PAIN} or more out of 10 every day since "
                f"{_when(first)}. That is worth discussing with your PT or doctor soon. If it is "
                "getting worse quickly, or comes with any of the warning signs, contact your "
                "surgeon's office today.",
                False,
            )
        )
    return prompts


def weekly_averages(checkins, plan):
    """`{location: {week_number: (average, days, last_date)}}` for weeks after surgery.

    A week's average is the mean of its daily averages, so a day with many
    check-ins counts once; weeks with fewer than `WEEKLY_MIN_DAYS` days logged
    at a place are left out.
    """
    figures = daily.daily_figures(_reading_rows(checkins))
    per_week = defaultdict(lambda: defaultdict(list))
    for day_text, per_location in figures.items():
        day = _day(day_text)
        week = recovery_plan.week_number(recovery_plan.day_number(plan, day))
        if week < 1:
            continue
        for location, figure in per_location.items():
            per_week[location][week].append((day, figure.average))
    averages = {}
    for location, weeks in per_week.items():
        averages[location] = {
            week: (round(sum(a for _, a in days) / len(days), 1), len(days), max(d for d, _ in days))
            for week, days in weeks.items()
            if len(days) >= thresholds.WEEKLY_MIN_DAYS
        }
    return averages


def _weekly_rise_prompts(checkins, plan):
    prompts = []
    for location, weeks in weekly_averages(checkins, plan).items():
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


def _average_between(checkins, first, last):
    """`{location: (average, days)}` over [first, last]: the mean of daily averages."""
    rows = [r for r in _reading_rows(checkins) if first <= _day(r["local_date"]) <= last]
    days = defaultdict(list)
    for day_text, per_location in daily.daily_figures(rows).items():
        for location, figure in per_location.items():
            days[location].append(figure.average)
    return {loc: (round(sum(v) / len(v), 1), len(v)) for loc, v in days.items()}


def _pt_no_improvement_prompts(checkins, plan, first_pt_session):
    start = recovery_plan.pt_start(plan, first_pt_session)
    end = recovery_plan.pt_end(plan, first_pt_session)
    first_week = _average_between(checkins, start, start + timedelta(days=6))
    last_week = _average_between(checkins, end - timedelta(days=6), end)
    prompts = []
    for location, (first_avg, first_days) in first_week.items():
        if location not in last_week or start + timedelta(days=6) >= end - timedelta(days=6):
            continue
        last_avg, last_days = last_week[location]
        if min(first_days, last_days) < thresholds.WEEKLY_MIN_DAYS:
            continue
        improvement = round(first_avg - last_avg, 1)
        if improvement >= thresholds.PT_IMPROVEMENT_POINTS:
            continue
        if last_avg < thresholds.PT_REVIEW_MIN_LAST_WEEK_PAIN:
            continue
        place = locations.label(location)
        prompts.append(
            Prompt(
                f"trend:pt_no_improvement:{location}:{start.isoformat()}",
                end,
                "trend",
                f"Little change in {place.lower()} pain over PT",
                f"Your average {place.lower()} pain was {first_avg:.1f} in the first week of PT "
                f"and {last_avg:.1f} in the last planned week: less than the "
                f"{thresholds.PT_IMPROVEMENT_POINTS}-point change that usually makes a real "
                "difference. Worth discussing with your PT or doctor; another approach may help.",
                False,
            )
        )
    return prompts


def fired_prompts(checkins, plan, start, end, first_pt_session=None):
    """Every safety and trend prompt whose condition occurred in [start, end].

    `checkins`: dicts as `journal.checkins` returns them. Only check-ins up to
    `end` are read. Pass check-ins from well before `start` (see
    `checkins_needed_from`) so a run of severe days or a weekly rise that began
    earlier is recognised, and for the PT comparison the whole planned PT
    period. `first_pt_session` (a date, see `journal.timeline.first_pt_session`)
    places the PT period when the plan has no start date.

    Returns `Prompt`s (`.key`, `.date`, `.kind`, `.title`, `.message`,
    `.urgent`, `.emergency`), safety prompts first (emergencies first), then
    trend prompts by date. Dismissals are not applied here.
    """
    start, end = _day(start), _day(end)
    upto = [c for c in checkins if _day(c["local_date"]) <= end]
    safety = [p for p in safety_prompts(upto, plan) if p.date >= start]
    trends = _severe_run_prompts(upto) + _weekly_rise_prompts(upto, plan)
    pt_end = recovery_plan.pt_end(plan, first_pt_session)
    if pt_end <= end:
        trends += _pt_no_improvement_prompts(upto, plan, first_pt_session)
    trends = sorted((p for p in trends if start <= p.date <= end), key=lambda p: (p.date, p.key))
    return safety + trends


def checkins_needed_from(plan, start, first_pt_session=None):
    """The earliest local date whose check-ins can change the prompts fired from `start` on."""
    earliest = start - timedelta(days=thresholds.SEVERE_RUN_LOOKBACK_DAYS)
    if recovery_plan.pt_end(plan, first_pt_session) >= start:
        earliest = min(earliest, recovery_plan.pt_start(plan, first_pt_session))
    return earliest


def shown_on_today(prompts, today, dismissed):
    """The prompts Today shows: recent enough to act on, and not dismissed."""
    shown = []
    for prompt in prompts:
        days = (
            thresholds.SAFETY_PROMPT_SHOWN_DAYS
            if prompt.kind == "safety"
            else thresholds.TREND_PROMPT_SHOWN_DAYS
        )
        if prompt.key not in dismissed and 0 <= (today - prompt.date).days < days:
            shown.append(prompt)
    return shown
