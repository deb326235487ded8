"""bot/outbox/sender.py: after an unexpected error in a delivery (a bug), the row it left
'sending' is read again by the next round and delivered, once; the rounds between read
only the chats whose head is still pending."""

from __future__ import annotations

from typing import Any

import pytest

from bot.outbox.sender import OutboxSender
from tests.harness import Harness

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
