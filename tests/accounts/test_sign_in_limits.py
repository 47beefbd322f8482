"""Sign-in limits under attack: parallel guesses, lock-outs by strangers,
re-authentication of a signed-in patient, and when to try again."""

import threading
from html import unescape

import pytest

from tests.conftest import PRODUCTION_HASH, AuthActions

ATTACKER = {"REMOTE_ADDR": "203.0.113.66"}
OWNER = {"REMOTE_ADDR": "198.51.100.7"}


def page(response):
    return unescape(response.get_data(as_text=True))


def login_from(client, ip, email="ana@example.com", password="correct horse battery"):
    """A sign-in from `ip`, with a CSRF token read from the page like a browser."""
    auth = AuthActions(client)
    token = auth.csrf_token("/login")
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        environ_base={"REMOTE_ADDR": ip},
    )


# The real, slow hash: it is the window a count taken after it would race through.
@pytest.mark.parametrize("password_hash_method", [PRODUCTION_HASH], ids=["production hash"])
def test_parallel_sign_ins_check_at_most_the_limit(app, auth):
    """40 sign-ins for one email at the same instant (39 wrong passwords, the
    right one last): the attempt is counted before the slow hash, atomically,
    so no more than the limit are ever checked."""
    auth.register()
    auth.logout()
    limit = 5
    passwords = [f"wrong password {n}" for n in range(39)] + ["correct horse battery"]
    clients = [app.test_client() for _ in passwords]
    tokens = [AuthActions(c).csrf_token("/login") for c in clients]
    barrier = threading.Barrier(len(passwords))
    statuses = [None] * len(passwords)

    def attempt(n):
        barrier.wait()
        statuses[n] = clients[n].post(
            "/login",
            data={"email": "ana@example.com", "password": passwords[n], "csrf_token": tokens[n]},
        ).status_code

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(len(passwords))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    checked = statuses.count(401) + statuses.count(303)
    assert checked <= limit, statuses
    assert statuses.count(429) == len(passwords) - checked, statuses


def test_a_stranger_failing_from_another_ip_never_locks_the_owner_out(auth, client):
    auth.register()
    auth.logout()
    attacker = client.application.test_client()
    for _ in range(5):
        assert login_from(attacker, ATTACKER["REMOTE_ADDR"], password="guess guess guess").status_code == 401
    blocked = login_from(attacker, ATTACKER["REMOTE_ADDR"])  # even the right password waits
    assert blocked.status_code == 429
    # The owner, on their own phone and network, signs in at once.
    assert login_from(client, OWNER["REMOTE_ADDR"]).status_code == 303


def test_the_slower_per_account_backstop_trips_after_its_higher_count(app, auth, client, clock):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = 8  # 50 by default; fewer hashes in a test
    auth.register()
    auth.logout()
    stranger = app.test_client()
    for n in range(8):  # four guesses from each of two addresses: under each pair's limit
        response = login_from(stranger, f"203.0.113.{n % 2 + 1}", password="guess guess guess")
        assert response.status_code == 401
    blocked = login_from(client, OWNER["REMOTE_ADDR"])
    assert blocked.status_code == 429
    assert blocked.headers["Retry-After"] == str(60 * 60)
    assert "Try again in 60 minutes" in page(blocked)
    clock.advance(minutes=60, seconds=1)
    assert login_from(client, OWNER["REMOTE_ADDR"]).status_code == 303


def test_the_429_page_says_when_and_sends_retry_after(auth, client, clock):
    auth.register()
    auth.logout()
    for _ in range(5):
        login_from(client, ATTACKER["REMOTE_ADDR"], password="guess guess guess")
    clock.advance(minutes=3)
    blocked = login_from(client, ATTACKER["REMOTE_ADDR"])
    assert blocked.status_code == 429
    assert blocked.headers["Retry-After"] == str(12 * 60)
    assert "Try again in 12 minutes" in page(blocked)


def test_a_strangers_failures_never_stop_the_signed_in_patient_changing_the_password(app, auth, client):
    auth.patient()
    stranger = app.test_client()
    for _ in range(6):
        login_from(stranger, ATTACKER["REMOTE_ADDR"], password="guess guess guess")
    response = auth.post("/account/password", {
        "password-current_password": "correct horse battery",
        "password-new_password": "violet tractor sings softly",
    })
    assert response.status_code == 303


def test_a_strangers_failures_never_stop_the_signed_in_patient_deleting_the_account(app, auth, db):
    auth.patient()
    stranger = app.test_client()
    for _ in range(6):
        login_from(stranger, ATTACKER["REMOTE_ADDR"], password="guess guess guess")
    response = auth.post("/account/delete", {"password": "correct horse battery"},
                         token_from="/account/delete")
    assert response.status_code == 303
    assert db["users"].count == 0


def test_re_authentication_has_its_own_limit_for_the_signed_in_account(app, auth, client):
    auth.patient()
    for _ in range(5):
        wrong = auth.post("/account/password", {"password-current_password": "a wrong guess",
                                                "password-new_password": "violet tractor sings softly"})
        assert wrong.status_code == 422
    blocked = auth.post("/account/delete", {"password": "correct horse battery"},
                        token_from="/account/delete")
    assert blocked.status_code == 429 and "Retry-After" in blocked.headers
    # Signing in is a separate count: the patient's other phone still can.
    other_phone = app.test_client()
    assert login_from(other_phone, OWNER["REMOTE_ADDR"]).status_code == 303
