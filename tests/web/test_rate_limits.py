"""Attempt counting: reserve before the work, release what didn't count."""

import pytest

from journal.web import rate_limits
from journal.web.rate_limits import Limit

T = 1_800_000_000.0


def test_reserve_counts_until_the_limit_then_refuses_with_the_wait(db):
    limit = Limit("login-ip:1", 3, 900)
    for n in range(3):
        assert not rate_limits.reserve(db, [limit], T + n).refused
    refused = rate_limits.reserve(db, [limit], T + 60)
    assert refused.refused and refused.wait_seconds == 840  # the first hit expires at T + 900
    assert db["rate_limit_hits"].count == 3  # a refusal counts nothing
    assert not rate_limits.reserve(db, [limit], T + 900).refused


def test_any_limit_reached_refuses_and_counts_against_none(db):
    small, big = Limit("a", 1, 900), Limit("b", 10, 3600)
    rate_limits.reserve(db, [small, big], T)
    assert rate_limits.reserve(db, [small, big], T + 1).wait_seconds == 899
    assert db.execute("SELECT count(*) FROM rate_limit_hits WHERE key = 'b'").fetchone()[0] == 1


def test_release_takes_back_only_the_named_keys(db):
    reservation = rate_limits.reserve(db, [Limit("a", 5, 900), Limit("b", 5, 900)], T)
    rate_limits.release(db, reservation, {"b"})
    assert [row["key"] for row in db.query("SELECT key FROM rate_limit_hits")] == ["a"]
    rate_limits.release(db, reservation)
    assert db["rate_limit_hits"].count == 0


def test_a_day_long_count_survives_the_pruning_of_short_ones(db):
    rate_limits.reserve(db, [Limit("accounts-made:1", 1, 24 * 3600)], T)
    rate_limits.reserve(db, [Limit("login-ip:2", 5, 900)], T + 3600)
    assert rate_limits.reserve(db, [Limit("accounts-made:1", 1, 24 * 3600)], T + 7200).refused


def test_a_window_longer_than_what_is_kept_is_refused():
    with pytest.raises(ValueError):
        Limit("x", 1, rate_limits.LONGEST_WINDOW_SECONDS + 1)
