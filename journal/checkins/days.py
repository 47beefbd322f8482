"""Daily figures: the worst and the average pain per place, per local day.

Pure: takes reading rows (`local_date`, `location`, `intensity`), as many
check-ins a day as the patient logged, and returns plain values.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from journal.recovery.thresholds import MILD_PAIN_MAX, MODERATE_PAIN_MAX


@dataclass(frozen=True)
class DayFigure:
    worst: int
    average: float
    count: int


def daily_figures(
    readings: Iterable[Mapping[str, Any]],
) -> dict[Any, dict[str, DayFigure]]:
    """`{local_date: {location: DayFigure}}` from reading rows."""
    values: defaultdict[Any, defaultdict[str, list[int]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for row in readings:
        values[row["local_date"]][row["location"]].append(row["intensity"])
    return {
        day: {
            location: DayFigure(max(vs), round(sum(vs) / len(vs), 1), len(vs))
            for location, vs in per_location.items()
        }
        for day, per_location in values.items()
    }


def band(intensity: int) -> str:
    """The NRS-11 band (recovery/thresholds.py): none, mild, moderate or severe."""
    if intensity == 0:
        return "none"
    if intensity <= MILD_PAIN_MAX:
        return "mild"
    if intensity <= MODERATE_PAIN_MAX:
        return "moderate"
    return "severe"
