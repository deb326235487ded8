"""Which `dumas run` instance is the leader: the one that runs the singleton duties.

Several instances may share one PostgreSQL database (issue 19). Webhooks and the
dispatcher run on all of them, but some work must run exactly once for the whole bot:
Telegram long polling (Telegram allows one getUpdates client per token), every outbox
sender (per-chat order and the bot-wide limits of 30/s, 1/s per chat, 20/min per group
then hold without shared counters), the conversation timers, the officers' deadlines and
digests, and the daily retention purge. The leader runs them; bot/app.py starts and
stops them as leadership comes and goes.

On PostgreSQL (`AdvisoryLockLeadership`) each instance keeps one dedicated connection,
besides the store's, and asks `pg_try_advisory_lock(LEADER_KEY)` about once a second. A
session-level advisory lock belongs to the connection: when the leader's process dies its
socket closes, the server drops the lock, and the next instance to ask gets it (about a
second; README "More than one instance" has the measured figure). The leader pings its
connection on the same beat: a connection that fails (server restarted, network gone),
or answers slower than PING_TIMEOUT, ends the leadership: the duties stop, and the
instance goes back to asking.

Handing over, the order is what keeps the duties exactly-once: `is_leader` turns false
first, then `on_change(False)` is awaited until every duty has ended (a send on the wire
included), and only then is the connection closed -- the lock given up -- so no other
instance can lead while this one still polls or sends. (When the connection was cut by
the network rather than by us, the server may have freed the lock already; the duties
are then cancelled at once, which is all an instance can do without the server.) After
`stop()` the campaign never leads again, even if a cancellation was swallowed on the way
(Python 3.11's `asyncio.wait_for` loses one when its awaitable ends at the same moment).

The same connection carries the wake-ups of the leader's outbox senders: an instance
that committed outbox rows sends `NOTIFY dumas_outbox` (`OutboxBell`, debounced) and the
leader LISTENs. The senders still look at the outbox every second by themselves, so a
lost notification only delays a message.

The lock's key names the channels the instance sends on (`leader_key`): instances
configured alike -- the deployment this is for -- compete for one lock and exactly one
leads. A process configured with other channels on the same database is another fleet
and leads its own (the tests run a Telegram-only and a WhatsApp-only runtime on one
database); run one configuration per database in production.

On SQLite (`SoleInstance`) the database is one file on one machine: the one instance is
the leader, and an OS lock on a file in the data directory makes a second `dumas run` on
the same directory stop at start with one line (two would both poll and both send).
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import socket
import zlib
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

from bot.store.database import Database, StoreUnavailableError

log = logging.getLogger(__name__)

# The advisory lock key of "the Dumas leader" (bigint): "DUMASLDR" in ASCII. Migrations
# use another key (bot/store/postgres.py MIGRATION_LOCK); lanes use their own (bot/store/lanes.py).
LEADER_KEY = 0x44554D41534C4452
OUTBOX_CHANNEL = "dumas_outbox"  # LISTEN/NOTIFY channel: "outbox rows were committed"
RETRY_SECONDS = 1.0  # how often a follower asks for the lock, and the leader pings
PING_TIMEOUT = 5.0  # a leader whose connection does not answer this fast steps down
STOP_TIMEOUT = 5.0  # seconds stop() waits for the campaign to end
LOCK_FILE = "dumas-run.lock"  # in the data directory (SQLite)

# Awaited with True when this instance becomes the leader, with False when it stops being
# it; the False call returns once the duties have ended (the lock is given up after it).
OnChange = Callable[[bool], Awaitable[None]]


def leader_key(channels: Iterable[str]) -> int:
    """The advisory lock key of the leader of instances sending on these channels."""
    signature = ",".join(sorted(channels)).encode()
    return LEADER_KEY ^ zlib.crc32(signature)


def instance_id(configured: str) -> str:
    """DUMAS_INSTANCE_ID, else hostname:pid (unique among live processes of one host)."""
    return configured or f"{socket.gethostname()}:{os.getpid()}"


class Leadership(Protocol):
    is_leader: bool

    async def start(self, on_change: OnChange) -> None:
        """Begin: `on_change` is called at every change of leadership until `stop`."""

    async def stop(self) -> None:
        """Give leadership up (and its lock) and stop trying."""


class InstanceAlreadyRunning(StoreUnavailableError):
    """Another `dumas run` holds this SQLite data directory (the message says what to do)."""


class SoleInstance:
    """SQLite: one instance per data directory, always the leader.

    `flock` on a file in the data directory, held as long as the process runs: the kernel
    releases it when the process ends in any way (a SIGKILL included), so a restart after
    a crash is never refused. The lock is per open file, so even a second runtime in the
    same process (a test) is refused.
    """

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_FILE
        self.is_leader = False
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the directory, or raise InstanceAlreadyRunning naming who holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 100).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise InstanceAlreadyRunning(
                f"another `dumas run` ({holder}) is using the data directory "
                f"{self.path.parent}; stop it first (several instances need "
                "DUMAS_DATABASE_URL=postgresql://...)"
            ) from None
        # Who holds it, for the refusal above (informative only: the lock is the flock).
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}".encode())
        self._fd = fd

    async def start(self, on_change: OnChange) -> None:
        if self._fd is None:
            self.acquire()
        self.is_leader = True
        await on_change(True)

    async def stop(self) -> None:
        """Leadership ends with the runtime; the directory stays held until `release`."""
        self.is_leader = False

    def release(self) -> None:
        """Free the data directory (after the store is closed)."""
        self.is_leader = False
        if self._fd is not None:
            os.close(self._fd)  # closing the last descriptor releases the flock
            self._fd = None


class AdvisoryLockLeadership:
    """PostgreSQL: the instance holding the session advisory lock `key` leads."""

    def __init__(
        self,
        url: str,
        instance: str,
        wake_senders: Callable[[], None],
        key: int = LEADER_KEY,
        retry: float = RETRY_SECONDS,
    ) -> None:
        self.url = url
        self.key = key
        self.instance = instance
        self.wake_senders = wake_senders
        self.retry = retry
        self.is_leader = False
        self._task: asyncio.Task[None] | None = None
        self._raw: Any = None  # the current leadership connection (stop() closes it)
        self._stopped = False  # set by stop(): never lead again
        self._on_change: OnChange = _nothing

    async def start(self, on_change: OnChange) -> None:
        self._on_change = on_change
        self._stopped = False
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        """Step down (the duties ended), give the lock up, and stop asking."""
        self._stopped = True
        if self._task is not None:
            self._task.cancel()
            # bounded: stopping must not hang on a driver that is slow to cancel
            await asyncio.wait({self._task}, timeout=STOP_TIMEOUT)
            self._task = None
        # The campaign did not end in time (or swallowed its cancellation): step down
        # here, then close its connection, so the lock is free whatever it does next
        # (`_stopped` keeps it from leading again).
        await self._step_down()
        self._close()

    async def _run(self) -> None:
        while not self._stopped:
            try:
                self._raw, lost = await self._connect()
                await self._campaign(self._raw, lost)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the connection failed: no leadership without it
                if self.is_leader:
                    log.warning("leadership lost (%s: %s)", type(exc).__name__, exc)
                else:
                    log.debug("leadership connection failed: %s", exc)
            finally:
                try:  # the duties end first, then the lock goes (module docstring)
                    await self._step_down()
                finally:
                    self._close()
            await asyncio.sleep(self.retry)

    def _close(self) -> None:
        """Close the leadership connection at once (no goodbye to wait for): the server
        ends the session and releases the lock if it still thinks we hold it."""
        raw, self._raw = self._raw, None
        if raw is not None:
            raw.terminate()

    async def _connect(self) -> tuple[Any, asyncio.Event]:
        """A new dedicated connection, and an event set when it closes under us."""
        import asyncpg

        raw = await asyncpg.connect(
            self.url,
            timeout=10,
            statement_cache_size=0,
            server_settings={"application_name": f"dumas leader {self.instance}"[:63]},
        )
        lost = asyncio.Event()
        raw.add_termination_listener(lambda _raw: lost.set())
        return raw, lost

    async def _campaign(self, raw: Any, lost: asyncio.Event) -> None:
        """Ask for the lock each beat; once held, ping each beat until the connection fails."""
        while not lost.is_set():
            if self._stopped:  # a cancellation swallowed on the way: stop() was called
                raise asyncio.CancelledError
            if not self.is_leader:
                asked = raw.fetchval("SELECT pg_try_advisory_lock($1)", self.key)
                if await asyncio.wait_for(asked, PING_TIMEOUT):
                    if self._stopped:
                        raise asyncio.CancelledError  # the lock goes with the connection
                    await raw.add_listener(OUTBOX_CHANNEL, self._notified)
                    self.is_leader = True
                    log.info("instance %s is the leader", self.instance)
                    await self._on_change(True)
            else:
                await self._ping(raw)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(lost.wait(), self.retry)
        raise ConnectionError("the leadership connection closed")

    async def _ping(self, raw: Any) -> None:
        """The leader's beat: a connection slower than PING_TIMEOUT ends the leadership."""
        await asyncio.wait_for(raw.fetchval("SELECT 1"), PING_TIMEOUT)

    def _notified(self, *_args: object) -> None:
        self.wake_senders()

    async def _step_down(self) -> None:
        """No longer the leader: reported at once, returns once the duties have ended."""
        if self.is_leader:
            self.is_leader = False
            log.warning("instance %s is no longer the leader", self.instance)
            await self._on_change(False)


async def _nothing(leading: bool) -> None:
    """The OnChange of a leadership not started."""


class OutboxBell:
    """NOTIFY dumas_outbox after this instance committed outbox rows, so the leader's
    senders (in another process) look at once. Debounced: the rings of one burst become
    one NOTIFY, sent `delay` seconds after the first; a ring while it is being sent makes
    one more (its rows may have committed after the NOTIFY's statement began)."""

    def __init__(self, db: Database, delay: float = 0.02) -> None:
        self.db = db
        self.delay = delay
        self._task: asyncio.Task[None] | None = None
        self._again = False

    def ring(self) -> None:
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self._task = asyncio.create_task(self._send())

    async def _send(self) -> None:
        while True:
            self._again = False
            await asyncio.sleep(self.delay)
            try:
                async with self.db.reading() as conn:
                    await conn.execute("SELECT pg_notify(?, '')", (OUTBOX_CHANNEL,))
            except Exception as exc:  # the leader's senders look every second anyway
                log.debug("NOTIFY %s not sent: %s", OUTBOX_CHANNEL, exc)
            if not self._again:
                return

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.wait({self._task}, timeout=STOP_TIMEOUT)


async def sole_instance_for(data_dir: Path) -> SoleInstance:
    """The SQLite leadership with its directory lock already taken (before the store opens:
    a refused second instance must not even migrate the file)."""
    sole = SoleInstance(data_dir)
    await asyncio.to_thread(sole.acquire)
    return sole
