"""Evidence files: which are accepted (kinds.py), the store's contract (store.py), its two
backends (directory.py, s3.py), which one an installation uses (location.py) and copying
between them (copying.py).

`from bot import evidence` gives the names the rest of Dumas uses; bot/evidence/s3.py is
not imported here, so boto3 is loaded only when DUMAS_EVIDENCE_URL selects S3.
"""

from __future__ import annotations

from bot.evidence.copying import copy_all
from bot.evidence.directory import DirectoryStore
from bot.evidence.kinds import ACCEPTED_MIME, is_accepted, mime_of
from bot.evidence.location import MissingClient, open_store, store_at
from bot.evidence.store import (
    CorruptEvidence,
    DiskFullError,
    EvidenceStore,
    EvidenceUnavailable,
    StoredFile,
    content_name,
)

__all__ = [
    "ACCEPTED_MIME",
    "CorruptEvidence",
    "DirectoryStore",
    "DiskFullError",
    "EvidenceStore",
    "EvidenceUnavailable",
    "MissingClient",
    "StoredFile",
    "content_name",
    "copy_all",
    "is_accepted",
    "mime_of",
    "open_store",
    "store_at",
]
