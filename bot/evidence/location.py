"""Which evidence store an installation uses: DUMAS_EVIDENCE_URL, read once.

    (unset)                  DUMAS_DATA_DIR/evidence, as before
    /srv/dumas-evidence      a directory, e.g. a mount every instance shares
    file:///srv/dumas-evidence
    s3://bucket/prefix       S3-compatible object storage (bot/evidence/s3.py)

The S3 backend is imported here, only when selected, so the default installation never
loads boto3.
"""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import urlsplit

from bot.evidence.directory import DirectoryStore
from bot.evidence.store import EvidenceStore

_opened: dict[tuple[str, str, str], EvidenceStore] = {}
_opening = threading.Lock()


class MissingClient(RuntimeError):
    """S3 is selected but boto3 is not installed."""


def store_at(url: str, default_dir: Path, s3_endpoint_url: str = "") -> EvidenceStore:
    """A new store for DUMAS_EVIDENCE_URL's value (`default_dir` when it is empty)."""
    if url.startswith("s3://"):
        parts = urlsplit(url)
        try:
            from bot.evidence.s3 import S3Store
        except ImportError as exc:
            raise MissingClient(
                f"DUMAS_EVIDENCE_URL={url} needs boto3: pip install 'dumas[s3]'"
            ) from exc
        return S3Store(parts.netloc, parts.path, s3_endpoint_url)
    if url.startswith("file://"):
        return DirectoryStore(Path(urlsplit(url).path))
    return DirectoryStore(Path(url) if url else default_dir)


def open_store(url: str, data_dir: Path, s3_endpoint_url: str = "") -> EvidenceStore:
    """The installation's store (DUMAS_EVIDENCE_URL, DUMAS_DATA_DIR,
    DUMAS_S3_ENDPOINT_URL), opened once per process (an S3 client holds a connection pool
    and costs tens of milliseconds to build). Settings.evidence calls this with its
    values, so this module needs nothing of the settings' type."""
    key = (url, str(data_dir), s3_endpoint_url)
    with _opening:
        if key not in _opened:
            _opened[key] = store_at(url, data_dir / "evidence", s3_endpoint_url)
        return _opened[key]
