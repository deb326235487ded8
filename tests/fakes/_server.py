"""Shared plumbing for the fake platform servers (aiohttp on 127.0.0.1).

* :class:`FakeServer` -- start/stop an :class:`aiohttp.web.Application` on a random free
  port of 127.0.0.1, usable as an async context manager.
* :class:`FaultPlan` -- seeded, scriptable fault injection shared by the Telegram and
  Twilio fakes.
* :func:`drop_connection` -- make the client see a connection closed without an answer.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import deque
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass, field
from typing import Any, Self

from aiohttp import web

FAULT_KINDS = ("5xx", "timeout", "drop", "429")


@dataclass
class FaultPlan:
    """Which faults to inject, how often, and where.

    Args:
        rate: probability (0..1) that an eligible request gets a random fault.
        kinds: fault kinds to choose from: ``"5xx"``, ``"timeout"``, ``"drop"``, ``"429"``.
        retry_after: seconds announced in 429 answers.
        seed: seed of the private :class:`random.Random` (reproducible runs).
        methods: names of the methods that are eligible; ``None`` = the fake's default
            set (Telegram: all send*/edit* methods; Twilio: message creation).
        timeout_seconds: how long a ``"timeout"`` fault sleeps before answering; set it
            above the client's read timeout.
        status: HTTP status used for ``"5xx"`` faults (default 502 Bad Gateway).
        timeout_delivers: whether a request hit by ``"timeout"`` is still processed
            (message recorded as delivered, like the real platform does) before the late
            answer. Default ``True`` -- this is what produces duplicates on client retry.
        script: faults forced on the next eligible requests, in order, before the random
            ones (``None`` entries mean "no fault for this one").

    ``injected`` logs ``(method, kind)`` for every fault actually injected.
    """

    rate: float = 0.0
    kinds: tuple[str, ...] = FAULT_KINDS
    retry_after: int = 1
    seed: int | None = None
    methods: Iterable[str] | None = None
    timeout_seconds: float = 6.0
    status: int = 502
    timeout_delivers: bool = True
    script: Iterable[str | None] = ()
    injected: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for kind in self.kinds:
            if kind not in FAULT_KINDS:
                raise ValueError(f"unknown fault kind {kind!r}")
        self._rng = random.Random(self.seed)
        self._script: deque[str | None] = deque(self.script)
        if self.methods is not None:
            self.methods = frozenset(self.methods)

    def push(self, *kinds: str | None) -> None:
        """Force these faults (``None`` = no fault) on the next eligible requests."""
        self._script.extend(kinds)

    def pick(self, method: str, default_methods: Iterable[str]) -> str | None:
        """Decide the fault for one request to ``method`` (``None`` = answer normally)."""
        eligible = self.methods if self.methods is not None else default_methods
        if method not in eligible:
            return None
        if self._script:
            kind = self._script.popleft()
        elif self.rate > 0 and self.kinds and self._rng.random() < self.rate:
            kind = self._rng.choice(self.kinds)
        else:
            kind = None
        if kind is not None:
            self.injected.append((method, kind))
        return kind


def drop_connection(request: web.Request) -> web.StreamResponse:
    """Close the TCP connection without sending any HTTP answer.

    Use as ``return drop_connection(request)`` in a handler: the transport is aborted first,
    so nothing of the returned (empty) response ever reaches the client.
    """
    transport = request.transport
    if transport is not None:
        transport.abort()
    return web.Response(status=204)


class FakeServer:
    """Base class: an aiohttp app on 127.0.0.1 with a random free port.

    Subclasses add routes in :meth:`_setup_routes`. ``url`` is ``http://127.0.0.1:PORT``
    once started (``async with`` or :meth:`start`).
    """

    def __init__(self) -> None:
        self.app = web.Application(client_max_size=64 * 1024**2)
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self._pending: set[asyncio.Task[Any]] = set()
        self.closing = asyncio.Event()
        self.port: int = 0
        self._setup_routes(self.app)

    def _setup_routes(self, app: web.Application) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def url(self) -> str:
        if not self.port:
            raise RuntimeError("server not started")
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self._runner = web.AppRunner(
            self.app, handler_cancellation=True, shutdown_timeout=0.5, access_log=None
        )
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await self._site.start()
        server = self._site._server
        assert server is not None
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1]

    async def stop(self) -> None:
        self.closing.set()
        for task in list(self._pending):
            task.cancel()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def _spawn(self, coro: Awaitable[Any]) -> asyncio.Task[Any]:
        task: asyncio.Task[Any] = asyncio.ensure_future(coro)
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)
        return task


async def sleep_unless_closing(server: FakeServer, seconds: float) -> None:
    """Sleep ``seconds`` but return early when the server shuts down."""
    await wait_event(server.closing, seconds)


async def wait_event(event: asyncio.Event, timeout: float) -> bool:
    """Wait for ``event`` at most ``timeout`` seconds; return whether it was set."""
    try:
        await asyncio.wait_for(event.wait(), timeout=max(0.0, timeout))
    except TimeoutError:
        return False
    return True


def now_monotonic() -> float:
    return time.monotonic()
