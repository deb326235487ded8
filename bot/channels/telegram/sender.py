"""Delivering outbox rows to Telegram, and downloading citizens' files.

Rows are rendered here, at the edge: a `Reply` becomes a message with an inline keyboard
(or a reply keyboard with a location button); staff messages arrive already rendered as
HTML with buttons. Telegram's errors are classified into the outbox's three outcomes.
Citizen text is never sent with a parse mode, so nothing a citizen typed can be read as
markup; staff HTML is built with every citizen value escaped (bot/officers).
"""

from __future__ import annotations

import warnings
from datetime import timedelta
from typing import Any

from telegram import (
    Bot,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    InputMediaVideo,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.channels.base import (
    ChatGone,
    ChatMoved,
    FileTooLarge,
    MediaRef,
    PermanentFailure,
    RetryLater,
    TransientFailure,
)
from bot.store.outbox import OutboxRow
from flows.events import Reply, reply_from_dict

MAX_TEXT = 4096  # Telegram's limit for one message
# Every reply (a follow-up under its card, evidence under its card, an answer under the
# officer's message) is still sent when its target was deleted in the app: without this
# Telegram answers 400 "message to be replied not found" and the message is lost for good
# (https://core.telegram.org/bots/api#replyparameters; tests/officers/test_deleted_card.py).
_WITHOUT_REPLY = True


def _inline(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label[:64], callback_data=data[:64]) for label, data in row]
            for row in rows
        ]
    )


def reply_markup(reply: Reply) -> Any:
    if reply.options:
        columns = max(1, reply.columns)
        rows = [
            [(o.label, o.id) for o in reply.options[i : i + columns]]
            for i in range(0, len(reply.options), columns)
        ]
        markup = _inline(rows)
        if reply.links:
            markup = InlineKeyboardMarkup(
                list(markup.inline_keyboard)
                + [
                    [InlineKeyboardButton(label, url=url)]
                    for label, url in reply.links
                    if url.startswith("http")
                ]
            )
        return markup
    if reply.request_location:
        return ReplyKeyboardMarkup(
            [[KeyboardButton(reply.request_location, request_location=True)]],
            resize_keyboard=True,
            one_time_keyboard=True,
        )
    if reply.remove_keyboard:
        return ReplyKeyboardRemove()
    return None


class TelegramSender:
    """Sends outbox rows of channel "telegram" with one python-telegram-bot `Bot`."""

    channel = "telegram"

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

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
            if "query is too old" in exc.message.lower() or "query id is invalid" in (
                exc.message.lower()
            ):
                return None  # the button press expired; nothing left to answer
            raise PermanentFailure(f"bad request: {exc.message}") from exc
        except InvalidToken as exc:
            raise RetryLater(60, "invalid token") from exc
        except (TimedOut, NetworkError) as exc:
            raise TransientFailure(f"{type(exc).__name__}: {exc}") from exc
        except TelegramError as exc:
            raise TransientFailure(f"{type(exc).__name__}: {exc}") from exc

    async def _deliver(self, row: OutboxRow) -> str | None:
        payload, chat_id = row.payload, row.chat_id.removesuffix("#cb")
        if row.kind == "reply":
            reply = reply_from_dict(payload)
            message = await self.bot.send_message(
                chat_id, reply.text[:MAX_TEXT], reply_markup=reply_markup(reply)
            )
            if reply.location is not None:
                await self.bot.send_location(chat_id, *reply.location)
            for kind, file_ref in reply.media:  # files an officer sent with a reply
                await self._media(chat_id, {"kind": kind, "file_ref": file_ref})
            return str(message.message_id)
        if row.kind == "callback_answer":
            await self.bot.answer_callback_query(
                payload["callback_id"],
                text=payload.get("text") or None,
                show_alert=bool(payload.get("alert")),
            )
            return None
        if row.kind in ("message", "card", "digest"):
            markup: Any = _inline(payload["buttons"]) if payload.get("buttons") else None
            if payload.get("force_reply"):
                markup = ForceReply(selective=True)
            message = await self.bot.send_message(
                chat_id,
                payload["text"][:MAX_TEXT],
                parse_mode=_mode(payload),
                reply_markup=markup,
                reply_to_message_id=payload.get("reply_to_message_id"),
                allow_sending_without_reply=_WITHOUT_REPLY,
                disable_web_page_preview=True,
            )
            return str(message.message_id)
        if row.kind == "edit":
            await self.bot.edit_message_text(
                payload["text"][:MAX_TEXT],
                chat_id=chat_id,
                message_id=payload["message_id"],
                parse_mode=_mode(payload),
                reply_markup=_inline(payload["buttons"]) if payload.get("buttons") else None,
                disable_web_page_preview=True,
            )
            return str(payload["message_id"])
        if row.kind == "location":
            message = await self.bot.send_location(
                chat_id,
                payload["latitude"],
                payload["longitude"],
                reply_to_message_id=payload.get("reply_to_message_id"),
                allow_sending_without_reply=_WITHOUT_REPLY,
            )
            return str(message.message_id)
        if row.kind == "media":
            return await self._media(chat_id, payload)
        if row.kind == "media_group":
            return await self._media_group(chat_id, payload)
        raise PermanentFailure(f"unknown outbox kind {row.kind!r}")

    async def _media(self, chat_id: str, payload: dict[str, Any]) -> str | None:
        kind, file_ref = payload["kind"], payload["file_ref"]
        caption = (payload.get("caption") or "")[:1024] or None
        reply_to = payload.get("reply_to_message_id")
        senders: dict[str, Any] = {
            "photo": self.bot.send_photo,
            "video": self.bot.send_video,
            "voice": self.bot.send_voice,
            "audio": self.bot.send_audio,
        }
        send = senders.get(kind, self.bot.send_document)
        message = await send(
            chat_id,
            file_ref,
            caption=caption,
            reply_to_message_id=reply_to,
            allow_sending_without_reply=_WITHOUT_REPLY,
        )
        return str(message.message_id)

    async def _media_group(self, chat_id: str, payload: dict[str, Any]) -> str | None:
        """An album (2-10 photos/videos) by file_id; the first item carries the caption."""
        kinds: dict[str, Any] = {"photo": InputMediaPhoto, "video": InputMediaVideo}
        album = [
            kinds.get(item["kind"], InputMediaPhoto)(
                item["file_ref"], caption=(item.get("caption") or "")[:1024] or None
            )
            for item in payload["items"][:10]
        ]
        messages = await self.bot.send_media_group(
            chat_id,
            album,
            reply_to_message_id=payload.get("reply_to_message_id"),
            allow_sending_without_reply=_WITHOUT_REPLY,
        )
        return str(messages[0].message_id) if messages else None

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


def _mode(payload: dict[str, Any]) -> str | None:
    return ParseMode.HTML if payload.get("html") else None


def retry_after_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
