"""A round-robin reverse proxy in front of several `dumas run` instances, as nginx would
be configured for Dumas's webhooks (for tests/reliability/test_webhook_failover.py).

Each request goes to the next instance in turn. When that instance refuses the
connection, the connection fails before an answer (the instance was killed with the
request on the wire), or it answers 502/503/504, the same request is passed to the next
instance -- nginx's `proxy_next_upstream error timeout http_502 http_503 http_504
non_idempotent` (https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_next_upstream;
`non_idempotent` is needed for a POST that already reached the dead instance, and is safe
for Dumas because the inbox's unique key drops an update stored twice). Only when every
instance failed does the caller (Telegram) get a 502, and Telegram then delivers the
update again later (https://core.telegram.org/bots/api#setwebhook). An instance that
failed is left out for `fail_timeout` seconds (nginx's `max_fails=1 fail_timeout=10s`,
its defaults: https://nginx.org/en/docs/http/ngx_http_upstream_module.html#server), then
tried again.

With `non_idempotent=False` it is nginx's default for a POST instead: a request that
reached an instance is not passed to another; a connection cut before the answer comes
back as 502 and an instance's 5xx as it is, so Telegram delivers the update again
(tests/reliability/test_webhook_redelivery.py). `lose_answer` cuts an instance's 200 on
its way back (as when the instance dies while answering).

It records, per update, which instance answered 200 and every attempt passed on. An
update is a Telegram update (JSON, keyed by its int `update_id`) or a Twilio webhook (a
form, keyed by its str `MessageSid`).
"""

from __future__ import annotations

import itertools
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import aiohttp
from aiohttp import web

PASSED_ON = {502, 503, 504}
# headers a proxy must not copy from one hop to the next (RFC 9110, section 7.6.1)
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "host", "content-length"}


def update_key(body: bytes) -> int | str:
    """A Telegram update's `update_id`, a Twilio webhook's `MessageSid`; else -1."""
    try:
        return int(json.loads(body)["update_id"])
    except (ValueError, KeyError, TypeError):
        sid = parse_qs(body.decode(errors="replace")).get("MessageSid")
        return sid[0] if sid else -1


@dataclass
class Attempt:
    """One try of one update at one instance; `outcome` is the status or the error."""

    update_id: int | str
    instance: str
    outcome: int | str


@dataclass
class RoundRobin:
    """The proxy: `upstreams` maps instance names to their base URLs."""

    upstreams: dict[str, str]
    fail_timeout: float = 10.0
    acknowledged: dict[int | str, str] = field(default_factory=dict)  # update -> instance
    attempts: list[Attempt] = field(default_factory=list)
    waiting: Counter[str] = field(default_factory=Counter)  # requests awaiting an answer
    # called with (instance, update id) as an instance's 200 arrives, before it is passed
    # back to the caller: a test acts at that instant
    on_acknowledged: Callable[[str, int | str], None] | None = None
    # nginx's `non_idempotent`: pass on a request that already reached an instance
    non_idempotent: bool = True
    # called with (instance, update id) as an instance's 200 arrives; True: the answer is
    # lost on its way back and the caller gets 502
    lose_answer: Callable[[str, int | str], bool] | None = None
    # called with (instance, update id) just before the request is sent to the instance
    on_forward: Callable[[str, int | str], None] | None = None
    _turn: itertools.cycle[str] = field(init=False)
    _failed_at: dict[str, float] = field(default_factory=dict)
    _runner: web.AppRunner | None = field(default=None, init=False)
    _session: aiohttp.ClientSession | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self._turn = itertools.cycle(list(self.upstreams))

    async def start(self, port: int) -> None:
        app = web.Application()
        app.router.add_route("*", "/{path:.*}", self._forward)
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120))
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    def passed_on(self) -> Counter[str]:
        """The attempts that failed and were passed to the next instance, by cause."""
        return Counter(f"{a.instance}: {a.outcome}" for a in self.attempts if a.outcome != 200)

    def _order(self) -> list[str]:
        """The instances to try for one request: the next live one in turn, then the
        other live ones; those that failed within `fail_timeout` are left out (unless
        all are: then all are tried, as nginx does rather than answer 502 at once)."""
        now = time.monotonic()

        def live(name: str) -> bool:
            return now - self._failed_at.get(name, float("-inf")) >= self.fail_timeout

        names = list(self.upstreams)
        first = next(self._turn)
        for _ in names:  # the turn skips the instances left out
            if live(first):
                break
            first = next(self._turn)
        start = names.index(first)
        ordered = names[start:] + names[:start]
        return [name for name in ordered if live(name)] or ordered

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._session is not None
        body = await request.read()
        update_id = update_key(body)
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        for name in self._order():
            url = self.upstreams[name] + request.path_qs
            if self.on_forward is not None:
                self.on_forward(name, update_id)
            self.waiting[name] += 1
            try:
                async with self._session.request(
                    request.method, url, data=body, headers=headers
                ) as answer:
                    payload = await answer.read()
                    self.attempts.append(Attempt(update_id, name, answer.status))
                    if answer.status in PASSED_ON:
                        self._failed_at[name] = time.monotonic()
                        if self.non_idempotent:
                            continue
                    lose = self.lose_answer
                    if answer.status == 200 and lose is not None and lose(name, update_id):
                        self.attempts[-1].outcome = "answer lost"
                        self._failed_at[name] = time.monotonic()
                        return web.json_response({"ok": False}, status=502)
                    if answer.status == 200:
                        self.acknowledged[update_id] = name
                        if self.on_acknowledged is not None:
                            self.on_acknowledged(name, update_id)
                    return web.Response(
                        status=answer.status, body=payload, content_type=answer.content_type
                    )
            except (aiohttp.ClientError, OSError, TimeoutError) as exc:
                self.attempts.append(Attempt(update_id, name, type(exc).__name__))
                self._failed_at[name] = time.monotonic()
                sent = not isinstance(exc, aiohttp.ClientConnectorError)  # it was connected
                if sent and not self.non_idempotent:
                    return web.json_response({"ok": False, "error": "upstream cut"}, status=502)
            finally:
                self.waiting[name] -= 1
        return web.json_response({"ok": False, "error": "no upstream answered"}, status=502)
