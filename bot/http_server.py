"""The one HTTP server of a Dumas process: health, and the webhooks of the channels.

Each channel adds its own routes; this module only owns the application, the request
size limit and the health endpoint. Nothing administrative is served here: operators use
the `dumas` command on the host.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

MAX_REQUEST_BYTES = 1024 * 1024  # webhooks are small; media come by URL, not in the body


def build_app(health: Callable[[], Awaitable[dict[str, object]]]) -> web.Application:
    app = web.Application(client_max_size=MAX_REQUEST_BYTES)

    async def healthz(request: web.Request) -> web.Response:
        # 503 when not ok (the database unreachable or full): a load balancer in front of
        # several instances takes this one out of rotation until it answers 200 again
        report = await health()
        return web.json_response(report, status=200 if report.get("ok") else 503)

    app.router.add_get("/healthz", healthz)
    return app


async def start_site(app: web.Application, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner


def bound_port(runner: web.AppRunner) -> int:
    """The actual port (tests listen on port 0)."""
    for site in runner.sites:
        server = getattr(site, "_server", None)
        if server is not None and server.sockets:
            return int(server.sockets[0].getsockname()[1])
    raise RuntimeError("server not started")
