"""Safety and trend prompts: calm, specific notes on who to contact and how soon.
This module gathers them (safety ones in `safety`, trend ones in `trends`)
and picks those Today shows.

Pure: takes check-ins as `journal.checkins.store` returns them (dicts with
`local_date` ISO text, `readings` [dicts with `location`, `intensity`],
`warning_signs` tuple of codes, `home_exercises`) and the plan. Every number
comes from `journal.recovery.thresholds`, where its reasoning and source live.

The app informs, it never diagnoses: a prompt says what was logged, why it is
worth acting on, and who to contact. Each prompt has a `key` naming the
occurrence (the sign and its day, or the day a run of bad days started), so a
dismissed prompt comes back only when its condition appears again.
"""

from collections.abc import Collection, Iterable, Mapping
from datetime import date
from typing import Any

from journal.prompts.journal_days import (
    JournalDays,
    Prompt,
    as_date,
    journal_days_from_checkins,
)
from journal.prompts.safety import safety_from_days
from journal.prompts.trends import (
    pt_no_improvement_prompts,
    severe_run_prompts,
    weekly_rise_prompts,
)
from journal.recovery import plan as recovery_plan, thresholds


def fired_from_days(
    days: JournalDays,
    plan: recovery_plan.Plan,
    start: date,
    end: date,
    progress: recovery_plan.Progress | None = None,
) -> list[Prompt]:
    """Every safety and trend prompt whose condition occurred in [start, end],
    from a `JournalDays` reaching back at least to `days_needed_from`.

    Only days up to `end` are read. `progress` (`plan.Progress`, see
    `journal.milestones.windows.progress`) places the PT period when the plan has no
    start date, and the calf window when crutches ran past the plan. Returns `Prompt`s (`.key`, `.date`, `.kind`, `.title`,
    `.message`, `.urgent`, `.emergency`), safety prompts first (emergencies
    first), then trend prompts by date. Dismissals are not applied here.
    """
    places = [p for p in days.places if p[0] <= end]
    upto = JournalDays(places, days.severe_days, [s for s in days.signs if s[0] <= end])
    progress = progress or recovery_plan.Progress()
    first_pt_session = progress.first_pt_session
    safety = safety_from_days(upto, plan, start, progress.off_crutches)
    trends = severe_run_prompts(d for d in days.severe_days if d <= end)
    trends += weekly_rise_prompts(places, plan)
    pt_end = recovery_plan.pt_end(plan, first_pt_session)
    # The comparison is dated at the end of the planned PT period.
    if start <= pt_end <= end:
        trends += pt_no_improvement_prompts(places, plan, first_pt_session)
    trends = sorted((p for p in trends if start <= p.date <= end), key=lambda p: (p.date, p.key))
    return safety + trends


def fired_prompts(
    checkins: Iterable[Mapping[str, Any]],
    plan: recovery_plan.Plan,
    start: date | str,
    end: date | str,
    progress: recovery_plan.Progress | None = None,
) -> list[Prompt]:
    """Every safety and trend prompt whose condition occurred in [start, end],
    from check-in dicts as `journal.checkins.store` returns them (see `fired_from_days`).

    Pass check-ins from well before `start` (see `days_needed_from`) so a run
    of severe days or a weekly rise that began earlier is recognised, and for
    the PT comparison the whole planned PT period.
    """
    return fired_from_days(journal_days_from_checkins(checkins), plan, as_date(start), as_date(end),
                           progress)


def shown_on_today(
    prompts: Iterable[Prompt], today: date, dismissed: Collection[str]
) -> list[Prompt]:
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
