"""Evidence queries: files a citizen sent, their size, type and SHA-256."""

from __future__ import annotations

from datetime import datetime

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
    cursor = await conn.execute(
        "INSERT INTO evidence (citizen_id, channel, kind, file_ref, unique_ref, mime_type, "
        "size, sha256, stored_name, caption, album_id, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def bytes_since(conn: Connection, citizen_id: int, since: datetime) -> int:
    row = await fetch_first(
        conn,
        "SELECT COALESCE(SUM(size), 0) FROM evidence WHERE citizen_id = ? AND created_at >= ?",
        (citizen_id, iso(since)),
    )
    return int(row[0]) if row else 0
