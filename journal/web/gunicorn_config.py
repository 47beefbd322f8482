"""How `make run` serves the app: gunicorn's settings.

`make run` starts `gunicorn -c python:journal.web.gunicorn_config 'journal:create_app()'`.
Every value comes from the environment (`HOST`, `PORT`, `WORKERS`) with the
same defaults as the Makefile, so the command works outside make too.
"""

import os
from typing import Any

from gunicorn import glogging

from journal.web.log_privacy import RedactShareTokens

# Sync workers, as in the benchmark whose figures the README quotes: one
# request at a time per process, no threads sharing a SQLite connection. A sync
# worker must not be kept waiting by a slow phone, so deploy it behind a proxy
# that buffers requests (README, "Deploying").
MAX_AUTO_WORKERS = 8


def worker_count(cores: int, override: str = "") -> int:
    """`WORKERS` if set, else 2 x cores + 1 (gunicorn's own advice), at most 8.

    The cap: every check-in takes SQLite's one write lock in turn, so past a
    few processes more workers add memory and lock waits, not throughput.
    """
    if override.strip():
        if not override.strip().isdigit() or int(override) < 1:
            raise ValueError(f"WORKERS must be a whole number of at least 1, not {override!r}")
        return int(override)
    return min(2 * cores + 1, MAX_AUTO_WORKERS)


def bind_address(host: str, port: str) -> str:
    """`host:port` as gunicorn reads it; an IPv6 address goes in brackets."""
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"PORT must be a port number, not {port!r}")
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"{host}:{port}"


def _cores() -> int:
    # The CPUs this process may run on (a container's share), not the host's.
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class RedactingLogger(glogging.Logger):
    """gunicorn's logger, with share-link tokens taken out of every line.

    The access log writes the request line, and gunicorn's error log names the
    URL of a request that failed: both would carry `/s/<token>`. The filter is
    set here, in the master, so no line escapes before the app has loaded (the
    app adds the same filter for Flask's own dev server).
    """

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for logger in (self.error_log, self.access_log):
            if not any(isinstance(f, RedactShareTokens) for f in logger.filters):
                logger.addFilter(RedactShareTokens())


bind = [bind_address(os.environ.get("HOST") or "127.0.0.1", os.environ.get("PORT") or "5000")]
workers = worker_count(_cores(), os.environ.get("WORKERS", ""))
worker_class = "sync"
# A request that takes longer than this has a stuck worker: it is killed and
# replaced. A year's CSV export takes about 30 ms (README benchmark).
timeout = 30
graceful_timeout = 20
# gunicorn would trust X-Forwarded-Proto from 127.0.0.1 on its own; proxy
# headers are trusted in one place only, JOURNAL_PROXY_HOPS (journal/web/proxy_headers.py).
forwarded_allow_ips = ""
logger_class = RedactingLogger
errorlog = "-"
accesslog = "-"
# No referrer and no user agent: the request, its status, size and time are
# enough to run the service, and less about patients is kept.
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms'
control_socket_disable = True
