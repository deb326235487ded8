"""The dispatcher: takes stored inbox rows, one lane at a time, through the flows.

A lane is one citizen (or one group chat). Rows of a lane are handled strictly one after
the other in arrival order; different lanes run concurrently (bounded). For a citizen's
row the dispatcher: parses it with the channel adapter, downloads and stores any file,
runs the complaint flow on the stored state, and then applies everything the step caused
in ONE transaction: the new state and draft, timers, evidence rows, a ticket with its
events and staff cards, the replies in the outbox, and the inbox row marked processed.
A crash anywhere before that commit leaves the row pending, and it is handled again on
restart; a crash after it changes nothing, because the row is no longer pending.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sqlite3
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal

from bot import evidence as evidence_files
from bot import step_commit
from bot.catalog import load_categories
from bot.channels.base import (
    ChannelAdapter,
    CitizenEvent,
    FileTooLarge,
    Ignored,
    MediaRef,
    StaffEvent,
)
from bot.i18n import pick_locale, translator
from bot.knowledge.search import default_index
from bot.outbox.messages import CallbackAnswer, CitizenReply, Outgoing
from bot.privacy import service as privacy
from bot.privacy.carriers import carriers
from bot.privacy.views import my_data
from bot.settings import Settings
from bot.store import citizens, conversations, evidence_claims, inbox, lanes, steps
from bot.store import evidence as evidence_store
from bot.store import knowledge as knowledge_store
from bot.store import outbox as outbox_store
from bot.store import tickets as ticket_store
from bot.store import triage as triage_store
from bot.store.connection import Connection, Durability
from bot.store.database import Database, StoreFullError, iso, parse_iso, utcnow
from bot.store.gathering import Gathering
from bot.tickets import reference as references
from bot.tickets.ticket import Ticket, parse_utc
from bot.triage import duplicates
from bot.triage.model_file import load_model
from flows import complaint, question, status
from flows.context import (
    AnswerGiven,
    AttachMessage,
    EraseMyData,
    FlagMessage,
    FlowContext,
    FollowupTicket,
    RecordConsent,
    SetLocale,
    ShowMyData,
    ShowStatus,
    StepResult,
    SubmitComplaint,
    TicketFeedback,
)
from flows.events import Draft, Inbound, Media, Option, Reply, Tick
from flows.ports import PlaceResolver, Translator, UnitRouter

log = logging.getLogger(__name__)

TIMER_CHANNEL = "timer"
# urgent tickets from one account within 24 hours that mark the latest for a supervisor
REPEATED_URGENT = 3

TicketHook = Callable[[Connection, Ticket, SubmitComplaint], Awaitable[None]]
StaffHandler = Callable[[inbox.InboxRow, StaffEvent], Awaitable[None]]
FollowupHook = Callable[
    [Connection, citizens.Citizen, AttachMessage | TicketFeedback], Awaitable[None]
]
# What became of a row the drain handled (`Dispatcher._process_safely`).
Handled = Literal["done", "pending", "lost"]

# How many decoded payloads `hand_over` keeps for rows not yet handled. A row is handled
# soon after it is stored; what is never taken (a row another instance handled, on
# PostgreSQL) is dropped oldest first, and its row, if ever read here, decoded from the
# store's text as before.
HANDED_OVER_MAX = 4096
# How many citizens refused by the evidence quota each instance remembers (a day each,
# `Dispatcher._receive_file`); one forgotten only costs a download before the refusal.
OVER_QUOTA_REMEMBERED = 4096
# the follow-up flow's view of the tickets a complaint's start read (`complaint_start`)
FollowupTickets = Callable[[Sequence[Ticket]], tuple[FollowupTicket, ...]]


@dataclass(slots=True)
class Services:
    """What the dispatcher needs from the rest of the runtime."""

    settings: Settings
    db: Database
    adapters: Mapping[str, ChannelAdapter]
    places: PlaceResolver
    route_unit: UnitRouter
    unit_name: Callable[[str | None], str | None]
    wake_outbox: Callable[[], None]
    on_ticket_created: TicketHook | None = None
    on_staff_event: StaffHandler | None = None
    clock: Callable[[], datetime] = utcnow
    # the officers' layer: a citizen's open tickets for the follow-up flow, and its actions
    followup_tickets: FollowupTickets | None = None
    on_followup: FollowupHook | None = None


class Dispatcher:
    """Drains lanes. On PostgreSQL several instances share the inbox: a drain first takes
    its lane from the database (bot/store/lanes.py) and leaves a lane another instance
    holds to that instance; `run_sweep` picks up lanes a dead instance left pending."""

    def __init__(
        self, services: Services, concurrency: int = 64, sweep_seconds: float = 3.0
    ) -> None:
        self.s = services
        # lane -> the drain task working on it, or None while it waits for a free drain
        self._running: dict[str, asyncio.Task[None] | None] = {}
        self._dirty: set[str] = set()
        # at most `concurrency` drain tasks; lanes beyond them wait here, in arrival order
        self._concurrency = concurrency
        self._drains = 0
        self._waiting: deque[str] = deque()
        self._idle = asyncio.Event()
        self._idle.set()
        # Read once: SQLite keeps the single-instance drain, with no lane statements.
        self._across_instances = lanes.held_across_instances(services.db)
        self.sweep_seconds = sweep_seconds
        # PostgreSQL: every statement is a round trip, so a citizen's arrival and the
        # usual step are one statement each (bot/store/steps.py). SQLite: statements cost
        # no round trip but each COMMIT an fsync, so steps of different lanes share one
        # transaction (bot/step_commit.py) instead, with the inbox's writes and the
        # citizens' arrivals (one StepCommit per store).
        self._one_statement_steps = services.db.dialect == "postgresql"
        self._steps = step_commit.shared(services.db)
        # PostgreSQL: the drains that wait for the store's one connection at the same
        # time send each of those statements as ONE (bot/store/gathering.py): a round
        # trip and a WAL flush for many lanes, as SQLite's steps share a COMMIT.
        db = services.db
        self._takes = Gathering(db, self._take_lanes)
        self._nexts = Gathering(db, lanes.next_or_release_many)
        # A citizen's arrival and a step commit DEFERRED (PostgreSQL): nothing outside
        # acts on them before the sender's 'sending' mark, which commits AT_COMMIT and so
        # flushes them first; lost in a server crash, the inbox row is pending again and
        # is handled again (docs/reliability.md "Durability settings").
        self._arrivals = Gathering(db, conversations.arrive_many, Durability.DEFERRED)
        self._conversational = Gathering(db, steps.apply_many, Durability.DEFERRED)
        # inbox id -> the payload `ingest` stored for it, already decoded (`hand_over`)
        self._payloads: dict[int, Any] = {}
        # citizen id -> when this instance last refused a file of theirs over the daily
        # quota (`_receive_file`: their next files' quota is read before the download)
        self._over_quota: dict[int, datetime] = {}

    # ---------------------------------------------------------------- scheduling

    def notify(self, lane: str) -> None:
        """A row was stored in this lane: make sure the lane gets drained."""
        if lane in self._running:
            self._dirty.add(lane)
            return
        self._idle.clear()
        if self._drains >= self._concurrency:
            # taken by the next drain that finishes its lane: no task of its own and no
            # wait on a semaphore (a future and a wake-up per update under load,
            # bench/README.md session 31)
            self._running[lane] = None
            self._waiting.append(lane)
            return
        self._drains += 1
        self._running[lane] = asyncio.create_task(self._drain(lane))

    def hand_over(self, inbox_id: int, payload: Any) -> None:
        """The decoded payload of a row `ingest` just stored (the poller's update as
        python-telegram-bot parsed it, a webhook's body as its handler parsed it): the
        row's drain takes it instead of decoding the stored text again, which is that
        payload's JSON (one `json.loads` per update, bench/README.md session 32). Nobody
        changes a payload after it is stored: the adapters' parsers only read it."""
        payloads = self._payloads
        if len(payloads) >= HANDED_OVER_MAX:
            del payloads[next(iter(payloads))]
        payloads[inbox_id] = payload

    async def resume(self) -> int:
        """After a start: drain every lane with rows left pending by a crash."""
        pending = await inbox.pending_lanes(self.s.db)
        for lane in pending:
            self.notify(lane)
        return len(pending)

    async def run_sweep(self) -> None:
        """Every `sweep_seconds`, offer every lane with pending rows to a drain (PostgreSQL;
        returns at once on SQLite, where `resume` at start is enough).

        Who else would drain them: rows stored by an instance that was killed (or lost its
        connection) before it drained them, and rows a drain abandoned after a
        reconnection. A lane another live instance holds is skipped by the drain's take.
        """
        if not self._across_instances:
            return
        while True:
            await asyncio.sleep(self.sweep_seconds)
            try:
                pending = await inbox.pending_lanes(self.s.db)
            except Exception as exc:
                if not lanes.connection_lost(exc):
                    raise
                log.warning("lane sweep: the database is unreachable (%s)", type(exc).__name__)
                continue
            for lane in pending:
                if lane not in self._running:
                    self.notify(lane)

    async def wait_idle(self, timeout: float = 30.0) -> None:
        await asyncio.wait_for(self._idle.wait(), timeout)

    async def _drain(self, lane: str) -> None:
        """Drain `lane`, then the lanes waiting for a drain, one after the other."""
        task = self._running[lane]
        try:
            while True:
                try:
                    if self._across_instances:
                        await self._drain_held(lane)
                    else:
                        await self._drain_rows(lane)
                finally:
                    self._running.pop(lane, None)
                if not self._waiting:
                    return
                lane = self._waiting.popleft()
                self._running[lane] = task
        except asyncio.CancelledError:
            # stopped (the loop's end): the waiting lanes' rows stay pending for `resume`
            # at the next start, as their drains, cancelled with this one, left them
            while self._waiting:
                self._running.pop(self._waiting.popleft(), None)
            raise
        finally:
            self._drains -= 1
            # a drain that failed leaves the lanes still waiting to new drains
            while self._waiting and self._drains < self._concurrency:
                waiting = self._waiting.popleft()
                self._drains += 1
                self._running[waiting] = asyncio.create_task(self._drain(waiting))
            if not self._running:
                self._idle.set()

    async def _drain_rows(self, lane: str) -> None:
        """Handle the lane's pending rows in id order until there are none (SQLite).

        The drain ends without a last look (a statement per update in a closed loop, where
        a lane seldom holds two rows) when the row just handled had no pending row behind
        it and no row was announced since it was read: every row enters the inbox through
        `ingest` or `bot/timers.py`, which call `notify` after their commit, so a row the
        read did not see was committed after it and marked the lane dirty."""
        while True:
            self._dirty.discard(lane)  # before the read: a notify from now on is seen
            row = await inbox.next_pending(self.s.db, lane, self._flood_since())
            if row is None:
                if lane in self._dirty:
                    continue
                return
            handled = await self._process_safely(row)
            if handled == "done" and not row.more and lane not in self._dirty:
                return

    async def _drain_held(self, lane: str) -> None:
        """The drain on PostgreSQL: take the lane, drain, release, look once more.

        The look after releasing closes the one gap of "the instance that stored a row
        drains its lane": instance B stores a row while we hold the lane; B's take fails
        (we hold it), so B leaves the row to us, and B's commit came before our release.
        Our last read of the lane may have run before that commit; a check after the
        release sees it, and we take the lane again. If B (or anyone) takes it first,
        they drain it. Rows of a dead holder are the sweep's.

        Round trips (each ~100 µs on loopback): taking the lane returns its first row,
        and asking for the next row, when there is none, releases the lane and looks
        again, so a drain of one row costs two statements besides the row's own
        (bot/store/lanes.py; bench/README.md "PostgreSQL")."""
        db = self.s.db
        try:
            while True:
                self._dirty.discard(lane)
                taken, row, epoch = await self._takes.submit((lane, self._flood_since()))
                if not taken:
                    return  # another instance drains it (and looks again when it is done)
                try:
                    while True:
                        if row is None:
                            row, look_again = await self._nexts.submit((lane, self._flood_since()))
                            if row is None:
                                break  # released
                        if (
                            db.connection_epoch != epoch
                            or await self._process_safely(row) == "lost"
                        ):
                            await self._release_quietly(lane, epoch)
                            log.warning(
                                "lane %s lost with the database connection: left pending", lane
                            )
                            return
                        row = None
                except BaseException:
                    await self._release_quietly(lane, epoch)
                    raise
                if not look_again and lane not in self._dirty:
                    return
        except Exception as exc:
            if not lanes.connection_lost(exc):
                raise
            # the rows stay pending: the sweep offers the lane again
            log.warning("lane %s: the database is unreachable (%s)", lane, type(exc).__name__)

    async def _take_lanes(
        self, conn: Connection, requests: Sequence[lanes.LaneRequest]
    ) -> list[tuple[bool, inbox.InboxRow | None, int]]:
        """`lanes.take_many`, each answer with the connection's epoch: the lanes are held
        on the connection the statement ran on, whatever happens before a drain reads it."""
        epoch = self.s.db.connection_epoch
        return [(taken, row, epoch) for taken, row in await lanes.take_many(conn, requests)]

    def _flood_since(self) -> datetime:
        """Flood control's window start: each row is read with its lane's count since."""
        return utcnow() - timedelta(seconds=self.s.settings.flood_window_seconds)

    async def _release_quietly(self, lane: str, epoch: int) -> None:
        """Release after a drain that failed; a dead connection freed the lane already."""
        if self.s.db.connection_epoch == epoch:
            with contextlib.suppress(Exception):
                await lanes.release(self.s.db, lane)

    async def _process_safely(self, row: inbox.InboxRow) -> Handled:
        """Handle one row: "done" when it is no longer pending (processed here, by another
        instance, or marked failed); "pending" when it stays pending (the disk is full:
        the drain reads it again); "lost" when the store's connection failed on
        PostgreSQL (the row stays pending and the drain stops: the lane was lost with the
        connection)."""
        try:
            await self.process(row)
        except StoreFullError:
            log.critical("the data directory is full; inbox row %s stays pending", row.id)
            await asyncio.sleep(5)
            return "pending"
        except inbox.AlreadyProcessed:
            # another instance handled it after this one lost the lane: nothing applied
            log.warning("inbox row %s (%s) was handled elsewhere", row.id, row.lane)
        except Exception as exc:
            if self._across_instances and lanes.connection_lost(exc):
                log.warning("inbox row %s stays pending: %s", row.id, type(exc).__name__)
                return "lost"
            # A row that breaks the code must not block the citizen's lane for ever:
            # record the failure on the row and move on.
            log.exception("inbox row %s (%s) failed", row.id, row.lane)
            with contextlib.suppress(inbox.AlreadyProcessed):
                async with self.s.db.transaction() as conn:
                    await inbox.mark_processed(conn, row.id, f"error:{type(exc).__name__}")
        return "done"

    # ---------------------------------------------------------------- processing

    async def process(self, row: inbox.InboxRow) -> None:
        payload = self._payloads.pop(row.id, None)
        if payload is None:  # stored before this start, by the timers, or dropped
            payload = json.loads(row.payload)
        if row.channel == TIMER_CHANNEL:
            await self._process_timer(row, payload)
            return
        adapter = self.s.adapters.get(row.channel)
        if adapter is None:
            await self._finish(row, "ignored:no adapter")
            return
        event = adapter.parse(payload)
        if isinstance(event, Ignored):
            await self._finish(row, f"ignored:{event.reason}")
        elif isinstance(event, StaffEvent):
            if self.s.on_staff_event is None:
                await self._finish(row, "ignored:no staff handler")
            else:
                await self.s.on_staff_event(row, event)
        else:
            await self._process_citizen(row, event, adapter)

    async def _finish(self, row: inbox.InboxRow, outcome: str) -> None:
        async with self.s.db.transaction() as conn:
            await inbox.mark_processed(conn, row.id, outcome)

    async def _process_timer(self, row: inbox.InboxRow, payload: dict[str, Any]) -> None:
        async with self.s.db.reading() as conn:
            citizen = await citizens.by_id(conn, int(payload["citizen_id"]))
            current = await conversations.load(conn, int(payload["citizen_id"]))
        if citizen is None or current is None or current.state == complaint.IDLE:
            await self._finish(row, "ignored:no draft")
            return
        # A timer only fires if it is still the one due: a message since then moved it.
        due = current.expiry_due_at if payload["timer"] == "expiry" else current.reminder_due_at
        if due != payload["due_at"]:
            await self._finish(row, "ignored:timer moved")
            return
        event = CitizenEvent(
            channel=citizen.channel,
            user_id=citizen.external_id,
            chat_id=citizen.chat_id,
            body=Tick(payload["timer"]),
        )
        await self._step(row, event, citizen, current, None, is_timer=True)

    async def _process_citizen(
        self, row: inbox.InboxRow, event: CitizenEvent, adapter: ChannelAdapter
    ) -> None:
        citizen, current, touch = await self._arrive(event)
        stored: evidence_files.StoredFile | None = None
        claim_id: int | None = None
        body = event.body
        if isinstance(body, MediaRef):
            body, stored, claim_id = await self._receive_file(citizen.id, body, adapter)
            # the event carries the file as received (a frozen dataclass of ~8 fields:
            # made again only when its body changed)
            event = replace(event, body=body)
        given_back = False
        try:
            given_back = await self._step(
                row, event, citizen, current, stored, touch=touch, claim_id=claim_id
            )
        finally:
            if stored is not None and not given_back:
                # the step did not keep the file (or failed): give back the claim taken
                # before storing it, and delete the file if nothing names it. A step that
                # kept it gave the claim back with the row (bot/store/evidence_claims.py).
                await privacy.release_claim(
                    self.s.db, self.s.settings.evidence, stored.stored_name, claim_id
                )

    async def _arrive(
        self, event: CitizenEvent
    ) -> tuple[citizens.Citizen, conversations.Conversation | None, bool]:
        """The citizen (upserted) and its conversation, and whether the citizen's row is
        still to be refreshed by the step's own transaction (`touch`).

        Each backend takes its cheapest way (bench/README.md, issues 19 and 21).
        PostgreSQL: one statement does the upsert and the read, since every statement is
        a round trip, shared with the other citizens arriving at the same time
        (`conversations.arrive_many`). SQLite: a known citizen whose chat, language and
        name are unchanged is only read; its last contact is written in the step's
        transaction, which saves a commit per message. A new citizen (or a changed one)
        is written in the steps' shared transaction (bot/step_commit.py), so its COMMIT
        is one other lanes' steps and the inbox's rows share (in the closed loop every
        citizen is new once: ~0.11 COMMITs per update of its own before)."""
        if self._one_statement_steps:
            citizen, current = await self._arrivals.submit(
                (
                    event.channel,
                    event.user_id,
                    event.chat_id,
                    event.language_code,
                    event.display_name,
                )
            )
            return citizen, current, False
        async with self.s.db.reading() as conn:
            found = await conversations.known(conn, event.channel, event.user_id)
        if found is not None and not _citizen_changed(found[0], event):
            return found[0], found[1], True
        async with self._steps.transaction() as conn:
            citizen = await _upsert_citizen(conn, event)
            # read with the upsert: the lane is held, no other step writes this conversation
            current = await conversations.load(conn, citizen.id)
        return citizen, current, False

    async def _receive_file(
        self, citizen_id: int, media: MediaRef, adapter: ChannelAdapter
    ) -> tuple[Media, evidence_files.StoredFile | None, int | None]:
        """Download and keep a file before the step that uses it is acknowledged; the
        stored file and its claim's id (None, None when it was not kept).

        The citizen's daily quota is checked in the claim's statement, after the
        download (the file's name is its digest): the read before the download was a
        statement and, on PostgreSQL, a transaction of its own for every file. A citizen
        refused by the quota has the next files' quota read before the download again
        for a day (`_over_quota`), so that a sender over the quota does not make this
        instance download every file it will refuse."""
        settings = self.s.settings
        base = Media(
            kind=media.kind,
            file_ref=media.file_ref,
            caption=media.caption,
            album_id=media.album_id,
            mime_type=evidence_files.mime_of(media),
            size=media.size,
        )
        if not evidence_files.is_accepted(media):
            return replace(base, error="type"), None, None
        limit = settings.max_file_bytes
        now = self.s.clock()
        since = now - timedelta(days=1)
        quota = int(settings.max_evidence_mb_per_citizen * 1024 * 1024)
        refused = replace(base, error="quota", limit_bytes=quota)
        used = 0
        if self._over_quota.get(citizen_id, since) > since:
            async with self.s.db.reading() as conn:
                used = await evidence_store.bytes_since(conn, citizen_id, since)
        if used + (media.size or 0) > quota:
            return refused, None, None
        try:
            data = await adapter.download(media, limit)
        except FileTooLarge:
            return replace(base, error="too_large", limit_bytes=limit), None, None
        except Exception as exc:  # the platform would not give us the file
            log.warning("download of %s failed: %s", media.kind, type(exc).__name__)
            return replace(base, error="download"), None, None
        # Claimed before it is stored: a clean-up deleting the same file (another
        # citizen's, named by its SHA-256) waits for the claim or is waited for, and
        # leaves it alone until the step gives the claim back with the row naming the
        # file, or `release_claim` after it (bot/store/evidence_claims.py).
        named = await asyncio.to_thread(evidence_files.content_name, data, base.mime_type or "")
        name = named.stored_name
        # DEFERRED: lost in a server crash, the file stored below is named by no claim
        # and no row until the step, handled again, stores the same file (its name is
        # its digest) and claims it again; nothing outside acts on a claim.
        async with self.s.db.single_write(Durability.DEFERRED) as conn:
            claim_id = await evidence_claims.claim(
                conn, name, evidence_claims.Quota(citizen_id, since, len(data), quota)
            )
        if claim_id is None:
            self._remember_over_quota(citizen_id, now)
            return refused, None, None
        try:
            stored = await asyncio.to_thread(
                settings.evidence.put, data, base.mime_type or "", named
            )
        except BaseException as exc:
            await privacy.release_claim(self.s.db, settings.evidence, name, claim_id)
            if not isinstance(exc, evidence_files.EvidenceUnavailable):
                raise
            log.critical("could not keep evidence in %s: %s", settings.evidence, exc)
            return replace(base, error="disk_full"), None, None
        return (
            replace(base, size=stored.size, sha256=stored.sha256, stored_name=stored.stored_name),
            stored,
            claim_id,
        )

    def _remember_over_quota(self, citizen_id: int, now: datetime) -> None:
        over = self._over_quota
        if len(over) >= OVER_QUOTA_REMEMBERED:  # forgotten: their next file is downloaded
            del over[next(iter(over))]
        over.pop(citizen_id, None)
        over[citizen_id] = now

    def _context(self, locale: str) -> FlowContext:
        settings = self.s.settings
        return FlowContext(
            tr=translator(locale),
            translator_for=translator,
            categories=load_categories(),
            places=self.s.places,
            route_unit=self.s.route_unit,
            new_reference=references.new_reference,
            now=self.s.clock(),
            max_text_chars=settings.max_text_chars,
            max_files_per_ticket=settings.max_files_per_ticket,
            expiry_hours=settings.draft_expiry_hours,
            max_file_mb=settings.max_file_mb,
            retention_days=settings.retention_days,
            triage_model=load_model(),
            knowledge=default_index(),
        )

    async def _step(
        self,
        row: inbox.InboxRow,
        event: CitizenEvent,
        citizen: citizens.Citizen,
        current: conversations.Conversation | None,
        stored: evidence_files.StoredFile | None,
        is_timer: bool = False,
        touch: bool = False,
        claim_id: int | None = None,
    ) -> bool:
        """Run the flow on the conversation as read with the row (`current`: the lane is
        held, so nothing else changed it since) and apply what it caused. `touch`: the
        citizen's row is still to be refreshed (last contact), in the step's transaction.
        True when the step kept `stored` and gave back its claim (`claim_id`) with the
        row naming it."""
        body = event.body
        assert not isinstance(body, MediaRef)
        locale = pick_locale(
            citizen.locale,
            event.language_code or citizen.platform_locale,
            self.s.settings.default_locale,
        )
        followup_tickets: tuple[FollowupTicket, ...] = ()
        recent = (0, 0)
        state = current.state if current else complaint.IDLE
        draft = current.draft if current else None
        # the tickets filed in the 24 hours before the complaint's start, for the
        # per-citizen caps: read with the start, else carried in the draft from its start
        # (`_hold_over_cap`; None: read at the submission)
        filed = _carried_filed(draft)
        if state == complaint.IDLE and not is_timer:
            now = self.s.clock()
            since = now - timedelta(hours=24)
            async with self.s.db.reading() as conn:
                start = await ticket_store.complaint_start(
                    conn,
                    citizen.id,
                    since,
                    now - timedelta(days=self.s.settings.followup_days),
                )
            recent = (start.flags, len(start.filed))  # the cooldown after abuse
            if self.s.followup_tickets is not None:
                followup_tickets = self.s.followup_tickets(start.followups)
            filed = start.filed
        inbound = Inbound(
            body=body, language_code=event.language_code, display_name=event.display_name
        )
        given_back = False
        for _attempt in range(3):  # a new reference can collide with an old one: retry
            ctx = self._context(locale)
            ctx.followup_tickets = followup_tickets
            ctx.followup_days = self.s.settings.followup_days
            ctx.abuse_recent, ctx.recent_tickets = recent
            ctx.carriers = carriers(event.channel)
            # The draft read for this event is handed over (no copy): should the step be
            # held or tried again, the draft as it was is read again from the store,
            # where it is unchanged until the step is applied (the lane is held).
            result = await complaint.handle(state, draft or Draft(), inbound, ctx, owned=True)
            result = await self._hold_over_cap(
                result, citizen, state, draft is not None, ctx.tr, filed
            )
            _carry_filed(result, filed)
            # What the citizen asked for (/dataku, /status) before the question the step
            # goes on with: on a phone the last message, with its buttons, is answered next.
            result.replies[:0] = await self._status_replies(result, citizen, ctx.tr)
            extra: list[Reply] = []
            if not is_timer:
                await self._slow_down_floods(row, result, extra, ctx.tr)
            try:
                given_back = await self._apply(
                    row,
                    event,
                    citizen,
                    current,
                    result,
                    extra,
                    stored,
                    is_timer,
                    _final_locale(result, locale),
                    touch,
                    claim_id,
                )
                break
            except sqlite3.IntegrityError as exc:
                if "tickets.reference" not in str(exc):
                    raise
                if draft is not None:  # the failed try changed the draft it was handed
                    draft = await self._stored_draft(citizen.id)
        self.s.wake_outbox()
        return given_back

    async def _stored_draft(self, citizen_id: int) -> Draft:
        """The citizen's draft as stored (before the step being handled is applied)."""
        async with self.s.db.reading() as conn:
            stored = await conversations.load(conn, citizen_id)
        return stored.draft if stored is not None else Draft()

    async def _hold_over_cap(
        self,
        result: StepResult,
        citizen: citizens.Citizen,
        state: str,
        had_draft: bool,
        tr: Translator,
        known: Filed | None = None,
    ) -> StepResult:
        """Per-citizen caps (DUMAS_MAX_TICKETS_PER_HOUR / _PER_DAY): one scripted account
        cannot flood the units with tickets. A step that would file one more is not
        applied: the conversation stays where it was with its draft (nothing is lost), and
        the citizen is told when it can be sent, with the same buttons to send it then.
        An urgent complaint is never held. `known`: the tickets filed in the 24 hours
        before the complaint's start (this step's or the draft's), which hold those of the
        24 hours before now; read here when not known."""
        submit = next((a for a in result.actions if isinstance(a, SubmitComplaint)), None)
        if submit is None or submit.draft.priority == "urgent" or not had_draft:
            return result
        settings = self.s.settings
        now = self.s.clock()  # the clock that stamps tickets.created_at
        window = now - timedelta(hours=24)
        if known is not None:
            filed = [f for f in known if f[0] >= window]
        else:
            async with self.s.db.reading() as conn:
                filed = await ticket_store.filed_since(conn, citizen.id, window)
        times = [at for at, _priority in filed]
        in_hour = [at for at in times if at >= now - timedelta(hours=1)]
        free_at: list[datetime] = []
        if len(in_hour) >= settings.max_tickets_per_hour:
            free_at.append(in_hour[-settings.max_tickets_per_hour] + timedelta(hours=1))
        if len(times) >= settings.max_tickets_per_day:
            free_at.append(times[-settings.max_tickets_per_day] + timedelta(hours=24))
        if not free_at:
            return result
        minutes = max(1, -int(-(max(free_at) - now).total_seconds() // 60))
        wait = (
            tr.gettext("{n} minutes").format(n=minutes)
            if minutes < 120
            else tr.gettext("{n} hours").format(n=-(-minutes // 60))
        )
        log.info("citizen %s over the ticket cap: held for %s minutes", citizen.id, minutes)
        kept = await self._stored_draft(citizen.id)  # the step changed the one it had
        text = tr.gettext(
            "You have sent several complaints in a short time, Sir/Madam. So that officers "
            "can handle every citizen's complaint, this one can be sent in about {wait}. It "
            "is kept here: press the button below again then. In an emergency, call 110 "
            "(free, 24 hours)."
        ).format(wait=wait)
        options = tuple(Option(choice, label) for choice, label in kept.last_options)
        return StepResult(state=state, draft=kept, replies=[Reply(text, options=options)])

    async def _slow_down_floods(
        self, row: inbox.InboxRow, result: StepResult, extra: list[Reply], tr: Translator
    ) -> None:
        """A citizen sending faster than anyone types is answered once, not per message.

        The step itself is applied (nothing the citizen sent is lost); only its replies are
        held back while the flood lasts, except a reply that carries an outcome (a ticket).
        One notice is sent when the flood starts. Other citizens are unaffected: their
        lanes and outbox chats are separate.
        """
        settings = self.s.settings
        recent = row.recent  # read with the row (bot/store/inbox.py next_pending)
        if recent < settings.flood_messages or any(
            isinstance(a, SubmitComplaint) for a in result.actions
        ):
            return
        result.replies.clear()
        extra.clear()
        if recent == settings.flood_messages:
            result.replies.append(
                Reply(
                    tr.gettext(
                        "You are sending messages very quickly, Sir/Madam. Everything you sent is "
                        "kept; please wait a moment, then send your next message."
                    )
                )
            )

    async def _status_replies(
        self, result: StepResult, citizen: citizens.Citizen, tr: Translator
    ) -> list[Reply]:
        replies: list[Reply] = []
        for action in result.actions:
            if isinstance(action, ShowMyData):
                async with self.s.db.reading() as conn:
                    replies.append(
                        await my_data(
                            conn,
                            citizen.id,
                            tr,
                            {c.id: c for c in load_categories()},
                            "Asia/Jakarta",
                            controller=self.s.settings.controller_name,
                            retention_days=self.s.settings.retention_days,
                        )
                    )
            if isinstance(action, ShowStatus):
                replies.append(await self.status_reply(citizen, action.argument, tr))
                if result.state != complaint.IDLE:
                    replies.append(
                        Reply(
                            tr.gettext(
                                "Your complaint in progress is kept; "
                                "continue whenever you are ready."
                            )
                        )
                    )
        return replies

    async def status_reply(self, citizen: citizens.Citizen, argument: str, tr: Translator) -> Reply:
        """/status for this citizen only: every query is filtered by the citizen's id."""
        db = self.s.db
        categories = {c.id: c for c in load_categories()}

        def view(t: Ticket) -> status.TicketView:
            category = categories.get(t.category)
            return status.TicketView(
                reference=t.reference,
                status=t.status,
                category_label=category.label(tr.locale) if category else t.category,
                unit_name=self.s.unit_name(t.unit_id),
                timezone=t.timezone,
                created_at=t.created_at,
                updated_at=t.updated_at,
            )

        typed = argument.strip()
        if not typed:
            own = await ticket_store.own_tickets(db, citizen.id)
            return status.ticket_list(tr, [view(t) for t in own])
        canonical, verdict = references.check(typed)
        if verdict == "shape":
            return status.malformed_number(tr, typed)
        if verdict == "checksum" or canonical is None:
            return status.mistyped_number(tr, typed)
        ticket = await ticket_store.own_ticket(db, citizen.id, canonical)
        if ticket is None:
            return status.not_found(tr, canonical)
        history = await ticket_store.events(db, ticket.id)
        events = [status.EventView(e.at, e.status, None) for e in history if e.kind == "status"]
        return status.ticket_history(tr, view(ticket), events)

    async def _apply(
        self,
        row: inbox.InboxRow,
        event: CitizenEvent,
        citizen: citizens.Citizen,
        current: conversations.Conversation | None,
        result: StepResult,
        extra: list[Reply],
        stored: evidence_files.StoredFile | None,
        is_timer: bool,
        locale: str,
        touch: bool = False,
        claim_id: int | None = None,
    ) -> bool:
        """Write what the step caused; True when it kept `stored` (its evidence row
        written, the claim `claim_id` given back with it)."""
        settings = self.s.settings
        now = self.s.clock()
        kept = _kept(event.body, stored, result, claim_id)
        if result.state == complaint.IDLE:
            reminder_due = expiry_due = None
        elif is_timer and current is not None:
            # A reminder does not count as the citizen's activity: expiry stays where it was.
            reminder_due = None
            expiry_due = parse_iso(current.expiry_due_at)
        else:
            reminder_due = now + timedelta(minutes=settings.reminder_minutes)
            expiry_due = now + timedelta(hours=settings.draft_expiry_hours)
        if self._one_statement_steps and _only_converses(result, stored, event):
            # the usual step, in one statement with other lanes' (bot/store/steps.py)
            consents = [a for a in result.actions if isinstance(a, RecordConsent)]
            applied = await self._conversational.submit(
                steps.ConversationalStep(
                    inbox_id=row.id,
                    citizen_id=citizen.id,
                    state=result.state,
                    draft=result.draft,
                    now=now,
                    reminder_due=reminder_due,
                    expiry_due=expiry_due,
                    channel=event.channel,
                    messages=_messages(event, result, extra, locale),
                    consent=steps.Consent(consents[0].version, consents[0].granted)
                    if consents
                    else None,
                    kept=kept,
                )
            )
            if not applied:
                raise inbox.AlreadyProcessed(f"inbox row {row.id} was already processed")
            return kept is not None
        erased: list[str] = []
        erasing = False
        filed = False  # a ticket was created by this step, in its transaction
        # shared with the steps of other lanes writing now: one COMMIT for them all;
        # DEFERRED as the usual step (above), unless it deletes files after its commit
        # (an erasure, a draft's files: bot/store/privacy.py makes those AT_COMMIT)
        async with self._steps.transaction(durability=Durability.DEFERRED) as conn:
            if touch:  # first, so that an erasure below (/hapusdata) has the last word
                # known and unchanged (`_arrive`): only its last contact to write
                await citizens.touch(conn, citizen.id)
            await conversations.save(
                conn, citizen.id, result.state, result.draft, now, reminder_due, expiry_due
            )
            if kept is not None:
                await kept.insert(conn, citizen.id, event.channel)
            for action in result.actions:
                if isinstance(action, SetLocale):
                    await citizens.set_locale(conn, citizen.id, action.locale)
                elif isinstance(action, SubmitComplaint):
                    await self._create_ticket(conn, citizen, action, result)
                    filed = True
                elif (
                    isinstance(action, AttachMessage | TicketFeedback)
                    and self.s.on_followup is not None
                ):
                    await self.s.on_followup(conn, citizen, action)
                elif isinstance(action, RecordConsent):
                    await triage_store.record_consent(
                        conn, citizen.id, action.version, action.granted, now
                    )
                elif isinstance(action, FlagMessage):
                    await triage_store.add_citizen_flag(
                        conn, citizen.id, "abuse", action.words, now
                    )
                elif isinstance(action, EraseMyData):
                    erased += await self._erase(conn, citizen, row, event, extra, locale)
                    erasing = True
                elif isinstance(action, AnswerGiven):
                    # counted for the transparency page; who asked is not recorded
                    await knowledge_store.record_answer(
                        conn,
                        article_id=action.article_id,
                        score=action.score,
                        unit_id=result.draft.polres_id,
                        channel=event.channel,
                        at=now,
                    )
            for action in result.actions:
                if isinstance(action, AttachMessage) and action.file_ref and stored is not None:
                    # A file sent about an open ticket belongs to it: erased with the
                    # ticket, never taken for a forgotten draft's file below.
                    await ticket_store.attach_evidence(
                        conn, action.ticket_id, citizen.id, [stored.stored_name]
                    )
            if result.state == complaint.IDLE and not erasing and not filed:
                # A draft that ended without a ticket (cancelled, expired) takes its files
                # with it. Not after a filing: the ticket took the draft's files, and a
                # citizen with an open ticket keeps any other (`forget_draft_files` keeps
                # them then), so the read would find nothing: one round trip less per
                # ticket on PostgreSQL (bench/README.md session 39).
                erased += await privacy.forget_draft_files(conn, citizen.id)
            await outbox_store.enqueue_many(
                conn, event.channel, _messages(event, result, extra, locale)
            )
            if erasing:
                # The answers just written go to the erased account: the outbox store
                # erases their chat id and payload once they are sent.
                await privacy.seal_in_flight(conn, event.channel, event.chat_id)
            await inbox.mark_processed(conn, row.id, "ok")
        if erasing or erased:
            await privacy.unlink_files(self.s.db, settings.evidence, erased)
        return kept is not None

    async def _erase(
        self,
        conn: Connection,
        citizen: citizens.Citizen,
        row: inbox.InboxRow,
        event: CitizenEvent,
        extra: list[Reply],
        locale: str,
    ) -> list[str]:
        """/hapusdata confirmed: erase in this transaction, the raw message of `row` (the
        confirmation being handled) with the rest; files go after the commit."""
        adapter = self.s.adapters.get(citizen.channel)
        lane = adapter.citizen_lane(citizen.external_id) if adapter is not None else None
        done = await privacy.erase_citizen(conn, citizen.id, self.s.clock(), lane, row.id)
        tr = translator(locale)
        if done.tickets:
            text = tr.ngettext(
                "Done: the personal data of {n} closed complaint was erased, "
                "with {files} evidence files.",
                "Done: the personal data of {n} closed complaints was erased, "
                "with {files} evidence files.",
                done.tickets,
            ).format(n=done.tickets, files=done.files)
        else:  # not "0 closed complaints were erased, with 0 files"
            text = tr.gettext("You have no closed complaint to erase.")
        if done.open_kept:
            text += "\n" + tr.ngettext(
                "{n} complaint is still open: it is kept until it is closed. Type /hapusdata "
                "again after that.",
                "{n} complaints are still open: they are kept until they are closed. Type "
                "/hapusdata again after that.",
                done.open_kept,
            ).format(n=done.open_kept)
            # the platform sends the profile name with every message: it is not stored
            # again (bot/store/citizens.py `name_unless_erased`)
            text += "\n" + tr.gettext(
                "Your name was erased and will not be stored again. Your chat account is "
                "kept so that officers can answer you about the open complaint."
            )
        else:
            text += "\n" + tr.gettext(
                "Your chat account and name were erased as well. Only anonymous statistics remain."
            )
        extra.append(Reply(text))
        return done.stored_names

    async def _create_ticket(
        self,
        conn: Connection,
        citizen: citizens.Citizen,
        action: SubmitComplaint,
        result: StepResult,
    ) -> None:
        d = action.draft
        chosen = next((c for c in d.place_candidates if c.get("code") == d.place_code), {})
        fields = _triage_fields(d)
        now = self.s.clock()
        repeated = await self._repeated_urgent(conn, citizen.id, d)
        if repeated:
            # a supervisor sees the account's run of urgent tickets on the card's flags
            flags = json.loads(fields["flags"] or "{}")
            flags["repeated_urgent"] = repeated
            fields["flags"] = json.dumps(flags, ensure_ascii=False)
        locale = pick_locale(
            citizen.locale, citizen.platform_locale, self.s.settings.default_locale
        )
        ticket = await ticket_store.create_row(
            conn,
            reference=action.reference,
            citizen_id=citizen.id,
            fields={
                "category": d.category,
                "unit_id": action.unit_id,
                "polda_id": action.polda_id,
                "timezone": action.timezone,
                "description": d.description or "",
                "occurred_at": action.occurred_at_utc,
                "occurred_text": d.occurred_text,
                "place_text": d.place_text,
                "place_code": d.place_code,
                "place_label": chosen.get("path"),
                "latitude": d.latitude,
                "longitude": d.longitude,
                "contact": d.contact or "chat",
                "locale": locale,
                "kind": _kind(d),
                **fields,
            },
            now=now,
            # the draft's files become the ticket's, in the statement that files it
            evidence=[e["stored_name"] for e in d.evidence if e.get("stored_name")],
        )
        ticket_id = ticket.id
        if repeated:
            await ticket_store.add_event(
                conn,
                ticket_id,
                "repeated_urgent",
                at=now,
                actor_kind="system",
                detail={"urgent_tickets_24h": repeated},
            )
        # possible duplicates are linked before the staff card is drawn (it shows them)
        # the ticket as written (its row returned by the INSERT): the links and the hook
        # need not read it back (session 36)
        await duplicates.link_duplicates(conn, ticket_id, now, ticket)
        if self.s.on_ticket_created is not None:
            await self.s.on_ticket_created(conn, ticket, action)

    async def _repeated_urgent(self, conn: Connection, citizen_id: int, d: Draft) -> int:
        """For an urgent ticket: how many urgent tickets this account filed in 24 hours
        with this one, when that is REPEATED_URGENT or more (else 0). Urgent tickets are
        never held by the caps, so a run of them is marked for a supervisor instead."""
        if d.priority != "urgent":
            return 0
        filed = await ticket_store.filed_since(
            conn, citizen_id, self.s.clock() - timedelta(hours=24)
        )
        count = 1 + sum(1 for _at, priority in filed if priority == "urgent")
        return count if count >= REPEATED_URGENT else 0


# What a step may ask for that `steps.ConversationalStep` writes, or that writes
# nothing in `_apply` (its replies were made before). Any other action, including one
# added later, takes the general transaction.
_ONE_STATEMENT_ACTIONS = (ShowMyData, ShowStatus, RecordConsent)


def _only_converses(
    result: StepResult, stored: evidence_files.StoredFile | None, event: CitizenEvent
) -> bool:
    """Whether the step writes only what `steps.ConversationalStep` holds: its
    conversation, its replies, its inbox row, at most one consent and the file it kept
    (as a citizen's Media), and the conversation stays open (one that ends takes the
    draft's files with it: `privacy.forget_draft_files`)."""
    return (
        (stored is None or isinstance(event.body, Media))
        and result.state != complaint.IDLE
        and all(isinstance(a, _ONE_STATEMENT_ACTIONS) for a in result.actions)
        and sum(isinstance(a, RecordConsent) for a in result.actions) <= 1
    )


def _kept(
    body: object,
    stored: evidence_files.StoredFile | None,
    result: StepResult,
    claim_id: int | None = None,
) -> steps.KeptFile | None:
    """The evidence row of a file the step kept (a citizen's Media), for either way of
    writing the step. A draft that goes on without the file did not keep it (one sent
    under the privacy notice, before the consent): no row, and the file is deleted. At
    idle the row is written as before: a follow-up attaches it to its ticket, and
    `privacy.forget_draft_files` takes any other."""
    if stored is None or not isinstance(body, Media):
        return None
    if result.state != complaint.IDLE and not any(
        e.get("stored_name") == stored.stored_name for e in result.draft.evidence
    ):
        return None
    return steps.KeptFile.from_media(body, stored, claim_id)


# (since, [(created_at, priority), ...]): a citizen's tickets filed since a time
Filed = list[tuple[datetime, str]]


def _carried_filed(draft: Draft | None) -> Filed | None:
    """The tickets filed before the draft began, as its start read them (`Draft.
    filed_recently`), or None when the draft does not carry them."""
    if draft is None or draft.filed_recently is None:
        return None
    return [(parse_utc(at), priority) for at, priority in draft.filed_recently]


def _carry_filed(result: StepResult, filed: Filed | None) -> None:
    """Keep in the draft the tickets its start read, for the caps at its submission: a
    ticket is filed for the account only by a draft's submission, so they stay all there
    is until then. A step that files one forgets them (the next start reads again)."""
    draft = result.draft
    if filed is None or any(isinstance(a, SubmitComplaint) for a in result.actions):
        draft.filed_recently = None
        return
    draft.filed_recently = [[iso(at), priority] for at, priority in filed]


def _messages(
    event: CitizenEvent, result: StepResult, extra: list[Reply], locale: str
) -> list[tuple[str, Outgoing]]:
    """The step's messages to the citizen, (chat id, message) in the order they go out:
    the answer to the pressed button, then the replies."""
    messages: list[tuple[str, Outgoing]] = []
    replies = [*result.replies, *extra]
    if event.callback_id:
        messages.append(
            (f"{event.chat_id}#cb", CallbackAnswer(event.callback_id, result.toast or ""))
        )
    elif result.toast:
        # No popup on this channel (a WhatsApp quick reply, the web): a short line.
        replies.append(Reply(result.toast))
    # The locale travels with the reply, so a channel that adds its own words
    # (WhatsApp's "reply with a number") uses the citizen's language.
    messages += [(event.chat_id, CitizenReply(reply, locale)) for reply in replies]
    return messages


def _triage_fields(d: Draft) -> dict[str, Any]:
    flags: dict[str, Any] = {}
    if d.emergency_words:
        flags["emergency"] = d.emergency_words
        if d.emergency_rules:
            flags["emergency_rules"] = d.emergency_rules  # "model": no word list fired
    if d.abuse_words:
        flags["abuse"] = {"words": d.abuse_words, "kinds": d.abuse_kinds}
    if d.suggested_category and d.category_evidence:
        # why the category was proposed, for the card; "accepted" when the citizen took it
        flags["category"] = {
            "suggested": d.suggested_category,
            "words": d.category_evidence,
            "accepted": d.category == d.suggested_category,
        }
    fields: dict[str, Any] = {"flags": json.dumps(flags, ensure_ascii=False) if flags else None}
    if d.priority == "urgent":
        fields["priority"] = "urgent"
    return fields


def _kind(d: Draft) -> str:
    """A question passed to the officers stays a question while it is filed as one; a
    citizen who chose another category on the way files a complaint after all."""
    if d.kind == knowledge_store.QUESTION and d.category == question.INFORMATION:
        return knowledge_store.QUESTION
    return knowledge_store.COMPLAINT


def _final_locale(result: StepResult, locale: str) -> str:
    chosen = [a.locale for a in result.actions if isinstance(a, SetLocale)]
    return chosen[-1] if chosen else locale


async def _upsert_citizen(conn: Connection, event: CitizenEvent) -> citizens.Citizen:
    """The event's citizen written as the platform gives it now (the arrival's and the
    step's upsert: one place for the fields an event carries)."""
    return await citizens.upsert(
        conn, event.channel, event.user_id, event.chat_id, event.language_code, event.display_name
    )


def _citizen_changed(known: citizens.Citizen, event: CitizenEvent) -> bool:
    """Whether the upsert would change more than the last contact: a new chat, or a
    platform language or name the platform now gives differently (None keeps the
    stored one, as the upsert's COALESCE does; a name erased at the citizen's request
    stays erased, `citizens.name_unless_erased`)."""
    return (
        known.chat_id != event.chat_id
        or (event.language_code is not None and event.language_code != known.platform_locale)
        or (
            event.display_name is not None
            and known.name_erased_at is None  # an erased name is not stored again
            and event.display_name != known.display_name
        )
    )
