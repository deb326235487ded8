"""`staff_log`: the audit log of officers' attempts in staff groups (allowed or refused)."""

from __future__ import annotations

from bot.store.connection import Connection
from bot.store.database import iso, utcnow


async def log_attempt(
    conn: Connection,
    chat_id: str,
    user_id: str | None,
    user_name: str | None,
    action: str,
    outcome: str,
    ticket_id: int | None = None,
) -> None:
    await conn.execute(
        "INSERT INTO staff_log (at, chat_id, user_id, user_name, action, outcome, "
        "ticket_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (iso(utcnow()), chat_id, user_id, user_name, action[:100], outcome, ticket_id),
    )
