"""Reading one record of an uploaded export: the profile, the plan, the
calendar, a check-in, a milestone, a dismissed prompt. Each reader applies
the rules of the form that saves the same record, so an import can hold
nothing the app itself would refuse.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from werkzeug.datastructures import MultiDict

from journal.accounts import plan_rules, store as accounts
from journal.checkins import form as checkin_form
from journal.data import calendar_ids
from journal.data.import_values import (
    MAX_UTC_OFFSET,
    Problems,
    has_lone_surrogate,
    printable,
    read_instant,
    read_integer,
    read_iso_date,
    read_text,
    shown,
)
from journal.measures import daily as daily_measures, transfer as measures_transfer
from journal.milestones import form as milestone_form
from journal.prompts import dismissals as prompt_dismissals
from journal.recovery import clock, locations, plan as recovery_plan


MILESTONE_KIND = re.compile(r"[a-z][a-z0-9_]{0,39}")
MILESTONE_TITLE_MAX = 80  # as the milestone form
# A dismissal names one prompt on one day (or one run of days): a few a week
# at most. Ten thousand is decades of them; more is not a real journal.
DISMISSED_PROMPTS_MAX = 10_000
# A reading's uid, as the export writes it (uuid4 hex).
READING_UID = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class Profile:
    display_name: str
    timezone: str


@dataclass(frozen=True)
class ImportedCheckin:
    data: checkin_form.CheckinInput
    recorded_at: datetime
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Milestone:
    kind: str
    title: str
    date: date
    created_at: datetime


@dataclass(frozen=True)
class DismissedPrompt:
    prompt_key: str
    dismissed_at: datetime


@dataclass(frozen=True)
class Calendar:
    uid: str
    sequence: int


def read_profile(record: object, problems: Problems) -> Profile | None:
    if not isinstance(record, dict):
        problems.add("The file has no “profile” with your name and time zone.")
        return None
    name = read_text(record, "display_name", "Profile", problems)
    tz = read_text(record, "timezone", "Profile", problems)
    ok = True
    if name is not None:
        name = name.strip()
        if not name or len(name) > accounts.DISPLAY_NAME_MAX_LENGTH:
            problems.add(
                f"Profile: the name should be 1 to {accounts.DISPLAY_NAME_MAX_LENGTH} characters."
            )
            ok = False
    if tz is not None and not clock.is_valid_timezone(tz):
        problems.add("Profile: the time zone isn't one this journal knows.")
        ok = False
    if name is None or tz is None or not ok:
        return None
    return Profile(display_name=name, timezone=tz)


# The plan's fields as the import names them in its messages.
PLAN_FIELD_NAMES = {
    "procedure": "procedure",
    "side": "side",
    "surgery_date": "surgery date",
    "crutch_weeks": "weeks on crutches",
    "pt_start_date": "PT start date",
    "pt_weeks": "weeks of PT",
    "weight_bearing": "weight-bearing",
    "weight_bearing_until": "weight-bearing until",
}


def read_plan(record: object, today: date, problems: Problems) -> recovery_plan.Plan | None:
    """The plan form's own rules (`plan_rules.parse_plan`), on the record's
    fields turned into the text a form would post."""
    if record is None:
        return None
    if not isinstance(record, dict):
        problems.add("Plan: should be a set of fields, or null.")
        return None
    before = len(problems.messages) + problems.more
    fields: dict[str, object] = {}
    procedure = read_text(record, "procedure", "Plan", problems)
    fields["procedure"] = procedure or ""
    # A list or a number is no side: the form's "choose" message says so.
    fields["side"] = record.get("side") if isinstance(record.get("side"), str) else ""
    for key in ("surgery_date", "pt_start_date", "weight_bearing_until"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            value = "not a date"
        fields[key] = value or ""
    for key in ("crutch_weeks", "pt_weeks"):
        # The form's parser reads digits; "6" as text or true is no number of weeks.
        value = record.get(key)
        fields[key] = str(value) if read_integer(value) else "not a number"
    # Files from before the weight-bearing instruction have neither field.
    weight_bearing = record.get("weight_bearing")
    if weight_bearing is not None and not isinstance(weight_bearing, str):
        weight_bearing = "not a code"
    fields["weight_bearing"] = weight_bearing or ""
    plan, errors = plan_rules.parse_plan(fields, today)
    if procedure is None:
        errors.pop("procedure", None)  # read_text has said what is wrong with it
    for name, message in errors.items():
        problems.add(f"Plan: {PLAN_FIELD_NAMES[name]}: {message}")
    if len(problems.messages) + problems.more > before:
        return None
    return plan


def read_calendar(record: object, problems: Problems) -> Calendar | None:
    """The reminder calendar's uid and SEQUENCE; None in files from before
    they were exported (the new server then makes its own)."""
    if record is None:
        return None
    uid = record.get("uid") if isinstance(record, dict) else None
    sequence = record.get("sequence") if isinstance(record, dict) else None
    if not (isinstance(uid, str) and calendar_ids.UID_PATTERN.fullmatch(uid)
            and read_integer(sequence) and 0 <= sequence <= calendar_ids.SEQUENCE_MAX):
        problems.add(
            "Calendar: should be a “uid” of 16 to 64 hexadecimal characters and a whole "
            "“sequence” number, or null."
        )
        return None
    return Calendar(uid=uid, sequence=sequence)


def read_checkin(
    record: object, index: int, now_local: datetime, now_utc: datetime, tz: str,
    problems: Problems,
) -> ImportedCheckin | None:
    if not isinstance(record, dict):
        problems.add(f"Check-in {index}: should be a set of fields.")
        return None
    where = f"Check-in {index}"
    if isinstance(record.get("date"), str) and isinstance(record.get("time"), str):
        where = printable(f"Check-in {index} ({record['date'][:10]} {record['time'][:5]})")
    before = len(problems.messages) + problems.more

    readings = record.get("readings")
    if not isinstance(readings, list) or not all(isinstance(r, dict) for r in readings):
        problems.add(f"{where}: “readings” should be a list of places and intensities.")
        return None
    form = MultiDict()
    seen = set()
    uids = {}
    for reading in readings:
        code = reading.get("location")
        if not isinstance(code, str) or code not in locations.BY_CODE:
            problems.add(f"{where}: “{shown(code)}” isn't a place on the list.")
            continue
        if code in seen:
            problems.add(f"{where}: {locations.label(code)} appears twice.")
            continue
        seen.add(code)
        intensity = reading.get("intensity")
        other_text = reading.get("other_text", "")
        if not isinstance(other_text, str) or (code != "other" and other_text):
            problems.add(f"{where}: only the place “Other” has a description.")
            continue
        if has_lone_surrogate(other_text):
            problems.add(f"{where}: the description of “Other” has a character that can't be saved.")
            continue
        uid = reading.get("uid", "")
        if uid and not (isinstance(uid, str) and READING_UID.fullmatch(uid)):
            problems.add(f"{where}: “uid” should be 32 hexadecimal characters.")
            continue
        uids[code] = uid
        form.add("location", code)
        # The form's own parser checks the range; a non-number can't pass as one.
        form[f"intensity-{code}"] = str(intensity) if read_integer(intensity) else "x"
        if code == "other":
            form["other_text"] = other_text

    pain_free = record.get("pain_free", False)
    if not isinstance(pain_free, bool):
        problems.add(f"{where}: “pain_free” should be true or false.")
    context = record.get("context")
    if context is not None and not isinstance(context, str):
        problems.add(f"{where}: “context” should be text or null.")
    note = read_text(record, "note", where, problems, default="")
    signs = record.get("warning_signs", [])
    if not isinstance(signs, list) or not all(isinstance(s, str) for s in signs):
        problems.add(f"{where}: “warning_signs” should be a list of codes.")
        signs = []
    home = record.get("home_exercises")
    if home not in (None, True, False) or read_integer(home):
        problems.add(f"{where}: “home_exercises” should be true, false or null.")
    for key in ("date", "time"):
        if not isinstance(record.get(key), str):
            problems.add(f"{where}: “{key}” should be text.")
    measures_transfer.read_checkin_measures(record, where, form, problems)
    if len(problems.messages) + problems.more > before:
        return None

    form["context"] = context or ""
    form["note"] = note
    form.setlist("warning", signs)
    form["home_exercises"] = {None: "", True: "yes", False: "no"}[home]
    form["date"] = record["date"]
    form["time"] = record["time"]
    data, errors = checkin_form.parse(form, now_local)
    if pain_free and not readings and set(errors) == {"location"}:
        # "Pain-free today" before any place was tracked: an explicit zero
        # with no place, which the one-tap button records and the form can't.
        data, errors = _pain_free_input(form, now_local), {}
    for message in errors.values():
        problems.add(f"{where}: {message}")
    if errors:
        return None
    data.pain_free = pain_free
    data.readings = [replace(r, uid=uids.get(r.location, "")) for r in data.readings]

    if "recorded_at" in record:
        recorded_at = read_instant(record, "recorded_at", where, now_utc, problems)
    else:
        recorded_at = clock.to_utc(data.local_date, data.local_time, tz)
    created_at = read_instant(record, "created_at", where, now_utc, problems)
    updated_at = read_instant(record, "updated_at", where, now_utc, problems)
    if recorded_at is not None:
        wall = datetime.combine(data.local_date, data.local_time)
        if abs(recorded_at.replace(tzinfo=None) - wall) > MAX_UTC_OFFSET:
            problems.add(f"{where}: “recorded_at” doesn't match the check-in's date and time.")
            return None
    if None in (recorded_at, created_at, updated_at):
        return None
    return ImportedCheckin(data, recorded_at, created_at, updated_at)


def _pain_free_input(form: MultiDict[str, str], now_local: datetime) -> checkin_form.CheckinInput:
    """The check-in of a valid form that has no places (parse has checked
    every other field already)."""
    local_date, local_time = checkin_form.parse_when(form, now_local, {})
    return checkin_form.CheckinInput(
        local_date=local_date,
        local_time=local_time,
        readings=[],
        context=form["context"] or None,
        note=form["note"].replace("\r\n", "\n").strip(),
        home_exercises={"yes": True, "no": False}.get(form["home_exercises"]),
        warning_signs=tuple(dict.fromkeys(form.getlist("warning"))),
        measures=daily_measures.parse(form, {}),
    )


def read_milestone(
    record: object, index: int, today: date, surgery: date | None, now_utc: datetime,
    problems: Problems,
) -> Milestone | None:
    where = f"Milestone {index}"
    if not isinstance(record, dict):
        problems.add(f"{where}: should be a set of fields.")
        return None
    before = len(problems.messages) + problems.more
    kind = record.get("kind")
    if not isinstance(kind, str) or not MILESTONE_KIND.fullmatch(kind):
        problems.add(f"{where}: “{shown(kind)}” isn't a kind of milestone.")
    title = read_text(record, "title", where, problems, default="", max_length=MILESTONE_TITLE_MAX)
    try:
        day = read_iso_date(record.get("date"))
    except ValueError:
        day = None
        problems.add(f"{where}: the date should be year-month-day.")
    else:
        if day > today:
            problems.add(f"{where}: the date is in the future.")
        elif surgery and day < surgery:
            problems.add(f"{where}: the date is before the surgery date in the plan.")
        elif day < clock.years_before(today, plan_rules.SURGERY_YEARS_BACK):
            problems.add(f"{where}: the date is more than five years ago.")
    created_at = read_instant(record, "created_at", where, now_utc, problems)
    if len(problems.messages) + problems.more > before:
        return None
    return Milestone(kind=kind, title=" ".join(title.split()), date=day, created_at=created_at)


def milestone_form_rules(
    milestones: Iterable[Milestone], today: date, plan: recovery_plan.Plan, problems: Problems
) -> None:
    """The milestone form's own rules, applied in date order as if each had been
    logged by hand: known kinds, one of each one-off kind, crutch stages in
    order, a title for a custom milestone."""
    existing: list[dict[str, Any]] = []
    for index, milestone in enumerate(sorted(milestones, key=lambda m: m.date), start=1):
        form = MultiDict({"kind": milestone.kind, "title": milestone.title,
                          "date": milestone.date.isoformat()})
        _, errors = milestone_form.parse(form, today, plan, existing)
        for message in errors.values():
            problems.add(f"Milestone “{milestone.kind}” on {milestone.date.isoformat()}: {message}")
        existing.append({"id": -index, "kind": milestone.kind, "title": milestone.title,
                         "date": milestone.date.isoformat()})


def read_dismissed_prompt(
    record: object, index: int, now_utc: datetime, problems: Problems
) -> DismissedPrompt | None:
    where = f"Dismissed prompt {index}"
    if not isinstance(record, dict):
        problems.add(f"{where}: should be a set of fields.")
        return None
    before = len(problems.messages) + problems.more
    key = read_text(record, "prompt_key", where, problems)
    if key is not None and not prompt_dismissals.is_valid_key(key):
        # The format Today's "dismiss" button posts (journal/prompts/dismissals.py).
        problems.add(f"{where}: “{shown(key)}” isn't the key of a prompt.")
    dismissed_at = read_instant(record, "dismissed_at", where, now_utc, problems)
    if len(problems.messages) + problems.more > before:
        return None
    return DismissedPrompt(prompt_key=key, dismissed_at=dismissed_at)
