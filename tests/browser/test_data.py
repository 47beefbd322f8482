"""Your data, on a phone: downloads, calendar, import and deleting the account."""

import json
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_journey import register_and_plan

def start(page, base):
    register_and_plan(page, base)
    expect(page.get_by_role("link", name="Log pain")).to_be_visible()


NEW_PAGES = ["/account", "/account/import", "/account/delete", "/account/calendar"]


def test_data_pages_are_accessible_fit_a_small_phone_and_have_big_targets(page, live_server):
    start(page, live_server.url)
    for path in NEW_PAGES:
        page.goto(live_server.url + path)
        assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    for path in NEW_PAGES:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width}px wide"
        small = page.evaluate(
            """() => [...document.querySelectorAll('main a.button, main button, main input, main summary')]
                .filter(el => el.type !== 'hidden')
                .map(el => [el.textContent.trim() || el.name || el.type, el.getBoundingClientRect()])
                .filter(([, r]) => r.height < 44 || r.width < 44)
                .map(([name, r]) => `${name}: ${r.width}x${r.height}`)"""
        )
        assert small == [], f"{path}: targets under 44x44 px: {small}"


def test_patient_downloads_the_journal_and_the_calendar(page, live_server):
    start(page, live_server.url)
    page.get_by_role("link", name="Account").tap()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Everything (JSON)").tap()
    download = download_info.value
    assert download.suggested_filename.startswith("recovery-journal-")
    document = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert document["format"] == "recovery-journal"

    page.get_by_label("Remind me every day at").fill("07:30")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download calendar file (.ics)").tap()
    body = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert "RRULE:FREQ=DAILY" in body and "T073000" in body


def test_patient_deletes_the_account_after_confirming_the_password(page, live_server):
    start(page, live_server.url)
    page.get_by_role("link", name="Account").tap()
    page.get_by_role("link", name="Delete account…").tap()
    expect(page.get_by_role("heading", name="Delete your account?")).to_be_visible()
    page.get_by_label("Your password").fill("wrong password")
    page.get_by_role("button", name="Delete my account and journal").tap()
    expect(page.get_by_text("That isn't your password.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your password").fill("correct horse battery")
    page.get_by_role("button", name="Delete my account and journal").tap()
    expect(page.get_by_text("Your account and your whole journal are deleted.")).to_be_visible()
    page.goto(live_server.url + "/account")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
