"""One-tap saves: Undo for a while after, and a second identical tap asks first."""

from html import unescape

import pytest


def page(response):
    return unescape(response.get_data(as_text=True))


def count(db):
    return db["checkins"].count


def test_undo_is_offered_on_today_after_a_one_tap_save_and_removes_it(auth, client, db, clock):
    auth.patient()
    auth.checkin()
    clock.advance(hours=2)
    response = auth.post("/checkins/repeat", token_from="/")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    one_tap_id = list(db.query("SELECT id FROM checkins ORDER BY id"))[-1]["id"]
    today = page(client.get("/"))
    assert f'action="/checkins/{one_tap_id}/undo"' in today and "Saved with one tap at 12:00." in today

    response = auth.post(f"/checkins/{one_tap_id}/undo", token_from="/")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert count(db) == 1  # the form's check-in stays
    today = page(client.get("/"))
    assert "Undone: the check-in saved at 12:00 is removed." in today
    assert "/undo" not in today


def test_undo_is_offered_for_ten_minutes_then_refused_with_a_way_out(auth, client, db, clock):
    auth.patient()
    auth.post("/checkins/pain-free", token_from="/")
    checkin_id = next(db.query("SELECT id FROM checkins"))["id"]
    clock.advance(minutes=9)
    assert "/undo" in page(client.get("/"))
    clock.advance(minutes=2)
    assert "/undo" not in page(client.get("/"))
    response = auth.post(f"/checkins/{checkin_id}/undo", token_from="/")
    assert response.status_code == 409
    assert "delete this check-in in History" in page(response)
    assert count(db) == 1


def test_a_check_in_saved_with_the_form_gets_no_undo_offer(auth, client):
    auth.patient()
    auth.checkin()
    assert "/undo" not in page(client.get("/"))


def test_undo_of_another_patients_check_in_is_404_and_removes_nothing(app, auth, client, db):
    auth.patient()
    auth.post("/checkins/pain-free", token_from="/")
    theirs = next(db.query("SELECT id FROM checkins"))["id"]
    auth.logout()
    auth.patient(email="ben@example.com")
    assert auth.post(f"/checkins/{theirs}/undo", token_from="/").status_code == 404
    assert count(db) == 1


@pytest.mark.parametrize("path", ["/checkins/repeat", "/checkins/pain-free"])
def test_a_second_identical_one_tap_save_within_minutes_asks_first(auth, client, db, clock, path):
    auth.patient()
    auth.checkin()
    auth.post(path, token_from="/")
    clock.advance(minutes=3)
    response = auth.post(path, token_from="/")
    assert response.status_code == 409  # nothing saved yet: an outbox keeps the tap
    asked = page(response)
    assert "Log the same again?" in asked and "You saved this at 10:00" in asked
    assert f'action="{path}"' in asked and 'name="again" value="yes"' in asked
    assert count(db) == 2  # nothing saved until the patient says so

    response = auth.post(path, {"again": "yes"}, token_from="/")
    assert response.status_code == 303 and count(db) == 3


def test_one_tap_saves_that_differ_or_are_minutes_apart_do_not_ask(auth, db, clock):
    auth.patient()
    auth.checkin()
    auth.post("/checkins/repeat", token_from="/")
    # Pain-free after "same as last" records something different: saved, and Undo covers it.
    assert auth.post("/checkins/pain-free", token_from="/").status_code == 303
    clock.advance(minutes=6)
    assert auth.post("/checkins/pain-free", token_from="/").status_code == 303
    assert count(db) == 4


def test_same_as_last_right_after_the_form_saves_at_once(auth, db):
    """Only a second one-tap save asks: the first copies a check-in on purpose."""
    auth.patient()
    auth.checkin()
    assert auth.post("/checkins/repeat", token_from="/").status_code == 303
    assert count(db) == 2


def test_the_again_question_carries_the_taps_key_so_its_yes_is_saved_once(auth, db, clock):
    auth.patient()
    auth.checkin()
    auth.post("/checkins/pain-free", token_from="/")
    clock.advance(minutes=2)
    key = "5d0c7e2a9b8f4e6d8a1b2c3d4e5f6a7b"
    asked = page(auth.post("/checkins/pain-free", {"request_key": key}, token_from="/"))
    assert f'name="request_key" value="{key}"' in asked
    yes = {"again": "yes", "request_key": key}
    first = auth.post("/checkins/pain-free", yes, token_from="/")
    retry = auth.post("/checkins/pain-free", yes, token_from="/")
    assert first.status_code == retry.status_code == 303
    assert count(db) == 3  # the form's, the first tap's, and the confirmed one: a retry adds none
