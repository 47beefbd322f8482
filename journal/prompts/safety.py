"""Safety prompts: a warning sign or calf pain logged, said calmly with who to
contact and how soon. Every number comes from `journal.recovery.thresholds`,
where its reasoning and source live; the signs themselves from
`journal.recovery.warning_signs`.

The app informs, it never diagnoses. Pure: takes `JournalDays` and the plan.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from journal.recovery.formatting import weekday_date
from journal.prompts.journal_days import (
    JournalDays,
    PlaceDay,
    Prompt,
    calf_window_days,
)
from journal.recovery import plan as recovery_plan, thresholds, warning_signs


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


def _sign_prompt(code: str, when: date, day_number: int) -> Prompt | None:
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


def _sign_message(sign: warning_signs.WarningSign, noted_for: date | None = None) -> str:
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
    return f"You noted this for {weekday_date(noted_for)}. {message}" if noted_for else message


def _calf_pain_prompts(
    places: Iterable[PlaceDay],
    plan: recovery_plan.Plan,
    start: date | None = None,
    off_crutches: date | None = None,
) -> list[Prompt]:
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
    episodes: list[list[date]] = []
    for day in days:
        if episodes and (day - episodes[-1][-1]).days <= thresholds.CALF_EPISODE_GAP_DAYS + 1:
            episodes[-1].append(day)
        else:
            episodes.append([day])
    prompts = []
    for episode in episodes:
        first, last = episode[0], episode[-1]
        if start is None or first >= start:
            calf = _sign_prompt("calf", first, recovery_plan.day_number(plan, first))
            if calf is not None:  # always: "calf" is a sign the journal knows
                prompts.append(calf)
        if last != first and (start is None or last >= start):
            prompts.append(Prompt(
                f"sign:calf_continuing:{first.isoformat()}", last, "safety",
                "Calf pain continuing", CALF_CONTINUING.format(first=weekday_date(first)), False,
                advice="asked about new swelling, warmth or redness",
            ))
    return prompts


def safety_from_days(
    days: JournalDays,
    plan: recovery_plan.Plan,
    start: date | None = None,
    off_crutches: date | None = None,
) -> list[Prompt]:
    """One prompt per warning sign per day (from `start` on), emergencies
    first, then same-day calls, then the rest, each by date."""
    found: dict[str, Prompt] = {}
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


def as_seen_on(prompt: Prompt, today: date) -> Prompt:
    """A prompt worded for the day it is read: a sign that asks for a call,
    noted for an earlier day, says "if this is still happening"."""
    if prompt.sign is None or not prompt.urgent or prompt.date >= today:
        return prompt
    return replace(prompt, message=_sign_message(warning_signs.ALL_SIGNS[prompt.sign], prompt.date))


def may_need_attention(signs: Collection[str], reading_locations: Iterable[str]) -> bool:
    """Whether a just-saved check-in might show a safety prompt (cheap, no plan needed)."""
    return bool(signs) or bool(CALF_LOCATIONS & set(reading_locations))
