"""The intake process (DUMAS_INTAKE_PROCESS=true): webhooks answered by a second process.

Real processes: the Runtime spawns `python -m bot.intake.process`, which listens on the
public port; the tests post real webhooks to it and follow them into the main process's
inbox and the replies at the fake Bot API.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
from pathlib import Path

import aiohttp

from bot.intake.journal import JOURNAL_FILE
from bot.routing.resolver import Router
from tests.fakes.telegram_api import FakeBotAPI
from tests.harness import TOKEN, Clock, Harness, make_runtime, settings_for

SECRET = "s3cret-token-value"
GOOD = {"X-Telegram-Bot-Api-Secret-Token": SECRET}


def intake_settings(data: Path, api_url: str, **extra: str):  # noqa: ANN201
    return settings_for(data, api_url, DUMAS_TELEGRAM_MODE="webhook",
                        DUMAS_TELEGRAM_WEBHOOK_SECRET=SECRET,
                        DUMAS_PUBLIC_URL="https://dumas.example.go.id",
                        DUMAS_HTTP_PORT="0", DUMAS_INTAKE_PROCESS="true", **extra)


def journal_rows(data: Path) -> int:
    with sqlite3.connect(data / JOURNAL_FILE) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM journal").fetchone()[0])


async def test_webhooks_go_through_the_intake_process(tmp_path: Path, router: Router,
                                                      clock: Clock) -> None:
    async with FakeBotAPI(token=TOKEN) as api:
        data = tmp_path / "data"
        runtime = make_runtime(intake_settings(data, api.url), router, clock=clock,
                               poll=False, serve_http=True)
        await runtime.start()
        try:
            assert runtime.intake is not None and runtime.intake.pid != os.getpid()
            h = Harness(api, runtime)
            base = f"http://127.0.0.1:{runtime.http_port}"
            update = h.updates.command(9105, "/start")
            async with aiohttp.ClientSession() as session:
                for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                    async with session.post(f"{base}/telegram/webhook", json=update,
                                            headers=headers) as response:
                        assert response.status == 403
                async with session.post(f"{base}/telegram/webhook", data=b"{not json",
                                        headers=GOOD) as response:
                    assert response.status == 400
                assert journal_rows(data) == 0
                for _ in range(2):  # Telegram retries: stored and answered once
                    async with session.post(f"{base}/telegram/webhook", json=update,
                                            headers=GOOD) as response:
                        assert response.status == 200
                        assert await response.json() == {"ok": True}
                await until(lambda: len(api.sent(9105)) == 1)
                await h.settle()
                assert len(await h.rows("SELECT * FROM inbox")) == 1
                assert len(api.sent(9105)) == 1
                # other paths are served by the main process, through the intake process
                async with session.get(f"{base}/healthz") as response:
                    report = await response.json()
                    assert response.status == 200 and report["ok"] is True
                    assert "intake_backlog" in report
        finally:
            await runtime.stop()
        assert journal_rows(data) == 0  # everything moved, the journal trimmed


async def until(condition, timeout: float = 10.0) -> None:  # noqa: ANN001
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.02)


async def test_debug_two(tmp_path: Path, router: Router, clock: Clock) -> None:
    async with FakeBotAPI(token=TOKEN) as api:
        data = tmp_path / "data"
        runtime = make_runtime(intake_settings(data, api.url), router, clock=clock,
                               poll=False, serve_http=True)
        await runtime.start()
        try:
            h = Harness(api, runtime)
            base = f"http://127.0.0.1:{runtime.http_port}"
            async with aiohttp.ClientSession() as session:
                for update in (h.updates.command(9105, "/aduan"), h.updates.text(9105, "halo"), h.updates.text(9105, "halo lagi")):
                    async with session.post(f"{base}/telegram/webhook", json=update,
                                            headers=GOOD) as response:
                        assert response.status == 200
                    await asyncio.sleep(1)
                    print(len(api.sent(9105)), journal_rows(data), await h.rows("SELECT id, outcome FROM inbox"))
        finally:
            await runtime.stop()
