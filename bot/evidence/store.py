"""The evidence store's contract: what every backend keeps, under which name, and how it
fails.

Files are stored content-addressed (`ab/<sha256>.<ext>`): the name is generated from the
bytes, never taken from the sender, so a file name with path separators cannot reach the
storage, the same file sent twice is kept once, and a retried download after a crash
writes the same file again instead of leaving a stray copy. Because the name carries the
SHA-256, any copy of a file can be checked against its name (`copy_all` does).

Two backends implement `EvidenceStore`: a directory (bot/evidence/directory.py, the
default under DUMAS_DATA_DIR, or a mount shared by several instances) and S3-compatible
object storage (bot/evidence/s3.py). Their methods block (file system or HTTP calls):
code on the event loop runs them with `asyncio.to_thread`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from bot.evidence.kinds import extension_of

# ab/<64 hex>.<ext>: what `content_name` produces, and all a backend accepts, so a name
# read back from the database or a listing can never point outside the store.
_NAME = re.compile(r"[0-9a-f]{2}/[0-9a-f]{64}\.[a-z0-9]{1,8}")


class EvidenceUnavailable(OSError):
    """The store could not keep or give back a file (a full disk, an unreachable or
    refusing object store). Nothing was written; the citizen is told the file could not
    be kept, and what was already stored is untouched."""


class DiskFullError(EvidenceUnavailable):
    """No space left for the file; nothing was written."""


class CorruptEvidence(ValueError):
    """A stored file's bytes do not match the SHA-256 in its name."""


@dataclass(frozen=True, slots=True)
class StoredFile:
    stored_name: str  # relative to the store: ab/<sha256>.<ext>
    sha256: str
    size: int
    mime_type: str


def content_name(data: bytes, mime_type: str) -> StoredFile:
    """The name these bytes are stored under, with their digest and size."""
    digest = hashlib.sha256(data).hexdigest()
    name = f"{digest[:2]}/{digest}.{extension_of(mime_type)}"
    return StoredFile(name, digest, len(data), mime_type)


def is_evidence_name(name: str) -> bool:
    """Whether `content_name` could have produced this name."""
    return _NAME.fullmatch(name) is not None


def check_name(name: str) -> str:
    """The name itself when it is one `content_name` could produce; ValueError if not."""
    if not is_evidence_name(name):
        raise ValueError(f"not an evidence file name: {name!r}")
    return name


class EvidenceStore(Protocol):
    """Where evidence files are kept. Every method blocks; names are `content_name`s."""

    def put(self, data: bytes, mime_type: str, named: StoredFile | None = None) -> StoredFile:
        """Keep the bytes (once: an existing file of the same name is left as it is).
        `named` is their `content_name` when the caller already has it (the dispatcher
        names a file to claim it first), so the bytes are not hashed a second time.
        Raises EvidenceUnavailable when they could not be kept."""
        ...

    def read(self, name: str) -> bytes:
        """The file's bytes; FileNotFoundError when the store does not hold it."""
        ...

    def delete(self, name: str) -> None:
        """Remove the file; FileNotFoundError when the store did not hold it."""
        ...

    def exists(self, name: str) -> bool: ...

    def names(self) -> Iterator[str]:
        """Every stored file's name (in no promised order)."""
        ...
