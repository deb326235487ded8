"""The SQLite database: opening it, applying numbered migrations, and transactions.

(The default store. `DUMAS_DATABASE_URL=postgresql://...` selects PostgreSQL instead:
bot/store/postgres.py gives it this same interface; `open_store` picks one. Migrations
are one numbered set for both: `dialect_script` says how a file names what differs.)

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
import re
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import aiosqlite

from bot.store.connection import Connection, Durability

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
log = logging.getLogger(__name__)


class StoreFullError(RuntimeError):
    """The disk holding the data directory is full; nothing was written."""


class StoreUnavailableError(RuntimeError):
    """The configured database cannot be reached or opened (the message names it)."""


class DatabaseUnavailable(StoreUnavailableError):
    """Mid-run, the database server cannot be reached (PostgreSQL: the connection was
    lost). The statement did not happen, or for a COMMIT its outcome is unknown; the
    store reconnects by itself in the background. Callers answer webhooks 503 (the
    platform sends again), and loops wait and try again; nothing acknowledged is lost."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """Store times as ISO UTC text; comparable as strings because the format is fixed."""
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    # most times are `utcnow()` or computed from it: no conversion to make. Formatted by
    # hand: the same text as `isoformat(timespec="microseconds")` in ~0.6 of its time (a
    # step formats ~10 times, bench/README.md session 32)
    return _ISO_UTC % (
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
        moment.microsecond,
    )


_ISO_UTC = "%04d-%02d-%02dT%02d:%02d:%02d.%06d+00:00"


def parse_iso(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def refuse_a_newer_schema(current: int, known: list[tuple[int, str, str]], where: str) -> None:
    """Stop when the database was migrated past the newest migration this code has (a
    newer Dumas ran on it, and this older one was started again, e.g. a rollback):
    its statements would meet columns and tables it does not know. One line, naming
    the database (StoreUnavailableError stops start-up: bot/cli.py)."""
    newest = known[-1][0] if known else 0
    if current > newest:
        raise StoreUnavailableError(
            f"{where} is at schema version {current}, newer than this Dumas knows "
            f"({newest}): a newer version of Dumas migrated it; run that version, or "
            f"restore the backup taken before the upgrade"
        )


def migrations(directory: Path = MIGRATIONS_DIR) -> list[tuple[int, str, str]]:
    """(version, name, sql) for every file NNNN_name.sql, in order."""
    found = []
    for path in sorted(directory.glob("[0-9][0-9][0-9][0-9]_*.sql")):
        found.append((int(path.name[:4]), path.stem, path.read_text(encoding="utf-8")))
    return found


# A migration file is shared by both databases. Where a statement must differ (triggers,
# functions, PRAGMAs), the file holds both versions side by side, each after a marker
# line; `-- both:` returns to shared statements:
#
#     -- sqlite:
#     CREATE TRIGGER ... BEGIN SELECT RAISE(ABORT, '...'); END;
#     -- postgresql:
#     CREATE FUNCTION ... LANGUAGE plpgsql; CREATE TRIGGER ...;
#     -- both:
#
# Shared statements are written in SQLite's spelling; for PostgreSQL three type names
# are translated (`_PG_TYPES`): `id INTEGER PRIMARY KEY` (SQLite's rowid alias) becomes
# an identity column, INTEGER is 64-bit as in SQLite (BIGINT), REAL is DOUBLE PRECISION
# (PostgreSQL's REAL has 6 digits: not enough for a latitude).
_SECTION = re.compile(r"^--\s*(sqlite|postgresql|both):\s*$")
_PG_TYPES = (
    (
        re.compile(r"\bid\s+INTEGER\s+PRIMARY\s+KEY\b"),
        "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    ),
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
)


def dialect_script(script: str, dialect: str) -> str:
    """The statements of a migration file for one dialect ("sqlite" or "postgresql")."""
    kept, section = [], "both"
    for line in script.splitlines(keepends=True):
        marker = _SECTION.match(line.strip())
        if marker:
            section = marker.group(1)
            continue
        if section in ("both", dialect):
            kept.append(line)
    text = "".join(kept)
    if dialect == "postgresql":
        for pattern, replacement in _PG_TYPES:
            text = pattern.sub(replacement, text)
    return text


def open_store(url: str, default_path: Path) -> Database:
    """The store a `DUMAS_DATABASE_URL` names (not yet open): PostgreSQL for
    postgresql:// (or postgres://), else the SQLite file `default_path`."""
    if url.startswith(("postgresql://", "postgres://")):
        from bot.store.postgres import PostgresDatabase

        return PostgresDatabase(url)
    return Database(default_path)


class Database:
    """One SQLite file, one writing connection, numbered migrations."""

    dialect = "sqlite"
    # Incremented each time the store opens a new server connection (PostgreSQL, after a
    # lost one): session-level advisory locks die with a connection, so whoever took one
    # compares the epoch before relying on it. One file, one connection here: always 0.
    connection_epoch: int = 0

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
        """Close after the statement in progress. The lock matters: the connection's
        close runs on a worker thread, and a statement another task started inline on the
        loop's thread meanwhile crashed the process (SIGSEGV inside sqlite3; seen when a
        sender outlived its runtime's stop). The lock is only worth that because a task
        cancelled while its COMMIT runs on a worker thread keeps it until the COMMIT is done
        (bot/store/connection.py `off_loop`; session 44). After closing, `conn` raises
        RuntimeError."""
        async with self._lock:
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

    @property
    def reachable(self) -> bool:
        """False while the server connection is lost (PostgreSQL); a local file is."""
        return True

    async def schema_version(self) -> int:
        async with self.conn.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self) -> list[str]:
        """Apply every migration newer than PRAGMA user_version, each in its own transaction."""
        applied = []
        current = await self.schema_version()
        known = migrations(self.migrations_dir)
        refuse_a_newer_schema(current, known, f"the database {self.path}")
        for version, name, sql in known:
            if version <= current:
                continue
            async with self._lock:
                await self.conn.execute("BEGIN IMMEDIATE")
                try:
                    for statement in _split_sql(dialect_script(sql, "sqlite")):
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
    async def transaction(
        self, durability: Durability = Durability.AT_COMMIT
    ) -> AsyncIterator[Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception. `durability` is kept
        on the connection for the store's statements and the tests; SQLite's COMMIT is
        always on disk when it returns (synchronous=FULL)."""
        async with self._lock:
            conn = self.conn
            await conn.execute("BEGIN IMMEDIATE")
            conn.durability = durability
            try:
                yield conn
                await conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                await _rollback(conn)
                error = self.store_error(exc)
                if error is not exc:
                    raise error from exc
                raise
            except BaseException:
                await _rollback(conn)
                raise
            finally:
                conn.durability = Durability.AT_COMMIT

    def store_error(self, exc: BaseException) -> BaseException:
        """What a failed write raises: StoreFullError for a full disk (noted for /healthz
        and logged once), else the error itself."""
        if not isinstance(exc, sqlite3.OperationalError) or "disk is full" not in str(exc):
            return exc
        if self.full_since is None:
            self.full_since = utcnow()
            log.critical(
                "the disk holding %s is full: nothing new can be stored until space is freed",
                self.path,
            )
        return StoreFullError(str(exc))

    @asynccontextmanager
    async def single_write(
        self, durability: Durability = Durability.AT_COMMIT
    ) -> AsyncIterator[Connection]:
        """For a write of ONE statement, atomic by itself in either database. Here a
        transaction like any other: SQLite's COMMIT waits for the disk on a worker thread,
        where an autocommit statement would wait on the loop's. PostgreSQL runs the
        statement without BEGIN and COMMIT, two round trips fewer (bot/store/postgres.py);
        a DEFERRED statement sets its own commit's durability there (`deferral`)."""
        async with self.transaction(durability) as conn:
            yield conn

    def reading(self) -> contextlib.AbstractAsyncContextManager[Connection]:
        """Reads share the writer's lock: one connection, statements never interleave.
        (A plain async context manager, not a generator's: ~5 reads per update, and an
        async generator's set-up and hooks cost more than the read; bench/README.md
        session 31.)"""
        return _Reading(self)

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

    async def columns(self, table: str) -> set[str]:
        """The table's column names (empty when there is no such table)."""
        return {str(r[1]) for r in await self.fetchall(f"PRAGMA table_info({table})")}


class _Reading:
    """`Database.reading()`: the connection under the store's lock."""

    __slots__ = ("_db",)

    def __init__(self, db: Database) -> None:
        self._db = db

    async def __aenter__(self) -> Connection:
        await self._db._lock.acquire()
        try:
            return self._db.conn
        except BaseException:
            self._db._lock.release()
            raise

    async def __aexit__(self, *exc: object) -> None:
        self._db._lock.release()


# The fragment a DEFERRED statement carries (its first parameter is `deferral(conn)`):
# set_config's `true` makes it local to the statement's own transaction, so it governs
# that transaction's COMMIT and nothing after it.
COMMIT_SETTING = (
    "set_config('synchronous_commit', COALESCE(?::text, "
    "current_setting('synchronous_commit')), true)"
)


def deferral(conn: Connection) -> str | None:
    """PostgreSQL, for a statement run by `single_write(Durability.DEFERRED)` in
    autocommit: the value its `set_config('synchronous_commit', COALESCE(?,
    current_setting('synchronous_commit')), true)` takes ('off'; None keeps the server's
    setting). A SET before the statement would cost a round trip and outlive it; the
    statement's own transaction-local setting ends with its commit, which it governs."""
    return "off" if conn.durability is Durability.DEFERRED else None


async def durable(conn: Connection) -> None:
    """Inside a DEFERRED transaction that turned out to need its commit on disk (files
    are deleted after it: bot/store/privacy.py): commit AT_COMMIT after all."""
    if conn.durability is Durability.AT_COMMIT:
        return
    conn.durability = Durability.AT_COMMIT
    if conn.dialect == "postgresql":
        # the server's own setting again (the database's, the role's or the server's)
        await conn.execute("SET LOCAL synchronous_commit TO DEFAULT")


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
