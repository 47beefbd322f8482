"""The weekly hip-function rating (SANE): its scoring, when Today asks it,
answering, skipping, deleting, and other patients' ratings."""

from datetime import date
from html import unescape

import pytest

from journal.measures import sane
from journal.recovery.plan import Plan

PLAN = Plan(procedure="Hip arthroscopy", side="right", surgery_date=date(2026, 3, 9))


def page(response):
    return unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("raw, score", [("0", 0), ("100", 100), ("70", 70), (" 65% ", 65)])
def test_a_sane_answer_is_a_whole_percentage(raw, score):
    assert sane.parse_score(raw) == (score, None)


@pytest.mark.parametrize("raw", ["", "101", "-5", "70.5", "seventy", "1000", "٧٠"])
def test_a_sane_answer_out_of_range_or_not_a_number_is_refused(raw):
    assert sane.parse_score(raw) == (None, sane.SCORE_MESSAGE)


def test_plan_weeks_start_on_the_surgery_weekday_and_run_on_before_it():
    assert sane.week_start(PLAN, date(2026, 3, 9)) == date(2026, 3, 9)
    assert sane.week_start(PLAN, date(2026, 3, 15)) == date(2026, 3, 9)
    assert sane.week_start(PLAN, date(2026, 3, 16)) == date(2026, 3, 16)
    assert sane.week_start(PLAN, date(2026, 3, 8)) == date(2026, 3, 2)  # the baseline week


def test_the_question_is_due_once_per_plan_week():
    today = date(2026, 3, 18)  # week 2: days 7-13
    assert sane.is_due(PLAN, today, None, skipped=False)
    assert sane.is_due(PLAN, today, date(2026, 3, 15), skipped=False)  # answered last week
    assert not sane.is_due(PLAN, today, date(2026, 3, 16), skipped=False)
    assert not sane.is_due(PLAN, today, None, skipped=True)


def test_ratings_by_week_keep_each_weeks_last_answer():
    rows = [{"local_date": "2026-03-05", "score": 40}, {"local_date": "2026-03-10", "score": 30},
            {"local_date": "2026-03-12", "score": 35}, {"local_date": "2026-03-17", "score": 50}]
    weeks = sane.by_week(PLAN, rows)
    assert [(w.week, w.score) for w in weeks] == [(0, 40), (1, 35), (2, 50)]


def test_today_asks_the_weekly_question_and_an_answer_saves_it(auth, client, db):
    auth.patient()
    today = page(client.get("/"))
    assert "How would you rate your hip today as a percentage of normal?" in today
    response = auth.post("/measures/hip-function", {"score": "55"}, token_from="/")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    rows = list(db.query("SELECT local_date, score FROM sane_ratings"))
    assert rows == [{"local_date": "2026-03-16", "score": 55}]
    assert "percentage of normal" not in page(client.get("/"))


def test_the_question_comes_back_the_next_plan_week(auth, client, clock):
    auth.patient()
    auth.post("/measures/hip-function", {"score": "55"}, token_from="/")
    clock.advance(days=6)
    assert "percentage of normal" not in page(client.get("/"))
    clock.advance(days=1)
    assert "percentage of normal" in page(client.get("/"))


def test_not_this_week_hides_the_question_until_next_week(auth, client, clock, db):
    auth.patient()
    response = auth.post("/measures/hip-function/skip", token_from="/")
    assert response.status_code == 303
    assert "Skipped for this week." in page(client.get("/"))
    assert "percentage of normal" not in page(client.get("/"))
    assert db.execute("SELECT count(*) FROM sane_ratings").fetchone()[0] == 0
    clock.advance(days=7)
    assert "percentage of normal" in page(client.get("/"))


@pytest.mark.parametrize("score", ["", "101", "-1", "abc", "50.5"])
def test_a_bad_answer_is_refused_beside_the_field_and_nothing_is_saved(auth, db, score):
    auth.patient()
    response = auth.post("/measures/hip-function", {"score": score}, token_from="/")
    assert response.status_code == 422
    assert sane.SCORE_MESSAGE in page(response)
    assert 'aria-invalid="true"' in page(response)
    assert db.execute("SELECT count(*) FROM sane_ratings").fetchone()[0] == 0


def test_a_second_answer_on_the_same_day_replaces_the_first(auth, db):
    auth.patient()
    auth.post("/measures/hip-function", {"score": "55"}, token_from="/")
    auth.post("/measures/hip-function", {"score": "60"}, token_from="/")
    assert [r["score"] for r in db.query("SELECT score FROM sane_ratings")] == [60]


def test_the_answers_page_lists_and_deletes_ratings(auth, client, db):
    auth.patient()
    auth.post("/measures/hip-function", {"score": "55"}, token_from="/")
    listing = page(client.get("/measures/hip-function"))
    assert "Mon 16 Mar 2026 (week 2): <strong>55%</strong>" in listing
    rating_id = db.execute("SELECT id FROM sane_ratings").fetchone()[0]
    response = auth.post(f"/measures/hip-function/{rating_id}/delete", token_from="/")
    assert response.status_code == 303
    assert db.execute("SELECT count(*) FROM sane_ratings").fetchone()[0] == 0


def test_another_patient_gets_404_deleting_a_rating_and_it_stays(auth, client, db):
    auth.patient()
    auth.post("/measures/hip-function", {"score": "55"}, token_from="/")
    rating_id = db.execute("SELECT id FROM sane_ratings").fetchone()[0]
    auth.logout()
    auth.patient(email="ben@example.com")
    response = auth.post(f"/measures/hip-function/{rating_id}/delete", token_from="/")
    assert response.status_code == 404
    assert db.execute("SELECT count(*) FROM sane_ratings").fetchone()[0] == 1


def test_a_rating_without_a_csrf_token_is_refused(auth, client, db):
    auth.patient()
    response = client.post("/measures/hip-function", data={"score": "50"})
    assert response.status_code == 400
    assert db.execute("SELECT count(*) FROM sane_ratings").fetchone()[0] == 0


def test_the_timeline_shows_each_weeks_rating_in_its_plan_week(auth, client, clock, db):
    auth.patient()
    auth.post("/measures/hip-function", {"score": "35"}, token_from="/")  # Mon 16 Mar: week 2
    clock.advance(days=7)
    auth.post("/measures/hip-function", {"score": "50"}, token_from="/")  # week 3
    timeline = " ".join(page(client.get("/timeline")).split())
    week2 = timeline[timeline.index("<h3>Week 2 "):timeline.index("<h3>Week 3 ")]
    week3 = timeline[timeline.index("<h3>Week 3 "):timeline.index("<h3>Week 4 ")]
    assert "Hip function: 35% of normal" in week2 and "50%" not in week2
    assert "Hip function: 50% of normal" in week3
