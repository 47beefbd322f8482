"""Printing the summary: what the PT takes away on paper holds every reading.

Chromium prints the page to PDF on A4 and on Letter; poppler's pdfinfo counts
the pages and pdftotext reads the text back as laid out, and the daily table
is parsed row by row: each day's row must hold, in column order, the worst /
average of every place, so a reading cut off at the paper's edge, run into
the next column or moved to the wrong row fails. 30 days with up to five
places fit on two pages; with seven places, on three.
"""

import re
import subprocess
from datetime import datetime, time, timedelta, timezone
from statistics import mean

import pytest
from playwright.sync_api import expect

from journal.accounts import store as accounts
from journal.checkins import store as checkins
from journal.checkins.form import CheckinInput, Reading
from journal.measures import store as measures_store
from journal.measures.daily import DailyMeasures
from journal.milestones import store as milestones
from journal.milestones.form import MilestoneInput
from journal.recovery import clock, locations
from journal.recovery.plan import Plan
from journal.summary.charts import short_date
from journal.web.db import connect
from tests.browser.conftest import assert_accessible
from tests.browser.test_share_qr import create_share_link
from tests.browser.test_summary_share import EMAIL, PASSWORD, TZ, sign_in

SEVEN_PLACES = (
    "hip_right", "hip_left", "groin_right", "buttock_right", "lower_back", "thigh_right",
    "knee_right",
)
TWELVE_PLACES = (*SEVEN_PLACES, "groin_left", "knee_left", "calf_right", "neck", "shoulder_left")
TIMES = (time(8, 0), time(13, 0), time(19, 30))
DAYS_WITHOUT_CHECKIN = (6, 17)


def intensity(day_index, place_index, checkin_index):
    """0-10, different for each place on a day, so a reading that slips into
    the next column or row reads wrong."""
    return (day_index * 3 + place_index * 5 + checkin_index * 4) % 11


def logged(day_index, place_index):
    # Each place has days it isn't logged, to check the "not logged" cell too.
    return (day_index + 2 * place_index) % 7 != 3


def daily_measures(day_index):
    """Every measure answered each morning: opioids the first ten days, pain
    waking at night less often as the weeks go, walking without a limp from
    day 20, sitting longer week by week."""
    return DailyMeasures(
        medicine="opioid" if day_index < 10 else "non_opioid",
        opioid_doses=2 if day_index < 10 else None,
        night_waking=("more", "once", "no")[min(day_index // 10, 2)],
        walking_without_limp=day_index >= 20,
        sitting_minutes=(0, 15, 30, 60)[min(day_index // 8, 3)],
    )


def seed_places(app, places, days=30, per_day=2, notes=False, pt_sessions=(), surgery_day=-5,
                measures=False):
    """A patient with `per_day` check-ins a day at `places` for `days` days up
    to today (two days without a check-in; a note a day with `notes`; surgery
    and PT sessions on the days given, counted from the first; with
    `measures`, every measure each morning and a hip-function rating a
    week), and what the daily table must
    say: {"7 Nov": ["8 / 7.5", "–", ...]} in the order of `places`."""
    db = connect(app.config["DATABASE"])
    expected = {}
    try:
        now = datetime.now(timezone.utc)
        today = clock.local_today(now, TZ)
        user_id = accounts.create_account(db, EMAIL, PASSWORD, "Ana", TZ, now)
        surgery = today - timedelta(days=days - 1 - surgery_day)
        accounts.save_plan(db, user_id, Plan(surgery_date=surgery), now)
        for d in pt_sessions:
            session = MilestoneInput("pt_session", today - timedelta(days=days - 1 - d))
            milestones.add_milestone(db, user_id, session, now)
        for d in range(days):
            if d in DAYS_WITHOUT_CHECKIN:
                continue
            day = today - timedelta(days=days - 1 - d)
            cells = []
            for p, code in enumerate(places):
                values = [intensity(d, p, k) for k in range(per_day)]
                cells.append(f"{max(values)} / {mean(values):.1f}" if logged(d, p) else "–")
            expected[short_date(day)] = cells
            if measures and d % 7 == 0:
                measures_store.save_rating(db, user_id, day, 30 + d * 2, now)
            for k in range(per_day):
                readings = [
                    Reading(code, intensity(d, p, k))
                    for p, code in enumerate(places) if logged(d, p)
                ]
                note = "Walked to the shop; stiff after, eased with ice" if notes and k == 0 else ""
                checkins.create_checkin(
                    db, user_id,
                    CheckinInput(local_date=day, local_time=TIMES[k], readings=readings,
                                 context="morning" if k == 0 else None, note=note,
                                 home_exercises=d % 3 != 0,
                                 measures=daily_measures(d) if measures and k == 0 else DailyMeasures()),
                    TZ, now,
                )
    finally:
        db.conn.close()
    return expected


MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
CELL = r"\d{1,2} / \d{1,2}\.\d|–"
# A day's row as pdftotext lays it out: the day, its tags, then its cells. A
# line holds two rows when the table prints in two columns.
ROW = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}} {MONTH})(?: +(?:surgery|▲))*(?P<cells>(?: +(?:{CELL}))+)"
)


def printed_rows(text):
    """{day: [cells of each printed row for that day]} from the daily table on."""
    rows = {}
    for line in text[text.index("Daily table") :].splitlines():
        for match in ROW.finditer(line):
            rows.setdefault(match["day"], []).append(re.findall(CELL, match["cells"]))
    return rows


def print_summary(page, base, paper, pdf_tools, tmp_path, path="/summary?range=30"):
    """The page printed by Chromium: (pages, text as laid out)."""
    page.goto(base + path)
    expect(page.locator("#daily-h")).to_be_attached()
    page.emulate_media(media="print")
    pdf_path = tmp_path / f"summary-{paper}.pdf"
    pdf_path.write_bytes(page.pdf(format=paper, print_background=False))
    info = subprocess.run(
        [pdf_tools["pdfinfo"], str(pdf_path)], capture_output=True, text=True, check=True
    ).stdout
    text = subprocess.run(
        [pdf_tools["pdftotext"], "-layout", str(pdf_path), "-"],
        capture_output=True, text=True, check=True,
    ).stdout
    page.emulate_media(media="screen")
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1]), text


def assert_every_reading_in_its_row(page, text, expected, places):
    """Each day's row, in each table of places, prints the worst / average of
    every place in the order of that table's columns; a table leaves out a
    day none of its places was logged on."""
    tables = [
        # A place on the operated side is marked "◆, operated side": the name is before it.
        [re.sub(r"\s*◆.*", "", h, flags=re.S).strip()
         for h in table.locator("thead th:not(:first-child)").all_inner_texts()]
        for table in page.locator(".daily table").all()
    ]
    assert sorted(h for headers in tables for h in headers) == sorted(_labels(places))
    rows = printed_rows(text)
    assert set(rows) == set(expected), f"days missing or extra: {set(expected) ^ set(rows)}"
    for day, cells in expected.items():
        # `cells` is in seeding order; the page orders the columns.
        by_label = dict(zip(_labels(places), cells))
        want = [[by_label[h] for h in headers] for headers in tables]
        want = [row for row in want if set(row) != {"–"}]
        assert rows[day] == want, f"{day}: printed {rows[day]}, logged {want}"


def _labels(places):
    return [locations.label(code) for code in places]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("count", [4, 5])
def test_thirty_days_with_up_to_five_places_print_on_two_pages(
    page, live_server, paper, count, pdf_tools, tmp_path
):
    places = SEVEN_PLACES[:count]
    # Surgery on the first day and PT sessions: the day column at its widest.
    expected = seed_places(live_server.app, places, surgery_day=0, pt_sessions=(9, 12, 16, 19))
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/summary?range=30")
    expect(page.get_by_role("img", name=re.compile("^Right hip: daily worst"))).to_be_visible()
    page.emulate_media(media="print")

    # What prints: the report in black, without the range form or the site header.
    assert page.locator(".range-form").is_hidden()
    assert page.locator("header.site").is_hidden()
    expect(page.get_by_role("heading", name="Daily table")).to_be_visible()
    stroke = page.locator(".chart .line-0").first.evaluate("e => getComputedStyle(e).stroke")
    assert stroke == "rgb(0, 0, 0)"

    pages, text = print_summary(page, live_server.url, paper, pdf_tools, tmp_path)
    assert 1 <= pages <= 2, f"{pages} pages on {paper}"
    assert_every_reading_in_its_row(page, text, expected, places)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_thirty_days_with_every_measure_print_on_two_pages(page, live_server, paper, pdf_tools, tmp_path):
    """Every measure answered every day: five places over 30 days still print
    on two pages, with the brief's "Function and daily life" on the first."""
    places = SEVEN_PLACES[:5]
    expected = seed_places(live_server.app, places, surgery_day=0, pt_sessions=(9, 12, 16, 19),
                           measures=True)
    sign_in(page, live_server.url)
    pages, text = print_summary(page, live_server.url, paper, pdf_tools, tmp_path)
    assert 1 <= pages <= 2, f"{pages} pages on {paper}"
    assert_every_reading_in_its_row(page, text, expected, places)
    first = subprocess.run(
        [pdf_tools["pdftotext"], "-f", "1", "-l", "1", str(tmp_path / f"summary-{paper}.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout
    first = re.sub(r"\s+", " ", first)
    assert "Function and daily life" in first
    assert re.search(r"Hip function \(SANE\): 8\d% of normal on \d+ \w+ \(\+\d+ points from 30%", first)
    assert re.search(r"Last opioid day: day 9, \d+ \w+ \(opioids on 9 of 28 days answered\)", first)
    assert re.search(r"Walking: you have walked without a limp since day 20", first)
    assert re.search(r"Sleep: pain woke you 0 of 2 nights in week 5 \(0 of 7 in week 4\)", first)
    assert re.search(r"Sitting: you could sit comfortably an hour or more on", first)
    # On paper the brief stands for the measures' own section, as it does for the milestones.
    assert "Beyond pain" not in text


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_seven_places_print_every_reading_in_its_row_on_three_pages(
    page, live_server, paper, pdf_tools, tmp_path
):
    expected = seed_places(live_server.app, SEVEN_PLACES)
    sign_in(page, live_server.url)
    pages, text = print_summary(page, live_server.url, paper, pdf_tools, tmp_path)
    assert pages <= 3, f"{pages} pages on {paper}"
    assert_every_reading_in_its_row(page, text, expected, SEVEN_PLACES)
    # Every column's name prints whole ("Lef" was all of "Left hip" once).
    for label in _labels(SEVEN_PLACES):
        assert re.search(rf"\b{label.split()[0]}\b", text[text.index("Daily table"):]), label


def test_share_page_prints_seven_places_like_the_summary(page, live_server, pdf_tools, tmp_path):
    """The PT's own copy: the share page prints the same report."""
    expected = seed_places(live_server.app, SEVEN_PLACES)
    url = create_share_link(page, live_server.url)
    pages, text = print_summary(page, url, "A4", pdf_tools, tmp_path, path="")
    assert "Ana’s recovery summary" in text
    assert pages <= 3, f"{pages} pages"
    assert_every_reading_in_its_row(page, text, expected, SEVEN_PLACES)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_heavy_month_prints_on_three_pages(page, live_server, paper, pdf_tools, tmp_path):
    """Three check-ins a day at seven places, and a note every day."""
    expected = seed_places(live_server.app, SEVEN_PLACES, per_day=3, notes=True)
    sign_in(page, live_server.url)
    pages, text = print_summary(page, live_server.url, paper, pdf_tools, tmp_path)
    assert pages <= 3, f"{pages} pages on {paper}"
    assert_every_reading_in_its_row(page, text, expected, SEVEN_PLACES)


def test_twelve_places_print_in_tables_of_eight_without_losing_a_reading(
    page, live_server, pdf_tools, tmp_path
):
    expected = seed_places(live_server.app, TWELVE_PLACES)
    sign_in(page, live_server.url)
    pages, text = print_summary(page, live_server.url, "Letter", pdf_tools, tmp_path)
    assert page.locator(".daily table").count() == 2
    assert_every_reading_in_its_row(page, text, expected, TWELVE_PLACES)
    assert pages <= 4, f"{pages} pages"


@pytest.mark.parametrize("places", [SEVEN_PLACES, TWELVE_PLACES], ids=["7", "12"])
def test_many_places_on_a_phone_scroll_only_inside_the_tables(page, live_server, places):
    seed_places(live_server.app, places)
    sign_in(page, live_server.url)
    for width in (320, 390, 430):
        page.set_viewport_size({"width": width, "height": 800})
        for path in ("/summary?range=30", "/summary?range=surgery"):
            page.goto(live_server.url + path)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"{path} is {scroll}px wide at {width}"
    page.goto(live_server.url + "/summary?range=30")
    assert_accessible(page)


WEEK_CELL = r"\d{1,2} / \d{1,2}\.\d \d days?|–"
WEEK_ROW = re.compile(
    rf"(?P<week>\d{{1,2}} {MONTH}–\d{{1,2}} {MONTH})(?: +\d PT sessions?)?"
    rf"(?P<cells>(?: +(?:{WEEK_CELL}))+)"
)


def test_weekly_table_of_twelve_places_prints_every_week_whole(
    page, live_server, pdf_tools, tmp_path
):
    """Over eight weeks the table has a row a week, and wider cells ("8 / 6.2
    7 days"): each week's row prints every place's cell, whole, as the page
    shows it, PT sessions and all."""
    seed_places(live_server.app, TWELVE_PLACES, days=70, pt_sessions=(40, 42, 47))
    sign_in(page, live_server.url)
    pages, text = print_summary(
        page, live_server.url, "Letter", pdf_tools, tmp_path, "/summary?range=surgery"
    )
    expect(page.get_by_role("heading", name="Weekly table")).to_be_visible()
    shown = {}
    for table in page.locator(".daily table").all():
        for row in table.locator("tbody tr").all():
            week = row.locator("th").inner_text().split("\n")[0].split(" ")
            week = " ".join(week[:3])
            cells = [c.strip().replace("\n", " ") for c in row.locator("td").all_inner_texts()]
            shown.setdefault(week, []).extend("–" if "not logged" in c else c for c in cells)
    assert page.locator(".daily table").count() == 2
    printed = {}
    for line in text[text.index("Weekly table"):].splitlines():
        for match in WEEK_ROW.finditer(line):
            printed.setdefault(match["week"], []).extend(re.findall(WEEK_CELL, match["cells"]))
    assert printed == shown
    assert any("PT session" in line for line in text.splitlines() if "–" in line)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_brief_prints_on_page_one(page, live_server, paper, pdf_tools, tmp_path):
    """The PT's copy of a share page: the five answers on the first sheet, in black."""
    from tests.browser.test_brief import seed_story

    path = seed_story(live_server.app)
    pages, _ = print_summary(page, live_server.url, paper, pdf_tools, tmp_path, path=path)
    assert pages <= 2, f"{pages} pages on {paper}"
    first = subprocess.run(
        [pdf_tools["pdftotext"], "-f", "1", "-l", "1", str(tmp_path / f"summary-{paper}.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout
    first = re.sub(r"\s+", " ", first)
    assert "At a glance" in first
    assert re.search(r"Lower back.*↑ worse \(2 → 6\).*Right hip operated side.*↓ better \(8 → 3\)", first)
    assert "Maria’s lower back pain is rising (2 → 6) while right hip pain is falling (8 → 3)" in first
    # Read back column by column, the brief's two columns interleave by line.
    assert "Wound problem · " in first and "advised to contact the" in first
    assert "Off crutches: day 9, sooner than planned (day 14)" in first
    assert "PT sessions: 1 of about" in first and "Check-ins on 14 of the 14 days" in first
    page.emulate_media(media="print")
    worse = page.locator(".brief .verdict-worse").first.evaluate("e => getComputedStyle(e).color")
    assert worse == "rgb(0, 0, 0)"
