"""Claims on evidence files: a step that stored a file holds one until its evidence row
is committed (or the step ended without one), so that no clean-up deletes the file in
between.

Files are named by their SHA-256 (bot/evidence/store.py), so one file can be named by
several evidence rows, and a clean-up (a step that did not keep its file, /hapusdata, the
retention purge) deletes a file only when no row names it. Without claims, a file that a
second citizen sent at the same moment was deleted between that citizen's download and
the commit of the row naming it. Each step adds one claim and removes it (by its id;
the purge's `drop_stale` removes those of a process that stopped mid-step).

Every function runs in the caller's transaction (or statement) and, except `give_back`,
first takes the file's lock: on SQLite the transaction's write lock does it (one
writer); on PostgreSQL a transaction advisory lock keyed by the name. A clean-up holds it
while it checks and deletes the file, and a claim waits for it: so a step never stores a
file ("already there") that a clean-up is deleting.

A claim is one statement (`claim`): on PostgreSQL in autocommit, the lock taken inside
it and held to its commit. Each claim has an id, and the step that keeps the file gives
its own claim back in the transaction or statement that writes the row naming the file
(`give_back`, bot/store/steps.py): the claim and the row change places in one commit, so
the file is named by one or the other at every moment, and the usual step needs no
transaction of its own afterwards. A step that did not keep its file (or failed)
releases its claim and deletes the file if nothing names it (`release`, `unused`, under
the lock). bench/README.md "Session 36: evidence claims and start reads on PostgreSQL".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.store.connection import Connection
from bot.store.database import COMMIT_SETTING, deferral, fetch_first, iso, utcnow
from bot.store.lanes import advisory_key

# BLAKE2b's personalisation: keys derived here differ from the lanes' (bot/store/lanes.py)
# for the same text; a key shared by chance with another lock only makes one wait.
_PERSON = b"dumas-evidence"


def file_key(stored_name: str) -> int:
    """The advisory-lock key of a stored file (bot/store/lanes.py `advisory_key`)."""
    return advisory_key(stored_name, _PERSON)


async def _lock(conn: Connection, stored_name: str) -> None:
    if conn.dialect == "postgresql":  # SQLite: BEGIN IMMEDIATE holds the one write lock
        await conn.execute("SELECT pg_advisory_xact_lock(?)", (file_key(stored_name),))


@dataclass(frozen=True, slots=True)
class Quota:
    """The citizen's daily evidence quota, checked in the claim's statement: the file is
    claimed only when the bytes of the citizen's evidence rows since `since` plus `size`
    stay within `limit`."""

    citizen_id: int
    since: datetime
    size: int
    limit: int


# The quota's condition: the evidence quota read before the download was a statement of
# its own (and on PostgreSQL a transaction of its own) for every photo.
_WITHIN_QUOTA = (
    " WHERE (SELECT COALESCE(SUM(size), 0) FROM evidence WHERE citizen_id = ? AND "
    "created_at >= ?) + CAST(? AS BIGINT) <= CAST(? AS BIGINT)"
)


async def claim(conn: Connection, stored_name: str, quota: Quota | None = None) -> int | None:
    """Hold the file for a step about to store it (one statement); commit before storing
    it. The claim's id, or None when `quota` refuses the file (nothing claimed).

    PostgreSQL, in autocommit (`Database.single_write`) or in a transaction: the file's
    lock is taken in the statement before its row is inserted and held to the commit. The
    insert reads nothing a clean-up writes, so the statement's snapshot, taken before the
    lock, does not matter; the clean-up's check runs after the lock in a statement of
    its own and sees the claim."""
    where = _WITHIN_QUOTA if quota is not None else ""
    values: tuple[object, ...] = (stored_name, iso(utcnow()))
    if quota is not None:
        values += (quota.citizen_id, iso(quota.since), quota.size, quota.limit)
    if conn.dialect == "postgresql":
        sql = (
            f"WITH file_lock AS (SELECT pg_advisory_xact_lock(?), {COMMIT_SETTING}) "
            "INSERT INTO evidence_claims "
            f"(stored_name, claimed_at) SELECT ?, ? FROM file_lock{where} RETURNING id"
        )
        # COMMIT_SETTING's parameter: a DEFERRED single_write's commit (the dispatcher's)
        values = (file_key(stored_name), deferral(conn), *values)
    else:  # BEGIN IMMEDIATE holds the one write lock
        sql = (
            f"INSERT INTO evidence_claims (stored_name, claimed_at) SELECT ?, ?{where} RETURNING id"
        )
    row = await fetch_first(conn, sql, values)
    return None if row is None else int(row[0])


async def give_back(conn: Connection, claim_id: int) -> None:
    """In the transaction that writes the evidence row naming the claimed file: the step's
    claim is no longer needed once that row commits, and goes with it."""
    await conn.execute("DELETE FROM evidence_claims WHERE id = ?", (claim_id,))


async def release(conn: Connection, stored_name: str, claim_id: int | None = None) -> None:
    """Give back one claim of this file (the step's row, if any, is committed): the
    claim `claim_id` when given (a step's own), else any one of the name's."""
    await _lock(conn, stored_name)
    if claim_id is not None:
        await give_back(conn, claim_id)
        return
    await conn.execute(
        "DELETE FROM evidence_claims WHERE id = (SELECT MIN(id) FROM evidence_claims "
        "WHERE stored_name = ?)",
        (stored_name,),
    )


async def unused(conn: Connection, stored_name: str) -> bool:
    """Whether no evidence row names the file and no step holds it. The file's lock is
    held until the transaction ends: delete the file before committing."""
    await _lock(conn, stored_name)
    row = await fetch_first(
        conn,
        "SELECT EXISTS (SELECT 1 FROM evidence WHERE stored_name = ?) "
        "OR EXISTS (SELECT 1 FROM evidence_claims WHERE stored_name = ?)",
        (stored_name, stored_name),
    )
    return row is not None and not row[0]


async def drop_stale(conn: Connection, before: str) -> list[str]:
    """Claims left by a process that stopped mid-step (older than `before`): removed;
    their names returned, for the purge to delete the files no row names."""
    async with conn.execute(
        "SELECT DISTINCT stored_name FROM evidence_claims WHERE claimed_at < ?", (before,)
    ) as cur:
        names = [str(r[0]) for r in await cur.fetchall()]
    if names:
        await conn.execute("DELETE FROM evidence_claims WHERE claimed_at < ?", (before,))
    return names
