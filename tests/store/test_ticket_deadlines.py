"""bot/store/ticket_deadlines.py `deadlines_of_many`: each ticket's running deadlines, as
`deadlines_of` reads them one ticket at a time, for any number of tickets in one
statement (a delivered digest's, bot/officers/card_delivery.py). Both dialects
(`either_store` in tests/conftest.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.store import ticket_deadlines
from bot.store.database import Database, iso
from tests.harness import stored_ticket

AT = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)


async def test_many_tickets_deadlines_are_each_ones(either_store: Database) -> None:
    db = either_store
    async with db.transaction() as conn:
        ids = [
            (await stored_ticket(conn, unit="polres-a", polda="polda-x", at=AT, citizen=c))[0]
            for c in ("5601", "5602", "5603")
        ]
        for n, ticket_id in enumerate(ids[:2]):
            later = AT + timedelta(hours=n + 1)
            await ticket_deadlines.start_deadlines(
                conn,
                ticket_id,
                [
                    ("claim", iso(AT), iso(later), iso(later + timedelta(hours=1))),
                    ("resolve", iso(AT), iso(later), iso(later + timedelta(days=1))),
                ],
            )
        await ticket_deadlines.finish_deadline(conn, ids[1], "claim", iso(AT))  # done: left out
        one_by_one = {i: await ticket_deadlines.deadlines_of(conn, i) for i in ids}
        together = await ticket_deadlines.deadlines_of_many(conn, [ids[2], ids[0], ids[1], ids[0]])
        assert await ticket_deadlines.deadlines_of_many(conn, []) == {}
    assert together == {i: due for i, due in one_by_one.items() if due}
    assert set(together[ids[0]]) == {"claim", "resolve"} and set(together[ids[1]]) == {"resolve"}
