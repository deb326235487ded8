"""How the officers' declared tables are built: the card actions by `Verb`
(bot/officers/card_actions/table.py), the staff commands by name
(bot/officers/commands/table.py) and the text follow-ups by `PendingKind`
(bot/officers/follow_ups.py). Each key has one entry: a key declared twice is a mistake
found when the module is imported, not a silent override found in a group."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

Entry = TypeVar("Entry")
Key = TypeVar("Key", bound=Hashable)


def one_each(
    entries: Iterable[Entry], keys: Callable[[Entry], Iterable[Key]], what: str
) -> dict[Key, Entry]:
    """Every key of every entry to its entry; `ValueError` naming `what` on a repeat."""
    table: dict[Key, Entry] = {}
    for entry in entries:
        for key in keys(entry):
            if key in table:
                raise ValueError(f"{what} {key!r} registered twice")
            table[key] = entry
    return table
