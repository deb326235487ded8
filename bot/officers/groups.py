"""Staff groups as the officers' side sees them: the units they are bound to, which
groups a ticket's messages go to, and how a message is written into a group.

`StaffGroups` needs only the routing table (units and their Polda) and the channel the
staff groups are on. Every message it writes is an outbox row in the caller's
transaction (invariant 2), in the group's forum topic when it chose one. Officer-facing
text is Indonesian (`STAFF_LOCALE`). Binding a group with a code is bot/officers/binding.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from bot.channels.base import StaffEvent
from bot.i18n import translator
from bot.officers.actions import Button
from bot.officers.sensitive import sensitive_case
from bot.outbox.messages import Card, Edit, StaffMessage, ToGroup, keyboard
from bot.routing.table import RoutingTable
from bot.store import outbox as outbox_store
from bot.store import staff_groups, ticket_cards
from bot.store.connection import Connection
from bot.tickets.ticket import Ticket

STAFF_LOCALE = "id"


@dataclass(frozen=True, slots=True)
class UnitInfo:
    id: str
    name: str
    kind: str
    polda_id: str
    polda_name: str
    timezone: str


class StaffGroups:
    """Units, the groups a ticket goes to, and messages written into them."""

    def __init__(self, table: RoutingTable, channel: str = "telegram") -> None:
        self.table = table
        self.channel = channel
        self.tr = translator(STAFF_LOCALE)

    def unit(self, unit_id: str | None) -> UnitInfo | None:
        unit = self.table.unit(unit_id) if unit_id else None
        if unit is None:
            return None
        polda = self.table.unit(unit.polda_id)
        return UnitInfo(
            unit.id,
            unit.name,
            unit.kind,
            unit.polda_id,
            polda.name if polda else unit.polda_id,
            unit.timezone,
        )

    def unit_name(self, unit_id: str | None) -> str:
        unit = self.unit(unit_id)
        return unit.name if unit else (unit_id or "-")

    @staticmethod
    def scope_of(group: staff_groups.StaffGroup) -> tuple[str, str]:
        return ("polda", group.unit_id) if group.role == "supervisor" else ("unit", group.unit_id)

    @staticmethod
    def in_scope(group: staff_groups.StaffGroup, ticket: Ticket) -> bool:
        if group.role == "supervisor":
            return ticket.polda_id == group.unit_id
        return ticket.unit_id == group.unit_id

    async def groups_for(self, conn: Connection, ticket: Ticket) -> list[staff_groups.StaffGroup]:
        """Where the ticket's cards go: its unit's groups; Propam cases also to the Polda's
        supervisory groups. A unit with a PPA group (role "ppa", women and children
        protection) gets its sensitive cases there only, and the rest in its other
        groups; without one, everything goes to the unit's groups."""
        if ticket.unit_id is None:
            return []
        bound = await staff_groups.groups_for_unit(conn, ticket.unit_id)
        groups = self._chosen(bound, ticket)
        if self._to_supervisors(ticket):
            groups += await staff_groups.supervisor_groups(conn, ticket.polda_id or "")
        return groups

    async def groups_waiting_for(
        self, conn: Connection, ticket: Ticket
    ) -> list[tuple[staff_groups.StaffGroup, int]]:
        """`groups_for`, each group with its cards and digests not delivered yet
        (`outbox.waiting_cards`): the unit's groups and their counts in one statement."""
        if ticket.unit_id is None:
            return []
        counted = await staff_groups.groups_for_unit_waiting(conn, ticket.unit_id)
        waiting = {g.chat_id: n for g, n in counted}
        found = [(g, waiting[g.chat_id]) for g in self._chosen([g for g, _ in counted], ticket)]
        if self._to_supervisors(ticket):
            for g in await staff_groups.supervisor_groups(conn, ticket.polda_id or ""):
                found.append((g, await outbox_store.waiting_cards(conn, g.chat_id)))
        return found

    @staticmethod
    def _chosen(
        bound: list[staff_groups.StaffGroup], ticket: Ticket
    ) -> list[staff_groups.StaffGroup]:
        """Of the unit's bound groups, those that take this ticket (`groups_for`)."""
        ppa = [g for g in bound if g.role == "ppa"]
        return ppa if ppa and sensitive_case(ticket) else [g for g in bound if g.role != "ppa"]

    def _to_supervisors(self, ticket: Ticket) -> bool:
        """A Propam case goes to its Polda's supervisory groups too (`groups_for`)."""
        unit = self.unit(ticket.unit_id)
        return unit is not None and unit.kind == "propam" and bool(ticket.polda_id)

    async def edit(
        self,
        conn: Connection,
        chat_id: str,
        message_id: str,
        card: Card,
        ticket_id: int,
    ) -> None:
        """Edit a card already delivered in a group (brought up to date, or frozen when its
        ticket moves to another unit)."""
        await outbox_store.enqueue(
            conn,
            channel=self.channel,
            chat_id=chat_id,
            message=Edit(
                int(message_id),
                card.text,
                buttons=card.buttons,
                html=card.html,
                ticket_id=card.ticket_id,
            ),
            ticket_id=ticket_id,
        )

    async def post(
        self,
        conn: Connection,
        chat_id: str,
        message: ToGroup,
        *,
        answering: StaffEvent | None = None,
        ticket_id: int | None = None,
        priority: int = 0,
        not_before: datetime | None = None,
    ) -> int:
        """A row for a staff group, in the right forum topic: the topic of the message it
        answers (an answer stays where the officer wrote), otherwise the topic the group
        chose with /topik for its cards (`thread_id`, sent as message_thread_id,
        https://core.telegram.org/bots/api#sendmessage). No topic: the main chat."""
        thread = await self.topic(conn, chat_id, answering)
        if thread is not None:
            message = replace(message, thread_id=thread)
        return await outbox_store.enqueue(
            conn,
            channel=self.channel,
            chat_id=chat_id,
            message=message,
            ticket_id=ticket_id,
            priority=priority,
            not_before=not_before,
        )

    async def topic(
        self, conn: Connection, chat_id: str, answering: StaffEvent | None = None
    ) -> int | None:
        """The forum topic a message to the group goes to (see `post`)."""
        if answering is not None:
            thread = answering.extra.get("thread")
        else:
            thread = await staff_groups.topic_of(conn, chat_id)
        return None if thread is None else int(thread)

    async def group_message(
        self,
        conn: Connection,
        chat_id: str,
        text: str,
        *,
        ticket_id: int | None = None,
        reply_to: str | None = None,
        buttons: Iterable[Iterable[Button]] | None = None,
        force_reply: bool = False,
        answering: StaffEvent | None = None,
    ) -> int:
        """An HTML message in a staff group. `answering`: the officer's message it answers
        (replied to, in that message's topic); otherwise it goes to the group's topic."""
        if answering is not None and answering.message_id:
            reply_to = reply_to or answering.message_id
        message = StaffMessage(
            text,
            buttons=keyboard(buttons),
            reply_to=int(reply_to) if reply_to else None,
            force_reply=force_reply,
        )
        return await self.post(conn, chat_id, message, answering=answering, ticket_id=ticket_id)

    async def card_message_id(self, conn: Connection, ticket_id: int, chat_id: str) -> str | None:
        return dict(await ticket_cards.cards_of(conn, ticket_id)).get(chat_id)

    async def to_ticket_groups(self, conn: Connection, ticket: Ticket, text: str) -> None:
        """A message in each of the ticket's groups, as a reply to its card there."""
        for group in await self.groups_for(conn, ticket):
            reply_to = await self.card_message_id(conn, ticket.id, group.chat_id)
            await self.group_message(
                conn, group.chat_id, text, ticket_id=ticket.id, reply_to=reply_to
            )
