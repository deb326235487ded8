"""bot/store/lanes.py: a lane held across instances.

On PostgreSQL (a cluster of its own, or the suite's with DUMAS_TEST_DATABASE=postgresql):
two `PostgresDatabase` objects are two server sessions on one database, as two
`dumas run` instances would be. On SQLite a lane is always granted without a statement.
Also the inbox's last guard: a row is marked processed once.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.store import inbox, lanes
from bot.store.database import Database

LANE, OTHER = "telegram:1001", "telegram:1002"
SINCE = datetime(2000, 1, 1, tzinfo=UTC)  # flood window: every row counts


async def test_one_instance_holds_a_lane_and_the_other_is_refused(
    two_instances: tuple[Database, Database],
) -> None:
    a, b = two_instances
    assert await lanes.try_take(a, LANE)
    assert not await lanes.try_take(b, LANE)
    assert await lanes.try_take(b, OTHER)  # other lanes are free
    assert not await lanes.try_take(a, OTHER)
    await lanes.release(a, LANE)
    assert await lanes.try_take(b, LANE)
    assert not await lanes.try_take(a, LANE)


async def test_one_session_holds_many_lanes_each_taken_once_released_once(
    two_instances: tuple[Database, Database],
) -> None:
    a, b = two_instances
    held = [f"telegram:{n}" for n in range(50)]
    for lane in held:
        assert await lanes.try_take(a, lane)
    assert not any([await lanes.try_take(b, lane) for lane in held])
    for lane in held:
        await lanes.release(a, lane)
    assert all([await lanes.try_take(b, lane) for lane in held])


async def test_a_closed_connection_releases_its_lanes(
    two_instances: tuple[Database, Database],
) -> None:
    a, b = two_instances
    assert await lanes.try_take(a, LANE)
    assert not await lanes.try_take(b, LANE)
    await a.close()  # the instance died: the server ends its session and its locks
    # the server frees the lock when the backend exits, just after the socket closes
    for _ in range(600):
        if await lanes.try_take(b, LANE):
            break
        await asyncio.sleep(0.05)
    else:
        pytest.fail("the lane was not released with its connection")


async def test_a_drain_takes_its_lane_with_the_first_row_and_releases_it_looking_again(
    two_instances: tuple[Database, Database],
) -> None:
    """The drain's round trips: the take returns the first pending row; the next row,
    when there is none, releases the lane and looks once more, so a row another instance
    committed while we held the lane is seen and the drain takes the lane again."""
    a, b = two_instances
    first = await inbox.record(a, "telegram", "u1", LANE, "{}")
    await inbox.record(a, "telegram", "u9", OTHER, "{}")  # another lane's row is not ours
    taken, row = await lanes.take(a, LANE, SINCE)
    assert taken and row is not None and (row.id, row.lane, row.external_id) == (first, LANE, "u1")
    assert row.recent == 1  # its lane's rows so far, itself included
    assert await lanes.take(b, LANE, SINCE) == (False, None)  # held
    assert (await lanes.next_or_release(a, LANE, SINCE))[0] == row  # not processed yet: again
    async with a.transaction() as conn:
        await inbox.mark_processed(conn, row.id, "ok")
    assert await lanes.next_or_release(a, LANE, SINCE) == (None, False)  # released, nothing new
    assert await lanes.take(a, LANE, SINCE) == (True, None)  # free again: taken, nothing pending
    await inbox.record(b, "telegram", "u2", LANE, "{}")  # B stores; B's take fails
    assert (await lanes.take(b, LANE, SINCE))[0] is False
    nxt, pending = await lanes.next_or_release(a, LANE, SINCE)
    assert nxt is not None and nxt.external_id == "u2" and not pending  # still held: the row
    assert nxt.recent == 2
    async with a.transaction() as conn:
        await inbox.mark_processed(conn, nxt.id, "ok")
    await lanes.release(a, LANE)
    assert await lanes.take(a, LANE, SINCE) == (True, None)
    assert await lanes.next_or_release(a, LANE, SINCE) == (None, False)
    assert (await lanes.take(b, LANE, SINCE))[0] is True  # released: B takes it


def test_a_lane_has_the_same_key_in_every_process() -> None:
    """Instances must agree on the key: not Python's hash(), which is salted per process."""
    code = "from bot.store.lanes import lane_key; print(lane_key('telegram:1001'))"
    keys = set()
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[2],
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        keys.add(int(done.stdout))
    assert keys == {lanes.lane_key(LANE)}
    assert -(2**63) <= lanes.lane_key(LANE) < 2**63  # pg_try_advisory_lock(bigint)
    assert len({lanes.lane_key(f"telegram:{n}") for n in range(10_000)}) == 10_000


async def test_on_sqlite_a_lane_is_always_granted_without_a_statement(tmp_path: Path) -> None:
    statements: list[str] = []
    async with Database(tmp_path / "d.sqlite3") as db:
        await db.conn.set_trace_callback(statements.append)
        assert await lanes.try_take(db, LANE)
        assert await lanes.try_take(db, LANE)
        await lanes.release(db, LANE)
        await db.conn.set_trace_callback(None)
        assert statements == []
        assert await lanes.take(db, LANE, SINCE) == (True, None)  # the read alone
        await inbox.record(db, "telegram", "u1", LANE, "{}")
        row, pending = await lanes.next_or_release(db, LANE, SINCE)
        assert row is not None and row.external_id == "u1" and not pending and row.recent == 1
        later = await inbox.next_pending(db, LANE, datetime.now(UTC) + timedelta(seconds=60))
        assert later is not None and later.recent == 0  # received before the window


async def test_a_row_is_marked_processed_once(tmp_path: Path, test_database: str | None) -> None:
    from bot.store.database import open_store

    async with open_store(test_database or "", tmp_path / "d.sqlite3") as db:
        row_id = await inbox.record(db, "telegram", "u1", LANE, "{}")
        assert row_id is not None
        async with db.transaction() as conn:
            await inbox.mark_processed(conn, row_id, "ok")
        with pytest.raises(inbox.AlreadyProcessed):
            async with db.transaction() as conn:
                await inbox.mark_processed(conn, row_id, "again")
        row = await db.fetchone("SELECT outcome FROM inbox WHERE id = ?", (row_id,))
        assert row is not None and row[0] == "ok"
