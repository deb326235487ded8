"""New tickets reach the staff groups: a card each, or a digest line when the group is
busy; the deadlines start when the ticket is filed; a newly bound group gets the unit's
tickets still waiting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from bot.officers import deadlines
from bot.officers.card_delivery import CardDelivery
from bot.officers.digests import Digests
from bot.officers.groups import StaffGroups
from bot.settings import Settings
from bot.store import outbox as outbox_store
from bot.store import tickets as ticket_store
from bot.store.connection import Connection
from bot.tickets.ticket import Ticket
from flows.context import SubmitComplaint


class Distribution:
    """Where a new ticket's card goes, and whether as a card or a digest line."""

    def __init__(
        self,
        settings: Settings,
        clock: Callable[[], datetime],
        groups: StaffGroups,
        cards: CardDelivery,
        digests: Digests,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.groups = groups
        self.cards = cards
        self.digests = digests

    async def on_ticket_created(
        self, conn: Connection, ticket: Ticket, action: SubmitComplaint
    ) -> None:
        """Dispatcher hook, inside the ticket's own transaction; `ticket` as the
        transaction wrote it (not read back: session 36)."""
        ticket_id = ticket.id
        priority = deadlines.priority_of(ticket.category)
        if priority != ticket.priority and ticket.priority != "urgent":  # urgent: triage
            await ticket_store.update(conn, ticket_id, now=self.clock(), priority=priority)
            ticket = replace(ticket, priority=priority)
        await deadlines.start(
            conn, self.settings, ticket_id, ticket.category, self.clock(), kind=ticket.kind
        )
        await self.distribute(conn, ticket)

    async def distribute(self, conn: Connection, ticket: Ticket) -> None:
        """A card (or a digest line when the group is busy) in each of the ticket's groups.
        `ticket` is as it is now in this transaction (the caller read it)."""
        # each group read with its count of cards waiting (one statement for the unit's
        # groups): posting to one group does not change another's count
        for group, waiting in await self.groups.groups_waiting_for(conn, ticket):
            if waiting >= self.settings.digest_after and ticket.priority != "urgent":
                await self.digests.add(conn, ticket.id, group.chat_id)
            else:
                await self.cards.post_card(conn, ticket, group.chat_id)

    async def on_group_bound(self, conn: Connection, chat_id: str, unit_id: str) -> int:
        """A group was bound: the unit's tickets still waiting ("received") get cards."""
        backlog = []
        for ticket_id in await ticket_store.received_backlog(conn, unit_id):
            ticket = await ticket_store.get(conn, ticket_id)
            # a PPA group takes only sensitive cases, the unit's other groups the rest
            if ticket is not None and chat_id in {
                g.chat_id for g in await self.groups.groups_for(conn, ticket)
            }:
                backlog.append(ticket)
        for ticket in backlog:
            if await outbox_store.waiting_cards(conn, chat_id) >= self.settings.digest_after:
                await self.digests.add(conn, ticket.id, chat_id)
            else:
                await self.cards.post_card(conn, ticket, chat_id)
        return len(backlog)
