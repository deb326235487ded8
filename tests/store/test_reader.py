"""The SQLite store's read-only second connection: reads do not wait for the writer's
transaction or its COMMIT, see only what is committed, a `reading()` block sees one
state, and nothing can be written through it (bot/store/database.py)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.store.database import Database

NEW_CITIZEN = (
    "INSERT INTO citizens (channel, external_id, chat_id, created_at) "
    "VALUES ('telegram', ?, ?, 'now')"
)
COUNT = "SELECT COUNT(*) FROM citizens"


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_a_read_does_not_wait_for_an_open_transaction(tmp_path: Path) -> None:
    db = await Database(tmp_path / "s.sqlite3").open()
    written, finish = asyncio.Event(), asyncio.Event()
    try:

        async def writer() -> None:
            async with db.transaction() as conn:
                await conn.execute(NEW_CITIZEN, ("1", "1"))
                written.set()
                await finish.wait()  # holds the writer's lock, uncommitted

        writing = asyncio.create_task(writer())
        await written.wait()
        one = asyncio.create_task(db.fetchone(COUNT))
        many = asyncio.create_task(db.fetchall(COUNT))

        async def block() -> int:
            async with db.reading() as conn:
                rows = await conn.execute_fetchall(COUNT)
                return int(rows[0][0])

        blocked = asyncio.create_task(block())
        await _settle()
        # with one connection behind one lock, all three waited for the writer
        assert one.done() and many.done() and blocked.done()
        row = one.result()
        assert row is not None and row[0] == 0  # the open transaction is not seen
        assert many.result()[0][0] == 0 and blocked.result() == 0
        finish.set()
        await writing
        row = await db.fetchone(COUNT)
        assert row is not None and row[0] == 1  # committed: seen by the next read
    finally:
        finish.set()  # a failed assertion must not leave the writer holding the lock
        await db.close()


async def test_a_reading_block_sees_one_state(tmp_path: Path) -> None:
    db = await Database(tmp_path / "s.sqlite3").open()
    try:

        async def write() -> None:
            async with db.transaction() as writing:
                await writing.execute(NEW_CITIZEN, ("1", "1"))

        async with db.reading() as conn:
            before = (await conn.execute_fetchall(COUNT))[0][0]
            writer = asyncio.create_task(write())
            # a guard, not a measure: on one connection the writer waits for this block
            await asyncio.wait({writer}, timeout=5)
            assert writer.done()  # committed while the block is open
            again = (await conn.execute_fetchall(COUNT))[0][0]
        await writer
        assert before == again == 0
        row = await db.fetchone(COUNT)
        assert row is not None and row[0] == 1
    finally:
        await db.close()


async def test_nothing_is_written_through_the_reader(tmp_path: Path) -> None:
    db = await Database(tmp_path / "s.sqlite3").open()
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            async with db.reading() as conn:
                await conn.execute(NEW_CITIZEN, ("1", "1"))
        # the block's read transaction ended with it: the reader serves the next block
        async with db.reading() as conn:
            assert (await conn.execute_fetchall(COUNT))[0][0] == 0
        row = await db.fetchone(COUNT)
        assert row is not None and row[0] == 0
    finally:
        await db.close()


async def test_closing_waits_for_a_reading_block(tmp_path: Path) -> None:
    db = await Database(tmp_path / "s.sqlite3").open()
    inside, leave = asyncio.Event(), asyncio.Event()

    async def block() -> int:
        async with db.reading() as conn:
            inside.set()
            await leave.wait()
            return int((await conn.execute_fetchall(COUNT))[0][0])

    reading = asyncio.create_task(block())
    await inside.wait()
    closing = asyncio.create_task(db.close())
    await _settle()
    assert not closing.done()  # the reader is not closed under the block
    leave.set()
    assert await reading == 0
    await closing
    with pytest.raises(RuntimeError):
        await db.fetchone(COUNT)
