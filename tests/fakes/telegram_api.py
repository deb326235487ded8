"""A fake Telegram Bot API server for tests (aiohttp on 127.0.0.1, random port).

Point the REAL python-telegram-bot at it::

    async with FakeBotAPI(token="123:ABC") as api:
        bot = telegram.Bot("123:ABC", base_url=api.base_url, base_file_url=api.base_file_url)
        async with bot:
            await bot.send_message(42, "halo")
        assert api.texts(42) == ["halo"]

Wire format (as PTB 22 sends it, see ``telegram/request/_requestparameter.py``): every
method is ``POST {base_url}{token}/{method}`` with form data (urlencoded, or multipart when
files are uploaded). String values arrive raw, every other value JSON-encoded (e.g.
``chat_id=42``, ``reply_markup={"inline_keyboard": ...}``). :attr:`Call.params` holds the
decoded values: known string parameters (``text``, ``caption``, ``data``, ``photo`` ...) stay
strings, everything else is JSON-decoded when it parses. JSON bodies and query strings are
accepted as well.

Delivery semantics of the fault kinds (see :class:`~tests.fakes._server.FaultPlan`):

* ``"drop"``: the connection is closed without an answer; nothing is delivered.
* ``"5xx"``: answered 502, nothing delivered.
* ``"429"``: answered 429 with ``parameters.retry_after``; nothing delivered.
* ``"timeout"``: by default (``FaultPlan.timeout_delivers=True``) the message IS delivered
  (recorded, gets a message_id, visible in :meth:`FakeBotAPI.sent`) and the answer only
  comes after ``FaultPlan.timeout_seconds`` -- like real Telegram, where a client-side
  timeout does not mean the message was not sent, hence duplicates on retry. With
  ``timeout_delivers=False`` nothing is delivered and the late answer is a 502.

Webhooks: with a webhook set, :meth:`FakeBotAPI.push_update` POSTs the update to it, and
an answer that is not 2xx (or no answer) gets the same update POSTed again, as Telegram
does ("In case of an unsuccessful request (a request with response HTTP status code
different from 2XY), we will repeat the request and give up after a reasonable amount of
attempts", https://core.telegram.org/bots/api#setwebhook): after
``webhook_retry_seconds``, doubled each time up to a minute, at most
``webhook_attempts`` requests in all (Telegram publishes none of these figures). Every
request is in ``webhook_deliveries``.

Realistic 400s the product may trip over: empty text, text > 4096 / caption > 1024
characters after entity parsing (UTF-16 code units, see :func:`visible_length`),
``callback_data`` > 64 bytes (``BUTTON_DATA_INVALID``), unsupported, unclosed or
unmatched HTML tags with ``parse_mode="HTML"`` (parsed as Telegram does, see
:func:`parse_html`), unescaped reserved characters with ``MarkdownV2`` (approximate
check), "message is not modified" on identical edits, unknown ``file_id`` on
getFile, files > 20 MB on getFile.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import math
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from ._server import (
    FakeServer,
    FaultPlan,
    drop_connection,
    sleep_unless_closing,
    wait_event,
)
from .updates import ADMIN_RIGHTS, RESTRICTED_RIGHTS

JSONDict = dict[str, Any]

#: Methods that produce a new message (counted by rate limits).
MESSAGE_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendVideo",
        "sendVoice",
        "sendAudio",
        "sendLocation",
        "sendMediaGroup",
        "sendSticker",
        "sendAnimation",
        "sendContact",
        "sendVenue",
        "sendPoll",
        "copyMessage",
        "forwardMessage",
    }
)
EDIT_METHODS = frozenset(
    {"editMessageText", "editMessageReplyMarkup", "editMessageCaption", "editMessageMedia"}
)
#: Methods that fault injection applies to by default.
FAULT_METHODS = MESSAGE_METHODS | EDIT_METHODS

#: Parameters that PTB sends as raw strings and that must not be JSON-decoded.
STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "url",
        "secret_token",
        "data",
        "file_id",
        "inline_message_id",
        "business_connection_id",
        "message_effect_id",
        "action",
        "address",
        "title",
        "ip_address",
        "language_code",
        "emoji",
        "description",
        "short_description",
        "query",
        "name",
        "file_name",
        "first_name",
        "last_name",
        "phone_number",
        "vcard",
        "question",
        "explanation",
        "photo",
        "document",
        "video",
        "voice",
        "audio",
        "animation",
        "sticker",
        "thumbnail",
        "foursquare_id",
        "foursquare_type",
        "google_place_id",
        "google_place_type",
    }
)

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_DOWNLOAD = 20 * 1024 * 1024

_HTML_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    }
)
_MDV2_RESERVED = set("#+-=|{}.!")


class ApiError(Exception):
    """Raised by method handlers; becomes ``{"ok": false, "error_code": ..}``."""

    def __init__(self, code: int, description: str, parameters: JSONDict | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


@dataclass
class UploadedFile:
    """A file part of a multipart request."""

    name: str
    filename: str | None
    content_type: str | None
    content: bytes


@dataclass
class Call:
    """One recorded Bot API request.

    Attributes:
        method: Bot API method name, e.g. ``"sendMessage"``.
        params: decoded parameters (see module docstring).
        time: ``time.monotonic()`` at arrival.
        files: uploaded multipart files by field name.
        status: HTTP status answered (0 when the connection was dropped).
        fault: injected fault kind, ``"blocked"``, ``"rate_limit"`` or ``None``.
        delivered: True when the call took effect (message stored / edited ...).
        result: the ``result`` returned (or ``None``).
        error: the error description returned (or ``None``).
    """

    method: str
    params: JSONDict
    time: float
    files: dict[str, UploadedFile] = field(default_factory=dict)
    status: int = 0
    fault: str | None = None
    delivered: bool = False
    result: Any = None
    error: str | None = None

    @property
    def chat_id(self) -> int | str | None:
        return _chat_key(self.params.get("chat_id"))

    @property
    def text(self) -> str | None:
        """``text`` or ``caption`` parameter."""
        value = self.params.get("text", self.params.get("caption"))
        return None if value is None else str(value)

    @property
    def reply_markup(self) -> JSONDict | None:
        markup = self.params.get("reply_markup")
        return markup if isinstance(markup, dict) else None

    def buttons(self) -> list[list[JSONDict]]:
        """Inline keyboard rows (``[]`` when none)."""
        markup = self.reply_markup or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [[b if isinstance(b, dict) else {"text": b} for b in row] for row in rows]

    def callback_data(self) -> list[str]:
        """All ``callback_data`` values of the inline keyboard, flattened."""
        return [b["callback_data"] for row in self.buttons() for b in row if "callback_data" in b]


@dataclass
class RateLimits:
    """Telegram's documented broadcast limits (configurable)."""

    global_per_second: int = 30
    private_per_second: float = 1.0
    private_burst: int = 3
    group_per_minute: int = 20


@dataclass
class StoredFile:
    file_id: str
    content: bytes
    file_path: str
    file_size: int
    file_unique_id: str


@dataclass
class WebhookDelivery:
    """One POST of an update to the webhook: its status (None: no answer) and attempt
    (1 for the first, 2 for the first redelivery...)."""

    update_id: int
    status: int | None
    error: str | None = None
    attempt: int = 1


def _chat_key(value: Any) -> int | str | None:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    try:
        return int(str(value))
    except ValueError:
        return str(value)


class _Limiter:
    """Telegram's limits as its servers apply them
    (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this:
    "avoid sending more than one message per second" in a chat, short bursts allowed;
    about 30 messages per second overall; 20 per minute in a group). Telegram can only
    count a request when it arrives, so each message is counted at its `Call.time`, the
    moment the fake has read the request, whenever the bot started it."""

    def __init__(self, limits: RateLimits):
        self.limits = limits
        self.global_times: deque[float] = deque()
        self.private: dict[int | str, tuple[float, float]] = {}
        self.groups: dict[int | str, deque[float]] = {}

    def check(
        self, chat_id: int | str | None, now: float, count: int = 1
    ) -> tuple[str, int] | None:
        """Return ``(scope, retry_after)`` when over a limit, else record and return None."""
        lim = self.limits
        while self.global_times and self.global_times[0] <= now - 1.0:
            self.global_times.popleft()
        if len(self.global_times) + count > lim.global_per_second:
            return "global", max(1, math.ceil(self.global_times[0] + 1.0 - now))
        is_group = isinstance(chat_id, int) and chat_id < 0
        if is_group:
            assert chat_id is not None
            times = self.groups.setdefault(chat_id, deque())
            while times and times[0] <= now - 60.0:
                times.popleft()
            if len(times) + count > lim.group_per_minute:
                return "group", max(1, math.ceil(times[0] + 60.0 - now))
        elif chat_id is not None:
            tokens, last = self.private.get(chat_id, (float(lim.private_burst), now))
            tokens = min(float(lim.private_burst), tokens + (now - last) * lim.private_per_second)
            if tokens + 1e-9 < count:
                return "private", max(1, math.ceil((count - tokens) / lim.private_per_second))
            self.private[chat_id] = (tokens - count, now)
        if is_group:
            assert chat_id is not None
            self.groups[chat_id].extend([now] * count)
        self.global_times.extend([now] * count)
        return None


# Telegram's HTML parse mode, as the Bot API server parses it (tdlib, MessageEntity.cpp,
# parse_html; the rules are listed at https://core.telegram.org/bots/api#html-style):
# only the documented tags; `<span>` only with class "tg-spoiler"; `&lt; &gt; &amp; &quot;`
# and numeric references are decoded (with or without the ";"), any other "&" stays as
# it is; a "<" that does not open a supported tag, an unclosed or unmatched tag is refused
# with 400 "can't parse entities: ..." and the byte offset of the tag.
_ENTITY = re.compile(
    r"&(?:#[xX]([0-9a-fA-F]{1,8})|#([0-9]{1,8})|(lt|gt|amp|quot)(?![a-zA-Z0-9]));?"
)
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG_NAME = re.compile(r"[a-zA-Z0-9-]*")
_ATTR_NAME = re.compile(r"[a-zA-Z0-9_-]*")


def _entity_at(text: str, i: int) -> tuple[str, int] | None:
    """The character an entity at `i` stands for and where it ends, or None (a bare "&")."""
    m = _ENTITY.match(text, i)
    if m is None:
        return None
    if m.group(3):
        return _NAMED[m.group(3)], m.end()
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), m.end()


def _entities_error(message: str) -> ApiError:
    return ApiError(400, f"Bad Request: can't parse entities: {message}")


def parse_html(text: str) -> str:
    """The visible text of `text` in parse_mode HTML; raises ApiError as Telegram does."""
    out: list[str] = []
    stack: list[str] = []
    i, n = 0, len(text)
    seen = seen_bytes = 0
    while i < n:
        ch = text[i]
        if ch == "&":
            decoded = _entity_at(text, i)
            if decoded is not None:
                out.append(decoded[0])
                i = decoded[1]
                continue
        if ch != "<":
            out.append(ch)
            i += 1
            continue
        # tdlib reports byte offsets into the UTF-8 text (counted on from the last tag)
        offset = seen_bytes + len(text[seen:i].encode())
        seen, seen_bytes = i, offset
        if i + 1 < n and text[i + 1] == "/":
            end = text.find(">", i + 2)
            if end < 0:
                raise _entities_error(f"Unclosed end tag at byte offset {offset}")
            name = text[i + 2 : end].strip().lower()
            if not stack:
                raise _entities_error(f"Unexpected end tag at byte offset {offset}")
            if name != stack[-1]:
                raise _entities_error(
                    f'Unmatched end tag at byte offset {offset}, expected "</{stack[-1]}>", '
                    f'found "</{name}>"'
                )
            stack.pop()
            i = end + 1
            continue
        name_match = _TAG_NAME.match(text, i + 1)
        assert name_match is not None
        name = name_match.group(0).lower()
        if i + 1 + len(name) >= n:
            raise _entities_error(f"Unclosed start tag at byte offset {offset}")
        if name not in _HTML_TAGS:
            raise _entities_error(f'Unsupported start tag "{name}" at byte offset {offset}')
        j = name_match.end()
        attributes: dict[str, str] = {}
        while True:
            while j < n and text[j].isspace():
                j += 1
            if j >= n:
                raise _entities_error(f"Unclosed start tag at byte offset {offset}")
            if text[j] == ">":
                j += 1
                break
            attr = _ATTR_NAME.match(text, j)
            assert attr is not None
            if not attr.group(0):
                raise _entities_error(
                    f'Empty attribute name in the tag "{name}" at byte offset {offset}'
                )
            key, j = attr.group(0).lower(), attr.end()
            while j < n and text[j].isspace():
                j += 1
            if j < n and text[j] != "=":
                attributes[key] = ""  # e.g. <blockquote expandable>
                continue
            j += 1
            while j < n and text[j].isspace():
                j += 1
            if j >= n:
                raise _entities_error(f"Unclosed start tag at byte offset {offset}")
            if text[j] in "\"'":
                close = text.find(text[j], j + 1)
                if close < 0:
                    raise _entities_error(f"Unclosed start tag at byte offset {offset}")
                attributes[key] = html.unescape(text[j + 1 : close])
                j = close + 1
            else:
                value = re.match(r"[^\s>]*", text[j:])
                assert value is not None
                attributes[key] = value.group(0)
                j += len(value.group(0))
        if name == "span" and attributes.get("class") != "tg-spoiler":
            raise _entities_error(
                f'Tag "span" must have class "tg-spoiler" at byte offset {offset}'
            )
        if name == "tg-emoji" and not attributes.get("emoji-id", "").isdigit():
            raise _entities_error("Invalid custom emoji identifier specified")
        stack.append(name)
        i = j
    if stack:
        raise _entities_error(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


def _check_markdown_v2(text: str) -> None:
    escaped = False
    in_code = False
    for i, ch in enumerate(text):
        if escaped:
            escaped = False
            continue
        if ch == "\\":
            escaped = True
        elif ch == "`":
            in_code = not in_code
        elif in_code:
            continue
        elif ch in _MDV2_RESERVED and not (ch == ">" and (i == 0 or text[i - 1] == "\n")):
            raise ApiError(
                400,
                f"Bad Request: can't parse entities: Character '{ch}' is reserved and must be "
                "escaped with the preceding '\\'",
            )


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def visible_length(text: str, parse_mode: str | None) -> int:
    """How long the message is for the 4096/1024 limits: "1-4096 characters after entities
    parsing" (https://core.telegram.org/bots/api#sendmessage). The fake counts UTF-16 code
    units, the unit of Telegram's entity offsets and lengths
    (https://core.telegram.org/api/entities#entity-length); the Bot API server's own check
    (tdlib, MessageContent.cpp: utf8_length(text) > message_text_length_max) counts code
    points, which is never more, so what passes here passes there."""
    if parse_mode and parse_mode.upper() == "HTML":
        return utf16_length(parse_html(text))
    return utf16_length(text)


# The fields getChatMember adds for an administrator: the rights of a bot's usual
# group admin (https://core.telegram.org/bots/api#chatmemberadministrator).
ADMINISTRATOR_FIELDS: JSONDict = {
    **dict.fromkeys(ADMIN_RIGHTS, False),
    **dict.fromkeys(
        (
            "can_manage_chat",
            "can_delete_messages",
            "can_manage_video_chats",
            "can_restrict_members",
            "can_change_info",
            "can_invite_users",
        ),
        True,
    ),
}
# ... and for a restricted member: still in the chat, every permission taken away
# (https://core.telegram.org/bots/api#chatmemberrestricted).
RESTRICTED_FIELDS: JSONDict = {
    "is_member": True,
    **dict.fromkeys((*RESTRICTED_RIGHTS, "can_react_to_messages"), False),
    "until_date": 0,
}


class FakeBotAPI(FakeServer):
    """Fake Telegram Bot API server. See the module docstring.

    Args:
        token: the only accepted bot token; others get 401.
        bot_username: ``username`` of the bot user returned by getMe.
        bot_first_name: ``first_name`` of the bot user.
        enforce_limits: answer 429 when Telegram's rate limits are exceeded.
        limits: :class:`RateLimits` used with ``enforce_limits``.
        faults: :class:`FaultPlan` (may also be assigned later to ``api.faults``).
        strict_messages: editing/deleting a message the fake never sent gives 400 instead
            of being accepted.
        webhook_retry_seconds: the wait before an update the webhook did not accept is
            POSTed again (doubled for each further attempt, up to a minute).
        webhook_attempts: the most POSTs of one update (1: never again).
    """

    def __init__(
        self,
        token: str = "123:ABC",
        *,
        bot_username: str = "dumas_test_bot",
        bot_first_name: str = "Dumas",
        enforce_limits: bool = False,
        limits: RateLimits | None = None,
        faults: FaultPlan | None = None,
        strict_messages: bool = False,
        webhook_retry_seconds: float = 1.0,
        webhook_attempts: int = 8,
    ) -> None:
        self.token = token
        self.webhook_retry_seconds = webhook_retry_seconds
        self.webhook_attempts = webhook_attempts
        bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 123
        self.bot_user: JSONDict = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.enforce_limits = enforce_limits
        self.limits = limits or RateLimits()
        self._limiter = _Limiter(self.limits)
        self.faults: FaultPlan | None = faults
        self.strict_messages = strict_messages
        # Messages the users sent (from pushed updates) and messages deleted in the app
        # (`delete_in_app`): a reply must point to a message that exists in the chat.
        self.user_messages: set[tuple[int | str, int]] = set()
        self.deleted: set[tuple[int | str, int]] = set()

        self.calls: list[Call] = []
        self.limit_violations: int = 0
        self.limit_violation_log: list[tuple[str, int | str | None, str]] = []
        self.updates: list[JSONDict] = []
        self.webhook: JSONDict | None = None
        self.webhook_deliveries: list[WebhookDelivery] = []
        self.messages: dict[tuple[int | str, int], JSONDict] = {}
        self.files: dict[str, StoredFile] = {}
        self.members: dict[tuple[int | str, int], str] = {}
        self.users: dict[int, JSONDict] = {}
        self.chats: dict[int | str, JSONDict] = {}
        self.blocked: set[int | str] = set()
        # Groups upgraded to supergroups (old id -> new id) and groups the bot was removed
        # from (id -> the bot's new status): see `migrate_group`, `kick_bot`.
        self.migrated: dict[int | str, int] = {}
        self.removed: dict[int | str, str] = {}
        # update_id of the updates the fake makes itself (migrate_group, kick_bot,
        # add_bot); a test that also numbers updates with an UpdateFactory points this at
        # the factory's counter (``api.next_update_id = factory.next_update_id``), or the
        # two would hand out the same ids.
        self.next_update_id: Callable[[], int] | None = None
        # Forum supergroups' open topics (chat -> thread ids), see `create_topic`.
        self.topics: dict[int | str, set[int]] = {}
        # getUpdates requests waiting for updates, oldest first (see `_getUpdates`).
        self._polls: list[asyncio.Event] = []
        self.commands: dict[tuple[str, str], list[JSONDict]] = {}
        self.custom: dict[str, Callable[[Call], Any]] = {}

        self._next_update_id = 1
        self._next_message_id: dict[int | str, int] = {}
        self._file_counter = itertools.count(1)
        self._changed = asyncio.Event()
        self._new_update = asyncio.Event()
        self._session: aiohttp.ClientSession | None = None
        super().__init__()

    # ------------------------------------------------------------------ properties
    @property
    def base_url(self) -> str:
        """Pass as ``telegram.Bot(base_url=...)``."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """Pass as ``telegram.Bot(base_file_url=...)``."""
        return f"{self.url}/file/bot"

    async def stop(self) -> None:
        self._new_update.set()
        if self._session is not None:
            await self._session.close()
            self._session = None
        await super().stop()

    # ------------------------------------------------------------------ test-side API
    def push_update(self, update: JSONDict) -> int:
        """Queue an update for getUpdates (or POST it to the webhook if one is set).

        Assigns ``update_id`` if missing; returns it.
        """
        update = dict(update)
        for key in ("message", "edited_message", "channel_post"):
            message = update.get(key)
            if isinstance(message, dict) and "message_id" in message:
                chat = message.get("chat", {}).get("id")
                sent = (chat, int(message["message_id"]))
                self.user_messages.add(sent)
                # UpdateFactory numbers users' messages on its own counter: an id the bot
                # used for a message deleted since now names this one
                self.deleted.discard(sent)
        if "update_id" not in update:
            update["update_id"] = self._next_update_id
        self._next_update_id = max(self._next_update_id, int(update["update_id"]) + 1)
        if self.webhook and self.webhook.get("url"):
            self._spawn(self._deliver_webhook(update))
        else:
            self._queue(update)
        return int(update["update_id"])

    def _queue(self, update: JSONDict) -> None:
        """Keep the update for getUpdates and wake the requests waiting for one."""
        self.updates.append(update)
        self._new_update.set()
        self._new_update = asyncio.Event()

    def add_file(
        self,
        file_id: str,
        content: bytes,
        file_path: str | None = None,
        *,
        file_size: int | None = None,
    ) -> StoredFile:
        """Make ``file_id`` known to getFile and downloadable.

        ``file_size`` overrides the reported size (e.g. to fake a > 20 MB file cheaply).
        """
        stored = StoredFile(
            file_id=file_id,
            content=content,
            file_path=file_path or f"documents/file_{len(self.files) + 1}",
            file_size=len(content) if file_size is None else file_size,
            file_unique_id=f"U{abs(hash(file_id)) % 10**12:012d}",
        )
        self.files[file_id] = stored
        return stored

    def set_member(self, chat_id: int | str, user_id: int, status: str = "member") -> None:
        """Status returned by getChatMember: member/administrator/creator/left/kicked/restricted."""
        self.members[(_chat_key(chat_id) or 0, int(user_id))] = status

    def set_user(self, user_id: int, **fields: Any) -> None:
        """Override fields of the User object for ``user_id`` (first_name, username, ...)."""
        self.users.setdefault(int(user_id), self._user(user_id)).update(fields)

    def set_chat(self, chat_id: int | str, **fields: Any) -> None:
        """Override fields of the Chat object (type, title, username, ...)."""
        key = _chat_key(chat_id)
        assert key is not None
        self.chats.setdefault(key, self._chat(key)).update(fields)

    def block_chat(self, chat_id: int | str) -> None:
        """Sends to this chat fail with 403 "Forbidden: bot was blocked by the user"."""
        key = _chat_key(chat_id)
        assert key is not None
        self.blocked.add(key)

    def unblock_chat(self, chat_id: int | str) -> None:
        self.blocked.discard(_chat_key(chat_id) or 0)

    # ------------------------------------------------------------------ groups change
    def migrate_group(
        self,
        old_chat_id: int,
        new_chat_id: int | None = None,
        *,
        by_user_id: int = 1,
        announce: bool = True,
    ) -> int:
        """An admin upgrades the group ``old_chat_id`` to a supergroup; returns its new id.

        From now on every request naming the old id is answered 400 "Bad Request: group chat
        was upgraded to a supergroup chat" with ``parameters.migrate_to_chat_id`` (Bot API,
        ResponseParameters: "The group has been migrated to a supergroup with the specified
        identifier", https://core.telegram.org/bots/api#responseparameters). With
        ``announce`` the two service messages Telegram sends are queued as updates: one in
        the old group with ``migrate_to_chat_id``, one in the new supergroup with
        ``migrate_from_chat_id`` (https://core.telegram.org/bots/api#message). The
        supergroup numbers its messages anew: the old group's messages are not in it.
        """
        old = _chat_key(old_chat_id)
        assert isinstance(old, int) and old < 0, "only a group can be upgraded"
        new = new_chat_id if new_chat_id is not None else int(f"-100{abs(old)}")
        title = self._chat(old).get("title") or f"Group {old}"
        self.chats[old] = {"id": old, "type": "group", "title": title}
        self.chats[new] = {"id": new, "type": "supergroup", "title": title}
        self.migrated[old] = new
        for user_id, status in [(u, st) for (c, u), st in self.members.items() if c == old]:
            self.members.setdefault((new, user_id), status)
        if announce:
            for chat, content in (
                (old, {"migrate_to_chat_id": new}),
                (new, {"migrate_from_chat_id": old}),
            ):
                message = self._new_message(chat)
                message.update({"from": self._user(by_user_id), **content})
                self._push_own({"message": message})
        return new

    def kick_bot(
        self, chat_id: int, *, by_user_id: int = 1, status: str = "kicked", announce: bool = True
    ) -> None:
        """An admin removes (``status="left"``) or bans (``"kicked"``) the bot from a group.

        Queues the ``my_chat_member`` update Telegram sends (ChatMemberUpdated, the bot's
        old and new status, https://core.telegram.org/bots/api#chatmemberupdated); from now
        on requests naming the group are answered 403 "Forbidden: bot was kicked from the
        group chat" (banned) or "Forbidden: bot is not a member of the group chat"
        (removed) -- "supergroup chat" in a supergroup -- until `add_bot`. Without
        ``announce`` the update is not queued (yet): a send finds out first.
        """
        key = _chat_key(chat_id)
        assert key is not None
        assert status in ("left", "kicked")
        self.removed[key] = status
        if announce:
            self._push_own(self._bot_status_update(key, by_user_id, "member", status))

    def add_bot(self, chat_id: int, *, by_user_id: int = 1) -> None:
        """An admin adds the bot back: ``my_chat_member`` (new status "member") and the
        service message with ``new_chat_members`` are queued; sends work again."""
        key = _chat_key(chat_id)
        assert key is not None
        old_status = self.removed.pop(key, "left")
        self._push_own(self._bot_status_update(key, by_user_id, old_status, "member"))
        message = self._new_message(key)
        message.update({"from": self._user(by_user_id), "new_chat_members": [dict(self.bot_user)]})
        self._push_own({"message": message})

    def promote_bot(self, chat_id: int | str) -> None:
        """An admin makes the bot an administrator of the group: from now on it receives
        ``chat_member`` updates there (see `change_member`)."""
        key = _chat_key(chat_id)
        assert key is not None
        if not hasattr(self, "bot_admin_in"):
            self.bot_admin_in: set[int | str] = set()
        self.bot_admin_in.add(key)

    def create_topic(self, chat_id: int, name: str = "Aduan", *, by_user_id: int = 1) -> int:
        """An admin enables topics in the supergroup ``chat_id`` (``is_forum``) and opens a
        topic; returns its ``message_thread_id`` -- the id of the topic's opening service
        message (``forum_topic_created``), as in Telegram
        (https://core.telegram.org/bots/api#forumtopic, #message). Sends naming the topic
        land in it (the returned Message has ``message_thread_id`` and
        ``is_topic_message``)."""
        key = _chat_key(chat_id)
        assert isinstance(key, int) and key < 0, "topics live in supergroups"
        self.set_chat(key, type="supergroup", is_forum=True)
        message = self._new_message(key)
        thread = int(message["message_id"])
        message.update(
            {
                "from": self._user(by_user_id),
                "message_thread_id": thread,
                "is_topic_message": True,
                "forum_topic_created": {"name": name, "icon_color": 7322096},
            }
        )
        self.messages[(key, thread)] = message
        self.topics.setdefault(key, set()).add(thread)
        return thread

    def delete_topic(self, chat_id: int, thread_id: int) -> None:
        """An admin deletes the topic: sends naming it get 400 "message thread not found"."""
        self.topics.get(_chat_key(chat_id) or 0, set()).discard(int(thread_id))

    def change_member(
        self, chat_id: int | str, user_id: int, status: str, *, by_user_id: int = 1
    ) -> bool:
        """A member's status changes (left, kicked, restricted, member, administrator):
        getChatMember answers the new status at once. Telegram sends the ``chat_member``
        update (ChatMemberUpdated) only to a bot that is an ADMINISTRATOR of the chat and
        asked for "chat_member" in allowed_updates ("The bot must be an administrator in the
        chat and must explicitly specify "chat_member" in the list of allowed_updates to
        receive these updates", https://core.telegram.org/bots/api#update): the update is
        queued only after `promote_bot`. Returns whether it was queued."""
        key = _chat_key(chat_id)
        assert key is not None
        old = self.members.get((key, int(user_id)), "left")
        self.members[(key, int(user_id))] = status
        if key not in getattr(self, "bot_admin_in", set()):
            return False

        def member(value: str) -> JSONDict:
            m: JSONDict = {"user": self._user(int(user_id)), "status": value}
            if value == "kicked":
                m["until_date"] = 0
            return m

        self._push_own(
            {
                "chat_member": {
                    "chat": self._chat(key),
                    "from": self._user(by_user_id),
                    "date": int(time.time()),
                    "old_chat_member": member(old),
                    "new_chat_member": member(status),
                }
            }
        )
        return True

    def _push_own(self, update: JSONDict) -> None:
        if self.next_update_id is not None:
            update["update_id"] = self.next_update_id()
        self.push_update(update)

    def _bot_status_update(self, chat: int | str, by_user_id: int, old: str, new: str) -> JSONDict:
        def member(status: str) -> JSONDict:
            m: JSONDict = {"user": dict(self.bot_user), "status": status}
            if status == "kicked":
                m["until_date"] = 0  # banned for ever
            return m

        return {
            "my_chat_member": {
                "chat": self._chat(chat),
                "from": self._user(by_user_id),
                "date": int(time.time()),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            }
        }

    def _chat_rules(self, call: Call) -> None:
        """Requests naming a group that was upgraded or that the bot left (see
        `migrate_group`, `kick_bot`)."""
        chat = call.chat_id
        if chat is None:
            return
        if chat in self.migrated:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self.migrated[chat]},
            )
        if chat in self.removed:
            kind = "supergroup" if self._chat(chat).get("type") == "supergroup" else "group"
            if self.removed[chat] == "kicked":
                raise ApiError(403, f"Forbidden: bot was kicked from the {kind} chat")
            raise ApiError(403, f"Forbidden: bot is not a member of the {kind} chat")

    def _thread_rules(self, call: Call) -> None:
        """A send naming a topic (``message_thread_id``, "Unique identifier for the target
        message thread (topic) of the forum; for forum supergroups only",
        https://core.telegram.org/bots/api#sendmessage) that the forum does not have --
        never opened, deleted, or archived -- is refused with 400 "Bad Request: message
        thread not found", as the Bot API answers
        (https://github.com/tdlib/telegram-bot-api/issues/472,
        https://github.com/tdlib/telegram-bot-api/issues/596)."""
        thread = call.params.get("message_thread_id")
        chat = call.chat_id
        if thread is None or chat is None or not self._chat(chat).get("is_forum"):
            return
        if int(thread) not in self.topics.get(chat, set()):
            raise ApiError(400, "Bad Request: message thread not found")

    def _place_in_thread(self, call: Call, chat_id: int | str, msg: JSONDict) -> None:
        """The topic a new message lands in: the one named, else -- in a forum -- the topic
        of the message it replies to ("if you don't specify message_thread_id it replies in
        the source thread of reply_to_message_id message",
        https://github.com/tdlib/telegram-bot-api/issues/798); else the main chat."""
        thread = call.params.get("message_thread_id")
        if thread is None and self._chat(chat_id).get("is_forum"):
            rp = call.params.get("reply_parameters")
            reply_to = rp.get("message_id") if isinstance(rp, dict) else None
            reply_to = reply_to or call.params.get("reply_to_message_id")
            target = self.messages.get((chat_id, int(reply_to))) if reply_to else None
            if target is not None and target.get("is_topic_message"):
                thread = target.get("message_thread_id")
        if thread is not None and self._chat(chat_id).get("is_forum"):
            msg["message_thread_id"] = int(thread)
            msg["is_topic_message"] = True

    def on(self, method: str, handler: Callable[[Call], Any]) -> None:
        """Override/add a method: ``handler(call)`` returns the result or raises ApiError."""
        self.custom[method] = handler

    def sent(self, chat_id: int | str | None = None) -> list[Call]:
        """Delivered send*/edit* calls (not sendChatAction), optionally for one chat."""
        key = _chat_key(chat_id)
        return [
            c
            for c in self.calls
            if c.delivered
            and (c.method in MESSAGE_METHODS or c.method in EDIT_METHODS)
            and (key is None or c.chat_id == key)
        ]

    def texts(self, chat_id: int | str) -> list[str]:
        """``text``/``caption`` of the delivered send*/edit* calls to ``chat_id``, in order."""
        return [c.text for c in self.sent(chat_id) if c.text is not None]

    def calls_to(self, method: str) -> list[Call]:
        """All recorded calls of one method (delivered or not)."""
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, predicate: Callable[[Call], bool], timeout: float = 5.0) -> Call:
        """Wait until a recorded call satisfies ``predicate``; return it (TimeoutError if not)."""
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            for call in self.calls[seen:]:
                if predicate(call):
                    return call
            seen = len(self.calls)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no matching call within {timeout}s; calls: {self.calls!r}")
            event = self._changed
            await wait_event(event, remaining)

    async def wait_sent(self, chat_id: int | str, n: int = 1, timeout: float = 5.0) -> list[Call]:
        """Wait until at least ``n`` send*/edit* calls to ``chat_id`` were delivered."""
        deadline = time.monotonic() + timeout
        while True:
            sent = self.sent(chat_id)
            if len(sent) >= n:
                return sent
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(
                    f"{len(sent)}/{n} messages to {chat_id} within {timeout}s: "
                    f"{[c.text for c in sent]!r}"
                )
            await wait_event(self._changed, remaining)

    async def wait_until(self, check: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until ``check()`` holds, looking again after every call and webhook
        delivery (TimeoutError if it does not within ``timeout``)."""
        deadline = time.monotonic() + timeout
        while not check():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"not reached within {timeout}s")
            await wait_event(self._changed, remaining)

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    # ------------------------------------------------------------------ objects
    def _user(self, user_id: int) -> JSONDict:
        if int(user_id) in self.users:
            return dict(self.users[int(user_id)])
        return {
            "id": int(user_id),
            "is_bot": False,
            "first_name": f"User{user_id}",
            "language_code": "id",
        }

    def _chat(self, chat_id: int | str) -> JSONDict:
        if chat_id in self.chats:
            return dict(self.chats[chat_id])
        if isinstance(chat_id, int) and chat_id > 0:
            user = self._user(chat_id)
            return {"id": chat_id, "type": "private", "first_name": user["first_name"]}
        if isinstance(chat_id, str):
            return {
                "id": -1000000000001,
                "type": "channel",
                "title": chat_id,
                "username": chat_id.lstrip("@"),
            }
        return {"id": chat_id, "type": "supergroup", "title": f"Group {chat_id}"}

    def _new_message(self, chat_id: int | str) -> JSONDict:
        mid = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = mid + 1
        return {
            "message_id": mid,
            "from": dict(self.bot_user),
            "chat": self._chat(chat_id),
            "date": int(time.time()),
        }

    def _store_upload(self, kind: str, upload: UploadedFile) -> StoredFile:
        n = next(self._file_counter)
        default_ext = {"photo": "jpg", "voice": "oga", "video": "mp4", "audio": "mp3"}
        name = upload.filename or ""
        ext = default_ext.get(kind) or (name.rpartition(".")[2] if "." in name else "bin")
        return self.add_file(f"FAKE-{kind}-{n}", upload.content, f"{kind}s/file_{n}.{ext}")

    def _resolve_media(self, call: Call, value: Any, kind: str) -> tuple[str, int, str | None]:
        """Return (file_id, size, filename) for a file parameter value."""
        if isinstance(value, str) and value.startswith("attach://"):
            name = value[len("attach://") :]
            if name not in call.files:
                raise ApiError(400, f"Bad Request: file {name!r} not found in request")
            upload = call.files[name]
            stored = self._store_upload(kind, upload)
            return stored.file_id, stored.file_size, upload.filename
        if isinstance(value, str) and value:
            if value in self.files:
                return value, self.files[value].file_size, None
            if value.startswith(("http://", "https://")):
                n = next(self._file_counter)
                return f"FAKE-url-{kind}-{n}", 0, value.rsplit("/", 1)[-1]
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        raise ApiError(400, f"Bad Request: there is no {kind} in the request")

    def _file_param(self, call: Call, kind: str) -> tuple[str, int, str | None]:
        if kind in call.files:
            upload = call.files[kind]
            stored = self._store_upload(kind, upload)
            return stored.file_id, stored.file_size, upload.filename
        return self._resolve_media(call, call.params.get(kind), kind)

    def _media_object(
        self, kind: str, file_id: str, size: int, filename: str | None, extra: JSONDict
    ) -> tuple[str, Any]:
        unique = f"U{abs(hash(file_id)) % 10**12:012d}"
        base = {"file_id": file_id, "file_unique_id": unique, "file_size": size}
        if kind == "photo":
            sizes = []
            for suffix, (w, h) in (("-s", (90, 67)), ("-m", (320, 240)), ("", (1280, 960))):
                fid = file_id + suffix
                if suffix and file_id in self.files and fid not in self.files:
                    self.add_file(fid, self.files[file_id].content)
                sizes.append(
                    {
                        "file_id": fid,
                        "file_unique_id": unique + suffix,
                        "width": w,
                        "height": h,
                        "file_size": max(1, size * w // 1280),
                    }
                )
            return "photo", sizes
        if kind == "document":
            return "document", {
                **base,
                "file_name": filename or "file.bin",
                "mime_type": "application/octet-stream",
            }
        if kind == "video":
            return "video", {
                **base,
                "width": 640,
                "height": 360,
                "duration": int(extra.get("duration") or 1),
                "mime_type": "video/mp4",
            }
        if kind == "voice":
            return "voice", {
                **base,
                "duration": int(extra.get("duration") or 1),
                "mime_type": "audio/ogg",
            }
        if kind == "audio":
            return "audio", {
                **base,
                "duration": int(extra.get("duration") or 1),
                "mime_type": "audio/mpeg",
            }
        if kind == "animation":
            return "animation", {
                **base,
                "width": 320,
                "height": 240,
                "duration": int(extra.get("duration") or 1),
            }
        if kind == "sticker":
            return "sticker", {
                **base,
                "width": 512,
                "height": 512,
                "type": "regular",
                "is_animated": False,
                "is_video": False,
            }
        raise ApiError(400, f"Bad Request: unsupported media type {kind}")

    # ------------------------------------------------------------------ validation
    def _check_text(self, text: Any, parse_mode: Any, *, caption: bool = False) -> None:
        if text is None:
            return
        text = str(text)
        visible = text
        if parse_mode and str(parse_mode).upper() == "HTML":
            visible = parse_html(text)
            if not caption and not visible.strip():  # "<b> </b>": nothing left to show
                raise ApiError(400, "Bad Request: message text is empty")
        elif parse_mode and str(parse_mode) == "MarkdownV2":
            _check_markdown_v2(text)
        # "1-4096 characters after entities parsing", captions "0-1024"
        # (https://core.telegram.org/bots/api#sendmessage, #sendphoto); counted as in
        # `visible_length`.
        limit = MAX_CAPTION if caption else MAX_TEXT
        if utf16_length(visible) > limit:
            raise ApiError(
                400,
                "Bad Request: message caption is too long"
                if caption
                else "Bad Request: message is too long",
            )

    @staticmethod
    def _check_markup(markup: Any) -> JSONDict | None:
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                if not button.get("text"):
                    raise ApiError(
                        400, "Bad Request: text buttons are unallowed in the inline keyboard"
                    )
        return markup

    def _require_chat(self, call: Call) -> int | str:
        key = call.chat_id
        if key is None or key == "":
            raise ApiError(400, "Bad Request: chat_id is empty")
        return key

    # ------------------------------------------------------------------ methods
    def _finish_message(self, call: Call, chat_id: int | str, msg: JSONDict) -> JSONDict:
        markup = self._check_markup(call.params.get("reply_markup"))
        if markup and "inline_keyboard" in markup:
            msg["reply_markup"] = markup
        reply_to = call.params.get("reply_to_message_id")
        allow = call.params.get("allow_sending_without_reply") is True
        rp = call.params.get("reply_parameters")
        if isinstance(rp, dict):
            reply_to = rp.get("message_id")
            allow = rp.get("allow_sending_without_reply") is True
        if reply_to is not None:
            target = (chat_id, int(reply_to))
            exists = target not in self.deleted and (
                target in self.messages or target in self.user_messages
            )
            if not exists and not allow:
                # Bot API, ReplyParameters.allow_sending_without_reply: "Pass True if the
                # message should be sent even if the specified message to be replied to is
                # not found"; without it Telegram answers 400 "message to be replied not
                # found" (https://core.telegram.org/bots/api#replyparameters).
                raise ApiError(400, "Bad Request: message to be replied not found")
            if exists and target in self.messages:
                msg["reply_to_message"] = self.messages[target]
        self._place_in_thread(call, chat_id, msg)
        self.messages[(chat_id, msg["message_id"])] = msg
        return msg

    def _m_sendMessage(self, call: Call) -> JSONDict:
        chat_id = self._require_chat(call)
        text = call.params.get("text")
        if text is None or str(text).strip() == "":
            raise ApiError(400, "Bad Request: message text is empty")
        self._check_text(text, call.params.get("parse_mode"))
        self._check_markup(call.params.get("reply_markup"))
        msg = self._new_message(chat_id)
        msg["text"] = str(text)
        return self._finish_message(call, chat_id, msg)

    def _send_media(self, call: Call, kind: str) -> JSONDict:
        chat_id = self._require_chat(call)
        self._check_text(call.params.get("caption"), call.params.get("parse_mode"), caption=True)
        self._check_markup(call.params.get("reply_markup"))
        file_id, size, filename = self._file_param(call, kind)
        msg = self._new_message(chat_id)
        key, obj = self._media_object(kind, file_id, size, filename, call.params)
        msg[key] = obj
        if kind == "animation":
            msg["document"] = dict(obj)
        if call.params.get("caption") is not None:
            msg["caption"] = str(call.params["caption"])
        return self._finish_message(call, chat_id, msg)

    def _m_sendPhoto(self, call: Call) -> JSONDict:
        return self._send_media(call, "photo")

    def _m_sendDocument(self, call: Call) -> JSONDict:
        return self._send_media(call, "document")

    def _m_sendVideo(self, call: Call) -> JSONDict:
        return self._send_media(call, "video")

    def _m_sendVoice(self, call: Call) -> JSONDict:
        return self._send_media(call, "voice")

    def _m_sendAudio(self, call: Call) -> JSONDict:
        return self._send_media(call, "audio")

    def _m_sendAnimation(self, call: Call) -> JSONDict:
        return self._send_media(call, "animation")

    def _m_sendSticker(self, call: Call) -> JSONDict:
        return self._send_media(call, "sticker")

    def _m_sendLocation(self, call: Call) -> JSONDict:
        chat_id = self._require_chat(call)
        try:
            lat, lon = float(call.params["latitude"]), float(call.params["longitude"])
        except (KeyError, TypeError, ValueError):
            raise ApiError(400, "Bad Request: wrong latitude/longitude") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ApiError(400, "Bad Request: wrong latitude/longitude")
        msg = self._new_message(chat_id)
        msg["location"] = {"latitude": lat, "longitude": lon}
        return self._finish_message(call, chat_id, msg)

    def _m_sendContact(self, call: Call) -> JSONDict:
        chat_id = self._require_chat(call)
        msg = self._new_message(chat_id)
        msg["contact"] = {
            "phone_number": str(call.params.get("phone_number", "")),
            "first_name": str(call.params.get("first_name", "")),
        }
        return self._finish_message(call, chat_id, msg)

    def _m_sendMediaGroup(self, call: Call) -> list[JSONDict]:
        chat_id = self._require_chat(call)
        media = call.params.get("media")
        if not isinstance(media, list) or not 2 <= len(media) <= 10:
            raise ApiError(400, "Bad Request: wrong number of media in the group (2-10)")
        group_id = str(10**17 + next(self._file_counter))
        out = []
        for item in media:
            kind = item.get("type")
            if kind not in ("photo", "video", "document", "audio"):
                raise ApiError(400, f"Bad Request: unsupported media type {kind!r}")
            self._check_text(item.get("caption"), item.get("parse_mode"), caption=True)
            file_id, size, filename = self._resolve_media(call, item.get("media"), kind)
            msg = self._new_message(chat_id)
            key, obj = self._media_object(kind, file_id, size, filename, item)
            msg[key] = obj
            msg["media_group_id"] = group_id
            if item.get("caption") is not None:
                msg["caption"] = str(item["caption"])
            self._place_in_thread(call, chat_id, msg)
            self.messages[(chat_id, msg["message_id"])] = msg
            out.append(msg)
        return out

    def _m_sendChatAction(self, call: Call) -> bool:
        self._require_chat(call)
        return True

    def _target(self, call: Call) -> tuple[int | str, int, JSONDict] | None:
        if call.params.get("inline_message_id"):
            return None
        chat_id = self._require_chat(call)
        mid = call.params.get("message_id")
        if mid is None:
            raise ApiError(400, "Bad Request: message identifier is not specified")
        key = (chat_id, int(mid))
        if key not in self.messages:
            if self.strict_messages:
                raise ApiError(400, "Bad Request: message to edit not found")
            msg = {
                "message_id": int(mid),
                "from": dict(self.bot_user),
                "chat": self._chat(chat_id),
                "date": int(time.time()),
                "text": "",
            }
            self.messages[key] = msg
        return chat_id, int(mid), self.messages[key]

    def _not_modified(self) -> ApiError:
        return ApiError(
            400,
            "Bad Request: message is not modified: specified new message content and reply "
            "markup are exactly the same as a content and reply markup of the current message",
        )

    def _m_editMessageText(self, call: Call) -> JSONDict | bool:
        text = call.params.get("text")
        if text is None or str(text).strip() == "":
            raise ApiError(400, "Bad Request: message text is empty")
        self._check_text(text, call.params.get("parse_mode"))
        markup = self._check_markup(call.params.get("reply_markup"))
        target = self._target(call)
        if target is None:
            return True
        _, _, msg = target
        if "text" not in msg:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        if msg.get("text") == str(text) and msg.get("reply_markup") == markup:
            raise self._not_modified()
        msg["text"] = str(text)
        if markup and "inline_keyboard" in markup:
            msg["reply_markup"] = markup
        else:
            msg.pop("reply_markup", None)
        msg["edit_date"] = int(time.time())
        return msg

    def _m_editMessageReplyMarkup(self, call: Call) -> JSONDict | bool:
        markup = self._check_markup(call.params.get("reply_markup"))
        target = self._target(call)
        if target is None:
            return True
        _, _, msg = target
        if msg.get("reply_markup") == markup:
            raise self._not_modified()
        if markup and "inline_keyboard" in markup:
            msg["reply_markup"] = markup
        else:
            msg.pop("reply_markup", None)
        msg["edit_date"] = int(time.time())
        return msg

    def _m_editMessageCaption(self, call: Call) -> JSONDict | bool:
        caption = call.params.get("caption")
        self._check_text(caption, call.params.get("parse_mode"), caption=True)
        markup = self._check_markup(call.params.get("reply_markup"))
        target = self._target(call)
        if target is None:
            return True
        _, _, msg = target
        if msg.get("caption") == caption and msg.get("reply_markup") == markup:
            raise self._not_modified()
        if caption is None:
            msg.pop("caption", None)
        else:
            msg["caption"] = str(caption)
        if markup and "inline_keyboard" in markup:
            msg["reply_markup"] = markup
        else:
            msg.pop("reply_markup", None)
        msg["edit_date"] = int(time.time())
        return msg

    def delete_in_app(self, chat_id: int | str, message_id: int) -> None:
        """A user deletes a message in the Telegram app (an officer deletes a card). Bots
        get no update for it; later replies to it need allow_sending_without_reply."""
        self.deleted.add((chat_id, message_id))
        self.messages.pop((chat_id, message_id), None)

    def _m_deleteMessage(self, call: Call) -> bool:
        chat_id = self._require_chat(call)
        key = (chat_id, int(call.params.get("message_id", 0)))
        if key not in self.messages and self.strict_messages:
            raise ApiError(400, "Bad Request: message to delete not found")
        self.messages.pop(key, None)
        return True

    def _m_answerCallbackQuery(self, call: Call) -> bool:
        if not call.params.get("callback_query_id"):
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        if len(str(call.params.get("text") or "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    def _m_getMe(self, call: Call) -> JSONDict:
        return dict(self.bot_user)

    async def _getUpdates(self, call: Call) -> list[JSONDict]:
        if self.webhook and self.webhook.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        # Only one getUpdates may wait at a time: a newer request ends the older one with
        # 409 "Conflict: terminated by other getUpdates request; make sure that only one
        # bot instance is running" -- what two running copies of a bot see: the waiting
        # request is the one "terminated" (https://core.telegram.org/bots/api#getupdates;
        # the answer as the Bot API sends it,
        # https://github.com/eternnoir/pyTelegramBotAPI/issues/543).
        terminated = asyncio.Event()
        for older in self._polls:
            older.set()
        if self._polls:
            self._new_update.set()  # wake the older requests so they answer at once
            self._new_update = asyncio.Event()
        self._polls = [terminated]
        try:
            return await self._wait_updates(call, terminated)
        finally:
            if terminated in self._polls:
                self._polls.remove(terminated)

    async def _wait_updates(self, call: Call, terminated: asyncio.Event) -> list[JSONDict]:
        offset = int(call.params.get("offset") or 0)
        limit = max(1, min(100, int(call.params.get("limit") or 100)))
        timeout = float(call.params.get("timeout") or 0)
        deadline = time.monotonic() + timeout
        while True:
            if terminated.is_set():
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            if offset > 0:
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
                available = self.updates
            elif offset < 0:
                available = self.updates[offset:]
            else:
                available = self.updates
            if available or self.closing.is_set():
                return [dict(u) for u in available[:limit]]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            event = self._new_update
            await wait_event(event, remaining)

    def _m_setWebhook(self, call: Call) -> bool:
        url = call.params.get("url") or ""
        if call.params.get("drop_pending_updates"):
            self.updates.clear()
        if not url:
            self.webhook = None
            return True
        if not str(url).startswith(("https://", "http://")):
            raise ApiError(
                400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
            )
        self.webhook = {
            "url": str(url),
            "secret_token": call.params.get("secret_token"),
            "allowed_updates": call.params.get("allowed_updates"),
        }
        return True

    def _m_deleteWebhook(self, call: Call) -> bool:
        self.webhook = None
        if call.params.get("drop_pending_updates"):
            self.updates.clear()
        return True

    def _m_getWebhookInfo(self, call: Call) -> JSONDict:
        info: JSONDict = {
            "url": (self.webhook or {}).get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
        }
        if self.webhook and self.webhook.get("allowed_updates"):
            info["allowed_updates"] = self.webhook["allowed_updates"]
        return info

    def _m_getFile(self, call: Call) -> JSONDict:
        file_id = str(call.params.get("file_id") or "")
        stored = self.files.get(file_id)
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        if stored.file_size > MAX_DOWNLOAD:
            raise ApiError(400, "Bad Request: file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.file_size,
            "file_path": stored.file_path,
        }

    def _m_getChatMember(self, call: Call) -> JSONDict:
        chat_id = self._require_chat(call)
        user_id = int(call.params.get("user_id") or 0)
        status = self.members.get((chat_id, user_id), "left")
        user = self._user(user_id)
        member: JSONDict = {"status": status, "user": user}
        if status == "creator":
            member["is_anonymous"] = False
        elif status == "administrator":
            member.update(ADMINISTRATOR_FIELDS)
        elif status == "kicked":
            member["until_date"] = 0
        elif status == "restricted":
            member.update(RESTRICTED_FIELDS)
        return member

    def _m_getChat(self, call: Call) -> JSONDict:
        chat_id = self._require_chat(call)
        chat = self._chat(chat_id)
        chat.setdefault("accent_color_id", 0)
        chat.setdefault("max_reaction_count", 11)
        chat.setdefault(
            "accepted_gift_types",
            {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        )
        return chat

    @staticmethod
    def _commands_key(call: Call) -> tuple[str, str]:
        scope = call.params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(call.params.get("language_code") or "")

    def _m_setMyCommands(self, call: Call) -> bool:
        commands = call.params.get("commands")
        if not isinstance(commands, list):
            raise ApiError(400, "Bad Request: can't parse commands JSON object")
        for cmd in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(cmd.get("command", ""))):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(cmd.get("description", ""))) <= 256:
                raise ApiError(400, "Bad Request: command description is invalid")
        self.commands[self._commands_key(call)] = commands
        return True

    def _m_getMyCommands(self, call: Call) -> list[JSONDict]:
        return self.commands.get(self._commands_key(call), [])

    def _m_deleteMyCommands(self, call: Call) -> bool:
        self.commands.pop(self._commands_key(call), None)
        return True

    # ------------------------------------------------------------------ HTTP
    def _setup_routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_file)

    @staticmethod
    def _error(code: int, description: str, parameters: JSONDict | None = None) -> web.Response:
        body: JSONDict = {"ok": False, "error_code": code, "description": description}
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=code)

    @staticmethod
    async def _read_params(request: web.Request) -> tuple[JSONDict, dict[str, UploadedFile]]:
        raw: dict[str, Any] = dict(request.query)
        files: dict[str, UploadedFile] = {}
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                # Telegram reads a JSON body's fields as a form's: a string value is the
                # parameter's text, any other value its JSON text (tdnet's
                # HttpReader::parse_json_parameters, https://github.com/tdlib/td/blob/
                # master/tdnet/td/net/HttpReader.cpp), so a keyboard may come as an
                # object or as JSON in a string (python-telegram-bot's `json_payload`).
                body = await request.json()
                if isinstance(body, dict):
                    raw.update(body)
            else:
                form = await request.post()
                for name, value in form.items():
                    if isinstance(value, web.FileField):
                        files[name] = UploadedFile(
                            name, value.filename, value.content_type, value.file.read()
                        )
                    else:
                        raw[name] = value
        params: JSONDict = {}
        for name, value in raw.items():
            if name in STRING_PARAMS or not isinstance(value, str):
                params[name] = value
                continue
            try:
                params[name] = json.loads(value)
            except ValueError:
                params[name] = value
        return params, files

    async def _handle_method(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return self._error(401, "Unauthorized")
        method = request.match_info["method"]
        params, files = await self._read_params(request)
        call = Call(method=method, params=params, time=time.monotonic(), files=files)
        self.calls.append(call)
        try:
            return await self._process(request, call)
        finally:
            self._notify()

    async def _process(self, request: web.Request, call: Call) -> web.StreamResponse:
        fault = self.faults.pick(call.method, FAULT_METHODS) if self.faults else None
        call.fault = fault
        if fault == "drop":
            call.status = 0
            return drop_connection(request)
        if fault == "5xx":
            assert self.faults is not None
            return self._answer_error(call, ApiError(self.faults.status, "Bad Gateway"))
        if fault == "429":
            assert self.faults is not None
            ra = self.faults.retry_after
            return self._answer_error(
                call, ApiError(429, f"Too Many Requests: retry after {ra}", {"retry_after": ra})
            )
        if fault == "timeout":
            assert self.faults is not None
            if self.faults.timeout_delivers:
                response = await self._dispatch(call)
            else:
                response = self._answer_error(call, ApiError(502, "Bad Gateway"))
            self._notify()
            await sleep_unless_closing(self, self.faults.timeout_seconds)
            return response
        return await self._dispatch(call)

    def _answer_error(self, call: Call, err: ApiError) -> web.Response:
        call.status = err.code
        call.error = err.description
        return self._error(err.code, err.description, err.parameters)

    async def _dispatch(self, call: Call) -> web.Response:
        method = call.method
        try:
            self._chat_rules(call)
            if method in MESSAGE_METHODS or method == "sendChatAction":
                self._thread_rules(call)
            if method in MESSAGE_METHODS or method in EDIT_METHODS or method == "sendChatAction":
                chat = call.chat_id
                if chat is not None and chat in self.blocked:
                    call.fault = "blocked"
                    if isinstance(chat, int) and chat > 0:
                        raise ApiError(403, "Forbidden: bot was blocked by the user")
                    raise ApiError(403, "Forbidden: bot was kicked from the supergroup chat")
            if self.enforce_limits and method in MESSAGE_METHODS:
                count = len(call.params.get("media") or []) if method == "sendMediaGroup" else 1
                over = self._limiter.check(call.chat_id, call.time, max(1, count))
                if over is not None:
                    scope, retry_after = over
                    call.fault = "rate_limit"
                    self.limit_violations += 1
                    self.limit_violation_log.append((method, call.chat_id, scope))
                    raise ApiError(
                        429,
                        f"Too Many Requests: retry after {retry_after}",
                        {"retry_after": retry_after},
                    )
            if method in self.custom:
                result = self.custom[method](call)
                if isinstance(result, Awaitable):
                    result = await result
            elif method == "getUpdates":
                result = await self._getUpdates(call)
            else:
                handler = getattr(self, f"_m_{method}", None)
                if handler is None:
                    raise ApiError(404, "Not Found")
                result = handler(call)
        except ApiError as err:
            return self._answer_error(call, err)
        call.status = 200
        call.delivered = True
        call.result = result
        return web.json_response({"ok": True, "result": result})

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return self._error(401, "Unauthorized")
        path = request.match_info["file_path"]
        for stored in self.files.values():
            if stored.file_path == path:
                return web.Response(body=stored.content, content_type="application/octet-stream")
        return self._error(404, "Not Found")

    async def _deliver_webhook(self, update: JSONDict) -> None:
        """POST the update to the webhook until it is answered 2xx, again after each
        failure (module doc), while the webhook is set and the fake runs."""
        wait = self.webhook_retry_seconds
        for attempt in range(1, self.webhook_attempts + 1):
            if self.webhook is None or not self.webhook.get("url"):
                self._queue(update)  # deleted meanwhile: kept for getUpdates
                return
            if attempt > 1:
                if await wait_event(self.closing, wait):
                    return
                wait = min(2 * wait, max(60.0, self.webhook_retry_seconds))
            if await self._post_to_webhook(update, attempt):
                return

    async def _post_to_webhook(self, update: JSONDict, attempt: int) -> bool:
        """One POST; whether it was answered 2xx."""
        assert self.webhook is not None
        headers = {}
        if self.webhook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = str(self.webhook["secret_token"])
        if self._session is None:
            self._session = aiohttp.ClientSession()
        delivery = WebhookDelivery(update["update_id"], None, attempt=attempt)
        try:
            async with self._session.post(
                self.webhook["url"], json=update, headers=headers
            ) as resp:
                delivery.status = resp.status
        except (aiohttp.ClientError, OSError) as exc:
            delivery.error = repr(exc)
        self.webhook_deliveries.append(delivery)
        self._notify()
        return delivery.status is not None and 200 <= delivery.status < 300


__all__ = [
    "ApiError",
    "Call",
    "FakeBotAPI",
    "FaultPlan",
    "RateLimits",
    "StoredFile",
    "UploadedFile",
    "WebhookDelivery",
    "EDIT_METHODS",
    "FAULT_METHODS",
    "MESSAGE_METHODS",
]
