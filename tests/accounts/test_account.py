"""Account page: name and password; a password change signs out other sessions."""

from html import unescape

import pytest

from tests.conftest import AuthActions


def page(response):
    return unescape(response.get_data(as_text=True))


def test_account_page_shows_email_and_time_zone(auth, client):
    auth.patient()
    body = page(client.get("/account"))
    assert "ana@example.com" in body and "Europe/London" in body


def test_change_display_name(auth, client, db):
    auth.patient()
    response = auth.post("/account/profile", {"profile-display_name": "Ana M."})
    assert response.status_code == 303
    assert next(db.query("SELECT display_name FROM users"))["display_name"] == "Ana M."
    response = auth.post("/account/profile", {"profile-display_name": ""})
    assert response.status_code == 422
    assert next(db.query("SELECT display_name FROM users"))["display_name"] == "Ana M."


def test_password_change_needs_the_current_password_and_a_strong_new_one(auth, db):
    auth.patient()
    before = next(db.query("SELECT password_hash FROM users"))["password_hash"]
    wrong = auth.post("/account/password", {"password-current_password": "nope", "password-new_password": "a brand new phrase"})
    assert wrong.status_code == 422 and "That isn't your current password." in page(wrong)
    weak = auth.post("/account/password", {"password-current_password": "correct horse battery", "password-new_password": "12345678"})
    assert weak.status_code == 422 and "very common passwords" in page(weak)
    assert next(db.query("SELECT password_hash FROM users"))["password_hash"] == before


def test_password_change_signs_out_other_sessions_but_not_this_one(app, auth, client):
    auth.patient()
    other_phone = AuthActions(app.test_client())
    other_phone.login()
    assert other_phone.client.get("/history").status_code == 200

    response = auth.post(
        "/account/password",
        {"password-current_password": "correct horse battery", "password-new_password": "a brand new phrase"},
    )
    assert response.status_code == 303
    assert client.get("/history").status_code == 200
    assert other_phone.client.get("/history").status_code == 302
    # The remember-me cookie of the other phone is dead too.
    with other_phone.client.session_transaction() as session:
        session.clear()
    assert other_phone.client.get("/history").status_code == 302
    auth.logout()
    assert auth.login(password="a brand new phrase").status_code == 303


def test_guessing_the_current_password_is_limited_like_sign_in(auth, db, clock):
    auth.patient()
    for _ in range(5):
        response = auth.post("/account/password", {"password-current_password": "guess",
                                                   "password-new_password": "a brand new phrase"})
        assert response.status_code == 422
    blocked = auth.post("/account/password", {"password-current_password": "correct horse battery",
                                              "password-new_password": "a brand new phrase"})
    assert blocked.status_code == 429 and "Try again in 15 minutes" in blocked.get_data(as_text=True)
    clock.advance(minutes=16)
    allowed = auth.post("/account/password", {"password-current_password": "correct horse battery",
                                              "password-new_password": "a brand new phrase"})
    assert allowed.status_code == 303


BAD_NAMES = ["Ana\r\nBcc: x", "Ana\n", "Ana\x07", "Ana\u202egnp.exe", "\u2066Ana", "Ana\x00"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_display_name_refuses_line_breaks_control_and_bidi_characters(auth, db, name):
    auth.patient()
    response = auth.post("/account/profile", {"profile-display_name": name})
    assert response.status_code == 422
    assert "a line break or an invisible control character" in page(response)
    assert next(db.query("SELECT display_name FROM users"))["display_name"] == "Ana"


@pytest.mark.parametrize("name", BAD_NAMES)
def test_registration_refuses_the_same_names(auth, db, name):
    response = auth.register(name=name)
    assert response.status_code == 422
    assert "a line break or an invisible control character" in page(response)
    assert db["users"].count == 0
