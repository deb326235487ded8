"""The suite's own fixtures and settings (tests/conftest.py): what a test's store is on each
backend; the order the parallel workers are handed the tests in."""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from bot.settings import load_settings
from bot.store import inbox
from bot.store.database import open_store
from tests.pg_cluster import Cluster


async def test_each_data_directory_is_an_installation_of_its_own(tmp_path: Path) -> None:
    """Two data directories are two installations on both backends: on SQLite two files,
    on PostgreSQL two databases (a test with a Telegram and a WhatsApp harness once had
    both runtimes on one database, each draining the other's citizens)."""
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    settings = {
        name: load_settings({"DUMAS_DATA_DIR": str(tmp_path / folder)}, env_file=None)
        for name, folder in (("a", "a"), ("a again", "a"), ("b", "b"))
    }

    first = settings["a"]
    async with open_store(first.database_url, first.db_path) as db, db.transaction() as conn:
        await inbox.insert_many(conn, [("telegram", "1", "telegram:7", "{}", None)])

    seen = {}
    for name in ("a again", "b"):
        s = settings[name]
        async with open_store(s.database_url, s.db_path) as db:
            seen[name] = await inbox.pending_lanes(db)
    assert seen == {"a again": ["telegram:7"], "b": []}


class _Node:
    """What pytest-xdist's scheduler uses of a worker: the tests it is sent."""

    shutting_down = False

    def __init__(self, name: str) -> None:
        self.gateway = SimpleNamespace(id=name)  # named in a report of differing collections
        self.sent: list[int] = []

    def send_runtest_some(self, indices: list[int]) -> None:
        self.sent += indices


class _FourWorkers:
    """What the scheduler reads of the configuration: `-n 4`."""

    def getvalue(self, name: str) -> list[str]:
        assert name == "tx"
        return ["4*popen"]


def test_the_longest_tests_start_on_different_workers() -> None:
    """pytest-xdist's worksteal first hands each worker a contiguous block of the
    collection and later moves only the tails of queues: the longest tests must open
    different workers' blocks (session 32's CI: one worker ran the three triage
    trainings and the engine oracle's slices one after another, the others idle), the
    computing ones on half of the workers only (two cores). The real scheduler is given
    the order tests/conftest.py makes."""
    from xdist.scheduler.worksteal import WorkStealingScheduling

    from tests import conftest

    training = (
        "tests/triage/test_training.py::test_training_twice_gives_the_same_file_byte_for_byte"
    )
    oracle = "tests/triage/test_engine_oracle.py::test_the_new_engine_gives_the_old_verdicts"
    oracle += "_features_and_sums"
    computing = [training, *(f"{oracle}[{n}]" for n in range(4))]
    cut_off = "tests/reliability/test_whatsapp_cut_off.py::test_a_whatsapp_message_cut_off"
    waiting = [f"{cut_off}[after storing]", f"{cut_off}[on the wire]"]
    short = [f"tests/quick/test_{n // 50}.py::test_{n}" for n in range(2000)]
    # collected anywhere, in any order
    collected = [*short[:700], *waiting[::-1], *computing[1:], *short[700:1500], training]
    collected += short[1500:]
    ordered = [i.nodeid for i in conftest._dealt([SimpleNamespace(nodeid=i) for i in collected], 4)]
    assert sorted(ordered) == sorted(collected)  # the same tests, reordered
    scheduler = WorkStealingScheduling(_FourWorkers())  # type: ignore[arg-type]
    nodes = [_Node(f"gw{n}") for n in range(4)]
    for node in nodes:
        scheduler.add_node(node)  # type: ignore[arg-type]
    for node in nodes:
        scheduler.add_node_collection(node, ordered)  # type: ignore[arg-type]
    scheduler.schedule()
    fronts = [[ordered[i] for i in node.sent[:3]] for node in nodes]
    assert fronts[0] == [training, f"{oracle}[1]", f"{oracle}[3]"]  # the longest first
    assert fronts[1][:2] == [f"{oracle}[0]", f"{oracle}[2]"]
    assert sorted(front[0] for front in fronts[2:]) == sorted(waiting)
    assert not set(computing) & {ordered[i] for node in nodes[2:] for i in node.sent}


def test_the_admin_connection_makes_each_database_ahead_and_drops_it_after(
    pg_cluster: Cluster | None,
) -> None:
    """On PostgreSQL a test's database is the spare made while the test before it ran,
    and is dropped while the next one runs (_AdminConnection): every database handed out
    is a fresh copy of the template, the next one already exists when one is handed out,
    and a statement that failed unwaited is raised, not lost."""
    import asyncpg

    from tests.conftest import _AdminConnection
    from tests.dispatcher.pg_database import worker_cluster

    cluster = pg_cluster or worker_cluster()

    async def sql(database: str, statement: str) -> list[Any]:
        conn = await asyncpg.connect(cluster.url(database))
        try:
            return list(await conn.fetch(statement))
        finally:
            await conn.close()

    def names() -> set[str]:
        return {r[0] for r in asyncio.run(sql("postgres", "SELECT datname FROM pg_database"))}

    if "dumas_template" not in names():  # a worker's own cluster (the SQLite suite)
        asyncio.run(sql("postgres", "CREATE DATABASE dumas_template"))
    admin = _AdminConnection(cluster.url())
    first = admin.new_database()
    asyncio.run(sql(first, "CREATE TABLE written_by_the_test (x int)"))
    second = admin.new_database()
    assert admin._spare is not None  # the next test's, being made while this one runs
    spare, made = admin._spare
    made.result(timeout=300)
    assert len({first, second, spare}) == 3 and {first, second, spare} <= names()
    tables = "SELECT 1 FROM pg_tables WHERE tablename = 'written_by_the_test'"
    assert asyncio.run(sql(second, tables)) == []  # a copy of the template, not of `first`
    admin.drop_later(first)
    admin.drop_later("not-a-name")  # a syntax error nobody waits for
    with pytest.raises(asyncpg.PostgresSyntaxError):
        admin.close()
    left = names()
    assert first not in left and spare not in left and second in left
    asyncio.run(sql("postgres", f"DROP DATABASE {second}"))
