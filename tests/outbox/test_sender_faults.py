"""bot/outbox/sender.py: a start that fails leaves the sender able to go on, without
spinning.

A round's start reads the rows (asking the channel first, for WhatsApp), then records
their attempts. When either step raises (a lost database, a full disk), the chats it
held must be freed, so that a later round starts them, and that later round must wait
a while instead of coming at once: a full disk does not empty itself in a millisecond.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.outbox.limits import UNLIMITED, RateLimits
from bot.outbox.sender import OutboxSender
from bot.store import outbox as outbox_store
from bot.store.database import Database, StoreFullError, open_store
from tests.outbox.test_sender_commits import PACED, Channel, all_sent, enqueue, running, until


class AskingFirst(OutboxSender):
    """A sender whose channel is asked before each start, as WhatsApp's is (the 24-hour
    window): `_start` reads the rows through `_allowed` first."""

    async def before_attempt(self, row: outbox_store.OutboxRow) -> bool:
        return True


async def _run_for(sender: OutboxSender, seconds: float) -> None:
    async with running(sender):
        await asyncio.sleep(seconds)


async def test_a_failed_read_before_the_start_frees_the_chat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with open_store("", tmp_path / "dumas.sqlite3") as db:
        sender = AskingFirst(db, Channel(db), limits=RateLimits(UNLIMITED))
        real = outbox_store.rows_by_id
        calls: list[object] = []

        async def lost_once(db_: Database, ids: list[int]) -> object:
            calls.append(ids)
            if len(calls) == 1:
                raise OSError("the database went away")
            return await real(db_, ids)

        monkeypatch.setattr(outbox_store, "rows_by_id", lost_once)
        await enqueue(db, [("100", "a")])
        async with running(sender):
            # before the fix the chat stayed 'in flight' for ever: never sent again
            await until(all_sent(db), 5)
        assert len(calls) >= 2


async def test_a_full_disk_at_the_start_is_tried_again_after_a_pause_not_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with open_store("", tmp_path / "dumas.sqlite3") as db:
        sender = OutboxSender(db, Channel(db), limits=RateLimits(UNLIMITED))
        calls: list[list[int]] = []

        async def full(db_: Database, ids: list[int]) -> dict[int, object]:
            calls.append(ids)
            raise StoreFullError("database or disk is full")

        monkeypatch.setattr(outbox_store, "start_attempts", full)
        await enqueue(db, [("100", "a")])
        await _run_for(sender, 1.5)
        # one try at once, one after the pause (a second); before the fix: ~1,000/s
        assert 1 <= len(calls) <= 3, len(calls)


async def test_a_row_left_sending_is_sent_when_the_pace_first_holds_it_back(
    tmp_path: Path,
) -> None:
    """A new leader takes over rows the old one left 'sending'. Its chats' budgets
    start spent (`RateLimits.spent_by_another`), so its first round, the one round that
    reads 'sending' rows, cannot start them; before the fix no later round read them,
    and the chat stalled for good (tests/reliability/test_webhook_failover.py, leader
    killed, failed in CI of session 31 with every chat's head left 'sending')."""
    async with open_store("", tmp_path / "dumas.sqlite3") as db:
        ids = await enqueue(db, [("100", "a"), ("100", "b"), ("200", "c")])
        await outbox_store.start_attempts(db, ids[:1])  # the old leader's, on the wire
        limits = RateLimits(PACED)
        limits.spent_by_another()
        sender = OutboxSender(db, Channel(db), limits=limits)
        async with running(sender):
            await until(all_sent(db), 10)
