"""Moving intake-journal rows into the inbox (main process), then trimming the journal.

Each batch goes through `ingest` like any webhook request: one transaction, duplicates
dropped by the inbox's unique key, lanes handed to the dispatcher. Only after that commit
does the mover tell the intake process it may delete the rows, so a crash in between
moves them again and the inbox drops the copies: nothing acknowledged is lost, nothing is
handled twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Mapping
from itertools import groupby

from bot.channels.base import ChannelAdapter
from bot.dispatcher import Dispatcher
from bot.ingest import Incoming, ingest
from bot.intake.journal import IntakeJournal
from bot.intake.wake import SignalReceiver, SignalSender
from bot.store.database import Database, StoreFullError

log = logging.getLogger(__name__)

BATCH = 2000
CHECKPOINT_EVERY_SECONDS = 1.0


class JournalMover:
    """The main process's side of the journal: moves its rows into the inbox (`run`,
    woken by the intake process's datagram or every `poll_seconds`), tells the intake
    process up to which id they may be deleted, and checkpoints the journal's WAL."""

    def __init__(
        self,
        journal: IntakeJournal,
        db: Database,
        dispatcher: Dispatcher,
        adapters: Mapping[str, ChannelAdapter],
        rows_address: str,
        trim_address: str,
        poll_seconds: float = 0.5,
    ) -> None:
        self.journal = journal
        self.db = db
        self.dispatcher = dispatcher
        self.adapters = adapters
        self.rows_address = rows_address
        self.trims = SignalSender(trim_address)
        self.poll_seconds = poll_seconds
        self.moved_up_to = 0  # highest journal id whose row is in the inbox
        self._last_checkpoint = 0.0

    async def run(self) -> None:
        receiver = SignalReceiver(self.rows_address)
        try:
            while True:
                receiver.event.clear()
                try:
                    await self.move_all()
                except StoreFullError:
                    await asyncio.sleep(5)  # the rows stay in the journal until space
                    continue
                except Exception:
                    log.exception("moving intake journal rows failed; retrying")
                    await asyncio.sleep(1)
                    continue
                # asyncio.timeout, not wait_for: Python 3.11's wait_for returns normally
                # when the task is cancelled in the turn the wake-up comes (CPython
                # gh-86296), and the loop would go on after Runtime.stop cancelled it
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.poll_seconds):
                        await receiver.event.wait()
        finally:
            receiver.close()
            self.trims.close()

    async def move_all(self) -> int:
        """Move every row there is now; returns how many were moved."""
        moved = 0
        while rows := await self.journal.read_after(self.moved_up_to, BATCH):
            for channel, group in groupby(rows, key=lambda r: r.channel):
                adapter = self.adapters.get(channel)
                items = list(group)
                if adapter is None:  # both processes read the same settings: a bug
                    log.error(
                        "intake journal: %d rows of channel %s, which is off; dropped",
                        len(items),
                        channel,
                    )
                    continue
                await ingest(
                    self.db,
                    self.dispatcher,
                    adapter,
                    [
                        Incoming(
                            r.external_id,
                            json.loads(r.payload),
                            raw=r.payload,
                            received_at=r.received_at,
                        )
                        for r in items
                    ],
                )
            self.moved_up_to = rows[-1].id
            moved += len(rows)
        if moved:
            self.trims.send(self.moved_up_to)
        now = time.monotonic()
        if now - self._last_checkpoint >= CHECKPOINT_EVERY_SECONDS:
            self._last_checkpoint = now
            await self.journal.checkpoint_passive()
        return moved

    async def finish(self) -> None:
        """After the intake process stopped: move what is left and trim the journal."""
        await self.move_all()
        if self.moved_up_to:
            await self.journal.trim_now(self.moved_up_to)
