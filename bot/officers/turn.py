"""One staff event being handled inside its transaction: `Turn`, and `Refused`.

The handler (bot/officers/handler.py) opens the transaction, builds the `Turn` and hands
it to a staff command (bot/officers/commands/), a text follow-up
(bot/officers/follow_ups.py) or a card action (bot/officers/card_actions/). A `Turn` carries
what every action needs: the connection of that transaction, the staff group, the event,
the officer (id, name, role) and the `Officers` assembly (an action uses the part it
needs: `o.groups`, `o.notices`, `o.cards`, `o.distribution`); it collects the answer shown
on the officer's screen (`answer`, `alert`) and the inbox outcome. Its two helpers write the
officer's ticket event and ask the officer for a text (ForceReply), so that the action
modules need no reference to the handler.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from bot.channels.base import StaffEvent
from bot.officers.pending import PendingKind
from bot.officers.service import Officers
from bot.store import staff_groups, staff_pending
from bot.store import tickets as ticket_store
from bot.store.connection import Connection
from bot.tickets.status import TicketStatus
from bot.tickets.ticket import Ticket


class Refused(Exception):
    """The action is not allowed; the message is shown to the officer (alert)."""


@dataclass
class Turn:
    """One staff event being handled inside its transaction."""

    o: Officers
    conn: Connection
    group: staff_groups.StaffGroup
    event: StaffEvent
    user_id: str
    user_name: str
    role: str
    answer: str = ""
    alert: bool = False
    outcome: str = "ok"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def supervisor(self) -> bool:
        return self.role == "supervisor" or self.group.role == "supervisor"

    @property
    def mention(self) -> str:
        return f'<a href="tg://user?id={self.user_id}">{html.escape(self.user_name)}</a>'

    def gettext(self, message: str) -> str:
        """Officer-facing text, in the staff locale."""
        return self.o.tr.gettext(message)

    async def record(
        self, ticket_id: int, kind: str, status: TicketStatus | None = None, **detail: Any
    ) -> None:
        """A ticket event under this officer's id and name, with the group's chat id, at
        the officers' clock."""
        await ticket_store.add_event(
            self.conn,
            ticket_id,
            kind,
            at=self.o.clock(),
            actor_kind="officer",
            status=status,
            actor_id=self.user_id,
            actor_name=self.user_name,
            detail={"chat_id": self.group.chat_id, **detail},
        )

    async def ask(
        self, ticket: Ticket, kind: PendingKind, text: str, arg: str | None = None
    ) -> None:
        """Remember what the officer is asked to type (its follow-up is bot/officers/
        follow_ups.py) and ask for it (ForceReply)."""
        await staff_pending.set_pending(
            self.conn, self.group.chat_id, self.user_id, kind.value, ticket.id, arg
        )
        await self.o.groups.group_message(
            self.conn,
            self.group.chat_id,
            f"{self.mention}, {text}",
            ticket_id=ticket.id,
            force_reply=True,
        )
