"""Our transport under python-telegram-bot (bot/channels/telegram/transport.py): request
bodies, uploads and downloads, timeouts, and the errors PTB raises, compared with PTB's own
httpx transport.

The e2e tests cover ordinary calls through it against the fake Bot API; these cover what
Dumas does not do every day, against a tiny server on 127.0.0.1 or FakeBotAPI. The HTTP
connection pool below it is tested on its own in test_telegram_http11.py.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.request import BaseRequest, HTTPXRequest, RequestData

from bot.channels.telegram.transport import Http11Request
from tests.fakes.telegram_api import FakeBotAPI, FaultPlan
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
    assert received == [{"chat_id": 5, "text": "Halo Bapak/Ibu", "<json>": True}]


async def test_the_json_body_carries_what_the_form_did(server) -> None:
    """The body before was PTB's form of the same request (`json_parameters`: a string
    as is, any other value as JSON text): the JSON body carries the same fields, each a
    string with the same text or a JSON value whose JSON text is the form's (Telegram
    reads a JSON body's fields so: tests/fakes/telegram_api.py cites where), for text
    outside ASCII, reserved characters, a keyboard and a boolean."""
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
    assert fields["reply_markup"] == {
        "inline_keyboard": [[{"text": "Ya ✓", "callback_data": "a:1 b&c"}]]
    }


async def test_a_keyboard_given_as_json_text_stays_text(server) -> None:
    """A caller that passes a parameter already encoded (a string) has it sent as that
    string, as PTB's form did, not encoded again."""
    base, received = server
    keyboard = '{"inline_keyboard": [[{"text": "Ya", "callback_data": "y"}]]}'
    async with Bot(TOKEN, base_url=base, request=Http11Request()) as bot:
        await bot.do_api_request(
            "sendMessage", api_kwargs={"chat_id": 5, "text": "t", "reply_markup": keyboard}
        )
    [fields] = received
    assert fields["reply_markup"] == keyboard and fields["chat_id"] == 5


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


# -- The same requests through PTB's own transport (httpx) and ours: the errors a caller
# sees must not change with the transport. FakeBotAPI plays each answer.

SCENES: dict[str, tuple[int, str, type[TelegramError] | None, bool]] = {
    # kind: (chat, text, the error PTB raises, whether its words must match too)
    "sent": (5, "halo", None, True),
    "429": (5, "halo", RetryAfter, True),
    "5xx": (5, "halo", NetworkError, True),
    "drop": (5, "halo", NetworkError, False),  # the HTTP library's words differ
    "timeout": (5, "halo", TimedOut, True),
    "blocked": (5, "halo", Forbidden, True),
    "migrated": (-5, "halo", ChatMigrated, True),
    "empty text": (5, " ", BadRequest, True),
    "wrong token": (5, "halo", InvalidToken, True),
}


async def _outcome(transport: BaseRequest, kind: str) -> tuple[type | None, str]:
    """What `send_message` gives in the scene `kind`: the error's type and words, or
    None and the message sent. Then the same transport sends again, without a fault:
    a failure must not leave the pool unusable."""
    chat, text, _, _ = SCENES[kind]
    async with FakeBotAPI(token=TOKEN) as api:
        if kind in ("429", "5xx", "drop", "timeout"):
            api.faults = FaultPlan(script=[kind], retry_after=7, timeout_seconds=30.0)
        elif kind == "blocked":
            api.block_chat(5)
        elif kind == "migrated":
            api.migrate_group(-5, -1005, announce=False)
        token = "999:WRONG" if kind == "wrong token" else TOKEN
        await transport.initialize()
        try:
            bot = Bot(token, base_url=api.base_url, request=transport)
            try:
                message = await bot.send_message(chat, text)
                outcome: tuple[type | None, str] = (None, f"{message.message_id} {message.text}")
            except TelegramError as exc:
                outcome = (type(exc), str(exc))
            if token == TOKEN:
                again = await Bot(token, base_url=api.base_url, request=transport).send_message(
                    7, "lagi"
                )
                assert again.text == "lagi"
            return outcome
        finally:
            await transport.shutdown()


@pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")
@pytest.mark.parametrize("kind", list(SCENES))
async def test_errors_are_those_of_ptbs_own_transport(kind: str) -> None:
    """Status codes and failures become the same python-telegram-bot errors as through
    `HTTPXRequest` (RetryAfter with its seconds, ChatMigrated with the new id, Forbidden,
    BadRequest, InvalidToken, NetworkError for a 502 or a dropped connection, TimedOut)."""
    _, _, expected, same_words = SCENES[kind]
    theirs = await _outcome(HTTPXRequest(read_timeout=1.0, connect_timeout=30.0), kind)
    ours = await _outcome(Http11Request(read_timeout=1.0, connect_timeout=30.0), kind)
    assert theirs[0] is expected, theirs
    assert ours[0] is expected, ours
    if same_words:
        assert ours[1] == theirs[1]


async def test_a_full_pool_is_ptbs_pool_timeout(server) -> None:
    """Every connection busy for the pool timeout: TimedOut with PTB's words, which say
    that the request was not sent."""
    base, _ = server
    request = Http11Request(connection_pool_size=1, read_timeout=30.0, pool_timeout=0.2)
    await request.initialize()
    try:
        slow = asyncio.create_task(request.post(f"{base}{TOKEN}/slow"))
        await asyncio.sleep(0)  # the slow call takes the one connection first
        with pytest.raises(TimedOut, match="Pool timeout.*not\\* sent"):
            await request.post(f"{base}{TOKEN}/getMe")
        await slow
    finally:
        await request.shutdown()


async def test_a_large_upload_and_its_download() -> None:
    """A 12 MB document goes up as multipart (more than the socket takes at once) and
    comes back byte for byte through getFile and the file URL (a GET)."""
    content = bytes(range(256)) * (48 * 1024)
    async with FakeBotAPI(token=TOKEN) as api:
        request = Http11Request(read_timeout=30.0)
        async with Bot(
            TOKEN, base_url=api.base_url, base_file_url=api.base_file_url, request=request
        ) as bot:
            message = await bot.send_document(5, document=content, filename="laporan.pdf")
            assert message.document is not None
            assert message.document.file_name == "laporan.pdf"
            assert message.document.file_size == len(content)
            file = await bot.get_file(message.document.file_id)
            assert bytes(await file.download_as_bytearray()) == content


@pytest.mark.parametrize("filename", ["bukti foto.jpg", "bukti ✓ “kemarin”.pdf", 'a"b.txt'])
async def test_file_names_arrive_as_given(server, filename: str) -> None:
    """Non-ASCII names go as UTF-8 and a quote as %22 (the WHATWG form encoding, which
    httpx uses too); the server reads the name back."""
    base, received = server
    async with Bot(TOKEN, base_url=base, request=Http11Request()) as bot:
        await bot.send_document(5, document=b"%PDF-1.4", filename=filename)
    [fields] = received
    name, content = fields["document"]  # type: ignore[misc]
    assert content == b"%PDF-1.4"
    assert name == filename.replace('"', "%22")
