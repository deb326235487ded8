"""The outbox sender alone, counted: statements, COMMITs, rounds and wake-ups per delivery.

    . .venv/bin/activate
    python bench/bench_outbox.py                       # unlimited and paced, this tree
    python bench/bench_outbox.py --base /tmp/before    # alternated with another tree's sender

A closed loop in one process, no HTTP: N chats on a real SQLite store (migrated,
synchronous=FULL), each a citizen who files `--steps` steps. A step's
replies are written as the dispatcher writes them (one transaction, `enqueue_many`, then
a wake): a button press's answer (to a "chat" of its own, exempt from the limits, as
Telegram's sender makes it) and two replies. The channel "delivers" a row after
`--latency` seconds (an `asyncio.sleep`, the Bot API's answer), and when a chat's last
message of a step is delivered its citizen answers after `--think` seconds (between half
and twice that): the next step's replies are written. The sender is the real
`OutboxSender` with Telegram's limits (`paced`, bot/outbox/limits.py defaults) or none
(`unlimited`, what DUMAS_OUTBOX_RATE_LIMITS=off gives).

Counted per delivery, from SQLite's trace callback and by wrapping the sender's methods
(the bench's own step transactions, one BEGIN + INSERT + COMMIT a step, are left out):
statements, COMMITs, reads of the heads, rounds, rounds that started rows, and the sender
loop's wake-ups by its timer. CPU ms per delivery = the process's CPU over the run (the
fake channel and the steps included: compare arms, not absolute values). Counted figures
do not depend on the machine's load; the CPU does (say the load average when you quote
it). Nothing here asserts anything.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


class Citizens:
    """The fake channel and the citizens behind it (one chat each)."""

    channel = "telegram"

    def __init__(self, db: Any, outbox: Any, chats: int, args: argparse.Namespace) -> None:
        self.db, self.outbox = db, outbox
        steps, self.replies = args.steps, args.replies
        self.left = {str(1000 + n): steps for n in range(chats)}
        self.waiting: Counter[str] = Counter()  # replies of the current step not delivered
        self.think, self.latency = args.think, args.latency
        self.delivered = 0
        self.done = asyncio.Event()
        self.sender: Any = None  # the OutboxSender, set once built
        self.tasks: set[asyncio.Task[None]] = set()
        self.rng = random.Random(21)

    def lane_kind(self, chat_id: str) -> str:
        return "exempt" if chat_id.endswith("#cb") else "private"  # as Telegram's sender

    async def deliver(self, row: Any) -> str | None:
        await asyncio.sleep(self.latency)
        self.delivered += 1
        chat = row.chat_id.removesuffix("#cb")
        self.waiting[chat] -= 1
        if self.waiting[chat] == 0:
            task = asyncio.create_task(self._answer(chat))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)
        return str(self.delivered)

    async def _answer(self, chat: str) -> None:
        # between half and twice `think`: citizens drift apart, as real ones do (in step,
        # their rows would come due together and share every transaction)
        await asyncio.sleep(self.think * self.rng.uniform(0.5, 2.0))
        await self.step(chat)

    async def step(self, chat: str) -> None:
        if self.left[chat] == 0:
            del self.left[chat]
            if not self.left:
                self.done.set()
            return
        self.left[chat] -= 1
        # a button press's answer (exempt from the limits, a "chat" of its own), two replies
        replies = [(f"{chat}#cb", self.outbox.reply("ok"))]
        replies += [
            (chat, self.outbox.reply(f"{chat} step {self.left[chat]} {n}"))
            for n in range(self.replies)
        ]
        self.waiting[chat] += len(replies)
        async with self.db.transaction() as conn:
            await self.outbox.store.enqueue_many(conn, self.channel, replies)
        self.sender.wake()


class _Outbox:
    """The modules of one tree (this one or `--base`)."""

    def __init__(self) -> None:
        self.store = importlib.import_module("bot.store.outbox")
        self.sender = importlib.import_module("bot.outbox.sender")
        self.limits = importlib.import_module("bot.outbox.limits")
        messages = importlib.import_module("bot.outbox.messages")
        events = importlib.import_module("flows.events")
        self._reply = lambda text: messages.CitizenReply(events.Reply(text))

    def reply(self, text: str) -> Any:
        return self._reply(text)


async def one_run(paced: bool, args: argparse.Namespace) -> dict[str, float]:
    database = importlib.import_module("bot.store.database")
    outbox = _Outbox()
    with tempfile.TemporaryDirectory(prefix="bench-outbox-") as tmp:
        db = await database.Database(Path(tmp) / "dumas.sqlite3").open()
        chats = args.paced_chats if paced else args.chats
        citizens = Citizens(db, outbox, chats, args)
        config = outbox.limits.LimitConfig() if paced else outbox.limits.UNLIMITED
        extra = {} if args.mark_within is None else {"mark_within": args.mark_within}
        sender = outbox.sender.OutboxSender(
            db, citizens, limits=outbox.limits.RateLimits(config), **extra
        )
        citizens.sender = sender
        counts: Counter[str] = Counter()

        def trace(sql: str) -> None:
            word = sql.split(None, 1)[0].upper()
            counts["statements"] += 1
            if word == "COMMIT":
                counts["commits"] += 1
            if "MAX((priority << 40) - id)" in sql:
                counts["heads reads"] += 1

        rounds = sender.round

        async def counted_round() -> float:
            counts["rounds"] += 1
            before = len(sender._tasks)
            wait = await rounds()
            counts["rounds starting rows"] += len(sender._tasks) > before
            return wait

        sender.round = counted_round
        woken = sender._wake.wait

        async def counted_wait() -> bool:
            try:
                return await woken()
            except asyncio.CancelledError:
                counts["timer wake-ups"] += 1  # the loop's timeout ended the wait
                raise

        sender._wake.wait = counted_wait
        await db.conn.set_trace_callback(trace)
        loop_task = asyncio.create_task(sender.run())
        began_cpu, began = time.process_time(), time.monotonic()
        for chat in list(citizens.left):
            task = asyncio.create_task(citizens._answer(chat))
            citizens.tasks.add(task)
            task.add_done_callback(citizens.tasks.discard)
        await asyncio.wait_for(citizens.done.wait(), args.timeout)
        while True:  # the last marks
            left = await db.fetchone(
                "SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')"
            )
            if left is not None and left[0] == 0:
                break
            await asyncio.sleep(0.01)
        cpu, wall = time.process_time() - began_cpu, time.monotonic() - began
        await db.conn.set_trace_callback(None)
        loop_task.cancel()
        await asyncio.gather(loop_task, return_exceptions=True)
        await sender.stop()
        await db.close()
    steps = chats * args.steps
    # the bench's own step transactions: BEGIN, INSERT, COMMIT each
    counts["statements"] -= 3 * steps
    counts["commits"] -= steps
    # the final polls of this function: one SELECT each, not the sender's
    n = citizens.delivered
    figures = {k: v / n for k, v in counts.items()}
    figures["deliveries"] = n
    figures["deliveries/s"] = n / wall
    figures["CPU ms/delivery"] = 1000 * cpu / n
    return figures


def _tree(path: Path | None) -> None:
    """Import `bot` and `flows` from this tree or another one (fresh imports)."""
    for name in [m for m in sys.modules if m.split(".")[0] in ("bot", "flows", "tests")]:
        del sys.modules[name]
    root = str(path or REPO)
    sys.path[:] = [root] + [p for p in sys.path if p not in (str(REPO), str(path))]


KEYS = (
    "statements",
    "commits",
    "heads reads",
    "rounds",
    "rounds starting rows",
    "timer wake-ups",
    "CPU ms/delivery",
    "deliveries/s",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chats", type=int, default=200, help="unlimited: saturated")
    # paced: few enough chats that their 1/s each, not the 29/s overall, binds (as in
    # `bench_closed_loop.py --limits --citizens 40`, 24 updates/s: ~20 paced messages/s)
    parser.add_argument("--paced-chats", type=int, default=10)
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--replies", type=int, default=2, help="replies per step")
    parser.add_argument("--think", type=float, default=0.2, help="citizen's answer, s")
    parser.add_argument("--latency", type=float, default=0.01, help="Bot API answer, s")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=("unlimited", "paced"))
    parser.add_argument(
        "--mark-within", type=float, help="OutboxSender(mark_within=...): this tree only"
    )
    parser.add_argument("--base", type=Path, help="another tree, alternated with this one")
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    modes = [args.only] if args.only else ["unlimited", "paced"]
    trees: list[tuple[str, Path | None]] = [("this", None)]
    if args.base:
        trees.insert(0, ("base", args.base))
    results: dict[tuple[str, str], list[dict[str, float]]] = {}
    for _ in range(args.runs):
        for mode in modes:
            for name, path in trees:
                _tree(path)
                arm = argparse.Namespace(**vars(args))
                if path is not None:
                    arm.mark_within = None
                figures = asyncio.run(one_run(mode == "paced", arm))
                results.setdefault((name, mode), []).append(figures)
                print(
                    f"{name} {mode}: {figures['deliveries']:.0f} deliveries, "
                    f"{figures['commits']:.2f} commits, {figures['CPU ms/delivery']:.3f} ms",
                    flush=True,
                )
    print(
        f"\n{args.chats} chats unlimited, {args.paced_chats} paced, x {args.steps} steps of "
        f"a button's answer + {args.replies} replies, think {args.think} s, "
        f"answer {args.latency} s; per delivery, medians of {args.runs}; "
        f"load average {os.getloadavg()[0]:.1f}\n"
    )
    columns = list(results)
    print("| per delivery | " + " | ".join(f"{n} {m}" for n, m in columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for key in KEYS:
        cells = [statistics.median(r[key] for r in results[c]) for c in columns]
        print(f"| {key} | " + " | ".join(f"{v:.2f}" for v in cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
