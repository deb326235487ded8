"""`staff_roles`: an officer's role in a staff group (officer unless set)."""

from __future__ import annotations

from bot.store.connection import Connection
from bot.store.database import Database, iso, utcnow


async def set_role(db: Database, chat_id: str, user_id: str, role: str) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO staff_roles (chat_id, user_id, role, set_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (chat_id, user_id) DO UPDATE SET role = excluded.role, "
            "set_at = excluded.set_at",
            (chat_id, user_id, role, iso(utcnow())),
        )


async def role_of(conn: Connection, chat_id: str, user_id: str) -> str:
    async with conn.execute(
        "SELECT role FROM staff_roles WHERE chat_id = ? AND user_id = ?", (chat_id, user_id)
    ) as cur:
        row = await cur.fetchone()
    return str(row[0]) if row else "officer"
