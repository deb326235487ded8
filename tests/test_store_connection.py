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


async def _synchronous(db: Database) -> int:
    row = await db.fetchone("PRAGMA synchronous")
    assert row is not None
    return int(row[0])


async def test_a_light_transaction_commits_on_the_loop_without_fsync_and_restores_full(
    tmp_path: Path,
) -> None:
    """`durable=False` (the outbox's "sending" mark): synchronous=NORMAL for that commit
    only, on the loop's thread; every other transaction stays FULL, also after a failure."""
    db = await Database(tmp_path / "s.sqlite3").open()
    try:
        full, normal = 2, 1  # https://sqlite.org/pragma.html#pragma_synchronous
        assert await _synchronous(db) == full
        seen: list[tuple[str, int]] = []
        db.conn.raw.set_trace_callback(lambda sql: seen.append((sql, threading.get_ident())))
        levels: list[int] = []
        async with db.transaction(durable=False) as conn:
            levels.append((await (await conn.execute("PRAGMA synchronous")).fetchone())[0])
            await conn.execute(
                "INSERT INTO citizens (channel, external_id, chat_id, "
                "created_at) VALUES ('telegram', '1', '1', 'now')"
            )
        db.conn.raw.set_trace_callback(None)
        assert levels == [normal]
        commits = [ident for sql, ident in seen if sql.startswith("COMMIT")]
        assert commits == [threading.get_ident()]
        assert await _synchronous(db) == full
        try:
            async with db.transaction(durable=False) as conn:
                raise RuntimeError("a bug inside")
        except RuntimeError:
            pass
        assert await _synchronous(db) == full
        row = await db.fetchone("SELECT COUNT(*) FROM citizens")
        assert row is not None and row[0] == 1
    finally:
        await db.close()
