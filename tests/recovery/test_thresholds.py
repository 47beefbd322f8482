"""Every clinical number lives in journal/recovery/thresholds.py, with its reasoning beside it."""

import inspect

import pytest

from journal.recovery import thresholds


def is_constant(line):
    name = line.split(" = ")[0]
    return " = " in line and name.isupper() and not line.startswith(" ")


def test_each_threshold_has_its_reasoning_in_a_comment_just_above_it():
    lines = inspect.getsource(thresholds).splitlines()
    names = [line.split(" = ")[0] for line in lines if is_constant(line)]
    assert len(names) >= 15
    for index, line in enumerate(lines):
        if not is_constant(line):
            continue
        above = index - 1
        # A few constants may share one comment; the group still opens with it.
        while is_constant(lines[above]):
            above -= 1
        assert lines[above].startswith("#"), f"{line!r} has no comment explaining it"
    assert set(names) == {name for name in dir(thresholds) if name.isupper()}


def test_the_module_cites_the_design_references():
    text = inspect.getsource(thresholds)
    for reference in ["PMC5193534", "UW Health", "Farrar", "11690728", "NRS-11", "Salaffi",
                      "Horner", "Domb", "Bolia"]:
        assert reference in text


def test_the_issue_numbers_are_the_ones_in_force():
    assert thresholds.SEVERE_PAIN == 8 and thresholds.SEVERE_PAIN_DAYS_IN_A_ROW == 3
    assert thresholds.WEEKLY_RISE_POINTS == 2
    assert thresholds.MEANINGFUL_CHANGE_POINTS == 2 and thresholds.MEANINGFUL_CHANGE_FRACTION == 0.3
    assert thresholds.CALF_PAIN_WEEKS == 6
    assert thresholds.FEVER_COUNTS_FROM_DAY == 1


@pytest.mark.parametrize(
    "before, after, verdict",
    [
        (5.0, 3.0, "better"),  # 2 points
        (5.0, 3.1, "better"),  # 1.9 points but 38%
        (5.0, 3.6, "about the same"),  # 1.4 points, 28%
        (3.0, 1.5, "better"),  # Farrar: 50%, 1.5 points
        (3.0, 2.1, "about the same"),  # 30% but under the 1-point floor
        (3.0, 2.0, "better"),  # 33% and 1 point
        (0.6, 0.0, "about the same"),  # 100% but well under a point
        (3.0, 4.0, "worse"),  # 33% and 1 point
        (6.0, 7.5, "about the same"),  # 1.5 points, 25%
        (6.0, 8.0, "worse"),  # 2 points
        (0.0, 1.0, "about the same"),  # from nothing: only the 2-point rule applies
        (0.0, 2.0, "worse"),
        (4.0, 4.0, "about the same"),
        (5.0, 3.5, "better"),  # exactly 30% and 1.5 points
        (3.3, 2.3, "better"),  # 1 point and 30.3%
        (3.4, 2.4, "about the same"),  # 1 point but 29.4%
        (3.3, 4.3, "worse"),  # exactly 1 point up, 30.3%
    ],
)
def test_better_or_worse_takes_two_points_or_thirty_percent(before, after, verdict):
    assert thresholds.change_verdict(before, after) == verdict
