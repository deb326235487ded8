"""Privacy queries: erasing a citizen's personal data, the retention purge's reads and
writes, the `erasures` log, and what /dataku shows.

Erasing a closed ticket keeps what the statistics and the transparency page need (the
ticket row with its category, unit, Polda, status, times, priority, rating, the district
part of the place code, and every ticket event with its time, kind, status and actor) and
removes what can identify or describe a person: the description, the place as typed, the
GPS pin, the time as typed, notes and comments, the text in the events' details, the
outbox payloads of sent messages, the evidence rows, and the flagged words. Erasing a
citizen (nothing open) also replaces every identifier with an erased marker: the chat
account and name, the raw inbox payloads and lanes, the chat ids and payloads of the
messages sent to them (those still waiting are cancelled; the /hapusdata answer is
erased by the outbox store once sent), the conversation and a draft's files. A citizen
with an open ticket keeps the chat account, which officers need to answer; the rest goes.
Open tickets are never erased: they are kept until closed.

Functions taking a connection run inside the caller's transaction; those taking the
`Database` are plain reads outside one. The statements on the `tickets` table alone (the
purge's lists of tickets due, closing an unhandled ticket, /dataku's list of the
citizen's tickets) are in bot/store/tickets.py; what stays here erases across tables.
Evidence files on disk are not this module's business: the erase functions only collect
their names (`Erased.stored_names`) for the caller to unlink after the commit
(bot/privacy/service.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from bot.store import citizens
from bot.store.connection import Connection
from bot.store.database import Database, durable, iso
from bot.store.outbox import ERASE_AFTER_SEND
from bot.tickets.status import CLOSED

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
        return {
            "tickets": self.tickets,
            "files": self.files,
            "citizens": self.citizens,
            "open_tickets_kept": self.open_kept,
        }


async def _rows(
    conn: Connection, sql: str, params: tuple[object, ...] = ()
) -> list[tuple[object, ...]]:
    async with conn.execute(sql, params) as cur:
        return [tuple(r) for r in await cur.fetchall()]


# --- erasing (in the caller's transaction) ----------------------------------------------


async def erase_ticket(conn: Connection, ticket_id: int, now: datetime, result: Erased) -> None:
    """Remove the personal data of one closed ticket (see the module's docstring)."""
    await conn.execute(
        "UPDATE tickets SET description = '', occurred_text = NULL, place_text = NULL, "
        "latitude = NULL, longitude = NULL, closing_note = NULL, rating_comment = NULL, "
        "flags = NULL, place_code = CASE WHEN place_code IS NULL THEN NULL ELSE "
        "substr(place_code, 1, 8) END, erased_at = ? WHERE id = ?",
        (iso(now), ticket_id),
    )
    for event_id, detail in await _rows(
        conn,
        "SELECT id, detail FROM ticket_events WHERE ticket_id = ? AND detail IS NOT NULL",
        (ticket_id,),
    ):
        try:
            data = json.loads(str(detail))
        except ValueError:
            data = {}
        if not isinstance(data, dict) or data.get("redacted"):
            continue
        kept = {k: v for k, v in data.items() if k not in _TEXT_KEYS}
        await conn.execute(
            "UPDATE ticket_events SET detail = ? WHERE id = ?",
            (json.dumps({"redacted": True, **kept}, ensure_ascii=False), event_id),
        )
    await conn.execute(
        "UPDATE outbox SET payload = ? WHERE ticket_id = ? AND status IN ('sent', 'failed')",
        (REDACTED, ticket_id),
    )
    names = await _rows(conn, "SELECT stored_name FROM evidence WHERE ticket_id = ?", (ticket_id,))
    await conn.execute("DELETE FROM evidence WHERE ticket_id = ?", (ticket_id,))
    await conn.execute("UPDATE citizen_flags SET words = NULL WHERE ticket_id = ?", (ticket_id,))
    # A draft article saved from an officer's answer holds the citizen's question word for
    # word (and the answer may name them): it goes with the ticket's personal data. An
    # article already reviewed and committed under data/knowledge is the reviewer's text.
    await conn.execute("DELETE FROM knowledge_drafts WHERE ticket_id = ?", (ticket_id,))
    result.tickets += 1
    result.files += len(names)
    result.stored_names += [str(n[0]) for n in names]


# The lane a channel's adapter gives a citizen's messages (bot/channels/*/adapter.py
# `citizen_lane`), for the purge, which runs without the adapters.
_LANE_PREFIX = {"telegram": "tg:", "whatsapp": "wa:", "web": "web:", "console": "console:"}
ERASED_CHAT = "erased"


async def erase_identity(
    conn: Connection,
    citizen_id: int,
    lane: str | None,
    result: Erased | None = None,
    *,
    handling: int | None = None,
) -> None:
    """Replace every identifier of the citizen: the chat account and name, the raw
    messages (inbox payloads and lanes), the messages sent to them (outbox chat ids and
    payloads, callback answers included), the conversation and the files of a draft.
    `handling`: the inbox id of the message whose step this erasure is (the citizen's
    /hapusdata): its raw message goes too (`scrub_lane`)."""
    marker = f"erased:{citizen_id}"
    row = await _rows(
        conn, "SELECT channel, external_id, chat_id FROM citizens WHERE id = ?", (citizen_id,)
    )
    await conn.execute(
        "UPDATE citizens SET external_id = ?, chat_id = ?, display_name = NULL, "
        "locale = NULL, platform_locale = NULL WHERE id = ?",
        (marker, marker, citizen_id),
    )
    await conn.execute("UPDATE citizen_flags SET words = NULL WHERE citizen_id = ?", (citizen_id,))
    await _forget_draft(conn, citizen_id, result)
    if row:
        channel, external_id, chat_id = (str(v) for v in row[0])
        await scrub_chat(conn, channel, chat_id, cancel_pending=True)
        lane = lane or _LANE_PREFIX.get(channel, "") + external_id
    if lane:
        await scrub_lane(conn, lane, marker, handling=handling)


async def _forget_draft(conn: Connection, citizen_id: int, result: Erased | None) -> None:
    """The conversation (a draft in progress) and the files sent for a draft."""
    await conn.execute("DELETE FROM conversations WHERE citizen_id = ?", (citizen_id,))
    names = await forget_draft_files(conn, citizen_id)
    if result is not None:
        result.files += len(names)
        result.stored_names += names


# Files sent about an open ticket were stored without a ticket before the dispatcher
# attached them (AttachMessage): while a citizen has an open ticket, their unattached
# files may be such follow-ups, which officers still need, so they wait for the close.
_NO_OPEN_TICKET = (
    "NOT EXISTS (SELECT 1 FROM tickets t WHERE t.citizen_id = evidence.citizen_id AND "
    "t.status NOT IN ('resolved', 'rejected'))"
)


async def forget_draft_files(conn: Connection, citizen_id: int) -> list[str]:
    """Delete the evidence rows of files not attached to a ticket (a draft's), unless the
    citizen has an open ticket; returns their stored names for the caller to unlink
    after the commit."""
    where = f"citizen_id = ? AND ticket_id IS NULL AND {_NO_OPEN_TICKET}"
    drafts = await _rows(conn, f"SELECT stored_name FROM evidence WHERE {where}", (citizen_id,))
    if drafts:
        await conn.execute(f"DELETE FROM evidence WHERE {where}", (citizen_id,))
        # the files go after the commit: it must not be lost once they are (a DEFERRED
        # step's rows would come back naming deleted files)
        await durable(conn)
    return [str(n[0]) for n in drafts]


async def scrub_chat(conn: Connection, channel: str, chat_id: str, cancel_pending: bool) -> None:
    """Messages to this chat: sent and failed ones get the marker as chat id and no
    payload. Rows still waiting (pending, held) are cancelled the same way when
    `cancel_pending`: a notice to an erased account must not go out later. A row being
    sent right now is left to finish; its payload is flagged by `seal_in_flight`."""
    chats = (chat_id, f"{chat_id}#cb")
    statuses = "('sent', 'failed', 'pending', 'held')" if cancel_pending else "('sent', 'failed')"
    await conn.execute(
        f"UPDATE outbox SET chat_id = ?, payload = ?, last_error = CASE WHEN status IN "
        f"('pending', 'held') THEN 'cancelled: data erased' ELSE "
        f"last_error END, status = CASE WHEN status IN ('pending', 'held') THEN 'failed' "
        f"ELSE status END WHERE channel = ? AND chat_id IN (?, ?) AND status IN {statuses}",
        (ERASED_CHAT, REDACTED, channel, *chats),
    )
    await seal_in_flight(conn, channel, chat_id)


async def seal_in_flight(conn: Connection, channel: str, chat_id: str) -> None:
    """Rows to this chat still to be sent (the /hapusdata answer itself, written after
    the erasure in the same transaction) are erased by the outbox store once sent."""
    if conn.dialect == "postgresql":
        # The flag spelled as SQLite's json_set writes it (bot/store/outbox.py looks for
        # that text); jsonb would write '"erase_after_send": true'.
        flagged = (
            "CASE WHEN instr(payload, '" + ERASE_AFTER_SEND + "') > 0 THEN payload "
            "WHEN payload = '{}' THEN '{" + ERASE_AFTER_SEND + "}' "
            "ELSE left(payload, -1) || '," + ERASE_AFTER_SEND + "}' END"
        )
    else:
        flagged = "json_set(payload, '$.erase_after_send', json('true'))"
    await conn.execute(
        f"UPDATE outbox SET payload = {flagged} WHERE channel = ? AND chat_id IN (?, ?) "
        "AND status IN ('pending', 'sending', 'held')",
        (channel, chat_id, f"{chat_id}#cb"),
    )


async def scrub_lane(conn: Connection, lane: str, marker: str, *, handling: int | None) -> None:
    """Raw inbound messages of the lane: handled rows lose their payload and their lane,
    and so does the one being handled now, `handling` (the inbox id of the /hapusdata
    message, passed by the dispatcher). Other unhandled rows are messages not handled
    yet: they are kept and handled as from a new contact. (Not "the lane's oldest
    unhandled row": on PostgreSQL ids commit out of order, so a message that took its id
    before the /hapusdata one can commit while that is handled, and it would be emptied
    instead of the /hapusdata message.)

    The retention purge handles no message (`handling` None): it erases a citizen with
    no unhandled row (`still_idle`), but on PostgreSQL (READ COMMITTED) each statement
    sees the rows committed before it, so a message stored after that check is the
    oldest unhandled row here; emptying it would lose the citizen's new message. Rows
    handled since the check need no other rule: the step that marks one handled writes
    the citizen's last contact in its transaction, which waits for the citizen row the
    purge locked. (Not "ids up to the largest read at the check": ids come from a
    sequence and commit out of order, so a row committed later can have a smaller id.)"""
    current = " OR id = ?" if handling is not None else ""
    await conn.execute(
        "UPDATE inbox SET payload = '{}', lane = ? WHERE lane = ? AND (processed_at IS NOT "
        f"NULL{current})",
        (marker, lane) if handling is None else (marker, lane, handling),
    )


async def erase_contact_details(
    conn: Connection,
    citizen_id: int,
    now: datetime,
    lane: str | None,
    result: Erased,
    *,
    handling: int | None = None,
) -> None:
    """A citizen with an open complaint: the chat account stays (officers must answer
    and report the outcome), everything else that names them goes: the name, the
    language, raw messages, past messages sent to them, a draft and its files. The name
    the platform sends with the next messages is not stored again (`citizens.forget_name`)."""
    row = await _rows(
        conn, "SELECT channel, external_id, chat_id FROM citizens WHERE id = ?", (citizen_id,)
    )
    await citizens.forget_name(conn, citizen_id, iso(now))
    await _forget_draft(conn, citizen_id, result)
    if row:
        channel, external_id, chat_id = (str(v) for v in row[0])
        await scrub_chat(conn, channel, chat_id, cancel_pending=False)
        lane = lane or _LANE_PREFIX.get(channel, "") + external_id
    if lane:
        await scrub_lane(conn, lane, f"erased:{citizen_id}", handling=handling)


async def erase_citizen(
    conn: Connection,
    citizen_id: int,
    now: datetime,
    lane: str | None,
    message: int,
    reason: str = "request",
) -> Erased:
    """A citizen's /hapusdata: closed tickets erased; the identity too when nothing is
    open. `message`: the inbox id of the /hapusdata message being handled, whose raw
    message is erased too."""
    # its files are deleted after the commit, and the citizen is told it is done: the
    # commit is on disk before either (a step's transaction is DEFERRED otherwise)
    await durable(conn)
    result = Erased()
    tickets = await _rows(
        conn, "SELECT id, status, erased_at FROM tickets WHERE citizen_id = ?", (citizen_id,)
    )
    for ticket_id, status, erased_at in tickets:
        if status not in CLOSED:
            result.open_kept += 1
        elif erased_at is None:
            await erase_ticket(conn, int(str(ticket_id)), now, result)
    # the /hapusdata message is the message being handled: its raw text goes too
    if result.open_kept == 0:
        await erase_identity(conn, citizen_id, lane, result, handling=message)
        result.citizens = 1
    else:
        await erase_contact_details(conn, citizen_id, now, lane, result, handling=message)
    await record_erasure(conn, now, citizen_id, reason, result.tickets, result.files)
    return result


async def redact_old_inbox(conn: Connection, cutoff: str) -> None:
    """Empty the raw payloads of processed inbox rows received before `cutoff` (ISO)."""
    # On a worker thread: with a million stored messages this scans for a noticeable time
    # (177 ms measured), which must not stall the event loop.
    await conn.execute_slow(
        "UPDATE inbox SET payload = '{}' WHERE processed_at IS NOT NULL AND received_at < ? "
        "AND payload != '{}'",
        (cutoff,),
    )


async def forget_abandoned_drafts(conn: Connection, result: Erased) -> None:
    """Files sent for a draft that was cancelled or expired (no draft in progress any
    more, no open ticket they might belong to) are deleted with it."""
    where = (
        "ticket_id IS NULL AND NOT EXISTS (SELECT 1 FROM conversations v WHERE "
        f"v.citizen_id = evidence.citizen_id AND v.state != 'idle') AND {_NO_OPEN_TICKET}"
    )
    names = await _rows(conn, f"SELECT stored_name FROM evidence WHERE {where}")
    await conn.execute(f"DELETE FROM evidence WHERE {where}")
    result.files += len(names)
    result.stored_names += [str(n[0]) for n in names]


async def checkpoint(db: Database) -> None:
    """Copy the write-ahead log into the database and truncate it, so that the old
    versions of erased rows do not stay in the -wal file."""
    if db.dialect == "sqlite":
        await db.fetchone("PRAGMA wal_checkpoint(TRUNCATE)")
    # PostgreSQL: old row versions go with (auto)vacuum; its WAL is recycled by the
    # server (and kept by archiving if the operator enabled it: see the README).


async def record_erasure(
    conn: Connection, at: datetime, citizen_id: int | None, reason: str, tickets: int, files: int
) -> None:
    """One row of the `erasures` log (citizen_id None for a retention purge)."""
    await conn.execute(
        "INSERT INTO erasures (at, citizen_id, reason, tickets, files) VALUES (?, ?, ?, ?, ?)",
        (iso(at), citizen_id, reason, tickets, files),
    )


# --- the retention purge's reads (outside a transaction) --------------------------------


# A citizen not yet erased, with no activity since the cutoff (ISO, the first parameter),
# and no ticket that is open or closed but still within the retention period and not
# erased (the cutoff again).
_IDLE = (
    "c.external_id NOT LIKE 'erased:%' AND COALESCE(c.last_inbound_at, c.created_at) < ? "
    "AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.citizen_id = c.id AND (t.status NOT "
    "IN ('resolved', 'rejected') OR (t.erased_at IS NULL AND (t.resolved_at IS NULL OR "
    "t.resolved_at >= ?))))"
)


async def idle_citizens(db: Database, cutoff: str) -> list[int]:
    """Ids of citizens idle since `cutoff` (`_IDLE`): the purge's candidates, read outside
    a transaction; `still_idle` checks each again before its erasure."""
    rows = await db.fetchall(f"SELECT c.id FROM citizens c WHERE {_IDLE}", (cutoff, cutoff))
    return [int(row[0]) for row in rows]


async def still_idle(conn: Connection, citizen_id: int, cutoff: str) -> bool:
    """In the erasing transaction: the citizen is still idle (`_IDLE`) and no message of
    theirs waits in the inbox or is being handled. A message of a long-idle citizen
    refreshes the last contact only in its step (SQLite: `citizens.touch` in the step's
    transaction), after a file download perhaps; erasing the identity before that step
    would give the step's conversation, file and last contact to an erased citizen (and
    `scrub_lane` would empty the message's payload). The step marks its inbox row
    handled in the transaction that writes the last contact, so between the two one of
    these conditions holds."""
    # PostgreSQL: the row locked, so that an arrival's upsert of the same citizen waits
    lock = " FOR UPDATE OF c" if conn.dialect == "postgresql" else ""
    found = await _rows(
        conn,
        f"SELECT c.channel, c.external_id FROM citizens c WHERE c.id = ? AND {_IDLE}{lock}",
        (citizen_id, cutoff, cutoff),
    )
    if not found:
        return False
    channel, external_id = (str(v) for v in found[0])
    lane = _LANE_PREFIX.get(channel, "") + external_id
    waiting = await _rows(
        conn, "SELECT 1 FROM inbox WHERE lane = ? AND processed_at IS NULL LIMIT 1", (lane,)
    )
    return not waiting


async def evidence_count_due(db: Database, cutoff: str) -> int:
    """Evidence rows of the closed tickets a purge with this `cutoff` would erase."""
    row = await db.fetchone(
        "SELECT COUNT(*) FROM evidence WHERE ticket_id IN (SELECT id FROM tickets WHERE "
        "erased_at IS NULL AND status IN ('resolved', 'rejected') AND resolved_at < ?)",
        (cutoff,),
    )
    return int(row[0]) if row else 0


# --- /dataku (in the caller's transaction) ----------------------------------------------


class CitizenRecord(NamedTuple):
    channel: str
    external_id: str
    display_name: str | None
    locale: str | None
    created_at: str | None
    platform_locale: str | None  # the app's language (Telegram) or the words' (guessed)


class ConsentRecord(NamedTuple):
    at: str
    notice_version: str
    granted: int


async def citizen_record(conn: Connection, citizen_id: int) -> CitizenRecord | None:
    async with conn.execute(
        "SELECT channel, external_id, display_name, locale, created_at, platform_locale "
        "FROM citizens WHERE id = ?",
        (citizen_id,),
    ) as cur:
        row = await cur.fetchone()
    return None if row is None else CitizenRecord(*row)


async def consents_of(conn: Connection, citizen_id: int) -> list[ConsentRecord]:
    """The citizen's answers to the privacy notice, oldest first."""
    async with conn.execute(
        "SELECT at, notice_version, granted FROM consents WHERE citizen_id = ? ORDER BY id",
        (citizen_id,),
    ) as cur:
        rows = await cur.fetchall()
    return [ConsentRecord(*row) for row in rows]


async def draft_evidence_count(conn: Connection, citizen_id: int) -> int:
    """Files the citizen sent for a complaint not filed yet."""
    async with conn.execute(
        "SELECT COUNT(*) FROM evidence WHERE citizen_id = ? AND ticket_id IS NULL", (citizen_id,)
    ) as cur:
        row = await cur.fetchone()
    return int((row or (0,))[0])
