"""`Database.transaction(wait_for_disk=False)`: a commit that need not wait for the disk.

For a write that is redone when a crash loses it (the citizen's refresh before a step).
On PostgreSQL `synchronous_commit` is off for that transaction only, and the data is
written all the same; on SQLite every commit is synced. The PostgreSQL case runs there
even in the default suite (tests/dispatcher/pg_database.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store import citizens
from bot.store.database import open_store
from bot.store.postgres import PostgresDatabase
from tests.dispatcher.pg_database import fresh_database_url
from tests.pg_cluster import Cluster


async def test_the_write_is_stored(tmp_path: Path, test_database: str | None) -> None:
    async with open_store(test_database or "", tmp_path / "d.sqlite3") as db:
        async with db.transaction(wait_for_disk=False) as conn:
            stored = await citizens.upsert(conn, "telegram", "u1", "c1", "id", "Warga")
        async with db.reading() as conn:
            found = await citizens.by_identity(conn, "telegram", "u1")
        assert found is not None and found.id == stored.id and found.chat_id == "c1"


async def test_on_postgresql_only_that_transaction_skips_the_wait(
    pg_cluster: Cluster | None,
) -> None:
    db = await PostgresDatabase(await fresh_database_url(pg_cluster)).open()

    async def setting() -> str:
        return str(await db.conn.raw.fetchval("SHOW synchronous_commit"))

    try:
        # the tests' cluster runs without durability (tests/pg_cluster.py): this session
        # asks for it, as a production server has it
        await db.conn.raw.execute("SET synchronous_commit TO on")
        async with db.transaction(wait_for_disk=False):
            inside = await setting()
        async with db.transaction():
            durable = await setting()
        with pytest.raises(RuntimeError):
            async with db.transaction(wait_for_disk=False):
                raise RuntimeError("rolled back")
        assert (inside, durable, await setting()) == ("off", "on", "on")
    finally:
        await db.close()
