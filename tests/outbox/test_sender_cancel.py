"""bot/outbox/sender.py: a sender loop cancelled just as it is woken ends.

The leader's duties are cancelled when it steps down or stops (bot/app.py), and a
deposed leader must not send beside the new one. On Python 3.11, `asyncio.wait_for`
returns normally when its task is cancelled in the same loop turn as the wait it wraps
completes (CPython gh-86296, fixed in 3.12): the loop swallowed the cancellation and
kept sending until `stop()`, which `Runtime.stop` calls only after waiting 10 s for the
duties ("duties still running 10 s after stepping down"). The property test of random
events met it in about one example in four, ~220 of its ~235 s.
"""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest

from bot.channels.console import ConsoleAdapter
from bot.outbox.sender import OutboxSender
from bot.settings import load_settings
from bot.store.database import open_store

# Generous: a loop that honours the cancellation ends within a few loop turns and one
# store read; one that swallowed it would never end on its own (nothing sets _stopping).
ENDS_WITHIN = 30.0


# How many loop turns pass between the wake and the cancellation: 0-2 hit the race
# window on 3.11.7 (measured with the old wait_for: the loop kept running); the later
# ones cancel the round that the wake started.
@pytest.mark.parametrize("turns", range(6))
async def test_a_sender_cancelled_as_it_wakes_ends(tmp_path: Path, turns: int) -> None:
    settings = load_settings({"DUMAS_DATA_DIR": str(tmp_path / "data")}, env_file=None)
    console = ConsoleAdapter(out=io.StringIO())
    async with open_store(settings.database_url, settings.db_path) as db:
        sender = OutboxSender(db, console.sender)
        loop_task = asyncio.create_task(sender.run())
        try:
            # until the first round is over and the loop waits for a wake
            while not sender._wake._waiters:
                await asyncio.sleep(0.01)
            sender.wake()
            for _ in range(turns):
                await asyncio.sleep(0)
            loop_task.cancel()
            done, _ = await asyncio.wait({loop_task}, timeout=ENDS_WITHIN)
            assert done, "the cancelled sender loop is still running"
            assert loop_task.cancelled()
        finally:
            await sender.stop()  # ends a loop that swallowed the cancellation
            await asyncio.gather(loop_task, return_exceptions=True)
