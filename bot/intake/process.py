"""The intake process (`python -m bot.intake.process`, started by `dumas run`).

Listens on the public port (DUMAS_HTTP_HOST:DUMAS_HTTP_PORT). The webhook paths are
served here with the same handlers as in the main process, but they hand verified
events to the intake journal instead of the inbox; every other path (health, WhatsApp
delivery reports, the statistics page) is passed through to the main process at
DUMAS_INTAKE_UPSTREAM. It prints "ready <port>" on stdout once listening, and exits when its
parent (the main process) is gone, so a restarted main process can take the port again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys

import aiohttp
from aiohttp import web

from bot.channels.telegram import webhook as telegram_webhook
from bot.event_loop import run
from bot.http_server import MAX_REQUEST_BYTES, bound_port
from bot.intake.journal import IntakeJournal
from bot.intake.wake import SignalReceiver, SignalSender, address_for
from bot.logs import configure as configure_logging
from bot.settings import Settings, load_settings
from bot.store.database import StoreFullError

log = logging.getLogger("bot.intake")

UPSTREAM_ENV = "DUMAS_INTAKE_UPSTREAM"
PARENT_ENV = "DUMAS_INTAKE_PARENT"
READY = "ready"
# Hop-by-hop headers (RFC 9110 7.6.1) are not passed through; aiohttp sets its own.
_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
}


def build_intake_app(settings: Settings, journal: IntakeJournal, upstream: str) -> web.Application:
    app = web.Application(client_max_size=MAX_REQUEST_BYTES)
    if settings.telegram_enabled and settings.telegram_mode == "webhook":
        telegram_webhook.add_routes(
            app, journal.acceptor("telegram"), settings.telegram_webhook_secret
        )
    if settings.whatsapp_enabled:
        from bot.channels.whatsapp import webhook as whatsapp_webhook

        whatsapp_webhook.add_message_route(app, journal.acceptor("whatsapp"), settings)
    session: aiohttp.ClientSession | None = None

    async def pass_through(request: web.Request) -> web.StreamResponse:
        nonlocal session
        if session is None:
            session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=60), auto_decompress=False
            )
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP_BY_HOP}
        headers["X-Forwarded-For"] = request.remote or ""
        try:
            async with session.request(
                request.method,
                upstream + request.rel_url.path_qs,
                headers=headers,
                data=await request.read(),
                allow_redirects=False,
            ) as answer:
                body = await answer.read()
                return web.Response(
                    body=body,
                    status=answer.status,
                    headers={
                        k: v for k, v in answer.headers.items() if k.lower() not in _HOP_BY_HOP
                    },
                )
        except (aiohttp.ClientError, TimeoutError):
            return web.json_response({"ok": False, "error": "main process unavailable"}, status=503)

    async def close_session(app: web.Application) -> None:
        if session is not None:
            await session.close()

    app.router.add_route("*", "/{tail:.*}", pass_through)
    app.on_cleanup.append(close_session)
    return app


async def serve(settings: Settings, upstream: str, parent: int | None) -> None:
    wake = SignalSender(address_for(settings.data_dir, "rows"))
    journal = await IntakeJournal(settings.data_dir, on_commit=wake.send).open(writer=True)
    trims = SignalReceiver(address_for(settings.data_dir, "trim"))
    runner = web.AppRunner(
        build_intake_app(settings, journal, upstream), access_log=None, handle_signals=False
    )
    await runner.setup()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        await web.TCPSite(runner, settings.http_host, settings.http_port).start()
        port = bound_port(runner)
        print(f"{READY} {port}", flush=True)  # the port: DUMAS_HTTP_PORT=0 picks one
        log.info("intake process listening on %s:%d", settings.http_host, port)
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.5)
            journal.trim_up_to = trims.latest
            await journal.trim_moved()
            if parent is not None and os.getppid() != parent:
                log.warning("the main process is gone; the intake process stops")
                break
    finally:
        # Stop listening, let requests in flight finish (their events get committed and
        # answered), then close the journal.
        with contextlib.suppress(Exception):
            await asyncio.wait_for(runner.cleanup(), 10)
        wake.send()
        wake.close()
        trims.close()
        await journal.close()


def main() -> int:
    settings = load_settings()
    configure_logging(settings)
    upstream = os.environ.get(UPSTREAM_ENV, "")
    parent = os.environ.get(PARENT_ENV)
    if not upstream:
        print(
            f"{UPSTREAM_ENV} is not set: the intake process is started by `dumas run`",
            file=sys.stderr,
        )
        return 2
    try:
        run(serve(settings, upstream, int(parent) if parent else None), settings.loop)
    except StoreFullError:
        return 3
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
