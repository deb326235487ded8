"""Flags on a ticket: an officer marks the message as provocation (also `/provokasi`),
or says a triage flag is wrong ("✖️ Not an emergency"), which is stored as a correction
for the next training."""

from __future__ import annotations

import html

from bot.officers import standard
from bot.officers.actions import Verb
from bot.officers.card_actions.preconditions import CardHandler, Needs, Press
from bot.officers.turn import Refused, Turn
from bot.store import tickets as ticket_store
from bot.store import triage as triage_store
from bot.store.database import iso
from bot.tickets.ticket import Ticket
from bot.triage import corrections


async def provocation(turn: Turn, ticket: Ticket) -> None:
    """An officer marks the complaint as provocation: flagged on the card, counted for
    the citizen's cooldown, and the citizen gets the standard professional reply."""
    o, conn = turn.o, turn.conn
    flags = await ticket_store.flags_of(conn, ticket.id)
    if "provocation" in flags:
        raise Refused(
            o.tr.gettext("{reference} is already marked as provocation.").format(
                reference=ticket.reference
            )
        )
    flags["provocation"] = {"by": turn.user_name, "at": iso(o.clock())}
    await ticket_store.set_flags(conn, ticket.id, flags)
    await triage_store.add_citizen_flag(
        conn, ticket.citizen_id, "provocation", [], o.clock(), ticket.id
    )
    await turn.record(ticket.id, "provocation")
    await o.cards.refresh_cards(conn, ticket.id)
    chosen = standard.find("provocation")
    if chosen is not None and ticket.contact == "chat":
        _citizen, tr = await o.notices.citizen_translator(conn, ticket)
        await o.notices.relay_to_citizen(conn, ticket, chosen.text(tr.locale), turn.user_name)
        await turn.record(ticket.id, "message_out", text=chosen.text(tr.locale), standard=chosen.id)
    await o.groups.group_message(
        conn,
        turn.group.chat_id,
        o.tr.gettext(
            "🚩 {reference} marked as provocation by {name}; the citizen received the standard "
            "reply."
        ).format(reference=html.escape(ticket.reference), name=html.escape(turn.user_name)),
        ticket_id=ticket.id,
    )
    turn.answer = o.tr.gettext("{reference} marked as provocation.").format(
        reference=ticket.reference
    )


async def provocation_pressed(press: Press) -> None:
    await provocation(press.turn, press.ticket)


async def flag_wrong(press: Press) -> None:
    """One tap on "✖️ Not an emergency" / "✖️ Not harsh language": the correction is
    stored with the officer and the time (exported for the next training), the flag
    leaves the card, and the card says who corrected it."""
    turn, ticket, flag = press.turn, press.ticket, press.arg
    o, conn, _ = turn.o, turn.conn, turn.gettext
    if not await corrections.correct_flag(
        conn, ticket.id, flag, turn.user_id, turn.user_name, o.clock()
    ):
        raise Refused(
            _("This flag is no longer on {reference}.").format(reference=ticket.reference)
        )
    await turn.record(ticket.id, "triage_corrected", flag=flag)
    await o.cards.refresh_cards(conn, ticket.id)
    turn.answer = _("Thank you: the correction is saved and helps the next training.")


ACTIONS = (
    CardHandler(Verb.PROVOCATION, provocation_pressed, Needs()),
    CardHandler(Verb.FLAG_WRONG, flag_wrong, Needs()),
)
