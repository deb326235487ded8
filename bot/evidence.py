"""Evidence files: download, check, and keep them under the data directory.

Files are stored content-addressed (`evidence/ab/<sha256>.<ext>`): the name is generated
from the bytes, never taken from the sender, so a file name with path separators cannot
reach the file system, the same file sent twice is kept once, and a retried download
after a crash writes the same file again instead of leaving a stray copy. The file is
written to a temporary name, flushed to disk and renamed, so a crash never leaves half a
file under the final name.
"""

from __future__ import annotations

import errno
import hashlib
import itertools
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from bot.channels.base import MediaRef

# Accepted types, by kind; a document of any other type is refused with the list named.
ACCEPTED_MIME = {
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/heic",
    "image/heif",
    "image/gif",
    "video/mp4",
    "video/quicktime",
    "video/3gpp",
    "video/webm",
    "video/x-matroska",
    "audio/ogg",
    "audio/mpeg",
    "audio/mp4",
    "audio/aac",
    "audio/amr",
    "audio/wav",
    "audio/x-wav",
    "audio/opus",
    "audio/webm",
    "application/pdf",
    "application/msword",
    "text/plain",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/zip",
}
_EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/heic": "heic",
    "image/heif": "heif",
    "image/gif": "gif",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "video/3gpp": "3gp",
    "video/webm": "webm",
    "video/x-matroska": "mkv",
    "audio/ogg": "ogg",
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "audio/aac": "aac",
    "audio/amr": "amr",
    "audio/wav": "wav",
    "audio/x-wav": "wav",
    "audio/opus": "opus",
    "audio/webm": "weba",
    "application/pdf": "pdf",
    "application/msword": "doc",
    "text/plain": "txt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/zip": "zip",
}
_DEFAULT_MIME = {
    "photo": "image/jpeg",
    "voice": "audio/ogg",
    "video": "video/mp4",
    "audio": "audio/mpeg",
}


class DiskFullError(OSError):
    """No space left for the file; nothing was written."""


@dataclass(frozen=True, slots=True)
class StoredFile:
    stored_name: str  # relative to the evidence directory
    sha256: str
    size: int
    mime_type: str


_TEMPORARY_NUMBERS = itertools.count()


def mime_of(media: MediaRef) -> str:
    return (media.mime_type or _DEFAULT_MIME.get(media.kind, "application/octet-stream")).lower()


def is_accepted(media: MediaRef) -> bool:
    return mime_of(media).split(";")[0].strip() in ACCEPTED_MIME


def store_file(evidence_dir: Path, data: bytes, mime_type: str) -> StoredFile:
    digest = hashlib.sha256(data).hexdigest()
    extension = _EXTENSIONS.get(mime_type.split(";")[0].strip(), "bin")
    relative = f"{digest[:2]}/{digest}.{extension}"
    target = evidence_dir / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        # unique per call: two citizens may send the same file at the same moment (a
        # forwarded picture), and their writes run in parallel threads
        temporary = target.with_name(
            f".{digest}.{os.getpid()}.{threading.get_ident()}.{next(_TEMPORARY_NUMBERS)}.part"
        )
        try:
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
    return StoredFile(relative, digest, len(data), mime_type)
