"""The idempotency key a check-in request carries, and when it was made.

Each form that creates a check-in holds a key rendered with the page, so a
browser's retry after a lost response sends the same key; the phone's outbox
sends the key of the form it queued. The server records the first request
with a key and answers any repeat the same way (checkins.store.create_checkin).
"""

import hashlib
import re
import uuid
from datetime import datetime, timedelta, timezone

from werkzeug.datastructures import MultiDict

from journal.checkins.store import RequestKey

FIELD = "request_key"
MADE_AT = "made_at"
# A UUID or a browser's crypto.randomUUID(), or any such random token: long
# enough not to repeat, short enough to keep the table small.
_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
# Fields that are not the check-in's content: the CSRF token changes when the
# patient signs in again before the outbox is sent, and made_at is added by
# the phone when it queues a one-tap check-in that may first have gone out
# without it (a lost response).
_NOT_CONTENT = {"csrf_token", FIELD, MADE_AT}
# A phone's clock may run a little ahead of the server's.
CLOCK_SKEW = timedelta(minutes=5)
# An outbox can wait a long time (a week in hospital without a signal), but
# not longer than the form's own backfill allows.
OLDEST = timedelta(days=366)


class BadRequestKey(ValueError):
    """A key or made_at that no page of ours sends."""


def new_key() -> str:
    return uuid.uuid4().hex


def from_form(form: MultiDict[str, str], action: str) -> RequestKey | None:
    """The form's key and a fingerprint of its content for `action`, or None
    for a form without one (a page rendered before keys existed)."""
    key = form.get(FIELD, "")
    if not key:
        return None
    if not _KEY.fullmatch(key):
        raise BadRequestKey("This form's key is not one this site makes. Reload the page.")
    content = sorted((k, v) for k, v in form.items(multi=True) if k not in _NOT_CONTENT)
    digest = hashlib.sha256(repr((action, content)).encode()).hexdigest()
    return RequestKey(key, digest)


def made_at(form: MultiDict[str, str], now: datetime) -> datetime:
    """When a one-tap check-in was made: the phone's `made_at` for one that
    waited in the outbox, else now."""
    text = form.get(MADE_AT, "")
    if not text:
        return now
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise BadRequestKey("The time this check-in was made is not a date and time.") from None
    if moment.tzinfo is None:
        raise BadRequestKey("The time this check-in was made has no time zone.")
    try:
        moment = moment.astimezone(timezone.utc)
    except OverflowError:  # year 1 or 9999 pushed past the calendar by its offset
        raise BadRequestKey("The time this check-in was made is not a date and time.") from None
    if moment > now + CLOCK_SKEW:
        raise BadRequestKey("The time this check-in was made is in the future.")
    if moment < now - OLDEST:
        raise BadRequestKey("This check-in was made more than a year ago.")
    return min(moment, now)
