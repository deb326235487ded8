"""Conversation queries: each citizen's flow state, draft and timers (reminder, expiry)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from bot.store.connection import Connection
from bot.store.database import Database, fetch_first, iso
from flows.events import Draft


@dataclass(frozen=True, slots=True)
class Conversation:
    citizen_id: int
    state: str
    draft: Draft
    reminder_due_at: str | None
    expiry_due_at: str | None


async def load(conn: Connection, citizen_id: int) -> Conversation | None:
    row = await fetch_first(
        conn,
        "SELECT citizen_id, state, draft, reminder_due_at, expiry_due_at FROM "
        "conversations WHERE citizen_id = ?",
        (citizen_id,),
    )
    if row is None:
        return None
    return Conversation(row[0], row[1], Draft.from_json(json.loads(row[2])), row[3], row[4])


async def save(
    conn: Connection,
    citizen_id: int,
    state: str,
    draft: Draft,
    now: datetime,
    reminder_due: datetime | None,
    expiry_due: datetime | None,
) -> None:
    await conn.execute(
        "INSERT INTO conversations (citizen_id, state, draft, last_activity_at, "
        "reminder_due_at, expiry_due_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (citizen_id) DO UPDATE SET state = excluded.state, "
        "draft = excluded.draft, last_activity_at = excluded.last_activity_at, "
        "reminder_due_at = excluded.reminder_due_at, expiry_due_at = excluded.expiry_due_at, "
        "updated_at = excluded.updated_at",
        (
            citizen_id,
            state,
            json.dumps(draft.to_json(), ensure_ascii=False),
            iso(now),
            iso(reminder_due) if reminder_due else None,
            iso(expiry_due) if expiry_due else None,
            iso(now),
        ),
    )


@dataclass(frozen=True, slots=True)
class DueTimer:
    citizen_id: int
    channel: str
    external_id: str
    timer: str  # "reminder" or "expiry"
    due_at: str


async def due_timers(db: Database, now: datetime, limit: int = 500) -> list[DueTimer]:
    """Timers whose time has come; expiry first, as it makes a reminder pointless."""
    stamp = iso(now)
    rows = await db.fetchall(
        "SELECT c.citizen_id, z.channel, z.external_id, 'expiry', c.expiry_due_at "
        "FROM conversations c JOIN citizens z ON z.id = c.citizen_id "
        "WHERE c.expiry_due_at IS NOT NULL AND c.expiry_due_at <= ? "
        "UNION ALL "
        "SELECT c.citizen_id, z.channel, z.external_id, 'reminder', c.reminder_due_at "
        "FROM conversations c JOIN citizens z ON z.id = c.citizen_id "
        "WHERE c.reminder_due_at IS NOT NULL AND c.reminder_due_at <= ? "
        "AND (c.expiry_due_at IS NULL OR c.expiry_due_at > ?) LIMIT ?",
        (stamp, stamp, stamp, limit),
    )
    return [DueTimer(*row) for row in rows]
