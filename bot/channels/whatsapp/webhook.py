"""Twilio's webhooks: incoming WhatsApp messages and message status callbacks.

Both are checked with Twilio's X-Twilio-Signature, computed over the URL Twilio was
configured with: DUMAS_PUBLIC_URL + the path (+ the query string Twilio sent), never the
URL a TLS-terminating proxy hands us. A missing or wrong signature is answered 403 and
nothing is stored. An incoming message is answered (empty TwiML) only after it is in the
inbox (unique on MessageSid, so a retried webhook changes nothing); the bot's answers go
out through the outbox, never in the TwiML.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlparse

from aiohttp import web
from twilio.request_validator import RequestValidator, add_port, remove_port

from bot.channels.whatsapp.sender import STATUS_PATH
from bot.ingest import Accept, Incoming
from bot.settings import Settings
from bot.store import outbox as outbox_store
from bot.store import whatsapp as store
from bot.store.database import Database, StoreFullError

log = logging.getLogger(__name__)

PATH = "/whatsapp/webhook"
SIGNATURE_HEADER = "X-Twilio-Signature"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


class _Signed:
    """Checks Twilio's signature over the configured public URL, and the account."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.validator = RequestValidator(settings.twilio_auth_token)

    async def form(self, request: web.Request, path: str) -> dict[str, str] | None:
        settings = self.settings
        signature = request.headers.get(SIGNATURE_HEADER, "")
        form = await request.post()
        params = {key: str(value) for key, value in form.items()}
        url = settings.public_url + path
        if request.query_string:
            url += "?" + request.query_string
        if (
            not signature
            or not settings.twilio_auth_token
            or not self._valid(url, params, signature)
        ):
            log.warning("twilio %s: missing or wrong signature from %s", path, request.remote)
            return None
        if params.get("AccountSid") not in (None, settings.twilio_account_sid):
            log.warning("twilio %s: another account %s", path, params.get("AccountSid"))
            return None
        return params

    def _valid(self, url: str, params: dict[str, str], signature: str) -> bool:
        """Twilio's check (the URL with and without its port, as Twilio signs either),
        compared as bytes with hmac.compare_digest: a header that is not UTF-8 (kept by
        aiohttp as surrogates) is simply wrong, never an error."""
        given = signature.encode("utf-8", "surrogateescape")
        parsed = urlparse(url)
        valid = False
        for candidate in (remove_port(parsed), add_port(parsed)):
            expected = self.validator.compute_signature(candidate, params).encode()
            valid |= hmac.compare_digest(given, expected)
        return valid


def add_message_route(app: web.Application, accept: Accept, settings: Settings) -> None:
    """POST PATH: a citizen's message, verified, goes to `accept` (the inbox, or the
    intake journal); the answer is empty TWiML once it is durable."""
    signed = _Signed(settings)

    async def receive(request: web.Request) -> web.Response:
        params = await signed.form(request, PATH)
        if params is None:
            return web.Response(status=403, text="forbidden")
        message_sid = params.get("MessageSid") or params.get("SmsMessageSid")
        if not message_sid:
            return web.Response(status=400, text="no MessageSid")
        try:
            await accept([Incoming(message_sid, params)])
        except StoreFullError:
            return web.Response(status=503, text="storage full")
        return web.Response(text=EMPTY_TWIML, content_type="text/xml")

    app.router.add_post(PATH, receive)


def add_status_route(
    app: web.Application, db: Database, settings: Settings, clock: Callable[[], datetime]
) -> None:
    """POST STATUS_PATH: Twilio's delivery reports of the messages we sent."""
    signed = _Signed(settings)

    async def status(request: web.Request) -> web.Response:
        params = await signed.form(request, STATUS_PATH)
        if params is None:
            return web.Response(status=403, text="forbidden")
        sid = params.get("MessageSid") or params.get("SmsSid") or ""
        state = params.get("MessageStatus") or params.get("SmsStatus") or ""
        if not sid or not state:
            return web.Response(status=400, text="no MessageSid/MessageStatus")
        outbox_id = _int(request.query.get("outbox"))
        part = _int(request.query.get("part"))
        error_code = params.get("ErrorCode") or None
        try:
            change = await store.record_status(
                db,
                sid=sid,
                status=state,
                error_code=error_code,
                outbox_id=outbox_id,
                part=part,
                now=clock(),
            )
            if change is not None and change.became_failed:
                await _failed(db, change, params.get("ErrorMessage") or "")
        except StoreFullError:
            return web.Response(status=503, text="storage full")
        return web.Response(status=204)

    app.router.add_post(STATUS_PATH, status)


async def _failed(db: Database, change: store.StatusChange, message: str) -> None:
    row = await outbox_store.by_id(db, change.outbox_id)
    if row is None:
        return
    if change.error_code == "63016" and row.payload.get("notice"):
        # Sent just as the window closed: keep it for when the citizen writes again.
        await store.hold(db, row, "twilio 63016: outside the 24-hour window")
        return
    error = f"twilio {change.status} {change.error_code or ''} {message}".strip()
    log.warning("outbox row %s to WhatsApp %s", row.id, error)
    await store.delivery_failed(db, row, error, mark_row=True)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
