"""Two copies of the bot polling one token, or a webhook left set: Telegram answers 409.

The fake follows the Bot API (https://core.telegram.org/bots/api#getupdates): a newer
getUpdates ends the waiting one with 409 "Conflict: terminated by other getUpdates
request; make sure that only one bot instance is running", and getUpdates while a webhook
is set is 409 "Conflict: can't use getUpdates method while webhook is active". The poller
logs that once, backs off and keeps trying; it picks up again when the other copy stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from pathlib import Path

import pytest
import telegram
from telegram.error import Conflict

from bot import app as app_module
from bot.channels.telegram.poller import poll_forever
from bot.routing.resolver import Router
from tests.fakes.telegram_api import FakeBotAPI
from tests.fakes.updates import UpdateFactory
from tests.harness import TOKEN, make_runtime, settings_for


async def test_the_fake_ends_the_older_of_two_waiting_get_updates() -> None:
    async with FakeBotAPI(token=TOKEN) as api:
        first = telegram.Bot(TOKEN, base_url=api.base_url)
        second = telegram.Bot(TOKEN, base_url=api.base_url)
        async with first, second:
            older = asyncio.create_task(first.get_updates(timeout=5))
            await asyncio.sleep(0.3)
            newer = asyncio.create_task(second.get_updates(timeout=1))
            with pytest.raises(Conflict, match="terminated by other getUpdates request"):
                await older
            assert await newer == ()  # the newer one keeps waiting and answers normally


async def test_the_fake_refuses_get_updates_while_a_webhook_is_set() -> None:
    async with FakeBotAPI(token=TOKEN) as api:
        bot = telegram.Bot(TOKEN, base_url=api.base_url)
        async with bot:
            await bot.set_webhook("https://example.org/telegram")
            with pytest.raises(Conflict, match="webhook is active"):
                await bot.get_updates(timeout=0)


async def test_a_second_copy_polling_is_logged_once_and_waited_out(
    tmp_path: Path,
    router: Router,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the runtime's own poller, with short waits (5 s doubling in production)
    monkeypatch.setattr(
        app_module, "poll_forever", functools.partial(poll_forever, timeout=1, conflict_backoff=0.1)
    )
    async with FakeBotAPI(token=TOKEN) as api:
        runtime = make_runtime(settings_for(tmp_path / "data", api.url), router)
        await runtime.start()
        other = telegram.Bot(TOKEN, base_url=api.base_url)
        try:

            async def second_copy() -> None:
                while True:
                    with contextlib.suppress(Conflict):
                        await other.get_updates(timeout=1)

            async with other:
                caplog.set_level(logging.WARNING, logger="bot.channels.telegram.poller")
                copy = asyncio.create_task(second_copy())
                await asyncio.sleep(2.5)
                copy.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await copy
            ours_calls = [
                c for c in api.calls_to("getUpdates") if c.error and "terminated" in c.error
            ]
            assert ours_calls, "the two copies did not conflict"
            lines = [r.getMessage() for r in caplog.records if "another copy" in r.getMessage()]
            assert len(lines) == 1, lines  # said once, not at every refused attempt
            # backing off: a few attempts in 2.5 s, not a spin
            assert len(api.calls_to("getUpdates")) < 60
            # the other copy is gone: ours receives again
            f = UpdateFactory(first_update_id=500)
            api.push_update(f.text(7001, "/start"))
            for _ in range(100):
                rows = await runtime.db.fetchone("SELECT COUNT(*) FROM inbox")
                if rows and rows[0]:
                    break
                await asyncio.sleep(0.1)
            assert rows and rows[0] == 1
        finally:
            await runtime.stop()
