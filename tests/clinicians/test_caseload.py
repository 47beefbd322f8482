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


def row(name="Pat", checkins=((0, ()),), pains=(), milestones=(), plan=PLAN, last=None):
    """A row from `checkins` [(days ago, signs)] and `pains` [(days ago, place, worst)]."""
    checkin_days = [(days_ago(n), tuple(signs)) for n, signs in checkins]
    if last is None and checkin_days:
        last = max(day for day, _ in checkin_days)
    return caseload.build_row(
        hash(name) % 1000, name, plan, TODAY, checkin_days, last,
        [(days_ago(n), place, worst) for n, place, worst in pains], list(milestones),
    )


def steady_pains(level, days=range(0, 14)):
    return [(n, "hip_right", level) for n in days]


# --- Each boundary ------------------------------------------------------------

def test_a_red_flag_counts_for_7_days_today_included():
    assert row(checkins=[(6, ["calf"])]).tier == caseload.RED_FLAG
    assert row(checkins=[(7, ["calf"]), (0, ())]).tier == caseload.REST


def test_a_sign_to_mention_is_not_a_red_flag():
    assert row(checkins=[(0, ["tingling"])]).tier == caseload.REST


def test_a_red_flag_reads_in_words():
    flagged = row(checkins=[(1, ["fever"]), (0, ())])
    assert flagged.red_flags and "fever" in flagged.red_flags[0].lower()
    assert flagged.flags[0] == "Red flag"


def test_a_place_is_worse_only_by_the_clinical_rule():
    # 3 -> 5 is 2 points: worse (Farrar 2001). 3 -> 4 is 1 point and 33%: worse too.
    rising = steady_pains(3, range(7, 14)) + steady_pains(5, range(0, 7))
    assert row(pains=rising).tier == caseload.WORSE
    # 6 -> 7 is 1 point and 17%: about the same, not worse.
    small = steady_pains(6, range(7, 14)) + steady_pains(7, range(0, 7))
    assert row(pains=small).tier == caseload.REST
    falling = steady_pains(6, range(7, 14)) + steady_pains(2, range(0, 7))
    assert row(pains=falling).tier == caseload.REST


def test_a_week_needs_two_logged_days_before_it_is_called_worse():
    one_day_before = [(8, "hip_right", 2)] + steady_pains(6, range(0, 7))
    assert row(pains=one_day_before).tier == caseload.REST
    two_days_before = [(8, "hip_right", 2), (9, "hip_right", 2)] + steady_pains(6, range(0, 7))
    assert row(pains=two_days_before).tier == caseload.WORSE


def test_no_check_in_for_3_days_or_more():
    assert row(checkins=[(2, ())]).tier == caseload.REST
    assert row(checkins=[(3, ())]).tier == caseload.QUIET
    assert row(checkins=[], last=None).tier == caseload.QUIET  # never logged
    # A check-in older than the 30 days read for "days with data" still counts as the last one.
    old = row(checkins=[], last=days_ago(40))
    assert old.tier == caseload.QUIET and old.days_since_checkin == 40 and old.days_with_data == 0


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


def test_the_order_is_red_flag_worse_quiet_crutch_then_the_rest():
    rows = [
        row("Rest", checkins=[(1, ())]),
        row("Crutch", milestones=[{"kind": "off_crutches", "title": "", "date": "2026-03-14"}]),
        row("Quiet", checkins=[(4, ())]),
        row("Worse", pains=steady_pains(2, range(7, 14)) + steady_pains(6, range(0, 7))),
        row("Flag", checkins=[(0, ["fever"])]),
    ]
    assert [r.name for r in caseload.ordered(rows)] == ["Flag", "Worse", "Quiet", "Crutch", "Rest"]


def test_the_highest_reason_decides_and_all_are_said():
    both = row(checkins=[(5, ["fever"])])  # flagged and quiet
    assert both.tier == caseload.RED_FLAG
    assert both.flags == ("Red flag", "No recent check-in")


def test_the_rest_are_ordered_by_last_check_in_longest_ago_first():
    rows = [row("Today", checkins=[(0, ())]), row("Two days", checkins=[(2, ())]),
            row("Yesterday", checkins=[(1, ())])]
    assert [r.name for r in caseload.ordered(rows)] == ["Two days", "Yesterday", "Today"]
    quiet = [row("Five", checkins=[(5, ())]), row("Never", checkins=[], last=None),
             row("Ten", checkins=[(10, ())])]
    assert [r.name for r in caseload.ordered(quiet)] == ["Never", "Ten", "Five"]


def test_worst_place_now_with_its_level_and_direction():
    pains = (steady_pains(2, range(7, 14)) + steady_pains(5, range(0, 7))
             + [(n, "lower_back", 3) for n in range(0, 14)])
    r = row(pains=pains)
    assert r.worst_place == caseload.PlaceNow("hip_right", 5.0, "worse")
    assert r.getting_worse == ("hip_right",)


def test_days_with_data_in_the_last_30():
    r = row(checkins=[(0, ()), (1, ()), (29, ()), (30, ())])
    assert r.days_with_data == 3


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
