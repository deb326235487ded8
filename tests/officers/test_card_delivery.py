"""bot/officers/card_delivery.py: `acts_on_sent` names exactly the rows whose `on_sent`
hook touches the store. The outbox sender calls the hook only for those, and commits the
other rows' "sent" marks without a transaction of their own (bench/README.md "Session
37"): a row the hook writes for but `acts_on_sent` left out would lose that write."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.outbox.messages import (
    AlbumItem,
    CallbackAnswer,
    Card,
    CitizenReply,
    Digest,
    Edit,
    Location,
    MediaGroup,
    MediaItem,
    Outgoing,
    StaffMessage,
)
from bot.store.connection import Connection
from bot.store.outbox import OutboxRow
from flows.events import Reply
from tests.harness import Harness, stored_ticket
from tests.officers.conftest import GROUP, JAKSEL, POLDA


class _Noting:
    """A connection that notes whether the hook used it (any attribute)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self.used = False

    def __getattr__(self, name: str) -> Any:
        self.used = True
        return getattr(self._conn, name)


def _messages(ticket_id: int) -> list[tuple[Outgoing, int | None]]:
    """One message of every kind, with the outbox row's ticket id."""
    return [
        (Card("card", ticket_id), ticket_id),
        (Card("card of no row's ticket", ticket_id), None),
        (Digest("digest", ticket_ids=(ticket_id,)), None),
        (CitizenReply(Reply("hai"), "id", notice="ticket_update", ticket_id=ticket_id), ticket_id),
        (CallbackAnswer("cb1", "ok"), None),
        (StaffMessage("pesan"), ticket_id),
        (Edit(7, "card again", ticket_id=ticket_id), ticket_id),
        (Location(-6.2, 106.8), None),
        (MediaItem("photo", "F1"), ticket_id),
        (MediaGroup((AlbumItem("photo", "F1"), AlbumItem("photo", "F2"))), None),
    ]


@pytest.mark.parametrize("index", range(10))
async def test_the_hook_touches_the_store_exactly_for_the_rows_it_acts_on(
    harness: Harness, index: int
) -> None:
    at = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    async with harness.db.transaction() as conn:
        ticket_id, _ = await stored_ticket(conn, unit=JAKSEL, polda=POLDA, at=at)
    message, row_ticket = _messages(ticket_id)[index]
    row = OutboxRow(1, "telegram", str(GROUP), message, row_ticket, "x", "sending", 1)
    cards = harness.runtime.officers.cards
    async with harness.db.transaction() as conn:
        noting = _Noting(conn)
        await cards.on_sent(noting, row, "501")  # type: ignore[arg-type]
    assert noting.used == cards.acts_on_sent(row)
    assert cards.acts_on_sent(row) == (index in (0, 2))
