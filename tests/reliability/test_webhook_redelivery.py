"""An instance killed in the middle of a webhook request: Telegram delivers the update
again, another instance takes it, and it is processed once (issue 19, item 4).

Three real `dumas run` processes in webhook mode on one PostgreSQL database, behind the
round-robin proxy set as nginx is by default for a POST: a request that reached an
instance is not passed to another (no `non_idempotent`,
https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_next_upstream). So the
caller, the fake Bot API, gets the 502 for the request the kill cut off, and delivers
the update again later, as Telegram does ("we will repeat the request",
https://core.telegram.org/bots/api#setwebhook); the proxy sends that one to a live
instance. (test_webhook_failover.py has the proxy pass such requests on instead, and
kills the leader too.)

An instance that does not lead is SIGKILLed once it has answered a few updates, at one
of two moments:
- "after storing": the instant its 200 for an update reaches the proxy (the row is
  committed: an instance answers 200 only after its commit), and that answer is lost, as
  when the instance dies while answering. The update comes again: the inbox's unique
  key drops the copy, and the row the victim stored is handled by the lanes' sweep.
- "on the wire": the instant the proxy is about to send it an update, the victim is
  stopped (SIGSTOP: the request lies unread in its socket), then SIGKILLed. Nothing was
  stored; the update comes again and is stored once, by another instance.

At the end every update was answered 200 (the cut one after a 502), is in the inbox
once and handled; every citizen has one ticket and one card; every reply reached its
chat once and in order. Skipped without PostgreSQL's server binaries.
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
from tests.reliability.test_webhook_failover import SECRET, Telegram

CITIZENS = 6
ANSWERED_BEFORE_KILL = 6  # the victim has answered this many updates: mid-load
TELEGRAM_RETRY_SECONDS = 1.0  # the fake's first wait before delivering again (doubled)


@pytest.mark.timeout(900)  # three real instances: 5 min under a load average of 30
@pytest.mark.parametrize("moment", instances.CutOff.MOMENTS)
async def test_an_update_cut_off_by_a_kill_is_delivered_again_and_processed_once(
    cluster: Cluster, tmp_path: Path, router: Router, gazetteer_cache: Path, moment: str
) -> None:
    entry = instances.free_port()
    async with (
        instances.database(cluster) as (url, db),
        FakeBotAPI(
            token=TOKEN,
            webhook_retry_seconds=TELEGRAM_RETRY_SECONDS,
            webhook_attempts=100,
            enforce_limits=True,  # so that check_replies' count of excesses means something
        ) as api,
    ):
        async with instances.behind_proxy(
            tmp_path, api, url, router, gazetteer_cache, entry,
            instances.webhook_mode(entry, SECRET), non_idempotent=False,
        ) as (fleet, proxy):  # fmt: skip
            leaders = await fleet.leaders()
            assert len(leaders) == 1, leaders
            victim = min(set(fleet.ports) - set(leaders))
            kill = instances.CutOff(fleet, proxy, victim, moment, ANSWERED_BEFORE_KILL)
            telegram = Telegram(api)
            f = UpdateFactory()
            scripts = {5_000 + n: script(f, 5_000 + n) for n in range(CITIZENS)}
            burst = [asyncio.create_task(telegram.citizen(u, s)) for u, s in scripts.items()]
            fleet.load += burst
            update_id = await kill.done()
            in_flight = await instances.sending_rows(db)  # the leader lives: none expected
            pushed = [u for done in await asyncio.gather(*burst) for u in done]
            await instances.until_all_handled(db, CITIZENS)

        deliveries = [
            (d.attempt, d.status) for d in api.webhook_deliveries if d.update_id == update_id
        ]
        assert deliveries[0] == (1, 502) and deliveries[-1][1] == 200, deliveries  # taken
        assert proxy.acknowledged[update_id] != victim
        await instances.check_stored_once(db, pushed)
        tickets = await instances.check_tickets_and_cards(db, api, scripts, in_flight)
        replies, repeated = await instances.check_replies(db, api, scripts, in_flight)
        await instances.check_no_deadlocks(db)
    redelivered = sum(1 for d in api.webhook_deliveries if d.attempt > 1)
    print(
        f"\nwebhook redelivery ({moment}): {victim} SIGKILLed mid-request; update {update_id} "
        f"delivered {len(deliveries)} times {[s for _, s in deliveries]}, taken by "
        f"{proxy.acknowledged[update_id]}; updates: {len(pushed)}, delivered again by the "
        f"fake: {redelivered}; tickets: {tickets}; replies: {replies}, sent twice: {repeated}"
    )
