"""The brief's figures, from plain rows: no app, no database."""

from datetime import date, datetime, timedelta, timezone

from html import unescape

import pytest

from journal.milestones.windows import expected_milestones
from journal.prompts.journal_days import Prompt
from journal.recovery.plan import Plan
from journal.summary import brief
from journal.summary.places import DayPain
from journal.summary.sparkline import describe, sparkline

START = date(2026, 3, 3)
RIGHT = Plan(surgery_date=date(2026, 3, 2), side="right")
PT = brief.Voice("Maria")
PATIENT = brief.Voice()


def days(location, worsts, start=START, skip=()):
    """DayPains for `location`, a day each from `start` (days in `skip` left out);
    the last carries the latest reading, as `summary.data.day_pains` gives it."""
    rows = [
        DayPain(start + timedelta(days=i), location, w, float(w), None)
        for i, w in enumerate(worsts) if i not in skip
    ]
    last = rows[-1]
    rows[-1] = last._replace(latest=last.worst - 1 if last.worst else 0)
    return rows


def test_level_now_is_the_mean_of_the_last_three_logged_days_with_the_latest_reading():
    line = brief.place_line("hip_right", days("hip_right", [9, 9, 9, 2, 4, 6], skip={4}), START)
    # The logged days are 9, 9, 9, 2, 6: the last three are 9, 2, 6.
    assert line.level == 5.7
    assert line.latest == 5  # the last reading, not the day's worst
    assert line.latest_day == START + timedelta(days=5)
    assert line.days_logged == 5


@pytest.mark.parametrize("worsts, verdict, symbol", [
    ([8, 8, 8, 3, 3, 3], "better", "↓"),
    ([2, 2, 2, 6, 6, 6], "worse", "↑"),
    ([5, 5, 5, 4, 4, 4], "about the same", "→"),  # 1 point of 5: under 2 points and 30%
    ([3, 3, 3, 2, 2, 2], "better", "↓"),  # 1 point of 3 is 33%: the 30% rule
])
def test_direction_follows_the_clinical_rule(worsts, verdict, symbol):
    line = brief.place_line("lower_back", days("lower_back", worsts), START)
    assert (line.verdict, line.symbol) == (verdict, symbol)
    assert line.before == worsts[0] and line.level == worsts[-1]


def test_too_few_days_give_no_direction_rather_than_a_guess():
    line = brief.place_line("lower_back", days("lower_back", [8, 7, 6, 2, 2]), START)
    assert line.verdict is None and line.before is None and line.symbol == ""
    sentence = brief.trend_sentence([line], 14, PATIENT)
    assert sentence.startswith("Too few days logged to call a direction")


def test_places_come_worst_now_first():
    series = {
        "hip_right": days("hip_right", [8, 8, 8, 3, 3, 3]),
        "lower_back": days("lower_back", [2, 2, 2, 6, 6, 6]),
        "knee_right": days("knee_right", [1, 1, 1, 1, 1, 1]),
    }
    lines = brief.place_lines(series, START, RIGHT)
    assert [line.location for line in lines] == ["lower_back", "hip_right", "knee_right"]


def test_hip_falling_while_back_rises_reads_as_one_sentence_in_both_voices():
    series = {
        "hip_right": days("hip_right", [8, 8, 8, 3, 3, 3]),
        "lower_back": days("lower_back", [2, 2, 2, 6, 6, 6]),
    }
    lines = brief.place_lines(series, START, RIGHT)
    assert brief.trend_sentence(lines, 14, PATIENT) == (
        "Lower back pain is rising (2 → 6) while right hip pain is falling (8 → 3) "
        "over these 14 days."
    )
    assert brief.trend_sentence(lines, 14, PT) == (
        "Maria’s lower back pain is rising (2 → 6) while right hip pain is falling (8 → 3) "
        "over these 14 days."
    )


def test_places_moving_the_same_way_are_joined_not_contrasted():
    lines = brief.place_lines({
        "hip_right": days("hip_right", [8, 8, 8, 4, 4, 4]),
        "lower_back": days("lower_back", [6, 6, 6, 2, 2, 2]),
    }, START, RIGHT)
    assert " while " not in brief.trend_sentence(lines, 7, PATIENT)
    assert ", and lower back pain is falling (6 → 2)" in brief.trend_sentence(lines, 7, PATIENT)


@pytest.mark.parametrize("side, marked", [
    ("right", {"hip_right", "groin_right"}),
    ("left", {"hip_left"}),
    ("both", {"hip_right", "hip_left", "groin_right"}),
])
def test_the_operated_side_is_marked_and_midline_places_never_are(side, marked):
    plan = Plan(surgery_date=date(2026, 3, 2), side=side)
    series = {code: days(code, [3, 3, 3]) for code in
              ("hip_right", "hip_left", "groin_right", "lower_back")}
    lines = brief.place_lines(series, START, plan)
    assert {line.location for line in lines if line.operated} == marked


def test_most_hip_pain_on_the_other_side_is_said_plainly():
    series = {
        "hip_left": days("hip_left", [4, 4, 4, 4]),
        "groin_left": days("groin_left", [3, 3]),
        "hip_right": days("hip_right", [2, 2, 0]),  # a 0 is no pain: not counted
    }
    remark = brief.other_side_remark(series, RIGHT, PT)
    assert remark == (
        "Most hip pain in this range was logged on the left side, not the operated right: "
        "6 days of left hip, groin or buttock pain against 2 on the right. A mis-tap, or a "
        "real problem on the left side: worth asking Maria."
    )
    assert brief.other_side_remark(series, RIGHT, PATIENT).endswith("worth mentioning to your PT.")


def test_no_other_side_remark_when_the_operated_side_has_most_or_both_were_operated():
    series = {"hip_left": days("hip_left", [4, 4]), "hip_right": days("hip_right", [2, 2, 2])}
    assert brief.other_side_remark(series, RIGHT, PT) is None
    both = Plan(surgery_date=date(2026, 3, 2), side="both")
    assert brief.other_side_remark({"hip_left": days("hip_left", [4] * 5)}, both, PT) is None
    assert brief.other_side_remark({"lower_back": days("lower_back", [7] * 5)}, RIGHT, PT) is None


def _prompt(day, kind="safety", title="Wound problem", advice="advised to contact the surgeon the same day"):
    return Prompt(f"{title}:{day}", day, kind, title, "Contact your surgeon's office today.",
                  kind == "safety", advice=advice)


def test_red_flags_leave_trend_notes_out_and_keep_the_advice():
    prompts = [
        _prompt(date(2026, 3, 10), "trend", "Pain 8 or more on 3 days in a row", "worth discussing"),
        _prompt(date(2026, 3, 9)),
    ]
    flags = brief.red_flags(prompts)
    assert flags == [brief.RedFlag(date(2026, 3, 9), "Wound problem",
                                   "advised to contact the surgeon the same day")]
    assert [p.kind for p in brief.trend_notes(prompts)] == ["trend"]


def test_expected_or_mention_only_signs_are_noted_apart_from_the_red_flags():
    day0 = date(2026, 3, 9)
    expected = Prompt("sign:fever:2026-03-09", day0, "safety", "Fever on the day of surgery",
                      "A low-grade temperature is common.", False,
                      advice="advised to call the surgeon if it stays up or comes with chills")
    prompts = [expected, _prompt(date(2026, 3, 12))]
    assert [f.title for f in brief.red_flags(prompts)] == ["Wound problem"]
    assert brief.safety_notes(prompts) == [brief.RedFlag(
        day0, "Fever on the day of surgery",
        "advised to call the surgeon if it stays up or comes with chills")]
    # Only the expected one: "none" is still said for red flags.
    assert brief.red_flags([expected]) == []


def test_crutch_steps_against_their_windows_including_sooner_than_planned():
    milestones = [{"kind": "off_crutches", "date": "2026-03-11", "title": ""}]
    expected = expected_milestones(RIGHT, milestones, date(2026, 3, 16))
    assert brief.crutch_steps(expected, PT) == [
        "One crutch: skipped, straight to no crutches",
        "Off crutches: day 9, sooner than planned (day 14): check the surgeon agreed",
    ]
    on_plan = expected_milestones(RIGHT, [{"kind": "one_crutch", "date": "2026-03-12", "title": ""}],
                                  date(2026, 3, 16))
    assert brief.crutch_steps(on_plan, PATIENT) == [
        "One crutch: day 10, on plan (days 7–14)",
        "Off crutches: not yet, planned day 14",
    ]


def test_pt_sessions_and_data_lines():
    assert brief.pt_sessions_line(1, 2, 4, 14) == "1 of about 2–4 planned so far (fewer than planned)"
    assert brief.pt_sessions_line(0, 0, 0, 0) == (
        "0 sessions; the planned PT period isn't in this range"
    )
    assert brief.data_line(12, 14, date(2026, 3, 16), since_surgery=True) == (
        "Check-ins on 12 of the 14 days since surgery; last on 16 Mar"
    )
    assert brief.data_line(0, 7, None) == "Check-ins on 0 of the 7 days in this range; none yet"


def test_voice_speaks_to_the_patient_or_about_them():
    assert PATIENT.possessive == "your" and not PATIENT.third_person
    assert PT.possessive == "Maria’s" and PT.third_person
    assert brief.Voice("Lois").possessive == "Lois’"


LOOK = datetime(2026, 3, 9, 18, 0, tzinfo=timezone.utc)


def recorded(day, at):
    return (day, at.isoformat(timespec="seconds"))


def test_since_last_look_counts_checkins_saved_after_it_even_for_earlier_days():
    series = {"hip_right": days("hip_right", [5] * 10)}
    saved = [
        recorded(START + timedelta(days=i), LOOK - timedelta(hours=1)) for i in range(6)
    ] + [
        recorded(START + timedelta(days=3), LOOK + timedelta(hours=2)),  # backfilled since
        recorded(START + timedelta(days=7), LOOK + timedelta(days=1)),
    ]
    since = brief.since_last_look(LOOK, LOOK.date(), saved, series, START, [])
    assert (since.checkins, since.checkin_days) == (2, 2)
    assert since.changes == () and since.red_flags == ()
    assert since.anything


def test_since_last_look_names_a_change_of_direction_and_new_red_flags():
    # Up to the look (9 Mar, day 6 of the range) the back was steady at 2;
    # the days since took it to 6.
    series = {"lower_back": days("lower_back", [2, 2, 2, 2, 2, 2, 2, 6, 6, 6])}
    prompts = [_prompt(date(2026, 3, 8), title="Fever"), _prompt(date(2026, 3, 11))]
    since = brief.since_last_look(LOOK, LOOK.date(), [], series, START, prompts)
    assert since.changes == ("Lower back: now worse (2 → 6); was about the same at the last look",)
    # The fever was there before the look; the wound sign is new.
    assert [f.title for f in since.red_flags] == ["Wound problem"]


def test_nothing_new_since_the_last_look():
    series = {"hip_right": days("hip_right", [5] * 6)}
    saved = [recorded(START + timedelta(days=i), LOOK - timedelta(days=1)) for i in range(6)]
    since = brief.since_last_look(LOOK, LOOK.date(), saved, series, START, [])
    assert not since.anything


def test_sparkline_is_an_image_with_its_values_in_words():
    line = brief.place_line("hip_right", days("hip_right", [8, 6, 7, 3], skip={1}), START)
    assert describe(line, START) == "Right hip, daily worst: 8 on 3 Mar to 3 on 6 Mar, highest 8, lowest 3"
    svg = str(sparkline(line, START, 4))
    assert 'role="img"' in svg and 'aria-label="Right hip, daily worst: 8 on 3 Mar' in svg
    # x by day of the range (the day not logged leaves a gap in time); y: 10 at the top, 0 at the base.
    assert 'points="2.0,6.0 63.3,8.0 94.0,16.0"' in svg


def test_a_temperature_on_surgery_day_is_noted_but_not_a_red_flag_on_the_page(auth, client):
    auth.patient()
    auth.checkin(date="2026-03-09", time="20:00", warning=["fever"])
    html = unescape(client.get("/summary?range=14").get_data(as_text=True))
    brief_html = html[html.index("At a glance"):html.index("</section>", html.index("At a glance"))]
    assert "Red flags: none in this range." in brief_html
    assert "Also noted, not a red flag: Fever on the day of surgery" in brief_html
