"""Secrets and personal data stay out of logs; JSON logs are one object per line."""

from __future__ import annotations

import io
import json
import logging

from bot.logs import JsonFormatter, SecretFilter, configure, mask_secrets
from bot.settings import load_settings

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def test_mask_tokens_phones_and_secrets() -> None:
    text = (
        f"POST https://api.telegram.org/bot{TOKEN}/sendMessage to whatsapp:+6281234567890"
        " and 6281298765432 with auth s3cr3t-auth-token"
    )
    masked = mask_secrets(text, ("s3cr3t-auth-token",))
    assert TOKEN not in masked and "<bot-token>" in masked
    assert "81234567890" not in masked and "1298765432" not in masked
    assert "s3cr3t-auth-token" not in masked


def test_json_logs_one_object_per_line_with_ticket_reference() -> None:
    settings = load_settings(
        {"DUMAS_DATA_DIR": "/tmp/x", "DUMAS_LOG_FORMAT": "json", "DUMAS_TELEGRAM_TOKEN": TOKEN},
        env_file=None,
    )
    configure(settings)
    stream = io.StringIO()
    handler = logging.getLogger().handlers[0]
    handler.setStream(stream)  # type: ignore[attr-defined]
    assert isinstance(handler.formatter, JsonFormatter)
    assert any(isinstance(f, SecretFilter) for f in handler.filters)
    log = logging.getLogger("dumas.test")
    log.warning("sending with %s for +6281234567890", TOKEN, extra={"ticket": "DMS-K7QM-XP4C"})
    log.error("multi\nline")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first["ticket"] == "DMS-K7QM-XP4C" and first["level"] == "warning"
    assert TOKEN not in lines[0] and "81234567890" not in lines[0]
    assert json.loads(lines[1])["message"] == "multi\nline"
    logging.getLogger().handlers.clear()
