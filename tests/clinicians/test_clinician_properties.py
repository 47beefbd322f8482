"""Arbitrary input to the PT's forms and the connect form: never a 5xx, and
the database holds exactly the valid record or nothing new."""

from hypothesis import given
from hypothesis import strategies as st

from tests.clinicians.conftest import ClinicianActions, connect, user_id
from tests.conftest import AuthActions
from tests.test_properties import FIXTURES, nasty_text


@FIXTURES
@given(fields=st.fixed_dictionaries({}, optional={
    "email": nasty_text, "password": nasty_text, "display_name": nasty_text, "clinic": nasty_text,
    "timezone": nasty_text,
}))
def test_any_pt_registration_makes_one_pt_with_a_clinic_or_nothing(app, db, fields):
    app.config.update(REGISTER_LIMIT_PER_IP=10**6, ACCOUNTS_PER_IP_PER_DAY=10**6)
    pt = ClinicianActions(app.test_client())
    before = (db["users"].count, db["clinicians"].count)
    response = pt.post("/register/pt", fields, token_from="/register/pt")
    assert response.status_code < 500
    after = (db["users"].count, db["clinicians"].count)
    if response.status_code == 303:
        assert after == (before[0] + 1, before[1] + 1)
        row = next(db.query("SELECT c.clinic FROM clinicians c ORDER BY user_id DESC LIMIT 1"))
        assert row["clinic"] == fields["clinic"].strip() and row["clinic"]
    else:
        assert response.status_code == 422 and after == before


@FIXTURES
@given(body=st.one_of(nasty_text, st.lists(nasty_text, min_size=2, max_size=3)))
def test_any_note_is_saved_whole_or_refused_cleanly(app, db, body):
    if db["pt_connections"].count == 0:
        pt = ClinicianActions(app.test_client())
        pt.register_pt()
        patient = AuthActions(app.test_client())
        patient.patient("ben@example.com")
        connect(patient, pt.code())
    pt = ClinicianActions(app.test_client())
    pt.login("pt@example.com")
    ben = user_id(db, "ben@example.com")
    before = db["pt_notes"].count
    response = pt.post(f"/pt/patients/{ben}/notes", {"body": body}, token_from="/pt/code")
    assert response.status_code < 500
    if response.status_code == 303:
        assert db["pt_notes"].count == before + 1
        stored = next(db.query("SELECT body FROM pt_notes ORDER BY id DESC LIMIT 1"))["body"]
        first = body[0] if isinstance(body, list) else body
        assert stored == first.strip().replace("\r\n", "\n") and 0 < len(stored) <= 1000
    else:
        assert response.status_code == 422 and db["pt_notes"].count == before


@FIXTURES
@given(code=st.one_of(nasty_text, st.lists(nasty_text, min_size=2, max_size=3)))
def test_any_typed_code_connects_nothing_unless_it_is_a_pts(app, db, code):
    app.config["CONNECT_GUESSES_PER_ACCOUNT"] = app.config["CONNECT_GUESSES_PER_IP"] = 10**6
    if db["users"].count == 0:
        ClinicianActions(app.test_client()).register_pt()
        AuthActions(app.test_client()).patient("ben@example.com")
    patient = AuthActions(app.test_client())
    patient.login("ben@example.com")
    for path in ("/share/pt", "/share/pt/confirm"):
        response = patient.post(path, {"code": code}, token_from="/share/pt")
        assert response.status_code == 422, (path, response.status_code)
    assert db["pt_connections"].count == 0
