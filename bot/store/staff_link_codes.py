"""`staff_link_codes`: one-time codes that bind a group to a unit (`/daftar CODE`),
stored as hashes."""

from __future__ import annotations

from bot.store.connection import Connection
from bot.store.database import Database, iso, utcnow


async def add_link_code(
    db: Database, code_hash: str, unit_id: str, role: str, expires_at: str
) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO staff_link_codes (code_hash, unit_id, role, created_at, "
            "expires_at) VALUES (?, ?, ?, ?, ?)",
            (code_hash, unit_id, role, iso(utcnow()), expires_at),
        )


async def use_link_code(
    conn: Connection, code_hash: str, chat_id: str, now: str
) -> tuple[str, str] | None:
    """(unit_id, role) of a valid unused code, marking it used; None otherwise."""
    cursor = await conn.execute(
        "UPDATE staff_link_codes SET used_at = ?, used_chat = ? WHERE code_hash = ? AND "
        "used_at IS NULL AND expires_at > ? RETURNING unit_id, role",
        (now, chat_id, code_hash, now),
    )
    row = await cursor.fetchone()
    await cursor.close()
    return (row[0], row[1]) if row else None
