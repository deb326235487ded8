"""Walking a typical complaint to its ticket, on either channel, and measuring the walk.

Used by tests/e2e/test_conversation_length.py (the targets of issue 17) and by
bench/bench_conversation.py (the figures the README quotes). A `Walk` plays one citizen
who answers whatever step the bot is at — read from the stored conversation, never from a
fixed script — so a shorter conversation shows up as fewer actions without editing the
walker. Per walk it counts:

- actions: messages the citizen typed and buttons/numbers they chose, first to ticket;
- messages: bot messages received until (and including) the ticket confirmation;
- characters read: their visible characters (HTML tags removed) plus the labels of the
  buttons shown with them (a Telegram button is read like a line of the WhatsApp list);
- the longest single message, in the same visible characters.
"""

from __future__ import annotations

import html
import json
import re
import statistics
from dataclasses import dataclass, field
from typing import Any, Protocol

from tests.harness import Harness, TgCitizen
from tests.whatsapp.harness import WaCitizen, WaHarness


@dataclass(frozen=True)
class Story:
    """One typical complaint: what the citizen tells, and how they answer the steps."""

    name: str
    language: str
    text: str  # the story as the citizen would type it
    category: str  # data/categories.json id the citizen picks when asked
    place: str  # typed when the bot asks where
    when: str = "when:yesterday"  # the button pressed when the bot asks when


STORIES = [
    Story(
        "motor theft",
        "id",
        "Motor saya dicuri orang di parkiran Pasar Minggu, Jakarta Selatan, tadi malam",
        "crime",
        "Pasar Minggu, Jakarta Selatan",
    ),
    Story(
        "phone snatched",
        "id",
        "hp saya dijambret 2 orang naik motor kemarin sore di jalan malioboro jogja",
        "crime",
        "Malioboro, Yogyakarta",
    ),
    Story(
        "online fraud",
        "id",
        "Saya tertipu jual beli online, sudah transfer 2 juta tapi barang tidak dikirim "
        "dan nomor saya diblokir penjualnya",
        "online_fraud",
        "Kec. Cilandak, Jakarta Selatan",
    ),
    Story(
        "motor theft",
        "en",
        "My motorbike was stolen from the parking lot at Kuta Beach, Bali last night",
        "crime",
        "Kuta, Badung",
    ),
    Story(
        "phone snatched",
        "en",
        "Two men on a scooter snatched my phone yesterday afternoon on Monkey Forest Road in Ubud",
        "crime",
        "Ubud, Gianyar",
    ),
    Story(
        "online fraud",
        "en",
        "I was scammed by an online seller: I transferred 2 million rupiah and never got "
        "the goods, now the seller blocked me",
        "online_fraud",
        "Denpasar",
    ),
]

OPENERS = ("menu", "story")  # start with /start (Telegram) or a greeting (WhatsApp), or the story
MAX_ACTIONS = 30
IDLE_MENU = ("menu:new", "cmd:status", "cmd:bantuan")  # flows/intake.py Intake.welcome


@dataclass
class WalkResult:
    channel: str
    language: str
    story: str
    opener: str
    actions: int = 0
    messages: list[str] = field(default_factory=list)  # visible text, before the ticket
    confirmation: list[str] = field(default_factory=list)  # what the filing action sent
    steps: list[str] = field(default_factory=list)  # the state each action answered
    ticket: str | None = None

    @property
    def characters(self) -> int:
        """Read before the ticket exists (the confirmation is `confirmation_characters`)."""
        return sum(len(text) for text in self.messages)

    @property
    def confirmation_characters(self) -> int:
        return sum(len(text) for text in self.confirmation)

    @property
    def longest(self) -> int:
        return max((len(text) for text in self.messages + self.confirmation), default=0)


class Player(Protocol):
    """One citizen on one channel: say text, choose an option by its choice id."""

    async def say(self, text: str) -> list[str]: ...
    async def choose(self, choice_id: str, options: list[str]) -> list[str]: ...


def visible(text: str, html_mode: bool) -> str:
    """The characters a reader sees: tags removed and entities decoded for HTML texts."""
    if html_mode:
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return text.strip()


class TelegramPlayer:
    def __init__(self, citizen: TgCitizen) -> None:
        self.citizen = citizen

    @staticmethod
    def _read(calls: list[Any]) -> list[str]:
        read = []
        for call in calls:
            if call.method.startswith("edit") and not call.params.get("text"):
                continue  # buttons removed: nothing new to read
            text = visible(call.text or "", call.params.get("parse_mode") == "HTML")
            labels = [str(b.get("text", "")) for row in call.buttons() for b in row]
            read.append("\n".join([text, *labels]).strip())
        return [text for text in read if text]

    async def say(self, text: str) -> list[str]:
        return self._read(await self.citizen.say(text))

    async def choose(self, choice_id: str, options: list[str]) -> list[str]:
        return self._read(await self.citizen.press(choice_id))


class WhatsAppPlayer:
    def __init__(self, citizen: WaCitizen) -> None:
        self.citizen = citizen

    async def say(self, text: str) -> list[str]:
        return [body.strip() for body in await self.citizen.say(text)]

    async def choose(self, choice_id: str, options: list[str]) -> list[str]:
        # The number the list showed: the position among the remembered options.
        return await self.say(str(options.index(choice_id) + 1))


async def conversation(h: Harness, channel: str, external: str) -> tuple[str, dict[str, Any]]:
    rows = await h.rows(
        "SELECT c.state, c.draft FROM conversations c JOIN citizens z ON z.id = c.citizen_id"
        " WHERE z.channel = ? AND z.external_id = ?",
        channel,
        external,
    )
    if not rows:
        return "idle", {}
    return str(rows[0][0]), json.loads(rows[0][1])


async def tickets_of(h: Harness, channel: str, external: str) -> list[str]:
    rows = await h.rows(
        "SELECT t.reference FROM tickets t JOIN citizens z ON z.id = t.citizen_id"
        " WHERE z.channel = ? AND z.external_id = ? ORDER BY t.id",
        channel,
        external,
    )
    return [str(row[0]) for row in rows]


def _answer(state: str, story: Story, options: list[str]) -> tuple[str, str]:
    """("choose", choice id) or ("say", text): what a citizen answers at `state`."""
    if state == "consent":
        return "choose", "consent:yes"
    if state == "category":
        return "choose", f"cat:{story.category}"
    if state == "description":
        if "desc:done" in options:  # the story is there already: "Continue"
            return "choose", "desc:done"
        return "say", story.text
    if state == "when":
        return "choose", story.when
    if state == "when_other":
        return "say", "kemarin" if story.language == "id" else "yesterday"
    if state == "where":
        return "say", story.place
    if state == "where_pick":
        return "choose", next(o for o in options if o.startswith("place:"))
    if state in ("where_confirm",):
        return "choose", "place:yes"
    if state == "evidence":
        return "choose", "ev:skip" if "ev:skip" in options else "ev:done"
    if state == "contact":
        return "choose", "contact:chat"
    if state == "summary":
        return "choose", "sum:confirm"
    if state == "idle" and "menu:new" in options:
        return "choose", "menu:new"
    raise AssertionError(f"the walk does not know how to answer {state!r} (options {options})")


async def walk(
    h: Harness,
    player: Player,
    channel: str,
    external: str,
    story: Story,
    opener: str,
) -> WalkResult:
    """Play `story` from the first message to the ticket and measure what was read."""
    result = WalkResult(channel, story.language, story.name, opener)
    before = await tickets_of(h, channel, external)
    last_batch = 0
    if opener == "story":
        result.messages += await player.say(story.text)
    else:
        # WhatsApp tells no language: the citizen's own words do (flows/language.py).
        greeting = "halo" if story.language == "id" else "hello"
        result.messages += await player.say("/start" if channel == "telegram" else greeting)
    result.actions = 1
    result.steps.append("first message")
    while True:
        after = await tickets_of(h, channel, external)
        if len(after) > len(before):
            result.ticket = after[-1]
            # The last action filed it: what it answered is the confirmation.
            result.confirmation = result.messages[len(result.messages) - last_batch :]
            del result.messages[len(result.messages) - last_batch :]
            return result
        if result.actions >= MAX_ACTIONS:
            raise AssertionError(f"no ticket after {MAX_ACTIONS} actions: {result.steps}")
        state, draft = await conversation(h, channel, external)
        options = [str(pair[0]) for pair in draft.get("last_options") or []]
        if state == "idle" and not options:
            options = list(IDLE_MENU)  # nothing is stored at idle: the welcome menu's order
        try:
            how, value = _answer(state, story, options)
        except AssertionError as exc:
            raise AssertionError(
                f"{exc}; after {result.steps}; last read {result.messages[-2:]}"
            ) from exc
        result.steps.append(state)
        result.actions += 1
        if how == "say":
            batch = await player.say(value)
        else:
            batch = await player.choose(value, options)
        result.messages += batch
        last_batch = len(batch)


def medians(results: list[WalkResult]) -> dict[tuple[str, str], dict[str, float]]:
    """Per (channel, language): median actions, median characters, longest message."""
    groups: dict[tuple[str, str], list[WalkResult]] = {}
    for r in results:
        groups.setdefault((r.channel, r.language), []).append(r)
    return {
        key: {
            "actions": statistics.median(r.actions for r in group),
            "characters": statistics.median(r.characters for r in group),
            "longest": max(r.longest for r in group),
            "messages": statistics.median(len(r.messages) for r in group),
            "confirmation": statistics.median(r.confirmation_characters for r in group),
        }
        for key, group in sorted(groups.items())
    }


async def walk_all(tg: Harness, wa: WaHarness) -> list[WalkResult]:
    """Every story with every opener on both channels, one fresh citizen per walk."""
    results = []
    n = 0
    for story in STORIES:
        for opener in OPENERS:
            n += 1
            tg_citizen = tg.citizen(700_000 + n, language=story.language)
            results.append(
                await walk(
                    tg, TelegramPlayer(tg_citizen), "telegram", str(700_000 + n), story, opener
                )
            )
            number = f"+6281200{n:05d}"
            results.append(
                await walk(
                    wa.h,
                    WhatsAppPlayer(wa.citizen(number)),
                    "whatsapp",
                    number,
                    story,
                    opener,
                )
            )
    return results
