"""Import a JSON export into an empty account: all or nothing, same rules as the forms."""

import copy
import html
import io
import json
from datetime import datetime, timezone

import pytest

from journal.data import imports, store as journal_data
from tests.conftest import AuthActions
from tests.data.test_exports import TRICKY_NOTE, seed_journal

NOW = datetime(2026, 3, 16, 10, 0, tzinfo=timezone.utc)


def valid_document():
    """A small export as the JSON download writes it."""
    return {
        "format": "recovery-journal",
        "version": 1,
        "exported_at": "2026-03-16T09:00:00+00:00",
        "profile": {"display_name": "Ana", "timezone": "Europe/London"},
        "plan": {
            "procedure": "Hip arthroscopy",
            "side": "left",
            "surgery_date": "2026-03-02",
            "crutch_weeks": 3,
            "pt_start_date": "2026-03-04",
            "pt_weeks": 8,
        },
        "checkins": [
            {
                "date": "2026-03-10",
                "time": "08:30",
                "recorded_at": "2026-03-10T08:30:00+00:00",
                "readings": [{"location": "hip_left", "other_text": "", "intensity": 6}],
                "pain_free": False,
                "context": "morning",
                "home_exercises": True,
                "note": "stiff",
                "warning_signs": [],
                "created_at": "2026-03-10T08:31:00+00:00",
                "updated_at": "2026-03-10T08:31:00+00:00",
            },
            {
                "date": "2026-03-11",
                "time": "20:00",
                "recorded_at": "2026-03-11T20:00:00+00:00",
                "readings": [{"location": "other", "other_text": "jaw", "intensity": 1}],
                "pain_free": False,
                "context": None,
                "home_exercises": None,
                "note": "",
                "warning_signs": ["fever"],
                "created_at": "2026-03-11T20:00:00+00:00",
                "updated_at": "2026-03-11T20:00:00+00:00",
            },
        ],
        "milestones": [
            {"kind": "first_pt", "title": "", "date": "2026-03-04",
             "created_at": "2026-03-04T12:00:00+00:00"},
        ],
        "dismissed_prompts": [
            {"prompt_key": "warning:fever:2026-03-11", "dismissed_at": "2026-03-11T20:05:00+00:00"}
        ],
        "share_links": [],
    }


def read(document):
    return imports.read_journal(json.dumps(document).encode(), NOW)


def upload(auth, body, filename="journal.json"):
    return auth.post(
        "/account/import",
        {"journal_file": (io.BytesIO(body), filename)},
        content_type="multipart/form-data",
    )


def upload_large(auth, body):
    """Upload with a multipart body built here: the test client's own encoder
    spools large bodies to a temporary file it never closes."""
    boundary = "journal-boundary"
    payload = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
        f"{auth.csrf_token('/account')}\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"journal_file\";"
        f" filename=\"journal.json\"\r\nContent-Type: application/json\r\n\r\n"
    ).encode() + body + f"\r\n--{boundary}--\r\n".encode()
    return auth.client.post(
        "/account/import",
        data=payload,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def counts(db, user_id):
    return {
        table: db.execute(f"SELECT count(*) FROM {table} WHERE user_id = ?", [user_id]).fetchone()[0]
        for table in ("checkins", "milestones", "prompt_dismissals", "share_links", "plans")
    }


def new_patient(app, db, email="ana.new@example.com"):
    """A second browser: a patient who just registered on the new server."""
    auth = AuthActions(app.test_client())
    auth.register(email=email, timezone="America/New_York")
    auth.set_plan(surgery_date="2026-03-01", timezone="America/New_York", side="both")
    user_id = db.execute("SELECT id FROM users WHERE email = ?", [email]).fetchone()[0]
    return auth, user_id


def comparable(export_body):
    """The export minus what a move on the same server changes: the time of
    export, share links, and reading uids (taken already, so new ones)."""
    document = json.loads(export_body)
    document.pop("exported_at")
    document.pop("share_links")
    document.pop("calendar", None)
    for checkin in document["checkins"]:
        for reading in checkin["readings"]:
            reading.pop("uid")
    return document


# --- the round trip -------------------------------------------------------------


def test_export_import_export_gives_the_same_journal(app, auth, client, db):
    seed_journal(auth, db)
    first = client.get("/account/export.json").data
    new_auth, new_id = new_patient(app, db)

    response = upload(new_auth, first)
    assert response.status_code == 303, response.get_data(as_text=True)
    assert response.headers["Location"] == "/account"
    page = new_auth.client.get("/account").get_data(as_text=True)
    assert "Imported 4 check-ins and 3 milestones." in page

    second = new_auth.client.get("/account/export.json").data
    assert comparable(second) == comparable(first)
    # Every kind of record came across, not just an empty journal twice.
    document = comparable(second)
    assert document["profile"]["timezone"] == "Europe/London"
    assert document["plan"]["side"] == "right"
    assert (document["plan"]["weight_bearing"], document["plan"]["weight_bearing_until"]) == (
        "partial", "2026-03-20"
    )
    assert {r["location"] for c in document["checkins"] for r in c["readings"]} >= {
        "hip_right", "lower_back", "other", "groin_left", "knee_right"
    }
    assert any(c["pain_free"] and not c["readings"] for c in document["checkins"])
    assert document["checkins"][0]["note"] == TRICKY_NOTE
    assert len(document["milestones"]) == 3 and len(document["dismissed_prompts"]) == 1
    # A share link's secret is not in the file: links stay on the old server.
    assert json.loads(second)["share_links"] == []
    assert counts(db, new_id)["share_links"] == 0


def test_csv_and_fhir_after_import_match_the_original(app, auth, client, db):
    seed_journal(auth, db)
    first_csv = client.get("/account/export.csv").data
    first_fhir = json.loads(client.get("/account/export.fhir.json").data)
    new_auth, _ = new_patient(app, db)
    upload(new_auth, client.get("/account/export.json").data)
    assert new_auth.client.get("/account/export.csv").data == first_csv
    second_fhir = json.loads(new_auth.client.get("/account/export.fhir.json").data)

    def observations(bundle):
        return [
            (r["effectiveDateTime"], r.get("valueInteger"), r.get("bodySite"), r.get("note"),
             len(r.get("hasMember", [])))
            for r in (e["resource"] for e in bundle["entry"])
            if r["resourceType"] == "Observation"
        ]

    assert observations(second_fhir) == observations(first_fhir)


# --- all or nothing -------------------------------------------------------------


def test_file_broken_halfway_imports_nothing(app, auth, client, db):
    seed_journal(auth, db)
    document = json.loads(client.get("/account/export.json").data)
    document["checkins"][2]["readings"][0]["intensity"] = 11
    new_auth, new_id = new_patient(app, db)
    before = counts(db, new_id)

    response = upload(new_auth, json.dumps(document).encode())
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nothing was imported" in page
    assert "Check-in 3 (2026-03-15 23:59)" in page
    assert "Pain is a whole number from 0 (no pain) to 10." in page
    assert counts(db, new_id) == before
    plan = db.execute("SELECT side, surgery_date FROM plans WHERE user_id = ?", [new_id]).fetchone()
    assert plan == ("both", "2026-03-01")
    tz = db.execute("SELECT timezone FROM users WHERE id = ?", [new_id]).fetchone()[0]
    assert tz == "America/New_York"


def test_a_failure_while_writing_rolls_back_every_record(app, db, monkeypatch):
    _, new_id = new_patient(app, db)
    journal, problems = read(valid_document())
    assert problems == []
    real_insert = journal_data._insert_checkin
    calls = []

    def insert_then_fail(db, user_id, checkin):
        calls.append(checkin)
        if len(calls) == 2:
            raise RuntimeError("disk full halfway through")
        real_insert(db, user_id, checkin)

    monkeypatch.setattr(journal_data, "_insert_checkin", insert_then_fail)
    with pytest.raises(RuntimeError):
        journal_data.restore(db, new_id, journal, NOW)
    assert len(calls) == 2  # the first check-in was written before the failure
    assert counts(db, new_id) == {
        "checkins": 0, "milestones": 0, "prompt_dismissals": 0, "share_links": 0, "plans": 1
    }
    assert db.execute("SELECT count(*) FROM readings").fetchone()[0] == 0
    assert db.execute("SELECT side FROM plans WHERE user_id = ?", [new_id]).fetchone()[0] == "both"
    assert db.execute("SELECT timezone FROM users WHERE id = ?", [new_id]).fetchone()[0] == (
        "America/New_York"
    )


def test_import_into_a_journal_with_check_ins_is_refused(app, auth, client, db):
    seed_journal(auth, db)
    body = client.get("/account/export.json").data
    new_auth, new_id = new_patient(app, db)
    new_auth.checkin(note="already mine")
    before = counts(db, new_id)
    response = upload(new_auth, body)
    assert response.status_code == 409
    assert "already has check-ins or milestones" in response.get_data(as_text=True)
    assert counts(db, new_id) == before
    page = new_auth.client.get("/account/import").get_data(as_text=True)
    assert 'type="file"' not in page  # no form to fill in vain


def test_import_into_a_journal_with_only_a_milestone_is_refused(app, db):
    new_auth, new_id = new_patient(app, db)
    db.execute(
        "INSERT INTO milestones (user_id, kind, title, date, created_at)"
        " VALUES (?, 'first_pt', '', '2026-03-05', '2026-03-05T10:00:00+00:00')",
        [new_id],
    )
    db.conn.commit()
    response = upload(new_auth, json.dumps(valid_document()).encode())
    assert response.status_code == 409
    assert counts(db, new_id)["checkins"] == 0


def test_restore_checks_emptiness_inside_its_transaction(app, db):
    _, new_id = new_patient(app, db)
    journal, _ = read(valid_document())
    journal_data.restore(db, new_id, journal, NOW)
    with pytest.raises(journal_data.JournalNotEmpty):
        journal_data.restore(db, new_id, journal, NOW)
    assert counts(db, new_id)["checkins"] == 2


# --- files that aren't exports ------------------------------------------------


@pytest.mark.parametrize(
    "body, message",
    [
        (b'{"format": "recovery-journal", "version": 1, "checkins": [', "isn't complete, valid JSON"),
        (b"\xff\xfe\x00garbage", "isn't complete, valid JSON"),
        (b"", "isn't complete, valid JSON"),
        (b"[1, 2, 3]", "isn't a Recovery Journal export"),
        (b'{"resourceType": "Bundle", "type": "collection"}', "isn't a Recovery Journal export"),
        (b'{"format": "other-app", "version": 1}', "isn't a Recovery Journal export"),
        (b'{"format": "recovery-journal", "version": 2}', "has version 2"),
        (b'{"format": "recovery-journal", "version": "1"}', "has version \"1\""),
        (b'{"format": "recovery-journal"}', "has version null"),
        (b"[" * 100_000 + b"]" * 100_000, "isn't complete, valid JSON"),
    ],
    ids=["truncated", "binary", "empty", "list", "fhir", "foreign", "newer", "text-version",
         "no-version", "deeply-nested"],
)
def test_malformed_or_foreign_file_gets_a_clear_error_and_imports_nothing(
    app, db, body, message
):
    new_auth, new_id = new_patient(app, db)
    before = counts(db, new_id)
    response = upload(new_auth, body)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nothing was imported" in page
    assert message in html.unescape(page)
    assert counts(db, new_id) == before


def test_file_over_ten_megabytes_is_refused(app, db):
    new_auth, new_id = new_patient(app, db)
    document = valid_document()
    document["padding"] = "x" * imports.MAX_BYTES
    response = upload_large(new_auth, json.dumps(document).encode())
    assert response.status_code == 413
    assert "larger than 10 MB" in response.get_data(as_text=True)
    assert counts(db, new_id)["checkins"] == 0


def test_upload_over_the_request_limit_gets_the_too_large_page(app, db):
    new_auth, new_id = new_patient(app, db)
    response = upload_large(new_auth, b"x" * (13 * 1024 * 1024))
    assert response.status_code == 413
    assert "Too large" in response.get_data(as_text=True)
    assert counts(db, new_id)["checkins"] == 0


def test_missing_file_is_asked_for_by_name(app, db):
    new_auth, _ = new_patient(app, db)
    response = new_auth.post("/account/import", {}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose the .json file you downloaded" in response.get_data(as_text=True)


def test_import_page_explains_and_offers_the_form_on_an_empty_journal(app, db):
    new_auth, _ = new_patient(app, db)
    page = new_auth.client.get("/account/import").get_data(as_text=True)
    assert 'type="file"' in page and 'enctype="multipart/form-data"' in page
    assert "All or nothing" in page


# --- every record through the forms' rules, without Flask ----------------------


def test_valid_document_reads_into_a_journal():
    journal, problems = read(valid_document())
    assert problems == []
    assert journal.profile.timezone == "Europe/London"
    assert journal.plan.crutch_weeks == 3 and journal.plan.side == "left"
    first = journal.checkins[0]
    assert first.data.readings[0].location == "hip_left" and first.data.readings[0].intensity == 6
    assert first.data.home_exercises is True and first.data.context == "morning"
    assert journal.checkins[1].data.readings[0].other_text == "jaw"
    assert journal.milestones[0].kind == "first_pt"
    assert journal.dismissed_prompts[0].prompt_key == "warning:fever:2026-03-11"


def _set(path, value):
    def change(document):
        target = document
        for key in path[:-1]:
            target = target[key]
        if value is DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return change


DELETE = object()
C0 = ("checkins", 0)
R0 = ("checkins", 0, "readings", 0)

BAD_RECORDS = {
    "intensity-11": (_set(R0 + ("intensity",), 11), "Pain is a whole number from 0 (no pain) to 10."),
    "intensity-negative": (_set(R0 + ("intensity",), -1), "whole number from 0"),
    "intensity-text": (_set(R0 + ("intensity",), "5"), "whole number from 0"),
    "intensity-bool": (_set(R0 + ("intensity",), True), "whole number from 0"),
    "intensity-float": (_set(R0 + ("intensity",), 5.5), "whole number from 0"),
    "unknown-place": (_set(R0 + ("location",), "hip_middle"), "isn't a place on the list"),
    "no-place": (_set(C0 + ("readings",), []), "Choose at least one place"),
    "readings-not-list": (_set(C0 + ("readings",), "hip"), "should be a list"),
    "same-place-twice": (
        _set(C0 + ("readings",), [{"location": "hip_left", "intensity": 2},
                                   {"location": "hip_left", "intensity": 8}]),
        "Left hip appears twice",
    ),
    "future-date": (_set(C0 + ("date",), "2026-03-17"), "That date is in the future."),
    "later-today": (
        lambda d: d["checkins"][0].update(date="2026-03-16", time="11:30", recorded_at=None)
        or d["checkins"][0].pop("recorded_at"),
        "That time is later than now.",
    ),
    "garbage-date": (_set(C0 + ("date",), "16/03/2026"), "year-month-day"),
    "garbage-time": (_set(C0 + ("time",), "8.30am"), "hours and minutes"),
    "too-old": (_set(C0 + ("date",), "2022-01-01"), "more than three years ago"),
    "long-note": (_set(C0 + ("note",), "x" * 1001), "Keep the note to 1,000 characters"),
    "nul-note": (_set(C0 + ("note",), "a\x00b"), "can't be saved"),
    "note-not-text": (_set(C0 + ("note",), 5), "“note” should be text"),
    "unknown-context": (_set(C0 + ("context",), "lunch"), "Choose one of the listed moments"),
    "unknown-warning": (_set(C0 + ("warning_signs",), ["headache"]), "Choose signs from the list"),
    "home-as-text": (_set(C0 + ("home_exercises",), "yes"), "true, false or null"),
    "long-other": (
        _set(("checkins", 1, "readings", 0, "other_text"), "x" * 41), "Keep it to 40 characters"
    ),
    "other-text-on-hip": (_set(R0 + ("other_text",), "left side"), "only the place “Other”"),
    "recorded-elsewhere": (
        _set(C0 + ("recorded_at",), "2026-03-01T08:30:00+00:00"), "doesn't match"
    ),
    "recorded-no-offset": (_set(C0 + ("recorded_at",), "2026-03-10T08:30:00"), "UTC offset"),
    "created-in-future": (_set(C0 + ("created_at",), "2027-01-01T00:00:00+00:00"), "in the future"),
    "checkin-not-object": (_set(("checkins", 0), "hip 6"), "should be a set of fields"),
    "checkins-not-list": (_set(("checkins",), {"a": 1}), "“checkins” should be a list"),
    "plan-side": (_set(("plan", "side"), "middle"), "Plan: side: Not a valid choice."),
    "plan-side-list": (_set(("plan", "side"), ["left"]), "left, right or both"),
    "version-true": (_set(("version",), True), "has version true"),
    "instant-overflow": (
        _set(C0 + ("created_at",), "0001-01-01T00:00:00+05:00"), "date and time with its UTC offset"
    ),
    "plan-crutches": (_set(("plan", "crutch_weeks"), 13), "Plan: weeks on crutches: Enter 0 to 12 weeks."),
    "plan-pt-weeks-text": (_set(("plan", "pt_weeks"), "6"), "weeks of PT: Enter a number of weeks as a whole"),
    "plan-surgery-far": (_set(("plan", "surgery_date"), "2031-01-01"), "more than a year ahead"),
    "plan-pt-before-surgery": (_set(("plan", "pt_start_date"), "2026-02-01"), "PT starts on"),
    "plan-procedure-long": (_set(("plan", "procedure"), "x" * 81), "Use 80 characters or fewer"),
    "plan-weight-bearing-code": (_set(("plan", "weight_bearing"), "hop"), "listed instructions"),
    "plan-weight-bearing-date": (
        _set(("plan", "weight_bearing_until"), "soon"), "weight-bearing until: Enter the date as"
    ),
    "plan-weight-bearing-past-crutches": (
        lambda d: d["plan"].update(weight_bearing="touch_down", weight_bearing_until="2026-05-01",
                                   crutch_weeks=2),
        "is done on crutches",
    ),
    "no-profile": (_set(("profile",), DELETE), "no “profile”"),
    "bad-timezone": (_set(("profile", "timezone"), "Mars/Olympus"), "time zone"),
    "long-name": (_set(("profile", "display_name"), "x" * 61), "1 to 60 characters"),
    "milestone-future": (_set(("milestones", 0, "date"), "2026-04-01"), "in the future"),
    "milestone-before-surgery": (
        _set(("milestones", 0, "date"), "2026-02-20"), "before the surgery date"
    ),
    "milestone-kind": (_set(("milestones", 0, "kind"), "DROP TABLE"), "isn't a kind of milestone"),
    "milestone-title": (_set(("milestones", 0, "title"), "x" * 81), "longer than 80"),
    "prompt-empty": (_set(("dismissed_prompts", 0, "prompt_key"), " "), "isn't the key of a prompt"),
    "prompt-script": (
        _set(("dismissed_prompts", 0, "prompt_key"), "<script>0"), "isn't the key of a prompt"
    ),
    "prompt-long": (
        _set(("dismissed_prompts", 0, "prompt_key"), "warning:" + "a" * 120),
        "isn't the key of a prompt",
    ),
    # JSON's "\ud800": half of a UTF-16 pair, which UTF-8 (and so SQLite) can't hold.
    "note-surrogate": (_set(C0 + ("note",), "ok \ud800"), "“note” has a character that can't be saved"),
    "name-surrogate": (
        _set(("profile", "display_name"), "Ana\udfff"), "“display_name” has a character that"
    ),
    "prompt-surrogate": (
        _set(("dismissed_prompts", 0, "prompt_key"), "warning:\ud800"), "“prompt_key” has a character"
    ),
    "other-surrogate": (
        _set(("checkins", 1, "readings", 0, "other_text"), "\ud83d"), "description of “Other”"
    ),
    "title-surrogate": (_set(("milestones", 0, "title"), "\ud800"), "“title” has a character"),
    "timezone-surrogate": (_set(("profile", "timezone"), "\ud800"), "“timezone” has a character"),
    "date-surrogate": (_set(C0 + ("date",), "2026-03-1\ud800"), "year-month-day"),
    "stray-field-surrogate": (_set(("exported_at",), "\ud800"), "broken character"),
    "calendar-uid": (_set(("calendar",), {"uid": "../x", "sequence": 1}), "Calendar: should be"),
    "calendar-sequence": (
        _set(("calendar",), {"uid": "ab" * 12, "sequence": -1}), "Calendar: should be"
    ),
}


@pytest.mark.parametrize("case", BAD_RECORDS)
def test_a_record_the_forms_would_refuse_is_refused(case):
    change, message = BAD_RECORDS[case]
    document = copy.deepcopy(valid_document())
    change(document)
    journal, problems = read(document)
    assert journal is None
    assert any(message in problem for problem in problems), problems


def test_problems_name_the_check_in_and_stop_at_ten():
    document = valid_document()
    bad = copy.deepcopy(document["checkins"][0])
    bad["readings"][0]["intensity"] = 12
    document["checkins"] = [copy.deepcopy(bad) for _ in range(15)]
    journal, problems = read(document)
    assert journal is None
    assert problems[0] == (
        "Check-in 1 (2026-03-10 08:30): Pain is a whole number from 0 (no pain) to 10."
    )
    assert len(problems) == 11
    assert problems[-1] == "…and 5 more problems."


def test_a_leap_day_today_does_not_break_the_date_limits():
    leap_day = datetime(2028, 2, 29, 12, 0, tzinfo=timezone.utc)
    document = valid_document()
    document["plan"]["pt_start_date"] = None
    document["plan"]["surgery_date"] = "2023-02-28"  # five years back, to the day
    journal, problems = imports.read_journal(json.dumps(document).encode(), leap_day)
    assert problems == []
    assert journal.plan.surgery_date.isoformat() == "2023-02-28"
    document["plan"]["surgery_date"] = "2023-02-27"
    journal, problems = imports.read_journal(json.dumps(document).encode(), leap_day)
    assert problems == ["Plan: surgery date: That is more than five years ago. Check the year."]


def test_pain_free_check_in_without_places_is_accepted():
    document = valid_document()
    document["checkins"][0]["readings"] = []
    document["checkins"][0]["pain_free"] = True
    journal, problems = read(document)
    assert problems == []
    assert journal.checkins[0].data.pain_free is True
    assert journal.checkins[0].data.readings == []


def test_missing_timestamps_default_to_the_check_ins_own_time_and_now():
    document = valid_document()
    for key in ("recorded_at", "created_at", "updated_at"):
        del document["checkins"][0][key]
    journal, problems = read(document)
    assert problems == []
    checkin = journal.checkins[0]
    assert checkin.recorded_at == datetime(2026, 3, 10, 8, 30, tzinfo=timezone.utc)
    assert checkin.created_at == NOW


def test_file_with_no_plan_keeps_the_plan_already_set(app, db):
    new_auth, new_id = new_patient(app, db)
    document = valid_document()
    document["plan"] = None
    document["milestones"] = []
    response = upload(new_auth, json.dumps(document).encode())
    assert response.status_code == 303
    assert db.execute("SELECT side FROM plans WHERE user_id = ?", [new_id]).fetchone()[0] == "both"
    assert counts(db, new_id)["checkins"] == 2


def test_import_touches_only_the_signed_in_patients_journal(app, auth, client, db):
    seed_journal(auth, db)
    original_id = db.execute("SELECT id FROM users WHERE email = 'ana@example.com'").fetchone()[0]
    before = counts(db, original_id)
    new_auth, new_id = new_patient(app, db)
    upload(new_auth, json.dumps(valid_document()).encode())
    assert counts(db, original_id) == before
    assert counts(db, new_id)["checkins"] == 2


def test_import_applies_the_milestone_forms_rules(auth, client, db):
    """Crutch stages out of order, a repeated one-off kind and an untitled custom
    milestone are refused as the form would refuse them; nothing is imported."""
    import json
    from io import BytesIO

    auth.patient()
    exported = json.loads(client.get("/account/export.json").get_data(as_text=True))
    target = AuthActions(auth.client.application.test_client())
    target.patient("new@example.com")
    surgery = exported["plan"]["surgery_date"]
    bad = [
        [{"kind": "off_crutches", "title": "", "date": surgery}, {"kind": "one_crutch", "title": "", "date": "2026-03-12"}],
        [{"kind": "driving", "title": "", "date": "2026-03-12"}, {"kind": "driving", "title": "", "date": "2026-03-13"}],
        [{"kind": "custom", "title": "", "date": "2026-03-12"}],
    ]
    for milestones in bad:
        document = {**exported, "checkins": [], "milestones": milestones}
        token = target.csrf_token("/account/import")
        response = target.client.post(
            "/account/import",
            data={"csrf_token": token, "journal_file": (BytesIO(json.dumps(document).encode()), "j.json")},
            content_type="multipart/form-data",
        )
        assert response.status_code == 422, milestones
        assert db.execute("SELECT count(*) FROM milestones").fetchone()[0] == 0


# --- milestones need a plan; dismissals are prompt keys -------------------------


def test_milestones_in_a_file_without_a_plan_are_refused():
    """A file with "plan": null used to skip the milestone form's rules: an
    unknown kind, two "off crutches", stages out of order, no title, 2021."""
    document = valid_document()
    document["plan"] = None
    document["milestones"] = [
        {"kind": "zzz", "title": "", "date": "2026-03-10"},
        {"kind": "off_crutches", "title": "", "date": "2026-03-05"},
        {"kind": "off_crutches", "title": "", "date": "2026-03-06"},
        {"kind": "two_crutches", "title": "", "date": "2026-03-09"},
        {"kind": "custom", "title": "", "date": "2021-06-01"},
    ]
    journal, problems = read(document)
    assert journal is None
    assert any("milestones but no plan" in p for p in problems), problems


def test_a_valid_milestone_without_a_plan_is_refused_too():
    # The form can't log one without a plan, so neither can an import.
    document = valid_document()
    document["plan"] = None
    journal, problems = read(document)
    assert journal is None
    assert problems == [
        "Milestones: the file has milestones but no plan. Milestones are dated from the "
        "surgery in the plan, so they can't be imported without one."
    ]


def test_fifty_thousand_dismissals_are_refused_with_one_message(app, db):
    new_auth, new_id = new_patient(app, db)
    document = valid_document()
    document["dismissed_prompts"] = [
        {"prompt_key": f"<script>{i}", "dismissed_at": "2026-03-11T20:05:00+00:00"}
        for i in range(50_000)
    ]
    response = upload_large(new_auth, json.dumps(document).encode())
    assert response.status_code == 422
    assert "“dismissed_prompts” has 50,000 entries; a journal has at most 10,000." in (
        html.unescape(response.get_data(as_text=True))
    )
    assert counts(db, new_id)["prompt_dismissals"] == 0


@pytest.mark.parametrize("path", [
    C0 + ("note",),
    ("profile", "display_name"),
    ("dismissed_prompts", 0, "prompt_key"),
    ("checkins", 1, "readings", 0, "location"),
    ("milestones", 0, "kind"),
])
def test_lone_surrogate_anywhere_gets_a_clear_422_not_a_500(app, db, path):
    new_auth, new_id = new_patient(app, db)
    document = valid_document()
    _set(path, "x\ud800")(document)
    response = upload(new_auth, json.dumps(document).encode())  # written as the escape "\\ud800"
    assert response.status_code == 422
    assert "can't be saved" in html.unescape(response.get_data(as_text=True)) or (
        "\\ud800" in html.unescape(response.get_data(as_text=True))
    )
    assert counts(db, new_id)["checkins"] == 0


# --- reading uids are unique on the server --------------------------------------


def test_the_same_file_imported_by_two_patients_gets_fresh_uids_the_second_time(app, db):
    document = valid_document()
    uids = ["a" * 32, "b" * 32]
    for checkin, uid in zip(document["checkins"], uids):
        checkin["readings"][0]["uid"] = uid
    first_auth, first_id = new_patient(app, db, email="first@example.com")
    second_auth, second_id = new_patient(app, db, email="second@example.com")
    assert upload(first_auth, json.dumps(document).encode()).status_code == 303
    assert upload(second_auth, json.dumps(document).encode()).status_code == 303

    def stored(user_id):
        return [r[0] for r in db.execute(
            "SELECT r.uid FROM readings r JOIN checkins c ON c.id = r.checkin_id"
            " WHERE c.user_id = ? ORDER BY r.id", [user_id])]

    assert stored(first_id) == uids  # the first on this server keeps them
    assert len(set(stored(second_id))) == 2 and not set(stored(second_id)) & set(uids)
    first = json.loads(first_auth.client.get("/account/export.fhir.json").data)
    second = json.loads(second_auth.client.get("/account/export.fhir.json").data)
    first_ids = {e["resource"]["id"] for e in first["entry"]}
    second_ids = {e["resource"]["id"] for e in second["entry"]}
    assert not first_ids & second_ids


def test_a_file_repeating_a_uid_gets_two_readings_and_a_bundle_without_repeats(app, db):
    document = valid_document()
    for checkin in document["checkins"]:
        checkin["readings"][0]["uid"] = "c" * 32
    new_auth, new_id = new_patient(app, db)
    assert upload(new_auth, json.dumps(document).encode()).status_code == 303
    assert db.execute("SELECT count(DISTINCT uid), count(*) FROM readings").fetchone() == (2, 2)
    bundle = json.loads(new_auth.client.get("/account/export.fhir.json").data)
    ids = [e["resource"]["id"] for e in bundle["entry"]]
    assert len(ids) == len(set(ids))
