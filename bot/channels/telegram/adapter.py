"""The Telegram channel adapter: lanes, parsing and downloads behind one object."""

from __future__ import annotations

from typing import Any

from telegram import Bot

from bot.channels.base import MediaRef, ParsedEvent
from bot.channels.telegram import parse as telegram_parse
from bot.channels.telegram.sender import DocumentSource, TelegramSender


class TelegramAdapter:
    name = telegram_parse.CHANNEL

    def __init__(self, bot: Bot, documents: DocumentSource | None = None) -> None:
        self.bot = bot
        self.sender = TelegramSender(bot, documents)

    def lane(self, payload: dict[str, Any]) -> str:
        return telegram_parse.lane(payload)

    def citizen_lane(self, user_id: str) -> str:
        return f"tg:{user_id}"

    def parse(self, payload: dict[str, Any]) -> ParsedEvent:
        return telegram_parse.parse(payload)

    async def download(self, media: MediaRef, max_bytes: int) -> bytes:
        return await self.sender.download(media, max_bytes)
