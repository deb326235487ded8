"""`ticket_deadlines`: each ticket's running deadlines (answer, resolution), when they
remind and escalate, and whether they have fired (exactly once: `mark_fired`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.store.connection import Connection
from bot.store.database import Database


@dataclass(frozen=True, slots=True)
class Deadline:
    ticket_id: int
    kind: str
    started_at: str
    remind_at: str
    due_at: str
    reminded_at: str | None
    escalated_at: str | None


_START_COLUMNS = "ticket_id, kind, started_at, remind_at, due_at"
_RESTART = (
    "ON CONFLICT (ticket_id, kind) DO UPDATE SET "
    "started_at = excluded.started_at, remind_at = excluded.remind_at, "
    "due_at = excluded.due_at, reminded_at = NULL, escalated_at = NULL, done_at = NULL"
)


async def start_deadlines(
    conn: Connection, ticket_id: int, deadlines: list[tuple[str, str, str, str]]
) -> None:
    """(kind, started_at, remind_at, due_at) of each deadline (re)started, in one statement:
    on PostgreSQL one execution over arrays (an `executemany` is one execution, one round
    trip's work for the server, per row; session 36), on SQLite an `executemany`."""
    if not deadlines:
        return
    if conn.dialect == "postgresql":
        kinds, started, remind, due = (list(column) for column in zip(*deadlines, strict=True))
        await conn.execute(
            f"INSERT INTO ticket_deadlines ({_START_COLUMNS}) "
            "SELECT ?::bigint, d.kind, d.started_at, d.remind_at, d.due_at "
            "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) "
            f"AS d(kind, started_at, remind_at, due_at) {_RESTART}",
            (ticket_id, kinds, started, remind, due),
        )
        return
    await conn.executemany(
        f"INSERT INTO ticket_deadlines ({_START_COLUMNS}) VALUES (?, ?, ?, ?, ?) {_RESTART}",
        [(ticket_id, *deadline) for deadline in deadlines],
    )


async def finish_deadline(conn: Connection, ticket_id: int, kind: str, now: str) -> None:
    await conn.execute(
        "UPDATE ticket_deadlines SET done_at = ? WHERE ticket_id = ? AND "
        "kind = ? AND done_at IS NULL",
        (now, ticket_id, kind),
    )


_OPEN = (
    "SELECT ticket_id, kind, started_at, remind_at, due_at, reminded_at, escalated_at "
    "FROM ticket_deadlines WHERE done_at IS NULL AND "
)


async def deadlines_of(conn: Connection, ticket_id: int) -> dict[str, Deadline]:
    async with conn.execute(_OPEN + "ticket_id = ?", (ticket_id,)) as cur:
        return {r[1]: Deadline(*r) for r in await cur.fetchall()}


async def deadlines_of_many(
    conn: Connection, ticket_ids: Sequence[int]
) -> dict[int, dict[str, Deadline]]:
    """`deadlines_of` for several tickets in one statement: ticket id -> its running
    deadlines by kind (a ticket with none is left out)."""
    found: dict[int, dict[str, Deadline]] = {}
    unique = list(dict.fromkeys(ticket_ids))
    if conn.dialect == "postgresql":
        # one array parameter: one statement text (one prepared statement) for any count
        rows = await conn.execute_fetchall(_OPEN + "ticket_id = ANY(?::bigint[])", (unique,))
    else:
        rows = []
        for start in range(0, len(unique), 500):  # within SQLite's parameter limit
            chunk = unique[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows += await conn.execute_fetchall(_OPEN + f"ticket_id IN ({marks})", chunk)
    for r in rows:
        found.setdefault(int(r[0]), {})[r[1]] = Deadline(*r)
    return found


async def due_deadlines(db: Database, now: str, limit: int = 200) -> list[tuple[Deadline, str]]:
    """(deadline, "remind" | "escalate") whose time has come and that has not fired."""
    rows = await db.fetchall(
        "SELECT ticket_id, kind, started_at, remind_at, due_at, reminded_at, escalated_at, "
        "CASE WHEN due_at <= ? THEN 'escalate' ELSE 'remind' END FROM ticket_deadlines "
        "WHERE done_at IS NULL AND ((due_at <= ? AND escalated_at IS NULL) OR "
        "(remind_at <= ? AND reminded_at IS NULL AND due_at > ?)) ORDER BY due_at LIMIT ?",
        (now, now, now, now, limit),
    )
    return [(Deadline(*r[:7]), str(r[7])) for r in rows]


async def mark_fired(conn: Connection, ticket_id: int, kind: str, what: str, now: str) -> bool:
    """Set reminded_at/escalated_at once; False when another round already fired it."""
    column = "escalated_at" if what == "escalate" else "reminded_at"
    extra = ", reminded_at = COALESCE(reminded_at, ?)" if what == "escalate" else ""
    params: tuple[object, ...] = (
        (now, now, ticket_id, kind) if what == "escalate" else (now, ticket_id, kind)
    )
    cursor = await conn.execute(
        f"UPDATE ticket_deadlines SET {column} = ?{extra} WHERE ticket_id = ? AND kind = ? AND "
        f"{column} IS NULL AND done_at IS NULL",
        params,
    )
    return cursor.rowcount == 1
