"""The PT's brief: the five questions a PT asks in a minute, answered at the
top of every summary (DESIGN.md, screen 8).

Pure: every function takes rows already read (`DayPain`s per place, prompts,
expected milestones, check-ins) and returns plain values, so the patient's
summary, the share page and a PT's caseload build the same figures from the
same rows. `Voice` decides whom the words are about: "your" on the patient's
own summary, the patient's name on anything a PT reads.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from journal.milestones.windows import ExpectedMilestone
from journal.prompts.journal_days import Prompt
from journal.recovery import locations, plan as recovery_plan, thresholds
from journal.recovery.formatting import plural, short_date
from journal.summary.build import Summary
from journal.summary.places import DayPain, mean, one_decimal

# Better / worse by the clinical rule (`thresholds.change_verdict`): the
# symbol is decoration, the word beside it is what a screen reader reads.
SYMBOLS = {"better": "↓", "worse": "↑", "about the same": "→"}
# The trend sentence's words for the same verdicts: pain that gets better falls.
MOVES = {"better": "falling", "worse": "rising", "about the same": "about the same"}

# Places whose pain a hip patient feels as hip pain (DESIGN.md: groin and
# buttock are where hip problems often show): each side counts towards that
# side's hip when the brief asks which side most hip pain is logged on.
HIP_REGIONS = frozenset({"hip", "groin", "buttock"})

# At most this many places in the one-sentence trend: past three, it stops
# being one sentence; every place still has its own line above it.
TREND_PLACES = 3


@dataclass(frozen=True)
class Voice:
    """Whom the brief speaks to. `name` None: the patient ("your"); a name:
    a PT reading about the patient ("Maria's")."""

    name: str | None = None

    @property
    def third_person(self) -> bool:
        return self.name is not None

    @property
    def possessive(self) -> str:
        """ "your" or "Maria’s" (with a name ending in s: "Lois’")."""
        if self.name is None:
            return "your"
        return f"{self.name}’" if self.name.endswith("s") else f"{self.name}’s"

    @property
    def subject(self) -> str:
        return "you" if self.name is None else self.name

    def capitalised(self, text: str) -> str:
        return text[:1].upper() + text[1:]


# The milestone statuses (`milestones.windows`) speak to the patient; on a
# page a PT reads they are said about the patient instead. Whole phrases, in
# the order they must be tried, so "your surgeon's office" is never half-done.
ABOUT_THE_PATIENT = (
    ("check that your surgeon agreed", "check that the surgeon agreed"),
    ("if PT has started, log your first session; if not, ask your surgeon's office when it "
     "should start", "worth asking whether PT has started"),
    ("fine if you went straight", "fine if {name} went straight"),
    ("worth mentioning to your PT", "worth asking about"),
    ("check with your surgeon before putting more weight through the hip",
     "worth checking with the surgeon"),
    ("your surgeon's weight-bearing", "the surgeon's weight-bearing"),
    ("check with your PT", "worth asking about"),
    ("your plan", "the plan"),
)


def about_the_patient(text: str, voice: "Voice") -> str:
    """A status written to the patient, said about them when `voice` is a PT's."""
    if not voice.third_person:
        return text
    for to_patient, about in ABOUT_THE_PATIENT:
        text = text.replace(to_patient, about.format(name=voice.name))
    return text


@dataclass(frozen=True)
class PlaceLine:
    """One place in the brief: its level now and which way it went.

    `level` is the mean of the daily worst over the last `LEVEL_DAYS` logged
    days (one day is too noisy), `latest` the last reading logged. `before`
    is the same mean over the first `LEVEL_DAYS` logged days of the range,
    and `verdict` better / worse / about the same between them by the
    clinical rule, or None with too few days to tell."""

    location: str
    label: str
    operated: bool
    level: float
    latest: int | None
    latest_day: date
    days_logged: int
    before: float | None
    verdict: str | None
    points: tuple[tuple[int, int], ...]  # (day of the range, daily worst), for the sparkline

    @property
    def symbol(self) -> str:
        return SYMBOLS.get(self.verdict or "", "")


def operated_side(plan: recovery_plan.Plan | None) -> frozenset[str]:
    """The sides operated on: {"right"}, {"left"} or both; empty without a plan."""
    if plan is None:
        return frozenset()
    return frozenset({"left", "right"}) if plan.side == "both" else frozenset({plan.side})


def is_operated(location: str, sides: frozenset[str]) -> bool:
    place = locations.BY_CODE.get(location)
    return place is not None and place.side in sides


def level(daily_worst: Sequence[int]) -> float | None:
    """The mean of the last `LEVEL_DAYS` values (thresholds: one day is too noisy)."""
    return one_decimal(mean(daily_worst[-thresholds.LEVEL_DAYS:]))


def place_line(
    location: str, days: Sequence[DayPain], start: date, sides: frozenset[str] = frozenset()
) -> PlaceLine:
    """The brief's line for one place from its `DayPain`s in the range, oldest
    first. The direction needs `LEVEL_DAYS` days at each end that don't
    overlap (6 days): fewer, and it says nothing rather than guess."""
    worst = [d.worst for d in days]
    now = level(worst)
    assert now is not None  # a place in the series has at least one day
    size = thresholds.LEVEL_DAYS
    before = verdict = None
    if len(worst) >= 2 * size:
        before = one_decimal(mean(worst[:size]))
        assert before is not None
        verdict = thresholds.change_verdict(before, now)
    latest = next((d.latest for d in reversed(days) if d.latest is not None), None)
    return PlaceLine(
        location=location,
        label=locations.label(location),
        operated=is_operated(location, sides),
        level=now,
        latest=latest if latest is not None else days[-1].worst,
        latest_day=days[-1].day,
        days_logged=len(days),
        before=before,
        verdict=verdict,
        points=tuple(((d.day - start).days, d.worst) for d in days),
    )


def place_lines(
    series: Mapping[str, Sequence[DayPain]], start: date, plan: recovery_plan.Plan | None
) -> list[PlaceLine]:
    """A line per place, worst now first (ties: worse direction first, then
    the journal's order of places)."""
    sides = operated_side(plan)
    lines = [place_line(location, days, start, sides) for location, days in series.items() if days]
    rank = {"worse": 0, "about the same": 1, None: 1, "better": 2}
    return sorted(lines, key=lambda line: (-line.level, rank[line.verdict]))


def _number(value: float) -> str:
    return f"{value:g}"


def _place_words(line: PlaceLine) -> str:
    """ "right hip" / "lower back", lower case, for the middle of a sentence."""
    return line.label if line.label.startswith("Other") else line.label.lower()


def trend_sentence(lines: Sequence[PlaceLine], days: int, voice: Voice) -> str:
    """The whole picture in one sentence, from the places with a direction,
    worst now first: "Right hip pain is falling (8 → 3) while lower back
    pain is rising (2 → 6) over these 14 days"."""
    # The places that got better or worse tell the story; the steady ones
    # only when nothing moved.
    with_direction = [line for line in lines if line.verdict is not None]
    moving = [line for line in with_direction if line.verdict != "about the same"]
    moving = (moving or with_direction)[:TREND_PLACES]
    period = f"over these {plural(days, 'day')}"
    if not moving:
        if not lines:
            return "Nothing was logged in this range."
        return (
            f"Too few days logged to call a direction {period}: each place needs "
            f"{thresholds.LEVEL_DAYS * 2} days."
        )

    def clause(line: PlaceLine) -> str:
        assert line.before is not None and line.verdict is not None
        return (
            f"{_place_words(line)} pain is {MOVES[line.verdict]} "
            f"({_number(line.before)} → {_number(line.level)})"
        )

    opening = f"{voice.possessive} " if voice.third_person else ""
    first, rest = moving[0], moving[1:]
    text = opening + clause(first)
    for line in rest:
        contrast = {first.verdict, line.verdict} == {"better", "worse"}
        text += (" while " if contrast else ", and ") + clause(line)
    return voice.capitalised(text) + f" {period}."


def other_side_remark(
    series: Mapping[str, Sequence[DayPain]], plan: recovery_plan.Plan | None, voice: Voice
) -> str | None:
    """Said plainly when most hip pain (hip, groin, buttock) was logged on the
    side not operated on: a mis-tap or a real problem on that side, both
    worth a PT's question. None with both sides operated, or no such pain."""
    if plan is None or plan.side not in {"left", "right"}:
        return None
    days = {"left": 0, "right": 0}
    for location, place_days in series.items():
        place = locations.BY_CODE.get(location)
        if place is None or place.region not in HIP_REGIONS or not place.side:
            continue
        days[place.side] += sum(1 for d in place_days if d.worst > 0)
    other = "left" if plan.side == "right" else "right"
    if days[other] <= days[plan.side]:
        return None
    ask = f"worth asking {voice.name}" if voice.third_person else "worth mentioning to your PT"
    return (
        f"Most hip pain in this range was logged on the {other} side, not the operated "
        f"{plan.side}: {plural(days[other], 'day')} of {other} hip, groin or buttock pain against "
        f"{days[plan.side]} on the {plan.side}. A mis-tap, or a real problem on the {other} side: "
        f"{ask}."
    )


@dataclass(frozen=True)
class RedFlag:
    day: date
    title: str
    advice: str
    emergency: bool = False


def red_flags(prompts: Iterable[Prompt]) -> list[RedFlag]:
    """The range's safety prompts that asked for a call today or an
    emergency, oldest first: what the caseload also calls a red flag. Trend
    notes say which way pain went; these say what was advised."""
    return [
        RedFlag(p.date, p.title, p.advice, p.emergency)
        for p in sorted(prompts, key=lambda p: p.date)
        if p.kind == "safety" and p.urgent
    ]


def safety_notes(prompts: Iterable[Prompt]) -> list[RedFlag]:
    """The range's other safety prompts, oldest first: what is expected (a
    temperature on surgery day, early seepage) or worth a mention, with the
    advice given. Not red flags, but a PT still reads them."""
    return [
        RedFlag(p.date, p.title, p.advice)
        for p in sorted(prompts, key=lambda p: p.date)
        if p.kind == "safety" and not p.urgent
    ]


def trend_notes(prompts: Iterable[Prompt]) -> list[Prompt]:
    return [p for p in prompts if p.kind != "safety"]


CRUTCH_KINDS = ("one_crutch", "off_crutches")


def crutch_steps(expected: Iterable[ExpectedMilestone], voice: Voice) -> list[str]:
    """Each crutch step against its window, in a PT's words: "Off crutches:
    day 9, sooner than planned (day 14)"."""
    steps = []
    for e in expected:
        if e.kind not in CRUTCH_KINDS:
            continue
        window = (
            f"day {e.end_day}" if e.start_day == e.end_day else f"days {e.start_day}–{e.end_day}"
        )
        surgeon = "the surgeon" if voice.third_person else "your surgeon"
        if e.state == "too_soon":
            text = f"day {e.actual_day}, sooner than planned ({window}): check {surgeon} agreed"
        elif e.state == "before_weight_bearing":
            text = (
                f"day {e.actual_day}, sooner than {surgeon}'s weight-bearing instruction (to day "
                f"{e.instruction_end_day}): check with {surgeon}"
            )
        elif e.state == "done_with_limp":
            late = e.actual_day is not None and e.actual_day > e.end_day
            when = f"later than planned ({window})" if late else "the planned day"
            pt = "worth asking about" if voice.third_person else "check with your PT"
            text = (
                f"day {e.actual_day}, {when}, with a limp noted on day {e.limp_day}: crutches "
                f"stop once walking is free of a limp — {pt}"
            )
        elif e.state == "skipped":
            text = "skipped, straight to no crutches"
        elif e.actual_day is not None:
            when = {"done_late": "later than planned", "done_early": "sooner than planned"}.get(
                e.state, "on plan"
            )
            text = f"day {e.actual_day}, {when} ({window})"
        elif e.state == "late":
            text = f"not yet, later than planned ({window})"
        elif e.state == "not_logged":
            text = f"not logged ({window})"
        else:
            text = f"not yet, planned {window}"
        steps.append(f"{e.label}: {text}")
    return steps


@dataclass(frozen=True)
class SinceLastLook:
    """What changed since a share link was last opened."""

    when: datetime
    checkins: int
    checkin_days: int
    changes: tuple[str, ...]
    red_flags: tuple[RedFlag, ...]

    @property
    def anything(self) -> bool:
        return bool(self.checkins or self.changes or self.red_flags)


def since_last_look(
    last_look: datetime,
    last_look_day: date,
    recorded: Iterable[tuple[date, str]],
    series: Mapping[str, Sequence[DayPain]],
    start: date,
    prompts: Iterable[Prompt],
) -> SinceLastLook:
    """New since `last_look` (UTC; `last_look_day` its local date):
    check-ins saved after it (`recorded` is `(day, saved_at ISO UTC)` per
    check-in, so a day backfilled since counts too), places whose
    direction changed from what the days up to the last look showed, and red
    flags on days after it or on days with a new check-in."""
    since = last_look.isoformat(timespec="seconds")
    new_days = set()
    count = 0
    for day, saved_at in recorded:
        if saved_at > since:
            count += 1
            new_days.add(day)
    changes = []
    for location, days in series.items():
        then_days = [d for d in days if d.day <= last_look_day and d.day not in new_days]
        if not then_days or len(then_days) == len(days):
            continue
        then = place_line(location, then_days, start)
        now = place_line(location, days, start)
        if now.verdict is not None and then.verdict != now.verdict:
            was = f"was {then.verdict}" if then.verdict else "had too few days to tell"
            changes.append(
                f"{now.label}: now {now.verdict} ({_number(now.before or 0)} → "
                f"{_number(now.level)}); {was} at the last look"
            )
    flags = tuple(
        flag for flag in red_flags(prompts) if flag.day > last_look_day or flag.day in new_days
    )
    return SinceLastLook(last_look, count, len(new_days), tuple(changes), flags)


@dataclass(frozen=True)
class Brief:
    lines: list[PlaceLine]
    trend: str
    other_side: str | None
    red_flags: list[RedFlag]
    headline: str | None
    phase: str | None
    crutch_steps: list[str]
    pt_sessions: str | None
    home_exercises: str | None
    data: str
    last_checkin: date | None
    voice: Voice = field(default_factory=Voice)
    since: SinceLastLook | None = None
    safety_notes: list[RedFlag] = field(default_factory=list)


def pt_sessions_line(attended: int, expected_low: int, expected_high: int, planned_days: int) -> str:
    """PT sessions attended against what the planned period so far expects."""
    if planned_days == 0:
        return f"{plural(attended, 'session')}; the planned PT period isn't in this range"
    expected = (
        f"{expected_low}–{expected_high}" if expected_low != expected_high else f"{expected_high}"
    )
    behind = " (fewer than planned)" if attended < expected_low else ""
    return f"{attended} of about {expected} planned so far{behind}"


def data_line(
    days_logged: int, days: int, last_checkin: date | None, since_surgery: bool = False
) -> str:
    """ "Check-ins on 12 of the 14 days in this range; last on 16 Mar". `days`
    count from surgery when the range began before it (`since_surgery`)."""
    last = f"; last on {short_date(last_checkin)}" if last_checkin else "; none yet"
    of = "since surgery" if since_surgery else "in this range"
    return f"Check-ins on {days_logged} of the {plural(days, 'day')} {of}{last}"


def for_summary(summary: Summary, voice: Voice, since: SinceLastLook | None = None) -> Brief:
    """The brief of a built summary (`build.build`), in `voice`."""
    start = summary.range.start
    lines = place_lines(summary.series, start, summary.plan)
    pt = summary.pt_sessions
    adherence = summary.adherence
    return Brief(
        lines=lines,
        trend=trend_sentence(lines, summary.range.days, voice),
        other_side=other_side_remark(summary.series, summary.plan, voice),
        red_flags=red_flags(summary.prompts),
        safety_notes=safety_notes(summary.prompts),
        headline=summary.headline,
        phase=summary.phase,
        crutch_steps=crutch_steps(summary.expected, voice),
        pt_sessions=(
            pt_sessions_line(pt.attended, pt.expected_low, pt.expected_high, pt.planned_days)
            if pt is not None and summary.plan is not None else None
        ),
        home_exercises=(
            f"ticked on {adherence.days_done} of {plural(adherence.days_logged, 'day')} logged"
            if adherence.days_logged else None
        ),
        data=data_line(adherence.days_logged, adherence.days, summary.last_checkin,
                       adherence.since_surgery),
        last_checkin=summary.last_checkin,
        voice=voice,
        since=since,
    )
