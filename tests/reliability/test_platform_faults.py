"""Platform faults: 5xx, dropped connections, timeouts and 429s from the Bot API.

Every message is still delivered, in order per chat, none twice; a chat that blocked the
bot fails for good, is visible on the ticket, and does not hold up anyone else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.routing.resolver import Router
from flows.events import reply_from_dict
from tests.e2e.steps import reach
from tests.fakes._server import FaultPlan
from tests.harness import Clock, Harness, telegram_harness


@asynccontextmanager
async def faulty(
    tmp_path: Path, router: Router, clock: Clock, faults: FaultPlan
) -> AsyncIterator[Harness]:
    async with telegram_harness(
        tmp_path / "data",
        router,
        {"DUMAS_TELEGRAM_TIMEOUT_SECONDS": "1.0"},
        bot_api={"faults": faults},
        clock=clock,
        backoff_base=0.02,
    ) as h:
        h.settle_retries = True
        yield h


async def expected_per_chat(h: Harness) -> dict[str, list[str]]:
    rows = await h.rows(
        "SELECT chat_id, payload, status FROM outbox WHERE kind = 'reply' ORDER BY id"
    )
    expected: dict[str, list[str]] = {}
    for row in rows:
        import json

        expected.setdefault(row["chat_id"], []).append(
            reply_from_dict(json.loads(row["payload"])).text
        )
    return expected


async def test_faults_delivered_in_order_none_twice(
    tmp_path: Path, router: Router, clock: Clock
) -> None:
    # "timeout" here is a request lost on the way (timeout_delivers=False); a timeout
    # after Telegram delivered is the next test.
    faults = FaultPlan(
        rate=0.2,
        kinds=("5xx", "drop", "429", "timeout"),
        retry_after=1,
        seed=20261123,
        timeout_seconds=2.0,
        timeout_delivers=False,
    )
    async with faulty(tmp_path, router, clock, faults) as h:
        citizens = [h.citizen(9500 + n) for n in range(8)]
        for citizen in citizens:
            await reach(citizen, "summary")
            await citizen.press("sum:confirm")
        injected = Counter(kind for _, kind in faults.injected)
        assert sum(injected.values()) >= 10, injected
        assert set(injected) == {"5xx", "drop", "429", "timeout"}
        expected = await expected_per_chat(h)
        for citizen in citizens:
            delivered = [c.text for c in citizen.messages()]
            assert delivered == expected[str(citizen.user_id)]  # all, in order, once
        statuses = await h.rows("SELECT status, COUNT(*) AS n FROM outbox GROUP BY status")
        assert {r["status"]: r["n"] for r in statuses} == {
            "sent": sum(len(v) for v in expected.values())
            + len(h.api.calls_to("answerCallbackQuery"))
        }
        assert len(await h.rows("SELECT * FROM tickets")) == len(citizens)
        print(
            f"\nfaults injected: {dict(injected)}; messages delivered: "
            f"{sum(len(v) for v in expected.values())}; duplicates: 0"
        )


async def test_timeout_after_delivery_is_the_one_duplicate_source(
    tmp_path: Path, router: Router, clock: Clock
) -> None:
    """Telegram has no idempotency key: when it delivered but the answer timed out, the
    retry sends the message again. Exactly those cases duplicate, nothing else."""
    faults = FaultPlan(rate=0.0, script=["timeout"], timeout_seconds=2.0, timeout_delivers=True)
    async with faulty(tmp_path, router, clock, faults) as h:
        citizen = h.citizen(9600)
        await citizen.say("/start")
        texts = [c.text for c in citizen.messages()]
        assert len(texts) == 2 and texts[0] == texts[1]
        assert faults.injected == [("sendMessage", "timeout")]


async def test_blocked_chat_fails_visibly_and_blocks_nobody(
    tmp_path: Path, router: Router, clock: Clock
) -> None:
    async with faulty(tmp_path, router, clock, FaultPlan()) as h:
        blocked, other = h.citizen(9700), h.citizen(9701)
        await reach(blocked, "summary")
        await blocked.press("sum:confirm")
        ticket = (await h.rows("SELECT id FROM tickets"))[0]["id"]
        h.api.block_chat(9700)
        # a notice about the ticket to the citizen who blocked the bot
        from bot.outbox.messages import CitizenReply
        from bot.store import outbox as outbox_store
        from flows.events import Reply

        async with h.db.transaction() as conn:
            await outbox_store.enqueue(
                conn,
                channel="telegram",
                chat_id="9700",
                ticket_id=ticket,
                message=CitizenReply(Reply("Status tiket berubah")),
            )
        h.runtime.wake_outbox()
        sent = await other.say("/start")
        assert sent  # served while the blocked chat fails
        await h.settle(retries=True)
        failed = await h.rows("SELECT last_error FROM outbox WHERE status = 'failed'")
        assert len(failed) == 1 and "blocked" in failed[0]["last_error"]
        events = await h.rows(
            "SELECT kind, detail FROM ticket_events WHERE kind = 'delivery_failed'"
        )
        assert len(events) == 1 and "blocked" in events[0]["detail"]
