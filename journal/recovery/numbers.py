"""Whole numbers typed by a person or carried in a URL, read one way."""


def whole_number(text: str, max_digits: int) -> int | None:
    """`text` as a whole number of at most `max_digits` ASCII digits, or None.

    isdigit() alone lets through "²" (int() then fails) and numbers too big
    to compare or to bind in SQLite; a sign, a space or a decimal point is
    not a whole number a form asks for.
    """
    if isinstance(text, str) and 0 < len(text) <= max_digits and text.isascii() and text.isdigit():
        return int(text)
    return None
