"""Which files Dumas accepts as evidence, and the extension each is stored under.

A document of a type not listed is refused with the list named. The extension is part
of the stored name (bot/evidence/store.py), so one MIME type always gives one extension.
"""

from __future__ import annotations

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


def mime_of(media: MediaRef) -> str:
    return (media.mime_type or _DEFAULT_MIME.get(media.kind, "application/octet-stream")).lower()


def is_accepted(media: MediaRef) -> bool:
    return mime_of(media).split(";")[0].strip() in ACCEPTED_MIME


def extension_of(mime_type: str) -> str:
    """The extension a file of this type is stored under ("bin" for an unknown type)."""
    return _EXTENSIONS.get(mime_type.split(";")[0].strip().lower(), "bin")


def mime_of_extension(extension: str) -> str:
    """A MIME type stored under this extension: the first listed, so that
    `extension_of(mime_of_extension(e)) == e` for every extension Dumas writes."""
    for mime, known in _EXTENSIONS.items():
        if known == extension:
            return mime
    return "application/octet-stream"
