"""What a card action declares it needs, and the one place that refuses it politely.

A family module registers each verb as a `CardHandler` with its `Needs`: a ticket in
the group's area (`ticket`), an open one (`open_only`), the officer holding it or a
supervisor (`holder`), a reporter who can be written to (`contact`). `refusal` turns a
failed need into the text the officer sees (an alert on the button), the same texts the
handler's if/elif ladder gave before; `ticket_for` fetches the pressed ticket and applies
them, in the order ticket, open, holder, contact. The text path (an officer's reply to a
card) uses the same checks.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.officers.actions import Verb
from bot.officers.turn import Refused, Turn
from bot.store import tickets as ticket_store
from bot.tickets.status import CLOSED
from bot.tickets.ticket import Ticket


@dataclass(frozen=True, slots=True)
class Needs:
    ticket: bool = True  # the pressed ticket exists and is in this group's area
    open_only: bool = True  # not resolved or rejected
    holder: bool = False  # unclaimed, held by the presser, or the presser is a supervisor
    contact: bool = False  # the reporter is not anonymous (something goes to the citizen)


@dataclass(frozen=True, slots=True)
class Press:
    """A pressed button that passed its preconditions."""

    turn: Turn
    arg: str
    checked_ticket: Ticket | None

    @property
    def ticket(self) -> Ticket:
        """The pressed ticket; only for verbs whose `Needs.ticket` is set."""
        if self.checked_ticket is None:
            raise RuntimeError("this card action declared that it needs no ticket")
        return self.checked_ticket


@dataclass(frozen=True, slots=True)
class CardHandler:
    verb: Verb
    run: Callable[[Press], Awaitable[None]]
    needs: Needs = Needs()


def refusal(
    needs: Needs,
    ticket: Ticket | None,
    *,
    in_scope: bool,
    user_id: str,
    supervisor: bool,
    gettext: Callable[[str], str],
) -> str | None:
    """Why the officer may not do this to this ticket, or None when they may."""
    _ = gettext
    if ticket is None or not in_scope:
        return _("This ticket is not in this group's area.")
    if needs.open_only and ticket.status in CLOSED:
        return _("Ticket {reference} is already closed.").format(reference=ticket.reference)
    if needs.holder and ticket.holder_id and ticket.holder_id != user_id and not supervisor:
        return _("{reference} is held by {name}; only they or a supervisor can do this.").format(
            reference=ticket.reference, name=ticket.holder_name or ticket.holder_id
        )
    if needs.contact and ticket.contact == "anonymous":
        return _("The reporter of {reference} is anonymous: replies cannot be sent.").format(
            reference=ticket.reference
        )
    return None


async def ticket_for(turn: Turn, ticket_id: int | None, needs: Needs) -> Ticket:
    """The ticket an action works on, or `Refused` with the reason."""
    ticket = await ticket_store.get(turn.conn, ticket_id) if ticket_id is not None else None
    require(turn, ticket, needs)
    assert ticket is not None  # require refuses a missing ticket
    return ticket


def require(turn: Turn, ticket: Ticket | None, needs: Needs) -> None:
    """`Refused` with the reason when this officer may not act on this ticket."""
    why = refusal(
        needs,
        ticket,
        in_scope=ticket is not None and turn.o.groups.in_scope(turn.group, ticket),
        user_id=turn.user_id,
        supervisor=turn.supervisor,
        gettext=turn.gettext,
    )
    if why is not None:
        raise Refused(why)
