"""Erasing personal data and the retention purge: the orchestration.

The SQL (what erasing a ticket or a citizen changes, and the purge's reads) is in
bot/store/privacy.py, whose docstring says what is kept and what is removed. This module
decides the transactions of the purge, deletes evidence files from the store, and runs the
purge once a day. A citizen's /hapusdata is `erase_citizen` in the caller's transaction
followed, after the commit, by `unlink_files`. Files are deleted from the installation's
evidence store (bot/evidence: a directory or S3-compatible object storage).

Evidence files are unlinked only after the commit, and only when no other evidence row
still names the same file (files are stored by their SHA-256, so two tickets can share
one) and no step holds it (a claim: a step that stored the file and has not committed
the row naming it; bot/store/evidence_claims.py). The check and the delete happen in one
transaction under the file's lock, which a step's claim waits for.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.evidence import EvidenceStore
from bot.store import evidence_claims
from bot.store import privacy as privacy_store
from bot.store import tickets as ticket_store
from bot.store.connection import Connection
from bot.store.database import Database, iso, utcnow
from bot.store.privacy import Erased, erase_citizen, forget_draft_files, seal_in_flight

__all__ = [
    "Erased",
    "erase_citizen",
    "forget_draft_files",
    "purge",
    "release_claim",
    "run_daily",
    "seal_in_flight",
    "unlink_files",
]

log = logging.getLogger(__name__)


async def unlink_files(db: Database, evidence: EvidenceStore, names: list[str]) -> int:
    """After the commit: delete files no evidence row names any more; end with a WAL
    checkpoint so the erased rows' old pages leave the write-ahead log too."""
    removed = 0
    for name in dict.fromkeys(names):
        async with db.transaction() as conn:
            removed += await _delete_if_unused(conn, evidence, name)
    await privacy_store.checkpoint(db)
    return removed


async def release_claim(
    db: Database, evidence: EvidenceStore, name: str, claim_id: int | None = None
) -> None:
    """After a step that stored this file and did not give its claim back with a row (a
    file sent under the privacy notice, a step that failed): give back its claim
    (`claim_id`, else any one of the file's), and delete the file when nothing names or
    holds it."""
    async with db.transaction() as conn:
        await evidence_claims.release(conn, name, claim_id)
        await _delete_if_unused(conn, evidence, name)


async def _delete_if_unused(conn: Connection, evidence: EvidenceStore, name: str) -> int:
    """In the caller's transaction, under the file's lock (held until it commits): delete
    the file if no row names it and no step holds it. 1 if deleted."""
    if not await evidence_claims.unused(conn, name):
        return 0
    try:
        await asyncio.to_thread(evidence.delete, name)
        return 1
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as exc:  # ValueError: not an evidence file name
        log.warning("could not delete evidence file %s: %s", name, exc)
    return 0


async def purge(
    db: Database,
    evidence: EvidenceStore,
    retention_days: int,
    now: datetime,
    dry_run: bool = False,
) -> dict[str, int]:
    """Erase closed tickets older than the retention period, then citizens left with
    nothing but erased tickets and no activity within it. Returns the counts."""
    cutoff = iso(now - timedelta(days=retention_days))
    # A ticket no group ever received (its unit has none bound) is not kept for ever:
    # past the retention period it is closed as unhandled and erased like a closed one.
    unhandled = await ticket_store.unhandled_tickets_due(db, cutoff)
    if not dry_run:
        for ticket_id in unhandled:
            async with db.transaction() as conn:
                await ticket_store.close_unhandled(conn, ticket_id, now)
    closed = await ticket_store.closed_tickets_due(db, cutoff)
    due = list(dict.fromkeys([*closed, *unhandled]))
    idle = await privacy_store.idle_citizens(db, cutoff)
    result = Erased()
    if dry_run:
        files = await privacy_store.evidence_count_due(db, cutoff)
        return {"tickets": len(due), "files": files, "citizens": len(idle), "dry_run": 1}
    for ticket_id in due:
        async with db.transaction() as conn:
            await privacy_store.erase_ticket(conn, ticket_id, now, result)
    for citizen_id in idle:
        async with db.transaction() as conn:
            # read again in this transaction: the citizen may have written since the list
            if not await privacy_store.still_idle(conn, citizen_id, cutoff):
                continue
            await privacy_store.erase_identity(conn, citizen_id, None, result)
            result.citizens += 1
    async with db.transaction() as conn:
        await privacy_store.redact_old_inbox(conn, cutoff)
        await privacy_store.forget_abandoned_drafts(conn, result)
        # claims of a process that stopped mid-step: their files, if no row names them
        stale = iso(now - timedelta(days=1))
        result.stored_names += await evidence_claims.drop_stale(conn, stale)
        if result.tickets or result.citizens:
            await privacy_store.record_erasure(
                conn, now, None, "retention", result.tickets, result.files
            )
    # unlink_files ends with the checkpoint: secure_delete (bot/store/database.py) zeroes
    # freed space in the pages, and old versions of the pages stay in the write-ahead
    # log until a checkpoint.
    await unlink_files(db, evidence, result.stored_names)
    return result.to_json()


async def run_daily(
    db: Database,
    evidence: EvidenceStore,
    retention_days: int,
    clock: Callable[[], datetime] = utcnow,
    interval: float = 86400.0,
) -> None:
    """The retention loop: a purge at start-up and then once a day."""
    while True:
        try:
            counts = await purge(db, evidence, retention_days, clock())
            if counts.get("tickets") or counts.get("citizens"):
                log.info("retention purge: %s", counts)
        except Exception:
            log.exception("retention purge failed")
        await asyncio.sleep(interval)
