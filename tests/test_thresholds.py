"""Every clinical number lives in journal/thresholds.py, with its reasoning beside it."""

import inspect

from journal import thresholds


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
    for reference in ["PMC5193534", "UW Health", "Farrar", "11690728", "NRS-11"]:
        assert reference in text


def test_the_issue_numbers_are_the_ones_in_force():
    assert thresholds.SEVERE_PAIN == 8 and thresholds.SEVERE_PAIN_DAYS_IN_A_ROW == 3
    assert thresholds.WEEKLY_RISE_POINTS == 2
    assert thresholds.PT_IMPROVEMENT_POINTS == 2
    assert thresholds.CALF_PAIN_WEEKS == 6
    assert thresholds.FEVER_COUNTS_FROM_DAY == 1
