"""Ticket queries: every statement on the `tickets` and `ticket_events` tables.

Rows leave this module as `bot.tickets.Ticket` (times parsed once, here, to aware UTC),
`EventRow`, and `DigestLine` (the few columns a staff digest's line shows). Every write
that changes a ticket takes the time from its caller, who holds the clock (the
dispatcher's, the officers', the purge's): nothing here reads the wall clock.

Every read that serves a citizen takes the citizen's id and filters by it in SQL
(invariant 4): there is no query that returns a ticket by reference alone for a citizen.
The officers' reads take the asking group's scope, ("unit", id) or ("polda", id).

Elsewhere on purpose: reports that join tickets with other tables as one question
(bot/store/statistics.py for the transparency page, knowledge.py's question figures,
triage_corrections.py's export, privacy.py's erasure across every table holding a
citizen's data and its idle-citizen selection).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from bot.store.connection import Connection
from bot.store.database import Database, fetch_first, iso
from bot.tickets.status import OPEN, TicketStatus
from bot.tickets.ticket import Ticket, parse_utc, parse_utc_or_none

# the stored strings, for the statements that list them
OPEN_STATUSES = tuple(str(s) for s in TicketStatus if s in OPEN)
# the tickets a citizen is offered to follow up, newest activity first
FOLLOWUPS_SHOWN = 10


@dataclass(frozen=True, slots=True)
class EventRow:
    at: datetime
    kind: str
    status: TicketStatus | None
    actor_kind: str
    actor_name: str | None
    detail: str | None  # JSON text, as stored (erasure may have redacted it)


_COLUMNS = (
    "id, reference, citizen_id, kind, category, priority, status, unit_id, polda_id, "
    "timezone, description, occurred_at, occurred_text, place_text, place_code, "
    "place_label, latitude, longitude, contact, locale, created_at, updated_at, holder_id, "
    "holder_name, claimed_at, resolved_at, closing_note, feedback_state, rating, "
    "rating_comment, erased_at"
)


def _ticket(row: Sequence[Any]) -> Ticket:
    """A row of `_COLUMNS` as a Ticket: the one place stored text becomes typed."""
    (
        id_,
        reference,
        citizen_id,
        kind,
        category,
        priority,
        status,
        unit_id,
        polda_id,
        timezone,
        description,
        occurred_at,
        occurred_text,
        place_text,
        place_code,
        place_label,
        latitude,
        longitude,
        contact,
        locale,
        created_at,
        updated_at,
        holder_id,
        holder_name,
        claimed_at,
        resolved_at,
        closing_note,
        feedback_state,
        rating,
        rating_comment,
        erased_at,
    ) = row
    return Ticket(
        id=int(id_),
        reference=reference,
        citizen_id=int(citizen_id),
        kind=kind,
        category=category,
        priority=priority,
        status=TicketStatus(status),
        unit_id=unit_id,
        polda_id=polda_id,
        timezone=timezone,
        description=description,
        occurred_at=parse_utc_or_none(occurred_at),
        occurred_text=occurred_text,
        place_text=place_text,
        place_code=place_code,
        place_label=place_label,
        latitude=latitude,
        longitude=longitude,
        contact=contact,
        locale=locale,
        created_at=parse_utc(created_at),
        updated_at=parse_utc(updated_at),
        holder_id=holder_id,
        holder_name=holder_name,
        claimed_at=parse_utc_or_none(claimed_at),
        resolved_at=parse_utc_or_none(resolved_at),
        closing_note=closing_note,
        feedback_state=feedback_state,
        rating=rating,
        rating_comment=rating_comment,
        erased_at=parse_utc_or_none(erased_at),
    )


def _event(row: Sequence[Any]) -> EventRow:
    at, kind, status, actor_kind, actor_name, detail = row
    return EventRow(
        parse_utc(at),
        kind,
        TicketStatus(status) if status is not None else None,
        actor_kind,
        actor_name,
        detail,
    )


async def _fetch(conn: Connection, sql: str, params: Sequence[object]) -> list[Ticket]:
    async with conn.execute(sql, tuple(params)) as cur:
        return [_ticket(row) for row in await cur.fetchall()]


# ------------------------------------------------------------------ writes


# PostgreSQL: the ticket, its "received" event and its files in one statement
# (data-modifying CTEs, atomic as any single statement; session 36), where SQLite runs
# the three below, each without a round trip. The files: for each stored name given k
# times, the k oldest of the citizen's rows of that name not yet a ticket's, as
# `attach_evidence` takes them one name at a time. Numbered with row_number(), not a
# LATERAL ... LIMIT per name: with that the server chose a custom plan at every call
# (planning ~0.3 ms per ticket, pg_stat_statements); this form keeps its generic plan.
_CREATE_PG = """
WITH t AS (
    INSERT INTO tickets ({columns}) VALUES ({values}) RETURNING {returning}
), event AS (
    INSERT INTO ticket_events (ticket_id, at, kind, status, actor_kind, actor_id,
        actor_name, detail)
    SELECT t.id, ?::text, 'status', ?::text, 'citizen', ?::text, NULL, NULL FROM t
), attached AS (
    UPDATE evidence SET ticket_id = t.id FROM t, (
        SELECT e.id FROM (
            SELECT e.id, e.stored_name,
                row_number() OVER (PARTITION BY e.stored_name ORDER BY e.id) AS nth
            FROM evidence e WHERE e.citizen_id = ? AND e.ticket_id IS NULL
                AND e.stored_name = ANY(?::text[])
        ) AS e JOIN (
            SELECT name, COUNT(*) AS k FROM unnest(?::text[]) AS n(name) GROUP BY name
        ) AS wanted ON wanted.name = e.stored_name
        WHERE e.nth <= wanted.k
    ) AS files
    WHERE evidence.id = files.id
)
SELECT * FROM t
"""


async def create(
    conn: Connection,
    *,
    reference: str,
    citizen_id: int,
    fields: dict[str, Any],
    now: datetime,
    evidence: Sequence[str] = (),
) -> int:
    """`create_row`'s ticket id."""
    ticket = await create_row(
        conn,
        reference=reference,
        citizen_id=citizen_id,
        fields=fields,
        now=now,
        evidence=evidence,
    )
    return ticket.id


async def create_row(
    conn: Connection,
    *,
    reference: str,
    citizen_id: int,
    fields: dict[str, Any],
    now: datetime,
    evidence: Sequence[str] = (),
) -> Ticket:
    """A new ticket ("received", with that event), the draft's files (`evidence`: stored
    names, as `attach_evidence` takes them) made its own; the ticket as inserted (RETURNING:
    the submission's hooks need not read it back). A reference already taken raises
    `sqlite3.IntegrityError` naming tickets.reference, with nothing of the ticket
    written, on both dialects."""
    at = iso(now)
    columns = ["reference", "citizen_id", "status", "created_at", "updated_at", *fields]
    values = [reference, citizen_id, str(TicketStatus.RECEIVED), at, at, *fields.values()]
    received = str(TicketStatus.RECEIVED)
    if conn.dialect == "postgresql":
        sql = _CREATE_PG.format(
            columns=", ".join(columns),
            values=", ".join("?" * len(values)),
            returning=_COLUMNS,
        )
        names = list(evidence)
        params = (*values, at, received, str(citizen_id), citizen_id, names, names)
        row = await fetch_first(conn, sql, params)
        assert row is not None
        return _ticket(row)
    row = await fetch_first(
        conn,
        f"INSERT INTO tickets ({', '.join(columns)}) VALUES ({', '.join('?' * len(values))}) "
        f"RETURNING {_COLUMNS}",
        tuple(values),
    )
    assert row is not None
    ticket = _ticket(row)
    # the row was inserted "received": only the event is missing
    await _insert_event(
        conn, ticket.id, at, "status", TicketStatus.RECEIVED, "citizen", str(citizen_id), None, None
    )
    await attach_evidence(conn, ticket.id, citizen_id, list(evidence))
    return ticket


async def add_event(
    conn: Connection,
    ticket_id: int,
    kind: str,
    *,
    at: datetime,
    actor_kind: str,
    status: TicketStatus | None = None,
    actor_id: str | None = None,
    actor_name: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """One event in the ticket's history; with a `status`, the ticket takes it."""
    now = iso(at)
    await _insert_event(
        conn, ticket_id, now, kind, status, actor_kind, actor_id, actor_name, detail
    )
    if status is not None:
        await conn.execute(_SET_STATUS, (str(status), now, ticket_id))


async def add_events(
    conn: Connection,
    ticket_ids: Sequence[int],
    kind: str,
    *,
    at: datetime,
    actor_kind: str,
    status: TicketStatus | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """`add_event` for several tickets at once, the same event for each (a delivered
    digest forwards every ticket it lists): the events in the order of `ticket_ids`. On
    PostgreSQL one statement (a round trip per ticket and kind was what a digest's
    delivery cost: bench/README.md "Session 40: Dumas's side on PostgreSQL"); on SQLite
    an `executemany` per table."""
    if not ticket_ids:
        return
    now = iso(at)
    stored_status = str(status) if status is not None else None
    stored_detail = json.dumps(detail, ensure_ascii=False) if detail else None
    ids = list(ticket_ids)
    if conn.dialect == "postgresql":
        # The events' CTE and the UPDATE see the same snapshot and touch different
        # tables; WITH ORDINALITY keeps the events' ids in the order given.
        await conn.execute(
            _ADD_EVENTS_PG,
            (now, kind, stored_status, actor_kind, stored_detail, ids, stored_status, now,
             status is not None, ids),
        )  # fmt: skip
        return
    await conn.executemany(
        _INSERT_EVENT,
        [(i, now, kind, stored_status, actor_kind, None, None, stored_detail) for i in ids],
    )
    if status is not None:
        await conn.executemany(_SET_STATUS, [(stored_status, now, i) for i in ids])


_INSERT_EVENT = (
    "INSERT INTO ticket_events (ticket_id, at, kind, status, actor_kind, actor_id, "
    "actor_name, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_SET_STATUS = "UPDATE tickets SET status = ?, updated_at = ? WHERE id = ?"
_ADD_EVENTS_PG = """
WITH given AS (SELECT ?::text AS at, ?::text AS kind, ?::text AS status, ?::text AS actor_kind,
                      ?::text AS detail),
events AS (
    INSERT INTO ticket_events (ticket_id, at, kind, status, actor_kind, actor_id, actor_name,
                               detail)
    SELECT t.id, given.at, given.kind, given.status, given.actor_kind, NULL, NULL, given.detail
    FROM unnest(?::bigint[]) WITH ORDINALITY AS t(id, n), given
    ORDER BY t.n
)
UPDATE tickets SET status = ?, updated_at = ? WHERE ? AND id = ANY(?::bigint[])
"""


async def _insert_event(
    conn: Connection,
    ticket_id: int,
    at: str,
    kind: str,
    status: TicketStatus | None,
    actor_kind: str,
    actor_id: str | None,
    actor_name: str | None,
    detail: dict[str, Any] | None,
) -> None:
    await conn.execute(
        _INSERT_EVENT,
        (
            ticket_id,
            at,
            kind,
            str(status) if status is not None else None,
            actor_kind,
            actor_id,
            actor_name,
            json.dumps(detail, ensure_ascii=False) if detail else None,
        ),
    )


_UPDATABLE = {
    "holder_id",
    "holder_name",
    "claimed_at",
    "resolved_at",
    "closing_note",
    "feedback_state",
    "rating",
    "rating_comment",
    "unit_id",
    "polda_id",
    "timezone",
    "priority",
}


async def update(conn: Connection, ticket_id: int, *, now: datetime, **values: object) -> None:
    """Set these columns (times as datetimes) and `updated_at` to `now`; the status
    changes only with an event (`add_event`)."""
    unknown = set(values) - _UPDATABLE
    if unknown:
        raise ValueError(f"not updatable: {sorted(unknown)}")
    stored = [iso(v) if isinstance(v, datetime) else v for v in values.values()]
    sets = ", ".join(f"{name} = ?" for name in values)
    await conn.execute(
        f"UPDATE tickets SET {sets}, updated_at = ? WHERE id = ?",
        (*stored, iso(now), ticket_id),
    )


async def add_history_ticket(
    conn: Connection,
    *,
    reference: str,
    citizen_id: int,
    category: str,
    unit_id: str,
    polda_id: str,
    timezone: str,
    created: datetime,
    events: list[tuple[datetime, TicketStatus]],
    rating: int | None,
) -> int:
    """An invented, already-answered demo complaint with its status history (marked demo),
    so the demo's transparency page has figures from the first start (bot/channels/web/
    demo.py); its times are the invented ones."""
    status = events[-1][1]
    row = await fetch_first(
        conn,
        "INSERT INTO tickets (reference, citizen_id, category, status, unit_id, polda_id, "
        "timezone, description, contact, locale, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, '(demo)', 'anonymous', 'id', ?, ?) RETURNING id",
        (
            reference,
            citizen_id,
            category,
            str(status),
            unit_id,
            polda_id,
            timezone,
            iso(created),
            iso(events[-1][0]),
        ),
    )
    assert row is not None
    ticket_id = int(row[0])
    for at, step in events:
        await conn.execute(
            "INSERT INTO ticket_events (ticket_id, at, kind, status, actor_kind, actor_name, "
            "detail) VALUES (?, ?, 'status', ?, ?, 'demo', '{\"demo\": true}')",
            (
                ticket_id,
                iso(at),
                str(step),
                "system" if step in (TicketStatus.RECEIVED, TicketStatus.FORWARDED) else "officer",
            ),
        )
    if rating is not None:
        await conn.execute("UPDATE tickets SET rating = ? WHERE id = ?", (rating, ticket_id))
    return ticket_id


async def lift_urgency(conn: Connection, ticket_id: int) -> None:
    """An officer found the emergency flag wrong: an "urgent" ticket becomes "normal"
    again (a category's own "high" priority is not stored here, see deadlines.py)."""
    await conn.execute(
        "UPDATE tickets SET priority = 'normal' WHERE id = ? AND priority = 'urgent'", (ticket_id,)
    )


async def attach_evidence(
    conn: Connection, ticket_id: int, citizen_id: int, stored_names: list[str]
) -> None:
    """The draft's files become the new ticket's (an `evidence` row's `ticket_id`)."""
    for name in stored_names:
        await conn.execute(
            "UPDATE evidence SET ticket_id = ? WHERE id = (SELECT id FROM evidence WHERE "
            "citizen_id = ? AND stored_name = ? AND ticket_id IS NULL ORDER BY id LIMIT 1)",
            (ticket_id, citizen_id, name),
        )


async def close_unhandled(conn: Connection, ticket_id: int, now: datetime) -> bool:
    """Close a ticket nobody could take up (before the purge erases it), with the reason
    as an event; False when it moved on meanwhile."""
    at = iso(now)
    cursor = await conn.execute(
        "UPDATE tickets SET status = 'rejected', resolved_at = ?, updated_at = ? "
        "WHERE id = ? AND status = 'received'",
        (at, at, ticket_id),
    )
    if not cursor.rowcount:
        return False
    await conn.execute(
        "INSERT INTO ticket_events (ticket_id, at, kind, status, actor_kind, detail) "
        "VALUES (?, ?, 'status', 'rejected', 'system', ?)",
        (ticket_id, at, json.dumps({"reason": "unhandled_past_retention"})),
    )
    return True


async def flags_of(conn: Connection, ticket_id: int) -> dict[str, Any]:
    """Triage's marks on the ticket (bot/triage/: urgency, provocation, harsh words...)."""
    async with conn.execute("SELECT flags FROM tickets WHERE id = ?", (ticket_id,)) as cur:
        row = await cur.fetchone()
    return json.loads(row[0]) if row and row[0] else {}


async def set_flags(conn: Connection, ticket_id: int, flags: dict[str, Any]) -> None:
    await conn.execute(
        "UPDATE tickets SET flags = ? WHERE id = ?",
        (json.dumps(flags, ensure_ascii=False) if flags else None, ticket_id),
    )


# ------------------------------------------------------------------ the citizen's reads


async def own_tickets(db: Database, citizen_id: int, limit: int = 10) -> list[Ticket]:
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM tickets WHERE citizen_id = ? ORDER BY id DESC LIMIT ?",
        (citizen_id, limit),
    )
    return [_ticket(row) for row in rows]


async def own_ticket(db: Database, citizen_id: int, reference: str) -> Ticket | None:
    row = await db.fetchone(
        f"SELECT {_COLUMNS} FROM tickets WHERE citizen_id = ? AND reference = ?",
        (citizen_id, reference),
    )
    return _ticket(row) if row else None


async def own_tickets_with_files(
    conn: Connection, citizen_id: int, limit: int
) -> list[tuple[Ticket, int]]:
    """The citizen's most recent tickets, newest first, with their evidence counts
    (/dataku)."""
    async with conn.execute(
        f"SELECT {_COLUMNS}, (SELECT COUNT(*) FROM evidence e WHERE e.ticket_id = tickets.id) "
        "FROM tickets WHERE citizen_id = ? ORDER BY id DESC LIMIT ?",
        (citizen_id, limit),
    ) as cur:
        rows = await cur.fetchall()
    return [(_ticket(row[:-1]), int(row[-1])) for row in rows]


async def followup_tickets(
    conn: Connection, citizen_id: int, resolved_since: datetime
) -> list[Ticket]:
    """The citizen's own open tickets and those resolved since `resolved_since`, newest
    activity first (invariant 4: filtered by the citizen's id)."""
    marks = ", ".join("?" * len(OPEN_STATUSES))
    return await _fetch(
        conn,
        f"SELECT {_COLUMNS} FROM tickets WHERE citizen_id = ? AND (status IN ({marks}) "
        "OR (status = 'resolved' AND resolved_at >= ?)) ORDER BY updated_at DESC, id DESC "
        f"LIMIT {FOLLOWUPS_SHOWN}",
        (citizen_id, *OPEN_STATUSES, iso(resolved_since)),
    )


@dataclass(frozen=True, slots=True)
class ComplaintStart:
    """What a citizen's step at idle (a complaint's start) reads, in one statement
    (`complaint_start`)."""

    flags: int  # the citizen's flagged messages since `filed_since` (the cooldown after abuse)
    filed: list[tuple[datetime, str]]  # (created_at, priority) since `filed_since`, oldest first
    followups: list[Ticket]  # as `followup_tickets` returns them


async def complaint_start(
    conn: Connection, citizen_id: int, filed_since: datetime, resolved_since: datetime
) -> ComplaintStart:
    """The reads of a complaint's start in one statement: the citizen's flagged messages
    and tickets filed since `filed_since` (`triage.recent_counts`, and `filed_since` for
    the per-citizen caps, which the dispatcher carries to the submission in the draft) and
    the tickets they may follow up (`followup_tickets`). Each was a statement and, on
    PostgreSQL, a transaction of its own in autocommit (bench/README.md "Session 36:
    evidence claims and start reads on PostgreSQL"). The flag count rides on every row;
    with no ticket, one row of NULL ticket columns."""
    marks = ", ".join("?" * len(OPEN_STATUSES))
    followable = f"status IN ({marks}) OR (status = 'resolved' AND resolved_at >= ?)"
    since, resolved = iso(filed_since), iso(resolved_since)
    rows = await conn.execute_fetchall(
        "SELECT (SELECT COUNT(*) FROM citizen_flags WHERE citizen_id = ? AND at >= ?), t.* "
        f"FROM (SELECT 1 AS one) AS o LEFT JOIN (SELECT {_COLUMNS}, ({followable}) AS "
        f"followable FROM tickets WHERE citizen_id = ? AND ({followable} OR created_at >= ?)) "
        "AS t ON 1 = 1",
        (citizen_id, since, *OPEN_STATUSES, resolved, citizen_id, *OPEN_STATUSES, resolved, since),
    )
    flags = 0
    tickets: list[tuple[Ticket, bool]] = []
    for row in rows:
        flags = int(row[0])
        if row[1] is not None:
            tickets.append((_ticket(row[1:-1]), bool(row[-1])))
    filed = sorted((t.created_at, t.priority) for t, _ in tickets if t.created_at >= filed_since)
    followups = sorted(
        (t for t, followable in tickets if followable),
        key=lambda t: (t.updated_at, t.id),
        reverse=True,
    )
    return ComplaintStart(flags, filed, followups[:FOLLOWUPS_SHOWN])


async def filed_since(
    conn: Connection, citizen_id: int, since: datetime
) -> list[tuple[datetime, str]]:
    """(created_at, priority) of this citizen's tickets filed since `since`, oldest first:
    the per-citizen caps and the repeated-urgent mark count them."""
    async with conn.execute(
        "SELECT created_at, priority FROM tickets WHERE citizen_id = ? AND created_at >= ? "
        "ORDER BY created_at",
        (citizen_id, iso(since)),
    ) as cur:
        rows = await cur.fetchall()
    return [(parse_utc(str(at)), str(priority)) for at, priority in rows]


# ------------------------------------------------------------------ the retention purge


async def closed_tickets_due(db: Database, cutoff: str) -> list[int]:
    """Ids of closed, not yet erased tickets resolved before `cutoff` (ISO)."""
    rows = await db.fetchall(
        "SELECT id FROM tickets WHERE erased_at IS NULL AND status IN "
        "('resolved', 'rejected') AND resolved_at IS NOT NULL AND "
        "resolved_at < ?",
        (cutoff,),
    )
    return [int(row[0]) for row in rows]


async def unhandled_tickets_due(db: Database, cutoff: str) -> list[int]:
    """Ids of tickets still "received" (no staff group ever took them: the unit has no
    bound group) created before `cutoff` (ISO): kept no longer than closed ones."""
    rows = await db.fetchall(
        "SELECT id FROM tickets WHERE erased_at IS NULL AND status = 'received' AND created_at < ?",
        (cutoff,),
    )
    return [int(row[0]) for row in rows]


# ------------------------------------------------------------------ history


async def events(db: Database, ticket_id: int) -> list[EventRow]:
    async with db.reading() as conn:
        return await events_in(conn, ticket_id)


async def events_in(conn: Connection, ticket_id: int) -> list[EventRow]:
    """A ticket's history in order (the table is append-only)."""
    async with conn.execute(
        "SELECT at, kind, status, actor_kind, actor_name, detail FROM "
        "ticket_events WHERE ticket_id = ? ORDER BY id",
        (ticket_id,),
    ) as cur:
        return [_event(row) for row in await cur.fetchall()]


# ------------------------------------------------------------------ officers' reads


def _scope_sql(scope: tuple[str, str]) -> tuple[str, str]:
    kind, value = scope
    return ("polda_id = ?" if kind == "polda" else "unit_id = ?"), value


async def get(conn: Connection, ticket_id: int) -> Ticket | None:
    """For officers and the system only: never on a citizen's behalf without checking
    `citizen_id` (invariant 4)."""
    found = await _fetch(conn, f"SELECT {_COLUMNS} FROM tickets WHERE id = ?", (ticket_id,))
    return found[0] if found else None


async def get_many(conn: Connection, ticket_ids: Sequence[int]) -> dict[int, Ticket]:
    """`get` of several tickets in one statement (a staff digest lists up to 30 and is
    drawn again for every ticket that joins it); the ones found, by id. Same caution as
    `get`."""
    found: dict[int, Ticket] = {}
    unique = list(dict.fromkeys(ticket_ids))
    for start in range(0, len(unique), 500):  # within any database's parameter limit
        chunk = unique[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        sql = f"SELECT {_COLUMNS} FROM tickets WHERE id IN ({marks})"
        found.update((t.id, t) for t in await _fetch(conn, sql, chunk))
    return found


class DigestLine(NamedTuple):
    """What a staff digest's line shows of a ticket (bot/officers/digests.py)."""

    id: int
    reference: str
    category: str
    place_label: str | None
    place_text: str | None
    holder_id: str | None  # None until an officer claims it


async def digest_lines(conn: Connection, ticket_ids: Sequence[int]) -> dict[int, DigestLine]:
    """The columns a staff digest's lines show, of several tickets in one statement; the
    ones found, by id. A digest lists up to 30 and is drawn again for every ticket that
    joins it: these six columns, not a whole `Ticket` (31 fields, four times parsed),
    for each. For officers only, like `get`."""
    found: dict[int, DigestLine] = {}
    unique = list(dict.fromkeys(ticket_ids))
    if conn.dialect == "postgresql":
        # One array parameter: one statement text whatever the digest's length, so the
        # connection's prepared statement keeps its plan (`IN (?, ?, ...)` was a new text,
        # planned again, for nearly every ticket that joined: bench/README.md, session 37).
        # The read is the function `dumas_digest_lines` (migration 0024): planned there
        # with sequential scans off, it probes the primary key even when the plan was made
        # on a tickets table of a few pages (a kept sequential scan read it whole).
        async with conn.execute(_DIGEST_LINES_PG, (unique,)) as cur:
            for row in await cur.fetchall():
                found[int(row[0])] = DigestLine._make(row)
        return found
    for start in range(0, len(unique), 500):  # within SQLite's parameter limit
        chunk = unique[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        async with conn.execute(f"{_DIGEST_LINES} WHERE id IN ({marks})", tuple(chunk)) as cur:
            for row in await cur.fetchall():
                found[int(row[0])] = DigestLine._make(row)
    return found


_DIGEST_LINES = "SELECT id, reference, category, place_label, place_text, holder_id FROM tickets"
_DIGEST_LINES_PG = "SELECT * FROM dumas_digest_lines(?::bigint[])"


async def reference_of(conn: Connection, ticket_id: int) -> str | None:
    async with conn.execute("SELECT reference FROM tickets WHERE id = ?", (ticket_id,)) as cur:
        row = await cur.fetchone()
    return str(row[0]) if row else None


async def kind_of(conn: Connection, ticket_id: int) -> str:
    """'question' or 'complaint' (bot/store/knowledge.py names them)."""
    cursor = await conn.execute("SELECT kind FROM tickets WHERE id = ?", (ticket_id,))
    row = await cursor.fetchone()
    return str(row[0]) if row and row[0] else "complaint"


async def newest_of_account(conn: Connection, channel: str, external_id: str) -> int | None:
    """The newest ticket of the citizen with this chat account (the WhatsApp sender's
    delivery reports, which name the chat and not the ticket)."""
    async with conn.execute(
        "SELECT t.id FROM tickets t JOIN citizens c ON c.id = t.citizen_id "
        "WHERE c.channel = ? AND c.external_id = ? ORDER BY t.id DESC LIMIT 1",
        (channel, external_id),
    ) as cur:
        found = await cur.fetchone()
    return int(found[0]) if found else None


async def by_reference(db: Database, reference: str) -> Ticket | None:
    """For officers and operators only: never call this on a citizen's behalf."""
    row = await db.fetchone(f"SELECT {_COLUMNS} FROM tickets WHERE reference = ?", (reference,))
    return _ticket(row) if row else None


async def by_reference_in_scope(
    conn: Connection, reference: str, scope: tuple[str, str]
) -> Ticket | None:
    """Only within the asking group's scope (its unit, or a supervisor group's Polda)."""
    where, value = _scope_sql(scope)
    found = await _fetch(
        conn,
        f"SELECT {_COLUMNS} FROM tickets WHERE reference = ? AND {where}",
        (reference, value),
    )
    return found[0] if found else None


async def queue(conn: Connection, scope: tuple[str, str], limit: int = 30) -> list[Ticket]:
    where, value = _scope_sql(scope)
    marks = ", ".join("?" * len(OPEN_STATUSES))
    return await _fetch(
        conn,
        f"SELECT {_COLUMNS} FROM tickets WHERE {where} AND status "
        f"IN ({marks}) ORDER BY created_at, id LIMIT ?",
        (value, *OPEN_STATUSES, limit),
    )


async def count_open(conn: Connection, scope: tuple[str, str]) -> int:
    where, value = _scope_sql(scope)
    marks = ", ".join("?" * len(OPEN_STATUSES))
    async with conn.execute(
        f"SELECT COUNT(*) FROM tickets WHERE {where} AND status IN ({marks})",
        (value, *OPEN_STATUSES),
    ) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def received_backlog(conn: Connection, unit_id: str) -> list[int]:
    async with conn.execute(
        "SELECT id FROM tickets t WHERE unit_id = ? AND status IN "
        "('received', 'transferred') AND NOT EXISTS (SELECT 1 FROM "
        "ticket_cards c WHERE c.ticket_id = t.id) ORDER BY id",
        (unit_id,),
    ) as cur:
        return [int(r[0]) for r in await cur.fetchall()]


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def search(
    conn: Connection, scope: tuple[str, str], text: str, limit: int = 10
) -> list[Ticket]:
    where, value = _scope_sql(scope)
    pattern = _like(text.strip())
    # SQLite's LIKE ignores (ASCII) case; PostgreSQL's does not: ILIKE there.
    like = "ILIKE" if conn.dialect == "postgresql" else "LIKE"
    return await _fetch(
        conn,
        f"SELECT {_COLUMNS} FROM tickets WHERE {where} AND (reference {like} ? "
        f"ESCAPE '\\' OR description {like} ? ESCAPE '\\' OR place_text {like} ? "
        f"ESCAPE '\\' OR place_label {like} ? ESCAPE '\\') ORDER BY id DESC LIMIT ?",
        (value, pattern, pattern, pattern, pattern, limit),
    )


@dataclass(frozen=True, slots=True)
class StatsRow:
    received: int
    claimed: int
    resolved: int
    rejected: int
    claim_minutes: list[float]
    resolve_minutes: list[float]
    ratings: list[int]


async def stats(conn: Connection, scope: tuple[str, str], since: datetime) -> StatsRow:
    """Counts of what happened since `since` to the scope's tickets, from the history
    (the officers' /statistik)."""
    where, value = _scope_sql(scope)
    where = "t." + where
    since_text = iso(since)

    async def count(sql: str) -> int:
        async with conn.execute(sql, (value, since_text)) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    received = await count(f"SELECT COUNT(*) FROM tickets t WHERE {where} AND t.created_at >= ?")
    counts = {}
    for name, event_status in (
        ("claimed", TicketStatus.IN_PROGRESS),
        ("resolved", TicketStatus.RESOLVED),
        ("rejected", TicketStatus.REJECTED),
    ):
        counts[name] = await count(
            f"SELECT COUNT(DISTINCT e.ticket_id) FROM ticket_events e JOIN tickets t ON "
            f"t.id = e.ticket_id WHERE {where} AND e.at >= ? AND e.kind = 'status' AND "
            f"e.status = '{event_status}'"
        )

    async def durations(event_status: TicketStatus) -> list[float]:
        async with conn.execute(
            "SELECT (julianday(MIN(e.at)) - julianday(t.created_at)) * 1440 FROM tickets t "
            f"JOIN ticket_events e ON e.ticket_id = t.id WHERE {where} AND t.created_at >= ? "
            f"AND e.kind = 'status' AND e.status = '{event_status}' GROUP BY t.id",
            (value, since_text),
        ) as cur:
            return [float(r[0]) for r in await cur.fetchall() if r[0] is not None]

    async with conn.execute(
        f"SELECT t.rating FROM tickets t WHERE {where} AND "
        "t.rating IS NOT NULL AND t.created_at >= ?",
        (value, since_text),
    ) as cur:
        ratings = [int(r[0]) for r in await cur.fetchall()]
    return StatsRow(
        received,
        counts["claimed"],
        counts["resolved"],
        counts["rejected"],
        await durations(TicketStatus.IN_PROGRESS),
        await durations(TicketStatus.RESOLVED),
        ratings,
    )


# ------------------------------------------------------------------ the duplicate check


class Candidate(NamedTuple):
    """A recent ticket of the same category that a new one may repeat: a projection, not a
    Ticket, on purpose: only the citizen's own tickets carry their description (see
    `duplicate_candidates`)."""

    id: int
    citizen_id: int
    description: str | None
    place_code: str | None
    latitude: float | None
    longitude: float | None
    created_at: str


async def duplicate_candidates(
    conn: Connection,
    category: str,
    ticket_id: int,
    citizen_id: int,
    citizen_since: str,
    anyone_since: str,
    limit: int = 200,
) -> list[Candidate]:
    """Tickets of this category, not erased, newest first, other than `ticket_id`: the
    citizen's own since `citizen_since` and anyone's since `anyone_since` (ISO; read
    through the index on (category, created_at)). Only the citizen's own tickets carry
    their description (the only ones compared by text): in a flood of reports from one
    place, reading 200 stories per new ticket was most of the duplicate check's cost."""
    since = min(citizen_since, anyone_since)
    async with conn.execute(
        "SELECT id, citizen_id, CASE WHEN citizen_id = ? THEN description END, "
        "place_code, latitude, longitude, created_at FROM tickets WHERE category = ? "
        "AND created_at >= ? AND id != ? AND erased_at IS NULL AND "
        "(created_at >= ? OR (citizen_id = ? AND created_at >= ?)) ORDER BY id DESC "
        "LIMIT ?",
        (citizen_id, category, since, ticket_id, anyone_since, citizen_id, citizen_since, limit),
    ) as cur:
        rows = await cur.fetchall()
    return [Candidate(*row) for row in rows]
