"""The summary and a share link on a phone: the patient shares, a PT opens it
in a separate browser with no session, the patient revokes it, the PT is refused.

The live server runs on the real clock, so the journal is seeded up to today.
"""

import re
from datetime import datetime, time, timedelta, timezone

from playwright.sync_api import expect

from journal.accounts import store as accounts
from journal.checkins import store as checkins
from journal.checkins.form import CheckinInput, Reading
from journal.recovery import clock
from journal.recovery.plan import Plan
from journal.web.db import connect
from tests.browser.conftest import assert_accessible

EMAIL = "ana@example.com"
PASSWORD = "correct horse battery"
TZ = "Europe/London"
PLACES = ("hip_right", "lower_back", "groin_right")


def seed_journal(app, days=30, places=PLACES):
    """A patient whose surgery was `days + 5` days ago, with a morning and an
    evening check-in at each place on every day but two, easing over time."""
    db = connect(app.config["DATABASE"])
    try:
        now = datetime.now(timezone.utc)
        today = clock.local_today(now, TZ)
        user_id = accounts.create_account(db, EMAIL, PASSWORD, "Ana", TZ, now)
        accounts.save_plan(db, user_id, Plan(surgery_date=today - timedelta(days=days + 5)), now)
        for index in range(days):
            day = today - timedelta(days=days - 1 - index)
            if index in (6, 17):
                continue  # two days without a check-in
            base = max(1, 8 - index // 5)
            for at, context in ((time(8, 0), "morning"), (time(19, 0), "after_walking")):
                readings = [
                    Reading(code, max(0, base - offset - (at.hour == 8)))
                    for offset, code in enumerate(places)
                ]
                entry = CheckinInput(
                    local_date=day, local_time=at, readings=readings, context=context,
                    home_exercises=index % 3 != 0,
                    note="Stiff after the drive" if index % 10 == 0 and at.hour == 8 else "",
                )
                checkins.create_checkin(db, user_id, entry, TZ, now)
    finally:
        db.conn.close()


def sign_in(page, base):
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").tap()
    expect(page.get_by_role("heading", level=1)).to_contain_text("after surgery")


def test_patient_shares_pt_opens_patient_revokes_pt_is_refused(
    page, live_server, browser, browser_context_args
):
    base = live_server.url
    seed_journal(live_server.app)
    sign_in(page, base)

    # The summary: charts with text alternatives, figures, and the range form.
    page.get_by_role("link", name="Summary").tap()
    expect(page.get_by_role("heading", name="Summary", exact=True)).to_be_visible()
    expect(page.get_by_role("radio", name="Last 30 days")).to_be_checked()
    expect(page.get_by_role("img", name=re.compile("^Right hip: daily worst"))).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("^Hip and lower back together"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("radio", name="Last 7 days").check()
    page.get_by_role("button", name="Show summary").tap()
    # The brief's first line and the report's range line both say it.
    expect(page.get_by_text(re.compile(r"\(7 days\)"))).to_have_count(2)

    # Custom dates appear only when chosen, and bad ones are explained beside the field.
    page.get_by_role("radio", name="Custom dates").check()
    page.get_by_label("First day").fill("2026-03-10")
    page.get_by_label("Last day").fill("2026-03-01")
    page.get_by_role("button", name="Show summary").tap()
    expect(page.get_by_text("The last day is before the first day.")).to_be_visible()
    assert_accessible(page)

    # Create a link and see it, once, as a URL and a QR code.
    page.get_by_role("link", name="Share", exact=True).tap()
    expect(page.get_by_role("heading", name="Share with your PT")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Who is it for?").fill("Hip PT — Ana")
    page.get_by_role("button", name="Create link").tap()
    expect(page.get_by_role("heading", name="Your share link is ready")).to_be_visible()
    expect(page.get_by_role("img", name="QR code of the share link")).to_be_visible()
    expect(page.get_by_role("button", name="Copy link")).to_be_visible()
    assert_accessible(page)
    url = page.get_by_label("Link to send your PT").input_value()
    assert re.fullmatch(rf"{re.escape(base)}/s/[A-Za-z0-9_-]{{43}}", url)

    # The PT: a separate browser context, no cookies, no session.
    pt_context = browser.new_context(**browser_context_args)
    try:
        pt = pt_context.new_page()
        pt.set_default_timeout(10_000)
        response = pt.goto(url)
        assert response.status == 200
        assert response.headers["referrer-policy"] == "no-referrer"
        expect(pt.get_by_role("heading", name="Ana’s recovery summary")).to_be_visible()
        expect(pt.get_by_role("img", name=re.compile("^Right hip: daily worst"))).to_be_visible()
        figures = pt.get_by_role("region", name="Pain by place", exact=True)
        expect(figures.get_by_role("rowheader", name=re.compile("Right hip"))).to_be_visible()
        expect(pt.get_by_text(EMAIL)).to_have_count(0)
        expect(pt.get_by_role("navigation")).to_have_count(0)
        expect(pt.get_by_role("button")).to_have_count(0)
        assert pt.evaluate("document.documentElement.scrollWidth") <= 390
        assert_accessible(pt)

        # The patient sees the view, then revokes the link in one tap.
        page.get_by_role("link", name="Back to your share links").tap()
        expect(page.get_by_text("Opened 1 time")).to_be_visible()
        page.get_by_role("button", name="Revoke Hip PT — Ana").tap()
        expect(page.get_by_text("“Hip PT — Ana” is turned off.")).to_be_visible()
        expect(page.get_by_text("Revoked on")).to_be_visible()
        assert_accessible(page)

        # The PT reloads and is refused, kindly.
        response = pt.reload()
        assert response.status == 410
        expect(pt.get_by_role("heading", name="This link has been turned off")).to_be_visible()
        expect(pt.get_by_text("Ask them for a new link")).to_be_visible()
        expect(pt.get_by_role("img", name=re.compile("Right hip"))).to_have_count(0)
        assert_accessible(pt)
    finally:
        pt_context.close()


def test_summary_and_share_pages_fit_a_small_phone(page, live_server):
    base = live_server.url
    seed_journal(live_server.app)
    sign_in(page, base)
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ["/summary?range=30", "/summary?range=surgery", "/share"]:
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width}px wide"
    page.get_by_label("Who is it for?").fill("Knee PT")
    page.get_by_role("button", name="Create link").tap()
    expect(page.get_by_role("heading", name="Your share link is ready")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    url = page.get_by_label("Link to send your PT").input_value()
    page.goto(url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # Every tap target on the share list is at least 44 by 44 CSS px.
    page.goto(base + "/share")
    box = page.get_by_role("button", name="Revoke Knee PT").bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
