"""Tickets with a past, written straight into a runtime's store: the transparency tests
need weeks of history (claims, answers, resolutions at chosen times) that no conversation
could produce while a test runs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.app import Runtime
from bot.store.database import fetch_first, iso

# (minutes after the ticket was created, event kind, status or None)
Event = tuple[float, str, str | None]


async def add_past_ticket(
    runtime: Runtime,
    unit: str,
    polda: str,
    created: datetime,
    category: str = "information",
    kind: str = "complaint",
    timezone: str = "Asia/Jakarta",
    events: Sequence[Event] = (),
) -> None:
    """One ticket of `unit` created at `created`, with officers' `events` after it; all
    tickets belong to one test citizen."""
    async with runtime.db.transaction() as conn:
        # portable SQL (the suite also runs on PostgreSQL): ids come from RETURNING
        citizen = await fetch_first(
            conn,
            "INSERT INTO citizens (channel, external_id, chat_id, created_at) VALUES "
            "('test', 'x', 'x', ?) ON CONFLICT (channel, external_id) DO UPDATE SET "
            "chat_id = excluded.chat_id RETURNING id",
            (iso(created),),
        )
        assert citizen is not None
        ticket = await fetch_first(
            conn,
            "INSERT INTO tickets (reference, citizen_id, category, status, unit_id, polda_id, "
            "timezone, description, contact, locale, kind, created_at, updated_at) VALUES "
            "(?, ?, ?, 'received', ?, ?, ?, '', 'chat', 'id', ?, ?, ?) RETURNING id",
            (
                f"T{created.timestamp()}{unit}{category}{kind}",
                citizen[0],
                category,
                unit,
                polda,
                timezone,
                kind,
                iso(created),
                iso(created),
            ),
        )
        assert ticket is not None
        for minutes, event_kind, status in events:
            await conn.execute(
                "INSERT INTO ticket_events (ticket_id, at, kind, status, actor_kind) "
                "VALUES (?, ?, ?, ?, 'officer')",
                (ticket[0], iso(created + timedelta(minutes=minutes)), event_kind, status),
            )
