"""Behind a reverse proxy: trust its X-Forwarded-For and -Proto, and only its.

Behind a proxy every request arrives from the proxy's address: sign-in and
share-link rate limits would count all patients as one IP, and the app would
think it is served over plain HTTP. `JOURNAL_PROXY_HOPS` says how many proxies
sit in front (1 for Caddy or nginx on the same machine); Werkzeug's ProxyFix
then reads that many hops from the right of each header, which the proxies
wrote, and ignores anything further left, which a client could forge. With 0
(the default) the headers are ignored: served directly, any client could send them.
"""

import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def hops_from_environment() -> int:
    value = os.environ.get("JOURNAL_PROXY_HOPS", "").strip() or "0"
    if not value.isdigit():
        raise ValueError(
            f"JOURNAL_PROXY_HOPS must be the number of proxies in front (0, 1, ...), not {value!r}"
        )
    return int(value)


def init_app(app: Flask) -> None:
    hops = app.config["PROXY_HOPS"]
    if hops:
        # The Host header is not taken from X-Forwarded-Host: both example
        # proxies pass the original Host through (README, "Deploying").
        # Flask's documented way to add WSGI middleware, which type checkers flag.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
