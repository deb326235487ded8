"""Evidence queries: files a citizen sent, their size, type and SHA-256."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.store import tickets
from bot.store.connection import Connection
from bot.store.database import fetch_first, iso, utcnow


async def insert(
    conn: Connection,
    *,
    citizen_id: int,
    channel: str,
    kind: str,
    file_ref: str,
    unique_ref: str | None,
    mime_type: str | None,
    size: int,
    sha256: str,
    stored_name: str,
    caption: str | None,
    album_id: str | None,
) -> int:
    row = await fetch_first(
        conn,
        "INSERT INTO evidence (citizen_id, channel, kind, file_ref, unique_ref, mime_type, "
        "size, sha256, stored_name, caption, album_id, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (
            citizen_id,
            channel,
            kind,
            file_ref,
            unique_ref,
            mime_type,
            size,
            sha256,
            stored_name,
            caption,
            album_id,
            iso(utcnow()),
        ),
    )
    assert row is not None
    return int(row[0])


async def bytes_since(conn: Connection, citizen_id: int, since: datetime) -> int:
    row = await fetch_first(
        conn,
        "SELECT COALESCE(SUM(size), 0) FROM evidence WHERE citizen_id = ? AND created_at >= ?",
        (citizen_id, iso(since)),
    )
    return int(row[0]) if row else 0


async def forwardable(
    conn: Connection, file_ref: str, ticket_id: int | None
) -> tuple[str, str | None, int] | None:
    """A citizen's evidence file by its platform handle, for forwarding it to officers:
    (stored_name, the ticket's reference, its number among the ticket's files), or None
    when Dumas keeps no such file. The ticket is the row's (`ticket_id`), else the file's."""
    row = await fetch_first(
        conn,
        "SELECT id, stored_name, ticket_id FROM evidence WHERE file_ref = ? "
        "ORDER BY ticket_id = ? DESC, id DESC LIMIT 1",
        (file_ref, ticket_id),
    )
    if row is None:
        return None
    evidence_id, stored_name, own_ticket = int(row[0]), str(row[1]), row[2]
    ticket = ticket_id if ticket_id is not None else own_ticket
    reference = await tickets.reference_of(conn, ticket) if ticket is not None else None
    number = evidence_id
    if own_ticket is not None and own_ticket == ticket:
        counted = await fetch_first(
            conn,
            "SELECT COUNT(*) FROM evidence WHERE ticket_id = ? AND id <= ?",
            (ticket, evidence_id),
        )
        number = int(counted[0]) if counted else evidence_id
    return stored_name, reference, number


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    kind: str
    file_ref: str
    channel: str
    caption: str | None


async def evidence_of(conn: Connection, ticket_id: int) -> list[EvidenceItem]:
    async with conn.execute(
        "SELECT kind, file_ref, channel, caption FROM evidence WHERE ticket_id = ? ORDER BY id",
        (ticket_id,),
    ) as cur:
        return [EvidenceItem(*row) for row in await cur.fetchall()]


async def count_evidence(conn: Connection, ticket_id: int) -> int:
    async with conn.execute(
        "SELECT COUNT(*) FROM evidence WHERE ticket_id = ?", (ticket_id,)
    ) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0
