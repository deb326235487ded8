"""Conversation timers: the reminder after silence and the expiry of an old draft.

Due times live on the conversation row, so they survive a restart. This loop turns each
due timer into an inbox row in the citizen's own lane (deduplicated by citizen, timer and
due time), and the dispatcher handles it like any other event.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Mapping
from datetime import datetime

from bot.channels.base import ChannelAdapter
from bot.dispatcher import TIMER_CHANNEL, Dispatcher
from bot.store import conversations, inbox
from bot.store.database import Database

log = logging.getLogger(__name__)


async def fire_due_timers(
    db: Database, dispatcher: Dispatcher, adapters: Mapping[str, ChannelAdapter], now: datetime
) -> int:
    fired = 0
    for timer in await conversations.due_timers(db, now):
        adapter = adapters.get(timer.channel)
        if adapter is None:
            continue
        lane = adapter.citizen_lane(timer.external_id)
        payload = json.dumps(
            {"citizen_id": timer.citizen_id, "timer": timer.timer, "due_at": timer.due_at}
        )
        external_id = f"{timer.timer}:{timer.citizen_id}:{timer.due_at}"
        if await inbox.record(db, TIMER_CHANNEL, external_id, lane, payload) is not None:
            fired += 1
        dispatcher.notify(lane)
    return fired


async def run_timers(
    db: Database,
    dispatcher: Dispatcher,
    adapters: Mapping[str, ChannelAdapter],
    clock: Callable[[], datetime],
    interval: float = 5.0,
) -> None:
    while True:
        try:
            await fire_due_timers(db, dispatcher, adapters, clock())
        except Exception:
            log.exception("timer round failed")
        await asyncio.sleep(interval)
