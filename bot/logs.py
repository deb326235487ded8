"""Logging set-up: plain text or one JSON object per line, with secrets masked.

Bot tokens appear in Bot API URLs that httpx logs; phone numbers appear in WhatsApp
identities. The filter masks both in every record before it is written.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime

from bot.settings import Settings

_TOKEN = re.compile(r"(?<!\d)\d{6,12}:[A-Za-z0-9_-]{30,}")  # also inside "...../bot<token>/"
_PHONE = re.compile(r"(?<![\w.])\+?62\d{6,12}\b|(?<![\w.])\+\d{8,14}\b")


def mask_secrets(text: str, secrets: tuple[str, ...] = ()) -> str:
    text = _TOKEN.sub("<bot-token>", text)
    text = _PHONE.sub(
        lambda m: m.group(0)[:4] + "•" * max(0, len(m.group(0)) - 6) + m.group(0)[-2:], text
    )
    for secret in secrets:
        if secret and len(secret) >= 6:
            text = text.replace(secret, "<secret>")
    return text


class SecretFilter(logging.Filter):
    def __init__(self, secrets: tuple[str, ...]) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_secrets(message, self.secrets)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in ("ticket", "lane", "channel"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(settings: Settings) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(
        SecretFilter(
            (settings.telegram_token, settings.twilio_auth_token, settings.telegram_webhook_secret)
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    # httpx logs every request URL at INFO, and Bot API URLs carry the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # transitions logs every state change at INFO: the store's history is the record.
    logging.getLogger("transitions").setLevel(logging.WARNING)
