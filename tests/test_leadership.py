"""Leadership (bot/leadership.py) through real runtimes: who runs the singleton duties.

PostgreSQL: two runtimes on one database (in this process, each with its own fake-Bot-API
client and data directory, as two hosts would have): exactly one is the leader; when it
stops, or its leadership connection is killed by the server, the other takes over and the
bot answers again. SQLite: a second runtime on the same data directory is refused with one
line, and a second `dumas run` process stops with that line.

The PostgreSQL tests start a cluster of their own (tests/pg_cluster.py) whatever
DUMAS_TEST_DATABASE says, and are skipped when PostgreSQL's server is not installed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from bot.app import Runtime
from bot.dispatcher import TIMER_CHANNEL
from bot.leadership import (
    RETRY_SECONDS,
    AdvisoryLockLeadership,
    InstanceAlreadyRunning,
    OutboxBell,
)
from bot.outbox.limits import LimitConfig
from bot.routing.resolver import Router
from bot.store import outbox as outbox_store
from bot.store import staff_groups
from bot.store.database import Database, DatabaseUnavailable
from bot.store.postgres import PostgresDatabase
from bot.timers import fire_due_timers
from tests.built_once import second_start
from tests.fakes.telegram_api import Call, FakeBotAPI
from tests.fakes.updates import UpdateFactory
from tests.harness import TOKEN, Clock, make_runtime, settings_for
from tests.pg_cluster import Cluster, own_cluster, sqlite_only
from tests.reliability.test_crash_safety import GROUP, _unit_for_cilandak, script

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """A PostgreSQL cluster of this module's own (its tests stop and kill sessions)."""
    yield from own_cluster()


_names = iter(range(1, 10_000))


def new_database(cluster: Cluster) -> str:
    """A fresh empty database on the cluster; its URL (the runtimes migrate it)."""
    name = f"lead{os.getpid()}_{next(_names)}"
    psql(cluster, f"CREATE DATABASE {name}")
    return cluster.url(name)


def psql(cluster: Cluster, sql: str) -> str:
    done = subprocess.run(
        ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", cluster.url(tcp=False), "-c", sql],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


async def wait_until(predicate: Callable[[], bool], timeout: float = 60.0) -> None:
    """Event-based enough: a short poll of in-process state, bounded generously."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(0.05)


@asynccontextmanager
async def two_runtimes(
    tmp_path: Path,
    router: Router,
    api: FakeBotAPI,
    url: str,
    clock: Clock | None = None,
    **env: str,
) -> AsyncIterator[tuple[Runtime, Runtime]]:
    """Two runtimes on one database (more settings in `env`; one controlled clock for
    both if given), started; at the end, each still running is stopped."""
    runtimes = [
        make_runtime(
            settings_for(
                tmp_path / name, api.url, DUMAS_DATABASE_URL=url, DUMAS_INSTANCE_ID=name, **env
            ),
            router,
            **({"clock": clock} if clock else {}),
        )
        for name in ("a", "b")
    ]
    started: list[Runtime] = []
    try:
        for runtime in runtimes:
            await runtime.start()
            started.append(runtime)
        yield runtimes[0], runtimes[1]
    finally:
        for runtime in started:
            if runtime not in stopped:
                await runtime.stop()


stopped: list[Runtime] = []  # runtimes a test stopped itself


async def stop(runtime: Runtime) -> None:
    stopped.append(runtime)
    await runtime.stop()


async def replies_to(api: FakeBotAPI, user: int, count: int) -> list[str]:
    await wait_until(lambda: len(api.sent(user)) >= count)
    return [c.text or "" for c in api.sent(user)]


async def test_one_leader_and_the_other_takes_over_when_it_stops(
    cluster: Cluster, tmp_path: Path, router: Router
) -> None:
    url = new_database(cluster)
    f = UpdateFactory()
    async with FakeBotAPI(token=TOKEN) as api, two_runtimes(tmp_path, router, api, url) as (a, b):
        await wait_until(lambda: a.is_leader or b.is_leader)
        leader, follower = (a, b) if a.is_leader else (b, a)
        # several beats of the follower's asking: it never leads beside the leader
        for _ in range(3):
            await asyncio.sleep(RETRY_SECONDS)
            assert leader.is_leader and not follower.is_leader
        assert leader._duties and not follower._duties  # only the leader polls and sends

        api.push_update(f.command(7001, "/start"))
        assert await replies_to(api, 7001, 1)  # polled, handled and answered by the leader

        began = time.monotonic()
        await stop(leader)
        await wait_until(lambda: follower.is_leader)
        print(f"\ntakeover after the leader stopped: {time.monotonic() - began:.2f} s")
        assert follower._duties

        api.push_update(f.command(7002, "/start"))
        assert await replies_to(api, 7002, 1)  # the new leader polls and sends
        inbox = await follower.db.fetchall("SELECT external_id FROM inbox ORDER BY id")
        assert [r[0] for r in inbox] == ["1", "2"]  # each update stored once
        assert len(api.sent(7001)) == 1  # and the first one's reply was not sent again


async def test_timers_and_deadlines_fire_once_whichever_instances_fire_them(
    cluster: Cluster, tmp_path: Path, router: Router
) -> None:
    """Only the leader runs the timers and the officers' deadlines, and even rounds run
    by both instances at once (a deposed leader's last round beside the new leader's
    first) fire each once: a timer becomes an inbox row whose key names the timer and
    its due time, a deadline is marked fired by a conditional UPDATE in the transaction
    that sends its reminder."""
    url = new_database(cluster)
    clock = Clock(datetime.now(UTC).replace(microsecond=0))
    f = UpdateFactory()
    async with (
        FakeBotAPI(token=TOKEN) as api,
        two_runtimes(tmp_path, router, api, url, clock=clock) as (a, b),
    ):
        await wait_until(lambda: a.is_leader or b.is_leader)
        await staff_groups.bind(a.db, str(GROUP), _unit_for_cilandak(router), "unit")
        filer, silent = 7401, 7402
        for update in script(f, filer):  # a whole complaint: its ticket's claim deadline
            api.push_update({k: v for k, v in update.items() if k != "update_id"})
        for update in script(f, silent)[:4]:  # stops at "when": its reminder timer
            api.push_update({k: v for k, v in update.items() if k != "update_id"})
        await wait_until(lambda: len(api.sent(filer)) >= 10 and len(api.sent(silent)) >= 4)
        await wait_until(lambda: len(api.sent(GROUP)) >= 1)  # the card
        before = len(api.sent(silent))

        def reminders_in_group() -> list[Call]:
            return [c for c in api.sent(GROUP) if "\u23f0" in (c.text or "")]

        clock.advance(minutes=49)  # the silent citizen's reminder (30 min), 80 % of the claim
        rounds = []
        for _ in range(3):
            rounds += await asyncio.gather(
                a.fire_deadlines(),
                b.fire_deadlines(),
                fire_due_timers(a.db, a.dispatcher, a.adapters, clock()),
                fire_due_timers(b.db, b.dispatcher, b.adapters, clock()),
            )
        deadlines_fired = sum(rounds[0::4]) + sum(rounds[1::4])
        timers_fired = sum(rounds[2::4]) + sum(rounds[3::4])
        assert (deadlines_fired, timers_fired) == (1, 1)
        await wait_until(lambda: len(api.sent(silent)) == before + 1)
        await wait_until(lambda: len(reminders_in_group()) == 1)
        await asyncio.sleep(2 * a.timer_interval)  # the leader's own loops come round too
        assert len(api.sent(silent)) == before + 1
        assert len(reminders_in_group()) == 1
        fired = await a.db.fetchall(
            "SELECT COUNT(*) FROM inbox WHERE channel = ? AND processed_at IS NOT NULL",
            (TIMER_CHANNEL,),
        )
        assert fired[0][0] == 1


async def test_a_new_leader_keeps_to_each_chats_pace_after_the_old_ones_burst(
    cluster: Cluster, tmp_path: Path, router: Router
) -> None:
    """Telegram counts a chat's messages from both leaders: the old one sends three
    citizens' bursts (3 messages each at once, all the pace allows) and stops; the new
    one takes over within a second and must not send those chats another burst at once.
    The fake enforces Telegram's limits with the runtimes' real ones (not the harness's
    fast ones): it answered 429 to the new leader's second and third messages before
    the buckets started empty at a takeover (bot/outbox/limits.py, spent_by_another)."""
    url = new_database(cluster)
    f = UpdateFactory()
    citizens = [7501, 7502, 7503]
    async with FakeBotAPI(token=TOKEN, enforce_limits=True) as api:
        runtimes = [
            make_runtime(
                settings_for(
                    tmp_path / name, api.url, DUMAS_DATABASE_URL=url, DUMAS_INSTANCE_ID=name
                ),
                router,
                limits=LimitConfig(),  # Telegram's
            )
            for name in ("a", "b")
        ]
        old: Runtime | None = None
        for runtime in runtimes:
            await runtime.start()
        try:
            await wait_until(lambda: any(r.is_leader for r in runtimes))
            old, new = runtimes if runtimes[0].is_leader else runtimes[::-1]
            for user in citizens:
                for _ in range(3):
                    api.push_update(f.command(user, "/start"))
            await wait_until(lambda: all(len(api.sent(u)) == 3 for u in citizens))
            await stop(old)
            for user in citizens:
                for _ in range(3):
                    api.push_update(f.command(user, "/start"))
            await wait_until(lambda: all(len(api.sent(u)) == 6 for u in citizens))
            assert new.is_leader
            assert api.limit_violations == 0, api.limit_violation_log
        finally:
            for runtime in runtimes:
                if runtime is not old:
                    await runtime.stop()
        gaps = [
            round(b.time - a.time, 2)
            for u in citizens
            for a, b in zip(api.sent(u)[2:5], api.sent(u)[3:6], strict=True)
        ]
    print(f"\nafter the takeover, seconds between messages in each chat: {gaps}")


async def test_a_leader_whose_connection_is_killed_stops_its_duties_at_once(
    cluster: Cluster, tmp_path: Path, router: Router
) -> None:
    url = new_database(cluster)
    async with FakeBotAPI(token=TOKEN) as api, two_runtimes(tmp_path, router, api, url) as (a, b):
        await wait_until(lambda: a.is_leader or b.is_leader)
        leader = a if a.is_leader else b
        duties = list(leader._duties)
        # what a network failure or a server restart does to the leader's connection
        killed = psql(
            cluster,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE application_name = 'dumas leader {leader.instance}'",
        )
        assert killed == "t"
        await wait_until(lambda: all(task.done() for task in duties))
        # someone leads again (either: the deposed one asks again like the other)
        await wait_until(lambda: a.is_leader or b.is_leader)
        assert not (a.is_leader and b.is_leader)
        f = UpdateFactory()
        api.push_update(f.command(7003, "/start"))
        assert await replies_to(api, 7003, 1)


async def test_a_leader_whose_ping_is_slow_gives_the_lock_up_only_after_its_sends(
    cluster: Cluster, tmp_path: Path, router: Router
) -> None:
    """A leader whose connection answers slower than PING_TIMEOUT steps down; it keeps the
    lock until its duties have ended -- a send on the wire included -- so no instance
    leads beside it and the row is not sent again (issue 19's exactly-once; seen once in
    CI under load as two instances saying "leader")."""
    url = new_database(cluster)
    on_the_wire, answer = asyncio.Event(), asyncio.Event()
    slow = {"DUMAS_TELEGRAM_TIMEOUT_SECONDS": "300"}  # the held send must not time out
    async with (
        FakeBotAPI(token=TOKEN) as api,
        two_runtimes(tmp_path, router, api, url, **slow) as (a, b),
    ):

        async def held(call: Call) -> object:
            on_the_wire.set()
            await answer.wait()  # Telegram is slow to answer this one
            return api._m_sendMessage(call)

        api.on("sendMessage", held)
        await wait_until(lambda: a.is_leader or b.is_leader)
        leader = a if a.is_leader else b
        # the fault: the server process of the leader's connection stops answering (a
        # loaded server), so the leader's ping takes longer than PING_TIMEOUT
        backend = int(
            psql(
                cluster,
                "SELECT pid FROM pg_stat_activity "
                f"WHERE application_name = 'dumas leader {leader.instance}'",
            )
        )
        os.kill(backend, signal.SIGSTOP)
        try:
            api.push_update(UpdateFactory().command(7004, "/start"))
            await asyncio.wait_for(on_the_wire.wait(), 60)  # the reply is on the wire
            await wait_until(lambda: not leader.is_leader)  # stepped down
        finally:
            os.kill(backend, signal.SIGCONT)  # it would now see a closed socket at once
        # several beats of both asking: nobody leads while the deposed leader's send is
        # on the wire (its lock is kept until then)
        for _ in range(3):
            await asyncio.sleep(RETRY_SECONDS)
            assert not (a.is_leader or b.is_leader)
        answer.set()
        await wait_until(lambda: a.is_leader or b.is_leader)
        now = a if a.is_leader else b
        await now.senders["telegram"].drain()  # the new leader's sender looks
        assert len(api.sent(7004)) == 1  # sent once, by the deposed leader
        rows = await now.db.fetchall("SELECT status FROM outbox")
        assert [r[0] for r in rows] == ["sent"]


async def test_a_stopped_leadership_never_leads_even_if_its_cancellation_is_lost(
    cluster: Cluster,
) -> None:
    """Python 3.11's asyncio.wait_for returns its awaitable's result when that ended just
    as the task was cancelled: the cancellation of stop() is lost. The campaign must not
    lead after stop() anyway (a runtime's duties would run on its closed store, and the
    lock would keep the next runtime from leading: seen once in CI, PostgreSQL e2e)."""
    url = new_database(cluster)
    leadership = AdvisoryLockLeadership(url, "stopped", lambda: None)
    connecting, connected = asyncio.Event(), asyncio.Event()
    real_connect = leadership._connect

    async def connect_losing_the_cancellation() -> tuple[Any, asyncio.Event]:
        connecting.set()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.sleep(60)
        found = await real_connect()
        connected.set()
        return found

    leadership._connect = connect_losing_the_cancellation  # type: ignore[method-assign]
    changes: list[bool] = []

    async def record(leading: bool) -> None:
        changes.append(leading)

    await leadership.start(record)
    campaign = leadership._task
    assert campaign is not None
    await asyncio.wait_for(connecting.wait(), 60)
    await leadership.stop()
    await asyncio.wait_for(connected.wait(), 60)
    await asyncio.wait({campaign}, timeout=30)
    assert campaign.done() and not leadership.is_leader and changes == []
    other = await asyncpg.connect(url)
    try:  # the lock is free for the next runtime
        assert await other.fetchval("SELECT pg_try_advisory_lock($1)", leadership.key)
    finally:
        await other.close()


async def test_healthz_says_which_instance_leads(
    cluster: Cluster, tmp_path: Path, router: Router
) -> None:
    url = new_database(cluster)
    async with FakeBotAPI(token=TOKEN) as api, two_runtimes(tmp_path, router, api, url) as (a, b):
        await wait_until(lambda: a.is_leader or b.is_leader)
        reports = {r.instance: await r.health() for r in (a, b)}
    assert {name: report["leader"] for name, report in reports.items()} in (
        {"a": True, "b": False},
        {"a": False, "b": True},
    )
    for name, report in reports.items():
        assert report["ok"] is True and report["instance"] == name
        assert report["database"] == {"status": "ok", "dialect": "postgresql"}


async def test_healthz_does_not_say_leader_for_a_leader_deposed_while_it_answered(
    cluster: Cluster, tmp_path: Path, router: Router, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A /healthz that waited on a slow database reads `leader` after its queries: an
    instance deposed meanwhile must not say "leader" beside the one that took over."""
    url = new_database(cluster)
    answering, go_on = asyncio.Event(), asyncio.Event()
    real_failed_count = outbox_store.failed_count

    async def slow_failed_count(db: Database) -> int:
        answering.set()
        await go_on.wait()
        return await real_failed_count(db)

    async with FakeBotAPI(token=TOKEN) as api, two_runtimes(tmp_path, router, api, url) as (a, b):
        await wait_until(lambda: a.is_leader or b.is_leader)
        leader = a if a.is_leader else b
        monkeypatch.setattr(outbox_store, "failed_count", slow_failed_count)
        report = asyncio.create_task(leader.health())
        await asyncio.wait_for(answering.wait(), 60)
        psql(
            cluster,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE application_name = 'dumas leader {leader.instance}'",
        )
        await wait_until(lambda: not leader.is_leader)
        go_on.set()
        assert (await report)["leader"] is False


# ---------------------------------------------------------------------- SQLite


@sqlite_only("one instance per data directory")
async def test_a_second_runtime_on_one_sqlite_data_directory_is_refused(
    tmp_path: Path, router: Router
) -> None:
    async with FakeBotAPI(token=TOKEN) as api:
        first = make_runtime(settings_for(tmp_path / "data", api.url), router)
        await first.start()
        try:
            assert first.is_leader and first._duties
            report = await first.health()
            assert report["leader"] is True
            assert report["database"] == {"status": "ok", "dialect": "sqlite"}
            second = make_runtime(settings_for(tmp_path / "data", api.url), router)
            with pytest.raises(InstanceAlreadyRunning) as refused:
                await second.start()
            message = str(refused.value)
            assert "\n" not in message
            assert f"pid {os.getpid()}" in message and str(tmp_path / "data") in message
        finally:
            await first.stop()
        # the directory is free again once the first has stopped
        again = make_runtime(settings_for(tmp_path / "data", api.url), router)
        await again.start()
        await again.stop()


@sqlite_only("one instance per data directory")
async def test_a_second_dumas_run_process_stops_with_one_line(
    tmp_path: Path, gazetteer_cache: Path
) -> None:
    # not a first start: the gazetteer's build (~3.5 s of CPU) is not this test's subject
    data = second_start(tmp_path / "data", gazetteer_cache)
    async with FakeBotAPI(token=TOKEN) as api:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DUMAS_")}
        env.update(
            {
                "DUMAS_DATA_DIR": str(data),
                "DUMAS_TELEGRAM_TOKEN": TOKEN,
                "DUMAS_TELEGRAM_API_URL": api.url,
                "DUMAS_HTTP_PORT": "0",
                "DUMAS_LOG_LEVEL": "warning",
            }
        )
        first = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "run", env=env, cwd=ROOT,
            stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            await wait_until(lambda: bool(api.calls_to("getUpdates")), 120)  # it is running
            second = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot.cli", "run", env=env, cwd=ROOT,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            )  # fmt: skip
            out, err = await asyncio.wait_for(second.communicate(), 120)
            assert second.returncode == 2
            lines = err.decode().strip().splitlines()
            assert len(lines) == 1, lines
            assert lines[0].startswith("dumas: another `dumas run` (pid ")
            assert f"pid {first.pid}" in lines[0]
        finally:
            first.terminate()
            await asyncio.wait_for(first.wait(), 30)


# ---------------------------------------------------------------------- the pieces


async def test_the_leader_is_woken_by_notify_from_another_instance(cluster: Cluster) -> None:
    """An instance that committed outbox rows rings the bell; the leader, in another
    process as far as PostgreSQL knows, wakes its senders (not at their next look)."""
    url = new_database(cluster)
    woken = asyncio.Event()
    leadership = AdvisoryLockLeadership(url, "leader", woken.set)
    changes: list[bool] = []
    other = await PostgresDatabase(url).open()
    bell = OutboxBell(other)

    async def record(leading: bool) -> None:
        changes.append(leading)

    await leadership.start(record)
    try:
        await wait_until(lambda: leadership.is_leader)
        assert changes == [True]
        assert not woken.is_set()
        bell.ring()
        bell.ring()  # a burst: debounced into one NOTIFY
        await asyncio.wait_for(woken.wait(), 30)
    finally:
        await bell.close()
        await other.close()
        await leadership.stop()
    assert changes == [True, False]  # stopping gives leadership up


async def test_the_store_reconnects_and_counts_its_connections(cluster: Cluster) -> None:
    url = new_database(cluster)
    db = await PostgresDatabase(url).open()
    try:
        assert db.connection_epoch == 1 and db.reachable
        name = url.rsplit("/", 1)[1]
        assert (
            psql(
                cluster,
                f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'",
            )
            == "t"
        )
        # the statement that meets the lost connection, and those after it until the
        # store has connected again, raise the one store-level exception
        with pytest.raises(DatabaseUnavailable):
            await db.fetchone("SELECT 1")
        await wait_until(lambda: db.reachable)
        assert db.connection_epoch == 2
        async with db.transaction() as conn:
            await conn.execute("SELECT 1")
    finally:
        await db.close()


@sqlite_only("its connection epoch")
async def test_sqlite_has_one_connection_for_ever(tmp_path: Path) -> None:
    async with Database(tmp_path / "db.sqlite3") as db:
        assert db.connection_epoch == 0 and db.reachable
