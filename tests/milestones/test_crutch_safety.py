"""Crutch steps against the surgeon's weight-bearing instruction and the limp
(journal/recovery/thresholds.py): neither ever reads "on time".

Pure windows at each boundary, the walking answer read from the check-ins,
then the words on Today, the timeline, the summary and the share page.
"""

import re
from datetime import date, timedelta
from html import unescape

import pytest

from journal.milestones import store
from journal.milestones.windows import (
    WalkingAnswer,
    early_crutch_steps,
    expected_milestones,
    limp_notes,
    walking_answer,
)
from journal.recovery.plan import Plan
from journal.summary import brief
from journal.web.db import connect, migrate

SURGERY = date(2026, 3, 2)


def on(day):
    return SURGERY + timedelta(days=day)


def plan(**fields):
    return Plan(surgery_date=SURGERY, **fields)


def logged(*pairs):
    return [
        {"id": i, "kind": kind, "title": "", "date": on(day).isoformat()}
        for i, (kind, day) in enumerate(pairs, start=1)
    ]


def step(kind, the_plan, entries, today=40, walking=None):
    expected = expected_milestones(the_plan, entries, on(today), walking)
    return {e.kind: e for e in expected}[kind]


# --- the limp ------------------------------------------------------------------

LIMP_THAT_DAY = (
    "done on day 14 as planned; “walking without a limp?” was answered “not yet” that day — "
    "protocols stop crutches once walking is free of a limp: check with your PT"
)


@pytest.mark.parametrize(
    "walking, state, status",
    [
        (None, "done_on_time", "done on day 14 (planned for day 14)"),  # not answered
        (WalkingAnswer(on(14), True), "done_on_time", "done on day 14 (planned for day 14)"),
        (WalkingAnswer(on(14), False), "done_with_limp", LIMP_THAT_DAY),
        (WalkingAnswer(on(11), False), "done_with_limp",
         "done on day 14 as planned; “walking without a limp?” was answered “not yet” on day 11, "
         "the latest answer — protocols stop crutches once walking is free of a limp: check with "
         "your PT"),
    ],
)
def test_off_crutches_on_the_planned_day_is_on_time_only_without_a_limp(walking, state, status):
    off = step("off_crutches", plan(crutch_weeks=2), logged(("off_crutches", 14)), walking=walking)
    assert (off.state, off.status) == (state, status)
    assert off.state_label != "Done on time" or walking is None or walking.without_limp


def test_off_crutches_later_than_planned_with_a_limp_says_both():
    off = step("off_crutches", plan(crutch_weeks=2), logged(("off_crutches", 16)),
               walking=WalkingAnswer(on(16), False))
    assert off.state == "done_with_limp"
    assert off.status.startswith("done on day 16, later than planned (planned for day 14); ")
    assert off.state_label == "Done, with a limp noted"


def test_off_crutches_too_soon_stays_too_soon_with_or_without_a_limp():
    off = step("off_crutches", plan(crutch_weeks=2), logged(("off_crutches", 10)),
               walking=WalkingAnswer(on(10), False))
    assert off.state == "too_soon"


def test_a_limp_says_nothing_about_one_crutch():
    one = step("one_crutch", plan(crutch_weeks=2), logged(("one_crutch", 9)),
               walking=WalkingAnswer(on(9), False))
    assert one.state == "done_on_time"


def test_today_keeps_the_limp_note_for_a_week_from_the_day_off_crutches():
    entries = logged(("off_crutches", 14))
    limp = WalkingAnswer(on(14), False)

    def shown(today):
        expected = expected_milestones(plan(crutch_weeks=2), entries, on(today), limp)
        return [e.kind for e in limp_notes(expected, today)]

    assert shown(14) == shown(20) == ["off_crutches"]
    assert shown(21) == []
    no_limp = expected_milestones(plan(crutch_weeks=2), entries, on(14), WalkingAnswer(on(14), True))
    assert limp_notes(no_limp, 14) == []


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "journal.db")
    migrate(path)
    database = connect(path)
    for user in (1, 2):
        database.execute(
            "INSERT INTO users (id, email, password_hash, display_name, timezone, created_at)"
            " VALUES (?, ?, '', 'Ana', 'Europe/London', '2026-03-01T00:00:00+00:00')",
            [user, f"p{user}@example.com"],
        )
    return database


def answer(db, day, walking, time="09:00", user=1):
    """A check-in on `day` answering "walking without a limp?" (None: not answered)."""
    when = f"{on(day)}T{time}:00+00:00"
    db.execute(
        "INSERT INTO checkins (user_id, recorded_at, local_date, local_time, walking_without_limp,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [user, when, on(day).isoformat(), time, walking, when, when],
    )


def off_state(db):
    """Off crutches logged on day 14 of a 2-week plan, read as the pages read it."""
    db.execute("INSERT INTO milestones (user_id, kind, title, date, created_at)"
               " VALUES (1, 'off_crutches', '', ?, '2026-03-16T10:00:00+00:00')",
               [on(14).isoformat()])
    entries = store.list_milestones(db, 1, walking_since=SURGERY)
    db.execute("DELETE FROM milestones")
    expected = expected_milestones(plan(crutch_weeks=2), entries, on(20))
    return walking_answer(entries), {e.kind: e for e in expected}["off_crutches"].state


def test_the_latest_answer_on_or_before_the_day_decides(db):
    answer(db, 12, 0)
    answer(db, 14, 1, "08:00")
    answer(db, 14, 0, "19:00")  # the evening's answer is the day's latest
    answer(db, 14, None, "21:00")  # a check-in that didn't answer changes nothing
    answer(db, 15, 1)  # after the day: not what the patient knew then
    answer(db, 14, 1, "22:00", user=2)  # another patient's answer is never read
    assert off_state(db) == (WalkingAnswer(on(14), False), "done_with_limp")


def test_walking_without_a_limp_on_the_day_keeps_it_on_time(db):
    answer(db, 10, 0)
    answer(db, 13, 1)
    assert off_state(db) == (WalkingAnswer(on(13), True), "done_on_time")


def test_no_answer_and_an_answer_before_surgery_leave_it_on_time(db):
    assert off_state(db) == (None, "done_on_time")
    answer(db, -3, 0)  # limping before the operation is why it was done
    assert off_state(db) == (None, "done_on_time")


def test_only_off_crutches_carries_the_answer_and_only_when_asked(db):
    answer(db, 5, 0)
    for kind, day in (("one_crutch", 7), ("off_crutches", 14)):
        db.execute("INSERT INTO milestones (user_id, kind, title, date, created_at)"
                   " VALUES (1, ?, '', ?, '2026-03-16T10:00:00+00:00')", [kind, on(day).isoformat()])
    one, off = store.list_milestones(db, 1, walking_since=SURGERY)
    assert (one["walking_date"], off["walking_date"]) == (None, on(5).isoformat())
    assert "walking_date" not in store.list_milestones(db, 1)[1]


# --- the weight-bearing instruction -------------------------------------------------


@pytest.mark.parametrize(
    "kind, day, state",
    [
        # Partial weight-bearing with no end date: the whole crutch period (to day 14).
        ("one_crutch", 7, "before_weight_bearing"),  # inside the weaning week, but not allowed
        ("one_crutch", 13, "before_weight_bearing"),
        ("one_crutch", 14, "done_on_time"),
        ("off_crutches", 13, "before_weight_bearing"),
        ("off_crutches", 14, "done_on_time"),
        ("off_crutches", 15, "done_late"),
    ],
)
def test_restricted_weight_bearing_without_an_end_date_lasts_the_crutch_period(kind, day, state):
    for code in ("partial", "touch_down"):
        e = step(kind, plan(crutch_weeks=2, weight_bearing=code), logged((kind, day)))
        assert e.state == state, code
        assert (e.state_label == "Done on time") == (state == "done_on_time")


def test_before_the_instruction_ends_says_so_and_who_to_ask():
    e = step("off_crutches", plan(crutch_weeks=2, weight_bearing="partial"),
             logged(("off_crutches", 13)))
    assert e.status == (
        "done on day 13: sooner than your surgeon's weight-bearing instruction (partial "
        "weight-bearing for the whole crutch period, to day 14) — check with your surgeon before "
        "putting more weight through the hip"
    )
    assert e.state_label == "Sooner than the weight-bearing instruction"


@pytest.mark.parametrize("day, state", [(16, "before_weight_bearing"), (17, "done_on_time"),
                                        (18, "done_on_time")])
def test_an_end_date_is_checked_the_day_before_on_and_after_it(day, state):
    # Three weeks on crutches: the weaning week is days 14-21; touch-down until day 17.
    the_plan = plan(crutch_weeks=3, weight_bearing="touch_down", weight_bearing_until=on(17))
    e = step("one_crutch", the_plan, logged(("one_crutch", day)))
    assert e.state == state
    if state == "before_weight_bearing":
        assert "(touch-down weight-bearing until day 17)" in e.status


def test_an_instruction_that_ended_leaves_the_plan_to_decide():
    the_plan = plan(crutch_weeks=3, weight_bearing="partial", weight_bearing_until=on(10))
    assert step("one_crutch", the_plan, logged(("one_crutch", 12))).state == "too_soon"
    assert step("off_crutches", the_plan, logged(("off_crutches", 21))).state == "done_on_time"


@pytest.mark.parametrize("code", [None, "as_tolerated"])
def test_no_restriction_means_the_weaning_week_is_on_time(code):
    e = step("one_crutch", plan(crutch_weeks=2, weight_bearing=code), logged(("one_crutch", 7)))
    assert e.state == "done_on_time"


def test_skipping_one_crutch_before_the_instruction_ends_is_not_fine():
    the_plan = plan(crutch_weeks=2, weight_bearing="partial", weight_bearing_until=on(14))
    one = step("one_crutch", the_plan, logged(("off_crutches", 13)))
    assert one.status.startswith("skipped: straight from two crutches to none, sooner")


def test_today_reminds_of_the_instruction_while_it_or_the_crutch_period_lasts():
    the_plan = plan(crutch_weeks=2, weight_bearing="partial")
    entries = logged(("one_crutch", 8))

    def reminded(today):
        expected = expected_milestones(the_plan, entries, on(today))
        return [e.kind for e in early_crutch_steps(expected, today)]

    assert reminded(8) == reminded(14) == ["one_crutch"]
    assert reminded(15) == []


def test_a_pt_reads_both_statuses_about_the_patient():
    the_plan = plan(crutch_weeks=2, weight_bearing="partial")
    pt = brief.Voice("Maria")
    expected = expected_milestones(the_plan, logged(("one_crutch", 9), ("off_crutches", 14)),
                                   on(20), WalkingAnswer(on(14), False))
    statuses = [brief.about_the_patient(e.status, pt) for e in expected
                if e.kind in ("one_crutch", "off_crutches")]
    assert statuses == [
        "done on day 9: sooner than the surgeon's weight-bearing instruction (partial "
        "weight-bearing for the whole crutch period, to day 14) — worth checking with the surgeon",
        "done on day 14 as planned; “walking without a limp?” was answered “not yet” that day — "
        "protocols stop crutches once walking is free of a limp: worth asking about",
    ]
    assert brief.crutch_steps(expected, pt) == [
        "One crutch: day 9, sooner than the surgeon's weight-bearing instruction (to day 14): "
        "check with the surgeon",
        "Off crutches: day 14, the planned day, with a limp noted on day 14: crutches stop once "
        "walking is free of a limp — worth asking about",
    ]
    assert all("on plan" not in s and "your" not in s for s in brief.crutch_steps(expected, pt))


# --- the words on the pages (surgery Mon 9 March; today Mon 16 March, day 7) ---------


def page(response):
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def log(auth, kind, day):
    response = auth.post("/milestones", {"kind": kind, "date": day, "title": ""},
                         token_from="/timeline")
    assert response.status_code == 303


def share(auth):
    created = auth.post("/share", {"label": "PT", "expires_days": "30", "range_kind": "last_days",
                                   "last_days": "14"}, token_from="/share")
    url = re.search(r'id="share-url" value="([^"]+)"', created.get_data(as_text=True)).group(1)
    return url.removeprefix("http://localhost")


def test_off_crutches_with_a_limp_reaches_today_the_timeline_and_the_summaries(auth, client):
    # One week on crutches: today, day 7, is the planned day.
    auth.patient(crutch_weeks="1")
    auth.checkin(date="2026-03-16", time="08:00", walking_without_limp="not_yet")
    log(auth, "off_crutches", "2026-03-16")
    said = "“walking without a limp?” was answered “not yet” that day"

    today = page(client.get("/"))
    assert "Off crutches, with a limp noted" in today and said in today
    assert "check with your PT" in today
    timeline = page(client.get("/timeline"))
    assert "Done, with a limp noted" in timeline and said in timeline
    assert "Done on time" not in timeline.split('id="by-week"')[0].split("Off crutches")[1]
    summary = page(client.get("/summary?range=7"))
    assert said in summary and "check with your PT" in summary
    assert "with a limp noted on day 7" in summary  # the brief's crutch line
    path = share(auth)
    auth.logout()
    shared = page(client.get(path))
    assert said in shared and "free of a limp: worth asking about" in shared
    assert "check with your PT" not in shared


def test_a_limp_answered_yes_keeps_off_crutches_on_time(auth, client):
    auth.patient(crutch_weeks="1")
    auth.checkin(date="2026-03-16", time="08:00", walking_without_limp="yes")
    log(auth, "off_crutches", "2026-03-16")
    assert "with a limp noted" not in page(client.get("/"))
    assert "Done on time" in page(client.get("/timeline"))


def test_one_crutch_under_partial_weight_bearing_reaches_every_page(auth, client):
    # Partial weight-bearing, no end date: the whole two weeks on crutches.
    auth.patient(weight_bearing="partial")
    log(auth, "one_crutch", "2026-03-16")
    sooner = "sooner than your surgeon's weight-bearing instruction"

    today = page(client.get("/"))
    assert f"One crutch: {sooner}" in today
    assert "your surgeon's instruction is partial weight-bearing for the whole crutch period, " \
           "to day 14" in today
    timeline = page(client.get("/timeline"))
    assert "Sooner than the weight-bearing instruction" in timeline and sooner in timeline
    summary = page(client.get("/summary?range=7"))
    assert sooner in summary and "check with your surgeon" in summary
    path = share(auth)
    auth.logout()
    shared = page(client.get(path))
    assert "sooner than the surgeon's weight-bearing instruction" in shared
    assert "worth checking with the surgeon" in shared and "your surgeon" not in shared


def test_one_crutch_after_the_instruction_ends_is_on_time(auth, client):
    auth.patient(weight_bearing="partial", weight_bearing_until="2026-03-16")
    log(auth, "one_crutch", "2026-03-16")
    assert "weight-bearing instruction" not in page(client.get("/"))
    assert "Done on time" in page(client.get("/timeline"))


def test_the_answer_is_a_range_of_the_check_in_index_not_a_scan(db):
    """Read in the milestones' own query on Today, the timeline and the
    summary: it must stay an index range however long the journal."""
    statements = []
    db.conn.set_trace_callback(statements.append)
    store.list_milestones(db, 1, walking_since=SURGERY)
    db.conn.set_trace_callback(None)
    [sql] = statements
    plan_text = " ".join(row[3] for row in db.conn.execute("EXPLAIN QUERY PLAN " + sql))
    assert ("SEARCH c USING INDEX checkins_by_user_day (user_id=? AND local_date>? AND "
            "local_date<?)") in plan_text
    assert "TEMP B-TREE" not in plan_text.split("CORRELATED SCALAR SUBQUERY")[1]


def test_the_new_statuses_wear_the_colours_of_sooner_and_later(auth, client):
    auth.patient(weight_bearing="partial")
    log(auth, "one_crutch", "2026-03-16")
    timeline = page(client.get("/timeline"))
    one = timeline[timeline.rindex("<li", 0, timeline.index("Sooner than the weight-bearing")):]
    assert one.startswith('<li class="state-too_soon">')
    assert step("off_crutches", plan(crutch_weeks=2), logged(("off_crutches", 14)),
                walking=WalkingAnswer(on(14), False)).tone == "late"
