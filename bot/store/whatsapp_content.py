"""Store queries of the Twilio Content resources the WhatsApp sender created.

Table: `whatsapp_content` (migration 0010): the content sid of each interactive message
definition (quick-reply buttons or a list picker), keyed by a hash of the definition, so
a definition is created at Twilio once and reused for every citizen and every body.
"""

from __future__ import annotations

from datetime import datetime

from bot.store.database import Database, iso


async def content_sid(db: Database, key: str) -> str | None:
    """The sid of the content created for definition `key`, if any."""
    row = await db.fetchone("SELECT content_sid FROM whatsapp_content WHERE key = ?", (key,))
    return str(row[0]) if row is not None else None


async def remember(db: Database, key: str, sid: str, kind: str, now: datetime) -> str:
    """Record `sid` for `key`; if another sender recorded one first, keep and return that."""
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO whatsapp_content (key, content_sid, kind, created_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
            (key, sid, kind, iso(now)),
        )
    return await content_sid(db, key) or sid
