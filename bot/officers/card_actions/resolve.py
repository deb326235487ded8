"""Resolve: "Resolve" asks for the closing note, and the note closes the ticket (the
deadlines end, the citizen gets the note and, on chat, the "was it solved?" question)."""

from __future__ import annotations

import html
from typing import Any

from bot.officers import deadlines
from bot.officers.actions import Verb
from bot.officers.card_actions.preconditions import CardHandler, Needs, Press
from bot.officers.notices import solved_question
from bot.officers.pending import PendingKind
from bot.officers.turn import Turn
from bot.store import staff_pending
from bot.store import tickets as ticket_store
from bot.tickets.status import TicketStatus
from bot.tickets.ticket import Ticket
from flows.events import Reply


async def ask_note(press: Press) -> None:
    turn, ticket = press.turn, press.ticket
    _ = turn.gettext
    await turn.ask(
        ticket,
        PendingKind.RESOLVE,
        _(
            "write the closing note for {reference} (what was done); the citizen will "
            "see it. Reply to this message."
        ).format(reference=html.escape(ticket.reference)),
    )
    turn.answer = _("Write the closing note.")


async def resolve(turn: Turn, ticket: Ticket, note: str) -> None:
    o, conn = turn.o, turn.conn
    now = o.clock()
    values: dict[str, Any] = {
        "resolved_at": now,
        "closing_note": note[:2000],
        "feedback_state": "confirm" if ticket.contact == "chat" else None,
    }
    if ticket.holder_id is None:
        values.update(holder_id=turn.user_id, holder_name=turn.user_name, claimed_at=now)
    await ticket_store.update(conn, ticket.id, now=now, **values)
    await turn.record(ticket.id, "status", TicketStatus.RESOLVED, note=note[:2000])
    await deadlines.finish(conn, ticket.id, "claim", now)
    await deadlines.finish(conn, ticket.id, "resolve", now)
    await staff_pending.clear_pending(conn, turn.group.chat_id, turn.user_id)
    await o.cards.refresh_cards(conn, ticket.id)
    citizen, tr = await o.notices.citizen_translator(conn, ticket)
    text = tr.gettext("Your complaint {reference} has been resolved by {unit}.").format(
        reference=ticket.reference, unit=o.groups.unit_name(ticket.unit_id)
    )
    text += "\n\n" + tr.gettext("Officer's note: {note}").format(note=note.strip())
    await o.notices.notify(conn, ticket, Reply(text), "ticket_update", citizen, tr)
    if ticket.contact == "chat":
        await o.notices.notify(
            conn, ticket, solved_question(tr, ticket), "ticket_update", citizen, tr
        )
    await o.groups.group_message(
        conn,
        turn.group.chat_id,
        o.tr.gettext("✅ {reference} resolved by {name}.").format(
            reference=html.escape(ticket.reference), name=html.escape(turn.user_name)
        ),
        ticket_id=ticket.id,
        reply_to=await o.groups.card_message_id(conn, ticket.id, turn.group.chat_id),
    )


ACTIONS = (CardHandler(Verb.RESOLVE, ask_note, Needs(holder=True)),)
