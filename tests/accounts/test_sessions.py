"""Sign-out ends the session on the server: cookies copied before it are dead."""

from tests.conftest import AuthActions


def copied_cookies(client):
    return {name: client.get_cookie(name).value for name in ("session", "remember_token")
            if client.get_cookie(name) is not None}


def replay(app, cookies):
    """A fresh browser holding only the copied cookies."""
    thief = app.test_client()
    for name, value in cookies.items():
        thief.set_cookie(name, value)
    return thief


def test_cookies_copied_before_sign_out_are_signed_out_after_it(app, auth, client):
    auth.patient()
    cookies = copied_cookies(client)
    assert set(cookies) == {"session", "remember_token"}
    assert replay(app, cookies).get("/history").status_code == 200  # the copy works while signed in

    auth.logout()

    for only in ({"session": cookies["session"]}, {"remember_token": cookies["remember_token"]}, cookies):
        response = replay(app, only).get("/history")
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), only


def test_signing_out_one_phone_leaves_the_others_signed_in(app, auth, client):
    auth.patient()
    other_phone = AuthActions(app.test_client())
    other_phone.login()
    auth.logout()
    assert other_phone.client.get("/history").status_code == 200


def test_sign_out_everywhere_ends_every_session_and_remember_me_cookie(app, auth, client):
    auth.patient()
    other_phone = AuthActions(app.test_client())
    other_phone.login()
    other_cookies = copied_cookies(other_phone.client)
    mine = copied_cookies(client)

    response = auth.post("/account/sign-out-everywhere", token_from="/account")
    assert response.status_code == 303 and response.headers["Location"] == "/login"

    assert other_phone.client.get("/history").status_code == 302
    for cookies in (other_cookies, mine, {"remember_token": other_cookies["remember_token"]}):
        assert replay(app, cookies).get("/history").status_code == 302
    assert auth.login().status_code == 303  # the password still works


def test_account_page_offers_sign_out_everywhere(auth, client):
    auth.patient()
    body = client.get("/account").get_data(as_text=True)
    assert 'action="/account/sign-out-everywhere"' in body
    assert "Sign out everywhere" in body


def test_sign_out_everywhere_needs_post_and_csrf(auth, client):
    auth.patient()
    assert client.get("/account/sign-out-everywhere").status_code == 405
    assert client.post("/account/sign-out-everywhere").status_code == 400
    assert client.get("/history").status_code == 200
