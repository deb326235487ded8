"""Making a message that could not be delivered visible to officers.

When the outbox gives up on a row that belongs to a ticket (a notice or an officer's
reply to the citizen, a card), a `delivery_failed` event is written on the ticket, which
officers see in the ticket's history (/tiket) — never a silent loss.
"""

from __future__ import annotations

from bot.outbox.messages import ticket_named
from bot.store import tickets as ticket_store
from bot.store.database import Database, utcnow
from bot.store.outbox import OutboxRow


def ticket_of(row: OutboxRow) -> int | None:
    if row.ticket_id is not None:
        return row.ticket_id
    return ticket_named(row.message)


async def record_failure(db: Database, row: OutboxRow, error: str) -> None:
    ticket_id = ticket_of(row)
    if ticket_id is None:
        return
    async with db.transaction() as conn:
        await ticket_store.add_event(
            conn,
            ticket_id,
            "delivery_failed",
            at=utcnow(),  # the outbox runs on wall-clock time
            actor_kind="system",
            detail={
                "channel": row.channel,
                "chat_id": row.chat_id,
                "kind": row.kind,
                "outbox_id": row.id,
                "error": error[:200],
            },
        )
