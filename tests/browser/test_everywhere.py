"""Everywhere on a phone: the landing page, the navigation, dark mode, 200% text,
the share sheet and undoing a revoke, on the iPhone 13 profile."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_journey import register_and_plan

PAGES = ["/", "/checkins/new", "/history", "/timeline", "/milestones", "/summary?range=14", "/share",
         "/account", "/plan"]


def create_link(page, base, label="Hip PT — Ana"):
    page.goto(f"{base}/share")
    page.get_by_label("Who is it for?").fill(label)
    page.get_by_role("button", name="Create link").tap()
    expect(page.get_by_role("heading", name="Your share link is ready")).to_be_visible()


def with_a_journal(page, base):
    """A patient with a check-in, a milestone and a share link: pages with something on them."""
    register_and_plan(page, base)
    page.get_by_role("button", name="Same as last check-in").or_(
        page.get_by_role("button", name="Pain-free today")).last.tap()
    expect(page.locator(".flash")).to_be_visible()
    page.get_by_role("button", name="I'm down to one crutch").tap()
    expect(page.get_by_role("button", name="I'm off crutches")).to_be_visible()
    create_link(page, base)


def overflowing(page):
    """Elements whose right edge passes the screen's (a table scrolls in its own box, on purpose)."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        return [...document.querySelectorAll('body *')].filter(el => {
            if (el.closest('.table-wrap, .visually-hidden, .skip') || !el.getClientRects().length) return false;
            return el.getBoundingClientRect().right > width + 1;
        }).map(el => el.tagName + '.' + el.className + ': ' + (el.textContent || '').trim().slice(0, 40));
    }""")


def test_a_newcomer_lands_on_a_page_that_says_what_the_journal_is(page, live_server):
    base = live_server.url
    page.goto(base + "/")
    expect(page).to_have_url(base + "/welcome")
    expect(page.get_by_role("heading", level=1)).to_contain_text("hip arthroscopy")
    assert_accessible(page)
    create = page.get_by_role("link", name="Create your journal")
    sign_in = page.get_by_role("link", name="Sign in")
    # "Create" comes first, above "Sign in", and is the bigger target.
    assert create.bounding_box()["y"] <= sign_in.bounding_box()["y"]
    assert create.bounding_box()["height"] > sign_in.bounding_box()["height"]
    expect(page.get_by_role("figure")).to_have_count(2)
    expect(page.get_by_text("only you see your journal")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    create.tap()
    expect(page.get_by_role("heading", name="Create your recovery journal")).to_be_visible()


def test_navigation_is_one_row_and_marks_the_current_page(page, live_server):
    base = live_server.url
    register_and_plan(page, base)
    nav = page.get_by_role("navigation", name="Main")
    for path, current in [("/", "Today"), ("/history", "History"), ("/timeline", "Timeline"),
                          ("/summary", "Summary"), ("/share", "Share"), ("/account", "Account")]:
        page.goto(base + path)
        expect(nav.locator('[aria-current="page"]')).to_have_text(current)
        expect(nav.locator("[aria-current]")).to_have_count(1)
        # One row of 44 px targets: the header was two rows and 141 px.
        assert page.locator("header.site").bounding_box()["height"] <= 48
        for link in nav.get_by_role("link").all():
            box = link.bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44, (current, box)
    page.goto(base + "/plan")
    expect(nav.locator('[aria-current="true"]')).to_have_text("Account")
    assert_accessible(page)


@pytest.fixture
def dark_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args, color_scheme="dark")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_dark_mode_follows_the_phone_and_every_page_passes_axe(dark_page, live_server):
    page, base = dark_page, live_server.url
    page.goto(base + "/welcome")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(16, 22, 28)", background
    assert_accessible(page)
    with_a_journal(page, base)
    assert_accessible(page)  # the created link's page
    shared = page.get_by_label("Link to send your PT").input_value()
    for url in [base + path for path in PAGES] + [shared]:
        page.goto(url)
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(16, 22, 28)"
        assert_accessible(page)
    # Print stays black on white whatever the screen's scheme.
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") in (
        "rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")


def test_light_mode_is_unchanged(page, live_server):
    page.goto(live_server.url + "/welcome")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"


def test_at_200_percent_text_nothing_is_cut_off_and_nothing_scrolls_sideways(page, live_server):
    base = live_server.url
    page.goto(base + "/welcome")
    normal = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    # A person's text-size setting: the page's sizes are in rem, so doubling the root doubles them.
    double = "document.documentElement.style.fontSize = '200%'"
    page.evaluate(double)
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") == 2 * normal
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert overflowing(page) == []
    assert_accessible(page)
    with_a_journal(page, base)
    for path in PAGES:
        page.goto(base + path)
        page.evaluate(double)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
        assert overflowing(page) == [], path
        assert_accessible(page)
    # The navigation wraps rather than scrolls: every link is on the screen.
    for link in page.get_by_role("navigation", name="Main").get_by_role("link").all():
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390


def test_the_share_sheet_is_offered_beside_copy_where_the_phone_has_one(page, live_server):
    base = live_server.url
    # A stand-in for the phone's share sheet: records what it was given.
    page.add_init_script("""
        navigator.share = (data) => { window.sharedWith = data; return Promise.resolve(); };
        navigator.canShare = () => true;
    """)
    register_and_plan(page, base)
    create_link(page, base)
    share = page.get_by_role("button", name="Share…")
    expect(share).to_be_visible()
    expect(page.get_by_role("button", name="Copy link")).to_be_visible()
    assert_accessible(page)
    share.tap()
    page.wait_for_function("window.sharedWith !== undefined")
    shared = page.evaluate("window.sharedWith")
    assert shared["url"] == page.get_by_label("Link to send your PT").input_value()
    assert "/s/" in shared["url"] and shared["title"] == "Hip PT — Ana"


def test_no_share_button_where_the_browser_has_no_share_sheet(page, live_server):
    base = live_server.url
    page.add_init_script("delete Navigator.prototype.share; delete navigator.share;")
    register_and_plan(page, base)
    create_link(page, base)
    expect(page.get_by_role("button", name="Copy link")).to_be_visible()
    expect(page.get_by_role("button", name="Share…")).to_be_hidden()


def test_a_mistaken_revoke_can_be_undone_from_the_share_page(page, live_server):
    base = live_server.url
    register_and_plan(page, base)
    create_link(page, base)
    link = page.get_by_label("Link to send your PT").input_value()
    page.get_by_role("link", name="Back to your share links").tap()
    page.get_by_role("button", name="Revoke Hip PT — Ana").tap()
    expect(page.get_by_text("Undo it below within 10 minutes")).to_be_visible()
    expect(page.get_by_text("Revoked", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Undo revoke Hip PT — Ana").tap()
    expect(page.get_by_text("works again")).to_be_visible()
    expect(page.get_by_role("button", name="Revoke Hip PT — Ana")).to_be_visible()
    # The PT's link opens again.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "ask" not in page.get_by_role("heading", level=1).inner_text().lower()
