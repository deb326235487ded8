"""Reading a web chat back: what the browser sent (inbox) and what was delivered (outbox)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.store.database import Database

CHANNEL = "web"


@dataclass(frozen=True, slots=True)
class Item:
    at: str
    source: str  # "in" (the browser's own post) or "out" (delivered by Dumas)
    id: int
    kind: str
    payload: dict[str, Any]
    external_id: str | None = None


async def version(db: Database) -> str:
    """Changes whenever a web post is stored or a web row delivered (for long polling)."""
    # A count, not the largest sent id: rows of different chats are delivered out of id
    # order (a retry, a held chat), and the poll must wake on each. PostgreSQL's index
    # of sent web rows (migration 0018) names the generated column `phase`, which the
    # planner matches only when the query names it; SQLite's outbox_chat serves `status`.
    sent = "phase = 'sent'" if db.dialect == "postgresql" else "status = 'sent'"
    row = await db.fetchone(
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM inbox WHERE channel = ?), "
        f"(SELECT COUNT(*) FROM outbox WHERE channel = ? AND {sent}), "
        "(SELECT COUNT(*) FROM inbox WHERE channel = ? AND processed_at IS NULL)",
        (CHANNEL, CHANNEL, CHANNEL),
    )
    assert row is not None
    return f"{row[0]}.{row[1]}.{row[2]}"


async def timeline(db: Database, lane: str, chat_id: str, limit: int = 400) -> list[Item]:
    """One chat's posts and deliveries in time order (callback answers included)."""
    inbound = await db.fetchall(
        "SELECT id, payload, received_at FROM inbox WHERE channel = ? AND lane = ? "
        "ORDER BY id DESC LIMIT ?",
        (CHANNEL, lane, limit),
    )
    outbound = await db.fetchall(
        "SELECT id, kind, payload, external_id, sent_at FROM outbox WHERE channel = ? AND "
        "chat_id IN (?, ?) AND status = 'sent' ORDER BY id DESC LIMIT ?",
        (CHANNEL, chat_id, f"{chat_id}#cb", limit),
    )
    items = [Item(r[2], "in", r[0], "post", json.loads(r[1])) for r in inbound]
    items += [Item(r[4] or "", "out", r[0], r[1], json.loads(r[2]), r[3]) for r in outbound]
    items.sort(key=lambda i: (i.at, i.source == "out", i.id))
    return items[-limit:]


async def pending(db: Database, lane: str) -> int:
    row = await db.fetchone(
        "SELECT COUNT(*) FROM inbox WHERE channel = ? AND lane = ? AND processed_at IS NULL",
        (CHANNEL, lane),
    )
    return int(row[0]) if row else 0
