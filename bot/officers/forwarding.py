"""Documents forwarded to officers: rebuilt from the bytes Dumas stored, under a neutral
name.

Re-sending a citizen's document by its Telegram file_id would hand the staff group the
file exactly as uploaded, with its original file name ("Laporan Budi Santoso.pdf" from
an "anonymous" reporter). So a document going to a staff group is uploaded again from
the evidence store as `bukti-<reference>-<n>.<ext>`, with the caption Dumas wrote (never
the citizen's). The bytes themselves are unchanged: PDF and office files keep their
embedded metadata and macros (see README, "Evidence files"). A document Dumas does not
hold (not stored, or erased) is not sent at all rather than sent as uploaded; one the
store cannot give back right now (object storage unreachable) is retried later.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.channels.base import TransientFailure
from bot.evidence import EvidenceStore, EvidenceUnavailable
from bot.store import evidence as evidence_store
from bot.store.database import Database


@dataclass(frozen=True, slots=True)
class NeutralFile:
    data: bytes
    file_name: str


class DocumentForwarding:
    """Called by the Telegram sender for a document bound for a staff group."""

    def __init__(self, db: Database, evidence: EvidenceStore) -> None:
        self.db = db
        self.evidence = evidence

    async def __call__(self, file_ref: str, ticket_id: int | None) -> NeutralFile | None:
        async with self.db.reading() as conn:
            found = await evidence_store.forwardable(conn, file_ref, ticket_id)
        if found is None:
            return None
        stored_name, reference, number = found
        try:
            data = await asyncio.to_thread(self.evidence.read, stored_name)
        except FileNotFoundError:  # purged with its draft or by retention
            return None
        except EvidenceUnavailable as exc:  # the outbox tries the row again with backoff
            raise TransientFailure(str(exc)) from exc
        extension = stored_name.rsplit(".", 1)[-1] if "." in stored_name else "bin"
        return NeutralFile(data, f"bukti-{reference or 'dumas'}-{number}.{extension}")
