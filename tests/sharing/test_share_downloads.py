"""Big journals and leaked links: downloads are streamed in batches (memory
stays flat whatever the journal's size), a share link's download has a size
cap, and downloads are rate-limited per link and per IP."""

import json
import tracemalloc

import pytest

from journal.data import exports, fhir, store as journal_data
from tests.data.test_exports import TRICKY_NOTE, read_csv, seed_journal, share
from tests.figures import FIGURES

NOTE = "Stiff after the stairs, better after ice; PT says keep going. “ok” 🦵 " * 12


def seed_big_journal(auth, db, checkins=2000, places=5):
    """`checkins` check-ins of `places` readings each, every one with a
    ~1 KB note, written straight to the tables (the forms would take minutes)."""
    auth.patient()
    user_id = db.execute("SELECT id FROM users WHERE email = 'ana@example.com'").fetchone()[0]
    codes = ["hip_right", "groin_left", "lower_back", "knee_right", "calf_left"][:places]
    with db.conn:
        for n in range(checkins):
            day = f"2026-03-{1 + n % 15:02d}"
            minute = f"{n // 15 // 60 % 24:02d}:{n // 15 % 60:02d}"
            cursor = db.conn.execute(
                "INSERT INTO checkins (user_id, recorded_at, local_date, local_time, note,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [user_id, f"{day}T{minute}:00+00:00", day, minute, f"{n} {NOTE}",
                 "2026-03-15T00:00:00+00:00", "2026-03-15T00:00:00+00:00"],
            )
            db.conn.executemany(
                "INSERT INTO readings (checkin_id, location, other_text, intensity, uid)"
                " VALUES (?, ?, '', ?, lower(hex(randomblob(16))))",
                [(cursor.lastrowid, code, (n + i) % 11) for i, code in enumerate(codes)],
            )
    return user_id


def streamed_size_and_peak(test_client, path):
    """Read a streamed download chunk by chunk, as a server sends it, keeping
    none of it: `(bytes sent, peak bytes allocated meanwhile, first chunk, last chunk)`."""
    tracemalloc.start()
    try:
        response = test_client.get(path, buffered=False)
        assert response.status_code == 200, response.status
        assert response.is_streamed
        size = 0
        first = last = b""
        for chunk in response.response:
            size += len(chunk)
            first = first or chunk[:300]
            last = chunk[-300:] or last
        response.close()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return size, peak, first, last


@pytest.mark.slow
@pytest.mark.parametrize("path, checkins", [
    ("/account/export.csv", 8000), ("/account/export.fhir.json", 3000)])
def test_a_big_journals_download_is_streamed_in_far_less_memory_than_its_size(
    auth, client, db, path, checkins
):
    seed_big_journal(auth, db, checkins=checkins)
    size, peak, first, last = streamed_size_and_peak(client, path)
    assert size > 9_000_000
    # The whole file was in memory before (several times over): now one batch.
    assert peak < size / 4, (size, peak)
    FIGURES.append(f"{path}: {size:,} bytes streamed, peak {peak:,} bytes allocated")
    if path.endswith(".csv"):
        assert first.startswith(b'\xef\xbb\xbf"checkin"')
        assert last.endswith(b'\r\n')
    else:
        assert first.startswith(b'{"resourceType":"Bundle"')
        assert last.endswith(b"\n]}\n")


@pytest.mark.slow
def test_a_big_share_download_is_streamed_too_and_complete(app, auth, client, db, clock):
    user_id = seed_big_journal(auth, db, checkins=1500)
    token = share(db, user_id, clock, last_days=30)
    pt = app.test_client()
    size, peak, _, _ = streamed_size_and_peak(pt, f"/s/{token}/fhir.json")
    assert peak < size / 4, (size, peak)
    bundle = json.loads(pt.get(f"/s/{token}/fhir.json").data)
    assert len(bundle["entry"]) == 1 + 1500 * 6  # the patient, each check-in and its 5 readings
    ids = [e["resource"]["id"] for e in bundle["entry"]]
    assert len(set(ids)) == len(ids)
    rows = read_csv(pt.get(f"/s/{token}/export.csv").data)
    assert len(rows) == 1500 * 5
    assert len({r["checkin"] for r in rows}) == 1500
    assert sum(1 for r in rows if r["note"]) == 1500


def test_streams_read_in_batches_and_in_the_same_order_as_before(auth, db):
    user_id = seed_big_journal(auth, db, checkins=450, places=2)
    statements = []
    db.conn.set_trace_callback(statements.append)
    streamed = list(journal_data.stream_checkins(lambda: db, user_id, batch=200))
    db.conn.set_trace_callback(None)
    assert [c["id"] for c in streamed] == [
        c["id"] for c in journal_data.checkins_between(db, user_id)]
    # Three batches of check-ins (200, 200, 50), each with its readings.
    assert sum("FROM checkins" in s for s in statements) == 3
    assert statements[0] == "BEGIN" and statements[-1] == "ROLLBACK"
    assert not db.conn.in_transaction


def test_a_stream_closed_half_way_ends_its_read_transaction(auth, db):
    user_id = seed_big_journal(auth, db, checkins=450, places=1)
    stream = journal_data.stream_checkins(lambda: db, user_id, batch=200)
    next(stream)
    assert db.conn.in_transaction
    stream.close()  # the PT's connection dropped
    assert not db.conn.in_transaction


# --- the size cap ----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["export.csv", "fhir.json"])
def test_a_share_download_over_the_cap_is_refused_before_a_byte_is_sent(
    app, auth, db, clock, kind
):
    user_id = seed_big_journal(auth, db, checkins=300)
    token = share(db, user_id, clock, last_days=30)
    app.config["SHARE_DOWNLOAD_MAX_BYTES"] = 256 * 1024
    response = app.test_client().get(f"/s/{token}/{kind}")
    assert response.status_code == 422
    assert "Content-Disposition" not in response.headers
    page = response.get_data(as_text=True)
    assert "more than 0.25 MB" in page and "shorter date range" in page
    app.config["SHARE_DOWNLOAD_MAX_BYTES"] = 20 * 1024 * 1024
    response = app.test_client().get(f"/s/{token}/{kind}")
    assert response.status_code == 200
    assert len(response.get_data()) > 256 * 1024


def test_size_bounds_are_never_below_the_real_size(app, auth, client, db, clock):
    """The cap is checked against these bounds before streaming, so a bound
    below the real size would let a larger file through."""
    user_id = seed_journal(auth, db)
    # The worst text for each format: quotes (doubled in CSV), control
    # characters (six bytes each in JSON), four-byte emoji, the longest name.
    with db.conn:
        db.execute("UPDATE users SET display_name = ? WHERE id = ?", ['"\x01🦵' * 15, user_id])
        db.execute("UPDATE checkins SET note = ? WHERE note <> ''",
                   ['"' * 300 + "\x01" * 300 + "🦵" * 300 + TRICKY_NOTE])
        db.execute("UPDATE readings SET other_text = ? WHERE location = 'other'", ['"\x02🦵' * 13])
    measure = journal_data.download_measure(db, user_id)
    csv_size = len(client.get("/account/export.csv").data)
    fhir_size = len(client.get("/account/export.fhir.json").data)
    name = '"\x01🦵' * 15
    assert csv_size <= exports.csv_size_bound(measure)
    assert fhir_size <= fhir.bundle_size_bound(measure, name)


def test_size_bounds_of_an_ordinary_journal_are_close_to_the_real_size(app, auth, client, db):
    user_id = seed_big_journal(auth, db, checkins=100)
    measure = journal_data.download_measure(db, user_id)
    csv_size = len(client.get("/account/export.csv").data)
    fhir_size = len(client.get("/account/export.fhir.json").data)
    assert exports.csv_size_bound(measure) < 1.5 * csv_size
    assert fhir.bundle_size_bound(measure, "Ana") < 1.5 * fhir_size


# --- rate limits -----------------------------------------------------------------


def fetch(test_client, path, **kwargs):
    """A download read to its end, as a browser does: a stream left unread
    would be closed by the garbage collector inside some later request."""
    response = test_client.get(path, **kwargs)
    response.get_data()
    return response


def test_one_link_downloads_only_so_many_times_whoever_asks(app, auth, db, clock):
    user_id = seed_journal(auth, db)
    token = share(db, user_id, clock)
    app.config["SHARE_DOWNLOADS_PER_LINK"] = 3
    for n, kind in enumerate(["export.csv", "fhir.json", "export.csv"]):
        pt = app.test_client()
        response = fetch(pt, f"/s/{token}/{kind}", environ_base={"REMOTE_ADDR": f"10.0.0.{n}"})
        assert response.status_code == 200
    refused = fetch(app.test_client(), f"/s/{token}/fhir.json",
                    environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert refused.status_code == 429
    assert "Try again in 15 minutes" in refused.get_data(as_text=True)
    assert "Content-Disposition" not in refused.headers
    # The summary page itself still opens: only the downloads are limited.
    assert fetch(app.test_client(), f"/s/{token}").status_code == 200
    clock.advance(minutes=16)
    assert fetch(app.test_client(), f"/s/{token}/export.csv").status_code == 200


def test_one_network_downloads_only_so_many_times_across_links(app, auth, db, clock):
    user_id = seed_journal(auth, db)
    tokens = [share(db, user_id, clock, label=f"PT {n}") for n in range(3)]
    app.config["SHARE_DOWNLOADS_PER_IP"] = 2
    pt = app.test_client()
    assert fetch(pt, f"/s/{tokens[0]}/export.csv").status_code == 200
    assert fetch(pt, f"/s/{tokens[1]}/export.csv").status_code == 200
    assert fetch(pt, f"/s/{tokens[2]}/export.csv").status_code == 429
    other_network = app.test_client()
    response = fetch(other_network, f"/s/{tokens[2]}/export.csv",
                     environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert response.status_code == 200
    assert read_csv(response.get_data())[0]["location_code"] == "hip_right"


def test_a_streamed_download_reads_through_its_own_connection_and_closes_it(
    app, auth, client, db, monkeypatch
):
    """The view returns before the body is sent, and its request's connection
    is closed then: the stream opens the connection of the context Flask
    pushes again for it, and that one is closed after the last chunk."""
    import sqlite3

    from journal.web import db as journal_db

    seed_big_journal(auth, db, checkins=250, places=1)
    opened = []
    real_connect = journal_db.connect

    def recording_connect(path):
        database = real_connect(path)
        opened.append(database.conn)
        return database

    monkeypatch.setattr(journal_db, "connect", recording_connect)
    response = client.get("/account/export.csv", buffered=False)
    first_chunk = next(iter(response.response))
    assert first_chunk.startswith(b"\xef\xbb\xbf")
    rest = b"".join(response.response)
    response.close()
    assert rest.count(b"\r\n") == 250
    assert len(opened) == 2  # the request's, and the stream's
    for conn in opened:
        with pytest.raises(sqlite3.ProgrammingError):
            conn.execute("SELECT 1")  # closed
