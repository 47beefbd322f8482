"""Record ids in URLs: whole numbers SQLite can hold.

Werkzeug's `int` converter accepts any size, but SQLite's integers stop at
2**63 - 1 and a larger bound parameter raises OverflowError (a 500). With
this converter a URL naming such an id simply matches no route: a 404, like
any id that isn't the patient's.
"""

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

SQLITE_INTEGER_MAX = 2**63 - 1


class RecordIdConverter(IntegerConverter):
    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", SQLITE_INTEGER_MAX)
        super().__init__(url_map, *args, **kwargs)


def init_app(app: Flask) -> None:
    # Replaces "int" for every route, so no view can forget the bound.
    app.url_map.converters["int"] = RecordIdConverter
