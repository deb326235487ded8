"""A fake Twilio REST API (Messages) + media host, and WhatsApp webhook builders.

Point the REAL twilio-python client at it with :func:`make_twilio_client`::

    async with FakeTwilio(account_sid="AC" + "0" * 32, auth_token="tok") as fake:
        client = make_twilio_client(fake.url, fake.account_sid, fake.auth_token)
        try:
            msg = await client.messages.create_async(
                to="whatsapp:+6281234567890", from_="whatsapp:+14155238886", body="Halo")
        finally:
            await client.http_client.close()
        assert fake.messages[0].body == "Halo"

How the redirection works (the product needs the same when configured with a base URL):
the Messages resource lives on the ``Api`` domain, whose absolute URLs are built at request
time from ``client.api.base_url`` (``twilio/base/domain.py``: ``Domain.absolute_url``;
``twilio/rest/api/ApiBase.py`` sets it to ``"https://api.twilio.com"``). Overwriting that
attribute sends every ``client.messages`` / ``client.api.*`` request to the fake. Edge/region
must stay unset (``client.edge = client.region = None``): otherwise
``ClientBase.get_hostname`` rewrites the host into ``api.<edge>.<region>.twilio.com``
(it also reads ``TWILIO_EDGE`` / ``TWILIO_REGION`` from the environment).

Timeouts: ``AsyncTwilioHttpClient(timeout=...)`` stores the timeout but its ``request()``
only forwards the per-request ``timeout`` argument, which ``create_async`` never passes,
so aiohttp runs with NO timeout at all (twilio 9.13). :class:`TimeoutAsyncTwilioHttpClient`
(the product's ``bot.channels.whatsapp.client.TwilioHttpClient``) fixes that;
:func:`make_twilio_client` uses it when given ``timeout``.

Listing: ``GET .../Messages.json`` with ``To`` / ``From`` / ``PageSize`` answers the
matching messages newest first (one page), as the product's lookup after a timeout uses.

Content API (``POST /v1/Content``, ``GET /v1/Content/{sid}``; the real client reaches it
when ``client.content.base_url`` points here): creates quick-reply and list-picker
contents and refuses what Twilio and WhatsApp refuse (see ``_content_problem``, each rule
with its documentation URL). ``fake.contents`` holds them, ``fake.content_calls`` the
requests (apart from ``fake.requests``, the Messages API's). ``fake.templates``: None (the
default) accepts any ``ContentSid`` in a message, as before; a set makes the fake strict:
a message's ``ContentSid`` must be a content created here or one of those sids (templates
approved in the console). A message sent with a quick-reply / list-picker content
records what the citizen saw in ``SentMessage.interactive``.

Fault kinds (:class:`~tests.fakes._server.FaultPlan`, eligible method names
``"create_message"`` (default), ``"fetch_message"``, ``"list_messages"``, ``"media"``,
``"create_content"``):
``"5xx"`` answers ``FaultPlan.status`` with Twilio error JSON and records nothing;
``"429"`` answers 429 with a ``Retry-After`` header and
``{"code": 20429, "message": "Too Many Requests", "status": 429}``;
``"drop"`` closes the connection, nothing recorded; ``"timeout"`` records the message
(``timeout_delivers=True``, the default -- Twilio would have accepted it) and answers late;
``"63018"`` (only through ``FaultPlan.script`` / ``push``: ``FaultPlan`` checks the random
``kinds`` against its own list) accepts the message and then fails it with 63018, "Rate
limit exceeded for Channel", as WhatsApp's limit is reported (see below).

Approved templates (``add_template``; text as given, else ``DEFAULT_TEMPLATE_TEXT``) check
their variables as WhatsApp does (``_template_failure``, each rule with its page): an empty
value is refused at once (400, 21656); a value with a newline or tab or more than four
spaces in a row, or a template longer than 1,024 characters once filled in, is accepted
(201, "queued") and then fails: the message's ``status`` becomes "failed" with
``error_code`` 63013 or 63021. Like the real Twilio the fake reports that only through the
status callback, which a test sends (``send_status_callback``) when it wants the product
to hear of it.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import re
import secrets
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from bot.channels.whatsapp.client import TimeoutAsyncTwilioHttpClient

from ._server import FakeServer, FaultPlan, drop_connection, sleep_unless_closing, wait_event

JSONDict = dict[str, Any]
API_VERSION = "2010-04-01"
MAX_BODY = 1600
DEFAULT_FAULT_METHODS = frozenset({"create_message"})

# Content API limits, each from the page that states it.
QUICK_REPLY_DOC = "https://www.twilio.com/docs/content/twilio-quick-reply"
LIST_PICKER_DOC = "https://www.twilio.com/docs/content/twiliolist-picker"
VARIABLES_DOC = "https://www.twilio.com/docs/content/using-variables-with-content-api"
META_BUTTON_DOC = "https://whatsapp.github.io/WhatsApp-Nodejs-SDK/api-reference/types/ButtonObject"
META_LIST_DOC = (
    "https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/"
    "interactive-list-messages"
)
MAX_INTERACTIVE_BODY = 1024  # QUICK_REPLY_DOC, LIST_PICKER_DOC: body "Maximum length: 1,024"
MAX_QUICK_REPLIES = 10  # QUICK_REPLY_DOC: "between 1 and 10 quick-reply buttons" ...
MAX_QUICK_REPLIES_IN_SESSION = 3  # ... "in-session WhatsApp message ... only three buttons"
MAX_BUTTON_TITLE = 20  # META_BUTTON_DOC: title "Maximum length of 20 characters", unique
MAX_LIST_ITEMS = 10  # LIST_PICKER_DOC: items "Minimum: 1 item, Maximum: 10 items"
MAX_LIST_ITEM = 24  # LIST_PICKER_DOC: item "Maximum length: 24 characters"
MAX_LIST_ID = 200  # LIST_PICKER_DOC: id "Maximum length: 200 characters", unique
MAX_LIST_DESCRIPTION = 72  # LIST_PICKER_DOC: description "Maximum length: 72 characters"
MAX_LIST_BUTTON = 20  # META_LIST_DOC: the list's button text, at most 20 characters
MAX_VARIABLE_VALUE = 1600  # VARIABLES_DOC: "A variable value can be up to 1,600 characters"
MAX_VARIABLE_KEY = 16  # VARIABLES_DOC: "A variable key has a maximum length of 16 characters"
_VARIABLE = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")

# WhatsApp template variables (approved templates sent with ContentSid + ContentVariables).
ERROR_63013_DOC = "https://www.twilio.com/docs/api/errors/63013"
ERROR_63021_DOC = "https://www.twilio.com/docs/api/errors/63021"
ERROR_21656_DOC = "https://www.twilio.com/docs/api/errors/21656"
ERROR_63018_DOC = "https://www.twilio.com/docs/api/errors/63018"
MAX_TEMPLATE_TEXT = 1024  # ERROR_63021_DOC: "parameters and the template text" over 1024
MAX_SPACES = 4  # ERROR_63013_DOC: "more than 4 consecutive whitespaces replace a placeholder"
# What a template approved in the console says when the test gives no text: the README's
# suggested wording of Dumas's two templates.
DEFAULT_TEMPLATE_TEXT = (
    "Kabar terbaru tentang aduan {{1}} / News about your complaint {{1}}: {{2}} "
    "Ketik /status untuk membaca selengkapnya. / Type /status to read it in full."
)


def new_sid(prefix: str) -> str:
    """A Twilio-looking SID: two-letter prefix + 32 hex digits."""
    return prefix + secrets.token_hex(16)


def _rfc2822(ts: float | None = None) -> str:
    return formatdate(ts if ts is not None else time.time(), usegmt=False).replace("-0000", "+0000")


def make_twilio_client(
    fake_url: str,
    account_sid: str,
    auth_token: str,
    *,
    timeout: float | None = 5.0,
    http_client: AsyncTwilioHttpClient | None = None,
) -> Client:
    """A real ``twilio.rest.Client`` with an async http client, talking to ``fake_url``.

    Must be called inside a running event loop (aiohttp session). Close it with
    ``await client.http_client.close()``.
    """
    client = Client(
        account_sid,
        auth_token,
        http_client=http_client or TimeoutAsyncTwilioHttpClient(timeout=timeout),
        environment={},  # ignore TWILIO_* variables of the machine running the tests
    )
    client.edge = None
    client.region = None
    client.api.base_url = fake_url.rstrip("/")
    return client


def signed_webhook(url: str, params: dict[str, str], auth_token: str) -> dict[str, str]:
    """Headers Twilio would send when POSTing ``params`` (form) to ``url``."""
    signature = RequestValidator(auth_token).compute_signature(url, params)
    return {
        "X-Twilio-Signature": signature,
        "Content-Type": "application/x-www-form-urlencoded",
        "User-Agent": "TwilioProxy/1.1",
    }


@dataclass
class SentMessage:
    """A message created through the fake (``fake.messages``)."""

    sid: str
    to: str
    from_: str
    body: str | None
    media_urls: list[str]
    content_sid: str | None
    content_variables: Any  # decoded JSON dict when it parses, else the raw string
    status_callback: str | None
    time: float
    status: str = "queued"
    messaging_service_sid: str | None = None
    params: dict[str, list[str]] = field(default_factory=dict)
    json: JSONDict = field(default_factory=dict)
    interactive: Interactive | None = None  # quick-reply / list-picker: what was shown
    error_code: int | None = None  # set when the channel refused it after Twilio accepted
    rendered: str | None = None  # an approved template's text with its variables filled in


@dataclass
class ContentResource:
    """A Content API resource created through the fake (``fake.contents``)."""

    sid: str
    friendly_name: str
    language: str
    variables: dict[str, str]
    types: JSONDict
    json: JSONDict


@dataclass
class Interactive:
    """What a citizen saw of a quick-reply / list-picker message: ``kind``
    ("twilio/quick-reply" or "twilio/list-picker"), the body with its variables filled
    in, the buttons' (or list items') titles and ids, a list picker's button text, and
    the content's language."""

    kind: str
    body: str
    titles: list[str]
    ids: list[str]
    button: str = ""
    language: str = "en"  # the content's language


@dataclass
class MediaItem:
    sid: str
    content: bytes
    content_type: str


@dataclass
class TwilioRequest:
    """One recorded HTTP request to the fake (``fake.requests``)."""

    method: str
    path: str
    form: dict[str, list[str]]
    time: float
    status: int = 0
    fault: str | None = None


class FakeTwilio(FakeServer):
    """Fake Twilio Messages API + media host on 127.0.0.1.

    Args:
        account_sid: accepted account SID (and basic-auth user).
        auth_token: accepted basic-auth password; also used to sign status callbacks.
        faults: :class:`FaultPlan` (may be assigned later to ``fake.faults``).
        redirect_media: like real Twilio, answer media GETs with a 307 to an unauthenticated
            CDN URL (``/cdn/ME...``) instead of serving the bytes directly.
    """

    def __init__(
        self,
        account_sid: str = "AC" + "0" * 32,
        auth_token: str = "test-auth-token",
        *,
        faults: FaultPlan | None = None,
        redirect_media: bool = False,
    ) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.faults = faults
        self.redirect_media = redirect_media
        self.messages: list[SentMessage] = []
        self.requests: list[TwilioRequest] = []
        self.media: dict[str, MediaItem] = {}
        self.media_requests: list[tuple[str, int]] = []
        self.recipient_errors: dict[str, tuple[int, int, str]] = {}
        self.callbacks_sent: list[tuple[str, dict[str, str], int | None]] = []
        self.contents: dict[str, ContentResource] = {}
        # Content API requests (content.twilio.com), apart from ``requests`` (api.twilio.com)
        self.content_calls: list[TwilioRequest] = []
        self.templates: set[str] | None = None  # a set: strict ContentSid (module docstring)
        self.template_texts: dict[str, str] = {}  # approved template sid -> its text
        self._changed = asyncio.Event()
        self._session: aiohttp.ClientSession | None = None
        self._counter = itertools.count(1)
        super().__init__()

    # ------------------------------------------------------------------ test-side API
    def add_media(self, content: bytes, content_type: str = "image/jpeg") -> str:
        """Host ``content``; returns its URL (GET needs basic auth like real Twilio media)."""
        sid = new_sid("ME")
        self.media[sid] = MediaItem(sid, content, content_type)
        return f"{self.url}/media/{sid}"

    def fail_recipient(
        self, to: str, code: int = 21211, message: str | None = None, status: int = 400
    ) -> None:
        """Creating a message to ``to`` fails synchronously with this Twilio error."""
        self.recipient_errors[to] = (
            status,
            code,
            message or f"The 'To' number {to} is not a valid phone number.",
        )

    def add_template(self, sid: str, text: str | None = None) -> None:
        """A content approved in the console (not created through the API); makes the
        fake strict about ``ContentSid`` (module docstring). ``text``: its body with
        ``{{1}}``... (default ``DEFAULT_TEMPLATE_TEXT``), for the 1,024 limit."""
        self.templates = (self.templates or set()) | {sid}
        if text is not None:
            self.template_texts[sid] = text

    def messages_to(self, to: str) -> list[SentMessage]:
        return [m for m in self.messages if m.to == to]

    def bodies(self, to: str) -> list[str]:
        return [m.body for m in self.messages_to(to) if m.body is not None]

    def set_status(self, sid: str, status: str) -> None:
        for m in self.messages:
            if m.sid == sid:
                m.status = status
                m.json["status"] = status

    async def wait_messages(
        self, n: int = 1, to: str | None = None, timeout: float = 5.0
    ) -> list[SentMessage]:
        """Wait until at least ``n`` messages (to ``to``, if given) were created."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.messages if to is None else self.messages_to(to)
            if len(found) >= n:
                return list(found)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"{len(found)}/{n} Twilio messages within {timeout}s")
            await wait_event(self._changed, remaining)

    async def send_status_callback(
        self,
        sid: str,
        status: str,
        error_code: int | None = None,
        url: str | None = None,
        via: str | None = None,
    ) -> int | None:
        """POST a signed status callback for message ``sid`` to its StatusCallback URL.

        ``via``: base URL (``http://127.0.0.1:PORT``) to connect to instead of the URL's
        own origin, like a TLS-terminating proxy in front of the receiver; the signature
        still covers the public URL. Returns the HTTP status of the receiver (None on
        connection error).
        """
        msg = next(m for m in self.messages if m.sid == sid)
        target = url or msg.status_callback
        if not target:
            raise ValueError(f"message {sid} has no StatusCallback")
        self.set_status(sid, status)
        params = TwilioWebhookFactory(self.account_sid).status(
            sid, status, error_code=error_code, to=msg.to, from_=msg.from_
        )
        if self._session is None:
            self._session = aiohttp.ClientSession()
        connect = target
        if via is not None:
            parts = urlsplit(target)
            connect = via.rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")
        code: int | None
        try:
            async with self._session.post(
                connect, data=params, headers=signed_webhook(target, params, self.auth_token)
            ) as resp:
                code = resp.status
        except (aiohttp.ClientError, OSError):
            code = None
        self.callbacks_sent.append((target, params, code))
        return code

    async def stop(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
        await super().stop()

    # ------------------------------------------------------------------ HTTP
    def _setup_routes(self, app: web.Application) -> None:
        base = f"/{API_VERSION}/Accounts/{{account}}"
        app.router.add_post(f"{base}/Messages.json", self._create_message)
        app.router.add_get(f"{base}/Messages.json", self._list_messages)
        app.router.add_get(f"{base}/Messages/{{sid}}.json", self._fetch_message)
        app.router.add_post("/v1/Content", self._create_content)
        app.router.add_get("/v1/Content/{sid}", self._fetch_content)
        app.router.add_get("/media/{sid}", self._get_media)
        app.router.add_get("/cdn/{sid}", self._get_cdn)

    @staticmethod
    def _error(
        status: int, code: int, message: str, headers: dict[str, str] | None = None
    ) -> web.Response:
        body = {
            "code": code,
            "message": message,
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status,
        }
        return web.json_response(body, status=status, headers=headers)

    def _authorized(self, request: web.Request) -> bool:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return False
        return user == self.account_sid and password == self.auth_token

    def _unauthorized(self) -> web.Response:
        return self._error(
            401, 20003, "Authenticate", headers={"WWW-Authenticate": 'Basic realm="Twilio API"'}
        )

    async def _fault(
        self, request: web.Request, rec: TwilioRequest
    ) -> web.StreamResponse | str | None:
        """Apply a fault: returns a response to send, "timeout", or None."""
        kind = self.faults.pick(rec.method, DEFAULT_FAULT_METHODS) if self.faults else None
        rec.fault = kind
        if kind is None:
            return None
        assert self.faults is not None
        if kind == "drop":
            return drop_connection(request)
        if kind == "5xx":
            rec.status = self.faults.status
            return self._error(self.faults.status, 20500, "Internal Server Error")
        if kind == "429":
            rec.status = 429
            return self._error(
                429,
                20429,
                "Too Many Requests",
                headers={"Retry-After": str(self.faults.retry_after)},
            )
        if kind == "63018":
            return "63018"  # accepted, then failed (_create_message)
        return "timeout"

    async def _create_message(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        params: dict[str, list[str]] = {}
        for k, v in form.items():
            params.setdefault(k, []).append(str(v))
        rec = TwilioRequest("create_message", request.path, params, time.monotonic())
        self.requests.append(rec)
        try:
            if request.match_info["account"] != self.account_sid or not self._authorized(request):
                rec.status = 401
                return self._unauthorized()
            fault = await self._fault(request, rec)
            if isinstance(fault, web.StreamResponse):
                return fault
            if fault == "timeout":
                assert self.faults is not None
                response = (
                    self._do_create(params, rec)
                    if self.faults.timeout_delivers
                    else self._error(500, 20500, "Internal Server Error")
                )
                self._notify()
                await sleep_unless_closing(self, self.faults.timeout_seconds)
                return response
            if fault == "63018":
                # ERROR_63018_DOC: the sender "has exceeded the messaging limit imposed by
                # WhatsApp"; Twilio took the message, WhatsApp did not deliver it.
                return self._do_create(params, rec, (63018, "Rate limit exceeded for Channel"))
            return self._do_create(params, rec)
        finally:
            self._notify()

    def _do_create(
        self,
        params: dict[str, list[str]],
        rec: TwilioRequest,
        failure: tuple[int, str] | None = None,
    ) -> web.Response:
        """Create the message; ``failure``: (code, message) it fails with after the 201."""

        def one(name: str) -> str | None:
            values = params.get(name)
            return values[0] if values else None

        to, from_, body = one("To"), one("From"), one("Body")
        service = one("MessagingServiceSid")
        media_urls = params.get("MediaUrl", [])
        content_sid = one("ContentSid")
        raw_vars = one("ContentVariables")
        err: tuple[int, int, str] | None = None
        if not to:
            err = (400, 21604, "A 'To' phone number is required.")
        elif not from_ and not service:
            err = (400, 21603, "A 'From' phone number is required.")
        elif not body and not media_urls and not content_sid:
            err = (400, 21619, "A text message body or media urls must be specified.")
        elif body and len(body) > MAX_BODY:
            err = (400, 21617, "The concatenated message body exceeds the 1600 character limit.")
        elif from_ and to.startswith("whatsapp:") != from_.startswith("whatsapp:"):
            err = (
                400,
                21910,
                "Invalid From and To pair. From and To should be of the same channel",
            )
        elif len(media_urls) > 10:
            err = (400, 21623, "Number of media files exceeds allowed limit of 10.")
        elif to in self.recipient_errors:
            err = self.recipient_errors[to]
        content_variables: Any = raw_vars
        if raw_vars is not None:
            try:
                content_variables = json.loads(raw_vars)
            except ValueError:
                err = err or (400, 21656, "The ContentVariables Parameter is invalid.")
        interactive: Interactive | None = None
        rendered: str | None = None
        if err is None and content_sid:
            err, interactive = self._check_content(content_sid, content_variables, to or "")
        if err is None and content_sid and content_sid not in self.contents and self.templates:
            err, later, rendered = self._template_failure(content_sid, content_variables)
            failure = failure or later
        if err is not None:
            rec.status = err[0]
            return self._error(*err)
        assert to is not None
        sid = new_sid("MM" if media_urls else "SM")
        now = _rfc2822()
        uri = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/{sid}.json"
        payload: JSONDict = {
            "account_sid": self.account_sid,
            "api_version": API_VERSION,
            "body": body or "",
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": from_,
            "messaging_service_sid": service,
            "num_media": str(len(media_urls)),
            "num_segments": str(max(1, -(-len(body or "") // 153))),
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "accepted" if service and not from_ else "queued",
            "subresource_uris": {"media": uri.replace(".json", "/Media.json")},
            "to": to,
            "uri": uri,
        }
        self.messages.append(
            SentMessage(
                sid=sid,
                to=to,
                from_=from_ or "",
                body=body,
                media_urls=list(media_urls),
                content_sid=content_sid,
                content_variables=content_variables,
                status_callback=one("StatusCallback"),
                time=rec.time,
                status=payload["status"],
                messaging_service_sid=service,
                params=params,
                json=dict(payload),
                interactive=interactive,
                rendered=rendered,
            )
        )
        if failure is not None:
            # Reported later, in the status callback (and on fetch), never in this answer.
            sent = self.messages[-1]
            sent.status, sent.error_code = "failed", failure[0]
            sent.json.update(status="failed", error_code=failure[0], error_message=failure[1])
        rec.status = 201
        return web.json_response(payload, status=201)

    # ------------------------------------------------------------------ Content API
    def _template_failure(
        self, sid: str, variables: Any
    ) -> tuple[tuple[int, int, str] | None, tuple[int, str] | None, str | None]:
        """An approved template's variables as WhatsApp takes them: (refused now, failed
        later, the text the citizen would read)."""
        if sid not in (self.templates or set()) or not isinstance(variables, dict):
            # No ContentVariables: the template's sample values are used (VARIABLES_DOC:
            # "what your variables will fall back to ... if variables aren't defined").
            return None, None, None
        values = {str(k): v for k, v in (variables if isinstance(variables, dict) else {}).items()}
        text = self.template_texts.get(sid, DEFAULT_TEMPLATE_TEXT)
        for key in _VARIABLE.findall(text):
            value = values.get(key)
            if value is None or not str(value).strip():
                # ERROR_21656_DOC: "a variable that was set to null or empty string"
                return (400, 21656, "The ContentVariables Parameter is invalid."), None, None
        for value in values.values():
            value = str(value)
            if "\n" in value or "\r" in value or "\t" in value:
                # ERROR_63013_DOC: "consecutive new lines where a channel does not support
                # it"; Meta's own rule for a template parameter (its error 132018, quoted
                # from memory, not found in the stored pages) refuses any newline or tab.
                return None, (63013, "Channel policy violation: newline or tab in a variable"), None
            if " " * (MAX_SPACES + 1) in value:
                # ERROR_63013_DOC: "more than 4 consecutive whitespaces replace a placeholder"
                return None, (63013, "Channel policy violation: more than 4 spaces"), None
        rendered = _VARIABLE.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)
        if len(rendered) > MAX_TEMPLATE_TEXT:
            # ERROR_63021_DOC: "Length of the parameters and the template text exceeds the
            # allowed length of 1024 for WhatsApp."
            return None, (63021, "Channel invalid content error: over 1024 characters"), None
        return None, None, rendered

    def _check_content(
        self, sid: str, variables: Any, to: str
    ) -> tuple[tuple[int, int, str] | None, Interactive | None]:
        """A message's ContentSid and ContentVariables: (error, what the citizen sees)."""
        content = self.contents.get(sid)
        if content is None:
            if self.templates is None or sid in self.templates:
                return None, None  # an approved template, not made through this fake
            return (400, 21655, f"The ContentSid {sid} is invalid."), None
        values = {**content.variables, **(variables if isinstance(variables, dict) else {})}
        for key, value in values.items():
            if len(str(key)) > MAX_VARIABLE_KEY or len(str(value)) > MAX_VARIABLE_VALUE:
                # VARIABLES_DOC: key <= 16, value <= 1,600 characters
                return (400, 21656, "The ContentVariables Parameter is invalid."), None

        def fill(text: str) -> str:
            return _VARIABLE.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)

        for kind, data in content.types.items():
            if kind == "twilio/quick-reply":
                actions = data.get("actions") or []
                if to.startswith("whatsapp:") and len(actions) > MAX_QUICK_REPLIES_IN_SESSION:
                    # QUICK_REPLY_DOC: in session, without approval, only three buttons
                    return (400, 63005, "Channel did not accept given content."), None
                shown = Interactive(
                    kind,
                    fill(str(data.get("body") or "")),
                    [fill(str(a.get("title") or "")) for a in actions],
                    [fill(str(a.get("id") or "")) for a in actions],
                    language=content.language,
                )
            elif kind == "twilio/list-picker":
                items = data.get("items") or []
                shown = Interactive(
                    kind,
                    fill(str(data.get("body") or "")),
                    [fill(str(i.get("item") or "")) for i in items],
                    [fill(str(i.get("id") or "")) for i in items],
                    fill(str(data.get("button") or "")),
                    content.language,
                )
            else:
                continue
            # The body limit holds for the text sent, variables filled in.
            if not shown.body.strip() or len(shown.body) > MAX_INTERACTIVE_BODY:
                return (400, 63005, "Channel did not accept given content."), None
            return None, shown
        return None, None

    @staticmethod
    def _content_problem(types: Any) -> str | None:
        """Why Twilio would refuse these content types, or None."""
        if not isinstance(types, dict):
            return "types is required"
        present = {k: v for k, v in types.items() if v is not None}
        if not present:
            return "types must name at least one content type"
        for kind, data in present.items():
            if not isinstance(data, dict):
                return f"{kind} must be an object"
            if kind in ("twilio/quick-reply", "twilio/list-picker"):
                body = data.get("body")
                if not isinstance(body, str) or not body.strip():
                    return f"{kind}: body is required"  # QUICK_REPLY_DOC, LIST_PICKER_DOC
                if len(body) > MAX_INTERACTIVE_BODY:
                    return f"{kind}: body is over {MAX_INTERACTIVE_BODY} characters"
            if kind == "twilio/quick-reply":
                actions = data.get("actions")
                if not isinstance(actions, list) or not 1 <= len(actions) <= MAX_QUICK_REPLIES:
                    return f"actions: between 1 and {MAX_QUICK_REPLIES} (QUICK_REPLY_DOC)"
                titles = [str((a or {}).get("title") or "") for a in actions]
                ids = [str((a or {}).get("id") or "") for a in actions]
                if any(not t.strip() or len(t) > MAX_BUTTON_TITLE for t in titles):
                    return f"action titles: 1 to {MAX_BUTTON_TITLE} characters (META_BUTTON_DOC)"
                if len(set(titles)) != len(titles):
                    return "action titles must be unique within the message (META_BUTTON_DOC)"
                if any(not i or len(i) > MAX_LIST_ID for i in ids) or len(set(ids)) != len(ids):
                    return "action ids: required, unique"
            elif kind == "twilio/list-picker":
                button = data.get("button")
                if not isinstance(button, str) or not button.strip():
                    return "button is required (LIST_PICKER_DOC)"
                if len(button) > MAX_LIST_BUTTON:
                    return f"button: at most {MAX_LIST_BUTTON} characters (META_LIST_DOC)"
                items = data.get("items")
                if not isinstance(items, list) or not 1 <= len(items) <= MAX_LIST_ITEMS:
                    return f"items: between 1 and {MAX_LIST_ITEMS} (LIST_PICKER_DOC)"
                for item in items:
                    if not isinstance(item, dict):
                        return "items must be objects"
                    title, item_id = str(item.get("item") or ""), str(item.get("id") or "")
                    description = item.get("description")
                    if not title.strip() or len(title) > MAX_LIST_ITEM:
                        return f"item: 1 to {MAX_LIST_ITEM} characters (LIST_PICKER_DOC)"
                    if not item_id or len(item_id) > MAX_LIST_ID:
                        return f"id: 1 to {MAX_LIST_ID} characters (LIST_PICKER_DOC)"
                    if description is not None and len(str(description)) > MAX_LIST_DESCRIPTION:
                        return f"description: at most {MAX_LIST_DESCRIPTION} characters"
                ids = [str(item.get("id")) for item in items]
                if len(set(ids)) != len(ids):
                    return "item ids must be unique (LIST_PICKER_DOC)"
        return None

    async def _create_content(self, request: web.Request) -> web.StreamResponse:
        try:
            data = await request.json()
        except ValueError:
            data = None
        rec = TwilioRequest(
            "create_content", request.path, {"json": [json.dumps(data)]}, time.monotonic()
        )
        self.content_calls.append(rec)
        try:
            if not self._authorized(request):
                rec.status = 401
                return self._unauthorized()
            fault = await self._fault(request, rec)
            if isinstance(fault, web.StreamResponse):
                return fault
            if fault == "timeout":
                assert self.faults is not None
                await sleep_unless_closing(self, self.faults.timeout_seconds)
            if not isinstance(data, dict):
                rec.status = 400
                return self._error(400, 20001, "Invalid JSON body")
            variables = data.get("variables") or {}
            problem = self._content_problem(data.get("types"))
            if problem is None and not isinstance(variables, dict):
                problem = "variables must be an object"
            if problem is not None:
                rec.status = 400
                return self._error(400, 20001, f"Invalid content: {problem}")
            sid = new_sid("HX")
            now = _rfc2822()
            types = {k: v for k, v in data["types"].items() if v is not None}
            payload: JSONDict = {
                "account_sid": self.account_sid,
                "date_created": now,
                "date_updated": now,
                "friendly_name": data.get("friendly_name"),
                "language": data.get("language") or "en",
                "links": {},
                "sid": sid,
                "types": types,
                "url": f"https://content.twilio.com/v1/Content/{sid}",
                "variables": variables,
            }
            self.contents[sid] = ContentResource(
                sid,
                str(data.get("friendly_name") or ""),
                str(payload["language"]),
                {str(k): str(v) for k, v in variables.items()},
                types,
                payload,
            )
            rec.status = 201
            return web.json_response(payload, status=201)
        finally:
            self._notify()

    async def _fetch_content(self, request: web.Request) -> web.StreamResponse:
        rec = TwilioRequest("fetch_content", request.path, {}, time.monotonic())
        self.content_calls.append(rec)
        if not self._authorized(request):
            rec.status = 401
            return self._unauthorized()
        content = self.contents.get(request.match_info["sid"])
        if content is None:
            rec.status = 404
            return self._error(404, 20404, f"The requested resource {request.path} was not found")
        rec.status = 200
        return web.json_response(content.json)

    async def _list_messages(self, request: web.Request) -> web.StreamResponse:
        """Messages matching ``To`` / ``From``, newest first, one page of ``PageSize``."""
        rec = TwilioRequest(
            "list_messages",
            request.path,
            {k: [v] for k, v in request.query.items()},
            time.monotonic(),
        )
        self.requests.append(rec)
        if request.match_info["account"] != self.account_sid or not self._authorized(request):
            rec.status = 401
            return self._unauthorized()
        fault = await self._fault(request, rec)
        if isinstance(fault, web.StreamResponse):
            return fault
        to, from_ = request.query.get("To"), request.query.get("From")
        size = int(request.query.get("PageSize", "50"))
        found = [
            m.json
            for m in reversed(self.messages)
            if (to is None or m.to == to) and (from_ is None or m.from_ == from_)
        ][:size]
        uri = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages.json"
        rec.status = 200
        return web.json_response(
            {
                "messages": found,
                "end": max(0, len(found) - 1),
                "first_page_uri": uri,
                "next_page_uri": None,
                "page": 0,
                "page_size": size,
                "previous_page_uri": None,
                "start": 0,
                "uri": uri,
            }
        )

    async def _fetch_message(self, request: web.Request) -> web.StreamResponse:
        rec = TwilioRequest("fetch_message", request.path, {}, time.monotonic())
        self.requests.append(rec)
        if request.match_info["account"] != self.account_sid or not self._authorized(request):
            rec.status = 401
            return self._unauthorized()
        fault = await self._fault(request, rec)
        if isinstance(fault, web.StreamResponse):
            return fault
        for m in self.messages:
            if m.sid == request.match_info["sid"]:
                rec.status = 200
                return web.json_response(m.json)
        rec.status = 404
        return self._error(404, 20404, f"The requested resource {request.path} was not found")

    async def _get_media(self, request: web.Request) -> web.StreamResponse:
        sid = request.match_info["sid"]
        rec = TwilioRequest("media", request.path, {}, time.monotonic())
        self.requests.append(rec)
        if not self._authorized(request):
            rec.status = 401
            self.media_requests.append((sid, 401))
            return self._unauthorized()
        fault = await self._fault(request, rec)
        if isinstance(fault, web.StreamResponse):
            return fault
        if fault == "timeout":
            assert self.faults is not None
            await sleep_unless_closing(self, self.faults.timeout_seconds)
        item = self.media.get(sid)
        if item is None:
            rec.status = 404
            self.media_requests.append((sid, 404))
            return self._error(404, 20404, f"The requested resource {request.path} was not found")
        if self.redirect_media:
            rec.status = 307
            self.media_requests.append((sid, 307))
            raise web.HTTPTemporaryRedirect(f"/cdn/{sid}")
        rec.status = 200
        self.media_requests.append((sid, 200))
        return web.Response(body=item.content, content_type=item.content_type)

    async def _get_cdn(self, request: web.Request) -> web.StreamResponse:
        item = self.media.get(request.match_info["sid"])
        if item is None:
            return web.Response(status=404)
        return web.Response(body=item.content, content_type=item.content_type)

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()


class TwilioWebhookFactory:
    """Builds the form dicts Twilio POSTs to the WhatsApp webhook / status callback URL.

    Args:
        account_sid: ``AccountSid`` field.
        to: the business WhatsApp number (``To`` of incoming messages).
    """

    def __init__(
        self, account_sid: str = "AC" + "0" * 32, to: str = "whatsapp:+14155238886"
    ) -> None:
        self.account_sid = account_sid
        self.to = to if to.startswith("whatsapp:") else f"whatsapp:{to}"

    @staticmethod
    def wa(number: str) -> str:
        """``"+62812..."`` / ``"62812..."`` / ``"whatsapp:+62..."`` -> ``"whatsapp:+62..."``."""
        if number.startswith("whatsapp:"):
            return number
        return "whatsapp:" + (number if number.startswith("+") else "+" + number)

    def message(
        self,
        from_: str,
        body: str = "",
        *,
        profile_name: str = "Warga",
        media: list[tuple[str, str]] | None = None,
        message_type: str | None = None,
        extra: dict[str, str] | None = None,
    ) -> dict[str, str]:
        """Generic incoming message; ``media`` = [(url, content_type), ...]."""
        sender = self.wa(from_)
        media = media or []
        sid = new_sid("MM" if media else "SM")
        if message_type is None:
            message_type = "text"
            if media:
                message_type = media[0][1].split("/", 1)[0]
                if message_type == "application":
                    message_type = "document"
        form: dict[str, str] = {
            "SmsMessageSid": sid,
            "NumMedia": str(len(media)),
            "ProfileName": profile_name,
            "MessageType": message_type,
            "SmsSid": sid,
            "WaId": sender.removeprefix("whatsapp:+"),
            "SmsStatus": "received",
            "Body": body,
            "To": self.to,
            "NumSegments": "1",
            "ReferralNumMedia": "0",
            "MessageSid": sid,
            "AccountSid": self.account_sid,
            "From": sender,
            "ApiVersion": API_VERSION,
        }
        for i, (url, ctype) in enumerate(media):
            form[f"MediaUrl{i}"] = url
            form[f"MediaContentType{i}"] = ctype
        if extra:
            form.update(extra)
        return form

    def text(self, from_: str, body: str, profile_name: str = "Warga") -> dict[str, str]:
        return self.message(from_, body, profile_name=profile_name)

    def media(
        self, from_: str, media: list[tuple[str, str]], body: str = "", profile_name: str = "Warga"
    ) -> dict[str, str]:
        """One WhatsApp message with media (WhatsApp sends one media per message)."""
        return self.message(from_, body, profile_name=profile_name, media=media)

    def location(
        self,
        from_: str,
        lat: float,
        lon: float,
        *,
        address: str | None = None,
        label: str | None = None,
        profile_name: str = "Warga",
    ) -> dict[str, str]:
        extra = {"Latitude": str(lat), "Longitude": str(lon)}
        if address is not None:
            extra["Address"] = address
        if label is not None:
            extra["Label"] = label
        return self.message(
            from_, "", profile_name=profile_name, message_type="location", extra=extra
        )

    def button(
        self, from_: str, text: str, payload: str, profile_name: str = "Warga"
    ) -> dict[str, str]:
        """Quick-reply button press (template / content API buttons)."""
        return self.message(
            from_,
            text,
            profile_name=profile_name,
            message_type="button",
            extra={"ButtonText": text, "ButtonPayload": payload},
        )

    def list_reply(
        self, from_: str, title: str, item_id: str, profile_name: str = "Warga"
    ) -> dict[str, str]:
        """A list-picker item chosen: Body is the item's title, ``ListId`` / ``ListTitle``
        name it (Twilio's WhatsApp list reply; Twilio's webhook page:
        https://www.twilio.com/docs/messaging/guides/webhook-request)."""
        return self.message(
            from_,
            title,
            profile_name=profile_name,
            message_type="interactive",
            extra={"ListId": item_id, "ListTitle": title},
        )

    def status(
        self,
        message_sid: str,
        status: str = "delivered",
        *,
        error_code: int | None = None,
        error_message: str | None = None,
        to: str = "whatsapp:+6281234567890",
        from_: str | None = None,
    ) -> dict[str, str]:
        """Status callback: queued/sent/delivered/read/failed/undelivered."""
        to = self.wa(to)
        form = {
            "ChannelPrefix": "whatsapp",
            "ApiVersion": API_VERSION,
            "MessageStatus": status,
            "SmsSid": message_sid,
            "SmsStatus": status,
            "ChannelInstallSid": "XE" + "0" * 32,
            "To": to,
            "From": from_ or self.to,
            "MessageSid": message_sid,
            "StructuredMessage": "false",
            "AccountSid": self.account_sid,
            "ChannelToAddress": to.removeprefix("whatsapp:"),
        }
        if error_code is not None:
            form["ErrorCode"] = str(error_code)
            if error_message:
                form["ErrorMessage"] = error_message
        return form


__all__ = [
    "ContentResource",
    "FakeTwilio",
    "FaultPlan",
    "Interactive",
    "MediaItem",
    "SentMessage",
    "TimeoutAsyncTwilioHttpClient",
    "TwilioRequest",
    "TwilioWebhookFactory",
    "make_twilio_client",
    "new_sid",
    "signed_webhook",
]
