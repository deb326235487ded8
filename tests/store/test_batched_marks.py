"""The outbox's attempt and 'sent' marks and a new ticket's links, many rows at once:
on PostgreSQL one statement each (bot/store/outbox.py `start_attempts_in`,
`mark_many_sent`; bot/store/triage.py `add_links`), on SQLite one statement per row.
Each case runs on both dialects (`either_store` in tests/conftest.py) and asks for the same rows."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.outbox.messages import CitizenReply
from bot.store import outbox, privacy, triage
from bot.store.database import Database
from flows.events import Reply
from tests.harness import stored_ticket

T0 = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)


async def _queue(db: Database, chats: list[str]) -> list[int]:
    async with db.transaction() as conn:
        return [
            await outbox.enqueue(
                conn, channel="telegram", chat_id=chat, message=CitizenReply(Reply("hai"), "id")
            )
            for chat in chats
        ]


async def _states(db: Database, ids: list[int]) -> list[tuple[object, ...]]:
    marks = ", ".join("?" * len(ids))
    rows = await db.fetchall(
        f"SELECT id, status, attempts, external_id, chat_id, payload, sent_at IS NOT NULL "
        f"FROM outbox WHERE id IN ({marks}) ORDER BY id",
        tuple(ids),
    )
    return [tuple(r) for r in rows]


async def test_a_start_reads_rows_as_they_were_and_marks_the_unfinished(
    either_store: Database,
) -> None:
    db = either_store
    pending, crashed, sent, failed = await _queue(db, ["c1", "c2", "c3", "c4"])
    async with db.transaction() as conn:
        # a row a crashed sender left 'sending' after one attempt; one already sent; one
        # failed for good
        await conn.execute(
            "UPDATE outbox SET status = 'sending', attempts = 1 WHERE id = ?", (crashed,)
        )
        await outbox.mark_many_sent(conn, [(sent, "m3")])
        await conn.execute("UPDATE outbox SET status = 'failed' WHERE id = ?", (failed,))
    started = await outbox.start_attempts(db, [pending, crashed, sent, failed, 10**9])
    # only the unfinished rows, each as read before its mark
    assert sorted(started) == [pending, crashed]
    assert (started[pending].status, started[pending].attempts) == ("pending", 0)
    assert (started[crashed].status, started[crashed].attempts) == ("sending", 1)
    assert started[pending].chat_id == "c1" and started[pending].message.reply.text == "hai"  # type: ignore[union-attr]
    states = {r[0]: r[1:3] for r in await _states(db, [pending, crashed, sent, failed])}
    assert states == {
        pending: ("sending", 1),
        crashed: ("sending", 2),
        sent: ("sent", 0),
        failed: ("failed", 0),
    }
    async with db.transaction() as conn:
        assert await outbox.start_attempts_in(conn, []) == {}


async def test_many_sent_marks_each_row_with_its_id_and_erases_the_sealed(
    either_store: Database,
) -> None:
    db = either_store
    first, second, sealed, other = await _queue(db, ["c1", "c2", "c9", "c3"])
    async with db.transaction() as conn:
        await privacy.seal_in_flight(conn, "telegram", "c9")  # the /hapusdata answer's chat
    async with db.transaction() as conn:
        await outbox.mark_many_sent(conn, [(first, "m1"), (second, None), (sealed, "m9")])
        await outbox.mark_many_sent(conn, [])
    rows = {r[0]: r[1:] for r in await _states(db, [first, second, sealed, other])}
    assert rows[first][:4] == ("sent", 0, "m1", "c1")
    assert rows[second][:4] == ("sent", 0, None, "c2")
    assert rows[sealed][:5] == ("sent", 0, "m9", "erased", '{"redacted": true}')
    assert rows[other][:4] == ("pending", 0, None, "c3")
    assert [r[5] for r in rows.values()] == [True, True, True, False]  # sent_at


async def test_a_tickets_links_are_written_once_each(either_store: Database) -> None:
    db = either_store
    async with db.transaction() as conn:
        made = [
            (await stored_ticket(conn, unit="u", polda="p", at=T0, citizen=str(n)))[0]
            for n in range(4)
        ]
        new, a, b, c = made
        await triage.add_links(conn, new, [(a, "same_citizen", None), (b, "nearby", 0.75)], T0)
        # a link written again changes nothing; a new one is added
        await triage.add_links(conn, new, [(b, "nearby", 0.5), (c, "nearby", 0.25)], T0)
        await triage.add_links(conn, new, [], T0)
        links = await triage.links_of(conn, new)
    assert sorted((x.other_id, x.reason, x.score) for x in links) == [
        (a, "same_citizen", None),
        (b, "nearby", 0.75),
        (c, "nearby", 0.25),
    ]
