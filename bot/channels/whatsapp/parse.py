"""Turning a stored Twilio WhatsApp webhook (its form fields) into a normalized event.

Every WhatsApp message is a citizen's: staff work in Telegram groups. The citizen is
identified by the sender's number (`From` without the `whatsapp:` prefix, E.164); the
chat to answer is `From` itself. A quick-reply button (`ButtonPayload`) is a `Choice`;
a shared location (`Latitude`/`Longitude`, with `Address`/`Label` for a place) is a
`Location`; the first attached file is a `MediaRef` whose `file_ref` is its Twilio media
URL (downloaded later with the account's credentials). Typed numbers and option labels
stay `Text`: the flow matches them against the options it showed.
"""

from __future__ import annotations

from typing import Any

from bot.channels.base import CitizenEvent, Ignored, MediaRef, ParsedEvent, command_of

# The channel's name and identity rule live with its store (citizens are keyed by them).
from bot.store.whatsapp import CHANNEL, PREFIX, user_id_of
from flows.events import (
    Choice,
    Contact,
    InboundBody,
    Location,
    MediaKind,
    Text,
    Unsupported,
)
from flows.language import guess_language

# MessageType values that carry nothing the flow can use.
_UNSUPPORTED_TYPES = {"sticker", "reaction", "unsupported", "interactive_unsupported", "order"}


def lane(payload: dict[str, Any]) -> str:
    return citizen_lane(user_id_of(str(payload.get("From", ""))))


def citizen_lane(user_id: str) -> str:
    return f"wa:{user_id}"


def parse(payload: dict[str, Any]) -> ParsedEvent:
    sender = str(payload.get("From", ""))
    if not sender.startswith(PREFIX):
        return Ignored("not a WhatsApp message")
    body = _body(payload)
    return CitizenEvent(
        channel=CHANNEL,
        user_id=user_id_of(sender),
        chat_id=sender,
        body=body,
        display_name=(str(payload.get("ProfileName") or "").strip() or None),
        # WhatsApp tells no language: the words do, when they are clear (None keeps the
        # citizen's earlier one; /bahasa overrides both).
        language_code=guess_language(body.text) if isinstance(body, Text) else None,
        message_id=str(payload.get("MessageSid") or "") or None,
    )


def _float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number else None  # NaN is not a position


def _body(p: dict[str, Any]) -> InboundBody | MediaRef:
    text = str(p.get("Body") or "")
    message_type = str(p.get("MessageType") or "").lower()
    # A quick-reply tap comes as ButtonPayload, a list-picker pick as ListId (with
    # ListTitle and the title as Body): either is the option's id, i.e. a press.
    payload = str(p.get("ButtonPayload") or p.get("ListId") or "")
    if payload:
        return Choice(payload)
    lat, lon = _float(p.get("Latitude")), _float(p.get("Longitude"))
    if lat is not None and lon is not None:
        parts = [str(p[k]).strip() for k in ("Label", "Address") if str(p.get(k) or "").strip()]
        return Location(lat, lon, address=", ".join(parts) or None)
    if message_type in _UNSUPPORTED_TYPES:
        return Unsupported(message_type)
    try:
        count = int(p.get("NumMedia") or 0)
    except ValueError:
        count = 0
    if count > 0 and p.get("MediaUrl0"):
        mime = str(p.get("MediaContentType0") or "").lower() or None
        if mime in ("text/vcard", "text/x-vcard"):
            return Contact(phone="", name=None)
        return MediaRef(
            kind=_kind(mime, message_type),
            file_ref=str(p["MediaUrl0"]),
            unique_ref=f"{p.get('MessageSid', '')}/0",
            size=None,
            mime_type=mime,
            caption=text.strip() or None,
        )
    stripped = text.strip()
    command = command_of(stripped)
    if command is not None:
        return command
    if not stripped:
        return Unsupported(message_type or "other")
    return Text(text)


def _kind(mime: str | None, message_type: str) -> MediaKind:
    major = (mime or "").split("/", 1)[0]
    if major == "image":
        return "photo"
    if major == "video":
        return "video"
    if major == "audio":
        return "voice"  # WhatsApp voice notes and audio files both arrive as audio/*
    return "document"
