"""One reader for typed whole numbers."""

import pytest

from journal.recovery.numbers import whole_number


@pytest.mark.parametrize("text, expected", [("7", 7), ("007", 7), ("123", 123)])
def test_ascii_digits_read_as_a_whole_number(text, expected):
    assert whole_number(text, 3) == expected


@pytest.mark.parametrize("text", ["", "1234", "²", "-1", "1.5", " 1", "٣", None])
def test_anything_else_is_none(text):
    # "²" and "٣" are digits to str.isdigit(); int() refuses the first.
    assert whole_number(text, 3) is None
