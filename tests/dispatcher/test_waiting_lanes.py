"""bot/dispatcher.py: lanes beyond the dispatcher's concurrency wait for a drain that
finishes its lane, instead of each having a task of its own waiting on a semaphore (a
task, a future and a wake-up per lane under load: bench/README.md session 31)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.dispatcher import Dispatcher
from tests.harness import Harness

CITIZENS = [7501 + n for n in range(6)]


@pytest.fixture
def drains(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The dispatcher limited to two drains at a time; counts the drain tasks started,
    the most running at once and the lanes drained, in order."""
    seen: dict[str, Any] = {"tasks": 0, "running": 0, "most": 0, "lanes": []}
    harness.runtime.dispatcher._concurrency = 2
    drain = Dispatcher._drain

    async def counted_drain(self: Dispatcher, lane: str) -> None:
        seen["tasks"] += 1
        await drain(self, lane)

    def counted(name: str) -> Any:
        # a lane's drain: `_drain_rows` on SQLite, `_drain_held` on PostgreSQL
        real = getattr(Dispatcher, name)

        async def draining(self: Dispatcher, lane: str) -> None:
            seen["running"] += 1
            seen["most"] = max(seen["most"], seen["running"])
            seen["lanes"].append(lane)
            try:
                await real(self, lane)
            finally:
                seen["running"] -= 1

        return draining

    monkeypatch.setattr(Dispatcher, "_drain", counted_drain)
    for name in ("_drain_rows", "_drain_held"):
        monkeypatch.setattr(Dispatcher, name, counted(name))
    return seen


async def test_lanes_beyond_the_concurrency_wait_for_a_free_drain(
    harness: Harness, drains: dict[str, Any]
) -> None:
    # six citizens' first messages in one getUpdates answer: six lanes notified at once
    for user in CITIZENS:
        harness.api.push_update(harness.updates.text(user, "/aduan"))
    await harness.settle()
    for user in CITIZENS:
        assert harness.citizen(user).messages(), f"citizen {user} was not answered"
    assert drains["most"] <= 2  # the concurrency holds
    assert len(drains["lanes"]) == 6  # each lane drained once, none lost while waiting
    assert drains["tasks"] == 2  # the two drains took the four waiting lanes (was 6)
    assert not harness.runtime.dispatcher._running


async def test_a_waiting_lane_notified_again_is_drained_once(
    harness: Harness, drains: dict[str, Any]
) -> None:
    for user in CITIZENS:
        harness.api.push_update(harness.updates.text(user, "/aduan"))
    # the last citizen writes again before its lane had a drain: one drain handles both
    harness.api.push_update(harness.updates.text(CITIZENS[-1], "/bantuan"))
    await harness.settle()
    handled = await harness.rows("SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL")
    assert handled[0][0] == 0
    assert len(harness.citizen(CITIZENS[-1]).messages()) >= 2
    assert drains["most"] <= 2
