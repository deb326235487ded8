"""bot/store/postgres.py: statements kept prepared on the server, each planned once.

A statement the store runs again is not parsed and planned again: it is a named
server-side statement, which PostgreSQL executes with its generic plan after five
custom ones (https://www.postgresql.org/docs/current/sql-prepare.html, "Notes"). These
cases run on PostgreSQL in every suite (tests/dispatcher/pg_database.py).

And a transaction's durability: DEFERRED turns synchronous_commit off for that
transaction alone (its BEGIN, or the autocommit statement itself), AT_COMMIT keeps the
database's setting (tests/reliability/test_commit_durability.py: where each is used).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import pytest

from bot.outbox.messages import CitizenReply
from bot.store import citizens, conversations, evidence_claims, inbox, steps
from bot.store.connection import Durability
from bot.store.database import durable, utcnow
from bot.store.postgres import PostgresDatabase, numbered
from flows.events import Draft, Reply

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


# --- a transaction's durability (bot/store/connection.py `Durability`) ---------------------


ARRIVAL = ("telegram", "u1", "c1", None, None)


class _RolledBack(Exception):
    pass


async def _sync_on(pg: PostgresDatabase) -> PostgresDatabase:
    """Another store on `pg`'s database, whose own setting is synchronous_commit = on (the
    suite's clusters run with it off): what AT_COMMIT keeps and DEFERRED turns off."""
    name = pg.url.rsplit("/", 1)[1]
    await pg.conn.raw.execute(f"ALTER DATABASE {name} SET synchronous_commit = on")
    return await PostgresDatabase(pg.url).open()


async def _setting(conn: Any) -> str:
    return str((await conn.execute_fetchall("SELECT current_setting('synchronous_commit')"))[0][0])


async def test_a_deferred_transaction_alone_commits_without_the_flush(pg: PostgresDatabase) -> None:
    db = await _sync_on(pg)
    try:
        async with db.transaction() as conn:
            assert await _setting(conn) == "on"
        async with db.transaction(Durability.DEFERRED) as conn:
            assert await _setting(conn) == "off"
        # nothing of it outlives its transaction: the next ones wait for their flush
        async with db.transaction() as conn:
            assert await _setting(conn) == "on"
        async with db.single_write() as conn:
            assert await _setting(conn) == "on"
        # a deferred transaction that turns out to delete files after it: on disk after all
        async with db.transaction(Durability.DEFERRED) as conn:
            await durable(conn)
            assert await _setting(conn) == "on"
    finally:
        await db.close()


async def test_a_deferred_single_statement_sets_its_own_commit(pg: PostgresDatabase) -> None:
    """The statements `single_write(DEFERRED)` runs in autocommit (a citizen's arrival, a
    step, an evidence claim) turn synchronous_commit off for their own transaction only,
    and only when asked: seen here inside a transaction, where the setting outlives the
    statement until the COMMIT."""
    db = await _sync_on(pg)
    try:
        async with db.transaction() as conn:
            citizen = await citizens.upsert(conn, "telegram", "u1", "c1", "id", "Warga")
            row_id = await inbox.insert(conn, "telegram", "e1", "telegram:u1", "{}")
        assert row_id is not None
        step = steps.ConversationalStep(
            inbox_id=row_id, citizen_id=citizen.id, state="when", draft=Draft(),
            now=utcnow(), reminder_due=None, expiry_due=None, channel="telegram",
            messages=[("c1", CitizenReply(Reply("Kapan terjadi?"), "id"))],
        )  # fmt: skip
        statements: list[tuple[str, Callable[[Any], Awaitable[object]]]] = [
            ("arrival", lambda c: conversations.arrive_many(c, [ARRIVAL])),
            ("claim", lambda c: evidence_claims.claim(c, "ab" * 32 + ".jpg")),
            ("step", lambda c: steps.apply_many(c, [step])),
        ]  # fmt: skip
        for name, run in statements:
            for durability, setting in ((Durability.AT_COMMIT, "on"), (Durability.DEFERRED, "off")):
                # rolled back each time: every statement writes as it would the first time
                with pytest.raises(_RolledBack):
                    async with db.transaction() as conn:
                        conn.durability = durability  # as single_write(durability) sets it
                        await run(conn)
                        assert await _setting(conn) == setting, (name, durability)
                        raise _RolledBack
    finally:
        await db.close()
