"""WhatsApp citizens on three real `dumas run` processes sharing one PostgreSQL database,
the leader SIGKILLed mid-burst (issue 19, item 4, the WhatsApp half of
test_webhook_failover.py).

Twilio is played by `Twilio` below: it POSTs each incoming WhatsApp message, signed
with X-Twilio-Signature over the public URL as Twilio signs it, to the round-robin
proxy in front of the instances (tests/reliability/load_balancer.py, nginx's
`proxy_next_upstream ... non_idempotent`). Twilio, unlike Telegram, never delivers a
message again later. What it does when a webhook fails, as documented:

- a connection that fails (refused, reset, or no TCP connection within 5 s) is tried
  again once: the retry count `rc` defaults to 1
  (https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides);
- an answer that is not 2xx (a 5xx included), or none within 15 s, is not tried again at
  the same URL: Twilio makes one request to the number's fallback URL, with `ErrorCode`
  and `ErrorUrl` added, signed for that URL
  (https://www.twilio.com/docs/usage/security/availability-reliability);
- when the fallback fails too, the message is gone: Twilio's debugger logs it.

So a message that got no 2xx from the primary URL nor from the fallback is lost, and
that is the one loss allowed; `Twilio.lost` counts them and the test requires none here
(the proxy passes a request the dead instance left unanswered to another instance, so
Twilio sees a 200).

The outbound side goes to the fake Twilio REST API (tests/fakes/twilio_api.py); every
message names its outbox row and part in its StatusCallback URL, which is how the test
tells a message sent twice from two messages. The leader sends them all, so killing the
leader kills the sender too: a part whose request was on the wire at the kill has no
MessageSid in the store, and the new leader must find it in Twilio's list before
sending it again (bot/channels/whatsapp/sender.py), or the citizen gets it twice.

The kill: the instant the leader's 200 for a WhatsApp message reaches the proxy, the
leader is stopped (SIGSTOP); if the rows it acknowledged are all handled already it
goes on (SIGCONT) and the next 200 is tried, else it is SIGKILLed with those rows
pending. The other citizens go on meanwhile (requests that reach the stopped leader
are on the wire at the kill, and the proxy passes them on). The officer claims each
ticket's card in the Telegram staff group through Telegram's webhook, as in
test_webhook_failover.py.

At the end: every WhatsApp message Twilio got a 2xx for is in the inbox once and
handled; every citizen has one ticket, its card sent once and claimed once; every
outbox row to a WhatsApp citizen reached Twilio once per part and in row order for
each citizen; Twilio refused no request (the fake refuses what Twilio refuses: bodies
over 1,600 characters, contents WhatsApp would not show; Twilio queues above the
account's rate instead of refusing it, so there is no rate to exceed there -- the
largest number of messages created in one second is printed); Telegram's limits kept
in the staff group (the fake Bot API enforces them).

Skipped without PostgreSQL's server binaries.
"""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import aiohttp
import asyncpg
import pytest

from bot.routing.resolver import Router
from tests.fakes.telegram_api import FakeBotAPI
from tests.fakes.twilio_api import (
    FakeTwilio,
    FaultPlan,
    TwilioWebhookFactory,
    signed_webhook,
)
from tests.harness import TOKEN
from tests.pg_cluster import Cluster
from tests.reliability import instances
from tests.reliability.outcomes import assert_each_card_once, cards_sent
from tests.reliability.test_crash_safety import GROUP
from tests.reliability.test_webhook_failover import SECRET, Telegram

CITIZENS = 12
BOT_NUMBER = "whatsapp:+14155238886"
ACKNOWLEDGED_BEFORE_KILL = 10  # the leader has answered this many messages: mid-burst
DESCRIPTION = "Motor saya dicuri dua orang tak dikenal di parkiran pasar"
# A whole complaint typed as numbers (the options' order as the flow shows them, read
# from tests/whatsapp/test_complaint.py's file_quick_complaint): agree, category 1,
# the description, "just now", the place, "yes, that's right", skip evidence, send.
SCRIPT = ["/aduan", "1", "1", DESCRIPTION, "1", "kec cilandak jaksel", "1", "1", "1"]


@dataclass
class Twilio:
    """Twilio's webhook requests for incoming WhatsApp messages (module docstring): the
    primary URL, once more only if the connection failed, then the fallback URL once."""

    session: aiohttp.ClientSession
    public_url: str  # what the instances were told (DUMAS_PUBLIC_URL): Twilio signs it
    entry: str  # where the requests go: the proxy
    auth_token: str
    acknowledged: list[str] = field(default_factory=list)  # MessageSids answered 2xx
    lost: list[str] = field(default_factory=list)  # no 2xx from primary nor fallback
    history: dict[str, list[str]] = field(default_factory=dict)  # MessageSid -> outcomes

    @property
    def attempts(self) -> Counter[str]:
        """Every request, by URL and outcome."""
        return Counter(outcome for outcomes in self.history.values() for outcome in outcomes)

    async def _post(self, path: str, params: dict[str, str]) -> int | str:
        """One request; its status, else what failed: "no connection" (refused, or
        closed before an answer) or "timeout" (Twilio's read timeout: 15 s)."""
        headers = signed_webhook(self.public_url + path, params, self.auth_token)
        try:
            async with self.session.post(
                self.entry + path,
                data=params,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=15),
            ) as answer:
                await answer.read()
                return answer.status
        except TimeoutError:
            return "timeout"
        except (aiohttp.ClientError, OSError):
            return "no connection"

    async def deliver(self, params: dict[str, str]) -> bool:
        """Whether the message got a 2xx (from the webhook or its fallback)."""
        sid = params["MessageSid"]
        history = self.history.setdefault(sid, [])
        status = await self._post("/whatsapp/webhook", params)
        if status == "no connection":  # `rc` = 1: one more try
            history.append(f"webhook: {status}")
            status = await self._post("/whatsapp/webhook", params)
        history.append(f"webhook: {status}")
        if isinstance(status, int) and 200 <= status < 300:
            self.acknowledged.append(sid)
            return True
        failed = {
            **params,
            "ErrorCode": "11200",  # "HTTP retrieval failure", what Twilio reports
            "ErrorUrl": self.public_url + "/whatsapp/webhook",
        }
        status = await self._post("/whatsapp/fallback", failed)
        history.append(f"fallback: {status}")
        if isinstance(status, int) and 200 <= status < 300:
            self.acknowledged.append(sid)
            return True
        self.lost.append(sid)
        return False

    async def citizen(self, factory: TwilioWebhookFactory, number: str) -> None:
        """One citizen types the whole complaint, each message once the previous one was
        answered (a person reads the bot's answer first; the bot's answers go out
        through the outbox, so an answer here means stored, not replied to)."""
        for text in SCRIPT:
            await self.deliver(factory.text(number, text))


def outbox_part(status_callback: str | None) -> tuple[int, int]:
    """The outbox row and part a message sent to Twilio names in its StatusCallback."""
    assert status_callback, "a message without StatusCallback"
    query = parse_qs(urlsplit(status_callback).query)
    return int(query["outbox"][0]), int(query["part"][0])


def busiest_second(times: list[float]) -> int:
    """The most messages created within any one second."""
    times = sorted(times)
    most, start = 0, 0
    for end, t in enumerate(times):
        while times[start] <= t - 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


@pytest.mark.timeout(900)  # three real instances under load
async def test_whatsapp_citizens_while_the_leader_is_killed_mid_burst(
    cluster: Cluster, tmp_path: Path, router: Router, gazetteer_cache: Path
) -> None:
    entry = instances.free_port()
    public_url = f"http://127.0.0.1:{entry}"
    async with (
        instances.database(cluster) as (url, db),
        FakeTwilio() as twilio,
        FakeBotAPI(token=TOKEN, webhook_attempts=100, enforce_limits=True) as api,
        aiohttp.ClientSession() as session,
    ):
        whatsapp = instances.whatsapp_mode(twilio, BOT_NUMBER, DUMAS_TWILIO_TIMEOUT="2")
        mode = instances.webhook_mode(entry, SECRET) | whatsapp
        async with instances.behind_proxy(
            tmp_path, api, url, router, gazetteer_cache, entry, mode
        ) as (
            fleet,
            proxy,
        ):
            [leader] = await fleet.leaders()
            survivors = [name for name in fleet.ports if name != leader]
            process = fleet.processes[leader]
            telegram = Telegram(api)
            await telegram.pause(set())  # the officer's presses go at once
            tw = Twilio(session, public_url, public_url, twilio.auth_token)
            factory = TwilioWebhookFactory(twilio.account_sid, BOT_NUMBER)
            numbers = [f"+62812700{n:05d}" for n in range(CITIZENS)]
            burst = [asyncio.create_task(tw.citizen(factory, n)) for n in numbers]
            officer = instances.Officer(api, partial(telegram.deliver_for, GROUP))
            claiming = asyncio.create_task(officer.claim_all(url, CITIZENS))
            fleet.load += [*burst, claiming]

            def by_leader() -> list[str]:
                return [str(i) for i, name in proxy.acknowledged.items() if name == leader]

            async def leader_answered() -> bool:
                return len(by_leader()) >= ACKNOWLEDGED_BEFORE_KILL

            await instances.wait_for(leader_answered, 120)

            def held() -> int:  # create requests the fake has taken and not answered
                return sum(1 for r in twilio.requests if r.fault == "timeout")

            async def stopped_with_work_left() -> set[int] | None:
                """SIGSTOP the leader while Twilio holds the answer to a message it has
                made (the leader waits up to DUMAS_TWILIO_TIMEOUT for it); kept stopped
                if rows it acknowledged are still pending."""
                before = held()
                twilio.faults = FaultPlan(script=["timeout"], timeout_seconds=60)
                loop = asyncio.get_running_loop()
                deadline = loop.time() + 60  # the burst goes on: the leader sends
                while held() == before:
                    assert loop.time() < deadline, "the leader sent nothing for 60 s"
                    await asyncio.sleep(0.005)
                process.send_signal(signal.SIGSTOP)
                twilio.faults = None
                rows = await db.fetch(
                    "SELECT id FROM inbox WHERE processed_at IS NULL "
                    "AND external_id = ANY($1::text[])",
                    by_leader(),
                )
                if rows:
                    return {int(r[0]) for r in rows}
                # all handled: go on (it times out and finds the message in Twilio's
                # list itself), and try at its next message
                process.send_signal(signal.SIGCONT)
                return None

            found = await instances.wait_for(stopped_with_work_left, 180)
            assert found is not None  # wait_for returns only something truthy
            left = found
            before_kill = Counter(proxy.acknowledged.values())
            await instances.some_on_the_wire(proxy, leader, 5)  # reaching the stopped one
            killed_at = await fleet.kill(leader)
            in_flight = await instances.sending_rows(db)
            new_leader, takeover = await fleet.new_leader(survivors, killed_at)
            await instances.until_rows_handled(db, left)
            rows_taken_over = time.monotonic() - killed_at
            await asyncio.gather(*burst)
            await asyncio.wait_for(claiming, 300)
            await instances.until_all_handled(db, CITIZENS)

        # not vacuous: the leader answered messages and left rows pending at the kill
        assert before_kill[leader] >= ACKNOWLEDGED_BEFORE_KILL and left
        assert not tw.lost, tw.attempts  # the proxy passed on what the dead one left
        assert len(tw.acknowledged) == CITIZENS * len(SCRIPT)
        await check_inbox(db, tw)
        tickets, repeated_cards = await check_tickets(db, api, in_flight)
        claims = await instances.check_claims(db, officer)
        rows = await check_whatsapp_sent(db, twilio, numbers)
        looked_up = sum(1 for r in twilio.requests if r.method == "list_messages")
        # not vacuous: a message Twilio made was on the wire at the kill, its answer lost;
        # the new leader found it in Twilio's list instead of sending it again
        wire_rows = in_flight & rows
        assert wire_rows and looked_up >= 1, (in_flight, looked_up)
        await instances.check_no_deadlocks(db)

    print(
        f"\nwhatsapp failover: {len(fleet.ports)} instances behind a round-robin proxy, "
        f"leader {leader} SIGKILLed mid-burst, {new_leader} led {takeover:.2f} s later; "
        f"WhatsApp messages: {len(tw.acknowledged)} answered 2xx, lost 0; Twilio's "
        f"requests {dict(tw.attempts)}; answered 200 before the kill "
        f"{dict(sorted(before_kill.items()))}; passed on by the proxy: "
        f"{dict(proxy.passed_on())}; the leader's rows pending at the kill: {len(left)}, "
        f"handled {rows_taken_over:.2f} s after it; tickets: {tickets}, claims: "
        f"{claims}, cards sent twice: {repeated_cards}; messages to WhatsApp: "
        f"{len(twilio.messages)} for {len(rows)} outbox rows, each once, in order; rows on "
        f"the wire at the kill: {len(wire_rows)}, Twilio's list asked {looked_up} times; "
        "most created in one second: "
        f"{busiest_second([m.time for m in twilio.messages])}; limit excesses: 0"
    )


async def check_inbox(db: asyncpg.Connection, tw: Twilio) -> None:
    """Every message Twilio got a 2xx for is in the inbox once, and handled."""
    stored = Counter(
        str(r[0])
        for r in await db.fetch("SELECT external_id FROM inbox WHERE channel = 'whatsapp'")
    )
    assert set(stored) == set(tw.acknowledged) and set(stored.values()) == {1}
    assert not await db.fetchval("SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL")


async def check_tickets(
    db: asyncpg.Connection, api: FakeBotAPI, in_flight: set[int]
) -> tuple[int, int]:
    """One ticket per citizen, its card in the staff group once (twice only if its
    request was on the wire at a kill: Telegram has no idempotency key), Telegram's
    limits kept. Returns (tickets, cards sent twice)."""
    tickets = await db.fetch(
        "SELECT t.reference FROM tickets t JOIN citizens z ON z.id = t.citizen_id "
        "WHERE z.channel = 'whatsapp'"
    )
    assert len(tickets) == CITIZENS
    references = [str(t[0]) for t in tickets]
    card_rows = {
        str(r[0]): int(r[1])
        for r in await db.fetch(
            "SELECT t.reference, o.id FROM outbox o JOIN tickets t ON t.id = o.ticket_id "
            "WHERE o.kind = 'card'"
        )
    }
    sent_cards = cards_sent(api, GROUP, references)
    assert_each_card_once(sent_cards, card_rows, references, in_flight)
    assert api.limit_violations == 0, api.limit_violation_log[:5]
    return len(tickets), sum(n - 1 for n in sent_cards.values())


async def check_whatsapp_sent(
    db: asyncpg.Connection, twilio: FakeTwilio, numbers: list[str]
) -> set[int]:
    """Every outbox row to a WhatsApp citizen was sent and reached Twilio once per part,
    in row order for each citizen; Twilio refused no request. Returns those rows."""
    rows = await db.fetch("SELECT id, status FROM outbox WHERE channel = 'whatsapp' ORDER BY id")
    assert rows and {str(r[1]) for r in rows} == {"sent"}, [tuple(r) for r in rows][:5]
    sent_parts = [outbox_part(m.status_callback) for m in twilio.messages]
    twice = [part for part, n in Counter(sent_parts).items() if n > 1]
    assert not twice, twice
    assert {row for row, _ in sent_parts} == {int(r[0]) for r in rows}
    for number in numbers:
        to_them = twilio.messages_to(f"whatsapp:{number}")
        mine = [outbox_part(m.status_callback) for m in to_them]
        assert mine == sorted(mine), number  # per-chat order
    refused = [r for r in twilio.requests if r.status >= 400]
    assert not refused, refused[:5]
    return {int(r[0]) for r in rows}
