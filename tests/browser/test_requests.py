"""What Chromium fetches loading a page, against what the benchmark counts
(`tests.benchmark.measure.fetched_on_load`, judged by `report.MAX_REQUESTS`):
the count in the benchmark's table is what a phone really fetches."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.benchmark.measure import fetched_on_load
from tests.benchmark.report import MAX_REQUESTS, MORE_REQUESTS
from tests.browser.test_journey import register_and_plan


@pytest.mark.parametrize("path, heading", [("/", "Log pain"), ("/checkins/new", "Where does it hurt?")])
def test_a_first_load_fetches_what_the_benchmark_counts(browser, browser_context_args, page, live_server,
                                                         path, heading):
    base = live_server.url
    register_and_plan(page, base)
    # A phone opening the page for the first time: signed in, nothing cached,
    # no service worker yet.
    context = browser.new_context(**browser_context_args, storage_state=page.context.storage_state())
    fetched = []
    context.on("request", lambda request: fetched.append(request))
    fresh = context.new_page()
    response = fresh.goto(base + path)
    name = "Check-in form" if path == "/checkins/new" else "Today"
    if path == "/checkins/new":
        expect(fresh.locator(".body-map.drawn")).to_be_visible()  # its drawing fetched
    else:
        expect(fresh.get_by_role("link", name=heading)).to_be_visible()
    fresh.wait_for_load_state("networkidle")
    # The page's own fetches. The service worker's (its script, then the app
    # shell it keeps) are a one-time install in the background after the load,
    # and spare every later load its stylesheet and script.
    seen = [urlsplit(r.url).path for r in fetched if r.service_worker is None]
    counted = [urlsplit(ref).path for ref in fetched_on_load(response.text())]
    # Chrome on a phone fetches the manifest on load to offer installing;
    # headless Chromium leaves it to the worker. The benchmark counts it.
    assert "/manifest.webmanifest" in counted
    assert sorted(p for p in seen if p != "/manifest.webmanifest") == sorted(
        p for p in [path, *counted] if p != "/manifest.webmanifest")
    # iOS fetches the apple-touch-icon only on "Add to Home Screen".
    assert not any("apple-touch-icon" in p for p in seen + counted)
    assert len([path, *counted]) <= MAX_REQUESTS + MORE_REQUESTS.get(name, 0), counted
    context.close()
