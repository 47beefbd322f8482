"""Hip and lower back together: which way each moved over the range, and
whether they moved in opposite directions (the hip-spine pattern a PT
looks for).

Pure: takes daily pain per place (`DayPain`) and a date range.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from journal.recovery import locations, thresholds
from journal.summary.date_ranges import DateRange
from journal.summary.places import DayPain, mean, one_decimal


@dataclass(frozen=True)
class Direction:
    """How one place moved over a range: its level over the first and the
    last few logged days, and "falling", "rising" or "steady" by the
    clinical rule (`thresholds.change_verdict`)."""

    first: float
    last: float
    word: str


@dataclass(frozen=True)
class HipAndBack:
    hips: tuple[str, ...]
    days_both_logged: int
    days_both_moderate: int
    sentence: str
    hip: Direction | None = None
    back: Direction | None = None

    @property
    def opposite(self) -> bool:
        """Hip and back moved in opposite directions: the hip-spine pattern a PT looks for."""
        return opposite(self.hip, self.back)


def opposite(hip: Direction | None, back: Direction | None) -> bool:
    """One place falling while the other rises (None, a place without a direction, is neither)."""
    return hip is not None and back is not None and {hip.word, back.word} == {"falling", "rising"}


def direction(daily_worst: Sequence[tuple[date, int]]) -> Direction | None:
    """A `Direction` from `[(day, worst)]` in day order: the mean of the first
    `LEVEL_DAYS` days against the last `LEVEL_DAYS`, by the clinical rule.
    None with fewer than twice `LEVEL_DAYS` days: single days are too noisy."""
    size = thresholds.LEVEL_DAYS
    if len(daily_worst) < 2 * size:
        return None
    first = one_decimal(mean(w for _, w in daily_worst[:size]))
    last = one_decimal(mean(w for _, w in daily_worst[-size:]))
    word = {"better": "falling", "worse": "rising"}.get(
        thresholds.change_verdict(first, last), "steady"
    )
    return Direction(first, last, word)


def _level(value: float) -> str:
    return f"{value:g}"


def _moved(name: str, move: Direction) -> str:
    verb = {"falling": "fell", "rising": "rose", "steady": "stayed about the same"}[move.word]
    return f"{name} pain {verb} ({_level(move.first)} → {_level(move.last)})"


def _directions_sentence(hip: Direction | None, back: Direction | None) -> str:
    if hip is None or back is None:
        return ""
    if opposite(hip, back):
        return (
            f" {_moved('Hip', hip)} while {_moved('lower back', back)}: they moved in opposite "
            "directions, worth a closer look (hip problems can show up as back pain)."
        )
    if hip.word == back.word and hip.word != "steady":
        verb = "fell" if hip.word == "falling" else "rose"
        return (
            f" Both {verb}: hip {_level(hip.first)} → {_level(hip.last)}, lower back "
            f"{_level(back.first)} → {_level(back.last)}."
        )
    return f" {_moved('Hip', hip)}; {_moved('lower back', back)}."


def hip_and_back(day_pains: Iterable[DayPain], day_range: DateRange) -> HipAndBack | None:

    """Whether hip and lower back moved together: on how many of the days
    both were logged they were both moderate or worse, and which way each
    went over the range (opposite directions said plainly: the hip-spine
    link in DESIGN.md). None when neither was logged."""
    hip_worst: dict[date, int] = {}
    back_worst: dict[date, int] = {}
    hips = set()
    start, end = day_range.start, day_range.end
    for d in day_pains:
        if not start <= d.day <= end:
            continue
        if locations.is_hip(d.location):
            hips.add(d.location)
            hip_worst[d.day] = max(hip_worst.get(d.day, 0), d.worst)
        elif d.location == "lower_back":
            back_worst[d.day] = d.worst
    hips = tuple(sorted(hips, key=locations.ORDER.get))
    if not hips and not back_worst:
        return None
    hip_words = "hips" if len(hips) > 1 else "hip"
    if not back_worst:
        return HipAndBack(hips, 0, 0, "Lower back pain wasn't logged in this range.")
    if not hips:
        return HipAndBack(hips, 0, 0, "Hip pain wasn't logged in this range, only the lower back.")
    hip = direction(sorted(hip_worst.items()))
    back = direction(sorted(back_worst.items()))
    moves = _directions_sentence(hip, back)
    both = sorted(set(hip_worst) & set(back_worst))
    if not both:
        return HipAndBack(
            hips, 0, 0,
            f"The {hip_words} and lower back were never logged on the same day.{moves}",
            hip, back,
        )
    moderate_level = thresholds.MODERATE_PAIN
    moderate = sum(
        1 for d in both if hip_worst[d] >= moderate_level and back_worst[d] >= moderate_level
    )
    days = "day" if len(both) == 1 else "days"
    sentence = (
        f"The {hip_words} and lower back were both {moderate_level} or more on "
        f"{moderate} of the {len(both)} {days} both were logged.{moves}"
    )
    return HipAndBack(hips, len(both), moderate, sentence, hip, back)
