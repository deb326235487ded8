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
from pathlib import Path

import aiohttp
import pytest

from bot.routing.resolver import Router
from tests.fakes.telegram_api import FakeBotAPI
from tests.fakes.twilio_api import FakeTwilio, TwilioWebhookFactory
from tests.harness import TOKEN
from tests.pg_cluster import Cluster
from tests.reliability import instances
from tests.reliability.test_webhook_failover import SECRET
from tests.reliability.test_whatsapp_failover import (
    BOT_NUMBER,
    SCRIPT,
    Twilio,
    check_inbox,
    check_whatsapp_sent,
)

CITIZENS = 6
ANSWERED_BEFORE_KILL = 6  # the victim has answered this many messages: mid-load


def a_whatsapp_message(key: int | str) -> bool:
    """A Twilio webhook (keyed by its MessageSid), not a Telegram update."""
    return isinstance(key, str)


@pytest.mark.timeout(900)  # three real instances under load
@pytest.mark.parametrize("moment", instances.CutOff.MOMENTS)
async def test_a_whatsapp_message_cut_off_by_a_kill_comes_in_through_the_fallback_once(
    cluster: Cluster, tmp_path: Path, router: Router, gazetteer_cache: Path, moment: str
) -> None:
    entry = instances.free_port()
    public_url = f"http://127.0.0.1:{entry}"
    async with (
        instances.database(cluster) as (url, db),
        FakeTwilio() as twilio,
        FakeBotAPI(token=TOKEN, enforce_limits=True) as api,
        aiohttp.ClientSession() as session,
    ):
        mode = instances.webhook_mode(entry, SECRET) | instances.whatsapp_mode(twilio, BOT_NUMBER)
        async with instances.behind_proxy(
            tmp_path, api, url, router, gazetteer_cache, entry, mode, non_idempotent=False
        ) as (fleet, proxy):
            [leader] = await fleet.leaders()
            victim = min(set(fleet.ports) - {leader})
            kill = instances.CutOff(
                fleet, proxy, victim, moment, ANSWERED_BEFORE_KILL, a_whatsapp_message
            )
            tw = Twilio(session, public_url, public_url, twilio.auth_token)
            factory = TwilioWebhookFactory(twilio.account_sid, BOT_NUMBER)
            numbers = [f"+62812710{n:05d}" for n in range(CITIZENS)]
            burst = [asyncio.create_task(tw.citizen(factory, n)) for n in numbers]
            fleet.load += burst
            cut = str(await kill.done())
            await asyncio.gather(*burst)
            await instances.until_all_handled(db, CITIZENS)

        # the cut message: a 502 from the proxy, no second request to the webhook, one to
        # the fallback, answered 200 (by another instance)
        assert tw.history[cut] == ["webhook: 502", "fallback: 200"], tw.history[cut]
        assert cut in tw.acknowledged
        assert not tw.lost, tw.attempts
        assert len(tw.acknowledged) == CITIZENS * len(SCRIPT)
        await check_inbox(db, tw)
        rows = await check_whatsapp_sent(db, twilio, numbers)
        tickets = await db.fetchval("SELECT COUNT(*) FROM tickets")
        assert tickets == CITIZENS
        assert api.limit_violations == 0, api.limit_violation_log[:5]  # the cards
        await instances.check_no_deadlocks(db)

    print(
        f"\nwhatsapp webhook cut off ({moment}): {victim} SIGKILLed; Twilio's requests "
        f"{dict(tw.attempts)}; proxy: {dict(proxy.passed_on())}; messages "
        f"{len(tw.acknowledged)} answered 2xx, lost 0; tickets {tickets}; WhatsApp rows "
        f"{len(rows)}, each part once, in order"
    )
