"""The idempotency key of a check-in: a retry is saved once and answered the
same; the same key with other content is refused with 409."""

import re
import sqlite3
from html import unescape

import pytest

KEY = "0f8fad5bd9cb469fa16570867728950e"


def count(db, table="checkins"):
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_the_check_in_form_and_todays_buttons_each_carry_a_fresh_key(auth, client):
    auth.patient()
    keys = re.findall(r'name="request_key" value="([0-9a-f]{32})"',
                      client.get("/checkins/new").get_data(as_text=True))
    keys += re.findall(r'name="request_key" value="([0-9a-f]{32})"',
                       client.get("/").get_data(as_text=True))
    keys += re.findall(r'name="request_key" value="([0-9a-f]{32})"',
                       client.get("/checkins/new").get_data(as_text=True))
    assert len(keys) == 4 and len(set(keys)) == 4


def test_same_key_twice_saves_one_check_in_and_answers_the_same(auth, client, db):
    auth.patient()
    first = auth.checkin(request_key=KEY, note="Stiff")
    second = auth.checkin(request_key=KEY, note="Stiff")
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"] == "/"
    assert count(db) == 1 and count(db, "readings") == 1
    assert "Check-in saved." in client.get("/").get_data(as_text=True)


def test_a_retry_after_the_patient_signed_in_again_is_still_saved_once(auth, client, db):
    auth.patient()
    auth.checkin(request_key=KEY)
    auth.logout()
    auth.login()
    # A new session, so a new CSRF token: not part of what the key vouches for.
    assert auth.checkin(request_key=KEY).status_code == 303
    assert count(db) == 1


def test_a_retry_of_a_check_in_with_a_warning_sign_answers_with_the_same_page(auth, db):
    auth.patient()
    fields = {"request_key": KEY, "location": ["calf_right"], "intensity-calf_right": "6"}
    first = auth.checkin(**fields)
    second = auth.checkin(**fields)
    assert first.headers["Location"] == second.headers["Location"]
    assert first.headers["Location"].startswith("/?saved=")
    assert count(db) == 1


def test_same_key_with_other_content_is_refused_with_409_and_saves_nothing(auth, client, db):
    auth.patient()
    auth.checkin(request_key=KEY, note="Stiff")
    response = auth.checkin(request_key=KEY, note="Much better")
    assert response.status_code == 409
    text = unescape(response.get_data(as_text=True))
    assert "already saved once, with other answers" in text
    # What the patient typed is still there, under a fresh key, to save as new.
    assert "Much better" in text and KEY not in text
    assert count(db) == 1
    assert next(db.query("SELECT note FROM checkins"))["note"] == "Stiff"


@pytest.mark.parametrize("path", ["/checkins/repeat", "/checkins/pain-free"])
def test_one_tap_check_ins_are_saved_once_per_key(auth, db, path):
    auth.patient()
    auth.checkin()
    first = auth.post(path, {"request_key": KEY})
    second = auth.post(path, {"request_key": KEY})
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"] == "/"
    assert count(db) == 2


def test_a_key_used_by_one_action_is_refused_by_another(auth, db):
    auth.patient()
    auth.checkin(request_key=KEY)
    assert auth.post("/checkins/pain-free", {"request_key": KEY}).status_code == 409
    assert count(db) == 1


def test_two_patients_may_send_the_same_key(auth, client, db):
    auth.patient()
    auth.checkin(request_key=KEY)
    auth.logout()
    auth.patient(email="ben@example.com")
    assert auth.checkin(request_key=KEY).status_code == 303
    assert count(db) == 2


def test_a_retry_of_a_deleted_check_in_does_not_bring_it_back(auth, db):
    auth.patient()
    auth.checkin(request_key=KEY)
    checkin_id = next(db.query("SELECT id FROM checkins"))["id"]
    auth.post(f"/checkins/{checkin_id}/delete")
    response = auth.checkin(request_key=KEY)
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert count(db) == 0


@pytest.mark.parametrize("key", ["short", "x" * 65, "has spaces in it!!", "<script>alert(1)</script>"])
def test_a_malformed_key_is_a_clear_400_and_saves_nothing(auth, db, key):
    auth.patient()
    response = auth.checkin(request_key=key)
    assert response.status_code == 400
    assert "key is not one this site makes" in unescape(response.get_data(as_text=True))
    assert count(db) == 0 and count(db, "checkin_requests") == 0


def test_a_form_without_a_key_still_saves(auth, db):
    auth.patient()
    auth.checkin()
    auth.checkin()
    assert count(db) == 2


def test_the_database_refuses_a_second_row_for_one_key(auth, db):
    """The guarantee is the primary key, not a look before the insert."""
    auth.patient()
    auth.checkin(request_key=KEY)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO checkin_requests (user_id, request_key, fingerprint, created_at)"
            " SELECT user_id, request_key, 'other', created_at FROM checkin_requests"
        )


def test_a_queued_one_tap_check_in_keeps_the_moment_it_was_made(auth, clock, db):
    auth.patient()
    auth.checkin()
    clock.advance(hours=3)  # the signal came back at 13:00
    auth.post("/checkins/pain-free", {"request_key": KEY, "made_at": "2026-03-16T10:30:00.000Z"})
    made = next(db.query("SELECT local_date, local_time FROM checkins WHERE pain_free = 1"))
    assert (made["local_date"], made["local_time"]) == ("2026-03-16", "10:30")


@pytest.mark.parametrize(
    "made_at, message",
    [
        ("2026-03-16T12:00:00Z", "in the future"),
        ("2024-01-01T10:00:00Z", "more than a year ago"),
        ("yesterday", "not a date and time"),
        ("2026-03-16T09:00:00", "no time zone"),
    ],
)
def test_a_bad_made_at_is_a_clear_400_and_saves_nothing(auth, db, made_at, message):
    auth.patient()
    auth.checkin()
    response = auth.post("/checkins/pain-free", {"request_key": KEY, "made_at": made_at})
    assert response.status_code == 400
    assert message in unescape(response.get_data(as_text=True))
    assert count(db) == 1


def test_a_refused_check_in_keeps_its_key_and_a_fixed_one_saves_under_it(auth, db):
    """The phone's outbox shows a refused check-in's form to edit; saving it
    sends the same key, which the refusal did not use up."""
    auth.patient()
    refused = auth.checkin(request_key=KEY, **{"intensity-hip_right": "12"})
    assert refused.status_code == 422
    assert f'name="request_key" value="{KEY}"' in refused.get_data(as_text=True)
    assert count(db, "checkin_requests") == 0
    assert auth.checkin(request_key=KEY, **{"intensity-hip_right": "7"}).status_code == 303
    assert count(db) == 1


@pytest.mark.parametrize("made_at", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_a_made_at_past_the_calendar_is_a_clear_400_not_a_500(auth, db, made_at):
    auth.patient()
    auth.checkin()
    response = auth.post("/checkins/pain-free", {"made_at": made_at}, token_from="/")
    assert response.status_code == 400
    assert "not a date and time" in unescape(response.get_data(as_text=True))
    assert count(db) == 1
