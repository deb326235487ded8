"""The rows a step read from one table on PostgreSQL, sequentially and through indexes:
the store tests' check that a statement kept no plan reading a whole table
(bench/README.md "Session 39: outbox plans" and "Session 39: other sequential scans")."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.store.connection import Connection


async def rows_read(
    conn: Connection, table: str, step: Callable[[], Awaitable[Any]]
) -> tuple[int, int]:
    """The rows of `table` that `step` read inside the caller's transaction
    (`pg_stat_xact_user_tables`: this transaction's own counts): by sequential scans, and
    through indexes (a whole index read instead of the table would show here)."""

    async def read() -> tuple[int, int]:
        rows = await conn.execute_fetchall(
            "SELECT coalesce(seq_tup_read, 0), coalesce(idx_tup_fetch, 0) "
            "FROM pg_stat_xact_user_tables WHERE relname = ?",
            (table,),
        )
        return int(rows[0][0]), int(rows[0][1])

    seq_before, index_before = await read()
    await step()
    seq_after, index_after = await read()
    return seq_after - seq_before, index_after - index_before
