"""Milestones and the timeline on a phone: one-tap steps from Today, PT sessions, statuses.

The live server runs on the real clock; the plan puts surgery 9 days ago.
"""

from datetime import date, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_journey import register_and_plan


def test_log_crutch_steps_and_pt_sessions_then_read_the_timeline(page, live_server):
    base = live_server.url
    register_and_plan(page, base)

    next_up = page.get_by_role("region", name="Next milestone")
    expect(next_up).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="I'm down to one crutch").tap()
    expect(page.get_by_text("Logged for today: One crutch.")).to_be_visible()
    page.get_by_role("button", name="I'm off crutches").tap()
    expect(page.get_by_text("Logged for today: Off crutches.")).to_be_visible()
    expect(page.get_by_role("button", name="I'm off crutches")).to_have_count(0)
    # Day 9 of a 2-week plan: sooner than planned is a safety matter, said at once.
    early = page.get_by_role("region", name="Off crutches: sooner than your plan")
    expect(early).to_contain_text("check that your surgeon agreed")

    # Two PT sessions: today with one tap, yesterday through the form.
    page.get_by_role("button", name="I went to PT today").tap()
    expect(page.get_by_text("Logged for today: First PT session.")).to_be_visible()
    expect(page.get_by_role("button", name="I went to PT today")).to_be_disabled()
    page.get_by_role("link", name="Log another milestone").tap()
    expect(page.get_by_role("heading", name="Log a milestone")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("radio", name="PT session attended").check()
    page.get_by_label("Date").fill((date.today() + timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Save milestone").tap()
    expect(page.get_by_text("That date is in the future.")).to_be_visible()
    expect(page.get_by_role("radio", name="PT session attended")).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Date").fill((date.today() - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Save milestone").tap()

    expect(page.get_by_role("heading", name="Timeline", exact=True)).to_be_visible()
    expect(page.get_by_text("Milestone saved: PT session attended.")).to_be_visible()
    plan_section = page.get_by_role("region", name="Against the plan")
    one = plan_section.get_by_role("listitem").filter(has_text="One crutch")
    expect(one).to_contain_text("Done on day 9 (planned by day 14).")
    off = plan_section.get_by_role("listitem").filter(has_text="Off crutches")
    expect(off).to_contain_text(
        "Done on day 9: sooner than your plan (day 14) — check that your surgeon agreed."
    )
    expect(off).not_to_contain_text("on time")
    first_pt = plan_section.get_by_role("listitem").filter(has_text="First PT session")
    expect(first_pt).to_contain_text("Done on day 8 (planned by day 14).")
    expect(plan_section.get_by_role("listitem").filter(has_text="Discharged from PT")).to_contain_text(
        "On track"
    )
    current = page.locator("li.week[aria-current=date]")
    expect(current).to_contain_text("You are here: today, day 9")
    expect(current).to_contain_text("PT sessions: 2")
    assert_accessible(page)

    # Edit and delete from the list of milestones.
    page.get_by_role("link", name="All milestones").tap()
    expect(page.get_by_role("heading", name="Your milestones")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Delete PT session attended").tap()
    expect(page.get_by_role("heading", name="Delete this milestone?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Delete milestone").tap()
    expect(page.get_by_text("Milestone deleted.")).to_be_visible()
    page.get_by_role("link", name="Edit One crutch").tap()
    expect(page.get_by_role("heading", name="Edit milestone")).to_be_visible()
    assert_accessible(page)


def log_right_hip_with_a_sign(page, intensity, sign):
    """From Today: the right hip at `intensity` (a radio's name) and one warning sign, saved."""
    page.get_by_role("link", name="Log pain").tap()
    page.locator("svg [data-location=hip_right]").first.tap()
    page.get_by_role("group", name="How much does your right hip hurt?").get_by_role(
        "radio", name=intensity
    ).tap()
    page.get_by_text("Anything else today?").tap()
    page.get_by_label(sign).check()
    page.get_by_role("button", name="Save check-in").tap()


def test_a_warning_sign_shows_a_calm_prompt_on_today_that_can_be_hidden(page, live_server):
    register_and_plan(page, live_server.url)
    log_right_hip_with_a_sign(page, "3 – mild", "Calf pain or swelling")

    prompt = page.get_by_role("region", name="Calf pain or swelling")
    expect(prompt).to_contain_text("Contact your surgeon's office today")
    assert_accessible(page)
    prompt.get_by_role("button", name="Hide this").tap()
    expect(page.get_by_text("Hidden. It comes back if this happens again.")).to_be_visible()
    expect(page.get_by_role("region", name="Calf pain or swelling")).to_have_count(0)


def test_a_red_flag_logged_on_the_phone_shows_its_advice_above_the_fold(page, live_server):
    register_and_plan(page, live_server.url)
    log_right_hip_with_a_sign(
        page, "7 – severe", "Sudden new hip or groin pain, or can't put weight on the leg"
    )

    prompt = page.get_by_role("region", name="Sudden new hip or groin pain")
    expect(prompt).to_contain_text("Contact your surgeon's office today.")
    # Above the fold: the advice itself is on the first screen, no scrolling.
    advice = prompt.get_by_text("Contact your surgeon's office today.")
    box = advice.bounding_box()
    assert box is not None and box["y"] + box["height"] <= page.viewport_size["height"]
    assert page.evaluate("window.scrollY") == 0
    assert_accessible(page)


def test_timeline_and_milestone_pages_fit_a_small_phone(page, live_server):
    register_and_plan(page, live_server.url)
    page.get_by_role("button", name="I'm down to one crutch").tap()
    expect(page.get_by_text("Logged for today: One crutch.")).to_be_visible()
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ["/", "/timeline", "/milestones", "/milestones/new", "/milestones/1/edit"]:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width}px wide"
