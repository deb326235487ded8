"""bot/store/connection.py: one thread at a time inside the SQLite connection.

Twice in CI (sessions 41 and 43) a pytest worker died of a segmentation fault in a
worker thread while a test started and stopped a runtime. The cause: a task cancelled
while its COMMIT (or a slow read) ran on a worker thread went on at once (a thread cannot
be stopped), so its ROLLBACK, the next holder of the store's lock or the connection's
close used the connection while the thread still did, and CPython's sqlite3 module
crashes on that. tests/store/segv_stress.py reproduces the crash through the real code.

Here the sqlite3 connection is wrapped in one that counts the threads inside it at once
and can hold a statement inside (as a slow fsync would), so each race is played in the
same order every time, without touching SQLite concurrently (the held statement reaches
SQLite only when let go): a test fails instead of crashing on the old code.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.store.database import Database

INSERT = (
    "INSERT INTO citizens (channel, external_id, chat_id, created_at) "
    "VALUES ('telegram', '1', '1', 'now')"
)
SLOW_READ = "SELECT count(*) FROM citizens"


class _Counted:
    """A sqlite3 connection that counts the threads inside it at once (`most`), and holds
    the statement `hold` inside until `go` is set (`entered` says it is inside)."""

    def __init__(self, raw: sqlite3.Connection, hold: str) -> None:
        self._raw = raw
        self._hold = hold
        self._guard = threading.Lock()
        self.inside = 0
        self.most = 0
        self.entered = threading.Event()
        self.go = threading.Event()

    @contextmanager
    def _in(self) -> Iterator[None]:
        with self._guard:
            self.inside += 1
            self.most = max(self.most, self.inside)
        try:
            yield
        finally:
            with self._guard:
                self.inside -= 1

    def execute(self, sql: str, parameters: Any = ()) -> sqlite3.Cursor:
        with self._in():
            if sql == self._hold:
                self.entered.set()
                self.go.wait(30)  # bounded: a broken fix fails instead of hanging
            return self._raw.execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any) -> sqlite3.Cursor:
        with self._in():
            return self._raw.executemany(sql, parameters)

    def close(self) -> None:
        with self._in():
            self._raw.close()

    @property
    def in_transaction(self) -> bool:
        with self._in():
            return self._raw.in_transaction

    @property
    def row_factory(self) -> Any:
        return self._raw.row_factory


async def _write(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute(INSERT)


async def _read_slowly(db: Database) -> None:
    await db.fetchall_slow(SLOW_READ)


@pytest.mark.parametrize(
    ("hold", "work"),
    [("COMMIT", _write), (SLOW_READ, _read_slowly)],
    ids=["a transaction's COMMIT", "a slow read"],
)
async def test_a_task_cancelled_while_its_thread_uses_the_connection_waits_for_it(
    tmp_path: Path, hold: str, work: Callable[[Database], Awaitable[None]]
) -> None:
    db = await Database(tmp_path / "s.sqlite3").open()
    counted = _Counted(db.conn.raw, hold)
    db.conn.raw = counted  # type: ignore[assignment]
    task = asyncio.create_task(work(db))
    assert await asyncio.to_thread(counted.entered.wait, 30)
    task.cancel()  # as a runtime's stop cancels its tasks ...
    closing = asyncio.create_task(db.close())  # ... and then closes the store
    for _ in range(20):  # turns enough for the cancelled task to roll back and let go
        await asyncio.sleep(0)
    left_early = task.done()
    counted.go.set()
    with pytest.raises(asyncio.CancelledError):
        await task
    await closing
    assert not left_early, "the cancelled task let go of the store while its thread ran"
    assert counted.most == 1, "two threads were inside the connection at once"
    if hold == "COMMIT":  # the COMMIT under way when cancelled is not undone
        reopened = await Database(tmp_path / "s.sqlite3").open()
        try:
            assert (await reopened.fetchone("SELECT count(*) FROM citizens"))[0] == 1  # type: ignore[index]
        finally:
            await reopened.close()


async def test_a_statement_outside_the_stores_lock_waits_for_the_thread(tmp_path: Path) -> None:
    """The second guard: a statement that reached the connection without the store's lock
    (a bug elsewhere) waits on the loop's thread for the worker thread's work to end."""
    db = await Database(tmp_path / "s.sqlite3").open()
    try:
        counted = _Counted(db.conn.raw, SLOW_READ)
        db.conn.raw = counted  # type: ignore[assignment]
        slow = asyncio.create_task(db.fetchall_slow(SLOW_READ))
        assert await asyncio.to_thread(counted.entered.wait, 30)
        # The statement below blocks the loop's thread until the slow read is let go,
        # so it is let go from another thread.
        threading.Timer(0.2, counted.go.set).start()
        rows = await db.conn.execute_fetchall("SELECT 1")  # deliberately without the lock
        assert rows[0][0] == 1
        assert (await slow)[0][0] == 0
        assert counted.most == 1, "two threads were inside the connection at once"
    finally:
        counted.go.set()
        await db.close()
