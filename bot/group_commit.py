"""Group commit: concurrent writers of small rows share one transaction and one fsync.

Callers that arrive while a commit is under way wait together and are written by the
next transaction, as one batch; each caller returns only after the transaction holding
its rows committed, so an acknowledged row is always on disk, and under load one fsync
serves many requests. A lone caller is written at once, with no added wait.

Used for the inbox (bot/ingest.py) and for the intake journal (bot/intake/journal.py):
both answer a platform's HTTP request only after its event is durable.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

Row = TypeVar("Row")
Key = TypeVar("Key", bound=Hashable)


@dataclass(slots=True)
class _Waiting(Generic[Row, Key]):
    rows: list[Row]
    future: asyncio.Future[dict[Key, int]]


class GroupCommit(Generic[Row, Key]):
    """Batches `submit` calls into calls of `write(rows) -> {key: id}` (one transaction)."""

    def __init__(
        self, write: Callable[[list[Row]], Awaitable[dict[Key, int]]], key: Callable[[Row], Key]
    ) -> None:
        self._write = write
        self._key = key
        self._queue: list[_Waiting[Row, Key]] = []
        self._task: asyncio.Task[None] | None = None

    async def submit(self, rows: list[Row]) -> dict[Key, int]:
        """Write the rows; return {key: id} of those that were new (not duplicates)."""
        future: asyncio.Future[dict[Key, int]] = asyncio.get_running_loop().create_future()
        self._queue.append(_Waiting(rows, future))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run())
        return await future

    async def _run(self) -> None:
        while self._queue:
            batch, self._queue = self._queue, []
            try:
                new = await self._write([row for w in batch for row in w.rows])
            except BaseException as exc:
                for waiting in batch:
                    if not waiting.future.done():
                        waiting.future.set_exception(exc)
                if isinstance(exc, asyncio.CancelledError):
                    for waiting in self._queue:
                        waiting.future.cancel()
                    self._queue = []
                    raise
                continue
            for waiting in batch:
                mine = {}
                for row in waiting.rows:
                    key = self._key(row)
                    if key in new:
                        mine[key] = new.pop(key)
                if not waiting.future.done():
                    waiting.future.set_result(mine)
