"""python-telegram-bot's HTTP transport on aiohttp instead of httpx.

PTB talks to the Bot API through a `BaseRequest`; its default, `HTTPXRequest`, spent
~19 % of the bot's Python time in httpx/httpcore's connection pool and anyio streams
under load (bench/README.md). aiohttp is already our HTTP server and the WhatsApp media
client, and its client costs less per request. PTB still builds every request, parses
every answer and raises its own errors (`RetryAfter`, `Forbidden`, ...): only the bytes
on the wire move through here. Timeouts become `TimedOut`, connection problems
`NetworkError`, exactly as PTB's own transports do, so the outbox classifies them the
same way.
"""

from __future__ import annotations

from functools import lru_cache

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

_JSON = {"Content-Type": "application/json"}


class AiohttpRequest(BaseRequest):
    def __init__(
        self,
        *,
        connection_pool_size: int = 32,
        connect_timeout: float = 5.0,
        read_timeout: float = 10.0,
        write_timeout: float = 20.0,
        pool_timeout: float = 5.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

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
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        read = self._given(read_timeout, self._read_timeout)
        connect = self._given(connect_timeout, self._connect_timeout)
        pool = self._given(pool_timeout, self._pool_timeout)
        write = self._given(write_timeout, self._write_timeout)
        timeout = _timeout(read, write, connect, pool)
        data: aiohttp.FormData | bytes | None = None
        headers: dict[str, str] | None = None
        if request_data is not None:
            if request_data.multipart_data:
                form = aiohttp.FormData()
                for name, value in (request_data.json_parameters or {}).items():
                    form.add_field(name, value)
                for name, part in request_data.multipart_data.items():
                    filename, content, *mime = part
                    form.add_field(
                        name, content, filename=filename, content_type=mime[0] if mime else None
                    )
                data = form
            else:
                # A JSON body, which the Bot API takes for every method but uploads
                # (https://core.telegram.org/bots/api#making-requests), encoded by PTB
                # (`json_payload`). Cheaper than the form it replaced: urlencode quoted
                # every text character by character in Python, after PTB had encoded
                # each parameter on its own (2 % of the bot's CPU under load;
                # bench/README.md, issue 21).
                data = request_data.json_payload
                headers = _JSON
        try:
            async with self._session.request(
                method, url, data=data, headers=headers, timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as exc:
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {exc}") from exc

    @staticmethod
    def _given(value: ODVInput[float], default: float | None) -> float | None:
        """PTB passes DEFAULT_NONE when a call did not set a timeout: use ours."""
        return default if isinstance(value, DefaultValue) else value


@lru_cache(maxsize=64)
def _timeout(
    read: float | None, write: float | None, connect: float | None, pool: float | None
) -> aiohttp.ClientTimeout:
    """aiohttp's timeout for PTB's four (one object per combination: they are few, and
    frozen). aiohttp has no separate write timeout: sending and the whole answer are
    bounded together; `connect` covers waiting for a pooled connection too."""
    return aiohttp.ClientTimeout(
        total=None if read is None or write is None else read + write,
        sock_read=read,
        connect=None if connect is None or pool is None else connect + pool,
        sock_connect=connect,
    )
