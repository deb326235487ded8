"""Rows already queued when Dumas is upgraded keep going out: rows in the stored form of
earlier versions are delivered through the real outbox loop and Telegram sender, and a
row no message type can read fails on its own, with its reason, without holding up its
chat's later rows."""

from __future__ import annotations

from pathlib import Path

from bot.routing.resolver import Router
from bot.store.database import iso, utcnow
from tests.harness import Clock, Harness, telegram_harness

CITIZEN, GROUP = "5001", "-43"

OLD_REPLY = (
    '{"type": "Reply", "text": "Halo dari versi lama", "options": [{"id": "consent:yes", '
    '"label": "Ya"}], "columns": 1, "request_location": "", "remove_keyboard": false, '
    '"location": null, "media": [], "links": [], "locale": "id"}'
)
OLD_MESSAGE = '{"text": "<b>Pesan lama</b>", "html": true, "buttons": [[["ABC", "t:card:7"]]]}'


async def _queue(h: Harness, chat_id: str, kind: str, payload: str) -> None:
    # as an earlier version left them: plain SQL, not through today's codec
    now = iso(utcnow())
    async with h.db.transaction() as conn:
        await conn.execute(
            "INSERT INTO outbox (channel, chat_id, kind, payload, created_at, not_before) "
            "VALUES ('telegram', ?, ?, ?, ?, ?)",
            (chat_id, kind, payload, now, now),
        )


async def test_rows_of_an_earlier_version_are_delivered(
    tmp_path: Path, router: Router, clock: Clock
) -> None:
    async with telegram_harness(tmp_path / "data", router, clock=clock) as h:
        await _queue(h, CITIZEN, "reply", OLD_REPLY)
        await _queue(h, GROUP, "sticker", '{"file_ref": "S1"}')
        await _queue(h, GROUP, "message", OLD_MESSAGE)
        h.runtime.wake_outbox()
        await h.settle(timeout=60, retries=True)

        [reply] = h.api.sent(int(CITIZEN))
        assert reply.text == "Halo dari versi lama" and reply.callback_data() == ["consent:yes"]
        [message] = h.api.sent(int(GROUP))
        assert message.params.get("parse_mode") == "HTML"
        assert message.text == "<b>Pesan lama</b>" and message.callback_data() == ["t:card:7"]
        rows = await h.rows("SELECT kind, status, last_error FROM outbox ORDER BY id")
        assert [(r[0], r[1]) for r in rows] == [
            ("reply", "sent"),
            ("sticker", "failed"),
            ("message", "sent"),
        ]
        assert "unknown outgoing message kind 'sticker'" in rows[1][2]
