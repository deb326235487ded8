"""Three real `dumas run` processes on one PostgreSQL database, the polling leader
SIGKILLed mid-load (issue 19, item 4).

The processes poll the fake Bot API in this test process; exactly one polls and sends at a
time (the leader, bot/leadership.py). Citizens file complaints; while their updates are
being handled the leader is killed with SIGKILL. Another process must lead within 5 s
(issue 19's target; measured from the kill to the first /healthz of a survivor that says
`leader: true`). At the end: every update Telegram considers delivered is in the inbox
exactly once, every citizen has exactly one ticket with one card, every reply reached its
chat once and in order -- except a request that was on the wire at the kill, which
Telegram (no idempotency key) may show twice -- and Telegram's limits were kept by the
bot as a whole (the fake counts every excess, https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this).

Skipped without PostgreSQL's server binaries.
"""

from __future__ import annotations

import time
from pathlib import Path

import asyncpg
import pytest

from bot.routing.resolver import Router
from tests.fakes.telegram_api import FakeBotAPI
from tests.fakes.updates import UpdateFactory
from tests.harness import TOKEN
from tests.pg_cluster import Cluster
from tests.reliability import instances
from tests.reliability.test_crash_safety import script
from tests.test_leadership import new_database

CITIZENS = 12


@pytest.mark.timeout(900)  # three real instances: ~5 min under a load average of 30
async def test_the_polling_leader_killed_mid_load_another_takes_over(
    cluster: Cluster, tmp_path: Path, router: Router
) -> None:
    url = new_database(cluster)
    db = await asyncpg.connect(url)
    async with (
        FakeBotAPI(token=TOKEN) as api,
        instances.running(tmp_path, api, url, router, {}) as fleet,
    ):
        first = await fleet.leaders()
        assert len(first) == 1, first
        leader = first[0]

        f = UpdateFactory()
        scripts = {2_000 + n: script(f, 2_000 + n) for n in range(CITIZENS)}
        queue = [u for step in zip(*scripts.values(), strict=True) for u in step]
        half = len(queue) // 2
        pushed = [
            api.push_update({k: v for k, v in u.items() if k != "update_id"}) for u in queue[:half]
        ]
        # mid-load: wait until the leader has taken some of it and is sending
        await instances.wait_for(
            lambda: db.fetchval("SELECT COUNT(*) > 5 FROM outbox WHERE status = 'sent'"), 120
        )
        killed_at = time.monotonic()
        await fleet.kill(leader)
        in_flight = await instances.sending_rows(db)
        survivors = [name for name in fleet.ports if name != leader]
        second = await instances.wait_for(lambda: fleet.leaders(survivors), 60)
        takeover = time.monotonic() - killed_at
        assert len(second) == 1, second
        pushed += [
            api.push_update({k: v for k, v in u.items() if k != "update_id"}) for u in queue[half:]
        ]

        async def finished() -> bool:
            return await instances.all_handled(db, CITIZENS) and not api.updates

        await instances.wait_for(finished, 300)

    await instances.check_stored_once(db, pushed)
    tickets = await instances.check_tickets_and_cards(db, api, scripts, in_flight)
    replies, repeated = await instances.check_replies(db, api, scripts, in_flight)
    await db.close()
    # The takeover time is printed, not asserted (no timed assertions on a shared
    # machine): issue 19's target is 5 s; README "More than one instance" records it.
    print(
        f"\nfailover: {len(fleet.ports)} instances, leader {leader} SIGKILLed mid-load, "
        f"{second[0]} led {takeover:.2f} s later; updates: {len(pushed)} stored once "
        f"each; tickets: {tickets}; replies: {replies}; requests on the wire at "
        f"the kill: {len(in_flight)}, sent twice: {repeated}; limit excesses: 0"
    )
