"""Triage queries: flagged messages per citizen, consents, duplicate links.

Owns the `citizen_flags`, `consents` and `ticket_links` tables. The `tickets` table's
part (its `flags` column, the duplicate check's candidates, the tickets a citizen filed)
is in bot/store/tickets.py with every other statement on that table. Every function
takes the caller's connection and runs inside the caller's transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from bot.store.connection import Connection
from bot.store.database import iso


async def add_citizen_flag(
    conn: Connection,
    citizen_id: int,
    kind: str,
    words: tuple[str, ...] | list[str],
    at: datetime,
    ticket_id: int | None = None,
) -> None:
    await conn.execute(
        "INSERT INTO citizen_flags (citizen_id, at, kind, words, ticket_id) VALUES (?, ?, ?, ?, ?)",
        (citizen_id, iso(at), kind, json.dumps(list(words), ensure_ascii=False), ticket_id),
    )


async def record_consent(
    conn: Connection, citizen_id: int, version: str, granted: bool, at: datetime
) -> None:
    await conn.execute(
        "INSERT INTO consents (citizen_id, at, notice_version, granted) VALUES (?, ?, ?, ?)",
        (citizen_id, iso(at), version, int(granted)),
    )


@dataclass(frozen=True, slots=True)
class Link:
    other_id: int
    reference: str
    reason: str
    score: float | None


# A new ticket's links in one execution (PostgreSQL; `add_links` says why NOT EXISTS).
_LINKS_PG = (
    "INSERT INTO ticket_links (ticket_id, other_id, reason, score, created_at) "
    "SELECT ?, l.other_id, l.reason, l.score, ? FROM unnest(?::bigint[], "
    "?::text[], ?::float8[]) AS l(other_id, reason, score) WHERE NOT EXISTS "
    "(SELECT 1 FROM ticket_links x WHERE x.ticket_id = ? AND x.other_id = l.other_id)"
)


async def add_links(
    conn: Connection, ticket_id: int, links: list[tuple[int, str, float | None]], at: datetime
) -> None:
    """(other ticket, reason, score) links of a ticket created in the caller's transaction
    (distinct other tickets; a link already written is kept as it is), in one statement."""
    if conn.dialect == "postgresql":
        # one execution for all the links: executemany is one round trip but one
        # execution per link on the server (~1 an update in bench/bench_instances.py,
        # where every complaint is near the others: bench/README.md "Session 32:
        # PostgreSQL CPU per update"). A link already written is left out by NOT EXISTS,
        # not ON CONFLICT DO NOTHING: ON CONFLICT makes each row a speculative insertion,
        # one WAL record more per link (Heap/HEAP_CONFIRM, ~1 an update there: bench/
        # README.md "Session 38: row locks and row versions per update"). The two differ
        # only for a link another transaction writes meanwhile (NOT EXISTS would then
        # fail on the primary key), which cannot happen: the ticket is the caller's new
        # one, not committed yet, so no other transaction can name it.
        if links:
            await conn.execute(
                _LINKS_PG,
                (
                    ticket_id,
                    iso(at),
                    [other_id for other_id, _, _ in links],
                    [reason for _, reason, _ in links],
                    [score for _, _, score in links],
                    ticket_id,
                ),
            )
        return
    await conn.executemany(
        "INSERT INTO ticket_links (ticket_id, other_id, reason, "
        "score, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [(ticket_id, other_id, reason, score, iso(at)) for other_id, reason, score in links],
    )


_LINKS_OF = (
    "SELECT l.other_id, t.reference, l.reason, l.score FROM ticket_links l "
    "JOIN tickets t ON t.id = l.other_id WHERE l.ticket_id = ? "
    "UNION SELECT l.ticket_id, t.reference, l.reason, l.score FROM ticket_links l "
    "JOIN tickets t ON t.id = l.ticket_id WHERE l.other_id = ? ORDER BY 1"
)
# The same rows on PostgreSQL, from the function `dumas_links_of` (migration 0026): planned
# there with sequential scans off, it probes the tickets' primary key even when the plan
# was made on a tickets table of a page or two (a kept plan read the table for each link).
_LINKS_OF_PG = "SELECT * FROM dumas_links_of(?::bigint)"


async def links_of(conn: Connection, ticket_id: int) -> list[Link]:
    """Both directions: the tickets this one may duplicate and those that may duplicate it."""
    if conn.dialect == "postgresql":
        rows = await conn.execute_fetchall(_LINKS_OF_PG, (ticket_id,))
    else:
        async with conn.execute(_LINKS_OF, (ticket_id, ticket_id)) as cur:
            rows = await cur.fetchall()
    return [Link(int(r[0]), str(r[1]), str(r[2]), r[3]) for r in rows]
