"""Recording inbound platform events durably, then handing their lanes to the dispatcher.

This is the only way an event enters Dumas: the channel's webhook handler or poller calls
`ingest` and acknowledges the platform only after it returns (invariant 2). Duplicates
(same channel and external id) are dropped by the store's unique key (invariant 3).

Group commit: callers that arrive while a commit is under way (concurrent webhook
requests) wait together and are written by the next transaction, as one multi-row
INSERT; each caller returns only after the transaction holding its events committed, so
an acknowledged event is always on disk, and under load one fsync serves many requests.
A lone caller is written at once, with no added wait.
"""

from __future__ import annotations

import asyncio
import json
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.channels.base import ChannelAdapter
from bot.dispatcher import Dispatcher
from bot.store import inbox
from bot.store.database import Database

Row = tuple[str, str, str, str]  # channel, external id, lane, payload


@dataclass(frozen=True, slots=True)
class Incoming:
    external_id: str
    payload: dict[str, Any]
    # The JSON text exactly as the platform sent it, when the caller has it: stored as
    # is, which spares encoding the payload again.
    raw: str | None = None


async def ingest(db: Database, dispatcher: Dispatcher, adapter: ChannelAdapter,
                 events: Iterable[Incoming]) -> int:
    """Store events durably (in a transaction shared with concurrent callers); return how
    many were new."""
    rows: list[Row] = []
    for event in events:
        lane = adapter.lane(event.payload)
        payload = event.raw if event.raw is not None else json.dumps(
            event.payload, ensure_ascii=False, separators=(",", ":"))
        rows.append((adapter.name, event.external_id, lane, payload))
    if not rows:
        return 0
    group = _groups.get(db)
    if group is None:
        group = _groups[db] = _GroupCommit(db)
    return await group.submit(rows, dispatcher)


@dataclass(slots=True)
class _Waiting:
    rows: list[Row]
    dispatcher: Dispatcher
    future: asyncio.Future[int]


class _GroupCommit:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.queue: list[_Waiting] = []
        self.task: asyncio.Task[None] | None = None

    async def submit(self, rows: list[Row], dispatcher: Dispatcher) -> int:
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self.queue.append(_Waiting(rows, dispatcher, future))
        if self.task is None or self.task.done():
            self.task = asyncio.create_task(self._run())
        return await future

    async def _run(self) -> None:
        while self.queue:
            batch, self.queue = self.queue, []
            try:
                new = await self._write([row for w in batch for row in w.rows])
            except BaseException as exc:
                for waiting in batch:
                    if not waiting.future.done():
                        waiting.future.set_exception(exc)
                if isinstance(exc, asyncio.CancelledError):
                    for waiting in self.queue:
                        waiting.future.cancel()
                    self.queue = []
                    raise
                continue
            self.db.full_since = None  # new events fit again
            for waiting in batch:
                lanes = [lane for channel, external_id, lane, _ in waiting.rows
                         if new.pop((channel, external_id), None) is not None]
                for lane in dict.fromkeys(lanes):
                    waiting.dispatcher.notify(lane)
                if not waiting.future.done():
                    waiting.future.set_result(len(lanes))

    async def _write(self, rows: list[Row]) -> dict[tuple[str, str], int]:
        """One transaction: (channel, external id) -> inbox id of every row that was new."""
        new: dict[tuple[str, str], int] = {}
        async with self.db.transaction() as conn:
            for start in range(0, len(rows), inbox.MAX_ROWS_PER_INSERT):
                chunk = rows[start:start + inbox.MAX_ROWS_PER_INSERT]
                new.update(await inbox.insert_many(conn, chunk))
        return new


_groups: weakref.WeakKeyDictionary[Database, _GroupCommit] = weakref.WeakKeyDictionary()
