"""Three real `dumas run` processes on one PostgreSQL database, and what the kill tests
check once the load is through (issue 19, item 4).

Shared by the kill tests of tests/reliability (test_failover.py: the polling leader
killed; test_webhook_failover.py, test_webhook_redelivery.py: a webhook instance killed;
test_whatsapp_failover.py, test_whatsapp_cut_off.py: the same on WhatsApp), so that
their choreography is written once: a fresh database on the worker's cluster (`database`),
starting the processes (`sys.executable -m bot.cli run`, cwd = this tree, so they import
this tree's code) behind the test's round-robin proxy (`running`, `behind_proxy`),
asking their /healthz who leads, killing one and timing the takeover (`Fleet.kill`,
`Fleet.new_leader`), cutting a request off by a kill at a chosen moment (`CutOff`),
waiting until everything is handled (`until_all_handled`), stopping them, finding the
server sessions of one of them, and the end-state checks -- every update stored once,
one ticket and one card per citizen, every reply sent once and in per-chat order except
a request that was on the wire at a kill (Telegram has no idempotency key, so such a
message may arrive twice: counted and returned, not hidden), every ticket claimed once
by the officer who pressed its button (presses doubled at times), and Telegram's limits
kept: the tests' fake Bot API enforces them (`enforce_limits=True`: a request over a
limit is answered 429 and counted), else the count they assert could never be anything
but 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
import asyncpg

from bot.routing.resolver import CACHE_DIR_NAME, Router
from flows.events import reply_from_dict
from tests.fakes.telegram_api import FakeBotAPI
from tests.fakes.twilio_api import FakeTwilio
from tests.fakes.updates import UpdateFactory
from tests.harness import TOKEN
from tests.pg_cluster import Cluster
from tests.reliability.load_balancer import RoundRobin
from tests.reliability.outcomes import assert_each_card_once, cards_sent
from tests.reliability.test_crash_safety import GROUP, OFFICER, _unit_for_cilandak
from tests.test_leadership import new_database

ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def env_for(
    data: Path, api: FakeBotAPI, url: str, name: str, port: int, extra: Mapping[str, str]
) -> dict[str, str]:
    """One instance's environment: its own data directory, HTTP port and name; the
    shared database and fake Bot API; `extra` (the Telegram mode) the same for all."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUMAS_")}
    env.update(
        {
            "DUMAS_DATA_DIR": str(data),
            "DUMAS_DATABASE_URL": url,
            "DUMAS_INSTANCE_ID": name,
            "DUMAS_TELEGRAM_TOKEN": TOKEN,
            "DUMAS_TELEGRAM_API_URL": api.url,
            "DUMAS_HTTP_PORT": str(port),
            "DUMAS_FLOOD_MESSAGES": "10000",
            "DUMAS_LOG_LEVEL": "warning",
            **extra,
        }
    )
    return env


def webhook_mode(entry: int, secret: str) -> dict[str, str]:
    """Settings of instances in webhook mode behind a proxy on port `entry` (the address
    Telegram posts to)."""
    return {
        "DUMAS_TELEGRAM_MODE": "webhook",
        "DUMAS_PUBLIC_URL": f"http://127.0.0.1:{entry}",
        "DUMAS_TELEGRAM_WEBHOOK_SECRET": secret,
    }


def whatsapp_mode(twilio: FakeTwilio, bot_number: str, **more: str) -> dict[str, str]:
    """Settings of instances that also serve WhatsApp through the fake Twilio."""
    return {
        "DUMAS_TWILIO_ACCOUNT_SID": twilio.account_sid,
        "DUMAS_TWILIO_AUTH_TOKEN": twilio.auth_token,
        "DUMAS_TWILIO_WHATSAPP_FROM": bot_number,
        "DUMAS_TWILIO_API_URL": twilio.url,
        **more,
    }


@contextlib.asynccontextmanager
async def database(cluster: Cluster) -> AsyncIterator[tuple[str, asyncpg.Connection]]:
    """A fresh empty database on `cluster` (the instances migrate it), and the test's own
    connection to it, closed on the way out (also when the test fails)."""
    url = new_database(cluster)
    db = await asyncpg.connect(url)
    try:
        yield url, db
    finally:
        await db.close()


async def wait_for(check: Callable[[], Awaitable[T]], timeout: float) -> T:
    """Poll an async check until it returns something truthy, within a generous bound."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        found = await check()
        if found:
            return found
        await asyncio.sleep(0.1)
    raise TimeoutError("condition not reached")


@dataclass
class Fleet:
    """The running instances, by name (i1, i2, ...), and how to ask them who leads."""

    ports: dict[str, int]
    processes: dict[str, asyncio.subprocess.Process]
    session: aiohttp.ClientSession
    # the test's load (citizens, the officer, a killer): cancelled before the instances
    # stop, so that a failing test does not leave them running
    load: list[asyncio.Task[Any]] = field(default_factory=list)

    async def healthz(self, name: str) -> dict[str, Any] | None:
        try:
            url = f"http://127.0.0.1:{self.ports[name]}/healthz"
            async with self.session.get(url, timeout=aiohttp.ClientTimeout(total=10)) as got:
                report: dict[str, Any] = await got.json()
                return report
        except (aiohttp.ClientError, OSError, ValueError, TimeoutError):
            return None  # not listening yet, or killed

    async def leaders(self, names: Iterable[str] | None = None) -> list[str]:
        """The instances among `names` (default: all) whose /healthz says `leader: true`.

        Asked all at once: each report is true when it is read (an instance says leader
        only while it holds the lock), so reports read one after the other could show a
        hand-over in between as two leaders."""
        asked = list(self.ports if names is None else names)
        reports = await asyncio.gather(*(self.healthz(name) for name in asked))
        said = zip(asked, reports, strict=True)
        return [name for name, report in said if report and report.get("leader")]

    async def kill(self, name: str) -> float:
        """SIGKILL, as the kernel's OOM killer or a pulled plug would end it. Returns the
        instant of the kill (time.monotonic())."""
        killed_at = time.monotonic()
        self.processes[name].send_signal(signal.SIGKILL)
        await self.processes[name].wait()
        return killed_at

    async def new_leader(self, survivors: Iterable[str], killed_at: float) -> tuple[str, float]:
        """The one survivor that leads after the leader was killed at `killed_at`, and
        how many seconds after the kill it was seen leading (printed, never asserted)."""
        second = await wait_for(lambda: self.leaders(survivors), 60)
        assert len(second) == 1, second
        return second[0], time.monotonic() - killed_at

    def stop_load(self) -> None:
        for task in self.load:
            task.cancel()


@contextlib.asynccontextmanager
async def running(
    tmp_path: Path,
    api: FakeBotAPI,
    url: str,
    router: Router,
    gazetteer_cache: Path,
    extra: Mapping[str, str],
    count: int = 3,
) -> AsyncIterator[Fleet]:
    """`count` instances on `url`, the Cilandak staff group linked, all serving /healthz
    and one of them leading; stopped (SIGTERM, then SIGKILL) on the way out. Each data
    directory starts with a copy of `gazetteer_cache` (tests/conftest.py): the kill tests
    are about instances that have started before, and three builds of the gazetteer at
    once were most of a start's CPU."""
    ports = {f"i{n}": free_port() for n in range(1, count + 1)}
    envs = {n: env_for(tmp_path / n, api, url, n, port, extra) for n, port in ports.items()}
    for name in ports:
        (tmp_path / name / CACHE_DIR_NAME).mkdir(parents=True)
        shutil.copy2(gazetteer_cache, tmp_path / name / CACHE_DIR_NAME)
    link = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "staff", "link", "--polres",
        _unit_for_cilandak(router), "--chat-id", str(GROUP),
        env=envs["i1"], cwd=ROOT, stdout=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    assert await link.wait() == 0
    async with aiohttp.ClientSession() as session:
        fleet = Fleet(ports, {}, session)
        try:
            for name, env in envs.items():
                fleet.processes[name] = await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "bot.cli", "run", env=env, cwd=ROOT,
                    stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
                )  # fmt: skip

            async def all_up() -> bool:
                return all([await fleet.healthz(name) is not None for name in ports])

            await wait_for(all_up, 300)  # three starts at once: slow on a loaded machine
            await wait_for(fleet.leaders, 60)
            yield fleet
        finally:
            fleet.stop_load()
            for process in fleet.processes.values():
                if process.returncode is None:
                    process.send_signal(signal.SIGCONT)  # in case a test left it stopped
                    process.send_signal(signal.SIGTERM)
            for process in fleet.processes.values():
                try:
                    await asyncio.wait_for(process.wait(), 20)
                except TimeoutError:
                    process.kill()


@contextlib.asynccontextmanager
async def behind_proxy(
    tmp_path: Path,
    api: FakeBotAPI,
    url: str,
    router: Router,
    gazetteer_cache: Path,
    entry: int,
    extra: Mapping[str, str],
    *,
    non_idempotent: bool = True,
) -> AsyncIterator[tuple[Fleet, RoundRobin]]:
    """Three instances (`running`) behind the test's round-robin proxy on port `entry`
    (tests/reliability/load_balancer.py; `non_idempotent=False`: nginx's default for a
    POST). On the way out the fleet's load is cancelled and the proxy stopped, then the
    instances."""
    async with running(tmp_path, api, url, router, gazetteer_cache, extra) as fleet:
        upstreams = {name: f"http://127.0.0.1:{port}" for name, port in fleet.ports.items()}
        proxy = RoundRobin(upstreams, non_idempotent=non_idempotent)
        await proxy.start(entry)
        try:
            yield fleet, proxy
        finally:
            fleet.stop_load()
            await proxy.stop()


class CutOff:
    """A request cut off by the kill of the instance `victim`, once it has answered
    `answered_before` requests (mid-load), at one of two moments (`moment`):
    - "after storing": the instant its 200 reaches the proxy (the row is committed: an
      instance answers 200 only after its commit) it is SIGKILLed, and that answer is
      lost with it: the caller gets the proxy's 502;
    - "on the wire": the instant the proxy is about to send it the request it is stopped
      (SIGSTOP: the request lies unread in its socket), then SIGKILLed.
    `counts` says which requests may be cut (by the proxy's key: a Telegram update_id,
    a Twilio MessageSid). For a proxy with `non_idempotent=False`, so that the caller
    sees the cut (test_webhook_redelivery.py, test_whatsapp_cut_off.py)."""

    MOMENTS = ("after storing", "on the wire")

    def __init__(
        self,
        fleet: Fleet,
        proxy: RoundRobin,
        victim: str,
        moment: str,
        answered_before: int,
        counts: Callable[[int | str], bool] = lambda key: True,
    ) -> None:
        assert moment in self.MOMENTS, moment
        self.fleet, self.proxy, self.victim = fleet, proxy, victim
        self.process = fleet.processes[victim]
        self.answered_before = answered_before
        self.counts = counts
        self.cut: list[int | str] = []  # the request the kill cut off (its key)
        self.killed = asyncio.Event()
        if moment == "after storing":
            proxy.lose_answer = self._kill_while_answering
        else:
            proxy.on_forward = self._stop_before_sending
            fleet.load.append(asyncio.create_task(self._kill_once_sent()))

    def _due(self, instance: str, key: int | str) -> bool:
        answered = Counter(self.proxy.acknowledged.values())[self.victim]
        return (
            instance == self.victim
            and self.counts(key)
            and not self.cut
            and answered >= self.answered_before
        )

    def _kill_while_answering(self, instance: str, key: int | str) -> bool:
        if not self._due(instance, key):
            return False
        self.process.send_signal(signal.SIGKILL)
        self.cut.append(key)
        self.killed.set()
        return True  # its answer is lost with it

    def _stop_before_sending(self, instance: str, key: int | str) -> None:
        if self._due(instance, key):
            self.process.send_signal(signal.SIGSTOP)
            self.cut.append(key)

    async def _kill_once_sent(self) -> None:
        async def sent_to_the_victim() -> bool:
            return bool(self.cut) and self.proxy.waiting[self.victim] > 0

        await wait_for(sent_to_the_victim, 300)
        await asyncio.sleep(0.5)  # the proxy's write reaches the stopped victim's socket
        self.process.send_signal(signal.SIGKILL)
        self.killed.set()

    async def done(self) -> int | str:
        """Once the victim was killed and has ended: the key of the request cut off."""
        await asyncio.wait_for(self.killed.wait(), 300)
        await self.process.wait()
        assert len(self.cut) == 1, self.cut
        return self.cut[0]


async def until_all_handled(db: asyncpg.Connection, tickets: int) -> None:
    """Wait until `all_handled`; else fail saying what is left (`left_over`), not only
    that something is."""
    try:
        await wait_for(lambda: all_handled(db, tickets), 300)
    except TimeoutError:
        raise AssertionError(await left_over(db)) from None


async def until_rows_handled(db: asyncpg.Connection, rows: Collection[int]) -> None:
    """Wait until these inbox rows (a killed instance's, pending at the kill) are handled."""

    async def handled() -> bool:
        return not await db.fetchval(
            "SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL AND id = ANY($1)",
            sorted(rows),
        )

    await wait_for(handled, 120)


async def some_on_the_wire(proxy: RoundRobin, name: str, seconds: float) -> None:
    """Wait up to `seconds` for requests the proxy sent to the (stopped) instance `name`
    (the others' load goes on; none may come if their complaints are all in)."""

    async def waiting() -> int:
        return proxy.waiting[name]

    with contextlib.suppress(TimeoutError):
        await wait_for(waiting, seconds)


def local_ports(pid: int) -> set[int]:
    """The local TCP ports of process `pid`'s sockets (Linux /proc): with the server's
    `pg_stat_activity.client_port` they name its database sessions."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[len("socket:[") : -1])
    ports = set()
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[9] in inodes:
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


async def sessions_of(db: asyncpg.Connection, pid: int) -> list[int]:
    """The server backends (pids) serving process `pid`'s connections."""
    rows = await db.fetch(
        "SELECT pid FROM pg_stat_activity WHERE client_port = ANY($1::int[])",
        sorted(local_ports(pid)),
    )
    return [int(r[0]) for r in rows]


async def advisory_locks(db: asyncpg.Connection) -> dict[int, set[int]]:
    """The 64-bit advisory locks held on the server: key (signed, like
    `bot/store/lanes.lane_key`) -> the backends (pids) holding it. A bigint key is
    stored as classid (high 32 bits) and objid (low 32 bits),
    https://www.postgresql.org/docs/current/view-pg-locks.html."""
    rows = await db.fetch(
        "SELECT classid::bigint, objid::bigint, pid FROM pg_locks "
        "WHERE locktype = 'advisory' AND objsubid = 1 AND granted"
    )
    locks: dict[int, set[int]] = {}
    for high, low, pid in rows:
        unsigned = (int(high) << 32) | int(low)
        key = unsigned - (1 << 64) if unsigned >= 1 << 63 else unsigned
        locks.setdefault(key, set()).add(int(pid))
    return locks


async def check_stored_once(db: asyncpg.Connection, pushed: Collection[int]) -> None:
    """Every update Telegram considers delivered is in the inbox once, and handled."""
    stored = Counter(
        int(r[0])
        for r in await db.fetch("SELECT external_id FROM inbox WHERE channel = 'telegram'")
    )
    assert set(stored) == set(pushed) and set(stored.values()) == {1}
    assert not await db.fetchval("SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL")


async def check_tickets_and_cards(
    db: asyncpg.Connection, api: FakeBotAPI, citizens: Collection[int], in_flight: set[int]
) -> int:
    """One ticket per citizen, and its card in the staff group once (twice only if the
    card's request was on the wire at the kill). Returns the number of tickets."""
    tickets = await db.fetch(
        "SELECT t.reference, z.external_id FROM tickets t JOIN citizens z ON z.id = t.citizen_id"
    )
    assert sorted(int(t[1]) for t in tickets) == sorted(citizens)  # one each
    references = [str(t[0]) for t in tickets]
    card_rows = {
        r[0]: r[1]
        for r in await db.fetch(
            "SELECT t.reference, o.id FROM outbox o JOIN tickets t ON t.id = o.ticket_id "
            "WHERE o.kind = 'card'"
        )
    }
    assert_each_card_once(cards_sent(api, GROUP, references), card_rows, references, in_flight)
    return len(tickets)


async def check_replies(
    db: asyncpg.Connection, api: FakeBotAPI, citizens: Collection[int], in_flight: set[int]
) -> tuple[int, int]:
    """Every reply reached its chat once and in order, except that a row on the wire at
    the kill may have arrived twice. Returns (replies, sent twice)."""
    rows = await db.fetch(
        "SELECT id, chat_id, payload FROM outbox WHERE kind = 'reply' ORDER BY id"
    )
    repeated = 0
    for user in citizens:
        mine = [(r[0], reply_from_dict(json.loads(r[2])).text) for r in rows if r[1] == str(user)]
        delivered = [c.text for c in api.sent(user)]
        expected: list[str | None] = []
        for row_id, text in mine:  # drop the re-sends of rows on the wire at the kill
            expected.append(text)
            while row_id in in_flight and delivered[len(expected) : len(expected) + 1] == [text]:
                delivered.pop(len(expected))
                repeated += 1
        assert delivered == expected, user  # once each, in order
    assert api.limit_violations == 0, api.limit_violation_log[:5]
    return len(rows), repeated


async def sending_rows(db: asyncpg.Connection) -> set[int]:
    """Outbox rows marked as being sent: after a kill, the ones that were on the wire."""
    return {int(r[0]) for r in await db.fetch("SELECT id FROM outbox WHERE status = 'sending'")}


async def left_over(db: asyncpg.Connection) -> str:
    """What keeps `all_handled` false, for a failing test's message: the tickets, and
    the outbox and inbox rows still open with their chats and lanes."""
    filed = await db.fetchval("SELECT COUNT(*) FROM tickets")
    unsent = await db.fetch(
        "SELECT id, chat_id, status, attempts, not_before FROM outbox "
        "WHERE status IN ('pending', 'sending') ORDER BY id LIMIT 20"
    )
    unhandled = await db.fetch(
        "SELECT id, lane, received_at FROM inbox WHERE processed_at IS NULL ORDER BY id LIMIT 20"
    )
    return (
        f"tickets {filed}; outbox open {[tuple(r) for r in unsent]}; "
        f"inbox unhandled {[tuple(r) for r in unhandled]}"
    )


async def all_handled(db: asyncpg.Connection, tickets: int) -> bool:
    """`tickets` tickets exist, and nothing is left pending in the inbox or the outbox."""
    filed = await db.fetchval("SELECT COUNT(*) FROM tickets")
    unsent = await db.fetchval("SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')")
    unhandled = await db.fetchval("SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL")
    return bool(filed == tickets and not unsent and not unhandled)


class Officer:
    """The officer of the staff group: claims each ticket as it appears, by pressing
    its card's button (a press sent twice at times, as an impatient thumb does), while
    the citizens' load goes on. `press` delivers an update the way the test's Telegram
    does (getUpdates or the webhook) and returns its update_id."""

    def __init__(self, api: FakeBotAPI, press: Callable[[dict[str, Any]], Awaitable[int]]):
        api.set_member(GROUP, OFFICER, "member")
        self.press = press
        self.claimed: set[int] = set()
        self.pushed: list[int] = []

    async def claim_all(self, url: str, tickets: int) -> None:
        """Until `tickets` tickets are claimed (its own connection: the test's is busy)."""
        f = UpdateFactory()
        db = await asyncpg.connect(url)
        try:
            while len(self.claimed) < tickets:
                rows = await db.fetch(
                    "SELECT t.id, c.message_id FROM tickets t "
                    "LEFT JOIN ticket_cards c ON c.ticket_id = t.id ORDER BY t.id"
                )
                for ticket_id, message_id in rows:
                    if ticket_id in self.claimed:
                        continue
                    self.claimed.add(ticket_id)
                    press = f.callback(
                        OFFICER, f"t:claim:{ticket_id}", int(message_id or 1), chat_id=GROUP
                    )
                    for _ in range(1 + (ticket_id % 3 == 0)):  # every third press doubled
                        self.pushed.append(await self.press(press))
                await asyncio.sleep(0.2)
        finally:
            await db.close()


async def check_claims(db: asyncpg.Connection, officer: Officer) -> int:
    """Every ticket was claimed once, by the officer, however often pressed."""
    claims = await db.fetch(
        "SELECT ticket_id, COUNT(*) FROM ticket_events WHERE status = 'in_progress' "
        "AND actor_kind = 'officer' AND actor_id = $1 GROUP BY ticket_id",
        str(OFFICER),
    )
    assert sorted(int(c[0]) for c in claims) == sorted(officer.claimed)
    assert {int(c[1]) for c in claims} == {1}
    return len(claims)


async def check_no_deadlocks(db: asyncpg.Connection) -> int:
    """The server aborted no transaction of this database as deadlocked (instances'
    steps, the leader's sends and 'sent' marks, officers' actions on the same rows).
    Read once the instances have stopped: a backend reports its counts when it ends.
    Returns the count (0)."""
    await db.execute("SELECT pg_stat_clear_snapshot()")
    found = int(
        await db.fetchval(
            "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
        )
    )
    assert found == 0, f"{found} deadlocks"
    return found
