"""Store queries of the WhatsApp channel: message parts sent to Twilio, their delivery
status, the 24-hour window, and rows held outside it.

Tables: `whatsapp_parts` (migration 0003) and the shared `outbox`, `citizens`, `tickets`
and `ticket_events`. Officers see WhatsApp delivery problems as ticket events
(`delivery_failed`, `held_outside_window`, `released`) written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.outbox.messages import notice_of, ticket_named
from bot.store import tickets as ticket_store
from bot.store.connection import Connection
from bot.store.database import Database, iso, parse_iso, utcnow
from bot.store.outbox import ERASE_AFTER_SEND, ROW_COLUMNS, OutboxRow, row_of

CHANNEL = "whatsapp"
PREFIX = "whatsapp:"


def user_id_of(address: str) -> str:
    """`whatsapp:+62812...` -> `+62812...`: the citizen's identity on this channel."""
    return address.removeprefix(PREFIX)


# Status callbacks can arrive out of order: never move a part back to an earlier status.
_RANK = {
    "accepted": 0,
    "scheduled": 0,
    "queued": 0,
    "sending": 1,
    "sent": 2,
    "delivered": 3,
    "read": 4,
    "failed": 5,
    "undelivered": 5,
    "canceled": 5,
}
FAILED = ("failed", "undelivered", "canceled")


@dataclass(frozen=True, slots=True)
class Part:
    outbox_id: int
    part: int
    started_at: str | None
    message_sid: str | None
    status: str | None
    error_code: str | None


_PART_COLUMNS = "outbox_id, part, started_at, message_sid, status, error_code"


async def parts(db: Database, outbox_id: int) -> dict[int, Part]:
    rows = await db.fetchall(
        f"SELECT {_PART_COLUMNS} FROM whatsapp_parts WHERE outbox_id = ?", (outbox_id,)
    )
    return {row[1]: Part(*row) for row in rows}


async def start_part(db: Database, outbox_id: int, part: int, now: datetime) -> None:
    """Recorded before the request, so an unanswered request is known after a crash."""
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO whatsapp_parts (outbox_id, part, started_at, updated_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (outbox_id, part) DO UPDATE SET "
            "started_at = excluded.started_at, updated_at = excluded.updated_at, "
            "message_sid = NULL, status = NULL, error_code = NULL",  # a new message
            (outbox_id, part, iso(now), iso(now)),
        )


async def part_created(
    db: Database, outbox_id: int, part: int, sid: str, status: str | None, now: datetime
) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO whatsapp_parts (outbox_id, part, message_sid, status, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (outbox_id, part) DO UPDATE SET "
            "message_sid = excluded.message_sid, "
            "status = COALESCE(whatsapp_parts.status, excluded.status), "
            "updated_at = excluded.updated_at",
            (outbox_id, part, sid, status, iso(now)),
        )


async def part_not_created(db: Database, outbox_id: int, part: int, now: datetime) -> None:
    """Twilio answered with an error: nothing was created, a resend cannot duplicate."""
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE whatsapp_parts SET started_at = NULL, updated_at = ? "
            "WHERE outbox_id = ? AND part = ? AND message_sid IS NULL",
            (iso(now), outbox_id, part),
        )


async def known_sids(db: Database, sids: list[str]) -> set[str]:
    if not sids:
        return set()
    marks = ", ".join("?" * len(sids))
    rows = await db.fetchall(
        f"SELECT message_sid FROM whatsapp_parts WHERE message_sid IN ({marks})", tuple(sids)
    )
    return {row[0] for row in rows}


@dataclass(frozen=True, slots=True)
class StatusChange:
    outbox_id: int
    part: int
    status: str
    error_code: str | None
    became_failed: bool


async def record_status(
    db: Database,
    *,
    sid: str,
    status: str,
    error_code: str | None,
    outbox_id: int | None,
    part: int | None,
    now: datetime,
) -> StatusChange | None:
    """Apply one status callback; None when it belongs to no part we know."""
    status = status.lower()
    async with db.transaction() as conn:
        async with conn.execute(
            f"SELECT {_PART_COLUMNS} FROM whatsapp_parts WHERE message_sid = ?", (sid,)
        ) as cur:
            row = await cur.fetchone()
        if row is None and outbox_id is not None and part is not None:
            # The create request timed out but Twilio made the message: learn its sid here
            # so the retry does not send it again.
            async with conn.execute(
                f"SELECT {_PART_COLUMNS} FROM whatsapp_parts WHERE "
                "outbox_id = ? AND part = ? AND message_sid IS NULL",
                (outbox_id, part),
            ) as cur:
                row = await cur.fetchone()
            if row is not None:
                await conn.execute(
                    "UPDATE whatsapp_parts SET message_sid = ?, updated_at = ? "
                    "WHERE outbox_id = ? AND part = ?",
                    (sid, iso(now), outbox_id, part),
                )
        if row is None:
            return None
        found = Part(*row)
        if _RANK.get(status, -1) < _RANK.get(found.status or "", -1):
            return StatusChange(
                found.outbox_id, found.part, found.status or status, found.error_code, False
            )
        was_failed = found.status in FAILED
        await conn.execute(
            "UPDATE whatsapp_parts SET status = ?, error_code = ?, "
            "updated_at = ? WHERE outbox_id = ? AND part = ?",
            (status, error_code or found.error_code, iso(now), found.outbox_id, found.part),
        )
        return StatusChange(
            found.outbox_id, found.part, status, error_code, status in FAILED and not was_failed
        )


async def ticket_for(conn: Connection, row: OutboxRow, newest: bool = True) -> int | None:
    """The ticket an outbox row to a citizen is about: its own, or (`newest`) the
    citizen's newest ticket."""
    if row.ticket_id is not None:
        return row.ticket_id
    value = ticket_named(row.message)
    if value is not None:
        return value
    if not newest:
        return None
    return await ticket_store.newest_of_account(conn, CHANNEL, user_id_of(row.chat_id))


async def ticket_reference(db: Database, row: OutboxRow) -> str:
    async with db.reading() as conn:
        ticket_id = await ticket_for(conn, row)
        if ticket_id is None:
            return ""
        found = await ticket_store.reference_of(conn, ticket_id)
    return found or ""


async def last_inbound(db: Database, chat_id: str) -> datetime | None:
    row = await db.fetchone(
        "SELECT last_inbound_at FROM citizens WHERE channel = ? AND external_id = ?",
        (CHANNEL, user_id_of(chat_id)),
    )
    if row is None:
        # An erased citizen (/hapusdata): the answers written with the erasure, in the
        # transaction that handled their last message, are still within the window.
        row = await db.fetchone(
            "SELECT MAX(created_at) FROM outbox WHERE channel = ? AND chat_id = ? AND "
            "status IN ('pending', 'sending') AND instr(payload, ?) > 0",
            (CHANNEL, chat_id, ERASE_AFTER_SEND),
        )
    return parse_iso(row[0]) if row else None


async def _event(conn: Connection, row: OutboxRow, kind: str, detail: dict[str, Any]) -> None:
    ticket_id = await ticket_for(conn, row)
    if ticket_id is not None:
        await ticket_store.add_event(
            conn,
            ticket_id,
            kind,
            at=utcnow(),  # the outbox runs on wall-clock time
            actor_kind="system",
            detail={"channel": CHANNEL, "outbox_id": row.id, **detail},
        )


async def hold(db: Database, row: OutboxRow, reason: str) -> None:
    """Keep a row that may not be sent now (outside the 24-hour window, no template)."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE outbox SET status = 'held', last_error = ? WHERE id = ? AND "
            "status IN ('pending', 'sending', 'sent', 'failed')",
            (reason, row.id),
        )
        if cursor.rowcount:
            await _event(
                conn,
                row,
                "held_outside_window",
                {"notice": notice_of(row.message), "reason": reason},
            )


async def release(db: Database, user_id: str, now: datetime) -> int:
    """The citizen wrote: the window is open again, so held rows go out (in their order).

    Also refreshes `last_inbound_at` now, so the released rows pass the window check even
    before the dispatcher has handled the new message.
    """
    chat_id = f"whatsapp:{user_id}"
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE citizens SET last_inbound_at = ? WHERE channel = ? AND external_id = ?",
            (iso(now), CHANNEL, user_id),
        )
        async with conn.execute(
            f"SELECT {ROW_COLUMNS} FROM outbox WHERE channel = ? AND chat_id = ? "
            "AND status = 'held' ORDER BY id",
            (CHANNEL, chat_id),
        ) as cur:
            held = [row_of(r) for r in await cur.fetchall()]
        for row in held:
            await conn.execute(
                "UPDATE outbox SET status = 'pending', not_before = ?, "
                "last_error = NULL WHERE id = ?",
                (iso(now), row.id),
            )
            await _event(conn, row, "released", {"notice": notice_of(row.message)})
    return len(held)


async def release_open_windows(db: Database, now: datetime, window: timedelta) -> int:
    """Held rows of citizens who wrote within the window (after a crash): pending again."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE outbox SET status = 'pending', not_before = ?, last_error = NULL "
            "WHERE channel = ? AND status = 'held' AND chat_id IN ("
            "SELECT 'whatsapp:' || external_id FROM citizens WHERE channel = ? "
            "AND last_inbound_at > ?)",
            (iso(now), CHANNEL, CHANNEL, iso(now - window)),
        )
        return cursor.rowcount


async def delivery_failed(db: Database, row: OutboxRow, error: str, mark_row: bool = False) -> None:
    """A message did not reach the citizen: record it where officers look (the ticket)."""
    async with db.transaction() as conn:
        if mark_row:
            await conn.execute(
                "UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ?",
                (error[:500], row.id),
            )
        await _event(
            conn,
            row,
            "delivery_failed",
            {"notice": notice_of(row.message), "error": error[:200]},
        )
