"""A WhatsApp webhook cut off by the kill of the instance serving it, behind a proxy that
does not pass a sent POST on (nginx's default): Twilio gets the proxy's 502, does not
send the message again, and makes its one request to the fallback URL; the message is
processed once (issue 19, item 4; Twilio's rules in test_whatsapp_failover.py's
docstring and docs/reliability.md, "Session 32").

Three real `dumas run` processes, Telegram and WhatsApp configured, on one PostgreSQL
database; 6 WhatsApp citizens type whole complaints. An instance that does not lead is
SIGKILLed once it has answered a few messages, at one of two moments (as
test_webhook_redelivery.py does for Telegram):
- "after storing": the instant its 200 for a message reaches the proxy (the row is
  committed), and that answer is lost. The fallback request reaches another instance,
  which finds the MessageSid in the inbox (nothing stored twice) and answers 200; the
  row the victim stored is handled by the lanes' sweep.
- "on the wire": the request lies unread in the stopped victim's socket when it is
  killed. Nothing was stored; only the fallback request brings the message in.

At the end: every message was answered 2xx (the cut one by the fallback, Twilio's one
request to it), none lost, each in the inbox once and handled; one ticket and card
each; every WhatsApp outbox row reached Twilio once per part, in order.
Skipped without PostgreSQL's server binaries.
"""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from pathlib import Path

import aiohttp
import asyncpg
import pytest

from bot.routing.resolver import Router
from tests.fakes.telegram_api import FakeBotAPI
from tests.fakes.twilio_api import FakeTwilio, TwilioWebhookFactory
from tests.harness import TOKEN
from tests.pg_cluster import Cluster
from tests.reliability import instances
from tests.reliability.load_balancer import RoundRobin
from tests.reliability.test_webhook_failover import SECRET
from tests.reliability.test_whatsapp_failover import (
    BOT_NUMBER,
    SCRIPT,
    Twilio,
    check_inbox,
    check_whatsapp_sent,
)
from tests.test_leadership import new_database

CITIZENS = 6
ANSWERED_BEFORE_KILL = 6  # the victim has answered this many messages: mid-load


@pytest.mark.timeout(900)  # three real instances under load
@pytest.mark.parametrize("moment", ["after storing", "on the wire"])
async def test_a_whatsapp_message_cut_off_by_a_kill_comes_in_through_the_fallback_once(
    cluster: Cluster, tmp_path: Path, router: Router, moment: str
) -> None:
    url = new_database(cluster)
    db = await asyncpg.connect(url)
    entry = instances.free_port()
    public_url = f"http://127.0.0.1:{entry}"
    cut: list[str] = []  # the MessageSid the kill cut off
    killed = asyncio.Event()
    async with FakeTwilio() as twilio:
        whatsapp = {
            "DUMAS_TWILIO_ACCOUNT_SID": twilio.account_sid,
            "DUMAS_TWILIO_AUTH_TOKEN": twilio.auth_token,
            "DUMAS_TWILIO_WHATSAPP_FROM": BOT_NUMBER,
            "DUMAS_TWILIO_API_URL": twilio.url,
        }
        mode = instances.webhook_mode(entry, SECRET) | whatsapp
        async with (
            FakeBotAPI(token=TOKEN, enforce_limits=True) as api,
            instances.running(tmp_path, api, url, router, mode) as fleet,
            aiohttp.ClientSession() as session,
        ):
            upstreams = {name: f"http://127.0.0.1:{port}" for name, port in fleet.ports.items()}
            proxy = RoundRobin(upstreams, non_idempotent=False)
            await proxy.start(entry)
            [leader] = await fleet.leaders()
            victim = min(set(fleet.ports) - {leader})
            process = fleet.processes[victim]

            def due(instance: str, key: int | str) -> bool:
                answered = Counter(proxy.acknowledged.values())[victim]
                return (
                    instance == victim
                    and isinstance(key, str)
                    and not cut
                    and answered >= ANSWERED_BEFORE_KILL
                )

            def kill_while_answering(instance: str, key: int | str) -> bool:
                if not due(instance, key):
                    return False
                process.send_signal(signal.SIGKILL)
                cut.append(str(key))
                killed.set()
                return True  # its answer is lost with it

            def stop_before_sending(instance: str, key: int | str) -> None:
                if due(instance, key):
                    process.send_signal(signal.SIGSTOP)
                    cut.append(str(key))

            async def sent_to_the_victim() -> bool:
                return bool(cut) and proxy.waiting[victim] > 0

            async def kill_once_sent() -> None:
                await instances.wait_for(sent_to_the_victim, 300)
                await asyncio.sleep(0.5)  # the proxy's write reaches the stopped socket
                process.send_signal(signal.SIGKILL)
                killed.set()

            killer = None
            if moment == "after storing":
                proxy.lose_answer = kill_while_answering
            else:
                proxy.on_forward = stop_before_sending
                killer = asyncio.create_task(kill_once_sent())
            tw = Twilio(session, public_url, public_url, twilio.auth_token)
            factory = TwilioWebhookFactory(twilio.account_sid, BOT_NUMBER)
            numbers = [f"+62812710{n:05d}" for n in range(CITIZENS)]
            burst = [asyncio.create_task(tw.citizen(factory, n)) for n in numbers]
            try:
                await asyncio.wait_for(killed.wait(), 300)
                await process.wait()
                await asyncio.gather(*burst)
                try:
                    await instances.wait_for(lambda: instances.all_handled(db, CITIZENS), 300)
                except TimeoutError:
                    raise AssertionError(await instances.left_over(db)) from None
            finally:
                for task in [*burst, *([killer] if killer else [])]:
                    task.cancel()
                await proxy.stop()

        assert len(cut) == 1
        # the cut message: a 502 from the proxy, no second request to the webhook, one to
        # the fallback, answered 200 (by another instance)
        assert tw.history[cut[0]] == ["webhook: 502", "fallback: 200"], tw.history[cut[0]]
        assert cut[0] in tw.acknowledged
        assert not tw.lost, tw.attempts
        assert len(tw.acknowledged) == CITIZENS * len(SCRIPT)
        await check_inbox(db, tw)
        rows = await check_whatsapp_sent(db, twilio, numbers)
        tickets = await db.fetchval("SELECT COUNT(*) FROM tickets")
        assert tickets == CITIZENS
        assert api.limit_violations == 0, api.limit_violation_log[:5]  # the cards
        await instances.check_no_deadlocks(db)
        await db.close()

    print(
        f"\nwhatsapp webhook cut off ({moment}): {victim} SIGKILLed; Twilio's requests "
        f"{dict(tw.attempts)}; proxy: {dict(proxy.passed_on())}; messages "
        f"{len(tw.acknowledged)} answered 2xx, lost 0; tickets {tickets}; WhatsApp rows "
        f"{len(rows)}, each part once, in order"
    )
