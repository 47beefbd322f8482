"""The frame every pain chart is drawn in: its size, the 0-10 scale, the day
axis and its labels, the surgery and PT-week markers and the PT sessions.

Pure: takes a date range and values, returns SVG markup.
"""

import functools
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from markupsafe import escape

from journal.recovery.formatting import short_date
from journal.summary.date_ranges import DateRange


WIDTH = 360
HEIGHT = 168
LEFT = 26  # room for the 0-10 labels
RIGHT = 8
TOP = 24  # room for the surgery / PT week labels
BOTTOM_Y = 134  # where 0 sits
AXIS_LABEL_Y = 161
SESSION_Y = 137
FONT = 10
# Past about two months a dot per day is clutter; the line alone reads better.
DOTS_UP_TO_DAYS = 62
MAX_AXIS_LABELS = 6
AXIS_STEPS = (1, 2, 7, 14, 28, 56, 91, 182)


def number_text(value: float) -> str:
    return f"{value:g}" if isinstance(value, int) else f"{value:.1f}".rstrip("0").rstrip(".")


class Geometry:
    """Where a day and a pain value sit in a chart of `day_range`, in units of
    the viewBox. Unrounded: the frame writes one decimal, a line whole tenths
    (`tenths`)."""

    def __init__(self, day_range: DateRange) -> None:
        self.start = day_range.start
        self.days = day_range.days
        self.slot = (WIDTH - LEFT - RIGHT) / self.days

    def x(self, day: date) -> float:
        # Each day owns a slot; its point sits in the middle, so a one-day
        # range still draws a visible point.
        return LEFT + ((day - self.start).days + 0.5) * self.slot

    @staticmethod
    def y(value: float) -> float:
        return BOTTOM_Y - value * (BOTTOM_Y - TOP) / 10


def tenths(coordinate: float) -> int:
    """A coordinate in whole tenths of a unit: a path's relative steps between
    whole numbers are exact, so a year of them never drifts."""
    return round(coordinate * 10)


# Cached: a chart writes the same few hundred numbers over and over; a 30-day
# chart of two lines draws in 63 us instead of 92 (a year's in 0.6 ms, not 0.75).
@functools.cache
def tenths_text(value: int) -> str:
    """A length given in tenths, as short as SVG allows: 9 is ".9", -22 is "-2.2"."""
    whole, tenth = divmod(abs(value), 10)
    sign = "-" if value < 0 else ""
    if not tenth:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{tenth}"


def _axis_step(days: int) -> int:
    for step in AXIS_STEPS:
        if -(-days // step) <= MAX_AXIS_LABELS:
            return step
    return AXIS_STEPS[-1]


def _value_grid() -> str:
    parts = []
    for value in range(0, 11, 2):
        y = round(Geometry.y(value), 1)
        parts.append(
            f'<line class="grid" x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}"'
            f' stroke="#c9d1d9" stroke-width="{1.2 if value == 0 else 0.8}"/>'
            f'<text x="{LEFT - 5}" y="{y + 3.5}" text-anchor="end">{value}</text>'
        )
    return "".join(parts)


# The 0-10 lines and labels are the same on every chart.
VALUE_GRID = _value_grid()


def grid_svg(geometry: Geometry) -> list[str]:
    parts = [VALUE_GRID]
    step = _axis_step(geometry.days)
    for offset in range(0, geometry.days, step):
        day = geometry.start + timedelta(days=offset)
        tick = round(geometry.x(day), 1)
        # The first label starts at the axis, so its date is not cut off.
        anchor = "start" if offset == 0 and geometry.days > 1 else "middle"
        parts.append(
            f'<line x1="{tick}" y1="{BOTTOM_Y}" x2="{tick}" y2="{BOTTOM_Y + 3}" stroke="#4a5561"/>'
            f'<text x="{LEFT if anchor == "start" else tick}" y="{AXIS_LABEL_Y}"'
            f' text-anchor="{anchor}">{short_date(day)}</text>'
        )
    return parts


def day_markers_svg(geometry: Geometry, markers: Mapping[date, str]) -> list[str]:
    """Surgery day and PT weeks: a dashed upright line, labelled when there is room."""
    parts = []
    last_label_end = -1.0
    for day in sorted(markers):
        x = round(geometry.x(day), 1)
        parts.append(
            f'<line class="marker" x1="{x}" y1="{TOP - 4}" x2="{x}" y2="{BOTTOM_Y}"'
            f' stroke="#1b1f24" stroke-width="1" stroke-dasharray="3 3"/>'
        )
        label = markers[day].replace("PT week", "PT wk")
        width = len(label) * FONT * 0.55
        left = min(max(x - width / 2, 0), WIDTH - width)
        if left > last_label_end + 4:
            parts.append(
                f'<text class="marker-label" x="{left + width / 2:.1f}" y="{TOP - 8}"'
                f' text-anchor="middle">{escape(label)}</text>'
            )
            last_label_end = left + width
    return parts


def sessions_svg(geometry: Geometry, sessions: Iterable[date]) -> list[str]:
    """PT sessions: a small upward triangle on the day axis."""
    parts = []
    for day in sessions:
        x = round(geometry.x(day), 1)
        parts.append(
            f'<path class="session" d="M{x} {SESSION_Y}L{x + 4.5:.1f} {SESSION_Y + 8}'
            f'L{x - 4.5:.1f} {SESSION_Y + 8}Z" fill="#1b1f24"/>'
        )
    return parts
