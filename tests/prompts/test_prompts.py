"""Safety and trend prompts, each at and either side of its threshold (pure)."""

from datetime import date, timedelta

import pytest

from journal.prompts.journal_days import calf_window_days, days_needed_from
from journal.prompts.rules import fired_prompts, shown_on_today
from journal.prompts.safety import EARLY_SEEPAGE, SURGERY_DAY_FEVER, as_seen_on, may_need_attention
from journal.recovery import thresholds
from journal.recovery.plan import Plan, Progress
from journal.recovery.warning_signs import ALL_SIGNS, EMERGENCY, SIGNS, SURGEON_TODAY

SURGERY = date(2026, 3, 2)
PLAN = Plan(surgery_date=SURGERY)
FAR = date(2027, 1, 1)


def on(day):
    return SURGERY + timedelta(days=day)


def checkin(day, readings=(), signs=()):
    return {
        "local_date": on(day).isoformat(),
        "readings": [{"location": loc, "intensity": n} for loc, n in readings],
        "warning_signs": tuple(signs),
        "home_exercises": None,
    }


def fired(checkins, plan=PLAN, start=SURGERY - timedelta(days=30), end=FAR, **kwargs):
    return fired_prompts(checkins, plan, start, end, **kwargs)


def keys(prompts):
    return [p.key for p in prompts]


# --- Warning signs --------------------------------------------------------


def test_chest_pain_sends_to_emergency_services():
    [prompt] = fired([checkin(5, signs=["chest"])])
    assert prompt.emergency and prompt.urgent and prompt.kind == "safety"
    assert "emergency number" in prompt.message
    assert prompt.key == f"sign:chest:{on(5)}"


SURGEON_SIGNS = [s.code for s in SIGNS if s.action == SURGEON_TODAY and s.code != "drainage"]
EMERGENCY_SIGNS = [s.code for s in SIGNS if s.action == EMERGENCY]


def test_the_red_flags_a_careful_pt_expects_are_offered():
    codes = {s.code for s in SIGNS}
    assert {"new_pain", "weakness", "saddle", "uncontrolled_pain", "foot_circulation",
            "belly", "tingling"} <= codes
    assert "coughing up blood or fainting" in ALL_SIGNS["chest"].label
    assert set(EMERGENCY_SIGNS) == {"chest", "foot_circulation", "saddle"}


@pytest.mark.parametrize("sign", SURGEON_SIGNS)
def test_same_day_signs_ask_for_the_surgeon_today(sign):
    [prompt] = fired([checkin(5, signs=[sign])])
    assert prompt.urgent and not prompt.emergency
    assert prompt.message.startswith("Contact your surgeon's office today.")
    assert prompt.advice == "advised to contact the surgeon the same day"
    assert prompt.date == on(5)


@pytest.mark.parametrize("sign", EMERGENCY_SIGNS)
def test_emergency_signs_say_call_emergency_services_now(sign):
    [prompt] = fired([checkin(5, signs=[sign])])
    assert prompt.emergency and prompt.urgent
    assert prompt.message.startswith("Call your local emergency number now")
    assert prompt.advice == "emergency services advised"


def test_tingling_in_the_foot_is_mentioned_not_urgent_and_says_when_to_call():
    [prompt] = fired([checkin(5, signs=["tingling"])])
    assert prompt.kind == "safety" and not prompt.urgent and not prompt.emergency
    assert "Mention it" in prompt.message and "spreads" in prompt.message
    # A pale, cold foot is an emergency, never "the same day".
    assert "call emergency services if the foot turns pale, cold or blue" in prompt.message


def test_an_old_foot_sign_keeps_its_same_day_advice():
    [prompt] = fired([checkin(5, signs=["foot"])])
    assert prompt.urgent and not prompt.emergency
    assert "pale, cold or blue toes" in prompt.message


def test_an_unknown_code_from_a_newer_version_is_ignored_not_a_crash():
    assert fired([checkin(5, signs=["zzz"])]) == []


def test_emergencies_come_first_then_same_day_calls_then_the_rest():
    prompts = fired([checkin(5, signs=["tingling", "wound", "chest"])])
    assert [(p.emergency, p.urgent) for p in prompts] == [(True, True), (False, True), (False, False)]


@pytest.mark.parametrize("day, same_day_call", [(0, False), (1, True), (2, True), (20, True)])
def test_fever_on_surgery_day_says_call_if_it_stays_up_and_from_day_one_call_today(
    day, same_day_call
):
    assert thresholds.FEVER_COUNTS_FROM_DAY == 1
    [prompt] = fired([checkin(day, signs=["fever"])])
    assert prompt.key == f"sign:fever:{on(day)}"
    assert prompt.urgent is same_day_call
    if not same_day_call:
        assert prompt.message == SURGERY_DAY_FEVER
        # Only a LOW-GRADE temperature is common on day 0, never 38.3.
        assert "under 38.1 °C" in prompt.message and "stays up or comes with chills" in prompt.message


@pytest.mark.parametrize("day, same_day_call", [(0, False), (2, False), (3, True), (10, True)])
def test_wound_seepage_is_normal_on_days_0_to_2_and_a_call_from_day_3(day, same_day_call):
    assert thresholds.WOUND_SEEPAGE_NORMAL_UNTIL_DAY == 2
    [prompt] = fired([checkin(day, signs=["drainage"])])
    assert prompt.urgent is same_day_call
    assert (prompt.message == EARLY_SEEPAGE) is not same_day_call


@pytest.mark.parametrize("day", [0, 1, 2, 30])
def test_pus_smell_or_spreading_redness_is_a_same_day_call_on_any_day(day):
    [prompt] = fired([checkin(day, signs=["wound"])])
    assert prompt.urgent


def test_outer_thigh_numbness_is_described_as_lasting_weeks_to_months():
    from journal.prompts.safety import OUTER_THIGH_NUMBNESS

    assert "weeks to months" in OUTER_THIGH_NUMBNESS and "mention" in OUTER_THIGH_NUMBNESS


@pytest.mark.parametrize(
    "day, intensity, counts",
    [(41, 1, True), (42, 1, False), (0, 1, True), (10, 0, False), (-1, 5, False)],
)
def test_calf_pain_in_the_first_six_weeks_prompts_a_call(day, intensity, counts):
    prompts = fired([checkin(day, readings=[("calf_left", intensity)])])
    assert keys(prompts) == ([f"sign:calf:{on(day)}"] if counts else [])


@pytest.mark.parametrize("crutch_weeks, last_day", [(2, 41), (4, 41), (5, 48), (8, 69)])
def test_calf_window_is_the_later_of_six_weeks_and_two_weeks_after_crutches(
    crutch_weeks, last_day
):
    plan = Plan(surgery_date=SURGERY, crutch_weeks=crutch_weeks)
    assert calf_window_days(plan) - 1 == last_day
    assert keys(fired([checkin(last_day, [("calf_left", 2)])], plan=plan)) == [
        f"sign:calf:{on(last_day)}"
    ]
    assert fired([checkin(last_day + 1, [("calf_left", 2)])], plan=plan) == []


def test_calf_pain_day_after_day_is_one_urgent_prompt_then_a_question_about_changes():
    prompts = fired([checkin(d, [("calf_right", 3)]) for d in (10, 11, 12, 13)])
    assert keys(prompts) == [f"sign:calf:{on(10)}", f"sign:calf_continuing:{on(10)}"]
    urgent, continuing = prompts
    assert urgent.urgent and not continuing.urgent and continuing.date == on(13)
    assert "swollen, warm or red" in continuing.message


@pytest.mark.parametrize("gap_days, new_episode", [(2, False), (3, True)])
def test_calf_pain_after_a_break_of_more_than_two_days_is_a_new_episode(gap_days, new_episode):
    assert thresholds.CALF_EPISODE_GAP_DAYS == 2
    second = 10 + gap_days + 1
    prompts = fired([checkin(10, [("calf_left", 2)]), checkin(second, [("calf_left", 2)])])
    urgent = [p.key for p in prompts if p.urgent]
    assert urgent == ([f"sign:calf:{on(10)}", f"sign:calf:{on(second)}"] if new_episode
                      else [f"sign:calf:{on(10)}"])


def test_calf_window_runs_two_weeks_past_crutches_logged_later_than_the_plan():
    # A 2-week plan, but off crutches only on day 40: the window runs to day 53.
    assert calf_window_days(PLAN) == 42
    assert calf_window_days(PLAN, off_crutches=on(40)) == 54
    later = Progress(off_crutches=on(40))
    assert keys(fired([checkin(50, [("calf_left", 2)])], progress=later)) == [f"sign:calf:{on(50)}"]
    assert fired([checkin(50, [("calf_left", 2)])]) == []


def test_a_long_calf_episode_keeps_its_first_day_whatever_window_is_read():
    entries = [checkin(d, [("calf_left", 2)]) for d in range(3, 36)]
    for end in (20, 28, 35):
        # Today reads a week; the days it needs reach back to surgery while the window lasts.
        places_from, _ = days_needed_from(PLAN, on(end - 6), on(end))
        assert places_from == SURGERY
        read = [c for c in entries if c["local_date"] >= places_from.isoformat()]
        continuing = [p for p in fired(read, start=on(end - 6), end=on(end)) if not p.urgent]
        assert keys(continuing) == [f"sign:calf_continuing:{on(3)}"]
        assert "since Thu 5 Mar" in continuing[0].message


def test_calf_sign_and_calf_pain_on_one_day_make_one_prompt():
    prompts = fired([checkin(4, [("calf_right", 3)], ["calf"]), checkin(4, [("calf_right", 4)])])
    assert keys(prompts) == [f"sign:calf:{on(4)}"]


def test_ticked_calf_sign_counts_after_six_weeks_too():
    assert keys(fired([checkin(60, signs=["calf"])])) == [f"sign:calf:{on(60)}"]


def test_a_sign_read_on_a_later_day_asks_if_it_is_still_happening():
    [prompt] = fired([checkin(5, signs=["wound"])])
    later = as_seen_on(prompt, on(8))
    assert later.message.startswith(f"You noted this for Sat 7 Mar. If this is still happening, "
                                    "contact your surgeon's office today.")
    assert as_seen_on(prompt, on(5)) == prompt
    [chest] = fired([checkin(5, signs=["chest"])])
    past = as_seen_on(chest, on(6)).message
    assert "If this is still happening, call your local emergency number now" in past
    # Chest pain or fainting that has passed still needs a doctor the same day.
    assert "If it has passed, contact your surgeon's office today." in past


def test_may_need_attention_is_cheap_and_catches_calf_readings():
    assert may_need_attention(("wound",), [])
    assert may_need_attention((), ["calf_left"])
    assert not may_need_attention((), ["hip_right"])


# --- Severe pain three days in a row --------------------------------------


def severe(days, intensity=8, location="hip_right"):
    return [checkin(d, [(location, intensity), ("lower_back", 2)]) for d in days]


def test_three_days_at_eight_fire_keyed_by_the_day_the_run_started():
    [prompt] = fired(severe([10, 11, 12]))
    assert prompt.key == f"trend:severe_run:{on(10)}"
    assert prompt.date == on(12) and not prompt.urgent and prompt.kind == "trend"
    assert "worth discussing with your PT or doctor" in prompt.message


def test_seven_is_below_the_threshold():
    assert fired(severe([10, 11]) + severe([12], intensity=7)) == []


def test_two_days_in_a_row_are_not_enough():
    assert fired(severe([10, 11])) == []


def test_a_missing_day_breaks_the_run():
    assert fired(severe([10, 11, 13, 14])) == []


def test_eight_at_different_places_on_each_day_counts():
    days = severe([10], location="hip_left") + severe([11], location="lower_back") + severe([12])
    assert keys(fired(days)) == [f"trend:severe_run:{on(10)}"]


def test_a_run_that_goes_on_keeps_its_key_and_a_new_run_gets_a_new_one():
    longer = fired(severe([10, 11, 12, 13]))
    assert keys(longer) == [f"trend:severe_run:{on(10)}"] and longer[0].date == on(13)
    again = fired(severe([10, 11, 12, 20, 21, 22]))
    assert keys(again) == [f"trend:severe_run:{on(10)}", f"trend:severe_run:{on(20)}"]


# --- Weekly average rising ------------------------------------------------


def weeks(before, after, location="hip_right"):
    """Week 2 (days 7-13) at `before`, week 3 (days 14-20) at `after`, 3 days each."""
    return [checkin(d, [(location, n)]) for d, n in
            [(7, before[0]), (8, before[1]), (9, before[2]),
             (14, after[0]), (15, after[1]), (16, after[2])]]


def test_a_weekly_average_rising_by_two_fires():
    [prompt] = fired(weeks((3, 3, 3), (5, 5, 5)))
    assert prompt.key == f"trend:weekly_rise:hip_right:{on(14)}"
    assert "from 3.0 in week 2 to 5.0 in week 3" in prompt.message
    assert prompt.date == on(16)


def test_a_rise_just_under_two_does_not():
    # Week 3 averages 4.9: a rise of 1.9.
    assert fired(weeks((3, 3, 3), (5, 5, 4.7))) == []


def test_a_rise_over_two_fires():
    assert len(fired(weeks((3, 3, 3), (6, 6, 6)))) == 1


def test_a_falling_average_does_not_fire():
    assert fired(weeks((6, 6, 6), (3, 3, 3))) == []


def test_a_week_with_a_single_day_logged_is_not_compared():
    entries = [checkin(7, [("hip_right", 2)]), checkin(8, [("hip_right", 2)]),
               checkin(14, [("hip_right", 7)])]
    assert thresholds.WEEKLY_MIN_DAYS == 2
    assert fired(entries) == []
    assert len(fired(entries + [checkin(15, [("hip_right", 7)])])) == 1


def test_several_checkins_a_day_count_as_one_day():
    entries = weeks((3, 3, 3), (3, 3, 3)) + [checkin(16, [("hip_right", 9)])] * 5
    # Day 16 averages (3 + 9*5)/6 = 8.0, so week 3 averages (3+3+8)/3 = 4.7: a rise of 1.7.
    assert fired(entries) == []


# --- No meaningful improvement over PT ------------------------------------
# Plan: PT from day 14 (after 2 crutch weeks) for 6 weeks: days 14-55.
# First PT week: days 14-20; last planned week: days 49-55.


def pt(first, last, location="hip_right"):
    return [checkin(d, [(location, first)]) for d in (14, 16, 18)] + [
        checkin(d, [(location, last)]) for d in (50, 52, 54)
    ]


def test_less_than_two_points_or_30_percent_better_over_pt_fires_once_pt_has_ended():
    # 5.0 -> 3.6: 1.4 points and 28%, short of both.
    [prompt] = fired(pt(5, 3.6))
    assert prompt.key == f"trend:pt_no_improvement:hip_right:{on(14)}"
    assert prompt.date == on(55)
    assert "5.0 in the first week of PT and 3.6 in the last planned week" in prompt.message


def test_two_points_better_is_meaningful():
    assert fired(pt(5, 3)) == []


def test_thirty_percent_better_is_meaningful_even_under_two_points():
    # 3.0 -> 2.1 is 30% (0.9 points, under the 1-point floor); 3.0 -> 2.0 is 33% and 1 point.
    assert len(fired(pt(3, 2.1))) == 1
    assert fired(pt(3, 2)) == []


def test_the_pt_prompt_is_a_conversation_not_another_approach():
    [prompt] = fired(pt(5, 4))
    assert "another approach" not in prompt.message
    assert "12 to 18 months" in prompt.message and "worth discussing with your PT" in prompt.message


def test_worse_over_pt_fires():
    assert len(fired(pt(3, 5))) == 1


def test_mild_pain_left_at_the_end_of_pt_is_not_flagged():
    assert fired(pt(2.5, 1.9)) == []
    assert len(fired(pt(2.5, 2))) == 1


def test_not_before_the_planned_pt_period_ends():
    assert fired(pt(5, 5), end=on(54)) == []
    assert len(fired(pt(5, 5), end=on(55))) == 1


def test_pt_period_follows_the_first_session_when_no_date_is_planned():
    # First session on day 7: PT is days 7-48, first week 7-13, last 42-48.
    entries = [checkin(d, [("hip_right", 6)]) for d in (7, 9, 43, 45)]
    assert fired(entries, progress=Progress(first_pt_session=on(7))) and not fired(entries)


# --- Ranges, Today, dismissal ---------------------------------------------


def test_only_prompts_that_occurred_in_the_range_are_returned():
    entries = [checkin(5, signs=["wound"])] + severe([10, 11, 12])
    assert keys(fired(entries, start=on(6), end=on(30))) == [f"trend:severe_run:{on(10)}"]
    assert keys(fired(entries, start=on(0), end=on(11))) == [f"sign:wound:{on(5)}"]
    # A run still going on at the start of the range counts.
    assert len(fired(entries, start=on(12), end=on(12))) == 1


def test_today_shows_safety_prompts_two_days_and_trends_a_week_unless_dismissed():
    prompts = fired([checkin(5, signs=["wound"])] + severe([10, 11, 12]))
    assert keys(shown_on_today(prompts, on(6), set())) == [f"sign:wound:{on(5)}"]
    assert keys(shown_on_today(prompts, on(7), set())) == []
    assert len(shown_on_today(prompts, on(18), set())) == 1
    assert shown_on_today(prompts, on(19), set()) == []
    assert shown_on_today(prompts, on(12), {f"trend:severe_run:{on(10)}"}) == []


def test_days_needed_reach_back_for_runs_the_week_before_and_the_pt_period():
    start = on(60)
    places_from, severe_from = days_needed_from(PLAN, start, on(66))
    assert severe_from == start - timedelta(days=thresholds.SEVERE_RUN_LOOKBACK_DAYS)
    # A rise dated on or after `start` compares a week ending on or after it
    # with the week before: 13 days back reaches the start of that week.
    assert places_from == start - timedelta(days=13)
    # The PT comparison (dated at the end of PT, day 55) needs the first PT week (day 14).
    assert days_needed_from(PLAN, on(50), on(60))[0] == on(14)
    assert days_needed_from(PLAN, on(200), on(206))[0] == on(187)
    # Inside the calf window (days 0-41) the days reach back to surgery.
    assert days_needed_from(PLAN, on(30), on(36))[0] == SURGERY
    assert days_needed_from(PLAN, on(42), on(48))[0] == on(29)
