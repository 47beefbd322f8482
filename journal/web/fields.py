"""Form fields that several features' forms share."""

from typing import Any

from wtforms import StringField


class DateText(StringField):
    """A date typed into `<input type=date>`: ISO text, parsed in validation."""

    def __init__(self, label: str, **kwargs: Any) -> None:
        kwargs.setdefault("render_kw", {})["type"] = "date"
        super().__init__(label, **kwargs)
