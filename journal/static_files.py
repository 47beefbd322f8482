"""Fingerprinted static URLs, cached for a year.

Every `url_for('static', ...)` gets `?v=<content hash>`; a changed file gets a
new URL, so browsers may keep the old one for a year without ever serving a
stale stylesheet after an upgrade.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import request

ONE_YEAR = 365 * 24 * 3600


@lru_cache(maxsize=64)
def _fingerprint(path, mtime):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def init_app(app):
    static_root = Path(app.static_folder)

    @app.url_defaults
    def add_fingerprint(endpoint, values):
        if endpoint != "static" or "v" in values:
            return
        path = static_root / values.get("filename", "")
        if path.is_file():
            values["v"] = _fingerprint(str(path), path.stat().st_mtime_ns)

    default_max_age = app.get_send_file_max_age

    def get_send_file_max_age(filename):
        if request.args.get("v"):
            return ONE_YEAR
        return default_max_age(filename)

    app.get_send_file_max_age = get_send_file_max_age
