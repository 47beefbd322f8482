"""Fingerprinted static URLs, cached for a year.

Every `url_for('static', ...)` gets `?v=<content hash>`; a changed file gets a
new URL, so browsers may keep the old one for a year without ever serving a
stale stylesheet after an upgrade.

A server fingerprints each file once (its files change only with a new
release, which restarts it); with `--debug` it looks again on every URL, so
an edited stylesheet shows at once.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

from typing import Any

from flask import Flask, request

ONE_YEAR = 365 * 24 * 3600


@lru_cache(maxsize=64)
def _fingerprint(path: str, mtime: int, size: int) -> str:
    # Keyed by size as well: a coarse file clock can give two quick edits one mtime.
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def init_app(app: Flask) -> None:
    known: dict[str, str] = {}  # filename -> fingerprint: only files that exist, so bounded

    @app.url_defaults
    def add_fingerprint(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint != "static" or "v" in values:
            return
        filename = values.get("filename", "")
        if filename in known and not app.debug:
            values["v"] = known[filename]
            return
        path = Path(app.static_folder) / filename  # type: ignore[arg-type]  # the factory sets it
        if path.is_file():
            stat = path.stat()
            values["v"] = known[filename] = _fingerprint(str(path), stat.st_mtime_ns, stat.st_size)

    default_max_age = app.get_send_file_max_age

    def get_send_file_max_age(filename: str | None) -> int | None:
        if request.args.get("v"):
            return ONE_YEAR
        return default_max_age(filename)

    app.get_send_file_max_age = get_send_file_max_age  # type: ignore[method-assign]
