"""The daily measures on a check-in: medicine, sleep, limp, sitting tolerance."""

from html import unescape

import pytest
from werkzeug.datastructures import MultiDict

from journal.measures import daily


def page(response):
    return unescape(response.get_data(as_text=True))


def measures_row(db):
    return next(db.query(
        "SELECT medicine, opioid_doses, night_waking, walking_without_limp, sitting_minutes"
        " FROM checkins"
    ))


def test_every_measure_is_optional():
    errors = {}
    assert daily.parse(MultiDict(), errors) == daily.DailyMeasures()
    assert errors == {} and not daily.DailyMeasures().answered()


def test_answers_are_read_into_plain_values():
    errors = {}
    measures = daily.parse(MultiDict({
        "medicine": "opioid", "opioid_doses": "3", "night_waking": "more",
        "walking_without_limp": "not_yet", "sitting_minutes": "30",
    }), errors)
    assert errors == {}
    assert measures == daily.DailyMeasures("opioid", 3, "more", False, 30)


@pytest.mark.parametrize("fields, field, message", [
    ({"medicine": "aspirin"}, "medicine", "Choose none, non-opioid or opioid"),
    ({"medicine": "opioid", "opioid_doses": "0"}, "opioid_doses", "from 1 to 20"),
    ({"medicine": "opioid", "opioid_doses": "21"}, "opioid_doses", "from 1 to 20"),
    ({"medicine": "opioid", "opioid_doses": "two"}, "opioid_doses", "from 1 to 20"),
    ({"medicine": "opioid", "opioid_doses": "1.5"}, "opioid_doses", "from 1 to 20"),
    ({"medicine": "none", "opioid_doses": "2"}, "opioid_doses", "choose “Opioid”"),
    ({"night_waking": "twice"}, "night_waking", "Choose no, once or more than once"),
    ({"walking_without_limp": "maybe"}, "walking_without_limp", "Choose yes or not yet"),
    ({"sitting_minutes": "45"}, "sitting_minutes", "how long you can sit"),
    ({"sitting_minutes": "-15"}, "sitting_minutes", "how long you can sit"),
])
def test_a_bad_measure_is_refused_with_a_message(fields, field, message):
    errors = {}
    daily.parse(MultiDict(fields), errors)
    assert message in errors[field]


def test_a_check_in_saves_its_measures_and_history_shows_them(auth, client, db):
    auth.patient()
    response = auth.checkin(medicine="opioid", opioid_doses="2", night_waking="once",
                            walking_without_limp="not_yet", sitting_minutes="15")
    assert response.status_code == 303
    assert measures_row(db) == {"medicine": "opioid", "opioid_doses": 2, "night_waking": "once",
                                "walking_without_limp": 0, "sitting_minutes": 15}
    history = page(client.get("/history"))
    assert "Opioid medicine (2 doses) · pain woke once · still limping · sits 15–30 min" in history


def test_a_check_in_without_measures_leaves_them_unanswered(auth, db):
    auth.patient()
    auth.checkin(medicine="", night_waking="", walking_without_limp="", sitting_minutes="")
    assert set(measures_row(db).values()) == {None}


@pytest.mark.parametrize("fields, message", [
    ({"medicine": "opioid", "opioid_doses": "99"}, "from 1 to 20"),
    ({"sitting_minutes": "forever"}, "how long you can sit"),
    ({"night_waking": "1"}, "Choose no, once or more than once"),
])
def test_a_check_in_with_a_bad_measure_is_refused_and_nothing_is_saved(auth, db, fields, message):
    auth.patient()
    response = auth.checkin(**fields)
    assert response.status_code == 422
    assert message in page(response)
    assert db.execute("SELECT count(*) FROM checkins").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM readings").fetchone()[0] == 0


def test_editing_keeps_shows_and_clears_the_measures(auth, client, db):
    auth.patient()
    auth.checkin(medicine="non_opioid", walking_without_limp="yes")
    checkin_id = next(db.query("SELECT id FROM checkins"))["id"]
    form = page(client.get(f"/checkins/{checkin_id}/edit"))
    assert 'name="medicine" value="non_opioid" checked' in form
    assert 'name="walking_without_limp" value="yes" checked' in form
    assert '<details class="field measures" open>' in form
    auth.post(f"/checkins/{checkin_id}/edit", {
        "location": ["hip_right"], "intensity-hip_right": "4", "medicine": "",
        "walking_without_limp": "yes", "date": "2026-03-16", "time": "09:00",
    })
    assert measures_row(db)["medicine"] is None
    assert measures_row(db)["walking_without_limp"] == 1


def test_the_new_check_in_form_keeps_the_measures_closed(auth, client):
    auth.patient()
    form = page(client.get("/checkins/new"))
    assert '<details class="field measures">' in form
    assert "Did pain wake you last night?" in form


def test_the_sleep_question_is_asked_once_a_day(auth, client, db):
    auth.patient()
    auth.checkin(medicine="none")  # answered other questions, not sleep: still asked
    assert "Did pain wake you last night?" in page(client.get("/checkins/new"))
    auth.checkin(night_waking="once")
    later = page(client.get("/checkins/new"))
    assert "Did pain wake you last night?" not in later
    assert "Pain medicine today" in later  # the others stay
    # Another day, and editing the check-in that answered it, still ask.
    assert "Did pain wake you last night?" in page(client.get("/checkins/new?date=2026-03-15"))
    answered = next(db.query("SELECT id FROM checkins WHERE night_waking IS NOT NULL"))["id"]
    assert "Did pain wake you last night?" in page(client.get(f"/checkins/{answered}/edit"))
