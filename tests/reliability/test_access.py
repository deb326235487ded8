"""Who may see what: no enumeration of ticket numbers, nothing administrative exposed."""

from __future__ import annotations

from pathlib import Path

import aiohttp

from bot.routing.resolver import Router
from bot.tickets.reference import new_reference
from tests.e2e.steps import reach
from tests.fakes.telegram_api import FakeBotAPI
from tests.harness import TOKEN, Clock, Harness, make_runtime, settings_for


async def test_guessing_numbers_reveals_nothing(harness: Harness) -> None:
    alice, mallory = harness.citizen(9950), harness.citizen(9951)
    await reach(alice, "summary")
    await alice.press("sum:confirm")
    real = (await harness.rows("SELECT reference FROM tickets"))[0]["reference"]
    guesses = [new_reference() for _ in range(40)] + [real]
    answers = set()
    for guess in guesses:
        text = (await mallory.say(f"/status {guess}"))[0].text
        answers.add(text.replace(guess, "REF"))
    assert len(answers) == 1  # the real ticket is answered exactly like a made-up one
    assert "Cilandak" not in answers.pop()


async def test_public_port_serves_only_webhooks_and_health(
    tmp_path: Path, router: Router, clock: Clock
) -> None:
    async with FakeBotAPI(token=TOKEN) as api:
        settings = settings_for(tmp_path / "data", api.url, DUMAS_HTTP_PORT="0")
        runtime = make_runtime(settings, router, clock=clock, serve_http=True)
        await runtime.start()
        try:
            base = f"http://127.0.0.1:{runtime.http_port}"
            async with aiohttp.ClientSession() as session:
                for path in (
                    "/admin",
                    "/settings",
                    "/config",
                    "/env",
                    "/.env",
                    "/debug",
                    "/telegram/webhook",
                    "/api/tickets",
                    "/dumas.sqlite3",
                ):
                    async with session.get(base + path) as response:
                        assert response.status in (404, 405), path
                        body = await response.text()
                        assert TOKEN not in body and "DUMAS_" not in body
                async with session.get(base + "/healthz") as response:
                    body = await response.text()
                    assert response.status == 200 and TOKEN not in body
        finally:
            await runtime.stop()
