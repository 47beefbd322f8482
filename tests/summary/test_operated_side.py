"""The operated side is marked wherever the report names a place: the Pain by
place table, the daily and weekly tables (a ◆ with its words for a screen
reader and a key), the charts; and in History's check-ins."""

import re

from journal.web.template_filters import on_operated_side

PLACES = {"location": ["hip_right", "hip_left", "lower_back"], "intensity-hip_right": "6",
          "intensity-hip_left": "3", "intensity-lower_back": "2"}
HEAD_MARK = ('<span aria-hidden="true">◆</span><span class="visually-hidden">, operated side</span>')


def figures_rows(page):
    table = page[page.index('id="figures-h"'):page.index('id="trend-h"')]
    return {re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).split(" day")[0].strip()
            for row in re.findall(r'<th scope="row">(.*?)</th>', table, re.S)}


def daily_heads(page):
    daily = page[page.index('id="daily-h"'):]
    return re.findall(r'<th scope="col">(.*?)</th>', daily, re.S)


def test_on_operated_side_follows_the_plans_side():
    assert on_operated_side("hip_right", "right") and on_operated_side("knee_right", "right")
    assert not on_operated_side("hip_left", "right")
    assert on_operated_side("hip_left", "both") and on_operated_side("groin_right", "both")
    # Midline places, unknown codes and no plan: never marked.
    assert not any(on_operated_side(code, side) for code, side in
                   (("lower_back", "both"), ("other", "right"), ("jaw", "right"), ("hip_right", "")))


def test_the_report_marks_the_operated_side_in_every_table(auth, client):
    auth.patient()  # right side
    auth.checkin(date="2026-03-12", time="09:00", **PLACES)
    auth.checkin(date="2026-03-14", time="09:00", **PLACES)
    page = client.get("/summary?range=14").get_data(as_text=True)
    rows = figures_rows(page)
    assert "Right hip operated side 2" in rows
    assert {"Left hip 2", "Lower back 2"} <= rows  # the other side and the midline: unmarked
    heads = daily_heads(page)
    assert heads[0] == "Day"
    assert [re.sub(r"\s+", " ", h) for h in heads[1:]] == [
        "Left hip", "Right hip " + HEAD_MARK, "Lower back",
    ]
    # The key beside the table says what the mark means.
    assert "◆ operated side." in page[page.index('id="daily-h"'):]
    assert '<h3>Right hip <span class="tag">operated side</span>' in page


def test_the_weekly_table_marks_it_too(auth, client):
    auth.patient(surgery_date="2026-01-05")
    auth.checkin(date="2026-01-20", time="09:00", **PLACES)
    auth.checkin(date="2026-03-14", time="09:00", **PLACES)
    page = client.get("/summary?range=surgery").get_data(as_text=True)
    assert "Weekly table" in page
    heads = [re.sub(r"\s+", " ", h) for h in daily_heads(page)]
    assert heads == ["Week", "Left hip", "Right hip " + HEAD_MARK, "Lower back"]
    assert "◆ operated side." in page[page.index('id="daily-h"'):]


def test_without_a_place_on_the_operated_side_there_is_no_mark_or_key(auth, client):
    auth.patient()
    auth.checkin(**{"location": ["hip_left"], "intensity-hip_left": "4"})
    page = client.get("/summary?range=7").get_data(as_text=True)
    assert "◆" not in page and "operated side" not in page[page.index('id="figures-h"'):]


def test_the_share_page_marks_it_for_the_pt(app, auth, client):
    auth.patient()
    auth.checkin(date="2026-03-14", time="09:00", **PLACES)
    created = auth.post("/share", {"label": "PT", "range_kind": "last_days", "last_days": "14",
                                   "expires_days": "30"}, token_from="/share")
    token = re.search(r"/s/([A-Za-z0-9_\-]+)", created.get_data(as_text=True)).group(1)
    page = app.test_client().get(f"/s/{token}").get_data(as_text=True)
    assert "Right hip operated side 1" in figures_rows(page)
    assert "Right hip " + HEAD_MARK in [re.sub(r"\s+", " ", h) for h in daily_heads(page)]


def test_history_marks_the_places_on_the_operated_side(auth, client):
    auth.patient()
    auth.checkin(**PLACES)
    page = re.sub(r"\s+", " ", client.get("/history").get_data(as_text=True))
    assert "Right hip <small>(operated side)</small> <b" in page
    assert "Left hip <b" in page and "Lower back <b" in page
    assert page.count("(operated side)") == 1


def test_history_marks_both_sides_after_surgery_on_both(auth, client):
    auth.patient(side="both")
    auth.checkin(**PLACES)
    page = re.sub(r"\s+", " ", client.get("/history").get_data(as_text=True))
    assert "Right hip <small>(operated side)</small>" in page
    assert "Left hip <small>(operated side)</small>" in page
    assert "Lower back <small>" not in page
