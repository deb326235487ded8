"""Claim and resolve deadlines: how long, when to remind the group, when to escalate.

Each ticket has two deadlines in `ticket_deadlines`: "claim" (an officer presses Claim)
and "resolve" (Resolve or Reject). The lengths come from settings, overridable per
category in data/categories.json (`"deadlines": {"claim_minutes": .., "resolve_hours":
..}`); a category marked `"priority": "high"` without its own numbers gets half the
defaults. A question passed to the officers (a ticket of kind "question", see
bot/store/knowledge.py) must be answered within `DUMAS_QUESTION_DEADLINE_HOURS` instead
of the resolve deadline: a citizen asking how to renew a SIM should not wait three days.
A reminder goes to the unit's group when `DUMAS_DEADLINE_REMINDER_PERCENT` of
the time has passed, and an escalation to the Polda's supervisory group(s) when the
deadline passes. Both fire once: the loop marks the row in the same transaction that
queues the messages. Times come from `Runtime.clock`, so tests control them.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from bot.settings import DATA_ROOT, Settings
from bot.store import knowledge, ticket_deadlines
from bot.store import tickets as ticket_store
from bot.store.connection import Connection
from bot.store.database import Database, iso, parse_iso

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Lengths:
    claim: timedelta
    resolve: timedelta
    priority: str


@cache
def _category_config(path: Path = DATA_ROOT / "categories.json") -> dict[str, dict[str, Any]]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {item["id"]: item for item in raw["categories"]}


def priority_of(category: str) -> str:
    return str(_category_config().get(category, {}).get("priority", "normal"))


def lengths(settings: Settings, category: str, kind: str = knowledge.COMPLAINT) -> Lengths:
    config = _category_config().get(category, {})
    priority = str(config.get("priority", "normal"))
    own = config.get("deadlines") or {}
    factor = 0.5 if priority == "high" else 1.0
    claim = float(own.get("claim_minutes", settings.claim_deadline_minutes * factor))
    resolve = float(own.get("resolve_hours", settings.resolve_deadline_hours * factor))
    if kind == knowledge.QUESTION:
        resolve = settings.question_deadline_hours
    return Lengths(timedelta(minutes=claim), timedelta(hours=resolve), priority)


async def start(
    conn: Connection,
    settings: Settings,
    ticket_id: int,
    category: str,
    now: datetime,
    kinds: tuple[str, ...] = ("claim", "resolve"),
    kind: str | None = None,
) -> None:
    # the kind is read here unless the caller holds the ticket as it is now (a new one:
    # session 36), so every caller (new, reopened, transferred) gets it
    if kind is None:
        kind = await ticket_store.kind_of(conn, ticket_id)
    spans = lengths(settings, category, kind)
    share = min(max(settings.deadline_reminder_percent, 1.0), 99.0) / 100
    rows = []
    for kind in kinds:
        span = spans.claim if kind == "claim" else spans.resolve
        rows.append((kind, iso(now), iso(now + span * share), iso(now + span)))
    await ticket_deadlines.start_deadlines(conn, ticket_id, rows)


async def finish(conn: Connection, ticket_id: int, kind: str, now: datetime) -> None:
    await ticket_deadlines.finish_deadline(conn, ticket_id, kind, iso(now))


FireHandler = Callable[[Connection, ticket_deadlines.Deadline, str, datetime], Awaitable[None]]


async def fire_due(db: Database, now: datetime, on_fire: FireHandler) -> int:
    """Fire every due reminder/escalation once; returns how many fired."""
    fired = 0
    for deadline, what in await ticket_deadlines.due_deadlines(db, iso(now)):
        async with db.transaction() as conn:
            if not await ticket_deadlines.mark_fired(
                conn, deadline.ticket_id, deadline.kind, what, iso(now)
            ):
                continue
            await on_fire(conn, deadline, what, now)
            fired += 1
    return fired


async def run(
    db: Database,
    clock: Callable[[], datetime],
    on_fire: FireHandler,
    wake: Callable[[], None],
    interval: float = 5.0,
) -> None:
    while True:
        try:
            if await fire_due(db, clock(), on_fire):
                wake()
        except Exception:
            log.exception("deadline round failed")
        await asyncio.sleep(interval)


def due_time(deadline: ticket_deadlines.Deadline) -> datetime:
    """When the deadline falls, as the stored text reads (the cards and the reminders
    show it in the ticket's zone)."""
    value = parse_iso(deadline.due_at)
    assert value is not None
    return value
