"""The PT's minute: a PT opens a share link and finds the five answers in the
brief at the top, in the first 1.5 screens of a phone and the first screen
of a laptop, said about the patient by name.

The story: a right-hip patient, surgery 20 days ago, whose hip pain falls
from 8 to 3 over the fortnight while the lower back rises from 2 to 6, who
ticked a wound problem 4 days ago and came off crutches on day 9 of a plan
that said day 14. The live server runs on the real clock, so it is seeded up
to today.
"""

import re
from datetime import datetime, time, timedelta, timezone

from playwright.sync_api import expect

from journal.accounts import store as accounts
from journal.checkins import store as checkins
from journal.checkins.form import CheckinInput, Reading
from journal.milestones import store as milestones
from journal.milestones.form import MilestoneInput
from journal.recovery import clock
from journal.recovery.plan import Plan
from journal.sharing import links as share_links
from journal.web.db import connect
from tests.browser.conftest import assert_accessible

TZ = "Europe/London"
HIP = [8, 8, 8, 7, 7, 6, 6, 5, 5, 4, 4, 3, 3, 3]
BACK = [2, 2, 2, 3, 2, 3, 3, 4, 4, 5, 5, 6, 6, 6]
WOUND_DAYS_AGO = 4


def seed_story(app):
    """The story above; returns the share link's path."""
    db = connect(app.config["DATABASE"])
    try:
        now = datetime.now(timezone.utc)
        today = clock.local_today(now, TZ)
        user_id = accounts.create_account(db, "maria@example.com", "correct horse battery",
                                          "Maria", TZ, now)
        surgery = today - timedelta(days=20)
        accounts.save_plan(db, user_id, Plan(surgery_date=surgery, side="right"), now)
        for index, (hip, back) in enumerate(zip(HIP, BACK)):
            day = today - timedelta(days=len(HIP) - 1 - index)
            days_ago = (today - day).days
            checkins.create_checkin(db, user_id, CheckinInput(
                local_date=day, local_time=time(9, 0),
                readings=[Reading("hip_right", hip), Reading("lower_back", back)],
                home_exercises=index % 2 == 0,
                warning_signs=("wound",) if days_ago == WOUND_DAYS_AGO else (),
            ), TZ, now)
        milestones.add_milestone(db, user_id, MilestoneInput("off_crutches", surgery + timedelta(days=9)), now)
        milestones.add_milestone(db, user_id, MilestoneInput("pt_session", today - timedelta(days=5)), now)
        _, token = share_links.create_link(db, user_id, share_links.LinkInput(
            label="Hip PT", range_kind="last_days", expires_days=30, last_days=14), now)
        return f"/s/{token}"
    finally:
        db.conn.close()


# What answers each question, as the PT reads it.
ANSWERS = {
    "trend": re.compile(r"Maria’s lower back pain is rising \(2 → 6\) while right hip pain is falling "
                        r"\(8 → 3\) over these 14 days"),
    "worst now": re.compile(r"^Lower back"),
    "better or worse": re.compile(r"better"),
    "on plan": re.compile(r"Off crutches: day 9, sooner than planned \(day 14\)"),
    "alarming": re.compile(r"Wound problem"),
}


def bottom_of(locator, page):
    """Where the element ends, in CSS px from the top of the page."""
    box = locator.bounding_box()
    return box["y"] + box["height"] + page.evaluate("window.scrollY")


# The patient's own summary says the same to the patient ("your").
TREND_TO_PATIENT = re.compile(r"^Lower back pain is rising \(2 → 6\) while right hip pain is falling "
                              r"\(8 → 3\) over these 14 days")


def assert_answers_within(page, screens, height, to_patient=False):
    brief = page.get_by_role("region", name="At a glance")
    expect(brief).to_be_visible()
    places = brief.get_by_role("list").first.get_by_role("listitem")
    found = {
        "trend": brief.get_by_text(TREND_TO_PATIENT if to_patient else ANSWERS["trend"]),
        "worst now": places.first.get_by_text(ANSWERS["worst now"]),
        "better or worse": places.nth(1).get_by_text(ANSWERS["better or worse"]),
        "on plan": brief.get_by_text(ANSWERS["on plan"]),
        "alarming": brief.get_by_role("listitem").filter(has_text=ANSWERS["alarming"]),
    }
    for question, locator in found.items():
        expect(locator).to_be_visible()
        bottom = bottom_of(locator, page)
        assert bottom <= screens * height, f"{question} ends at {bottom}px"
    # The operated side is marked, the first place (worst now) reads "worse".
    expect(places.first).to_contain_text("worse")
    expect(places.nth(1)).to_contain_text("operated side")
    expect(brief.get_by_role("img", name=re.compile(r"^Right hip, daily worst: 8 on .* to 3 on"))).to_be_visible()
    if not to_patient:
        expect(brief.get_by_text("advised to contact the surgeon the same day")).to_be_visible()


def test_a_pt_finds_the_five_answers_at_the_top(browser, browser_context_args, live_server):
    path = seed_story(live_server.app)
    url = live_server.url + path
    context = browser.new_context(**browser_context_args)
    try:
        pt = context.new_page()
        pt.set_default_timeout(10_000)
        # The phone: 390 x 844 CSS px (the iPhone 13 profile's own
        # viewport leaves out the browser's bars).
        pt.set_viewport_size({"width": 390, "height": 844})
        pt.goto(url)
        assert_answers_within(pt, 1.5, 844)
        # Third person: the page speaks about Maria, not to her.
        expect(pt.get_by_text(re.compile("Contact your surgeon"))).to_have_count(0)
        assert pt.evaluate("document.documentElement.scrollWidth") <= 390
        assert_accessible(pt)

        pt.set_viewport_size({"width": 1280, "height": 800})
        pt.reload()
        assert_answers_within(pt, 1, 800)
        # The rest of the report in two columns: the charts side by side.
        charts = pt.locator(".trend figure")
        first, second = charts.nth(0).bounding_box(), charts.nth(1).bounding_box()
        assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"] + first["width"]
        assert_accessible(pt)
    finally:
        context.close()


def test_the_patients_own_summary_opens_with_the_brief(browser, browser_context_args, live_server):
    """The patient's summary: the brief before anything else, the range
    form after it, the five answers within 1.5 phone screens."""
    seed_story(live_server.app)
    context = browser.new_context(**browser_context_args)
    try:
        me = context.new_page()
        me.set_default_timeout(10_000)
        me.set_viewport_size({"width": 390, "height": 844})
        me.goto(live_server.url + "/login")
        me.get_by_label("Email").fill("maria@example.com")
        me.get_by_label("Password").fill("correct horse battery")
        me.get_by_role("button", name="Sign in").tap()
        expect(me.get_by_role("heading", level=1)).to_contain_text("after surgery")
        me.goto(live_server.url + "/summary?range=14")
        brief = me.get_by_role("region", name="At a glance")
        expect(brief).to_contain_text(re.compile(r"Last 14 days: \d+ \w+–\d+ \w+ \(14 days\)"))
        form = me.locator(".range-form")
        assert brief.bounding_box()["y"] + brief.bounding_box()["height"] <= form.bounding_box()["y"]
        assert_answers_within(me, 1.5, 844, to_patient=True)
        # The form still works from below the brief.
        form.get_by_label("Last 7 days").check()
        form.get_by_role("button", name="Show summary").tap()
        expect(me.get_by_role("region", name="At a glance")).to_contain_text("Last 7 days")
        assert me.evaluate("document.documentElement.scrollWidth") <= 390
        assert_accessible(me)
    finally:
        context.close()


def test_a_pt_looking_again_sees_what_is_new_first(browser, browser_context_args, live_server):
    path = seed_story(live_server.app)
    context = browser.new_context(**browser_context_args)
    try:
        pt = context.new_page()
        pt.set_default_timeout(10_000)
        pt.goto(live_server.url + path)
        expect(pt.get_by_text("Since your last look")).to_have_count(0)
        # A week later (the look moved back a week): the wound sign and the
        # check-ins since are new.
        db = connect(live_server.app.config["DATABASE"])
        try:
            week_ago = clock.iso(datetime.now(timezone.utc) - timedelta(days=7))
            db.execute("UPDATE share_links SET last_viewed_at = ?", [week_ago])
            db.execute("UPDATE checkins SET recorded_at = ? WHERE local_date < ?",
                       [week_ago, (datetime.now(timezone.utc) - timedelta(days=7)).date().isoformat()])
        finally:
            db.conn.close()
        pt.reload()
        since = pt.locator(".brief-since")
        expect(since.get_by_role("heading", name=re.compile("Since your last look"))).to_be_visible()
        expect(since).to_contain_text("New red flag: Wound problem")
        expect(since).to_contain_text(re.compile(r"\d+ new check-ins"))
        assert bottom_of(since, pt) <= 844
        assert_accessible(pt)
    finally:
        context.close()
