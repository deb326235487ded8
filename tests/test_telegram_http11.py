"""bot/channels/telegram/http11.py against scripted servers on 127.0.0.1.

Each test's server is a plain asyncio stream server whose handler plays one behaviour
byte for byte (answers cut into pieces, chunked bodies, connections closed at each
point), so the client's parsing and its connection reuse are held to HTTP/1.1 (RFC 9112:
https://www.rfc-editor.org/rfc/rfc9112) rather than to one server library's habits.
python-telegram-bot's view of the same (its errors) is in test_telegram_transport.py.
"""

from __future__ import annotations

import asyncio
import gzip
import shutil
import ssl
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.channels.telegram.http11 import (
    ConnectError,
    ConnectionClosed,
    ConnectionPool,
    PoolTimeout,
    ProtocolError,
    ReadTimeout,
    Timeouts,
    WriteTimeout,
)

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
TIMEOUTS = Timeouts(connect=30.0, read=30.0, write=30.0, pool=30.0)
OK = b'{"ok":true,"result":true}'


def answer(body: bytes = OK, *headers: str, status: str = "200 OK") -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
    head += "".join(f"{h}\r\n" for h in headers)
    if not any(h.lower().startswith(("content-length", "transfer-encoding")) for h in headers):
        head += f"Content-Length: {len(body)}\r\n"
    return (head + "\r\n").encode() + body


async def read_request(reader: asyncio.StreamReader) -> tuple[bytes, bytes] | None:
    """One request's head and body (by Content-Length); None at the end of the stream."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    return head, await reader.readexactly(length)


class Server:
    """An asyncio server on a free port whose connections run `handler`."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.connections = 0
        self.requests = 0
        self.closed = asyncio.Event()  # set when a handler saw its connection end
        self._server: asyncio.Server | None = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            await self.handler(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()
            self.closed.set()

    async def start(self, ssl_context: ssl.SSLContext | None = None) -> str:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=ssl_context)
        port = self._server.sockets[0].getsockname()[1]
        return f"{'https' if ssl_context else 'http'}://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()


@pytest.fixture
async def serve() -> AsyncIterator[Callable[[Handler], Awaitable[tuple[Server, str]]]]:
    servers: list[Server] = []

    async def start(handler: Handler) -> tuple[Server, str]:
        server = Server(handler)
        servers.append(server)
        return server, await server.start()

    yield start
    for server in servers:
        await server.stop()


@pytest.fixture
async def pool() -> AsyncIterator[ConnectionPool]:
    pool = ConnectionPool(size=4, user_agent="test")
    yield pool
    await pool.close()


def answering(*answers: bytes, then_close: bool = False) -> Handler:
    """A handler that answers each request on a connection with the next of `answers`
    (the last one again when they run out), optionally closing after each."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        index = 0
        while await read_request(reader) is not None:
            writer.write(answers[min(index, len(answers) - 1)])
            await writer.drain()
            index += 1
            if then_close:
                return

    return handle


async def test_a_request_is_one_request_line_headers_and_body(serve, pool) -> None:
    seen: list[tuple[bytes, bytes]] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await read_request(reader)
        assert request is not None
        seen.append(request)
        writer.write(answer())

    _, url = await serve(handle)
    response = await pool.request(
        "POST", f"{url}/bot1:A/sendMessage?x=1", TIMEOUTS, b'{"a":1}', "application/json"
    )
    assert response == (200, OK)
    [(head, body)] = seen
    lines = head.decode().split("\r\n")
    assert lines[0] == "POST /bot1:A/sendMessage?x=1 HTTP/1.1"
    assert f"Host: {url.removeprefix('http://')}" in lines
    assert "Content-Type: application/json" in lines and "Content-Length: 7" in lines
    assert "User-Agent: test" in lines
    assert body == b'{"a":1}'


async def test_connections_are_kept_alive_and_reused(serve, pool) -> None:
    server, url = await serve(answering(answer()))
    for _ in range(5):
        assert (await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}")).body == OK
    assert server.connections == 1
    # several at once take several connections, then are reused
    await asyncio.gather(*(pool.request("POST", f"{url}/m", TIMEOUTS, b"{}") for _ in range(4)))
    await asyncio.gather(*(pool.request("POST", f"{url}/m", TIMEOUTS, b"{}") for _ in range(4)))
    assert server.connections <= 4


async def test_an_answer_in_single_bytes_is_read_whole(serve, pool) -> None:
    body = b'{"ok":true,"result":{"text":"Halo \xe2\x9c\x93"}}'

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while await read_request(reader) is not None:
            for i, byte in enumerate(answer(body)):
                writer.write(bytes([byte]))
                if i % 7 == 0:
                    await writer.drain()
                    await asyncio.sleep(0)

    server, url = await serve(handle)
    for _ in range(2):
        assert await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}") == (200, body)
    assert server.connections == 1


async def test_a_chunked_answer_is_read_and_its_connection_reused(serve, pool) -> None:
    chunked = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b'5\r\n{"ok"\r\n'
        b'a;name=value\r\n:true,"res\r\n'
        b'C\r\nult":[1,2,3]\r\n'
        b"1\r\n}\r\n"
        b"0\r\nX-Trailer: yes\r\n\r\n"
    )

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while await read_request(reader) is not None:
            for start in range(0, len(chunked), 9):  # cut across sizes, data and CRLFs
                writer.write(chunked[start : start + 9])
                await writer.drain()
                await asyncio.sleep(0)

    server, url = await serve(handle)
    for _ in range(2):
        response = await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}")
        assert response == (200, b'{"ok":true,"result":[1,2,3]}')
    assert server.connections == 1


async def test_an_answer_without_a_length_ends_with_the_connection(serve, pool) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(b"HTTP/1.0 200 OK\r\n\r\n" + OK)
        await writer.drain()

    server, url = await serve(handle)
    assert (await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}")).body == OK
    assert (await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}")).body == OK
    assert server.connections == 2


async def test_connection_close_is_honoured(serve, pool) -> None:
    server, url = await serve(answering(answer(OK, "Connection: close"), then_close=True))
    for _ in range(3):
        assert (await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}")).body == OK
    assert server.connections == 3


async def test_a_connection_the_server_closed_while_idle_is_not_used(serve, pool) -> None:
    """The server answers, then closes the connection (its keep-alive ran out) without
    saying so: the next request goes on a new connection, and succeeds."""
    server, url = await serve(answering(answer(), then_close=True))
    assert (await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}")).body == OK
    await asyncio.wait_for(server.closed.wait(), 30)
    async with asyncio.timeout(30):
        while pool.idle_connections():  # the client's loop sees the close
            await asyncio.sleep(0.01)
    assert (await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}")).body == OK
    assert server.connections == 2


async def test_a_connection_idle_for_longer_than_keepalive_is_not_reused(serve) -> None:
    server, url = await serve(answering(answer()))
    pool = ConnectionPool(size=4, user_agent="test", keepalive=0.0)
    try:
        for _ in range(2):
            assert (await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}")).body == OK
    finally:
        await pool.close()
    assert server.connections == 2


async def test_a_dropped_connection_is_closed_and_not_retried(serve, pool) -> None:
    """Connection lost after the request, before any answer: the request may have been
    handled (a message sent), so it fails and is not sent again."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        server.requests += 1
        await read_request(reader)
        writer.transport.abort()

    server, url = await serve(handle)
    with pytest.raises(ConnectionClosed):
        await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}")
    assert server.requests == 1


async def test_a_connection_lost_mid_answer_fails(serve, pool) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(answer()[:-5])
        await writer.drain()

    _, url = await serve(handle)
    with pytest.raises(ConnectionClosed):
        await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}")


async def test_no_answer_is_a_read_timeout_and_closes_the_connection(serve, pool) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        await reader.read()  # until the client gives up and closes

    server, url = await serve(handle)
    timeouts = Timeouts(connect=30.0, read=0.2, write=30.0, pool=30.0)
    with pytest.raises(ReadTimeout):
        await pool.request("POST", f"{url}/m", timeouts, b"{}")
    await asyncio.wait_for(server.closed.wait(), 30)  # the connection is not kept


async def test_the_read_timeout_counts_from_the_last_bytes_received(serve, pool) -> None:
    """Like httpx's read timeout (per read, not for the whole answer): an answer that
    keeps coming, slower in all than the read timeout, is read whole. The gaps (0.1 s)
    are a tenth of the read timeout, so a busy machine does not make it fail."""
    whole = answer()
    pieces = [whole[i : i + 3] for i in range(0, len(whole), 3)]
    read_timeout = 1.0
    assert len(pieces) * 0.1 > 2 * read_timeout

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        for piece in pieces:
            writer.write(piece)
            await writer.drain()
            await asyncio.sleep(0.1)

    _, url = await serve(handle)
    timeouts = Timeouts(connect=30.0, read=read_timeout, write=30.0, pool=30.0)
    assert (await pool.request("POST", f"{url}/m", timeouts, b"{}")).body == OK


async def test_a_kept_alive_connection_does_not_make_a_timer_per_request(serve, pool) -> None:
    """The read timeout's timer of one request serves the next ones on the connection
    (it re-arms itself for the rest when it fires early): after the first request (its
    connect timeout and its read timer), 19 requests make no timer. Before session 32
    each request made and cancelled a timer of its own (19)."""
    server, url = await serve(answering(answer()))
    assert (await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}")).body == OK
    loop = asyncio.get_running_loop()
    timers: list[float] = []
    call_at = loop.call_at

    def counted(when: float, *args: Any, **kwargs: Any) -> asyncio.TimerHandle:
        timers.append(when)
        return call_at(when, *args, **kwargs)

    loop.call_at = counted  # type: ignore[method-assign]
    try:
        for _ in range(19):
            assert (await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}")).body == OK
    finally:
        del loop.call_at
    assert server.connections == 1
    assert timers == []


async def test_a_shorter_read_timeout_on_a_reused_connection_still_holds(serve, pool) -> None:
    """A request with a long read timeout leaves the connection's timer far off; the
    next request on it, with a short one, still times out when its own runs out."""
    answered = False

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal answered
        await read_request(reader)
        writer.write(answer())
        answered = True
        await read_request(reader)
        await reader.read()  # no answer to the second: until the client gives up

    server, url = await serve(handle)
    assert (await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}")).body == OK
    assert answered and pool.idle_connections() == 1
    short = Timeouts(connect=30.0, read=0.2, write=30.0, pool=30.0)
    began = asyncio.get_running_loop().time()
    with pytest.raises(ReadTimeout):
        await pool.request("POST", f"{url}/m", short, b"{}")
    assert asyncio.get_running_loop().time() - began < TIMEOUTS.read / 2
    assert server.connections == 1  # it was the same connection


async def test_the_pool_timeout_when_every_connection_is_busy(serve) -> None:
    release = asyncio.Event()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while await read_request(reader) is not None:
            await release.wait()
            writer.write(answer())

    server, url = await serve(handle)
    pool = ConnectionPool(size=1, user_agent="test")
    try:
        first = asyncio.create_task(pool.request("POST", f"{url}/m", TIMEOUTS, b"{}"))
        async with asyncio.timeout(30):
            while server.connections == 0:
                await asyncio.sleep(0.01)
        short = Timeouts(connect=30.0, read=30.0, write=30.0, pool=0.1)
        with pytest.raises(PoolTimeout):
            await pool.request("POST", f"{url}/m", short, b"{}")
        # waiters with time left get the connection once it is free, in turn; one
        # cancelled while waiting takes nothing with it
        second = asyncio.create_task(pool.request("POST", f"{url}/m", TIMEOUTS, b"{}"))
        gone = asyncio.create_task(pool.request("POST", f"{url}/m", TIMEOUTS, b"{}"))
        third = asyncio.create_task(pool.request("POST", f"{url}/m", TIMEOUTS, b"{}"))
        await asyncio.sleep(0)
        gone.cancel()
        release.set()
        assert [(await task).body for task in (first, second, third)] == [OK] * 3
        assert gone.cancelled()
    finally:
        await pool.close()
    assert server.connections == 1


async def test_a_waiter_cancelled_as_it_is_woken_passes_the_wake_on(serve) -> None:
    """A connection that fails frees its place and wakes the longest waiter to connect
    anew; if that waiter is cancelled in the loop turn it is woken, the next waiter is
    woken instead. Before, the wake was lost: the place stayed free and the next waiter
    waited for its pool timeout (for ever with none)."""
    drop = asyncio.Event()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while await read_request(reader) is not None:
            if server.connections == 1:
                await drop.wait()
                writer.transport.abort()
                return
            writer.write(answer())

    server, url = await serve(handle)
    pool = ConnectionPool(size=1, user_agent="test")
    loop = asyncio.get_running_loop()
    try:
        first = asyncio.create_task(pool.request("POST", f"{url}/m", TIMEOUTS, b"{}"))
        async with asyncio.timeout(30):
            while server.connections == 0:
                await asyncio.sleep(0.01)
        woken = asyncio.create_task(pool.request("POST", f"{url}/m", TIMEOUTS, b"{}"))
        short = Timeouts(connect=30.0, read=30.0, write=30.0, pool=5.0)
        second = asyncio.create_task(pool.request("POST", f"{url}/m", short, b"{}"))
        async with asyncio.timeout(30):
            while len(pool._waiters) < 2:
                await asyncio.sleep(0.01)
        _, wake = pool._waiters[0]

        def cancel_when_woken() -> None:
            # runs every loop turn: after the wake is set, before the waiter resumes
            if wake.done():
                woken.cancel()
            else:
                loop.call_soon(cancel_when_woken)

        cancel_when_woken()
        drop.set()
        with pytest.raises(ConnectionClosed):
            await first
        assert (await second).body == OK
        assert woken.cancelled()
    finally:
        await pool.close()
    assert server.connections == 2


async def test_a_cancelled_request_gives_its_connection_back(serve) -> None:
    got = asyncio.Event()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while await read_request(reader) is not None:
            got.set()
            if server.connections == 1:
                await reader.read()  # the first never answered
                return
            writer.write(answer())

    server, url = await serve(handle)
    pool = ConnectionPool(size=1, user_agent="test")
    try:
        task = asyncio.create_task(pool.request("POST", f"{url}/m", TIMEOUTS, b"{}"))
        await asyncio.wait_for(got.wait(), 30)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        short = Timeouts(connect=30.0, read=30.0, write=30.0, pool=5.0)
        assert (await pool.request("POST", f"{url}/m", short, b"{}")).body == OK
    finally:
        await pool.close()
    assert server.connections == 2


async def test_a_large_body_goes_whole(serve, pool) -> None:
    body = bytes(range(256)) * (80 * 1024)  # 20 MB: far more than the socket buffers

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await read_request(reader)
        assert request is not None
        got = request[1]
        writer.write(answer(b'{"ok":%d}' % (len(got) if got == body else -1)))

    _, url = await serve(handle)
    response = await pool.request("POST", f"{url}/m", TIMEOUTS, body, "application/octet-stream")
    assert response.body == b'{"ok":%d}' % len(body)


async def test_a_body_the_server_does_not_read_is_a_write_timeout(serve, pool) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        await asyncio.sleep(60)  # reads nothing more

    _, url = await serve(handle)
    timeouts = Timeouts(connect=30.0, read=30.0, write=0.3, pool=30.0)
    with pytest.raises(WriteTimeout):
        await pool.request("POST", f"{url}/m", timeouts, bytes(64 * 1024 * 1024))


async def test_interim_answers_and_empty_bodies(serve, pool) -> None:
    server, url = await serve(
        answering(
            b"HTTP/1.1 100 Continue\r\n\r\n" + answer(),
            b"HTTP/1.1 204 No Content\r\n\r\n",
            answer(b"", status="502 Bad Gateway"),
        )
    )
    assert await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}") == (200, OK)
    assert await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}") == (204, b"")
    assert await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}") == (502, b"")
    assert server.connections == 1


async def test_a_gzip_answer_is_decoded(serve, pool) -> None:
    _, url = await serve(answering(answer(gzip.compress(OK), "Content-Encoding: gzip")))
    assert (await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}")).body == OK


async def test_a_body_to_the_end_that_does_not_decompress_is_a_protocol_error(serve, pool) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(b"HTTP/1.0 200 OK\r\nContent-Encoding: gzip\r\n\r\nnot gzip at all")
        await writer.drain()

    _, url = await serve(handle)
    with pytest.raises(ProtocolError, match="gzip"):
        await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}")


async def test_a_get_without_body(serve, pool) -> None:
    seen: list[bytes] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await read_request(reader)
        assert request is not None
        seen.append(request[0])
        writer.write(answer(b"file bytes"))

    _, url = await serve(handle)
    assert (await pool.request("GET", f"{url}/file/bot1:A/a.jpg", TIMEOUTS)).body == b"file bytes"
    assert b"Content-Length" not in seen[0] and seen[0].startswith(b"GET /file/bot1:A/a.jpg ")


@pytest.mark.parametrize(
    "reply",
    [
        b"SSH-2.0-OpenSSH_9.6\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: many\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"HTTP/1.1 200 OK\r\n" + b"X-Long: " + b"a" * (70 * 1024),
        b"HTTP/1.1 200 OK\r\nContent-Length: \xb2\r\n\r\n",  # a superscript two
        b"HTTP/1.1 2\xb300 OK\r\nContent-Length: 0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-3\r\nabc\r\n\r\n",
    ],
    ids=[
        "not http",
        "bad length",
        "bad chunk",
        "endless head",
        "length in other digits",
        "status in other digits",
        "negative chunk",
    ],
)
async def test_what_is_not_http_is_a_protocol_error(serve, pool, reply: bytes) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(reply)
        await writer.drain()
        await reader.read()

    _, url = await serve(handle)
    with pytest.raises(ProtocolError):
        await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}")


async def test_bytes_after_the_answer_retire_the_connection(serve, pool) -> None:
    server, url = await serve(answering(answer() + b"HTTP/1.1 200 OK\r\n"))
    for _ in range(2):
        assert (await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}")).body == OK
    assert server.connections == 2


async def test_a_refused_connection_is_a_connect_error_and_frees_its_place(serve) -> None:
    _, url = await serve(answering(answer()))
    pool = ConnectionPool(size=1, user_agent="test")
    short = Timeouts(connect=30.0, read=30.0, write=30.0, pool=5.0)
    try:
        for _ in range(2):
            with pytest.raises(ConnectError):
                await pool.request("POST", "http://127.0.0.1:1/m", short, b"{}")
        assert (await pool.request("POST", f"{url}/m", short, b"{}")).body == OK
    finally:
        await pool.close()


# -- TLS: a certificate made for the test with the openssl command line


def _certificate(directory: Path, names: str) -> tuple[Path, Path]:
    key, cert = directory / "key.pem", directory / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=dumas-test",
         "-addext", f"subjectAltName={names}"],
        check=True, capture_output=True,
    )  # fmt: skip
    return key, cert


needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl")


async def _tls_server(tmp_path: Path, names: str) -> tuple[Server, str, Path]:
    key, cert = _certificate(tmp_path, names)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    server = Server(answering(answer()))
    return server, await server.start(context), cert


@needs_openssl
async def test_tls_with_a_trusted_certificate(tmp_path: Path) -> None:
    server, url, cert = await _tls_server(tmp_path, "IP:127.0.0.1")
    pool = ConnectionPool(
        size=2, user_agent="test", ssl_context=ssl.create_default_context(cafile=cert)
    )
    try:
        for _ in range(2):
            assert (await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}")).body == OK
    finally:
        await pool.close()
        await server.stop()
    assert server.connections == 1


@needs_openssl
async def test_tls_refuses_an_unknown_certificate(tmp_path: Path) -> None:
    """The default context: the system's CAs, which never signed the test's certificate."""
    server, url, _ = await _tls_server(tmp_path, "IP:127.0.0.1")
    pool = ConnectionPool(size=2, user_agent="test")
    try:
        with pytest.raises(ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}")
    finally:
        await pool.close()
        await server.stop()


@needs_openssl
async def test_tls_refuses_a_certificate_for_another_host(tmp_path: Path) -> None:
    server, url, cert = await _tls_server(tmp_path, "DNS:api.telegram.org")
    pool = ConnectionPool(
        size=2, user_agent="test", ssl_context=ssl.create_default_context(cafile=cert)
    )
    try:
        with pytest.raises(ConnectError, match="CERTIFICATE_VERIFY_FAILED|match"):
            await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}")
    finally:
        await pool.close()
        await server.stop()


async def test_closing_the_pool_ends_requests_in_flight(serve) -> None:
    """Shutting the bot down closes a connection that waits for an answer (a long poll),
    as aiohttp's session did: the request fails at once instead of holding the exit."""
    got = asyncio.Event()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        got.set()
        await reader.read()

    server, url = await serve(handle)
    pool = ConnectionPool(size=2, user_agent="test")
    task = asyncio.create_task(pool.request("POST", f"{url}/getUpdates", TIMEOUTS, b"{}"))
    await asyncio.wait_for(got.wait(), 30)
    await pool.close()
    with pytest.raises(ConnectionClosed):
        await asyncio.wait_for(task, 30)
    await asyncio.wait_for(server.closed.wait(), 30)
    with pytest.raises(RuntimeError):
        await pool.request("POST", f"{url}/m", TIMEOUTS, b"{}")
