"""Triage queries: ticket flags, flagged messages per citizen, consents, duplicate links.

Owns the `flags` column of `tickets`, the `citizen_flags`, `consents` and `ticket_links`
tables, and the reads the duplicate check in bot/triage/duplicates.py needs. Every
function takes the caller's connection and runs inside the caller's transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from bot.store.connection import Connection
from bot.store.database import iso


async def flags_of(conn: Connection, ticket_id: int) -> dict[str, Any]:
    async with conn.execute("SELECT flags FROM tickets WHERE id = ?", (ticket_id,)) as cur:
        row = await cur.fetchone()
    return json.loads(row[0]) if row and row[0] else {}


async def set_flags(conn: Connection, ticket_id: int, flags: dict[str, Any]) -> None:
    await conn.execute(
        "UPDATE tickets SET flags = ? WHERE id = ?",
        (json.dumps(flags, ensure_ascii=False) if flags else None, ticket_id),
    )


async def add_citizen_flag(
    conn: Connection,
    citizen_id: int,
    kind: str,
    words: tuple[str, ...] | list[str],
    at: datetime,
    ticket_id: int | None = None,
) -> None:
    await conn.execute(
        "INSERT INTO citizen_flags (citizen_id, at, kind, words, ticket_id) VALUES (?, ?, ?, ?, ?)",
        (citizen_id, iso(at), kind, json.dumps(list(words), ensure_ascii=False), ticket_id),
    )


async def recent_counts(conn: Connection, citizen_id: int, now: datetime) -> tuple[int, int]:
    """(flagged messages, tickets filed) of this citizen in the last 24 hours."""
    since = iso(now - timedelta(hours=24))
    async with conn.execute(
        "SELECT COUNT(*) FROM citizen_flags WHERE citizen_id = ? AND at >= ?", (citizen_id, since)
    ) as cur:
        flags = (await cur.fetchone() or (0,))[0]
    async with conn.execute(
        "SELECT COUNT(*) FROM tickets WHERE citizen_id = ? AND created_at >= ?", (citizen_id, since)
    ) as cur:
        tickets = (await cur.fetchone() or (0,))[0]
    return int(flags), int(tickets)


async def record_consent(
    conn: Connection, citizen_id: int, version: str, granted: bool, at: datetime
) -> None:
    await conn.execute(
        "INSERT INTO consents (citizen_id, at, notice_version, granted) VALUES (?, ?, ?, ?)",
        (citizen_id, iso(at), version, int(granted)),
    )


@dataclass(frozen=True, slots=True)
class Link:
    other_id: int
    reference: str
    reason: str
    score: float | None


async def add_links(
    conn: Connection, ticket_id: int, links: list[tuple[int, str, float | None]], at: datetime
) -> None:
    """(other ticket, reason, score) links of a new ticket, in one statement."""
    await conn.executemany(
        "INSERT OR IGNORE INTO ticket_links (ticket_id, other_id, reason, "
        "score, created_at) VALUES (?, ?, ?, ?, ?)",
        [(ticket_id, other_id, reason, score, iso(at)) for other_id, reason, score in links],
    )


async def links_of(conn: Connection, ticket_id: int) -> list[Link]:
    """Both directions: the tickets this one may duplicate and those that may duplicate it."""
    sql = (
        "SELECT l.other_id, t.reference, l.reason, l.score FROM ticket_links l "
        "JOIN tickets t ON t.id = l.other_id WHERE l.ticket_id = ? "
        "UNION SELECT l.ticket_id, t.reference, l.reason, l.score FROM ticket_links l "
        "JOIN tickets t ON t.id = l.ticket_id WHERE l.other_id = ? ORDER BY 1"
    )
    async with conn.execute(sql, (ticket_id, ticket_id)) as cur:
        rows = await cur.fetchall()
    return [Link(int(r[0]), str(r[1]), str(r[2]), r[3]) for r in rows]


class NewTicket(NamedTuple):
    """What the duplicate check compares of the ticket just filed."""

    citizen_id: int
    category: str
    description: str | None
    place_code: str | None
    latitude: float | None
    longitude: float | None


class Candidate(NamedTuple):
    """A recent ticket of the same category that the new one may repeat."""

    id: int
    citizen_id: int
    description: str | None
    place_code: str | None
    latitude: float | None
    longitude: float | None
    created_at: str


async def ticket_for_duplicates(conn: Connection, ticket_id: int) -> NewTicket | None:
    async with conn.execute(
        "SELECT citizen_id, category, description, place_code, latitude, "
        "longitude FROM tickets WHERE id = ?",
        (ticket_id,),
    ) as cur:
        row = await cur.fetchone()
    return None if row is None else NewTicket(*row)


async def duplicate_candidates(
    conn: Connection,
    category: str,
    ticket_id: int,
    citizen_id: int,
    citizen_since: str,
    anyone_since: str,
    limit: int = 200,
) -> list[Candidate]:
    """Tickets of this category, not erased, newest first, other than `ticket_id`: the
    citizen's own since `citizen_since` and anyone's since `anyone_since` (ISO; read
    through the index on (category, created_at)). Only the citizen's own tickets carry
    their description (the only ones compared by text): in a flood of reports from one
    place, reading 200 stories per new ticket was most of the duplicate check's cost."""
    since = min(citizen_since, anyone_since)
    async with conn.execute(
        "SELECT id, citizen_id, CASE WHEN citizen_id = ? THEN description END, "
        "place_code, latitude, longitude, created_at FROM tickets WHERE category = ? "
        "AND created_at >= ? AND id != ? AND erased_at IS NULL AND "
        "(created_at >= ? OR (citizen_id = ? AND created_at >= ?)) ORDER BY id DESC "
        "LIMIT ?",
        (citizen_id, category, since, ticket_id, anyone_since, citizen_id, citizen_since, limit),
    ) as cur:
        rows = await cur.fetchall()
    return [Candidate(*row) for row in rows]


async def tickets_filed_since(
    conn: Connection, citizen_id: int, since: datetime
) -> list[tuple[datetime, str]]:
    """(created_at, priority) of this citizen's tickets filed since `since`, oldest first:
    the per-citizen caps and the repeated-urgent mark count them."""
    async with conn.execute(
        "SELECT created_at, priority FROM tickets WHERE citizen_id = ? AND created_at >= ? "
        "ORDER BY created_at",
        (citizen_id, iso(since)),
    ) as cur:
        rows = await cur.fetchall()
    return [(datetime.fromisoformat(str(at)), str(priority)) for at, priority in rows]
