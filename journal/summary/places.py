"""Pain per place over the range: worst, average, days logged, and how it
compares with the period before.

Pure: takes daily pain per place (`DayPain`) and a date range.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from journal.recovery import locations, thresholds
from journal.summary.date_ranges import PREVIOUS, Comparison, DateRange


class DayPain(NamedTuple):
    """One place on one day: the worst, the mean and the last reading.

    A named tuple, not a dataclass: a year's summary makes a few thousand."""

    day: date
    location: str
    worst: int
    average: float
    latest: int | None  # only on each place's last day in the range (`summary.data.day_pains`)
    readings: int = 1


@dataclass(frozen=True)
class LocationFigures:
    location: str
    label: str
    days_logged: int
    average: float
    worst: int
    latest: int
    latest_day: date
    previous_average: float | None
    change: float | None
    verdict: str
    # The average compared with `previous_average`: the range's own, or its
    # second half's when the comparison is between halves.
    compared_average: float | None = None


def mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def one_decimal(value: float | None) -> float | None:
    return None if value is None else round(value + 0.0, 1)


def verdict(previous: float | None, current: float) -> str:
    """ "better" or "worse" only at a change most patients rate as much better
    or worse (`thresholds.change_verdict`), else "about the same"."""
    if previous is None:
        return "nothing earlier to compare"
    return thresholds.change_verdict(previous, current)


def period_average(day_pains: Iterable[DayPain]) -> float | None:
    """The mean of the daily means: each day counts once, however many check-ins it had,
    so a bad day logged five times doesn't outweigh four quiet ones."""
    return mean(d.average for d in day_pains)


def by_location(day_pains: Iterable[DayPain], day_range: DateRange) -> dict[str, list[DayPain]]:
    """`{location: [DayPain, ...]}` for days in the range, oldest first."""
    grouped = defaultdict(list)
    start, end = day_range.start, day_range.end
    # Sorting rows that arrive in day order (as the database returns them) is
    # one pass; the key is the tuple's first field, read in C.
    for day_pain in sorted(day_pains, key=_day_of):
        if start <= day_pain.day <= end:
            grouped[day_pain.location].append(day_pain)
    return dict(sorted(grouped.items(), key=lambda item: locations.ORDER.get(item[0], 999)))


def _day_of(day_pain: DayPain) -> date:
    return day_pain[0]


def location_figures(
    day_pains: Iterable[DayPain],
    day_range: DateRange,
    current: dict[str, list[DayPain]] | None = None,
    earlier_means: Mapping[str, list[float]] | None = None,
    comparison: Comparison | None = None,
) -> list[LocationFigures]:
    """Days logged, average, worst and latest for each place logged in the
    range, and the change by `comparison` (by default against the previous
    period of the same length). `current` is `by_location(day_pains,
    day_range)` when the caller has it. `earlier_means` are `{place: [daily
    mean, ...]}` of the earlier days before the first of `day_pains`, oldest
    first."""
    current = by_location(day_pains, day_range) if current is None else current
    comparison = comparison or Comparison(PREVIOUS, day_range, day_range.previous())
    previous = by_location(day_pains, comparison.earlier) if comparison.earlier else {}
    later = current if comparison.later == day_range else by_location(day_pains, comparison.later)
    earlier_means = earlier_means or {}
    figures = []
    for location, days in current.items():
        average = one_decimal(period_average(days))
        compared = one_decimal(period_average(later.get(location, ())))
        before = earlier_means.get(location, []) + [d.average for d in previous.get(location, ())]
        previous_average = one_decimal(mean(before)) if before else None
        # Compare the rounded figures the reader sees, so 5.0 against 3.0 is
        # exactly 2 and never 1.9999 from floating point.
        change = (
            None if previous_average is None or compared is None
            else one_decimal(compared - previous_average)
        )
        figures.append(
            LocationFigures(
                location=location,
                label=locations.label(location),
                days_logged=len(days),
                average=average,
                worst=max(d.worst for d in days),
                latest=days[-1].latest,
                latest_day=days[-1].day,
                previous_average=previous_average,
                change=change,
                verdict=(
                    verdict(previous_average, compared) if compared is not None
                    else "nothing recent to compare"
                ),
                compared_average=compared,
            )
        )
    return figures
