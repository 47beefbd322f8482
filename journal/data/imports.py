"""Reading a JSON export back into a validated journal, or the reasons it can't be.

Pure: takes the file's bytes and "now", returns plain values. Every check-in
goes through the check-in form's own rules (`checkin_form.parse`), and the plan
through the plan form's limits, so an import can't hold what the forms would
refuse: an intensity of 11, an unknown place, a date in the future, a note
too long.
"""

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone

from werkzeug.datastructures import MultiDict

from journal.data import exports
from journal.checkins import form as checkin_form
from journal.milestones import form as milestone_form
from journal.accounts import store as accounts
from journal.recovery import clock, locations
from journal.data import calendar_ids
from journal.prompts import dismissals as prompt_dismissals
from journal.recovery import plan as recovery_plan

# Years of check-ins take a few megabytes; a bigger file is not an export.
MAX_BYTES = 10 * 1024 * 1024
# Enough to fix a file; a thousand lines of errors help nobody.
MAX_PROBLEMS = 10

# The plan form's limits (journal/views/plan.py), for the same reasons: a
# surgery date further out is almost surely a typo.
SURGERY_YEARS_BACK = 5
SURGERY_DAYS_AHEAD = 366
PROCEDURE_MAX = 80

MILESTONE_KIND = re.compile(r"[a-z][a-z0-9_]{0,39}")
MILESTONE_TITLE_MAX = 80  # as the milestone form
# A dismissal names one prompt on one day (or one run of days): a few a week
# at most. Ten thousand is decades of them; more is not a real journal.
DISMISSED_PROMPTS_MAX = 10_000

# UTC offsets run from -12:00 to +14:00: a recorded instant further than that
# from the check-in's wall-clock time does not belong to it.
MAX_UTC_OFFSET = timedelta(hours=14)

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


@dataclass
class ImportedJournal:
    profile: Profile
    plan: recovery_plan.Plan | None
    calendar: Calendar | None = None
    checkins: list = field(default_factory=list)
    milestones: list = field(default_factory=list)
    dismissed_prompts: list = field(default_factory=list)


class Problems(Exception):
    """Collects what is wrong with a file, up to MAX_PROBLEMS."""

    def __init__(self):
        super().__init__()
        self.messages = []
        self.more = 0

    def add(self, message):
        if len(self.messages) < MAX_PROBLEMS:
            self.messages.append(message)
        else:
            self.more += 1

    def as_list(self):
        if self.more:
            return self.messages + [f"…and {self.more} more problems."]
        return list(self.messages)


class TooLarge(Exception):
    pass


def read_journal(raw, now_utc):
    """Validate the bytes of an uploaded export.

    Returns `(ImportedJournal, [])`, or `(None, [messages])` with messages a
    patient can act on. Raises `TooLarge` for a file over MAX_BYTES.
    """
    if len(raw) > MAX_BYTES:
        raise TooLarge()
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, [
            "This file can't be read as a journal export: it isn't complete, valid JSON. "
            "Download the export again and upload that file unchanged."
        ]
    if not isinstance(document, dict) or document.get("format") != exports.FORMAT:
        return None, [
            "This file isn't a Recovery Journal export. Choose the .json file from "
            "“Download everything (JSON)” on your old journal's Account page."
        ]
    version = document.get("version")
    if not _integer(version) or version != exports.VERSION:
        return None, [
            f"This export has version {_shown(version)}, and this journal reads version "
            f"{exports.VERSION}. Export again from a journal of the same version."
        ]

    problems = Problems()
    profile = _profile(document.get("profile"), problems)
    tz = profile.timezone if profile else "UTC"
    now_local = clock.local_now(now_utc, tz)
    plan = _plan(document.get("plan"), now_local.date(), problems)
    journal = ImportedJournal(
        profile=profile, plan=plan, calendar=_calendar(document.get("calendar"), problems)
    )
    for index, record in enumerate(_list(document, "checkins", problems), start=1):
        checkin = _checkin(record, index, now_local, now_utc, tz, problems)
        if checkin:
            journal.checkins.append(checkin)
    surgery = plan.surgery_date if plan else None
    for index, record in enumerate(_list(document, "milestones", problems), start=1):
        milestone = _milestone(record, index, now_local.date(), surgery, now_utc, problems)
        if milestone:
            journal.milestones.append(milestone)
    if document.get("plan") is None and journal.milestones:
        # The milestone form needs the plan (every date is checked against
        # the surgery date, the crutch steps against its window): without
        # one, the journal can't hold a milestone the form would accept.
        problems.add(
            "Milestones: the file has milestones but no plan. Milestones are dated from the "
            "surgery in the plan, so they can't be imported without one."
        )
    if plan and not problems.messages:
        _milestone_form_rules(journal.milestones, now_local.date(), plan, problems)
    seen_prompts = set()
    dismissed = _list(document, "dismissed_prompts", problems)
    if len(dismissed) > DISMISSED_PROMPTS_MAX:
        problems.add(
            f"“dismissed_prompts” has {len(dismissed):,} entries; a journal has at most "
            f"{DISMISSED_PROMPTS_MAX:,}."
        )
        dismissed = []
    for index, record in enumerate(dismissed, start=1):
        prompt = _dismissed_prompt(record, index, now_utc, problems)
        if prompt and prompt.prompt_key not in seen_prompts:
            seen_prompts.add(prompt.prompt_key)
            journal.dismissed_prompts.append(prompt)
    if not problems.messages and not _savable(document):
        # Every field the journal keeps was checked above; this catches any
        # other text, so no broken character ever reaches the database.
        problems.add(_UNSAVABLE_FILE)
    if problems.messages:
        return None, problems.as_list()
    return journal, []


_UNSAVABLE_FILE = (
    "This file has text with a broken character (half of an emoji) that can't be saved. "
    "Download the export again and upload that file unchanged."
)


def has_lone_surrogate(text: str) -> bool:
    """True when `text` holds half of a UTF-16 pair (JSON's "\\ud800"): Python
    reads it, but it can't be written as UTF-8, so SQLite would refuse it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _savable(value):
    if isinstance(value, str):
        return not has_lone_surrogate(value)
    if isinstance(value, dict):
        return all(_savable(k) and _savable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_savable(v) for v in value)
    return True


def _shown(value):
    text = _printable(json.dumps(value, ensure_ascii=False))
    return text if len(text) <= 20 else text[:20] + "…"


def _printable(text):
    """Text safe to show in a message: a broken character as its escape,
    since the page itself could not be sent with it."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _list(document, key, problems):
    value = document.get(key, [])
    if not isinstance(value, list):
        problems.add(f"“{key}” should be a list.")
        return []
    return value


def _text(record, key, where, problems, default=None, max_length=None):
    value = record.get(key, default)
    if not isinstance(value, str):
        problems.add(f"{where}: “{key}” should be text.")
        return None
    if "\x00" in value or has_lone_surrogate(value):
        problems.add(f"{where}: “{key}” has a character that can't be saved.")
        return None
    if max_length is not None and len(value) > max_length:
        problems.add(f"{where}: “{key}” is longer than {max_length:,} characters.")
        return None
    return value


def _integer(value):
    # JSON true/false are ints to Python; a count of weeks is not a yes/no.
    return isinstance(value, int) and not isinstance(value, bool)


def _years_before(day, years):
    # 29 February has no match in most years: count from the 28th.
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _iso_date(value):
    if not isinstance(value, str) or len(value) != 10:
        raise ValueError
    return date.fromisoformat(value)


def _instant(record, key, where, now_utc, problems):
    """A timestamp with its offset, not in the future; "now" when missing."""
    value = record.get(key)
    if value is None:
        return now_utc
    try:
        if not isinstance(value, str) or len(value) > 40:
            raise ValueError
        instant = datetime.fromisoformat(value)
        if instant.tzinfo is None:
            raise ValueError
        instant = instant.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        problems.add(f"{where}: “{key}” should be a date and time with its UTC offset.")
        return None
    if instant > now_utc + checkin_form.CLOCK_SLACK:
        problems.add(f"{where}: “{key}” is in the future.")
        return None
    return instant


def _profile(record, problems):
    if not isinstance(record, dict):
        problems.add("The file has no “profile” with your name and time zone.")
        return None
    name = _text(record, "display_name", "Profile", problems)
    tz = _text(record, "timezone", "Profile", problems)
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


def _plan(record, today, problems):
    if record is None:
        return None
    if not isinstance(record, dict):
        problems.add("Plan: should be a set of fields, or null.")
        return None
    before = len(problems.messages) + problems.more
    procedure = _text(record, "procedure", "Plan", problems)
    if procedure is not None:
        procedure = " ".join(procedure.split())
        if not procedure or len(procedure) > PROCEDURE_MAX:
            problems.add(f"Plan: the procedure should be 1 to {PROCEDURE_MAX} characters.")
    side = record.get("side")
    if not isinstance(side, str) or side not in recovery_plan.SIDES:
        problems.add("Plan: the side should be left, right or both.")
    try:
        surgery = _iso_date(record.get("surgery_date"))
    except ValueError:
        surgery = None
        problems.add("Plan: the surgery date should be year-month-day.")
    else:
        if surgery > today + timedelta(days=SURGERY_DAYS_AHEAD):
            problems.add("Plan: the surgery date is more than a year ahead.")
        elif surgery < _years_before(today, SURGERY_YEARS_BACK):
            problems.add("Plan: the surgery date is more than five years ago.")
    crutch_weeks = record.get("crutch_weeks")
    low, high = recovery_plan.CRUTCH_WEEKS_RANGE
    if not _integer(crutch_weeks) or not low <= crutch_weeks <= high:
        problems.add(f"Plan: weeks on crutches should be a whole number from {low} to {high}.")
    pt_weeks = record.get("pt_weeks")
    low, high = recovery_plan.PT_WEEKS_RANGE
    if not _integer(pt_weeks) or not low <= pt_weeks <= high:
        problems.add(f"Plan: weeks of PT should be a whole number from {low} to {high}.")
    pt_start = record.get("pt_start_date")
    if pt_start is not None:
        try:
            pt_start = _iso_date(pt_start)
        except ValueError:
            problems.add("Plan: the PT start date should be year-month-day, or null.")
        else:
            if surgery and not surgery <= pt_start <= surgery + timedelta(days=365):
                problems.add("Plan: PT starts on the surgery date or within a year after it.")
    # Files from before the weight-bearing instruction have neither field.
    weight_bearing = record.get("weight_bearing")
    until = record.get("weight_bearing_until")
    if until is not None:
        try:
            until = _iso_date(until)
        except ValueError:
            until = None
            problems.add("Plan: the weight-bearing date should be year-month-day, or null.")
    if weight_bearing is not None and not isinstance(weight_bearing, str):
        problems.add("Plan: the weight-bearing instruction should be a code, or null.")
    else:
        problem = recovery_plan.weight_bearing_problem(
            weight_bearing, until, surgery, crutch_weeks if _integer(crutch_weeks) else None
        )
        if problem:
            problems.add(f"Plan: weight-bearing: {problem}")
    if len(problems.messages) + problems.more > before:
        return None
    return recovery_plan.Plan(
        surgery_date=surgery,
        side=side,
        procedure=procedure,
        crutch_weeks=crutch_weeks,
        pt_start_date=pt_start,
        pt_weeks=pt_weeks,
        weight_bearing=weight_bearing,
        weight_bearing_until=until,
    )


def _calendar(record, problems):
    """The reminder calendar's uid and SEQUENCE; None in files from before
    they were exported (the new server then makes its own)."""
    if record is None:
        return None
    uid = record.get("uid") if isinstance(record, dict) else None
    sequence = record.get("sequence") if isinstance(record, dict) else None
    if not (isinstance(uid, str) and calendar_ids.UID_PATTERN.fullmatch(uid)
            and _integer(sequence) and 0 <= sequence <= calendar_ids.SEQUENCE_MAX):
        problems.add(
            "Calendar: should be a “uid” of 16 to 64 hexadecimal characters and a whole "
            "“sequence” number, or null."
        )
        return None
    return Calendar(uid=uid, sequence=sequence)


def _checkin(record, index, now_local, now_utc, tz, problems):
    if not isinstance(record, dict):
        problems.add(f"Check-in {index}: should be a set of fields.")
        return None
    where = f"Check-in {index}"
    if isinstance(record.get("date"), str) and isinstance(record.get("time"), str):
        where = _printable(f"Check-in {index} ({record['date'][:10]} {record['time'][:5]})")
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
            problems.add(f"{where}: “{_shown(code)}” isn't a place on the list.")
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
        form[f"intensity-{code}"] = str(intensity) if _integer(intensity) else "x"
        if code == "other":
            form["other_text"] = other_text

    pain_free = record.get("pain_free", False)
    if not isinstance(pain_free, bool):
        problems.add(f"{where}: “pain_free” should be true or false.")
    context = record.get("context")
    if context is not None and not isinstance(context, str):
        problems.add(f"{where}: “context” should be text or null.")
    note = _text(record, "note", where, problems, default="")
    signs = record.get("warning_signs", [])
    if not isinstance(signs, list) or not all(isinstance(s, str) for s in signs):
        problems.add(f"{where}: “warning_signs” should be a list of codes.")
        signs = []
    home = record.get("home_exercises")
    if home not in (None, True, False) or _integer(home):
        problems.add(f"{where}: “home_exercises” should be true, false or null.")
    for key in ("date", "time"):
        if not isinstance(record.get(key), str):
            problems.add(f"{where}: “{key}” should be text.")
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
        recorded_at = _instant(record, "recorded_at", where, now_utc, problems)
    else:
        recorded_at = clock.to_utc(data.local_date, data.local_time, tz)
    created_at = _instant(record, "created_at", where, now_utc, problems)
    updated_at = _instant(record, "updated_at", where, now_utc, problems)
    if recorded_at is not None:
        wall = datetime.combine(data.local_date, data.local_time)
        if abs(recorded_at.replace(tzinfo=None) - wall) > MAX_UTC_OFFSET:
            problems.add(f"{where}: “recorded_at” doesn't match the check-in's date and time.")
            return None
    if None in (recorded_at, created_at, updated_at):
        return None
    return ImportedCheckin(data, recorded_at, created_at, updated_at)


def _pain_free_input(form, now_local):
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
    )


def _milestone(record, index, today, surgery, now_utc, problems):
    where = f"Milestone {index}"
    if not isinstance(record, dict):
        problems.add(f"{where}: should be a set of fields.")
        return None
    before = len(problems.messages) + problems.more
    kind = record.get("kind")
    if not isinstance(kind, str) or not MILESTONE_KIND.fullmatch(kind):
        problems.add(f"{where}: “{_shown(kind)}” isn't a kind of milestone.")
    title = _text(record, "title", where, problems, default="", max_length=MILESTONE_TITLE_MAX)
    try:
        day = _iso_date(record.get("date"))
    except ValueError:
        day = None
        problems.add(f"{where}: the date should be year-month-day.")
    else:
        if day > today:
            problems.add(f"{where}: the date is in the future.")
        elif surgery and day < surgery:
            problems.add(f"{where}: the date is before the surgery date in the plan.")
        elif day < _years_before(today, SURGERY_YEARS_BACK):
            problems.add(f"{where}: the date is more than five years ago.")
    created_at = _instant(record, "created_at", where, now_utc, problems)
    if len(problems.messages) + problems.more > before:
        return None
    return Milestone(kind=kind, title=" ".join(title.split()), date=day, created_at=created_at)


def _milestone_form_rules(milestones, today, plan, problems):
    """The milestone form's own rules, applied in date order as if each had been
    logged by hand: known kinds, one of each one-off kind, crutch stages in
    order, a title for a custom milestone."""
    existing = []
    for index, milestone in enumerate(sorted(milestones, key=lambda m: m.date), start=1):
        form = MultiDict({"kind": milestone.kind, "title": milestone.title,
                          "date": milestone.date.isoformat()})
        _, errors = milestone_form.parse(form, today, plan, existing)
        for message in errors.values():
            problems.add(f"Milestone “{milestone.kind}” on {milestone.date.isoformat()}: {message}")
        existing.append({"id": -index, "kind": milestone.kind, "title": milestone.title,
                         "date": milestone.date.isoformat()})


def _dismissed_prompt(record, index, now_utc, problems):
    where = f"Dismissed prompt {index}"
    if not isinstance(record, dict):
        problems.add(f"{where}: should be a set of fields.")
        return None
    before = len(problems.messages) + problems.more
    key = _text(record, "prompt_key", where, problems)
    if key is not None and not prompt_dismissals.is_valid_key(key):
        # The format Today's "dismiss" button posts (journal/prompt_dismissals.py).
        problems.add(f"{where}: “{_shown(key)}” isn't the key of a prompt.")
    dismissed_at = _instant(record, "dismissed_at", where, now_utc, problems)
    if len(problems.messages) + problems.more > before:
        return None
    return DismissedPrompt(prompt_key=key, dismissed_at=dismissed_at)
