"""What flows/intake.py keeps instead of making again (session 29): the day shown for
"when" (`_date_text`, per locale, moment and zone) and the chosen place (`chosen_place`,
per stored candidate)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.i18n import translator
from flows import complaint
from flows.events import Draft
from flows.intake import Intake, _date_text
from tests.flows.transcript import context


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


def _candidate(code: str, path: str) -> dict[str, object]:
    return {"code": code, "level": "district", "name": path, "path": path, "score": 90.0}


def test_the_chosen_place_follows_the_stored_candidates() -> None:
    draft = Draft(place_code="31.74.08", place_candidates=[_candidate("31.74.08", "Cilandak")])
    intake = Intake(draft, context(), complaint.STEPS)
    first = intake.chosen_place()
    assert first is not None and first.path == "Cilandak"
    assert intake.chosen_place() is first  # kept
    # a step replaces the candidates (a place typed again): the new one, same code
    draft.place_candidates = [_candidate("31.74.08", "Kec. Cilandak, Jakarta Selatan")]
    again = intake.chosen_place()
    assert again is not None and again.path == "Kec. Cilandak, Jakarta Selatan"
    draft.place_code = None
    assert intake.chosen_place() is None
