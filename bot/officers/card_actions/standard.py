"""Standard replies: the list (bot/officers/standard.py), one chosen and shown as a draft
in the citizen's language, and "Send" that relays it as is."""

from __future__ import annotations

import html

from bot.officers import standard
from bot.officers.actions import Verb, button
from bot.officers.card_actions.preconditions import CardHandler, Needs, Press
from bot.officers.card_actions.reply import reply
from bot.officers.turn import Refused


async def list_replies(press: Press) -> None:
    turn, ticket = press.turn, press.ticket
    _ = turn.gettext
    buttons = [
        [button(r.label("id"), Verb.STANDARD_PICK, ticket.id, r.id)] for r in standard.load()
    ]
    await turn.o.groups.group_message(
        turn.conn,
        turn.group.chat_id,
        _("📝 Standard replies for {reference}: choose one to see it before sending.").format(
            reference=html.escape(ticket.reference)
        ),
        ticket_id=ticket.id,
        buttons=buttons,
    )


async def show_draft(press: Press) -> None:
    turn, ticket = press.turn, press.ticket
    _ = turn.gettext
    chosen = standard.find(press.arg)
    if chosen is None:
        raise Refused(_("This standard reply no longer exists."))
    _citizen, tr = await turn.o.notices.citizen_translator(turn.conn, ticket)
    text = _("Draft for {reference} (in the citizen's language):").format(
        reference=html.escape(ticket.reference)
    )
    text += f"\n\n<code>{html.escape(chosen.text(tr.locale))}</code>\n\n" + _(
        "Press “Send” to send it as is, or copy it, edit it and send it as a reply to this message."
    )
    await turn.o.groups.group_message(
        turn.conn,
        turn.group.chat_id,
        text,
        ticket_id=ticket.id,
        buttons=[
            [
                button(_("📤 Send"), Verb.SEND, ticket.id, chosen.id),
                button(_("Cancel"), Verb.CANCEL, ticket.id),
            ]
        ],
    )
    turn.answer = chosen.label("id")


async def send(press: Press) -> None:
    turn, ticket = press.turn, press.ticket
    _ = turn.gettext
    chosen = standard.find(press.arg)
    if chosen is None:
        raise Refused(_("This standard reply no longer exists."))
    _citizen, tr = await turn.o.notices.citizen_translator(turn.conn, ticket)
    await reply(turn, ticket, chosen.text(tr.locale), standard_reply=chosen.id)
    turn.answer = _("Sent to the citizen.")


ACTIONS = (
    CardHandler(Verb.STANDARD, list_replies, Needs(contact=True)),
    # choosing only shows the draft: anyone in the group, even for an anonymous reporter
    CardHandler(Verb.STANDARD_PICK, show_draft, Needs()),
    CardHandler(Verb.SEND, send, Needs(holder=True, contact=True)),
)
