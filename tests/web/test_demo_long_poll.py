"""The demo's long poll (`/demo/api/state?since=...`) wakes on every delivery of a web
row, also one delivered after a row of a higher id (another chat's retry, a held row
released): `version` counts the channel's sent rows (bot/store/web.py; on PostgreSQL an
index-only count, migration 0018), where the largest sent id would not move."""

from __future__ import annotations

import asyncio

import aiohttp

from bot.app import Runtime
from bot.channels.web.guard import COOKIE
from bot.outbox.messages import CitizenReply
from bot.store import outbox
from flows.events import Reply


async def _state(http: aiohttp.ClientSession, base: str, token: str, query: str) -> str:
    async with http.get(
        f"{base}/demo/api/state?{query}", headers={"Cookie": f"{COOKIE}={token}"}
    ) as response:
        assert response.status == 200, await response.text()
        return str((await response.json())["version"])


async def test_the_long_poll_wakes_on_each_delivery_in_any_id_order(demo: Runtime) -> None:
    db = demo.db
    # two web rows the sender leaves alone ('held'), so this test delivers them itself
    async with db.transaction() as conn:
        ids = [
            await outbox.enqueue(
                conn, channel="web", chat_id=chat, message=CitizenReply(Reply("hai"), "id")
            )
            for chat in ("poll-a", "poll-b")
        ]
        for row_id in ids:
            await conn.execute("UPDATE outbox SET status = 'held' WHERE id = ?", (row_id,))
    base = f"http://127.0.0.1:{demo.http_port}"
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        async with http.get(f"{base}/demo") as response:
            token = response.cookies[COOKIE].value
        for row_id in reversed(ids):  # the higher id first, then the lower one
            before = await _state(http, base, token, "wait=0")
            waiting = asyncio.create_task(_state(http, base, token, f"since={before}&wait=20"))
            await asyncio.sleep(0.3)  # the poll is waiting (it would answer at once otherwise)
            assert not waiting.done()
            await outbox.mark_sent(db, row_id, f"x{row_id}")
            # answered before its 20 s, with a new version (at the deadline it is unchanged)
            after = await waiting
            assert after != before
