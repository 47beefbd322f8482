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
    row = re.search(r'Right hip <span class="sub">3 days</span></th>(.*?)</tr>', page, re.S)
    cells = re.findall(r"<td>(.*?)</td>", row.group(1), re.S)
    assert cells[:3] == ["4.3", "6", '3 <span class="sub">on 15 Mar</span>']
    # Hip and back: both >= 4 on the 12th and the 14th.
    assert "both 4 or more on 2 of the 2 days both were logged" in page
    assert page.count('<svg class="chart"') == 3  # right hip, lower back, together
    assert 'aria-labelledby="chart-hip_right-title chart-hip_right-desc"' in page
    assert "Stiff after the drive" in page
    assert "Days without a check-in: <strong>4</strong>" in page
    assert "Home exercises ticked on <strong>1 of 7 days</strong> (14%)" in page
    assert re.search(r"<th scope=\"row\">After PT</th><td>1</td><td>4.0</td>", page)
    assert "Milestones vs plan" in page
    assert "No safety or trend prompts fired in this range." in page


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
    assert "Right hip <span class=\"sub\">2 days</span>" in page


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
