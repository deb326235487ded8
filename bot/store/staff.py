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


async def bind_in(conn: aiosqlite.Connection, chat_id: str, unit_id: str, role: str = "unit",
                  title: str | None = None) -> None:
    """`bind` inside a caller's transaction (the /daftar handler binds with its effects)."""
    await conn.execute(
        "INSERT INTO staff_groups (chat_id, unit_id, role, title, bound_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET "
        "unit_id = excluded.unit_id, role = excluded.role, "
        "title = COALESCE(excluded.title, title), bound_at = excluded.bound_at",
        (chat_id, unit_id, role, title, iso(utcnow())))


async def supervisor_groups(conn: aiosqlite.Connection, polda_id: str) -> list[StaffGroup]:
    async with conn.execute("SELECT chat_id, unit_id, role, title, bound_at FROM staff_groups "
                            "WHERE unit_id = ? AND role = 'supervisor' ORDER BY chat_id",
                            (polda_id,)) as cur:
        return [StaffGroup(*row) for row in await cur.fetchall()]


# ------------------------------------------------------------------ one-time link codes


async def add_link_code(db: Database, code_hash: str, unit_id: str, role: str,
                        expires_at: str) -> None:
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO staff_link_codes (code_hash, unit_id, role, created_at, "
                           "expires_at) VALUES (?, ?, ?, ?, ?)",
                           (code_hash, unit_id, role, iso(utcnow()), expires_at))


async def use_link_code(conn: aiosqlite.Connection, code_hash: str, chat_id: str,
                        now: str) -> tuple[str, str] | None:
    """(unit_id, role) of a valid unused code, marking it used; None otherwise."""
    cursor = await conn.execute(
        "UPDATE staff_link_codes SET used_at = ?, used_chat = ? WHERE code_hash = ? AND "
        "used_at IS NULL AND expires_at > ? RETURNING unit_id, role",
        (now, chat_id, code_hash, now))
    row = await cursor.fetchone()
    await cursor.close()
    return (row[0], row[1]) if row else None


# ------------------------------------------------------------------ roles


async def set_role(db: Database, chat_id: str, user_id: str, role: str) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO staff_roles (chat_id, user_id, role, set_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (chat_id, user_id) DO UPDATE SET role = excluded.role, "
            "set_at = excluded.set_at", (chat_id, user_id, role, iso(utcnow())))


async def role_of(conn: aiosqlite.Connection, chat_id: str, user_id: str) -> str:
    async with conn.execute("SELECT role FROM staff_roles WHERE chat_id = ? AND user_id = ?",
                            (chat_id, user_id)) as cur:
        row = await cur.fetchone()
    return str(row[0]) if row else "officer"


# ------------------------------------------------------------------ pending actions


@dataclass(frozen=True, slots=True)
class Pending:
    action: str
    ticket_id: int
    arg: str | None
    created_at: str


async def set_pending(conn: aiosqlite.Connection, chat_id: str, user_id: str, action: str,
                      ticket_id: int, arg: str | None = None) -> None:
    await conn.execute(
        "INSERT INTO staff_pending (chat_id, user_id, action, ticket_id, arg, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (chat_id, user_id) DO UPDATE SET "
        "action = excluded.action, ticket_id = excluded.ticket_id, arg = excluded.arg, "
        "created_at = excluded.created_at",
        (chat_id, user_id, action, ticket_id, arg, iso(utcnow())))


async def pending(conn: aiosqlite.Connection, chat_id: str, user_id: str) -> Pending | None:
    async with conn.execute("SELECT action, ticket_id, arg, created_at FROM staff_pending "
                            "WHERE chat_id = ? AND user_id = ?", (chat_id, user_id)) as cur:
        row = await cur.fetchone()
    return Pending(row[0], row[1], row[2], row[3]) if row else None


async def clear_pending(conn: aiosqlite.Connection, chat_id: str, user_id: str) -> None:
    await conn.execute("DELETE FROM staff_pending WHERE chat_id = ? AND user_id = ?",
                       (chat_id, user_id))


# ------------------------------------------------------------------ audit, messages


async def log_attempt(conn: aiosqlite.Connection, chat_id: str, user_id: str | None,
                      user_name: str | None, action: str, outcome: str,
                      ticket_id: int | None = None) -> None:
    await conn.execute("INSERT INTO staff_log (at, chat_id, user_id, user_name, action, outcome, "
                       "ticket_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (iso(utcnow()), chat_id, user_id, user_name, action[:100], outcome,
                        ticket_id))


async def ticket_of_message(conn: aiosqlite.Connection, chat_id: str,
                            message_id: str) -> int | None:
    """The ticket a bot message in this group belongs to (a card, a prompt, a relay)."""
    async with conn.execute("SELECT ticket_id FROM outbox WHERE chat_id = ? AND external_id = ? "
                            "AND ticket_id IS NOT NULL ORDER BY id DESC LIMIT 1",
                            (chat_id, message_id)) as cur:
        row = await cur.fetchone()
    if row is not None:
        return int(row[0])
    async with conn.execute("SELECT ticket_id FROM ticket_cards WHERE chat_id = ? AND "
                            "message_id = ?", (chat_id, message_id)) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else None


async def cards_of(conn: aiosqlite.Connection, ticket_id: int) -> list[tuple[str, str | None]]:
    """(chat_id, message_id) of every card of this ticket."""
    async with conn.execute("SELECT chat_id, message_id FROM ticket_cards WHERE ticket_id = ? "
                            "ORDER BY chat_id", (ticket_id,)) as cur:
        return [(str(r[0]), r[1]) for r in await cur.fetchall()]


async def waiting_cards(conn: aiosqlite.Connection, chat_id: str) -> int:
    """Cards and digests for this group not delivered yet."""
    async with conn.execute("SELECT COUNT(*) FROM outbox WHERE chat_id = ? AND kind IN "
                            "('card', 'digest') AND status IN ('pending', 'sending')",
                            (chat_id,)) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def open_digest(conn: aiosqlite.Connection, chat_id: str, not_before_after: str,
                      max_items: int) -> int | None:
    """A digest of this group still collecting (due later than `not_before_after`)."""
    async with conn.execute(
        "SELECT o.id FROM outbox o WHERE o.chat_id = ? AND o.kind = 'digest' AND "
        "o.status = 'pending' AND o.not_before > ? AND (SELECT COUNT(*) FROM "
        "staff_digest_items d WHERE d.outbox_id = o.id) < ? ORDER BY o.id DESC LIMIT 1",
        (chat_id, not_before_after, max_items)) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else None


async def add_digest_item(conn: aiosqlite.Connection, outbox_id: int, ticket_id: int) -> None:
    await conn.execute("INSERT OR IGNORE INTO staff_digest_items (outbox_id, ticket_id) "
                       "VALUES (?, ?)", (outbox_id, ticket_id))


async def digest_items(conn: aiosqlite.Connection, outbox_id: int) -> list[int]:
    async with conn.execute("SELECT ticket_id FROM staff_digest_items WHERE outbox_id = ? "
                            "ORDER BY ticket_id", (outbox_id,)) as cur:
        return [int(r[0]) for r in await cur.fetchall()]
