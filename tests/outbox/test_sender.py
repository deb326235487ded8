"""bot/outbox/sender.py: after an unexpected error in a delivery (a bug), the row it left
'sending' is read again by the next round and delivered, once; the rounds between read
only the chats whose head is still pending."""

from __future__ import annotations

from typing import Any

import pytest

from bot.outbox.sender import OutboxSender
from tests.harness import Harness
from tests.pg_cluster import sqlite_only

USER = 7401


async def test_a_row_left_sending_by_a_bug_is_delivered_after_all(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    sender: OutboxSender = harness.runtime.senders["telegram"]
    real = sender._deliver
    broken = [True]

    async def deliver_once_broken(row: Any) -> None:
        if broken[0]:
            broken[0] = False
            raise RuntimeError("a bug in one delivery")  # the row stays 'sending'
        await real(row)

    monkeypatch.setattr(sender, "_deliver", deliver_once_broken)
    citizen = harness.citizen(USER)
    await citizen.say("/start")
    await harness.settle()
    assert not broken[0]  # the bug did happen
    texts = [m.text for m in citizen.messages()]
    assert texts and len(texts) == len(set(texts))  # delivered after all, none twice
    left = await harness.rows("SELECT status FROM outbox WHERE status != 'sent'")
    assert left == []


@sqlite_only("counts SQLite's statements (the trace callback)")
async def test_a_telegram_row_is_read_once_to_start_it(harness: Harness) -> None:
    """Telegram asks nothing before an attempt (`before_attempt`): a round reads the rows
    it starts once, as it records their attempts (`outbox.start_attempts`)."""
    reads: list[str] = []

    def trace(sql: str) -> None:
        if sql.startswith("SELECT") and "FROM outbox WHERE id IN" in sql:
            reads.append(sql)

    citizen = harness.citizen(USER)
    await citizen.say("/start")  # the citizen and its chat exist from now on
    await harness.db.conn.set_trace_callback(trace)
    answered = await citizen.say("/aduan")
    assert answered
    sent = await harness.rows("SELECT COUNT(*) FROM outbox WHERE status = 'sent'")
    assert sent[0][0] >= 2
    # a chat's rows start one at a time (per-chat order): one round, one read, per message
    assert len(reads) == len(answered)
