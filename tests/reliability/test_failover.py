"""Three real `dumas run` processes on one PostgreSQL database, the polling leader
SIGKILLed mid-load (issue 19, item 4).

The processes poll the fake Bot API in this test process; exactly one polls and sends at a
time (the leader, bot/leadership.py). Citizens file complaints; while their updates are
being handled the leader is killed with SIGKILL. Another process must lead within 5 s
(issue 19's target; measured from the kill to the first /healthz of a survivor that says
`leader: true`). At the end: every update Telegram considers delivered is in the inbox
exactly once, every citizen has exactly one ticket with one card, which the officer
claims (before and after the kill; a press sent twice at times) once, every reply reached its
chat once and in order -- except a request that was on the wire at the kill, which
Telegram (no idempotency key) may show twice -- and Telegram's limits were kept by the
bot as a whole (the fake enforces them, answers 429 and counts every excess, https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this).

Skipped without PostgreSQL's server binaries.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.routing.resolver import Router
from tests.fakes.telegram_api import FakeBotAPI
from tests.fakes.updates import UpdateFactory
from tests.harness import TOKEN
from tests.pg_cluster import Cluster
from tests.reliability import instances
from tests.reliability.test_crash_safety import script

CITIZENS = 12


@pytest.mark.timeout(900)  # three real instances: ~5 min under a load average of 30
async def test_the_polling_leader_killed_mid_load_another_takes_over(
    cluster: Cluster, tmp_path: Path, router: Router, gazetteer_cache: Path
) -> None:
    async with instances.database(cluster) as (url, db):
        async with (
            FakeBotAPI(token=TOKEN, enforce_limits=True) as api,
            instances.running(tmp_path, api, url, router, gazetteer_cache, {}) as fleet,
        ):
            first = await fleet.leaders()
            assert len(first) == 1, first
            leader = first[0]

            f = UpdateFactory()
            scripts = {2_000 + n: script(f, 2_000 + n) for n in range(CITIZENS)}
            users = sorted(scripts)
            quarter = CITIZENS // 4

            def interleaved(group: list[int], steps: slice) -> list[dict]:
                return [
                    u
                    for step in zip(*(scripts[n][steps] for n in group), strict=True)
                    for u in step
                ]

            # Before the kill: a quarter of the citizens file whole complaints (their tickets
            # exist and the officer claims them), a quarter the first half of theirs; after
            # it, the second quarter finishes and the last half file whole complaints.
            before = interleaved(users[:quarter], slice(None)) + interleaved(
                users[quarter : 2 * quarter], slice(0, 5)
            )
            after = interleaved(users[quarter : 2 * quarter], slice(5, None)) + interleaved(
                users[2 * quarter :], slice(None)
            )

            def push(update: dict) -> int:
                return api.push_update({k: v for k, v in update.items() if k != "update_id"})

            async def press(update: dict) -> int:
                return push(update)

            pushed = [push(u) for u in before]
            officer = instances.Officer(api, press)
            claiming = asyncio.create_task(officer.claim_all(url, CITIZENS))
            fleet.load.append(claiming)
            # mid-load: the leader is sending and has handled an officer's claim
            await instances.wait_for(
                lambda: db.fetchval(
                    "SELECT (SELECT COUNT(*) FROM outbox WHERE status = 'sent') > 5 AND "
                    "(SELECT COUNT(*) FROM ticket_events WHERE actor_kind = 'officer') > 0"
                ),
                120,
            )
            claimed_before_kill = await db.fetchval(
                "SELECT COUNT(*) FROM ticket_events WHERE actor_kind = 'officer'"
            )
            killed_at = await fleet.kill(leader)
            in_flight = await instances.sending_rows(db)
            survivors = [name for name in fleet.ports if name != leader]
            new_leader, takeover = await fleet.new_leader(survivors, killed_at)
            pushed += [push(u) for u in after]
            await asyncio.wait_for(claiming, 300)

            async def finished() -> bool:
                return await instances.all_handled(db, CITIZENS) and not api.updates

            await instances.wait_for(finished, 300)

        pushed += officer.pushed
        await instances.check_stored_once(db, pushed)
        tickets = await instances.check_tickets_and_cards(db, api, scripts, in_flight)
        replies, repeated = await instances.check_replies(db, api, scripts, in_flight)
        await instances.check_no_deadlocks(db)
        claims = await instances.check_claims(db, officer)
    # The takeover time is printed, not asserted (no timed assertions on a shared
    # machine): issue 19's target is 5 s; README "More than one instance" records it.
    print(
        f"\nfailover: {len(fleet.ports)} instances, leader {leader} SIGKILLed mid-load, "
        f"{new_leader} led {takeover:.2f} s later; updates: {len(pushed)} stored once "
        f"each; tickets: {tickets}; officer's claims: {claims} (once each, "
        f"{len(officer.pushed)} presses, {claimed_before_kill} before the kill); "
        f"replies: {replies}; requests on the wire at "
        f"the kill: {len(in_flight)}, sent twice: {repeated}; limit excesses: 0; deadlocks: 0"
    )
