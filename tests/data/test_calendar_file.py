"""The .ics calendar: a daily reminder to log pain and the plan's expected dates."""

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from journal.data import calendar_file
from journal.recovery.plan import Plan

NOW = datetime(2026, 3, 16, 10, 0, tzinfo=timezone.utc)
TODAY = date(2026, 3, 16)
# Surgery 9 March, 2 weeks of crutches, PT straight after for 6 weeks.
PLAN = Plan(surgery_date=date(2026, 3, 9), crutch_weeks=2, pt_weeks=6)
LAST_PT_DAY = date(2026, 5, 3)  # PT from 23 March (end of crutches), 6 weeks


def build(plan=PLAN, tz="Europe/London", remind_at=time(20, 0), today=TODAY, **kwargs):
    body = calendar_file.reminder_calendar(plan, tz, remind_at, today, NOW, "cal-1", **kwargs)
    return Calendar.from_ical(body)


def events(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_daily_reminder_recurs_until_the_last_day_of_pt_with_an_alarm():
    reminder = events(build())["cal-1-daily-reminder@recovery-journal"]
    assert reminder["SUMMARY"] == "Log your pain in Recovery Journal"
    start = reminder.decoded("DTSTART")
    assert start == datetime(2026, 3, 16, 20, 0, tzinfo=ZoneInfo("Europe/London"))
    assert reminder["DTSTART"].params["TZID"] == "Europe/London"
    rule = reminder["RRULE"]
    assert rule["FREQ"] == ["DAILY"]
    # The last reminder is 20:00 London time (BST, UTC+1) on the last day of PT.
    assert rule["UNTIL"] == [datetime(2026, 5, 3, 19, 0, tzinfo=timezone.utc)]
    (alarm,) = reminder.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(0)


def test_reminder_keeps_its_wall_clock_time_across_the_clock_change():
    calendar = build()
    # A VTIMEZONE with both sides of 29 March, so 20:00 stays 20:00 in BST.
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/London"
    assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_plan_dates_are_all_day_events():
    found = events(build())
    crutches = found["cal-1-crutch-end@recovery-journal"]
    pt_end = found["cal-1-pt-end@recovery-journal"]
    assert crutches["SUMMARY"] == "Planned end of crutches"
    assert crutches.decoded("DTSTART") == date(2026, 3, 23)
    assert crutches.decoded("DTEND") == date(2026, 3, 24)
    assert pt_end["SUMMARY"] == "Planned end of physical therapy"
    assert pt_end.decoded("DTSTART") == LAST_PT_DAY
    assert not isinstance(pt_end.decoded("DTSTART"), datetime)  # all day, no time
    assert len(found) == 3


def test_uids_are_stable_across_downloads_and_distinct():
    first = events(build(today=TODAY))
    later = events(build(today=TODAY + timedelta(days=5), remind_at=time(8, 15)))
    assert set(first) == set(later)
    assert len(set(first)) == 3
    assert str(build()["UID"]) == "cal-1@recovery-journal"


def test_first_pt_session_moves_the_end_of_pt_when_the_plan_has_no_start():
    found = events(build(first_pt_session=date(2026, 3, 11)))
    assert found["cal-1-pt-end@recovery-journal"].decoded("DTSTART") == date(2026, 4, 21)
    # A start date in the plan wins over the first session logged.
    planned = Plan(surgery_date=date(2026, 3, 9), pt_start_date=date(2026, 3, 12), pt_weeks=1)
    found = events(build(plan=planned, first_pt_session=date(2026, 3, 11)))
    assert found["cal-1-pt-end@recovery-journal"].decoded("DTSTART") == date(2026, 3, 18)


def test_no_crutch_event_when_the_plan_has_no_crutch_weeks():
    found = events(build(plan=Plan(surgery_date=date(2026, 3, 9), crutch_weeks=0)))
    assert "cal-1-crutch-end@recovery-journal" not in found
    assert "cal-1-pt-end@recovery-journal" in found


def test_after_the_pt_period_there_is_nothing_to_remind_of():
    with pytest.raises(calendar_file.PlanOver):
        build(today=LAST_PT_DAY + timedelta(days=1))
    # The last day itself still gets its reminder.
    assert build(today=LAST_PT_DAY)


def test_reminder_uses_the_patients_time_zone():
    reminder = events(build(tz="America/New_York", remind_at=time(7, 30)))[
        "cal-1-daily-reminder@recovery-journal"
    ]
    assert reminder["DTSTART"].params["TZID"] == "America/New_York"
    assert reminder.decoded("DTSTART").hour == 7
    assert reminder["RRULE"]["UNTIL"] == [datetime(2026, 5, 3, 11, 30, tzinfo=timezone.utc)]


# --- the routes -----------------------------------------------------------------


def _calendar_from(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/calendar"
    return Calendar.from_ical(response.data)


def test_download_defaults_to_eight_in_the_evening(auth, client):
    auth.patient()
    calendar = _calendar_from(client.get("/account/calendar.ics"))
    reminder = [e for e in calendar.walk("VEVENT") if "RRULE" in e][0]
    assert reminder.decoded("DTSTART") == datetime(2026, 3, 16, 20, 0, tzinfo=ZoneInfo("Europe/London"))
    assert "http://localhost/checkins/new" in str(reminder["DESCRIPTION"])


def test_download_at_the_time_the_patient_picks(auth, client):
    auth.patient()
    calendar = _calendar_from(client.get("/account/calendar.ics?time=07:45"))
    reminder = [e for e in calendar.walk("VEVENT") if "RRULE" in e][0]
    assert reminder.decoded("DTSTART").time() == time(7, 45)


def test_same_patient_gets_the_same_uids_and_another_patient_others(app, auth, client):
    from tests.conftest import AuthActions

    auth.patient()
    mine = {str(e["UID"]) for e in _calendar_from(client.get("/account/calendar.ics")).walk("VEVENT")}
    again = {str(e["UID"]) for e in _calendar_from(client.get("/account/calendar.ics?time=09:00")).walk("VEVENT")}
    other = AuthActions(app.test_client()).patient(email="ben@example.com")
    theirs = {
        str(e["UID"])
        for e in _calendar_from(other.client.get("/account/calendar.ics")).walk("VEVENT")
    }
    assert mine == again
    assert not mine & theirs


def test_pt_end_follows_the_first_pt_session_logged(auth, client, db):
    auth.patient()
    db.execute(
        "INSERT INTO milestones (user_id, kind, title, date, created_at)"
        " SELECT id, 'first_pt', '', '2026-03-11', '2026-03-11T12:00:00+00:00' FROM users"
    )
    db.conn.commit()
    calendar = _calendar_from(client.get("/account/calendar.ics"))
    pt_end = [e for e in calendar.walk("VEVENT") if str(e["UID"]).endswith("-pt-end@recovery-journal")]
    assert pt_end[0].decoded("DTSTART") == date(2026, 4, 21)


@pytest.mark.parametrize("raw", ["25:00", "8pm", "", "20:00:00:00", "2000"])
def test_bad_time_gets_a_clear_message(auth, client, raw):
    auth.patient()
    response = client.get(f"/account/calendar.ics?time={raw}")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter the time as hours and minutes, for example 20:00." in page
    assert 'aria-invalid="true"' in page


def test_without_a_plan_the_patient_is_told_to_set_one_up(auth, client):
    auth.register()
    response = client.get("/account/calendar.ics")
    assert response.status_code == 409
    assert "Set up your recovery plan first" in response.get_data(as_text=True)


def test_after_the_planned_pt_period_the_patient_is_told_why(auth, client, clock):
    auth.patient()
    clock.set(datetime(2026, 6, 1, 10, 0, tzinfo=timezone.utc))
    response = client.get("/account/calendar.ics")
    assert response.status_code == 409
    assert "PT period in your plan has ended" in response.get_data(as_text=True)


def test_calendar_page_has_the_form_and_phone_instructions(auth, client):
    auth.patient()
    page = client.get("/account/calendar").get_data(as_text=True)
    assert 'type="time"' in page and 'value="20:00"' in page
    assert "iPhone" in page and "Android" in page


# --- the same events after a move, and a version that goes up ------------------


def _both_parsers(body):
    """`{uid: sequence}` of the events, read by icalendar and by vobject
    (an independent parser): both must agree on every event."""
    import vobject

    by_icalendar = {
        str(e["UID"]): int(e["SEQUENCE"]) for e in Calendar.from_ical(body).walk("VEVENT")
    }
    parsed = vobject.readOne(body.decode("utf-8"))
    by_vobject = {e.uid.value: int(e.sequence.value) for e in parsed.vevent_list}
    assert by_icalendar == by_vobject
    reminder = [e for e in parsed.vevent_list if hasattr(e, "rrule")]
    assert len(reminder) == 1
    assert reminder[0].dtstart.value.tzinfo is not None  # the VTIMEZONE was understood
    return by_icalendar


def _calendar_body(some_client, reminder="20:00"):
    response = some_client.get(f"/account/calendar.ics?time={reminder}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return response.data


def test_sequence_goes_up_when_the_plan_changes_and_only_then(auth, client):
    auth.patient()
    first = _both_parsers(_calendar_body(client))
    assert set(first.values()) == {1}
    assert _both_parsers(_calendar_body(client)) == first  # nothing changed
    auth.set_plan(pt_weeks="8")
    later = _both_parsers(_calendar_body(client))
    assert later.keys() == first.keys()
    assert set(later.values()) == {2}
    assert set(_both_parsers(_calendar_body(client, "07:30")).values()) == {3}


def test_an_account_keeps_the_uids_it_had_before_they_were_stored(app, auth, client, db):
    """A calendar downloaded before this release used UIDs made from the
    server's key and the account: the first download now keeps them."""
    from journal.web.patient import legacy_calendar_uid

    auth.patient()
    user_id = db.execute("SELECT id FROM users").fetchone()[0]
    with app.app_context():
        legacy = legacy_calendar_uid(user_id)
    uids = _both_parsers(_calendar_body(client))
    assert f"{legacy}-daily-reminder@recovery-journal" in uids


def test_calendar_keeps_its_uids_and_a_higher_sequence_on_another_server(
    app, auth, client, tmp_path, clock
):
    """Moving servers used to double every reminder: the new server's UIDs
    came from its own secret key. Now the calendar's uid moves with the JSON."""
    import io
    import json

    from journal import create_app
    from tests.conftest import AuthActions

    auth.patient()
    auth.checkin()
    _calendar_body(client)
    auth.set_plan(pt_weeks="7")
    before = _both_parsers(_calendar_body(client))
    exported = client.get("/account/export.json").data
    assert json.loads(exported)["calendar"]["sequence"] == 2

    (tmp_path / "new-server").mkdir()
    new_server = create_app({"TESTING": True, "SECRET_KEY": "a-different-secret", "CLOCK": clock,
                             "DATABASE": str(tmp_path / "new-server" / "journal.db")})
    moved = AuthActions(new_server.test_client())
    moved.register(email="ana@example.com")
    moved.set_plan()
    token = moved.csrf_token("/account/import")
    response = moved.client.post(
        "/account/import",
        data={"csrf_token": token, "journal_file": (io.BytesIO(exported), "journal.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    after = _both_parsers(_calendar_body(moved.client))
    assert after.keys() == before.keys()
    # Above the old server's, so a calendar app takes it as the newer version.
    assert min(after.values()) > max(before.values())
    # And the uid moves on again, unchanged, in the new server's export.
    assert json.loads(moved.client.get("/account/export.json").data)["calendar"] == {
        "uid": json.loads(exported)["calendar"]["uid"], "sequence": 3}
