"""Building the twilio REST client from settings (base URL, timeout, credentials).

Two fixes to twilio 9.13's `AsyncTwilioHttpClient`, in `TwilioHttpClient`:

* its constructor `timeout` is ignored (`request()` forwards only the per-request value,
  which `create_async` never passes), so aiohttp would wait for ever; we apply it to every
  request;
* basic auth is sent as an `Authorization` header (aiohttp 3.14 deprecates `BasicAuth`);
* a 429 answer raises `TwilioRateLimited`, a `TwilioRestException` that also carries the
  `Retry-After` header (None when Twilio sent none: the sender then backs off by the row's
  attempts), which twilio's own exception drops;
* a JSON request (the Content API's create: `Content-Type: application/json`) is sent as
  JSON: the sync `TwilioHttpClient` does `json=data`, the async one hands the nested dict
  to aiohttp as form data, which cannot encode it.

`make_client` also points the Content API (content.twilio.com) at the configured base URL,
so a test double serving both APIs on one address sees every request.

Transport errors stay what aiohttp raises (`aiohttp.ClientError`, `TimeoutError`).
"""

from __future__ import annotations

import base64
import json

from twilio.base.exceptions import TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from bot.settings import Settings

DEFAULT_RETRY_AFTER = 5.0  # the first wait of a rate limit that named none


class TwilioRateLimited(TwilioRestException):
    def __init__(
        self, uri: str, method: str, code: int | None, msg: str, retry_after: float | None
    ) -> None:
        super().__init__(429, uri, msg, code, method)
        self.retry_after = retry_after  # seconds from Retry-After; None: not given


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds (the delta form; an HTTP date or garbage counts as absent)."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


class TwilioHttpClient(AsyncTwilioHttpClient):
    """AsyncTwilioHttpClient with a real timeout, header auth and Retry-After on 429."""

    async def request(
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        if auth is not None:
            token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
            headers = {**(headers or {}), "Authorization": f"Basic {token}"}
            auth = None
        if data is not None and (headers or {}).get("Content-Type") == "application/json":
            data = json.dumps(data, ensure_ascii=False)  # type: ignore[assignment]
        response = await super().request(
            method,
            url,
            params=params,
            data=data,
            headers=headers,
            auth=auth,
            timeout=timeout if timeout is not None else self.timeout,
            allow_redirects=allow_redirects,
        )
        if response.status_code == 429:
            code: int | None = 20429
            message = "Too Many Requests"
            try:
                body = json.loads(response.text)
                code = int(body.get("code", code))
                message = str(body.get("message", message))
            except (ValueError, TypeError, AttributeError):
                pass
            raise TwilioRateLimited(
                url, method, code, message, _retry_after(response.headers.get("Retry-After"))
            )
        return response


# The name the test fakes used before this class moved into the product.
TimeoutAsyncTwilioHttpClient = TwilioHttpClient


def make_client(account_sid: str, auth_token: str, api_url: str, timeout: float | None) -> Client:
    """A twilio `Client` on the async HTTP client, sending to `api_url`.

    Must be called inside a running event loop; close with `await client.http_client.close()`.
    """
    client = Client(
        account_sid, auth_token, http_client=TwilioHttpClient(timeout=timeout), environment={}
    )  # never TWILIO_EDGE / TWILIO_REGION of the host
    client.edge = None
    client.region = None
    client.api.base_url = api_url.rstrip("/")
    if api_url.rstrip("/") != "https://api.twilio.com":
        # A test double or proxy: the Content API (content.twilio.com) goes there too.
        client.content.base_url = api_url.rstrip("/")
    return client


def client_from_settings(settings: Settings) -> Client:
    return make_client(
        settings.twilio_account_sid,
        settings.twilio_auth_token,
        settings.twilio_api_url,
        settings.twilio_timeout,
    )
