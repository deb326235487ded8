"""The one ticket type: a complaint (or a question passed to the officers) as stored.

`Ticket` is what every reader of the `tickets` table gets (the citizen's /status, the
officers' desk, the duplicate check, /dataku). Its times are aware UTC datetimes, parsed
once where the row leaves the store (`parse_utc`), so no caller compares or parses
stored text. It is frozen: a change goes through the store and is read back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.tickets.status import CLOSED, TicketStatus


def parse_utc(text: str) -> datetime:
    """A stored time (ISO 8601, as bot/store/database.py `iso` writes it) as an aware UTC
    datetime. A time without an offset is taken as UTC: older rows and hand-written
    fixtures wrote some that way, and every stored time is UTC (invariant 5)."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_utc_or_none(text: str | None) -> datetime | None:
    return parse_utc(text) if text else None


@dataclass(frozen=True, slots=True)
class Ticket:
    id: int
    reference: str
    citizen_id: int
    kind: str  # "complaint" or "question" (migration 0013)
    category: str
    priority: str  # "normal", "high" or "urgent"
    status: TicketStatus
    unit_id: str | None
    polda_id: str | None
    timezone: str  # the unit's zone, for showing times
    description: str
    occurred_at: datetime | None
    occurred_text: str | None
    place_text: str | None
    place_code: str | None
    place_label: str | None
    latitude: float | None
    longitude: float | None
    contact: str  # "chat" or "anonymous"
    locale: str
    created_at: datetime
    updated_at: datetime
    holder_id: str | None = None
    holder_name: str | None = None
    claimed_at: datetime | None = None
    resolved_at: datetime | None = None  # the last resolve or reject
    closing_note: str | None = None
    feedback_state: str | None = None  # None, "confirm", "rating", "comment", "done"
    rating: int | None = None
    rating_comment: str | None = None
    erased_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED
