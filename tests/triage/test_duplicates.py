"""The duplicate check on the real store: which earlier tickets a new one is linked to."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path

import pytest

from bot.store import citizens
from bot.store import tickets as ticket_store
from bot.store.database import Database, iso, utcnow
from bot.triage.duplicates import MAX_LINKS, link_duplicates

PIN = {"latitude": -6.2615, "longitude": 106.8106}
STORY = "Motor saya dicuri dua orang tak dikenal di parkiran pasar"
NOW = utcnow()
NewTicket = Callable[..., Awaitable[int]]


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[tuple[Database, NewTicket]]:
    db = await Database(tmp_path / "s.sqlite3").open()
    made = 0

    async def ticket(
        citizen: int,
        hours_ago: float,
        category: str = "crime",
        description: str = "ada kejadian",
        **place: float,
    ) -> int:
        nonlocal made
        made += 1
        async with db.transaction() as conn:
            person = await citizens.upsert(conn, "telegram", str(citizen), str(citizen), "id", None)
            ticket_id = await ticket_store.create(
                conn,
                reference=f"DMS-TEST-{made:04d}",
                citizen_id=person.id,
                fields={
                    "category": category,
                    "description": description,
                    "timezone": "Asia/Jakarta",
                    "contact": "chat",
                    "locale": "id",
                    **place,
                },
                now=NOW,
            )
            await conn.execute(
                "UPDATE tickets SET created_at = ? WHERE id = ?",
                (iso(NOW - timedelta(hours=hours_ago)), ticket_id),
            )
        return ticket_id

    try:
        yield db, ticket
    finally:
        await db.close()


async def link(db: Database, ticket_id: int) -> dict[int, str]:
    async with db.transaction() as conn:
        linked = await link_duplicates(conn, ticket_id, NOW)
    rows = await db.fetchall(
        "SELECT other_id, reason FROM ticket_links WHERE ticket_id = ?", (ticket_id,)
    )
    reasons = {int(r[0]): str(r[1]) for r in rows}
    assert sorted(linked) == sorted(reasons)
    return reasons


async def test_the_citizens_own_story_within_a_day(store: tuple[Database, NewTicket]) -> None:
    db, ticket = store
    own = await ticket(0, 20, description=STORY)
    other_story = await ticket(0, 20, description="lampu jalan mati di depan rumah")
    too_old = await ticket(0, 30, description=STORY)
    new = await ticket(0, 0, description=STORY.lower() + " tadi malam")
    reasons = await link(db, new)
    assert reasons == {own: "same_citizen"}
    assert other_story not in reasons and too_old not in reasons


async def test_reports_nearby_within_two_hours_newest_first(
    store: tuple[Database, NewTicket],
) -> None:
    db, ticket = store
    await ticket(1, 20, **PIN)  # someone else, same pin, too long ago
    await ticket(2, 0.5, category="traffic", **PIN)  # another category
    far = {"latitude": -6.30, "longitude": 106.90}  # about 10 km away
    await ticket(3, 0.5, **far)
    nearby = [await ticket(4 + k, 1.5 - k * 0.1, **PIN) for k in range(12)]
    new = await ticket(19, 0, **PIN)
    reasons = await link(db, new)
    assert len(reasons) == MAX_LINKS
    assert set(reasons) == set(nearby[2:])  # the two oldest are left out
    assert set(reasons.values()) == {"nearby"}
