"""The store's SQLite connection, driven from the event loop's own thread.

aiosqlite runs every statement on a worker thread: each `await conn.execute(...)` is a
round trip between that thread and the event loop. A ticket's transaction is ~30
statements, and under load each round trip waits for the loop to come round to it, so
the store's single connection stayed "busy" mostly while waiting for the loop (the
confirming step's replies queued behind it; bench/README.md, third session).

SQLite's own work for our statements is microseconds (small indexed reads and writes in
the page cache), so here statements run inline, on the loop's thread, and only what can
block for long goes to a thread: COMMIT (with synchronous=FULL it waits for the disk) and
whatever a caller marks as slow (`Connection.in_thread`). The interface is the subset of
aiosqlite's that the store uses (`execute` awaitable or `async with`, `executemany`,
`execute_fetchall`, cursors with `fetchone`/`fetchall`/`lastrowid`/`rowcount`), so the
store's modules read the same.

Access is serialized by `Database`'s lock; the connection is opened with
`check_same_thread=False` because COMMIT runs on a worker thread while the loop waits.
Two things keep that true (session 44: a worker thread segfaulted in two CI runs):

* `off_loop` returns only once the thread's work is done, even when its caller is
  cancelled meanwhile (a runtime's stop). A thread cannot be stopped: `asyncio.to_thread`
  alone let the cancelled caller go on while COMMIT still ran, so the transaction's
  ROLLBACK, the next holder of `Database`'s lock or the connection's close used the
  connection at the same time, and CPython's sqlite3 module is not safe for that (its
  statement cache and cursors; https://github.com/python/cpython/issues/146471).
* Every use of the raw connection through this module holds `Connection.held` (a thread
  lock), on whichever thread it runs: should anything ever reach the connection outside
  `Database`'s lock, it waits instead of crashing the process.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import sqlite3
import threading
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from enum import Enum
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

T = TypeVar("T")
Params = Sequence[Any] | Mapping[str, Any]

# Statements that wait for the disk: run off the loop's thread.
_BLOCKING = ("COMMIT", "END", "PRAGMA WAL_CHECKPOINT", "VACUUM", "PRAGMA INTEGRITY_CHECK")


async def off_loop(work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """The one way this module leaves the loop's thread (bench_engine.py counts these).

    Returns (or raises) only once `work` has returned on its thread, also when the caller
    is cancelled meanwhile: the cancellation goes on after that. The caller holds the
    store's lock, and the thread keeps using the connection until `work` ends."""
    loop = asyncio.get_running_loop()
    # what asyncio.to_thread does: the caller's context variables go with the work
    call = functools.partial(contextvars.copy_context().run, work, *args, **kwargs)
    running = loop.run_in_executor(None, call)
    try:
        return await asyncio.shield(running)
    except asyncio.CancelledError:
        await _outlast(running)
        raise


async def _outlast(running: asyncio.Future[Any]) -> None:
    """Wait for `running` to end, however often the waiting task is cancelled meanwhile."""
    while not running.done():
        try:
            await asyncio.shield(running)
        except asyncio.CancelledError:
            continue
        except BaseException:  # the work's own error: the caller's cancellation wins
            return


class Cursor:
    """A finished statement's rows (fetched lazily, like sqlite3's cursor)."""

    __slots__ = ("_cursor", "_held")

    def __init__(self, cursor: sqlite3.Cursor, held: threading.Lock) -> None:
        self._cursor = cursor
        self._held = held  # the connection's (`Connection.held`): fetching steps a statement

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    async def fetchone(self) -> Any:
        with self._held:
            return self._cursor.fetchone()

    async def fetchall(self) -> list[Any]:
        with self._held:
            return self._cursor.fetchall()

    async def close(self) -> None:
        with self._held:
            self._cursor.close()

    async def __aenter__(self) -> Cursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


class _Statement:
    """What `Connection.execute` returns: await it, or use it with `async with`. The
    statement runs when awaited: inline on the loop's thread, or on a worker thread if it
    may wait for the disk (`blocking`)."""

    __slots__ = ("_conn", "_sql", "_parameters", "_blocking", "_cursor")

    def __init__(self, conn: Connection, sql: str, parameters: Params, blocking: bool) -> None:
        self._conn = conn
        self._sql = sql
        self._parameters = parameters
        self._blocking = blocking
        self._cursor: Cursor | None = None

    async def _start(self) -> Cursor:
        conn = self._conn
        if self._blocking:
            raw = await conn.on_thread(_execute, self._sql, self._parameters)
        else:
            with conn.held:
                raw = conn.raw.execute(self._sql, self._parameters)
        self._cursor = Cursor(raw, conn.held)
        return self._cursor

    def __await__(self) -> Generator[Any, None, Cursor]:
        return self._start().__await__()

    async def __aenter__(self) -> Cursor:
        return await self._start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._cursor is not None:
            await self._cursor.close()


class Durability(Enum):
    """When a write's COMMIT may return (docs/reliability.md "Durability settings").

    AT_COMMIT: once the write is on disk. Whatever acts outside on it (a platform's
    acknowledgement, a request to Telegram or Twilio, a file deleted) may follow at once.
    The default of every transaction.

    DEFERRED (PostgreSQL; SQLite's synchronous=FULL is unchanged, one process): before
    its WAL is flushed (`synchronous_commit = off` for that transaction alone). The WAL
    is one sequence, so the next AT_COMMIT commit of any connection, or the WAL writer
    within ~3 x wal_writer_delay, makes it durable too; a server crash before that loses
    it whole. Only for a write nothing outside acts on before a later AT_COMMIT commit:
    a step (its replies leave only after the sender's 'sending' mark, AT_COMMIT; lost,
    its inbox row is pending again and handled again, nothing sent yet), a citizen's
    arrival, an evidence claim (bench/README.md "Session 38: asynchronous commits")."""

    AT_COMMIT = "at_commit"
    DEFERRED = "deferred"


class Connection:
    """The store's connection interface (and its SQLite implementation; the PostgreSQL
    one is bot/store/postgres.py `PgConnection`)."""

    dialect = "sqlite"
    # The durability asked for the write in progress (`Database.transaction` and
    # `single_write` set it; PostgreSQL's statements read it: `database.deferral`).
    durability: Durability = Durability.AT_COMMIT

    def __init__(self, raw: sqlite3.Connection) -> None:
        self.raw = raw
        # Held by every use of `raw` here, on the loop's thread or a worker's: one thread
        # inside the sqlite3 module's connection at a time (the module docstring says why).
        self.held = threading.Lock()

    @classmethod
    async def open(cls, path: Path | str) -> Connection:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so nothing commits behind
        # our back and a transaction spans exactly the statements we put in it.
        raw = await off_loop(
            sqlite3.connect, str(path), isolation_level=None, check_same_thread=False
        )
        return cls(raw)

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open (False once SQLite rolled one back by itself,
        e.g. on a full disk)."""
        with self.held:
            return self.raw.in_transaction

    @property
    def row_factory(self) -> Any:
        return self.raw.row_factory

    @row_factory.setter
    def row_factory(self, factory: Any) -> None:
        with self.held:
            self.raw.row_factory = factory

    def execute(self, sql: str, parameters: Params = ()) -> _Statement:
        return _Statement(self, sql, parameters, _blocking(sql))

    async def executemany(self, sql: str, parameters: Iterable[Params]) -> Cursor:
        with self.held:
            return Cursor(self.raw.executemany(sql, parameters), self.held)

    async def execute_fetchall(self, sql: str, parameters: Params = ()) -> list[Any]:
        with self.held:
            cursor = self.raw.execute(sql, parameters)
            try:
                return cursor.fetchall()
            finally:
                cursor.close()

    async def execute_slow(self, sql: str, parameters: Params = ()) -> None:
        """A write that may take long (a purge over a large inbox): on SQLite it runs on a
        worker thread so it does not stall the loop."""
        await self.on_thread(_execute, sql, parameters)

    async def in_thread(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work(raw connection)` on a worker thread: for statements that may take
        long (a purge over a large inbox, an export) and must not stall the loop.
        Returns only once `work` is done, even if cancelled meanwhile (`off_loop`)."""
        return await self.on_thread(work)

    async def on_thread(self, work: Callable[..., T], *args: Any) -> T:
        """`work(raw connection, *args)` on a worker thread, holding `held`."""
        return await off_loop(self._holding, work, *args)

    def _holding(self, work: Callable[..., T], *args: Any) -> T:
        with self.held:
            return work(self.raw, *args)

    async def set_trace_callback(self, callback: Callable[[str], object] | None) -> None:
        with self.held:
            self.raw.set_trace_callback(callback)

    async def close(self) -> None:
        await self.on_thread(_close)


def _execute(raw: sqlite3.Connection, sql: str, parameters: Params) -> sqlite3.Cursor:
    return raw.execute(sql, parameters)


def _close(raw: sqlite3.Connection) -> None:
    raw.close()


@functools.lru_cache(maxsize=1024)
def _blocking(sql: str) -> bool:
    """Whether a statement may wait for the disk (the store's statements are a few
    hundred constant texts: each is looked at once, not upper-cased on every run)."""
    return sql.lstrip().upper().startswith(_BLOCKING)
