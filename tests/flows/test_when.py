"""Understanding when it happened, as citizens type it."""

from __future__ import annotations

from datetime import datetime

import pytest

from flows.when import FutureTimeError, parse_when

NOW = datetime(2026, 11, 23, 14, 30)  # a Monday afternoon


@pytest.mark.parametrize(("text", "expected", "precision"), [
    ("baru saja", datetime(2026, 11, 23, 14, 30), "moment"),
    ("barusan", datetime(2026, 11, 23, 14, 30), "moment"),
    ("just now", datetime(2026, 11, 23, 14, 30), "moment"),
    ("hari ini", datetime(2026, 11, 23, 14, 30), "day"),
    ("tadi pagi", datetime(2026, 11, 23, 8, 0), "part_of_day"),
    ("tadi pagi jam 9", datetime(2026, 11, 23, 9, 0), "moment"),
    ("tadi siang jam 2", datetime(2026, 11, 23, 14, 0), "moment"),
    ("tadi malam", datetime(2026, 11, 22, 20, 0), "part_of_day"),
    ("semalam", datetime(2026, 11, 22, 20, 0), "part_of_day"),
    ("kemarin", datetime(2026, 11, 22, 12, 0), "day"),
    ("kmrn", datetime(2026, 11, 22, 12, 0), "day"),
    ("kemarin sore", datetime(2026, 11, 22, 16, 0), "part_of_day"),
    ("kmrn mlm", datetime(2026, 11, 22, 20, 0), "part_of_day"),
    ("yesterday evening", datetime(2026, 11, 22, 19, 0), "part_of_day"),
    ("kemarin lusa", datetime(2026, 11, 21, 12, 0), "day"),
    ("2 hari lalu", datetime(2026, 11, 21, 12, 0), "day"),
    ("dua hari yang lalu", datetime(2026, 11, 21, 12, 0), "day"),
    ("3 jam lalu", datetime(2026, 11, 23, 11, 30), "moment"),
    ("30 menit yang lalu", datetime(2026, 11, 23, 14, 0), "moment"),
    ("seminggu lalu", datetime(2026, 11, 16, 12, 0), "day"),
    ("23/11", datetime(2026, 11, 23, 12, 0), "day"),
    ("20/11 jam 8 malam", datetime(2026, 11, 20, 20, 0), "moment"),
    ("5-11-2025", datetime(2025, 11, 5, 12, 0), "day"),
    ("tgl 20", datetime(2026, 11, 20, 12, 0), "day"),
    ("20 november", datetime(2026, 11, 20, 12, 0), "day"),
    ("5 nov 2025", datetime(2025, 11, 5, 12, 0), "day"),
    ("24/11", datetime(2025, 11, 24, 12, 0), "day"),  # no year: the last one, not tomorrow
    ("sabtu", datetime(2026, 11, 21, 12, 0), "day"),
    ("jumat kemarin", datetime(2026, 11, 20, 12, 0), "day"),
    ("senin lalu jam 8 malam", datetime(2026, 11, 16, 20, 0), "moment"),
    ("pukul 20.30", datetime(2026, 11, 22, 20, 30), "moment"),  # later than now: yesterday
])
def test_common_forms(text: str, expected: datetime, precision: str) -> None:
    answer = parse_when(text, NOW)
    assert answer is not None, text
    assert (answer.local, answer.precision) == (expected, precision)


@pytest.mark.parametrize("text", ["", "   ", "pokoknya waktu itu", "🙂", "x" * 500])
def test_not_understood(text: str) -> None:
    assert parse_when(text, NOW) is None


@pytest.mark.parametrize("text", ["31/12/2099", "1 januari 2030"])
def test_future_dates_are_refused(text: str) -> None:
    with pytest.raises(FutureTimeError):
        parse_when(text, NOW)
