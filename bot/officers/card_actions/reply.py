"""Replies to the citizen: "Reply" asks the officer for the text (ForceReply), the text
(or photo or document) is relayed, and insulting language is held back with "Send
anyway" / "Cancel" first. A reply relayed on a question ticket gets "💾 Save as answer"
on its confirmation (bot/officers/card_actions/drafts.py)."""

from __future__ import annotations

import html
import json

from bot.officers.actions import Verb, button
from bot.officers.card_actions.preconditions import CardHandler, Needs, Press, require
from bot.officers.pending import PendingKind, kind_of
from bot.officers.turn import Refused, Turn
from bot.store import knowledge as knowledge_store
from bot.store import staff_pending
from bot.tickets.ticket import Ticket
from flows.triage import detect_abuse, normalize

CONTACT = Needs(contact=True)  # something is sent to the citizen


async def reply(
    turn: Turn,
    ticket: Ticket,
    text: str,
    *,
    media: tuple[str, str] | None = None,
    standard_reply: str | None = None,
    checked: bool = False,
) -> None:
    """Relay the officer's text to the citizen, unless it holds harsh language that the
    officer has not confirmed (`checked`); a standard reply is never held."""
    require(turn, ticket, CONTACT)
    _ = turn.gettext
    harsh = (
        detect_abuse(normalize(text)) if text and not checked and standard_reply is None else None
    )
    if harsh is not None and harsh.flagged:
        # Professional replies: warn before insulting language reaches a citizen.
        await staff_pending.set_pending(
            turn.conn,
            turn.group.chat_id,
            turn.user_id,
            PendingKind.CONFIRM_REPLY.value,
            ticket.id,
            json.dumps({"text": text, "media": media}, ensure_ascii=False),
        )
        await turn.o.groups.group_message(
            turn.conn,
            turn.group.chat_id,
            _(
                "{mention}, your reply about {reference} contains language that may offend "
                "the citizen ({words}). It was not sent. Send it anyway, or cancel and write "
                "it again as a reply to the card."
            ).format(
                mention=turn.mention,
                reference=html.escape(ticket.reference),
                words=html.escape(", ".join(harsh.words[:5])),
            ),
            ticket_id=ticket.id,
            buttons=[
                [
                    button(_("📤 Send anyway"), Verb.SEND_ANYWAY, ticket.id),
                    button(_("Cancel"), Verb.CANCEL, ticket.id),
                ]
            ],
        )
        await turn.record(ticket.id, "reply_held", words=list(harsh.words[:5]))
        turn.answer = _("Not sent: please check the wording.")
        return
    await turn.o.notices.relay_to_citizen(turn.conn, ticket, text, turn.user_name, media)
    # the officer's own message, so that an edit of it can be recognised (and saved)
    message_id = turn.event.message_id if turn.event.kind in ("text", "media") else None
    await turn.record(
        ticket.id,
        "message_out",
        text=text,
        media=media[0] if media else None,
        standard=standard_reply,
        message_id=message_id,
    )
    if turn.event.kind == "callback":
        return
    buttons = None
    if message_id and text and ticket.kind == knowledge_store.QUESTION:
        # An officer's answer to a citizen's question may serve the next citizen too.
        buttons = [[button(_("💾 Save as answer"), Verb.SAVE_ANSWER, ticket.id, message_id)]]
    await turn.o.groups.group_message(
        turn.conn,
        turn.group.chat_id,
        _("✔️ Sent to the citizen ({reference}).").format(reference=html.escape(ticket.reference)),
        ticket_id=ticket.id,
        answering=turn.event,
        buttons=buttons,
    )


async def ask_reply(press: Press) -> None:
    turn, ticket = press.turn, press.ticket
    _ = turn.gettext
    await turn.ask(
        ticket,
        PendingKind.REPLY,
        _(
            "write your reply to the citizen about {reference} as a reply to this "
            "message (text, photo or document)."
        ).format(reference=html.escape(ticket.reference)),
    )
    turn.answer = _("Write your reply.")


async def send_anyway(press: Press) -> None:
    """ "Send anyway" after the harsh-language warning: the held reply goes out."""
    turn, ticket = press.turn, press.ticket
    _ = turn.gettext
    pending = await staff_pending.pending(turn.conn, turn.group.chat_id, turn.user_id)
    if (
        pending is None
        or kind_of(pending) is not PendingKind.CONFIRM_REPLY
        or pending.ticket_id != ticket.id
    ):
        raise Refused(_("This button is no longer valid."))
    await staff_pending.clear_pending(turn.conn, turn.group.chat_id, turn.user_id)
    data = json.loads(pending.arg or "{}")
    kind_ref = data.get("media")
    media = (str(kind_ref[0]), str(kind_ref[1])) if kind_ref else None
    await reply(turn, ticket, data.get("text", ""), media=media, checked=True)
    turn.answer = _("Sent to the citizen.")


ACTIONS = (
    CardHandler(Verb.REPLY, ask_reply, Needs(holder=True, contact=True)),
    # the pending reply is checked by `send_anyway`, the contact by `reply`
    CardHandler(Verb.SEND_ANYWAY, send_anyway, Needs()),
)
