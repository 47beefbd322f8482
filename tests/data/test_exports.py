"""Exports from Account: the CSV of pain readings and the complete JSON journal."""

import csv
import hashlib
import html
import io
import json

import pytest

from journal.data import exports

# Everything a spreadsheet or a naive CSV reader gets wrong, in one note.
TRICKY_NOTE = '=HYPERLINK("http://evil.example","click"), then "quotes",\nnew line, emoji 🦵😣'
SHARE_TOKEN = "a-share-token-only-the-pt-has"


def seed_journal(auth, db, email="ana@example.com"):
    """A journal with every kind of record, through the real forms where
    they exist, and with SQL for the tables other features own.

    Returns the patient's id. The clock stands at Mon 16 Mar 2026 10:00 UTC;
    surgery was on 9 March, in London.
    """
    auth.patient(email=email)
    assert auth.set_plan(weight_bearing="partial", weight_bearing_until="2026-03-20").status_code == 303
    # Pain-free before any place was tracked: an explicit zero with no place.
    assert auth.post("/checkins/pain-free").status_code == 303
    assert auth.checkin(
        date="2026-03-10",
        time="08:30",
        context="morning",
        note=TRICKY_NOTE,
        home_exercises="yes",
        warning=["calf"],
        location=["hip_right", "lower_back", "other"],
        **{
            "intensity-hip_right": "6",
            "intensity-lower_back": "4",
            "intensity-other": "2",
            "other_text": "left jaw",
        },
    ).status_code == 303
    assert auth.checkin(
        date="2026-03-12",
        time="21:15",
        context="after_pt",
        note="-2 since Monday; +1 at night; @PT asked",
        location=["groin_left", "knee_right"],
        **{"intensity-groin_left": "3", "intensity-knee_right": "0"},
    ).status_code == 303
    assert auth.checkin(date="2026-03-15", time="23:59", **{"intensity-hip_right": "10"}).status_code == 303
    user_id = db.execute("SELECT id FROM users WHERE email = ?", [email]).fetchone()[0]
    with db.conn:
        for kind, title, day in [
            ("two_crutches", "", "2026-03-09"),
            ("first_pt", "", "2026-03-11"),
            ("custom", "First walk to the café ☕", "2026-03-14"),
        ]:
            db.execute(
                "INSERT INTO milestones (user_id, kind, title, date, created_at)"
                " VALUES (?, ?, ?, ?, '2026-03-15T09:00:00+00:00')",
                [user_id, kind, title, day],
            )
        db.execute(
            "INSERT INTO prompt_dismissals (user_id, prompt_key, dismissed_at)"
            " VALUES (?, 'warning:calf:2026-03-10', '2026-03-10T09:00:00+00:00')",
            [user_id],
        )
        db.execute(
            """
            INSERT INTO share_links (user_id, label, token_hash, range_kind, last_days,
                                     created_at, expires_at)
            VALUES (?, 'Hip PT — Ana', ?, 'last_days', 30,
                    '2026-03-15T10:00:00+00:00', '2026-04-14T10:00:00+00:00')
            """,
            [user_id, hashlib.sha256(f"{SHARE_TOKEN}-{email}".encode()).hexdigest()],
        )
    return user_id


def read_csv(body):
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark for Excel"
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


# --- the CSV builder, without Flask ---------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cell_starting_with_a_formula_character_is_neutralised(start):
    assert exports.spreadsheet_safe(f"{start}1+2") == f"'{start}1+2"


@pytest.mark.parametrize("value", ["Right hip", "", "after PT = better", 7, None])
def test_ordinary_cells_are_left_alone(value):
    assert exports.spreadsheet_safe(value) == value


def readings_csv(checkins):
    """The whole CSV, as the downloads stream it."""
    return b"".join(exports.readings_csv_chunks(checkins))


def _checkin(note, readings, **fields):
    row = {
        "local_date": "2026-03-10",
        "local_time": "08:30",
        "context": None,
        "home_exercises": None,
        "note": note,
        "readings": readings,
    }
    row.update(fields)
    return row


def test_tricky_note_survives_a_csv_round_trip_and_is_neutralised():
    body = readings_csv(
        [_checkin(TRICKY_NOTE, [{"location": "hip_left", "other_text": "", "intensity": 7}])]
    )
    (row,) = read_csv(body)
    assert row["note"] == "'" + TRICKY_NOTE
    # Everything after the neutralising quote is exactly what was typed.
    assert row["note"][1:] == TRICKY_NOTE
    assert row["location"] == "Left hip"
    assert row["intensity"] == "7"


def test_formula_characters_inside_a_cell_are_kept_as_typed():
    # Only a cell's first character makes a formula; "Other: =1+1" is text.
    body = readings_csv(
        [_checkin("hurts = 5", [{"location": "other", "other_text": "=1+1", "intensity": 2}])]
    )
    (row,) = read_csv(body)
    assert row["location_code"] == "other"
    assert row["location"] == "Other: =1+1"
    assert row["note"] == "hurts = 5"


def test_pain_free_check_in_without_places_has_no_reading_rows():
    body = readings_csv([_checkin("", [], pain_free=1)])
    assert read_csv(body) == []
    assert body.decode("utf-8-sig").splitlines() == [
        ",".join(f'"{name}"' for name in exports.CSV_COLUMNS)
    ]


# --- the routes -----------------------------------------------------------------


def test_csv_download_has_one_row_per_reading_in_words(auth, client, db):
    seed_journal(auth, db)
    response = client.get("/account/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = read_csv(response.data)
    assert list(rows[0]) == exports.CSV_COLUMNS
    assert [(r["date"], r["time"], r["location_code"], r["intensity"]) for r in rows] == [
        ("2026-03-10", "08:30", "hip_right", "6"),
        ("2026-03-10", "08:30", "lower_back", "4"),
        ("2026-03-10", "08:30", "other", "2"),
        ("2026-03-12", "21:15", "groin_left", "3"),
        ("2026-03-12", "21:15", "knee_right", "0"),
        ("2026-03-15", "23:59", "hip_right", "10"),
    ]
    first = rows[0]
    assert first["location"] == "Right hip"
    assert first["context"] == "Morning"
    assert first["home_exercises"] == "yes"
    assert first["note"] == "'" + TRICKY_NOTE
    assert rows[2]["location"] == "Other: left jaw"
    assert rows[3]["context"] == "After PT"
    assert rows[3]["home_exercises"] == ""
    assert rows[3]["note"] == "'-2 since Monday; +1 at night; @PT asked"


def test_json_export_has_format_version_and_every_kind_of_record(auth, client, db):
    seed_journal(auth, db)
    response = client.get("/account/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    document = json.loads(response.data)
    assert document["format"] == "recovery-journal"
    assert document["version"] == 1
    assert document["profile"] == {"display_name": "Ana", "timezone": "Europe/London"}
    assert document["plan"]["surgery_date"] == "2026-03-09"
    assert document["plan"]["side"] == "right"
    assert len(document["checkins"]) == 4
    pain_free, first = document["checkins"][3], document["checkins"][0]
    assert pain_free["pain_free"] is True and pain_free["readings"] == []
    assert first["note"] == TRICKY_NOTE  # as typed: JSON needs no neutralising
    assert first["warning_signs"] == ["calf"]
    assert first["home_exercises"] is True
    other = first["readings"][2]
    assert {k: v for k, v in other.items() if k != "uid"} == {
        "location": "other", "other_text": "left jaw", "intensity": 2}
    assert len(other["uid"]) == 32 and len({r["uid"] for r in first["readings"]}) == 3
    assert [m["kind"] for m in document["milestones"]] == ["two_crutches", "first_pt", "custom"]
    assert document["dismissed_prompts"][0]["prompt_key"] == "warning:calf:2026-03-10"
    (link,) = document["share_links"]
    assert link["label"] == "Hip PT — Ana"
    assert link["expires_at"] == "2026-04-14T10:00:00+00:00"


def test_json_export_never_contains_a_token_hash(auth, client, db):
    seed_journal(auth, db)
    stored_hash = db.execute("SELECT token_hash FROM share_links").fetchone()[0]
    body = client.get("/account/export.json").get_data(as_text=True)
    assert "token_hash" not in body
    assert stored_hash not in body
    assert "password" not in body


DOWNLOADS = {
    "/account/export.csv": ("text/csv", "recovery-journal-pain-2026-03-16.csv"),
    "/account/export.json": ("application/json", "recovery-journal-2026-03-16.json"),
    "/account/export.fhir.json": ("application/fhir+json", "recovery-journal-fhir-2026-03-16.json"),
    "/account/calendar.ics": ("text/calendar", "recovery-journal-reminders.ics"),
}


@pytest.mark.parametrize("path", DOWNLOADS)
def test_downloads_are_attachments_that_are_never_cached(auth, client, path):
    auth.patient()
    auth.checkin()
    response = client.get(path)
    assert response.status_code == 200
    assert response.get_data()  # read to the end: a streamed body must not outlive the test
    mimetype, filename = DOWNLOADS[path]
    assert response.mimetype == mimetype
    # One charset, never "text/csv; charset=utf-8; charset=utf-8".
    assert response.headers["Content-Type"].count("charset") == (
        1 if mimetype.startswith("text/") else 0)
    assert response.headers["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response.headers["Cache-Control"] == "no-store"


NEW_PAGES = [
    "/account/export.csv",
    "/account/export.json",
    "/account/export.fhir.json",
    "/account/import",
    "/account/delete",
    "/account/calendar",
    "/account/calendar.ics",
]


@pytest.mark.parametrize("path", NEW_PAGES)
def test_signed_out_visitor_is_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("path", ["/account/import", "/account/delete"])
def test_signed_out_post_is_sent_to_sign_in(auth, path):
    response = auth.post(path, {"password": "x"}, token_from="/login")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("path", ["/account/import", "/account/delete"])
def test_post_without_csrf_token_is_refused(auth, client, path):
    auth.patient()
    response = client.post(path, data={"password": "correct horse battery"})
    assert response.status_code == 400
    assert client.get("/account").status_code == 200  # still here, still signed in


def test_exports_hold_only_the_signed_in_patients_data(app, auth, client, db):
    from tests.conftest import AuthActions

    other_client = app.test_client()
    seed_journal(AuthActions(other_client), db, email="ben@example.com")
    auth.patient()
    auth.checkin(note="mine only")
    csv_rows = read_csv(client.get("/account/export.csv").data)
    assert [r["note"] for r in csv_rows] == ["mine only"]
    document = json.loads(client.get("/account/export.json").data)
    assert [c["note"] for c in document["checkins"]] == ["mine only"]
    assert document["milestones"] == [] and document["share_links"] == []
    bundle = json.loads(client.get("/account/export.fhir.json").data)
    # The patient, the check-in and its one reading.
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == [
        "Patient", "Observation", "Observation"]
    assert bundle["entry"][1]["resource"]["note"] == [{"text": "mine only"}]


def test_account_page_offers_every_download_and_the_calendar_form(auth, client):
    auth.patient()
    page = client.get("/account").get_data(as_text=True)
    for path in ("/account/export.csv", "/account/export.json", "/account/export.fhir.json",
                 "/account/import", "/account/delete", "/account/calendar.ics"):
        assert f'"{path}"' in page
    assert 'name="time" value="20:00"' in page


# --- the PT's downloads through a share link ------------------------------------


def share(db, user_id, clock, **fields):
    """A share link made the way the Share page makes it; returns the token."""
    from journal.sharing import links as share_links

    data = {"label": "Hip PT", "range_kind": "last_days", "expires_days": 30, "last_days": 30}
    data.update(fields)
    _, token = share_links.create_link(db, user_id, share_links.LinkInput(**data), clock())
    db.conn.commit()
    return token


def test_pt_downloads_the_csv_of_the_links_range_without_signing_in(app, auth, db, clock):
    from datetime import date

    user_id = seed_journal(auth, db)
    token = share(db, user_id, clock, range_kind="fixed", last_days=None,
                  range_start=date(2026, 3, 11), range_end=date(2026, 3, 13))
    pt = app.test_client()
    response = pt.get(f"/s/{token}/export.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="recovery-journal-pain-2026-03-11-to-2026-03-13.csv"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    rows = read_csv(response.data)
    assert [(r["date"], r["location_code"]) for r in rows] == [
        ("2026-03-12", "groin_left"), ("2026-03-12", "knee_right")
    ]
    # A download is not a view of the summary.
    assert db.execute("SELECT view_count FROM share_links WHERE user_id = ? AND range_kind = 'fixed'",
                      [user_id]).fetchone()[0] == 0


def test_pt_downloads_the_fhir_bundle_of_the_last_days(app, auth, db, clock):
    user_id = seed_journal(auth, db)
    token = share(db, user_id, clock, last_days=3)  # 14 to 16 March
    response = app.test_client().get(f"/s/{token}/fhir.json")
    assert response.status_code == 200
    assert response.mimetype == "application/fhir+json"
    bundle = json.loads(response.data)
    patient, *observations = bundle["entry"]
    assert {e["resource"]["effectiveDateTime"] for e in observations} == {
        "2026-03-15T23:59:00+00:00"
    }
    assert len(observations) == 2  # the check-in and its one reading
    assert patient["resource"]["name"] == [{"text": "Ana"}]
    assert observations[0]["resource"]["subject"] == {"reference": patient["fullUrl"],
                                                      "display": "Ana"}


@pytest.mark.parametrize("kind", ["export.csv", "fhir.json"])
def test_share_downloads_refuse_like_the_share_page(app, auth, db, clock, kind):
    from journal.sharing import links as share_links
    from journal.sharing.views import REFUSALS

    user_id = seed_journal(auth, db)
    revoked = share(db, user_id, clock)
    link_id = db.execute("SELECT max(id) FROM share_links").fetchone()[0]
    share_links.revoke_link(db, user_id, link_id, clock())
    db.conn.commit()
    expiring = share(db, user_id, clock, expires_days=1)
    pt = app.test_client()

    unknown = pt.get(f"/s/not-a-real-token/{kind}")
    assert unknown.status_code == 404
    # The share page's own refusal, word for word.
    assert REFUSALS[share_links.UNKNOWN][1] in html.unescape(unknown.get_data(as_text=True))
    assert unknown.headers["Cache-Control"] == "no-store"
    assert "Content-Disposition" not in unknown.headers
    assert pt.get(f"/s/{revoked}/{kind}").status_code == 410
    clock.advance(days=2)
    assert pt.get(f"/s/{expiring}/{kind}").status_code == 410


def test_guessing_share_download_tokens_is_limited(app, auth, db):
    app.config["SHARE_GUESS_LIMIT_PER_IP"] = 3
    pt = app.test_client()
    for attempt in range(3):
        assert pt.get(f"/s/guess{attempt}/export.csv").status_code == 404
    assert pt.get("/s/guess-again/fhir.json").status_code == 429


# --- quoting, notes once, and what a spreadsheet guesses ------------------------


def _readings(*codes):
    return [{"location": code, "other_text": "", "intensity": i} for i, code in enumerate(codes)]


def test_a_check_ins_note_is_on_its_first_row_only_and_rows_share_its_number():
    body = readings_csv([
        _checkin("long note " * 50, _readings("hip_left", "groin_left", "lower_back")),
        _checkin("", [], pain_free=1),
        _checkin("second", _readings("knee_right"), local_time="20:00"),
    ])
    rows = read_csv(body)
    assert [(r["checkin"], r["location_code"], r["note"]) for r in rows] == [
        ("1", "hip_left", "long note " * 50),
        ("1", "groin_left", ""),
        ("1", "lower_back", ""),
        ("2", "knee_right", "second"),
    ]
    assert body.count(b"long note") == 50


def test_every_text_cell_is_quoted_and_numbers_are_not():
    body = readings_csv([_checkin("ok", _readings("hip_left"), context="morning")])
    lines = body.decode("utf-8-sig").split("\r\n")
    assert lines[1] == (
        '1,"2026-03-10","08:30","hip_left","Left hip",0,"Morning","","ok","","","","",""'
    )


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_sniffed_csv_gives_back_every_cell_whatever_separators_the_note_holds(separator):
    """A spreadsheet guesses the separator from the text, as Python's Sniffer
    does (pandas' `sep=None` reads it this way): notes full of `;` or tabs
    must not make it guess wrong, and every cell must come back as written.
    The quoting is RFC 4180's (a quote inside a cell doubled), which every
    reader assumes; the Sniffer's own guess at it depends on the notes."""
    note = f'a{separator}b{separator}{separator}c "quoted"{separator}\nnew line, café 🦵' * 3
    checkins = [
        _checkin(note, _readings("hip_left", "lower_back"), context="after_pt"),
        _checkin(f"x{separator}y", _readings("knee_right"), local_time="21:00"),
        _checkin(f"{separator}{separator}", _readings("knee_left"), local_time="22:00"),
    ]
    text = readings_csv(checkins).decode("utf-8-sig")
    unanswered = [""] * 5  # the measures' cells
    expected = [
        exports.CSV_COLUMNS,
        ["1", "2026-03-10", "08:30", "hip_left", "Left hip", "0", "After PT", "", note, *unanswered],
        ["1", "2026-03-10", "08:30", "lower_back", "Lower back", "1", "After PT", "", "",
         *unanswered],
        ["2", "2026-03-10", "21:00", "knee_right", "Right knee", "0", "", "", f"x{separator}y",
         *unanswered],
        ["3", "2026-03-10", "22:00", "knee_left", "Left knee", "0", "", "",
         exports.spreadsheet_safe(f"{separator}{separator}"), *unanswered],
    ]
    for sample in (text, text[:1024]):
        for candidates in (",;\t", None):
            dialect = csv.Sniffer().sniff(sample, delimiters=candidates)
            assert (dialect.delimiter, dialect.quotechar) == (",", '"')
            cells = list(csv.reader(io.StringIO(text, newline=""),
                                    delimiter=dialect.delimiter, quotechar=dialect.quotechar))
            assert cells == expected


def test_csv_download_is_streamed_with_one_content_type(auth, client):
    auth.patient()
    auth.checkin()
    response = client.get("/account/export.csv", buffered=False)
    assert response.is_streamed
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "Content-Length" not in response.headers
    assert read_csv(b"".join(response.response))[0]["location_code"] == "hip_right"
    response.close()
