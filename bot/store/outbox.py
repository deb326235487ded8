"""Outbox queries: messages waiting to be sent, their attempts and outcomes.

A row holds one `Outgoing` message (bot/outbox/messages.py), stored as its kind and
payload JSON by that module's codec and handed back decoded on `OutboxRow.message`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.outbox.messages import Outgoing, Stored, kind_of, read_row, to_row
from bot.store.connection import Connection
from bot.store.database import Database, fetch_first, iso, utcnow


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    channel: str
    chat_id: str
    message: Stored
    ticket_id: int | None
    not_before: str
    status: str
    attempts: int

    @property
    def kind(self) -> str:
        """The stored kind, for logs and ticket events (senders match on `message`)."""
        return kind_of(self.message)


def unfinished(conn: Connection, alias: str = "") -> str:
    """The condition "pending or sending" as each dialect's indexes on unfinished rows
    name it: on PostgreSQL their predicate is the generated column `phase` (migration
    0017: `status` is in no index there, so the 'sending' mark is a HOT update), which
    the planner matches only when the query names it too; SQLite's indexes name `status`."""
    if conn.dialect == "postgresql":
        return f"{alias}phase = 'open'"
    return f"{alias}status IN ('pending', 'sending')"


# The columns `row_of` reads, in its order.
ROW_COLUMNS = "id, channel, chat_id, kind, payload, ticket_id, not_before, status, attempts"


def row_of(r: Sequence[Any]) -> OutboxRow:
    """An `OutboxRow` from the columns of ROW_COLUMNS (a row that cannot be decoded
    carries `Unreadable`: the sender fails it, the others go on)."""
    return OutboxRow(r[0], r[1], r[2], read_row(r[3], r[4]), r[5], r[6], r[7], r[8])


async def enqueue(
    conn: Connection,
    *,
    channel: str,
    chat_id: str,
    message: Outgoing,
    ticket_id: int | None = None,
    not_before: datetime | None = None,
    priority: int = 0,
) -> int:
    """`priority` > 0 (an urgent ticket's card) goes before the chat's other waiting rows."""
    stored_kind, stored_payload = to_row(message)
    now = iso(utcnow())
    row = await fetch_first(
        conn,
        "INSERT INTO outbox (channel, chat_id, kind, payload, ticket_id, created_at, "
        "not_before, priority) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (
            channel,
            chat_id,
            stored_kind,
            stored_payload,
            ticket_id,
            now,
            iso(not_before) if not_before else now,
            priority,
        ),
    )
    assert row is not None
    return int(row[0])


# (channel, chat id, message, ticket id) of a row `enqueue_each` queues
NewRow = tuple[str, str, Outgoing, int | None]

_INSERT = (
    "INSERT INTO outbox (channel, chat_id, kind, payload, ticket_id, created_at, not_before, "
    "priority) "
)
_ENQUEUE_EACH_PG = (
    _INSERT + "SELECT m.channel, m.chat_id, m.kind, m.payload, m.ticket_id, ?, ?, 0 "
    "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[]) WITH ORDINALITY "
    "AS m(channel, chat_id, kind, payload, ticket_id, n) ORDER BY m.n"
)


async def enqueue_each(conn: Connection, rows: Sequence[NewRow]) -> None:
    """`enqueue` of several rows, each to its own chat and ticket (the notices of a
    delivered digest's tickets), to be sent now, in the order given: one statement on
    PostgreSQL (over arrays, one text whatever the count), an `executemany` on SQLite."""
    if not rows:
        return
    now = iso(utcnow())
    stored = [
        (channel, chat_id, *to_row(message), ticket) for channel, chat_id, message, ticket in rows
    ]
    if conn.dialect == "postgresql":
        columns = [list(column) for column in zip(*stored, strict=True)]
        await conn.execute(_ENQUEUE_EACH_PG, (now, now, *columns))
        return
    await conn.executemany(
        _INSERT + "VALUES (?, ?, ?, ?, ?, ?, ?, 0)", [(*row, now, now) for row in stored]
    )


# 8 parameters a row (4 bound, 4 written in): far below SQLite's 32,766 for a step's replies
_ENQUEUE_ROW = "(?, ?, ?, ?, NULL, ?, ?, 0)"


async def enqueue_many(
    conn: Connection, channel: str, messages: Sequence[tuple[str, Outgoing]]
) -> None:
    """Queue a step's messages, (chat id, message) each, to be sent now and in the order
    given: what `enqueue` does for each, in ONE statement (a step's replies were one
    INSERT each; bench/README.md, issue 21 session 29). The rows of a multi-row VALUES
    are inserted in their order, so their ids, which keep a chat's order
    (bot/outbox/sender.py), follow `messages`."""
    if not messages:
        return
    now = iso(utcnow())
    parameters: list[object] = []
    for chat_id, message in messages:
        parameters += (channel, chat_id, *to_row(message), now, now)
    await conn.execute(
        "INSERT INTO outbox (channel, chat_id, kind, payload, ticket_id, created_at, "
        f"not_before, priority) VALUES {', '.join([_ENQUEUE_ROW] * len(messages))}",
        parameters,
    )


async def rewrite_pending(conn: Connection, row_id: int, message: Outgoing) -> bool:
    """Replace the message of a row that has not started sending (a digest that grew,
    bot/officers/digests.py); False when it has started (its sender read it already)."""
    kind, payload = to_row(message)
    cursor = await conn.execute(
        "UPDATE outbox SET payload = ? WHERE id = ? AND kind = ? AND status = 'pending'",
        (payload, row_id, kind),
    )
    return cursor.rowcount == 1


async def open_rows(db: Database, channels: tuple[str, ...], limit: int = 500) -> list[OutboxRow]:
    """Unfinished rows in creation order (the sender keeps per-chat order from this)."""
    marks = ", ".join("?" * len(channels))
    sql = f"SELECT {ROW_COLUMNS} FROM outbox WHERE {unfinished(db.conn)} AND channel IN ({marks})"
    if db.conn.dialect == "postgresql":
        # The unfinished rows first (outbox_open_chat), then sorted: with `ORDER BY id
        # LIMIT` on the table the planner walks the primary key from the oldest row,
        # through every sent one, to the few unfinished ones at its end (EXPLAIN, 0017).
        sql = f"WITH open AS MATERIALIZED ({sql}) SELECT * FROM open"
    rows = await db.fetchall(f"{sql} ORDER BY id LIMIT ?", (*channels, limit))
    return [row_of(r) for r in rows]


@dataclass(frozen=True, slots=True)
class Head:
    """The scheduling facts of an unfinished row, without its payload (cheap to scan)."""

    id: int
    chat_id: str
    not_before: str


# priority DESC, id ASC as one number, so that SQLite's max() picks each chat's head row
# (ids stay far below 2**40).
_HEAD_RANK = "(priority << 40) - id"


async def open_heads(
    db: Database, channel: str, limit: int = 2000, pending_only: bool = False
) -> list[Head]:
    """`heads_in` on its own (a read, no transaction)."""
    async with db.reading() as conn:
        return await heads_in(conn, channel, limit, pending_only)


_HEADS_PG = "SELECT * FROM dumas_outbox_heads(?::text, ?::bigint, ?::boolean)"


async def heads_in(
    conn: Connection, channel: str, limit: int = 2000, pending_only: bool = False
) -> list[Head]:
    """The head of every chat with unfinished rows (its most urgent, then oldest row),
    heads in that same order, at most `limit` chats.

    Only a chat's head can be sent next (per-chat order), so the sender needs nothing
    else. Grouping in SQL matters when one chat has a long queue (a busy staff group
    holds hundreds of digests and cards): reading every unfinished row on every round
    cost the sender more than the deliveries did. The bare columns come from the row
    where max() is reached, as SQLite documents for a single min()/max() aggregate.

    `pending_only`: leave out the chats whose head is already 'sending' (in flight: the
    sender skips them anyway), never a row behind such a head.
    """
    if conn.dialect == "postgresql":
        # PostgreSQL has no bare columns: DISTINCT ON keeps each chat's first row in
        # (chat, rank) order, the same head. The read is the function
        # `dumas_outbox_heads` (migration 0024): planned there with sequential scans off,
        # it reads the open rows' partial index even when an ANALYZE taken during a
        # burst has the statistics call most of the outbox open.
        rows = await conn.execute_fetchall(_HEADS_PG, (channel, limit, pending_only))
        return [Head(r[0], r[1], r[2]) for r in rows]
    only = "WHERE status = 'pending' " if pending_only else ""
    sql = (
        "SELECT id, chat_id, not_before, head_rank FROM (SELECT id, chat_id, not_before, "
        f"status, MAX({_HEAD_RANK}) AS head_rank FROM outbox "
        "WHERE status IN ('pending', 'sending') AND channel = ? GROUP BY chat_id) "
        f"{only}ORDER BY head_rank DESC LIMIT ?"
    )
    rows = await conn.execute_fetchall(sql, (channel, limit))
    return [Head(r[0], r[1], r[2]) for r in rows]


async def mark_sent(db: Database, row_id: int, external_id: str | None) -> None:
    async with db.transaction() as conn:
        await mark_sent_in(conn, row_id, external_id)


# A row written for a chat whose citizen has just been erased (the /hapusdata answer)
# carries ERASE_AFTER_SEND in its payload: once it is sent (or fails for good), its chat id
# and payload are replaced by the erased marker in the same statement (no extra query on
# the hot path). The flag is set by bot/store/privacy.py `seal_in_flight`.
ERASE_AFTER_SEND = '"erase_after_send":true'  # as json_set writes it
_SENT = (
    "UPDATE outbox SET status = 'sent', sent_at = ?, external_id = ?, "
    "chat_id = CASE WHEN instr(payload, '" + ERASE_AFTER_SEND + "') > 0 THEN 'erased' "
    "ELSE chat_id END, payload = CASE WHEN instr(payload, '" + ERASE_AFTER_SEND + "') > 0 "
    "THEN '{\"redacted\": true}' ELSE payload END WHERE id = ?"
)


async def mark_sent_in(conn: Connection, row_id: int, external_id: str | None) -> None:
    await conn.execute(_SENT, (iso(utcnow()), external_id, row_id))


async def reschedule(db: Database, row_id: int, not_before: datetime, error: str) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE outbox SET status = 'pending', not_before = ?, last_error = ? WHERE id = ?",
            (iso(not_before), error[:500], row_id),
        )


async def mark_failed(db: Database, row_id: int, error: str) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE outbox SET status = 'failed', last_error = ?, chat_id = CASE WHEN "
            "instr(payload, '" + ERASE_AFTER_SEND + "') > 0 THEN 'erased' ELSE chat_id END, "
            "payload = CASE WHEN instr(payload, '" + ERASE_AFTER_SEND + "') > 0 THEN "
            "'{\"redacted\": true}' ELSE payload END WHERE id = ?",
            (error[:500], row_id),
        )


async def by_id(db: Database, row_id: int) -> OutboxRow | None:
    row = await db.fetchone(f"SELECT {ROW_COLUMNS} FROM outbox WHERE id = ?", (row_id,))
    return None if row is None else row_of(row)


async def rows_by_id(db: Database, ids: list[int]) -> dict[int, OutboxRow]:
    """The rows a sender round starts, in few queries."""
    async with db.reading() as conn:
        return await _rows_in(conn, ids)


async def start_attempts(db: Database, ids: list[int]) -> dict[int, OutboxRow]:
    """The rows a round starts, read as they are now, and marked 'sending' with one more
    attempt in the same transaction, before any request is made.

    Reading and marking together is what lets a digest collect tickets until the moment
    it is sent: the officers' code only adds to a digest still 'pending', so whatever was
    added before this transaction is in the payload read here, and nothing can be added
    after it. (Rows no longer unfinished are left out.) On PostgreSQL, with several
    instances, the rows are read by the UPDATE that marks them (`_START_PG`): a plain
    read would not wait for another instance's transaction that is rewriting a digest,
    and would send the payload from before it while that transaction's ticket is never
    listed (found by bench/bench_instances.py: one forwarded notice missing per run).

    PostgreSQL: the read and the mark are one statement (`start_attempts_in`), run in
    autocommit (`Database.single_write`; on SQLite a transaction): atomic by itself, its
    row locks held to its commit as in a transaction of its own, without the BEGIN and
    COMMIT statements (two executions and round trips a round; bench/README.md "Session
    35: transactions per update on PostgreSQL")."""
    if not ids:
        return {}
    async with db.single_write() as conn:  # SQLite: a transaction (two statements there)
        return await start_attempts_in(conn, ids)


async def start_attempts_in(conn: Connection, ids: list[int]) -> dict[int, OutboxRow]:
    """`start_attempts` inside a transaction the caller commits (the sender writes the
    "sent" marks of finished rows in the same one)."""
    if not ids:
        return {}
    if conn.dialect == "postgresql":
        # One statement instead of a read and one UPDATE per row (asyncpg's executemany
        # is one round trip but one execution per row on the server): 1.8 executions
        # per update less, bench/README.md "Session 32: PostgreSQL CPU per update".
        rows = await conn.execute_fetchall(_START_PG, (ids,))
        return {r[0]: row_of(r) for r in rows}
    found = await _rows_in(conn, ids, unfinished_only=True)  # SQLite: one writer
    await conn.executemany(
        "UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?",
        [(row_id,) for row_id in found],
    )
    return found


# PostgreSQL: the rows marked and read as they are, by the UPDATE alone. An UPDATE waits
# for a transaction that holds or rewrote a row (a digest's adder: `staff_digests`'s
# FOR UPDATE) and, under READ COMMITTED, re-checks its WHERE on the row as committed and
# updates that version (EvalPlanQual), so RETURNING answers the payload written while it
# waited, as the read FOR UPDATE did before session 38. That read took a row lock first,
# a Heap/LOCK WAL record and a dirtied page per row started (1.8 per update), and locked
# nothing the UPDATE's own lock does not: both are held to the commit. The answer keeps
# the SQLite path's "as read before the mark": `attempts` is the marked value less one
# (exact: the mark adds one to the version it updates) and `status` is read by a scalar
# subquery, which sees the statement's snapshot, the row before this statement's mark
# (a pending row or one a crashed sender left 'sending'; the sender reads only
# `attempts`). bench/README.md "Session 38: row locks and row versions per update".
# The UPDATE is the function `dumas_outbox_start` (migration 0023): planned there with
# sequential scans off, it probes the primary key however small the outbox was when the
# connection planned it (a plan kept from a one-page outbox read the whole table at every
# round as it grew; bench/README.md "Session 39: outbox plans").
_START_PG = "SELECT * FROM dumas_outbox_start(?::bigint[])"


async def _rows_in(
    conn: Connection, ids: list[int], unfinished_only: bool = False
) -> dict[int, OutboxRow]:
    found: dict[int, OutboxRow] = {}
    condition = " AND status IN ('pending', 'sending')" if unfinished_only else ""
    for start in range(0, len(ids), 500):  # SQLite's limit on bound parameters
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for r in await conn.execute_fetchall(
            f"SELECT {ROW_COLUMNS} FROM outbox WHERE id IN ({marks}){condition}", tuple(chunk)
        ):
            found[r[0]] = row_of(r)
    return found


async def mark_many_sent(conn: Connection, delivered: list[tuple[int, str | None]]) -> None:
    now = iso(utcnow())
    if conn.dialect == "postgresql":
        # one execution for the batch, not one per row (see `start_attempts_in`)
        if delivered:
            await conn.execute(
                _SENT_MANY_PG,
                (now, [row_id for row_id, _ in delivered], [e for _, e in delivered]),
            )
        return
    await conn.executemany(_SENT, [(now, external_id, row_id) for row_id, external_id in delivered])


# `_SENT` for many rows at once, each with its external id (PostgreSQL): the function
# `dumas_outbox_sent` (migration 0023, planned with sequential scans off, as
# `_START_PG`), which joins the ids to the outbox by its primary key.
_SENT_MANY_PG = "SELECT dumas_outbox_sent(?, ?::bigint[], ?::text[])"


# PostgreSQL: `_SENT_MANY_PG` and `heads_in(pending_only=True)` as read after it, in one
# statement (the function `dumas_outbox_sent_heads`, migration 0023). The heads' read
# sees the table as it was before the marks (one snapshot for the statement), so it
# leaves the marked rows out by id: each becomes 'sent' (the marks have no condition),
# and its chat's next unfinished row is the chat's head, as a read after the marks finds it.
_SENT_MANY_HEADS_PG = "SELECT * FROM dumas_outbox_sent_heads(?, ?::bigint[], ?::text[], ?, ?)"


async def mark_many_sent_reading_heads(
    conn: Connection, delivered: list[tuple[int, str | None]], channel: str, limit: int = 2000
) -> list[Head] | None:
    """`mark_many_sent`, and on PostgreSQL also the heads `heads_in(conn, channel, limit,
    pending_only=True)` reads after the marks, in ONE statement: the sender's marks and
    the round that follows them share a statement as they share a COMMIT (a statement
    execution and round trip less per marks' transaction; bench/README.md "Session 35:
    transactions per update on PostgreSQL"). None on SQLite (statements there cost no
    round trip): the marks are written, and the heads are `heads_in`'s to read."""
    if conn.dialect != "postgresql" or not delivered:
        await mark_many_sent(conn, delivered)
        return None
    ids = [row_id for row_id, _ in delivered]
    rows = await conn.execute_fetchall(
        _SENT_MANY_HEADS_PG,
        (iso(utcnow()), ids, [e for _, e in delivered], channel, limit),
    )
    return [Head(r[0], r[1], r[2]) for r in rows]


async def failed_count(db: Database) -> int:
    # PostgreSQL's `outbox_failed` names `phase` (migration 0017), SQLite's `status`
    failed = "phase" if db.conn.dialect == "postgresql" else "status"
    row = await db.fetchone(f"SELECT COUNT(*) FROM outbox WHERE {failed} = 'failed'")
    return int(row[0]) if row else 0


def waiting_card(conn: Connection, alias: str = "") -> str:
    """The condition of a card or digest not delivered yet (what `waiting_cards` counts),
    on the outbox row named by `alias` ("o."): one wording for every count of them."""
    return f"{alias}kind IN ('card', 'digest') AND {unfinished(conn, alias)}"


async def waiting_cards(conn: Connection, chat_id: str) -> int:
    """Cards and digests for this group not delivered yet."""
    async with conn.execute(
        f"SELECT COUNT(*) FROM outbox WHERE chat_id = ? AND {waiting_card(conn)}",
        (chat_id,),
    ) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0
