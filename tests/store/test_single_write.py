"""`Database.single_write()`: a write of one statement, atomic by itself.

On SQLite it is a transaction like any other; on PostgreSQL the statement runs without
BEGIN and COMMIT (two round trips fewer per citizen step), and a second statement is
refused, since it would not be atomic with the first. The PostgreSQL cases run there even
in the default suite (tests/dispatcher/pg_database.py).
"""

from __future__ import annotations

from pathlib import Path

import asyncpg
import pytest

from bot.store import citizens
from bot.store.database import open_store
from bot.store.postgres import PostgresDatabase
from tests.dispatcher.pg_database import fresh_database_url
from tests.pg_cluster import Cluster


async def test_the_statement_is_stored(tmp_path: Path, test_database: str | None) -> None:
    async with open_store(test_database or "", tmp_path / "d.sqlite3") as db:
        async with db.single_write() as conn:
            stored = await citizens.upsert(conn, "telegram", "u1", "c1", "id", "Warga")
        async with db.reading() as conn:
            found = await citizens.by_identity(conn, "telegram", "u1")
        assert found is not None and found.id == stored.id and found.chat_id == "c1"


async def test_on_postgresql_no_transaction_block_is_opened(pg_cluster: Cluster | None) -> None:
    db = await PostgresDatabase(await fresh_database_url(pg_cluster)).open()
    try:
        # SAVEPOINT is refused outside a transaction block (sent on the raw connection:
        # it is not one of the store's statements)
        async with db.single_write() as conn:
            with pytest.raises(asyncpg.NoActiveSQLTransactionError):
                await conn.raw.execute("SAVEPOINT inside")
        async with db.transaction() as conn:
            await conn.raw.execute("SAVEPOINT inside")
    finally:
        await db.close()


async def test_on_postgresql_a_second_statement_is_refused(pg_cluster: Cluster | None) -> None:
    db = await PostgresDatabase(await fresh_database_url(pg_cluster)).open()
    try:
        with pytest.raises(RuntimeError, match="more than one statement"):
            async with db.single_write() as conn:
                await citizens.upsert(conn, "telegram", "u1", "c1", "id", "Warga")
                await citizens.upsert(conn, "telegram", "u2", "c2", "id", "Warga")
    finally:
        await db.close()
