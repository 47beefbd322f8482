"""Deleting the account: password asked again, then every row of that patient is gone."""

import html
import json

from tests.conftest import AuthActions
from tests.data.test_exports import seed_journal, share

PASSWORD = "correct horse battery"

# Tables that hold no patient's rows by foreign key, and why. Every other
# table must reach `users` through foreign keys: a new table that doesn't is
# caught here, so deletion can't silently forget it.
NOT_LINKED_BY_KEY = {
    "_sqlite_migrations": "the schema's own history",
    "rate_limit_hits": "failed sign-ins, keyed by email or IP: checked by email below",
}
# Tables the seeded journal fills for the patient, so the check is never vacuous.
SEEDED = {"users", "plans", "checkins", "readings", "pain_days", "milestones",
          "prompt_dismissals", "share_links", "rate_limit_hits"}


def all_tables(db):
    return [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]


def row_key(db, table):
    """What names one row of `table`: its rowid, or for a WITHOUT ROWID table
    (`pain_days`) its primary key."""
    columns = db.execute(f"PRAGMA table_info({table})").fetchall()
    key = [c[1] for c in sorted(columns, key=lambda c: c[5]) if c[5]]
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    return f"json_array({', '.join(key)})" if "WITHOUT ROWID" in sql.upper() else "rowid"


def text_columns(db, table):
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]


def owned_rows(db, email):
    """`{table: {row key, ...}}` of every row that is the patient's: found by
    following foreign keys from their `users` row, plus any row that names
    their email."""
    user_id = db.execute("SELECT id FROM users WHERE email = ?", [email]).fetchone()[0]
    tables = all_tables(db)
    owned = {table: set() for table in tables}
    owned["users"] = {user_id}
    changed = True
    while changed:
        changed = False
        for table in tables:
            for fk in db.execute(f"PRAGMA foreign_key_list({table})").fetchall():
                parent, column, parent_column = fk[2], fk[3], fk[4] or "rowid"
                if not owned.get(parent):
                    continue
                keys = [
                    row[0]
                    for row in db.execute(
                        f"SELECT {parent_column} FROM {parent}"
                        " WHERE rowid IN (SELECT value FROM json_each(?))",
                        [json.dumps(sorted(owned[parent]))],
                    )
                ]
                rows = {
                    row[0]
                    for row in db.execute(
                        f"SELECT {row_key(db, table)} FROM {table}"
                        f" WHERE {column} IN (SELECT value FROM json_each(?))",
                        [json.dumps(keys)],
                    )
                }
                if rows - owned[table]:
                    owned[table] |= rows
                    changed = True
    for table in tables:
        for column in text_columns(db, table):
            owned[table] |= {
                row[0]
                for row in db.execute(
                    f"SELECT {row_key(db, table)} FROM {table}"
                    f" WHERE instr(CAST({column} AS TEXT), ?) > 0",
                    [email],
                )
            }
    return owned


def linked_to_users(db, table, seen=()):
    """Whether `table` reaches `users` through foreign keys."""
    if table == "users":
        return True
    parents = {fk[2] for fk in db.execute(f"PRAGMA foreign_key_list({table})").fetchall()}
    return any(linked_to_users(db, p, seen + (table,)) for p in parents if p not in seen)


def failed_sign_in(app, email):
    AuthActions(app.test_client()).login(email=email, password="not the password")


def delete(auth, password=PASSWORD):
    return auth.post("/account/delete", {"password": password}, token_from="/account/delete")


def test_deletion_leaves_no_row_of_the_patient_in_any_table(app, auth, client, db):
    seed_journal(auth, db, email="ana@example.com")
    other = AuthActions(app.test_client())
    seed_journal(other, db, email="ben@example.com")
    failed_sign_in(app, "ana@example.com")
    failed_sign_in(app, "ben@example.com")

    for table in all_tables(db):
        assert table in NOT_LINKED_BY_KEY or linked_to_users(db, table), (
            f"{table} holds rows that don't lead to users by a foreign key: decide how "
            "deleting an account removes them, then list it here with the reason"
        )
    anas = owned_rows(db, "ana@example.com")
    bens = owned_rows(db, "ben@example.com")
    for table in SEEDED:
        assert anas[table], f"the seeded journal has no {table} rows: the check would prove nothing"
        assert bens[table]

    response = delete(auth)
    assert response.status_code == 303
    assert response.headers["Location"] == "/login"

    for table in all_tables(db):
        remaining = {row[0] for row in db.execute(f"SELECT {row_key(db, table)} FROM {table}")}
        assert not anas[table] & remaining, f"{table} still has rows of the deleted patient"
        for column in text_columns(db, table):
            hits = db.execute(
                f"SELECT count(*) FROM {table} WHERE instr(CAST({column} AS TEXT), ?) > 0",
                ["ana@example.com"],
            ).fetchone()[0]
            assert hits == 0, f"{table}.{column} still names the deleted patient's email"
    # The other patient's journal is untouched, row for row.
    assert owned_rows(db, "ben@example.com") == bens
    assert other.client.get("/account/export.json").status_code == 200


def test_session_ends_and_the_email_can_register_again(auth, client, db):
    seed_journal(auth, db)
    response = delete(auth)
    follow = client.get(response.headers["Location"])
    assert "Your account and your whole journal are deleted." in html.unescape(
        follow.get_data(as_text=True)
    )
    assert client.get("/account").status_code == 302
    assert client.get("/account/export.json").headers["Location"].startswith("/login")
    assert auth.login().status_code == 401
    assert auth.register().status_code == 303  # a fresh, empty journal
    assert db.execute("SELECT count(*) FROM checkins").fetchone()[0] == 0


def test_share_links_of_the_deleted_patient_stop_working_at_once(app, auth, db, clock):
    user_id = seed_journal(auth, db)
    token = share(db, user_id, clock)
    pt = app.test_client()
    for path in (f"/s/{token}", f"/s/{token}/export.csv", f"/s/{token}/fhir.json"):
        assert pt.get(path).status_code == 200
    delete(auth)
    for path in (f"/s/{token}", f"/s/{token}/export.csv", f"/s/{token}/fhir.json"):
        assert pt.get(path).status_code == 404
    assert db.execute("SELECT count(*) FROM share_links").fetchone()[0] == 0


def test_wrong_password_deletes_nothing(auth, client, db):
    user_id = seed_journal(auth, db)
    response = delete(auth, password="not my password")
    assert response.status_code == 401
    assert "That isn't your password. Your account was not deleted." in html.unescape(
        response.get_data(as_text=True)
    )
    assert db.execute("SELECT count(*) FROM checkins WHERE user_id = ?", [user_id]).fetchone()[0] == 4
    assert client.get("/account").status_code == 200


def test_empty_password_is_asked_for(auth, client, db):
    seed_journal(auth, db)
    response = delete(auth, password="")
    assert response.status_code == 422
    assert "Enter your password to confirm." in response.get_data(as_text=True)
    assert db.execute("SELECT count(*) FROM users").fetchone()[0] == 1


def test_password_guessing_on_the_delete_form_is_limited(app, auth, client, db):
    auth.patient()
    for _ in range(app.config["REAUTH_LIMIT"]):
        assert delete(auth, password="guess").status_code == 401
    response = delete(auth)
    assert response.status_code == 429
    assert "Your account was not deleted" in html.unescape(response.get_data(as_text=True))
    assert db.execute("SELECT count(*) FROM users").fetchone()[0] == 1


def test_delete_page_warns_and_asks_for_the_password(auth, client):
    auth.patient()
    page = html.unescape(client.get("/account/delete").get_data(as_text=True))
    assert "It can't be undone" in page
    assert "Links you gave your PT stop working at once." in page
    assert 'type="password"' in page and 'autocomplete="current-password"' in page
    assert 'method="post"' in page


def test_deleting_needs_a_signed_in_patient(auth, client):
    assert client.get("/account/delete").headers["Location"].startswith("/login")
    response = auth.post("/account/delete", {"password": PASSWORD}, token_from="/login")
    assert response.headers["Location"].startswith("/login")


def test_a_deleted_accounts_cookies_never_open_the_next_new_journal(app, auth, client, db):
    """SQLite reuses the newest row's id after a delete; the session secret makes
    sure the old phone's cookies (session and remember-me) open nothing."""
    from tests.conftest import AuthActions

    auth.patient("ana@example.com")
    other_phone = AuthActions(app.test_client())
    other_phone.login("ana@example.com")
    ana_id = next(db.query("SELECT id FROM users"))["id"]
    response = auth.post("/account/delete", {"password": "correct horse battery"}, token_from="/account/delete")
    assert response.status_code in (303, 303)
    remember = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token=")]
    assert remember and ("Expires=Thu, 01 Jan 1970" in remember[0] or "Max-Age=0" in remember[0])

    ben = AuthActions(app.test_client())
    ben.patient("ben@example.com")
    ben.checkin(note="Ben's private note")
    assert next(db.query("SELECT id FROM users"))["id"] == ana_id  # the id was reused

    for phone in (client, other_phone.client):
        response = phone.get("/history")
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
        assert "Ben's private note" not in response.get_data(as_text=True)
    with other_phone.client.session_transaction() as session:
        session.clear()  # only the remember-me cookie is left
    assert other_phone.client.get("/history").status_code == 302
