"""The plan's rules, without HTTP: one parser for the plan form and the import."""

from datetime import date

from journal.accounts.plan_rules import parse_plan
from journal.recovery.plan import Plan

TODAY = date(2026, 3, 16)
VALID = {
    "procedure": "  Hip   arthroscopy ", "side": "left", "surgery_date": "2026-03-07",
    "crutch_weeks": "3", "pt_start_date": "2026-03-10", "pt_weeks": "8",
    "weight_bearing": "partial", "weight_bearing_until": "2026-03-20",
}


def test_a_valid_plan_is_read_into_a_plan():
    plan, errors = parse_plan(VALID, TODAY)
    assert errors == {}
    assert plan == Plan(
        surgery_date=date(2026, 3, 7), side="left", procedure="Hip arthroscopy", crutch_weeks=3,
        pt_start_date=date(2026, 3, 10), pt_weeks=8, weight_bearing="partial",
        weight_bearing_until=date(2026, 3, 20),
    )


def test_optional_fields_left_empty_are_none():
    plan, errors = parse_plan(
        dict(VALID, pt_start_date="", weight_bearing="", weight_bearing_until=""), TODAY
    )
    assert errors == {}
    assert (plan.pt_start_date, plan.weight_bearing, plan.weight_bearing_until) == (None, None, None)


def test_every_problem_is_named_by_its_field_in_the_forms_order():
    plan, errors = parse_plan(
        {"procedure": " ", "side": "middle", "surgery_date": "09/03/2026", "crutch_weeks": "²",
         "pt_weeks": "0", "weight_bearing": "hop"},
        TODAY,
    )
    assert plan is None
    assert errors == {
        "procedure": "Name the procedure.",
        "side": "Not a valid choice.",
        "surgery_date": "Enter the date as year-month-day, for example 2026-03-14.",
        "crutch_weeks": "Enter a number of weeks as a whole number, for example 2.",
        "pt_weeks": "Enter 1 to 52 weeks.",
        "weight_bearing": "Choose one of the listed instructions.",
    }


def test_the_surgery_date_reaches_back_five_calendar_years_even_from_a_leap_day():
    leap_day = date(2028, 2, 29)
    assert parse_plan(dict(VALID, surgery_date="2023-02-28", pt_start_date="",
                           weight_bearing_until=""), leap_day)[1] == {}
    _, errors = parse_plan(dict(VALID, surgery_date="2023-02-27", pt_start_date="",
                                weight_bearing_until=""), leap_day)
    assert errors == {"surgery_date": "That is more than five years ago. Check the year."}


def test_a_restriction_past_the_crutch_weeks_is_refused_with_the_shared_rule():
    _, errors = parse_plan(
        dict(VALID, crutch_weeks="2", weight_bearing="touch_down", weight_bearing_until="2026-04-20"),
        TODAY,
    )
    assert errors["weight_bearing_until"].startswith(
        "Touch-down weight-bearing is done on crutches, but your plan has you off them by Sat 21 Mar."
    )
