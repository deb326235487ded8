"""The store on PostgreSQL (`DUMAS_DATABASE_URL=postgresql://...`), through asyncpg.

The store's modules are written once, for the SQLite interface of bot/store/connection.py
and bot/store/database.py: `?` placeholders, `conn.execute(...)` returning a cursor with
`fetchone`/`fetchall`/`rowcount`, rows read by index or by name, `db.transaction()`.
This module gives PostgreSQL that same interface, so a module does not know which
database it talks to; where the SQL itself must differ, the module asks `conn.dialect`.

Driver: asyncpg, chosen by measurement (bench/bench_pg_driver.py, README "Running on
PostgreSQL"): with one held connection it spends about half the client CPU of psycopg 3
per statement.

What this layer translates, once, here:
- `?` -> `$1, $2, ...` (outside quoted literals), cached per statement text;
- parameter types: SQLite takes any value in any column, asyncpg insists on the column's
  type; each statement is prepared once (a named server-side statement, so the server
  plans it once too) and its parameters are converted to the types PostgreSQL inferred
  (an int given for a TEXT column becomes its text, as SQLite's column affinity would
  store it);
- `numeric` results (SUM of integers, AVG) come back as int or float, as from SQLite;
- a unique-constraint violation is raised as `sqlite3.IntegrityError` naming
  `table.column` like SQLite's message, so callers catch one exception; a full disk is
  `StoreFullError` as on SQLite.

Like the SQLite store, one connection serves the process and an asyncio lock keeps a
transaction from interleaving with another task's statements: the same transactions,
with the same isolation they have on SQLite.

A lost connection (server restarted, network gone) is not fatal mid-run: the statement
that met it raises `DatabaseUnavailable`, and so does every statement until a background
task has connected again (backoff from 0.2 s doubling to 5 s). Each new connection
increments `connection_epoch`: session-level advisory locks taken on the old connection
(a lane's, bot/store/lanes.py) are gone, and whoever holds one checks the epoch. Several
instances on one database: bot/leadership.py (who runs the singleton duties).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Generator, Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bot.store.connection import Connection, Durability, Params
from bot.store.database import (
    MIGRATIONS_DIR,
    Database,
    DatabaseUnavailable,
    StoreFullError,
    StoreUnavailableError,
    dialect_script,
    migrations,
    refuse_a_newer_schema,
    utcnow,
)

log = logging.getLogger(__name__)

# asyncpg is imported when a PostgreSQL URL is used, so the SQLite default needs nothing
# beyond the standard library.

# One key for every Dumas database: migrations run under this advisory lock, so several
# instances starting at once apply each migration exactly once.
MIGRATION_LOCK = 0x44554D4153  # "DUMAS"
RECONNECT_FIRST = 0.2  # seconds before the first reconnection attempt, doubled each time
RECONNECT_MAX = 5.0
_STATEMENTS_KEPT = 1024  # prepared statements per connection (dynamic SQL is bounded)
_QUOTED_OR_MARK = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?")


def redacted(url: str) -> str:
    """The URL with its password replaced, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    netloc = f"{parts.username}:***@{host}" if parts.username else f"***@{host}"
    return urlunsplit(parts._replace(netloc=netloc))


def numbered(sql: str) -> str:
    """`?` placeholders -> `$1, $2, ...`; question marks inside literals are kept."""
    counter = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal counter
        if match.group(0) != "?":
            return match.group(0)
        counter += 1
        return f"${counter}"

    return _QUOTED_OR_MARK.sub(replace, sql)


def _to_text(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(int(value))  # SQLite stores True as 1
    return str(value)


def _to_int(value: Any) -> Any:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    return int(value)


def _to_float(value: Any) -> Any:
    if value is None or isinstance(value, float):
        return value
    return float(value)


def _to_bool(value: Any) -> Any:
    return value if value is None else bool(value)


def _number(text: str) -> int | float:
    """numeric -> int when integral in form (SUM of integers), else float (AVG)."""
    return int(text) if text.lstrip("-").isdigit() else float(text)


_CONVERT: dict[str, Callable[[Any], Any]] = {
    "text": _to_text,
    "varchar": _to_text,
    "bpchar": _to_text,
    "int2": _to_int,
    "int4": _to_int,
    "int8": _to_int,
    "float4": _to_float,
    "float8": _to_float,
    "bool": _to_bool,
}

Binder = Callable[[Params], Sequence[Any]]


def binder(type_names: Sequence[str]) -> Binder:
    """What turns a call's parameters into the statement's arguments, decided once per
    prepared statement from the types PostgreSQL inferred: the parameters as they are
    when no type needs a conversion (a step's statements are mostly so), else only the
    positions that do are converted. Either way the count is checked, as SQLite does."""
    expected = len(type_names)
    converting = tuple(
        (i, convert)
        for i, convert in enumerate(_CONVERT.get(name) for name in type_names)
        if convert is not None
    )

    def checked(parameters: Params) -> Sequence[Any]:
        # the exact types first: the ABC's isinstance is the slow check, for the rest
        if (
            type(parameters) is not tuple
            and type(parameters) is not list
            and (not isinstance(parameters, Sequence) or isinstance(parameters, str))
        ):
            raise TypeError("the PostgreSQL store takes positional (?) parameters only")
        if len(parameters) != expected:
            raise ValueError(
                f"the statement takes {expected} parameters, {len(parameters)} were given"
            )
        return parameters

    if not converting:
        return checked

    def converted(parameters: Params) -> Sequence[Any]:
        values = list(checked(parameters))
        for i, convert in converting:
            values[i] = convert(values[i])
        return values

    return converted


class PgCursor:
    """A finished statement's rows and count, read like the SQLite store's cursor."""

    def __init__(self, rows: list[Any], rowcount: int) -> None:
        self._rows = rows
        self._next = 0
        self.rowcount = rowcount

    @property
    def lastrowid(self) -> int | None:
        # PostgreSQL has no last row id: the store's INSERTs say `RETURNING id`.
        raise NotImplementedError("use INSERT ... RETURNING id")

    async def fetchone(self) -> Any:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    async def fetchall(self) -> list[Any]:
        return self.rows()

    def rows(self) -> list[Any]:
        """The rows not fetched yet (all of them for a fresh cursor), without a coroutine."""
        rows = self._rows if self._next == 0 else self._rows[self._next :]
        self._next = len(self._rows)
        return rows

    async def close(self) -> None:
        self._rows = []

    async def __aenter__(self) -> PgCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


class _PgStatement:
    """What `PgConnection.execute` returns: await it, or use it with `async with`."""

    __slots__ = ("_conn", "_sql", "_parameters")

    def __init__(self, conn: PgConnection, sql: str, parameters: Params) -> None:
        self._conn = conn
        self._sql = sql
        self._parameters = parameters

    def __await__(self) -> Generator[Any, None, PgCursor]:
        return self._conn._run(self._sql, self._parameters).__await__()

    async def __aenter__(self) -> PgCursor:
        return await self._conn._run(self._sql, self._parameters)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None


def _rowcount(status: str | None) -> int:
    """'UPDATE 3' -> 3, 'INSERT 0 1' -> 1, 'SELECT 2' -> 2; -1 when unknown."""
    last = (status or "").rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else -1


def _integrity_error(exc: Exception) -> sqlite3.IntegrityError:
    """asyncpg's constraint violation as SQLite words it ("UNIQUE constraint failed:
    tickets.reference"), so callers that recognise one constraint keep working."""
    table = getattr(exc, "table_name", None) or "?"
    match = re.match(r"Key \(([^)]*)\)", getattr(exc, "detail", None) or "")
    if match is None:  # not a unique key (a trigger's refusal, a foreign key...)
        error = sqlite3.IntegrityError(str(exc))
    else:
        columns = ", ".join(f"{table}.{c.strip()}" for c in match.group(1).split(","))
        error = sqlite3.IntegrityError(f"UNIQUE constraint failed: {columns} ({exc})")
    error.__cause__ = exc
    return error


class PgConnection(Connection):
    """The store's `Connection` interface over one asyncpg connection."""

    dialect = "postgresql"
    raw: Any  # asyncpg.Connection (the type is not imported: asyncpg is optional)

    def __init__(self, raw: Any) -> None:
        import asyncpg

        self.raw = raw
        self._prepared: OrderedDict[str, tuple[Any, Binder]] = OrderedDict()
        self._names = 0  # prepared so far: each server-side statement gets its own name
        self.statements = 0  # run so far (single_write checks it; bench_engine counts it)
        # the driver's errors the statement path translates (asyncpg is imported here,
        # once, not per statement: it is optional and the SQLite default never loads it)
        self._stale = asyncpg.InvalidCachedStatementError
        self._integrity = asyncpg.IntegrityConstraintViolationError
        self._disk_full = asyncpg.DiskFullError

    @property
    def row_factory(self) -> Any:
        return None  # asyncpg's Record reads by index and by name, like sqlite3.Row

    @row_factory.setter
    def row_factory(self, factory: Any) -> None:
        pass

    def forget_statements(self) -> None:
        """After a schema change: statements prepared before it are stale."""
        self._prepared.clear()

    async def _prepare(self, sql: str) -> tuple[Any, Binder]:
        # Named: an unnamed statement (asyncpg's when its own cache is off) is parsed and
        # planned again at every execution, ~150 µs of the server's CPU for the step's
        # statement; a named one keeps its generic plan after five executions
        # (https://www.postgresql.org/docs/current/sql-prepare.html, "Notes"). The server
        # copy is closed when asyncpg collects the statement this cache dropped.
        self._names += 1
        prepared = await self.raw.prepare(numbered(sql), name=f"dumas_{self._names}")
        found = (prepared, binder([t.name for t in prepared.get_parameters()]))
        self._prepared[sql] = found
        if len(self._prepared) > _STATEMENTS_KEPT:
            self._prepared.popitem(last=False)
        return found

    async def _run(self, sql: str, parameters: Params) -> PgCursor:
        """One statement: prepared once per connection, its parameters bound by the
        statement's binder, its rows and count as a cursor. One coroutine on the way to
        the driver (a statement is ~30 µs of this process's CPU on the store's side, and
        a step runs several: bench/bench_pg_layer.py)."""
        self.statements += 1
        retried = False
        while True:
            found = self._prepared.get(sql)
            try:
                if found is None:
                    found = await self._prepare(sql)
                else:
                    self._prepared.move_to_end(sql)
                prepared, bind = found
                rows = await prepared.fetch(*bind(parameters))
                return PgCursor(rows, _rowcount(prepared.get_statusmsg()))
            except self._stale:
                # A kept statement whose result columns changed under it (another
                # instance migrated the schema): prepare it again. Inside a transaction
                # the error has aborted it, so there the caller's retry is the way (as in
                # asyncpg's cache).
                self._prepared.pop(sql, None)
                if retried or self.raw.is_in_transaction():
                    raise
                retried = True
            except self._integrity as exc:
                raise _integrity_error(exc) from exc
            except self._disk_full as exc:
                raise StoreFullError(str(exc)) from exc

    def execute(self, sql: str, parameters: Params = ()) -> _PgStatement:  # type: ignore[override]
        return _PgStatement(self, sql, parameters)

    async def executemany(self, sql: str, parameters: Iterable[Params]) -> PgCursor:  # type: ignore[override]
        found = self._prepared.get(sql)
        if found is None:
            found = await self._prepare(sql)
        else:
            self._prepared.move_to_end(sql)
        prepared, bind = found
        try:
            await prepared.executemany([bind(p) for p in parameters])
        except self._integrity as exc:
            raise _integrity_error(exc) from exc
        return PgCursor([], -1)

    async def execute_fetchall(self, sql: str, parameters: Params = ()) -> list[Any]:
        return (await self._run(sql, parameters)).rows()

    async def execute_slow(self, sql: str, parameters: Params = ()) -> None:
        # The driver never blocks the event loop: the server does the work.
        await self._run(sql, parameters)

    async def in_thread(self, work: Callable[[sqlite3.Connection], Any]) -> Any:
        raise NotImplementedError("work on the raw SQLite connection: SQLite only")

    async def set_trace_callback(self, callback: Callable[[str], object] | None) -> None:
        raise NotImplementedError("statement tracing: SQLite only")

    async def close(self) -> None:
        await self.raw.close()


async def _open_raw(url: str) -> Any:
    import asyncpg

    raw = await asyncpg.connect(url, statement_cache_size=0, timeout=10)
    await raw.set_type_codec(
        "numeric", encoder=str, decoder=_number, schema="pg_catalog", format="text"
    )
    return raw


def _connection_lost(exc: BaseException, raw: Any) -> bool:
    """Whether `exc` means the server connection is gone (not a statement's own error)."""
    import asyncpg

    if isinstance(exc, asyncio.CancelledError):
        return bool(raw.is_closed())
    lost_kinds = (
        OSError,  # ConnectionResetError, a refused or timed-out socket
        asyncpg.PostgresConnectionError,  # SQLSTATE class 08
        asyncpg.ConnectionDoesNotExistError,
        asyncpg.AdminShutdownError,  # the server is shutting down (57P01)
        asyncpg.CrashShutdownError,
        asyncpg.CannotConnectNowError,
    )
    return isinstance(exc, lost_kinds) or bool(raw.is_closed())


class PostgresDatabase(Database):
    """The store's `Database` interface on one PostgreSQL database."""

    dialect = "postgresql"
    connection_epoch: int = 0  # issue 19: bumped by each reconnection

    def __init__(self, url: str, migrations_dir: Path = MIGRATIONS_DIR) -> None:
        super().__init__(Path(), migrations_dir=migrations_dir)
        self.url = url
        self.path = Path(redacted(url))  # for messages that name the store
        self._pg: PgConnection | None = None
        self.connection_epoch = 0
        self._opened = False  # between open() and close(): a missing connection is "lost"
        self._reconnecting: asyncio.Task[None] | None = None

    async def open(self) -> PostgresDatabase:
        try:
            raw = await _open_raw(self.url)
        except Exception as exc:  # any failure to connect stops start-up
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreUnavailableError(
                f"DUMAS_DATABASE_URL={redacted(self.url)}: cannot connect: {reason}"
            ) from exc
        self._attach(raw)
        self._opened = True
        await self.migrate()
        return self

    def _attach(self, raw: Any) -> None:
        pg = PgConnection(raw)
        self._pg = pg
        self._conn = pg
        self.connection_epoch += 1
        # The server closing an idle connection is noticed at once, not at the next
        # statement (so /healthz and the reconnection do not wait for traffic).
        raw.add_termination_listener(lambda _raw: self._lose(pg, None))

    def _lose(self, pg: PgConnection, exc: BaseException | None) -> None:
        """`pg` is dead: drop it and reconnect in the background (once per connection)."""
        if self._pg is not pg or not self._opened:
            return
        log.warning(
            "lost the connection to %s (%s); reconnecting",
            self.path,
            type(exc).__name__ if exc is not None else "closed by the server",
        )
        self._pg = None
        self._conn = None
        pg.raw.terminate()
        if self._reconnecting is None or self._reconnecting.done():
            self._reconnecting = asyncio.create_task(self._reconnect())

    async def _reconnect(self) -> None:
        delay = RECONNECT_FIRST
        while self._opened:
            try:
                raw = await _open_raw(self.url)
            except Exception as exc:
                log.debug("reconnecting to %s failed: %s", self.path, exc)
                await asyncio.sleep(delay)
                delay = min(RECONNECT_MAX, delay * 2)
                continue
            self._attach(raw)
            log.warning("connected to %s again (connection %d)", self.path, self.connection_epoch)
            return

    def _unavailable(self, pg: PgConnection, exc: BaseException) -> DatabaseUnavailable:
        self._lose(pg, exc)
        error = DatabaseUnavailable(f"the database {self.path} is unreachable: {exc}")
        error.__cause__ = exc
        return error

    @property
    def reachable(self) -> bool:
        return self._pg is not None

    async def close(self) -> None:
        self._opened = False
        if self._reconnecting is not None:
            self._reconnecting.cancel()
            await asyncio.wait({self._reconnecting}, timeout=5)
            self._reconnecting = None
        if self._pg is not None:
            pg, self._pg, self._conn = self._pg, None, None
            with contextlib.suppress(Exception):
                await asyncio.wait_for(pg.close(), 5)

    @property
    def conn(self) -> PgConnection:
        if self._pg is None:
            if self._opened:
                raise DatabaseUnavailable(f"the database {self.path} is unreachable; reconnecting")
            raise RuntimeError("database is not open")
        return self._pg

    async def schema_version(self) -> int:
        raw = self.conn.raw
        if await raw.fetchval("SELECT to_regclass('dumas_schema')") is None:
            return 0
        return int(await raw.fetchval("SELECT COALESCE(MAX(version), 0) FROM dumas_schema"))

    async def migrate(self) -> list[str]:
        """Each migration newer than the database's in its own transaction, under an
        advisory lock: instances starting together apply it once, and a failed one
        leaves the database at the version before it (DDL is transactional here)."""
        from asyncpg import PostgresError

        applied = []
        raw = self.conn.raw
        known = migrations(self.migrations_dir)
        where = f"DUMAS_DATABASE_URL={redacted(self.url)}"
        refuse_a_newer_schema(await self.schema_version(), known, where)
        for version, name, sql in known:
            async with self._lock, raw.transaction():
                await raw.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
                await raw.execute(
                    "CREATE TABLE IF NOT EXISTS dumas_schema (version INTEGER NOT NULL, "
                    "name TEXT NOT NULL, applied_at TEXT NOT NULL)"
                )
                current = await raw.fetchval("SELECT COALESCE(MAX(version), 0) FROM dumas_schema")
                # again under the lock: a newer Dumas may have migrated while this one
                # waited for it (a rolling upgrade), after the read above
                refuse_a_newer_schema(current, known, where)
                if version <= current:
                    continue
                try:
                    await raw.execute(dialect_script(sql, "postgresql"))
                except PostgresError as exc:
                    # rolled back whole (DDL is transactional): say so in one line,
                    # which stops start-up as a wrong URL does (bot/cli.py)
                    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                    raise StoreUnavailableError(
                        f"DUMAS_DATABASE_URL={redacted(self.url)}: migration {name} failed "
                        f"and was rolled back; the database stays at schema version "
                        f"{current}: {type(exc).__name__}: {reason}"
                    ) from exc
                await raw.execute(
                    "INSERT INTO dumas_schema (version, name, applied_at) VALUES ($1, $2, $3)",
                    version,
                    name,
                    utcnow().isoformat(),
                )
            applied.append(name)
        if applied:
            self.conn.forget_statements()
        return applied

    def transaction(  # type: ignore[override]
        self, durability: Durability = Durability.AT_COMMIT
    ) -> _PgTransaction:
        """BEGIN ... COMMIT, rolled back on any exception (READ COMMITTED; one
        connection and the lock keep this process's transactions apart, as on SQLite).
        A plain async context manager (`_PgTransaction`), not a generator's: 1-2 per
        update, each paying a generator's set-up and hooks otherwise. DEFERRED: the
        BEGIN carries `SET LOCAL synchronous_commit = off` (one round trip still)."""
        return _PgTransaction(self, durability)

    def single_write(  # type: ignore[override]
        self, durability: Durability = Durability.AT_COMMIT
    ) -> _PgSingleWrite:
        """One statement in autocommit: atomic and durable by itself, without the BEGIN
        and COMMIT round trips (~100 µs each on loopback; the citizen's upsert before
        every step is one: bench/README.md "PostgreSQL"). More than one statement here
        would not be atomic, so that is refused (after the fact: a caller's bug).
        DEFERRED: the statement sets its own commit's durability (`database.deferral`),
        so nothing outlives it on the connection."""
        return _PgSingleWrite(self, durability)

    def reading(self) -> _PgReading:
        """The connection under the store's lock; a lost connection met inside becomes
        `DatabaseUnavailable`. (A plain async context manager, as SQLite's `reading`:
        an async generator's set-up costs more than the lock, ~5 reads per update.)"""
        return _PgReading(self)

    async def fetchall(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        async with _PgReading(self) as conn:
            return await conn.execute_fetchall(sql, params)

    async def fetchall_slow(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        return await self.fetchall(sql, params)

    async def fetchone(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        async with _PgReading(self) as conn:
            rows = await conn.execute_fetchall(sql, params)
        return rows[0] if rows else None

    async def integrity_check(self) -> str:
        # PostgreSQL checks its pages itself (and pg_amcheck does more): here, that the
        # server answers.
        return "ok" if await self.fetchone("SELECT 1") else "no answer"

    async def columns(self, table: str) -> set[str]:
        rows = await self.fetchall(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name = ?",
            (table,),
        )
        return {str(r[0]) for r in rows}


class _PgReading:
    """`PostgresDatabase.reading()`: the connection under the store's lock, a lost
    connection met inside raised as `DatabaseUnavailable` (and the reconnection begun)."""

    __slots__ = ("_db", "_conn")

    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db
        self._conn: PgConnection | None = None

    async def __aenter__(self) -> PgConnection:
        await self._db._lock.acquire()
        try:
            self._conn = self._db.conn  # DatabaseUnavailable while reconnecting
        except BaseException:
            self._db._lock.release()
            raise
        return self._conn

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._db._lock.release()
        conn = self._conn
        if isinstance(exc, Exception) and conn is not None and _connection_lost(exc, conn.raw):
            raise self._db._unavailable(conn, exc) from exc


class _PgSingleWrite(_PgReading):
    """`PostgresDatabase.single_write()`: `reading()` that refuses a second statement."""

    __slots__ = ("_before", "_durability")

    def __init__(self, db: PostgresDatabase, durability: Durability) -> None:
        super().__init__(db)
        self._durability = durability

    async def __aenter__(self) -> PgConnection:
        conn = await super().__aenter__()
        self._before = conn.statements
        conn.durability = self._durability
        return conn

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        conn = self._conn
        if conn is not None:
            conn.durability = Durability.AT_COMMIT
        await super().__aexit__(exc_type, exc, tb)
        if exc is None and conn is not None and conn.statements - self._before > 1:
            raise RuntimeError("single_write ran more than one statement: use transaction()")


_BEGIN = {
    Durability.AT_COMMIT: "BEGIN",
    Durability.DEFERRED: "BEGIN; SET LOCAL synchronous_commit = off",
}


class _PgTransaction:
    """`PostgresDatabase.transaction()`: under the store's lock, BEGIN on entry, COMMIT
    on a clean exit, ROLLBACK on any exception; a lost connection (at BEGIN, inside, or
    at COMMIT) raised as `DatabaseUnavailable`."""

    __slots__ = ("_db", "_conn", "_durability")

    def __init__(self, db: PostgresDatabase, durability: Durability) -> None:
        self._db = db
        self._conn: PgConnection | None = None
        self._durability = durability

    async def __aenter__(self) -> PgConnection:
        db = self._db
        await db._lock.acquire()
        try:
            conn = self._conn = db.conn  # DatabaseUnavailable while reconnecting
            try:
                # one simple query, one round trip, whichever it is
                await conn.raw.execute(_BEGIN[self._durability])
                conn.durability = self._durability
            except Exception as exc:
                if _connection_lost(exc, conn.raw):
                    raise db._unavailable(conn, exc) from exc
                raise
        except BaseException:
            db._lock.release()
            raise
        return conn

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        conn = self._conn
        assert conn is not None
        conn.durability = Durability.AT_COMMIT
        try:
            if exc is None:
                try:
                    await conn.raw.execute("COMMIT")
                    return
                except BaseException as failed:
                    await self._abandon(conn, failed)
                    raise
            await self._abandon(conn, exc)
        finally:
            self._db._lock.release()

    async def _abandon(self, conn: PgConnection, exc: BaseException) -> None:
        """The transaction did not commit: a lost connection becomes DatabaseUnavailable
        (for a COMMIT, its outcome is unknown: the caller treats it as not done, a webhook
        answers 503 and Telegram's copy falls on the inbox key); else ROLLBACK, and the
        caller's exception goes on."""
        if _connection_lost(exc, conn.raw):
            raise self._db._unavailable(conn, exc) from exc
        with contextlib.suppress(Exception):
            await conn.raw.execute("ROLLBACK")
