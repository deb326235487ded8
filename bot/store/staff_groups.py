"""`staff_groups`: which Telegram groups are bound to which unit (and in which role),
their forum topic for cards, and groups the bot can no longer post in.

A group the bot was removed from stays here with `unbound_at` set (its history is kept);
every query that decides where cards go reads only bound groups."""

from __future__ import annotations

from dataclasses import dataclass

from bot.store.connection import Connection
from bot.store.database import Database, iso, utcnow
from bot.store.outbox import waiting_card


@dataclass(frozen=True, slots=True)
class StaffGroup:
    chat_id: str
    unit_id: str
    role: str
    title: str | None
    bound_at: str


async def bind(
    db: Database, chat_id: str, unit_id: str, role: str = "unit", title: str | None = None
) -> None:
    async with db.transaction() as conn:
        await bind_in(conn, chat_id, unit_id, role, title)


async def unbind(db: Database, chat_id: str) -> bool:
    async with db.transaction() as conn:
        cursor = await conn.execute("DELETE FROM staff_groups WHERE chat_id = ?", (chat_id,))
        return cursor.rowcount > 0


async def all_groups(db: Database) -> list[StaffGroup]:
    rows = await db.fetchall(
        "SELECT chat_id, unit_id, role, title, bound_at FROM staff_groups "
        "WHERE unbound_at IS NULL ORDER BY unit_id, chat_id"
    )
    return [StaffGroup(*row) for row in rows]


async def groups_for_unit(conn: Connection, unit_id: str) -> list[StaffGroup]:
    async with conn.execute(
        "SELECT chat_id, unit_id, role, title, bound_at FROM staff_groups "
        "WHERE unit_id = ? AND unbound_at IS NULL ORDER BY chat_id",
        (unit_id,),
    ) as cur:
        return [StaffGroup(*row) for row in await cur.fetchall()]


async def groups_for_unit_waiting(conn: Connection, unit_id: str) -> list[tuple[StaffGroup, int]]:
    """`groups_for_unit`, each group with its cards and digests not delivered yet (what
    `outbox.waiting_cards` counts), in one statement: a new ticket's distribution needs
    both, and on PostgreSQL each statement is a round trip (one less per ticket,
    bench/README.md session 39)."""
    # the count as `waiting_cards` words it (the outbox's predicate its indexes name)
    async with conn.execute(
        "SELECT g.chat_id, g.unit_id, g.role, g.title, g.bound_at, (SELECT COUNT(*) FROM "
        f"outbox o WHERE o.chat_id = g.chat_id AND {waiting_card(conn, 'o.')}) "
        "FROM staff_groups g "
        "WHERE g.unit_id = ? AND g.unbound_at IS NULL ORDER BY g.chat_id",
        (unit_id,),
    ) as cur:
        return [(StaffGroup(*row[:5]), int(row[5])) for row in await cur.fetchall()]


async def group(conn: Connection, chat_id: str) -> StaffGroup | None:
    async with conn.execute(
        "SELECT chat_id, unit_id, role, title, bound_at FROM staff_groups WHERE chat_id = ? "
        "AND unbound_at IS NULL",
        (chat_id,),
    ) as cur:
        row = await cur.fetchone()
    return StaffGroup(*row) if row else None


async def set_topic(conn: Connection, chat_id: str, thread: str | None) -> None:
    """The forum topic (message_thread_id) the group's cards go to; None: the main chat."""
    await conn.execute(
        "UPDATE staff_groups SET card_thread = ? WHERE chat_id = ?", (thread, chat_id)
    )


async def topic_of(conn: Connection, chat_id: str) -> str | None:
    """The forum topic chosen with /topik for the group's cards, if any."""
    async with conn.execute(
        "SELECT card_thread FROM staff_groups WHERE chat_id = ?", (chat_id,)
    ) as cur:
        row = await cur.fetchone()
    return str(row[0]) if row and row[0] is not None else None


async def bind_in(
    conn: Connection, chat_id: str, unit_id: str, role: str = "unit", title: str | None = None
) -> None:
    """`bind` inside a caller's transaction (the /daftar handler binds with its effects)."""
    await conn.execute(
        "INSERT INTO staff_groups (chat_id, unit_id, role, title, bound_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET "
        "unit_id = excluded.unit_id, role = excluded.role, "
        "title = COALESCE(excluded.title, staff_groups.title), bound_at = excluded.bound_at, "
        "unbound_at = NULL, unbound_reason = NULL",
        (chat_id, unit_id, role, title, iso(utcnow())),
    )


async def supervisor_groups(conn: Connection, polda_id: str) -> list[StaffGroup]:
    async with conn.execute(
        "SELECT chat_id, unit_id, role, title, bound_at FROM staff_groups "
        "WHERE unit_id = ? AND role = 'supervisor' AND unbound_at IS NULL ORDER BY chat_id",
        (polda_id,),
    ) as cur:
        return [StaffGroup(*row) for row in await cur.fetchall()]


async def mark_unbound(conn: Connection, chat_id: str, reason: str) -> StaffGroup | None:
    """The bot can no longer post in this group (removed, kicked): the group stops
    receiving cards but its row is kept. Returns the group as it was bound, None when it
    was not bound (already marked, or never a staff group)."""
    bound = await group(conn, chat_id)
    if bound is None:
        return None
    await conn.execute(
        "UPDATE staff_groups SET unbound_at = ?, unbound_reason = ? WHERE chat_id = ? AND "
        "unbound_at IS NULL",
        (iso(utcnow()), reason[:200], chat_id),
    )
    return bound
