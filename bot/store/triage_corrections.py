"""The `triage_corrections` table: officers' "this flag is wrong" taps.

One row per ticket and flag (emergency, abusive), with the officer and the time. The text
a correction is about is not copied here: the export reads the ticket's description, so
erasing the citizen's data (bot/privacy) also removes it from every later export.
Every function takes the caller's connection and runs in the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.store.connection import Connection
from bot.store.database import iso

FLAGS = ("emergency", "abusive")


@dataclass(frozen=True, slots=True)
class Correction:
    ticket_id: int
    reference: str
    flag: str
    officer_id: str
    officer_name: str
    at: str
    category: str
    description: str | None  # None once the citizen's data is erased
    flags: str | None  # the ticket's flags JSON as it is now


async def add(
    conn: Connection, ticket_id: int, flag: str, officer_id: str, officer_name: str, at: datetime
) -> bool:
    """Record a correction; False when this flag of this ticket was already corrected."""
    if flag not in FLAGS:
        raise ValueError(f"unknown triage flag {flag!r}")
    cursor = await conn.execute(
        "INSERT INTO triage_corrections (ticket_id, flag, officer_id, officer_name, "
        "at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (ticket_id, flag, officer_id, officer_name, iso(at)),
    )
    return bool(cursor.rowcount)


async def all_corrections(conn: Connection) -> list[Correction]:
    """Every correction with its ticket's current text and flags, oldest first."""
    sql = (
        "SELECT c.ticket_id, t.reference, c.flag, c.officer_id, c.officer_name, c.at, "
        "t.category, t.description, t.flags FROM triage_corrections c "
        "JOIN tickets t ON t.id = c.ticket_id ORDER BY c.id"
    )
    async with conn.execute(sql) as cur:
        rows: list[Any] = list(await cur.fetchall())
    return [
        Correction(
            int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]), str(r[6]), r[7], r[8]
        )
        for r in rows
    ]


__all__ = ["FLAGS", "Correction", "add", "all_corrections"]
