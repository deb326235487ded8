"""bot/outbox/sender.py: the outbox's two marks share COMMITs, and its guarantees hold.

A delivery is marked 'sending' before its request and 'sent' after its answer. The "sent"
marks are written in the transaction that starts the next rows: a chat's next row starts
in the COMMIT that marks its predecessor, and a mark whose chat may not send yet (its
pace) waits for another chat's start. What must not change: a row's request starts only
once every earlier row of its chat is marked (per-chat order), each row is requested
once, a failing `after_sent` hook fails its own row only, and a sender stepping down
writes the marks it holds at once and starts nothing more.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from bot.outbox.limits import UNLIMITED, LimitConfig, RateLimits
from bot.outbox.messages import StaffMessage
from bot.outbox.sender import OutboxSender
from bot.store import outbox as outbox_store
from bot.store.connection import Connection
from bot.store.database import Database, open_store
from bot.store.outbox import OutboxRow
from tests.pg_cluster import sqlite_only

# Each chat's pace is 1/s after its first message: a mark of such a chat may wait.
PACED = LimitConfig(private_per_second=1.0, private_burst=1.0, overall_per_second=1e9)


class Channel:
    """A channel that answers at once and checks, at each request, that every earlier
    row of the chat is already marked 'sent' in the store."""

    channel = "telegram"

    def __init__(self, db: Database) -> None:
        self.db = db
        self.requests: list[int] = []
        self.out_of_order: list[int] = []
        self.answered = asyncio.Event()

    def lane_kind(self, chat_id: str) -> str:
        return "exempt" if chat_id.endswith("#cb") else "private"

    async def deliver(self, row: OutboxRow) -> str | None:
        earlier = await self.db.fetchall(
            "SELECT id FROM outbox WHERE chat_id = ? AND id < ? AND status != 'sent'",
            (row.chat_id, row.id),
        )
        if earlier:
            self.out_of_order.append(row.id)
        self.requests.append(row.id)
        self.answered.set()
        return str(row.id)


async def enqueue(db: Database, rows: list[tuple[str, str]]) -> list[int]:
    async with db.transaction() as conn:
        return [
            await outbox_store.enqueue(
                conn, channel="telegram", chat_id=chat, message=StaffMessage(text)
            )
            for chat, text in rows
        ]


async def until(check: Callable[[], Awaitable[bool]], seconds: float = 30.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while not await check():
        assert loop.time() < end, "the outbox did not get there"
        await asyncio.sleep(0.01)


def all_sent(db: Database) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        row = await db.fetchone("SELECT COUNT(*) FROM outbox WHERE status != 'sent'")
        return row is not None and row[0] == 0

    return check


class Transactions:
    """SQLite's statements, grouped by transaction (the trace callback)."""

    def __init__(self) -> None:
        self.done: list[list[str]] = []
        self._open: list[str] = []

    def __call__(self, sql: str) -> None:
        if sql.startswith("BEGIN"):
            self._open = []
        elif sql.startswith("COMMIT"):
            self.done.append(self._open)
        else:
            self._open.append(sql)


@contextlib.asynccontextmanager
async def running(
    sender: OutboxSender, transactions: Transactions | None = None
) -> AsyncIterator[None]:
    """The sender's loop runs (and, given `transactions`, SQLite's statements are traced)
    for the block; then the loop is cancelled and the sender stopped, as bot/app.py does."""
    if transactions is not None:
        await sender.db.conn.set_trace_callback(transactions)
    loop_task = asyncio.create_task(sender.run())
    try:
        yield
    finally:
        loop_task.cancel()
        await asyncio.gather(loop_task, return_exceptions=True)
        await sender.stop()
        if transactions is not None:
            await sender.db.conn.set_trace_callback(None)


async def answered_and_waiting(sender: OutboxSender, channel: Channel, text: str) -> int:
    """A paced chat's ("100") first row, sent and answered: its "sent" mark now waits
    (the sender's loop running). Returns the row's id."""
    (row_id,) = await enqueue(sender.db, [("100", text)])
    sender.wake()
    await channel.answered.wait()
    while not sender._sent_queue:
        await asyncio.sleep(0)
    return row_id


def marks_sent(statements: list[str]) -> bool:
    return any("SET status = 'sent'" in s for s in statements)


def starts(statements: list[str]) -> bool:
    return any("SET status = 'sending'" in s for s in statements)


def started_in(statements: list[str]) -> int:
    return sum(s.startswith("UPDATE outbox SET status = 'sending'") for s in statements)


def marked_in(statements: list[str]) -> int:
    return sum(s.startswith("UPDATE outbox SET status = 'sent'") for s in statements)


@sqlite_only("counts SQLite's COMMITs (the trace callback)")
async def test_a_chats_next_row_starts_in_the_commit_that_marks_its_predecessor(
    tmp_path: Path,
) -> None:
    """Six rows of one chat: one COMMIT to start the first, then one for each row's
    "sent" mark together with the next row's start (was two per row)."""
    async with open_store("", tmp_path / "dumas.sqlite3") as db:
        channel = Channel(db)
        ids = await enqueue(db, [("100", f"m{n}") for n in range(6)])
        sender = OutboxSender(db, channel, limits=RateLimits(UNLIMITED))
        transactions = Transactions()
        async with running(sender, transactions):
            await until(all_sent(db))
        assert channel.requests == ids
        assert channel.out_of_order == []
        assert len(transactions.done) == len(ids) + 1
        # the last five marks each went with the next row's start
        assert sum(marks_sent(t) and starts(t) for t in transactions.done) == len(ids) - 1


@sqlite_only("reads SQLite's transactions (the trace callback)")
async def test_a_paced_chats_mark_waits_for_the_next_start_of_another_chat(
    tmp_path: Path,
) -> None:
    """A's first message is answered; A may not send again for a second, so its "sent"
    mark waits (`mark_within`) and is written with B's start, one COMMIT for both. B's
    own mark waits for B's pace (1 s, shorter than `mark_within`) and goes alone."""
    async with open_store("", tmp_path / "dumas.sqlite3") as db:
        channel = Channel(db)
        sender = OutboxSender(db, channel, limits=RateLimits(PACED), mark_within=30.0)
        transactions = Transactions()
        async with running(sender, transactions):
            a1 = await answered_and_waiting(sender, channel, "a1")
            (b1,) = await enqueue(db, [("200", "b1")])  # its first message: no wait
            sender.wake()
            await until(all_sent(db))
        assert channel.requests == [a1, b1]
        writes = [t for t in transactions.done if marks_sent(t) or starts(t)]
        # A1 started alone; A1's mark with B1's start; B1's mark
        assert [(marks_sent(t), starts(t)) for t in writes] == [
            (False, True),
            (True, True),
            (True, False),
        ]


@pytest.mark.parametrize("limits", [UNLIMITED, PACED], ids=["unlimited", "paced"])
async def test_each_row_once_and_after_every_earlier_row_of_its_chat_is_marked(
    store: Database, limits: LimitConfig
) -> None:
    channel = Channel(store)
    sender = OutboxSender(store, channel, limits=RateLimits(limits), mark_within=0.05)
    rows = [(chat, f"{chat} {n}") for n in range(3) for chat in ("100", "200", "300#cb")]
    async with running(sender):
        ids = await enqueue(store, rows[:5])
        sender.wake()
        ids += await enqueue(store, rows[5:])  # while the first ones are under way
        sender.wake()
        await until(all_sent(store))
    assert sorted(channel.requests) == sorted(ids)  # each once
    assert channel.out_of_order == []
    for chat in ("100", "200", "300#cb"):
        of_chat = [i for i, (c, _) in zip(ids, rows, strict=True) if c == chat]
        assert [i for i in channel.requests if i in of_chat] == of_chat


async def test_a_failing_hook_rolls_back_the_shared_transaction_only(store: Database) -> None:
    """Marks written together (and the starts in their transaction) are rolled back
    when one row's `after_sent` fails; each mark is then written on its own (the hook
    fails once here: its row's own transaction succeeds), the starts are chosen again,
    and every row is sent once, in order."""
    channel = Channel(store)
    failed: list[int] = []

    async def after_sent(conn: Connection, row: OutboxRow, external_id: str | None) -> None:
        if row.message == StaffMessage("broken") and not failed:
            failed.append(row.id)
            raise RuntimeError("a hook's bug")

    sender = OutboxSender(store, channel, limits=RateLimits(UNLIMITED), after_sent=after_sent)
    rows = [("100", "a"), ("200", "broken"), ("300", "c"), ("100", "d"), ("200", "e")]
    ids = await enqueue(store, rows)
    async with running(sender):
        await until(all_sent(store))
    assert failed == [ids[1]]
    assert sorted(channel.requests) == ids
    assert channel.out_of_order == []


async def test_stepping_down_writes_the_waiting_marks_and_starts_nothing(
    store: Database,
) -> None:
    """A mark that waits for a start is written as soon as the loop is cancelled (a
    leader stepping down, bot/app.py), and the chat's next row is not started."""
    channel = Channel(store)
    sender = OutboxSender(store, channel, limits=RateLimits(PACED), mark_within=300.0)
    first, second = await enqueue(store, [("100", "a"), ("100", "b")])
    loop_task = asyncio.create_task(sender.run())
    await channel.answered.wait()
    while not sender._sent_queue:
        await asyncio.sleep(0)
    loop_task.cancel()
    await asyncio.gather(loop_task, return_exceptions=True)
    await sender.finish_deliveries()  # not 300 s: the mark is written at once
    status = {r[0]: r[1] for r in await store.fetchall("SELECT id, status FROM outbox")}
    assert status == {first: "sent", second: "pending"}
    assert channel.requests == [first]
    await sender.stop()


async def test_a_failing_round_in_the_marks_transaction_does_not_fail_the_delivery(
    store: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The heads read in the marks' transaction fails once (a bug, a full disk): the
    mark is written on its own and the row is not sent again."""
    channel = Channel(store)
    sender = OutboxSender(store, channel, limits=RateLimits(UNLIMITED))
    real = outbox_store.heads_in
    broken: list[bool] = []

    async def heads_in(*args: object, **kwargs: object) -> list[outbox_store.Head]:
        if channel.requests and not broken:  # the first read after a delivery
            broken.append(True)
            raise RuntimeError("a bug in the round")
        return await real(*args, **kwargs)  # type: ignore[arg-type]

    real_marks = outbox_store.mark_many_sent_reading_heads

    async def marks_reading_heads(
        conn: Connection, delivered: list[tuple[int, str | None]], channel_name: str
    ) -> list[outbox_store.Head] | None:
        # PostgreSQL reads the heads in the marks' statement (session 35): break it there
        if conn.dialect == "postgresql" and channel.requests and not broken:
            broken.append(True)
            raise RuntimeError("a bug in the round")
        return await real_marks(conn, delivered, channel_name)

    monkeypatch.setattr(outbox_store, "heads_in", heads_in)
    monkeypatch.setattr(outbox_store, "mark_many_sent_reading_heads", marks_reading_heads)
    ids = await enqueue(store, [("100", "a"), ("100", "b")])
    async with running(sender):
        await until(all_sent(store))
    assert broken
    assert channel.requests == ids


@sqlite_only("reads SQLite's transactions (the trace callback)")
async def test_rows_a_hook_writes_start_in_the_transaction_of_its_mark(tmp_path: Path) -> None:
    """A paced chat's mark rides in another chat's start; its `after_sent` hook writes a
    row (as a card's delivery writes the citizen's notice): the heads are read again in
    that transaction, so the new row starts there too, not at the loop's next idle round
    (nothing else wakes the loop for it)."""
    async with open_store("", tmp_path / "dumas.sqlite3") as db:
        channel = Channel(db)

        async def after_sent(conn: Connection, row: OutboxRow, external_id: str | None) -> None:
            if row.chat_id == "100":
                await outbox_store.enqueue(
                    conn, channel="telegram", chat_id="300#cb", message=StaffMessage("c1")
                )

        sender = OutboxSender(
            db, channel, limits=RateLimits(PACED), mark_within=30.0, after_sent=after_sent
        )
        transactions = Transactions()
        async with running(sender, transactions):
            await answered_and_waiting(sender, channel, "a1")
            await enqueue(db, [("200", "b1")])
            sender.wake()
            while len(channel.requests) < 3:
                await asyncio.sleep(0.01)
        (with_mark,) = [t for t in transactions.done if marks_sent(t)][:1]
        assert sum("SET status = 'sending'" in s for s in with_mark) == 2  # B1, then C1


@sqlite_only("reads SQLite's transactions (the trace callback)")
async def test_rows_coming_due_within_a_step_of_the_grid_start_in_one_commit(
    tmp_path: Path,
) -> None:
    """A's and B's first rows go 20 ms apart; each chat may send again a second after
    its answer, so their second rows come due 20 ms apart. Those waits end on the grid
    (`pace_grid`): both second rows start in one transaction, which also writes the
    "sent" mark waiting: one COMMIT where, waking at each row's own time, there were
    two (A2 with A1's mark, B2 with B1's)."""
    async with open_store("", tmp_path / "dumas.sqlite3") as db:
        channel = Channel(db)
        sender = OutboxSender(
            db, channel, limits=RateLimits(PACED), mark_within=30.0, pace_grid=1.0
        )
        transactions = Transactions()
        loop = asyncio.get_running_loop()
        # begin just after a point of the grid: both rows then come due in the next step
        # however the machine delays this test (by less than 0.8 s)
        await asyncio.sleep(math.ceil(loop.time()) - loop.time() + 0.01)
        async with running(sender, transactions):
            a1, a2 = await enqueue(db, [("100", "a1"), ("100", "a2")])
            sender.wake()
            await asyncio.sleep(0.02)
            b1, b2 = await enqueue(db, [("200", "b1"), ("200", "b2")])
            sender.wake()
            await until(all_sent(db))
        assert channel.requests == [a1, b1, a2, b2]
        assert channel.out_of_order == []
        started = [t for t in transactions.done if starts(t)]
        # rows started and marked in each: A1; B1 with A1's mark (which waits for a
        # start); then A2 and B2 together, with B1's mark
        assert [(started_in(t), marked_in(t)) for t in started] == [(1, 0), (1, 1), (2, 1)]


async def test_a_wait_ends_on_the_grid_never_before_its_time(tmp_path: Path) -> None:
    """However the division rounds, a wait ends at or after the time asked, on a point
    of the grid, at most one step later (a row is never started before its pace)."""
    async with open_store("", tmp_path / "dumas.sqlite3") as db:
        sender = OutboxSender(db, Channel(db), pace_grid=0.05)
        rng = random.Random(31)
        # the last two: just above a point, where at / 0.05 rounds down to a whole step
        for at in [rng.uniform(0, 1e6) for _ in range(20_000)] + [
            0.15,
            0.45000000000000007,
            1.7500000000000002,
        ]:
            point = sender._on_grid(at)
            assert at <= point <= at + 0.05 + 1e-9
            assert abs(point / 0.05 - round(point / 0.05)) < 1e-6
