"""Transfer: "Transfer" asks for a unit's name, the typed name lists matching units as
buttons, and one of them moves the ticket there (the cards here are frozen and dropped,
the new unit's groups get it, the citizen is told)."""

from __future__ import annotations

import html

from bot.officers import deadlines
from bot.officers.actions import Verb, button
from bot.officers.card_actions.preconditions import CardHandler, Needs, Press
from bot.officers.pending import PendingKind
from bot.officers.turn import Refused, Turn
from bot.store import staff_pending, ticket_cards
from bot.store import tickets as ticket_store
from bot.tickets.status import TicketStatus
from bot.tickets.ticket import Ticket
from flows.events import Reply

UNIT_KINDS = ("polres", "propam")  # the units a ticket can be transferred to


async def ask_unit(press: Press) -> None:
    turn, ticket = press.turn, press.ticket
    _ = turn.gettext
    await turn.ask(
        ticket,
        PendingKind.TRANSFER,
        _(
            "type the name of the unit to transfer {reference} to (e.g. “polres "
            "bogor”), as a reply to this message."
        ).format(reference=html.escape(ticket.reference)),
    )
    turn.answer = _("Type the unit's name.")


async def search_units(turn: Turn, ticket: Ticket, text: str) -> None:
    """The officer typed a unit's name (answering "Transfer"): the matching units."""
    _ = turn.gettext
    units = [
        u
        for u in turn.o.table.search_units(text, limit=12)
        if u.kind in UNIT_KINDS and u.id != ticket.unit_id
    ][:8]
    if not units:
        await turn.o.groups.group_message(
            turn.conn,
            turn.group.chat_id,
            _("No unit matches “{text}”. Type another name, as a reply to this message.").format(
                text=html.escape(text[:60])
            ),
            ticket_id=ticket.id,
            force_reply=True,
        )
        return
    buttons = [[button(u.name, Verb.TRANSFER_TO, ticket.id, u.id)] for u in units]
    buttons.append([button(_("Cancel"), Verb.CANCEL, ticket.id)])
    await turn.o.groups.group_message(
        turn.conn,
        turn.group.chat_id,
        _("↪️ Transfer {reference} to:").format(reference=html.escape(ticket.reference)),
        ticket_id=ticket.id,
        buttons=buttons,
    )


async def transfer(turn: Turn, ticket: Ticket, unit_id: str) -> None:
    _ = turn.gettext
    o, conn = turn.o, turn.conn
    new = o.groups.unit(unit_id)
    if new is None or new.kind not in UNIT_KINDS or new.id == ticket.unit_id:
        raise Refused(_("This unit cannot take the ticket."))
    old_name = o.groups.unit_name(ticket.unit_id)
    frozen = await o.cards.card_message(conn, ticket, moved_to=new.name)
    for chat_id, message_id in await ticket_cards.cards_of(conn, ticket.id):
        if message_id:
            await o.groups.edit(conn, chat_id, message_id, frozen, ticket.id)
    await ticket_cards.drop_cards(conn, ticket.id)
    await staff_pending.clear_pending(conn, turn.group.chat_id, turn.user_id)
    now = o.clock()
    await ticket_store.update(
        conn,
        ticket.id,
        now=now,
        unit_id=new.id,
        polda_id=new.polda_id,
        timezone=new.timezone,
        holder_id=None,
        holder_name=None,
        claimed_at=None,
    )
    await turn.record(
        ticket.id, "status", TicketStatus.TRANSFERRED, from_unit=ticket.unit_id, to_unit=new.id
    )
    await deadlines.start(conn, o.settings, ticket.id, ticket.category, now, kinds=("claim",))
    moved = await ticket_store.get(conn, ticket.id)
    assert moved is not None
    await o.distribution.distribute(conn, moved)
    citizen, tr = await o.notices.citizen_translator(conn, moved)
    await o.notices.notify(
        conn,
        moved,
        Reply(
            tr.gettext(
                "Your complaint {reference} has been transferred from {old} to {unit}, "
                "which is "
                "responsible for it."
            ).format(reference=ticket.reference, old=old_name, unit=new.name)
        ),
        "ticket_update",
        citizen,
        tr,
    )
    await o.groups.group_message(
        conn,
        turn.group.chat_id,
        _("↪️ {reference} transferred to {unit} by {name}.").format(
            reference=html.escape(ticket.reference),
            unit=html.escape(new.name),
            name=html.escape(turn.user_name),
        ),
    )
    turn.answer = _("Transferred to {unit}.").format(unit=new.name)


async def transfer_pressed(press: Press) -> None:
    await transfer(press.turn, press.ticket, press.arg)


ACTIONS = (
    CardHandler(Verb.TRANSFER, ask_unit, Needs(holder=True)),
    CardHandler(Verb.TRANSFER_TO, transfer_pressed, Needs(holder=True)),
)
