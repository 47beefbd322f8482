"""Record ids in URLs: whole numbers SQLite can hold.

Werkzeug's `int` converter accepts any size, but SQLite's integers stop at
2**63 - 1 and a larger bound parameter raises OverflowError (a 500). With
this converter a URL naming such an id simply matches no route: a 404, like
any id that isn't the patient's.
"""

from werkzeug.routing import IntegerConverter

SQLITE_INTEGER_MAX = 2**63 - 1


class RecordIdConverter(IntegerConverter):
    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", SQLITE_INTEGER_MAX)
        super().__init__(url_map, *args, **kwargs)


def init_app(app):
    # Replaces "int" for every route, so no view can forget the bound.
    app.url_map.converters["int"] = RecordIdConverter
