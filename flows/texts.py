"""Markers for translatable text defined away from where it is translated.

`N_` marks a string for the catalog extractor without translating it at import time (the
language is only known per citizen, per event); the caller passes it through the
citizen's gettext later.
"""

from __future__ import annotations


def N_(message: str) -> str:
    return message


def shorten(text: str, limit: int) -> str:
    """`text` cut to about `limit` characters at a word boundary, with "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(",.;: ") + "…"


_UNSUPPORTED = {
    "sticker": N_("a sticker"),
    "animation": N_("a GIF"),
    "poll": N_("a poll"),
    "dice": N_("a dice roll"),
    "game": N_("a game"),
    "video_note": N_("a round video message"),
    "venue": N_("a venue"),
    "story": N_("a story"),
    "invoice": N_("a payment"),
    "live_location": N_("a live location"),
}


def unsupported_name(kind: str) -> str:
    """The (untranslated) name of an unsupported message type, for "cannot be processed"."""
    return _UNSUPPORTED.get(kind, N_("this type of message"))
