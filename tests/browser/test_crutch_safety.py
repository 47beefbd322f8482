"""Crutch steps against the weight-bearing instruction and the limp, on a phone.

The live server runs on the real clock; the plan puts surgery 9 days ago.
"""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_journey import register_and_plan


def save_plan(page, base, **changes):
    page.goto(f"{base}/plan")
    if "weight_bearing" in changes:
        page.get_by_role("radio", name=re.compile(changes["weight_bearing"])).check()
    if "crutch_weeks" in changes:
        page.get_by_label("Planned weeks on crutches").fill(changes["crutch_weeks"])
    page.get_by_role("button", name="Save plan").tap()
    expect(page.get_by_role("link", name="Log pain")).to_be_visible()


def test_one_crutch_under_partial_weight_bearing_then_off_crutches_with_a_limp(page, live_server):
    base = live_server.url
    register_and_plan(page, base)
    save_plan(page, base, weight_bearing="^Partial")

    # Day 9 is inside the weaning week of a 2-week plan, but partial
    # weight-bearing lasts the whole crutch period.
    page.get_by_role("button", name="I'm down to one crutch").tap()
    early = page.get_by_role(
        "region", name="One crutch: sooner than your surgeon's weight-bearing instruction"
    )
    expect(early).to_contain_text("partial weight-bearing for the whole crutch period, to day 14")
    expect(early).to_contain_text("check with your surgeon")
    assert_accessible(page)
    page.goto(f"{base}/timeline")
    one = page.get_by_role("region", name="Against the plan").get_by_role("listitem").filter(
        has_text="One crutch"
    )
    expect(one).to_contain_text("Sooner than the weight-bearing instruction")
    expect(one).not_to_contain_text("on time")
    assert_accessible(page)

    # A one-week plan: off crutches today, day 9, is after the planned day,
    # but today's answer is that the limp is still there.
    save_plan(page, base, crutch_weeks="1")
    page.get_by_role("link", name="Log pain").tap()
    page.locator("svg [data-location=hip_right]").first.tap()
    page.get_by_role("group", name="How much does your right hip hurt?").get_by_role(
        "radio", name="3 – mild"
    ).tap()
    page.get_by_text("Medicine, sleep, walking, sitting").tap()
    page.get_by_role("group", name="Walking without a limp?").get_by_role(
        "radio", name="Not yet"
    ).tap()
    page.get_by_role("button", name="Save check-in").tap()
    expect(page.get_by_text("Check-in saved.")).to_be_visible()
    page.goto(base + "/")
    page.get_by_role("button", name="I'm off crutches").tap()
    limp = page.get_by_role("region", name="Off crutches, with a limp noted")
    expect(limp).to_contain_text("answered “not yet” that day")
    expect(limp).to_contain_text("check with your PT")
    assert_accessible(page)
    page.goto(f"{base}/timeline")
    off = page.get_by_role("region", name="Against the plan").get_by_role("listitem").filter(
        has_text="Off crutches"
    )
    expect(off).to_contain_text("Done, with a limp noted")
    assert_accessible(page)
