"""Moving intake-journal rows into the inbox (main process), then trimming the journal.

Each batch goes through `ingest` like any webhook request: one transaction, duplicates
dropped by the inbox's unique key, lanes handed to the dispatcher. Only after that commit
are the rows trimmed from the journal, so a crash in between moves them again and the
inbox drops the copies: nothing acknowledged is lost, nothing is handled twice.
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
from bot.intake.wake import WakeReceiver
from bot.store.database import Database, StoreFullError

log = logging.getLogger(__name__)

BATCH = 2000
TRIM_EVERY_SECONDS = 1.0  # trimming takes the journal's write lock: not after every batch


class JournalMover:
    def __init__(self, journal: IntakeJournal, db: Database, dispatcher: Dispatcher,
                 adapters: Mapping[str, ChannelAdapter], wake_address: str,
                 poll_seconds: float = 0.5) -> None:
        self.journal = journal
        self.db = db
        self.dispatcher = dispatcher
        self.adapters = adapters
        self.wake_address = wake_address
        self.poll_seconds = poll_seconds
        self.moved_up_to = 0  # highest journal id whose row is in the inbox
        self._trimmed_up_to = 0
        self._last_trim = 0.0

    async def run(self) -> None:
        receiver = WakeReceiver(self.wake_address)
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
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(receiver.event.wait(), self.poll_seconds)
        finally:
            receiver.close()

    async def move_all(self, trim: bool = False) -> int:
        """Move every row there is now; trim if due (or `trim`). Returns rows moved."""
        moved = 0
        while rows := await self.journal.read_after(self.moved_up_to, BATCH):
            for channel, group in groupby(rows, key=lambda r: r.channel):
                adapter = self.adapters.get(channel)
                items = list(group)
                if adapter is None:  # both processes read the same settings: a bug
                    log.error("intake journal: %d rows of channel %s, which is off; "
                              "dropped", len(items), channel)
                    continue
                await ingest(self.db, self.dispatcher, adapter, [
                    Incoming(r.external_id, json.loads(r.payload), raw=r.payload,
                             received_at=r.received_at) for r in items])
            self.moved_up_to = rows[-1].id
            moved += len(rows)
        now = time.monotonic()
        if self.moved_up_to > self._trimmed_up_to and (
                trim or now - self._last_trim >= TRIM_EVERY_SECONDS):
            await self.journal.trim(self.moved_up_to)
            self._trimmed_up_to = self.moved_up_to
            self._last_trim = now
        return moved
