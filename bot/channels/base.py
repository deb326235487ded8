"""What every channel adapter produces and provides, independent of the platform.

An adapter turns one stored platform payload into a `CitizenEvent`, a `StaffEvent` or
`Ignored`; it downloads a file a citizen sent (`MediaRef` -> bytes); and its sender
delivers one outbox row, raising one of the `Delivery*` errors so the outbox can decide
between retrying, waiting and giving up without knowing the platform.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.store.outbox import OutboxRow
from flows.events import Command, InboundBody, MediaKind, Text


def command_of(text: str) -> Command | None:
    """ "/status DMS-…" -> Command("status", "DMS-…"); "/start@dumas_bot" names the bot, which
    is dropped. None when the text is not a command."""
    stripped = text.strip()
    if not stripped.startswith("/") or len(stripped) < 2:
        return None
    head, _, args = stripped.partition(" ")
    return Command(head[1:].split("@", 1)[0].lower(), args.strip())


def text_or_command(text: str) -> Text | Command:
    return command_of(text) or Text(text)


@dataclass(frozen=True, slots=True)
class MediaRef:
    """A file the citizen sent that has not been downloaded yet."""

    kind: MediaKind
    file_ref: str
    unique_ref: str | None = None
    size: int | None = None
    mime_type: str | None = None
    caption: str | None = None
    album_id: str | None = None


@dataclass(frozen=True, slots=True)
class CitizenEvent:
    """A citizen wrote to the bot in a private chat."""

    channel: str
    user_id: str
    chat_id: str
    body: InboundBody | MediaRef
    display_name: str | None = None
    language_code: str | None = None
    callback_id: str | None = None  # Telegram: the callback query to answer
    message_id: str | None = None


@dataclass(frozen=True, slots=True)
class StaffEvent:
    """Something happened in a group chat (maybe a bound staff group)."""

    channel: str
    chat_id: str
    user_id: str | None
    user_name: str | None
    kind: str  # "text", "command", "callback", "media", "member"
    text: str = ""
    command: str = ""
    args: str = ""
    callback_id: str | None = None
    callback_data: str | None = None
    message_id: str | None = None
    reply_to_message_id: str | None = None
    media: MediaRef | None = None
    chat_title: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Ignored:
    reason: str


ParsedEvent = CitizenEvent | StaffEvent | Ignored


class DeliveryError(Exception):
    """Base of the classified send failures."""


class RetryLater(DeliveryError):
    """The platform asked us to wait (429 / retry_after)."""

    def __init__(self, seconds: float, message: str = "") -> None:
        super().__init__(message or f"retry after {seconds}s")
        self.seconds = seconds


class TransientFailure(DeliveryError):
    """A network error, timeout or 5xx: try again with backoff."""


class PermanentFailure(DeliveryError):
    """Trying again cannot help (blocked by the user, chat gone, bad request)."""


class ChatMoved(PermanentFailure):
    """The chat has a new id (a Telegram group upgraded to a supergroup): the row can be
    sent again there. The outbox re-targets the chat's rows when its owner can follow the
    move (bot/officers/binding.py), and fails the row otherwise."""

    def __init__(self, new_chat_id: str, message: str = "") -> None:
        super().__init__(message or f"chat migrated to {new_chat_id}")
        self.new_chat_id = new_chat_id


class ChatGone(PermanentFailure):
    """The bot is no longer in the group (removed or kicked): nothing more can be posted
    there until someone adds it back."""


class FileTooLarge(Exception):
    def __init__(self, size: int | None, limit: int) -> None:
        super().__init__(f"file of {size} bytes over the limit of {limit}")
        self.size = size
        self.limit = limit


class ChannelAdapter(Protocol):
    name: str

    def lane(self, payload: dict[str, Any]) -> str: ...

    def citizen_lane(self, user_id: str) -> str:
        """The lane `lane()` gives this citizen's messages (timers join it)."""
        ...

    def parse(self, payload: dict[str, Any]) -> ParsedEvent: ...

    async def download(self, media: MediaRef, max_bytes: int) -> bytes: ...


class ChannelSender(Protocol):
    channel: str

    async def deliver(self, row: OutboxRow) -> str | None: ...

    def lane_kind(self, chat_id: str) -> str:
        """ "private", "group" or "exempt" (not rate-limited per chat)."""
        ...
