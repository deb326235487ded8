"""bot/dispatcher.py `_drain_rows` (SQLite): a lane's drain reads the inbox once per row
when no row follows it, and still handles every row stored while it works."""

from __future__ import annotations

import pytest

from tests.harness import Harness
from tests.pg_cluster import sqlite_only

USER = 7401
# how the drain's read of a lane's next row begins (bot/store/inbox.py NEXT_PENDING)
_NEXT_ROW = "SELECT id, channel, external_id, lane, payload,"


async def _count_next_row_reads(harness: Harness) -> list[int]:
    count = [0]

    def trace(sql: str) -> None:
        if sql.startswith(_NEXT_ROW):
            count[0] += 1

    await harness.db.conn.set_trace_callback(trace)
    return count


@sqlite_only("PostgreSQL's drain takes and releases the lane (bot/store/lanes.py)")
async def test_a_lone_row_is_read_once(harness: Harness) -> None:
    citizen = harness.citizen(USER)
    await citizen.say("/aduan")  # the citizen is known from now on
    count = await _count_next_row_reads(harness)
    answered = await citizen.press("consent:yes")
    assert answered  # the step was handled and answered
    # the row and nothing after it: no second look for a row that cannot be there
    assert count[0] == 1


@sqlite_only("PostgreSQL's drain takes and releases the lane (bot/store/lanes.py)")
async def test_rows_stored_together_are_all_handled(harness: Harness) -> None:
    citizen = harness.citizen(USER)
    await citizen.say("/aduan")
    before = len(citizen.messages())
    count = await _count_next_row_reads(harness)
    # three rows of one lane in one getUpdates answer: one commit, one notify
    updates = [harness.updates.text(USER, text) for text in ("satu", "dua", "tiga")]
    for update in updates:
        harness.api.push_update(update)
    await harness.settle()
    handled = await harness.rows(
        "SELECT COUNT(*) FROM inbox WHERE processed_at IS NOT NULL AND external_id IN (?, ?, ?)",
        *(str(u["update_id"]) for u in updates),
    )
    assert handled[0][0] == 3
    assert len(citizen.messages()) > before
    assert 3 <= count[0] <= 4  # one read per row (and at most one look more)


@pytest.mark.parametrize("rows", [1, 2])
async def test_next_pending_says_whether_a_row_follows(harness: Harness, rows: int) -> None:
    from datetime import UTC, datetime

    from bot.store import inbox

    lane = "test:lane"
    async with harness.db.transaction() as conn:
        for n in range(rows):
            await inbox.insert(conn, "test", f"e{n}", lane, "{}")
    row = await inbox.next_pending(harness.db, lane, datetime.now(UTC))
    assert row is not None and row.external_id == "e0"
    assert row.more is (rows == 2)
