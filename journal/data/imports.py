"""Reading a JSON export back into a validated journal, or the reasons it can't be.

Pure: takes the file's bytes and "now", returns plain values. Every check-in
goes through the check-in form's own rules (`checkin_form.parse`), and the plan
through the plan form's limits, so an import can't hold what the forms would
refuse: an intensity of 11, an unknown place, a date in the future, a note
too long.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime

from journal.data import exports
from journal.data.import_records import (
    DismissedPrompt,
    ImportedCheckin,
    Milestone,
    DISMISSED_PROMPTS_MAX,
    Calendar,
    Profile,
    milestone_form_rules,
    read_calendar,
    read_checkin,
    read_dismissed_prompt,
    read_milestone,
    read_plan,
    read_profile,
)
from journal.data.import_values import Problems, has_lone_surrogate, read_integer, read_list, shown
from journal.measures import transfer as measures_transfer
from journal.recovery import clock, plan as recovery_plan

# Years of check-ins take a few megabytes; a bigger file is not an export.
MAX_BYTES = 10 * 1024 * 1024


@dataclass
class ImportedJournal:
    profile: Profile
    plan: recovery_plan.Plan | None
    calendar: Calendar | None = None
    checkins: list[ImportedCheckin] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    dismissed_prompts: list[DismissedPrompt] = field(default_factory=list)
    sane_ratings: list[measures_transfer.ImportedRating] = field(default_factory=list)


class TooLarge(Exception):
    pass


def read_journal(
    raw: bytes, now_utc: datetime
) -> tuple[ImportedJournal, list[str]] | tuple[None, list[str]]:
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
    if not read_integer(version) or version != exports.VERSION:
        return None, [
            f"This export has version {shown(version)}, and this journal reads version "
            f"{exports.VERSION}. Export again from a journal of the same version."
        ]

    problems = Problems()
    profile = read_profile(document.get("profile"), problems)
    tz = profile.timezone if profile else "UTC"
    now_local = clock.local_now(now_utc, tz)
    plan = read_plan(document.get("plan"), now_local.date(), problems)
    journal = ImportedJournal(
        profile=profile, plan=plan, calendar=read_calendar(document.get("calendar"), problems)
    )
    for index, record in enumerate(read_list(document, "checkins", problems), start=1):
        checkin = read_checkin(record, index, now_local, now_utc, tz, problems)
        if checkin:
            journal.checkins.append(checkin)
    journal.sane_ratings = measures_transfer.read_ratings(
        document, now_local.date(), now_utc, problems
    )
    surgery = plan.surgery_date if plan else None
    for index, record in enumerate(read_list(document, "milestones", problems), start=1):
        milestone = read_milestone(record, index, now_local.date(), surgery, now_utc, problems)
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
        milestone_form_rules(journal.milestones, now_local.date(), plan, problems)
    seen_prompts = set()
    dismissed = read_list(document, "dismissed_prompts", problems)
    if len(dismissed) > DISMISSED_PROMPTS_MAX:
        problems.add(
            f"“dismissed_prompts” has {len(dismissed):,} entries; a journal has at most "
            f"{DISMISSED_PROMPTS_MAX:,}."
        )
        dismissed = []
    for index, record in enumerate(dismissed, start=1):
        prompt = read_dismissed_prompt(record, index, now_utc, problems)
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


def _savable(value: object) -> bool:
    if isinstance(value, str):
        return not has_lone_surrogate(value)
    if isinstance(value, dict):
        return all(_savable(k) and _savable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_savable(v) for v in value)
    return True
