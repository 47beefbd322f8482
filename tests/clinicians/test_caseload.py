"""The caseload's order at each boundary, its rows, and its cost: the same
number of queries for 2 patients or 40."""

from datetime import date, timedelta

import pytest

from journal import create_app
from journal.clinicians import caseload
from journal.recovery.plan import Plan
from tests.clinicians.conftest import ClinicianActions, connect, user_id
from tests.conftest import AuthActions

TODAY = date(2026, 3, 16)
PLAN = Plan(surgery_date=date(2026, 3, 9), side="right", crutch_weeks=2)


def days_ago(n):
    return TODAY - timedelta(days=n)


def weeks(place="hip_right", this=None, last=None, this_days=7, last_days=7):
    return caseload.PlaceWeeks(place, this, this_days if this is not None else 0,
                               last, last_days if last is not None else 0)


def row(name="Pat", last=0, days_with_data=20, signs=(), places=(), milestones=(), plan=PLAN):
    """A row for a patient whose last check-in was `last` days ago (None: never)."""
    return caseload.build_row(
        hash(name) % 1000, name, plan, TODAY, None if last is None else days_ago(last),
        days_with_data, signs, places, list(milestones),
    )


# --- Each boundary (the day windows themselves are applied in SQL: below) ------

def test_a_same_day_or_emergency_sign_is_a_red_flag_in_words():
    flagged = row(signs=["fever"])
    assert flagged.tier == caseload.RED_FLAG and flagged.flags[0] == "Red flag"
    assert flagged.red_flags == ("Fever of 38.3 °C / 101 °F or more",)
    assert row(signs=["chest"]).tier == caseload.RED_FLAG


def test_a_sign_to_mention_is_not_a_red_flag():
    assert row(signs=["tingling"]).tier == caseload.REST


def test_a_place_is_worse_only_by_the_clinical_rule():
    # 3 -> 5 is 2 points: worse (Farrar 2001); 3 -> 4 is 1 point and 33%: worse too.
    assert row(places=[weeks(this=5, last=3)]).tier == caseload.WORSE
    assert row(places=[weeks(this=4, last=3)]).tier == caseload.WORSE
    # 6 -> 7 is 1 point and 17%: about the same, not worse; falling is not worse.
    assert row(places=[weeks(this=7, last=6)]).tier == caseload.REST
    assert row(places=[weeks(this=2, last=6)]).tier == caseload.REST


def test_a_week_needs_two_logged_days_before_it_is_called_worse():
    assert row(places=[weeks(this=6, last=2, last_days=1)]).tier == caseload.REST
    assert row(places=[weeks(this=6, last=2, last_days=2)]).tier == caseload.WORSE
    assert row(places=[weeks(this=6, last=2, this_days=1)]).tier == caseload.REST


def test_no_check_in_for_3_days_or_more():
    assert row(last=2).tier == caseload.REST
    assert row(last=3).tier == caseload.QUIET
    assert row(last=None).tier == caseload.QUIET  # never logged
    assert row(last=40).days_since_checkin == 40


def test_a_crutch_step_off_plan():
    # Off crutches on day 5 of a 2-week plan: sooner than planned, a safety matter.
    early = [{"kind": "off_crutches", "title": "", "date": "2026-03-14"}]
    assert row(milestones=early).tier == caseload.CRUTCH
    # The off-crutches window is the plan's day itself (thresholds): on crutches
    # on day 14 of a 2-week plan is on plan, on day 15 later than planned.
    assert row(plan=Plan(surgery_date=date(2026, 3, 2), crutch_weeks=2)).tier == caseload.REST
    late = row(plan=Plan(surgery_date=date(2026, 3, 1), crutch_weeks=2))
    assert late.tier == caseload.CRUTCH and late.crutch_steps == ("Off crutches: later than planned",)
    on_time = [{"kind": "off_crutches", "title": "", "date": "2026-03-16"}]
    assert row(plan=Plan(surgery_date=date(2026, 3, 2), crutch_weeks=2), milestones=on_time).tier == caseload.REST
    assert row(plan=None).tier == caseload.REST  # no plan, no steps to judge


def test_the_order_is_red_flag_worse_quiet_crutch_then_the_rest():
    rows = [
        row("Rest", last=1),
        row("Crutch", milestones=[{"kind": "off_crutches", "title": "", "date": "2026-03-14"}]),
        row("Quiet", last=4),
        row("Worse", places=[weeks(this=6, last=2)]),
        row("Flag", signs=["fever"]),
    ]
    assert [r.name for r in caseload.ordered(rows)] == ["Flag", "Worse", "Quiet", "Crutch", "Rest"]


def test_the_highest_reason_decides_and_all_are_said():
    both = row(signs=["fever"], last=5)
    assert both.tier == caseload.RED_FLAG
    assert both.flags == ("Red flag", "No recent check-in")


def test_the_rest_are_ordered_by_last_check_in_longest_ago_first():
    rows = [row("Today", last=0), row("Two days", last=2), row("Yesterday", last=1)]
    assert [r.name for r in caseload.ordered(rows)] == ["Two days", "Yesterday", "Today"]
    quiet = [row("Five", last=5), row("Never", last=None), row("Ten", last=10)]
    assert [r.name for r in caseload.ordered(quiet)] == ["Never", "Ten", "Five"]


def test_worst_place_now_with_its_level_and_direction():
    r = row(places=[weeks("lower_back", this=3, last=3), weeks("hip_right", this=5, last=2),
                    weeks("knee_right", this=None, last=8)])
    assert r.worst_place == caseload.PlaceNow("hip_right", 5.0, "worse")
    assert r.getting_worse == ("hip_right",)


# --- Through the app ------------------------------------------------------------

def query_count(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return int(response.headers["X-Query-Count"])


def test_the_caseload_costs_the_same_queries_for_2_patients_or_12(tmp_path, clock):
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "q.db"), "SECRET_KEY": "t",
                      "CLOCK": clock, "COUNT_QUERIES": True, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
                      "REGISTER_LIMIT_PER_IP": 100, "ACCOUNTS_PER_IP_PER_DAY": 100})
    pt = ClinicianActions(app.test_client())
    pt.register_pt()
    code = pt.code()

    def add_patients(first, count):
        for n in range(first, first + count):
            patient = AuthActions(app.test_client())
            patient.register(email=f"p{n}@example.com", name=f"P{n}")
            patient.set_plan()
            patient.checkin()
            patient.post("/milestones", {"kind": "one_crutch", "date": ""}, token_from="/timeline")
            connect(patient, code)

    add_patients(0, 2)
    two = query_count(pt.client, "/pt")
    add_patients(2, 10)
    assert query_count(pt.client, "/pt") == two
    assert two <= 8


def caseload_row(app, db, pt, name):
    """The PT's caseload row for `name`, read as the page reads it."""
    from journal.clinicians import caseload_data
    from journal.web.db import connect as connect_db
    database = connect_db(app.config["DATABASE"])
    try:
        found = caseload_data.caseload_rows(database, user_id(db, "pt@example.com"), app.config["CLOCK"]())
    finally:
        database.conn.close()
    return next(r for r in found if r.name == name)


@pytest.fixture
def ben(app, pt):
    patient = AuthActions(app.test_client())
    patient.register(email="ben@example.com", name="Ben")
    patient.set_plan(surgery_date="2026-01-05")
    connect(patient, pt.code())
    return patient


def test_a_red_flag_counts_for_7_days_today_included(app, db, clock, pt, ben):
    ben.checkin(date=days_ago(7).isoformat(), time="08:00", warning=["fever"])
    assert caseload_row(app, db, pt, "Ben").red_flags == ()
    ben.checkin(date=days_ago(6).isoformat(), time="08:00", warning=["calf"])
    assert caseload_row(app, db, pt, "Ben").red_flags == ("Calf pain or swelling",)


def test_days_with_data_count_the_last_30_days_today_included(app, db, clock, pt, ben):
    for n in (0, 0, 1, 29, 30):
        ben.checkin(date=days_ago(n).isoformat(), time="08:00")
    found = caseload_row(app, db, pt, "Ben")
    assert found.days_with_data == 3 and found.last_checkin == TODAY


def test_this_week_is_the_last_7_days_and_last_week_the_7_before(app, db, clock, pt, ben):
    for n in (7, 8, 13, 14):  # last week: days 7-13; day 14 is outside both
        ben.checkin(date=days_ago(n).isoformat(), time="08:00", **{"intensity-hip_right": "9" if n == 14 else "2"})
    for n in (0, 6):
        ben.checkin(date=days_ago(n).isoformat(), time="08:00", **{"intensity-hip_right": "4"})
    found = caseload_row(app, db, pt, "Ben")
    # 2 -> 4: worse. Day 14's 9 counted would make it 3.75 -> 4 (the same); day 7
    # counted in this week would make the level 3.3.
    assert found.worst_place == caseload.PlaceNow("hip_right", 4.0, "worse")


def test_the_caseload_page_puts_a_flagged_patient_first(app, db, clock, pt):
    code = pt.code()
    for name, signs in (("Quinn", []), ("Rosa", ["fever"])):
        patient = AuthActions(app.test_client())
        patient.register(email=f"{name}@example.com", name=name)
        patient.set_plan()
        patient.checkin(warning=signs)
        connect(patient, code)
    page = pt.client.get("/pt").get_data(as_text=True)
    assert page.index("Rosa") < page.index("Quinn")
    assert "Day 7 after surgery · right side" in page
    rosa = user_id(db, "rosa@example.com")
    assert f'<a href="/pt/patients/{rosa}">Rosa</a>' in page
    attention = pt.client.get("/pt?show=attention").get_data(as_text=True)
    assert "Rosa" in attention and "Quinn" not in attention
