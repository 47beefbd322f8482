"""Validation of a check-in form, without HTTP."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from werkzeug.datastructures import MultiDict

from journal.checkins.form import NOTE_MAX, parse

NOW = datetime(2026, 3, 16, 14, 5, tzinfo=ZoneInfo("Europe/London"))


def form(**fields):
    data = MultiDict()
    for key, value in fields.items():
        key = key.replace("__", "-")
        for item in value if isinstance(value, list) else [value]:
            data.add(key, item)
    return data


def test_two_locations_make_two_readings_at_now_by_default():
    data, errors = parse(
        form(location=["hip_right", "lower_back"], intensity__hip_right="6", intensity__lower_back="3"),
        NOW,
    )
    assert errors == {}
    assert [(r.location, r.intensity) for r in data.readings] == [("hip_right", 6), ("lower_back", 3)]
    assert data.local_date == date(2026, 3, 16)
    assert data.local_time == time(14, 5)
    assert data.context is None and data.note == "" and data.home_exercises is None


def test_optional_fields_are_kept():
    data, errors = parse(
        form(location="hip_left", intensity__hip_left="0", context="after_pt", note=" tired \r\nok ",
             home_exercises="yes", warning=["calf"], date="2026-03-14", time="21:30"),
        NOW,
    )
    assert errors == {}
    assert data.readings[0].intensity == 0
    assert data.context == "after_pt"
    assert data.note == "tired \nok"
    assert data.home_exercises is True
    assert data.warning_signs == ("calf",)
    assert (data.local_date, data.local_time) == (date(2026, 3, 14), time(21, 30))


@pytest.mark.parametrize(
    "fields, field",
    [
        ({}, "location"),
        ({"location": "elbow", "intensity__elbow": "3"}, "location"),
        ({"location": "hip_left"}, "intensity-hip_left"),
        ({"location": "hip_left", "intensity__hip_left": "11"}, "intensity-hip_left"),
        ({"location": "hip_left", "intensity__hip_left": "-1"}, "intensity-hip_left"),
        ({"location": "hip_left", "intensity__hip_left": "5.5"}, "intensity-hip_left"),
        ({"location": "hip_left", "intensity__hip_left": "five"}, "intensity-hip_left"),
        ({"location": "other", "intensity__other": "4"}, "other_text"),
        ({"location": "other", "intensity__other": "4", "other_text": "x" * 41}, "other_text"),
        ({"location": "other", "intensity__other": "4", "other_text": "\x00abc"}, "other_text"),
        ({"context": "during_dance"}, "context"),
        ({"note": "x" * (NOTE_MAX + 1)}, "note"),
        ({"note": "a\x00b"}, "note"),
        ({"warning": "headache"}, "warning"),
        ({"date": "2026-03-17"}, "date"),
        ({"date": "16/03/2026"}, "date"),
        ({"date": "2026-02-30"}, "date"),
        ({"date": "2022-01-01"}, "date"),
        ({"time": "25:00"}, "time"),
        ({"time": "14:30"}, "time"),
        ({"home_exercises": "maybe"}, "home_exercises"),
    ],
)
def test_bad_input_names_the_field_and_returns_no_data(fields, field):
    base = {"location": "hip_right", "intensity__hip_right": "5"}
    if "location" in fields or not fields:
        base = {}
    data, errors = parse(form(**{**base, **fields}), NOW)
    assert data is None
    assert field in errors, errors
    assert errors[field].endswith(".") or errors[field].endswith("”.")


def test_note_of_exactly_the_limit_is_accepted():
    data, errors = parse(form(location="neck", intensity__neck="2", note="é" * NOTE_MAX), NOW)
    assert errors == {} and len(data.note) == NOTE_MAX


def test_a_time_earlier_today_and_a_minute_of_clock_skew_are_not_the_future():
    data, errors = parse(form(location="neck", intensity__neck="2", time="14:06"), NOW)
    assert errors == {}
    assert data.local_time == time(14, 6)


def test_repeated_location_is_one_reading():
    data, errors = parse(form(location=["neck", "neck"], intensity__neck="2"), NOW)
    assert errors == {} and len(data.readings) == 1


def test_intensities_for_unchosen_places_are_ignored():
    data, errors = parse(
        form(location="neck", intensity__neck="2", intensity__hip_left="9"), NOW
    )
    assert [r.location for r in data.readings] == ["neck"]
