"""bot/officers/binding.py with only the parts it takes (no runtime): a code is the same
however it is typed; a moved chat's open tickets get a fresh card through card delivery
and a repeated move posts nothing; a group the bot was removed from is unbound and its
Polda's supervisory group is told, through the staff groups alone. The stories with
Telegram's service messages are in test_group_follows_chat.py."""

from __future__ import annotations

from typing import Any, cast

import pytest

from bot.officers import binding
from bot.officers.card_delivery import CardDelivery
from bot.officers.groups import StaffGroups
from bot.routing.resolver import Router
from bot.store import staff_groups
from bot.store import tickets as ticket_store
from bot.store.database import Database
from bot.tickets.status import TicketStatus
from bot.tickets.ticket import Ticket
from tests.officers.conftest import JAKSEL, POLDA, STORED_AT, stored_ticket

OLD, NEW, SUPERVISORS = "-4100000001", "-1004100000001", "-1001000000009"


class PostedCards:
    """Card delivery as `chat_moved` uses it: `post_card`, recorded."""

    def __init__(self) -> None:
        self.posted: list[tuple[str, str, bool]] = []

    async def post_card(
        self, conn: Any, ticket: Ticket, chat_id: str, with_attachments: bool = True
    ) -> None:
        self.posted.append((ticket.reference, chat_id, with_attachments))


async def carded_ticket(db: Database, chat_id: str, status: TicketStatus | None = None) -> str:
    """A ticket of Jaksel whose card was delivered in `chat_id`."""
    async with db.transaction() as conn:
        ticket_id, reference = await stored_ticket(conn)
        if status is not None:
            await ticket_store.add_event(
                conn, ticket_id, "status", at=STORED_AT, actor_kind="officer", status=status
            )
        await conn.execute(
            "INSERT INTO ticket_cards (ticket_id, chat_id, message_id) VALUES (?, ?, ?)",
            (ticket_id, chat_id, "17"),
        )
    return reference


@pytest.mark.parametrize("typed", ["abcde-fghjk", "ABCDEFGHJK", " abcde fghjk "])
def test_a_code_is_the_same_however_it_is_typed(typed: str) -> None:
    assert binding.code_hash(typed) == binding.code_hash("ABCDE-FGHJK")


async def test_a_moved_chats_open_tickets_get_a_fresh_card_once(store: Database) -> None:
    await staff_groups.bind(store, OLD, JAKSEL)
    open_one = await carded_ticket(store, OLD)
    await carded_ticket(store, OLD, TicketStatus.REJECTED)
    cards = PostedCards()
    for _ in range(2):  # the send error and both service messages report the same move
        async with store.transaction() as conn:
            await binding.chat_moved(cast(CardDelivery, cards), conn, OLD, NEW)
    assert cards.posted == [(open_one, NEW, False)]  # no pin or files again
    groups = await staff_groups.all_groups(store)
    assert [(g.chat_id, g.unit_id) for g in groups] == [(NEW, JAKSEL)]


async def test_a_group_the_bot_left_is_unbound_and_its_supervisors_told(
    store: Database, router: Router
) -> None:
    await staff_groups.bind(store, OLD, JAKSEL)
    await staff_groups.bind(store, SUPERVISORS, POLDA, "supervisor")
    async with store.transaction() as conn:
        await binding.chat_gone(StaffGroups(router.table), conn, OLD, "bot kicked", ("9", "Budi"))
    rows = await store.fetchall("SELECT chat_id, payload FROM outbox")
    assert [r[0] for r in rows] == [SUPERVISORS]
    assert "Polres Metro Jakarta Selatan" in rows[0][1] and "/daftar" in rows[0][1]
    logged = await store.fetchall("SELECT user_id, action, outcome FROM staff_log")
    assert [tuple(r) for r in logged] == [("9", "bot removed", f"unbound:{JAKSEL}")]
    unbound = await store.fetchall("SELECT unbound_at FROM staff_groups WHERE chat_id = ?", (OLD,))
    assert unbound[0][0] is not None
