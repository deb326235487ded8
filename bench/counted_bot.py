"""Counters inside a running `dumas run`, for bench_closed_loop.py `--count`.

The closed loop starts the bot with a `sitecustomize.py` (written by `sitecustomize_dir`)
that calls `install()` before `bot.cli` runs. The counters wrap the bot's own functions
(nothing in bot/ knows of them) and are written, as one JSON line, to the file named by
DUMAS_BENCH_COUNTS each time the process gets SIGUSR2: the benchmark signals before and
after the measured phase and divides the difference by the deliveries.

Counted: the event loop's turns (`_run_once`), its turns that found a timer due, the
futures and tasks made (by the bot's module that made them) and callbacks scheduled, SQL
statements and COMMITs (SQLite's trace callback), trips to a worker thread (`off_loop`),
transactions by the module that opened them, and the outbox sender's rounds, rows started
and timer wake-ups. The wrappers cost CPU themselves: a counted run's CPU is not
comparable with an uncounted one's. With DUMAS_BENCH_COUNT_SQL=1 in the environment,
each statement is also counted by its first 70 characters ("sql: ..."); with
DUMAS_BENCH_CPROFILE=FILE, cProfile runs over the measured phase and writes its stats
to FILE (the closed loop passes both on with `--count`).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

COUNTS: Counter[str] = Counter()


def _dump(*_: object) -> None:
    path = os.environ.get("DUMAS_BENCH_COUNTS")
    if path:
        with open(path, "a") as out:
            out.write(json.dumps(dict(COUNTS)) + "\n")


def _origin(depth: int = 2) -> str:
    """The first module of bot/ (or flows/) that is not the store, up the caller's stack."""
    frame: Any = sys._getframe(depth)
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if name.startswith(("bot.", "flows.")) and not name.startswith("bot.store"):
            return name
        frame = frame.f_back
    return "?"


def _shape(sql: str) -> str:
    """A traced statement (its values bound in) with its values masked: its first 70
    characters, whitespace folded."""
    masked = re.sub(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b", "?", sql)
    return " ".join(masked.split())[:70]


def _maker() -> str:
    """The innermost module of bot/ or flows/ on the caller's stack (the store too)."""
    frame: Any = sys._getframe(2)
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if name.startswith(("bot.", "flows.")):
            return "bot.store" if name.startswith("bot.store") else name
        frame = frame.f_back
    return "?"


def install() -> None:
    """Wrap the bot's functions; `bot` is imported from the working directory (the tree
    under test, as `python -m bot.cli` will)."""
    import asyncio.base_events as base_events

    sys.path.insert(0, os.getcwd())
    try:
        from bot.outbox import sender as outbox_sender
        from bot.store import connection, database
    finally:
        sys.path.pop(0)

    run_once = base_events.BaseEventLoop._run_once  # type: ignore[attr-defined]  # private

    def counted_run_once(self: Any) -> None:
        COUNTS["loop turns"] += 1
        scheduled = self._scheduled
        if scheduled and scheduled[0]._when <= self.time() + self._clock_resolution:
            COUNTS["loop turns with a timer due"] += 1
        run_once(self)

    base_events.BaseEventLoop._run_once = counted_run_once  # type: ignore[attr-defined]

    by_text = bool(os.environ.get("DUMAS_BENCH_COUNT_SQL"))

    # futures and tasks made, and callbacks the loop runs, by the bot's module that made
    # them (the innermost module of bot/ or flows/ on the stack, the store included)
    loop_class = base_events.BaseEventLoop
    create_future, create_task = loop_class.create_future, loop_class.create_task
    call_soon = loop_class.call_soon

    def counted_create_future(self: Any) -> Any:
        COUNTS[f"futures: {_maker()}"] += 1
        return create_future(self)

    def counted_create_task(self: Any, coro: Any, **kwargs: Any) -> Any:
        COUNTS[f"tasks: {_maker()}"] += 1
        return create_task(self, coro, **kwargs)

    def counted_call_soon(self: Any, callback: Any, *args: Any, **kwargs: Any) -> Any:
        COUNTS["loop callbacks (call_soon)"] += 1
        return call_soon(self, callback, *args, **kwargs)

    loop_class.create_future = counted_create_future  # type: ignore[method-assign]
    loop_class.create_task = counted_create_task  # type: ignore[method-assign]
    loop_class.call_soon = counted_call_soon  # type: ignore[assignment]
    call_at = loop_class.call_at

    def counted_call_at(self: Any, when: float, callback: Any, *args: Any, **kw: Any) -> Any:
        COUNTS["timers made (call_at)"] += 1
        return call_at(self, when, callback, *args, **kw)

    loop_class.call_at = counted_call_at  # type: ignore[assignment]

    def trace(sql: str) -> None:
        COUNTS["statements"] += 1
        if by_text:  # which statements: their first words, whitespace folded
            COUNTS["sql: " + _shape(sql)] += 1
        word = sql.split(None, 1)[0].upper() if sql else ""
        if word == "COMMIT":
            COUNTS["COMMITs"] += 1
        if "MAX((priority << 40) - id)" in sql:
            COUNTS["outbox heads reads"] += 1

    opened = database.Database.open

    async def counted_open(self: Any) -> Any:
        db = await opened(self)
        if hasattr(db.conn, "set_trace_callback"):
            await db.conn.set_trace_callback(trace)
        return db

    database.Database.open = counted_open  # type: ignore[method-assign]

    off_loop = connection.off_loop

    async def counted_off_loop(work: Any, *args: Any, **kwargs: Any) -> Any:
        COUNTS["worker thread trips"] += 1
        return await off_loop(work, *args, **kwargs)

    connection.off_loop = counted_off_loop

    transaction = database.Database.transaction

    def counted_transaction(self: Any, *args: Any) -> Any:
        COUNTS[f"transactions: {_origin()}"] += 1
        return transaction(self, *args)

    database.Database.transaction = counted_transaction  # type: ignore[method-assign,assignment]

    cls = outbox_sender.OutboxSender
    rounds = cls.round

    async def counted_round(self: Any) -> float:
        COUNTS["outbox rounds"] += 1
        return await rounds(self)

    cls.round = counted_round  # type: ignore[method-assign]

    start = cls._start

    async def counted_start(self: Any, heads: Any) -> None:
        COUNTS["outbox starts (transactions)"] += 1
        await start(self, heads)

    cls._start = counted_start  # type: ignore[method-assign]

    if hasattr(cls, "_send_later"):  # since session 32: rows beyond the concurrency wait
        send_later = cls._send_later

        def counted_send_later(self: Any, row: Any) -> None:
            COUNTS["outbox rows started"] += 1
            send_later(self, row)

        cls._send_later = counted_send_later  # type: ignore[method-assign]
    else:
        spawn = cls._spawn

        def counted_spawn(self: Any, coro: Any) -> None:
            if getattr(coro, "__name__", "") == "_send":
                COUNTS["outbox rows started"] += 1
            spawn(self, coro)

        cls._spawn = counted_spawn  # type: ignore[assignment]

    write_marks = cls._write_marks

    async def counted_write_marks(self: Any, conn: Any, batch: Any) -> None:
        where = sys._getframe(1).f_code.co_name
        COUNTS[f"outbox mark transactions: {where}"] += 1
        COUNTS[f"outbox marks written: {where}"] += len(batch)
        await write_marks(self, conn, batch)

    cls._write_marks = counted_write_marks  # type: ignore[method-assign]

    mark_sent = cls._mark_sent

    async def counted_mark_sent(self: Any, row: Any, external_id: Any) -> None:
        kind = self.sender.lane_kind(row.chat_id)
        self._answer(row.id, row.chat_id)  # as `_mark_sent` does first (idempotent)
        paced = self.limits.delay(kind, row.chat_id) > 0
        COUNTS[f"outbox marks of {kind} chats, {'paced' if paced else 'free'}"] += 1
        await mark_sent(self, row, external_id)

    cls._mark_sent = counted_mark_sent  # type: ignore[method-assign]

    init = cls.__init__

    def counted_init(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        woken = self._wake.wait

        async def counted_wait() -> bool:
            try:
                return await woken()
            except asyncio.CancelledError:
                COUNTS["outbox timer wake-ups"] += 1  # the loop's timeout ended the wait
                raise

        self._wake.wait = counted_wait

    cls.__init__ = counted_init  # type: ignore[method-assign]
    signal.signal(signal.SIGUSR2, _dump)
    profile_to = os.environ.get("DUMAS_BENCH_CPROFILE")
    if profile_to:
        _profile_between_dumps(profile_to)


def _profile_between_dumps(path: str) -> None:
    """cProfile from the first SIGUSR2 to the second (the measured phase), its stats
    written to `path` (call counts: divide by the phase's updates)."""
    import cProfile

    profiler = cProfile.Profile()
    signals = [0]

    def toggle(*_: object) -> None:
        _dump()
        signals[0] += 1
        if signals[0] == 1:
            profiler.enable()
        elif signals[0] == 2:
            profiler.disable()
            profiler.dump_stats(path)

    signal.signal(signal.SIGUSR2, toggle)


SITECUSTOMIZE = """\
import importlib.util
spec = importlib.util.spec_from_file_location("dumas_counted_bot", {path!r})
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
module.install()
"""


def sitecustomize_dir() -> Path:
    """A directory holding the `sitecustomize.py` that installs the counters (for
    PYTHONPATH), with this file's code whichever tree the bot runs from."""
    where = Path(tempfile.mkdtemp(prefix="dumas-counted-"))
    (where / "sitecustomize.py").write_text(SITECUSTOMIZE.format(path=str(Path(__file__))))
    return where


def read(path: Path) -> list[dict[str, int]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
