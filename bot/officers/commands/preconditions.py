"""What a staff command declares it needs of its argument, and the one place that refuses
it politely.

A family module registers each command as a `StaffCommand` with its `CommandNeeds`: an
argument of at least `min_chars` characters, or the number of a ticket of this group's
area (`ticket`). A refused argument is answered, in the group, with the command's `usage`
(a number that is valid but names no ticket of the area with `unknown` when the command
has one), the texts the commands gave before the table. `check` applies them in that
order and hands the command a `Command`: the turn, the argument and the ticket found.

Being a member of the group (and on its allow-list) is checked by the staff desk before
any command runs (bot/officers/handler.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.officers.groups import StaffGroups
from bot.officers.turn import Refused, Turn
from bot.store import staff_groups
from bot.store import tickets as ticket_store
from bot.store.connection import Connection
from bot.tickets import reference as references
from bot.tickets.ticket import Ticket


@dataclass(frozen=True, slots=True)
class CommandNeeds:
    ticket: bool = False  # the argument is the number of a ticket of this group's area
    min_chars: int = 0  # the argument, stripped, has at least this many characters


@dataclass(frozen=True, slots=True)
class Command:
    """A command that passed its preconditions."""

    turn: Turn
    args: str  # as typed after the command
    checked_ticket: Ticket | None

    @property
    def ticket(self) -> Ticket:
        """The ticket the argument names; only for commands whose `CommandNeeds.ticket`
        is set."""
        if self.checked_ticket is None:
            raise RuntimeError("this staff command declared that it needs no ticket")
        return self.checked_ticket

    async def say(self, text: str, ticket_id: int | None = None) -> None:
        """The command's answer in the group (HTML), as a reply to the command."""
        turn = self.turn
        await turn.o.groups.group_message(
            turn.conn, turn.group.chat_id, text, ticket_id=ticket_id, answering=turn.event
        )


@dataclass(frozen=True, slots=True)
class StaffCommand:
    names: tuple[str, ...]  # without the slash; the first is the one the help lists
    run: Callable[[Command], Awaitable[None]]
    needs: CommandNeeds = CommandNeeds()
    usage: str = ""  # msgid (N_): the answer to an argument the needs refuse
    unknown: str = ""  # msgid (N_) with {reference}: a valid number of no ticket here


def argument_refusal(command: StaffCommand, args: str, gettext: Callable[[str], str]) -> str | None:
    """Why the argument is refused before anything is looked up, or None."""
    text = args.strip()
    if len(text) < command.needs.min_chars:
        return gettext(command.usage)
    if command.needs.ticket:
        canonical, verdict = references.check(text)
        if canonical is None or verdict != "ok":
            return gettext(command.usage)
    return None


async def ticket_for(
    conn: Connection,
    group: staff_groups.StaffGroup,
    command: StaffCommand,
    args: str,
    gettext: Callable[[str], str],
) -> Ticket:
    """The ticket of this group's area the argument names (an argument that passed
    `argument_refusal`), or `Refused` with the command's answer."""
    canonical, _verdict = references.check(args.strip())
    found = (
        await ticket_store.by_reference_in_scope(conn, canonical, StaffGroups.scope_of(group))
        if canonical is not None
        else None
    )
    if found is None:
        if command.unknown:
            raise Refused(gettext(command.unknown).format(reference=canonical))
        raise Refused(gettext(command.usage))
    return found


async def check(turn: Turn, command: StaffCommand) -> Command:
    """The command's call, or `Refused` with the reason (said in the group)."""
    args = turn.event.args
    why = argument_refusal(command, args, turn.gettext)
    if why is not None:
        raise Refused(why)
    ticket = (
        await ticket_for(turn.conn, turn.group, command, args, turn.gettext)
        if command.needs.ticket
        else None
    )
    return Command(turn, args, ticket)
