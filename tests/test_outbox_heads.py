"""The outbox sender's view of the queue: one head per chat (most urgent, then oldest),
read through an index of unfinished rows only, never through the sent history."""

from __future__ import annotations

from pathlib import Path

from bot.outbox.messages import StaffMessage
from bot.store import outbox as outbox_store
from bot.store.database import Database


async def test_one_head_per_chat_urgent_first_then_oldest(tmp_path: Path) -> None:
    db = await Database(tmp_path / "s.sqlite3").open()
    try:
        async with db.transaction() as conn:
            ids = {}
            for name, chat, priority in [
                ("a1", "A", 0),
                ("b1", "B", 0),
                ("a2", "A", 0),
                ("c1", "C", 0),
                ("b2", "B", 1),
                ("a3", "A", 1),
                ("w1", "W", 0),
            ]:
                ids[name] = await outbox_store.enqueue(
                    conn,
                    channel="telegram",
                    chat_id=chat,
                    message=StaffMessage(name),
                    priority=priority,
                )
            await outbox_store.enqueue(
                conn, channel="whatsapp", chat_id="A", message=StaffMessage("other channel")
            )
            await conn.execute("UPDATE outbox SET status = 'sent' WHERE id = ?", (ids["c1"],))
        heads = await outbox_store.open_heads(db, "telegram")
        # urgent heads first (in creation order), then the others' oldest rows
        assert [(h.chat_id, h.id) for h in heads] == [
            ("B", ids["b2"]),
            ("A", ids["a3"]),
            ("W", ids["w1"]),
        ]
        assert len(await outbox_store.open_heads(db, "telegram", limit=2)) == 2
    finally:
        await db.close()


async def test_heads_are_read_from_the_unfinished_rows_index(tmp_path: Path) -> None:
    db = await Database(tmp_path / "s.sqlite3").open()
    try:
        statements: list[str] = []
        db.conn.raw.set_trace_callback(statements.append)
        await outbox_store.open_heads(db, "telegram")
        db.conn.raw.set_trace_callback(None)
        (query,) = [s for s in statements if "GROUP BY chat_id" in s]
        plan = " ".join(str(tuple(r)) for r in await db.fetchall(f"EXPLAIN QUERY PLAN {query}"))
        assert "COVERING INDEX outbox_open_chat" in plan, plan
    finally:
        await db.close()
