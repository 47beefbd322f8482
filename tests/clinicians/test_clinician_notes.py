"""Notes from the PT to the patient, and the trail of every PT look."""

import io
import json

import pytest

from tests.clinicians.conftest import connect, user_id


@pytest.fixture
def ben(db, pt, patient):
    connect(patient, pt.code())
    return user_id(db, "ben@example.com")


def test_a_note_shows_on_today_until_read_and_the_pt_sees_it_was_read(app, db, pt, patient, ben):
    sent = pt.post(f"/pt/patients/{ben}/notes", {"body": "Nice work on the bridges.\r\nKeep icing."},
                   token_from="/pt/code")
    assert sent.status_code == 303
    assert "not read yet" in pt.client.get(f"/pt/patients/{ben}").get_data(as_text=True)
    today = patient.client.get("/").get_data(as_text=True)
    assert "From Priya, PT · 16 Mar" in today and "Nice work on the bridges." in today
    note_id = next(db.query("SELECT id FROM pt_notes"))["id"]
    read = patient.post(f"/notes/{note_id}/read", {}, token_from="/share/pt")
    assert read.status_code == 303
    assert "Nice work" not in patient.client.get("/").get_data(as_text=True)
    page = pt.client.get(f"/pt/patients/{ben}").get_data(as_text=True)
    assert "· read" in page and "not read yet" not in page


def test_a_note_is_in_history_on_its_day(app, pt, patient, ben):
    patient.checkin()
    pt.post(f"/pt/patients/{ben}/notes", {"body": "Try the bike"}, token_from="/pt/code")
    history = patient.client.get("/history").get_data(as_text=True)
    assert "From Priya, PT: Try the bike" in history


def test_a_note_is_plain_text_and_escaped(app, pt, patient, ben):
    pt.post(f"/pt/patients/{ben}/notes", {"body": "<script>alert(1)</script>"}, token_from="/pt/code")
    today = patient.client.get("/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in today and "&lt;script&gt;" in today


@pytest.mark.parametrize("body, message", [
    ("", "Write the note first."),
    ("x" * 1001, "1,000 characters or fewer"),
    ("Hi\u202eevil", "invisible control character"),
])
def test_a_bad_note_is_refused_with_a_message_and_saves_nothing(app, db, pt, ben, body, message):
    response = pt.post(f"/pt/patients/{ben}/notes", {"body": body}, token_from="/pt/code")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert list(db.query("SELECT * FROM pt_notes")) == []


def test_a_note_of_exactly_1000_characters_is_kept(app, db, pt, ben):
    assert pt.post(f"/pt/patients/{ben}/notes", {"body": "x" * 1000}, token_from="/pt/code").status_code == 303
    assert len(next(db.query("SELECT body FROM pt_notes"))["body"]) == 1000


def test_a_patient_cannot_mark_another_patients_note(app, db, pt, ben):
    pt.post(f"/pt/patients/{ben}/notes", {"body": "For Ben"}, token_from="/pt/code")
    from tests.conftest import AuthActions
    other = AuthActions(app.test_client())
    other.patient("cal@example.com")
    note_id = next(db.query("SELECT id FROM pt_notes"))["id"]
    assert other.post(f"/notes/{note_id}/read", {}, token_from="/share/pt").status_code == 404
    assert next(db.query("SELECT read_at FROM pt_notes"))["read_at"] is None


def test_every_pt_look_is_recorded_and_shown_to_the_patient(app, db, clock, pt, patient, ben):
    pt.client.get(f"/pt/patients/{ben}")
    clock.advance(hours=4, minutes=5)
    pt.client.get(f"/pt/patients/{ben}")
    looks = list(db.query("SELECT what, looked_at FROM pt_looks ORDER BY id"))
    assert [look["what"] for look in looks] == ["summary", "summary"]
    page = patient.client.get("/share/pt").get_data(as_text=True)
    # 14:05 UTC is 14:05 in London in March (before the clocks change).
    assert "Priya (PT) looked at your summary on Mon 16 Mar, 14:05" in page
    assert "Priya (PT) looked at your summary on Mon 16 Mar, 10:00" in page
    assert "Last looked Mon 16 Mar 2026 at 14:05" in page


def test_the_caseload_is_not_a_look(app, db, pt, ben):
    pt.client.get("/pt")
    assert list(db.query("SELECT * FROM pt_looks")) == []


def test_notes_and_looks_are_in_the_json_export(app, pt, patient, ben):
    pt.client.get(f"/pt/patients/{ben}")
    pt.post(f"/pt/patients/{ben}/notes", {"body": "Keep going"}, token_from="/pt/code")
    document = json.loads(patient.client.get("/account/export.json").data)
    assert document["pt_notes"] == [{
        "pt_name": "Priya", "clinic": "Hill Street Physio", "body": "Keep going",
        "local_date": "2026-03-16", "created_at": "2026-03-16T10:00:00+00:00", "read_at": None,
    }]
    assert [look["what"] for look in document["pt_looks"]] == ["summary"]
    assert document["pt_looks"][0]["pt_name"] == "Priya"


def test_the_exported_journal_imports_again_without_its_pt_records(app, db, pt, patient, ben):
    pt.post(f"/pt/patients/{ben}/notes", {"body": "Keep going"}, token_from="/pt/code")
    exported = patient.client.get("/account/export.json").data
    from tests.conftest import AuthActions
    mover = AuthActions(app.test_client())
    mover.register(email="new@example.com")
    response = mover.post("/account/import", {"journal_file": (io.BytesIO(exported), "j.json")},
                          token_from="/account", content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    mover_id = user_id(db, "new@example.com")
    assert list(db.query("SELECT * FROM pt_notes WHERE patient_id = ?", [mover_id])) == []


def test_notes_are_communications_in_the_fhir_export(app, pt, patient, ben):
    pt.post(f"/pt/patients/{ben}/notes", {"body": "Keep going"}, token_from="/pt/code")
    bundle = json.loads(patient.client.get("/account/export.fhir.json").data)
    communications = [e["resource"] for e in bundle["entry"]
                      if e["resource"]["resourceType"] == "Communication"]
    assert len(communications) == 1
    note = communications[0]
    patient_ref = bundle["entry"][0]["fullUrl"]
    assert note["payload"] == [{"contentString": "Keep going"}]
    assert note["subject"]["reference"] == patient_ref and note["recipient"][0]["reference"] == patient_ref
    assert note["sender"]["display"] == "Priya (PT, Hill Street Physio)"
    assert note["sent"] == "2026-03-16T10:00:00+00:00" and "received" not in note


def test_a_note_on_a_day_without_a_check_in_is_in_history_on_exactly_one_page(app, db, clock, pt, patient, ben):
    # Check-ins on 8 days (16, 15, ..., 10 Mar on page 1; 5 Mar on page 2), a
    # note on 7 Mar (between the pages) and one on 1 Mar (before them all).
    for day in (16, 15, 14, 13, 12, 11, 10, 5):
        patient.checkin(date=f"2026-03-{day:02d}", time="08:00")
    for day, body in ((7, "Gap-day note"), (1, "Oldest note")):
        db.execute("INSERT INTO pt_notes (patient_id, clinician_id, body, local_date, created_at)"
                   " VALUES (?, ?, ?, ?, ?)", [ben, user_id(db, "pt@example.com"), body,
                                               f"2026-03-{day:02d}", f"2026-03-{day:02d}T09:00:00+00:00"])
    db.conn.commit()
    first = patient.client.get("/history").get_data(as_text=True)
    second = patient.client.get("/history?page=2").get_data(as_text=True)
    assert "Gap-day note" not in first and "Oldest note" not in first
    assert second.index("Gap-day note") < second.index("Sun 1 Mar 2026") < second.index("Oldest note")
    assert "Thu 5 Mar 2026" in second and "Sat 7 Mar 2026" in second
