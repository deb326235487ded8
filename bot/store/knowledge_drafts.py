"""`knowledge_drafts`: officers' answers saved as draft knowledge articles.

One row per officer reply saved with "💾 Save as answer" (bot/officers/card_actions/
drafts.py): the citizen's question, the officer's reply, the unit (NULL for a national
draft, which a supervisory group saved and so approved), who saved it and when. The
reply's message ("chat_id:message_id") is unique, so pressing twice saves once.
`dumas kb drafts` lists them for review (bot/knowledge/drafts.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.store.connection import Connection
from bot.store.database import Database, iso

UNIT = "unit"
NATIONAL = "national"

_COLUMNS = (
    "id, source, ticket_id, unit_id, scope, question, answer, officer_id, officer_name, "
    "approved_by, created_at"
)


@dataclass(frozen=True, slots=True)
class Draft:
    id: int
    source: str
    ticket_id: int
    unit_id: str | None
    scope: str  # UNIT or NATIONAL
    question: str
    answer: str
    officer_id: str
    officer_name: str
    approved_by: str | None
    created_at: str


def _draft(row: Any) -> Draft:
    return Draft(
        int(row[0]),
        str(row[1]),
        int(row[2]),
        None if row[3] is None else str(row[3]),
        str(row[4]),
        str(row[5]),
        str(row[6]),
        str(row[7]),
        str(row[8]),
        None if row[9] is None else str(row[9]),
        str(row[10]),
    )


async def by_source(conn: Connection, source: str) -> Draft | None:
    cursor = await conn.execute(
        f"SELECT {_COLUMNS} FROM knowledge_drafts WHERE source = ?", (source,)
    )
    row = await cursor.fetchone()
    return _draft(row) if row else None


async def save(
    conn: Connection,
    *,
    source: str,
    ticket_id: int,
    unit_id: str | None,
    scope: str,
    question: str,
    answer: str,
    officer_id: str,
    officer_name: str,
    approved_by: str | None,
    at: datetime,
) -> tuple[Draft, bool]:
    """The draft of this reply, and whether it was saved now (False: saved before)."""
    cursor = await conn.execute(
        "INSERT INTO knowledge_drafts (source, ticket_id, unit_id, scope, question, answer, "
        "officer_id, officer_name, approved_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source) DO NOTHING",
        (
            source,
            ticket_id,
            unit_id,
            scope,
            question,
            answer,
            officer_id,
            officer_name,
            approved_by,
            iso(at),
        ),
    )
    new = cursor.rowcount == 1
    draft = await by_source(conn, source)
    assert draft is not None
    return draft, new


async def all_drafts(db: Database) -> list[Draft]:
    """Every draft, oldest first."""
    rows = await db.fetchall(f"SELECT {_COLUMNS} FROM knowledge_drafts ORDER BY id")
    return [_draft(r) for r in rows]


async def draft(db: Database, draft_id: int) -> Draft | None:
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM knowledge_drafts WHERE id = ?", (draft_id,))
    return _draft(row) if row else None
