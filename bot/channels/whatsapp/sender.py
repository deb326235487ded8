"""Delivering outbox rows to WhatsApp through Twilio's Messages API.

Rendering: a `Reply` becomes plain text; its options a numbered list with a "reply with a
number" hint in the citizen's language (the `CitizenReply`'s locale); a location request a line
telling how to share one (WhatsApp has no such button); links and map pins lines of
text. Bodies over Twilio's 1600 characters are split at line breaks into parts, each its
own WhatsApp message.

Buttons inside the window: a reply whose options fit goes as an interactive message
through Twilio's Content API instead of the numbered list: 2-3 options with titles of at
most 20 characters as quick-reply buttons, up to 10 with titles of at most 24 as a list
picker (button text "Choose" in the row's locale). A list of 11 whose last is "Back"
(the categories) keeps the 10 others and says "type *back*" in the body, the way every
free-text step does. The body is the content's variable {{1}}, so one content resource
per (type, options, button, locale) serves every body; its sid is kept in the store
(bot/store/whatsapp_content.py). The citizen's tap on a button comes back as
`ButtonPayload` (the option id, parse.py makes it a `Choice`); a list item picked comes
back (as far as we know) with its id as `ListId` and its title as `Body`, which parse.py
does not read yet: the flow then gets the title as text, so list items are never cut
(two strict xfails in tests/whatsapp/test_buttons.py wait for parse.py). The flow also
keeps the options, so a typed number still works. Anything else (location request,
links, a label too long, a body over 1,024 characters, outside the window, content
creation refused or failing) is the numbered text. Limits:
https://www.twilio.com/docs/content/twilio-quick-reply ,
https://www.twilio.com/docs/content/twiliolist-picker ,
https://www.twilio.com/docs/content/using-variables-with-content-api .

The 24-hour window: WhatsApp lets a business write freely only within 24 hours of the
citizen's last message. A notice (`CitizenReply.notice`: "officer_reply", "status_change")
outside the window goes as the approved template configured for it, or is held (outbox
status 'held', ticket event "held_outside_window") until the citizen writes again. Any
other reply outside the window (e.g. a draft-expiry note) is dropped as failed. A
template's variables are one short line each ({{1}} the reference, {{2}} the notice as
one line of at most MAX_PHRASE characters, `template_phrase`): WhatsApp refuses newlines
and runs of spaces in a variable. When the notice did not fit, a copy of it
(`full_text_after_template`) is held and sent whole once the citizen writes (the
template asks them to type /status, which opens the window).

No duplicate after a timeout: every part is recorded (`whatsapp_parts.started_at`)
before its create request, with a StatusCallback URL naming the outbox row and part.
A request that got no answer (timeout, dropped connection, crash) leaves the part
"started" without a MessageSid. Before sending such a part again the sender asks Twilio
for the recent messages to this citizen (list by To/From) and adopts one created since
the attempt began, with the same body, that no other part owns; only if there is none
is the part sent again. A status callback for the lost message also fills in its sid.
Twilio errors are classified: 429 and 63018 (rate limit for the sender) ->
RetryLater(Retry-After when given, else 5 s doubled per attempt, at most an hour); 5xx,
timeouts and transport errors -> TransientFailure; 401/403 -> RetryLater(60) (our
credentials, not the message); other 4xx (21211 invalid number, 63016 outside
window...) -> PermanentFailure. A 63018 reported later by a status callback puts the row
back in the queue the same way (webhook.py).
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import aiohttp
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client
from twilio.rest.content.v1.content import ContentList

from bot.channels.base import PermanentFailure, RetryLater, TransientFailure
from bot.channels.whatsapp.client import DEFAULT_RETRY_AFTER, TwilioRateLimited
from bot.i18n import translator
from bot.outbox.limits import LimitConfig
from bot.outbox.messages import CitizenReply, StaffMessage, notice_of
from bot.outbox.sender import OutboxSender
from bot.settings import Settings
from bot.store import outbox as outbox_store
from bot.store import whatsapp as store
from bot.store import whatsapp_content as content_store
from bot.store.database import Database, parse_iso, utcnow
from bot.store.outbox import OutboxRow
from flows.events import Reply
from flows.ports import Translator

log = logging.getLogger(__name__)

MAX_BODY = 1600  # Twilio's limit for one message body
# A template variable is one short line: Meta refuses newlines, tabs and more than four
# spaces in a row in a parameter (Twilio 63013, https://www.twilio.com/docs/api/errors/63013),
# and the template with its variables at most 1,024 characters (Twilio 63021,
# https://www.twilio.com/docs/api/errors/63021); Twilio's variables page gives a value at
# most 255 characters (https://www.twilio.com/docs/content-api/using-variables-with-content-api).
MAX_PHRASE = 250
WINDOW = timedelta(hours=24)
WINDOW_MARGIN = timedelta(minutes=5)  # do not start a free-form message at the very edge
LOOKUP_SKEW = timedelta(minutes=2)  # clock difference tolerated between us and Twilio
STATUS_PATH = "/whatsapp/status"
TRANSPORT_ERRORS = (aiohttp.ClientError, TimeoutError, OSError)


# ---------------------------------------------------------------- rendering


BACK = "nav:back"  # the intake's "⬅️ Back" option (flows/intake.py)


def render_reply(reply: Reply, tr: Translator) -> str:
    blocks = [reply.text.strip()]
    options = list(reply.options)
    if options and all(option.id == BACK for option in options):
        # A list of one "Back" invites typing 1 as the answer to a free-text question;
        # the way back is a word instead ("kembali" works at every step).
        options = []
        blocks.append(tr.gettext("Type *back* to go back."))
    if options:
        blocks.append("\n".join(f"{n}. {option.label}" for n, option in enumerate(options, 1)))
        blocks.append(tr.gettext("Reply with the number."))
    if reply.request_location:
        blocks.append(tr.gettext("Or share a location: 📎 → Location."))
    if reply.location is not None:
        lat, lon = reply.location
        blocks.append(f"https://maps.google.com/?q={lat:.6f},{lon:.6f}")
    for label, url in reply.links:
        blocks.append(f"{label}: {url.removeprefix('tel:')}")
    return "\n\n".join(block for block in blocks if block)


# ---------------------------------------------------------------- buttons

QUICK_REPLY = "twilio/quick-reply"
LIST_PICKER = "twilio/list-picker"
# https://www.twilio.com/docs/content/twilio-quick-reply: "an in-session WhatsApp message
# that does not require template approval, only three buttons are allowed"; body at most
# 1,024 characters. Titles: at most 20 characters, unique
# (https://whatsapp.github.io/WhatsApp-Nodejs-SDK/api-reference/types/ButtonObject).
MAX_QUICK_REPLIES = 3
MAX_BUTTON_TITLE = 20
# https://www.twilio.com/docs/content/twiliolist-picker: 1-10 items, item at most 24
# characters (a longer label loses its emoji; still longer: the numbered text), id at
# most 200; the button text at most 20 (Meta's list message).
MAX_LIST_ITEMS = 10
MAX_LIST_ITEM = 24
MAX_LIST_BUTTON = 20
MAX_OPTION_ID = 200
MAX_INTERACTIVE_BODY = 1024


@dataclass(frozen=True, slots=True)
class InteractiveContent:
    """One content resource: its type, options (id, title), list button and language.
    The body is not part of it: it is the variable {{1}} filled in at each send."""

    kind: str
    options: tuple[tuple[str, str], ...]
    button: str
    language: str

    @property
    def key(self) -> str:
        definition = [self.kind, list(map(list, self.options)), self.button, self.language]
        text = json.dumps(definition, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    def types(self) -> dict[str, Any]:
        if self.kind == QUICK_REPLY:
            actions = [{"title": title, "id": id_} for id_, title in self.options]
            return {QUICK_REPLY: {"body": "{{1}}", "actions": actions}}
        # interactive_of made sure every option has an item
        items = [item for id_, title in self.options if (item := _list_item(id_, title))]
        return {LIST_PICKER: {"body": "{{1}}", "button": self.button, "items": items}}


def _width(text: str) -> int:
    """Characters as the platforms may count them: an emoji outside the BMP is two
    UTF-16 units; counting those keeps us inside the limit however it is counted."""
    return len(text.encode("utf-16-le")) // 2


def _emoji(word: str) -> bool:
    """A word of symbols only, none of them ASCII ("🛡️", "📋"; not "/" or "-")."""
    return not any(ch.isalnum() or ch.isascii() for ch in word)


def _list_item(option_id: str, label: str) -> dict[str, str] | None:
    """A list item for `label`: as is when it fits, else without its emoji; None when
    even that is over 24 characters. Never cut: a picked item may come back as its
    title only (Body), which the flow recognises as the option's words, not a stub."""
    if _width(label) <= MAX_LIST_ITEM:
        return {"item": label, "id": option_id}
    # "🛡️ Kekerasan perempuan/anak" -> "Kekerasan perempuan/anak"
    words = " ".join(w for w in label.split() if not _emoji(w))
    if words and _width(words) <= MAX_LIST_ITEM:
        return {"item": words, "id": option_id}
    return None


def interactive_of(reply: Reply, tr: Translator) -> tuple[InteractiveContent, str] | None:
    """The buttons or list picker for `reply` and the body to fill in, or None when the
    reply should go as the numbered text (`render_reply`)."""
    options = list(reply.options)
    if len(options) < 2 or reply.request_location or reply.location is not None or reply.links:
        return None
    body = reply.text.strip()
    if len(options) > MAX_LIST_ITEMS and options[-1].id == BACK:
        # The categories: ten and "Back". "Back" is the word every step understands.
        options = options[:-1]
        body = f"{body}\n\n{tr.gettext('Type *back* to go back.')}"
    ids = [option.id for option in options]
    titles = [option.label.strip() for option in options]
    if (
        not body
        or len(body) > MAX_INTERACTIVE_BODY
        or len(set(ids)) != len(ids)
        or len(set(titles)) != len(titles)
        or any(not id_ or len(id_) > MAX_OPTION_ID for id_ in ids)
        or any(not title for title in titles)
    ):
        return None
    language = getattr(tr, "locale", "id")
    pairs = tuple(zip(ids, titles, strict=True))
    if len(options) <= MAX_QUICK_REPLIES and all(_width(t) <= MAX_BUTTON_TITLE for t in titles):
        return InteractiveContent(QUICK_REPLY, pairs, "", language), body
    button = tr.gettext("Choose")
    items = [_list_item(id_, title) for id_, title in pairs]
    if (
        len(options) <= MAX_LIST_ITEMS
        and all(item is not None for item in items)
        and len({item["item"] for item in items if item}) == len(items)
        and 0 < _width(button) <= MAX_LIST_BUTTON
    ):
        return InteractiveContent(LIST_PICKER, pairs, button, language), body
    return None


def split_body(text: str, limit: int = MAX_BODY) -> list[str]:
    """Cut a long text into parts of at most `limit` characters, at line breaks if it can."""
    parts: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit)
        if cut < limit // 2:
            cut = rest.rfind(" ", 0, limit)
        if cut < limit // 2:
            cut = limit
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not parts:
        parts.append(rest)
    return parts


def _plain(text: str) -> str:
    """Staff-style HTML (rare on this channel) as plain text."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


# ---------------------------------------------------------------- the window


def template_phrase(text: str, limit: int = MAX_PHRASE) -> str:
    """`text` as one template variable: one line (every run of whitespace, newlines and
    tabs included, becomes one space), at most `limit` characters, cut at a word with
    "…"; "-" for nothing (an empty variable is refused too, Twilio 21656)."""
    line = " ".join(text.split())
    if len(line) > limit:
        cut = line.rfind(" ", 0, limit)
        if cut < limit // 2:
            cut = limit - 1
        line = line[:cut].rstrip(" ,;:–—-") + "…"
    return line or "-"


def whole_in_template(text: str) -> bool:
    """Whether the template's variable carries `text` whole (only its spacing changed)."""
    return template_phrase(text) == (" ".join(text.split()) or "-")


@dataclass(frozen=True, slots=True)
class Plan:
    """How a row may go out now: "freeform", "template" (with `content_sid`), "hold",
    or "expired" (outside the window, not a notice: nobody can be told any more)."""

    action: str
    content_sid: str = ""


class WhatsAppSender:
    """Sends outbox rows of channel "whatsapp" with one twilio `Client`."""

    channel = "whatsapp"

    def __init__(
        self, client: Client, db: Database, settings: Settings, clock: Callable[[], datetime]
    ) -> None:
        self.client = client
        self.db = db
        self.settings = settings
        self.clock = clock
        self.templates = {
            "officer_reply": settings.twilio_template_officer_reply,
            "status_change": settings.twilio_template_status,
        }
        self._plans: dict[int, Plan] = {}
        self._refused: set[str] = set()  # content keys Twilio refused (4xx): text instead

    def lane_kind(self, chat_id: str) -> str:
        return "private"

    async def plan(self, row: OutboxRow) -> Plan:
        message = row.message
        if not isinstance(message, CitizenReply | StaffMessage):
            return Plan("freeform")
        last = await store.last_inbound(self.db, row.chat_id)
        if last is not None and self.clock() - last < WINDOW - WINDOW_MARGIN:
            return Plan("freeform")
        notice = notice_of(message)
        if not notice:
            return Plan("expired")
        if isinstance(message, CitizenReply) and message.full_text_after_template:
            return Plan("hold")  # the template went already; the whole text waits
        # Officers' replies have their own template; every other notice about a ticket
        # (status_change, ticket_update, ...) uses the status template.
        content_sid = self.templates.get(notice) or (
            "" if notice == "officer_reply" else self.templates["status_change"]
        )
        return Plan("template", content_sid) if content_sid else Plan("hold")

    def remember(self, row_id: int, plan: Plan) -> None:
        self._plans[row_id] = plan

    # ------------------------------------------------------------ rendering rows

    async def messages(self, row: OutboxRow, plan: Plan) -> list[dict[str, Any]]:
        """The create-message arguments of each part of this row."""
        match row.message:
            case CitizenReply(reply=reply, locale=locale):
                tr = translator(locale or self.settings.default_locale)
                if plan.action == "freeform":
                    buttons = await self._buttons(reply, tr)
                    if buttons is not None:
                        return [buttons]
                text = render_reply(reply, tr)
                plain = reply.text
            case StaffMessage(text=staff_text, html=is_html):
                text = plain = _plain(staff_text) if is_html else staff_text
            case other:
                raise PermanentFailure(f"not sent on WhatsApp: {other!r:.200}")
        if plan.action == "template":
            reference = await store.ticket_reference(self.db, row)
            variables = {"1": template_phrase(reference, 40), "2": template_phrase(plain)}
            return [
                {
                    "content_sid": plan.content_sid,
                    "content_variables": json.dumps(variables, ensure_ascii=False),
                }
            ]
        return [{"body": part} for part in split_body(text)]

    async def _buttons(self, reply: Reply, tr: Translator) -> dict[str, Any] | None:
        """Create-message arguments of `reply` as buttons or a list picker, or None."""
        found = interactive_of(reply, tr)
        if found is None:
            return None
        content, body = found
        sid = await self._content_sid(content)
        if sid is None:
            return None
        return {
            "content_sid": sid,
            "content_variables": json.dumps({"1": body}, ensure_ascii=False),
        }

    async def _content_sid(self, content: InteractiveContent) -> str | None:
        """The content resource for `content`, created at Twilio the first time; None
        when Twilio refuses or cannot be reached (the numbered text goes instead)."""
        key = content.key
        if key in self._refused:
            return None
        sid = await content_store.content_sid(self.db, key)
        if sid is not None:
            return sid
        request = ContentList.ContentCreateRequest(
            {
                "friendly_name": f"dumas_{content.kind.split('/')[1]}_{key[:16]}",
                "language": content.language,
                "variables": {"1": "-"},  # the sample value of the body
                "types": content.types(),
            }
        )
        try:
            created = await self.client.content.v1.contents.create_async(request)
        except TwilioRestException as exc:
            if 400 <= exc.status < 500 and exc.status not in (401, 403, 429):
                self._refused.add(key)  # the same definition would be refused again
            log.warning("content %s not created (%s): numbered text instead", key[:12], exc)
            return None
        except TRANSPORT_ERRORS as exc:
            log.warning("content %s not created (%s): numbered text instead", key[:12], exc)
            return None
        if not created.sid:
            return None
        return await content_store.remember(self.db, key, created.sid, content.kind, utcnow())

    def status_callback(self, row_id: int, part: int) -> str:
        return (
            f"{self.settings.public_url}{STATUS_PATH}?{urlencode({'outbox': row_id, 'part': part})}"
        )

    # ------------------------------------------------------------ delivering

    async def deliver(self, row: OutboxRow) -> str | None:
        plan = self._plans.pop(row.id, None) or await self.plan(row)
        if plan.action in ("hold", "expired"):
            raise PermanentFailure("outside the 24-hour WhatsApp window")
        messages = await self.messages(row, plan)
        done = await store.parts(self.db, row.id)
        first: str | None = None
        # The held copy of the whole text is made once, after the first template sent
        # (not again when a failed template is sent anew).
        created = False
        first_try = 0 not in done
        for index, arguments in enumerate(messages):
            known = done.get(index)
            sid = known.message_sid if known is not None else None
            if known is not None and known.status in store.FAILED:
                sid = None  # Twilio gave up on it: a new message (e.g. after a hold)
            elif sid is None and known is not None and known.started_at:
                sid = await self._lookup(row, index, arguments, known.started_at)
            if sid is None:
                sid = await self._create(row, index, arguments)
                created = True
            first = first or sid
        if plan.action == "template" and created and first_try:
            await self._keep_full_text(row)
        return first

    async def _keep_full_text(self, row: OutboxRow) -> None:
        """After a template that carried only the first words of a notice: a copy of the
        notice, held until the citizen writes again (typing /status, as the template
        asks, opens the window), then sent whole as a free-form message. A crash between
        the template and this copy loses the copy: the notice is still in the ticket."""
        # Only a citizen reply has a notice, so only it goes as a template (`plan`).
        if not isinstance(row.message, CitizenReply):
            return
        if whole_in_template(row.message.reply.text):
            return
        async with self.db.transaction() as conn:
            copy_id = await outbox_store.enqueue(
                conn,
                channel=row.channel,
                chat_id=row.chat_id,
                message=replace(row.message, full_text_after_template=True),
                ticket_id=row.ticket_id,
            )
        copy = await outbox_store.by_id(self.db, copy_id)
        if copy is not None:
            await store.hold(
                self.db, copy, "the template carried a short line; the whole text waits"
            )

    async def _create(self, row: OutboxRow, part: int, arguments: dict[str, Any]) -> str:
        await store.start_part(self.db, row.id, part, utcnow())  # compared with Twilio's clock
        try:
            message = await self.client.messages.create_async(
                to=row.chat_id,
                from_=self.settings.twilio_whatsapp_from,
                status_callback=self.status_callback(row.id, part),
                **arguments,
            )
        except TwilioRestException as exc:
            await store.part_not_created(self.db, row.id, part, utcnow())
            raise classify(exc, row.attempts + 1) from exc
        except TRANSPORT_ERRORS as exc:
            # No answer: the message may exist. The part stays "started" and is looked
            # up before any resend.
            raise TransientFailure(f"{type(exc).__name__}: {exc}") from exc
        assert message.sid is not None
        await store.part_created(
            self.db,
            row.id,
            part,
            message.sid,
            str(message.status) if message.status else None,
            utcnow(),
        )
        return message.sid

    async def _lookup(
        self, row: OutboxRow, part: int, arguments: dict[str, Any], started_at: str
    ) -> str | None:
        """Find the message an unanswered request may have created; None: it was not."""
        started = parse_iso(started_at)
        assert started is not None
        try:
            recent = await self.client.messages.list_async(
                to=row.chat_id, from_=self.settings.twilio_whatsapp_from, limit=20
            )
        except TwilioRestException as exc:
            raise classify(exc, row.attempts + 1) from exc
        except TRANSPORT_ERRORS as exc:
            raise TransientFailure(f"lookup: {type(exc).__name__}: {exc}") from exc
        body = arguments.get("body")
        candidates = [
            m
            for m in recent
            if m.sid
            and m.date_created is not None
            and m.date_created >= started - LOOKUP_SKEW
            and (body is None or m.body == body)
        ]
        owned = await store.known_sids(self.db, [m.sid for m in candidates if m.sid])
        for message in sorted(candidates, key=lambda m: m.date_created or started):
            if message.sid and message.sid not in owned:
                log.info(
                    "outbox row %s part %d: the unanswered request had created %s",
                    row.id,
                    part,
                    message.sid,
                )
                await store.part_created(
                    self.db,
                    row.id,
                    part,
                    message.sid,
                    str(message.status) if message.status else None,
                    utcnow(),
                )
                return message.sid
        await store.part_not_created(self.db, row.id, part, utcnow())
        return None


# Twilio's rate limits: 20429 / HTTP 429 (too many requests) and 63018 "Rate limit
# exceeded for Channel" (the sender's WhatsApp messaging limit, or the account's rate;
# https://www.twilio.com/docs/api/errors/63018: "wait", not "give up").
RATE_LIMIT_CODES = (20429, 63018)
RATE_LIMIT_CAP = 3600.0  # 63018 may last until a day's business-initiated limit resets


def rate_limit_delay(attempts: int, retry_after: float | None = None) -> float:
    """How long to wait after a rate limit: Retry-After when Twilio named it, else
    DEFAULT_RETRY_AFTER doubled per attempt (5, 10, 20 s ...), at most an hour."""
    if retry_after is not None:
        return retry_after
    return min(RATE_LIMIT_CAP, DEFAULT_RETRY_AFTER * 2 ** max(0, attempts - 1))


def classify(exc: TwilioRestException, attempts: int = 1) -> Exception:
    """Twilio's HTTP errors as the outbox's three outcomes; `attempts`: this row's
    attempts so far, for the backoff of a rate limit that named no Retry-After."""
    text = f"twilio {exc.status}/{exc.code}: {exc.msg}"
    if isinstance(exc, TwilioRateLimited):
        return RetryLater(rate_limit_delay(attempts, exc.retry_after), text)
    if exc.status == 429 or exc.code in RATE_LIMIT_CODES:
        return RetryLater(rate_limit_delay(attempts), text)
    if exc.status >= 500:
        return TransientFailure(text)
    if exc.status in (401, 403):
        return RetryLater(60, text)  # our credentials are wrong: wait, do not drop
    return PermanentFailure(text)


class WhatsAppOutbox(OutboxSender):
    """The generic outbox loop, plus the 24-hour window decided before each attempt."""

    sender: WhatsAppSender

    def __init__(self, db: Database, sender: WhatsAppSender, **kwargs: Any) -> None:
        super().__init__(db, sender, **kwargs)
        self.wa = sender

    async def run(self) -> None:
        # Rows held while a citizen's message arrived just before a crash: release them.
        await store.release_open_windows(self.db, self.wa.clock(), WINDOW - WINDOW_MARGIN)
        await super().run()

    async def before_attempt(self, row: OutboxRow) -> bool:
        plan = await self.wa.plan(row)
        if plan.action == "hold":
            await store.hold(
                self.db,
                row,
                "outside the 24-hour window and no template configured for this notice",
            )
            log.info("outbox row %s held until the citizen writes again", row.id)
            return False
        if plan.action == "expired":
            await outbox_store.mark_failed(self.db, row.id, "outside the 24-hour window")
            log.info("outbox row %s dropped: outside the 24-hour window", row.id)
            return False
        self.wa.remember(row.id, plan)
        return True


def whatsapp_limits(settings: Settings) -> LimitConfig:
    """Twilio's per-sender throughput overall; per chat 1/s with a burst of 3 (a step's
    few replies go out at once, a flood to one person does not)."""
    mps = settings.twilio_mps
    return LimitConfig(
        overall_per_second=mps,
        overall_burst=max(1.0, mps),
        overall_at_arrival=False,  # Twilio queues above its rate instead of refusing
        private_per_second=1.0,
        private_burst=3.0,
    )
