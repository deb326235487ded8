"""The sender's hot outbox statements on PostgreSQL read the rows they name through an
index, whatever the table held when the statement was planned (bench/README.md "Session
39: outbox plans").

The store's statements are named prepared statements: after five executions the server
keeps one generic plan for the connection's life, planned on the table as it was then. An
instance plans them at its first rounds, on a nearly empty outbox, where a sequential
scan is the cheaper plan; kept, that plan read the whole outbox at every round as it grew
(session 38: ~0.2 whole-table scans per update). Here the connection plans generically
from the first execution (`plan_cache_mode = force_generic_plan`, what the fifth
execution settles on), on a one-page outbox; thousands of sent rows are then added, and
each statement's sequential reads of the outbox are counted, in rows
(`pg_stat_xact_user_tables`: this transaction's own counts).
PostgreSQL only: SQLite has no plan cache (each statement is planned when prepared, and
its rowid lookups need no statistics).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.outbox.messages import CitizenReply
from bot.store import outbox
from bot.store.connection import Connection
from bot.store.postgres import PostgresDatabase
from flows.events import Reply

SENT_ROWS = 3000


async def _queue(db: PostgresDatabase, chats: list[str]) -> list[int]:
    async with db.transaction() as conn:
        return [
            await outbox.enqueue(
                conn, channel="telegram", chat_id=chat, message=CitizenReply(Reply("hai"), "id")
            )
            for chat in chats
        ]


async def _rows_read(conn: Connection, step: Callable[[], Awaitable[Any]]) -> tuple[int, int]:
    """The outbox rows `step` read (inside the caller's transaction): by sequential scans,
    and through indexes (a whole index read instead of the table would show here)."""

    async def read() -> tuple[int, int]:
        rows = await conn.execute_fetchall(
            "SELECT coalesce(seq_tup_read, 0), coalesce(idx_tup_fetch, 0) "
            "FROM pg_stat_xact_user_tables WHERE relname = 'outbox'"
        )
        return int(rows[0][0]), int(rows[0][1])

    seq_before, index_before = await read()
    await step()
    seq_after, index_after = await read()
    return seq_after - seq_before, index_after - index_before


async def _round(db: PostgresDatabase, chats: list[str]) -> dict[str, tuple[int, int]]:
    """Rows queued, started and marked sent as the sender does, and the rows each of the
    sender's statements read sequentially."""
    ids = await _queue(db, chats)
    read: dict[str, tuple[int, int]] = {}
    async with db.transaction() as conn:
        read["heads"] = await _rows_read(
            conn, lambda: outbox.heads_in(conn, "telegram", pending_only=True)
        )
        read["start"] = await _rows_read(conn, lambda: outbox.start_attempts_in(conn, ids))
        read["marks"] = await _rows_read(
            conn,
            lambda: outbox.mark_many_sent_reading_heads(
                conn, [(i, f"m{i}") for i in ids], "telegram"
            ),
        )
    return read


async def test_the_senders_statements_planned_on_a_small_outbox_read_no_whole_table(
    pg: PostgresDatabase,
) -> None:
    assert pg._pg is not None
    await pg._pg.raw.execute("SET plan_cache_mode = force_generic_plan")
    await _round(pg, ["c1", "c2"])  # each statement planned here, on a one-page outbox
    async with pg.transaction() as conn:
        await conn.execute(
            "INSERT INTO outbox (channel, chat_id, kind, payload, created_at, not_before, "
            "status, sent_at) SELECT 'telegram', 'c' || (g % 500), 'reply', '{}', 'x', 'x', "
            f"'sent', 'x' FROM generate_series(1, {SENT_ROWS}) g"
        )
    read = await _round(pg, ["c3", "c4"])
    # Each statement names two rows (and the heads' reads, the chats' open rows): a plan
    # kept from the small table read all 3,004 by a sequential scan.
    assert {step: seq for step, (seq, _) in read.items()} == {"heads": 0, "start": 0, "marks": 0}
    assert all(through_index <= 10 for _, through_index in read.values()), read
