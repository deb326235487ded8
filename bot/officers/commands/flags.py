"""`/provokasi NUMBER`: an officer marks a ticket of the area as provocation, as the
card's button does (bot/officers/card_actions/flags.py); the command reaches a closed
ticket too, which the button does not."""

from __future__ import annotations

from bot.officers.card_actions import flags
from bot.officers.commands.preconditions import Command, CommandNeeds, StaffCommand
from flows.texts import N_


async def provocation(command: Command) -> None:
    await flags.provocation(command.turn, command.ticket)


COMMANDS = (
    StaffCommand(
        ("provokasi",),
        provocation,
        CommandNeeds(ticket=True),
        usage=N_(
            "Usage: /provokasi NUMBER, e.g. /provokasi "
            "DMS-K7QM-XP4C (a ticket of this group's area)."
        ),
    ),
)
