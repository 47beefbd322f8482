"""Keep share-link tokens out of the logs.

A share token is a key to a patient's summary and is stored only as a hash;
a request log line like `GET /s/<token>` would undo that. This filter
rewrites such paths in every log record before any handler writes it.
"""

import logging
import re

SHARE_PATH = re.compile(r"/s/[A-Za-z0-9_\-]+")


class RedactShareTokens(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        if "/s/" in message:
            record.msg = SHARE_PATH.sub("/s/[token]", message)
            record.args = ()
        return True


def init_app(app):
    for logger in (logging.getLogger("werkzeug"), logging.getLogger("gunicorn.access"),
                   logging.getLogger("gunicorn.error"), app.logger):
        if not any(isinstance(f, RedactShareTokens) for f in logger.filters):
            logger.addFilter(RedactShareTokens())
