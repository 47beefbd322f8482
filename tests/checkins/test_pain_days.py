"""`pain_days`: the daily figures per place (migration m010), counted again
by `journal.checkins.store` for every day a write touches.

Today's prompts, the summary and the share page read this table instead of
grouping readings, so it must always equal what grouping the readings gives,
after any write: a new check-in, an edit, a move to another day, a deletion,
an import, a deleted account.
"""

from datetime import date, datetime, time, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.checkins import store as checkins
from journal.checkins.form import CheckinInput, Reading
from journal.data import store as journal_data
from journal.web.db import connect, migrate
from tests.conftest import copy_database

NOW = datetime(2026, 3, 16, 10, 0, tzinfo=timezone.utc)
LONDON = "Europe/London"

RECOUNTED = """
    SELECT c.user_id, c.local_date,
           CASE WHEN r.location = 'other' AND r.other_text <> ''
                THEN 'other:' || r.other_text ELSE r.location END AS place,
           max(r.intensity), sum(r.intensity), count(*)
    FROM checkins c JOIN readings r ON r.checkin_id = c.id
    GROUP BY c.user_id, c.local_date, place
    ORDER BY 1, 2, 3
"""


def stored(db):
    return db.conn.execute(
        "SELECT user_id, local_date, place, worst, total, readings FROM pain_days ORDER BY 1, 2, 3"
    ).fetchall()


def recounted(db):
    return db.conn.execute(RECOUNTED).fetchall()


def new_database(tmp_path, patients=2, migrated=None):
    """Two patients in a new database: migrated here, or copied from `migrated`."""
    path = str(tmp_path / "journal.db")
    if migrated:
        copy_database(migrated, path)
    migrate(path)
    db = connect(path)
    for user_id in range(1, patients + 1):
        db.execute(
            "INSERT INTO users (id, email, password_hash, created_at) VALUES (?, ?, 'x', '2026-01-01')",
            [user_id, f"p{user_id}@example.com"],
        )
    return db


def checkin(day, *readings, at=time(9, 0)):
    return CheckinInput(local_date=day, local_time=at, readings=[Reading(*r) for r in readings])


def test_a_check_in_adds_its_places_to_its_day(tmp_path):
    db = new_database(tmp_path)
    checkins.create_checkin(db, 1, checkin(date(2026, 3, 10), ("hip_right", 6), ("lower_back", 2)), LONDON, NOW)
    checkins.create_checkin(db, 1, checkin(date(2026, 3, 10), ("hip_right", 3), at=time(20, 0)), LONDON, NOW)

    assert stored(db) == [
        (1, "2026-03-10", "hip_right", 6, 9, 2),
        (1, "2026-03-10", "lower_back", 2, 2, 1),
    ]


def test_named_other_places_are_days_of_their_own(tmp_path):
    db = new_database(tmp_path)
    day = date(2026, 3, 10)
    checkins.create_checkin(db, 1, checkin(day, ("other", 4, "left wrist")), LONDON, NOW)
    checkins.create_checkin(db, 1, checkin(day, ("other", 7, "neck")), LONDON, NOW)

    assert [row[2:] for row in stored(db)] == [("other:left wrist", 4, 4, 1), ("other:neck", 7, 7, 1)]


def test_an_edit_that_lowers_the_worst_reading_lowers_the_day(tmp_path):
    db = new_database(tmp_path)
    day = date(2026, 3, 10)
    first = checkins.create_checkin(db, 1, checkin(day, ("hip_right", 8)), LONDON, NOW)
    checkins.create_checkin(db, 1, checkin(day, ("hip_right", 3), at=time(20, 0)), LONDON, NOW)

    checkins.update_checkin(db, 1, first, checkin(day, ("hip_right", 5), ("knee_right", 1)), LONDON, NOW)

    assert stored(db) == [(1, "2026-03-10", "hip_right", 5, 8, 2), (1, "2026-03-10", "knee_right", 1, 1, 1)]
    assert stored(db) == recounted(db)


def test_moving_a_check_in_to_another_day_moves_its_figures(tmp_path):
    db = new_database(tmp_path)
    moved = checkins.create_checkin(db, 1, checkin(date(2026, 3, 10), ("hip_right", 8)), LONDON, NOW)
    checkins.create_checkin(db, 1, checkin(date(2026, 3, 10), ("hip_right", 2), at=time(20, 0)), LONDON, NOW)

    checkins.update_checkin(db, 1, moved, checkin(date(2026, 3, 9), ("hip_right", 8)), LONDON, NOW)

    assert stored(db) == [(1, "2026-03-09", "hip_right", 8, 8, 1), (1, "2026-03-10", "hip_right", 2, 2, 1)]


def test_deleting_a_check_in_counts_its_day_again_or_removes_it(tmp_path):
    db = new_database(tmp_path)
    day = date(2026, 3, 10)
    worst = checkins.create_checkin(db, 1, checkin(day, ("hip_right", 9), ("groin_right", 4)), LONDON, NOW)
    last = checkins.create_checkin(db, 1, checkin(day, ("hip_right", 2), at=time(20, 0)), LONDON, NOW)

    assert checkins.delete_checkin(db, 1, worst)
    assert stored(db) == [(1, "2026-03-10", "hip_right", 2, 2, 1)]
    assert checkins.delete_checkin(db, 1, last)
    assert stored(db) == []


def test_a_deleted_account_leaves_no_days_and_the_other_patients_stay(tmp_path):
    db = new_database(tmp_path)
    for user_id in (1, 2):
        for n in range(3):
            checkins.create_checkin(db, user_id, checkin(date(2026, 3, 10), ("hip_right", n + user_id), at=time(8 + n, 0)), LONDON, NOW)
    theirs = [row for row in stored(db) if row[0] == 2]

    assert journal_data.delete_account(db, 1)

    assert stored(db) == theirs == recounted(db)


def test_an_import_fills_the_days(tmp_path):
    db = new_database(tmp_path)
    checkins.insert_as_recorded(
        db, 1, checkin(date(2025, 12, 1), ("hip_left", 5), ("hip_left", 7)), NOW, NOW, NOW,
    )
    assert stored(db) == [(1, "2025-12-01", "hip_left", 7, 12, 2)]


def test_the_migration_counts_the_journals_already_written(tmp_path):
    path = str(tmp_path / "old.db")
    db = connect(path)
    from journal.web.migrations import migrations

    migrations.apply(db, stop_before="m010_pain_days")
    db.execute("INSERT INTO users (id, email, password_hash, created_at) VALUES (1, 'a@example.com', 'x', '2026-01-01')")
    for checkin_id, day, readings in ((1, "2026-03-10", [("hip_right", 6), ("other", 2)]),
                                      (2, "2026-03-10", [("hip_right", 3)]),
                                      (3, "2026-03-11", [("other", 5)])):
        db.execute(
            "INSERT INTO checkins (id, user_id, recorded_at, local_date, local_time, created_at, updated_at)"
            " VALUES (?, 1, '', ?, '09:00', '', '')", [checkin_id, day])
        for location, intensity in readings:
            db.execute(
                "INSERT INTO readings (checkin_id, location, other_text, intensity) VALUES (?, ?, ?, ?)",
                [checkin_id, location, "elbow" if location == "other" else "", intensity])
    db.conn.close()

    migrate(path)

    db = connect(path)
    assert stored(db) == [
        (1, "2026-03-10", "hip_right", 6, 9, 2),
        (1, "2026-03-10", "other:elbow", 2, 2, 1),
        (1, "2026-03-11", "other:elbow", 5, 5, 1),
    ]
    db.conn.close()


# Any sequence of writes by two patients over three days keeps the table
# equal to the readings grouped afresh.
PLACES = st.sampled_from([("hip_right", ""), ("lower_back", ""), ("other", "wrist"), ("other", "neck"), ("other", "")])
READINGS = st.lists(st.tuples(PLACES, st.integers(0, 10)), max_size=3, unique_by=lambda r: r[0])
DAYS = st.sampled_from([date(2026, 3, 9), date(2026, 3, 10), date(2026, 3, 11)])
WRITES = st.lists(
    st.one_of(
        st.tuples(st.just("create"), st.integers(1, 2), DAYS, READINGS),
        st.tuples(st.just("update"), st.integers(0, 9), DAYS, READINGS),
        st.tuples(st.just("delete"), st.integers(0, 9)),
    ),
    max_size=15,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(writes=WRITES)
def test_any_sequence_of_writes_keeps_the_days_equal_to_the_readings(
    tmp_path_factory, migrated_database, writes
):
    db = new_database(tmp_path_factory.mktemp("pain-days"), migrated=migrated_database)
    made = []  # (user_id, checkin_id)
    try:
        for write in writes:
            if write[0] == "create":
                _, user_id, day, readings = write
                data = checkin(day, *[(loc, n, other) for (loc, other), n in readings])
                made.append((user_id, checkins.create_checkin(db, user_id, data, LONDON, NOW)))
            elif made:
                user_id, checkin_id = made[write[1] % len(made)]
                if write[0] == "update":
                    _, _, day, readings = write
                    data = checkin(day, *[(loc, n, other) for (loc, other), n in readings])
                    checkins.update_checkin(db, user_id, checkin_id, data, LONDON, NOW)
                else:
                    checkins.delete_checkin(db, user_id, checkin_id)
            assert stored(db) == recounted(db), write
    finally:
        db.conn.close()
