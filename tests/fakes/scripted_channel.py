"""A channel adapter with no platform behind it, for driving the Dispatcher directly:
each payload is already what the flows read, `{"user": ..., and one of "cmd", "choice",
"text", "location": [lat, lon], "photo": true}`.

Used where the platform's parsing is not what is measured or tested: the dispatcher's
tests across instances (tests/dispatcher) and the engine benchmark (bench/bench_engine.py).
"""

from __future__ import annotations

from typing import Any

from bot.channels.base import CitizenEvent, MediaRef
from flows.events import Choice, Command, Location, Text


class ScriptedChannel:
    def __init__(self, name: str = "scripted", photo: bytes | None = None) -> None:
        self.name = name
        self.photo = photo  # the bytes every {"photo": true} downloads (None: no files)

    def lane(self, payload: dict[str, Any]) -> str:
        return f"{self.name}:{payload['user']}"

    def citizen_lane(self, user_id: str) -> str:
        return f"{self.name}:{user_id}"

    def parse(self, payload: dict[str, Any]) -> CitizenEvent:
        user = str(payload["user"])
        body: Any
        if "cmd" in payload:
            body = Command(payload["cmd"], "")
        elif "choice" in payload:
            body = Choice(payload["choice"], None)
        elif "location" in payload:
            body = Location(*payload["location"])
        elif payload.get("photo") and self.photo is not None:
            body = MediaRef(
                kind="photo", file_ref=f"P{user}", size=len(self.photo), mime_type="image/jpeg"
            )
        else:
            body = Text(payload["text"])
        return CitizenEvent(
            channel=self.name,
            user_id=user,
            chat_id=user,
            body=body,
            display_name="Warga",
            language_code="id",
            callback_id=None,
        )

    async def download(self, media: MediaRef, max_bytes: int) -> bytes:
        if self.photo is None:
            raise AssertionError("this script sends no file")
        return self.photo
