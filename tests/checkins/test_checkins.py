"""Check-in routes: log, edit, delete, one-tap actions, and other patients' ids."""

from html import unescape
from pathlib import Path

import pytest

from tests.benchmark.report import PAGE_KB


def page(response):
    return unescape(response.get_data(as_text=True))


def readings(db):
    return [
        (r["location"], r["intensity"])
        for r in db.query("SELECT location, intensity FROM readings ORDER BY id")
    ]


def test_log_a_two_location_check_in(auth, client, db):
    auth.patient()
    response = auth.checkin(
        location=["hip_right", "lower_back"], **{"intensity-hip_right": "6", "intensity-lower_back": "4"},
        context="morning", note="Stiff", home_exercises="yes",
    )
    assert response.status_code == 303 and response.headers["Location"] == "/"
    checkin = next(db.query("SELECT * FROM checkins"))
    # 10:00 UTC on 16 March is 10:00 in London (GMT until 29 March).
    assert (checkin["local_date"], checkin["local_time"]) == ("2026-03-16", "10:00")
    assert checkin["recorded_at"] == "2026-03-16T10:00:00+00:00"
    assert (checkin["context"], checkin["note"], checkin["home_exercises"]) == ("morning", "Stiff", 1)
    assert readings(db) == [("hip_right", 6), ("lower_back", 4)]
    today = page(client.get("/"))
    assert "Right hip" in today and "Lower back" in today and "Stiff" in today


def test_backfill_stores_the_local_date_and_the_utc_instant(auth, db):
    auth.patient(timezone="America/New_York")
    auth.checkin(date="2026-03-14", time="21:30")
    checkin = next(db.query("SELECT * FROM checkins"))
    assert checkin["local_date"] == "2026-03-14"
    assert checkin["recorded_at"] == "2026-03-15T01:30:00+00:00"  # EDT is UTC-4 after 8 March


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"location": [], "intensity-hip_right": ""}, "Choose at least one place"),
        ({"location": ["elbow"]}, "Choose places from the list."),
        ({"intensity-hip_right": "12"}, "from 0 (no pain) to 10"),
        ({"intensity-hip_right": "x"}, "from 0 (no pain) to 10"),
        ({"date": "2026-03-17"}, "That date is in the future."),
        ({"date": "yesterday"}, "Enter the date as year-month-day"),
        ({"note": "x" * 1001}, "Keep the note to 1,000 characters"),
        ({"context": "dancing"}, "Choose one of the listed moments"),
    ],
)
def test_bad_check_in_is_refused_beside_the_field_and_nothing_is_saved(auth, db, fields, message):
    auth.patient()
    response = auth.checkin(**fields)
    assert response.status_code == 422
    assert message in page(response)
    assert db["checkins"].count == 0 and db["readings"].count == 0


def test_a_refused_form_keeps_what_was_typed(auth):
    auth.patient()
    response = auth.checkin(note="My knee clicks", **{"intensity-hip_right": "99"})
    body = page(response)
    assert "My knee clicks" in body
    assert 'value="hip_right" id="loc-hip_right" checked>' in body


def test_same_as_last_check_in_copies_the_readings_now(auth, client, db, clock):
    auth.patient()
    auth.checkin(location=["hip_right", "groin_right"], **{"intensity-hip_right": "5", "intensity-groin_right": "2"},
                 note="not copied")
    clock.advance(hours=3)
    response = auth.post("/checkins/repeat", token_from="/")
    assert response.status_code == 303
    rows = list(db.query("SELECT * FROM checkins ORDER BY id"))
    assert len(rows) == 2 and rows[1]["local_time"] == "13:00" and rows[1]["note"] == ""
    assert readings(db) == [("hip_right", 5), ("groin_right", 2), ("hip_right", 5), ("groin_right", 2)]


def test_same_as_last_with_nothing_logged_sends_the_patient_to_the_form(auth, db):
    auth.patient()
    response = auth.post("/checkins/repeat", token_from="/")
    assert response.status_code == 303 and response.headers["Location"] == "/checkins/new"
    assert db["checkins"].count == 0


def test_pain_free_records_an_explicit_zero_at_tracked_places(auth, db, clock):
    auth.patient()
    auth.checkin(location=["hip_right", "lower_back"], **{"intensity-hip_right": "3", "intensity-lower_back": "2"})
    clock.advance(days=1)
    assert auth.post("/checkins/pain-free", token_from="/").status_code == 303
    last = list(db.query("SELECT * FROM checkins ORDER BY id"))[-1]
    assert last["pain_free"] == 1 and last["local_date"] == "2026-03-17"
    zeros = list(db.query("SELECT location, intensity FROM readings WHERE checkin_id = ?", [last["id"]]))
    assert {(r["location"], r["intensity"]) for r in zeros} == {("hip_right", 0), ("lower_back", 0)}


def test_pain_free_with_no_history_is_still_an_explicit_record(auth, db):
    auth.patient()
    auth.post("/checkins/pain-free", token_from="/")
    assert next(db.query("SELECT pain_free FROM checkins"))["pain_free"] == 1


def test_edit_replaces_readings_and_fields(auth, client, db):
    auth.patient()
    auth.checkin()
    checkin_id = next(db.query("SELECT id FROM checkins"))["id"]
    form = page(client.get(f"/checkins/{checkin_id}/edit"))
    assert 'name="intensity-hip_right" min="0" max="10" inputmode="numeric" value="5"' in form
    response = auth.post(
        f"/checkins/{checkin_id}/edit",
        {"location": ["knee_left"], "intensity-knee_left": "7", "date": "2026-03-15", "time": "08:00"},
    )
    assert response.status_code == 303
    assert readings(db) == [("knee_left", 7)]
    assert next(db.query("SELECT local_date FROM checkins"))["local_date"] == "2026-03-15"


def test_a_refused_edit_changes_nothing(auth, db):
    auth.patient()
    auth.checkin()
    checkin_id = next(db.query("SELECT id FROM checkins"))["id"]
    response = auth.post(f"/checkins/{checkin_id}/edit", {"location": ["knee_left"], "intensity-knee_left": "70"})
    assert response.status_code == 422
    assert readings(db) == [("hip_right", 5)]


def test_delete_asks_first_then_removes_the_check_in_and_its_readings(auth, client, db):
    auth.patient()
    auth.checkin()
    checkin_id = next(db.query("SELECT id FROM checkins"))["id"]
    confirm = client.get(f"/checkins/{checkin_id}/delete")
    assert confirm.status_code == 200 and "Delete this check-in?" in page(confirm)
    assert db["checkins"].count == 1
    response = auth.post(f"/checkins/{checkin_id}/delete")
    assert response.status_code == 303
    assert db["checkins"].count == 0 and db["readings"].count == 0


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/checkins/{id}/edit"),
        ("post", "/checkins/{id}/edit"),
        ("get", "/checkins/{id}/delete"),
        ("post", "/checkins/{id}/delete"),
    ],
)
def test_another_patient_gets_404_for_a_check_in_and_nothing_changes(app, auth, db, method, path):
    auth.patient("ana@example.com")
    auth.checkin(note="Ana's note")
    checkin_id = next(db.query("SELECT id FROM checkins"))["id"]
    auth.logout()
    auth.patient("ben@example.com")
    url = path.format(id=checkin_id)
    if method == "get":
        response = auth.client.get(url)
    else:
        response = auth.post(url, {"location": ["neck"], "intensity-neck": "1"})
    assert response.status_code == 404
    assert "Ana's note" not in page(response)
    row = next(db.query("SELECT note FROM checkins WHERE id = ?", [checkin_id]))
    assert row["note"] == "Ana's note" and readings(db) == [("hip_right", 5)]


def test_unknown_check_in_id_is_404(auth, client):
    auth.patient()
    assert client.get("/checkins/999999/edit").status_code == 404
    assert client.get("/checkins/abc/edit").status_code == 404
    assert client.get(f"/checkins/{2**64}/edit").status_code == 404
    assert client.get(f"/checkins/{2**63}/delete").status_code == 404


def test_check_in_without_csrf_token_is_refused(auth, client, db):
    auth.patient()
    response = client.post("/checkins", data={"location": "neck", "intensity-neck": "3"})
    assert response.status_code == 400
    assert db["checkins"].count == 0


def test_today_before_a_plan_goes_to_plan_setup(auth, client):
    auth.register()
    assert client.get("/").headers["Location"] == "/plan"


def test_check_in_form_defaults_to_now_in_the_patients_zone(auth, client):
    auth.patient(timezone="Asia/Tokyo")
    form = page(client.get("/checkins/new"))
    # 10:00 UTC is 19:00 in Tokyo.
    assert 'name="date" max="2026-03-16" value="2026-03-16"' in form
    assert 'name="time" value="19:00"' in form


def test_check_in_form_gives_the_0_10_buttons_their_bands_and_anchors(auth, client):
    """static/app.js builds the 0-10 buttons from these attributes: the NRS-11
    bands and anchors come from the server, never from a copy in the script."""
    auth.patient()
    form = page(client.get("/checkins/new"))
    assert 'data-bands="none mild mild mild moderate moderate moderate severe severe severe severe"' in form
    assert (
        'data-anchors="no pain|mild|mild|mild|moderate|moderate|moderate|severe|severe|severe|'
        'worst pain imaginable"'
    ) in form
    script = (Path(__file__).parents[2] / "static" / "app.js").read_text()
    assert "mild" not in script and "moderate" not in script and "severe" not in script


def test_check_in_form_with_its_stylesheet_and_script_stays_within_the_page_budget(auth, client):
    """The benchmark's budget (HTML + CSS + JS, uncompressed), checked here too
    so a change that outgrows it shows without running `make bench`."""
    auth.patient()
    html = client.get("/checkins/new").get_data()
    static = Path(__file__).parents[2] / "static"
    weight = len(html) + sum((static / name).stat().st_size for name in ("app.css", "app.js"))
    assert 'href="/static/app.css' in html.decode() and 'src="/static/app.js' in html.decode()
    assert weight < PAGE_KB * 1024, f"{weight / 1024:.1f} KB"


def test_history_lists_days_newest_first_a_week_a_page(auth, client, clock):
    auth.patient()
    for day in range(1, 10):
        auth.checkin(date=f"2026-03-{day:02d}", time="09:00", note=f"day {day}")
    first = page(client.get("/history"))
    assert first.index("day 9") < first.index("day 8")
    assert "day 3" in first and "day 2" not in first
    assert "Older days" in first and "Newer days" not in first
    second = page(client.get("/history?page=2"))
    assert "day 2" in second and "day 1" in second and "day 3" not in second
    assert "Older days" not in second and "Newer days" in second
    assert page(client.get("/history?page=3")).count('class="checkin"') == 0


@pytest.mark.parametrize("bad", ["0", "-1", "abc", "99999999999"])
def test_history_rejects_bad_page_numbers(auth, client, bad):
    auth.patient()
    assert client.get(f"/history?page={bad}").status_code == 400


def test_other_patients_check_ins_never_appear_in_history_or_today(auth, client):
    auth.patient("ana@example.com")
    auth.checkin(note="Ana private")
    auth.logout()
    auth.patient("ben@example.com")
    assert "Ana private" not in page(client.get("/history"))
    assert "Ana private" not in page(client.get("/"))


def test_pages_need_sign_in(client):
    for path in ["/checkins/new", "/history", "/plan", "/account"]:
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    # The home address shows a newcomer the landing page instead.
    assert client.get("/").headers["Location"] == "/welcome"


def test_today_ignores_a_malformed_saved_id(auth, client):
    auth.patient()
    for bad in ["²", "abc", "9" * 30, "-1"]:
        assert client.get("/", query_string={"saved": bad}).status_code == 200


def test_pain_free_after_two_other_places_keeps_one_reading_per_place(auth, db, clock):
    auth.patient()
    auth.checkin(location=["other"], other_text="jaw", **{"intensity-other": "3"})
    auth.checkin(location=["other"], other_text="wrist", **{"intensity-other": "2"})
    auth.post("/checkins/pain-free", token_from="/")
    last = list(db.query("SELECT id FROM checkins ORDER BY id"))[-1]["id"]
    zeros = list(db.query("SELECT location, intensity FROM readings WHERE checkin_id = ?", [last]))
    assert zeros == [{"location": "other", "intensity": 0}]


def test_check_ins_per_day_are_capped_with_a_clear_message(app, auth, db):
    app.config["CHECKINS_PER_DAY"] = 3
    auth.patient()
    for _ in range(3):
        assert auth.checkin().status_code == 303
    refused = auth.checkin()
    assert refused.status_code == 422
    assert "3 check-ins on this day" in page(refused)
    assert auth.post("/checkins/pain-free", token_from="/").status_code == 409
    assert auth.post("/checkins/repeat", token_from="/").status_code == 409
    assert db["checkins"].count == 3
    # Another day still has room: backfilling yesterday works.
    assert auth.checkin(date="2026-03-15", time="09:00").status_code == 303


def test_the_default_cap_is_a_generous_fifty_a_day(app):
    assert app.config["CHECKINS_PER_DAY"] == 50
