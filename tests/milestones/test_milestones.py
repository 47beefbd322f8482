"""Milestone, timeline and prompt routes: logging, rules, bad input, other patients' ids.

The clock is 10:00 on Mon 16 March 2026 in London; surgery was Mon 9 March (day 7).
"""

from datetime import date
from html import unescape

import pytest

from journal.milestones import form as milestone_form
from journal.recovery.plan import Plan


def page(response):
    return unescape(response.get_data(as_text=True))


def post(auth, path, data=None):
    return auth.post(path, data or {}, token_from="/timeline")


def log(auth, kind, date="", title=""):
    return post(auth, "/milestones", {"kind": kind, "date": date, "title": title})


def saved(db):
    return [
        (m["kind"], m["title"], m["date"])
        for m in db.query("SELECT kind, title, date FROM milestones ORDER BY date, id")
    ]


@pytest.fixture
def patient(auth):
    return auth.patient()


# --- Logging ---------------------------------------------------------------


@pytest.mark.parametrize(
    "kind", ["two_crutches", "one_crutch", "off_crutches", "first_pt", "pt_session",
             "pt_discharge", "driving", "work", "sport"],
)
def test_log_each_kind_of_milestone(patient, client, db, kind):
    response = log(patient, kind, "2026-03-12")
    assert response.status_code == 303 and response.headers["Location"] == "/timeline"
    assert saved(db) == [(kind, "", "2026-03-12")]
    assert "Milestone saved" in page(client.get("/timeline"))


def test_custom_milestone_keeps_its_title_and_up_to_80_characters(patient, db):
    assert log(patient, "custom", "2026-03-10", "  First walk   outside ").status_code == 303
    assert log(patient, "custom", "2026-03-11", "x" * 80).status_code == 303
    assert saved(db) == [("custom", "First walk outside", "2026-03-10"),
                         ("custom", "x" * 80, "2026-03-11")]


def test_date_defaults_to_today(patient, db):
    log(patient, "pt_session")
    assert saved(db) == [("pt_session", "", "2026-03-16")]


def test_the_form_offers_today_and_surgery_day_for_two_crutches(patient, client):
    assert 'value="2026-03-16"' in page(client.get("/milestones/new"))
    form = page(client.get("/milestones/new?kind=two_crutches"))
    assert 'value="2026-03-09"' in form and 'value="two_crutches" id="kind-two_crutches" checked' in form
    assert 'min="2026-03-09" max="2026-03-16"' in form


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"kind": "pt_session", "date": "16/03/2026"}, "date", "Enter the date as year-month-day"),
        ({"kind": "pt_session", "date": "2026-02-30"}, "date", "Enter the date as year-month-day"),
        ({"kind": "pt_session", "date": "2026-03-17"}, "date", "That date is in the future"),
        ({"kind": "pt_session", "date": "2026-03-08"}, "date", "That is before your surgery"),
        ({"kind": "dancing", "date": "2026-03-10"}, "kind", "Choose a milestone from the list"),
        ({"kind": "", "date": "2026-03-10"}, "kind", "Choose a milestone from the list"),
        ({"kind": "custom", "date": "2026-03-10", "title": "  "}, "title", "Name the milestone"),
        ({"kind": "custom", "date": "2026-03-10", "title": "x" * 81}, "title",
         "Keep the title to 80 characters (it has 81)"),
    ],
)
def test_bad_milestone_is_refused_beside_the_field_and_nothing_is_saved(
    patient, db, fields, field, message
):
    response = post(patient, "/milestones", fields)
    assert response.status_code == 422
    html = page(response)
    assert f'id="{field}-error">{message}' in html
    assert "Please check the highlighted fields" in html
    assert db["milestones"].count == 0


def test_a_refused_form_keeps_what_was_typed(patient):
    html = page(post(patient, "/milestones",
                     {"kind": "custom", "title": "Stairs", "date": "2030-01-01"}))
    assert 'value="Stairs"' in html and 'value="custom" id="kind-custom" checked' in html


def test_milestone_without_csrf_token_is_refused(patient, client, db):
    response = client.post("/milestones", data={"kind": "pt_session", "date": "2026-03-10"})
    assert response.status_code == 400
    assert db["milestones"].count == 0


def test_crutch_stages_cannot_go_backwards_in_time(patient, db):
    assert log(patient, "one_crutch", "2026-03-14").status_code == 303
    response = log(patient, "off_crutches", "2026-03-13")
    assert response.status_code == 422
    assert "“Off crutches” can't be before “One crutch”" in page(response)
    response = log(patient, "two_crutches", "2026-03-15")
    assert response.status_code == 422 and "can't be after “One crutch”" in page(response)
    # The same day is fine.
    assert log(patient, "off_crutches", "2026-03-14").status_code == 303
    assert [k for k, _, _ in saved(db)] == ["one_crutch", "off_crutches"]


def test_a_crutch_stage_may_be_skipped(patient, db):
    assert log(patient, "off_crutches", "2026-03-13").status_code == 303
    assert saved(db) == [("off_crutches", "", "2026-03-13")]


def test_single_milestones_are_logged_once_but_pt_sessions_many_times(patient, db):
    assert log(patient, "one_crutch", "2026-03-12").status_code == 303
    response = log(patient, "one_crutch", "2026-03-13")
    assert response.status_code == 422 and "You already logged “One crutch”" in page(response)
    for day in ("2026-03-12", "2026-03-12", "2026-03-14"):
        assert log(patient, "pt_session", day).status_code == 303
    assert db["milestones"].count == 4


def test_crutch_order_rule_reads_the_other_stages_only():
    plan = Plan(surgery_date=date(2026, 3, 9))
    existing = [{"id": 1, "kind": "pt_session", "title": "", "date": "2026-03-15"}]
    entry, errors = milestone_form.parse(
        {"kind": "one_crutch", "date": "2026-03-10"}, date(2026, 3, 16), plan, existing
    )
    assert errors == {} and entry.date == date(2026, 3, 10)


# --- Edit and delete -------------------------------------------------------


def first_id(db):
    return next(db.query("SELECT id FROM milestones ORDER BY id"))["id"]


def test_edit_changes_the_date_and_kind(patient, client, db):
    log(patient, "one_crutch", "2026-03-12")
    milestone_id = first_id(db)
    form = page(client.get(f"/milestones/{milestone_id}/edit"))
    assert "Edit milestone" in form and 'value="2026-03-12"' in form
    response = post(patient, f"/milestones/{milestone_id}/edit",
                    {"kind": "off_crutches", "date": "2026-03-13"})
    assert response.status_code == 303
    assert saved(db) == [("off_crutches", "", "2026-03-13")]


def test_edit_does_not_count_the_milestone_against_itself(patient, db):
    log(patient, "one_crutch", "2026-03-12")
    response = post(patient, f"/milestones/{first_id(db)}/edit",
                    {"kind": "one_crutch", "date": "2026-03-11"})
    assert response.status_code == 303 and saved(db) == [("one_crutch", "", "2026-03-11")]


def test_a_refused_edit_changes_nothing(patient, db):
    log(patient, "one_crutch", "2026-03-12")
    log(patient, "off_crutches", "2026-03-14")
    response = post(patient, f"/milestones/{first_id(db)}/edit",
                    {"kind": "one_crutch", "date": "2026-03-15"})
    assert response.status_code == 422 and "can't be after" in page(response)
    assert saved(db) == [("one_crutch", "", "2026-03-12"), ("off_crutches", "", "2026-03-14")]


def test_delete_asks_first_then_removes_the_milestone(patient, client, db):
    log(patient, "custom", "2026-03-12", "Shower without help")
    milestone_id = first_id(db)
    confirm = page(client.get(f"/milestones/{milestone_id}/delete"))
    assert "Delete this milestone?" in confirm and "Shower without help" in confirm
    assert db["milestones"].count == 1
    assert post(patient, f"/milestones/{milestone_id}/delete").status_code == 303
    assert db["milestones"].count == 0


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/milestones/{id}/edit"),
        ("post", "/milestones/{id}/edit"),
        ("get", "/milestones/{id}/delete"),
        ("post", "/milestones/{id}/delete"),
    ],
)
def test_another_patient_gets_404_for_a_milestone_and_nothing_changes(auth, db, method, path):
    auth.patient("ana@example.com")
    log(auth, "custom", "2026-03-12", "Ana's milestone")
    milestone_id = first_id(db)
    auth.logout()
    auth.patient("ben@example.com")
    url = path.format(id=milestone_id)
    if method == "get":
        response = auth.client.get(url)
    else:
        response = post(auth, url, {"kind": "custom", "title": "Ben's", "date": "2026-03-13"})
    assert response.status_code == 404
    assert "Ana's milestone" not in page(response)
    assert saved(db) == [("custom", "Ana's milestone", "2026-03-12")]


def test_other_patients_milestones_never_appear(auth, client):
    auth.patient("ana@example.com")
    log(auth, "custom", "2026-03-12", "Ana private")
    auth.logout()
    auth.patient("ben@example.com")
    for path in ("/", "/timeline", "/milestones"):
        assert "Ana private" not in page(client.get(path))


def test_unknown_milestone_id_is_404(patient, client):
    assert client.get("/milestones/999999/edit").status_code == 404
    assert client.get("/milestones/abc/delete").status_code == 404
    # Longer than any SQLite integer: still "not yours", never a 500.
    assert client.get(f"/milestones/{10**25}/edit").status_code == 404
    assert post(patient, f"/milestones/{10**25}/delete").status_code == 404


def test_milestone_pages_need_sign_in_and_a_plan(client, auth):
    for path in ["/timeline", "/milestones", "/milestones/new"]:
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    auth.register()
    for path in ["/timeline", "/milestones", "/milestones/new"]:
        assert client.get(path).headers["Location"] == "/plan"
    token = auth.csrf_token("/plan")
    for path in ["/milestones", "/milestones/quick"]:
        response = client.post(path, data={"kind": "pt_session", "step": "pt", "csrf_token": token})
        assert response.status_code == 404


# --- One tap from Today ------------------------------------------------------


def test_today_offers_the_likely_next_crutch_step_then_the_one_after(patient, client, db):
    today = page(client.get("/"))
    assert "Next milestone" in today
    assert "I'm down to one crutch" in today and "I went to PT today" in today
    response = post(patient, "/milestones/quick", {"step": "one_crutch"})
    assert response.status_code == 303 and response.headers["Location"] == "/"
    today = page(client.get("/"))
    assert "Logged for today: One crutch." in today
    assert "I'm off crutches" in today and "I'm down to one crutch" not in today
    post(patient, "/milestones/quick", {"step": "off_crutches"})
    today = page(client.get("/"))
    assert "I'm off crutches" not in today
    assert saved(db) == [("one_crutch", "", "2026-03-16"), ("off_crutches", "", "2026-03-16")]


def test_went_to_pt_today_logs_the_first_session_then_more_once_a_day(patient, client, db, clock):
    post(patient, "/milestones/quick", {"step": "pt"})
    again = post(patient, "/milestones/quick", {"step": "pt"})
    assert again.status_code == 303
    assert "Today's PT session is already logged." in page(client.get("/"))
    clock.advance(days=2)
    post(patient, "/milestones/quick", {"step": "pt"})
    assert saved(db) == [("first_pt", "", "2026-03-16"), ("pt_session", "", "2026-03-18")]


def test_quick_step_out_of_order_is_refused_with_the_reason(patient, db):
    log(patient, "off_crutches", "2026-03-16")
    log(patient, "one_crutch", "2026-03-16")
    # Both logged today: a quick "one crutch" now is a duplicate.
    response = post(patient, "/milestones/quick", {"step": "one_crutch"})
    assert response.status_code == 422 and "You already logged" in page(response)
    assert db["milestones"].count == 2


@pytest.mark.parametrize("step", ["", "sport", "two_crutches", "x" * 500])
def test_unknown_quick_step_is_refused(patient, db, step):
    response = post(patient, "/milestones/quick", {"step": step})
    assert response.status_code == 422
    assert "Choose a milestone from the list" in page(response)
    assert db["milestones"].count == 0


def test_quick_steps_without_csrf_are_refused(patient, client, db):
    assert client.post("/milestones/quick", data={"step": "pt"}).status_code == 400
    assert db["milestones"].count == 0


# --- Timeline ----------------------------------------------------------------


def test_timeline_shows_windows_actuals_statuses_and_today(patient, client, clock):
    log(patient, "one_crutch", "2026-03-16")
    log(patient, "first_pt", "2026-03-12")
    log(patient, "pt_session", "2026-03-14")
    patient.checkin(home_exercises="yes", date="2026-03-15", time="09:00")
    patient.checkin(home_exercises="yes", date="2026-03-16", time="09:00")
    html = page(client.get("/timeline"))
    assert "Done on day 7 (planned by day 14)." in html  # one crutch
    assert "Done on day 3 (planned by day 14)." in html  # first PT session
    assert "Done on time" in html
    assert 'aria-current="date"' in html and "You are here: today, day 7" in html
    # Week 1 (days 0-6) had both sessions; week 2 started today.
    assert "PT sessions: 2 · Home exercises: 1 of 7 days" in html
    assert "PT sessions: 0 · Home exercises: 1 of 1 day<" in html
    assert "Expected: Off crutches (day 14)" in html
    # Day 17: still on crutches.
    clock.advance(days=10)
    html = page(client.get("/timeline"))
    assert ("Later than planned: still on crutches on day 17, the plan said about 14 — "
            "worth mentioning to your PT") in html


# --- Changing the surgery date ---------------------------------------------


def test_surgery_date_after_a_milestone_is_refused_and_the_plan_kept(patient, db):
    log(patient, "one_crutch", "2026-03-12")
    response = patient.set_plan(surgery_date="2026-03-13")
    assert response.status_code == 422
    assert "You logged “One crutch” on Thu 12 Mar 2026, before that date." in page(response)
    assert next(db.query("SELECT surgery_date FROM plans"))["surgery_date"] == "2026-03-09"


def test_moving_the_surgery_date_re_derives_the_timeline(patient, client, db):
    log(patient, "off_crutches", "2026-03-12")
    assert "Done on day 3: sooner than your plan (day 14)" in page(client.get("/timeline"))
    assert patient.set_plan(surgery_date="2026-03-12").status_code == 303
    assert "Done on day 0: sooner than your plan (day 14)" in page(client.get("/timeline"))
    assert patient.set_plan(surgery_date="2026-02-26").status_code == 303
    assert "Done on day 14 (planned for day 14)" in page(client.get("/timeline"))


# --- Prompts on Today --------------------------------------------------------


def test_a_ticked_warning_sign_shows_its_prompt_right_after_saving(patient, client):
    response = patient.checkin(warning=["calf"])
    assert response.status_code == 303 and response.headers["Location"].startswith("/?saved=")
    today = page(client.get(response.headers["Location"]))
    assert "Calf pain or swelling" in today and "Contact your surgeon's office today" in today


def test_chest_pain_prompt_sends_to_emergency_services(patient, client):
    response = patient.checkin(warning=["chest"])
    today = page(client.get(response.headers["Location"]))
    assert "Call your local emergency number now" in today
    assert 'class="prompt urgent"' in today


def test_calf_pain_reading_in_the_first_six_weeks_prompts_too(patient, client):
    response = patient.checkin(location=["calf_left"], **{"intensity-calf_left": "3"})
    assert "Calf pain or swelling" in page(client.get(response.headers["Location"]))


def test_fever_on_the_day_of_surgery_says_call_if_it_stays_up(auth, client):
    auth.patient(surgery_date="2026-03-16")
    response = auth.checkin(warning=["fever"])
    today = page(client.get(response.headers["Location"]))
    assert "A low-grade temperature (under 38.1 °C / 100.5 °F) is common" in today
    assert "contact your surgeon's office if it stays up or comes with chills" in today
    assert "Contact your surgeon's office today" not in today


def test_fever_from_the_day_after_surgery_is_flagged(auth, client):
    auth.patient(surgery_date="2026-03-15")
    response = auth.checkin(warning=["fever"])
    today = page(client.get(response.headers["Location"]))
    assert "Contact your surgeon's office today" in today


def test_a_check_in_without_signs_goes_to_today_as_before(patient):
    assert patient.checkin().headers["Location"] == "/"


def test_an_edit_that_adds_a_sign_shows_the_prompt(patient, db):
    patient.checkin()
    checkin_id = next(db.query("SELECT id FROM checkins"))["id"]
    response = patient.post(f"/checkins/{checkin_id}/edit",
                            {"location": ["hip_right"], "intensity-hip_right": "5",
                             "warning": ["wound"], "date": "2026-03-16", "time": "09:00"})
    assert response.headers["Location"] == f"/?saved={checkin_id}"


def test_editing_only_the_note_of_a_check_in_with_a_sign_does_not_alarm_again(patient, db):
    patient.checkin(warning=["wound"], date="2026-03-02", time="09:00")
    checkin_id = next(db.query("SELECT id FROM checkins"))["id"]
    response = patient.post(f"/checkins/{checkin_id}/edit",
                            {"location": ["hip_right"], "intensity-hip_right": "5", "note": "ok",
                             "warning": ["wound"], "date": "2026-03-02", "time": "09:00"})
    assert response.headers["Location"] == "/history"


def test_the_belly_sign_follows_the_check_ins_date_not_today(auth, client):
    auth.patient(surgery_date="2026-03-13")  # today is day 3
    assert 'value="belly"' not in page(client.get("/checkins/new"))
    assert 'value="belly"' in page(client.get("/checkins/new?date=2026-03-14"))


def test_dismissed_prompt_stays_hidden_until_it_happens_again(patient, client, clock):
    prompt = ">Wound problem</h2>"
    patient.checkin(warning=["wound"])
    assert prompt in page(client.get("/"))
    response = post(patient, "/prompts/dismiss", {"key": "sign:wound:2026-03-16"})
    assert response.status_code == 303
    today = page(client.get("/"))
    assert prompt not in today and "It comes back if this happens again." in today
    clock.advance(days=1)
    patient.checkin(warning=["wound"])
    assert prompt in page(client.get("/"))


NEW_SIGNS = [
    ("new_pain", "Sudden new hip or groin pain", "Contact your surgeon's office today."),
    ("weakness", "New weakness in the leg", "Contact your surgeon's office today."),
    ("uncontrolled_pain", "Pain not controlled by your medicine",
     "Contact your surgeon's office today."),
    ("saddle", "Saddle numbness or a bladder or bowel change",
     "Call your local emergency number now"),
    ("foot_circulation", "Pale, cold or blue foot", "Call your local emergency number now"),
    ("tingling", "Numbness or tingling in the foot", "Mention it to your surgeon's team"),
]


@pytest.mark.parametrize("code, title, advice", NEW_SIGNS)
def test_each_new_red_flag_is_on_the_form_and_shows_its_advice(patient, client, code, title,
                                                               advice):
    assert f'value="{code}"' in page(client.get("/checkins/new"))
    response = patient.checkin(warning=[code])
    assert response.headers["Location"].startswith("/?saved=")
    today = page(client.get(response.headers["Location"]))
    assert f">{title}</h2>" in today and advice in today


def test_belly_sign_is_offered_in_days_0_to_2_only(auth, client, clock):
    auth.patient(surgery_date="2026-03-14")  # today, 16 March, is day 2
    assert 'value="belly"' in page(client.get("/checkins/new"))
    response = auth.checkin(warning=["belly"])
    assert "Belly pain or swelling</h2>" in page(client.get(response.headers["Location"]))
    clock.advance(days=1)
    assert 'value="belly"' not in page(client.get("/checkins/new"))


@pytest.mark.parametrize("day, when", [("2026-03-13", "Fri 13 Mar"), ("2026-03-09", "Mon 9 Mar")])
def test_a_warning_sign_backfilled_for_an_earlier_day_still_gets_its_advice(patient, client, day,
                                                                            when):
    # Today is 16 March: 13 March is in the week Today reads (10-16), 9 March before it.
    response = patient.checkin(warning=["wound"], date=day, time="20:00")
    assert response.headers["Location"].startswith("/?saved=")
    today = page(client.get(response.headers["Location"]))
    assert ">Wound problem</h2>" in today
    assert (f"You noted this for {when}. If this is still happening, contact your surgeon's "
            "office today.") in today


def test_an_old_check_in_with_the_retired_foot_sign_keeps_it_when_edited(patient, client, db):
    patient.checkin()
    checkin_id = next(db.query("SELECT id FROM checkins"))["id"]
    db.execute("UPDATE checkins SET warning_signs = 'foot' WHERE id = ?", [checkin_id])
    form = page(client.get(f"/checkins/{checkin_id}/edit"))
    assert 'value="foot"' in form and "pale, cold or blue toes" in form
    assert 'value="foot"' not in page(client.get("/checkins/new"))


def test_an_unknown_sign_is_refused_and_nothing_saved(patient, db):
    response = patient.checkin(warning=["zzz"])
    assert response.status_code == 422 and "Choose signs from the list." in page(response)
    assert db["checkins"].count == 0


def test_off_crutches_sooner_than_the_plan_reads_so_on_today_timeline_and_summary(patient, client):
    # Surgery 9 March, today 16 March (day 7); the plan says 2 weeks.
    response = post(patient, "/milestones/quick", {"step": "off_crutches"})
    assert response.status_code == 303
    today = page(client.get("/"))
    assert "Off crutches: sooner than your plan</h2>" in today
    assert "check that your surgeon agreed" in today
    timeline = page(client.get("/timeline"))
    assert "Done on day 7: sooner than your plan (day 14) — check that your surgeon agreed" in (
        timeline)
    assert "on time" not in timeline.split("Off crutches")[1].split("</li>")[0].lower()
    summary = page(client.get("/summary"))
    assert "done on day 7: sooner than your plan (day 14) — check that your surgeon agreed" in (
        summary)
    # The phase follows what was logged: no longer "Crutch phase".
    assert "Crutch phase" not in today


def test_a_run_of_severe_days_prompts_on_today_and_stays_dismissed_while_it_lasts(patient, client):
    for day in ("2026-03-13", "2026-03-14", "2026-03-15"):
        patient.checkin(date=day, time="09:00", **{"intensity-hip_right": "8"})
    today = page(client.get("/"))
    assert "Pain 8 or more on 3 days in a row" in today
    post(patient, "/prompts/dismiss", {"key": "trend:severe_run:2026-03-13"})
    patient.checkin(**{"intensity-hip_right": "9"})
    assert "days in a row" not in page(client.get("/"))


@pytest.mark.parametrize("key", ["", "nonsense", "sign:<script>", "x:" + "a" * 200])
def test_dismissing_a_malformed_key_is_refused(patient, db, key):
    response = post(patient, "/prompts/dismiss", {"key": key})
    assert response.status_code == 400
    assert db["prompt_dismissals"].count == 0


def test_dismissing_without_csrf_is_refused(patient, client, db):
    assert client.post("/prompts/dismiss", data={"key": "sign:wound:2026-03-16"}).status_code == 400
    assert db["prompt_dismissals"].count == 0


def test_another_patients_saved_check_in_shows_nothing(auth, client, db):
    auth.patient("ana@example.com")
    auth.checkin(warning=["chest"])
    checkin_id = next(db.query("SELECT id FROM checkins"))["id"]
    auth.logout()
    auth.patient("ben@example.com")
    response = client.get(f"/?saved={checkin_id}")
    assert response.status_code == 200
    assert "emergency" not in page(response)
    assert client.get("/?saved=abc").status_code == 200
    assert client.get("/?saved=99999999999999999999999").status_code == 200


def test_today_and_the_summary_agree_on_the_pt_week_after_a_first_session(auth, client):
    """No PT start date in the plan: the first session logged starts PT for both pages."""
    auth.patient(surgery_date="2026-03-01")
    post(auth, "/milestones", {"kind": "first_pt", "date": "2026-03-02"})
    today = page(client.get("/"))
    assert "Physical therapy, week 3 of 6" in today


def test_a_backfilled_calf_check_in_from_weeks_ago_prompts_nothing_today(auth, client, clock):
    from datetime import datetime, timezone

    auth.patient(surgery_date="2026-03-01")
    clock.set(datetime(2026, 4, 5, 10, 0, tzinfo=timezone.utc))
    response = auth.checkin(location=["calf_left"], **{"intensity-calf_left": "2"}, date="2026-03-03",
                            time="09:00")
    today = page(client.get(response.headers["Location"]))
    assert "Contact your surgeon's office today" not in today


def test_dismissed_prompts_are_capped_per_patient(app, patient, db):
    app.config["DISMISSED_PROMPTS_MAX"] = 3
    for day in range(10, 13):
        assert post(patient, "/prompts/dismiss", {"key": f"sign:wound:2026-03-{day}"}).status_code == 303
    response = post(patient, "/prompts/dismiss", {"key": "sign:wound:2026-03-13"})
    assert response.status_code == 409
    assert "hidden too many notes" in page(response)
    assert db["prompt_dismissals"].count == 3


def test_timeline_writes_each_weeks_days_and_groups_later_weeks_by_month(patient, client, clock):
    clock.advance(days=120)  # Mon 13 Jul 2026, day 126
    patient.checkin(home_exercises="yes", date="2026-05-19", time="09:00")
    patient.checkin(home_exercises="yes", date="2026-05-26", time="09:00")
    patient.checkin(home_exercises="yes", date="2026-06-02", time="09:00")
    html = page(client.get("/timeline"))
    assert 'Week 1 <span class="days">day 0–6 · 9 Mar – 15 Mar 2026</span>' in html
    assert "PT sessions: 0 · Home exercises: 0 of 7 days" in html
    # Weeks 11 and 12 start in May, week 13 in June; 13 is alone in its month.
    assert ('<strong>May 2026</strong>, weeks 11–12 <span class="hint">(18 May – 31 May)</span>: '
            "no milestones · Home exercises: 2 of 14 days") in html
    assert ('<strong>June 2026</strong>, week 13 <span class="hint">(1 Jun – 7 Jun)</span>: '
            "no milestones · Home exercises: 1 of 7 days") in html
