"""Three real `dumas run` processes in webhook mode on one PostgreSQL database, one of
them SIGKILLed mid-burst (issue 19, item 4): once an instance that is not the leader,
once the leader itself.

Telegram is the fake Bot API in this test process; it POSTs every update to a
round-robin proxy (tests/reliability/load_balancer.py, nginx's `proxy_next_upstream`),
which passes it to the three instances in turn and to the next one when an instance
refuses or fails; an update not answered 200 is delivered again later by the fake, as
Telegram does (https://core.telegram.org/bots/api#setwebhook). Citizens file whole
complaints at once, each citizen's next update sent when the previous one was answered.

The kill, so that the test cannot pass without a takeover: the instant the victim's 200
for an update reaches the proxy (the row stored, its handling under way), the victim is
stopped (SIGSTOP) and Telegram paused; if that row is already handled it goes on and the
next answer is tried. Else the lanes it holds (its advisory locks, read from pg_locks)
and those with rows it answered for still pending are the victim's work; their citizens
stay paused, the others go on (some of their requests reach the stopped victim and are
on the wire at the kill: the proxy passes them on), and the victim is SIGKILLed. The
lane of the answer that stopped it gets nothing new until its rows are handled (its
citizen is paused and had nothing else on the wire), so it is taken over by the lanes'
sweep (every instance, every 3 s) -- or, when the leader was killed, by the new
leader's look at pending lanes; the other lanes may also be woken by a request passed on.

Meanwhile the officer of the staff group claims each ticket as it appears, through the
same webhook (any instance; a press sent twice at times; the group paused with the
citizens when the victim holds its lane).

At the end: every update was answered 200, is in the inbox once and handled; every
citizen has one ticket and one card, claimed once; every reply reached its chat once and in order --
except a request on the wire at the kill of the leader, which Telegram (no idempotency
key) may show twice: counted and printed -- and Telegram's limits were kept (the fake
enforces them, answering 429, and counts every excess, https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this).

Timings are printed, never asserted. Skipped without PostgreSQL's server binaries.
"""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter
from functools import partial
from pathlib import Path

import asyncpg
import pytest

from bot.routing.resolver import Router
from bot.store.lanes import lane_key
from tests.fakes.telegram_api import FakeBotAPI
from tests.fakes.updates import UpdateFactory
from tests.harness import TOKEN
from tests.pg_cluster import Cluster
from tests.reliability import instances
from tests.reliability.load_balancer import RoundRobin
from tests.reliability.test_crash_safety import GROUP, script

# Enough updates for several tries of stop_after_an_answer: a try whose row a step had
# already committed before the SIGSTOP landed lets ~40 more updates through, and with 12
# citizens (120 updates) the third try could find none left (1 run in 3 on PostgreSQL,
# whose steps commit in one statement since session 28).
CITIZENS = 24
SECRET = "webhook-failover-secret"
ACKNOWLEDGED_BEFORE_KILL = 10  # the victim has answered this many updates: mid-burst
TELEGRAM_RETRY_SECONDS = 1.0  # the fake's first wait before delivering again (doubled)


class Telegram:
    """The fake Bot API's webhook deliveries: each citizen's updates one after the
    other, each delivered again until it is answered 200; citizens can be paused."""

    def __init__(self, api: FakeBotAPI) -> None:
        self.api = api
        self.redelivered: Counter[int] = Counter()
        self._paused: set[int] | None = set()  # None: everyone
        self._gate = asyncio.Condition()

    async def pause(self, citizens: set[int] | None) -> None:
        """Send nothing new for `citizens` (None: for anyone; empty: go on)."""
        async with self._gate:
            self._paused = citizens
            self._gate.notify_all()

    def pause_now(self) -> None:
        """Send nothing new for anyone, from this instant (no await in between)."""
        self._paused = None

    async def citizen(self, user: int, updates: list[dict]) -> list[int]:
        delivered = []
        for update in updates:
            delivered.append(await self.deliver_for(user, update))
        return delivered

    async def deliver_for(self, chat: int, update: dict) -> int:
        """Deliver `update` of `chat` (a citizen, or the staff group) once that chat
        is not paused."""
        async with self._gate:
            await self._gate.wait_for(lambda: self._paused is not None and chat not in self._paused)
        return await self.deliver(update)

    async def deliver(self, update: dict) -> int:
        """Push the update and wait until it is answered 200: a delivery that is not is
        made again by the fake (if the instance had stored it before failing, the
        inbox's unique key drops the copy)."""
        api = self.api
        update_id = api.push_update({k: v for k, v in update.items() if k != "update_id"})
        await api.wait_until(partial(self.accepted, update_id), 300)
        self.redelivered[update_id] = sum(
            1 for d in api.webhook_deliveries if d.update_id == update_id and d.attempt > 1
        )
        return update_id

    def accepted(self, update_id: int) -> bool:
        return any(
            d.update_id == update_id and d.status == 200 for d in self.api.webhook_deliveries
        )


def stopped(pid: int) -> bool:
    """Whether the process is in state T (stopped by a signal), from /proc/<pid>/stat."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat[stat.rindex(")") + 2] == "T"


async def stop_after_an_answer(
    fleet: instances.Fleet,
    db: asyncpg.Connection,
    proxy: RoundRobin,
    victim: str,
    telegram: Telegram,
) -> tuple[str, set[str], set[int]]:
    """SIGSTOP `victim` the instant its 200 for an update reaches the proxy (the row is
    stored, its handling under way), pausing Telegram at the same instant; retried until
    that row is still pending once the victim is stopped and no other instance holds its
    lane. Returns that row's lane, the
    lanes the victim holds or has rows pending in, and those pending rows: the work a
    SIGKILL now leaves to the survivors."""
    process = fleet.processes[victim]
    trigger: list[int | str] = []

    def stop(instance: str, update_id: int | str) -> None:
        if instance == victim and not trigger:
            process.send_signal(signal.SIGSTOP)
            telegram.pause_now()
            trigger.append(update_id)

    async def stopped_by_trigger() -> bool:
        return bool(trigger) and stopped(process.pid)

    async def stop_and_look() -> tuple[str, set[str], set[int]] | None:
        trigger.clear()
        proxy.on_acknowledged = stop
        await instances.wait_for(stopped_by_trigger, 60)
        proxy.on_acknowledged = None
        backends = await instances.sessions_of(db, process.pid)
        assert backends, "the victim's database sessions were not found"
        locks = await instances.advisory_locks(db)
        lanes = {r[0] for r in await db.fetch("SELECT DISTINCT lane FROM inbox")}
        held = {lane for lane in lanes if locks.get(lane_key(lane), set()) & set(backends)}
        answered = [str(i) for i, name in proxy.acknowledged.items() if name == victim]
        rows = await db.fetch(
            "SELECT id, lane, external_id FROM inbox WHERE processed_at IS NULL "
            "AND (lane = ANY($1::text[]) OR external_id = ANY($2::text[]))",
            sorted(held),
            answered,
        )
        for _, lane, update_id in rows:
            # a lane another instance is draining would be finished by that drain
            alone = not locks.get(lane_key(lane), set()) - set(backends)
            if update_id == str(trigger[0]) and alone:
                return lane, held | {r[1] for r in rows}, {int(r[0]) for r in rows}
        process.send_signal(signal.SIGCONT)  # handled already: at another answer
        await telegram.pause(set())
        return None

    found = await instances.wait_for(stop_and_look, 120)
    assert found is not None  # wait_for returns only something truthy
    return found


@pytest.mark.timeout(900)  # three real instances: ~5 min under a load average of 30
@pytest.mark.parametrize("victim_role", ["not the leader", "the leader"])
async def test_a_webhook_instance_killed_mid_burst(
    cluster: Cluster, tmp_path: Path, router: Router, gazetteer_cache: Path, victim_role: str
) -> None:
    entry = instances.free_port()
    async with (
        instances.database(cluster) as (url, db),
        FakeBotAPI(
            token=TOKEN,
            webhook_retry_seconds=TELEGRAM_RETRY_SECONDS,
            webhook_attempts=100,
            enforce_limits=True,
        ) as api,
    ):
        webhook_mode = instances.webhook_mode(entry, SECRET)
        async with instances.behind_proxy(
            tmp_path, api, url, router, gazetteer_cache, entry, webhook_mode
        ) as (
            fleet,
            proxy,
        ):
            leaders = await fleet.leaders()
            assert len(leaders) == 1, leaders
            leader = leaders[0]
            victim = leader if victim_role == "the leader" else min(set(fleet.ports) - {leader})
            survivors = [name for name in fleet.ports if name != victim]

            telegram = Telegram(api)
            f = UpdateFactory()
            scripts = {3_000 + n: script(f, 3_000 + n) for n in range(CITIZENS)}
            burst = [asyncio.create_task(telegram.citizen(u, s)) for u, s in scripts.items()]
            officer = instances.Officer(api, partial(telegram.deliver_for, GROUP))
            claiming = asyncio.create_task(officer.claim_all(url, CITIZENS))
            fleet.load += [*burst, claiming]

            async def victim_answered() -> bool:
                by_victim = [i for i, name in proxy.acknowledged.items() if name == victim]
                return len(by_victim) >= ACKNOWLEDGED_BEFORE_KILL

            await instances.wait_for(victim_answered, 120)
            first, lanes, left = await stop_after_an_answer(fleet, db, proxy, victim, telegram)
            before_kill = Counter(proxy.acknowledged.values())
            # the others go on: some of their requests reach the stopped victim
            await telegram.pause(
                {user for user in scripts if f"tg:{user}" in lanes}
                | ({GROUP} if f"tg:g:{GROUP}" in lanes else set())
            )
            await instances.some_on_the_wire(proxy, victim, 10)
            last_row = await db.fetchval("SELECT MAX(id) FROM inbox")
            killed_at = await fleet.kill(victim)
            in_flight = await instances.sending_rows(db) if victim == leader else set()
            new_leader, takeover = leader, 0.0
            if victim == leader:
                new_leader, takeover = await fleet.new_leader(survivors, killed_at)
            await instances.until_rows_handled(db, left)
            rows_taken_over = time.monotonic() - killed_at
            woken = {  # lanes that got a row from a request on the wire at the kill
                r[0]
                for r in await db.fetch(
                    "SELECT DISTINCT lane FROM inbox WHERE id > $1 AND lane = ANY($2::text[])",
                    last_row,
                    sorted(lanes),
                )
            }
            # the lane of the answer that stopped the victim got nothing new (its citizen
            # was paused, nothing of theirs on the wire): the sweep (or the new leader)
            # took it over
            assert first not in woken
            await telegram.pause(set())
            pushed = [u for done in await asyncio.gather(*burst) for u in done]
            await asyncio.wait_for(claiming, 300)
            pushed += officer.pushed
            await instances.until_all_handled(db, CITIZENS)

        # not vacuous: the victim answered updates and left rows pending in its lanes
        assert before_kill[victim] >= ACKNOWLEDGED_BEFORE_KILL and lanes and left
        assert set(proxy.acknowledged) == set(pushed)  # every update was answered 200
        await instances.check_stored_once(db, pushed)
        tickets = await instances.check_tickets_and_cards(db, api, scripts, in_flight)
        replies, repeated = await instances.check_replies(db, api, scripts, in_flight)
        await instances.check_no_deadlocks(db)
        claims = await instances.check_claims(db, officer)
    after_kill = Counter(proxy.acknowledged.values()) - before_kill
    passed_on = proxy.passed_on()
    print(
        f"\nwebhook failover ({victim_role} killed): {len(fleet.ports)} instances behind a "
        f"round-robin proxy, leader {leader}, {victim} SIGKILLed mid-burst; updates: "
        f"{len(pushed)}, answered 200 before the kill {dict(sorted(before_kill.items()))}, "
        f"after {dict(sorted(after_kill.items()))}; passed on to the next instance: "
        f"{sum(passed_on.values())} {dict(passed_on)}; delivered again by Telegram: "
        f"{sum(telegram.redelivered.values())}; the victim's lanes at the kill: {len(lanes)} "
        f"with {len(left)} rows pending, handled {rows_taken_over:.2f} s after the kill "
        f"({len(lanes) - len(woken)} lanes found by the "
        + ("new leader or the sweep" if victim == leader else "sweep")
        + f", {len(woken)} woken by a request passed on)"
        + (f"; {new_leader} led {takeover:.2f} s after the kill" if victim == leader else "")
        + f"; tickets: {tickets}; officer's claims: {claims} (once each, "
        f"{len(officer.pushed)} presses); replies: {replies}; requests on the wire at the kill: "
        f"{len(in_flight)}, sent twice: {repeated}; limit excesses: 0; deadlocks: 0"
    )
