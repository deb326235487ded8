"""Wiring a running Dumas: store, routing, channels, dispatcher, outbox senders, timers,
and the HTTP server, started and stopped together.

`Runtime.start()` opens the store (applying migrations), loads and validates reference
data (a broken routing table stops start-up with its reason), resumes rows a previous
process left pending, and starts the background loops. Tests build a Runtime against the
fake Bot API with the same code the `dumas run` command uses.

Every instance serves HTTP (webhooks, statistics, /healthz) and runs the dispatcher. The
singleton duties -- Telegram long polling, the outbox senders, the timers, the officers'
deadlines and digests, the retention purge -- run only while this instance is the leader
(bot/leadership.py): they start when it becomes leader and are cancelled the moment it
stops being leader -- and awaited, with the sends already on the wire, before the
leadership lock is given up or the store closes: a deposed leader never polls or sends
beside the new one, and no duty outlives `stop()`. On SQLite the one instance is always
the leader.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiohttp import web

from bot.catalog import load_categories
from bot.channels.base import ChannelAdapter
from bot.channels.telegram import webhook as telegram_webhook
from bot.channels.telegram.adapter import TelegramAdapter
from bot.channels.telegram.client import make_bot
from bot.channels.telegram.poller import ALLOWED_UPDATES, poll_forever
from bot.data_dir import make_private
from bot.dispatcher import Dispatcher, Services
from bot.event_loop import running_loop_name
from bot.http_server import bound_port, build_app, start_site
from bot.ingest import ingest
from bot.intake.journal import IntakeJournal
from bot.intake.mover import JournalMover
from bot.intake.supervisor import IntakeProcess
from bot.intake.wake import address_for
from bot.leadership import (
    AdvisoryLockLeadership,
    Leadership,
    OutboxBell,
    SoleInstance,
    instance_id,
    leader_key,
    sole_instance_for,
)
from bot.officers import binding
from bot.officers import deadlines as officer_deadlines
from bot.officers.forwarding import DocumentForwarding
from bot.officers.handler import StaffDesk
from bot.officers.service import Officers
from bot.outbox.failures import record_failure
from bot.outbox.limits import UNLIMITED, LimitConfig, RateLimits
from bot.outbox.sender import OutboxSender
from bot.process_memory import load_reference_data
from bot.routing.resolver import Router
from bot.settings import Settings
from bot.store import inbox as inbox_store
from bot.store import outbox as outbox_store
from bot.store.database import Database, DatabaseUnavailable, open_store, utcnow
from bot.timers import run_timers
from flows.ports import HandlingUnit, PlaceCandidate

log = logging.getLogger(__name__)
DUTY_RESTART_SECONDS = 1.0
# How long stepping down waits for the duties and the sends on the wire to end. Generous:
# the lock is kept meanwhile, and a send is bounded by the HTTP client's own timeouts.
DUTY_STOP_SECONDS = 10.0


async def _kept_running(name: str, duty: Callable[[], Awaitable[None]]) -> None:
    """A duty that fails (its first statement met a lost database connection, say) starts
    again after a pause instead of staying dead until the next election."""
    while True:
        try:
            await duty()
            return
        except Exception:
            log.exception("%s stopped; starting it again", name)
            await asyncio.sleep(DUTY_RESTART_SECONDS)


@dataclass
class Runtime:
    settings: Settings
    clock: Callable[[], datetime] = utcnow
    router: Router | None = None
    poll: bool | None = None  # None: as DUMAS_TELEGRAM_MODE says
    serve_http: bool = True
    timer_interval: float = 5.0
    limits: LimitConfig | None = None  # None: Telegram's published limits
    whatsapp_limits: LimitConfig | None = None  # None: DUMAS_TWILIO_MPS, 1/s per chat
    backoff_base: float = 1.0  # seconds before the first retry of a failed WhatsApp send
    # Channels beside Telegram/WhatsApp (the console chat, the web simulator): (adapter,
    # sender) pairs registered as they are.
    extra_channels: list[tuple[ChannelAdapter, Any]] = field(default_factory=list)
    # The channel of the staff groups cards go to ("web" in `dumas demo`).
    staff_channel: str = "telegram"
    # More HTTP routes (the demo pages): called with the app and this runtime at start.
    extra_routes: list[Callable[[web.Application, Runtime], None]] = field(default_factory=list)
    db: Database = field(init=False)
    dispatcher: Dispatcher = field(init=False)
    adapters: dict[str, ChannelAdapter] = field(init=False, default_factory=dict)
    senders: dict[str, OutboxSender] = field(init=False, default_factory=dict)
    http: web.AppRunner | None = field(init=False, default=None)
    _tasks: list[asyncio.Task[Any]] = field(init=False, default_factory=list)
    leadership: Leadership | None = field(init=False, default=None)
    # The singleton duties' tasks while this instance leads (empty otherwise).
    _duties: list[asyncio.Task[Any]] = field(init=False, default_factory=list)
    _polling: bool = field(init=False, default=False)
    # PostgreSQL: NOTIFY the leader's senders (in whichever process) after outbox commits.
    _bell: OutboxBell | None = field(init=False, default=None)
    _telegram: TelegramAdapter | None = field(init=False, default=None)
    _whatsapp: Any = field(init=False, default=None)  # WhatsAppAdapter when configured
    officers: Officers = field(init=False)
    # With DUMAS_INTAKE_PROCESS: the process answering webhooks, and its journal's mover.
    intake: IntakeProcess | None = field(init=False, default=None)
    journal: IntakeJournal | None = field(init=False, default=None)
    mover: JournalMover | None = field(init=False, default=None)

    # ------------------------------------------------------------------ routing glue

    def handling_unit(self, unit_id: str) -> HandlingUnit | None:
        assert self.router is not None
        unit = self.router.unit(unit_id)
        if unit is None:
            return None
        polda = self.router.unit(unit.polda_id)
        return HandlingUnit(
            unit.id, unit.name, unit.polda_id, polda.name if polda else unit.polda_id, unit.timezone
        )

    def route_unit(self, place: PlaceCandidate, route_to: str) -> HandlingUnit | None:
        assert self.router is not None
        try:
            unit = self.router.unit_for(place, route_to)
        except ValueError:
            return None
        return self.handling_unit(unit.id)

    def unit_name(self, unit_id: str | None) -> str | None:
        unit = self.handling_unit(unit_id) if unit_id else None
        return unit.name if unit else None

    # ------------------------------------------------------------------ life cycle

    async def start(self) -> None:
        try:
            await self._start()
        except BaseException:
            # a failed start must not keep the data directory from the next attempt
            if isinstance(self.leadership, SoleInstance):
                self.leadership.release()
            raise

    async def _start(self) -> None:
        s = self.settings
        make_private(s.data_dir)  # 0700, and every file the process writes 0600
        load_categories()
        if self.router is None:
            self.router = await asyncio.to_thread(Router.load, s)
        store = open_store(s.database_url, s.db_path)
        if store.dialect == "sqlite":
            # before the file is opened: a refused second instance must not touch it
            self.leadership = await sole_instance_for(s.data_dir)
        self.db = await store.open()
        if self.db.dialect == "postgresql":
            self._bell = OutboxBell(self.db)
        assert self.router is not None
        officers = Officers(self.db, s, self.router.table, self.clock, channel=self.staff_channel)
        self.officers = officers
        if s.telegram_enabled:
            bot = make_bot(s)
            await bot.initialize()
            self._telegram = TelegramAdapter(bot, documents=DocumentForwarding(self.db, s.evidence))
            self.adapters["telegram"] = self._telegram
            self.senders["telegram"] = OutboxSender(
                self.db,
                self._telegram.sender,
                limits=RateLimits(self._limits(self.limits)),
                after_sent=officers.cards.on_sent,
                after_failed=functools.partial(record_failure, self.db),
                # a staff group upgraded to a supergroup, or the bot removed from it
                after_moved=functools.partial(binding.chat_moved, officers.cards),
                after_gone=functools.partial(binding.chat_gone, officers.groups),
                backoff_base=self.backoff_base,
            )
        if s.whatsapp_enabled:
            self._start_whatsapp()
        for adapter, sender in self.extra_channels:
            self.adapters[adapter.name] = adapter
            self.senders[adapter.name] = OutboxSender(
                # every chat of theirs is "exempt" (no rate limits): replies queue there
                self.db,
                sender,
                after_sent=officers.cards.on_sent,
                exempt_chats_are_answers=False,
            )
        self.dispatcher = Dispatcher(
            Services(
                settings=s,
                db=self.db,
                adapters=self.adapters,
                places=self.router,
                route_unit=self.route_unit,
                unit_name=self.unit_name,
                wake_outbox=self.wake_outbox,
                on_ticket_created=officers.distribution.on_ticket_created,
                on_staff_event=StaffDesk(
                    officers, self._member_status, self.wake_outbox
                ).on_staff_event,
                followup_tickets=officers.followup.followup_tickets,
                on_followup=officers.followup.on_followup,
                clock=self.clock,
            )
        )
        await self._start_channels()
        if self.leadership is None:  # PostgreSQL: elected among the instances
            self.leadership = AdvisoryLockLeadership(
                s.database_url,
                self.instance,
                self._wake_local_senders,
                key=leader_key(self.senders),
            )
        await self.leadership.start(self._leadership_changed)
        # In the background: the first messages may come before it ends (they load what
        # they need themselves); readiness does not wait for it.
        self._tasks.append(asyncio.create_task(asyncio.to_thread(load_reference_data)))
        resumed = await self.dispatcher.resume()
        if resumed:
            log.info("resumed %d lanes with pending events", resumed)
        # every instance (PostgreSQL): lanes another instance left pending when it died or
        # lost its connection (returns at once on SQLite)
        self._tasks.append(asyncio.create_task(self.dispatcher.run_sweep()))

    @property
    def instance(self) -> str:
        """This process's name in /healthz and the leadership log lines."""
        return instance_id(self.settings.instance_id)

    @property
    def is_leader(self) -> bool:
        return self.leadership is not None and self.leadership.is_leader

    async def _leadership_changed(self, leading: bool) -> None:
        if leading:
            if self.db.dialect == "postgresql":
                # the leader before may have sent to any chat a moment ago
                for sender in self.senders.values():
                    sender.limits.spent_by_another()
            self._start_duties()
            if self.db.dialect == "postgresql":
                # taking over from a leader that died: the rows it polled and did not
                # handle yet are in lanes nobody here has been told about
                self._tasks.append(asyncio.create_task(self._resume_after_takeover()))
        else:
            await self._stop_duties()

    async def _resume_after_takeover(self) -> None:
        try:
            resumed = await self.dispatcher.resume()
        except Exception as exc:  # the store is unreachable: the lanes' sweep does it later
            log.warning("lanes not resumed after taking over: %s", exc)
            return
        if resumed:
            log.info("took over: resumed %d lanes with pending events", resumed)

    def _start_duties(self) -> None:
        """What exactly one instance runs for the whole bot (module docstring)."""
        s = self.settings
        if self._duties:
            return
        from bot.privacy.service import run_daily  # the retention purge, once a day

        duties: dict[str, Callable[[], Awaitable[None]]] = {
            f"{name} outbox": sender.run for name, sender in self.senders.items()
        }
        duties["timers"] = lambda: run_timers(
            self.db, self.dispatcher, self.adapters, self.clock, self.timer_interval
        )
        duties["retention purge"] = lambda: run_daily(
            self.db, s.evidence, s.retention_days, self.clock
        )
        duties["officers' deadlines"] = lambda: officer_deadlines.run(
            self.db,
            self.clock,
            self.officers.escalation.on_deadline,
            self.wake_outbox,
            self.timer_interval,
        )
        telegram = self._telegram
        if self._polling and telegram is not None:
            duties["telegram polling"] = lambda: poll_forever(
                telegram.bot, self.db, self.dispatcher, telegram
            )
        self._duties = [
            asyncio.create_task(_kept_running(name, duty)) for name, duty in duties.items()
        ]
        self.wake_outbox()  # rows committed while another instance led

    async def _stop_duties(self, deliveries: bool = True) -> None:
        """Cancel the duties and wait until they have ended: a deposed leader must not
        send or poll beside the new one, which can lead only once this returns (the lock
        is given up after it). A send already on the wire finishes and its row is marked
        as any send's would be: cancelled, it would be left 'sending' and sent again by
        the new leader."""
        duties, self._duties = self._duties, []
        for task in duties:
            task.cancel()
        sends = [s.finish_deliveries() for s in self.senders.values()] if deliveries else []
        ending = asyncio.gather(*duties, *sends, return_exceptions=True)
        # asyncio.wait, not wait_for: neither its timeout nor a cancellation of this
        # coroutine may cancel a send on the wire (its row would be left 'sending')
        _, unfinished = await asyncio.wait({ending}, timeout=DUTY_STOP_SECONDS)
        if unfinished:
            log.error("duties still running %.0f s after stepping down", DUTY_STOP_SECONDS)

    def _limits(self, given: LimitConfig | None) -> LimitConfig | None:
        """The limits passed in, else none at all with DUMAS_OUTBOX_RATE_LIMITS=off."""
        if given is None and self.settings.outbox_rate_limits == "off":
            return UNLIMITED
        return given

    async def _member_status(self, chat_id: str, user_id: str) -> str:
        """getChatMember (a read, not a message: not through the outbox), as a status."""
        if self.staff_channel != "telegram":
            return "member"  # the web demo's staff page has no membership to check
        if self._telegram is None:
            return "left"
        member = await self._telegram.bot.get_chat_member(int(chat_id), int(user_id))
        if member.status == "restricted":
            return "member" if getattr(member, "is_member", False) else "left"
        return str(member.status)

    async def fire_deadlines(self) -> int:
        """One round of the deadline loop now (tests, with a controlled clock)."""
        fired = await officer_deadlines.fire_due(
            self.db, self.clock(), self.officers.escalation.on_deadline
        )
        self.wake_outbox()
        return fired

    def _start_whatsapp(self) -> None:
        from bot.channels.whatsapp.adapter import WhatsAppAdapter
        from bot.channels.whatsapp.client import client_from_settings
        from bot.channels.whatsapp.sender import WhatsAppOutbox, whatsapp_limits

        s = self.settings
        self._whatsapp = WhatsAppAdapter(s, client_from_settings(s), self.db, self.clock)
        self.adapters["whatsapp"] = self._whatsapp
        self.senders["whatsapp"] = WhatsAppOutbox(
            self.db,
            self._whatsapp.sender,
            limits=RateLimits(self._limits(self.whatsapp_limits) or whatsapp_limits(s)),
            after_failed=self._whatsapp.after_failed,
            backoff_base=self.backoff_base,
        )

    async def _start_channels(self) -> None:
        s = self.settings
        app = build_app(self.health)
        if self._telegram is not None:
            bot = self._telegram.bot
            polling = self.poll if self.poll is not None else s.telegram_mode == "polling"
            if polling:
                # every instance: idempotent, and a webhook left set would make the
                # leader's getUpdates fail with 409 (bot/channels/telegram/poller.py)
                await bot.delete_webhook(drop_pending_updates=False)
                self._polling = True  # by the leader only: _start_duties
            else:
                telegram_webhook.add_routes(
                    app,
                    functools.partial(ingest, self.db, self.dispatcher, self._telegram),
                    s.telegram_webhook_secret,
                )
                await bot.set_webhook(
                    f"{s.public_url}{telegram_webhook.PATH}",
                    secret_token=s.telegram_webhook_secret,
                    allowed_updates=ALLOWED_UPDATES,
                )
        if self._whatsapp is not None:
            from bot.channels.whatsapp import webhook as whatsapp_webhook

            whatsapp_webhook.add_message_route(
                app, functools.partial(ingest, self.db, self.dispatcher, self._whatsapp), s
            )
            whatsapp_webhook.add_status_route(app, self.db, s, self.clock)
        if s.public_stats:
            from bot.transparency.routes import add_routes as add_statistics_routes

            add_statistics_routes(app, self)
        for add_routes in self.extra_routes:
            add_routes(app, self)
        if self.serve_http and self._uses_intake():
            await self._start_intake(app)
        elif self.serve_http:
            self.http = await start_site(app, s.http_host, s.http_port)
            log.info("HTTP server on %s:%d", s.http_host, bound_port(self.http))

    def _uses_intake(self) -> bool:
        s = self.settings
        polling = self.poll if self.poll is not None else s.telegram_mode == "polling"
        webhooks = (self._telegram is not None and not polling) or self._whatsapp is not None
        return s.intake_process and webhooks

    async def _start_intake(self, app: web.Application) -> None:
        """The intake process takes the public port; this process listens on 127.0.0.1
        for what it passes through, and moves the journal's rows into the inbox."""
        s = self.settings
        self.journal = await IntakeJournal(s.data_dir).open()  # migrated before it starts
        self.mover = JournalMover(
            self.journal,
            self.db,
            self.dispatcher,
            self.adapters,
            address_for(s.data_dir, "rows"),
            address_for(s.data_dir, "trim"),
        )
        await self.mover.finish()  # what a previous run acknowledged and did not move
        self._tasks.append(asyncio.create_task(self.mover.run()))
        self.http = await start_site(app, "127.0.0.1", 0)
        self.intake = IntakeProcess(s, bound_port(self.http))
        await self.intake.start()
        log.info(
            "intake process on %s:%s, main process on 127.0.0.1:%d",
            s.http_host,
            self.intake.port,
            bound_port(self.http),
        )

    @property
    def http_port(self) -> int:
        """The public port: the intake process's when there is one."""
        if self.intake is not None and self.intake.port is not None:
            return self.intake.port
        assert self.http is not None
        return bound_port(self.http)

    def wake_outbox(self) -> None:
        """Outbox rows were committed: wake the senders, here or in the leader's process."""
        self._wake_local_senders()
        if self._bell is not None and not self.is_leader:
            self._bell.ring()

    def _wake_local_senders(self) -> None:
        for sender in self.senders.values():
            sender.wake()

    async def health(self) -> dict[str, object]:
        """/healthz: 503 (ok false) when the database is unreachable or full."""
        database = {"status": "ok", "dialect": self.db.dialect}
        try:
            failed = await outbox_store.failed_count(self.db)
            pending = await inbox_store.pending_count(self.db)
        except DatabaseUnavailable:
            database["status"] = "unreachable"
            who = self._who()
            return {"ok": False, "error": "database unreachable", "database": database, **who}
        except Exception as exc:
            return {"ok": False, "error": type(exc).__name__, "database": database, **self._who()}
        if self.db.full_since is not None:
            return {"ok": False, "error": "storage full", "since": self.db.full_since.isoformat()}
        report: dict[str, object] = {
            "ok": True,
            "database": database,
            **self._who(),
            "channels": sorted(self.adapters),
            "event_loop": running_loop_name(),
            "inbox_pending": pending,
            "outbox_failed": failed,
        }
        if self.journal is not None:
            report["intake_backlog"] = await self.journal.backlog()
        return report

    def _who(self) -> dict[str, object]:
        """Who this is and whether it leads, read after the report's queries: a report
        that waited on a slow database must not say "leader" for an instance that has
        handed over meanwhile (another would say it too)."""
        return {"leader": self.is_leader, "instance": self.instance}

    async def stop(self) -> None:
        """Stop everything, each step bounded in time: a platform that does not answer
        must not keep the process from exiting (what was not finished stays in the store
        and is resumed at the next start)."""
        if self.intake is not None:
            # first no new webhooks, then the last journal rows into the inbox
            await self.intake.stop()
            if self.mover is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(self.mover.finish(), 10)
        if self.leadership is not None:
            # the duties end before the lock goes (PostgreSQL: another may lead then)
            await self.leadership.stop()
        # whatever the leadership did, no duty outlives the store (the sends on the wire
        # are waited for by the senders' stop below, after the dispatcher's last steps)
        await self._stop_duties(deliveries=False)
        if self._bell is not None:
            await self._bell.close()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(task, 5)
        self._tasks.clear()
        if self.http is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.http.cleanup(), 5)
            self.http = None
        with contextlib.suppress(Exception):
            await self.dispatcher.wait_idle(10)
        for sender in self.senders.values():
            with contextlib.suppress(Exception):
                await asyncio.wait_for(sender.stop(), 10)
        if self._telegram is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._telegram.bot.shutdown(), 5)
        if self._whatsapp is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._whatsapp.close(), 5)
        if self.journal is not None:
            await self.journal.close()
        await self.db.close()
        if isinstance(self.leadership, SoleInstance):
            self.leadership.release()  # last: the data directory is free for the next run

    async def __aenter__(self) -> Runtime:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()
