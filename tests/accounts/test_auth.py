"""Register, sign in, sign out, rate limits and what the pages never reveal."""

from html import unescape

import pytest

from tests.conftest import PRODUCTION_HASH


# The app's default hash method, not the tests' cheap one: production stores scrypt.
@pytest.mark.parametrize("password_hash_method", [PRODUCTION_HASH], ids=["production hash"])
def test_register_signs_in_and_asks_for_the_plan(auth, client, db):
    response = auth.register(email="Ana@Example.com ")
    assert response.status_code == 303 and response.headers["Location"] == "/plan"
    row = next(db.query("SELECT email, password_hash, timezone FROM users"))
    assert row["email"] == "ana@example.com"
    assert "correct horse battery" not in row["password_hash"]
    assert row["password_hash"].startswith("scrypt:")
    assert row["timezone"] == "Europe/London"
    assert client.get("/plan").status_code == 200


def test_register_with_an_unknown_time_zone_falls_back_to_utc(auth, db):
    auth.register(timezone="Mars/Olympus")
    assert next(db.query("SELECT timezone FROM users"))["timezone"] == "UTC"


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"email": "not-an-email"}, "Enter an email address like name@example.com."),
        ({"email": ""}, "Enter your email address."),
        ({"password": "short"}, "Use at least 8 characters."),
        ({"password": "password123"}, "very common passwords"),
        ({"password": "Sunshine"}, "very common passwords"),
        ({"display_name": ""}, "Enter a name your PT will recognise."),
        ({"display_name": "x" * 61}, "Use 60 characters or fewer."),
    ],
)
def test_register_refuses_bad_input_beside_the_field(auth, db, fields, message):
    data = {"email": "ana@example.com", "password": "correct horse battery",
            "display_name": "Ana", "timezone": "UTC", **fields}
    response = auth.post("/register", data, token_from="/register")
    assert response.status_code == 422
    assert message in unescape(response.get_data(as_text=True))
    assert db["users"].count == 0


def test_duplicate_email_is_refused_without_creating_a_second_account(auth, client, db):
    auth.register()
    auth.logout()
    response = auth.register(email="ANA@example.com", password="another good phrase")
    assert response.status_code == 422
    assert "can't be used to register" in unescape(response.get_data(as_text=True))
    assert db["users"].count == 1


def test_missing_or_wrong_csrf_token_is_refused(client, db):
    data = {"email": "ana@example.com", "password": "correct horse battery", "display_name": "Ana"}
    response = client.post("/register", data=data)
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    response = client.post("/register", data={**data, "csrf_token": "forged"})
    assert response.status_code == 400
    assert db["users"].count == 0


def test_sign_in_and_out(auth, client):
    auth.register()
    auth.logout()
    assert client.get("/").status_code == 302
    response = auth.login()
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert client.get("/plan").status_code == 200
    response = auth.logout()
    assert response.headers["Location"] == "/login"
    assert client.get("/plan").headers["Location"].startswith("/login")


def test_remember_me_sets_a_long_lived_httponly_cookie(auth, client):
    auth.register()
    auth.logout()
    response = auth.login(remember="y")
    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember and "HttpOnly" in remember[0] and "Expires=" in remember[0]


def test_wrong_password_and_unknown_email_get_the_same_answer(auth):
    auth.register()
    auth.logout()
    wrong = auth.login(password="not my password")
    unknown = auth.login(email="nobody@example.com")
    assert wrong.status_code == unknown.status_code == 401
    message = "That email and password don't match an account."
    assert message in unescape(wrong.get_data(as_text=True))
    assert message in unescape(unknown.get_data(as_text=True))


def test_sign_in_redirects_only_to_local_paths(auth, client):
    auth.register()
    auth.logout()
    token = auth.csrf_token("/login")
    data = {"email": "ana@example.com", "password": "correct horse battery", "csrf_token": token}
    response = client.post("/login?next=/history", data=data)
    assert response.headers["Location"] == "/history"
    auth.logout()
    for target in ["https://evil.example/", "//evil.example/", "/\\evil.example"]:
        token = auth.csrf_token("/login")
        response = client.post("/login", query_string={"next": target}, data={**data, "csrf_token": token})
        assert response.headers["Location"] == "/", target
        auth.logout()


def test_sign_in_starts_a_fresh_session(auth, client):
    auth.register()
    auth.logout()
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    auth.login()
    with client.session_transaction() as session:
        assert "planted" not in session


def test_too_many_failures_for_one_account_pause_sign_in(auth, client, clock):
    auth.register()
    auth.logout()
    for _ in range(5):
        assert auth.login(password="wrong password!").status_code == 401
    response = auth.login()  # even the right password waits
    assert response.status_code == 429
    assert "Try again in 15 minutes." in response.get_data(as_text=True)
    clock.advance(minutes=10)
    assert "Try again in 5 minutes." in auth.login().get_data(as_text=True)
    clock.advance(minutes=5, seconds=1)
    assert auth.login().status_code == 303


def test_too_many_failures_from_one_ip_pause_sign_in_for_any_account(auth, app):
    app.config["LOGIN_LIMIT_PER_IP"] = 3
    for n in range(3):
        assert auth.login(email=f"guess{n}@example.com").status_code == 401
    response = auth.login(email="someone.else@example.com")
    assert response.status_code == 429


def test_a_success_clears_the_accounts_failures(auth, client):
    auth.register()
    auth.logout()
    for _ in range(4):
        auth.login(password="wrong password!")
    auth.login()
    auth.logout()
    for _ in range(4):
        assert auth.login(password="wrong password!").status_code == 401


def test_signed_in_visitors_skip_register_and_login(auth, client):
    auth.register()
    assert client.get("/register").headers["Location"] == "/"
    assert client.get("/login").headers["Location"] == "/"


def test_logout_needs_post_and_csrf(auth, client):
    auth.register()
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert client.get("/plan").status_code == 200


def test_refusals_of_taken_emails_are_limited_per_ip(app, auth, db):
    app.config["LOGIN_LIMIT_PER_IP"] = 3
    auth.register()
    auth.logout()
    for _ in range(3):
        assert auth.register(password="another good phrase").status_code == 422
    response = auth.register(email="new.person@example.com", password="another good phrase")
    assert response.status_code == 429
    assert db["users"].count == 1


@pytest.mark.parametrize(
    "target",
    ["/%0d%0aX", "/%0aSet-Cookie:x=1", "/%09/evil.example", "/%00", "javascript:alert(1)",
     "/\\evil.example", "//evil.example", "https://evil.example/", "history"],
)
def test_sign_in_with_a_dangerous_next_goes_to_today(auth, client, target):
    auth.register()
    auth.logout()
    token = auth.csrf_token("/login")
    data = {"email": "ana@example.com", "password": "correct horse battery", "csrf_token": token}
    response = client.open(f"/login?next={target}", method="POST", data=data)
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
