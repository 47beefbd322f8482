"""The weekly hip-function question and the check-in's measures on a phone.

The live server runs on the real clock; the plan puts surgery 9 days ago.
"""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_journey import register_and_plan


def test_answer_the_weekly_hip_question_and_the_check_in_measures(page, live_server):
    base = live_server.url
    register_and_plan(page, base)

    question = page.get_by_role("region", name="This week's hip check")
    expect(question).to_be_visible()
    assert_accessible(page)
    field = question.get_by_label("How would you rate your hip today as a percentage of normal?")
    field.fill("120")
    question.get_by_role("button", name="Save").tap()
    # Out of range: its own page says so beside the field, and keeps the answer.
    expect(page.get_by_text("Enter a whole number from 0 to 100")).to_be_visible()
    expect(page.get_by_label("How would you rate your hip today as a percentage of normal?")).to_have_value("120")
    assert_accessible(page)
    page.get_by_label("How would you rate your hip today as a percentage of normal?").fill("40")
    page.get_by_role("button", name="Save").tap()

    expect(page.get_by_text("Saved: your hip today is 40% of normal.")).to_be_visible()
    expect(page.get_by_role("region", name="This week's hip check")).to_have_count(0)

    # The check-in's measures: closed until wanted, a tap each.
    page.get_by_role("link", name="Log pain").tap()
    page.locator("svg [data-location=hip_right]").first.tap()
    page.get_by_role("group", name="How much does your right hip hurt?").get_by_role(
        "radio", name="4 – moderate"
    ).tap()
    page.get_by_text("Medicine, sleep, walking, sitting").tap()
    page.get_by_role("group", name="Pain medicine today").get_by_role("radio", name="Non-opioid").tap()
    page.get_by_role("group", name="Did pain wake you last night?").get_by_role(
        "radio", name="Once", exact=True
    ).tap()
    assert_accessible(page)
    page.get_by_role("button", name="Save check-in").tap()
    expect(page.get_by_text("Check-in saved.")).to_be_visible()
    expect(page.get_by_text("Non-opioid medicine · pain woke once")).to_be_visible()

    page.goto(f"{base}/timeline")
    expect(page.get_by_text("Hip function: 40% of normal")).to_be_visible()
    page.goto(f"{base}/summary")
    expect(page.get_by_role("region", name="Beyond pain", exact=True)).to_contain_text("40%")
    assert_accessible(page)
