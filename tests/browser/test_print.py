"""Printing the summary: a 30-day journal with three places fits on two pages
of A4 or Letter, in black and white, without the controls."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_summary_share import seed_journal, sign_in


def page_count(pdf):
    # Each page is a `/Type /Page` object; the page tree is `/Type /Pages`.
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_thirty_days_with_three_places_prints_on_two_pages(page, live_server, paper):
    seed_journal(live_server.app, days=30)
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/summary?range=30")
    expect(page.get_by_role("img", name=re.compile("^Lower back: daily worst"))).to_be_visible()
    page.emulate_media(media="print")

    # What prints: the report in black, without the range form or the site header.
    assert page.locator(".range-form").is_hidden()
    assert page.locator("header.site").is_hidden()
    expect(page.get_by_role("heading", name="Daily table")).to_be_visible()
    stroke = page.locator(".chart .line-0").first.evaluate("e => getComputedStyle(e).stroke")
    assert stroke == "rgb(0, 0, 0)"

    pdf = page.pdf(format=paper, print_background=False)
    assert pdf.startswith(b"%PDF")
    assert 1 <= page_count(pdf) <= 2, f"{page_count(pdf)} pages on {paper}"


def test_page_counter_counts_pages_not_the_page_tree(page):
    page.set_content(
        "<p style='break-after: page'>one</p><p style='break-after: page'>two</p><p>three</p>"
    )
    assert page_count(page.pdf(format="A4")) == 3
