"""Reject: "Reject" lists the reasons (bot/officers/cards.py `REJECT_REASONS`); a reason
closes the ticket without further action and tells the citizen why, "other" asks for the
reason in the officer's words first."""

from __future__ import annotations

import html

from bot.officers import deadlines
from bot.officers.actions import Verb
from bot.officers.card_actions.preconditions import CardHandler, Needs, Press
from bot.officers.cards import REJECT_REASONS, reject_buttons
from bot.officers.pending import PendingKind
from bot.officers.turn import Refused, Turn
from bot.store import staff_pending
from bot.store import tickets as ticket_store
from bot.tickets.status import TicketStatus
from bot.tickets.ticket import Ticket
from flows.events import Reply


async def list_reasons(press: Press) -> None:
    turn, ticket = press.turn, press.ticket
    await turn.o.groups.group_message(
        turn.conn,
        turn.group.chat_id,
        turn.gettext("⛔ Why is {reference} rejected?").format(
            reference=html.escape(ticket.reference)
        ),
        ticket_id=ticket.id,
        buttons=reject_buttons(turn.o.tr, ticket.id),
    )


async def reason_chosen(press: Press) -> None:
    turn, ticket, reason = press.turn, press.ticket, press.arg
    _ = turn.gettext
    if reason not in REJECT_REASONS:
        raise Refused(_("This button is no longer valid."))
    if reason != "other":
        await reject(turn, ticket, reason, "")
        return
    await turn.ask(
        ticket,
        PendingKind.REJECT,
        _(
            "write the reason for rejecting {reference}; the citizen will see it. "
            "Reply to this message."
        ).format(reference=html.escape(ticket.reference)),
    )
    turn.answer = _("Write the reason.")


async def reject(turn: Turn, ticket: Ticket, reason: str, text: str) -> None:
    o, conn = turn.o, turn.conn
    now = o.clock()
    label = o.tr.gettext(REJECT_REASONS[reason])
    note = f"{label}: {text}" if text else label
    await ticket_store.update(
        conn, ticket.id, now=now, resolved_at=now, closing_note=note, feedback_state=None
    )
    await turn.record(ticket.id, "status", TicketStatus.REJECTED, reason=reason, note=text)
    await deadlines.finish(conn, ticket.id, "claim", now)
    await deadlines.finish(conn, ticket.id, "resolve", now)
    await staff_pending.clear_pending(conn, turn.group.chat_id, turn.user_id)
    await o.cards.refresh_cards(conn, ticket.id)
    citizen, tr = await o.notices.citizen_translator(conn, ticket)
    shown = tr.gettext(REJECT_REASONS[reason]) + (f" – {text}" if text else "")
    await o.notices.notify(
        conn,
        ticket,
        Reply(
            tr.gettext(
                "Your complaint {reference} was closed by {unit} without further action. "
                "Reason: "
                "{reason}. If you think this is a mistake, you can file a new complaint with "
                "/aduan."
            ).format(
                reference=ticket.reference, unit=o.groups.unit_name(ticket.unit_id), reason=shown
            )
        ),
        "ticket_update",
        citizen,
        tr,
    )
    turn.answer = o.tr.gettext("{reference} rejected.").format(reference=ticket.reference)


ACTIONS = (
    CardHandler(Verb.REJECT, list_reasons, Needs(holder=True)),
    CardHandler(Verb.REJECT_REASON, reason_chosen, Needs(holder=True)),
)
