"""No request holds SQLite's write lock while it hashes or checks a password.

A password hash takes tens of milliseconds on purpose. Inside a write
transaction it would make every other patient's save wait behind it: sixty
registrations at once were enough to make a check-in fail with "database is
locked".
"""

import threading

import pytest
from flask import g

from journal.accounts import store as accounts
from tests.conftest import PRODUCTION_HASH, AuthActions


@pytest.fixture
def hashing_outside_transactions(monkeypatch):
    """Fail any password hash or check made while this request's connection
    is inside a transaction."""
    seen = []

    def guard(real):
        def wrapper(*args, **kwargs):
            db = g.get("db")
            seen.append(db is not None and db.conn.in_transaction)
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(accounts, "generate_password_hash", guard(accounts.generate_password_hash))
    monkeypatch.setattr(accounts, "check_password_hash", guard(accounts.check_password_hash))
    return seen


def test_no_password_is_hashed_or_checked_inside_a_write_transaction(
    app, auth, client, hashing_outside_transactions
):
    auth.patient()
    auth.logout()
    auth.login(password="a wrong password")
    auth.login()
    auth.post("/account/password", {"password-current_password": "correct horse battery",
                                    "password-new_password": "violet tractor sings softly"})
    auth.post("/account/delete", {"password": "violet tractor sings softly"},
              token_from="/account/delete")
    assert len(hashing_outside_transactions) >= 5
    assert not any(hashing_outside_transactions)


# The real, slow hash: a cheap one would hold the lock too briefly to block anyone.
@pytest.mark.parametrize("password_hash_method", [PRODUCTION_HASH], ids=["production hash"])
def test_a_flood_of_registrations_never_blocks_another_patients_check_in(app, auth):
    auth.patient()
    registrations = 60
    clients = [app.test_client() for _ in range(registrations)]
    tokens = [AuthActions(c).csrf_token("/register") for c in clients]
    checkin_token = auth.csrf_token("/checkins/new")
    barrier = threading.Barrier(registrations + 1)
    statuses = {}
    checkins = []

    def register(n):
        barrier.wait()
        statuses[n] = clients[n].post(
            "/register",
            data={"email": f"flood{n}@example.com", "password": "correct horse battery",
                  "display_name": "Flood", "csrf_token": tokens[n]},
            # Many addresses, so the per-address limit isn't what saves the check-in.
            environ_base={"REMOTE_ADDR": f"10.0.{n // 200}.{n % 200 + 1}"},
        ).status_code

    def check_in():
        barrier.wait()
        # Save check-ins for as long as the flood lasts.
        while any(t.is_alive() for t in threads[:registrations]) and len(checkins) < 20:
            checkins.append(auth.client.post(
                "/checkins",
                data={"location": ["hip_right"], "intensity-hip_right": "5",
                      "csrf_token": checkin_token},
            ).status_code)

    threads = [threading.Thread(target=register, args=(n,)) for n in range(registrations)]
    threads.append(threading.Thread(target=check_in))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert checkins and set(checkins) == {303}, checkins
    assert sorted(statuses.values()) == [303] * registrations, statuses
