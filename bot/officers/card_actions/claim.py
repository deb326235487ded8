"""Claim: the officer takes the ticket (the claim deadline ends, the citizen is told who
handles it and by when); a sensitive case's details, pin and files are revealed to the
group by the claim, and the reveal is audited."""

from __future__ import annotations

from bot.officers import deadlines
from bot.officers.actions import Verb
from bot.officers.card_actions.preconditions import CardHandler, Needs, Press
from bot.officers.sensitive import hidden_details
from bot.officers.turn import Turn
from bot.store import ticket_deadlines
from bot.store import tickets as ticket_store
from bot.store.database import parse_iso
from bot.tickets.status import TicketStatus
from bot.tickets.ticket import Ticket
from flows.events import Reply


async def claim(turn: Turn, ticket: Ticket) -> None:
    _ = turn.gettext
    o, conn = turn.o, turn.conn
    if ticket.holder_id == turn.user_id:
        turn.answer = _("You already hold {reference}.").format(reference=ticket.reference)
        return
    now = o.clock()
    await ticket_store.update(
        conn,
        ticket.id,
        now=now,
        holder_id=turn.user_id,
        holder_name=turn.user_name,
        claimed_at=now,
    )
    await turn.record(ticket.id, "status", TicketStatus.IN_PROGRESS, action="claim")
    await deadlines.finish(conn, ticket.id, "claim", now)
    await o.cards.refresh_cards(conn, ticket.id)
    if hidden_details(ticket):
        # A sensitive case: the claim reveals the details (audited), pin and files follow.
        await turn.record(ticket.id, "details_viewed", via="claim")
        claimed = await ticket_store.get(conn, ticket.id)
        assert claimed is not None
        for group in await o.groups.groups_for(conn, claimed):
            await o.cards.post_attachments(conn, claimed, group.chat_id)
            await o.cards.post_held_files(conn, claimed, group.chat_id)
    turn.answer = _("You now hold {reference}.").format(reference=ticket.reference)
    due = (await ticket_deadlines.deadlines_of(conn, ticket.id)).get("resolve")
    citizen, tr = await o.notices.citizen_translator(conn, ticket)
    text = tr.gettext(
        "Your complaint {reference} is now being handled by an officer of {unit}."
    ).format(reference=ticket.reference, unit=o.groups.unit_name(ticket.unit_id))
    if due is not None:
        text += "\n" + tr.gettext("Expected response by {when}.").format(
            when=tr.format_datetime(parse_iso(due.due_at) or now, ticket.timezone)
        )
    await o.notices.notify(conn, ticket, Reply(text), "ticket_update", citizen, tr)


async def claim_pressed(press: Press) -> None:
    await claim(press.turn, press.ticket)


# held by someone else: refused (holding it already is answered by `claim`)
ACTIONS = (CardHandler(Verb.CLAIM, claim_pressed, Needs(holder=True)),)
