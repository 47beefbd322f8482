"""The caseload's order at each boundary, its rows, and its cost: the same
number of queries for 2 patients or 40."""

from datetime import date, timedelta

import pytest

from journal import create_app
from journal.clinicians import caseload
from journal.prompts.journal_days import JournalDays
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


def row(name="Pat", last=0, days_with_data=20, signs=(), places=(), milestones=(), plan=PLAN,
        calf=()):
    """A row for a patient whose last check-in was `last` days ago (None: never).
    `signs`: codes ticked today, or `(days_ago, [codes])` pairs; `calf`:
    `(days_ago, worst)` of left-calf pain on the body map."""
    ticked = [(days_ago(s[0]), tuple(s[1])) if isinstance(s, tuple) else (TODAY, (s,)) for s in signs]
    pain = [(days_ago(n), "calf_left", worst, float(worst)) for n, worst in calf]
    return caseload.build_row(
        hash(name) % 1000, name, plan, TODAY, None if last is None else days_ago(last),
        days_with_data, JournalDays(places=pain, signs=ticked), places, list(milestones),
    )


def plan_on_day(day, crutch_weeks=2):
    """A plan whose surgery was `day` days before TODAY."""
    return Plan(surgery_date=days_ago(day), side="right", crutch_weeks=crutch_weeks)


# --- Each boundary (the day windows themselves are applied in SQL: below) ------

def test_a_same_day_or_emergency_sign_is_a_red_flag_in_words_with_its_day():
    flagged = row(signs=["fever"])
    assert flagged.tier == caseload.RED_FLAG and flagged.flags[0] == "Red flag"
    assert flagged.red_flags == ("Fever of 38.3 °C / 101 °F or more, Mon 16 Mar",)
    assert row(signs=["chest"]).tier == caseload.RED_FLAG
    # The same sign on two days is said once, with its latest day.
    twice = row(signs=[(3, ["calf"]), (1, ["calf"])])
    assert twice.red_flags == ("Calf pain or swelling, Sun 15 Mar",)


def test_an_emergency_is_said_first_and_titled_as_in_the_summary():
    for plan in (PLAN, None):
        both = row(plan=plan, signs=[(1, ["fever"]), (3, ["chest"])])
        assert both.red_flags == (
            "Chest pain, breathlessness, coughing blood or fainting, Fri 13 Mar",
            "Fever of 38.3 °C / 101 °F or more, Sun 15 Mar",
        )


def test_a_sign_to_mention_is_not_a_red_flag():
    assert row(signs=["tingling"]).tier == caseload.REST


def test_a_temperature_on_surgery_day_alone_is_not_a_red_flag():
    # Day 0 (the safety rules: common in the first 24 hours); from day 1 it is a call.
    assert row(plan=plan_on_day(2), signs=[(2, ["fever"])]).red_flags == ()
    assert row(plan=plan_on_day(2), signs=[(2, ["fever"])]).tier == caseload.REST
    assert row(plan=plan_on_day(2), signs=[(1, ["fever"])]).tier == caseload.RED_FLAG


def test_seepage_in_the_first_two_days_is_not_a_red_flag():
    assert row(plan=plan_on_day(4), signs=[(4, ["drainage"]), (2, ["drainage"])]).tier == caseload.REST
    third = row(plan=plan_on_day(4), signs=[(1, ["drainage"])])  # day 3
    assert third.tier == caseload.RED_FLAG and third.red_flags[0].startswith("Fluid")


def test_without_a_plan_a_sign_counts_by_its_advice():
    # No surgery day to judge "expected" by: a temperature is a call.
    assert row(plan=None, signs=["fever"]).tier == caseload.RED_FLAG
    assert row(plan=None, signs=["tingling"]).tier == caseload.REST


def test_calf_pain_on_the_body_map_is_a_red_flag_as_the_patient_is_told():
    flagged = row(calf=[(2, 1)])
    assert flagged.tier == caseload.RED_FLAG
    assert flagged.red_flags == ("Calf pain or swelling, Sat 14 Mar",)
    assert row(calf=[(2, 0)]).tier == caseload.REST  # 0 is no pain


def test_calf_pain_is_flagged_when_an_episode_starts_in_the_last_7_days():
    day28 = plan_on_day(28)
    assert row(plan=day28, calf=[(6, 2)]).red_flags != ()  # first day, 6 days ago
    assert row(plan=day28, calf=[(7, 2)]).red_flags == ()  # 7 days ago: out of the window
    # An episode started before the window and still going is not a new alarm
    # (the patient is asked about swelling instead): days 9 and 6 are one
    # episode (2 clear days between), days 10 and 6 two.
    assert row(plan=day28, calf=[(9, 2), (6, 2)]).red_flags == ()
    assert row(plan=day28, calf=[(10, 2), (6, 2)]).red_flags != ()


def test_calf_pain_after_the_calf_window_is_not_a_red_flag():
    # Two weeks of crutches: the window is the first 6 weeks (days 0-41).
    assert row(plan=plan_on_day(41), calf=[(0, 3)]).red_flags != ()
    assert row(plan=plan_on_day(42), calf=[(0, 3)]).red_flags == ()
    # Still on crutches on day 42 (logged off on day 40 of a plan of 6 weeks):
    # the window runs 2 weeks past the day off crutches.
    off = [{"kind": "off_crutches", "title": "", "date": days_ago(5).isoformat()}]
    assert row(plan=plan_on_day(45, crutch_weeks=6), calf=[(0, 3)], milestones=off).red_flags != ()


def test_a_place_is_worse_only_by_the_clinical_rule():
    # 3 -> 5 is 2 points: worse (Farrar 2001); 3 -> 4 is 1 point and 33%: worse too.
    assert row(places=[weeks(this=5, last=3)]).tier == caseload.WORSE
    assert row(places=[weeks(this=4, last=3)]).tier == caseload.WORSE
    # 6 -> 7 is 1 point and 17%: about the same, not worse; falling is not worse.
    assert row(places=[weeks(this=7, last=6)]).red_flags == ()
    assert row(places=[weeks(this=2, last=6)]).red_flags == ()


def test_a_week_needs_two_logged_days_before_it_is_called_worse():
    assert row(places=[weeks(this=6, last=2, last_days=1)]).red_flags == ()
    assert row(places=[weeks(this=6, last=2, last_days=2)]).tier == caseload.WORSE
    assert row(places=[weeks(this=6, last=2, this_days=1)]).red_flags == ()


def test_no_check_in_for_3_days_or_more():
    assert row(last=2).red_flags == ()
    assert row(last=3).tier == caseload.QUIET
    assert row(last=None).tier == caseload.QUIET  # never logged
    assert row(last=40).days_since_checkin == 40


def off_crutches(days_before_today, kind="off_crutches"):
    return {"kind": kind, "title": "", "date": days_ago(days_before_today).isoformat()}


def test_a_crutch_step_sooner_than_planned_is_said_for_the_pt():
    # Off crutches on day 5 of a 2-week plan: sooner than planned, a safety matter.
    early = row(milestones=[off_crutches(2)])
    assert early.tier == caseload.CRUTCH
    assert early.crutch_steps == ("off crutches on day 5, sooner than the plan's day 14",)
    one = row(plan=plan_on_day(7), milestones=[off_crutches(3, "one_crutch")])
    assert one.crutch_steps == ("down to one crutch on day 4, sooner than the plan's day 7",)
    # Once the planned crutch period is over, an early step is no longer news.
    assert row(plan=plan_on_day(15), milestones=[off_crutches(10)]).tier == caseload.REST


def test_still_on_crutches_after_the_plans_day():
    # The off-crutches window is the plan's day itself (thresholds): on crutches
    # on day 14 of a 2-week plan is on plan, on day 15 later than planned.
    assert row(plan=plan_on_day(14)).tier == caseload.REST
    late = row(plan=plan_on_day(15))
    assert late.tier == caseload.CRUTCH
    assert late.crutch_steps == ("still on crutches on day 15, later than the plan's day 14",)
    assert row(plan=plan_on_day(14), milestones=[off_crutches(0)]).tier == caseload.REST
    assert row(plan=None).tier == caseload.REST  # no plan, no steps to judge


def test_a_crutch_step_logged_later_than_planned_is_flagged_for_a_week():
    # Off crutches on day 16 of a 2-week plan.
    for today_day, flagged in ((16, True), (22, True), (23, False), (60, False)):
        found = row(plan=plan_on_day(today_day), milestones=[off_crutches(today_day - 16)])
        assert (found.tier == caseload.CRUTCH) is flagged, today_day
        if flagged:
            assert found.crutch_steps == ("off crutches on day 16, later than the plan's day 14",)
    # Down to one crutch after the crutch period, then off: both said.
    both = row(plan=plan_on_day(20), milestones=[off_crutches(5, "one_crutch"), off_crutches(2)])
    assert both.crutch_steps == (
        "down to one crutch on day 15, later than the plan's day 14",
        "off crutches on day 18, later than the plan's day 14",
    )


def test_the_day_before_surgery_is_a_countdown():
    assert row(plan=plan_on_day(-3)).day_words == "Surgery in 3 days"
    assert row(plan=plan_on_day(-1)).day_words == "Surgery in 1 day"
    assert row(plan=plan_on_day(0)).day_words == "Surgery day"
    assert row(plan=plan_on_day(9)).day_words == "Day 9 after surgery"


def test_the_order_is_red_flag_worse_quiet_crutch_then_the_rest():
    rows = [
        row("Rest", last=1),
        row("Crutch", milestones=[off_crutches(2)]),
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
            patient.checkin(location=["hip_right", "calf_left"], warning=["fever"],
                            **{"intensity-calf_left": "2"})
            patient.post("/milestones", {"kind": "one_crutch", "date": ""}, token_from="/timeline")
            connect(patient, code)

    add_patients(0, 2)
    two = query_count(pt.client, "/pt")
    add_patients(2, 10)
    assert query_count(pt.client, "/pt") == two
    assert two <= 8
    # Each of them has a red flag from the body map's calf (and the fever): read in bulk.
    page = pt.client.get("/pt").get_data(as_text=True)
    assert page.count("Calf pain or swelling, Mon 16 Mar") == 12


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
    assert caseload_row(app, db, pt, "Ben").red_flags == ("Calf pain or swelling, Tue 10 Mar",)


@pytest.fixture
def cara(app, pt):
    """A patient 28 days after surgery on 6 weeks of crutches: inside the calf window."""
    patient = AuthActions(app.test_client())
    patient.register(email="cara@example.com", name="Cara")
    patient.set_plan(surgery_date=days_ago(28).isoformat(), crutch_weeks="6")
    connect(patient, pt.code())
    return patient


def calf_pain(patient, n, intensity="2"):
    patient.checkin(date=days_ago(n).isoformat(), time="08:00",
                    location=["calf_left"], **{"intensity-calf_left": intensity})


def test_calf_pain_on_the_body_map_makes_a_red_flag(app, db, clock, pt, cara):
    calf_pain(cara, 2, intensity="0")
    assert caseload_row(app, db, pt, "Cara").red_flags == ()
    calf_pain(cara, 3)
    found = caseload_row(app, db, pt, "Cara")
    assert found.red_flags == ("Calf pain or swelling, Fri 13 Mar",) and found.tier == caseload.RED_FLAG


def test_calf_pain_continuing_from_before_the_window_is_read_far_enough_back(app, db, clock, pt, cara):
    # Days 9 and 6 before today are one episode (begun outside the 7 days):
    # reading only the last 7 days would take day 6 for a new one.
    calf_pain(cara, 9)
    calf_pain(cara, 6)
    assert caseload_row(app, db, pt, "Cara").red_flags == ()


def test_a_temperature_on_surgery_day_is_no_red_flag_the_day_after_is(app, db, clock, pt):
    dan = AuthActions(app.test_client())
    dan.register(email="dan@example.com", name="Dan")
    dan.set_plan(surgery_date=days_ago(2).isoformat())
    connect(dan, pt.code())
    dan.checkin(date=days_ago(2).isoformat(), time="20:00", warning=["fever", "drainage"])
    assert caseload_row(app, db, pt, "Dan").red_flags == ()
    dan.checkin(date=days_ago(1).isoformat(), time="20:00", warning=["fever"])
    assert caseload_row(app, db, pt, "Dan").red_flags == ("Fever of 38.3 °C / 101 °F or more, Sun 15 Mar",)


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
    assert "<strong>Red flag:</strong> Fever of 38.3 °C / 101 °F or more, Mon 16 Mar" in page
    rosa = user_id(db, "rosa@example.com")
    assert f'<a href="/pt/patients/{rosa}">Rosa</a>' in page
    attention = pt.client.get("/pt?show=attention").get_data(as_text=True)
    assert "Rosa" in attention and "Quinn" not in attention


def test_the_caseload_page_counts_down_to_surgery_and_says_crutch_steps_for_the_pt(app, db, clock, pt):
    code = pt.code()
    soon = AuthActions(app.test_client())
    soon.register(email="sam@example.com", name="Sam")
    soon.set_plan(surgery_date="2026-03-19")
    connect(soon, code)
    early = AuthActions(app.test_client())
    early.register(email="eve@example.com", name="Eve")
    early.set_plan()  # day 7 of 2 weeks on crutches
    early.post("/milestones", {"kind": "off_crutches", "date": "2026-03-16"}, token_from="/timeline")
    connect(early, code)
    page = pt.client.get("/pt").get_data(as_text=True)
    assert "Surgery in 3 days · right side" in page and "Day -" not in page
    assert "<strong>Crutches:</strong> off crutches on day 7, sooner than the plan&#39;s day 14" in page
    assert "your plan" not in page
