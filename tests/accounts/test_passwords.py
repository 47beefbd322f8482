"""New passwords are checked for strength with zxcvbn, with the patient's
email, name and this app's own words as context (ASVS 2.1)."""

from html import unescape

import pytest

from journal.accounts import store as accounts
from tests.conftest import CHEAP_PASSWORD_HASH, PRODUCTION_HASH

WEAK = [
    "zzzzzzzz",
    "01234567",
    "asdfghjk",
    "recoveryjournal",
    "hiparthroscopy",
    "anamartinez",  # the email's local part
    "\u200b" * 8,  # eight zero-width spaces
    "\u200bab\u200bc\u200bd\u200be\u200b",  # five visible characters
]
EMAIL = "anamartinez@example.com"
GOOD = "violet tractor sings softly"


def page(response):
    return unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("password", WEAK)
def test_weak_passwords_are_refused_at_registration(auth, db, password):
    response = auth.register(email=EMAIL, password=password, name="Ana")
    assert response.status_code == 422
    assert db["users"].count == 0


@pytest.mark.parametrize("password", WEAK)
def test_weak_passwords_are_refused_as_a_new_password(auth, db, password):
    auth.register(email=EMAIL)
    before = next(db.query("SELECT password_hash FROM users"))["password_hash"]
    response = auth.post("/account/password", {"password-current_password": "correct horse battery",
                                               "password-new_password": password})
    assert response.status_code == 422
    assert next(db.query("SELECT password_hash FROM users"))["password_hash"] == before


def test_a_good_passphrase_is_accepted(auth, db):
    assert auth.register(email=EMAIL, password=GOOD).status_code == 303
    assert db["users"].count == 1


def test_the_message_passes_on_the_estimators_advice_in_plain_words(auth):
    body = page(auth.register(email=EMAIL, password="zzzzzzzz"))
    assert "too easy to guess" in body
    assert 'Repeats like "aaa" are easy to guess.' in body


def test_the_display_name_is_context_too(auth, db):
    # Strong to a stranger, weak when the name is the patient's own.
    assert accounts.password_problem("thandiwenkosi", "t@example.com", "Anne") is None
    response = auth.register(email="t@example.com", password="thandiwenkosi", name="Thandiwe Nkosi")
    assert response.status_code == 422
    assert db["users"].count == 0


def test_invisible_characters_do_not_count_towards_the_length():
    problem = accounts.password_problem("\u200b" * 8, EMAIL)
    assert problem.startswith("Use at least 8 characters")


@pytest.mark.parametrize("password_hash_method", [PRODUCTION_HASH, CHEAP_PASSWORD_HASH],
                         ids=["production hash", "test hash"])
def test_an_unknown_email_costs_the_same_kind_of_check_as_a_wrong_password(
    auth, monkeypatch, password_hash_method
):
    """Sign-in takes as long whether or not the account exists: an unknown
    email is checked against a dummy hash made with the app's own method.
    Production's method is scrypt."""
    methods = []
    real_check = accounts.check_password_hash

    def check(pwhash, password):
        methods.append(pwhash.split("$")[0])
        return real_check(pwhash, password)

    monkeypatch.setattr(accounts, "check_password_hash", check)
    auth.register(email=EMAIL)
    auth.logout()
    assert auth.login(email=EMAIL, password="a wrong password").status_code == 401
    assert auth.login(email="nobody@example.com", password="a wrong password").status_code == 401
    assert len(methods) == 2 and methods[0] == methods[1], methods
    expected = "scrypt:" if password_hash_method is PRODUCTION_HASH else CHEAP_PASSWORD_HASH
    assert methods[0].startswith(expected)
