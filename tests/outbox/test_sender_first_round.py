"""bot/outbox/sender.py: the full round that reads rows left 'sending' is not lost to a
failed read.

Only full rounds read the rows a crashed or deposed sender left 'sending' (the first
round, and rounds after an unexpected error); the others read only chats whose head is
still pending. A first round whose read of the heads fails (the database unreachable a
moment after a start or a takeover) must leave the next round full.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.outbox.limits import UNLIMITED, RateLimits
from bot.outbox.sender import OutboxSender
from bot.store import outbox as outbox_store
from bot.store.database import open_store
from tests.outbox.test_sender_commits import Channel, all_sent, enqueue, running, until


async def test_a_row_left_sending_is_sent_after_the_first_read_of_the_heads_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with open_store("", tmp_path / "dumas.sqlite3") as db:
        ids = await enqueue(db, [("100", "a")])
        await outbox_store.start_attempts(db, ids)  # the crashed sender's, on the wire
        real = outbox_store.open_heads
        reads: list[bool] = []

        async def lost_once(*args: object, pending_only: bool = False) -> object:
            reads.append(pending_only)
            if len(reads) == 1:
                raise OSError("the database went away")
            return await real(*args, pending_only=pending_only)  # type: ignore[arg-type]

        monkeypatch.setattr(outbox_store, "open_heads", lost_once)
        sender = OutboxSender(db, Channel(db), limits=RateLimits(UNLIMITED))
        async with running(sender):
            # before the fix every round after the failed one read pending heads only:
            # the row stayed 'sending' for good
            await until(all_sent(db), 5)
        assert reads[:2] == [False, False], reads
