"""Building the python-telegram-bot `Bot` from settings (base URL, timeouts, pools), on
our HTTP/1.1 transport (transport.py says why)."""

from __future__ import annotations

from telegram import Bot

from bot.channels.telegram.transport import Http11Request
from bot.settings import Settings

POLL_TIMEOUT = 25  # seconds Telegram holds a getUpdates call open


def make_bot(settings: Settings, poll_timeout: int = POLL_TIMEOUT) -> Bot:
    api = settings.telegram_api_url
    return Bot(
        settings.telegram_token,
        base_url=f"{api}/bot",
        base_file_url=f"{api}/file/bot",
        request=Http11Request(
            connection_pool_size=32,
            connect_timeout=5.0,
            read_timeout=settings.telegram_timeout_seconds,
            write_timeout=20.0,
            pool_timeout=5.0,
        ),
        get_updates_request=Http11Request(connection_pool_size=1, read_timeout=poll_timeout + 10.0),
    )
