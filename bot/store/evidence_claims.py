"""Claims on evidence files: a step that stored a file holds one until its evidence row
is committed (or the step ended without one), so that no clean-up deletes the file in
between.

Files are named by their SHA-256 (bot/evidence/store.py), so one file can be named by
several evidence rows, and a clean-up (a step that did not keep its file, /hapusdata, the
retention purge) deletes a file only when no row names it. Without claims, a file that a
second citizen sent at the same moment was deleted between that citizen's download and
the commit of the row naming it. Claims of one name are interchangeable: each step adds
one and removes one.

Every function runs in the caller's transaction and first takes the file's lock: on
SQLite the transaction's write lock does it (one writer); on PostgreSQL a transaction
advisory lock keyed by the name. A clean-up holds it while it checks and deletes the
file, and a claim waits for it: so a step never stores a file ("already there") that a
clean-up is deleting.
"""

from __future__ import annotations

from bot.store.connection import Connection
from bot.store.database import fetch_first, iso, utcnow
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


async def claim(conn: Connection, stored_name: str) -> None:
    """Hold the file for a step about to store it; commit before storing it."""
    await _lock(conn, stored_name)
    await conn.execute(
        "INSERT INTO evidence_claims (stored_name, claimed_at) VALUES (?, ?)",
        (stored_name, iso(utcnow())),
    )


async def release(conn: Connection, stored_name: str) -> None:
    """Give back one claim of this file (the step's row, if any, is committed)."""
    await _lock(conn, stored_name)
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
