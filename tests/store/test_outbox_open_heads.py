"""bot/store/outbox.open_heads(pending_only=True), on both dialects: the chats whose head is
already being sent are left out, and no row behind such a head takes its place (per-chat
order); the other chats' heads are as in a full read."""

from __future__ import annotations

from bot.outbox.messages import StaffMessage
from bot.store import outbox as outbox_store
from bot.store.database import Database


async def test_pending_only_leaves_out_chats_in_flight(either_store: Database) -> None:
    db = either_store
    async with db.transaction() as conn:
        ids = {}
        for name, chat in [("a1", "A"), ("a2", "A"), ("b1", "B"), ("c1", "C"), ("c2", "C")]:
            ids[name] = await outbox_store.enqueue(
                conn, channel="telegram", chat_id=chat, message=StaffMessage(name)
            )
        # A's head is being sent; C's first row was sent, its second is now its head
        await conn.execute("UPDATE outbox SET status = 'sending' WHERE id = ?", (ids["a1"],))
        await conn.execute("UPDATE outbox SET status = 'sent' WHERE id = ?", (ids["c1"],))
    full = await outbox_store.open_heads(db, "telegram")
    assert [(h.chat_id, h.id) for h in full] == [
        ("A", ids["a1"]),
        ("B", ids["b1"]),
        ("C", ids["c2"]),
    ]
    pending = await outbox_store.open_heads(db, "telegram", pending_only=True)
    # never ("A", a2): it waits behind the row in flight
    assert [(h.chat_id, h.id) for h in pending] == [("B", ids["b1"]), ("C", ids["c2"])]
