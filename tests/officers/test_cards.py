"""bot/officers/cards.py: what the card says about triage flags (pure rendering)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.i18n import translator
from bot.officers.cards import CardData, triage_lines


def card(**flags: object) -> CardData:
    return CardData(
        reference="DMS-K7QM-XP4C",
        category=None,
        priority="urgent",
        status="received",
        unit_name="Polres Metro Jakarta Selatan",
        polda_name="Polda Metro Jaya",
        timezone="Asia/Jakarta",
        created_at=datetime(2026, 12, 5, 5, 0, tzinfo=UTC),
        place_label=None,
        place_text=None,
        latitude=None,
        longitude=None,
        description="tolong ada maling",
        evidence_count=0,
        contact="chat",
        reporter_handle="12…89",
        flags=dict(flags),
    )


def test_repeated_urgent_complaints_are_named_on_the_card() -> None:
    """The third urgent complaint of one account in 24 hours (bot/dispatcher.py flags it)
    tells the unit to look at it with a supervisor, in the officers' language."""
    lines = "\n".join(triage_lines(translator("id"), card(repeated_urgent=3)))
    assert "🔁 3" in lines and "24 jam" in lines
    assert "🔁" not in "\n".join(triage_lines(translator("id"), card()))
