"""bot/dispatcher.py with two instances on one PostgreSQL database.

Two `Dispatcher`s, each with its own `PostgresDatabase` (its own server session), stand
for two `dumas run` processes behind a load balancer: a citizen's rows are stored now by
one, now by the other (the real `ingest`), and each instance drains what it stored. The
lane lock (bot/store/lanes.py) must give: every row handled once, each lane in id order,
and the same conversations as one instance gives. Then the two gaps of that scheme: a
row stored by B while A holds the lane (A's look after releasing), and rows left by a
killed instance (the sweep).

The sweep is off (a very long interval) except in the test that is about it, so a row
stranded by a race fails the test instead of being rescued a few seconds later.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.dispatcher import Dispatcher, Services
from bot.ingest import Incoming, ingest
from bot.routing.resolver import Router
from bot.settings import Settings, load_settings
from bot.store import inbox, lanes
from bot.store.database import Database, open_store
from flows.ports import HandlingUnit
from tests.dispatcher.pg_database import fresh_database_url
from tests.e2e.steps import DESCRIPTION
from tests.fakes.scripted_channel import ScriptedChannel
from tests.pg_cluster import Cluster

NO_SWEEP = 3600.0
CITIZENS = 12

# One complaint, typed (no GPS: the routing data of the repository is enough).
SCRIPT: list[dict[str, str]] = [
    {"cmd": "aduan"},
    {"choice": "consent:yes"},
    {"choice": "cat:crime"},
    {"text": DESCRIPTION},
    {"choice": "when:yesterday"},
    {"text": "kec cilandak jaksel"},
    {"choice": "place:yes"},
    {"choice": "ev:skip"},
    {"choice": "contact:chat"},
    {"choice": "sum:confirm"},
]


CHANNEL = ScriptedChannel()


class Instance(Dispatcher):
    """A dispatcher that notes the rows it handled (committed), in order."""

    def __init__(
        self, name: str, services: Services, sweep_seconds: float, log: list[tuple[str, int]]
    ) -> None:
        super().__init__(services, sweep_seconds=sweep_seconds)
        self.name = name
        self.handled: list[tuple[str, int]] = []
        self.log = log  # every instance of a deployment: one order of commits
        self.begun: list[int] = []  # rows this instance started on (committed or not)
        self.gate: asyncio.Event | None = None  # when set up: each row waits for it
        self.at_gate = asyncio.Event()  # a row waits at the gate (its lane is held)

    async def process(self, row: inbox.InboxRow) -> None:
        if self.gate is not None:
            self.at_gate.set()
            await self.gate.wait()
        self.begun.append(row.id)
        await super().process(row)
        # (one event loop: appended right after the row's commit, before another task runs
        # that could commit the lane's next row)
        self.handled.append((row.lane, row.id))
        self.log.append((row.lane, row.id))


@dataclass
class Deployment:
    """Instances sharing one database, each with its own connection."""

    settings: Settings
    router: Router
    instances: list[tuple[Database, Instance]] = field(default_factory=list)
    log: list[tuple[str, int]] = field(default_factory=list)  # shared by the instances
    killed: list[Instance] = field(default_factory=list)

    async def start(self, name: str, sweep_seconds: float = NO_SWEEP) -> Instance:
        db = await open_store(self.settings.database_url, self.settings.db_path).open()
        services = Services(
            settings=self.settings,
            db=db,
            adapters={CHANNEL.name: CHANNEL},  # type: ignore[dict-item]
            places=self.router,
            route_unit=_route(self.router),
            unit_name=lambda unit: unit,
            wake_outbox=lambda: None,
        )
        instance = Instance(name, services, sweep_seconds, self.log)
        self.instances.append((db, instance))
        return instance

    async def store(self, instance: Instance, external_id: str, payload: dict[str, Any]) -> None:
        """What a webhook at `instance` does: the row committed, then its lane notified."""
        await ingest(instance.s.db, instance, CHANNEL, [Incoming(external_id, payload)])  # type: ignore[arg-type]

    async def settle(self, timeout: float = 120.0) -> None:
        """Until no row is pending and every live instance is idle (never on a timer)."""
        live = [(db, i) for db, i in self.instances if i not in self.killed]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            pending = await inbox.pending_count(live[0][0])
            if pending == 0 and all(not i._running for _, i in live):
                return
            await asyncio.sleep(0.05)
        raise TimeoutError(f"{pending} rows still pending")

    def handled(self) -> list[tuple[str, int]]:
        """(lane, id) of every row handled, by any instance, in the order of commits."""
        return list(self.log)

    def kill(self, instance: Instance) -> None:
        """As SIGKILL would: the connection drops without a word, drains never end."""
        self.killed.append(instance)
        instance.s.db.conn.raw.terminate()
        for task in list(instance._running.values()):
            task.cancel()

    async def close(self) -> None:
        for db, instance in self.instances:
            if instance in self.killed:
                continue
            if instance._running:
                await instance.wait_idle(60)
            await db.close()


def _route(router: Router) -> Callable[[Any, str], HandlingUnit | None]:
    def route(place: Any, route_to: str) -> HandlingUnit | None:
        unit = router.unit_for(place, route_to)
        polda = router.unit(unit.polda_id)
        return HandlingUnit(
            unit.id, unit.name, unit.polda_id, polda.name if polda else unit.polda_id, unit.timezone
        )

    return route


Deploy = Callable[[str], Awaitable[Deployment]]


@pytest.fixture
async def deploy(
    tmp_path: Path, router: Router, pg_cluster: Cluster | None
) -> AsyncIterator[Deploy]:
    """deploy(name): a new database (PostgreSQL, or SQLite when name says "sqlite")."""
    made: list[Deployment] = []

    async def make(name: str) -> Deployment:
        url = "" if name == "sqlite" else await fresh_database_url(pg_cluster)
        settings = load_settings(
            {
                "DUMAS_DATA_DIR": str(tmp_path / name),
                "DUMAS_DATABASE_URL": url,
                "DUMAS_FLOOD_MESSAGES": "100000",  # the script is faster than any citizen
            },
            env_file=None,
        )
        deployment = Deployment(settings, router)
        made.append(deployment)
        return deployment

    yield make
    for deployment in made:
        await deployment.close()


async def conversations(db: Database) -> dict[str, tuple[str, int, list[str]]]:
    """Per citizen: final state, tickets filed, and the replies in order (the random
    ticket reference masked)."""
    seen: dict[str, tuple[str, int, list[str]]] = {}
    people = await db.fetchall(
        "SELECT z.id, z.external_id, c.state FROM citizens z "
        "LEFT JOIN conversations c ON c.citizen_id = z.id"
    )
    for person in people:
        tickets = await db.fetchall(
            "SELECT reference FROM tickets WHERE citizen_id = ?", (person["id"],)
        )
        replies = await db.fetchall(
            "SELECT payload FROM outbox WHERE chat_id = ? AND kind = 'reply' ORDER BY id",
            (person["external_id"],),
        )
        texts = [str(r["payload"]) for r in replies]
        for ticket in tickets:
            texts = [t.replace(ticket["reference"], "<ref>") for t in texts]
        seen[person["external_id"]] = (person["state"] or "idle", len(tickets), texts)
    return seen


def assert_each_row_once_in_lane_order(handled: list[tuple[str, int]], stored: int) -> None:
    """`handled`: (lane, id) in the order the rows were committed, by any instance."""
    ids = [row_id for _lane, row_id in handled]
    assert len(ids) == stored and len(set(ids)) == stored, "a row handled twice or never"
    by_lane: dict[str, list[int]] = {}
    for lane, row_id in handled:
        by_lane.setdefault(lane, []).append(row_id)
    for lane, ids_in_lane in by_lane.items():
        assert ids_in_lane == sorted(ids_in_lane), f"{lane} out of order: {ids_in_lane}"


async def test_two_instances_handle_interleaved_rows_once_in_order(deploy: Deploy) -> None:
    one = await deploy("sqlite")
    alone = await one.start("alone")
    for step, payload in enumerate(SCRIPT):
        for n in range(CITIZENS):
            await one.store(alone, f"{n}:{step}", {**payload, "user": n})
    await one.settle()
    expected = await conversations(alone.s.db)
    assert all(c[:2] == ("idle", 1) for c in expected.values()), expected  # tickets filed

    two = await deploy("two")
    a = await two.start("a")
    b = await two.start("b")
    for step, payload in enumerate(SCRIPT):
        # each step of every citizen arrives at one instance or the other, alternating,
        # while both are draining what they stored before
        await asyncio.gather(
            *(
                two.store((a, b)[(n + step) % 2], f"{n}:{step}", {**payload, "user": n})
                for n in range(CITIZENS)
            )
        )
        if step == 0:
            # Each instance first drains the lanes whose first row it stored (neither
            # hears of the other's: no sweep). Without this, an instance the loop starves
            # can find every lane already held by the other when its wake runs, and the
            # test would see one instance only (it did once in CI, under load).
            await two.settle()
    await two.settle()
    stored = await inbox.pending_count(a.s.db), len(await a.s.db.fetchall("SELECT id FROM inbox"))
    assert stored == (0, CITIZENS * len(SCRIPT))
    assert a.handled and b.handled, "both instances drained lanes"
    assert_each_row_once_in_lane_order(two.handled(), CITIZENS * len(SCRIPT))
    # and never begun twice: without the lane lock both instances would start on the same
    # row and the inbox's guard would roll one back (wasted work, and a side effect
    # outside the transaction, such as a download, done twice)
    assert sorted(a.begun + b.begun) == sorted(row_id for _, row_id in two.handled())
    assert await conversations(a.s.db) == expected


async def test_a_row_stored_by_b_while_a_holds_the_lane_is_drained_by_a(
    deploy: Deploy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race the look after releasing closes: B commits a row after A's last read of
    the lane but before A releases it; B's take is refused, so only A can drain it.
    (`lanes.next_or_release_many` reads, unlocks and looks in one server function: here
    it is played step by step on A's connection, B storing between A's read and A's
    unlock; on the raw connection, as the dispatcher sends it in `single_write`, which
    allows the store one statement.)"""
    next_or_release_many = lanes.next_or_release_many
    raced = False
    lane = CHANNEL.lane({"user": 7})
    pending_sql = "SELECT COUNT(*) FROM inbox WHERE lane = $1 AND processed_at IS NULL"

    async def b_stores_before_the_unlock(conn: Any, requests: Any) -> list[tuple[Any, bool]]:
        nonlocal raced
        if conn is not a.s.db.conn or [held for held, _ in requests] != [lane] or raced:
            return await next_or_release_many(conn, requests)
        raced = True
        assert await conn.raw.fetchval(pending_sql, lane) == 0  # A's last read: nothing
        await two.store(b, "7:1", {**SCRIPT[1], "user": 7})
        await b.wait_idle(60)
        assert b.handled == [] and await inbox.pending_count(b.s.db) == 1  # left to A
        await conn.raw.fetchval("SELECT pg_advisory_unlock($1)", lanes.lane_key(lane))
        return [(None, await conn.raw.fetchval(pending_sql, lane) > 0)]  # the look after

    # before the instances start: each binds the function when it is built
    monkeypatch.setattr(lanes, "next_or_release_many", b_stores_before_the_unlock)
    two = await deploy("race")
    a, b = await two.start("a"), await two.start("b")
    await two.store(a, "7:0", {**SCRIPT[0], "user": 7})
    await two.settle(timeout=60)  # without the second look the row stays pending
    assert raced
    ids = [int(r["id"]) for r in await a.s.db.fetchall("SELECT id FROM inbox ORDER BY id")]
    assert a.handled == [(lane, ids[0]), (lane, ids[1])] and b.handled == []


async def test_the_sweep_takes_over_the_lanes_of_a_killed_instance(
    deploy: Deploy, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused: set[str] = set()
    all_refused = asyncio.Event()
    users = range(3)
    take_many = lanes.take_many

    async def noted_take(conn: Any, requests: Any) -> list[tuple[bool, Any]]:
        answers = await take_many(conn, requests)
        for (lane, _since), (taken, _row) in zip(requests, answers, strict=True):
            if conn is b.s.db.conn and not taken:
                refused.add(lane)
                if len(refused) == len(users):
                    all_refused.set()
        return answers

    # before the instances start: each binds the function when it is built
    monkeypatch.setattr(lanes, "take_many", noted_take)
    two = await deploy("killed")
    a = await two.start("a")
    b = await two.start("b", sweep_seconds=0.1)
    a.gate = asyncio.Event()  # A takes its lanes and never finishes a row
    for n in users:
        await two.store(a, f"{n}:0", {**SCRIPT[0], "user": n})
    await two.store(a, "0:1", {**SCRIPT[1], "user": 0})

    sweeping = asyncio.create_task(b.run_sweep())
    try:
        # while A is alive it holds its lanes: B's sweep offers them and is refused
        await asyncio.wait_for(all_refused.wait(), 60)
        assert b.handled == [] and await inbox.pending_count(b.s.db) == 4
        two.kill(a)
        await two.settle(timeout=60)
    finally:
        sweeping.cancel()
    assert a.handled == []
    assert sorted(lane for lane, _ in b.handled) == sorted(
        [CHANNEL.lane({"user": n}) for n in users] + [CHANNEL.lane({"user": 0})]
    )
    assert_each_row_once_in_lane_order(b.handled, 4)


async def test_a_drain_stops_when_the_connection_was_replaced(deploy: Deploy) -> None:
    """The lane was held on the connection of the epoch it was taken in: after a
    reconnection (a new epoch) it is not held any more, so the drain leaves the rest to
    the sweep instead of going on unprotected."""
    one = await deploy("epoch")
    a = await one.start("a", sweep_seconds=0.1)
    a.gate = asyncio.Event()
    lane = CHANNEL.lane({"user": 5})
    await one.store(a, "5:0", {**SCRIPT[0], "user": 5})
    await one.store(a, "5:1", {**SCRIPT[1], "user": 5})
    await asyncio.wait_for(a.at_gate.wait(), 60)  # the lane taken, in the first epoch
    a.s.db.connection_epoch += 1  # what a reconnection does (bot/store/postgres.py)
    a.gate.set()
    await a.wait_idle(60)
    assert len(a.handled) == 1 and await inbox.pending_count(a.s.db) == 1
    sweeping = asyncio.create_task(a.run_sweep())
    try:
        await one.settle(timeout=60)
    finally:
        sweeping.cancel()
    assert [held for held, _ in a.handled] == [lane, lane]
