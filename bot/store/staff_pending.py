"""`staff_pending`: what a button asked an officer to type next (one row per officer
and group; bot/officers/pending.py gives the kinds and the expiry)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.store.connection import Connection
from bot.store.database import iso, utcnow


@dataclass(frozen=True, slots=True)
class Pending:
    action: str
    ticket_id: int
    arg: str | None
    created_at: str


async def set_pending(
    conn: Connection,
    chat_id: str,
    user_id: str,
    action: str,
    ticket_id: int,
    arg: str | None = None,
) -> None:
    await conn.execute(
        "INSERT INTO staff_pending (chat_id, user_id, action, ticket_id, arg, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (chat_id, user_id) DO UPDATE SET "
        "action = excluded.action, ticket_id = excluded.ticket_id, arg = excluded.arg, "
        "created_at = excluded.created_at",
        (chat_id, user_id, action, ticket_id, arg, iso(utcnow())),
    )


async def pending(conn: Connection, chat_id: str, user_id: str) -> Pending | None:
    async with conn.execute(
        "SELECT action, ticket_id, arg, created_at FROM staff_pending "
        "WHERE chat_id = ? AND user_id = ?",
        (chat_id, user_id),
    ) as cur:
        row = await cur.fetchone()
    return Pending(row[0], row[1], row[2], row[3]) if row else None


async def clear_pending(conn: Connection, chat_id: str, user_id: str) -> None:
    await conn.execute(
        "DELETE FROM staff_pending WHERE chat_id = ? AND user_id = ?", (chat_id, user_id)
    )
