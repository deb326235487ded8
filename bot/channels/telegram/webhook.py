"""The Telegram webhook endpoint: check the secret token, store the update, answer 200.

The secret is compared in constant time, as bytes: a header that is not UTF-8 (aiohttp
keeps its bytes as surrogates) is a wrong secret (403), never an error (500). The 200
comes after the update is committed, so an update Telegram considers delivered is always
in the store; if the store cannot take it (the disk is full, or the PostgreSQL server is
unreachable) we answer 503 and Telegram delivers it again later: "In case of an
unsuccessful request (a response with a status code other than 2XY), we will repeat the
request and give up after a reasonable amount of attempts"
(https://core.telegram.org/bots/api#setwebhook).
"""

from __future__ import annotations

import hmac
import json
import logging

from aiohttp import web

from bot.ingest import Accept, Incoming
from bot.store.database import DatabaseUnavailable, StoreFullError

log = logging.getLogger(__name__)

PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def add_routes(app: web.Application, accept: Accept, secret: str) -> None:
    """POST PATH: verified updates go to `accept` (the inbox, or the intake journal)."""
    expected = secret.encode()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
        if not expected or not hmac.compare_digest(given, expected):
            log.warning("telegram webhook: wrong or missing secret token from %s", request.remote)
            return web.json_response({"ok": False, "error": "forbidden"}, status=403)
        try:
            text = (await request.read()).decode("utf-8")
            update = json.loads(text)
        except (ValueError, UnicodeDecodeError):
            return web.json_response({"ok": False, "error": "malformed JSON"}, status=400)
        if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
            return web.json_response({"ok": False, "error": "not an update"}, status=400)
        try:
            # stored as the text Telegram sent (no second encoding); concurrent requests
            # share a commit, and each is answered only after its own is on disk
            await accept([Incoming(str(update["update_id"]), update, raw=text)])
        except StoreFullError:
            return web.json_response({"ok": False, "error": "storage full"}, status=503)
        except DatabaseUnavailable:
            return web.json_response({"ok": False, "error": "database unreachable"}, status=503)
        return web.json_response({"ok": True})

    app.router.add_post(PATH, receive)
