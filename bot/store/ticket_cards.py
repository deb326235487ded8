"""`ticket_cards`: the card of each ticket in each staff group, and the message it became."""

from __future__ import annotations

from bot.store.connection import Connection


async def record_card(conn: Connection, ticket_id: int, chat_id: str, outbox_id: int) -> None:
    await conn.execute(
        "INSERT INTO ticket_cards (ticket_id, chat_id, outbox_id) VALUES (?, ?, ?) "
        "ON CONFLICT (ticket_id, chat_id) DO UPDATE SET outbox_id = excluded.outbox_id",
        (ticket_id, chat_id, outbox_id),
    )


async def card_sent(conn: Connection, ticket_id: int, chat_id: str, message_id: str | None) -> None:
    await conn.execute(
        "UPDATE ticket_cards SET message_id = ? WHERE ticket_id = ? AND chat_id = ?",
        (message_id, ticket_id, chat_id),
    )


async def ticket_of_message(conn: Connection, chat_id: str, message_id: str) -> int | None:
    """The ticket a bot message in this group belongs to (a card, a prompt, a relay)."""
    async with conn.execute(
        "SELECT ticket_id FROM outbox WHERE chat_id = ? AND external_id = ? "
        "AND ticket_id IS NOT NULL ORDER BY id DESC LIMIT 1",
        (chat_id, message_id),
    ) as cur:
        row = await cur.fetchone()
    if row is not None:
        return int(row[0])
    async with conn.execute(
        "SELECT ticket_id FROM ticket_cards WHERE chat_id = ? AND message_id = ?",
        (chat_id, message_id),
    ) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else None


async def cards_of(conn: Connection, ticket_id: int) -> list[tuple[str, str | None]]:
    """(chat_id, message_id) of every card of this ticket."""
    async with conn.execute(
        "SELECT chat_id, message_id FROM ticket_cards WHERE ticket_id = ? ORDER BY chat_id",
        (ticket_id,),
    ) as cur:
        return [(str(r[0]), r[1]) for r in await cur.fetchall()]


async def drop_cards(conn: Connection, ticket_id: int) -> None:
    """Forget the ticket's cards (after a transfer: the old group's card is frozen)."""
    await conn.execute("DELETE FROM ticket_cards WHERE ticket_id = ?", (ticket_id,))
