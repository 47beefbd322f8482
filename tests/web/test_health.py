"""`/healthz`: 200 when the database answers and is migrated, 503 otherwise; public, uncached, cookie-free."""

import os

from journal.web.db import connect


def _forget_last_migration(path):
    """A database one migration behind the code, as after restoring an old backup."""
    db = connect(path)
    with db.conn:
        db.execute("DELETE FROM _sqlite_migrations WHERE id = (SELECT max(id) FROM _sqlite_migrations)")
    db.conn.close()


def test_health_is_ok_for_a_stranger_with_a_current_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_health_sets_no_cookie_for_a_signed_in_patient_either(auth):
    auth.patient()
    response = auth.client.get("/healthz")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_health_is_503_while_a_migration_is_pending(app, client):
    _forget_last_migration(app.config["DATABASE"])
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "problem": "migrations pending"}
    assert response.headers["Cache-Control"] == "no-store"


def test_health_is_503_when_the_database_is_unreadable(app, client):
    path = app.config["DATABASE"]
    for leftover in (f"{path}-wal", f"{path}-shm"):
        if os.path.exists(leftover):
            os.remove(leftover)
    with open(path, "wb") as f:
        f.write(b"this is not an SQLite database " * 200)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["problem"] == "database unreadable"


def test_health_is_503_and_creates_no_empty_database_when_the_file_is_gone(app, client):
    path = app.config["DATABASE"]
    os.remove(path)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["problem"] == "database missing"
    assert not os.path.exists(path)


def test_health_refuses_post(client):
    assert client.post("/healthz").status_code in (400, 405)
