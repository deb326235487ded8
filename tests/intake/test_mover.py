"""bot/intake/mover.py: the journal mover's loop, cancelled just as it is woken, ends.

`Runtime.stop` cancels the mover's task and waits 5 s for it. On Python 3.11,
`asyncio.wait_for` returns normally when its task is cancelled in the same loop turn as
the wait it wraps completes (CPython gh-86296, fixed in 3.12); the mover waited for its
wake-up datagram that way, so such a cancellation was lost and the loop went on moving
rows while the runtime closed the store (the outbox sender had the same defect:
tests/outbox/test_sender_cancel.py).
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Any

import pytest

import bot.intake.mover
from bot.intake.mover import JournalMover
from bot.intake.wake import SignalReceiver

# A loop that honours the cancellation ends within a few loop turns; one that swallowed
# it waits for the next wake-up, which never comes (the poll interval is an hour).
ENDS_WITHIN = 30.0


class EmptyJournal:
    """A journal with no rows: the mover's round reads nothing and writes nothing."""

    async def read_after(self, after: int, limit: int) -> list[Any]:
        return []

    async def checkpoint_passive(self) -> None:
        return None


# How many loop turns pass between the wake and the cancellation: 0 hits the race
# window of 3.11's wait_for; the later ones cancel the round the wake started or the
# next wait.
@pytest.mark.parametrize("turns", range(4))
async def test_a_mover_cancelled_as_it_wakes_ends(
    monkeypatch: pytest.MonkeyPatch, turns: int
) -> None:
    receivers: list[SignalReceiver] = []

    class Recorded(SignalReceiver):
        def __init__(self, address: str) -> None:
            super().__init__(address)
            receivers.append(self)

    monkeypatch.setattr(bot.intake.mover, "SignalReceiver", Recorded)
    # a short directory: a Unix socket's path has at most ~107 bytes
    with tempfile.TemporaryDirectory(prefix="dumas-mover-") as folder:
        mover = JournalMover(
            EmptyJournal(),  # type: ignore[arg-type]
            None,  # type: ignore[arg-type]  # no row: the store is never reached
            None,  # type: ignore[arg-type]
            {},
            str(Path(folder) / "rows"),
            str(Path(folder) / "trims"),
            poll_seconds=3600,
        )
        task = asyncio.create_task(mover.run())
        try:
            # until the first round is over and the loop waits for a wake-up
            while not receivers or not receivers[0].event._waiters:
                await asyncio.sleep(0.01)
            receivers[0].event.set()
            for _ in range(turns):
                await asyncio.sleep(0)
            task.cancel()
            done, _ = await asyncio.wait({task}, timeout=ENDS_WITHIN)
            assert done, "the cancelled mover loop is still running"
            assert task.cancelled()
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
