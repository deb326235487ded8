"""A terminal chat with the bot (`dumas chat`): try Dumas with no token and no network.

It is a real channel: each line typed is stored in the inbox, handled by the dispatcher
and the flows, and the replies come back through the outbox, exactly as on Telegram.
Buttons are shown as a numbered list; typing the number presses the button.
"""

from __future__ import annotations

import itertools
import sys
import uuid
from collections.abc import Callable
from typing import Any, TextIO

from bot.channels.base import (
    CitizenEvent,
    MediaRef,
    ParsedEvent,
    PermanentFailure,
    text_or_command,
)
from bot.outbox.messages import CitizenReply
from bot.store.outbox import OutboxRow
from flows.events import Choice, Location, Text
from flows.language import guess_language

CHANNEL = "console"


class ConsoleAdapter:
    name = CHANNEL

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        self.options: dict[str, list[str]] = {}
        # The inbox is unique on (channel, external id): ids of this run only, or a second
        # `dumas chat` on the same data directory had its lines taken for repeats of the
        # first run's and dropped without a word.
        self._run = uuid.uuid4().hex[:12]
        self._ids = itertools.count(1)
        self.sender = ConsoleSender(self)
        self.on_output: Callable[[], None] | None = None

    def lane(self, payload: dict[str, Any]) -> str:
        return self.citizen_lane(str(payload["user"]))

    def citizen_lane(self, user_id: str) -> str:
        return f"console:{user_id}"

    def next_id(self) -> str:
        return f"console-{self._run}-{next(self._ids)}"

    def event_for_line(self, user: str, line: str) -> dict[str, Any]:
        """Turn a typed line into a stored payload: a number picks a shown button."""
        stripped = line.strip()
        shown = self.options.get(user, [])
        if stripped.isdigit() and 1 <= int(stripped) <= len(shown):
            return {"user": user, "choice": shown[int(stripped) - 1]}
        if stripped.startswith("@") and "," in stripped:
            lat, _, lon = stripped[1:].partition(",")
            return {"user": user, "location": [float(lat), float(lon)]}
        return {"user": user, "text": line}

    def parse(self, payload: dict[str, Any]) -> ParsedEvent:
        user = str(payload["user"])
        if "choice" in payload:
            body: Any = Choice(str(payload["choice"]))
        elif "location" in payload:
            body = Location(*payload["location"])
        else:
            body = text_or_command(str(payload.get("text", "")))
        return CitizenEvent(
            channel=CHANNEL,
            user_id=user,
            chat_id=user,
            body=body,
            display_name=user,
            # A terminal tells no language: the words do, as on WhatsApp (None keeps the
            # citizen's earlier one; /bahasa overrides both).
            language_code=payload.get("language")
            or (guess_language(body.text) if isinstance(body, Text) else None),
        )

    async def download(self, media: MediaRef, max_bytes: int) -> bytes:
        raise PermanentFailure("the console cannot send files")


class ConsoleSender:
    channel = CHANNEL

    def __init__(self, adapter: ConsoleAdapter) -> None:
        self.adapter = adapter

    def lane_kind(self, chat_id: str) -> str:
        return "exempt"

    async def deliver(self, row: OutboxRow) -> str | None:
        if not isinstance(row.message, CitizenReply):
            return None  # the console is a citizen's chat: nothing else comes here
        reply = row.message.reply
        out = self.adapter.out
        out.write("\n" + "\n".join(f"  {line}" for line in reply.text.splitlines()) + "\n")
        ids = []
        for number, option in enumerate(reply.options, start=1):
            out.write(f"    [{number}] {option.label}\n")
            ids.append(option.id)
        if reply.options:
            self.adapter.options[row.chat_id] = ids
        if reply.request_location:
            out.write(f"    ({reply.request_location}: @LAT,LON)\n")
        out.flush()
        if self.adapter.on_output is not None:
            self.adapter.on_output()
        return None
