"""`staff_digest_items`: the tickets a busy group's digest lists (a digest is an outbox
row that keeps collecting tickets until the sender starts it), and the digest's row as
a ticket joins it: held, then given its item and its new payload."""

from __future__ import annotations

from dataclasses import dataclass

from bot.outbox.messages import Outgoing, listed_tickets, to_row
from bot.store import outbox as outbox_store
from bot.store.connection import Connection
from bot.store.database import fetch_first


@dataclass(frozen=True, slots=True)
class HeldDigest:
    """A group's digest still collecting, held by the caller's transaction: its outbox
    row, the tickets it lists (as the transaction that last grew it committed them) and
    the group's forum topic (`staff_groups.card_thread`, None: the main chat)."""

    id: int
    ticket_ids: tuple[int, ...]
    topic: str | None


_HOLD_PG = "SELECT * FROM dumas_hold_open_digest(?::text, ?::bigint)"


async def hold_open_digest(conn: Connection, chat_id: str, max_items: int) -> HeldDigest | None:
    """The group's newest digest not started by the outbox sender (which reads its
    payload as it marks it 'sending', bot.store.outbox.start_attempts) with room for
    another ticket, held until this transaction ends; None when there is none.

    One statement: it finds the digest, holds it and reads what the redraw needs (before
    session 37: a read, an UPDATE holding the row, a read of the items, a read of the
    topic). On PostgreSQL the row is locked FOR UPDATE: another instance's sender or
    adder waits for this transaction, as this one waits for theirs. READ COMMITTED then
    re-checks the row as they committed it (a digest started meanwhile is not pending:
    None, and the caller opens a new one) and returns that version, so the tickets are
    read from its payload, which every adder rewrites with its own ticket in its
    transaction, and not from `staff_digest_items`, whose rows added while this
    statement waited its snapshot would not show. (SQLite: one writer at a time, the
    row is simply still 'pending'.)"""
    if conn.dialect == "postgresql":
        # The statement below with `FOR UPDATE OF o`, as the function
        # `dumas_hold_open_digest` (migration 0024): planned there with sequential scans
        # off, it reads the outbox and the items through their indexes even when planned
        # on young tables (a kept plan counted the items by scanning all of them).
        row = await fetch_first(conn, _HOLD_PG, (chat_id, max_items))
    else:
        row = await fetch_first(
            conn,
            "SELECT o.id, o.kind, o.payload, (SELECT g.card_thread FROM staff_groups g "
            "WHERE g.chat_id = o.chat_id) FROM outbox o WHERE o.id = (SELECT d.id FROM "
            "outbox d WHERE d.chat_id = ? AND d.kind = 'digest' AND "
            f"{outbox_store.unfinished(conn, 'd.')} AND d.status = 'pending' AND "
            "(SELECT COUNT(*) FROM staff_digest_items i WHERE i.outbox_id = d.id) < ? "
            "ORDER BY d.id DESC LIMIT 1) AND o.status = 'pending'",
            (chat_id, max_items),
        )
    if row is None:
        return None
    digest_id = int(row[0])
    ticket_ids = listed_tickets(row[1], row[2])
    if ticket_ids is None:  # a payload this version cannot read: the items' rows say
        ticket_ids = tuple(await digest_items(conn, digest_id))
    if len(ticket_ids) >= max_items:
        # The room was counted before the lock: an adder we waited for may have filled
        # it (PostgreSQL, several instances). Full as committed: the caller opens a new
        # digest, so none lists more than `max_items` (before: up to one more).
        return None
    return HeldDigest(digest_id, ticket_ids, None if row[3] is None else str(row[3]))


async def grow(conn: Connection, digest_id: int, ticket_id: int, message: Outgoing) -> None:
    """A held digest (`hold_open_digest`) lists one more ticket: its item and its new
    message. PostgreSQL: one statement (the item's INSERT as a CTE); SQLite: the two."""
    if conn.dialect != "postgresql":
        await add_digest_item(conn, digest_id, ticket_id)
        await outbox_store.rewrite_pending(conn, digest_id, message)
        return
    kind, payload = to_row(message)
    await conn.execute(
        "WITH item AS (INSERT INTO staff_digest_items (outbox_id, ticket_id) VALUES (?, ?) "
        "ON CONFLICT DO NOTHING) UPDATE outbox SET payload = ? WHERE id = ? AND kind = ? "
        "AND status = 'pending'",
        (digest_id, ticket_id, payload, digest_id, kind),
    )


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
