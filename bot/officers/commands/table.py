"""The staff commands' table: every command name (and alias) to its `StaffCommand`,
gathered from the family modules of this package.

Each family module (lists, ticket, stats, flags, topic, help) lists its commands in
`COMMANDS`; `TABLE` is built from them once and refuses a name registered twice or a
command whose needs can refuse an argument without a usage text to say so. The staff
desk (bot/officers/handler.py) looks a command up here, ignores any name not in it
(other bots' commands), checks membership, then the needs
(bot/officers/commands/preconditions.py), and calls.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.officers.commands import flags, help, lists, stats, ticket, topic
from bot.officers.commands.preconditions import CommandNeeds, StaffCommand
from bot.officers.tables import one_each

FAMILIES = (lists, ticket, stats, flags, topic, help)


def build(commands: Iterable[StaffCommand]) -> dict[str, StaffCommand]:
    declared = tuple(commands)
    for command in declared:
        if command.needs != CommandNeeds() and not command.usage:
            raise ValueError(f"staff command /{command.names[0]} needs a usage text")
    return one_each(declared, lambda command: command.names, "staff command")


TABLE = build(command for family in FAMILIES for command in family.COMMANDS)


def lookup(name: str) -> StaffCommand | None:
    return TABLE.get(name)
