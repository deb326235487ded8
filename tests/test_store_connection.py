"""The main store's connection: statements on the loop's thread, COMMIT and slow work on a
worker thread, so neither a disk flush nor a long scan stalls the event loop."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from bot.store.database import Database


async def test_commit_runs_off_the_loop_thread_and_statements_on_it(tmp_path: Path) -> None:
    db = await Database(tmp_path / "s.sqlite3").open()
    try:
        seen: list[tuple[str, int]] = []
        db.conn.raw.set_trace_callback(lambda sql: seen.append((sql, threading.get_ident())))
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO citizens (channel, external_id, chat_id, "
                "created_at) VALUES ('telegram', '1', '1', 'now')"
            )
        db.conn.raw.set_trace_callback(None)
        loop_thread = threading.get_ident()
        threads = {sql.split()[0]: ident for sql, ident in seen}
        assert threads["BEGIN"] == loop_thread and threads["INSERT"] == loop_thread
        assert threads["COMMIT"] != loop_thread
        row = await db.fetchone("SELECT COUNT(*) FROM citizens")
        assert row is not None and row[0] == 1
    finally:
        await db.close()


async def test_slow_work_leaves_the_loop_free(tmp_path: Path) -> None:
    db = await Database(tmp_path / "s.sqlite3").open()
    try:
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.001)

        task = asyncio.create_task(ticker())
        await asyncio.sleep(0.01)
        before = ticks
        # a deliberately slow query (a large recursive count) through the slow path
        rows = await db.fetchall_slow(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) "
            "SELECT COUNT(*) FROM n"
        )
        during = ticks - before
        task.cancel()
        assert rows[0][0] == 3_000_000
        assert during >= 5, during  # the loop kept running while SQLite counted
    finally:
        await db.close()
