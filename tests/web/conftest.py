"""Fixtures for the web demo: a demo runtime on 127.0.0.1 (port 0) in the test's loop."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import Runtime
from bot.channels.web.demo import demo_runtime, seed
from bot.routing.resolver import Router
from bot.settings import load_settings

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
async def demo(tmp_path: Path, router: Router) -> AsyncIterator[Runtime]:
    settings = load_settings(
        {"DUMAS_DATA_DIR": str(tmp_path / "data"), "DUMAS_HTTP_PORT": "0"}, env_file=None
    )
    runtime, _demo = demo_runtime(settings, router=router, timer_interval=0.5)
    await runtime.start()
    await seed(runtime)
    try:
        yield runtime
    finally:
        await runtime.stop()
