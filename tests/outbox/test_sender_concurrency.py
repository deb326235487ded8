"""bot/outbox/sender.py: at most `concurrency` deliveries at once; the rows a round starts
beyond that wait for one to finish, in the order started, without a task each.

Before session 32 every started row had a task of its own waiting on a semaphore: under
load (a round starting hundreds of rows) that was a task, a future and about three
loop callbacks more per delivery. What must hold: never more than `concurrency` requests at
once, every row delivered once, per-chat order, and rows waiting when the sender stops
still delivered (as the semaphore's waiters were).
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from bot.outbox.limits import UNLIMITED, RateLimits
from bot.outbox.sender import OutboxSender
from bot.store.database import Database
from bot.store.outbox import OutboxRow
from tests.outbox.test_sender_commits import all_sent, enqueue, running, until


class SlowChannel:
    """A channel whose requests take a while (so that they overlap); records how many
    are under way at once and the order of each chat's rows."""

    channel = "telegram"

    def __init__(self) -> None:
        self.under_way = 0
        self.most = 0
        self.delivered: list[int] = []
        self.release = asyncio.Event()

    def lane_kind(self, chat_id: str) -> str:
        return "private"

    async def deliver(self, row: OutboxRow) -> str | None:
        self.under_way += 1
        self.most = max(self.most, self.under_way)
        try:
            await self.release.wait()
            await asyncio.sleep(0.001)
        finally:
            self.under_way -= 1
        self.delivered.append(row.id)
        return str(row.id)


def counting_sends(sender: OutboxSender) -> list[str]:
    """The names of the coroutines the sender spawns as tasks."""
    spawned: list[str] = []
    spawn = sender._spawn

    def counted(coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        spawned.append(coro.__name__)
        return spawn(coro)

    sender._spawn = counted  # type: ignore[method-assign]
    return spawned


async def test_rows_beyond_the_concurrency_wait_without_a_task_each(store: Database) -> None:
    channel = SlowChannel()
    sender = OutboxSender(store, channel, limits=RateLimits(UNLIMITED), concurrency=4)
    spawned = counting_sends(sender)
    # 30 chats, two rows each: the first round starts 30 rows at once
    ids = await enqueue(store, [(str(100 + n % 30), f"pesan {n}") for n in range(60)])
    async with running(sender):
        sender.wake()
        await until(lambda: _true(channel.under_way == 4))
        channel.release.set()
        await until(all_sent(store))
    assert channel.most == 4
    assert sorted(channel.delivered) == ids  # each once
    # a chat's second row after its first
    for first, second in zip(ids[:30], ids[30:], strict=True):
        assert channel.delivered.index(first) < channel.delivered.index(second)
    # before: one task per row (60); now at most `concurrency` per batch of started rows
    assert spawned.count("_send") <= 2 * 4, spawned.count("_send")


async def test_rows_waiting_when_the_sender_stops_are_still_delivered(
    store: Database,
) -> None:
    channel = SlowChannel()
    sender = OutboxSender(store, channel, limits=RateLimits(UNLIMITED), concurrency=2)
    ids = await enqueue(store, [(str(200 + n), f"pesan {n}") for n in range(8)])
    loop_task = asyncio.create_task(sender.run())
    sender.wake()
    await until(lambda: _true(channel.under_way == 2))
    loop_task.cancel()
    await asyncio.gather(loop_task, return_exceptions=True)
    channel.release.set()
    await sender.finish_deliveries()
    await sender.stop()
    assert sorted(channel.delivered) == ids
    assert await all_sent(store)()


async def _true(value: bool) -> bool:
    return value
