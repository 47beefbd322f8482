"""Setting up and changing the recovery plan."""

from html import unescape
import re

import pytest


def page(response):
    return unescape(response.get_data(as_text=True))


def test_plan_form_offers_the_design_defaults(auth, client):
    auth.register()
    form = page(client.get("/plan"))
    assert 'value="Hip arthroscopy"' in form
    assert 'name="crutch_weeks" type="number" value="2"' in form or 'value="2"' in form
    assert 'name="pt_weeks"' in form and 'value="6"' in form
    assert 'value="Europe/London"' in form


def test_saving_the_plan_sets_today_and_the_time_zone(auth, client, db):
    auth.register()
    response = auth.set_plan(surgery_date="2026-03-07", timezone="Asia/Tokyo", side="left",
                             pt_start_date="2026-03-10", crutch_weeks="4", pt_weeks="8")
    assert response.status_code == 303
    plan = next(db.query("SELECT * FROM plans"))
    assert (plan["side"], plan["surgery_date"], plan["pt_start_date"]) == ("left", "2026-03-07", "2026-03-10")
    assert (plan["crutch_weeks"], plan["pt_weeks"]) == (4, 8)
    assert next(db.query("SELECT timezone FROM users"))["timezone"] == "Asia/Tokyo"
    # 10:00 UTC on 16 March is 19:00 on 16 March in Tokyo: day 9.
    assert "Day 9 after surgery · week 2" in page(client.get("/"))


def test_changing_the_plan_later_keeps_one_plan(auth, client, db):
    auth.patient()
    auth.set_plan(surgery_date="2026-03-02")
    assert db["plans"].count == 1
    assert "Day 14 after surgery · week 3" in page(client.get("/"))
    form = page(client.get("/plan"))
    assert 'value="2026-03-02"' in form and "Your recovery plan" in form


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"surgery_date": ""}, "Enter the surgery date."),
        ({"surgery_date": "09/03/2026"}, "Enter the date as year-month-day"),
        ({"surgery_date": "2028-03-09"}, "more than a year ahead"),
        ({"surgery_date": "2019-03-09"}, "more than five years ago"),
        ({"side": "middle"}, "Not a valid choice"),
        ({"side": ""}, "Choose left, right or both."),
        ({"crutch_weeks": "13"}, "Enter 0 to 12 weeks."),
        ({"crutch_weeks": "two"}, "Enter a number of weeks"),
        ({"pt_weeks": "0"}, "Enter 1 to 52 weeks."),
        ({"pt_start_date": "2026-03-01"}, "PT starts on or after the surgery date."),
        ({"pt_start_date": "soon"}, "Enter the date as year-month-day, or leave it empty."),
        ({"timezone": "Mars/Olympus"}, "Choose a time zone from the list"),
        ({"procedure": "x" * 81}, "Use 80 characters or fewer."),
        ({"weight_bearing": "hop"}, "Choose one of the listed instructions."),
        ({"weight_bearing": "partial", "weight_bearing_until": "next week"},
         "Enter the date as year-month-day, or leave it empty."),
        ({"weight_bearing_until": "2026-03-30"}, "Choose the instruction this date is for"),
        ({"weight_bearing": "partial", "weight_bearing_until": "2026-03-01"},
         "The instruction ends on or after the surgery date."),
        # Touch-down until day 42 with 2 weeks of crutches would read "off
        # crutches on time" while the surgeon still limits the weight.
        ({"weight_bearing": "touch_down", "weight_bearing_until": "2026-04-20"},
         "Touch-down weight-bearing is done on crutches, but your plan has you off them by "
         "Mon 23 Mar."),
    ],
)
def test_bad_plan_input_is_refused_beside_the_field(auth, db, fields, message):
    auth.register()
    response = auth.set_plan(**fields)
    assert response.status_code == 422
    assert message in page(response)
    assert db["plans"].count == 0


def test_the_plan_can_be_saved_on_a_leap_day(auth, db, clock):
    from datetime import datetime, timezone

    clock.set(datetime(2028, 2, 29, 12, 0, tzinfo=timezone.utc))
    auth.register()
    assert auth.set_plan(surgery_date="2028-02-20").status_code == 303
    assert next(db.query("SELECT surgery_date FROM plans"))["surgery_date"] == "2028-02-20"


def test_the_phones_zone_is_offered_only_when_setting_up(auth, client):
    auth.register(timezone="UTC")
    assert "data-detect-timezone" in client.get("/plan").get_data(as_text=True)
    auth.set_plan(timezone="UTC")
    # A saved zone, UTC included, is the patient's choice: no script replaces it.
    assert "data-detect-timezone" not in client.get("/plan").get_data(as_text=True)


def test_the_surgeons_weight_bearing_instruction_shows_on_today_and_the_summary(auth, client, db,
                                                                               clock):
    auth.register()
    response = auth.set_plan(weight_bearing="partial", weight_bearing_until="2026-03-20")
    assert response.status_code == 303
    row = next(db.query("SELECT weight_bearing, weight_bearing_until FROM plans"))
    assert row == {"weight_bearing": "partial", "weight_bearing_until": "2026-03-20"}
    today = page(client.get("/"))
    assert "Partial weight-bearing until Fri 20 Mar, as your surgeon instructed." in today
    assert "Surgeon's instruction: Partial weight-bearing until Fri 20 Mar." in page(
        client.get("/summary"))
    form = page(client.get("/plan"))
    assert re.search(r'<input checked[^>]*value="partial"', form) and 'value="2026-03-20"' in form
    # Once its date has passed, the instruction is no longer shown as current.
    clock.advance(days=15)
    assert "as your surgeon instructed" not in page(client.get("/"))


def test_a_plan_without_a_weight_bearing_instruction_says_nothing_of_it(auth, client, db):
    auth.register()
    assert auth.set_plan().status_code == 303
    assert next(db.query("SELECT weight_bearing FROM plans"))["weight_bearing"] is None
    assert "as your surgeon instructed" not in page(client.get("/"))
