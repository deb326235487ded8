"""Save as answer: an officer's reply to a citizen's question, once relayed, can become a
draft knowledge article ("💾 Save as answer" on the group's confirmation, issue 20 item
4). The citizen's question and the reply are stored with the officer and the time
(bot/store/knowledge_drafts.py) for a reviewer to turn into a data/knowledge file
(`dumas kb drafts`). Saved in a unit's group it is a draft for that unit; saved in a
supervisory group it is national, the supervisory group's press being its approval."""

from __future__ import annotations

import json

from bot.officers.actions import Verb
from bot.officers.card_actions.preconditions import CardHandler, Needs, Press
from bot.officers.turn import Refused
from bot.store import knowledge_drafts
from bot.store import tickets as ticket_store


async def relayed_text(press: Press) -> str | None:
    """The text of the reply the button names (the officer's message in this group), as
    it was relayed; None when there is none (or its text was erased)."""
    turn, ticket = press.turn, press.ticket
    for item in reversed(await ticket_store.events_in(turn.conn, ticket.id)):
        if item.kind != "message_out" or not item.detail:
            continue
        detail = json.loads(item.detail)
        if detail.get("chat_id") == turn.group.chat_id and str(detail.get("message_id")) == (
            press.arg
        ):
            text = detail.get("text")
            return str(text) if text else None
    return None


async def save_answer(press: Press) -> None:
    turn, ticket = press.turn, press.ticket
    _ = turn.gettext
    source = f"{turn.group.chat_id}:{press.arg}"
    saved = await knowledge_drafts.by_source(turn.conn, source)
    if saved is None:
        answer = await relayed_text(press)
        if not press.arg or answer is None:
            raise Refused(_("This reply can no longer be saved."))
        national = turn.group.role == "supervisor"
        saved, new = await knowledge_drafts.save(
            turn.conn,
            source=source,
            ticket_id=ticket.id,
            unit_id=None if national else ticket.unit_id,
            scope=knowledge_drafts.NATIONAL if national else knowledge_drafts.UNIT,
            question=ticket.description,
            answer=answer,
            officer_id=turn.user_id,
            officer_name=turn.user_name,
            approved_by=turn.group.chat_id if national else None,
            at=turn.o.clock(),
        )
        if new:
            await turn.record(ticket.id, "answer_saved", draft=saved.id)
            turn.answer = _("💾 Saved as draft answer #{id}, for review (dumas kb drafts).").format(
                id=saved.id
            )
            return
    turn.answer = _("This answer is already saved (draft #{id}).").format(id=saved.id)


# a closed question's answer can still be saved; nothing goes to the citizen
ACTIONS = (CardHandler(Verb.SAVE_ANSWER, save_answer, Needs(open_only=False)),)
