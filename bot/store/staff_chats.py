"""A staff group's chat changing under it, across the tables that name the chat: a group
upgraded to a supergroup (its rows follow the new id) or one the bot can no longer post in
(its unfinished rows end). These span staff_groups, staff_roles, staff_allowed,
staff_pending, ticket_cards and outbox on purpose: one move is one transaction, and
splitting it by table would let a caller move half a group."""

from __future__ import annotations

from dataclasses import dataclass

from bot.store.connection import Connection
from bot.store.database import iso, utcnow
from bot.store.staff_groups import StaffGroup, group, mark_unbound


async def hold_chat(conn: Connection, chat_id: str, why: str) -> list[int]:
    """Nothing more can be posted in this chat: its unfinished rows end as failed with
    `why`, and cards that never arrived are forgotten, so their tickets (still
    "received") are in the unit's backlog again (`received_backlog`, posted by the next
    /daftar). Returns the tickets whose undelivered card was forgotten."""
    async with conn.execute(
        "SELECT ticket_id FROM ticket_cards WHERE chat_id = ? AND message_id IS NULL "
        "ORDER BY ticket_id",
        (chat_id,),
    ) as cur:
        waiting = [int(r[0]) for r in await cur.fetchall()]
    await conn.execute(
        "DELETE FROM ticket_cards WHERE chat_id = ? AND message_id IS NULL", (chat_id,)
    )
    await conn.execute(
        "UPDATE outbox SET status = 'failed', last_error = ? WHERE chat_id = ? AND "
        "status IN ('pending', 'sending')",
        (why[:500], chat_id),
    )
    return waiting


@dataclass(frozen=True, slots=True)
class Move:
    """What `move_chat` changed: the group moved (None when no bound group was at the old
    id), the open rows re-targeted, and the tickets whose delivered card stayed behind."""

    group: StaffGroup | None
    rows: int
    cards_left_behind: list[int]


def _follow(table: str, key: str, also: str = "") -> str:
    """Rows of `table` move from chat ? to chat ?, except where the new chat already has
    a row with the same `key` (SQLite's UPDATE OR IGNORE, written so that PostgreSQL
    runs it too). Parameters: new, old, new."""
    return (
        f"UPDATE {table} SET chat_id = ?{also} WHERE chat_id = ? AND NOT EXISTS "
        f"(SELECT 1 FROM {table} other WHERE other.chat_id = ? AND other.{key} = {table}.{key})"
    )


async def move_chat(conn: Connection, old: str, new: str) -> Move:
    """The group's chat id changed from `old` to `new` (a group upgraded to a supergroup,
    https://core.telegram.org/bots/api#message migrate_to_chat_id): its binding, officers'
    roles and pending actions, cards and unfinished outbox rows follow it. Repeating the
    move changes nothing (the send error and the two service messages all report it).

    Messages of the old group cannot be edited under the new id (a supergroup numbers its
    messages anew), so pending edits end and the cards already delivered lose their
    message id; the caller posts those tickets' cards again."""
    moved = await group(conn, old)
    if moved is not None:
        if await group(conn, new) is not None:  # already bound (/daftar in the new chat)
            await mark_unbound(conn, old, f"migrated to {new}")
        else:
            await conn.execute("DELETE FROM staff_groups WHERE chat_id = ?", (new,))
            await conn.execute("UPDATE staff_groups SET chat_id = ? WHERE chat_id = ?", (new, old))
    for table in ("staff_roles", "staff_allowed", "staff_pending"):
        await conn.execute(_follow(table, "user_id"), (new, old, new))
    await conn.execute("DELETE FROM staff_pending WHERE chat_id = ?", (old,))
    async with conn.execute(
        "SELECT ticket_id FROM ticket_cards WHERE chat_id = ? AND message_id IS NOT NULL "
        "ORDER BY ticket_id",
        (old,),
    ) as cur:
        behind = [int(r[0]) for r in await cur.fetchall()]
    await conn.execute(_follow("ticket_cards", "ticket_id", ", message_id = NULL"), (new, old, new))
    await conn.execute(
        "UPDATE outbox SET status = 'failed', last_error = ? WHERE chat_id = ? AND "
        "kind = 'edit' AND status IN ('pending', 'sending')",
        (f"chat migrated to {new}: its old messages cannot be edited", old),
    )
    cursor = await conn.execute(
        "UPDATE outbox SET chat_id = ?, status = 'pending', not_before = ? WHERE chat_id = ? "
        "AND status IN ('pending', 'sending')",
        (new, iso(utcnow()), old),
    )
    return Move(moved, cursor.rowcount, behind)
