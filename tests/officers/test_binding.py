"""bot/officers/binding.py with only the parts it takes (no runtime): a code is the same
however it is typed; a moved chat's open tickets get a fresh card through card delivery
and a repeated move posts nothing; a group the bot was removed from is unbound and its
Polda's supervisory group is told, through the staff groups alone. The stories with
Telegram's service messages are in test_group_follows_chat.py."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pytest

from bot.officers import binding
from bot.officers.card_delivery import CardDelivery
from bot.officers.groups import StaffGroups
from bot.routing.resolver import Router
from bot.store import citizens, staff
from bot.store import tickets as ticket_store
from bot.store.database import Database, open_store
from bot.tickets.reference import new_reference
from bot.tickets.status import TicketStatus
from bot.tickets.ticket import Ticket
from tests.officers.conftest import JAKSEL, POLDA

OLD, NEW, SUPERVISORS = "-4100000001", "-1004100000001", "-1001000000009"
T0 = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)


class PostedCards:
    """Card delivery as `chat_moved` uses it: `post_card`, recorded."""

    def __init__(self) -> None:
        self.posted: list[tuple[str, str, bool]] = []

    async def post_card(
        self, conn: Any, ticket: Ticket, chat_id: str, with_attachments: bool = True
    ) -> None:
        self.posted.append((ticket.reference, chat_id, with_attachments))


@pytest.fixture
async def db(tmp_path: Path, test_database: str | None) -> AsyncIterator[Database]:
    store = await open_store(test_database or "", tmp_path / "t.sqlite3").open()
    try:
        yield store
    finally:
        await store.close()


async def carded_ticket(db: Database, chat_id: str, status: TicketStatus | None = None) -> str:
    """A ticket of Jaksel whose card was delivered in `chat_id`."""
    reference = new_reference()
    async with db.transaction() as conn:
        person = await citizens.upsert(conn, "telegram", "5001", "5001", "id", None)
        ticket_id = await ticket_store.create(
            conn,
            reference=reference,
            citizen_id=person.id,
            fields={
                "category": "crime",
                "description": "motor dicuri",
                "timezone": "Asia/Jakarta",
                "contact": "chat",
                "locale": "id",
                "unit_id": JAKSEL,
                "polda_id": POLDA,
            },
            now=T0,
        )
        if status is not None:
            await ticket_store.add_event(
                conn, ticket_id, "status", at=T0, actor_kind="officer", status=status
            )
        await conn.execute(
            "INSERT INTO ticket_cards (ticket_id, chat_id, message_id) VALUES (?, ?, ?)",
            (ticket_id, chat_id, "17"),
        )
    return reference


@pytest.mark.parametrize("typed", ["abcde-fghjk", "ABCDEFGHJK", " abcde fghjk "])
def test_a_code_is_the_same_however_it_is_typed(typed: str) -> None:
    assert binding.code_hash(typed) == binding.code_hash("ABCDE-FGHJK")


async def test_a_moved_chats_open_tickets_get_a_fresh_card_once(db: Database) -> None:
    await staff.bind(db, OLD, JAKSEL)
    open_one = await carded_ticket(db, OLD)
    await carded_ticket(db, OLD, TicketStatus.REJECTED)
    cards = PostedCards()
    for _ in range(2):  # the send error and both service messages report the same move
        async with db.transaction() as conn:
            await binding.chat_moved(cast(CardDelivery, cards), conn, OLD, NEW)
    assert cards.posted == [(open_one, NEW, False)]  # no pin or files again
    groups = await staff.all_groups(db)
    assert [(g.chat_id, g.unit_id) for g in groups] == [(NEW, JAKSEL)]


async def test_a_group_the_bot_left_is_unbound_and_its_supervisors_told(
    db: Database, router: Router
) -> None:
    await staff.bind(db, OLD, JAKSEL)
    await staff.bind(db, SUPERVISORS, POLDA, "supervisor")
    async with db.transaction() as conn:
        await binding.chat_gone(StaffGroups(router.table), conn, OLD, "bot kicked", ("9", "Budi"))
    rows = await db.fetchall("SELECT chat_id, payload FROM outbox")
    assert [r[0] for r in rows] == [SUPERVISORS]
    assert "Polres Metro Jakarta Selatan" in rows[0][1] and "/daftar" in rows[0][1]
    logged = await db.fetchall("SELECT user_id, action, outcome FROM staff_log")
    assert [tuple(r) for r in logged] == [("9", "bot removed", f"unbound:{JAKSEL}")]
    unbound = await db.fetchall("SELECT unbound_at FROM staff_groups WHERE chat_id = ?", (OLD,))
    assert unbound[0][0] is not None
