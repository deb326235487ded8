"""Fixtures of the WhatsApp end-to-end tests: FakeTwilio, FakeBotAPI and a runtime."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from pathlib import Path

import aiohttp
import pytest

from bot.routing.resolver import Router
from tests.fakes.telegram_api import FakeBotAPI
from tests.fakes.twilio_api import FakeTwilio
from tests.harness import TOKEN, Clock, migrated_store, started
from tests.whatsapp.harness import WaHarness, make_wa_runtime, wa_settings

WaFactory = Callable[..., Awaitable[WaHarness]]


@pytest.fixture
async def wa_factory(tmp_path: Path, router: Router, clock: Clock) -> AsyncIterator[WaFactory]:
    """Start a WhatsApp harness: `await wa_factory(router=..., env=..., **runtime kwargs)`."""
    async with AsyncExitStack() as stack:
        count = 0

        async def start(
            *,
            use_router: Router | None = None,
            env: dict[str, str] | None = None,
            redirect_media: bool = False,
            **kwargs: object,
        ) -> WaHarness:
            nonlocal count
            count += 1
            twilio = await stack.enter_async_context(FakeTwilio(redirect_media=redirect_media))
            api = await stack.enter_async_context(FakeBotAPI(token=TOKEN))
            settings = wa_settings(tmp_path / f"data{count}", twilio, api, **(env or {}))
            await migrated_store(settings)
            runtime = make_wa_runtime(settings, use_router or router, clock=clock, **kwargs)
            h = await stack.enter_async_context(started(api, runtime))
            session = await stack.enter_async_context(aiohttp.ClientSession())
            return WaHarness(twilio, h, session)

        yield start


@pytest.fixture
async def wa(wa_factory: WaFactory) -> WaHarness:
    return await wa_factory()
