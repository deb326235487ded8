"""The demo's citizen language: the words of a message say it when they are clear, as on
WhatsApp and the console, unless the page's language was chosen (`/demo?lang=en`, as
Telegram's app language). The page opened by the quick start (`/demo`) chose nothing:
a tourist who writes "my phone was stolen" there is answered in English."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import aiohttp

from bot.app import Runtime
from bot.channels.web.guard import COOKIE


async def _page(http: aiohttp.ClientSession, base: str, query: str) -> tuple[str, dict[str, Any]]:
    """The page's session cookie and its #config block (what demo.js reads)."""
    async with http.get(f"{base}/demo{query}") as response:
        assert response.status == 200
        html = await response.text()
        token = response.cookies[COOKIE].value
    found = re.search(r'<script id="config" type="application/json">(.*?)</script>', html, re.S)
    assert found, "no #config block"
    return token, json.loads(found.group(1))


def _as_the_page_sends(config: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """demo.js `sayCitizen`: the page's language only when the page was given one."""
    return {**body, "language": config["lang"]} if config.get("lang_chosen") else body


async def _answers(
    http: aiohttp.ClientSession, base: str, token: str, user: str, count: int
) -> list[str]:
    """The bot's messages in the citizen's chat once there are `count` of them."""
    headers = {"Cookie": f"{COOKIE}={token}"}
    for _ in range(500):
        async with http.get(
            f"{base}/demo/api/state?wait=0&user={user}", headers=headers
        ) as response:
            state = await response.json()
        said = [m.get("text") or "" for m in state.get("chat", []) if m["from"] == "bot"]
        if len(said) >= count and not state.get("chat_busy"):
            return said
        await asyncio.sleep(0.05)
    raise AssertionError(f"no answer in the demo chat: {state}")


async def _say(http: aiohttp.ClientSession, base: str, token: str, body: dict[str, Any]) -> None:
    headers = {"Cookie": f"{COOKIE}={token}", "Origin": base}
    async with http.post(f"{base}/demo/api/citizen", headers=headers, json=body) as response:
        assert response.status == 200, await response.text()


async def test_an_english_first_message_is_answered_in_english(demo: Runtime) -> None:
    base = f"http://127.0.0.1:{demo.http_port}"
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        token, config = await _page(http, base, "")
        english = {"user": "lang-en", "text": "my phone was stolen at the market last night"}
        await _say(http, base, token, _as_the_page_sends(config, english))
        said = await _answers(http, base, token, "lang-en", 1)
        assert "Do you agree?" in said[-1], said

        # Indonesian words on the same page: Indonesian
        indonesian = {"user": "lang-id", "text": "hp saya dicuri di pasar tadi malam"}
        await _say(http, base, token, _as_the_page_sends(config, indonesian))
        said = await _answers(http, base, token, "lang-id", 1)
        assert "Setuju?" in said[-1], said


async def test_a_language_chosen_on_the_page_is_kept(demo: Runtime) -> None:
    base = f"http://127.0.0.1:{demo.http_port}"
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        token, config = await _page(http, base, "?lang=en")
        body = {"user": "lang-chosen", "text": "hp saya dicuri di pasar tadi malam"}
        await _say(http, base, token, _as_the_page_sends(config, body))
        said = await _answers(http, base, token, "lang-chosen", 1)
        assert "Do you agree?" in said[-1], said
