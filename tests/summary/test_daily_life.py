"""The brief's "Function and daily life" lines: from the measures' figures,
only the measures with answers, in the reader's voice."""

import re
from datetime import date
from html import unescape

from journal.recovery.plan import Plan
from journal.summary import daily_life, measures as summary_measures
from journal.summary.brief import Voice
from journal.summary.date_ranges import DateRange

PLAN = Plan(procedure="Hip arthroscopy", side="right", surgery_date=date(2026, 3, 9))
RANGE = DateRange(date(2026, 3, 1), date(2026, 3, 31))
PT = Voice("Maria")
PATIENT = Voice()


def row(day, medicine=None, night=None, walking=None, sitting=None, time="08:00"):
    return {"local_date": day, "local_time": time, "medicine": medicine, "opioid_doses": None,
            "night_waking": night, "walking_without_limp": walking, "sitting_minutes": sitting}


def figures(rows, ratings=()):
    return summary_measures.figures(list(rows), list(ratings), PLAN, RANGE)


def said(m, voice):
    return {line.label: line.text for line in daily_life.lines(m, voice)}


A_FORTNIGHT = [
    row("2026-03-10", "opioid", "more", 0, 0),
    row("2026-03-11", "opioid", "once", 0),
    row("2026-03-12", "non_opioid", "no", 1),
    row("2026-03-16", "none", "no", 0),
    row("2026-03-17", None, "once", 1, 30),
    row("2026-03-18", None, "no", 1),
]
RATINGS = [{"local_date": "2026-03-10", "score": 20}, {"local_date": "2026-03-17", "score": 45}]


def test_every_measure_with_answers_has_its_line_in_a_pts_words():
    lines = daily_life.lines(figures(A_FORTNIGHT, RATINGS), PT)
    # The order a PT asks in: function, medicine, sleep, walking, sitting.
    assert [line.label for line in lines] == [
        "Hip function (SANE)", "Last opioid day", "Sleep", "Walking", "Sitting",
    ]
    text = said(figures(A_FORTNIGHT, RATINGS), PT)
    # Function now and its change, in points (SANE has no better/worse rule).
    assert text["Hip function (SANE)"] == "45% of normal on 17 Mar (+25 points from 20% on 10 Mar)"
    assert text["Last opioid day"] == "day 2, 11 Mar (opioids on 2 of 4 days answered)"
    # Nights woken per week: the latest week, and the one before to compare.
    assert text["Sleep"] == "pain woke Maria 1 of 3 nights in week 2 (2 of 3 in week 1)"
    # The latest run of "yes": the "not yet" on the 16th restarts it.
    assert text["Walking"] == "Maria has walked without a limp since day 8, 17 Mar"
    assert text["Sitting"] == "Maria could sit comfortably 30–60 min on 17 Mar"


def test_the_patient_reads_the_same_lines_about_themself():
    text = said(figures(A_FORTNIGHT, RATINGS), PATIENT)
    assert text["Sleep"].startswith("pain woke you 1 of 3 nights")
    assert text["Walking"] == "you have walked without a limp since day 8, 17 Mar"
    assert text["Sitting"].startswith("you could sit comfortably")
    assert not any("Maria" in line for line in text.values())


def test_only_the_measures_with_answers_are_said():
    # A single rating and a "not yet": no change, no medicine, no sleep, no sitting.
    m = figures([row("2026-03-12", walking=1), row("2026-03-13", walking=0)],
                [{"local_date": "2026-03-12", "score": 30}])
    assert said(m, PT) == {
        "Hip function (SANE)": "30% of normal on 12 Mar",
        "Walking": "Maria was not yet walking without a limp on 13 Mar",
    }
    # Medicine answered but never an opioid: said as none, not left out.
    assert said(figures([row("2026-03-12", "non_opioid"), row("2026-03-13", "none")]), PT) == {
        "Opioids": "none on the 2 days answered",
    }
    assert daily_life.lines(figures([]), PT) == []
    assert daily_life.lines(None, PT) == []


def text(response):
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def brief_of(page):
    """The brief's text, up to the report's first table ("Right hip : 5" read as "Right hip: 5")."""
    page = re.sub(r" ([:;,])", r"\1", page)
    return page[page.index("At a glance"):page.index("Pain by place") if "Pain by place" in page else None]


def test_the_summary_and_share_page_briefs_show_function_and_daily_life(app, auth, client):
    auth.patient()
    auth.checkin(date="2026-03-10", time="09:00", medicine="opioid", night_waking="more")
    auth.checkin(date="2026-03-14", time="09:00", medicine="non_opioid", night_waking="no",
                 walking_without_limp="yes", sitting_minutes="15")
    auth.post("/measures/hip-function", {"score": "40"}, token_from="/")
    mine = brief_of(text(client.get("/summary?range=14")))
    assert "Function and daily life" in mine
    assert "Hip function (SANE): 40% of normal on 16 Mar" in mine
    assert "Last opioid day: day 1, 10 Mar (opioids on 1 of 2 days answered)" in mine
    assert "Sleep: pain woke you 1 of 2 nights in week 1" in mine
    assert "Walking: you have walked without a limp since day 5, 14 Mar" in mine
    assert "Sitting: you could sit comfortably 15–30 min on 14 Mar" in mine

    created = auth.post("/share", {"label": "Hip PT", "range_kind": "last_days", "last_days": "14",
                                   "expires_days": "30"}, token_from="/share")
    token = re.search(r"/s/([A-Za-z0-9_\-]+)", created.get_data(as_text=True)).group(1)
    shared = brief_of(text(app.test_client().get(f"/s/{token}")))
    name = re.search(r"(\w+)’s recovery summary", text(app.test_client().get(f"/s/{token}"))).group(1)
    assert f"Walking: {name} has walked without a limp since day 5, 14 Mar" in shared
    assert f"Sleep: pain woke {name} 1 of 2 nights" in shared
    assert " you " not in shared.split("Function and daily life")[1].split("Data")[0]


def test_a_brief_without_measures_has_no_daily_life_block(auth, client):
    auth.patient()
    auth.checkin()
    assert "Function and daily life" not in text(client.get("/summary"))
