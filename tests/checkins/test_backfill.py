"""Backfill: the date first, midday, and the next day without a check-in offered after saving."""

from datetime import date
from html import unescape

import pytest

from journal.checkins import backfill


def page(response):
    return unescape(response.get_data(as_text=True))


def test_earlier_opens_the_first_day_of_the_last_week_without_a_check_in(auth, client):
    auth.patient(surgery_date="2026-03-01")
    for day in ("2026-03-09", "2026-03-10"):
        auth.checkin(date=day, time="09:00")
    response = client.get("/checkins/earlier")
    # Today is Mon 16 March: the last week is 9-15 March, and 9 and 10 are logged.
    assert response.headers["Location"] == "/checkins/new?date=2026-03-11"


def test_earlier_looks_no_further_back_than_the_surgery(auth, client):
    auth.patient(surgery_date="2026-03-13")
    assert client.get("/checkins/earlier").headers["Location"] == "/checkins/new?date=2026-03-13"


def test_earlier_offers_yesterday_when_the_week_is_complete(auth, client):
    auth.patient()
    for day in range(9, 16):
        auth.checkin(date=f"2026-03-{day:02d}", time="09:00")
    assert client.get("/checkins/earlier").headers["Location"] == "/checkins/new?date=2026-03-15"


def test_an_earlier_day_opens_with_its_date_first_and_a_midday_time(auth, client):
    auth.patient()
    form = page(client.get("/checkins/new?date=2026-03-12"))
    assert "Where did it hurt that day?" in form
    # The date comes before the body map and the places, not folded away at the end.
    date_at = form.index('name="date"')
    assert date_at < form.index("data-body-map") and date_at < form.index('name="location"')
    assert 'value="2026-03-12"' in form and 'name="time" value="12:00"' in form
    assert "<summary>Date and time" not in form


def test_todays_form_keeps_the_date_folded_at_the_end(auth, client):
    auth.patient()
    form = page(client.get("/checkins/new"))
    assert "Where does it hurt?" in form
    assert form.index("<summary>Date and time") > form.index('name="location"')


def test_saving_an_earlier_day_offers_the_next_day_without_a_check_in(auth, client, db):
    auth.patient()
    auth.checkin(date="2026-03-13", time="09:00")
    response = auth.checkin(date="2026-03-12", time="12:00")
    assert response.status_code == 303
    # 13 March already has one: the next day offered is the 14th.
    assert response.headers["Location"] == "/checkins/new?date=2026-03-14"
    assert "Next: Sat 14 Mar has no check-in yet." in page(client.get("/"))


def test_the_last_missing_day_saved_goes_to_history(auth, client):
    auth.patient()
    response = auth.checkin(date="2026-03-15", time="12:00")
    assert response.headers["Location"] == "/history"
    assert "Every day from then to yesterday has a check-in." in page(client.get("/history"))


def test_a_check_in_for_today_still_returns_to_today(auth):
    auth.patient()
    assert auth.checkin().headers["Location"] == "/"


def test_a_refused_earlier_day_keeps_its_date_first(auth):
    auth.patient()
    response = auth.checkin(date="2026-03-12", **{"intensity-hip_right": ""})
    assert response.status_code == 422
    form = page(response)
    assert "Where did it hurt that day?" in form and 'value="2026-03-12"' in form


@pytest.mark.parametrize(
    "logged, expected",
    [(set(), date(2026, 3, 9)), ({"2026-03-09", "2026-03-10"}, date(2026, 3, 11)),
     ({f"2026-03-{d:02d}" for d in range(9, 16)}, None)],
)
def test_first_missing_day(logged, expected):
    assert backfill.first_missing(logged, date(2026, 3, 9), date(2026, 3, 15)) == expected


def test_todays_date_in_the_link_keeps_the_time_now(auth, client):
    """Midday would be later than now on a morning: only an earlier day gets it."""
    auth.patient()
    form = page(client.get("/checkins/new?date=2026-03-16"))
    assert "Where does it hurt?" in form and 'name="time" value="10:00"' in form


@pytest.mark.parametrize("bad", ["garbage", "2026-13-45", "2026-03-20"])
def test_a_bad_date_in_the_link_is_refused_on_save_not_a_500(auth, client, db, bad):
    auth.patient()
    assert client.get(f"/checkins/new?date={bad}").status_code == 200
    response = auth.checkin(date=bad, time="12:00")
    assert response.status_code == 422 and db["checkins"].count == 0


@pytest.mark.parametrize("surgery", [date(2026, 3, 16), date(2026, 3, 20)])
def test_before_surgery_the_window_offers_no_day(surgery):
    start, end = backfill.window(date(2026, 3, 16), surgery)
    assert backfill.first_missing(set(), start, end) is None
