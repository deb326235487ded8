"""Twilio's webhooks: incoming WhatsApp messages and message status callbacks.

Both are checked with Twilio's X-Twilio-Signature, computed over the URL Twilio was
configured with: DUMAS_PUBLIC_URL + the path (+ the query string Twilio sent), never the
URL a TLS-terminating proxy hands us. A missing or wrong signature is answered 403 and
nothing is stored. An incoming message is answered (empty TwiML) only after it is in the
inbox (unique on MessageSid, so a retried webhook changes nothing); the bot's answers go
out through the outbox, never in the TwiML.

When it cannot be stored (the disk is full, or the PostgreSQL server is unreachable) the
answer is 503, and Twilio does NOT send
it again later: it makes one request to the number's fallback URL ("Primary handler
fails", https://www.twilio.com/docs/usage/security/availability-reliability), adding
`ErrorCode` and `ErrorUrl`. Dumas serves that fallback at FALLBACK_PATH: it tries the
inbox again a few times within Twilio's 15-second wait, and if it is still full appends
the message to a spill file in the data directory (one JSON line, fsynced) and answers
200. The spill file goes into the inbox at the next start and after the next message
that is stored (duplicates fall on MessageSid). If even the spill file cannot be written
the answer is 503 and the message is lost: Twilio's debugger logs the failure.

A status callback "failed" with 63018 (rate limit for the sender,
https://www.twilio.com/docs/api/errors/63018) is not final: the row goes back to the
queue after a wait that doubles with its attempts (sender.rate_limit_delay).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

from aiohttp import web
from twilio.request_validator import RequestValidator, add_port, remove_port

from bot.channels.whatsapp.sender import STATUS_PATH, rate_limit_delay
from bot.ingest import Accept, Incoming
from bot.outbox.messages import notice_of
from bot.settings import Settings
from bot.store import outbox as outbox_store
from bot.store import whatsapp as store
from bot.store.database import Database, DatabaseUnavailable, StoreFullError, utcnow

log = logging.getLogger(__name__)

PATH = "/whatsapp/webhook"
FALLBACK_PATH = "/whatsapp/fallback"
SPILL_FILE = "whatsapp-spill.jsonl"  # in the data directory
FALLBACK_TRIES = 3
FALLBACK_WAIT = 2.0  # seconds between tries: 3 tries stay well inside Twilio's 15 s
FALLBACK_FIELDS = ("ErrorCode", "ErrorUrl")  # what Twilio adds to the fallback request
SIGNATURE_HEADER = "X-Twilio-Signature"
# What "the store cannot take it now" looks like: nothing was stored, try later.
NOT_STORED = (StoreFullError, DatabaseUnavailable)
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
    intake journal); the answer is empty TwiML once it is durable. POST FALLBACK_PATH:
    the same message again after PATH failed (module docstring)."""
    signed = _Signed(settings)
    spill = Spill(settings.data_dir / SPILL_FILE, accept)

    async def receive(request: web.Request) -> web.Response:
        params = await signed.form(request, PATH)
        if params is None:
            return web.Response(status=403, text="forbidden")
        message_sid = params.get("MessageSid") or params.get("SmsMessageSid")
        if not message_sid:
            return web.Response(status=400, text="no MessageSid")
        try:
            await accept([Incoming(message_sid, params)])
        except NOT_STORED as exc:
            return web.Response(status=503, text=_why(exc))
        await spill.drain()
        return web.Response(text=EMPTY_TWIML, content_type="text/xml")

    async def fallback(request: web.Request) -> web.Response:
        params = await signed.form(request, FALLBACK_PATH)
        if params is None:
            return web.Response(status=403, text="forbidden")
        log.warning(
            "twilio fallback: the webhook failed (%s at %s)",
            params.get("ErrorCode"),
            params.get("ErrorUrl"),
        )
        # Stored as the webhook would have stored it: the same fields, the same sid.
        params = {k: v for k, v in params.items() if k not in FALLBACK_FIELDS}
        message_sid = params.get("MessageSid") or params.get("SmsMessageSid")
        if not message_sid:
            return web.Response(status=400, text="no MessageSid")
        incoming = Incoming(message_sid, params)
        for attempt in range(FALLBACK_TRIES):
            if attempt:
                await asyncio.sleep(FALLBACK_WAIT)  # read here: tests shorten it
            try:
                await accept([incoming])
            except NOT_STORED:
                continue
            await spill.drain()
            return web.Response(text=EMPTY_TWIML, content_type="text/xml")
        try:
            await spill.append(incoming)
        except OSError as exc:
            log.error("twilio fallback: message %s lost, spill file failed: %s", message_sid, exc)
            return web.Response(status=503, text="storage full")
        log.warning("twilio fallback: message %s kept in %s", message_sid, spill.path)
        return web.Response(text=EMPTY_TWIML, content_type="text/xml")

    async def drain_at_start(app: web.Application) -> None:
        await spill.drain()

    app.router.add_post(PATH, receive)
    app.router.add_post(FALLBACK_PATH, fallback)
    app.on_startup.append(drain_at_start)


class Spill:
    """Messages the inbox could not take even on the fallback: one JSON line each in
    `path`, written with fsync before Twilio is answered; moved into the inbox later."""

    def __init__(self, path: Path, accept: Accept) -> None:
        self.path = path
        self.accept = accept
        self.lock = asyncio.Lock()

    async def append(self, incoming: Incoming) -> None:
        line = json.dumps(
            {"sid": incoming.external_id, "params": incoming.payload}, ensure_ascii=False
        )
        async with self.lock:
            await asyncio.to_thread(self._append, line + "\n")

    def _append(self, line: str) -> None:
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, line.encode())
            os.fsync(fd)
        finally:
            os.close(fd)

    async def drain(self) -> int:
        """Move the spilled messages into the inbox; the file goes once they are in.
        Returns how many lines were moved (0: no file, or the inbox is still full)."""
        if not self.path.exists():
            return 0
        async with self.lock:
            try:
                lines = (await asyncio.to_thread(self.path.read_text)).splitlines()
            except FileNotFoundError:
                return 0
            events = []
            for line in lines:
                try:
                    item = json.loads(line)
                    events.append(Incoming(str(item["sid"]), dict(item["params"])))
                except (ValueError, KeyError, TypeError):
                    log.error("spill file %s: unreadable line kept out: %r", self.path, line)
            try:
                if events:
                    await self.accept(events)
            except NOT_STORED:
                return 0
            except Exception:  # never turn the stored message's 200 into a 500
                log.exception("spill file %s: not moved into the inbox this time", self.path)
                return 0
            # Everything in the file is in the inbox now (and the lock kept new lines out).
            self.path.unlink(missing_ok=True)
            log.info("spill file: %d message(s) moved into the inbox", len(events))
            return len(events)


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
        except NOT_STORED as exc:
            # Twilio does not retry a status callback: a report lost here leaves the
            # row "sent", as when a callback never comes (the message itself went out).
            return web.Response(status=503, text=_why(exc))
        return web.Response(status=204)

    app.router.add_post(STATUS_PATH, status)


async def _failed(db: Database, change: store.StatusChange, message: str) -> None:
    row = await outbox_store.by_id(db, change.outbox_id)
    if row is None:
        return
    if change.error_code == "63016" and notice_of(row.message):
        # Sent just as the window closed: keep it for when the citizen writes again.
        await store.hold(db, row, "twilio 63016: outside the 24-hour window")
        return
    if change.error_code == "63018":
        # The sender's rate limit: the same message can go later (a new one: this part
        # failed, so the sender creates it again).
        delay = rate_limit_delay(max(1, row.attempts))
        await outbox_store.reschedule(
            db,
            row.id,
            utcnow() + timedelta(seconds=delay),  # as the outbox loop reschedules
            f"twilio 63018: rate limit, retry in {delay:.0f}s",
        )
        log.warning("outbox row %s to WhatsApp: 63018, retry in %.0fs", row.id, delay)
        return
    error = f"twilio {change.status} {change.error_code or ''} {message}".strip()
    log.warning("outbox row %s to WhatsApp %s", row.id, error)
    await store.delivery_failed(db, row, error, mark_row=True)


def _why(exc: Exception) -> str:
    return "database unreachable" if isinstance(exc, DatabaseUnavailable) else "storage full"


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
