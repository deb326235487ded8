"""bot/store/outbox.py `enqueue_many`: a step's messages in one statement, the same rows
as `enqueue` writes one by one, with ids in the order given (a chat's order). Each case
runs on both dialects (`either_store` in tests/conftest.py)."""

from __future__ import annotations

from bot.outbox.messages import CallbackAnswer, CitizenReply, Outgoing
from bot.store import outbox
from bot.store.database import Database
from flows.events import Option, Reply

MESSAGES: list[tuple[str, Outgoing]] = [
    ("c1#cb", CallbackAnswer("cb7", "")),
    ("c1", CitizenReply(Reply("Kapan terjadi?", options=(Option("when:now", "Baru saja"),)), "id")),
    ("c1", CitizenReply(Reply("Ketik /batal untuk berhenti. “kutip” 🙏"), "id")),
]
# every column but the id and the times, which differ between the two writes
_COLUMNS = "channel, chat_id, kind, payload, ticket_id, priority, status, attempts"


async def _rows(db: Database, first: int) -> list[tuple[object, ...]]:
    rows = await db.fetchall(
        f"SELECT id, {_COLUMNS}, created_at = not_before FROM outbox WHERE id >= ? ORDER BY id",
        (first,),
    )
    return [tuple(r) for r in rows]


async def test_the_rows_are_those_enqueue_writes_in_order(either_store: Database) -> None:
    db = either_store
    async with db.transaction() as conn:
        ids = [
            await outbox.enqueue(conn, channel="telegram", chat_id=chat, message=message)
            for chat, message in MESSAGES
        ]
    async with db.transaction() as conn:
        await outbox.enqueue_many(conn, "telegram", MESSAGES)
        await outbox.enqueue_many(conn, "telegram", [])  # nothing to queue: no statement
    one_by_one = await _rows(db, ids[0])
    assert [r[0] for r in one_by_one[:3]] == ids
    together = one_by_one[3:]
    assert len(together) == 3
    # ids follow the messages' order, right after the first three
    assert [r[0] for r in together] == sorted(r[0] for r in together)
    assert [r[1:] for r in together] == [r[1:] for r in one_by_one[:3]]
    assert all(r[-1] for r in together)  # to be sent now: not_before is the creation time


async def test_enqueue_each_writes_the_rows_enqueue_writes_in_order(
    either_store: Database,
) -> None:
    """`enqueue_each` (a digest's notices: each row its own chat and ticket): the rows
    `enqueue` writes one by one, ids in the order given."""
    db = either_store
    rows = [("telegram", chat, message, None) for chat, message in MESSAGES]
    rows[1] = ("whatsapp", "wa:62811", MESSAGES[1][1], None)
    async with db.transaction() as conn:
        ids = [
            await outbox.enqueue(conn, channel=channel, chat_id=chat, message=message)
            for channel, chat, message, _ in rows
        ]
    async with db.transaction() as conn:
        await outbox.enqueue_each(conn, rows)
        await outbox.enqueue_each(conn, [])  # nothing to queue: no statement
    one_by_one = await _rows(db, ids[0])
    together = one_by_one[3:]
    assert [r[0] for r in together] == sorted(r[0] for r in together)
    assert [r[1:] for r in together] == [r[1:] for r in one_by_one[:3]]
    assert all(r[-1] for r in together)
