"""`/tiket NUMBER`: a ticket of the area in detail (its whole card) and its history,
newest events first. An unclaimed sensitive case's written words stay hidden
(SENSITIVE_MARKER); when the reporter's details are shown the view is audited. A long
answer goes out in numbered parts (nothing is cut here)."""

from __future__ import annotations

import html
import json

from bot.officers.card_delivery import CardDelivery
from bot.officers.cards import render_card
from bot.officers.commands.preconditions import Command, CommandNeeds, StaffCommand
from bot.officers.sensitive import SENSITIVE_MARKER, hidden_details
from bot.store import tickets as ticket_store
from bot.store.connection import Connection
from bot.tickets.ticket import Ticket
from flows.status import status_label
from flows.texts import N_

EVENT_LABELS = {
    "message_in": N_("message from the citizen"),
    "message_out": N_("reply to the citizen"),
    "claimed": N_("claimed"),
    "escalated": N_("escalated"),
    "feedback": N_("citizen's answer"),
    "rating": N_("rating"),
    "rating_comment": N_("comment"),
    "refused": N_("refused attempt"),
}


async def ticket_text(cards: CardDelivery, conn: Connection, ticket: Ticket) -> str:
    tr, e = cards.groups.tr, html.escape
    card = await cards.card_data(conn, ticket)
    # The whole description and every event, newest first: the outbox sends a long text
    # in numbered parts (bot/channels/telegram/split.py), nothing is cut here.
    lines = [render_card(tr, card, whole=True), "", tr.gettext("<b>History</b>")]
    # an unclaimed sensitive case: what the citizen and officers wrote stays hidden too
    hidden = hidden_details(ticket)
    for event in reversed(await ticket_store.events_in(conn, ticket.id)):
        when = tr.format_datetime(event.at, ticket.timezone)
        what = (
            status_label(tr, event.status)
            if event.kind == "status" and event.status
            else tr.gettext(EVENT_LABELS.get(event.kind, event.kind))
        )
        actor = f" – {e(event.actor_name)}" if event.actor_name else ""
        detail = ""
        if event.detail:
            data = json.loads(event.detail)
            note = data.get("text") or data.get("note") or data.get("reason")
            if isinstance(note, str) and note and hidden and event.kind != "status":
                detail = f": {e(tr.gettext(SENSITIVE_MARKER))}"
            elif isinstance(note, str) and note:
                detail = f": “{e(note)}”"
            elif "rating" in data:
                detail = f": {data['rating']}/5"
        lines.append(f"• {e(when)} – {e(what)}{actor}{detail}")
    return "\n".join(lines)


async def show_ticket(command: Command) -> None:
    turn, ticket = command.turn, command.ticket
    text = await ticket_text(turn.o.cards, turn.conn, ticket)
    if not hidden_details(ticket):  # the reporter's details were shown: audited
        await turn.record(ticket.id, "details_viewed", via="/tiket")
    await command.say(text, ticket_id=ticket.id)


COMMANDS = (
    StaffCommand(
        ("tiket",),
        show_ticket,
        CommandNeeds(ticket=True),
        usage=N_("Usage: /tiket NUMBER, e.g. /tiket DMS-K7QM-XP4C"),
        unknown=N_("No ticket {reference} in this group's area."),
    ),
)
