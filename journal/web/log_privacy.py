"""Keep share-link tokens out of the logs.

A share token is a key to a patient's summary and is stored only as a hash;
a request log line like `GET /s/<token>` would undo that. This filter
rewrites such paths in every log record before any handler writes it.
"""

import logging
import re

from flask import Flask

# Percent-escapes too (a client may send `/s/ab%2Dcd`, which still routes to
# the link), and any case (`/S/<token>` is a 404, but the token is real).
SHARE_PATH = re.compile(r"/s/[A-Za-z0-9_\-%]+", re.IGNORECASE)


class RedactShareTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/s/" in message.lower():
            record.msg = SHARE_PATH.sub("/s/[token]", message)
            record.args = ()
        return True


def init_app(app: Flask) -> None:
    for logger in (logging.getLogger("werkzeug"), logging.getLogger("gunicorn.access"),
                   logging.getLogger("gunicorn.error"), app.logger):
        if not any(isinstance(f, RedactShareTokens) for f in logger.filters):
            logger.addFilter(RedactShareTokens())
