"""The trend charts: well-formed, accessible SVG drawn from the data (no app needed)."""

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

from journal.summary import chart_axes, charts
from journal.summary.charts import Line
from journal.summary.date_ranges import DateRange
from journal.summary.places import DayPain

SVG = "{http://www.w3.org/2000/svg}"


def d(day):
    return date(2026, 3, day)


def parse(markup):
    """Inline SVG has no namespace in HTML; add it to read the markup as XML."""
    namespaced = str(markup).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return ET.fromstring(namespaced)


def chart(lines, day_range=DateRange(d(1), d(7)), **kwargs):
    return charts.trend_chart("c1", "Right hip: daily pain", lines, day_range, **kwargs)


def lines(svg):
    return [p for p in svg.iter(f"{SVG}path") if "line" in p.get("class", "").split()]


def dots(svg):
    """The centre of each marker: a subpath "M x y" of a path of class "dot"."""
    return [
        (float(x), float(y))
        for path in svg.iter(f"{SVG}path") if path.get("class") == "dot"
        for x, y in re.findall(r"M(-?[\d.]+) (-?[\d.]+)", path.get("d"))
    ]


def runs(path):
    """The absolute points of each run of a line's path (M x y, then l dx dy ...)."""
    found = []
    for command, numbers in re.findall(r"([Ml])([^Ml]*)", path.get("d")):
        values = [float(n) for n in re.findall(r"-?(?:\d+\.?\d*|\.\d+)", numbers)]
        pairs = list(zip(values[::2], values[1::2]))
        if command == "M":
            found.append(pairs)
        else:
            x, y = found[-1][-1]
            for dx, dy in pairs:
                x, y = round(x + dx, 1), round(y + dy, 1)
                found[-1].append((x, y))
    return found


def test_chart_is_an_accessible_image_with_title_and_description():
    svg = parse(chart([Line("Right hip, worst", ((d(1), 6), (d(2), 4)))]))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c1-title c1-desc"
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert title.get("id") == "c1-title"
    assert title.text == "Right hip: daily pain, 1 Mar 2026 to 7 Mar 2026"
    assert desc.get("id") == "c1-desc"
    assert desc.text == (
        "Right hip, worst: 2 days logged, from 6 on 1 Mar to 4 on 2 Mar; "
        "highest 6 on 1 Mar, lowest 4 on 2 Mar."
    )


def test_chart_has_no_script_and_no_style_attributes():
    markup = str(chart([Line("x", ((d(1), 6),))], markers={d(2): "Surgery"}, sessions=[d(3)]))
    assert "<script" not in markup
    assert "style=" not in markup


def test_values_map_onto_the_0_to_10_axis():
    svg = parse(chart([Line("x", ((d(1), 10), (d(2), 0)))]))
    [line] = lines(svg)
    [[(x1, y1), (x2, y2)]] = runs(line)
    assert y1 == chart_axes.TOP
    assert y2 == chart_axes.BOTTOM_Y
    assert x1 < x2


def test_a_gap_in_logging_breaks_the_line():
    points = ((d(1), 5), (d(2), 6), (d(4), 4), (d(5), 3))
    svg = parse(chart([Line("x", points)]))
    [line] = lines(svg)
    assert [len(run) for run in runs(line)] == [2, 2]


def test_a_lone_day_still_shows_as_a_dot():
    svg = parse(chart([Line("x", ((d(1), 5), (d(2), 6), (d(5), 3)))]))
    [line] = lines(svg)
    assert [len(run) for run in runs(line)] == [2]
    assert len(dots(svg)) == 3


def test_a_one_day_range_draws_its_point_in_the_middle():
    svg = parse(chart([Line("x", ((d(1), 5),))], DateRange(d(1), d(1))))
    [(x, _)] = dots(svg)
    middle = chart_axes.LEFT + (chart_axes.WIDTH - chart_axes.LEFT - chart_axes.RIGHT) / 2
    assert x == round(middle, 1)


def test_long_ranges_drop_the_daily_dots_but_keep_lone_days():
    start = date(2025, 6, 1)
    points = tuple((start + timedelta(days=i), 5) for i in range(100))
    points += ((start + timedelta(days=150), 2),)
    svg = parse(chart([Line("x", points)], DateRange(start, start + timedelta(days=199))))
    assert len(dots(svg)) == 1


def test_lines_differ_by_dash_pattern_for_black_and_white():
    worst = Line("worst", ((d(1), 5), (d(2), 6)), 0)
    average = Line("avg", ((d(1), 4), (d(2), 5)), 1)
    svg = parse(chart([worst, average]))
    worst, average = lines(svg)
    assert worst.get("stroke-dasharray") is None
    assert average.get("stroke-dasharray") == "6 4"


def test_surgery_and_pt_weeks_are_marked_and_labelled():
    markup = chart([], DateRange(d(1), d(30)), markers={d(2): "Surgery", d(9): "PT week 1"})
    svg = parse(markup)
    markers = [line for line in svg.iter(f"{SVG}line") if line.get("class") == "marker"]
    labels = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "marker-label"]
    assert len(markers) == 2
    assert labels == ["Surgery", "PT wk 1"]
    assert "Marked: Surgery 2 Mar; PT week 1 9 Mar." in svg.find(f"{SVG}desc").text


def test_crowded_marker_labels_are_dropped_but_their_lines_stay():
    markers = {d(1): "Surgery", d(2): "PT week 1"}
    svg = parse(chart([], DateRange(d(1), d(30)), markers=markers))
    assert len([x for x in svg.iter(f"{SVG}line") if x.get("class") == "marker"]) == 2
    labels = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "marker-label"]
    assert labels == ["Surgery"]


def test_pt_sessions_in_range_are_triangles_on_the_axis():
    svg = parse(chart([], DateRange(d(1), d(7)), sessions=[d(2), d(5), d(20)]))
    sessions = [p for p in svg.iter(f"{SVG}path") if p.get("class") == "session"]
    assert len(sessions) == 2
    assert "PT sessions: 2 Mar, 5 Mar." in svg.find(f"{SVG}desc").text


def test_axis_labels_stay_few_on_long_ranges():
    svg = parse(chart([], DateRange(date(2025, 3, 17), date(2026, 3, 16))))
    dates = [t.text for t in svg.iter(f"{SVG}text") if re.fullmatch(r"\d+ \w{3}", t.text or "")]
    assert 2 <= len(dates) <= chart_axes.MAX_AXIS_LABELS


def test_labels_are_escaped():
    svg = chart([Line("Other: <b>ribs</b> & back", ((d(1), 5),))])
    assert "<b>" not in str(svg)
    assert "Other: &lt;b&gt;ribs&lt;/b&gt; &amp; back" in str(svg)


def test_empty_line_is_described_as_nothing_logged():
    assert charts.describe_line(Line("Neck", ())) == "Neck: nothing logged."


def test_location_lines_are_the_daily_worst_and_average():
    days = [DayPain(d(1), "hip_right", 7, 5.25, 3, 2)]
    worst, average = charts.location_lines("Right hip", days)
    assert worst.points == ((d(1), 7),)
    assert average.points == ((d(1), 5.2),)
    assert (worst.style, average.style) == (0, 1)


def test_hip_and_back_lines_have_their_own_styles():
    series = {
        "hip_right": [DayPain(d(1), "hip_right", 6, 6, 6)],
        "lower_back": [DayPain(d(1), "lower_back", 4, 4, 4)],
    }
    hip, back = charts.together_lines(series)
    assert (hip.label, hip.style) == ("Right hip, worst of the day", 0)
    assert (back.label, back.style) == ("Lower back, worst of the day", 2)


def test_legend_swatch_is_hidden_from_screen_readers():
    swatch = parse(charts.legend_swatch(2))
    assert swatch.get("aria-hidden") == "true"
    assert swatch.find(f"{SVG}line").get("stroke-dasharray") == "2 3"


def test_a_years_line_is_one_short_path_that_keeps_every_day_in_place():
    start = date(2025, 3, 17)
    day_range = DateRange(start, start + timedelta(days=364))
    points = tuple(
        (start + timedelta(days=i), (i * 7 % 11) + (0.5 if i % 3 else 0))
        for i in range(365) if i % 50 != 49
    )
    svg = parse(chart([Line("x", points)], day_range))
    [line] = lines(svg)
    drawn = [point for run in runs(line) for point in run]
    slot = (chart_axes.WIDTH - chart_axes.LEFT - chart_axes.RIGHT) / day_range.days
    expected = [
        (chart_axes.LEFT + ((day - start).days + 0.5) * slot, chart_axes.Geometry.y(value))
        for day, value in points
    ]
    assert len(drawn) == len(expected) and len(runs(line)) == 8
    assert all(abs(x - ex) <= 0.05 and abs(y - ey) <= 0.05
               for (x, y), (ex, ey) in zip(drawn, expected))
    assert len(line.get("d")) < 8 * len(points)
