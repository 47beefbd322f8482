"""The measures through the CSV and the JSON export, and back through an import."""

import copy
import csv
import io
import json

import pytest

from journal.data import imports
from tests.data.test_import import NOW, new_patient, upload, valid_document

ALL_MEASURES = {"medicine": "opioid", "opioid_doses": "3", "night_waking": "more",
                "walking_without_limp": "not_yet", "sitting_minutes": "0"}


def seed_measures(auth):
    auth.patient()
    auth.checkin(date="2026-03-14", time="08:00", **ALL_MEASURES)
    auth.checkin(date="2026-03-15", time="08:00", medicine="non_opioid", night_waking="no",
                 walking_without_limp="yes", sitting_minutes="60")
    auth.checkin(date="2026-03-16", time="08:00")  # answered nothing
    auth.post("/measures/hip-function", {"score": "42"}, token_from="/")


def test_export_import_export_keeps_every_measure_and_rating(app, auth, client, db):
    seed_measures(auth)
    first = json.loads(client.get("/account/export.json").data)
    assert first["checkins"][0]["measures"] == {
        "medicine": "opioid", "opioid_doses": 3, "night_waking": "more",
        "walking_without_limp": False, "sitting_minutes": 0,
    }
    assert first["checkins"][2]["measures"] == dict.fromkeys(first["checkins"][2]["measures"])
    assert [(r["date"], r["score"]) for r in first["hip_function"]] == [("2026-03-16", 42)]

    new_auth, new_id = new_patient(app, db)
    response = upload(new_auth, json.dumps(first).encode())
    assert response.status_code == 303, response.get_data(as_text=True)
    second = json.loads(new_auth.client.get("/account/export.json").data)
    assert [c["measures"] for c in second["checkins"]] == [c["measures"] for c in first["checkins"]]
    # Same server: the uid is taken, so the moved rating gets a new one.
    strip = [{k: v for k, v in r.items() if k != "uid"} for r in first["hip_function"]]
    assert [{k: v for k, v in r.items() if k != "uid"} for r in second["hip_function"]] == strip
    assert db.execute("SELECT count(*) FROM sane_ratings WHERE user_id = ?",
                      [new_id]).fetchone()[0] == 1


def test_the_csv_carries_each_check_ins_measures_on_its_first_row(auth, client):
    seed_measures(auth)
    body = client.get("/account/export.csv").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [(r["date"], r["medicine"], r["opioid_doses"], r["night_waking"],
             r["walking_without_limp"], r["sitting_minutes"]) for r in rows] == [
        ("2026-03-14", "Opioid", "3", "More than once", "Not yet", "Under 15 min"),
        ("2026-03-15", "Non-opioid", "", "No", "Yes", "An hour or more"),
        ("2026-03-16", "", "", "", "", ""),
    ]


def test_an_account_with_only_a_rating_is_not_empty_for_an_import(app, auth, client, db):
    auth.patient()
    auth.post("/measures/hip-function", {"score": "42"}, token_from="/")
    response = upload(auth, json.dumps(valid_document()).encode())
    assert response.status_code == 409
    assert db.execute("SELECT count(*) FROM checkins").fetchone()[0] == 0


def _with(measures=None, ratings=None):
    document = copy.deepcopy(valid_document())
    if measures is not None:
        document["checkins"][0]["measures"] = measures
    if ratings is not None:
        document["hip_function"] = ratings
    return document


def test_an_older_export_without_measures_still_imports():
    journal, problems = imports.read_journal(json.dumps(valid_document()).encode(), NOW)
    assert problems == [] and journal.sane_ratings == []
    assert not journal.checkins[0].data.measures.answered()


def test_measures_and_ratings_in_a_file_are_read():
    document = _with({"medicine": "opioid", "opioid_doses": 2, "walking_without_limp": True},
                     [{"date": "2026-03-09", "score": 30, "uid": "a" * 32,
                       "created_at": "2026-03-09T09:00:00+00:00"}])
    journal, problems = imports.read_journal(json.dumps(document).encode(), NOW)
    assert problems == []
    measures = journal.checkins[0].data.measures
    assert (measures.medicine, measures.opioid_doses, measures.walking_without_limp) == (
        "opioid", 2, True)
    assert [(r.local_date.isoformat(), r.score) for r in journal.sane_ratings] == [
        ("2026-03-09", 30)]


@pytest.mark.parametrize("measures, message", [
    ("opioid", "“measures” should be a set of fields"),
    ({"medicine": "morphine"}, "Choose none, non-opioid or opioid"),
    ({"medicine": 1}, "“medicine” should be text"),
    ({"medicine": "opioid", "opioid_doses": 50}, "from 1 to 20"),
    ({"medicine": "opioid", "opioid_doses": "2"}, "“opioid_doses” should be a whole number"),
    ({"sitting_minutes": 45}, "how long you can sit"),
    ({"sitting_minutes": True}, "“sitting_minutes” should be a whole number"),
    ({"walking_without_limp": "yes"}, "“walking_without_limp” should be true, false or null"),
    ({"night_waking": "sometimes"}, "Choose no, once or more than once"),
])
def test_a_measure_the_form_would_refuse_is_refused_by_the_import(measures, message):
    journal, problems = imports.read_journal(json.dumps(_with(measures)).encode(), NOW)
    assert journal is None
    assert any(message in p for p in problems), problems


@pytest.mark.parametrize("rating, message", [
    ({"date": "2026-03-09", "score": 101}, "from 0 to 100"),
    ({"date": "2026-03-09", "score": "50"}, "from 0 to 100"),
    ({"date": "2026-03-09", "score": True}, "from 0 to 100"),
    ({"date": "2026-03-20", "score": 50}, "is in the future"),
    ({"date": "09/03/2026", "score": 50}, "year-month-day"),
    ({"date": "2026-03-09", "score": 50, "uid": "x"}, "32 hexadecimal"),
    ("50", "should be a set of fields"),
])
def test_a_rating_the_form_would_refuse_is_refused_by_the_import(rating, message):
    journal, problems = imports.read_journal(json.dumps(_with(ratings=[rating])).encode(), NOW)
    assert journal is None
    assert any(message in p for p in problems), problems


def test_a_refused_import_saves_no_rating(app, db):
    auth, user_id = new_patient(app, db)
    document = _with({"medicine": "morphine"}, [{"date": "2026-03-09", "score": 30}])
    response = upload(auth, json.dumps(document).encode())
    assert response.status_code == 422
    assert db.execute("SELECT count(*) FROM sane_ratings").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM checkins WHERE user_id = ?", [user_id]).fetchone()[0] == 0
