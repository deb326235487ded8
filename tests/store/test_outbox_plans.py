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

from bot.outbox.messages import CitizenReply
from bot.store import outbox
from bot.store.postgres import PostgresDatabase
from flows.events import Reply
from tests.store.rows_read import rows_read

SENT_ROWS = 3000


async def _queue(db: PostgresDatabase, chats: list[str]) -> list[int]:
    async with db.transaction() as conn:
        return [
            await outbox.enqueue(
                conn, channel="telegram", chat_id=chat, message=CitizenReply(Reply("hai"), "id")
            )
            for chat in chats
        ]


async def _round(db: PostgresDatabase, chats: list[str]) -> dict[str, tuple[int, int]]:
    """Rows queued, started and marked sent as the sender does, and the rows each of the
    sender's statements read sequentially."""
    ids = await _queue(db, chats)
    read: dict[str, tuple[int, int]] = {}
    async with db.transaction() as conn:
        read["heads"] = await rows_read(
            conn, "outbox", lambda: outbox.heads_in(conn, "telegram", pending_only=True)
        )
        read["start"] = await rows_read(conn, "outbox", lambda: outbox.start_attempts_in(conn, ids))
        read["marks"] = await rows_read(
            conn,
            "outbox",
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


async def test_the_heads_read_after_an_analyze_of_a_busy_young_outbox_reads_no_whole_table(
    pg: PostgresDatabase,
) -> None:
    # A burst on a young outbox: thousands of rows queued, none sent yet, and the
    # statistics taken then (autovacuum's ANALYZE) call nearly every row open.
    async with pg.transaction() as conn:
        await conn.execute(
            "INSERT INTO outbox (channel, chat_id, kind, payload, created_at, not_before) "
            f"SELECT 'telegram', 'c' || (g % 500), 'reply', '{{}}', 'x', 'x' "
            f"FROM generate_series(1, {SENT_ROWS}) g"
        )
    assert pg._pg is not None
    await pg._pg.raw.execute("ANALYZE outbox")
    # ...then sent, with no ANALYZE since: two chats have a row waiting.
    async with pg.transaction() as conn:
        await conn.execute("UPDATE outbox SET status = 'sent', sent_at = 'x'")
    await _queue(pg, ["c1", "c2"])
    async with pg.transaction() as conn:
        for pending_only in (False, True):
            heads: list[outbox.Head] = []

            async def read(found: list[outbox.Head] = heads, only: bool = pending_only) -> None:
                found.extend(await outbox.heads_in(conn, "telegram", pending_only=only))

            seq, through_index = await rows_read(conn, "outbox", read)
            # Planned from those statistics, the read scanned all 3,002 rows for two heads.
            assert (seq, sorted(h.chat_id for h in heads)) == (0, ["c1", "c2"]), pending_only
            assert through_index <= 10, through_index
