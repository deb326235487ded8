"""What Dumas stores about a citizen, erasing it, and the retention purge.

Erasing a closed ticket keeps what the statistics and the transparency page need (the
ticket row with its category, unit, Polda, status, times, priority, rating, the district
part of the place code, and every ticket event with its time, kind, status and actor) and
removes what can identify or describe a person: the description, the place as typed, the
GPS pin, the time as typed, notes and comments, the text in the events' details, the
outbox payloads of sent messages, the evidence rows and their files, and the flagged
words. Erasing a citizen also replaces the chat account and name, deletes the
conversation and redacts the raw inbox payloads. Open tickets are never erased: they are
kept until closed (a citizen's request is then carried out by the retention purge, or by
asking again).

Everything in the database happens in the caller's transaction; evidence files are
unlinked only after the commit (`unlink_files`), and only when no other evidence row
still names the same file (files are stored by their SHA-256, so two tickets can share
one).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import aiosqlite

from bot.store.database import Database, iso, utcnow

log = logging.getLogger(__name__)

CLOSED = ("resolved", "rejected")
REDACTED = json.dumps({"redacted": True})
_TEXT_KEYS = ("text", "note", "comment", "from_text")


@dataclass(slots=True)
class Erased:
    tickets: int = 0
    files: int = 0
    citizens: int = 0
    open_kept: int = 0
    stored_names: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, int]:
        return {"tickets": self.tickets, "files": self.files, "citizens": self.citizens,
                "open_tickets_kept": self.open_kept}


async def _rows(conn: aiosqlite.Connection, sql: str, params: tuple[object, ...] = ()
                ) -> list[tuple[object, ...]]:
    async with conn.execute(sql, params) as cur:
        return [tuple(r) for r in await cur.fetchall()]


async def erase_ticket(conn: aiosqlite.Connection, ticket_id: int, now: datetime,
                       result: Erased) -> None:
    """Remove the personal data of one closed ticket (see the module's docstring)."""
    await conn.execute(
        "UPDATE tickets SET description = '', occurred_text = NULL, place_text = NULL, "
        "latitude = NULL, longitude = NULL, closing_note = NULL, rating_comment = NULL, "
        "flags = NULL, place_code = CASE WHEN place_code IS NULL THEN NULL ELSE "
        "substr(place_code, 1, 8) END, erased_at = ? WHERE id = ?", (iso(now), ticket_id))
    for event_id, detail in await _rows(conn, "SELECT id, detail FROM ticket_events WHERE "
                                              "ticket_id = ? AND detail IS NOT NULL",
                                        (ticket_id,)):
        try:
            data = json.loads(str(detail))
        except ValueError:
            data = {}
        if not isinstance(data, dict) or data.get("redacted"):
            continue
        kept = {k: v for k, v in data.items() if k not in _TEXT_KEYS}
        await conn.execute("UPDATE ticket_events SET detail = ? WHERE id = ?",
                           (json.dumps({"redacted": True, **kept}, ensure_ascii=False),
                            event_id))
    await conn.execute("UPDATE outbox SET payload = ? WHERE ticket_id = ? AND status IN "
                       "('sent', 'failed')", (REDACTED, ticket_id))
    names = await _rows(conn, "SELECT stored_name FROM evidence WHERE ticket_id = ?",
                        (ticket_id,))
    await conn.execute("DELETE FROM evidence WHERE ticket_id = ?", (ticket_id,))
    await conn.execute("UPDATE citizen_flags SET words = NULL WHERE ticket_id = ?",
                       (ticket_id,))
    result.tickets += 1
    result.files += len(names)
    result.stored_names += [str(n[0]) for n in names]


async def erase_identity(conn: aiosqlite.Connection, citizen_id: int, lane: str | None
                         ) -> None:
    """Replace the chat account and name; delete the conversation; redact raw messages."""
    marker = f"erased:{citizen_id}"
    row = await _rows(conn, "SELECT chat_id FROM citizens WHERE id = ?", (citizen_id,))
    await conn.execute("UPDATE citizens SET external_id = ?, chat_id = ?, display_name = NULL, "
                       "locale = NULL, platform_locale = NULL WHERE id = ?",
                       (marker, marker, citizen_id))
    await conn.execute("DELETE FROM conversations WHERE citizen_id = ?", (citizen_id,))
    await conn.execute("UPDATE citizen_flags SET words = NULL WHERE citizen_id = ?",
                       (citizen_id,))
    # unattached evidence (a draft that was never sent)
    if row:
        await conn.execute("UPDATE outbox SET payload = ? WHERE chat_id = ? AND status IN "
                           "('sent', 'failed')", (REDACTED, str(row[0][0])))
    if lane:
        await conn.execute("UPDATE inbox SET payload = '{}' WHERE lane = ? AND "
                           "processed_at IS NOT NULL", (lane,))


async def erase_citizen(conn: aiosqlite.Connection, citizen_id: int, now: datetime,
                        lane: str | None, reason: str = "request") -> Erased:
    """A citizen's /hapusdata: closed tickets erased; the identity too when nothing is open."""
    result = Erased()
    tickets = await _rows(conn, "SELECT id, status, erased_at FROM tickets WHERE citizen_id = ?",
                          (citizen_id,))
    for ticket_id, status, erased_at in tickets:
        if status not in CLOSED:
            result.open_kept += 1
        elif erased_at is None:
            await erase_ticket(conn, int(str(ticket_id)), now, result)
    if result.open_kept == 0:
        drafts = await _rows(conn, "SELECT stored_name FROM evidence WHERE citizen_id = ? AND "
                                   "ticket_id IS NULL", (citizen_id,))
        await conn.execute("DELETE FROM evidence WHERE citizen_id = ? AND ticket_id IS NULL",
                           (citizen_id,))
        result.files += len(drafts)
        result.stored_names += [str(n[0]) for n in drafts]
        await erase_identity(conn, citizen_id, lane)
        result.citizens = 1
    await conn.execute("INSERT INTO erasures (at, citizen_id, reason, tickets, files) VALUES "
                       "(?, ?, ?, ?, ?)", (iso(now), citizen_id, reason, result.tickets,
                                           result.files))
    return result


async def unlink_files(db: Database, evidence_dir: Path, names: list[str]) -> int:
    """After the commit: delete files no evidence row names any more."""
    removed = 0
    for name in dict.fromkeys(names):
        row = await db.fetchone("SELECT 1 FROM evidence WHERE stored_name = ? LIMIT 1", (name,))
        if row is not None:
            continue
        path = evidence_dir / name
        try:
            await asyncio.to_thread(path.unlink)
            removed += 1
        except FileNotFoundError:
            pass
        except OSError as exc:
            log.warning("could not delete evidence file %s: %s", name, exc)
    return removed


async def purge(db: Database, evidence_dir: Path, retention_days: int, now: datetime,
                dry_run: bool = False) -> dict[str, int]:
    """Erase closed tickets older than the retention period, then citizens left with
    nothing but erased tickets and no activity within it. Returns the counts."""
    cutoff = iso(now - timedelta(days=retention_days))
    due = await db.fetchall("SELECT id FROM tickets WHERE erased_at IS NULL AND status IN "
                            "('resolved', 'rejected') AND resolved_at IS NOT NULL AND "
                            "resolved_at < ?", (cutoff,))
    idle = await db.fetchall(
        "SELECT c.id FROM citizens c WHERE c.external_id NOT LIKE 'erased:%' AND "
        "COALESCE(c.last_inbound_at, c.created_at) < ? AND NOT EXISTS (SELECT 1 FROM tickets "
        "t WHERE t.citizen_id = c.id AND (t.status NOT IN ('resolved', 'rejected') OR "
        "(t.erased_at IS NULL AND (t.resolved_at IS NULL OR t.resolved_at >= ?))))",
        (cutoff, cutoff))
    result = Erased()
    if dry_run:
        files = await db.fetchone(
            "SELECT COUNT(*) FROM evidence WHERE ticket_id IN (SELECT id FROM tickets WHERE "
            "erased_at IS NULL AND status IN ('resolved', 'rejected') AND resolved_at < ?)",
            (cutoff,))
        return {"tickets": len(due), "files": int(files[0]) if files else 0,
                "citizens": len(idle), "dry_run": 1}
    for (ticket_id,) in due:
        async with db.transaction() as conn:
            await erase_ticket(conn, int(ticket_id), now, result)
    for (citizen_id,) in idle:
        async with db.transaction() as conn:
            await erase_identity(conn, int(citizen_id), None)
            result.citizens += 1
    async with db.transaction() as conn:
        await conn.execute("UPDATE inbox SET payload = '{}' WHERE processed_at IS NOT NULL "
                           "AND received_at < ? AND payload != '{}'", (cutoff,))
        if result.tickets or result.citizens:
            await conn.execute("INSERT INTO erasures (at, citizen_id, reason, tickets, files) "
                               "VALUES (?, NULL, 'retention', ?, ?)",
                               (iso(now), result.tickets, result.files))
    await unlink_files(db, evidence_dir, result.stored_names)
    return result.to_json()


async def run_daily(db: Database, evidence_dir: Path, retention_days: int,
                    clock: Callable[[], datetime] = utcnow, interval: float = 86400.0) -> None:
    """The retention loop: a purge at start-up and then once a day."""
    while True:
        try:
            counts = await purge(db, evidence_dir, retention_days, clock())
            if counts.get("tickets") or counts.get("citizens"):
                log.info("retention purge: %s", counts)
        except Exception:
            log.exception("retention purge failed")
        await asyncio.sleep(interval)
