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
    "A slightly raised temperature on the day of surgery is common. From the next day, a "
    "temperature of 38.3 °C / 101 °F or more is worth a call to your surgeon's office the same "
    "day; call sooner if you feel very unwell."
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


@dataclass(frozen=True)
class JournalDays:
    """What the prompts read of a journal, reduced to days.

    `places`: `(day, location, worst, average)` per place per local day, the
    average being the day's mean to one decimal (as `journal.daily` gives it);
    `severe_days`: the days whose worst pain anywhere was `SEVERE_PAIN` or
    more; `signs`: `(day, codes)` for each check-in with warning signs ticked.
    The database aggregates these per day (`checkin_range.journal_days`), so
    months of check-ins arrive as a few hundred small rows;
    `journal_days_from_checkins` makes the same from check-in dicts.
    """

    places: tuple = ()
    severe_days: frozenset = frozenset()
    signs: tuple = ()


def journal_days_from_checkins(checkins):
    """`JournalDays` from check-in dicts (as `journal.checkins` returns them)."""
    rows = [
        {"local_date": _day(c["local_date"]), "location": r["location"], "intensity": r["intensity"]}
        for c in checkins
        for r in c.get("readings", ())
    ]
    places = tuple(
        (day, location, figure.worst, figure.average)
        for day, per_location in daily.daily_figures(rows).items()
        for location, figure in per_location.items()
    )
    worst = defaultdict(int)
    for day, _, day_worst, _ in places:
        worst[day] = max(worst[day], day_worst)
    return JournalDays(
        places,
        frozenset(day for day, w in worst.items() if w >= thresholds.SEVERE_PAIN),
        tuple(
            (_day(c["local_date"]), tuple(c.get("warning_signs", ())))
            for c in checkins if c.get("warning_signs")
        ),
    )


def days_needed_from(plan, start, end, first_pt_session=None):
    """`(places_from, severe_from)`: the earliest local dates whose daily
    figures, and whose severe days, can change the prompts fired in [start, end].

    A weekly rise is dated within its week, so only the weeks ending on or
    after `start` and the week before each can fire one: 13 days back reaches
    the start of the earliest of those. The PT comparison needs the first PT
    week, but only when the planned PT period ends inside the range (that end
    dates the prompt). A run of severe days may have started long before.
    """
    places_from = start - timedelta(days=2 * 7 - 1)
    pt_end = recovery_plan.pt_end(plan, first_pt_session)
    if start <= pt_end <= end:
        places_from = min(places_from, recovery_plan.pt_start(plan, first_pt_session))
    return places_from, start - timedelta(days=thresholds.SEVERE_RUN_LOOKBACK_DAYS)


def _counts_sign(sign, day_number):
    # A fever on the day of surgery is left out (see `FEVER_COUNTS_FROM_DAY`).
    return sign in SAFETY_MESSAGES and not (
        sign == "fever" and 0 <= day_number < thresholds.FEVER_COUNTS_FROM_DAY
    )


def _safety_from_days(days, plan, start=None):
    """One prompt per warning sign per day (from `start` on), emergencies first.
    Calf pain logged in the first 6 weeks counts as the calf sign."""
    found = set()
    for when, codes in days.signs:
        if start is None or when >= start:
            number = recovery_plan.day_number(plan, when)
            found.update((sign, when) for sign in codes if _counts_sign(sign, number))
    for when, location, worst, _ in days.places:
        if (
            location in CALF_LOCATIONS
            and worst >= thresholds.CALF_PAIN_MIN_INTENSITY
            and (start is None or when >= start)
            and 0 <= recovery_plan.day_number(plan, when) < thresholds.CALF_PAIN_WEEKS * 7
        ):
            found.add(("calf", when))
    prompts = []
    for sign, when in found:
        title, message, emergency = SAFETY_MESSAGES[sign]
        key = f"sign:{sign}:{when.isoformat()}"
        prompts.append(Prompt(key, when, "safety", title, message, True, emergency))
    return sorted(prompts, key=lambda p: (not p.emergency, p.date, p.key))


def safety_prompts(checkins, plan):
    """One prompt per warning sign per day, emergencies first."""
    return _safety_from_days(journal_days_from_checkins(checkins), plan)


def reassurance_notes(checkin, plan):
    """Expected after-effects explained for one check-in (no prompt, no flag)."""
    day = recovery_plan.day_number(plan, _day(checkin["local_date"]))
    if "fever" in checkin.get("warning_signs", ()) and 0 <= day < thresholds.FEVER_COUNTS_FROM_DAY:
        return [EARLY_FEVER_NOTE]
    return []


def may_need_attention(warning_signs, reading_locations):
    """Whether a just-saved check-in might show a safety prompt or note (cheap, no plan needed)."""
    return bool(warning_signs) or bool(CALF_LOCATIONS & set(reading_locations))


def severe_runs(severe_days):
    """Runs of consecutive days whose worst pain anywhere was 8 or more: [(first, last)]."""
    runs = []
    for day in sorted(severe_days):
        if runs and day - runs[-1][1] == timedelta(days=1):
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [
        (first, last) for first, last in runs
        if (last - first).days + 1 >= thresholds.SEVERE_PAIN_DAYS_IN_A_ROW
    ]


def _severe_run_prompts(severe_days):
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
                f"{_when(first)}. That is worth discussing with your PT or doctor soon. If it is "
                "getting worse quickly, or comes with any of the warning signs, contact your "
                "surgeon's office today.",
                False,
            )
        )
    return prompts


def weekly_averages(places, plan):
    """`{location: {week_number: (average, days, last_date)}}` for weeks after surgery.

    `places` as in `JournalDays`. A week's average is the mean of its daily
    averages, so a day with many check-ins counts once; weeks with fewer than
    `WEEKLY_MIN_DAYS` days logged at a place are left out.
    """
    per_week = defaultdict(lambda: defaultdict(list))
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


def _weekly_rise_prompts(places, plan):
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


def _average_between(places, first, last):
    """`{location: (average, days)}` over [first, last]: the mean of daily averages."""
    days = defaultdict(list)
    for day, location, _, average in places:
        if first <= day <= last:
            days[location].append(average)
    return {loc: (round(sum(v) / len(v), 1), len(v)) for loc, v in days.items()}


def _pt_no_improvement_prompts(places, plan, first_pt_session):
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


def fired_from_days(days, plan, start, end, first_pt_session=None):
    """Every safety and trend prompt whose condition occurred in [start, end],
    from a `JournalDays` reaching back at least to `days_needed_from`.

    Only days up to `end` are read. `first_pt_session` (a date, see
    `journal.timeline.first_pt_session`) places the PT period when the plan
    has no start date. Returns `Prompt`s (`.key`, `.date`, `.kind`, `.title`,
    `.message`, `.urgent`, `.emergency`), safety prompts first (emergencies
    first), then trend prompts by date. Dismissals are not applied here.
    """
    places = [p for p in days.places if p[0] <= end]
    upto = JournalDays(places, days.severe_days, [s for s in days.signs if s[0] <= end])
    safety = _safety_from_days(upto, plan, start)
    trends = _severe_run_prompts(d for d in days.severe_days if d <= end)
    trends += _weekly_rise_prompts(places, plan)
    pt_end = recovery_plan.pt_end(plan, first_pt_session)
    # The comparison is dated at the end of the planned PT period.
    if start <= pt_end <= end:
        trends += _pt_no_improvement_prompts(places, plan, first_pt_session)
    trends = sorted((p for p in trends if start <= p.date <= end), key=lambda p: (p.date, p.key))
    return safety + trends


def fired_prompts(checkins, plan, start, end, first_pt_session=None):
    """Every safety and trend prompt whose condition occurred in [start, end],
    from check-in dicts as `journal.checkins` returns them (see `fired_from_days`).

    Pass check-ins from well before `start` (see `days_needed_from`) so a run
    of severe days or a weekly rise that began earlier is recognised, and for
    the PT comparison the whole planned PT period.
    """
    return fired_from_days(journal_days_from_checkins(checkins), plan, _day(start), _day(end),
                           first_pt_session)


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
