"""Pain trend charts as inline SVG, drawn on the server: no chart JavaScript.

Pure: takes days and values, returns markup. Each chart is an `<svg
role="img">` with a title and a plain-language description (the data table
beside it carries every value). Lines differ by dash pattern and marker shape
as well as colour, so they read the same printed in black and white. The
viewBox is as wide as a phone's content column, so text stays readable at
390 px without zooming.
"""

import functools
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from journal.recovery import locations
from journal.recovery.formatting import day_month_year as long_date, plural, short_date
from journal.summary.chart_axes import (
    DOTS_UP_TO_DAYS,
    FONT,
    HEIGHT,
    WIDTH,
    Geometry,
    day_markers_svg,
    grid_svg,
    number_text,
    sessions_svg,
    tenths,
    tenths_text,
)
from journal.summary.date_ranges import DateRange
from journal.summary.places import DayPain

if TYPE_CHECKING:
    # Only for the annotations: the summary's figures, which these charts draw.
    from journal.summary.build import Summary


# Distinguishable without colour: solid / dashed / dotted / dash-dot, and
# circle / none / square / diamond markers. Colours are dark enough on white
# for the 3:1 contrast that graphics need (WCAG 1.4.11).
STYLES: tuple[dict[str, Any], ...] = (
    {"stroke": "#0b5cad", "dash": None, "width": 2.5, "marker": "circle"},
    {"stroke": "#4a5561", "dash": "6 4", "width": 2, "marker": None},
    {"stroke": "#8a4b00", "dash": "2 3", "width": 2.5, "marker": "square"},
    {"stroke": "#1c6b32", "dash": "9 3 2 3", "width": 2, "marker": "diamond"},
)


@dataclass(frozen=True)
class Line:
    label: str
    points: tuple[tuple[date, float], ...]  # oldest first; days without a value are absent
    style: int = 0


# Each marker shape as a closed subpath drawn from its centre ("M x y" comes
# before it): a circle of radius 3 (two arcs), a 5.6 square, a diamond 3.6
# from its centre.
_SHAPES = {
    "circle": "m-3 0a3 3 0 1 0 6 0a3 3 0 1 0-6 0z",
    "square": "m-2.8-2.8h5.6v5.6h-5.6z",
    "diamond": "m0-3.6l3.6 3.6-3.6 3.6-3.6-3.6z",
}


def _markers(shape: str | None, points: Sequence[tuple[int, int]], colour: str) -> str:
    """One `<path>` with a marker at each of `points` ((x, y) in tenths):
    a day's dot is a subpath, not an element of its own."""
    if shape not in _SHAPES or not points:
        return ""
    shape_path = _SHAPES[shape]
    d = "".join([f"M{tenths_text(x)} {tenths_text(y)}{shape_path}" for x, y in points])
    return f'<path class="dot" d="{d}" fill="{colour}"/>'


def _marker(shape: str, x: int, y: int, colour: str) -> str:
    """A single marker centred on (`x`, `y`), given in tenths of a unit."""
    return _markers(shape, [(x, y)], colour)


# Looked up, not worked out per point: every chart of a summary has the same
# days and 0-10 values (a 30-day summary's five charts in 0.10 ms, not 0.18).
@functools.lru_cache(maxsize=32)
def _columns(start: date, days: int) -> tuple[int, tuple[int, ...]]:
    """The first day's ordinal, and the x in tenths of each day of a chart."""
    geometry = Geometry(DateRange(start, start + timedelta(days=days - 1)))
    return start.toordinal(), tuple(
        tenths(geometry.x(start + timedelta(days=offset))) for offset in range(days)
    )


@functools.lru_cache(maxsize=256)
def _y_tenths(value: float) -> int:
    return tenths(Geometry.y(value))


def _line(geometry: Geometry, line: Line) -> list[str]:
    """One `<path>` for the line, and a marker per day on short ranges.

    The line is one path: an absolute move to the first day of each run of
    consecutive days, then relative steps (a day's step is under one unit on
    a year's chart, so relative numbers are a third the size of absolute
    ones)."""
    style = STYLES[line.style % len(STYLES)]
    d: list[str] = []
    points: list[tuple[int, int]] = []  # (x, y) in tenths, each day's
    lone: list[tuple[int, int]] = []  # days with no logged neighbour: no line shows them
    pending: tuple[int, int] | None = None  # a run's first point, until a second day joins it
    first, columns = _columns(geometry.start, geometry.days)
    previous_day = x0 = y0 = None
    for day, value in line.points:
        offset = day.toordinal() - first
        x = columns[offset] if 0 <= offset < geometry.days else tenths(geometry.x(day))
        y = _y_tenths(value)
        points.append((x, y))
        if previous_day is not None and offset - previous_day == 1:
            dx, dy = tenths_text(x - x0), tenths_text(y - y0)
            if pending is not None:
                d.append(f"M{tenths_text(pending[0])} {tenths_text(pending[1])}l{dx}")
                pending = None
            else:
                # A minus sign separates numbers on its own; anything else needs a space.
                d.append(dx if dx[0] == "-" else " " + dx)
            d.append(dy if dy[0] == "-" else " " + dy)
        else:
            if pending is not None:
                lone.append(pending)
            pending = (x, y)
        previous_day, x0, y0 = offset, x, y
    if pending is not None:
        lone.append(pending)
    parts = []
    if d:
        dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
        parts.append(
            f'<path class="line line-{line.style}" d="{"".join(d)}"'
            f' fill="none" stroke="{style["stroke"]}" stroke-width="{style["width"]}"{dash}'
            f' stroke-linejoin="round" stroke-linecap="round"/>'
        )
    if geometry.days <= DOTS_UP_TO_DAYS and style["marker"]:
        parts.append(_markers(style["marker"], points, style["stroke"]))
    else:
        # A lone day has no line to show it: it always gets a marker.
        parts.append(_markers(style["marker"] or "circle", lone, style["stroke"]))
    return parts


_value = operator.itemgetter(1)


def describe_line(line: Line) -> str:
    """One sentence a screen reader gets instead of the drawing."""
    if not line.points:
        return f"{line.label}: nothing logged."
    highest = max(line.points, key=_value)
    lowest = min(line.points, key=_value)
    first, last = line.points[0], line.points[-1]
    count = len(line.points)
    return (
        f"{line.label}: {plural(count, 'day')} logged, "
        f"from {number_text(first[1])} on {short_date(first[0])} to {number_text(last[1])} on "
        f"{short_date(last[0])}; highest {number_text(highest[1])} on {short_date(highest[0])}, "
        f"lowest {number_text(lowest[1])} on {short_date(lowest[0])}."
    )


def trend_chart(
    chart_id: str,
    title: str,
    lines: Iterable[Line],
    day_range: DateRange,
    markers: Mapping[date, str] | None = None,
    sessions: Iterable[date] = (),
) -> Markup:
    """An inline SVG line chart of 0-10 pain over `day_range`.

    `markers` maps days to a label (surgery, PT weeks); `sessions` are PT
    session days, drawn as triangles on the axis.
    """
    geometry = Geometry(day_range)
    frame, marked = _frame(
        day_range,
        tuple(sorted((markers or {}).items())),
        tuple(sorted(day for day in sessions if day in day_range)),
    )
    description = " ".join(describe_line(line) for line in lines) + marked
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" focusable="false"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="{FONT}"'
        f' fill="#1b1f24">',
        f'<title id="{chart_id}-title">{escape(title)}, '
        f"{long_date(day_range.start)} to {long_date(day_range.end)}</title>",
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        frame,
    ]
    for line in lines:
        parts.extend(_line(geometry, line))
    parts.append("</svg>")
    return Markup("".join(parts))


@functools.lru_cache(maxsize=32)
def _frame(
    day_range: DateRange, markers: tuple[tuple[date, str], ...], sessions: tuple[date, ...]
) -> tuple[str, str]:
    """What every chart of a range draws alike, and its part of the
    description: the grid and day axis, the surgery and PT-week markers
    (`markers`: (day, label) pairs) and the PT sessions. A summary draws a
    chart per place over one range: this is worked out once, not per chart
    (38 us a 30-day chart; about 150 us of a summary of four places)."""
    geometry = Geometry(day_range)
    drawn = "".join([
        *grid_svg(geometry),
        *day_markers_svg(geometry, dict(markers)),
        *sessions_svg(geometry, sessions),
    ])
    marked = ""
    if markers:
        marked += " Marked: " + "; ".join(f"{label} {short_date(day)}" for day, label in markers) + "."
    if sessions:
        marked += f" PT sessions: {', '.join(short_date(d) for d in sessions)}."
    return drawn, marked


def legend_swatch(style: int) -> Markup:
    """A small SVG sample of a line style, for the legend beside a chart."""
    s = STYLES[style % len(STYLES)]
    dash = f' stroke-dasharray="{s["dash"]}"' if s["dash"] else ""
    marker = _marker(s["marker"], 140, 60, s["stroke"]) if s["marker"] else ""
    return Markup(
        '<svg class="swatch" viewBox="0 0 28 12" width="28" height="12" aria-hidden="true"'
        f' focusable="false"><line x1="1" y1="6" x2="27" y2="6" stroke="{s["stroke"]}"'
        f' stroke-width="{s["width"]}"{dash}/>{marker}</svg>'
    )


def session_swatch() -> Markup:
    return Markup(
        '<svg class="swatch" viewBox="0 0 28 12" width="28" height="12" aria-hidden="true"'
        ' focusable="false"><path d="M14 2L18.5 10L9.5 10Z" fill="#1b1f24"/></svg>'
    )


def location_lines(label: str, day_pains: Sequence[DayPain]) -> list[Line]:
    """Daily worst (solid) and daily average (dashed) for one place."""
    return [
        Line(f"{label}, worst of the day", tuple([(d.day, d.worst) for d in day_pains]), 0),
        Line(
            f"{label}, average of the day",
            tuple([(d.day, round(d.average, 1)) for d in day_pains]),
            1,
        ),
    ]


# Hips solid and dash-dot, the back dotted with squares: apart in black and white.
TOGETHER_STYLES = {"hip_right": 0, "hip_left": 3, "lower_back": 2}


def together_lines(series: Mapping[str, Sequence[DayPain]]) -> list[Line]:
    """Daily worst of each hip and the lower back, one style each, on one chart."""
    return [
        Line(
            f"{locations.label(code)}, worst of the day",
            tuple([(d.day, d.worst) for d in days]),
            TOGETHER_STYLES.get(code, 1),
        )
        for code, days in series.items()
    ]


def location_chart(report: "Summary", location: str, chart_id: str) -> Markup:
    """The trend chart of one place in a summary."""
    label = locations.label(location)
    return trend_chart(
        chart_id,
        f"{label}: daily worst and average pain, 0 to 10",
        location_lines(label, report.series[location]),
        report.range,
        report.markers,
        report.pt_session_days,
    )


def together_chart(report: "Summary", chart_id: str) -> Markup | None:
    """Hip(s) and lower back on one aligned chart; None unless both were logged."""
    together = report.hip_and_back
    if together is None or not together.hips or "lower_back" not in report.series:
        return None
    codes = [*together.hips, "lower_back"]
    series = {code: report.series[code] for code in codes}
    return trend_chart(
        chart_id,
        "Hip and lower back together: daily worst pain, 0 to 10",
        together_lines(series),
        report.range,
        report.markers,
        report.pt_session_days,
    )


def together_legend(report: "Summary") -> list[tuple[int, str]]:
    """(style, label) pairs for the hip and back chart's legend."""
    together = report.hip_and_back
    codes = [*together.hips, "lower_back"]
    return [(TOGETHER_STYLES[code], locations.label(code)) for code in codes]
