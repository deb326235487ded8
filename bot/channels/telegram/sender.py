"""Delivering outbox rows to Telegram, and downloading citizens' files.

Rows are rendered here, at the edge, by the type of their message
(bot/outbox/messages.py): a citizen's `Reply` becomes a message with an inline keyboard
(or a reply keyboard with a location button); staff messages arrive already rendered as
HTML with their `CardAction` buttons, and in a forum group with the topic they go to
(`thread_id`, sent as message_thread_id). Telegram's errors are classified into the
outbox's three outcomes. Citizen text is never sent with a parse mode, so nothing a
citizen typed can be read as markup; staff HTML is built with every citizen value
escaped (bot/officers).
"""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from telegram import (
    Bot,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    InputMediaPhoto,
    InputMediaVideo,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.warnings import PTBUserWarning

from bot.channels.base import (
    ChatGone,
    ChatMoved,
    FileTooLarge,
    MediaRef,
    PermanentFailure,
    RetryLater,
    TransientFailure,
)
from bot.channels.telegram import split
from bot.channels.telegram.transport import Http11Request
from bot.outbox.messages import (
    CallbackAnswer,
    Card,
    CitizenReply,
    Digest,
    Edit,
    Keyboard,
    Location,
    MediaGroup,
    MediaItem,
    StaffMessage,
    ToGroup,
)
from bot.store.outbox import OutboxRow
from flows.events import Reply

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from bot.officers.forwarding import NeutralFile

# (file_ref, ticket_id) -> the stored bytes under a neutral name, None when not stored
DocumentSource = Callable[[str, int | None], Awaitable["NeutralFile | None"]]

# Every reply (a follow-up under its card, evidence under its card, an answer under the
# officer's message) is still sent when its target was deleted in the app: without this
# Telegram answers 400 "message to be replied not found" and the message is lost for good
# (https://core.telegram.org/bots/api#replyparameters; tests/officers/test_deleted_card.py).
_WITHOUT_REPLY = True
# Telegram's Document, Audio and Video carry the sender's file_name
# (https://core.telegram.org/bots/api#audio): such files go to staff groups re-uploaded.
NAMED_KINDS = ("document", "audio", "video")


def _inline(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label[:64], callback_data=data[:64]) for label, data in row]
            for row in rows
        ]
    )


def staff_markup(buttons: Keyboard) -> InlineKeyboardMarkup | None:
    """A staff message's buttons, each pressing its packed `CardAction`."""
    if not buttons:
        return None
    return _inline([[(b.label, b.action.pack()) for b in row] for row in buttons])


def reply_markup(reply: Reply) -> dict[str, Any] | None:
    """A citizen reply's keyboard as the JSON Telegram takes
    (https://core.telegram.org/bots/api#inlinekeyboardmarkup, #replykeyboardmarkup,
    #replykeyboardremove): what python-telegram-bot's markup objects serialise to, built
    without them (they cost 3 % of the bot's CPU, one keyboard per step; bench/README.md,
    issue 21). Labels and callback data are cut at 64 characters, as the staff buttons
    are (`_inline`)."""
    if reply.options:
        columns = max(1, reply.columns)
        buttons = [{"text": o.label[:64], "callback_data": o.id[:64]} for o in reply.options]
        rows = [buttons[i : i + columns] for i in range(0, len(buttons), columns)]
        rows += [
            [{"text": label, "url": url}] for label, url in reply.links if url.startswith("http")
        ]
        return {"inline_keyboard": rows}
    if reply.request_location:
        return {
            "keyboard": [[{"text": reply.request_location, "request_location": True}]],
            "resize_keyboard": True,
            "one_time_keyboard": True,
        }
    if reply.remove_keyboard:
        return {"remove_keyboard": True}
    return None


class TelegramSender:
    """Sends outbox rows of channel "telegram" with one python-telegram-bot `Bot`."""

    channel = "telegram"

    def __init__(self, bot: Bot, documents: DocumentSource | None = None) -> None:
        self.bot = bot
        # documents for staff groups are uploaded again from the evidence store under a
        # neutral name (bot/officers/forwarding.py), never re-sent by the citizen's file_id
        self.documents = documents
        # row id -> the steps of it already delivered when a later one failed (`_run`)
        self._delivered: dict[int, list[tuple[str, int]]] = {}

    def lane_kind(self, chat_id: str) -> str:
        if chat_id.endswith("#cb"):
            return "exempt"  # answering a button press is not a message in the chat
        return "group" if chat_id.startswith("-") else "private"

    async def deliver(self, row: OutboxRow) -> str | None:
        try:
            return await self._deliver(row)
        except RetryAfter as exc:
            raise RetryLater(retry_after_seconds(exc), str(exc)) from exc
        except ChatMigrated as exc:
            # 400 with parameters.migrate_to_chat_id: the group became a supergroup; the
            # row is sent again under the new id
            # (https://core.telegram.org/bots/api#responseparameters)
            raise ChatMoved(str(exc.new_chat_id)) from exc
        except Forbidden as exc:
            if _removed_from_group(row.chat_id, exc.message):
                raise ChatGone(f"forbidden: {exc.message}") from exc
            raise PermanentFailure(f"forbidden: {exc.message}") from exc
        except BadRequest as exc:
            if "message is not modified" in exc.message.lower():
                return None
            message = row.message
            if (
                "message thread not found" in exc.message.lower()
                and isinstance(message, ToGroup)
                and message.thread_id is not None
            ):
                # The group's card topic was deleted (or archived): the row goes to the
                # main chat rather than being lost (https://core.telegram.org/bots/api#sendmessage
                # message_thread_id; tests/officers/test_forum_topics.py).
                log.warning(
                    "topic %s of %s is gone: sent to the main chat", message.thread_id, row.chat_id
                )
                return await self.deliver(replace(row, message=replace(message, thread_id=None)))
            if "query is too old" in exc.message.lower() or "query id is invalid" in (
                exc.message.lower()
            ):
                return None  # the button press expired; nothing left to answer
            raise PermanentFailure(f"bad request: {exc.message}") from exc
        except (InvalidToken, EndPointNotFound) as exc:
            # 404: python-telegram-bot's `do_api_request` (`_send_raw`) names a rejected
            # token EndPointNotFound once the bot is initialised
            raise RetryLater(60, "invalid token") from exc
        except (TimedOut, NetworkError) as exc:
            raise TransientFailure(f"{type(exc).__name__}: {exc}") from exc
        except TelegramError as exc:
            raise TransientFailure(f"{type(exc).__name__}: {exc}") from exc

    async def _deliver(self, row: OutboxRow) -> str | None:
        chat_id = row.chat_id.removesuffix("#cb")
        match row.message:
            case CitizenReply(reply=reply):
                return await self._reply(row, chat_id, reply)
            case CallbackAnswer(callback_id=callback_id, text=text, alert=alert):
                # the fields `answer_callback_query` sends, in its order (None left out)
                params: dict[str, Any] = {"callback_query_id": callback_id}
                if text:
                    params["text"] = text
                params["show_alert"] = alert
                await self._send_raw("answerCallbackQuery", params)
                return None
            case StaffMessage() as message:
                markup: Any = staff_markup(message.buttons)
                if message.force_reply:
                    markup = ForceReply(selective=True)
                ids = await self._texts(row, chat_id, message, markup, message.reply_to)
                # A message is known by its last part (the one with the buttons or the
                # reply prompt).
                return str(ids[-1])
            case Card() as card:
                ids = await self._texts(row, chat_id, card, staff_markup(card.buttons))
                return str(ids[0])  # a card is known by its first part, where replies go
            case Digest() as digest:
                ids = await self._texts(row, chat_id, digest, staff_markup(digest.buttons))
                return str(ids[-1])
            case Edit() as edit:
                return await self._edit(row, chat_id, edit)
            case Location() as pin:
                sent = await self.bot.send_location(
                    chat_id,
                    pin.latitude,
                    pin.longitude,
                    reply_to_message_id=pin.reply_to,
                    allow_sending_without_reply=_WITHOUT_REPLY,
                    message_thread_id=pin.thread_id,
                )
                return str(sent.message_id)
            case MediaItem() as media:
                upload = await self._neutral_document(row, chat_id, media)
                ids = await self._run(row, self._media_steps(chat_id, media, [], upload))
                return str(ids[0])
            case MediaGroup() as album:
                return await self._media_group(row, chat_id, album)
            case other:
                raise PermanentFailure(f"not sent on Telegram: {other!r:.200}")

    async def _reply(self, row: OutboxRow, chat_id: str, reply: Reply) -> str:
        # citizen text: no parse mode, every character is literal
        parts = split.split(reply.text, html=False, numbered=False)
        keyboard = reply_markup(reply)
        steps: list[_Step] = [
            (f"text:{part}", self._reply_step(chat_id, text, keyboard if last else None))
            for part, text, last in _numbered(parts)
        ]
        if reply.location is not None:
            steps.append(("location", self._location_step(chat_id, *reply.location)))
        for kind, file_ref in reply.media:  # files an officer sent with a reply
            steps += self._media_steps(chat_id, MediaItem(kind, file_ref), steps)
        ids = await self._run(row, steps)
        return str(ids[len(parts) - 1])

    async def _texts(
        self,
        row: OutboxRow,
        chat_id: str,
        message: StaffMessage | Card | Digest,
        markup: Any,
        reply_to: int | None = None,
    ) -> list[int]:
        """A staff text in as many parts as it takes: the buttons under the last part,
        the first answering `reply_to`; the parts' message ids."""
        parts = split.split(message.text, html=message.html, numbered=False)
        steps: list[_Step] = [
            (
                f"text:{part}",
                self._text_step(
                    chat_id,
                    text,
                    html=message.html,
                    thread_id=message.thread_id,
                    markup=markup if last else None,
                    reply_to=reply_to if index == 0 else None,
                ),
            )
            for index, (part, text, last) in enumerate(_numbered(parts))
        ]
        return await self._run(row, steps)

    async def _run(self, row: OutboxRow, steps: list[_Step]) -> list[int]:
        """The requests of one outbox row, in order; their message ids.

        A row can take several requests (a long text in parts, a media's long caption as a
        message after it, a reply's files). When one fails and the row is retried, the
        steps an earlier attempt of this row delivered are not sent again: they are
        remembered here by their content, so a row whose text changed in between (a
        digest that grew) goes on from the first step that differs. Kept in memory: after
        a crash the row starts again from its first step, the outbox's at-least-once.
        """
        done = self._delivered.pop(row.id, [])
        ids: list[int] = []
        try:
            for index, (key, send) in enumerate(steps):
                if index < len(done) and done[index][0] == key:
                    ids.append(done[index][1])
                    continue
                del done[index:]
                message_id = await send(ids)
                done.append((key, message_id))
                ids.append(message_id)
        except BaseException:
            if done:
                self._delivered[row.id] = done
                while len(self._delivered) > _REMEMBERED_ROWS:
                    self._delivered.pop(next(iter(self._delivered)))
            raise
        return ids

    def _text_step(
        self,
        chat_id: str,
        text: str,
        *,
        html: bool,
        thread_id: int | None = None,
        markup: Any = None,
        reply_to: int | None = None,
    ) -> _Send:
        async def send(_earlier: list[int]) -> int:
            message = await self.bot.send_message(
                chat_id,
                text,
                parse_mode=_mode(html),
                reply_markup=markup,
                reply_to_message_id=reply_to,
                allow_sending_without_reply=_WITHOUT_REPLY,
                disable_web_page_preview=True,
                message_thread_id=thread_id,
            )
            return int(message.message_id)

        return send

    async def _edit(self, row: OutboxRow, chat_id: str, edit: Edit) -> str:
        """A message edited in place. A new text too long for one message: the message
        takes the first part (it keeps its buttons: it is the card officers press), the
        other parts follow as new messages answering it. The card is built to fit
        (bot/officers/cards.py), so this is a safety net, not the usual path."""
        message_id = edit.message_id
        parts = split.split(edit.text, html=edit.html, numbered=False)
        markup = staff_markup(edit.buttons)
        numbered = _numbered(parts)

        async def send_edit(_earlier: list[int]) -> int:
            await self.bot.edit_message_text(
                numbered[0][1],
                chat_id=chat_id,
                message_id=message_id,
                parse_mode=_mode(edit.html),
                reply_markup=markup,
                disable_web_page_preview=True,
            )
            return message_id

        steps: list[_Step] = [(f"edit:{parts[0]}", send_edit)]
        steps += [
            (f"text:{part}", self._text_step(chat_id, text, html=edit.html, reply_to=message_id))
            for part, text, _last in numbered[1:]
        ]
        await self._run(row, steps)
        return str(message_id)

    def _reply_step(self, chat_id: str, text: str, markup: Any) -> _Send:
        params: dict[str, Any] = {"chat_id": chat_id, "text": text}
        if markup is not None:
            params["reply_markup"] = markup

        async def send(_earlier: list[int]) -> int:
            sent = await self._send_raw("sendMessage", params)
            if not isinstance(sent, dict):
                raise TelegramError(f"sendMessage answered {sent!r:.100}")
            return int(sent["message_id"])

        return send

    async def _send_raw(self, method: str, params: dict[str, Any]) -> Any:
        """A request whose answer is read as JSON, not as python-telegram-bot's objects:
        for the citizen's replies and the answers to button presses, one or more per
        update, where building the `Message` Telegram returns (its chat, user, keyboard)
        took 4 % of the bot's CPU for the one field we keep (bench/README.md, issue 21).
        The request is the one `send_message` (`answer_callback_query`) makes with these
        parameters: on our transport its JSON body is encoded here, once, and posted
        through PTB's `post`, whose error mapping (`RetryAfter`, `Forbidden`, ...) is
        PTB's own; the `Bot` method in between (`do_api_request`: a `RequestParameter`
        per field, a warning issued and filtered out per call) did nothing for such a
        request but cost ~18 % of its CPU (bench/README.md, "Session 32: the Bot API
        exchange"). On another transport (tests that make a plain `Bot`),
        `do_api_request`."""
        request = self.bot.request
        if isinstance(request, Http11Request):
            url = f"{self.bot.base_url}/{method}"
            return await request.post_json(url, json.dumps(params).encode())
        return await self.bot.do_api_request(method, api_kwargs=params)

    def _location_step(self, chat_id: str, latitude: float, longitude: float) -> _Send:
        async def send(_earlier: list[int]) -> int:
            message = await self.bot.send_location(chat_id, latitude, longitude)
            return int(message.message_id)

        return send

    async def _neutral_document(
        self, row: OutboxRow, chat_id: str, media: MediaItem
    ) -> InputFile | None:
        """A document, audio file or video for a staff group, as the upload of its stored
        bytes: those three carry the citizen's file name on Telegram (photos and voice
        notes carry none). None: sent by its file id."""
        if (
            self.documents is None
            or media.kind not in NAMED_KINDS
            or self.lane_kind(chat_id) != "group"
        ):
            return None
        found = await self.documents(media.file_ref, row.ticket_id)
        if found is None:
            raise PermanentFailure("file not in the evidence store: not forwarded as sent")
        return InputFile(found.data, filename=found.file_name)

    def _media_steps(
        self,
        chat_id: str,
        media: MediaItem,
        before: list[_Step],
        upload: InputFile | None = None,
    ) -> list[_Step]:
        """A file with its caption (`before`: the row's steps ahead of it; `upload`: its
        bytes, else it goes by file id). A caption over Telegram's 1,024 characters
        (https://core.telegram.org/bots/api#sendphoto) follows the file as messages
        answering it."""
        caption = media.caption or ""
        fits = split.visible_length(caption, html=False) <= split.CAPTION_LIMIT
        senders: dict[str, Any] = {
            "photo": self.bot.send_photo,
            "video": self.bot.send_video,
            "voice": self.bot.send_voice,
            "audio": self.bot.send_audio,
        }
        send_file = senders.get(media.kind, self.bot.send_document)

        async def send(_earlier: list[int]) -> int:
            message = await send_file(
                chat_id,
                upload or media.file_ref,
                caption=(caption if fits else None) or None,
                reply_to_message_id=media.reply_to,
                allow_sending_without_reply=_WITHOUT_REPLY,
                message_thread_id=media.thread_id,
            )
            return int(message.message_id)

        steps: list[_Step] = [(f"file:{len(before)}:{media.file_ref}", send)]
        if not fits:
            steps += self._caption_steps(chat_id, caption, len(before), media.thread_id)
        return steps

    def _caption_steps(
        self, chat_id: str, caption: str, position: int, thread: int | None = None
    ) -> list[_Step]:
        """A caption too long for its file, as messages answering the file (the row's
        step at `position`)."""
        steps: list[_Step] = []
        for part, text, _last in _numbered(split.split(caption, html=False, numbered=False)):

            async def send(earlier: list[int], text: str = text) -> int:
                message = await self.bot.send_message(
                    chat_id,
                    text,
                    reply_to_message_id=earlier[position],
                    allow_sending_without_reply=_WITHOUT_REPLY,
                    message_thread_id=thread,
                )
                return int(message.message_id)

            steps.append((f"caption:{part}", send))
        return steps

    async def _media_group(self, row: OutboxRow, chat_id: str, album: MediaGroup) -> str | None:
        """An album (2-10 photos/videos) by file_id; the first item carries the caption
        (one over 1,024 characters follows the album as a message)."""
        kinds: dict[str, Any] = {"photo": InputMediaPhoto, "video": InputMediaVideo}
        items = album.items[:10]
        captions = [item.caption or "" for item in items]
        fits = [split.visible_length(c, html=False) <= split.CAPTION_LIMIT for c in captions]
        media = [
            kinds.get(item.kind, InputMediaPhoto)(
                item.file_ref, caption=(caption if ok else None) or None
            )
            for item, caption, ok in zip(items, captions, fits, strict=True)
        ]

        async def send(_earlier: list[int]) -> int:
            messages = await self.bot.send_media_group(
                chat_id,
                media,
                reply_to_message_id=album.reply_to,
                allow_sending_without_reply=_WITHOUT_REPLY,
                message_thread_id=album.thread_id,
            )
            return int(messages[0].message_id) if messages else 0

        steps: list[_Step] = [("album", send)]
        for caption, ok in zip(captions, fits, strict=True):
            if not ok:
                steps += self._caption_steps(chat_id, caption, 0, album.thread_id)
        ids = await self._run(row, steps)
        return str(ids[0]) if ids and ids[0] else None

    async def download(self, media: MediaRef, max_bytes: int) -> bytes:
        if media.size is not None and media.size > max_bytes:
            raise FileTooLarge(media.size, max_bytes)
        try:
            file = await self.bot.get_file(media.file_ref)
            if file.file_size is not None and file.file_size > max_bytes:
                raise FileTooLarge(file.file_size, max_bytes)
            data = bytes(await file.download_as_bytearray())
        except BadRequest as exc:
            if "too big" in exc.message.lower():
                raise FileTooLarge(media.size, max_bytes) from exc
            raise
        if len(data) > max_bytes:
            raise FileTooLarge(len(data), max_bytes)
        return data


def _removed_from_group(chat_id: str, message: str) -> bool:
    """403 in a group because the bot is no longer in it: "bot was kicked from the group
    chat" / "...supergroup chat", "bot is not a member of the supergroup chat" (a private
    chat's 403 is a citizen who blocked the bot, which is not a group's loss)."""
    text = message.lower()
    return chat_id.startswith("-") and ("kicked" in text or "not a member" in text)


# `do_api_request` with a method Bot has warns "Please use 'Bot.sendMessage' instead of
# ...": `_send_raw` calls it so on purpose on a transport other than ours. A filter set
# once, not `warnings.catch_warnings()` around the request: that swaps the process's
# filters while other requests are awaited.
warnings.filterwarnings(
    "ignore",
    message=r"Please use 'Bot\.(sendMessage|answerCallbackQuery)' instead",
    category=PTBUserWarning,
)

_Send = Callable[[list[int]], Awaitable[int]]  # one request; gets the earlier steps' ids
_Step = tuple[str, _Send]  # (what it sends, to recognise it on a retry; the request)
_REMEMBERED_ROWS = 1000  # rows with steps delivered before a failure (see `_run`)


def _numbered(parts: list[str]) -> list[tuple[str, str, bool]]:
    """(part, its text as sent with its number, whether it is the last) for each part."""
    texts = split.number(parts)
    return [(p, t, i == len(parts) - 1) for i, (p, t) in enumerate(zip(parts, texts, strict=True))]


def _mode(html: bool) -> str | None:
    return ParseMode.HTML if html else None


def retry_after_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
