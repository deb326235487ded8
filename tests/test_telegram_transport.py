"""Our aiohttp transport under python-telegram-bot: uploads, timeouts, refused connections.

The e2e tests cover ordinary calls through it against the fake Bot API; these cover what
Dumas does not do every day, against a tiny server on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData

from bot.channels.telegram.transport import Http11Request
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
        elif request.content_type == "application/json":
            fields.update(await request.json())
            fields["<json>"] = True
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
    async with Bot(TOKEN, base_url=base, request=Http11Request()) as bot:
        message = await bot.send_photo(5, photo=b"\x89PNG-bytes", caption="bukti")
    assert message.message_id == 7
    [fields] = received
    assert fields["chat_id"] == (None, b"5") and fields["caption"] == (None, b"bukti")
    filename, content = fields["photo"]  # type: ignore[misc]
    assert content == b"\x89PNG-bytes" and filename


class _Recording(Http11Request):
    """The transport, keeping what PTB handed it."""

    def __init__(self) -> None:
        super().__init__()
        self.handed: list[RequestData] = []

    async def do_request(  # type: ignore[override]
        self, url: str, method: str, request_data: RequestData | None = None, **timeouts: Any
    ) -> tuple[int, bytes]:
        if request_data is not None:
            self.handed.append(request_data)
        return await super().do_request(url, method, request_data, **timeouts)


async def test_plain_calls_are_sent_as_json(server) -> None:
    """Every call but an upload has a JSON body
    (https://core.telegram.org/bots/api#making-requests)."""
    base, received = server
    async with Bot(TOKEN, base_url=base, request=Http11Request()) as bot:
        await bot.send_message(5, "Halo Bapak/Ibu")
    assert received == [{"chat_id": "5", "text": "Halo Bapak/Ibu", "<json>": True}]


async def test_the_json_body_carries_what_the_form_did(server) -> None:
    """The body before was PTB's form of the same request (`json_parameters`: a string
    as is, any other value as JSON): the JSON body carries the same fields with the same
    values, for text outside ASCII, reserved characters, a keyboard and a boolean."""
    base, received = server
    text = "Motor & dompet 100% hilang? Ya/Tidak = “tolong” 🚨\n+62 812"
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Ya ✓", callback_data="a:1 b&c")]])
    transport = _Recording()
    async with Bot(TOKEN, base_url=base, request=transport) as bot:
        await bot.send_message(5, text, reply_markup=markup, disable_notification=True)
    [fields] = received
    assert fields.pop("<json>") is True
    form = transport.handed[-1].json_parameters
    assert set(fields) == set(form) == {"chat_id", "text", "reply_markup", "disable_notification"}
    for name, value in fields.items():
        assert form[name] == (value if isinstance(value, str) else json.dumps(value)), name
    assert fields["text"] == text
    keyboard = fields["reply_markup"]  # PTB sends its markup objects as JSON text
    assert json.loads(str(keyboard)) == {
        "inline_keyboard": [[{"text": "Ya ✓", "callback_data": "a:1 b&c"}]]
    }


async def test_a_slow_answer_is_timed_out(server) -> None:
    base, _ = server
    request = Http11Request(read_timeout=0.2)
    await request.initialize()
    try:
        with pytest.raises(TimedOut):
            await request.post(f"{base}{TOKEN}/slow")
    finally:
        await request.shutdown()


async def test_a_refused_connection_is_a_network_error() -> None:
    request = Http11Request(connect_timeout=1.0)
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as caught:
            await request.post(f"http://127.0.0.1:1/bot{TOKEN}/getMe")
        assert not isinstance(caught.value, TimedOut)
    finally:
        await request.shutdown()
