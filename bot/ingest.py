"""Recording inbound platform events durably, then handing their lanes to the dispatcher.

This is the only way an event enters the inbox: a channel's webhook handler or poller
(or the intake journal's mover, bot/intake) calls `ingest`, and the platform is
acknowledged only after it returns (invariant 2). Duplicates (same channel and external
id) are dropped by the store's unique key (invariant 3).

Concurrent callers share one transaction (bot/group_commit.py): under load one fsync
serves many webhook requests, and each is answered only after its own event is on disk.
That transaction is itself one of the store's shared ones (bot/step_commit.py): on SQLite
the inbox's rows join the dispatcher's steps writing at the same time, as the batch's
last member, one COMMIT for both (acknowledged, as before, only once it is done).
When the store cannot take them (StoreFullError, or DatabaseUnavailable while PostgreSQL
is unreachable) the exception reaches the caller, which does not acknowledge: webhooks
answer 503, the poller keeps its offset.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.channels.base import ChannelAdapter
from bot.group_commit import GroupCommit
from bot.step_commit import shared
from bot.store import inbox
from bot.store.database import Database

if TYPE_CHECKING:  # the intake process imports this module without the dispatcher
    from bot.dispatcher import Dispatcher


@dataclass(frozen=True, slots=True)
class Incoming:
    external_id: str
    payload: dict[str, Any]
    # The JSON text exactly as the platform sent it, when the caller has it: stored as
    # is, which spares encoding the payload again.
    raw: str | None = None
    # When the event reached Dumas (ISO UTC), if earlier than now: events moved from the
    # intake journal keep the time they were acknowledged (flood control counts by it).
    received_at: str | None = None

    def text(self) -> str:
        """The payload as stored: the platform's own text when we have it."""
        return self.raw if self.raw is not None else _encode(self.payload)


# `json.dumps(payload, ensure_ascii=False, separators=(",", ":"))` with its encoder made
# once: `dumps` makes a new one per call when given options (a poller's every update).
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


# What a webhook handler hands its verified events to: the inbox (`ingest`, in the main
# process) or the intake journal (bot/intake, in the intake process). Returns how many
# were new; returning means they are durable.
Accept = Callable[[list[Incoming]], Awaitable[int]]


async def ingest(
    db: Database, dispatcher: Dispatcher, adapter: ChannelAdapter, events: Iterable[Incoming]
) -> int:
    """Store events durably (in a transaction shared with concurrent callers); return how
    many were new."""
    events = list(events)
    rows: list[inbox.NewRow] = [
        (adapter.name, e.external_id, adapter.lane(e.payload), e.text(), e.received_at)
        for e in events
    ]
    if not rows:
        return 0
    group = _groups.get(db)
    if group is None:
        group = _groups[db] = GroupCommit(_inbox_writer(db), _key)
    new = await group.submit(rows)
    db.full_since = None  # new events fit again
    # the drains take the payloads as decoded here instead of decoding the rows' text
    for event in events:
        row_id = new.get((adapter.name, event.external_id))
        if row_id is not None:
            dispatcher.hand_over(row_id, event.payload)
    lanes = [lane for channel, external_id, lane, _, _ in rows if (channel, external_id) in new]
    for lane in dict.fromkeys(lanes):
        dispatcher.notify(lane)
    after_stored = getattr(adapter, "after_stored", None)
    # e.g. WhatsApp: a citizen's new message reopens the 24-hour window, so messages held
    # for it can go out now
    if (
        new
        and after_stored is not None
        and await after_stored([e.payload for e in events if (adapter.name, e.external_id) in new])
    ):
        dispatcher.s.wake_outbox()
    return len(new)


def _key(row: inbox.NewRow) -> tuple[str, str]:
    return row[0], row[1]


def _inbox_writer(
    db: Database,
) -> Callable[[list[inbox.NewRow]], Awaitable[dict[tuple[str, str], int]]]:
    async def write(rows: list[inbox.NewRow]) -> dict[tuple[str, str], int]:
        """One transaction: (channel, external id) -> inbox id of every row that was new."""
        if len(rows) <= inbox.MAX_ROWS_PER_INSERT and db.dialect == "postgresql":
            # one INSERT, atomic by itself: autocommit, without BEGIN and COMMIT
            # (bench/README.md "Session 35: transactions per update on PostgreSQL")
            async with db.single_write() as conn:
                return await inbox.insert_many(conn, rows)
        new: dict[tuple[str, str], int] = {}
        # a savepoint in the steps' transaction when one is forming, as its last member
        # (the acknowledgement waits for no step queued after it); else a batch of its own
        async with shared(db).transaction(closing=True) as conn:
            for start in range(0, len(rows), inbox.MAX_ROWS_PER_INSERT):
                chunk = rows[start : start + inbox.MAX_ROWS_PER_INSERT]
                new.update(await inbox.insert_many(conn, chunk))
        return new

    return write


_groups: weakref.WeakKeyDictionary[Database, GroupCommit[inbox.NewRow, tuple[str, str]]] = (
    weakref.WeakKeyDictionary()
)
