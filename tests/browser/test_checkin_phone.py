"""Logging on a phone (iPhone 13 profile, 390 px wide): the body map's targets,
the scale above the Save bar, the taps a check-in takes, Undo, backfill, and
the operated side."""

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_journey import register_and_plan  # surgery 9 days ago, right side

REGIONS = "svg [data-location]"


def boxes(page, selector):
    """Each matching element's box in CSS px, with its data-location and figure."""
    return page.eval_on_selector_all(
        selector,
        """els => els.map(e => {
            const r = e.getBoundingClientRect();
            return {place: e.dataset.location, figure: e.closest('g[transform]') ? 'back' : 'front',
                    x: r.x, y: r.y, w: r.width, h: r.height};
        })""",
    )


class Taps:
    """Taps as a patient makes them, counted; each target must already be on
    screen and clear of the sticky Save bar (no scrolling by the patient)."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def tap(self, locator, in_view=True):
        locator.wait_for()
        if in_view:
            box = locator.bounding_box()
            bar = self.page.locator(".save-bar")
            bottom = bar.bounding_box()["y"] if bar.count() else self.page.viewport_size["height"]
            assert box["y"] >= 0 and box["y"] + box["height"] <= bottom + 0.5, (box, bottom)
        locator.tap()
        self.count += 1


def open_form(page, base):
    register_and_plan(page, base)
    page.get_by_role("link", name="Log pain").tap()
    page.locator(REGIONS).first.wait_for()


def test_every_body_map_region_is_at_least_44_px_square_and_none_overlap(page, live_server):
    open_form(page, live_server.url)
    assert page.viewport_size["width"] == 390
    regions = boxes(page, REGIONS)
    assert len(regions) == 26
    small = [r for r in regions if r["w"] < 44 or r["h"] < 44]
    assert not small, small
    for i, a in enumerate(regions):
        for b in regions[i + 1:]:
            apart = (a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"]
                     or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"])
            assert apart, (a, b)
    assert_accessible(page)


def test_a_tapped_places_scale_shows_above_the_save_bar_and_a_list_tick_moves_nothing(
    page, live_server
):
    open_form(page, live_server.url)
    # The lowest place on the map: its row in the list starts far below the fold.
    page.locator("svg [data-location=calf_left]").first.tap()
    scale = page.get_by_role("group", name="How much does your left calf / lower leg hurt?")
    box, bar = scale.bounding_box(), page.locator(".save-bar").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= bar["y"], (box, bar)
    assert_accessible(page)

    # Ticking a place in the list keeps its row under the finger.
    row = page.locator(".location", has=page.get_by_label("Left knee"))
    row.scroll_into_view_if_needed()
    before = row.bounding_box()["y"]
    page.get_by_label("Left knee").tap()
    expect(page.get_by_role("group", name="How much does your left knee hurt?")).to_be_visible()
    assert abs(row.bounding_box()["y"] - before) < 1


def test_a_two_place_check_in_from_today_is_six_taps_without_scrolling(page, live_server):
    register_and_plan(page, live_server.url)
    taps = Taps(page)
    taps.tap(page.get_by_role("link", name="Log pain"))
    taps.tap(page.locator("svg [data-location=hip_right]"))
    taps.tap(page.get_by_role("group", name="How much does your right hip hurt?")
             .get_by_role("radio", name="6 – moderate"))
    taps.tap(page.locator("svg [data-location=lower_back]"))
    taps.tap(page.get_by_role("group", name="How much does your lower back hurt?")
             .get_by_role("radio", name="3 – mild"))
    taps.tap(page.get_by_role("button", name="Save check-in"), in_view=False)
    expect(page.get_by_text("Check-in saved.")).to_be_visible()
    todays = page.get_by_role("region", name="Today's check-ins")
    expect(todays.get_by_text("Right hip")).to_be_visible()
    expect(todays.get_by_text("Lower back")).to_be_visible()
    assert taps.count == 6


def test_undo_a_one_tap_save_and_a_second_identical_tap_asks_first(page, live_server):
    register_and_plan(page, live_server.url)
    page.get_by_role("button", name="Pain-free today").tap()
    expect(page.get_by_text("Logged: pain-free today.")).to_be_visible()
    todays = page.get_by_role("region", name="Today's check-ins")
    expect(todays.get_by_text("Pain-free")).to_have_count(1)
    assert_accessible(page)

    # The same tap again a moment later is a double tap, most likely: it asks.
    page.get_by_role("button", name="Pain-free today").tap()
    expect(page.get_by_role("heading", name="Log the same again?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="No, keep one").tap()
    expect(todays.get_by_text("Pain-free")).to_have_count(1)

    page.get_by_role("button", name="Undo").tap()
    expect(page.get_by_text("is removed.")).to_be_visible()
    expect(page.get_by_text("Nothing logged yet today.")).to_be_visible()
    expect(page.get_by_role("button", name="Undo")).to_have_count(0)


def test_a_week_of_backfill_takes_under_40_taps(page, live_server):
    register_and_plan(page, live_server.url)
    taps = Taps(page)
    taps.tap(page.get_by_role("link", name="Missed a day? Add it"), in_view=False)
    today = date.today()
    for back in range(7, 0, -1):
        day = today - timedelta(days=back)
        expect(page.get_by_role("heading", name="Where did it hurt that day?")).to_be_visible()
        # The date is set and on screen, above the map; the time is midday.
        expect(page.get_by_label("Date")).to_have_value(day.isoformat())
        expect(page.get_by_label("Date")).to_be_in_viewport()
        expect(page.get_by_label("Time")).to_have_value("12:00")
        if back == 7:
            assert_accessible(page)
        taps.tap(page.locator("svg [data-location=hip_right]"), in_view=False)
        taps.tap(page.get_by_role("radio", name="5 – moderate"), in_view=False)
        taps.tap(page.get_by_role("button", name="Save check-in"), in_view=False)
    expect(page.get_by_text("Every day from then to yesterday has a check-in.")).to_be_visible()
    assert taps.count < 40, taps.count
    days = page.locator("section.day h2")
    expect(days).to_have_count(7)
    expect(page.locator(".checkins time")).to_have_text(["12:00"] * 7)


def test_the_operated_side_comes_first_and_is_marked_on_each_figure(page, live_server):
    open_form(page, live_server.url)  # a right-hip patient
    places = page.locator(".location > label")
    expect(places.nth(0)).to_have_text("Right hip")
    expect(places.nth(1)).to_have_text("Left hip")
    expect(places.nth(2)).to_have_text("Right groin")
    expect(page.get_by_text("Your operated side, your right, is outlined.")).to_be_visible()
    # Every figure names the patient's sides, the operated one marked.
    expect(page.locator("svg .side-left")).to_have_text(["your left", "your left"])
    expect(page.locator("svg .side-right.operated")).to_have_count(2)
    operated = sorted(r["place"] for r in boxes(page, "svg rect.operated"))
    assert operated == ["buttock_right", "groin_right", "hip_right"]
    # The same side is on the same side of the screen in both figures.
    regions = boxes(page, REGIONS)
    for figure in ("front", "back"):
        centre = {r["place"]: r["x"] + r["w"] / 2 for r in regions if r["figure"] == figure}
        for region in ("shoulder", "thigh", "knee", "calf"):
            assert centre[f"{region}_left"] < centre[f"{region}_right"], (figure, region)
        assert centre["hip_left" if figure == "front" else "buttock_left"] < centre[
            "hip_right" if figure == "front" else "buttock_right"]


def test_the_list_does_not_move_when_the_body_map_arrives(browser, browser_context_args, live_server):
    """The map's room is kept from the first paint: a slow drawing (held back
    here) fills it without pushing the list down (Lighthouse's layout shift).
    The service worker is blocked so the held request can't come from its cache."""
    context = browser.new_context(**browser_context_args, service_workers="block")
    page = context.new_page()
    base = live_server.url
    register_and_plan(page, base)
    held = []
    page.route(re.compile(r"/static/body-map\.svg"), lambda route: held.append(route))
    page.goto(base + "/checkins/new")
    page.wait_for_function("document.readyState === 'complete'")
    before = page.locator(".location-list").bounding_box()["y"]
    assert held and page.locator(".body-map svg").count() == 0  # not drawn yet
    held[0].continue_()
    page.locator(".body-map.drawn svg").wait_for()
    assert page.locator(".location-list").bounding_box()["y"] == before
    context.close()


def test_the_save_bar_sticks_only_once_there_is_something_to_save(page, live_server):
    """At load it waits at the form's end, covering no place in the list
    (Lighthouse's target-size); the first choice makes it stick in reach."""
    open_form(page, live_server.url)
    height = page.viewport_size["height"]
    assert page.locator(".save-bar").bounding_box()["y"] > height  # below the fold, nothing covered
    page.locator(REGIONS + "[data-location='groin_right']").first.tap()
    bar = page.locator(".save-bar").bounding_box()
    assert bar["y"] + bar["height"] <= height + 0.5 and bar["y"] > height / 2
