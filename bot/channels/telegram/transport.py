"""python-telegram-bot's HTTP transport on our own HTTP/1.1 connection pool (http11.py).

PTB talks to the Bot API through a `BaseRequest`; PTB still builds every request, parses
every answer and raises its own errors (`RetryAfter`, `Forbidden`, `ChatMigrated`, ...):
only the bytes on the wire move through here. The transport before this one, aiohttp's
client (and httpx's, PTB's default, before that), took over half of a request's CPU
(bench/README.md, issue 21, session 29) for features the Bot API does not use.

What this module owns: the request's body (JSON, or multipart/form-data for an upload),
PTB's four timeouts with their defaults, and the mapping of failures to PTB's errors, as
PTB's own `HTTPXRequest` maps them: any timeout is `TimedOut` (a pool timeout with PTB's
message saying the request was not sent), any other failure `NetworkError`, so the
outbox classifies them as before (bot/channels/telegram/sender.py).
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput, UploadFileDict
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.channels.telegram.http11 import (
    ConnectionPool,
    HTTPError,
    PoolTimeout,
    Timeouts,
)

_JSON = "application/json"
# PTB's own words for a pool timeout (telegram/request/_httpxrequest.py)
_POOL_TIMEOUT = (
    "Pool timeout: All connections in the connection pool are occupied. Request was *not* "
    "sent to Telegram. Consider adjusting the connection pool size or the pool timeout."
)


class Http11Request(BaseRequest):
    """A `BaseRequest` on `http11.ConnectionPool`; one pool per `Bot` request object
    (`make_bot` gives getUpdates a pool of its own, so a long poll never holds up a
    reply)."""

    def __init__(
        self,
        *,
        connection_pool_size: int = 32,
        connect_timeout: float | None = 5.0,
        read_timeout: float | None = 10.0,
        write_timeout: float | None = 20.0,
        pool_timeout: float | None = 5.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._defaults = Timeouts(
            connect=connect_timeout, read=read_timeout, write=write_timeout, pool=pool_timeout
        )
        self._pool: ConnectionPool | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._defaults.read

    async def initialize(self) -> None:
        if self._pool is None or self._pool.closed:
            self._pool = ConnectionPool(size=self._pool_size, user_agent=self.USER_AGENT)

    async def shutdown(self) -> None:
        if self._pool is not None:
            await self._pool.close()
        self._pool = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        pool = self._pool
        if pool is None or pool.closed:
            raise RuntimeError("This Http11Request is not initialized!")
        timeouts = self._timeouts(read_timeout, write_timeout, connect_timeout, pool_timeout)
        body: bytes | None = None
        content_type: str | None = None
        if isinstance(request_data, JSONBody):
            body, content_type = request_data.body, _JSON
        elif request_data is not None:
            if request_data.multipart_data:
                body, content_type = multipart_body(
                    request_data.json_parameters, request_data.multipart_data
                )
            else:
                # A JSON body, which the Bot API takes for every method but uploads
                # (https://core.telegram.org/bots/api#making-requests), encoded once from
                # PTB's `parameters`, as PTB's `json_payload` docstring allows ("directly
                # encode the keys of parameters"): a keyboard goes as a JSON object, not
                # as JSON text inside a string, which Telegram reads the same way
                # (tests/test_telegram_transport.py). `json_payload` encoded every
                # parameter, then the whole again, escaping the first encoding.
                body = json.dumps(request_data.parameters).encode()
                content_type = _JSON
        try:
            response = await pool.request(method, url, timeouts, body, content_type)
        except PoolTimeout as exc:
            raise TimedOut(_POOL_TIMEOUT) from exc
        except TimeoutError as exc:  # connect, write and read timeouts
            raise TimedOut from exc
        except HTTPError as exc:
            raise NetworkError(f"http11.{type(exc).__name__}: {exc}") from exc
        return response.status, response.body

    async def post_json(self, url: str, body: bytes) -> Any:
        """A Bot API call whose JSON body the caller built (`JSONBody`); its answer's
        "result" as JSON, and its failures as PTB's errors: PTB's own `post` and
        `_request_wrapper`, without the `Bot` method around them (bot/channels/telegram/
        sender.py `_send_raw` says why)."""
        return await self.post(url, request_data=JSONBody(body))

    def _timeouts(
        self,
        read: ODVInput[float],
        write: ODVInput[float],
        connect: ODVInput[float],
        pool: ODVInput[float],
    ) -> Timeouts:
        """PTB passes DEFAULT_NONE for a timeout a call did not set: ours apply."""
        defaults = self._defaults
        if (
            isinstance(read, DefaultValue)
            and isinstance(write, DefaultValue)
            and isinstance(connect, DefaultValue)
            and isinstance(pool, DefaultValue)
        ):
            return defaults  # nearly every call: no object made
        return Timeouts(
            connect=defaults.connect if isinstance(connect, DefaultValue) else connect,
            read=defaults.read if isinstance(read, DefaultValue) else read,
            write=defaults.write if isinstance(write, DefaultValue) else write,
            pool=defaults.pool if isinstance(pool, DefaultValue) else pool,
        )


# PTB marks RequestData final (its users are not to subclass it); PTB's `post` and
# `_request_wrapper` only hand it on to `do_request`, which is ours and the only reader.
class JSONBody(RequestData):  # type: ignore[misc]
    """A request's body as the JSON bytes it goes as, built once by the caller: no
    `RequestParameter` per field, no dict of them rebuilt to be encoded
    (`Http11Request.post_json`)."""

    __slots__ = ("body",)

    def __init__(self, body: bytes) -> None:
        super().__init__()
        self.body = body


def multipart_body(fields: dict[str, str], files: UploadFileDict) -> tuple[bytes, str]:
    """An upload's body as multipart/form-data (RFC 7578): PTB's parameters as text
    fields, then its files, each with its file name and type. Names are escaped as the
    WHATWG form encoding does (`"` and line breaks percent-encoded, the rest UTF-8),
    as httpx does for PTB's default transport. A file given as a file object is read
    here: Bot API uploads are at most 50 MB
    (https://core.telegram.org/bots/api#sending-files)."""
    boundary = secrets.token_hex(16)
    dash = f"--{boundary}\r\n".encode()
    parts: list[bytes] = []
    for name, value in fields.items():
        parts += (dash, _disposition(name), b"\r\n", value.encode(), b"\r\n")
    for name, (filename, content, mimetype) in files.items():
        data = content if isinstance(content, bytes) else content.read()
        parts += (dash, _disposition(name, filename))
        parts += (f"Content-Type: {mimetype}\r\n\r\n".encode(), data, b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


_ESCAPES = str.maketrans({'"': "%22", "\r": "%0D", "\n": "%0A"})


def _disposition(name: str, filename: str | None = None) -> bytes:
    header = f'Content-Disposition: form-data; name="{name.translate(_ESCAPES)}"'
    if filename is not None:
        header += f'; filename="{filename.translate(_ESCAPES)}"'
    return (header + "\r\n").encode()
