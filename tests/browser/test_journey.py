"""The patient's core journey on a phone, as a person would tap through it."""

from datetime import date, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible


def register_and_plan(page, base, email="ana@example.com"):
    page.goto(f"{base}/register")
    assert_accessible(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Your first name (shown to your PT)").fill("Ana")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Create journal").tap()

    expect(page.get_by_role("heading", name="Set up your recovery plan")).to_be_visible()
    # The browser's own zone was filled in for the patient.
    expect(page.get_by_label("Time zone")).to_have_value("Europe/London")
    assert_accessible(page)
    surgery = date.today() - timedelta(days=9)
    page.get_by_label("Surgery date").fill(surgery.isoformat())
    page.get_by_role("radio", name="Right").tap()
    page.get_by_role("button", name="Save plan").tap()
    # Wait for Today: a goto() while the save is in flight would abort it.
    expect(page.get_by_role("link", name="Log pain")).to_be_visible()


def test_patient_journey_register_plan_log_history_edit_delete(page, live_server):
    base = live_server.url
    register_and_plan(page, base)

    expect(page.get_by_role("heading", name="Day 9 after surgery · week 2")).to_be_visible()
    assert_accessible(page)

    # Log pain: tap the right hip and the lower back on the body map, pick
    # intensities, save: four taps plus Save.
    page.get_by_role("link", name="Log pain").tap()
    expect(page.get_by_role("heading", name="Where does it hurt?")).to_be_visible()
    assert_accessible(page)
    page.locator("svg [data-location=hip_right]").first.tap()
    page.get_by_role("group", name="How much does your right hip hurt?").get_by_role(
        "radio", name="6 – moderate"
    ).tap()
    page.locator("svg [data-location=lower_back]").tap()
    back = page.get_by_role("group", name="How much does your lower back hurt?")
    back.get_by_role("radio", name="4 – moderate").tap()
    # Coloured by the bands the page gives (data-bands), one class per button.
    bands = [back.locator("label.nrs").nth(n).get_attribute("class") for n in (0, 3, 4, 7, 10)]
    assert bands == ["nrs band-none", "nrs band-mild", "nrs band-moderate", "nrs band-severe",
                     "nrs band-severe"]
    assert_accessible(page)
    page.get_by_role("button", name="Save check-in").tap()

    expect(page.get_by_text("Check-in saved.")).to_be_visible()
    todays = page.get_by_role("region", name="Today's check-ins")
    expect(todays.get_by_text("Right hip")).to_be_visible()
    expect(todays.get_by_text("Lower back")).to_be_visible()

    # One tap each.
    page.get_by_role("button", name="Same as last check-in").tap()
    expect(page.get_by_text("Logged the same as last check-in.")).to_be_visible()
    expect(todays.get_by_text("Right hip")).to_have_count(2)
    page.get_by_role("button", name="Pain-free today").tap()
    expect(page.get_by_text("Logged: pain-free today.")).to_be_visible()
    expect(todays.get_by_text("Pain-free")).to_be_visible()
    expect(todays.locator("li li")).to_have_count(6)  # 2 + 2 readings + 2 explicit zeros

    # History shows all three; edit one, delete one.
    page.get_by_role("link", name="History").tap()
    expect(page.get_by_role("heading", name="History", exact=True)).to_be_visible()
    assert_accessible(page)
    expect(page.locator(".checkins > li")).to_have_count(3)
    page.get_by_role("link", name="Edit").first.tap()
    expect(page.get_by_role("heading", name="Edit check-in")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Note (optional").fill("Stiff after the drive home")
    page.get_by_role("button", name="Save check-in").tap()
    expect(page.get_by_text("Check-in updated.")).to_be_visible()
    expect(page.get_by_text("Stiff after the drive home")).to_be_visible()

    page.get_by_role("link", name="Delete").last.tap()
    expect(page.get_by_role("heading", name="Delete this check-in?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Delete check-in").tap()
    expect(page.get_by_text("Check-in deleted.")).to_be_visible()
    expect(page.locator(".checkins > li")).to_have_count(2)


def test_check_in_form_reports_errors_beside_fields_and_keeps_typing(page, live_server):
    register_and_plan(page, live_server.url)
    page.get_by_role("link", name="Log pain").tap()
    page.get_by_label("Note (optional").fill("Kept after an error")
    page.get_by_role("button", name="Save check-in").tap()
    expect(page.get_by_text("Choose at least one place that hurts")).to_be_visible()
    expect(page.get_by_label("Note (optional")).to_have_value("Kept after an error")
    assert_accessible(page)


def test_pages_fit_a_small_phone_without_sideways_scrolling(page, live_server):
    register_and_plan(page, live_server.url)
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ["/", "/checkins/new", "/history", "/plan", "/account"]:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width}px wide"
