"""Staff group queries: which Telegram groups are bound to which unit, and ticket cards.

The tickets themselves (the officers' view, queue, search, statistics, updates) are read
and written in bot/store/tickets.py; this module keeps what is around them: groups,
codes, roles, the allow-list, pending actions, the audit log, cards, digests, evidence
on the card and deadlines.

A group the bot was removed from stays in `staff_groups` with `unbound_at` set (its
history is kept); every query that decides where cards go reads only bound groups."""

from __future__ import annotations

from dataclasses import dataclass

from bot.store.connection import Connection
from bot.store.database import Database, iso, utcnow


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
        await conn.execute(
            "INSERT INTO staff_groups (chat_id, unit_id, role, title, bound_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET "
            "unit_id = excluded.unit_id, role = excluded.role, "
            "title = COALESCE(excluded.title, staff_groups.title), bound_at = excluded.bound_at, "
            "unbound_at = NULL, unbound_reason = NULL",
            (chat_id, unit_id, role, title, iso(utcnow())),
        )


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


async def record_card(conn: Connection, ticket_id: int, chat_id: str, outbox_id: int) -> None:
    await conn.execute(
        "INSERT INTO ticket_cards (ticket_id, chat_id, outbox_id) VALUES (?, ?, ?) "
        "ON CONFLICT (ticket_id, chat_id) DO UPDATE SET outbox_id = excluded.outbox_id",
        (ticket_id, chat_id, outbox_id),
    )


async def card_sent(conn: Connection, ticket_id: int, chat_id: str, message_id: str | None) -> None:
    await conn.execute(
        "UPDATE ticket_cards SET message_id = ? WHERE ticket_id = ? AND chat_id = ?",
        (message_id, ticket_id, chat_id),
    )


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


# ------------------------------------------------------------------ a group's chat changes


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


# ------------------------------------------------------------------ one-time link codes


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


# ------------------------------------------------------------------ roles


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


# ------------------------------------------------------------------ allow-list


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


# ------------------------------------------------------------------ pending actions


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


# ------------------------------------------------------------------ audit, messages


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


async def ticket_of_message(conn: Connection, chat_id: str, message_id: str) -> int | None:
    """The ticket a bot message in this group belongs to (a card, a prompt, a relay)."""
    async with conn.execute(
        "SELECT ticket_id FROM outbox WHERE chat_id = ? AND external_id = ? "
        "AND ticket_id IS NOT NULL ORDER BY id DESC LIMIT 1",
        (chat_id, message_id),
    ) as cur:
        row = await cur.fetchone()
    if row is not None:
        return int(row[0])
    async with conn.execute(
        "SELECT ticket_id FROM ticket_cards WHERE chat_id = ? AND message_id = ?",
        (chat_id, message_id),
    ) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else None


async def cards_of(conn: Connection, ticket_id: int) -> list[tuple[str, str | None]]:
    """(chat_id, message_id) of every card of this ticket."""
    async with conn.execute(
        "SELECT chat_id, message_id FROM ticket_cards WHERE ticket_id = ? ORDER BY chat_id",
        (ticket_id,),
    ) as cur:
        return [(str(r[0]), r[1]) for r in await cur.fetchall()]


async def waiting_cards(conn: Connection, chat_id: str) -> int:
    """Cards and digests for this group not delivered yet."""
    async with conn.execute(
        "SELECT COUNT(*) FROM outbox WHERE chat_id = ? AND kind IN "
        "('card', 'digest') AND status IN ('pending', 'sending')",
        (chat_id,),
    ) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def open_digest(conn: Connection, chat_id: str, max_items: int) -> int | None:
    """A digest of this group still collecting: not started by the outbox sender (which
    reads its payload as it marks it 'sending', bot.store.outbox.start_attempts), with
    room for another ticket."""
    async with conn.execute(
        "SELECT o.id FROM outbox o WHERE o.chat_id = ? AND o.kind = 'digest' AND "
        "o.status = 'pending' AND (SELECT COUNT(*) FROM staff_digest_items d WHERE "
        "d.outbox_id = o.id) < ? ORDER BY o.id DESC LIMIT 1",
        (chat_id, max_items),
    ) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else None


async def add_digest_item(conn: Connection, outbox_id: int, ticket_id: int) -> None:
    await conn.execute(
        "INSERT INTO staff_digest_items (outbox_id, ticket_id) VALUES (?, ?) "
        "ON CONFLICT DO NOTHING",
        (outbox_id, ticket_id),
    )


async def digest_items(conn: Connection, outbox_id: int) -> list[int]:
    async with conn.execute(
        "SELECT ticket_id FROM staff_digest_items WHERE outbox_id = ? ORDER BY ticket_id",
        (outbox_id,),
    ) as cur:
        return [int(r[0]) for r in await cur.fetchall()]


# ------------------------------------------------------------------ evidence on the card


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    kind: str
    file_ref: str
    channel: str
    caption: str | None


async def evidence_of(conn: Connection, ticket_id: int) -> list[EvidenceItem]:
    async with conn.execute(
        "SELECT kind, file_ref, channel, caption FROM evidence WHERE ticket_id = ? ORDER BY id",
        (ticket_id,),
    ) as cur:
        return [EvidenceItem(*row) for row in await cur.fetchall()]


async def count_evidence(conn: Connection, ticket_id: int) -> int:
    async with conn.execute(
        "SELECT COUNT(*) FROM evidence WHERE ticket_id = ?", (ticket_id,)
    ) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


# ------------------------------------------------------------------ deadlines


@dataclass(frozen=True, slots=True)
class Deadline:
    ticket_id: int
    kind: str
    started_at: str
    remind_at: str
    due_at: str
    reminded_at: str | None
    escalated_at: str | None


async def start_deadlines(
    conn: Connection, ticket_id: int, deadlines: list[tuple[str, str, str, str]]
) -> None:
    """(kind, started_at, remind_at, due_at) of each deadline (re)started, in one statement."""
    await conn.executemany(
        "INSERT INTO ticket_deadlines (ticket_id, kind, started_at, remind_at, due_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (ticket_id, kind) DO UPDATE SET "
        "started_at = excluded.started_at, remind_at = excluded.remind_at, "
        "due_at = excluded.due_at, reminded_at = NULL, escalated_at = NULL, done_at = NULL",
        [(ticket_id, *deadline) for deadline in deadlines],
    )


async def finish_deadline(conn: Connection, ticket_id: int, kind: str, now: str) -> None:
    await conn.execute(
        "UPDATE ticket_deadlines SET done_at = ? WHERE ticket_id = ? AND "
        "kind = ? AND done_at IS NULL",
        (now, ticket_id, kind),
    )


async def deadlines_of(conn: Connection, ticket_id: int) -> dict[str, Deadline]:
    async with conn.execute(
        "SELECT ticket_id, kind, started_at, remind_at, due_at, "
        "reminded_at, escalated_at FROM ticket_deadlines WHERE "
        "ticket_id = ? AND done_at IS NULL",
        (ticket_id,),
    ) as cur:
        return {r[1]: Deadline(*r) for r in await cur.fetchall()}


async def due_deadlines(db: Database, now: str, limit: int = 200) -> list[tuple[Deadline, str]]:
    """(deadline, "remind" | "escalate") whose time has come and that has not fired."""
    rows = await db.fetchall(
        "SELECT ticket_id, kind, started_at, remind_at, due_at, reminded_at, escalated_at, "
        "CASE WHEN due_at <= ? THEN 'escalate' ELSE 'remind' END FROM ticket_deadlines "
        "WHERE done_at IS NULL AND ((due_at <= ? AND escalated_at IS NULL) OR "
        "(remind_at <= ? AND reminded_at IS NULL AND due_at > ?)) ORDER BY due_at LIMIT ?",
        (now, now, now, now, limit),
    )
    return [(Deadline(*r[:7]), str(r[7])) for r in rows]


async def mark_fired(conn: Connection, ticket_id: int, kind: str, what: str, now: str) -> bool:
    """Set reminded_at/escalated_at once; False when another round already fired it."""
    column = "escalated_at" if what == "escalate" else "reminded_at"
    extra = ", reminded_at = COALESCE(reminded_at, ?)" if what == "escalate" else ""
    params: tuple[object, ...] = (
        (now, now, ticket_id, kind) if what == "escalate" else (now, ticket_id, kind)
    )
    cursor = await conn.execute(
        f"UPDATE ticket_deadlines SET {column} = ?{extra} WHERE ticket_id = ? AND kind = ? AND "
        f"{column} IS NULL AND done_at IS NULL",
        params,
    )
    return cursor.rowcount == 1


async def drop_cards(conn: Connection, ticket_id: int) -> None:
    """Forget the ticket's cards (after a transfer: the old group's card is frozen)."""
    await conn.execute("DELETE FROM ticket_cards WHERE ticket_id = ?", (ticket_id,))
