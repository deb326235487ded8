"""Card views: a digest line's or a possible duplicate's button posts the ticket's card
again (closed tickets too), and "Cancel" drops what the officer was in the middle of."""

from __future__ import annotations

from bot.officers.actions import Verb
from bot.officers.card_actions.preconditions import CardHandler, Needs, Press
from bot.store import staff_pending


async def show_card(press: Press) -> None:
    turn, ticket = press.turn, press.ticket
    await turn.o.cards.post_card(turn.conn, ticket, turn.group.chat_id)
    turn.answer = ticket.reference


async def cancel(press: Press) -> None:
    turn = press.turn
    await staff_pending.clear_pending(turn.conn, turn.group.chat_id, turn.user_id)
    turn.answer = turn.gettext("Cancelled.")


ACTIONS = (
    CardHandler(Verb.CARD, show_card, Needs(open_only=False)),
    CardHandler(Verb.DUPLICATE, show_card, Needs(open_only=False)),
    CardHandler(Verb.CANCEL, cancel, Needs(ticket=False, open_only=False)),
)
