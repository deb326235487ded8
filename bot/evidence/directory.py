"""Evidence in a directory: DUMAS_DATA_DIR/evidence by default, or any directory
DUMAS_EVIDENCE_URL names (a mount shared by several instances, e.g. NFS).

A file is written to a temporary name, flushed to disk and renamed, so a crash never
leaves half a file under the final name, and an instance reading a shared mount never
sees a partial file. rename(2) within one directory is atomic on a local file system and
on NFS (the temporary file lives beside its final name for that reason).
"""

from __future__ import annotations

import errno
import itertools
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from bot.evidence.store import (
    DiskFullError,
    StoredFile,
    check_name,
    content_name,
    is_evidence_name,
)

_TEMPORARY_NUMBERS = itertools.count()


class DirectoryStore:
    """The evidence store of one directory (created when the first file is kept)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __str__(self) -> str:
        return str(self.root)

    def _path(self, name: str) -> Path:
        return self.root / check_name(name)

    def put(self, data: bytes, mime_type: str, named: StoredFile | None = None) -> StoredFile:
        stored = named or content_name(data, mime_type)
        target = self.root / stored.stored_name
        if target.exists():
            return stored
        # unique per call, and per host on a shared mount: two citizens may send the same
        # file at the same moment (a forwarded picture), from threads or other instances
        temporary = target.with_name(
            f".{stored.sha256}.{os.uname().nodename}.{os.getpid()}."
            f"{threading.get_ident()}.{next(_TEMPORARY_NUMBERS)}.part"
        )
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise DiskFullError(exc.errno, "no space left for evidence") from exc
            raise
        return stored

    def read(self, name: str) -> bytes:
        return self._path(name).read_bytes()

    def delete(self, name: str) -> None:
        self._path(name).unlink()

    def exists(self, name: str) -> bool:
        return self._path(name).is_file()

    def names(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for shard in sorted(self.root.iterdir()):
            if not shard.is_dir():
                continue
            for path in sorted(shard.iterdir()):
                # a .part file is a write under way (or left by a crash), not evidence
                name = f"{shard.name}/{path.name}"
                if is_evidence_name(name) and path.is_file():
                    yield name
