"""What the staff groups see when a deadline nears or passes: a reminder in the ticket's
groups, and at the deadline an escalation to the Polda's supervisory groups (with a
button to show the card) and the ticket's own groups. When each fires is
bot/officers/deadlines.py."""

from __future__ import annotations

import html
import logging
from datetime import datetime

from bot.officers.actions import Verb, button
from bot.officers.deadlines import due_time
from bot.officers.groups import StaffGroups
from bot.store import staff_groups, ticket_deadlines
from bot.store import tickets as ticket_store
from bot.store.connection import Connection

log = logging.getLogger(__name__)


class Escalation:
    """Reminders and escalations of a ticket's claim and resolve deadlines."""

    def __init__(self, groups: StaffGroups) -> None:
        self.groups = groups

    async def on_deadline(
        self, conn: Connection, deadline: ticket_deadlines.Deadline, what: str, now: datetime
    ) -> None:
        ticket = await ticket_store.get(conn, deadline.ticket_id)
        if ticket is None or not ticket.is_open:
            return
        _ = self.groups.tr.gettext
        when = self.groups.tr.format_datetime(due_time(deadline), ticket.timezone)
        unit = self.groups.unit_name(ticket.unit_id)
        if deadline.kind == "claim":
            remind = _("⏰ Reminder: {reference} has not been claimed yet. Deadline: {when}.")
            late = _("⚠️ Escalation: {reference} ({unit}) was not claimed by its deadline ({when}).")
        else:
            remind = _("⏰ Reminder: {reference} must be resolved by {when}.")
            late = _(
                "⚠️ Escalation: {reference} ({unit}) was not resolved by its deadline ({when})."
            )
        if what == "remind":
            await self.groups.to_ticket_groups(
                conn, ticket, remind.format(reference=html.escape(ticket.reference), when=when)
            )
            return
        await ticket_store.add_event(
            conn,
            ticket.id,
            "escalated",
            at=now,
            actor_kind="system",
            detail={"deadline": deadline.kind},
        )
        text = late.format(
            reference=html.escape(ticket.reference), unit=html.escape(unit), when=when
        )
        if ticket.holder_name:
            text += "\n" + _("Held by: {name}").format(name=html.escape(ticket.holder_name))
        supervisors = await staff_groups.supervisor_groups(conn, ticket.polda_id or "")
        for group in supervisors:
            await self.groups.group_message(
                conn,
                group.chat_id,
                text,
                ticket_id=ticket.id,
                buttons=[[button(_("Show card"), Verb.CARD, ticket.id)]],
            )
        if not supervisors:
            log.warning(
                "ticket %s is late but %s has no supervisory group",
                ticket.reference,
                ticket.polda_id,
            )
        await self.groups.to_ticket_groups(conn, ticket, text)
