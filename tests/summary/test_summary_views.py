"""The summary page: range choice, bad input, what it shows, and its cost."""

import re
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal import create_app
from tests.conftest import AuthActions


def three_days(auth):
    """Hip and back on 14 and 15 March, a gap on the 13th, a note, a session."""
    auth.checkin(**{"date": "2026-03-12", "time": "08:00", "location": ["hip_right", "lower_back"],
                    "intensity-hip_right": "6", "intensity-lower_back": "5",
                    "context": "morning", "home_exercises": "yes"})
    auth.checkin(**{"date": "2026-03-14", "time": "19:00", "location": ["hip_right", "lower_back"],
                    "intensity-hip_right": "4", "intensity-lower_back": "4",
                    "context": "after_pt", "note": "Stiff after the drive"})
    auth.checkin(**{"date": "2026-03-15", "time": "08:00", "location": ["hip_right"],
                    "intensity-hip_right": "3"})


def test_summary_needs_a_signed_in_patient(client):
    response = client.get("/summary")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_summary_before_a_plan_goes_to_the_plan(auth, client):
    auth.register()
    response = client.get("/summary")
    assert response.status_code == 302
    assert response.headers["Location"] == "/plan"


def test_summary_shows_figures_charts_table_and_notes(auth, client):
    auth.patient()
    three_days(auth)
    response = client.get("/summary?range=7")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Tue 10 Mar 2026 to Mon 16 Mar 2026 (7 days)" in page
    assert "check-ins on 3 of them" in page
    # Per place: right hip 6, 4, 3 -> average 4.3, worst 6, latest 3.
    row = re.search(
        r'Right hip <span class="tag">operated side</span> <span class="sub">3 days</span></th>(.*?)</tr>',
        page, re.S)
    cells = re.findall(r"<td>(.*?)</td>", row.group(1), re.S)
    assert cells[:3] == ["4.3", "6", '3 <span class="sub">on 15 Mar</span>']
    # Hip and back: both >= 4 on the 12th and the 14th.
    assert "both 4 or more on 2 of the 2 days both were logged" in page
    assert page.count('<svg class="chart"') == 3  # right hip, lower back, together
    assert 'aria-labelledby="chart-hip_right-title chart-hip_right-desc"' in page
    assert "Stiff after the drive" in page
    assert "Days without a check-in: <strong>4</strong>" in page
    # 1 of the 3 days with a check-in; the 4 days without one are unknown, not "not done".
    assert "Home exercises ticked on <strong>1 of 3 days logged</strong> (33%), of 7 days" in page
    assert re.search(r"<th scope=\"row\">After PT</th><td>1</td><td>4.0</td>", page)
    assert "Milestones vs plan" in page
    assert "Red flags: none in this range." in page


def test_summary_pages_have_no_inline_styles_or_scripts(auth, client):
    auth.patient()
    three_days(auth)
    page = client.get("/summary?range=surgery").get_data(as_text=True)
    assert "style=" not in page
    assert re.search(r"<script(?![^>]*\bsrc=)", page) is None


def test_since_surgery_starts_on_surgery_day(auth, client):
    auth.patient()
    page = client.get("/summary?range=surgery").get_data(as_text=True)
    assert "Mon 9 Mar 2026 to Mon 16 Mar 2026 (8 days)" in page


def test_custom_dates_show_that_range(auth, client):
    auth.patient()
    three_days(auth)
    response = client.get("/summary?range=custom&start=2026-03-14&end=2026-03-15")
    page = response.get_data(as_text=True)
    assert "Sat 14 Mar 2026 to Sun 15 Mar 2026 (2 days)" in page
    assert 'Right hip <span class="tag">operated side</span> <span class="sub">2 days</span>' in page


def test_a_long_range_has_a_weekly_table_and_points_to_the_csv_for_each_day(auth, client):
    auth.patient()
    three_days(auth)
    page = client.get("/summary?range=custom&start=2026-01-01&end=2026-03-15").get_data(as_text=True)
    assert "Weekly table" in page and "Daily table" not in page
    assert 'href="/account/export.csv"' in page
    # Week of 12-18 Mar (from 1 Jan): right hip 6, 4, 3; lower back 5, 4.
    row = re.search(r'<th scope="row">12 Mar–15 Mar</th>(.*?)</tr>', page, re.S)
    cells = re.findall(r"<td>(.*?)</td>", row.group(1), re.S)
    assert cells == ['6 / 4.3 <span class="sub">3 days</span>',
                     '5 / 4.5 <span class="sub">2 days</span>']
    short = client.get("/summary?range=custom&start=2026-01-20&end=2026-03-15")
    assert "Daily table" in short.get_data(as_text=True)


@pytest.mark.parametrize(
    "query, field, message",
    [
        ("range=custom&start=14-03-2026&end=2026-03-15", "start", "year-month-day"),
        ("range=custom&start=2026-03-01&end=", "end", "year-month-day"),
        ("range=custom&start=2026-03-15&end=2026-03-01", "end", "before the first day"),
        ("range=custom&start=2024-01-01&end=2026-03-15", "end", "two years or less"),
        ("range=custom&start=2026-03-01&end=2026-04-01", "end", "in the future"),
        ("range=custom&start=0001-01-01&end=0001-01-03", "end", "more than 10 years ago"),
        ("range=9999", "range", "Choose one of the listed ranges"),
    ],
)
def test_bad_ranges_get_a_clear_message_beside_the_field(auth, client, query, field, message):
    auth.patient()
    response = client.get(f"/summary?{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert re.search(rf'<p class="error" id="{field}-error">[^<]*{message}', page)
    assert "Pain by place" not in page
    if field != "range":
        assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', page, re.S)


def test_summary_shows_only_the_signed_in_patients_journal(app, auth, client):
    auth.patient()
    auth.checkin(**{"location": ["knee_left"], "intensity-knee_left": "9", "note": "Ana's note"})
    auth.logout()
    auth.patient(email="bo@example.com")
    page = client.get("/summary").get_data(as_text=True)
    assert "Left knee" not in page
    assert "Ana's note" not in page
    assert "Nothing was logged in this range." in page


def query_count(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return int(response.headers["X-Query-Count"])


def test_summary_costs_the_same_queries_for_a_week_or_two_years(tmp_path, clock):
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "q.db"), "SECRET_KEY": "t",
                      "CLOCK": clock, "COUNT_QUERIES": True})
    client = app.test_client()
    auth = AuthActions(client)
    auth.patient(surgery_date="2025-03-20")
    week = query_count(client, "/summary?range=7")
    for offset in range(0, 60, 3):
        day = date(2026, 3, 16) - timedelta(days=offset * 6)
        auth.checkin(**{"date": day.isoformat(), "time": "08:00", "note": "x"})
    assert query_count(client, "/summary?range=7") == week
    assert query_count(client, "/summary?range=custom&start=2024-03-17&end=2026-03-16") == week


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    choice=st.sampled_from(["7", "surgery", "custom", ""]) | st.text(max_size=12),
    start=st.dates().map(date.isoformat) | st.text(max_size=12),
    end=st.dates().map(date.isoformat) | st.text(max_size=12),
)
def test_any_range_input_gets_a_page_or_a_clear_400_never_a_500(auth, client, choice, start, end):
    if not client.get_cookie("session"):
        auth.patient()
    response = client.get("/summary", query_string={"range": choice, "start": start, "end": end})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert 'class="error"' in response.get_data(as_text=True)


# --- ranges start at surgery ---------------------------------------------------------


def test_last_30_days_on_day_7_run_from_surgery_and_miss_no_day_before_it(auth, client):
    """Surgery 9 March, today 16 March: 23 of the 30 days were before surgery."""
    auth.patient()
    three_days(auth)
    page = client.get("/summary?range=30").get_data(as_text=True)
    assert ("<strong>Last 30 days</strong>: from surgery on Mon 9 Mar 2026 to Mon 16 Mar 2026 "
            "(8 days)") in page
    # 9, 10, 11, 13 and 16 March; nothing from February.
    assert "Days without a check-in: <strong>5</strong>" in page
    assert "Feb" not in page
    assert "This range starts at surgery: there is nothing earlier to compare with." in page
    assert "nothing earlier to compare</strong>" in page


def test_a_check_in_before_surgery_starts_the_range_there_but_misses_count_from_surgery(auth, client):
    auth.patient()
    three_days(auth)
    auth.checkin(**{"date": "2026-03-05", "time": "08:00", "intensity-hip_right": "9"})
    page = client.get("/summary?range=30").get_data(as_text=True)
    assert ("<strong>Last 30 days</strong>: from the first check-in on Thu 5 Mar 2026 to "
            "Mon 16 Mar 2026 (12 days)") in page
    assert "Days without a check-in since surgery: <strong>5</strong>" in page


def test_custom_dates_keep_their_days_but_misses_count_from_surgery(auth, client):
    auth.patient()
    three_days(auth)
    page = client.get("/summary?range=custom&start=2026-03-01&end=2026-03-16").get_data(as_text=True)
    assert "<strong>Custom dates</strong>: Sun 1 Mar 2026 to Mon 16 Mar 2026 (16 days)" in page
    assert "Days without a check-in since surgery: <strong>5</strong>" in page


def test_the_previous_period_never_reaches_before_surgery(auth, client):
    """The 7 days before 10-16 March begin on 3 March; pain logged before the
    operation (9 on 5 March) is no baseline for pain after it."""
    auth.patient()
    three_days(auth)
    auth.checkin(**{"date": "2026-03-05", "time": "08:00", "intensity-hip_right": "9"})
    auth.checkin(**{"date": "2026-03-09", "time": "20:00", "intensity-hip_right": "7"})
    page = client.get("/summary?range=7").get_data(as_text=True)
    assert "vs previous 1 day</th>" in page
    assert "The previous period starts at surgery (9 Mar)" in page
    assert "(7.0 → 4.3)" in page and "9.0" not in page


def test_summary_and_share_pages_keep_their_query_counts(tmp_path, clock):
    """The benchmark's budget: 8 queries for the summary, 10 for a share page,
    whatever the range and however it was fitted to the recovery (one each
    for the measures beyond pain, journal/summary/measures.py)."""
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "q.db"), "SECRET_KEY": "t",
                      "CLOCK": clock, "COUNT_QUERIES": True})
    client = app.test_client()
    auth = AuthActions(client)
    auth.patient()
    three_days(auth)
    for path in ("/summary?range=30", "/summary?range=7", "/summary?range=surgery",
                 "/summary?range=custom&start=2026-03-01&end=2026-03-16"):
        assert query_count(client, path) == 8, path
    for fields in ({"range_kind": "last_days", "last_days": "30"},
                   {"range_kind": "fixed", "range_start": "2026-03-01", "range_end": "2026-03-15"}):
        created = auth.post("/share", {"label": "PT", "expires_days": "30", **fields},
                            token_from="/share").get_data(as_text=True)
        url = re.search(r'id="share-url" value="([^"]+)"', created).group(1)
        assert query_count(client, url.removeprefix("http://localhost")) == 10, fields


def daily_tables(page):
    """Each daily table's body, whitespace between tags dropped."""
    daily = page[page.index('id="daily-h"'):]
    return [re.sub(r">\s+<", "><", body).strip()
            for body in re.findall(r"<tbody>(.*?)</tbody>", daily, re.S)]


def test_daily_table_tags_surgery_and_sessions_and_writes_each_place(auth, client):
    auth.patient()
    for intensity, time in (("7", "08:00"), ("4", "12:00"), ("3", "16:00"), ("3", "20:00")):
        auth.checkin(date="2026-03-09", time=time, **{"intensity-hip_right": intensity})
    auth.checkin(**{"date": "2026-03-11", "time": "09:00", "location": ["lower_back"],
                    "intensity-lower_back": "0"})
    auth.post("/milestones", {"kind": "pt_session", "date": "2026-03-11", "title": ""},
              token_from="/timeline")
    page = client.get("/summary?range=surgery").get_data(as_text=True)
    not_logged = '<td><span class="visually-hidden">not logged</span><span aria-hidden="true">–</span></td>'
    # 7, 4, 3, 3: worst 7, average 4.25, written to one decimal.
    assert daily_tables(page) == [
        '<tr><th scope="row">9 Mar <span class="tag">surgery</span></th>'
        "<td>7 / 4.2</td>" + not_logged + "</tr>"
        '<tr><th scope="row">11 Mar <span aria-hidden="true">▲</span>'
        '<span class="visually-hidden">PT session</span></th>'
        + not_logged + "<td>0 / 0.0</td></tr>"
    ]


def test_daily_tables_of_many_places_leave_out_days_without_their_places(auth, client):
    auth.patient()
    nine = ["hip_right", "hip_left", "groin_right", "groin_left", "buttock_right",
            "buttock_left", "lower_back", "thigh_right", "thigh_left"]
    auth.checkin(date="2026-03-12", time="08:00", location=nine,
                 **{f"intensity-{code}": "2" for code in nine})
    auth.checkin(date="2026-03-13", time="08:00")  # the right hip alone: 5
    page = client.get("/summary?range=7").get_data(as_text=True)
    first, second = daily_tables(page)
    assert first.count("<tr>") == 2 and "<td>5 / 5.0</td>" in first
    # The second table holds the ninth place only: the 13th has no row there.
    assert second == '<tr><th scope="row">12 Mar</th><td>2 / 2.0</td></tr>'
