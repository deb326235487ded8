"""The demo's request guard: a session token per browser session, the demo's own origin
and the right Content-Type on every API call.

The demo listens on 127.0.0.1, but any web page the same browser opens can still send
requests there (a form posted cross-site, or a DNS-rebound name resolving to 127.0.0.1).
So:

* `/demo` sets a random session token in a cookie (HttpOnly: scripts cannot read it;
  SameSite=Strict: the browser sends it only from the demo's own pages; no expiry: it
  ends with the browser session). Tokens are signed with a key made at start, so no
  list is kept and a restarted demo asks the page to reload. Compared as bytes with
  hmac.compare_digest.
* Host must be the demo's own address (127.0.0.1 or localhost on its port), and Origin,
  which browsers send with every POST, must be that origin too: a rebound name or
  another site is refused with 403.
* JSON posts must say `application/json` and uploads `multipart/form-data` (415 otherwise):
  a cross-site HTML form can send neither without a CORS preflight the demo never
  answers.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable

from aiohttp import web

COOKIE = "dumas_demo_session"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class DemoGuard:
    def __init__(self, port: Callable[[], int]) -> None:
        self._key = secrets.token_bytes(32)
        self._port = port  # the bound port (known only once the site is up)

    # ------------------------------------------------------------ session tokens

    def new_token(self) -> str:
        nonce = secrets.token_urlsafe(24)
        return f"{nonce}.{self._sign(nonce)}"

    def _sign(self, nonce: str) -> str:
        return hmac.new(self._key, nonce.encode(), hashlib.sha256).hexdigest()

    def valid_token(self, token: str | None) -> bool:
        nonce, _, signature = (token or "").partition(".")
        if not nonce or not signature:
            return False
        given = signature.encode("utf-8", "surrogateescape")
        return hmac.compare_digest(given, self._sign(nonce).encode())

    def give_session(self, request: web.Request, response: web.StreamResponse) -> None:
        """The page's response: a new session token unless the browser has a valid one."""
        if not self.valid_token(request.cookies.get(COOKIE)):
            response.set_cookie(
                COOKIE, self.new_token(), path="/", httponly=True, samesite="Strict"
            )

    # ------------------------------------------------------------ origin

    def _own_hosts(self) -> set[str]:
        port = self._port()
        return {f"127.0.0.1:{port}", f"localhost:{port}"}

    def own_host(self, request: web.Request) -> bool:
        return request.host in self._own_hosts()

    def own_origin(self, request: web.Request, required: bool) -> bool:
        origin = request.headers.get("Origin")
        if origin is None:
            return not required
        return origin in {f"http://{host}" for host in self._own_hosts()}

    # ------------------------------------------------------------ the guard

    def page(self, handler: Handler) -> Handler:
        """A page or file of the demo: only on the demo's own address."""

        async def guarded(request: web.Request) -> web.StreamResponse:
            if not self.own_host(request):
                return web.Response(status=403, text="forbidden: not the demo's address")
            return await handler(request)

        return guarded

    def api(self, handler: Handler, content_type: str | None = None) -> Handler:
        """An API call: own address and origin, a valid session, and for a post the
        given Content-Type."""

        async def guarded(request: web.Request) -> web.StreamResponse:
            posted = request.method == "POST"
            if not self.own_host(request) or not self.own_origin(request, required=posted):
                return web.Response(status=403, text="forbidden: not the demo's own page")
            if not self.valid_token(request.cookies.get(COOKIE)):
                return web.Response(status=403, text="no demo session: reload the page")
            if content_type is not None and request.content_type != content_type:
                return web.Response(status=415, text=f"Content-Type must be {content_type}")
            return await handler(request)

        return guarded
