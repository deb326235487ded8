"""Copying an SQLite installation into an empty PostgreSQL database (`dumas db copy`).

What it owns: reading every table of the SQLite file, writing it into a PostgreSQL
database already migrated to the same schema version, ids kept as they are, and proving
the result (row count and checksum per table) before anything is committed.

One transaction, not a resumable copy. The whole copy is one PostgreSQL transaction: the
target holds either nothing or every table, verified. An interrupted copy (Ctrl-C, a
dropped connection, a full disk on the server, a refused value) leaves the target as
empty as it was, so "run it again" is the whole recovery. A resumable copy would need
per-table progress kept somewhere and a proof that the source did not change between
runs; the copy is a one-off step taken with Dumas stopped, an SQLite installation is at
most a few GB, and PostgreSQL has no limit on a transaction's size, so atomicity is
worth more than resuming. (One thing is not transactional in PostgreSQL: `setval` on the
identity sequences, done last. A copy that fails after it leaves the sequences advanced
over empty tables, which harms nothing: the next copy sets them again.)

Memory is bounded: the source is read with a cursor `batch_size` rows at a time and
each batch goes to the server with COPY (asyncpg's `copy_records_to_table`); the
verification reads the target back through a server-side cursor.

The source must not be written while it is copied. `dumas run` keeps its SQLite file
open in WAL mode, which holds a shared lock on the file for as long as it is open; the
copy opens the file with `PRAGMA locking_mode=EXCLUSIVE` and `BEGIN EXCLUSIVE`, which
is refused while any other process has it open (https://sqlite.org/pragma.html#pragma_locking_mode,
https://sqlite.org/wal.html#use_of_wal_without_shared_memory), and, once taken, keeps
Dumas from starting on that file until the copy ends. The intake journal
(DUMAS_INTAKE_PROCESS) must be empty: its rows are acknowledged updates not yet in the
inbox, and a clean stop of Dumas moves them.

The target must be at the source's migration version, so that every table and column
exists on both sides under the same name; values are converted to the PostgreSQL column's
type the way bot/store/postgres.py converts parameters (SQLite takes any value in any
column).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.store.postgres import MIGRATION_LOCK, redacted

JOURNAL_FILE = "intake.sqlite3"  # bot/intake/journal.py; not imported (it pulls aiosqlite)
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_DIGEST_MODULUS = 2**256
OnTable = Callable[["TableCopy"], Awaitable[None]]


class CopyRefused(RuntimeError):
    """The copy did not start (nothing was written): str(exc) is one line saying why and
    what to do."""


class CopyFailed(RuntimeError):
    """The copy stopped part-way and was rolled back: the target is as empty as before."""


@dataclass(frozen=True)
class TableCopy:
    """One table copied and verified: rows on both sides, and their checksum."""

    name: str
    rows: int
    checksum: str


@dataclass(frozen=True)
class CopyReport:
    schema_version: int
    tables: list[TableCopy]
    sequences: dict[str, int]  # table -> the next id its identity column will give


@dataclass(frozen=True)
class _Table:
    name: str
    columns: list[str]
    references: set[str]  # tables its foreign keys point to


# ---- the source: one SQLite file, locked against every other process -------------------


def open_source(path: Path) -> sqlite3.Connection:
    """The SQLite store, opened so that no other process may use it until it is closed."""
    if not path.is_file():
        raise CopyRefused(f"no SQLite database at {path} (check DUMAS_DATA_DIR)")
    conn = sqlite3.connect(path, isolation_level=None, timeout=2)
    try:
        conn.execute("PRAGMA locking_mode=EXCLUSIVE")
        # Taken and held until close: refused while `dumas run` (or anything) has it open.
        conn.execute("BEGIN EXCLUSIVE")
    except sqlite3.OperationalError as exc:
        conn.close()
        raise CopyRefused(
            f"{path} is open in another process ({exc}): stop Dumas (every `dumas run` "
            "and `dumas chat` on this data directory) before copying"
        ) from exc
    return conn


def journal_backlog(data_dir: Path) -> int:
    """Acknowledged updates still in the intake journal (0 when there is none)."""
    path = data_dir / JOURNAL_FILE
    if not path.is_file():
        return 0
    conn = sqlite3.connect(path, isolation_level=None, timeout=2)
    try:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'journal'"
        ).fetchone()
        return int(conn.execute("SELECT COUNT(*) FROM journal").fetchone()[0]) if has_table else 0
    finally:
        conn.close()


def _source_tables(conn: sqlite3.Connection) -> dict[str, _Table]:
    tables = {}
    names = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    for (name,) in names:
        if not _NAME.match(name):
            raise CopyRefused(f"table {name!r} in the SQLite file is not one of Dumas's")
        columns = [str(r[1]) for r in conn.execute(f'PRAGMA table_info("{name}")')]
        references = {str(r[2]) for r in conn.execute(f'PRAGMA foreign_key_list("{name}")')}
        tables[name] = _Table(name, columns, references - {name})
    return tables


def _in_dependency_order(tables: dict[str, _Table]) -> list[_Table]:
    """Referenced tables before the tables that reference them (the foreign keys are
    checked row by row, and they are not deferrable)."""
    ordered: list[_Table] = []
    placed: set[str] = set()
    while len(ordered) < len(tables):
        ready = sorted(
            name
            for name, table in tables.items()
            if name not in placed and table.references <= placed
        )
        if not ready:
            raise CopyRefused("the tables' foreign keys form a cycle: not a Dumas schema")
        for name in ready:
            ordered.append(tables[name])
            placed.add(name)
    return ordered


# ---- values: SQLite's as PostgreSQL's column types take them --------------------------


def _as_text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)  # what SQLite's TEXT affinity would have stored
    raise TypeError(f"a {type(value).__name__} where text is expected")


def _as_bigint(value: Any) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    raise TypeError(f"{value!r} where an integer is expected")


def _as_double(value: Any) -> float | None:
    if value is None or isinstance(value, float):
        return value
    if isinstance(value, int | str):
        return float(value)
    raise TypeError(f"a {type(value).__name__} where a number is expected")


# The three column types the migrations produce on PostgreSQL (bot/store/database.py
# `_PG_TYPES`); anything else is a schema this copy does not know, and it stops.
_CONVERT: dict[str, Callable[[Any], Any]] = {
    "text": _as_text,
    "bigint": _as_bigint,
    "double precision": _as_double,
}


def _row_digest(values: Iterable[Any]) -> int:
    """A row's SHA-256 as an integer, from its values after conversion (floats in repr,
    which round-trips a double exactly)."""
    text = json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big")


def _hex(total: int) -> str:
    return f"{total:064x}"


# ---- the target: an empty PostgreSQL database at the source's version --------------------


async def _connect(url: str) -> Any:
    import asyncpg

    try:
        return await asyncpg.connect(url, statement_cache_size=0, timeout=10)
    except Exception as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CopyRefused(f"--to {redacted(url)}: cannot connect: {reason}") from exc


async def _target_version(raw: Any) -> int:
    if await raw.fetchval("SELECT to_regclass('dumas_schema')") is None:
        return 0
    return int(await raw.fetchval("SELECT COALESCE(MAX(version), 0) FROM dumas_schema"))


async def _target_columns(raw: Any) -> dict[str, dict[str, str]]:
    """table -> column -> data type, for the tables of the current schema."""
    rows = await raw.fetch(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name <> 'dumas_schema'"
    )
    found: dict[str, dict[str, str]] = {}
    for row in rows:
        found.setdefault(row["table_name"], {})[row["column_name"]] = row["data_type"]
    return found


async def _refuse_unless_empty(raw: Any, tables: Iterable[str]) -> None:
    holding = [
        name for name in tables if await raw.fetchval(f'SELECT EXISTS (SELECT 1 FROM "{name}")')
    ]
    if holding:
        raise CopyRefused(
            f"the target database is not empty (rows in {', '.join(holding)}): "
            "copy into a new, migrated database"
        )


async def copy_database(
    source: Path,
    target_url: str,
    *,
    batch_size: int = 1000,
    on_table: OnTable | None = None,
) -> CopyReport:
    """Copy the SQLite store at `source` into the PostgreSQL database `target_url`
    (empty, migrated to the source's version), in one transaction; `on_table` is told
    of each table once it is copied and verified."""
    import asyncpg

    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    sqlite = open_source(source)  # first: a running Dumas is the likelier refusal
    try:
        if backlog := journal_backlog(source.parent):
            raise CopyRefused(
                f"the intake journal holds {backlog} acknowledged update(s) not yet in the "
                "inbox: start Dumas once on SQLite and stop it cleanly, then copy"
            )
        version = int(sqlite.execute("PRAGMA user_version").fetchone()[0])
        tables = _source_tables(sqlite)
        raw = await _connect(target_url)
        try:
            target_version = await _target_version(raw)
            if target_version != version:
                raise CopyRefused(
                    f"the target is at schema version {target_version}, the source at "
                    f"{version}: migrate both to the same version first (`dumas migrate`, "
                    "with and without DUMAS_DATABASE_URL)"
                )
            try:
                async with raw.transaction():
                    return await _copy_all(raw, sqlite, tables, version, batch_size, on_table)
            except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as exc:
                raise CopyFailed(f"{exc} (nothing was committed)") from exc
        finally:
            if not raw.is_closed():
                await raw.close()
    finally:
        sqlite.close()


async def _copy_all(
    raw: Any,
    sqlite: sqlite3.Connection,
    tables: dict[str, _Table],
    version: int,
    batch_size: int,
    on_table: OnTable | None,
) -> CopyReport:
    # No migration may run, and no instance may write, while the tables fill; a lock
    # held elsewhere (an instance already running on the target) stops the copy rather
    # than leaving it waiting unseen.
    await raw.execute("SET LOCAL lock_timeout = '10s'")
    await raw.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
    types = await _target_columns(raw)
    if set(types) != set(tables):
        only_source = sorted(set(tables) - set(types))
        only_target = sorted(set(types) - set(tables))
        raise CopyRefused(
            f"the schemas differ (only in SQLite: {only_source}, only in PostgreSQL: "
            f"{only_target}) although both say version {version}"
        )
    await raw.execute(
        "LOCK TABLE " + ", ".join(f'"{name}"' for name in sorted(tables)) + " IN EXCLUSIVE MODE"
    )
    await _refuse_unless_empty(raw, sorted(tables))
    copied = []
    for table in _in_dependency_order(tables):
        missing = [c for c in table.columns if c not in types[table.name]]
        if missing:
            raise CopyRefused(f"{table.name}: columns {missing} are not in the target")
        done = await _copy_table(raw, sqlite, table, types[table.name], batch_size)
        copied.append(done)
        if on_table is not None:
            await on_table(done)
    sequences = await _move_sequences(raw)
    return CopyReport(version, copied, sequences)


async def _copy_table(
    raw: Any,
    sqlite: sqlite3.Connection,
    table: _Table,
    types: dict[str, str],
    batch_size: int,
) -> TableCopy:
    converters = []
    for column in table.columns:
        convert = _CONVERT.get(types[column])
        if convert is None:
            raise CopyRefused(f"{table.name}.{column}: type {types[column]} is not handled")
        converters.append(convert)
    selected = ", ".join(f'"{c}"' for c in table.columns)
    cursor = sqlite.execute(f'SELECT {selected} FROM "{table.name}"')
    rows, total = 0, 0
    while batch := cursor.fetchmany(batch_size):
        records = []
        for row in batch:
            try:
                record = tuple(
                    convert(value) for convert, value in zip(converters, row, strict=True)
                )
            except (TypeError, ValueError) as exc:
                raise CopyFailed(f"{table.name}: row {tuple(row)[:1]}: {exc}") from exc
            records.append(record)
            total = (total + _row_digest(record)) % _DIGEST_MODULUS
        await raw.copy_records_to_table(table.name, records=records, columns=table.columns)
        rows += len(records)
    copied = TableCopy(table.name, rows, _hex(total))
    # Checked against the source's own count too, not only against what was sent.
    in_source = int(sqlite.execute(f'SELECT COUNT(*) FROM "{table.name}"').fetchone()[0])
    verified = await _read_back(raw, table, batch_size)
    if verified != copied or in_source != rows:
        raise CopyFailed(
            f"{table.name}: verification failed (SQLite {in_source} rows, {copied.rows} "
            f"sent with checksum {copied.checksum[:12]}; PostgreSQL {verified.rows} rows, "
            f"{verified.checksum[:12]})"
        )
    return copied


async def _read_back(raw: Any, table: _Table, batch_size: int) -> TableCopy:
    """The table as the target holds it: rows and the same checksum, computed from the
    values PostgreSQL returns (order-independent: the sum of the rows' digests)."""
    selected = ", ".join(f'"{c}"' for c in table.columns)
    rows, total = 0, 0
    async for record in raw.cursor(f'SELECT {selected} FROM "{table.name}"', prefetch=batch_size):
        rows += 1
        total = (total + _row_digest(record.values())) % _DIGEST_MODULUS
    return TableCopy(table.name, rows, _hex(total))


async def _move_sequences(raw: Any) -> dict[str, int]:
    """Every identity column's sequence past the highest id copied, so the next row
    the store inserts does not collide with a copied one."""
    identities = await raw.fetch(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name"
    )
    following = {}
    for row in identities:
        table, column = row["table_name"], row["column_name"]
        highest = await raw.fetchval(f'SELECT MAX("{column}") FROM "{table}"')
        sequence = await raw.fetchval("SELECT pg_get_serial_sequence($1, $2)", f'"{table}"', column)
        if highest is None:
            await raw.execute("SELECT setval($1::regclass, 1, false)", sequence)
            following[table] = 1
        else:
            await raw.execute("SELECT setval($1::regclass, $2, true)", sequence, highest)
            following[table] = int(highest) + 1
    return following
