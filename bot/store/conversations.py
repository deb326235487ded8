"""Conversation queries: each citizen's flow state, draft and timers (reminder, expiry)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from bot.store import citizens
from bot.store.connection import Connection
from bot.store.database import Database, deferral, fetch_first, iso, utcnow
from flows.events import Draft


@dataclass(frozen=True, slots=True)
class Conversation:
    citizen_id: int
    state: str
    draft: Draft
    reminder_due_at: str | None
    expiry_due_at: str | None


async def load(conn: Connection, citizen_id: int) -> Conversation | None:
    row = await fetch_first(
        conn,
        "SELECT citizen_id, state, draft, reminder_due_at, expiry_due_at FROM "
        "conversations WHERE citizen_id = ?",
        (citizen_id,),
    )
    return None if row is None else _conversation(row[0], row[1:])


def _conversation(citizen_id: int, row: Any) -> Conversation:
    """A Conversation from (state, draft, reminder_due_at, expiry_due_at)."""
    return Conversation(citizen_id, row[0], Draft.from_json(json.loads(row[1])), row[2], row[3])


# PostgreSQL, arriving citizens (`citizens.UPSERT`, last contact touched), each with its
# conversation, in one statement: the function `dumas_arrive` (migration 0025; the
# statement and why it is a function are there). Its first parameter is the time, the
# second COMMIT_SETTING's (a DEFERRED single_write's commit), then one array per field of
# `Arrival`.
_ARRIVE_PG = (
    "SELECT * FROM dumas_arrive(?::text, ?::text, ?::text[], ?::text[], ?::text[], "
    "?::text[], ?::text[])"
)


async def arrive(
    db: Database,
    channel: str,
    external_id: str,
    chat_id: str,
    platform_locale: str | None,
    display_name: str | None,
) -> tuple[citizens.Citizen, Conversation | None]:
    """A citizen's message arrived: `citizens.upsert` (last contact touched), then the
    citizen's conversation (None before the first step).

    PostgreSQL: one statement, one round trip fewer per event (bench/README.md "One
    instance's throughput on PostgreSQL", session 27), atomic by itself (no BEGIN or
    COMMIT). SQLite's common table expressions are SELECTs only
    (https://sqlite.org/lang_with.html), and a statement there costs no round trip: the
    upsert and the read stay two statements, as before."""
    if db.dialect == "postgresql":
        async with db.single_write() as conn:
            (found,) = await arrive_many(
                conn, [(channel, external_id, chat_id, platform_locale, display_name)]
            )
        return found
    async with db.single_write() as conn:
        citizen = await citizens.upsert(
            conn, channel, external_id, chat_id, platform_locale, display_name
        )
    async with db.reading() as conn:
        return citizen, await load(conn, citizen.id)


# How many columns of a joined row are the citizen's (citizens.COLUMNS); the
# conversation's follow (state, draft, reminder_due_at, expiry_due_at).
_CITIZEN_WIDTH = len(fields(citizens.Citizen))


def _with_conversation(row: Any) -> tuple[citizens.Citizen, Conversation | None]:
    """A citizen's row joined to its conversation's (None: no conversation yet), as
    _ARRIVE_PG and _KNOWN read them."""
    citizen = citizens.Citizen(*row[:_CITIZEN_WIDTH])
    rest = row[_CITIZEN_WIDTH:]
    return citizen, None if rest[0] is None else _conversation(citizen.id, rest)


# SQLite: a known citizen and its conversation in one read (the dispatcher's `_arrive`).
_KNOWN = (
    f"SELECT {', '.join('z.' + c.strip() for c in citizens.COLUMNS.split(','))}, "
    "v.state, v.draft, v.reminder_due_at, v.expiry_due_at "
    "FROM citizens z LEFT JOIN conversations v ON v.citizen_id = z.id "
    "WHERE z.channel = ? AND z.external_id = ?"
)


async def known(
    conn: Connection, channel: str, external_id: str
) -> tuple[citizens.Citizen, Conversation | None] | None:
    """The citizen (as `citizens.by_identity` reads it) and its conversation (as `load`
    reads it), in one statement; None for a citizen not stored yet."""
    row = await fetch_first(conn, _KNOWN, (channel, external_id))
    if row is None:
        return None
    return _with_conversation(row)


# An arriving citizen's message, for `arrive_many`: (channel, external id, chat id,
# platform language, display name), `arrive`'s arguments.
Arrival = tuple[str, str, str, str | None, str | None]

# The same citizen twice in one `arrive_many` would fail its statement ("cannot affect
# row a second time"): the dispatcher's gathering then sends each alone
# (bot/store/gathering.py).


async def arrive_many(
    conn: Connection, arrivals: Sequence[Arrival]
) -> list[tuple[citizens.Citizen, Conversation | None]]:
    """PostgreSQL: `arrive` for several citizens (all different) in one statement on
    `conn` (autocommit: `Database.single_write`); the answers in the order of `arrivals`."""
    now = iso(utcnow())
    rows = await conn.execute_fetchall(
        _ARRIVE_PG,
        # COMMIT_SETTING's parameter after `now`: a DEFERRED single_write's commit
        (now, deferral(conn), *([arrival[i] for arrival in arrivals] for i in range(5))),
    )
    found: dict[tuple[str, str], tuple[citizens.Citizen, Conversation | None]] = {}
    for row in rows:
        pair = _with_conversation(row)
        found[(pair[0].channel, pair[0].external_id)] = pair
    return [found[(channel, external_id)] for channel, external_id, *_rest in arrivals]


_DRAFT_FIELDS = tuple(f.name for f in fields(Draft))


def stored_draft(draft: Draft) -> str:
    """The draft as the `draft` column holds it (JSON): `draft.to_json()` dumped.

    A draft's values are JSON's own (text, numbers, lists and dicts of them), so its
    fields are dumped as they are, without `to_json`'s copy of every value first (~30
    fields and their items, a call each: ~2 % of the bot's CPU in the closed loop,
    bench/README.md issue 21 session 29); the text is the same (a tuple dumps as the list
    `to_json` makes of it). A value JSON cannot take as it is takes `to_json`'s way."""
    try:
        return _encode({name: getattr(draft, name) for name in _DRAFT_FIELDS})
    except TypeError:
        return _encode(draft.to_json())


# `json.dumps(value, ensure_ascii=False)`, its encoder made once (`dumps` makes one per
# call when given an option; bench/README.md session 32)
_encode = json.JSONEncoder(ensure_ascii=False).encode


def timers_due_from(reminder_due: str | None, expiry_due: str | None) -> str | None:
    """The earliest of a conversation's timers (None: it has none)."""
    dues = [due for due in (reminder_due, expiry_due) if due is not None]
    return min(dues) if dues else None


# A step's `timers_due_from` (migration 0019): the stored bound while it is not after
# the step's earliest timer (`excluded`'s; a step moves timers later, so every step of a
# conversation but its first keeps it and writes no index entry: a HOT update on
# PostgreSQL), else that timer; none when the step has no timer (`x <= NULL` is NULL).
# bot/store/steps.py writes the same on PostgreSQL.
KEPT_BOUND = (
    "CASE WHEN conversations.timers_due_from <= excluded.timers_due_from "
    "THEN conversations.timers_due_from ELSE excluded.timers_due_from END"
)


async def save(
    conn: Connection,
    citizen_id: int,
    state: str,
    draft: Draft,
    now: datetime,
    reminder_due: datetime | None,
    expiry_due: datetime | None,
) -> None:
    stamp = iso(now)
    reminder = iso(reminder_due) if reminder_due else None
    expiry = iso(expiry_due) if expiry_due else None
    await conn.execute(
        "INSERT INTO conversations (citizen_id, state, draft, last_activity_at, "
        "reminder_due_at, expiry_due_at, timers_due_from, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (citizen_id) DO UPDATE SET state = excluded.state, "
        "draft = excluded.draft, last_activity_at = excluded.last_activity_at, "
        "reminder_due_at = excluded.reminder_due_at, expiry_due_at = excluded.expiry_due_at, "
        f"timers_due_from = {KEPT_BOUND}, updated_at = excluded.updated_at",
        (
            citizen_id,
            state,
            stored_draft(draft),
            stamp,
            reminder,
            expiry,
            timers_due_from(reminder, expiry),
            stamp,
        ),
    )


@dataclass(frozen=True, slots=True)
class DueTimer:
    citizen_id: int
    channel: str
    external_id: str
    timer: str  # "reminder" or "expiry"
    due_at: str


# The earliest of a row's timers, in SQL (SQLite's two-argument MIN is NULL when either
# is: no LEAST there).
_EARLIEST = (
    "CASE WHEN reminder_due_at IS NULL THEN expiry_due_at "
    "WHEN expiry_due_at IS NULL OR reminder_due_at < expiry_due_at THEN reminder_due_at "
    "ELSE expiry_due_at END"
)


# A row whose bound has come with no timer due yet: its bound is moved to its earliest
# timer (parameters: now, now, now).
_BOUND_PASSED = (
    "timers_due_from <= ? AND (reminder_due_at IS NULL OR reminder_due_at > ?) "
    "AND (expiry_due_at IS NULL OR expiry_due_at > ?)"
)


async def due_timers(db: Database, now: datetime, limit: int = 500) -> list[DueTimer]:
    """Timers whose time has come; expiry first, as it makes a reminder pointless.

    Only the rows whose `timers_due_from` has come are read (migration 0019: never after
    their earliest timer, so a due timer's row is among them). Those with no timer due
    have their bound moved to their earliest timer first (none: no timer left), in one
    statement that reads each row as it updates it, so a step committed meanwhile keeps
    the bound at or before its own timers: several instances may run it at once."""
    stamp = iso(now)
    # Looked for first, read-only: most ticks find no bound to move, and a write
    # transaction every tick would take SQLite's write lock (and a COMMIT) for nothing.
    passed = await db.fetchone(
        f"SELECT 1 FROM conversations WHERE {_BOUND_PASSED} LIMIT 1", (stamp, stamp, stamp)
    )
    if passed is not None:
        async with db.single_write() as conn:
            await conn.execute(
                f"UPDATE conversations SET timers_due_from = {_EARLIEST} WHERE {_BOUND_PASSED}",
                (stamp, stamp, stamp),
            )
    rows = await db.fetchall(
        "SELECT c.citizen_id, z.channel, z.external_id, 'expiry', c.expiry_due_at "
        "FROM conversations c JOIN citizens z ON z.id = c.citizen_id "
        "WHERE c.timers_due_from <= ? AND c.expiry_due_at <= ? "
        "UNION ALL "
        "SELECT c.citizen_id, z.channel, z.external_id, 'reminder', c.reminder_due_at "
        "FROM conversations c JOIN citizens z ON z.id = c.citizen_id "
        "WHERE c.timers_due_from <= ? AND c.reminder_due_at <= ? "
        "AND (c.expiry_due_at IS NULL OR c.expiry_due_at > ?) LIMIT ?",
        (stamp, stamp, stamp, stamp, stamp, limit),
    )
    return [DueTimer(*row) for row in rows]
