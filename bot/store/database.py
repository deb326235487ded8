"""The SQLite database: opening it, applying numbered migrations, and transactions.

Dumas keeps everything in one SQLite file under the data directory, in WAL mode. All
writes go through one connection guarded by an asyncio lock, so a transaction is never
interleaved with another task's statements; `Database.transaction()` is the only way to
write, and it commits or rolls back as a whole (invariant 2: a state change and the
messages it causes commit together).

Durability: `synchronous=FULL` by default, so a commit is on disk before the platform is
acknowledged, even across a power cut (`Database(synchronous="normal")` would trade the
last transactions on power loss, never on a process crash, for fewer fsyncs).

The main store runs its statements on the event loop's thread and only COMMIT (and
whatever is marked slow) on a worker thread (bot/store/connection.py says why). The intake
journal (`threaded=True`) uses aiosqlite, which runs every statement on its own thread: its
transactions are a single batch insert whose commit the acknowledgements wait for.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import aiosqlite

from bot.store.connection import Connection

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
log = logging.getLogger(__name__)


class StoreFullError(RuntimeError):
    """The disk holding the data directory is full; nothing was written."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """Store times as ISO UTC text; comparable as strings because the format is fixed."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_iso(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def migrations(directory: Path = MIGRATIONS_DIR) -> list[tuple[int, str, str]]:
    """(version, name, sql) for every file NNNN_name.sql, in order."""
    found = []
    for path in sorted(directory.glob("[0-9][0-9][0-9][0-9]_*.sql")):
        found.append((int(path.name[:4]), path.stem, path.read_text(encoding="utf-8")))
    return found


class Database:
    """One SQLite file, one writing connection, numbered migrations."""

    def __init__(
        self,
        path: Path,
        synchronous: str = "full",
        migrations_dir: Path = MIGRATIONS_DIR,
        threaded: bool = False,
    ) -> None:
        self.path = path
        self.synchronous = synchronous
        # Another file with its own schema (the intake journal) brings its own migrations.
        self.migrations_dir = migrations_dir
        self.threaded = threaded
        self._conn: Connection | None = None
        self._lock = asyncio.Lock()
        # Set when a write failed because the disk is full; cleared when new events can be
        # stored again (bot.ingest), not by any small update that happens to fit.
        # /healthz reports it, so operators see the cause, not just missing replies.
        self.full_since: datetime | None = None

    async def open(self) -> Database:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.threaded:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves (see Connection.open).
            # aiosqlite's connection offers the subset of methods `Connection` has.
            self._conn = cast(Connection, await aiosqlite.connect(self.path, isolation_level=None))
        else:
            self._conn = await Connection.open(self.path)
        self._conn.row_factory = sqlite3.Row
        await self._conn.execute("PRAGMA journal_mode=WAL")
        await self._conn.execute(f"PRAGMA synchronous={self.synchronous.upper()}")
        await self._conn.execute("PRAGMA foreign_keys=ON")
        await self._conn.execute("PRAGMA busy_timeout=5000")
        # Erased personal data must not survive in freed space of the file: SQLite
        # overwrites deleted content with zeros (https://sqlite.org/pragma.html#pragma_secure_delete).
        await self._conn.execute("PRAGMA secure_delete=ON")
        await self.migrate()
        return self

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    async def __aenter__(self) -> Database:
        return await self.open()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def conn(self) -> Connection:
        if self._conn is None:
            raise RuntimeError("database is not open")
        return self._conn

    async def schema_version(self) -> int:
        async with self.conn.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self) -> list[str]:
        """Apply every migration newer than PRAGMA user_version, each in its own transaction."""
        applied = []
        current = await self.schema_version()
        for version, name, sql in migrations(self.migrations_dir):
            if version <= current:
                continue
            async with self._lock:
                await self.conn.execute("BEGIN IMMEDIATE")
                try:
                    for statement in _split_sql(sql):
                        await self.conn.execute(statement)
                    await self.conn.execute(f"PRAGMA user_version={version}")
                    await self.conn.execute("COMMIT")
                except BaseException:
                    await self.conn.execute("ROLLBACK")
                    raise
            log.info("applied migration %s", name)
            applied.append(name)
        return applied

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception."""
        async with self._lock:
            conn = self.conn
            await conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                await conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                await _rollback(conn)
                if "disk is full" in str(exc) or "database or disk is full" in str(exc):
                    if self.full_since is None:
                        self.full_since = utcnow()
                        log.critical(
                            "the disk holding %s is full: nothing new can be stored "
                            "until space is freed",
                            self.path,
                        )
                    raise StoreFullError(str(exc)) from exc
                raise
            except BaseException:
                await _rollback(conn)
                raise

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[Connection]:
        """Reads share the writer's lock: one connection, statements never interleave."""
        async with self._lock:
            yield self.conn

    async def fetchall(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        # execute_fetchall: one hop to the connection's thread (execute + fetchall +
        # close of a cursor would be three).
        async with self.reading() as conn:
            return list(await conn.execute_fetchall(sql, params))

    async def fetchall_slow(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        """A query that may read many rows (reports): run on a worker thread."""
        async with self.reading() as conn:
            return await conn.in_thread(lambda raw: raw.execute(sql, params).fetchall())

    async def fetchone(self, sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Row | None:
        async with self.reading() as conn:
            return await fetch_first(conn, sql, params)

    async def integrity_check(self) -> str:
        row = await self.fetchone("PRAGMA integrity_check")
        return str(row[0]) if row else "no answer"


async def fetch_first(
    conn: Connection, sql: str, params: tuple[Any, ...] = ()
) -> sqlite3.Row | None:
    """The first row of a query in one hop to the connection's thread (hot paths)."""
    rows = await conn.execute_fetchall(sql, params)
    for row in rows:
        return row
    return None


async def _rollback(conn: Connection) -> None:
    # SQLite may already have rolled back by itself (e.g. after SQLITE_FULL).
    with contextlib.suppress(sqlite3.OperationalError):
        await conn.execute("ROLLBACK")


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements; sqlite3.complete_statement handles triggers."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        if not buffer and line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
