"""A calendar file (.ics, RFC 5545) with a daily reminder to log pain and the
plan's expected dates, for the phone's own calendar app.

Pure: takes the plan, the patient's time zone, the reminder time and "today";
returns the file's bytes. Built with `icalendar`, so quoting, line folding and
the VTIMEZONE block are right for every calendar app.
"""

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from journal.recovery import plan as recovery_plan

REMINDER_DEFAULT = "20:00"
PRODID = "-//Recovery Journal//Pain reminders//EN"
# A reminder has no length of its own; five minutes shows as a short block.
REMINDER_LENGTH = timedelta(minutes=5)


class PlanOver(Exception):
    """The planned PT period has already ended: nothing left to remind of."""


def events_fingerprint(plan: recovery_plan.Plan, tz_name: str, remind_at: time,
                       first_pt_session: date | None = None) -> str:
    """What the events say, apart from the day they are downloaded: the
    reminder's time and zone, and the plan's end of crutches and of PT.
    A new fingerprint is a new version of the calendar (its SEQUENCE)."""
    crutch_end = recovery_plan.crutch_end(plan) if plan.crutch_weeks else None
    last_day = recovery_plan.pt_end(plan, first_pt_session)
    return f"{remind_at:%H:%M} {tz_name} {crutch_end} {last_day}"


def reminder_calendar(plan: recovery_plan.Plan, tz_name: str, remind_at: time, today: date,
                      now_utc: datetime, calendar_id: str, log_url: str | None = None,
                      first_pt_session: date | None = None, sequence: int = 0) -> bytes:
    """The .ics bytes: a daily reminder at `remind_at` (local time) from today
    to the last day of the planned PT period, and all-day events on the
    planned end of crutches and of PT.

    `calendar_id` makes the UIDs: the same journal gets the same UIDs in every
    download, on this server or the next, so importing a new file updates
    these events instead of adding copies (in calendars that honour UIDs);
    `sequence` tells such a calendar which version is newer.
    """
    last_day = recovery_plan.pt_end(plan, first_pt_session)
    if last_day < today:
        raise PlanOver()
    zone = ZoneInfo(tz_name)
    calendar = Calendar.new(
        prodid=PRODID, name="Recovery Journal", uid=f"{calendar_id}@recovery-journal"
    )
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")

    start = datetime.combine(today, remind_at, tzinfo=zone)
    reminder = Event.new(
        uid=f"{calendar_id}-daily-reminder@recovery-journal",
        summary="Log your pain in Recovery Journal",
        description=_reminder_text(log_url),
        start=start,
        end=start + REMINDER_LENGTH,
        stamp=now_utc,
    )
    reminder.add("sequence", sequence)
    # RFC 5545: with a zoned DTSTART, UNTIL is given in UTC; it is the last
    # reminder's own instant, so the last day of PT still gets one.
    until = datetime.combine(last_day, remind_at, tzinfo=zone).astimezone(timezone.utc)
    reminder.add("rrule", {"freq": "daily", "until": until})
    if log_url:
        reminder.add("url", log_url)
    alarm = Alarm.new(description="Log your pain in Recovery Journal")
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", timedelta(0))
    reminder.add_component(alarm)
    calendar.add_component(reminder)

    if plan.crutch_weeks:
        calendar.add_component(
            _all_day(
                f"{calendar_id}-crutch-end@recovery-journal",
                "Planned end of crutches",
                recovery_plan.crutch_end(plan),
                "The end of the crutch period in your plan. Your surgeon or PT may "
                "change it; go by what they tell you.",
                now_utc,
                sequence,
            )
        )
    calendar.add_component(
        _all_day(
            f"{calendar_id}-pt-end@recovery-journal",
            "Planned end of physical therapy",
            last_day,
            "The last day of the PT period in your plan: a good time to look at "
            "your pain summary with your PT.",
            now_utc,
            sequence,
        )
    )
    # Only the DST rules the reminders span (the default covers 1970-2038
    # and makes the file ten times larger).
    calendar.add_missing_timezones(
        first_date=today - timedelta(days=1), last_date=last_day + timedelta(days=2)
    )
    return calendar.to_ical()


def _reminder_text(log_url: str | None) -> str:
    text = "A few taps: where it hurts and how much, 0 to 10."
    return f"{text}\n{log_url}" if log_url else text


def _all_day(uid: str, summary: str, day: date, description: str, now_utc: datetime,
             sequence: int) -> Event:
    event = Event.new(
        uid=uid,
        summary=summary,
        description=description,
        start=day,
        end=day + timedelta(days=1),
        stamp=now_utc,
    )
    event.add("sequence", sequence)
    # An all-day marker, not a busy block in the patient's day.
    event.add("transp", "TRANSPARENT")
    return event
