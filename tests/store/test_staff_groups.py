"""bot/store/staff_groups.py `groups_for_unit_waiting`: the unit's bound groups with the
cards and digests each still has to deliver, in one statement, counted as
`outbox.waiting_cards` counts them. Both dialects (`either_store` in tests/conftest.py)."""

from __future__ import annotations

from bot.store import outbox, staff_groups
from bot.store.database import Database, iso, utcnow

UNIT = "polres-a"


async def _row(db: Database, chat_id: str, kind: str, status: str) -> None:
    now = iso(utcnow())
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO outbox (channel, chat_id, kind, payload, created_at, not_before, "
            "status) VALUES ('telegram', ?, ?, '{}', ?, ?, ?)",
            (chat_id, kind, now, now, status),
        )


async def test_each_group_comes_with_its_cards_and_digests_still_to_deliver(
    either_store: Database,
) -> None:
    db = either_store
    for chat, unit in (("-2", UNIT), ("-1", UNIT), ("-3", UNIT), ("-9", "polres-b")):
        await staff_groups.bind(db, chat, unit)
    async with db.transaction() as conn:
        await staff_groups.mark_unbound(conn, "-3", "kicked")
    for chat, kind, status in (
        ("-1", "card", "pending"),
        ("-1", "digest", "sending"),
        ("-1", "card", "sent"),  # delivered: not waiting
        ("-1", "card", "failed"),  # given up: not waiting
        ("-1", "reply", "pending"),  # not a card
        ("-2", "card", "pending"),
        ("-9", "card", "pending"),  # another unit's group
    ):
        await _row(db, chat, kind, status)

    async with db.reading() as conn:
        found = await staff_groups.groups_for_unit_waiting(conn, UNIT)
        plain = await staff_groups.groups_for_unit(conn, UNIT)
        apart = [await outbox.waiting_cards(conn, g.chat_id) for g in plain]

    # the bound groups of the unit, as groups_for_unit reads them, in its order
    assert [g for g, _ in found] == plain
    assert [g.chat_id for g, _ in found] == ["-1", "-2"]
    assert [n for _, n in found] == [2, 1]
    assert [n for _, n in found] == apart
