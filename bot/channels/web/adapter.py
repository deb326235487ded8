"""Web channel adapter and sender: browser payloads in, delivered outbox rows out.

Stored payloads (inbox rows of channel "web") are small JSON objects written by
`bot.channels.web.routes`:

    citizen: {"role": "citizen", "user": "c-…", "language": "id" (when chosen on the page),
              "text": "…" | "choice": "cat:crime" | "location": [lat, lon]
              | "file": {"token", "name", "mime", "size", "kind", "caption"}}
    staff:   {"role": "staff", "chat": "g-…", "user": "officer-1", "user_name": "…",
              "text": "…", "reply_to": "123"} | {"callback": "t:claim:7", "message": "123",
              "callback_id": "…"}

A staff payload becomes the same `StaffEvent` a Telegram group message or button press
becomes, so the officers' handler serves both without knowing which.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import time
from pathlib import Path
from typing import Any

from bot.channels.base import (
    CitizenEvent,
    FileTooLarge,
    Ignored,
    MediaRef,
    ParsedEvent,
    PermanentFailure,
    StaffEvent,
    command_of,
    text_or_command,
)
from bot.outbox.messages import Edit
from bot.store.outbox import OutboxRow
from flows.events import Choice, InboundBody, Location, MediaKind, Text
from flows.language import guess_language

CHANNEL = "web"
UPLOAD_TTL_SECONDS = 6 * 3600  # uploads not taken by the dispatcher by then are removed
_IMAGE = ("image/jpeg", "image/png", "image/webp", "image/gif", "image/heic", "image/heif")


def media_kind(mime: str) -> MediaKind:
    if mime in _IMAGE:
        return "photo"
    if mime.startswith("video/"):
        return "video"
    if mime.startswith("audio/"):
        return "audio"
    return "document"


class Uploads:
    """Files a browser posted, kept a few hours for the dispatcher to download."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def put(self, data: bytes) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._sweep()
        token = secrets.token_urlsafe(18)
        tmp = self.directory / f".{token}.part"
        tmp.write_bytes(data)
        os.replace(tmp, self.directory / token)
        return token

    def path(self, token: str) -> Path | None:
        if not token or "/" in token or "\\" in token or token.startswith("."):
            return None
        path = self.directory / token
        return path if path.is_file() else None

    def _sweep(self) -> None:
        cutoff = time.time() - UPLOAD_TTL_SECONDS
        for path in self.directory.iterdir():
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < cutoff:
                    path.unlink()


class WebAdapter:
    name = CHANNEL

    def __init__(self, uploads_dir: Path) -> None:
        self.uploads = Uploads(uploads_dir)
        self.sender = WebSender(self)
        self.changed = asyncio.Event()  # set whenever something was delivered

    # ---------------------------------------------------------------- lanes

    def lane(self, payload: dict[str, Any]) -> str:
        if payload.get("role") == "staff":
            return f"web:g:{payload.get('chat')}"
        return self.citizen_lane(str(payload.get("user")))

    def citizen_lane(self, user_id: str) -> str:
        return f"web:{user_id}"

    # ---------------------------------------------------------------- parsing

    def parse(self, payload: dict[str, Any]) -> ParsedEvent:
        if payload.get("role") == "staff":
            return self._staff(payload)
        user = str(payload.get("user") or "")
        if not user:
            return Ignored("no user")
        body: InboundBody | MediaRef
        if "choice" in payload:
            body = Choice(str(payload["choice"]), payload.get("message"))
        elif "location" in payload:
            lat, lon = payload["location"]
            body = Location(float(lat), float(lon))
        elif "file" in payload:
            f = payload["file"]
            body = MediaRef(
                kind=media_kind(f.get("mime") or ""),
                file_ref=f"upload:{f['token']}",
                unique_ref=None,
                size=int(f.get("size") or 0),
                mime_type=f.get("mime") or None,
                caption=f.get("caption") or None,
            )
        else:
            body = text_or_command(str(payload.get("text", "")))
        return CitizenEvent(
            channel=CHANNEL,
            user_id=user,
            chat_id=user,
            body=body,
            display_name=payload.get("name") or None,
            # The language picked on the page, as Telegram's app language; else the words
            # say it when they are clear, as on WhatsApp (None keeps the citizen's earlier
            # one; /bahasa overrides both).
            language_code=payload.get("language")
            or (guess_language(body.text) if isinstance(body, Text) else None),
        )

    def _staff(self, payload: dict[str, Any]) -> ParsedEvent:
        common: dict[str, Any] = {
            "channel": CHANNEL,
            "chat_id": str(payload.get("chat")),
            "user_id": str(payload.get("user")) if payload.get("user") else None,
            "user_name": payload.get("user_name") or None,
            "chat_title": payload.get("chat_title") or None,
            "message_id": payload.get("message_id"),
            "extra": {"web": True, "member_status": "member"},
        }
        if "callback" in payload:
            return StaffEvent(
                kind="callback",
                callback_id=str(payload.get("callback_id")),
                callback_data=str(payload["callback"]),
                **{**common, "message_id": payload.get("message")},
            )
        text = str(payload.get("text", ""))
        if not text.strip():
            return Ignored("empty staff message")
        reply_to = payload.get("reply_to")
        common["reply_to_message_id"] = str(reply_to) if reply_to else None
        command = command_of(text)
        if command is not None:
            return StaffEvent(
                kind="command", command=command.name, args=command.args, text=text, **common
            )
        return StaffEvent(kind="text", text=text, **common)

    # ---------------------------------------------------------------- files

    async def download(self, media: MediaRef, max_bytes: int) -> bytes:
        token = media.file_ref.removeprefix("upload:")
        path = self.uploads.path(token)
        if path is None:
            raise PermanentFailure("the uploaded file is gone")
        size = path.stat().st_size
        if size > max_bytes:
            raise FileTooLarge(size, max_bytes)
        # Not deleted here: a step that fails before its commit downloads it again; the
        # sweep in `Uploads.put` removes old uploads.
        return await asyncio.to_thread(path.read_bytes)


class WebSender:
    """Accepts every outbox row of channel "web": the page reads sent rows back."""

    channel = CHANNEL

    def __init__(self, adapter: WebAdapter) -> None:
        self.adapter = adapter

    def lane_kind(self, chat_id: str) -> str:
        return "exempt"  # a local page has no rate limits

    async def deliver(self, row: OutboxRow) -> str | None:
        # The row is marked sent right after this returns; wake long-polls a moment later.
        asyncio.get_running_loop().call_later(0.05, self.adapter.changed.set)
        if isinstance(row.message, Edit):
            return str(row.message.message_id)  # the page applies it to that message
        return str(row.id)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
