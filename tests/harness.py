"""End-to-end harness: a real Dumas runtime talking to the fake Telegram Bot API.

`Harness` starts FakeBotAPI on 127.0.0.1, builds the product's Runtime with settings that
point python-telegram-bot at it, and offers `TgCitizen`, which plays a citizen: it posts
real update JSON (through long polling or the webhook) and waits until the bot has
stored the update, handled it and delivered everything it caused, then returns the
messages the bot sent to that chat in the meantime.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import shutil
import tempfile
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.app import Runtime
from bot.outbox.limits import LimitConfig
from bot.routing.resolver import Router
from bot.settings import Settings, load_settings
from bot.store import citizens
from bot.store import tickets as ticket_store
from bot.store.connection import Connection
from bot.store.database import Database, iso
from bot.tickets.reference import new_reference
from tests.fakes.telegram_api import Call, FakeBotAPI
from tests.fakes.updates import UpdateFactory

TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz"
FAST = LimitConfig(
    overall_per_second=1000,
    overall_burst=1000,
    private_per_second=1000,
    private_burst=1000,
    group_per_minute=60000,
    group_burst=1000,
)

# How long `Harness.settle` waits before failing. A settled bot returns at once (the wait
# polls the store), so this only bounds a failure: it is generous because the parallel
# suite shares two cores with its PostgreSQL server and subprocesses (10 s timed out there).
SETTLE_TIMEOUT = 60.0


def webhook_env(secret: str) -> dict[str, str]:
    """Settings of a bot that takes its updates by webhook, on an ephemeral local port
    behind the public URL Telegram posts to."""
    return {
        "DUMAS_TELEGRAM_MODE": "webhook",
        "DUMAS_TELEGRAM_WEBHOOK_SECRET": secret,
        "DUMAS_PUBLIC_URL": "https://dumas.example.go.id",
        "DUMAS_HTTP_PORT": "0",
    }


def settings_for(data_dir: Path, api_url: str, **extra: str) -> Settings:
    # Scripted citizens tap faster than people: flood control is tested on its own.
    env = {
        "DUMAS_DATA_DIR": str(data_dir),
        "DUMAS_TELEGRAM_TOKEN": TOKEN,
        "DUMAS_TELEGRAM_API_URL": api_url,
        "DUMAS_HTTP_PORT": "1",
        "DUMAS_FLOOD_MESSAGES": "10000",
        **extra,
    }
    return load_settings(env, env_file=None)


@dataclass
class Clock:
    """A controllable clock for timers and deadlines."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self.now += timedelta(**delta)


@dataclass
class Harness:
    api: FakeBotAPI
    runtime: Runtime
    updates: UpdateFactory = field(default_factory=UpdateFactory)

    @property
    def db(self):
        return self.runtime.db

    async def settle(self, timeout: float = SETTLE_TIMEOUT, retries: bool = False) -> None:
        """Wait until every stored update is handled and nothing is left to send now
        (with `retries`, also until every retry scheduled for later is done)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        ahead = timedelta(days=1) if retries else timedelta(seconds=1)
        while loop.time() < deadline:
            pending_in = await self.db.fetchone(
                "SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL"
            )
            # the horizon computed here, not with SQLite's strftime: the same on PostgreSQL
            pending_out = await self.db.fetchone(
                "SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending') "
                "AND not_before <= ?",
                (iso(datetime.now(UTC) + ahead),),
            )
            if (
                pending_in[0] == 0
                and pending_out[0] == 0
                and not self.api.updates
                and not self.runtime.dispatcher._running
                and await self._journal_moved()
            ):
                return
            await asyncio.sleep(0.02)
        raise TimeoutError("the bot did not settle")

    async def _journal_moved(self) -> bool:
        """With the intake process: every journal row is in the inbox."""
        rt = self.runtime
        if rt.journal is None or rt.mover is None:
            return True
        row = await rt.journal.db.fetchone("SELECT COALESCE(MAX(id), 0) FROM journal")
        return row is not None and int(row[0]) <= rt.mover.moved_up_to

    settle_retries: bool = False

    async def deliver(self, update: dict[str, Any]) -> None:
        self.api.push_update(update)
        await asyncio.sleep(0)
        await self.settle(retries=self.settle_retries)

    def citizen(self, user_id: int, language: str = "id") -> TgCitizen:
        return TgCitizen(self, user_id, language)

    async def fire_timers(self) -> None:
        from bot.timers import fire_due_timers

        await fire_due_timers(
            self.db, self.runtime.dispatcher, self.runtime.adapters, self.runtime.clock()
        )
        await self.settle()

    async def rows(self, sql: str, *params: Any) -> list[Any]:
        return list(await self.db.fetchall(sql, params))


@dataclass
class TgCitizen:
    h: Harness
    user_id: int
    language: str = "id"

    def messages(self) -> list[Call]:
        return [c for c in self.h.api.sent(self.user_id)]

    async def _send(self, update: dict[str, Any]) -> list[Call]:
        before = len(self.messages())
        await self.h.deliver(update)
        return self.messages()[before:]

    async def say(self, text: str) -> list[Call]:
        if text.startswith("/"):
            return await self._send(
                self.h.updates.command(self.user_id, text, language_code=self.language)
            )
        return await self._send(
            self.h.updates.text(self.user_id, text, language_code=self.language)
        )

    def last_with_buttons(self) -> Call:
        for call in reversed(self.messages()):
            if call.callback_data():
                return call
        raise AssertionError("no message with buttons was sent to this citizen")

    async def press(self, data: str) -> list[Call]:
        """Press the button with this callback data on the newest message that has it."""
        for call in reversed(self.messages()):
            if data in call.callback_data():
                message_id = call.result["message_id"]
                return await self._send(
                    self.h.updates.callback(
                        self.user_id, data, message_id, language_code=self.language
                    )
                )
        raise AssertionError(
            f"no button {data!r}; last buttons: {self.last_with_buttons().callback_data()}"
        )

    async def send(self, update: dict[str, Any]) -> list[Call]:
        return await self._send(update)


def texts(calls: list[Call]) -> str:
    return "\n---\n".join(c.text or "" for c in calls)


def dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, default=str)


RuntimeFactory = Callable[..., Runtime]


def make_runtime(settings: Settings, router: Router, **kwargs: Any) -> Runtime:
    kwargs.setdefault("limits", FAST)
    kwargs.setdefault("poll", True)
    kwargs.setdefault("serve_http", False)
    return Runtime(settings, router=router, **kwargs)


_migrated: Path | None = None  # this process's migrated SQLite store (migrated_store)


async def migrated_store(settings: Settings) -> None:
    """On SQLite, a conversation harness's new data directory starts with a copy of a store
    this process migrated once, as a second start finds it: the runtime's own `migrate()`
    then finds nothing to apply. Migrating a new file is 22 transactions, each COMMIT
    synced to disk (synchronous=FULL): 0.05-0.3 s of wall time a store here (session 39),
    paid by every test of a conversation, whose subject is not the migrations
    (tests/store/test_schema_version.py, the store tests and the tests starting a runtime
    by other ways keep migrating new files). Nothing is done on PostgreSQL (each test has
    a database copied from a migrated template, tests/conftest.py) or where a store file
    exists."""
    global _migrated
    if settings.database_url or settings.db_path.exists():
        return
    if _migrated is None:
        folder = Path(tempfile.mkdtemp(prefix="dumas-migrated-"))
        atexit.register(shutil.rmtree, folder, True)
        db = await Database(folder / "dumas.sqlite3").open()  # the product's migrations
        await db.close()  # the last connection: the write-ahead log is folded in, removed
        _migrated = folder / "dumas.sqlite3"
    # as make_private (bot/data_dir.py) makes them: the directory 0700, the file 0600
    settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    shutil.copyfile(_migrated, settings.db_path)
    settings.db_path.chmod(0o600)


@asynccontextmanager
async def started(api: FakeBotAPI, runtime: Runtime) -> AsyncIterator[Harness]:
    """The runtime started and wrapped in a Harness; stopped when the block ends."""
    await runtime.start()
    try:
        yield Harness(api, runtime)
    finally:
        await runtime.stop()


@asynccontextmanager
async def telegram_harness(
    data_dir: Path,
    router: Router,
    env: dict[str, str] | None = None,
    bot_api: dict[str, Any] | None = None,
    **runtime_kwargs: Any,
) -> AsyncIterator[Harness]:
    """A fake Bot API (FakeBotAPI's options in `bot_api`) and a runtime on it
    (`settings_for` with `env`, `make_runtime` with `runtime_kwargs`): the one place the
    Telegram tests build their bot."""
    async with FakeBotAPI(token=TOKEN, **(bot_api or {})) as api:
        settings = settings_for(data_dir, api.url, **(env or {}))
        await migrated_store(settings)
        runtime = make_runtime(settings, router, **runtime_kwargs)
        async with started(api, runtime) as harness:
            yield harness


def webhook_harness(
    data_dir: Path, router: Router, secret: str, **runtime_kwargs: Any
) -> AbstractAsyncContextManager[Harness]:
    """`telegram_harness` for a bot that takes its updates by webhook (`webhook_env`) and
    serves HTTP instead of polling."""
    return telegram_harness(
        data_dir, router, webhook_env(secret), poll=False, serve_http=True, **runtime_kwargs
    )


async def stored_ticket(
    conn: Connection,
    *,
    unit: str,
    polda: str,
    at: datetime,
    citizen: str = "5001",
    reference: str | None = None,
    **fields: Any,
) -> tuple[int, str]:
    """A ticket of `unit` written straight into the store (no conversation): a theft
    reported over Telegram by `citizen`; `fields` override the ticket's columns. Its id
    and number."""
    person = await citizens.upsert(conn, "telegram", citizen, citizen, "id", None)
    reference = reference or new_reference()
    ticket_id = await ticket_store.create(
        conn,
        reference=reference,
        citizen_id=person.id,
        fields={
            "category": "crime",
            "description": "motor dicuri",
            "timezone": "Asia/Jakarta",
            "contact": "chat",
            "locale": "id",
            "unit_id": unit,
            "polda_id": polda,
            **fields,
        },
        now=at,
    )
    return ticket_id, reference
