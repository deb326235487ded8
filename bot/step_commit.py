"""Group commit for the dispatcher's steps: steps of different lanes that are ready to
write at the same time share one transaction and one COMMIT, each in a savepoint.

Every step used to commit on its own: one COMMIT per message, each a trip to a worker
thread and an fsync, one after the other under the store's lock (bench/README.md,
issue 21: the step's COMMIT was the one thread hop left per message). Now a step that
finds a transaction of steps still open joins it; the first step of a batch (its
leader) writes first, then hands the connection to each step that joined, in order,
and commits once for all.

What does not change for a step: its writes are atomic (a savepoint: a step that fails
rolls back its own writes only, and its error reaches it at once), and `transaction()`
returns only once they are durable (after the shared COMMIT; if that fails, every step
of the batch gets the error, as each would have from its own COMMIT). A lone step is
written at once, as before, in a transaction of its own (the leader of a batch writes
without a savepoint: nothing else is in the transaction yet). Steps join
while the leader waits for the store's lock (another transaction or its COMMIT) and
while earlier steps write; a batch closes when its last step has written. SQLite only:
on PostgreSQL each step has its own transaction (`StepCommit.transaction` says why).

One `StepCommit` per store (`shared(db)`), and besides the steps two more small writes on
an update's way join it (session 30, bench/README.md): the inbox's rows (bot/ingest.py:
the poller's batch or a webhook's event, acknowledged only once the shared COMMIT is
done) and a new or changed citizen's row (the dispatcher's `_arrive`). Each of them was a
COMMIT of its own.

When SQLite rolls the whole transaction back by itself inside a step's savepoint (a full
disk: SQLITE_FULL ends the transaction, https://sqlite.org/lang_transaction.html), no
step of the batch can commit: the step gets its own error (`StoreFullError` for a full
disk, as from its own transaction), and so does every other step of the batch, whose
writes went with it.
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections import deque
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from types import TracebackType

from bot.store.connection import Connection, Durability
from bot.store.database import Database

_SAVEPOINT = "dumas_step"
_BEGIN = f"SAVEPOINT {_SAVEPOINT}"
_RELEASE = f"RELEASE SAVEPOINT {_SAVEPOINT}"
_ROLLBACK = f"ROLLBACK TO SAVEPOINT {_SAVEPOINT}"


@dataclass(eq=False)
class _Batch:
    """One shared transaction: the steps waiting for their turn, and its outcome."""

    turns: deque[asyncio.Future[tuple[Connection, asyncio.Future[None]]]] = field(
        default_factory=deque
    )
    open: bool = True
    committed: asyncio.Future[None] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )
    # the error with which SQLite rolled the whole transaction back inside a savepoint
    broken: BaseException | None = None


def shared(db: Database) -> StepCommit:
    """The store's one `StepCommit`: the dispatcher's steps and arrivals and the inbox's
    writes share its batches."""
    found = _shared.get(db)
    if found is None:
        found = _shared[db] = StepCommit(db)
    return found


class StepCommit:
    """Shared transactions of steps on one store (`shared(db)`)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._batch: _Batch | None = None  # the batch steps can still join

    def transaction(
        self, closing: bool = False, durability: Durability = Durability.AT_COMMIT
    ) -> AbstractAsyncContextManager[Connection]:
        """The step's writes, in a savepoint of a shared transaction; returns once they
        are committed.

        `closing`: no member joins the batch after this one (and none joins a batch it
        leads), so its COMMIT waits only for the members already queued: the inbox's
        rows (every update's acknowledgement waits for that COMMIT, and the poller's
        next batch for the acknowledgement). Joining without closing kept them waiting
        while later steps kept joining: 0.80x the updates/s (bench/README.md session 30).

        (The joining or leading context itself, not one wrapped in another: ~2.4 per
        update, bench/README.md session 31. Decided when called: `async with` enters it
        at once.)"""
        if self.db.dialect == "postgresql":
            # PostgreSQL's writers run side by side on the pool's connections and every
            # statement is a round trip: a shared transaction would queue the steps on
            # one connection and add two round trips each (SAVEPOINT, RELEASE) to save a
            # COMMIT. Each step commits on its own there, with its `durability`
            # (bot/store/connection.py; SQLite's shared COMMIT is always on disk).
            return self.db.transaction(durability)
        batch = self._batch
        if batch is not None and batch.open:
            if closing:
                batch.open = False  # later steps lead the next batch
            return self._joined(batch)
        batch = self._batch = _Batch(open=not closing)
        return self._led(batch)

    @asynccontextmanager
    async def _joined(self, batch: _Batch) -> AsyncIterator[Connection]:
        turn: asyncio.Future[tuple[Connection, asyncio.Future[None]]]
        turn = asyncio.get_running_loop().create_future()
        batch.turns.append(turn)
        try:
            conn, done = await turn
        except asyncio.CancelledError:
            # cancelled in the loop turn the leader handed the connection over: hand it
            # back, or the leader would wait for this step for ever, holding the store
            if turn.done() and not turn.cancelled() and turn.exception() is None:
                turn.result()[1].set_result(None)
            raise
        try:
            async with _Savepoint(conn):
                yield conn
        except BaseException as exc:
            if not conn.in_transaction:  # SQLite ended the batch's transaction
                batch.broken = exc
            error = self.db.store_error(exc)  # a full disk, as its own transaction says
            if error is not exc:
                raise error from exc
            raise
        finally:
            if not done.done():
                done.set_result(None)  # the leader goes on with the next step
        # Durable only once the leader committed; shielded, so that a step cancelled
        # now (a stop) does not cancel the batch's outcome for the others.
        await asyncio.shield(batch.committed)

    @asynccontextmanager
    async def _led(self, batch: _Batch) -> AsyncIterator[Connection]:
        own_error: BaseException | None = None
        try:
            async with self.db.transaction() as conn:
                # No savepoint for the leader: it writes first, so until it is done the
                # transaction holds its writes alone, and should it fail, rolling the
                # transaction back and beginning another takes back exactly what a
                # savepoint would (two statements fewer per batch, bench/README.md
                # session 32).
                try:
                    yield conn
                except BaseException as exc:
                    if not conn.in_transaction:
                        # SQLite ended the transaction: nothing of the batch can commit;
                        # the error leaves the transaction (a full disk: StoreFullError)
                        raise
                    own_error = exc
                    await conn.execute("ROLLBACK")  # the leader's writes; the others
                    await conn.execute("BEGIN IMMEDIATE")  # write in a fresh transaction
                await self._hand_over(batch, conn)
        except BaseException as exc:
            _settle(batch, exc)
            if own_error is not None:
                raise own_error from exc
            raise
        finally:
            if self._batch is batch:
                self._batch = None
        _settle(batch, None)
        if own_error is not None:
            error = self.db.store_error(own_error)  # a full disk, as its own transaction says
            if error is not own_error:
                raise error from own_error
            raise own_error

    @staticmethod
    async def _hand_over(batch: _Batch, conn: Connection) -> None:
        """Let each step that joined write, in the order they came, until none waits."""
        loop = asyncio.get_running_loop()
        while batch.turns:
            turn = batch.turns.popleft()
            if turn.done():  # cancelled while waiting
                continue
            done: asyncio.Future[None] = loop.create_future()
            turn.set_result((conn, done))
            await _until_done(done)
            if batch.broken is not None:  # the batch's transaction is gone
                raise batch.broken
        batch.open = False  # steps from now on lead the next batch


async def _until_done(done: asyncio.Future[None]) -> None:
    """Wait for a step that holds the connection, even when cancelled meanwhile (a stop):
    the transaction is rolled back only once no step is writing in it; then the
    cancellation goes on."""
    cancelled = False
    while not done.done():
        try:
            await asyncio.shield(done)
        except asyncio.CancelledError:
            cancelled = True
    if cancelled:
        raise asyncio.CancelledError


class _Savepoint:
    """A step's savepoint: released after its writes; on an error rolled back to (and
    released) and the error goes on. (A plain async context manager: one per step.)"""

    __slots__ = ("_conn",)

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def __aenter__(self) -> None:
        await self._conn.execute(_BEGIN)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            await self._conn.execute(_RELEASE)
        elif self._conn.in_transaction:
            # SQLite may have rolled the whole transaction back (SQLITE_FULL): then there
            # is no savepoint to go back to, and the step's own error is the one to see
            await self._conn.execute(_ROLLBACK)
            await self._conn.execute(_RELEASE)


def _settle(batch: _Batch, error: BaseException | None) -> None:
    batch.open = False
    # steps still waiting for a turn (the leader failed before handing over) get the error
    while batch.turns:
        turn = batch.turns.popleft()
        if turn.done():
            continue
        if error is None or isinstance(error, asyncio.CancelledError):
            turn.cancel()
        else:
            turn.set_exception(error)
    if batch.committed.done():
        return
    if error is None:
        batch.committed.set_result(None)
    elif isinstance(error, asyncio.CancelledError):
        # stopped: the steps' rows stay pending (handled again at the next start)
        batch.committed.cancel()
    else:
        batch.committed.set_exception(error)
        # retrieved here: a batch of one has no step waiting for the outcome
        with contextlib.suppress(BaseException):
            batch.committed.exception()


_shared: weakref.WeakKeyDictionary[Database, StepCommit] = weakref.WeakKeyDictionary()
