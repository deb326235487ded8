"""bot/officers/commands/preconditions.py: every command of the table against the
arguments an officer types (none, too short, a mistyped number, a number of no ticket
here, another area's ticket, this area's) gets the answer it gave before the table: its
usage, "No ticket ... in this group's area." for /tiket, or none. The ticket lookups run
on a real store (SQLite; PostgreSQL with DUMAS_TEST_DATABASE=postgresql), without the
runtime."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.officers.commands.preconditions import argument_refusal, ticket_for
from bot.officers.commands.table import TABLE
from bot.officers.turn import Refused
from bot.store import staff_groups
from bot.store.connection import Connection
from bot.store.database import Database
from bot.tickets.reference import ALPHABET, new_reference
from tests.officers.conftest import JAKSEL, POLDA, STORED_AT, stored_ticket

UNIT, OTHER_UNIT = JAKSEL, "polres-bogor"

USAGE = {
    "tiket": "Usage: /tiket NUMBER, e.g. /tiket DMS-K7QM-XP4C",
    "provokasi": (
        "Usage: /provokasi NUMBER, e.g. /provokasi DMS-K7QM-XP4C (a ticket of this group's area)."
    ),
    "cari": "Usage: /cari TEXT (at least 3 characters)",
}
# What each command was checked for before the table: a ticket number of the area
# (/tiket, /provokasi), at least three characters (/cari), nothing (the rest).
EXPECTED_NEEDS = {
    "antrian": set(),
    "tiket": {"ticket"},
    "cari": {"min_chars"},
    "statistik": set(),
    "provokasi": {"ticket"},
    "topik": set(),
    "bantuan": set(),
    "help": set(),
    "start": set(),
}


def mistyped(reference: str) -> str:
    """The reference with its check character changed: the shape is right, the sum not."""
    last = reference[-1]
    return reference[:-1] + next(ch for ch in ALPHABET if ch != last)


ARGUMENTS = {
    "none": "",
    "short": " ab ",
    "words": "laptop hilang",
    "mistyped number": mistyped(new_reference()),
    "number": new_reference(),
}
# the arguments each need refuses before anything is looked up
REFUSED_BY = {
    "ticket": {"none", "short", "words", "mistyped number"},
    "min_chars": {"none", "short"},
}


def needs_of(name: str) -> set[str]:
    needs = TABLE[name].needs
    return {n for n, on in (("ticket", needs.ticket), ("min_chars", needs.min_chars)) if on}


def test_every_command_declares_what_it_checked_before() -> None:
    assert set(TABLE) == set(EXPECTED_NEEDS)
    for name, needs in EXPECTED_NEEDS.items():
        assert needs_of(name) == needs, name


@pytest.mark.parametrize("argument", list(ARGUMENTS))
@pytest.mark.parametrize("name", list(EXPECTED_NEEDS))
def test_each_command_refuses_the_arguments_its_needs_refuse(name: str, argument: str) -> None:
    refused = any(argument in REFUSED_BY[need] for need in EXPECTED_NEEDS[name])
    expected = USAGE[name] if refused else None
    assert argument_refusal(TABLE[name], ARGUMENTS[argument], lambda s: s) == expected


def test_the_usage_is_said_in_the_officers_language() -> None:
    seen: list[str] = []

    def gettext(message: str) -> str:
        seen.append(message)
        return "ID:" + message

    assert argument_refusal(TABLE["cari"], "", gettext) == "ID:" + USAGE["cari"]
    assert seen == [USAGE["cari"]]


# ------------------------------------------------------------------ lookups on a store


@pytest.fixture
async def conn(store: Database) -> AsyncIterator[Connection]:
    async with store.transaction() as connection:
        yield connection


async def make_ticket(conn: Connection, unit: str) -> str:
    return (await stored_ticket(conn, unit))[1]


def group(unit_id: str, role: str = "unit") -> staff_groups.StaffGroup:
    return staff_groups.StaffGroup("-1001", unit_id, role, None, STORED_AT.isoformat())


async def found(conn: Connection, group: staff_groups.StaffGroup, name: str, argument: str) -> str:
    """The reference found, or the refusal's text."""
    try:
        ticket = await ticket_for(conn, group, TABLE[name], argument, lambda s: s)
    except Refused as exc:
        return f"refused: {exc}"
    return ticket.reference


@pytest.mark.parametrize("name", ["tiket", "provokasi"])
async def test_a_number_is_looked_up_in_the_groups_area_only(conn: Connection, name: str) -> None:
    here = await make_ticket(conn, UNIT)
    there = await make_ticket(conn, OTHER_UNIT)
    unknown = new_reference()
    not_here = {
        "tiket": "refused: No ticket {reference} in this group's area.",
        "provokasi": f"refused: {USAGE['provokasi']}",
    }[name]

    assert await found(conn, group(UNIT), name, here) == here
    # typed as officers do: lower case, spaces for dashes, the prefix left out
    assert await found(conn, group(UNIT), name, here.lower().replace("-", " ")[4:]) == here
    assert await found(conn, group(UNIT), name, there) == not_here.format(reference=there)
    assert await found(conn, group(UNIT), name, unknown) == not_here.format(reference=unknown)
    # a supervisory group sees its Polda's tickets, a unit group its unit's
    assert await found(conn, group(POLDA, "supervisor"), name, there) == there
    assert await found(conn, group(OTHER_UNIT), name, here) == not_here.format(reference=here)
