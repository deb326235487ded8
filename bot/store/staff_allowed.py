"""`staff_allowed`: a staff group's allow-list (empty: every member may act;
bot/officers/roster.py)."""

from __future__ import annotations

from bot.store.database import Database, iso, utcnow


async def allow(db: Database, chat_id: str, user_id: str) -> bool:
    """Put a user on the group's allow-list; False when already there."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO staff_allowed (chat_id, user_id, added_at) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            (chat_id, user_id, iso(utcnow())),
        )
        return cursor.rowcount > 0


async def deny(db: Database, chat_id: str, user_id: str) -> bool:
    """Take a user off the group's allow-list; False when not on it."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "DELETE FROM staff_allowed WHERE chat_id = ? AND user_id = ?", (chat_id, user_id)
        )
        return cursor.rowcount > 0


async def allowed(db: Database, chat_id: str) -> list[str]:
    """The users on the group's allow-list (empty: no list, every member may act)."""
    rows = await db.fetchall(
        "SELECT user_id FROM staff_allowed WHERE chat_id = ? ORDER BY added_at, user_id",
        (chat_id,),
    )
    return [str(r[0]) for r in rows]


async def allow_status(db: Database, chat_id: str, user_id: str) -> tuple[bool, bool]:
    """(the group has an allow-list, the user is on it), in one read."""
    row = await db.fetchone(
        "SELECT EXISTS (SELECT 1 FROM staff_allowed WHERE chat_id = ?), "
        "EXISTS (SELECT 1 FROM staff_allowed WHERE chat_id = ? AND user_id = ?)",
        (chat_id, chat_id, user_id),
    )
    return (bool(row[0]), bool(row[1])) if row else (False, False)
