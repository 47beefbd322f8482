"""The summary's measures: pure figures, and where the summary and a share page show them."""

import re
from datetime import date
from html import unescape

from journal.recovery.plan import Plan
from journal.summary import measures as summary_measures
from journal.summary.date_ranges import DateRange

PLAN = Plan(procedure="Hip arthroscopy", side="right", surgery_date=date(2026, 3, 9))
RANGE = DateRange(date(2026, 3, 1), date(2026, 3, 31))


def row(day, medicine=None, night=None, walking=None, sitting=None, time="08:00"):
    return {"local_date": day, "local_time": time, "medicine": medicine, "opioid_doses": None,
            "night_waking": night, "walking_without_limp": walking, "sitting_minutes": sitting}


def test_figures_give_function_now_and_its_change_and_the_last_opioid_day():
    rows = [
        row("2026-03-10", "opioid", "more", 0, 0),
        row("2026-03-11", "opioid", "once", 0),
        row("2026-03-11", "non_opioid", time="20:00"),  # an opioid day all the same
        row("2026-03-12", "non_opioid", "no", 1),
        row("2026-03-16", "none", "no", 0),
        row("2026-03-17", None, "once", 1, 30),
        row("2026-03-18", None, None, 1),
    ]
    ratings = [{"local_date": "2026-03-10", "score": 20}, {"local_date": "2026-03-17", "score": 45}]
    m = summary_measures.figures(rows, ratings, PLAN, RANGE)
    assert (m.sane_now, m.sane_first, m.sane_change) == (45, 20, 25)
    assert (m.last_opioid_day, m.last_opioid_day_number, m.opioid_days) == (date(2026, 3, 11), 2, 2)
    # The latest run of "yes": a "not yet" on the 16th restarts it.
    assert (m.walking_since, m.walking_since_day_number) == (date(2026, 3, 17), 8)
    assert m.still_limping_on is None
    assert (m.sitting_latest, m.sitting_latest_on) == ("30–60 min", date(2026, 3, 17))
    assert [(w.week, w.sane, w.opioid_days, w.medicine_days, w.nights_woken, w.nights_answered)
            for w in m.weeks] == [(1, 20, 2, 3, 2, 3), (2, 45, 0, 1, 1, 2)]


def test_one_rating_has_no_change_and_a_last_not_yet_means_still_limping():
    m = summary_measures.figures([row("2026-03-12", walking=1), row("2026-03-13", walking=0)],
                                 [{"local_date": "2026-03-12", "score": 30}], PLAN, RANGE)
    assert m.sane_change is None and m.walking_since is None
    assert m.still_limping_on == date(2026, 3, 13)
    assert m.last_opioid_day is None


def test_no_answers_make_no_figures():
    assert summary_measures.figures([], [], PLAN, RANGE).is_empty


def text(response):
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def test_the_summary_shows_the_measures_and_the_weekly_table(auth, client):
    auth.patient()
    auth.checkin(date="2026-03-10", time="09:00", medicine="opioid", night_waking="more")
    auth.checkin(date="2026-03-14", time="09:00", medicine="non_opioid", night_waking="no",
                 walking_without_limp="yes", sitting_minutes="15")
    auth.post("/measures/hip-function", {"score": "40"}, token_from="/")
    page = text(client.get("/summary"))
    assert "Beyond pain" in page
    assert "Hip function (SANE, % of normal): 40% on 16 Mar." in page
    assert "Last opioid day: 10 Mar (day 1); 1 day with opioids in this range." in page
    assert "Walking without a limp since 14 Mar (day 5)." in page
    assert "Week 1 9 Mar – 1 of 2 1 of 2" in page
    assert "Week 2 16 Mar 40% – –" in page


def test_the_summary_without_answers_has_no_measures_section(auth, client):
    auth.patient()
    auth.checkin()
    assert "Beyond pain" not in text(client.get("/summary"))


def test_a_share_page_shows_only_the_measures_inside_its_range(app, auth, client, db, clock):
    auth.patient()
    auth.checkin(date="2026-03-10", time="09:00", medicine="opioid")
    auth.checkin(date="2026-03-15", time="09:00", medicine="non_opioid")
    created = auth.post("/share", {"label": "Hip PT", "range_kind": "fixed", "range_start": "2026-03-12",
                                   "range_end": "2026-03-16", "last_days": "", "expires_days": "30"}, token_from="/share")
    token = re.search(r'/s/([A-Za-z0-9_\-]+)', created.get_data(as_text=True)).group(1)
    page = text(app.test_client().get(f"/s/{token}"))
    assert "Beyond pain" in page
    assert "No opioid medicine logged in this range." in page
    assert "10 Mar" not in page


def test_a_rating_alone_doesnt_say_no_opioids_were_taken(auth, client):
    """Medicine never answered is unknown, not "none": the line needs a medicine answer."""
    auth.patient()
    auth.post("/measures/hip-function", {"score": "55"}, token_from="/")
    html = unescape(client.get("/summary?range=14").get_data(as_text=True))
    assert "55%" in html and "No opioid medicine logged" not in html
    auth.checkin(medicine="non_opioid")
    html = unescape(client.get("/summary?range=14").get_data(as_text=True))
    assert "No opioid medicine logged in this range." in html
