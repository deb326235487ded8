"""bot/officers/commands/table.py: every name (and alias) is looked up to its command in
its family module, a name registered twice or a needing command without a usage text is
refused, and names that are not staff commands (/daftar, a citizen's /aduan, another
bot's) are not in the table, so the staff desk ignores them."""

from __future__ import annotations

import pytest

from bot.i18n import translator
from bot.officers import binding
from bot.officers.commands import preconditions, table
from bot.officers.commands.help import help_text
from bot.officers.groups import STAFF_LOCALE


async def _noop(command: preconditions.Command) -> None:
    return None


# name -> the family module its handler lives in
FAMILY_OF = {
    "antrian": "lists",
    "cari": "lists",
    "tiket": "ticket",
    "statistik": "stats",
    "provokasi": "flags",
    "topik": "topic",
    "bantuan": "help",
    "help": "help",
    "start": "help",
}


@pytest.mark.parametrize("name", list(FAMILY_OF))
def test_each_name_is_looked_up_in_its_family(name: str) -> None:
    command = table.lookup(name)
    assert command is not None and name in command.names
    assert command.run.__module__ == f"bot.officers.commands.{FAMILY_OF[name]}"
    assert command.run.__module__ in {f.__name__ for f in table.FAMILIES}


def test_the_table_holds_exactly_these_names_and_the_aliases_share_one_command() -> None:
    assert set(table.TABLE) == set(FAMILY_OF)
    assert table.lookup("help") is table.lookup("bantuan") is table.lookup("start")


@pytest.mark.parametrize("name", [binding.DAFTAR, "aduan", "status", "unknownbot", ""])
def test_other_names_are_not_staff_commands(name: str) -> None:
    assert table.lookup(name) is None


def test_a_name_registered_twice_is_refused() -> None:
    one = preconditions.StaffCommand(("antrian",), _noop)
    alias = preconditions.StaffCommand(("queue", "antrian"), _noop)
    with pytest.raises(ValueError, match="twice"):
        table.build([one, alias])


def test_a_command_whose_needs_can_refuse_must_say_its_usage() -> None:
    silent = preconditions.StaffCommand(("tiket2",), _noop, preconditions.CommandNeeds(ticket=True))
    with pytest.raises(ValueError, match="usage"):
        table.build([silent])
    assert table.build([preconditions.StaffCommand(("ok",), _noop)])  # no needs, no usage


def test_a_command_without_a_ticket_says_so() -> None:
    command = preconditions.Command(turn=None, args="", checked_ticket=None)  # type: ignore[arg-type]
    with pytest.raises(RuntimeError):
        _ = command.ticket


def test_the_help_names_the_commands_an_officer_types() -> None:
    text = help_text(translator(STAFF_LOCALE))
    # /provokasi is on the card's button too; /bantuan /help /start show this very text
    listed = {name for name in table.TABLE if f"/{name}" in text}
    assert listed == {"antrian", "tiket", "cari", "statistik", "topik"}
