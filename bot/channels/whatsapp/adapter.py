"""The WhatsApp channel adapter: lanes, parsing, media downloads and the sender together.

Media URLs in Twilio webhooks need the account's credentials (HTTP basic auth) and
answer with a redirect to a short-lived CDN URL. The credentials are only ever sent to
the configured Twilio API origin, never to another host named in a payload.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from twilio.rest import Client

from bot.channels.base import FileTooLarge, MediaRef, ParsedEvent
from bot.channels.whatsapp import parse as wa_parse
from bot.channels.whatsapp.sender import WhatsAppSender
from bot.settings import Settings
from bot.store import whatsapp as store
from bot.store.database import Database
from bot.store.outbox import OutboxRow

DOWNLOAD_TIMEOUT = aiohttp.ClientTimeout(total=120, sock_connect=10, sock_read=30)
CHUNK = 64 * 1024
log = logging.getLogger(__name__)


class DownloadError(Exception):
    """Twilio would not give us the file (its media is gone, or a bad URL)."""


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


class WhatsAppAdapter:
    name = wa_parse.CHANNEL

    def __init__(
        self, settings: Settings, client: Client, db: Database, clock: Callable[[], datetime]
    ) -> None:
        self.settings = settings
        self.client = client
        self.db = db
        self.clock = clock
        self.sender = WhatsAppSender(client, db, settings, clock)
        self._session: aiohttp.ClientSession | None = None
        token = base64.b64encode(
            f"{settings.twilio_account_sid}:{settings.twilio_auth_token}".encode()
        ).decode()
        self._auth = {"Authorization": f"Basic {token}"}
        self._api_origin = _origin(settings.twilio_api_url)

    def lane(self, payload: dict[str, Any]) -> str:
        return wa_parse.lane(payload)

    def citizen_lane(self, user_id: str) -> str:
        return wa_parse.citizen_lane(user_id)

    def parse(self, payload: dict[str, Any]) -> ParsedEvent:
        return wa_parse.parse(payload)

    async def download(self, media: MediaRef, max_bytes: int) -> bytes:
        if media.size is not None and media.size > max_bytes:
            raise FileTooLarge(media.size, max_bytes)
        if _origin(media.file_ref) != self._api_origin:
            raise DownloadError("media URL is not on the Twilio API host")
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=DOWNLOAD_TIMEOUT)
        # aiohttp drops the Authorization header when a redirect leaves the host, so the
        # CDN the media URL redirects to never sees the credentials.
        async with self._session.get(
            media.file_ref, headers=self._auth, allow_redirects=True, max_redirects=5
        ) as response:
            if response.status != 200:
                raise DownloadError(f"media answered HTTP {response.status}")
            if response.content_length is not None and response.content_length > max_bytes:
                raise FileTooLarge(response.content_length, max_bytes)
            data = bytearray()
            async for chunk in response.content.iter_chunked(CHUNK):
                data += chunk
                if len(data) > max_bytes:
                    raise FileTooLarge(len(data), max_bytes)
        return bytes(data)

    async def after_stored(self, payloads: list[dict[str, Any]]) -> bool:
        """New messages are in the inbox: each reopens its citizen's 24-hour window, so
        messages held for that citizen are released. True when some were."""
        released = 0
        for payload in payloads:
            sender = str(payload.get("From", ""))
            if sender.startswith(wa_parse.PREFIX):
                released += await store.release(self.db, wa_parse.user_id_of(sender), self.clock())
        if released:
            log.info("released %d held messages", released)
        return released > 0

    async def after_failed(self, row: OutboxRow, error: str) -> None:
        """The outbox gave up on a row: officers see it on the ticket."""
        await store.delivery_failed(self.db, row, error)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
        await self.client.http_client.close()
