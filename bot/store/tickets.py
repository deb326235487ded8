"""Ticket queries: creation, append-only events, and a citizen's own tickets.

Every read that serves a citizen takes the citizen's id and filters by it in SQL
(invariant 4): there is no query that returns a ticket by reference alone for a citizen.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.store.connection import Connection
from bot.store.database import Database, iso, utcnow

STATUSES = (
    "received",
    "forwarded",
    "in_progress",
    "resolved",
    "rejected",
    "transferred",
    "reopened",
)


@dataclass(frozen=True, slots=True)
class TicketRow:
    id: int
    reference: str
    citizen_id: int
    category: str
    priority: str
    status: str
    unit_id: str | None
    polda_id: str | None
    timezone: str
    description: str
    place_label: str | None
    contact: str
    created_at: str
    updated_at: str


@dataclass(frozen=True, slots=True)
class EventRow:
    at: str
    kind: str
    status: str | None
    actor_kind: str
    actor_name: str | None
    detail: str | None


_TICKET_COLUMNS = (
    "id, reference, citizen_id, category, priority, status, unit_id, polda_id, "
    "timezone, description, place_label, contact, created_at, updated_at"
)


async def create(
    conn: Connection, *, reference: str, citizen_id: int, fields: dict[str, Any]
) -> int:
    now = iso(utcnow())
    columns = ["reference", "citizen_id", "status", "created_at", "updated_at", *fields]
    values = [reference, citizen_id, "received", now, now, *fields.values()]
    cursor = await conn.execute(
        f"INSERT INTO tickets ({', '.join(columns)}) VALUES ({', '.join('?' * len(values))})",
        values,
    )
    ticket_id = cursor.lastrowid
    assert ticket_id is not None
    # the row was inserted "received": only the event is missing
    await _insert_event(
        conn, ticket_id, now, "status", "received", "citizen", str(citizen_id), None, None
    )
    return ticket_id


async def add_event(
    conn: Connection,
    ticket_id: int,
    kind: str,
    *,
    actor_kind: str,
    status: str | None = None,
    actor_id: str | None = None,
    actor_name: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    now = iso(utcnow())
    await _insert_event(
        conn, ticket_id, now, kind, status, actor_kind, actor_id, actor_name, detail
    )
    if status is not None:
        await conn.execute(
            "UPDATE tickets SET status = ?, updated_at = ? WHERE id = ?", (status, now, ticket_id)
        )


async def _insert_event(
    conn: Connection,
    ticket_id: int,
    at: str,
    kind: str,
    status: str | None,
    actor_kind: str,
    actor_id: str | None,
    actor_name: str | None,
    detail: dict[str, Any] | None,
) -> None:
    await conn.execute(
        "INSERT INTO ticket_events (ticket_id, at, kind, status, actor_kind, actor_id, "
        "actor_name, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            ticket_id,
            at,
            kind,
            status,
            actor_kind,
            actor_id,
            actor_name,
            json.dumps(detail, ensure_ascii=False) if detail else None,
        ),
    )


async def lift_urgency(conn: Connection, ticket_id: int) -> None:
    """An officer found the emergency flag wrong: an "urgent" ticket becomes "normal"
    again (a category's own "high" priority is not stored here, see deadlines.py)."""
    await conn.execute(
        "UPDATE tickets SET priority = 'normal' WHERE id = ? AND priority = 'urgent'", (ticket_id,)
    )


async def attach_evidence(
    conn: Connection, ticket_id: int, citizen_id: int, stored_names: list[str]
) -> None:
    for name in stored_names:
        await conn.execute(
            "UPDATE evidence SET ticket_id = ? WHERE id = (SELECT id FROM evidence WHERE "
            "citizen_id = ? AND stored_name = ? AND ticket_id IS NULL ORDER BY id LIMIT 1)",
            (ticket_id, citizen_id, name),
        )


async def own_tickets(db: Database, citizen_id: int, limit: int = 10) -> list[TicketRow]:
    rows = await db.fetchall(
        f"SELECT {_TICKET_COLUMNS} FROM tickets WHERE citizen_id = ? ORDER BY id DESC LIMIT ?",
        (citizen_id, limit),
    )
    return [TicketRow(*row) for row in rows]


async def own_ticket(db: Database, citizen_id: int, reference: str) -> TicketRow | None:
    row = await db.fetchone(
        f"SELECT {_TICKET_COLUMNS} FROM tickets WHERE citizen_id = ? AND reference = ?",
        (citizen_id, reference),
    )
    return TicketRow(*row) if row else None


async def events(db: Database, ticket_id: int) -> list[EventRow]:
    async with db.reading() as conn:
        return await events_in(conn, ticket_id)


async def events_in(conn: Connection, ticket_id: int) -> list[EventRow]:
    """A ticket's history in order (the table is append-only)."""
    async with conn.execute(
        "SELECT at, kind, status, actor_kind, actor_name, detail FROM "
        "ticket_events WHERE ticket_id = ? ORDER BY id",
        (ticket_id,),
    ) as cur:
        return [EventRow(*row) for row in await cur.fetchall()]


async def by_reference(db: Database, reference: str) -> TicketRow | None:
    """For officers and operators only: never call this on a citizen's behalf."""
    row = await db.fetchone(
        f"SELECT {_TICKET_COLUMNS} FROM tickets WHERE reference = ?", (reference,)
    )
    return TicketRow(*row) if row else None
