"""Our aiohttp transport under python-telegram-bot: uploads, timeouts, refused connections.

The e2e tests cover ordinary calls through it against the fake Bot API; these cover what
Dumas does not do every day, against a tiny server on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from urllib.parse import urlencode

import pytest
from aiohttp import FormData, web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import NetworkError, TimedOut

from bot.channels.telegram.transport import AiohttpRequest
from tests.harness import TOKEN

MESSAGE = {"message_id": 7, "date": 0, "chat": {"id": 5, "type": "private"}}


@pytest.fixture
async def server() -> AsyncIterator[tuple[str, list[dict[str, object]]]]:
    received: list[dict[str, object]] = []

    async def method(request: web.Request) -> web.Response:
        if request.match_info["method"] == "getMe":
            return web.json_response(
                {
                    "ok": True,
                    "result": {
                        "id": 123456,
                        "is_bot": True,
                        "first_name": "Dumas",
                        "username": "dumas_bot",
                    },
                }
            )
        if request.match_info["method"] == "slow":
            await asyncio.sleep(2)
        fields: dict[str, object] = {}
        if request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:
                fields[part.name or ""] = (part.filename, await part.read())  # type: ignore[union-attr]
        else:
            fields.update(await request.post())
        received.append(fields)
        return web.json_response({"ok": True, "result": MESSAGE})

    app = web.Application()
    app.router.add_post("/bot{token}/{method}", method)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}/bot", received
    await runner.cleanup()


async def test_a_file_upload_is_sent_as_multipart(server) -> None:
    base, received = server
    async with Bot(TOKEN, base_url=base, request=AiohttpRequest()) as bot:
        message = await bot.send_photo(5, photo=b"\x89PNG-bytes", caption="bukti")
    assert message.message_id == 7
    [fields] = received
    assert fields["chat_id"] == (None, b"5") and fields["caption"] == (None, b"bukti")
    filename, content = fields["photo"]  # type: ignore[misc]
    assert content == b"\x89PNG-bytes" and filename


async def test_plain_calls_are_form_encoded(server) -> None:
    base, received = server
    async with Bot(TOKEN, base_url=base, request=AiohttpRequest()) as bot:
        await bot.send_message(5, "Halo Bapak/Ibu")
    assert received == [{"chat_id": "5", "text": "Halo Bapak/Ibu"}]


async def test_the_form_is_encoded_as_aiohttp_encodes_it(server) -> None:
    """transport.py encodes the form itself: the server reads back every field, for text
    outside ASCII, reserved characters and a keyboard, and the bytes are those aiohttp's
    FormData made before."""
    base, received = server
    text = "Motor & dompet 100% hilang? Ya/Tidak = “tolong” 🚨\n+62 812"
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Ya ✓", callback_data="a:1 b&c")]])
    async with Bot(TOKEN, base_url=base, request=AiohttpRequest()) as bot:
        await bot.send_message(5, text, reply_markup=markup)
    [fields] = received
    assert fields["chat_id"] == "5" and fields["text"] == text
    keyboard = json.loads(str(fields["reply_markup"]))
    assert keyboard["inline_keyboard"][0][0] == {"text": "Ya ✓", "callback_data": "a:1 b&c"}
    form = {str(k): str(v) for k, v in fields.items()}
    assert urlencode(form).encode() == FormData(form)()._value


async def test_a_slow_answer_is_timed_out(server) -> None:
    base, _ = server
    request = AiohttpRequest(read_timeout=0.2)
    await request.initialize()
    try:
        with pytest.raises(TimedOut):
            await request.post(f"{base}{TOKEN}/slow")
    finally:
        await request.shutdown()


async def test_a_refused_connection_is_a_network_error() -> None:
    request = AiohttpRequest(connect_timeout=1.0)
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as caught:
            await request.post(f"http://127.0.0.1:1/bot{TOKEN}/getMe")
        assert not isinstance(caught.value, TimedOut)
    finally:
        await request.shutdown()
