"""bot/store/database.py `iso`: every stored time's text. Formatted by hand since
session 32 (bench/README.md); the text must stay what `isoformat` wrote, since stored
times are compared as strings."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from bot.store.database import iso, parse_iso


def _as_before(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def test_iso_writes_what_isoformat_wrote() -> None:
    rng = random.Random(32)
    start = datetime(1, 1, 1, tzinfo=UTC)
    span = (datetime(9999, 12, 30, tzinfo=UTC) - start).total_seconds()
    moments = [start + timedelta(seconds=rng.uniform(0, span)) for _ in range(2000)]
    moments += [
        datetime(2026, 12, 6, 9, 5, 3, 0, tzinfo=UTC),  # no microseconds
        datetime(2026, 1, 2, 3, 4, 5, 7, tzinfo=UTC),
        datetime(999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),  # a year of 3 digits
    ]
    zones = [UTC, timezone(timedelta(hours=7)), ZoneInfo("Asia/Jayapura")]
    for moment in moments:
        for zone in zones:
            if moment.year < 2 or moment.year > 9998:
                zone = UTC  # another zone could leave datetime's range
            there = moment.astimezone(zone)
            assert iso(there) == _as_before(there)
            assert parse_iso(iso(there)) == moment


def test_iso_of_now_sorts_as_time() -> None:
    earlier = datetime.now(UTC)
    later = earlier + timedelta(microseconds=1)
    assert iso(earlier) < iso(later)
    assert iso(earlier.replace(microsecond=0)).endswith(".000000+00:00")
