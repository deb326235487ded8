"""WhatsApp end-to-end harness: a real Dumas runtime with FakeTwilio and FakeBotAPI.

The runtime serves its one HTTP server on an ephemeral port of 127.0.0.1 and believes it
is reachable at `PUBLIC_URL` (a TLS-terminating proxy in front of it). Webhooks are
signed by twilio's own `RequestValidator` over the public URL, as Twilio does, and
posted to the local port. `WaCitizen` plays one WhatsApp user: it posts a webhook,
waits until the runtime has stored and handled it and sent what it caused, and returns
the bodies FakeTwilio received for that number in the meantime.

Inside the 24-hour window replies with options arrive as quick-reply buttons or a list
picker (Twilio's Content API). `WaCitizen.bodies()` reads such a message as the numbered
text it replaces (its body, its buttons numbered in order, the "reply with the number"
line): the options and their order are the same, so a typed number picks the same
option and tests written against the numbered list keep working. Tests about the
buttons themselves read `SentMessage.interactive` and answer with `tap` / `pick`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from bot.app import Runtime
from bot.i18n import translator
from bot.settings import Settings, load_settings
from tests.fakes.telegram_api import FakeBotAPI
from tests.fakes.twilio_api import (
    FakeTwilio,
    Interactive,
    SentMessage,
    TwilioWebhookFactory,
    signed_webhook,
)
from tests.harness import FAST, TOKEN, Harness

PUBLIC_URL = "https://dumas.polri.example"
WEBHOOK = f"{PUBLIC_URL}/whatsapp/webhook"
BOT_NUMBER = "whatsapp:+14155238886"
ID = translator("id").gettext


def wa_settings(
    data_dir: Path, twilio: FakeTwilio, api: FakeBotAPI | None, **extra: str
) -> Settings:
    env = {
        "DUMAS_DATA_DIR": str(data_dir),
        "DUMAS_HTTP_HOST": "127.0.0.1",
        "DUMAS_HTTP_PORT": "0",
        "DUMAS_PUBLIC_URL": PUBLIC_URL,
        "DUMAS_TWILIO_ACCOUNT_SID": twilio.account_sid,
        "DUMAS_TWILIO_AUTH_TOKEN": twilio.auth_token,
        "DUMAS_TWILIO_WHATSAPP_FROM": BOT_NUMBER,
        "DUMAS_TWILIO_API_URL": twilio.url,
        "DUMAS_TWILIO_TIMEOUT": "0.5",
        **extra,
    }
    if api is not None:
        env |= {"DUMAS_TELEGRAM_TOKEN": TOKEN, "DUMAS_TELEGRAM_API_URL": api.url}
    # The fake is strict about ContentSid: the templates configured here exist on the
    # account (approved in the console); any other content must be created first.
    if twilio.templates is None:
        twilio.templates = set()
    for name in ("DUMAS_TWILIO_TEMPLATE_OFFICER_REPLY", "DUMAS_TWILIO_TEMPLATE_STATUS"):
        if env.get(name):
            twilio.add_template(env[name])
    return load_settings(env, env_file=None)


def make_wa_runtime(settings: Settings, router: Any, **kwargs: Any) -> Runtime:
    kwargs.setdefault("limits", FAST)
    kwargs.setdefault("whatsapp_limits", FAST)
    kwargs.setdefault("poll", True)
    kwargs.setdefault("serve_http", True)
    kwargs.setdefault("backoff_base", 0.05)
    return Runtime(settings, router=router, **kwargs)


@dataclass
class WaHarness:
    twilio: FakeTwilio
    h: Harness  # the Telegram side and the shared settle()/rows()
    session: aiohttp.ClientSession
    factory: TwilioWebhookFactory = field(init=False)

    def __post_init__(self) -> None:
        self.factory = TwilioWebhookFactory(self.twilio.account_sid, BOT_NUMBER)

    @property
    def runtime(self) -> Runtime:
        return self.h.runtime

    @property
    def local(self) -> str:
        return f"http://127.0.0.1:{self.runtime.http_port}"

    async def post(
        self,
        path: str,
        params: dict[str, str],
        headers: dict[str, str] | None = None,
        sign_url: str | None = None,
    ) -> tuple[int, str]:
        """POST a form to `path` on the runtime, signed for PUBLIC_URL + path by default."""
        if headers is None:
            headers = signed_webhook(sign_url or PUBLIC_URL + path, params, self.twilio.auth_token)
        async with self.session.post(self.local + path, data=params, headers=headers) as response:
            return response.status, await response.text()

    async def settle(self) -> None:
        await self.h.settle()

    async def rows(self, sql: str, *params: Any) -> list[Any]:
        return await self.h.rows(sql, *params)

    def citizen(self, number: str, name: str = "Warga") -> WaCitizen:
        return WaCitizen(self, number, name)

    async def status_callback(
        self, message: SentMessage, status: str, error_code: int | None = None
    ) -> int | None:
        code = await self.twilio.send_status_callback(
            message.sid, status, error_code, via=self.local
        )
        await self.settle()
        return code


@dataclass
class WaCitizen:
    wa: WaHarness
    number: str  # "+62812..."
    name: str = "Warga"

    @property
    def address(self) -> str:
        return f"whatsapp:{self.number}"

    def received(self) -> list[SentMessage]:
        return self.wa.twilio.messages_to(self.address)

    def bodies(self) -> list[str]:
        return [shown(m) for m in self.received()]

    def interactive(self) -> Interactive:
        """The newest quick-reply / list-picker message sent to us."""
        for message in reversed(self.received()):
            if message.interactive is not None:
                return message.interactive
        raise AssertionError(f"no buttons sent to {self.number}: {self.bodies()[-1:]!r}")

    async def tap(self, title: str) -> list[str]:
        """Tap the quick-reply button `title` of the newest buttons, as Twilio posts it."""
        shown = self.interactive()
        assert shown.kind == "twilio/quick-reply", shown
        payload = shown.ids[shown.titles.index(title)]
        return await self.send(self.wa.factory.button(self.number, title, payload, self.name))

    async def pick(self, title: str) -> list[str]:
        """Choose item `title` of the newest list picker, as Twilio posts it."""
        shown = self.interactive()
        assert shown.kind == "twilio/list-picker", shown
        item_id = shown.ids[shown.titles.index(title)]
        return await self.send(self.wa.factory.list_reply(self.number, title, item_id, self.name))

    async def send(self, params: dict[str, str]) -> list[str]:
        before = len(self.received())
        status, text = await self.wa.post("/whatsapp/webhook", params)
        assert status == 200, (status, text)
        assert "<Response" in text  # empty TwiML: the answer goes through the outbox
        await self.wa.settle()
        return self.bodies()[before:]

    async def say(self, text: str) -> list[str]:
        return await self.send(self.wa.factory.text(self.number, text, self.name))

    async def share_location(
        self, lat: float, lon: float, address: str | None = None, label: str | None = None
    ) -> list[str]:
        return await self.send(
            self.wa.factory.location(
                self.number, lat, lon, address=address, label=label, profile_name=self.name
            )
        )

    async def send_file(self, content: bytes, content_type: str, caption: str = "") -> list[str]:
        url = self.wa.twilio.add_media(content, content_type)
        return await self.send(
            self.wa.factory.media(self.number, [(url, content_type)], caption, self.name)
        )

    def number_of(self, label: str) -> int:
        """The number of the option `label` in the newest numbered list sent to us."""
        for body in reversed(self.bodies()):
            for line in body.splitlines():
                found = re.fullmatch(r"(\d+)\. (.*)", line.strip())
                if found and found.group(2) == label:
                    return int(found.group(1))
        raise AssertionError(f"no option {label!r} in {self.bodies()[-1]!r}")

    async def choose(self, msgid: str) -> list[str]:
        """Type the number of the option whose (Indonesian) label is `msgid` translated."""
        return await self.say(str(self.number_of(ID(msgid))))


def shown(message: SentMessage) -> str:
    """A sent message as text; buttons as the numbered list they replace (docstring)."""
    if message.interactive is None:
        return message.body or ""
    numbered = "\n".join(f"{n}. {title}" for n, title in enumerate(message.interactive.titles, 1))
    hint = translator(message.interactive.language).gettext("Reply with the number.")
    return f"{message.interactive.body}\n\n{numbered}\n\n{hint}"


def options_of(body: str) -> list[str]:
    return [m.group(2) for m in re.finditer(r"(?m)^(\d+)\. (.*)$", body)]


def hint(n: int) -> str:
    """The line under a numbered list (the same for any length `n` of the list)."""
    return ID("Reply with the number.")
