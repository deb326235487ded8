"""The outbox sender: delivers pending rows per channel, in order per chat, within limits.

One loop per channel. Each round it reads unfinished rows in creation order and starts at
most one delivery per chat (the first unfinished row of that chat), so messages reach a
chat in the order they were written, while different chats proceed in parallel. Before a
request the attempt is recorded (status 'sending', attempts+1), so a crash mid-request
is visible and an interrupted row is retried on restart (at-least-once for Telegram,
which has no idempotency key; see docs). Failures are classified by the channel's
sender: wait (429), retry with exponential backoff (network, 5xx), or give up
(blocked, bad request) once the retry budget is spent; a failed row never blocks later
rows of the same chat. Two failures concern the chat, not the row: a chat with a new id
(`ChatMoved`) and a group the bot was removed from (`ChatGone`); with a hook for them
(`after_moved`, `after_gone`, bot/officers/binding.py) the chat's rows follow it or wait
for a new group, instead of failing one by one.

Commits. A delivery has two marks, 'sending' before its request and 'sent' after its
answer, each a COMMIT (an fsync on SQLite). They share transactions where they can: the
"sent" marks of answered rows are written in the transaction that starts the next rows
(the round's, or one the marks' writer opens), which reads the heads after the marks and
so starts a chat's next row, and rows the marks' hooks wrote, in the same COMMIT as the
predecessor's "sent" (bench/README.md, issue 21 session 30). A mark whose chat may not
send again yet (Telegram's pace) waits for such a transaction, at most `mark_within`
seconds (to the next point of the grid below), and so does a button's answer's (an
"exempt" chat of its own: nothing is sent behind it there but the next press's
answer; not on the web or console, where every chat is exempt and replies queue behind
each mark: `exempt_chats_are_answers`); the others are written at once. Either way a
row is marked before its chat's next row starts, and its "sent" commits with what its
delivery causes (`after_sent`); the only cost is a longer window in which a crash leaves
the answered row 'sending', to be sent again (docs/reliability.md: at least once).

Waiting on the limits. The loop sleeps until the next row may be due (its chat's pace,
the overall limit, a retry's time) or new rows wake it; it never polls. Those waits end
on a grid of `pace_grid` seconds of the loop's clock, and so do the marks' waits: paced
rows coming due within one step of the grid start together, in one round, one read of
the heads and one COMMIT that also carries the marks waiting, instead of one wake-up,
read and COMMIT each (bench/README.md, "Session 31: paced sending"). A row that may go
when the loop looks is never held; a paced one goes at most `pace_grid` after its pace
allows, which is later, so always within the limits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import random
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any, cast

from bot.channels.base import (
    ChannelSender,
    ChatGone,
    ChatMoved,
    PermanentFailure,
    RetryLater,
    TransientFailure,
)
from bot.outbox.limits import RateLimits
from bot.outbox.messages import Unreadable
from bot.store import outbox as outbox_store
from bot.store.connection import Connection
from bot.store.database import Database, parse_iso, utcnow
from bot.store.outbox import OutboxRow

log = logging.getLogger(__name__)

AfterSent = Callable[[Connection, OutboxRow, str | None], Awaitable[None]]
AfterFailed = Callable[[OutboxRow, str], Awaitable[None]]
# (conn, old chat id, new chat id) / (conn, chat id, error): inside one transaction
AfterMoved = Callable[[Connection, str, str], Awaitable[None]]
AfterGone = Callable[[Connection, str, str], Awaitable[None]]
_Sent = tuple[OutboxRow, str | None, "asyncio.Future[None]"]
# What a round chose to start, and how long until another head may be due.
_Chosen = tuple[list[outbox_store.Head], float]


def backoff(attempts: int, base: float = 1.0, cap: float = 300.0) -> float:
    """Exponential backoff with jitter: 1, 2, 4 ... seconds, at most `cap`."""
    return min(cap, base * 2 ** max(0, attempts - 1)) * random.uniform(0.8, 1.2)


class OutboxSender:
    def __init__(
        self,
        db: Database,
        sender: ChannelSender,
        *,
        limits: RateLimits | None = None,
        max_attempts: int = 8,
        concurrency: int = 32,
        after_sent: AfterSent | None = None,
        after_failed: AfterFailed | None = None,
        after_moved: AfterMoved | None = None,
        after_gone: AfterGone | None = None,
        backoff_base: float = 1.0,
        mark_within: float = 0.1,
        pace_grid: float = 0.05,
        exempt_chats_are_answers: bool = True,
    ) -> None:
        self.db = db
        self.sender = sender
        self.limits = limits or RateLimits()
        self.max_attempts = max_attempts
        self.after_sent = after_sent
        self.after_failed = after_failed
        self.after_moved = after_moved
        self.after_gone = after_gone
        self.backoff_base = backoff_base
        # A "sent" mark waits at most this long for a transaction starting other rows
        # (only while its chat may not send yet: module doc).
        self.mark_within = mark_within
        # Waits for rows to come due end on multiples of this (module doc); 0: exactly.
        self.pace_grid = pace_grid
        # The channel's "exempt" chats are button answers' (Telegram's "#cb" lanes), whose
        # marks wait as a paced chat's (module doc). False where every chat is exempt (the
        # web, the console): a chat's replies queue behind each mark, which goes at once.
        self.exempt_chats_are_answers = exempt_chats_are_answers
        self._wake = asyncio.Event()
        # chat -> the row in flight there (one per chat: per-chat order)
        self._in_flight: dict[str, int] = {}
        # rows whose limits were taken and whose answer has not been told to them
        self._unanswered: set[int] = set()
        # Deliveries under way (each in a task of `_send`), at most `concurrency`; rows
        # started beyond that wait here, in the order started, for the first to finish.
        self._concurrency = concurrency
        self._sending = 0
        self._waiting: deque[OutboxRow] = deque()
        self._tasks: set[asyncio.Task[None]] = set()
        self._stopping = False
        self._running = False  # inside `run`: the marks' writer may start rows
        self._sent_queue: list[_Sent] = []
        self._sent_task: asyncio.Task[None] | None = None
        self._mark_now = False  # a queued mark may not wait
        self._mark_by: float | None = None  # loop time by which queued marks are written
        self._marks_changed = asyncio.Event()  # the writer looks again at the two above
        self._timer: asyncio.Timeout | None = None  # the loop's wait for its next round
        self._due_at: float | None = None  # a round asked for by the marks' writer
        self._full_round = True
        # Heads a full round read and could not start yet (their pace, their not_before):
        # any of them may be a row a crashed or deposed sender left 'sending', which only
        # full rounds read, so the rounds stay full until each has started or gone.
        self._unstarted: set[int] = set()
        # A round's start spawned and not yet run: it takes the marks queued (its first
        # step), so the marks' writer, due at the same point of the grid, leaves them.
        self._taking: asyncio.Task[None] | None = None
        # Telegram asks nothing before an attempt: its rows can start inside any
        # transaction (WhatsApp asks Twilio's window first, outside of one).
        self._plain_start = type(self).before_attempt is OutboxSender.before_attempt

    def _answer(self, row_id: int, chat_id: str) -> None:
        """The request of a row is over (answered, failed, or never sent): its chat's
        pace counts from now, not from when it started (Telegram counts a message when
        it arrives, bot/outbox/limits.py). Once per row that took its limits."""
        if row_id in self._unanswered:
            self._unanswered.discard(row_id)
            self.limits.answered(chat_id)

    def _chat_done(self, chat_id: str, row_id: int) -> bool:
        """The row's delivery is over and marked: its chat may start its next row.
        False when the chat is no longer this row's (its next row already started in
        the transaction that marked this one)."""
        self._answer(row_id, chat_id)
        if self._in_flight.get(chat_id) != row_id:
            return False
        del self._in_flight[chat_id]
        return True

    def wake(self) -> None:
        self._wake.set()

    def _on_grid(self, at: float) -> float:
        """The first point of the grid at or after the loop time `at` (module doc)."""
        if self.pace_grid <= 0:
            return at
        point = math.ceil(at / self.pace_grid) * self.pace_grid
        # the division may round down to a whole step: never end a wait before `at`
        return point if point >= at else point + self.pace_grid

    def _due_in(self, seconds: float) -> None:
        """Have the loop run a round within `seconds` (the marks' writer freed chats
        whose next rows come due then), without a round now unless they are due now."""
        if seconds <= 0:
            self._wake.set()
            return
        at = self._on_grid(asyncio.get_running_loop().time() + seconds)
        if self._due_at is None or at < self._due_at:
            self._due_at = at
        timer = self._timer
        if timer is not None and not timer.expired():
            when = timer.when()
            if when is None or at < when:
                timer.reschedule(at)

    async def run(self) -> None:
        """Deliver until cancelled."""
        loop = asyncio.get_running_loop()
        self._running = True
        try:
            while not self._stopping:
                self._wake.clear()
                if self._due_at is not None and self._due_at <= loop.time():
                    self._due_at = None
                try:
                    wait = await self.round()
                except Exception:  # e.g. a full disk: keep the loop alive, try again soon
                    log.exception("outbox round failed")
                    wait = 1.0
                now = loop.time()
                if self._due_at is not None:
                    wait = max(0.005, min(wait, self._due_at - now))
                wait = self._on_grid(now + wait) - now
                # asyncio.timeout, not wait_for: Python 3.11's wait_for returns normally
                # when the loop is cancelled just as a wake arrives (CPython gh-86296,
                # fixed in 3.12), and the sender went on sending until `stop()` -- after
                # a deposed leader's 10 s stepping-down limit (bot/app.py), beside the
                # new leader.
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(wait) as self._timer:
                        await self._wake.wait()
                self._timer = None
        finally:
            # stepping down: marks queued are written at once, and start nothing more
            self._running = False
            self._timer = None
            self._write_marks_now()

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        self._write_marks_now()
        if self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
        if self._sent_task is not None and not self._sent_task.done():
            await asyncio.gather(self._sent_task, return_exceptions=True)

    async def finish_deliveries(self) -> None:
        """Wait for the deliveries under way, and their rows' marking, to end (the leader
        stepping down, once `run` is cancelled: bot/app.py)."""
        while self._tasks or (self._sent_task is not None and not self._sent_task.done()):
            pending = [*self._tasks, *([self._sent_task] if self._sent_task else [])]
            await asyncio.gather(*pending, return_exceptions=True)

    async def drain(self, timeout: float = 30.0) -> None:
        """Deliver until nothing is due (used by tests and `dumas` one-shot commands)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            wait = await self.round()
            if self._tasks:
                await asyncio.gather(*list(self._tasks), return_exceptions=True)
                continue
            rows = await outbox_store.open_rows(self.db, (self.sender.channel,), limit=1)
            if not rows:
                return
            await asyncio.sleep(min(wait, 0.05))

    async def round(self) -> float:
        """Start what may start now; return how long until something may be due."""
        # Rows already 'sending' are in flight here, except after a crash (the first round)
        # or an unexpected error: only those rounds read them. The others read only the
        # chats whose head is still pending, which under load is far fewer rows
        # (bench/README.md, issue 21: 11.5% of the bot's CPU went to re-reading heads).
        fresh = self._full_round
        full, self._full_round = fresh or bool(self._unstarted), False
        try:
            heads = await outbox_store.open_heads(
                self.db, self.sender.channel, pending_only=not full
            )
        except BaseException:
            # the rows left 'sending' were not read: the next round reads them
            self._full_round = self._full_round or fresh
            raise
        starting, next_due = self._choose(heads, {})
        if full:
            # A left 'sending' head that this round's limits held back (a new leader's
            # chats start with spent budgets: RateLimits.spent_by_another) would never be
            # read again by the pending-only rounds: its chat stalled for good. Only the
            # heads of the first full round are followed, so rounds do not stay full
            # under a steady paced load.
            chosen = {head.id for head in starting}
            self._unstarted = {
                head.id
                for head in heads
                if head.id not in chosen
                and head.chat_id not in self._in_flight
                and (fresh or head.id in self._unstarted)
            }
        if starting:
            task = self._spawn(self._start(starting))
            if self._plain_start:
                self._taking = task
        return max(0.005, next_due)

    def _choose(self, heads: list[outbox_store.Head], marked: dict[str, int]) -> _Chosen:
        """The heads that may start now (their limits taken, their chats in flight), and
        how long until another may be due. `marked`: chat -> its row in flight that the
        transaction reading `heads` marks 'sent' (its chat's next row may start in it)."""
        now = utcnow()
        next_due = 1.0
        starting: list[outbox_store.Head] = []
        for head in heads:  # one per chat: its first unfinished row (per-chat order)
            busy = self._in_flight.get(head.chat_id)
            if busy is not None and marked.get(head.chat_id) != busy:
                continue
            due = parse_iso(head.not_before)
            if due is not None and due > now:
                next_due = min(next_due, (due - now).total_seconds())
                continue
            kind = self.sender.lane_kind(head.chat_id)
            delay = self.limits.delay(kind, head.chat_id)
            if delay > 0:
                next_due = min(next_due, delay)
                continue
            self.limits.take(kind, head.chat_id)
            self._unanswered.add(head.id)
            self._in_flight[head.chat_id] = head.id
            starting.append(head)
        return starting, next_due

    def _unchoose(self, heads: list[outbox_store.Head], marked: dict[str, int]) -> None:
        """The transaction that was to start `heads` failed: their chats are back to what
        they were (a chat of `marked` to its row, still unmarked, in flight)."""
        for head in heads:
            self._answer(head.id, head.chat_id)
            before = marked.get(head.chat_id)
            if before is not None:
                self._in_flight[head.chat_id] = before
            elif self._in_flight.get(head.chat_id) == head.id:
                del self._in_flight[head.chat_id]

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _start(self, heads: list[outbox_store.Head]) -> None:
        """Start the rows one round chose: read them, ask the channel, record their
        attempts, all in one go (one query, one transaction), then deliver each. The
        "sent" marks waiting to be written go in the same transaction (module doc)."""
        marks: list[_Sent] = []
        # bound before the try: the handler below frees them when `_allowed` raises
        more: list[outbox_store.Head] = []
        marked: dict[str, int] = {}
        try:
            if self._plain_start:
                # Nothing to ask the channel (Telegram): the rows are read once, as their
                # attempts are recorded, not also before (a query and a decoded payload
                # per message less; bench/README.md, issue 21 session 29).
                ready = heads
                marks = self._take_marks()
                if self._taking is asyncio.current_task():
                    self._taking = None
            else:
                ready = await self._allowed(heads)
            # Recorded before the requests: a crash mid-send leaves visible 'sending' rows.
            # The payload sent is the one read as the attempt is recorded (a digest may
            # have grown since `_allowed` read it).
            ids = [head.id for head in ready]
            marked = {row.chat_id: row.id for row, _, _ in marks}
            next_due = 1.0
            if marks:
                async with self.db.transaction() as conn:
                    # The marks' hooks may have written rows (a ticket's notice), and the
                    # marked chats may go on: look now, in this transaction, not in
                    # another round (nothing else wakes the loop for them). The heads
                    # read here still show this round's rows as pending: their chats are
                    # in flight, so `_choose` leaves them, and one statement starts both.
                    heads_now = await self._marks_and_heads(conn, marks)
                    more, next_due = self._choose(heads_now, marked)
                    started = await outbox_store.start_attempts_in(
                        conn, ids + [head.id for head in more]
                    )
            else:
                started = await outbox_store.start_attempts(self.db, ids)
        except Exception:  # a bug (or a full disk) must not stop the loop
            log.exception("outbox: starting %d rows failed", len(heads))
            self._full_round = True  # some may be left 'sending': read them again
            self._unchoose(more, marked)
            self._requeue_marks(marks)  # written on their own (one hook may have failed)
            for head in heads:
                self._chat_done(head.chat_id, head.id)
            # Not at once: a full disk or a lost database is not over in a millisecond,
            # and a round at once would fail again, a thousand times a second.
            self._due_in(1.0)
            return
        self._marked(marks, {head.chat_id for head in more}, freed_looked_at=True)
        for *_, future in marks:
            _settle(future, None)
        if next_due < 1.0:
            self._due_in(next_due)
        for head in [*ready, *more]:
            if head.id in started:  # else no longer unfinished
                self._send_later(started[head.id])
            elif self._chat_done(head.chat_id, head.id):
                self._wake.set()

    async def _allowed(self, heads: list[outbox_store.Head]) -> list[outbox_store.Head]:
        """The heads whose rows are still unfinished and that the channel lets go
        (`before_attempt`); the others' chats are done."""
        rows = await outbox_store.rows_by_id(self.db, [head.id for head in heads])
        ready: list[outbox_store.Head] = []
        for head in heads:
            row = rows.get(head.id)
            if row is None or row.status not in ("pending", "sending"):
                self._chat_done(head.chat_id, head.id)
                continue
            try:
                go = await self.before_attempt(row)
            except Exception:
                log.exception("outbox row %s: unexpected error", row.id)
                go = False
            if go:
                ready.append(head)
            else:
                self._chat_done(head.chat_id, head.id)
        return ready

    def _send_later(self, row: OutboxRow) -> None:
        """Deliver a started row: in a task of its own while fewer than `concurrency`
        rows are being delivered, else after them, by the first of their tasks to finish
        (in the order started). Under load every round starts more rows than that: each
        then cost a task and a wait on a semaphore (a future), about three loop callbacks
        more per delivery (bench/README.md, "Session 32: the Bot API exchange")."""
        if self._sending < self._concurrency:
            self._sending += 1
            self._spawn(self._send(row))
        else:
            self._waiting.append(row)

    async def _send(self, row: OutboxRow) -> None:
        """Deliver `row`, then the rows waiting, one at a time, until none is left."""
        try:
            while True:
                await self._send_one(row)
                if not self._waiting:
                    return
                row = self._waiting.popleft()
        finally:
            self._sending -= 1
            if self._waiting and not self._sending:
                # cancelled (the loop closing) with rows still waiting and nobody left to
                # send them: they stay 'sending' in the store, to be sent by a full round
                # (this leader's next, or the next leader's first), as a delivery cut
                # off before its request is
                self._full_round = True
                while self._waiting:
                    left = self._waiting.popleft()
                    self._chat_done(left.chat_id, left.id)

    async def _send_one(self, row: OutboxRow) -> None:
        try:
            await self._deliver(row)
        except Exception:  # a bug in one delivery must not stop the loop
            log.exception("outbox row %s: unexpected error", row.id)
            self._full_round = True
        finally:
            # A row marked 'sent' was let go by whoever marked it; the others (failed,
            # rescheduled, moved) free their chat here, and the loop looks again.
            if self._chat_done(row.chat_id, row.id):
                self._wake.set()

    async def before_attempt(self, row: OutboxRow) -> bool:
        """A channel's last word before a send: False when the row was settled otherwise
        (e.g. WhatsApp holds a notice outside the 24-hour window)."""
        return True

    async def _deliver(self, row: OutboxRow) -> None:
        """The request of an attempt already recorded, and its outcome."""
        attempts = row.attempts + 1
        if isinstance(row.message, Unreadable):
            # A row this version cannot read (bot/outbox/messages.py) fails alone; the
            # chat's later rows go on.
            await self._fail(row, row.message.error)
            return
        try:
            external_id = await self.sender.deliver(row)
        except RetryLater as exc:
            self.limits.penalise(row.chat_id, exc.seconds)
            await outbox_store.reschedule(
                self.db, row.id, utcnow() + timedelta(seconds=exc.seconds), str(exc)
            )
            log.warning("outbox row %s: rate limited, retry in %.1fs", row.id, exc.seconds)
            return
        except TransientFailure as exc:
            if attempts >= self.max_attempts:
                await self._fail(row, str(exc))
                return
            delay = backoff(attempts, self.backoff_base)
            await outbox_store.reschedule(
                self.db, row.id, utcnow() + timedelta(seconds=delay), str(exc)
            )
            log.warning("outbox row %s: %s; retry %d in %.1fs", row.id, exc, attempts, delay)
            return
        except ChatMoved as exc:
            if self.after_moved is None:
                await self._fail(row, str(exc))
                return
            # The hook re-targets this row (and the chat's other unfinished rows) to the
            # new id, back to 'pending': it is sent again there, in its place in the queue.
            async with self.db.transaction() as conn:
                await self.after_moved(conn, row.chat_id, exc.new_chat_id)
            log.warning("outbox row %s: chat %s moved to %s", row.id, row.chat_id, exc.new_chat_id)
            return
        except ChatGone as exc:
            if self.after_gone is None:
                await self._fail(row, str(exc))
                return
            async with self.db.transaction() as conn:
                await self.after_gone(conn, row.chat_id, str(exc))
            log.warning("outbox row %s: no longer in chat %s: %s", row.id, row.chat_id, exc)
            return
        except PermanentFailure as exc:
            await self._fail(row, str(exc))
            return
        await self._mark_sent(row, external_id)

    async def _mark_sent(self, row: OutboxRow, external_id: str | None) -> None:
        """The row's "sent" and what its delivery causes (a card's message id, the ticket
        becoming "forwarded", the citizen's notice) commit together (invariant 2).
        Deliveries that end while a commit is under way share the next one; a mark whose
        chat may not send yet waits a little for a transaction starting rows (module
        doc). Returns once the mark is committed."""
        loop = asyncio.get_running_loop()
        self._answer(row.id, row.chat_id)  # the answer came: the chat's pace counts now
        future: asyncio.Future[None] = loop.create_future()
        self._sent_queue.append((row, external_id, future))
        kind = self.sender.lane_kind(row.chat_id)
        # how long the chat could not use its mark anyway (a button's answer: module doc)
        if kind == "exempt":
            pace = self.mark_within if self.exempt_chats_are_answers else 0.0
        else:
            pace = self.limits.delay(kind, row.chat_id)
        if pace <= 0 or not self._merging():
            self._write_marks_now()
        else:
            by = self._on_grid(loop.time() + min(pace, self.mark_within))
            if self._mark_by is None or by < self._mark_by:
                self._mark_by = by
                self._marks_changed.set()
        if self._sent_task is None or self._sent_task.done():
            self._sent_task = asyncio.create_task(self._commit_sent())
        await future

    def _merging(self) -> bool:
        """May the marks' writer start rows (and so may marks wait for a start)?"""
        return self._plain_start and self._running and not self._stopping

    def _write_marks_now(self) -> None:
        self._mark_now = True
        self._marks_changed.set()

    def _take_marks(self) -> list[_Sent]:
        batch, self._sent_queue = self._sent_queue, []
        self._mark_by = None
        self._mark_now = False
        return batch

    def _requeue_marks(self, marks: list[_Sent]) -> None:
        """Marks a failed transaction did not write: to the writer, at once."""
        if not marks:
            return
        self._sent_queue[:0] = marks
        self._write_marks_now()
        if self._sent_task is None or self._sent_task.done():
            self._sent_task = asyncio.create_task(self._commit_sent())

    async def _marks_due(self) -> None:
        """Until the queued marks are to be written: at once, or at `_mark_by`."""
        loop = asyncio.get_running_loop()
        while self._sent_queue and not self._mark_now and self._merging():
            by = self._mark_by
            if by is None or by <= loop.time():
                return
            self._marks_changed.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(by - loop.time()):
                    await self._marks_changed.wait()

    async def _commit_sent(self) -> None:
        while self._sent_queue:
            await self._marks_due()
            taking = self._taking
            if taking is not None and not taking.done() and self._merging():
                await asyncio.sleep(0)  # the round's start runs first and takes them
                continue
            batch = self._take_marks()
            if not batch:  # a round's transaction took them
                continue
            merge = self._merging()
            marked = {row.chat_id: row.id for row, _, _ in batch}
            chosen: list[outbox_store.Head] = []
            started: dict[int, OutboxRow] = {}
            round_here = False
            try:
                async with self.db.transaction() as conn:
                    # A loop already woken reads the heads after this COMMIT (it waits
                    # for the store's lock): under load it is, and its round serves.
                    round_here = merge and not self._wake.is_set()
                    if not round_here:
                        await self._write_marks(conn, batch)
                    else:
                        # The round of this moment, in the same transaction: the marked
                        # chats' next rows (and any other due) start with one COMMIT.
                        heads = await self._marks_and_heads(conn, batch)
                        chosen, next_due = self._choose(heads, marked)
                        started = await outbox_store.start_attempts_in(
                            conn, [head.id for head in chosen]
                        )
            except asyncio.CancelledError:
                self._unchoose(chosen, marked)
                for *_, future in batch + self._sent_queue:
                    future.cancel()
                self._sent_queue = []
                raise
            except Exception as exc:
                self._unchoose(chosen, marked)
                if len(batch) == 1 and not merge:
                    _settle(batch[0][2], exc)
                    continue
                # one row's hook failed (or the round in the same transaction): every
                # mark on its own, so that only a row whose own hook fails fails
                for item in batch:
                    try:
                        async with self.db.transaction() as conn:
                            await self._write_marks(conn, [item])
                    except Exception as one:
                        _settle(item[2], one)
                    else:
                        self._marked([item], set())
                        _settle(item[2], None)
                continue
            if not round_here:
                # freed chats: looked at by the round under way (merge), or when their
                # pace lets them send
                self._marked(batch, set(), freed_looked_at=merge)
                for *_, future in batch:
                    _settle(future, None)
                continue
            self._marked(batch, {head.chat_id for head in chosen}, freed_looked_at=True)
            for *_, future in batch:
                _settle(future, None)
            if next_due < 1.0:  # else the loop's own wait (1 s at most) is soon enough
                self._due_in(next_due)
            for head in chosen:
                if head.id in started and self._running and not self._stopping:
                    self._send_later(started[head.id])
                else:
                    # no longer unfinished; or the leader stepped down meanwhile: a row
                    # left 'sending' is sent by the next leader's first round, unsent here
                    self._chat_done(head.chat_id, head.id)

    def _marked(
        self, batch: list[_Sent], restarted: set[str], freed_looked_at: bool = False
    ) -> None:
        """The batch's marks are committed: their chats are free (but those whose next
        row started in the same transaction). Unless the heads were read after the
        marks (and their hooks' rows) or a round is coming, the loop looks again now."""
        freed = False
        for row, _, _ in batch:
            if row.chat_id not in restarted and self._chat_done(row.chat_id, row.id):
                freed = True
        if freed and not freed_looked_at:
            self._wake.set()

    async def _marks_and_heads(
        self, conn: Connection, batch: list[_Sent]
    ) -> list[outbox_store.Head]:
        """`_write_marks`, then the chats' pending heads as read after the marks and
        their hooks. On PostgreSQL the marks and the read are one statement
        (`outbox.mark_many_sent_reading_heads`); the read is made again after the hooks
        only when a hook used the connection (it may have written a row to send)."""
        delivered = [(row.id, external_id) for row, external_id, _ in batch]
        heads = await outbox_store.mark_many_sent_reading_heads(
            conn, delivered, self.sender.channel
        )
        if self.after_sent is not None:
            watched = _Watched(conn)
            for row, external_id, _ in batch:
                await self.after_sent(cast(Connection, watched), row, external_id)
            if watched.used:
                heads = None
        if heads is None:
            heads = await outbox_store.heads_in(conn, self.sender.channel, pending_only=True)
        return heads

    async def _write_marks(self, conn: Connection, batch: list[_Sent]) -> None:
        await outbox_store.mark_many_sent(
            conn, [(row.id, external_id) for row, external_id, _ in batch]
        )
        if self.after_sent is not None:
            for row, external_id, _ in batch:
                await self.after_sent(conn, row, external_id)

    async def _fail(self, row: OutboxRow, error: str) -> None:
        await outbox_store.mark_failed(self.db, row.id, error)
        log.error("outbox row %s to %s failed for good: %s", row.id, row.kind, error)
        if self.after_failed is not None:
            await self.after_failed(row, error)


class _Watched:
    """A connection handed to the 'sent' hooks, noting whether any of them used it
    (any attribute: a statement, or a look at it before one)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self.used = False

    def __getattr__(self, name: str) -> Any:
        self.used = True
        return getattr(self._conn, name)


def _settle(future: asyncio.Future[None], error: BaseException | None) -> None:
    if future.done():  # its delivery was cancelled (stop)
        return
    if error is None:
        future.set_result(None)
    else:
        future.set_exception(error)
