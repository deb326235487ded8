"""A small HTTP/1.1 client: keep-alive connections to the Bot API, one request at a time
on each, with the four timeouts python-telegram-bot speaks of.

Why our own: aiohttp's client took over half the CPU of a Bot API request (~0.15 of
~0.27 ms) in its request and response objects, header multidicts, URL objects, timer
contexts and stream readers (bench/README.md, issue 21, session 29). The Bot API
needs none of that: a POST with a JSON or multipart body, an answer with a
Content-Length (or chunked) JSON body. Here a request is one `transport.write` of the
request line, headers and body, and the answer is parsed from what `data_received`
hands over, usually in one piece.

What it owns: connections per origin (scheme, host, port), at most `size` open in all;
reuse of an idle one (the most recently used first, never one idle for longer than
`keepalive` seconds: servers close idle connections and a request sent on one that is
closing is lost); TLS through `ssl` with the system's certificates and the host name
checked; the timeouts, as httpx (python-telegram-bot's own transport) applies them:

* pool: waiting for a connection when `size` are busy (`PoolTimeout`; nothing was sent);
* connect: the TCP connection and the TLS handshake (`ConnectTimeout`);
* write: waiting for the socket to take a large body (`WriteTimeout`);
* read: waiting for the next bytes of the answer, not for all of it (`ReadTimeout`).

A timeout or a failure after the request began closes the connection (its answer could
still come and would be read as the next one's) and is never retried here: the request
may have reached the server (a POST sends a message), and whether to send it again is
the caller's decision (the outbox's, bot/outbox). A connection the server closed while
idle is dropped before it is used; if the server closes one just as a request goes out,
the request fails with `ConnectionClosed`, as it did under aiohttp (which retries only
idempotent methods: every Bot API call is a POST).

Not supported, on purpose: proxies (none was before either: aiohttp's `trust_env` was
off), HTTP/2, pipelining, `Expect: 100-continue`, compression asked for (answers are
small JSON; a gzip or deflate answer is still decoded).
"""

from __future__ import annotations

import asyncio
import ssl
import zlib
from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple, cast
from urllib.parse import urlsplit

MAX_HEAD = 64 * 1024  # bytes of status line and headers before the answer is refused
KEEPALIVE = 15.0  # seconds an idle connection is reused for (aiohttp's default before)


class HTTPError(Exception):
    """Any failure of a request (the transport maps these to python-telegram-bot's)."""


class PoolTimeout(HTTPError, TimeoutError):
    """Every connection stayed busy for the pool timeout: the request was not sent."""


class ConnectTimeout(HTTPError, TimeoutError):
    """No connection (TCP and TLS) within the connect timeout."""


class WriteTimeout(HTTPError, TimeoutError):
    """The socket did not take the request's body within the write timeout."""


class ReadTimeout(HTTPError, TimeoutError):
    """No bytes of the answer for the read timeout."""


class ConnectError(HTTPError):
    """The connection could not be made (refused, no route, name unknown, TLS refused)."""


class ConnectionClosed(HTTPError):
    """The server closed the connection before the answer was complete."""


class ProtocolError(HTTPError):
    """The server's answer is not HTTP/1.x as this client reads it."""


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds for each phase of a request; None waits for ever."""

    connect: float | None
    read: float | None
    write: float | None
    pool: float | None


class Response(NamedTuple):
    """An answer: its final status (interim 1xx ones skipped) and its whole body,
    decoded when it came gzip or deflate."""

    status: int
    body: bytes


Origin = tuple[str, str, int]  # scheme, host, port: where a connection goes


class _Target(NamedTuple):
    """What a URL means to the pool: where to connect, and what to ask for there."""

    origin: Origin
    host_header: str
    path: str  # with the query


@lru_cache(maxsize=512)
def _target(url: str) -> _Target:
    """A URL split once: python-telegram-bot asks for a few dozen distinct URLs (one per
    method), so this is a dict lookup per request."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    default = 443 if scheme == "https" else 80
    port = parts.port or default
    host = parts.hostname
    shown = f"[{host}]" if ":" in host else host  # an IPv6 address in the Host header
    host_header = shown if port == default else f"{shown}:{port}"
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return _Target((scheme, host, port), host_header, path)


class _Connection(asyncio.Protocol):
    """One TCP (or TLS) connection: writes a request, parses its answer.

    The parser keeps its state between `data_received` calls: the head (status line and
    headers) until the blank line, then the body by Content-Length, by chunks, or until
    the server closes (an HTTP/1.0-style answer without a length)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self.idle_since = 0.0  # loop time it last went back to the pool's idle ones
        self._buffer = bytearray()
        self._waiter: asyncio.Future[Response] | None = None
        self._writable: asyncio.Future[None] | None = None
        self._paused = False
        # the answer being read
        self._status = 0
        self._length: int | None = None  # bytes of body still expected (Content-Length)
        self._chunked = False
        self._chunk: int | None = None  # bytes left of the current chunk (with its CRLF)
        self._until_eof = False
        self._keep_alive = True
        self._encoding = ""
        self._body = bytearray()
        self._in_head = True
        # read timeout: one timer per connection, not per request (`_arm_read_timer`)
        self._read_timeout: float | None = None
        self._last_read = 0.0
        self._timer: asyncio.TimerHandle | None = None

    # -- asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # a stream transport, as `create_connection` makes; not checked with isinstance:
        # uvloop's are not subclasses of asyncio.Transport
        self.transport = cast(asyncio.Transport, transport)

    def data_received(self, data: bytes) -> None:
        if self._waiter is None:
            # bytes nobody asked for: the next answer could not be told from them
            self.close()
            return
        self._last_read = self._loop.time()
        self._buffer += data
        try:
            self._parse()
        except ProtocolError as exc:
            self._fail(exc)

    def eof_received(self) -> bool:
        if self._waiter is not None and self._until_eof and not self._in_head:
            self._body += self._buffer
            self._buffer.clear()
            self._keep_alive = False
            try:
                self._finish()
            except ProtocolError as exc:  # a body that does not decompress
                self._fail(exc)
        return False  # let the transport close itself

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self._waiter is not None:
            failure = ConnectionClosed(
                "the server closed the connection before the answer was complete"
            )
            failure.__cause__ = exc
            self._fail(failure)
        if self._writable is not None and not self._writable.done():
            self._writable.set_result(None)  # the waiter above reports the loss

    def pause_writing(self) -> None:
        self._paused = True

    def resume_writing(self) -> None:
        self._paused = False
        if self._writable is not None and not self._writable.done():
            self._writable.set_result(None)

    # -- for the pool
    def usable(self) -> bool:
        return not self.closed and self.transport is not None and not self.transport.is_closing()

    def close(self) -> None:
        self.closed = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self.transport is not None:
            self.transport.abort()  # nothing of ours is worth flushing: the request failed

    async def exchange(self, request: bytes, timeouts: Timeouts) -> Response:
        """Send one request (all its bytes) and wait for its whole answer."""
        assert self.transport is not None and self._waiter is None
        waiter = self._waiter = self._loop.create_future()
        self._reset()
        try:
            self.transport.write(request)
            if self._paused:  # the socket's buffer is full: a large upload
                await self._drained(timeouts.write)
            self._read_timeout = timeouts.read
            if timeouts.read is not None:
                self._arm_read_timer(timeouts.read)
            return await waiter
        finally:
            self._waiter = None
            if not waiter.done():
                waiter.cancel()  # a write timeout or a cancellation: nobody will read it
            elif not waiter.cancelled():
                waiter.exception()  # a loss after a write timeout: that one is reported

    # -- inside
    async def _drained(self, timeout: float | None) -> None:
        while self._paused and not self.closed:
            self._writable = self._loop.create_future()
            try:
                async with asyncio.timeout(timeout):
                    await self._writable
            except TimeoutError:
                raise WriteTimeout(f"the request's body not taken within {timeout} s") from None
            finally:
                self._writable = None

    def _arm_read_timer(self, timeout: float) -> None:
        """The request's read timeout counts from now. A timer armed by an earlier request
        on this connection is kept when it fires no later than this one's would: when it
        fires it looks at the time since the last bytes (`_read_timer`) and re-arms for
        the rest. So a kept-alive connection makes a timer every `timeout` seconds at
        most, not one per request (a timer made, pushed on the loop's heap, cancelled
        and popped again: bench/README.md, "Session 32: the Bot API exchange")."""
        now = self._loop.time()
        self._last_read = now
        timer = self._timer
        if timer is not None:
            if timer.when() <= now + timeout:
                return
            timer.cancel()  # a shorter timeout than the request before
        self._timer = self._loop.call_at(now + timeout, self._read_timer)

    def _read_timer(self) -> None:
        """The read timeout counts from the last bytes received, like httpx's per-read
        timeout: a slow large answer that keeps coming is not cut off."""
        self._timer = None
        timeout = self._read_timeout
        if timeout is None or self._waiter is None or self._waiter.done():
            return  # no request waiting (idle, or its answer is complete): disarmed
        quiet = self._loop.time() - self._last_read
        if quiet < timeout:
            self._timer = self._loop.call_at(self._last_read + timeout, self._read_timer)
            return
        self._fail(ReadTimeout(f"no answer for {timeout} s"))

    def _reset(self) -> None:
        self._buffer.clear()
        self._body = bytearray()
        self._in_head = True
        self._status = 0
        self._length = None
        self._chunked = False
        self._chunk = None
        self._until_eof = False
        self._keep_alive = True
        self._encoding = ""

    def _fail(self, exc: HTTPError) -> None:
        waiter = self._waiter
        self.close()  # its state is unknown now: never reused
        if waiter is not None and not waiter.done():
            waiter.set_exception(exc)

    def _finish(self) -> None:
        waiter = self._waiter
        if self._buffer:  # more than the answer: we never pipeline, so the server is off
            self._keep_alive = False
        body = bytes(self._body)
        if self._encoding:
            body = _decoded(body, self._encoding)
        if not self._keep_alive:
            self.close()
        if waiter is not None and not waiter.done():
            waiter.set_result(Response(self._status, body))

    def _parse(self) -> None:
        if self._in_head and not self._parse_head():
            return
        if self._length is not None:
            self._body += self._buffer[: self._length]
            taken = min(len(self._buffer), self._length)
            del self._buffer[:taken]
            self._length -= taken
            if self._length == 0:
                self._finish()
        elif self._chunked:
            self._parse_chunks()
        elif self._until_eof:
            self._body += self._buffer
            self._buffer.clear()
        else:  # no body (204, 304, 1xx handled in the head)
            self._finish()

    def _parse_head(self) -> bool:
        """The status line and headers, once complete; False until then."""
        while True:
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self._buffer) > MAX_HEAD:
                    raise ProtocolError("the answer's head is too long")
                return False
            lines = self._buffer[:end].decode("latin-1").split("\r\n")
            del self._buffer[: end + 4]
            version, _, rest = lines[0].partition(" ")
            code = rest[:3]
            # isdigit alone lets through other scripts' digits (latin-1 has '²'), which
            # int() refuses: a ValueError would escape the parser
            if not version.startswith("HTTP/1.") or not _digits(code):
                raise ProtocolError(f"not an HTTP/1.x status line: {lines[0][:80]!r}")
            status = int(code)
            if 100 <= status < 200:
                continue  # an interim answer (100 Continue): the real one follows
            break
        self._status = status
        self._keep_alive = version != "HTTP/1.0"
        length: int | None = None
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name == "content-length":
                value = value.strip()
                if not _digits(value):
                    raise ProtocolError(f"bad Content-Length {value!r}")
                length = int(value)
            elif name == "transfer-encoding":
                self._chunked = value.strip().lower().endswith("chunked")
            elif name == "connection":
                tokens = {token.strip().lower() for token in value.split(",")}
                if "close" in tokens:
                    self._keep_alive = False
                elif "keep-alive" in tokens:
                    self._keep_alive = True
            elif name == "content-encoding":
                self._encoding = value.strip().lower()
        self._in_head = False
        if self._chunked:
            return True  # Transfer-Encoding wins over Content-Length (RFC 9112 6.3)
        if status in (204, 304):
            self._length = None
        elif length is not None:
            self._length = length
            if length == 0:
                self._finish()
                return False
        else:
            self._until_eof = True
            self._keep_alive = False
        return True

    def _parse_chunks(self) -> None:
        """Chunked transfer coding (RFC 9112 section 7.1): size line, data, CRLF; a
        zero size ends the body, after trailer lines that are skipped."""
        buffer = self._buffer
        while True:
            if self._chunk is None:
                end = buffer.find(b"\r\n")
                if end < 0:
                    return
                size_text = bytes(buffer[:end]).split(b";", 1)[0].strip()
                del buffer[: end + 2]
                # hex digits only: int(..., 16) also takes a sign, '0x' and '_', and a
                # negative size would be read as the end of the body or as data
                if not size_text or size_text.strip(_HEX):
                    raise ProtocolError(f"bad chunk size {size_text[:20]!r}")
                size = int(size_text, 16)
                if size == 0:
                    self._chunk = -1  # trailers follow
                else:
                    self._chunk = size + 2
            if self._chunk == -1:
                end = buffer.find(b"\r\n")
                if end < 0:
                    return
                del buffer[: end + 2]
                if end == 0:  # the blank line after the trailers
                    self._chunked = False
                    self._finish()
                    return
                continue
            if len(buffer) < self._chunk:
                if len(buffer) > 2:  # keep only the CRLF's worth back
                    taken = len(buffer) - 2
                    self._body += buffer[:taken]
                    del buffer[:taken]
                    self._chunk -= taken
                return
            data_end = self._chunk - 2
            if buffer[data_end : self._chunk] != b"\r\n":
                raise ProtocolError("a chunk does not end with CRLF")
            self._body += buffer[:data_end]
            del buffer[: self._chunk]
            self._chunk = None


_HEX = b"0123456789abcdefABCDEF"


def _digits(text: str) -> bool:
    """Whether `text` is a decimal number in ASCII digits (RFC 9110's DIGIT)."""
    return text.isascii() and text.isdigit()


def _decoded(body: bytes, encoding: str) -> bytes:
    try:
        if encoding == "gzip":
            return zlib.decompress(body, 16 + zlib.MAX_WBITS)
        if encoding == "deflate":
            try:
                return zlib.decompress(body)
            except zlib.error:
                return zlib.decompress(body, -zlib.MAX_WBITS)  # raw deflate, as some send
    except zlib.error as exc:
        raise ProtocolError(f"a {encoding} answer that does not decompress: {exc}") from exc
    if encoding in ("", "identity"):
        return body
    raise ProtocolError(f"an answer in an encoding not asked for: {encoding!r}")


class ConnectionPool:
    """Keep-alive connections to any number of origins, at most `size` open in all."""

    def __init__(
        self,
        *,
        size: int,
        user_agent: str,
        keepalive: float = KEEPALIVE,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        """`ssl_context`: for https; None is the system's CAs with the host name checked
        (`ssl.create_default_context`), which is what api.telegram.org needs."""
        if size < 1:
            raise ValueError("a pool needs at least one connection")
        self._size = size
        self._user_agent = user_agent
        self._keepalive = keepalive
        self._idle: dict[Origin, list[_Connection]] = {}
        self._open = 0  # connections busy, idle or being made
        self._busy: set[_Connection] = set()
        # requests waiting for a connection, oldest first
        self._waiters: deque[tuple[Origin, asyncio.Future[_Connection | None]]] = deque()
        self._ssl = ssl_context
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def idle_connections(self) -> int:
        """Connections waiting for a request that are still open (for tests and logs)."""
        return sum(c.usable() for idle in self._idle.values() for c in idle)

    async def request(
        self,
        method: str,
        url: str,
        timeouts: Timeouts,
        body: bytes | None = None,
        content_type: str | None = None,
    ) -> Response:
        """One request. Raises `HTTPError`s (and `asyncio.CancelledError`; `ValueError`
        for a URL that is not http or https)."""
        if self._closed:
            raise RuntimeError("the connection pool is closed")
        target = _target(url)
        head = f"{method} {target.path} HTTP/1.1\r\nHost: {target.host_header}\r\n"
        head += f"User-Agent: {self._user_agent}\r\n"
        if body is not None:
            if content_type:
                head += f"Content-Type: {content_type}\r\n"
            head += f"Content-Length: {len(body)}\r\n\r\n"
            data = head.encode("latin-1") + body
        else:
            data = (head + "\r\n").encode("latin-1")
        connection = await self._acquire(target.origin, timeouts)
        self._busy.add(connection)
        try:
            response = await connection.exchange(data, timeouts)
        except BaseException:
            connection.close()  # a half-done exchange: the connection's state is unknown
            raise
        finally:
            self._busy.discard(connection)
            self._release(target.origin, connection)
        return response

    async def close(self) -> None:
        """Close every connection, the busy ones too (their requests fail with
        `ConnectionClosed`), as aiohttp's session did on shutdown."""
        self._closed = True
        for idle in self._idle.values():
            for connection in idle:
                connection.close()
        self._idle.clear()
        for connection in self._busy:
            connection.close()
        self._open = 0
        while self._waiters:
            _, waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)

    async def _acquire(self, origin: Origin, timeouts: Timeouts) -> _Connection:
        loop = asyncio.get_running_loop()
        deadline = None if timeouts.pool is None else loop.time() + timeouts.pool
        while True:
            idle = self._idle.get(origin)
            now = loop.time()
            while idle:
                connection = idle.pop()  # the most recently used: the least likely closed
                if connection.usable() and now - connection.idle_since < self._keepalive:
                    return connection
                connection.close()
                self._open -= 1
            if self._open < self._size or self._close_other_idle(origin):
                self._open += 1
                try:
                    return await self._connect(origin, timeouts.connect)
                except BaseException:
                    self._open -= 1
                    self._wake()
                    raise
            handed = await self._wait(origin, deadline, timeouts.pool)
            if handed is not None:
                return handed
            if self._closed:
                raise RuntimeError("the connection pool is closed")
            # woken without a connection (one was closed, or a connect failed): look again

    async def _wait(
        self, origin: Origin, deadline: float | None, pool_timeout: float | None
    ) -> _Connection | None:
        """Wait, first come first served, for a connection handed over by `_release`
        (or None: room to look again), until the pool timeout."""
        waiter: asyncio.Future[_Connection | None] = asyncio.get_running_loop().create_future()
        entry = (origin, waiter)
        self._waiters.append(entry)
        try:
            async with asyncio.timeout_at(deadline):
                return await waiter
        except BaseException as exc:
            if entry in self._waiters:
                self._waiters.remove(entry)
            woken = waiter.done() and not waiter.cancelled()
            handed = waiter.result() if woken else None
            if isinstance(exc, TimeoutError) and handed is not None:
                return handed  # it came as the time ran out: use it
            if handed is not None:  # cancelled after one was handed over: pass it on
                self._release(origin, handed)
            elif woken:  # woken to look again, but leaving: the next waiter looks instead
                self._wake()
            if isinstance(exc, TimeoutError):
                raise PoolTimeout(
                    f"all {self._size} connections stayed busy for {pool_timeout} s"
                ) from None
            raise

    def _close_other_idle(self, origin: Origin) -> bool:
        """Make room for `origin` by closing an idle connection to another one."""
        for other, idle in self._idle.items():
            if other != origin and idle:
                idle.pop(0).close()
                self._open -= 1
                return True
        return False

    def _release(self, origin: Origin, connection: _Connection) -> None:
        """A request is done with `connection`: to the first waiter for its origin, else
        to the idle ones (or closed), and a waiter for another origin may look again."""
        if self._closed:
            connection.close()
            return
        if connection.usable():
            for entry in self._waiters:
                wanted, waiter = entry
                if wanted == origin and not waiter.done():
                    self._waiters.remove(entry)
                    waiter.set_result(connection)
                    return
            connection.idle_since = asyncio.get_running_loop().time()
            self._idle.setdefault(origin, []).append(connection)
        else:
            self._open -= 1
        self._wake()

    def _wake(self) -> None:
        """Let the longest waiter look for a connection again."""
        while self._waiters:
            _, waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return

    async def _connect(self, origin: Origin, timeout: float | None) -> _Connection:
        scheme, host, port = origin
        loop = asyncio.get_running_loop()
        context = None
        if scheme == "https":
            if self._ssl is None:  # made once, at the first https connection
                self._ssl = ssl.create_default_context()
            context = self._ssl
        try:
            async with asyncio.timeout(timeout):
                _, connection = await loop.create_connection(
                    lambda: _Connection(loop),
                    host,
                    port,
                    ssl=context,
                    server_hostname=host if context else None,
                )
        except TimeoutError:
            raise ConnectTimeout(f"no connection to {host}:{port} within {timeout} s") from None
        except OSError as exc:  # refused, unreachable, unknown name, TLS (ssl.SSLError)
            raise ConnectError(f"cannot connect to {host}:{port}: {exc}") from exc
        return connection
