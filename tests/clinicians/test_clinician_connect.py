"""PT accounts, connect codes, connecting and disconnecting, the guess
limits, and the wall between the two kinds of account."""

import re

from journal.clinicians import codes
from tests.clinicians.conftest import ClinicianActions, connect, user_id


def test_a_pt_registers_and_lands_on_their_code(app, db):
    pt = ClinicianActions(app.test_client())
    response = pt.register_pt()
    assert response.status_code == 303 and response.headers["Location"] == "/pt/code"
    row = next(db.query("SELECT u.role, c.clinic, c.connect_code FROM users u"
                        " JOIN clinicians c ON c.user_id = u.id WHERE u.email = 'pt@example.com'"))
    assert row["role"] == "clinician" and row["clinic"] == "Hill Street Physio"
    page = pt.client.get("/pt/code").get_data(as_text=True)
    assert codes.display(row["connect_code"]) in page
    assert "QR code of your connect code" in page
    # The QR code opens the connect page with the code filled in.
    assert f"/share/pt?code={codes.display(row['connect_code'])}" in page


def test_pt_registration_refuses_a_missing_clinic_and_a_weak_password(app, db):
    pt = ClinicianActions(app.test_client())
    response = pt.register_pt(clinic="", password="password")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter the name of your clinic" in page and "common passwords" in page
    assert list(db.query("SELECT * FROM users")) == []


def test_codes_are_twelve_characters_without_look_alikes():
    for _ in range(200):
        code = codes.new_code()
        assert len(code) == 12 and not set(code) & set("IO01")
    assert codes.display("ABCDEFGHJKLM") == "ABCD-EFGH-JKLM"
    assert codes.normalise(" abcd-efgh jklm ") == "ABCDEFGHJKLM"
    assert codes.normalise("ABCD-EFGH-JKL0") is None  # a zero is never in a code
    assert codes.normalise("ABCD-EFGH") is None


def test_a_patient_sees_the_pt_before_connecting_then_the_pt_reads_their_summary(app, db, pt, patient):
    code = pt.code()
    patient.checkin()
    found = patient.post("/share/pt", {"code": code.lower()}, token_from="/share/pt")
    page = found.get_data(as_text=True)
    assert "Priya" in page and "Hill Street Physio" in page
    assert list(db.query("SELECT * FROM pt_connections")) == []  # not yet: the patient confirms
    confirmed = patient.post("/share/pt/confirm", {"code": code}, token_from="/share/pt")
    assert confirmed.status_code == 303
    listing = patient.client.get("/share/pt").get_data(as_text=True)
    assert "Priya" in listing and "Hasn’t looked yet" in listing
    ben = user_id(db, "ben@example.com")
    summary = pt.client.get(f"/pt/patients/{ben}")
    assert summary.status_code == 200
    assert "Ben’s recovery summary" in summary.get_data(as_text=True)
    assert "Last looked" in patient.client.get("/share/pt").get_data(as_text=True)


def test_unknown_and_rotated_codes_get_one_message(app, pt, patient):
    old = pt.code()
    pt.post("/pt/code/rotate", {}, token_from="/pt/code")
    new = pt.code()
    assert new != old
    messages = set()
    for code in (old, "ABCD-EFGH-JKLM", "not a code"):
        response = patient.post("/share/pt", {"code": code}, token_from="/share/pt")
        assert response.status_code == 422
        messages.add(re.search(r'class="error"[^>]*>([^<]+)<', response.get_data(as_text=True)).group(1))
    assert len(messages) == 1 and "doesn’t match a PT" in messages.pop()
    assert connect(patient, new).status_code == 303


def test_a_code_rotated_between_seeing_the_pt_and_confirming_connects_nothing(app, db, pt, patient):
    code = pt.code()
    patient.post("/share/pt", {"code": code}, token_from="/share/pt")
    pt.post("/pt/code/rotate", {}, token_from="/pt/code")
    response = patient.post("/share/pt/confirm", {"code": code}, token_from="/share/pt")
    assert response.status_code == 422
    assert list(db.query("SELECT * FROM pt_connections")) == []


def test_code_guessing_is_limited_per_account(app, pt, patient):
    for _ in range(10):
        assert patient.post("/share/pt", {"code": "ABCD-EFGH-JKLM"}, token_from="/share/pt").status_code == 422
    refused = patient.post("/share/pt", {"code": pt.code()}, token_from="/share/pt")
    # Even the right code waits: otherwise the limit tells a guesser when they hit.
    assert refused.status_code == 429 and "Retry-After" in refused.headers


def test_code_guessing_is_limited_per_network_across_accounts(app):
    app.config["CONNECT_GUESSES_PER_IP"] = 3
    from tests.conftest import AuthActions
    for n in range(2):
        guesser = AuthActions(app.test_client())
        guesser.register(email=f"g{n}@example.com")
        guesser.set_plan()
        statuses = [guesser.post("/share/pt", {"code": "ABCD-EFGH-JKLM"}, token_from="/share/pt").status_code
                    for _ in range(2)]
        expected = [422, 422] if n == 0 else [422, 429]
        assert statuses == expected


def test_a_right_code_does_not_use_the_allowance(app, pt, patient):
    code = pt.code()
    for _ in range(15):
        assert patient.post("/share/pt", {"code": code}, token_from="/share/pt").status_code == 200


def test_disconnect_is_effective_at_once(app, db, pt, patient):
    connect(patient, pt.code())
    ben = user_id(db, "ben@example.com")
    assert pt.client.get(f"/pt/patients/{ben}").status_code == 200
    connection = next(db.query("SELECT id FROM pt_connections"))["id"]
    response = patient.post(f"/share/pt/{connection}/disconnect", {}, token_from="/share/pt")
    assert response.status_code == 303
    assert pt.client.get(f"/pt/patients/{ben}").status_code == 404
    assert "Ben" not in pt.client.get("/pt").get_data(as_text=True)
    # Its looks go with it: kept for the life of the link.
    assert list(db.query("SELECT * FROM pt_looks")) == []


def test_a_patient_may_connect_several_pts(app, db, pt, patient):
    other = ClinicianActions(app.test_client())
    other.register_pt(email="pt2@example.com", name="Tom", clinic="Riverside")
    connect(patient, pt.code())
    connect(patient, other.code())
    page = patient.client.get("/share/pt").get_data(as_text=True)
    assert "Priya" in page and "Tom" in page and "Riverside" in page
    ben = user_id(db, "ben@example.com")
    assert other.client.get(f"/pt/patients/{ben}").status_code == 200


def test_a_pt_cannot_reach_patient_pages_and_lands_on_the_caseload(app, pt):
    assert pt.client.get("/").headers["Location"] == "/pt"
    for path in ("/history", "/summary", "/timeline", "/share", "/plan", "/checkins/new",
                 "/account/export.json", "/share/pt"):
        assert pt.client.get(path).status_code == 404, path
    response = pt.post("/checkins", {"location": ["hip_right"], "intensity-hip_right": "5"},
                       token_from="/pt/code")
    assert response.status_code == 404
    assert pt.client.get("/account").status_code == 200


def test_a_patient_cannot_reach_pt_pages(app, pt, patient):
    for path in ("/pt", "/pt/code", "/pt/patients/1"):
        assert patient.client.get(path).status_code == 404, path
    assert patient.post("/pt/code/rotate", {}, token_from="/share/pt").status_code == 404


def test_a_pt_sees_only_connected_patients(app, db, pt, patient):
    ben = user_id(db, "ben@example.com")
    assert pt.client.get(f"/pt/patients/{ben}").status_code == 404
    assert "Ben" not in pt.client.get("/pt").get_data(as_text=True)
    connect(patient, pt.code())
    assert "Ben" in pt.client.get("/pt").get_data(as_text=True)
    # Another PT's ids are no key either.
    priya = user_id(db, "pt@example.com")
    assert pt.client.get(f"/pt/patients/{priya}").status_code == 404


def test_deleting_the_pt_removes_connections_and_notes_at_once(app, db, pt, patient):
    connect(patient, pt.code())
    ben = user_id(db, "ben@example.com")
    pt.post(f"/pt/patients/{ben}/notes", {"body": "Keep going"}, token_from="/pt/code")
    page = pt.client.get("/account/delete").get_data(as_text=True)
    assert "every patient is disconnected" in page and "export.json" not in page
    response = pt.post("/account/delete", {"password": "correct horse battery"}, token_from="/account/delete")
    assert response.status_code == 303
    assert "your patients are disconnected" in pt.client.get("/login").get_data(as_text=True)
    for table in ("clinicians", "pt_connections", "pt_notes", "pt_looks"):
        assert list(db.query(f"SELECT * FROM {table}")) == [], table
    assert "No PT connected" in patient.client.get("/share/pt").get_data(as_text=True)


def test_deleting_the_patient_removes_connections_notes_and_looks(app, db, pt, patient):
    connect(patient, pt.code())
    ben = user_id(db, "ben@example.com")
    pt.post(f"/pt/patients/{ben}/notes", {"body": "Keep going"}, token_from="/pt/code")
    patient.post("/account/delete", {"password": "correct horse battery"}, token_from="/account/delete")
    for table in ("pt_connections", "pt_notes", "pt_looks"):
        assert list(db.query(f"SELECT * FROM {table}")) == [], table
    assert pt.client.get(f"/pt/patients/{ben}").status_code == 404
