"""bot/step_commit.py: steps writing at the same time share one transaction, each in a
savepoint; each returns only once committed; a failing step takes only its own writes
back; a failed COMMIT reaches every step of the batch."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from bot.ingest import Incoming, ingest
from bot.step_commit import StepCommit, shared
from bot.store.connection import Connection, Durability
from bot.store.database import Database


class CountingDatabase(Database):
    """The store, counting its transactions (one COMMIT each)."""

    transactions = 0
    fail_commit = False

    @asynccontextmanager
    async def transaction(
        self, durability: Durability = Durability.AT_COMMIT
    ) -> AsyncIterator[Connection]:
        type(self).transactions += 1
        async with super().transaction(durability) as conn:
            yield conn
            if self.fail_commit:
                raise sqlite3.OperationalError("disk I/O error")


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[CountingDatabase]:
    CountingDatabase.transactions = 0
    async with CountingDatabase(tmp_path / "steps.sqlite3") as store:
        async with store.transaction() as conn:
            await conn.execute("CREATE TABLE step (n INTEGER PRIMARY KEY)")
        CountingDatabase.transactions = 0
        yield store


def _rows(path: Path) -> list[int]:
    """What another connection sees: only what is committed."""
    with sqlite3.connect(path) as other:
        return [r[0] for r in other.execute("SELECT n FROM step ORDER BY n")]


async def _step(steps: StepCommit, n: int, seen: dict[int, list[int]], fail: bool = False) -> None:
    async with steps.transaction() as conn:
        await conn.execute("INSERT INTO step (n) VALUES (?)", (n,))
        if fail:
            raise ValueError(f"step {n} broke")
    seen[n] = _rows(steps.db.path)  # committed when the step returns


async def test_steps_waiting_together_share_one_commit(db: CountingDatabase) -> None:
    steps = StepCommit(db)
    seen: dict[int, list[int]] = {}
    async with db.transaction():  # another writer holds the store: the steps queue up
        tasks = [asyncio.create_task(_step(steps, n, seen)) for n in range(1, 6)]
        await asyncio.sleep(0.05)
        assert not seen
    await asyncio.gather(*tasks)
    assert db.transactions == 2  # the other writer's and one for the five steps
    assert all(seen[n] == [1, 2, 3, 4, 5] for n in seen)


async def test_a_lone_step_is_written_at_once(db: CountingDatabase) -> None:
    seen: dict[int, list[int]] = {}
    await _step(StepCommit(db), 7, seen)
    assert seen[7] == [7] and db.transactions == 1


async def test_the_leader_writes_without_a_savepoint(db: CountingDatabase) -> None:
    """Nothing is in the batch's transaction before its leader's writes: the leader needs
    no savepoint (two statements fewer per batch); the steps that join still have one."""
    traced: list[str] = []
    await db.conn.set_trace_callback(traced.append)
    steps = StepCommit(db)
    seen: dict[int, list[int]] = {}
    await _step(steps, 7, seen)  # a lone step: its batch's leader
    assert [s.split()[0] for s in traced] == ["BEGIN", "INSERT", "COMMIT"]  # and 2 before
    traced.clear()
    async with Database.transaction(db):  # not counted: the steps queue up behind it
        traced.clear()
        tasks = [asyncio.create_task(_step(steps, n, seen)) for n in (8, 9)]
        await asyncio.sleep(0.05)
    await asyncio.gather(*tasks)
    assert [s.split()[0] for s in traced[1:]] == [
        "BEGIN",
        "INSERT",
        "SAVEPOINT",
        "INSERT",
        "RELEASE",
        "COMMIT",
    ]
    assert seen[8] == seen[9] == [7, 8, 9]


async def test_a_failing_leader_leaves_the_steps_that_joined_it(db: CountingDatabase) -> None:
    steps = StepCommit(db)
    seen: dict[int, list[int]] = {}
    async with db.transaction():
        tasks = [asyncio.create_task(_step(steps, n, seen, fail=n == 1)) for n in range(1, 4)]
        await asyncio.sleep(0.05)
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    assert [type(o).__name__ for o in outcomes] == ["ValueError", "NoneType", "NoneType"]
    assert _rows(db.path) == [2, 3] and seen[2] == seen[3] == [2, 3]
    await _step(steps, 4, seen)  # the store is usable afterwards
    assert seen[4] == [2, 3, 4]


async def test_a_failing_step_takes_back_only_its_own_writes(db: CountingDatabase) -> None:
    steps = StepCommit(db)
    seen: dict[int, list[int]] = {}
    async with db.transaction():
        tasks = [asyncio.create_task(_step(steps, n, seen, fail=n in (1, 3))) for n in range(1, 5)]
        await asyncio.sleep(0.05)
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    assert [type(o).__name__ for o in outcomes] == ["ValueError", "NoneType"] * 2
    assert _rows(db.path) == [2, 4]  # the leader (1) and step 3 failed; 2 and 4 are kept
    assert db.transactions == 2


async def test_a_failed_commit_reaches_every_step(db: CountingDatabase) -> None:
    steps = StepCommit(db)
    seen: dict[int, list[int]] = {}
    async with Database.transaction(db):  # not counted, and commits
        tasks = [asyncio.create_task(_step(steps, n, seen)) for n in range(1, 4)]
        await asyncio.sleep(0.05)
        db.fail_commit = True  # the steps' shared COMMIT fails
    outcomes: list[Any] = await asyncio.gather(*tasks, return_exceptions=True)
    assert all(isinstance(o, sqlite3.OperationalError) for o in outcomes)
    assert not seen and _rows(db.path) == []
    db.fail_commit = False
    await _step(steps, 9, seen)  # the next batch is a new transaction
    assert seen[9] == [9]


async def test_steps_arriving_during_a_commit_form_the_next_batch(db: CountingDatabase) -> None:
    steps = StepCommit(db)
    seen: dict[int, list[int]] = {}
    first = asyncio.create_task(_step(steps, 1, seen))
    await asyncio.sleep(0)  # the first batch is under way (its COMMIT on a worker thread)
    later = [asyncio.create_task(_step(steps, n, seen)) for n in (2, 3)]
    await asyncio.gather(first, *later)
    assert _rows(db.path) == [1, 2, 3]
    assert db.transactions <= 2


@pytest.mark.parametrize("big", [1, 3])
async def test_a_full_disk_inside_a_batch_fails_the_batch_as_a_full_store(
    db: CountingDatabase, big: int
) -> None:
    """SQLite ends the whole transaction on SQLITE_FULL, savepoints and all: every step of
    the batch gets StoreFullError (its row stays pending in the dispatcher), nothing of
    the batch is written, and the next batch works once there is space again."""
    async with db.transaction() as conn:
        await conn.execute("CREATE TABLE blob (n INTEGER, body TEXT)")
    row = await db.fetchone("PRAGMA page_count")
    assert row is not None
    pages = row[0]
    await db.conn.execute(f"PRAGMA max_page_count = {pages}")  # as a full disk answers
    steps = StepCommit(db)

    async def step(n: int) -> None:
        async with steps.transaction() as conn:
            await conn.execute(
                "INSERT INTO blob (n, body) VALUES (?, ?)", (n, "x" * (20_000 if n == big else 1))
            )

    async with db.transaction():  # another writer holds the store: the steps queue up
        tasks = [asyncio.create_task(step(n)) for n in range(1, 5)]
        await asyncio.sleep(0.05)
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    assert [type(o).__name__ for o in outcomes] == ["StoreFullError"] * 4, outcomes
    assert db.full_since is not None
    with sqlite3.connect(db.path) as other:
        assert other.execute("SELECT COUNT(*) FROM blob").fetchone()[0] == 0
    await db.conn.execute("PRAGMA max_page_count = 1073741823")  # space freed
    big = 0
    await step(9)
    with sqlite3.connect(db.path) as other:
        assert other.execute("SELECT n FROM blob").fetchall() == [(9,)]


async def test_the_inbox_joins_the_steps_commit(db: CountingDatabase) -> None:
    """bot/ingest.py writes its rows in the store's shared transaction: an update stored
    while steps wait for the store is committed with them, one COMMIT for both, and is
    acknowledged (ingest returns) only once that COMMIT is done."""
    seen: dict[int, list[int]] = {}
    notified: list[str] = []
    dispatcher = SimpleNamespace(
        notify=notified.append,
        hand_over=lambda inbox_id, payload: None,
        s=SimpleNamespace(wake_outbox=lambda: None),
    )
    adapter = SimpleNamespace(name="telegram", lane=lambda payload: f"telegram:{payload['u']}")
    async with db.transaction():  # another writer holds the store: both queue up
        step = asyncio.create_task(_step(shared(db), 1, seen))
        stored = asyncio.create_task(
            ingest(db, dispatcher, adapter, [Incoming("e1", {"u": 1})])  # type: ignore[arg-type]
        )
        await asyncio.sleep(0.05)
        assert not stored.done()
    assert await stored == 1 and notified == ["telegram:1"]
    await step
    assert db.transactions == 2  # the other writer's, and one for the step and the row
    with sqlite3.connect(db.path) as other:  # durable when acknowledged
        assert other.execute("SELECT external_id FROM inbox").fetchall() == [("e1",)]


async def test_no_step_joins_after_the_inbox(db: CountingDatabase) -> None:
    """The inbox's rows close the batch they join: a step that comes after them waits
    for the next batch, so the update's acknowledgement waits only for what was queued
    before it (joining without closing cost 0.80x the updates/s in the closed loop)."""
    seen: dict[int, list[int]] = {}
    dispatcher = SimpleNamespace(
        notify=lambda lane: None,
        hand_over=lambda inbox_id, payload: None,
        s=SimpleNamespace(wake_outbox=lambda: None),
    )
    adapter = SimpleNamespace(name="telegram", lane=lambda payload: "telegram:1")
    async with db.transaction():  # another writer holds the store: everything queues up
        first = asyncio.create_task(_step(shared(db), 1, seen))
        await asyncio.sleep(0)
        stored = asyncio.create_task(
            ingest(db, dispatcher, adapter, [Incoming("e1", {})])  # type: ignore[arg-type]
        )
        await asyncio.sleep(0.01)
        later = asyncio.create_task(_step(shared(db), 2, seen))
        await asyncio.sleep(0.01)
    assert await stored == 1
    await asyncio.gather(first, later)
    # the other writer's; step 1 with the inbox's row; step 2 alone
    assert db.transactions == 3
    assert seen[1] == [1] and seen[2] == [1, 2]


async def test_a_step_cancelled_as_its_turn_comes_hands_the_connection_back(
    db: CountingDatabase,
) -> None:
    """A step that joined a batch and is cancelled (a stop) in the very loop turn the
    leader hands it the connection never writes; the leader goes on with the next step
    and commits. Before, the leader waited for that step for ever, holding the store's
    lock (and, being deaf to cancellation there, the process's exit)."""
    steps = StepCommit(db)
    seen: dict[int, list[int]] = {}
    loop = asyncio.get_running_loop()
    async with db.transaction():  # another writer holds the store: the steps queue up
        leader = asyncio.create_task(_step(steps, 1, seen))
        await asyncio.sleep(0.01)
        joiner = asyncio.create_task(_step(steps, 2, seen))
        last = asyncio.create_task(_step(steps, 3, seen))
        await asyncio.sleep(0.01)
        assert steps._batch is not None
        turn = steps._batch.turns[0]

        def cancel_when_handed() -> None:
            # runs every loop turn, so it runs after the leader hands the turn over and
            # before the joiner's wake-up, which was queued by that hand-over
            if turn.done():
                joiner.cancel()
            else:
                loop.call_soon(cancel_when_handed)

        cancel_when_handed()
    async with asyncio.timeout(10):
        outcomes = await asyncio.gather(leader, joiner, last, return_exceptions=True)
    assert [type(o).__name__ for o in outcomes] == ["NoneType", "CancelledError", "NoneType"]
    assert _rows(db.path) == [1, 3] and db.transactions == 2
