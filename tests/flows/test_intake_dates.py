"""flows/intake.py `_date_text`: the day shown for "when" is formatted once per locale,
moment and zone, and each locale keeps its own text."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.i18n import translator
from flows.intake import _date_text


def test_each_locale_keeps_its_own_day_text() -> None:
    moment = datetime(2026, 12, 4, tzinfo=ZoneInfo("Asia/Jakarta"))
    indonesian, english = translator("id"), translator("en")
    first = _date_text(indonesian, moment, "Asia/Jakarta")
    assert first == indonesian.format_date(moment, "Asia/Jakarta")
    assert _date_text(english, moment, "Asia/Jakarta") == english.format_date(
        moment, "Asia/Jakarta"
    )
    assert _date_text(english, moment, "Asia/Jakarta") != first  # "Friday" vs "Jumat"
    assert _date_text(indonesian, moment, "Asia/Jakarta") == first


def test_each_zone_keeps_its_own_day_text() -> None:
    moment = datetime(2026, 12, 4, 23, 30, tzinfo=ZoneInfo("Asia/Jakarta"))
    tr = translator("en")
    for tz in ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"):
        assert _date_text(tr, moment, tz) == tr.format_date(moment, tz)
