"""Statistics queries for the public transparency page: one row of facts per ticket.

Only what the aggregates need leaves the store: unit, Polda, category, when the ticket
was received, first claimed (its first "in_progress" status event), first resolved and
last closed, the claim deadline when the officers' layer recorded one, and the citizen's
rating. No text, place, or identity of anyone. Columns and tables that a given schema
version lacks (ratings, deadlines) come back as NULL, so the page works on any version.

A report, not a ticket read: one statement joining tickets, their events and deadlines,
so it stays here rather than in bot/store/tickets.py, and `TicketFacts` stays a row of
its own (times as stored text, compared by bot/transparency/stats.py as it always was).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.store.database import Database, iso
from bot.tickets.status import TicketStatus


@dataclass(frozen=True, slots=True)
class TicketFacts:
    id: int
    unit_id: str | None
    polda_id: str | None
    category: str
    status: str
    created_at: str
    claimed_at: str | None
    resolved_at: str | None
    rejected_at: str | None
    claim_due_at: str | None
    rating: int | None


async def _columns(db: Database, table: str) -> set[str]:
    return await db.columns(table)


async def _has_table(db: Database, table: str) -> bool:
    return bool(await db.columns(table))


def _first_status(status: TicketStatus) -> str:
    return (
        "(SELECT MIN(e.at) FROM ticket_events e WHERE e.ticket_id = t.id AND "
        f"e.kind = 'status' AND e.status = '{status}')"
    )


async def ticket_facts(db: Database, since: datetime, until: datetime) -> list[TicketFacts]:
    """Facts of the tickets received in [since, until)."""
    columns = await _columns(db, "tickets")
    rating = "t.rating" if "rating" in columns else "NULL"
    if await _has_table(db, "ticket_deadlines"):
        claim_due = (
            "(SELECT d.due_at FROM ticket_deadlines d WHERE d.ticket_id = t.id AND "
            "d.kind = 'claim')"
        )
    else:
        claim_due = "NULL"
    rows = await db.fetchall_slow(  # a year of tickets: off the event loop's thread
        f"SELECT t.id, t.unit_id, t.polda_id, t.category, t.status, t.created_at, "
        f"{_first_status(TicketStatus.IN_PROGRESS)}, {_first_status(TicketStatus.RESOLVED)}, "
        f"{_first_status(TicketStatus.REJECTED)}, {claim_due}, {rating} "
        "FROM tickets t WHERE t.created_at >= ? AND t.created_at < ? ORDER BY t.id",
        (iso(since), iso(until)),
    )
    return [
        TicketFacts(
            int(r[0]),
            r[1],
            r[2],
            str(r[3]),
            str(r[4]),
            str(r[5]),
            r[6],
            r[7],
            r[8],
            r[9],
            int(r[10]) if r[10] is not None else None,
        )
        for r in rows
    ]
