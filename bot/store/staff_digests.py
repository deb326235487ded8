"""`staff_digest_items`: the tickets a busy group's digest lists (a digest is an outbox
row that keeps collecting tickets until the sender starts it)."""

from __future__ import annotations

from bot.store.connection import Connection
from bot.store.outbox import unfinished


async def open_digest(conn: Connection, chat_id: str, max_items: int) -> int | None:
    """A digest of this group still collecting: not started by the outbox sender (which
    reads its payload as it marks it 'sending', bot.store.outbox.start_attempts), with
    room for another ticket."""
    async with conn.execute(
        # `unfinished` names outbox_digest_open's predicate on PostgreSQL (migration 0017)
        "SELECT o.id FROM outbox o WHERE o.chat_id = ? AND o.kind = 'digest' AND "
        f"{unfinished(conn, 'o.')} AND o.status = 'pending' AND (SELECT COUNT(*) FROM "
        "staff_digest_items d WHERE d.outbox_id = o.id) < ? ORDER BY o.id DESC LIMIT 1",
        (chat_id, max_items),
    ) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else None


async def add_digest_item(conn: Connection, outbox_id: int, ticket_id: int) -> None:
    await conn.execute(
        "INSERT INTO staff_digest_items (outbox_id, ticket_id) VALUES (?, ?) "
        "ON CONFLICT DO NOTHING",
        (outbox_id, ticket_id),
    )


async def digest_items(conn: Connection, outbox_id: int) -> list[int]:
    async with conn.execute(
        "SELECT ticket_id FROM staff_digest_items WHERE outbox_id = ? ORDER BY ticket_id",
        (outbox_id,),
    ) as cur:
        return [int(r[0]) for r in await cur.fetchall()]
