"""Recording inbound platform events durably, then handing their lanes to the dispatcher.

This is the only way an event enters Dumas: the channel's webhook handler or poller calls
`ingest` and acknowledges the platform only after it returns (invariant 2). Duplicates
(same channel and external id) are dropped by the store's unique key (invariant 3).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.channels.base import ChannelAdapter
from bot.dispatcher import Dispatcher
from bot.store import inbox
from bot.store.database import Database


@dataclass(frozen=True, slots=True)
class Incoming:
    external_id: str
    payload: dict[str, Any]


async def ingest(db: Database, dispatcher: Dispatcher, adapter: ChannelAdapter,
                 events: Iterable[Incoming]) -> int:
    """Store events in one transaction; return how many were new."""
    stored: list[str] = []
    async with db.transaction() as conn:
        for event in events:
            lane = adapter.lane(event.payload)
            payload = json.dumps(event.payload, ensure_ascii=False, separators=(",", ":"))
            if await inbox.insert(conn, adapter.name, event.external_id, lane,
                                  payload) is not None:
                stored.append(lane)
    db.full_since = None  # new events fit again
    for lane in dict.fromkeys(stored):
        dispatcher.notify(lane)
    return len(stored)
