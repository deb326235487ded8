"""bot/store/postgres.py: statements kept prepared on the server, each planned once.

A statement the store runs again is not parsed and planned again: it is a named
server-side statement, which PostgreSQL executes with its generic plan after five
custom ones (https://www.postgresql.org/docs/current/sql-prepare.html, "Notes"). These
cases run on PostgreSQL in every suite (tests/dispatcher/pg_database.py).
"""

from __future__ import annotations

import asyncpg
import pytest

from bot.store.postgres import PostgresDatabase, numbered

READ = "SELECT id, chat_id FROM citizens WHERE id = ?"


async def test_a_statement_run_again_uses_its_kept_plan(pg: PostgresDatabase) -> None:
    for citizen_id in range(10):
        await pg.fetchone(READ, (citizen_id,))
    kept = await pg.conn.raw.fetch(
        "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1",
        numbered(READ),
    )
    assert len(kept) == 1, kept  # one named statement (an unnamed one is not listed)
    assert kept[0]["generic_plans"] + kept[0]["custom_plans"] == 10
    assert kept[0]["generic_plans"] >= 1  # planned once for the later runs, not each time


async def test_a_statement_whose_columns_changed_is_prepared_again(
    pg: PostgresDatabase,
) -> None:
    """Another instance changed a table under a kept `SELECT *` (a migration): the next
    run outside a transaction works; inside one it fails once, and the retry works."""
    await pg.conn.raw.execute("CREATE TABLE notes (a INTEGER); INSERT INTO notes VALUES (1)")
    assert [tuple(r) for r in await pg.fetchall("SELECT * FROM notes")] == [(1,)]
    other = await asyncpg.connect(pg.url)
    try:
        await other.execute("ALTER TABLE notes ADD COLUMN b INTEGER DEFAULT 2")
        assert [tuple(r) for r in await pg.fetchall("SELECT * FROM notes")] == [(1, 2)]
        await other.execute("ALTER TABLE notes ADD COLUMN c INTEGER DEFAULT 3")
    finally:
        await other.close()
    with pytest.raises(asyncpg.InvalidCachedStatementError):
        async with pg.transaction() as conn:
            await conn.execute("SELECT * FROM notes")
    async with pg.transaction() as conn:
        rows = await conn.execute_fetchall("SELECT * FROM notes")
    assert [tuple(r) for r in rows] == [(1, 2, 3)]
