"""Safety and trend prompts: calm, specific notes on who to contact and how soon.

Pure: takes check-ins as `journal.checkins.store` returns them (dicts with
`local_date` ISO text, `readings` [dicts with `location`, `intensity`],
`warning_signs` tuple of codes, `home_exercises`) and the plan. Every number
comes from `journal.recovery.thresholds`, where its reasoning and source live.

The app informs, it never diagnoses: a prompt says what was logged, why it is
worth acting on, and who to contact. Each prompt has a `key` naming the
occurrence (the sign and its day, or the day a run of bad days started), so a
dismissed prompt comes back only when its condition appears again.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta

from journal.checkins import days as daily
from journal.recovery import locations, warning_signs, plan as recovery_plan, thresholds

CALF_LOCATIONS = frozenset({"calf_left", "calf_right"})

CALL_SURGEON = (
    "If their office is closed, use the out-of-hours number you were given when you went "
    "home. If you also have chest pain or find it hard to breathe, call emergency services."
)
EMERGENCY_NUMBER = (
    "your local emergency number now (999 in the UK, 911 in the US, 112 in most of Europe)"
)

# What the PT's summary says was advised, by who to contact.
ADVICE = {
    warning_signs.EMERGENCY: "emergency services advised",
    warning_signs.SURGEON_TODAY: "advised to contact the surgeon the same day",
    warning_signs.MENTION: "advised to mention it, and to call the same day if it changes",
}

# A ticked fever on the surgery day itself (see `thresholds.FEVER_COUNTS_FROM_DAY`).
SURGERY_DAY_FEVER = (
    f"A low-grade temperature (under {thresholds.LOW_GRADE_FEVER_BELOW_C:.1f} °C / 100.5 °F) "
    "is common in the first 24 hours after surgery. At "
    f"{thresholds.FEVER_C:.1f} °C / 101 °F or more, contact your surgeon's office if it stays "
    "up or comes with chills. " + CALL_SURGEON
)
# Ticked "fluid leaking" in the first days (see `thresholds.WOUND_SEEPAGE_NORMAL_UNTIL_DAY`).
EARLY_SEEPAGE = (
    "Clear or pink seepage from the small wounds in the first 2 days is normal: it is fluid "
    "from the arthroscopy. Contact your surgeon's office today if you see pus, notice a smell "
    "or spreading redness, or bleeding won't stop, or if it is still draining on day "
    f"{thresholds.WOUND_SEEPAGE_NORMAL_UNTIL_DAY + 1} or later."
)
# Numbness on the outer thigh (the lateral femoral cutaneous nerve, next to
# the front portal) is common and expected; it often lasts months, not days
# (one cohort: a mean of 157 days, 18% still with symptoms at a year; sensory
# changes "took more than four months", Rev Esp Artrosc 2024,
# doi 10.63403/re.v32i1.376). Explained on Today, never flagged.
OUTER_THIGH_NUMBNESS = (
    "Numbness on the outer thigh is common after hip arthroscopy. It usually improves over "
    "weeks to months; mention it at your next appointment. It is not a warning sign."
)
# Today's "What's expected after surgery?", from the same numbers as the prompts.
EXPECTED_FEVER = (
    f"A low-grade temperature (under {thresholds.LOW_GRADE_FEVER_BELOW_C:.1f} °C / 100.5 °F) is "
    "common in the first 24 hours. From the next day, "
    f"{thresholds.FEVER_C:.1f} °C / 101 °F or more is worth a call to your surgeon's office the "
    "same day."
)
EXPECTED_SEEPAGE = (
    "Clear or pink seepage from the small wounds is normal for the first "
    f"{thresholds.WOUND_SEEPAGE_NORMAL_UNTIL_DAY} days. Pus, a smell, spreading redness, bleeding "
    "that won't stop, or drainage after that: call your surgeon's office."
)
CALF_CONTINUING = (
    "You have logged calf pain since {first}. If the calf is newly swollen, warm or red, or the "
    "pain is getting worse, contact your surgeon's office today (tick “Calf pain or swelling” "
    "on your check-in). Otherwise, mention it to your surgeon's team or PT at your next contact."
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
    advice: str = "worth discussing"  # what was advised, in the PT's words
    sign: str | None = None  # the warning sign's code, for a safety prompt from a sign


def _day(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


def _when(value):
    return recovery_plan.until_text(value)


@dataclass(frozen=True)
class JournalDays:
    """What the prompts read of a journal, reduced to days.

    `places`: `(day, location, worst, average)` per place per local day, the
    average being the day's mean to one decimal (as `journal.checkins.days` gives it);
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
    """`JournalDays` from check-in dicts (as `journal.checkins.store` returns them)."""
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


def days_needed_from(plan, start, end, progress=None):
    """`(places_from, severe_from)`: the earliest local dates whose daily
    figures, and whose severe days, can change the prompts fired in [start, end].

    A weekly rise is dated within its week, so only the weeks ending on or
    after `start` and the week before each can fire one: 13 days back reaches
    the start of the earliest of those. The PT comparison needs the first PT
    week, but only when the planned PT period ends inside the range (that end
    dates the prompt). A run of severe days may have started long before.
    `progress` (`plan.Progress`) places the PT period and the calf window.
    """
    progress = progress or recovery_plan.Progress()
    first_pt_session = progress.first_pt_session
    places_from = start - timedelta(days=2 * 7 - 1)
    pt_end = recovery_plan.pt_end(plan, first_pt_session)
    if start <= pt_end <= end:
        places_from = min(places_from, recovery_plan.pt_start(plan, first_pt_session))
    # A calf-pain episode is named by its first day, which may be anywhere in
    # the calf window (at most about 14 weeks): read the window whole.
    if start < plan.surgery_date + timedelta(days=calf_window_days(plan, progress.off_crutches)):
        places_from = min(places_from, plan.surgery_date)
    return places_from, start - timedelta(days=thresholds.SEVERE_RUN_LOOKBACK_DAYS)


def calf_window_days(plan: recovery_plan.Plan, off_crutches: date | None = None) -> int:
    """Days after surgery (from day 0) in which calf pain raises a prompt: the
    later of 6 weeks and 2 weeks after the end of crutches, planned or, when
    later, logged (mobility stays reduced while the patient is on crutches)."""
    crutch_days = plan.crutch_weeks * 7
    if off_crutches is not None:
        crutch_days = max(crutch_days, recovery_plan.day_number(plan, off_crutches))
    return max(
        thresholds.CALF_PAIN_WEEKS * 7, crutch_days + thresholds.CALF_PAIN_AFTER_CRUTCHES_DAYS
    )


def _sign_prompt(code, when, day_number):
    """The prompt for one ticked sign on one day, or None for a code the
    journal doesn't know (an import from a newer version, say)."""
    sign = warning_signs.ALL_SIGNS.get(code)
    if sign is None:
        return None
    key = f"sign:{code}:{when.isoformat()}"
    if code == "fever" and 0 <= day_number < thresholds.FEVER_COUNTS_FROM_DAY:
        return Prompt(key, when, "safety", "Fever on the day of surgery", SURGERY_DAY_FEVER,
                      False, advice="advised to call the surgeon if it stays up or comes with chills")
    if code == "drainage" and 0 <= day_number <= thresholds.WOUND_SEEPAGE_NORMAL_UNTIL_DAY:
        return Prompt(key, when, "safety", "Wound seepage in the first days", EARLY_SEEPAGE,
                      False, advice="told early clear seepage is normal, and when to call")
    message = _sign_message(sign)
    return Prompt(
        key, when, "safety", sign.title, message,
        urgent=sign.action != warning_signs.MENTION,
        emergency=sign.action == warning_signs.EMERGENCY,
        advice=ADVICE[sign.action],
        sign=code,
    )


def _sign_message(sign, noted_for=None):
    """What to do about a sign; `noted_for` (a date) words it for a sign noted
    for an earlier day: "if this is still happening"."""
    still = "If this is still happening, " if noted_for else ""
    if sign.action == warning_signs.EMERGENCY:
        action = f"{still}call {EMERGENCY_NUMBER}." if still else f"Call {EMERGENCY_NUMBER}."
        # Chest pain or fainting that has passed still needs a doctor today.
        passed = " If it has passed, contact your surgeon's office today." if still else ""
        message = f"{action}{passed} {sign.why}"
    elif sign.action == warning_signs.SURGEON_TODAY:
        action = f"{still}contact your surgeon's office today." if still else (
            "Contact your surgeon's office today."
        )
        message = f"{action} {sign.why} {CALL_SURGEON}"
    else:
        message = sign.why
    return f"You noted this for {_when(noted_for)}. {message}" if noted_for else message


def _calf_pain_prompts(places, plan, start=None, off_crutches=None):
    """Calf pain at 1 or more in the calf window, by episode: the first day of
    an episode asks for a same-day call (as the ticked sign does); the rest of
    it asks about new swelling, warmth or redness, once, dated its last day."""
    window = calf_window_days(plan, off_crutches)
    days = sorted({
        when for when, location, worst, _ in places
        if location in CALF_LOCATIONS
        and worst >= thresholds.CALF_PAIN_MIN_INTENSITY
        and 0 <= recovery_plan.day_number(plan, when) < window
    })
    episodes = []
    for day in days:
        if episodes and (day - episodes[-1][-1]).days <= thresholds.CALF_EPISODE_GAP_DAYS + 1:
            episodes[-1].append(day)
        else:
            episodes.append([day])
    prompts = []
    for episode in episodes:
        first, last = episode[0], episode[-1]
        if start is None or first >= start:
            prompts.append(_sign_prompt("calf", first, recovery_plan.day_number(plan, first)))
        if last != first and (start is None or last >= start):
            prompts.append(Prompt(
                f"sign:calf_continuing:{first.isoformat()}", last, "safety",
                "Calf pain continuing", CALF_CONTINUING.format(first=_when(first)), False,
                advice="asked about new swelling, warmth or redness",
            ))
    return prompts


def _safety_from_days(days, plan, start=None, off_crutches=None):
    """One prompt per warning sign per day (from `start` on), emergencies
    first, then same-day calls, then the rest, each by date."""
    found = {}
    for when, codes in days.signs:
        if start is None or when >= start:
            number = recovery_plan.day_number(plan, when)
            for code in codes:
                prompt = _sign_prompt(code, when, number)
                if prompt is not None:
                    found[prompt.key] = prompt
    for prompt in _calf_pain_prompts(days.places, plan, start, off_crutches):
        found.setdefault(prompt.key, prompt)
    return sorted(found.values(), key=lambda p: (not p.emergency, not p.urgent, p.date, p.key))


def safety_prompts(checkins, plan):
    """One prompt per warning sign per day, emergencies first."""
    return _safety_from_days(journal_days_from_checkins(checkins), plan)


def as_seen_on(prompt, today):
    """A prompt worded for the day it is read: a sign that asks for a call,
    noted for an earlier day, says "if this is still happening"."""
    if prompt.sign is None or not prompt.urgent or prompt.date >= today:
        return prompt
    return replace(prompt, message=_sign_message(warning_signs.ALL_SIGNS[prompt.sign], prompt.date))


def may_need_attention(signs, reading_locations):
    """Whether a just-saved check-in might show a safety prompt (cheap, no plan needed)."""
    return bool(signs) or bool(CALF_LOCATIONS & set(reading_locations))


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


def fired_from_days(days, plan, start, end, progress=None):
    """Every safety and trend prompt whose condition occurred in [start, end],
    from a `JournalDays` reaching back at least to `days_needed_from`.

    Only days up to `end` are read. `progress` (`plan.Progress`, see
    `journal.milestones.timeline.progress`) places the PT period when the plan has no
    start date, and the calf window when crutches ran past the plan. Returns `Prompt`s (`.key`, `.date`, `.kind`, `.title`,
    `.message`, `.urgent`, `.emergency`), safety prompts first (emergencies
    first), then trend prompts by date. Dismissals are not applied here.
    """
    places = [p for p in days.places if p[0] <= end]
    upto = JournalDays(places, days.severe_days, [s for s in days.signs if s[0] <= end])
    progress = progress or recovery_plan.Progress()
    first_pt_session = progress.first_pt_session
    safety = _safety_from_days(upto, plan, start, progress.off_crutches)
    trends = _severe_run_prompts(d for d in days.severe_days if d <= end)
    trends += _weekly_rise_prompts(places, plan)
    pt_end = recovery_plan.pt_end(plan, first_pt_session)
    # The comparison is dated at the end of the planned PT period.
    if start <= pt_end <= end:
        trends += _pt_no_improvement_prompts(places, plan, first_pt_session)
    trends = sorted((p for p in trends if start <= p.date <= end), key=lambda p: (p.date, p.key))
    return safety + trends


def fired_prompts(checkins, plan, start, end, progress=None):
    """Every safety and trend prompt whose condition occurred in [start, end],
    from check-in dicts as `journal.checkins.store` returns them (see `fired_from_days`).

    Pass check-ins from well before `start` (see `days_needed_from`) so a run
    of severe days or a weekly rise that began earlier is recognised, and for
    the PT comparison the whole planned PT period.
    """
    return fired_from_days(journal_days_from_checkins(checkins), plan, _day(start), _day(end),
                           progress)


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
