"""Gathering: the same statement, wanted by several lanes at once, sent as ONE statement.

Why (PostgreSQL, issue 19): the store has one server connection per process, under one
lock (bot/store/postgres.py), and every statement is a round trip (~100 µs of our CPU
and more of the server's, which also flushes the WAL for each write in autocommit). A
drain's statements come in four kinds (a lane's take, a citizen's arrival, the usual
step, the next row or the release: bot/dispatcher.py), and when many citizens write at
once their drains queue on that lock with the same kind of statement. Here the callers
that wait for the connection at the same time are sent together: the statement takes
arrays (`unnest`) and answers for each caller, so K lanes cost one round trip and one
WAL flush instead of K. It is what bot/step_commit.py does for SQLite's COMMITs.

When a batch forms: a caller's item waits in a queue; one task per gathering takes the
store's connection and THEN takes every item queued so far, so items gather only while
the connection is busy with other work (no timer: a lone caller is sent at once, as
before). Each caller gets its own outcome, in the order of its items.

What does not change for a caller: its item is all-or-nothing (one statement is atomic,
and the statements of the store modules answer per item, e.g. "already processed" for
one step only). When a batch of several fails as a whole (a constraint, an item the
statement cannot take), every item is sent again ALONE, so one caller's failure reaches
that caller only and the others' items are written. A cancelled caller's item is left
out if it was not sent yet; once sent, it is applied as a single statement in flight
would be.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.store.connection import Connection, Durability
from bot.store.database import Database, StoreUnavailableError

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")

# One statement for many items: the outcomes in the order of the items.
SendMany = Callable[[Connection, Sequence[Item]], Awaitable[Sequence[Outcome]]]


@dataclass(slots=True)
class _Waiting(Generic[Item, Outcome]):
    item: Item
    future: asyncio.Future[Outcome]


class Gathering(Generic[Item, Outcome]):
    """Callers of one statement kind on one store, batched while the connection is busy."""

    def __init__(
        self,
        db: Database,
        send_many: SendMany[Item, Outcome],
        durability: Durability = Durability.AT_COMMIT,
    ) -> None:
        self.db = db
        self._send_many = send_many
        # every statement of this kind commits so (bot/store/connection.py `Durability`)
        self.durability = durability
        self._queue: list[_Waiting[Item, Outcome]] = []
        self._task: asyncio.Task[None] | None = None
        self._sending: list[_Waiting[Item, Outcome]] = []  # the batch in flight
        self.sent = 0  # statements sent so far (tests and bench/bench_engine.py read it)
        self.largest = 0  # the most items one statement carried

    async def submit(self, item: Item) -> Outcome:
        """Send `item` (with whatever else is waiting) and return its outcome."""
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self._queue.append(_Waiting(item, future))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run())
        return await future

    async def _run(self) -> None:
        try:
            while self._queue:
                await self._send_batch()
        except BaseException:
            # cancelled (a stop): what was in flight has no outcome to give, and nobody
            # will send what still waits
            for waiting in self._sending + self._queue:
                waiting.future.cancel()
            self._queue = []
            raise

    async def _send_batch(self) -> None:
        batch: list[_Waiting[Item, Outcome]] = []
        try:
            # single_write: one statement in autocommit, under the store's lock; the
            # items are taken once the lock is ours, so those queued meanwhile come too
            async with self.db.single_write(self.durability) as conn:
                batch = self._sending = [w for w in self._queue if not w.future.done()]
                self._queue = []
                if not batch:
                    return
                outcomes = await self._send(conn, batch)
        except Exception as exc:
            if not batch:  # no connection to be had (unreachable): all waiting get the error
                batch, self._queue = self._queue, []
                _fail(batch, exc)
                return
            if len(batch) == 1 or isinstance(exc, StoreUnavailableError):
                _fail(batch, exc)
                return
            await self._send_alone(batch)
            return
        for waiting, outcome in zip(batch, outcomes, strict=True):
            if not waiting.future.done():
                waiting.future.set_result(outcome)

    async def _send(
        self, conn: Connection, batch: list[_Waiting[Item, Outcome]]
    ) -> Sequence[Outcome]:
        self.sent += 1
        self.largest = max(self.largest, len(batch))
        return await self._send_many(conn, [w.item for w in batch])

    async def _send_alone(self, batch: list[_Waiting[Item, Outcome]]) -> None:
        """The batch failed as a whole: each item on its own, each caller its outcome."""
        for waiting in batch:
            try:
                async with self.db.single_write(self.durability) as conn:
                    (outcome,) = await self._send(conn, [waiting])
            except Exception as exc:
                _fail([waiting], exc)
                continue
            if not waiting.future.done():
                waiting.future.set_result(outcome)


def _fail(batch: Sequence[_Waiting[Item, Outcome]], exc: Exception) -> None:
    for waiting in batch:
        if not waiting.future.done():
            waiting.future.set_exception(exc)
