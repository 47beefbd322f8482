"""The pages' heaviest reads use their indexes, whatever the amount of data.

Each test runs the real function, catches its SQL (with the values filled
in) and asks SQLite how it would run it. `make bench` measures the speed;
these make sure an index is never lost or bypassed unnoticed.
"""

from datetime import date

from journal.checkins import ranges as checkin_range
from journal.web.db import connect, migrate


def plans_of(db, call):
    statements = []
    db.conn.set_trace_callback(statements.append)
    try:
        result = call()
        if hasattr(result, "fetchall"):
            result.fetchall()
    finally:
        db.conn.set_trace_callback(None)
    return [
        " ".join(row[3] for row in db.conn.execute("EXPLAIN QUERY PLAN " + sql))
        for sql in statements
    ]


def test_the_timeline_counts_exercise_days_from_the_index_alone(tmp_path):
    migrate(str(tmp_path / "j.db"))
    db = connect(str(tmp_path / "j.db"))
    [plan] = plans_of(db, lambda: checkin_range.exercise_days_per_week(db, 1, date(2026, 1, 5), date(2026, 11, 30)))
    assert "COVERING INDEX checkins_exercise_days" in plan


def test_daily_figures_are_a_range_of_the_pain_days_key(tmp_path):
    migrate(str(tmp_path / "j.db"))
    db = connect(str(tmp_path / "j.db"))
    [plan] = plans_of(db, lambda: checkin_range.place_days(db, 1, date(2026, 1, 5), date(2026, 11, 30)))
    assert "SEARCH pain_days USING PRIMARY KEY (user_id=? AND local_date>? AND local_date<?)" in plan
    assert "TEMP B-TREE" not in plan  # already in date order: no sort
