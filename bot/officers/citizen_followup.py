"""The citizen's follow-up on a ticket, as the officers see it: the tickets a citizen
may follow up, their messages and files passed to the groups, the "is it solved?" answer,
the rating and its comment, and reopening.

Each effect is written in the follow-up flow's transaction (invariant 2); a citizen acts
only on their own tickets (invariant 4).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from bot.officers import deadlines
from bot.officers.card_delivery import CardDelivery
from bot.officers.groups import StaffGroups
from bot.officers.sensitive import SENSITIVE_MARKER, hidden_details
from bot.outbox.messages import MediaItem
from bot.settings import Settings
from bot.store import citizens
from bot.store import tickets as ticket_store
from bot.store.connection import Connection
from bot.tickets.status import TicketStatus
from bot.tickets.ticket import Ticket
from flows.context import AttachMessage, FollowupTicket, TicketFeedback


class CitizenFollowup:
    """What the citizen's follow-up changes on the officers' side."""

    def __init__(
        self,
        settings: Settings,
        clock: Callable[[], datetime],
        groups: StaffGroups,
        cards: CardDelivery,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.groups = groups
        self.cards = cards

    def followup_tickets(self, rows: Sequence[Ticket]) -> tuple[FollowupTicket, ...]:
        """The follow-up flow's view of the citizen's open and recently resolved tickets
        (`ticket_store.complaint_start`'s, read by the dispatcher with the complaint's
        other start reads)."""
        return tuple(
            FollowupTicket(
                id=t.id,
                reference=t.reference,
                status=t.status,
                contact=t.contact,
                feedback_state=t.feedback_state,
                resolved_at=t.resolved_at,
                unit_name=self.groups.unit_name(t.unit_id),
            )
            for t in rows
        )

    async def on_followup(
        self, conn: Connection, citizen: citizens.Citizen, action: AttachMessage | TicketFeedback
    ) -> None:
        """Dispatcher hook for the follow-up flow's actions (inside its transaction)."""
        ticket = await ticket_store.get(conn, action.ticket_id)
        if ticket is None or ticket.citizen_id != citizen.id:  # invariant 4
            return
        _ = self.groups.tr.gettext
        e = html.escape
        if isinstance(action, AttachMessage):
            hidden = hidden_details(ticket)
            detail: dict[str, Any] = {"text": action.text, "media": action.media_kind}
            resendable = bool(
                action.file_ref and action.media_kind and citizen.channel == "telegram"
            )
            if hidden and resendable:  # posted to the group when an officer claims
                detail["held_file"] = [action.media_kind, action.file_ref]
            await ticket_store.add_event(
                conn,
                ticket.id,
                "message_in",
                at=self.clock(),
                actor_kind="citizen",
                actor_id=str(citizen.id),
                detail=detail,
            )
            if action.reopen:
                await self.reopen(conn, ticket, "message")
            header = _("💬 Message from the citizen about {reference}:").format(
                reference=e(ticket.reference)
            )
            if hidden:  # a sensitive case: the whole group would read it
                body = _(SENSITIVE_MARKER)
            elif action.text:
                body = e(action.text)
            else:
                body = _("(a file, without text)")
            await self.groups.to_ticket_groups(conn, ticket, header + "\n\n" + body)
            if resendable and not hidden:
                assert action.media_kind and action.file_ref  # as `resendable` checked
                for group in await self.groups.groups_for(conn, ticket):
                    await self.groups.post(
                        conn,
                        group.chat_id,
                        MediaItem(
                            action.media_kind,
                            action.file_ref,
                            ticket.reference,
                            reply_to=_int(
                                await self.groups.card_message_id(conn, ticket.id, group.chat_id)
                            ),
                        ),
                        ticket_id=ticket.id,
                    )
            return
        kind, value = action.kind, action.value
        if kind == "confirmed":
            await ticket_store.update(conn, ticket.id, now=self.clock(), feedback_state="rating")
            await self._citizen_event(conn, ticket.id, citizen.id, "feedback", {"solved": True})
            await self.groups.to_ticket_groups(
                conn,
                ticket,
                _("✅ The citizen confirmed that {reference} is solved.").format(
                    reference=ticket.reference
                ),
            )
        elif kind == "reopen":
            await self._citizen_event(conn, ticket.id, citizen.id, "feedback", {"solved": False})
            await self.reopen(conn, ticket, "not_solved")
        elif kind == "rating":
            await ticket_store.update(
                conn, ticket.id, now=self.clock(), rating=int(value), feedback_state="comment"
            )
            await self._citizen_event(conn, ticket.id, citizen.id, "rating", {"rating": int(value)})
        elif kind in ("comment", "skip_comment"):
            await ticket_store.update(
                conn,
                ticket.id,
                now=self.clock(),
                feedback_state="done",
                rating_comment=value or None,
            )
            if value:
                await self._citizen_event(
                    conn, ticket.id, citizen.id, "rating_comment", {"text": value}
                )
            if ticket.rating is not None:
                await self.groups.to_ticket_groups(
                    conn,
                    ticket,
                    _(
                        "⭐ The citizen rated the handling of {reference}: {stars}/5{comment}"
                    ).format(
                        reference=ticket.reference,
                        stars=ticket.rating,
                        comment=f" – “{e(value)}”" if value else "",
                    ),
                )

    async def _citizen_event(
        self, conn: Connection, ticket_id: int, citizen_id: int, kind: str, detail: dict[str, Any]
    ) -> None:
        """What the citizen answered about their closed ticket, in its history."""
        await ticket_store.add_event(
            conn,
            ticket_id,
            kind,
            at=self.clock(),
            actor_kind="citizen",
            actor_id=str(citizen_id),
            detail=detail,
        )

    async def reopen(self, conn: Connection, ticket: Ticket, why: str) -> None:
        await ticket_store.add_event(
            conn,
            ticket.id,
            "status",
            at=self.clock(),
            actor_kind="citizen",
            actor_id=str(ticket.citizen_id),
            status=TicketStatus.REOPENED,
            detail={"reason": why},
        )
        await ticket_store.update(
            conn, ticket.id, now=self.clock(), feedback_state=None, resolved_at=None
        )
        await deadlines.start(
            conn, self.settings, ticket.id, ticket.category, self.clock(), kinds=("resolve",)
        )
        await self.cards.refresh_cards(conn, ticket.id)
        await self.groups.to_ticket_groups(
            conn,
            ticket,
            self.groups.tr.gettext(
                "🔁 The citizen reopened {reference}: the problem is not solved."
            ).format(reference=ticket.reference),
        )


def _int(value: str | None) -> int | None:
    return int(value) if value else None
