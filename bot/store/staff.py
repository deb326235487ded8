"""Staff group queries: which Telegram groups are bound to which unit, and ticket cards."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from bot.store.database import Database, iso, utcnow


@dataclass(frozen=True, slots=True)
class StaffGroup:
    chat_id: str
    unit_id: str
    role: str
    title: str | None
    bound_at: str


async def bind(db: Database, chat_id: str, unit_id: str, role: str = "unit",
               title: str | None = None) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO staff_groups (chat_id, unit_id, role, title, bound_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET "
            "unit_id = excluded.unit_id, role = excluded.role, "
            "title = COALESCE(excluded.title, title), bound_at = excluded.bound_at",
            (chat_id, unit_id, role, title, iso(utcnow())))


async def unbind(db: Database, chat_id: str) -> bool:
    async with db.transaction() as conn:
        cursor = await conn.execute("DELETE FROM staff_groups WHERE chat_id = ?", (chat_id,))
        return cursor.rowcount > 0


async def all_groups(db: Database) -> list[StaffGroup]:
    rows = await db.fetchall("SELECT chat_id, unit_id, role, title, bound_at FROM staff_groups "
                             "ORDER BY unit_id, chat_id")
    return [StaffGroup(*row) for row in rows]


async def groups_for_unit(conn: aiosqlite.Connection, unit_id: str) -> list[StaffGroup]:
    async with conn.execute("SELECT chat_id, unit_id, role, title, bound_at FROM staff_groups "
                            "WHERE unit_id = ? ORDER BY chat_id", (unit_id,)) as cur:
        return [StaffGroup(*row) for row in await cur.fetchall()]


async def group(conn: aiosqlite.Connection, chat_id: str) -> StaffGroup | None:
    async with conn.execute("SELECT chat_id, unit_id, role, title, bound_at FROM staff_groups "
                            "WHERE chat_id = ?", (chat_id,)) as cur:
        row = await cur.fetchone()
    return StaffGroup(*row) if row else None


async def record_card(conn: aiosqlite.Connection, ticket_id: int, chat_id: str,
                      outbox_id: int) -> None:
    await conn.execute(
        "INSERT INTO ticket_cards (ticket_id, chat_id, outbox_id) VALUES (?, ?, ?) "
        "ON CONFLICT (ticket_id, chat_id) DO UPDATE SET outbox_id = excluded.outbox_id",
        (ticket_id, chat_id, outbox_id))


async def card_sent(conn: aiosqlite.Connection, ticket_id: int, chat_id: str,
                    message_id: str | None) -> None:
    await conn.execute("UPDATE ticket_cards SET message_id = ? WHERE ticket_id = ? AND "
                       "chat_id = ?", (message_id, ticket_id, chat_id))
