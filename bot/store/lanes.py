"""Holding a citizen's lane across instances: who may drain it right now.

Inside one process the dispatcher already runs at most one drain per lane. With several
`dumas run` instances on one PostgreSQL database, a webhook may store a citizen's row at
any of them, so the lane must also be held across processes: the instance that holds it
drains it, the others leave it alone (docs: README "Running on PostgreSQL" > "More than
one instance").

PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) on the store's own
connection, taken for one drain and released after it. A drain's ends cost one round trip
each: `take` returns the lane's first pending row with the lock, and `next_or_release`
releases the lane when there is no next row and looks once more (migration 0015's
functions; `try_take` and `release` are the single steps). Session-level, not
transaction-level, because a drain spans many transactions (one per row); a session may
hold many such locks at once (one per lane it drains). The lock lives and dies with the
server connection: an instance that is killed, or whose connection drops, holds nothing
any more, and another instance's sweep takes the lane over. That is also why the
dispatcher compares the store's `connection_epoch` before each row: after a reconnection
the lock is gone.

Several lanes' takes, or next rows, in one statement (`take_many`, `next_or_release_many`):
the same functions called for each lane of a batch (`unnest` joined LATERAL to the
function, in the batch's order), for the dispatcher's gathering of the drains that wait
for the connection at the same time (bot/store/gathering.py). A VOLATILE function's
statements take a new snapshot each even when one outer statement calls it many times,
so each lane's read still follows its lock, and each look follows its unlock.

SQLite: one instance per data directory, so a lane is always granted and no statement
is run (the default path stays as fast as before).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.store import inbox
from bot.store.connection import Connection
from bot.store.database import Database, StoreUnavailableError, iso

# BLAKE2b's personalisation: keys derived here differ from keys another part of Dumas
# might derive from the same text with BLAKE2b for its own advisory locks.
_PERSON = b"dumas-lane"


def lane_key(lane: str) -> int:
    """The lane's advisory-lock key (`advisory_key`)."""
    return advisory_key(lane, _PERSON)


def advisory_key(text: str, person: bytes) -> int:
    """An advisory-lock key for `text`: a stable signed 64-bit integer; `person` (BLAKE2b's
    personalisation) keeps one part's keys apart from another's for the same text.

    Why this hash: the key must be the same in every instance and after every restart,
    which rules out Python's `hash()` (salted per process by PYTHONHASHSEED). PostgreSQL's
    own `hashtext()` is internal, undocumented and only 32 bits. BLAKE2b (standard
    library, fixed by RFC 7693) cut to 8 bytes fills `pg_try_advisory_lock(bigint)`'s
    whole key space: two lanes share a key with probability ~n²/2^65 for n lanes held at
    the same moment, and even then nothing breaks (the second lane waits for the next
    sweep). The same space holds the migration and leadership keys; a lane meets one of
    them with probability 2^-63, and would only delay that lane.
    """
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8, person=person).digest()
    return int.from_bytes(digest, "big", signed=True)


def held_across_instances(db: Database) -> bool:
    """Whether lanes must be taken from the database (PostgreSQL) or are always ours."""
    return db.dialect == "postgresql"


async def try_take(db: Database, lane: str) -> bool:
    """Take the lane for this store's connection; False when another session holds it.

    Re-entrant on PostgreSQL (the same session may take a key twice and must release it
    twice): the dispatcher takes a lane once per drain and releases it once."""
    if not held_across_instances(db):
        return True
    row = await db.fetchone("SELECT pg_try_advisory_lock(?)", (lane_key(lane),))
    return bool(row and row[0])


async def release(db: Database, lane: str) -> None:
    """Give the lane back (no statement on SQLite)."""
    if not held_across_instances(db):
        return
    await db.fetchone("SELECT pg_advisory_unlock(?)", (lane_key(lane),))


async def take(
    db: Database, lane: str, flood_since: datetime
) -> tuple[bool, inbox.InboxRow | None]:
    """Take the lane and read its first pending row: (taken, row or None), the row as
    `inbox.next_pending` reads it. On PostgreSQL one round trip (migration 0015's
    `dumas_take_lane`: the read follows the lock)."""
    if not held_across_instances(db):
        return True, await inbox.next_pending(db, lane, flood_since)
    found = await db.fetchone(
        "SELECT * FROM dumas_take_lane(?, ?, ?)", (lane_key(lane), lane, iso(flood_since))
    )
    if found is None or not found["taken"]:
        return False, None
    return True, _inbox_row(found, lane)


async def next_or_release(
    db: Database, lane: str, flood_since: datetime
) -> tuple[inbox.InboxRow | None, bool]:
    """The held lane's next pending row, or (None, whether a row is pending after the
    lane was released). With None the lane is released: a row stored meanwhile by another
    instance (whose take failed while we held the lane) is then ours to take again. On
    PostgreSQL one round trip instead of three (migration 0015's `dumas_next_or_release`:
    the look follows the unlock, with a new snapshot)."""
    if not held_across_instances(db):
        return await inbox.next_pending(db, lane, flood_since), False
    found = await db.fetchone(
        "SELECT * FROM dumas_next_or_release(?, ?, ?)", (lane_key(lane), lane, iso(flood_since))
    )
    assert found is not None  # a function with OUT parameters returns one row
    if found["row_id"] is None:
        return None, bool(found["pending_after_release"])
    return _inbox_row(found, lane), False


# A drain's request for `take_many` and `next_or_release_many`: (lane, flood_since).
LaneRequest = tuple[str, datetime]

_TAKE_MANY = (
    "SELECT t.* FROM unnest(?::bigint[], ?::text[], ?::text[]) WITH ORDINALITY "
    "AS l(lane_key, lane_name, flood_since, n) "
    "CROSS JOIN LATERAL dumas_take_lane(l.lane_key, l.lane_name, l.flood_since) t ORDER BY l.n"
)
_NEXT_MANY = (
    "SELECT t.* FROM unnest(?::bigint[], ?::text[], ?::text[]) WITH ORDINALITY "
    "AS l(lane_key, lane_name, flood_since, n) "
    "CROSS JOIN LATERAL dumas_next_or_release(l.lane_key, l.lane_name, l.flood_since) t "
    "ORDER BY l.n"
)


def _lane_arrays(requests: Sequence[LaneRequest]) -> tuple[list[int], list[str], list[str]]:
    return (
        [lane_key(lane) for lane, _since in requests],
        [lane for lane, _since in requests],
        [iso(since) for _lane, since in requests],
    )


async def take_many(
    conn: Connection, requests: Sequence[LaneRequest]
) -> list[tuple[bool, inbox.InboxRow | None]]:
    """PostgreSQL: `take` for several lanes (all different) in one statement on `conn`;
    the answers in the order of `requests`."""
    found = await conn.execute_fetchall(_TAKE_MANY, _lane_arrays(requests))
    return [
        (True, _inbox_row(row, lane)) if row["taken"] else (False, None)
        for (lane, _since), row in zip(requests, found, strict=True)
    ]


async def next_or_release_many(
    conn: Connection, requests: Sequence[LaneRequest]
) -> list[tuple[inbox.InboxRow | None, bool]]:
    """PostgreSQL: `next_or_release` for several held lanes (all different) in one
    statement on `conn`; the answers in the order of `requests`."""
    found = await conn.execute_fetchall(_NEXT_MANY, _lane_arrays(requests))
    return [
        (None, bool(row["pending_after_release"]))
        if row["row_id"] is None
        else (_inbox_row(row, lane), False)
        for (lane, _since), row in zip(requests, found, strict=True)
    ]


def _inbox_row(found: Any, lane: str) -> inbox.InboxRow | None:
    if found["row_id"] is None:
        return None
    return inbox.InboxRow(
        found["row_id"],
        found["row_channel"],
        found["row_external_id"],
        lane,
        found["row_payload"],
        int(found["row_recent"]),
    )


def connection_lost(exc: BaseException) -> bool:
    """Whether `exc` means the store's server connection failed (the lanes it held are
    released by the server; the row being handled stays pending)."""
    if isinstance(exc, OSError | StoreUnavailableError):  # OSError: resets, timeouts
        return True
    try:
        import asyncpg
    except ImportError:  # the SQLite default needs no asyncpg
        return False
    # InterfaceError: "connection is closed"; OperatorIntervention: the server shut down
    return isinstance(
        exc,
        asyncpg.PostgresConnectionError
        | asyncpg.InterfaceError
        | asyncpg.exceptions.OperatorInterventionError,
    )
