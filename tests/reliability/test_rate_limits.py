"""Staying within Telegram's limits: a fake Bot API that enforces them sees no 429.

Thousands of messages go through the real outbox sender and python-telegram-bot to a
FakeBotAPI(enforce_limits=True) that answers 429 the moment a limit is exceeded. The
test prints the throughput reached as a share of the limit.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.outbox.limits import LimitConfig
from bot.outbox.messages import CitizenReply
from bot.routing.resolver import Router
from bot.store import outbox as outbox_store
from bot.store.outbox import OutboxRow
from flows.events import Reply
from tests.fakes.telegram_api import FakeBotAPI
from tests.fakes.telegram_api import RateLimits as FakeLimits
from tests.harness import Clock, Harness, telegram_harness

STALL = 1.0  # seconds (test_the_bot_stays_within_30_per_second_when_a_stall_bunches_arrivals)


async def enqueue(h: Harness, chats: list[str], per_chat: int) -> int:
    count = 0
    async with h.db.transaction() as conn:
        for n in range(per_chat):
            for chat in chats:
                await outbox_store.enqueue(
                    conn,
                    channel="telegram",
                    chat_id=chat,
                    message=CitizenReply(Reply(f"pesan {n}")),
                )
                count += 1
    h.runtime.wake_outbox()
    return count


@dataclass
class Sent:
    """What a run delivered: the fake, the rate reached, how many requests were held."""

    api: FakeBotAPI
    rate: float  # messages per second, from the wake to the last answer
    held: int


async def run(
    tmp_path: Path,
    router: Router,
    clock: Clock,
    chats: list[str],
    per_chat: int,
    fake: FakeLimits | None = None,
    ours: LimitConfig | None = None,
    hold: Callable[[], float] | None = None,
) -> Sent:
    """`per_chat` messages to each chat through the real sender to a fake that answers
    429 over its limits (Telegram's unless `fake`; ours `ours`). With `hold`, each
    request is held `hold()` seconds (asked as it starts, after its place in our limits
    was taken) on its way to the fake, as a slow network would. Asserts that every
    message arrived, within the limits, in order in each chat."""
    async with telegram_harness(
        tmp_path / "data",
        router,
        bot_api={"enforce_limits": True, "limits": fake or FakeLimits()},
        clock=clock,
        limits=ours or LimitConfig(),
    ) as h:
        api = h.api
        held = 0
        if hold is not None:
            channel = h.runtime.senders["telegram"].sender
            deliver = channel.deliver

            async def on_its_way(row: OutboxRow) -> str | None:
                nonlocal held
                wait = hold()
                if wait > 0:
                    held += 1
                    await asyncio.sleep(wait)
                return await deliver(row)

            channel.deliver = on_its_way  # type: ignore[method-assign]
        total = await enqueue(h, chats, per_chat)
        started = time.monotonic()
        await h.settle(timeout=120)
        elapsed = time.monotonic() - started
        delivered = [c for c in api.sent() if c.method == "sendMessage"]
        assert len(delivered) == total
        assert api.limit_violations == 0, api.limit_violation_log[:5]
        for chat in chats[:20]:  # per-chat order kept
            assert [c.text for c in api.sent(int(chat))] == [f"pesan {n}" for n in range(per_chat)]
        return Sent(api, total / elapsed, held)


async def test_thousand_private_messages_within_30_per_second(
    tmp_path: Path, router: Router, clock: Clock
) -> None:
    chats = [str(100000 + n) for n in range(250)]
    rate = (await run(tmp_path, router, clock, chats, 4)).rate
    # The rate is a figure to read, not asserted: on two cores shared with the parallel
    # suite (PostgreSQL, load average 8) it fell to 19.7 msg/s below the old floor of 20.
    print(f"\n1000 messages to 250 chats: {rate:.1f} msg/s = {rate / 30:.0%} of 30/s")


async def test_one_chat_is_paced_to_one_per_second(
    tmp_path: Path, router: Router, clock: Clock
) -> None:
    sent = await run(tmp_path, router, clock, ["4242"], 7)
    times = [c.time for c in sent.api.sent(4242)]
    sustained = (times[-1] - times[3]) / 3  # after the burst of 3
    print(f"\none chat: {sustained:.2f} s between messages in sustained flow")
    assert sustained >= 1.0


async def test_one_chat_stays_paced_when_a_request_is_delayed_on_the_way(
    tmp_path: Path, router: Router, clock: Clock
) -> None:
    """Telegram counts a message when it arrives, so a first request that takes long to
    get there (slow network, a slow commit before it) must not let a prompt fourth one
    arrive less than a second after it. The CI failure: the sender paced the starts of
    the requests, and 0.95/s left ~53 ms for such a spread. Here the first request is
    held 0.4 s on its way to the fake, after its token was taken."""
    requests = itertools.count()
    sent = await run(
        tmp_path, router, clock, ["4242"], 5, hold=lambda: 0.4 if next(requests) == 0 else 0.0
    )
    times = [c.time for c in sent.api.sent(4242)]
    assert sent.held == 1
    assert times[3] - times[0] >= 1.0  # 4 messages: burst of 3, then 1 s of pace


async def test_the_bot_stays_within_30_per_second_when_a_stall_bunches_arrivals(
    tmp_path: Path, router: Router, clock: Clock
) -> None:
    """The overall limit, counted at arrival as the fake counts it: the requests a
    broadcast starts in its first second are held on their way until its end (a stall:
    a lost SYN alone costs a new connection 1 s, TCP's initial retransmission timeout,
    RFC 6298), the later ones go at once. Charging a bucket at the starts (28/s) let
    the held ones arrive with the next second's (12 of 90 answered 429 here). The places of
    bot/outbox/limits.py's ArrivalWindow are held until a second after each answer."""
    first: list[float] = []

    def until_a_second_after_the_first() -> float:
        now = time.monotonic()
        if not first:
            first.append(now)
        return first[0] + STALL - now

    sent = await run(
        tmp_path,
        router,
        clock,
        [str(200000 + n) for n in range(90)],
        1,
        hold=until_a_second_after_the_first,
    )
    assert sent.held >= 2
    times = sorted(c.time for c in sent.api.sent() if c.method == "sendMessage")
    most = max(sum(1 for t in times if at <= t < at + 1.0) for at in times)
    print(f"\nstall of {STALL:.0f} s: {sent.held} requests held; most arrivals in a second: {most}")


async def test_groups_paced_to_their_per_minute_limit(
    tmp_path: Path, router: Router, clock: Clock
) -> None:
    # Telegram's 20/min per group, scaled by 6 on both sides so the test takes seconds.
    fake = FakeLimits(group_per_minute=120)
    ours = LimitConfig(group_per_minute=114.0)
    rate = (await run(tmp_path, router, clock, ["-1001", "-1002"], 12, fake, ours)).rate
    print(f"\n2 groups: {rate:.2f} msg/s = {rate / 4:.0%} of 2 x 120/min")
