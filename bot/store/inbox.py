"""Inbox queries: durable, deduplicated record of every inbound platform event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.store.connection import Connection
from bot.store.database import Database, fetch_first, iso, utcnow


@dataclass(frozen=True, slots=True)
class InboxRow:
    id: int
    channel: str
    external_id: str
    lane: str
    payload: str
    # Rows of this lane received since the flood window's start, up to this one, timers
    # left out (flood control: bot/dispatcher.py `_slow_down_floods`). Read with the row,
    # so the check needs no statement of its own (a round trip on PostgreSQL).
    recent: int = 0
    # Whether another pending row of the lane was behind this one when it was read (True
    # when not known): with False, the drain need not look again after this row unless a
    # new row was announced meanwhile (bot/dispatcher.py `_drain_rows`).
    more: bool = True


async def record(
    db: Database, channel: str, external_id: str, lane: str, payload: str
) -> int | None:
    """Store one event; None when (channel, external_id) is already stored (a redelivery)."""
    async with db.transaction() as conn:
        return await insert(conn, channel, external_id, lane, payload)


async def insert(
    conn: Connection, channel: str, external_id: str, lane: str, payload: str
) -> int | None:
    # RETURNING id (not lastrowid): both databases answer it; no row is a redelivery
    row = await fetch_first(
        conn,
        "INSERT INTO inbox (channel, external_id, lane, payload, received_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (channel, external_id) DO NOTHING RETURNING id",
        (channel, external_id, lane, payload, iso(utcnow())),
    )
    return int(row[0]) if row else None


# 5 parameters a row; SQLite allows 32,766 in one statement
MAX_ROWS_PER_INSERT = 500

# channel, external id, lane, payload, received_at (ISO UTC; None: now)
NewRow = tuple[str, str, str, str, str | None]


async def insert_many(conn: Connection, rows: list[NewRow]) -> dict[tuple[str, str], int]:
    """Store rows in ONE statement (one hop to the database thread); return
    (channel, external id) -> id of the rows that were new."""
    if not rows:
        return {}
    now = iso(utcnow())
    values = ", ".join(["(?, ?, ?, ?, ?)"] * len(rows))
    params = [
        value
        for channel, external_id, lane, payload, received_at in rows
        for value in (channel, external_id, lane, payload, received_at or now)
    ]
    stored = await conn.execute_fetchall(
        f"INSERT INTO inbox (channel, external_id, lane, payload, received_at) VALUES {values} "
        "ON CONFLICT (channel, external_id) DO NOTHING RETURNING id, channel, external_id",
        params,
    )
    return {(channel, external_id): row_id for row_id, channel, external_id in stored}


async def pending_lanes(db: Database) -> list[str]:
    """Lanes with a row to handle. Cheap enough to ask every few seconds (the sweep on
    PostgreSQL): it reads only the partial index `inbox_pending` (lane, id) WHERE
    processed_at IS NULL (0001_init.sql), which holds the pending rows alone."""
    rows = await db.fetchall("SELECT DISTINCT lane FROM inbox WHERE processed_at IS NULL")
    return [r["lane"] for r in rows]


async def has_pending(db: Database, lane: str) -> bool:
    """Whether the lane has a row to handle (the same index as `next_pending`)."""
    row = await db.fetchone(
        "SELECT 1 FROM inbox WHERE lane = ? AND processed_at IS NULL LIMIT 1", (lane,)
    )
    return row is not None


# the lane's next row, how many of its rows came in since the flood window began, and
# whether another pending row follows it (read from the partial index `inbox_pending`)
NEXT_PENDING = (
    "SELECT id, channel, external_id, lane, payload, "
    "(SELECT COUNT(*) FROM inbox r WHERE r.lane = inbox.lane AND r.received_at >= ? "
    "AND r.id <= inbox.id AND r.channel != 'timer'), "
    "EXISTS (SELECT 1 FROM inbox n WHERE n.lane = inbox.lane AND n.processed_at IS NULL "
    "AND n.id > inbox.id) "
    "FROM inbox WHERE lane = ? AND processed_at IS NULL ORDER BY id LIMIT 1"
)


async def next_pending(db: Database, lane: str, flood_since: datetime) -> InboxRow | None:
    """The lane's oldest pending row, with its `recent` count since `flood_since` and
    whether another pending row follows it (`more`)."""
    row = await db.fetchone(NEXT_PENDING, (iso(flood_since), lane))
    if row is None:
        return None
    return InboxRow(row[0], row[1], row[2], row[3], row[4], int(row[5]), bool(row[6]))


class AlreadyProcessed(RuntimeError):
    """The row was marked processed by someone else: the transaction must not commit."""


async def mark_processed(conn: Connection, inbox_id: int, outcome: str) -> None:
    """Mark a pending row processed, in the transaction that applies its effects.

    Only a pending row is marked; otherwise AlreadyProcessed rolls the transaction back.
    With several instances that is the last guard of "each row once": an instance whose
    connection dropped mid-row lost its lane, and another may have handled the row since
    (on PostgreSQL the second UPDATE waits for the first to commit and then finds the
    row no longer pending)."""
    cursor = await conn.execute(
        "UPDATE inbox SET processed_at = ?, outcome = ? WHERE id = ? AND processed_at IS NULL",
        (iso(utcnow()), outcome[:200], inbox_id),
    )
    if cursor.rowcount == 0:
        raise AlreadyProcessed(f"inbox row {inbox_id} was already processed")


async def pending_count(db: Database) -> int:
    row = await db.fetchone("SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL")
    return int(row[0]) if row else 0
