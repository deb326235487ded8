"""Closed loop, side by side (issue 21): a plain python-telegram-bot bot against Dumas.

    . .venv/bin/activate
    python bench/bench_closed_loop.py                  # 500 citizens, both bots, one run
    python bench/bench_closed_loop.py --citizens 200 --only reference
    python bench/bench_closed_loop.py --backend both --runs 3  # + Dumas on PostgreSQL

N scripted citizens file a complaint each, in a closed loop: a citizen sends its next
update only when the bot's answer to the previous one reached the fake Bot API. The same
load runs first against bench/reference_bot.py (Application + ConversationHandler +
PicklePersistence, python-telegram-bot's defaults) and then against a real `dumas run`
(started as bench_pipeline.py does: a fresh copy of a migrated data directory with the
boundaries imported and a staff group bound, no outbox rate limit, flood control off),
both over long polling from the same in-process fake Bot API (tests/fakes'
FakeBotAPI, no rate limits). Prints updates/s, reply p50/p99, CPU ms per update and
peak RSS of each bot's process, and the ratio Dumas / reference.

`--backend postgresql` runs Dumas on PostgreSQL instead of SQLite, `both` on each in
turn (reference | Dumas on SQLite | Dumas on PostgreSQL, one table): a throwaway cluster
with fsync and synchronous_commit on (bench/pg_server.py, as bench_instances.py uses), a
fresh migrated database per run with the same staff group bound, given to the real
`dumas run` as DUMAS_DATABASE_URL. The server's CPU (postmaster and its children, from
/proc) over the measured phase is printed per update beside the bot's, and their sum.

Two processes: the bot under test, and this one (the load generator and the fake Bot API
in one event loop). On a 2-core machine the bot gets about one core; this process's CPU
per update is printed so that one can see it was not the bottleneck.

How citizens answer: they read the step. After each update a citizen waits for the
step's messages (how many, learnt from one warm-up citizen who waits 0.3 s after each
step), then answers the last one: the first of its buttons it knows (consent:yes,
cat:crime, desc:done, when:yesterday, place:yes, place:0, ev:skip, sum:confirm, in that
order of preference), or, when it offers none of them, the next text of its story (the
description, then the place). Pressing sum:confirm ends the complaint. So the same
citizen drives both bots, whose conversations differ in detail (the reference bot asks
the same steps with the same button data, one message per step), and a change in Dumas's
steps changes the update count, not the script. The story has no time or place in it
(Dumas would skip the steps it answers). Every update counts, /aduan included.

Figures: **updates/s** = updates / (last reply - first update) of the measured phase;
**reply** = update pushed -> the step's first sendMessage at the fake; **CPU ms/update** =
utime + stime of the bot's process tree over the measured phase / updates; **peak RSS** =
VmHWM of the bot's process tree at the end (start-up included); **RSS start** = VmRSS
after the warm-up citizen. Nothing here asserts anything about time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import asyncpg
from aiohttp import web

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import counted_bot  # noqa: E402
from bench.pg_server import durable_cluster, new_database, server_cpu  # noqa: E402
from bench.pipeline import (  # noqa: E402
    GROUP,
    TOKEN,
    Fakes,
    _query,
    _wait_healthy,
    bot_env,
    free_port,
    percentile,
    prepare_template,
    tree_cpu_seconds,
    tree_status_mb,
)
from tests.e2e.steps import DESCRIPTION  # noqa: E402
from tests.fakes.telegram_api import Call, FakeBotAPI  # noqa: E402
from tests.fakes.updates import UpdateFactory  # noqa: E402
from tests.pg_cluster import Cluster  # noqa: E402

PLACE = "kec cilandak jaksel"
# The buttons a citizen presses when a step offers them, best first.
PREFERRED = (
    "consent:yes",
    "cat:crime",
    "desc:done",
    "when:yesterday",
    "place:yes",
    "place:0",
    "ev:skip",
    "sum:confirm",
)
LAST_BUTTON = "sum:confirm"
MAX_STEPS = 20  # a citizen that has not sent after this many updates is stuck
# --limits: Dumas again with its outbox limits on (DUMAS_OUTBOX_RATE_LIMITS' default)
LIMITED_NAME = "dumas-limited"
LIMITED = {"DUMAS_OUTBOX_RATE_LIMITS": "platform"}
# --base TREE: Dumas again from another checkout (before a change), alternated with this one
BASE_NAME = "dumas-base"
# --limits with --base: both trees with their limits on, alternated
BASE_LIMITED_NAME = "dumas-base-limited"
# --backend postgresql|both: this tree's Dumas on a throwaway PostgreSQL cluster
PG_NAME = "dumas-postgresql"
BACKENDS = {"sqlite": ["dumas"], "postgresql": [PG_NAME], "both": ["dumas", PG_NAME]}
# the table's column heads
LABELS = {"dumas": "dumas (SQLite)", PG_NAME: "dumas (PostgreSQL)"}
FIRST_USER = 7_000_000


@dataclass
class Sent:
    """A sendMessage that reached the fake: when, its message id, text and buttons."""

    at: float
    message_id: int
    text: str
    markup: dict[str, Any] | None
    buttons: list[str]


class LoopBotAPI(FakeBotAPI):
    """FakeBotAPI that wakes the waiting citizen on each sendMessage to its chat and keeps
    memory flat (the benchmark reads arrivals here, not the fake's call log)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sent_to: dict[int, list[Sent]] = defaultdict(list)
        self.waiters: dict[int, tuple[int, asyncio.Future[None]]] = {}
        self.errors: list[str] = []
        self.polled = asyncio.Event()
        self.bot_calls = 0  # every call but getUpdates: the messages the bot delivered
        self.polls = 0  # getUpdates calls

    async def _dispatch(self, call: Call) -> web.Response:
        if call.method == "getUpdates":
            self.polled.set()
            self.polls += 1
        else:
            self.bot_calls += 1
        response = await super()._dispatch(call)
        if call.status != 200:
            self.errors.append(f"{call.method} {call.status}")
        elif call.method == "sendMessage" and isinstance(call.chat_id, int):
            result = call.result if isinstance(call.result, dict) else {}
            got = self.sent_to[call.chat_id]
            got.append(
                Sent(
                    time.monotonic(),
                    int(result.get("message_id", 0)),
                    call.text or "",
                    call.reply_markup,
                    call.callback_data(),
                )
            )
            waiter = self.waiters.get(call.chat_id)
            if waiter is not None and len(got) >= waiter[0] and not waiter[1].done():
                waiter[1].set_result(None)
        if len(self.calls) > 1000:
            del self.calls[:500]
        if len(self.messages) > 20000:
            self.messages.clear()
        return response

    async def wait_messages(self, chat_id: int, n: int, timeout: float) -> list[Sent]:
        """Until `chat_id` got its n-th message (n counted from the first ever)."""
        got = self.sent_to[chat_id]
        if len(got) < n:
            future = asyncio.get_running_loop().create_future()
            self.waiters[chat_id] = (n, future)
            try:
                await asyncio.wait_for(future, timeout)
            finally:
                self.waiters.pop(chat_id, None)
        return got[:n]


@dataclass
class Outcome:
    """What one run measured."""

    name: str
    citizens: int
    updates: int = 0
    updates_per_step: list[int] = field(default_factory=list)
    reply_ms: list[float] = field(default_factory=list)
    wall_s: float = 0.0
    cpu_s: float = 0.0
    server_cpu_s: float = 0.0  # PostgreSQL's server processes (0 on SQLite)
    loadgen_cpu_s: float = 0.0
    deliveries: int = 0  # Bot API calls other than getUpdates in the measured phase
    rss_start_mb: float = 0.0
    rss_peak_mb: float = 0.0
    finished: int = 0
    stalled: int = 0
    api_errors: int = 0
    tickets: int | None = None  # in Dumas's store after the run (the warm-up's included)
    # --count: the bot's counters over the measured phase (bench/counted_bot.py)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def per_s(self) -> float:
        return self.updates / self.wall_s if self.wall_s else float("nan")

    @property
    def cpu_ms(self) -> float:
        return self.cpu_s * 1000 / max(1, self.updates)

    @property
    def server_cpu_ms(self) -> float:
        return self.server_cpu_s * 1000 / max(1, self.updates)

    @property
    def cpu_ms_per_delivery(self) -> float:
        return self.cpu_s * 1000 / max(1, self.deliveries)


class Citizens:
    """Scripted citizens pushing updates into the fake's getUpdates queue."""

    def __init__(
        self,
        api: LoopBotAPI,
        factory: UpdateFactory,
        timeout: float,
        quiet: float = 0.3,
        think: float = 0.0,
    ) -> None:
        self.api, self.factory, self.timeout = api, factory, timeout
        self.quiet = quiet  # the warm-up's wait for a step's last message
        # --think: a pause of 0 to 2x this before each answer (seconds), as people take
        self.think = think
        self.rng = random.Random(31)
        self.per_step: list[int] = []  # messages each step causes (learnt by warm-up)
        self.reply_ms: list[float] = []
        self.updates = 0
        self.first_push = float("inf")
        self.last_reply = 0.0
        self.finished = 0
        self.stalled = 0

    def _answer(
        self, user: int, last: Sent | None, story: list[str]
    ) -> tuple[dict[str, Any], bool]:
        """The update answering the step whose last message is `last`; True if it sends
        the complaint."""
        f = self.factory
        if last is None:
            return f.command(user, "/aduan"), False
        for choice in PREFERRED:
            if choice in last.buttons:
                update = f.callback(
                    user,
                    choice,
                    last.message_id,
                    message_text=last.text[:100],
                    reply_markup=last.markup,
                )
                return update, choice == LAST_BUTTON
        if not story:
            raise RuntimeError(f"no answer for {last.text[:80]!r} {last.buttons}")
        return f.text(user, story.pop(0)), False

    async def citizen(self, user: int, *, learn: bool = False, record: bool = True) -> None:
        api = self.api
        story = [DESCRIPTION, PLACE]
        last: Sent | None = None
        for step in range(MAX_STEPS):
            update, sending = self._answer(user, last, story)
            before = len(api.sent_to[user])
            t0 = time.monotonic()
            api.push_update(update)
            try:
                first = (await api.wait_messages(user, before + 1, self.timeout))[-1]
                if learn:  # let the step finish (no message for `quiet` s), then count
                    seen = -1
                    while seen != len(api.sent_to[user]):
                        seen = len(api.sent_to[user])
                        await asyncio.sleep(self.quiet)
                    self.per_step.append(len(api.sent_to[user]) - before)
                else:
                    expected = self.per_step[step] if step < len(self.per_step) else 1
                    await api.wait_messages(user, before + expected, self.timeout)
            except TimeoutError:
                self.stalled += 1
                return
            last = api.sent_to[user][-1]
            if self.think and not learn:
                await asyncio.sleep(self.rng.uniform(0.0, 2 * self.think))
            if record:
                self.updates += 1
                self.first_push = min(self.first_push, t0)
                self.last_reply = max(self.last_reply, first.at)
                self.reply_ms.append((first.at - t0) * 1000)
            if sending:
                self.finished += 1
                return
        self.stalled += 1


async def _stop(proc: asyncio.subprocess.Process) -> None:
    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), 30)
        except TimeoutError:
            proc.kill()
            await proc.wait()


async def start_dumas(
    template: Path,
    data: Path,
    api_url: str,
    port: int,
    limits: Any = None,
    stderr: Any = asyncio.subprocess.DEVNULL,
    tree: Path = REPO,
) -> asyncio.subprocess.Process:
    """A real `dumas run` (polling the fake Bot API at `api_url`) on a fresh copy of the
    prepared data directory `template` (its gazetteer cache built once); also used by
    bench_memory.py. `tree` is the checkout whose code runs (`python -m` imports from the
    working directory)."""
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(template, data)
    fakes = cast(Fakes, SimpleNamespace(urls={"telegram": api_url}))
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        cwd=tree,
        env=bot_env(data, "polling", port, fakes, limits),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=stderr,
    )


def _profiler(pid: int, path: str) -> Any:
    """py-spy recording `pid` into `path` (speedscope for .json, collapsed stacks for
    .txt, else an SVG). `--gil`: only the thread holding the GIL is sampled, so the
    samples are the bot's Python CPU time, not its threads waiting for the GIL, the disk
    (COMMIT) or the network."""
    form = (
        "speedscope" if path.endswith(".json") else "raw" if path.endswith(".txt") else "flamegraph"
    )
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    return asyncio.create_subprocess_exec(
        spy,
        "record",
        "-o",
        path,
        "-f",
        form,
        "--pid",
        str(pid),
        "--nonblocking",
        "--gil",
        "-r",
        "200",
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


async def run(
    name: str,
    api: LoopBotAPI,
    factory: UpdateFactory,
    work: Path,
    citizens: int,
    first_user: int,
    timeout: float,
    show_steps: bool = False,
    base: Path | None = None,
    profile: str | None = None,
    count: bool = False,
    think: float = 0.0,
    cluster: Cluster | None = None,
) -> Outcome:
    """Start the bot `name` ("reference", "dumas", "dumas-limited", "dumas-base", the
    last from the checkout `base`, or "dumas-postgresql" on a new database of `cluster`),
    warm it up, run the load, stop it; with `profile`, py-spy records the bot during the
    measured phase into that file; with `count`, the bot's counters (bench/counted_bot.py)
    are read before and after it."""
    api.updates.clear()
    api.polled.clear()
    log = open(work / f"{name}.log", "wb")  # noqa: SIM115 - closed in finally
    database_url = ""  # Dumas on SQLite, in its data directory
    if name == "reference":
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            str(REPO / "bench" / "reference_bot.py"),
            "--token",
            TOKEN,
            "--api-url",
            api.url,
            "--data",
            str(work / "reference"),
            cwd=REPO,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=log,
        )
    else:
        template = prepare_template(work.parent)  # shared by the runs
        port = free_port()
        env = dict(LIMITED) if name in (LIMITED_NAME, BASE_LIMITED_NAME) else {}
        if name == PG_NAME:
            if cluster is None:
                raise ValueError(f"{name} needs a PostgreSQL cluster")
            database_url = await pg_database(cluster, template, work.name)
            env["DUMAS_DATABASE_URL"] = database_url
        if count:
            env |= {
                "PYTHONPATH": str(counted_bot.sitecustomize_dir()),
                "DUMAS_BENCH_COUNTS": str(work / "counts.jsonl"),
            }
            for key in ("DUMAS_BENCH_COUNT_SQL", "DUMAS_BENCH_CPROFILE"):
                if os.environ.get(key):  # statements by text; cProfile (counted_bot.py)
                    env[key] = os.environ[key] + ("" if key.endswith("SQL") else f".{name}")
        tree = base if name in (BASE_NAME, BASE_LIMITED_NAME) and base is not None else REPO
        proc = await start_dumas(template, work / "dumas", api.url, port, env, log, tree)
    out = Outcome(name, citizens)
    spy: asyncio.subprocess.Process | None = None
    try:
        if name != "reference":
            await _wait_healthy(port, proc, 90)
        await asyncio.wait_for(api.polled.wait(), 90)
        # paced at 1 message/s per chat, a step's last message may come a second later
        paced = name in (LIMITED_NAME, BASE_LIMITED_NAME)
        load = Citizens(api, factory, timeout, quiet=1.5 if paced else 0.3, think=think)
        await load.citizen(first_user, learn=True, record=False)
        if load.stalled or not load.finished:
            raise RuntimeError(f"{name}: the warm-up citizen did not finish: {load.per_step}")
        out.updates_per_step = load.per_step
        if show_steps:
            for sent in api.sent_to[first_user]:
                print(f"  {name} says: {sent.text[:70]!r} {sent.buttons}")
        load.finished = 0
        await asyncio.sleep(0.5)
        errors0 = len(api.errors)
        calls0, polls0 = api.bot_calls, api.polls
        if count:
            proc.send_signal(signal.SIGUSR2)  # the counters before the measured phase
            switches0 = _context_switches(proc.pid)
        cpu0 = tree_cpu_seconds(proc.pid)
        server0 = server_cpu(cluster) if name == PG_NAME else 0.0
        own0 = time.process_time()
        out.rss_start_mb = tree_status_mb(proc.pid, "VmRSS")
        spy = await _profiler(proc.pid, profile) if profile else None
        await asyncio.gather(*(load.citizen(first_user + 1 + n) for n in range(citizens)))
        out.cpu_s = tree_cpu_seconds(proc.pid) - cpu0
        if name == PG_NAME:
            out.server_cpu_s = server_cpu(cluster) - server0
        out.loadgen_cpu_s = time.process_time() - own0
        out.rss_peak_mb = tree_status_mb(proc.pid, "VmHWM")
        out.updates = load.updates
        out.reply_ms = load.reply_ms
        out.wall_s = load.last_reply - load.first_push
        out.finished, out.stalled = load.finished, load.stalled
        out.api_errors = len(api.errors) - errors0
        out.deliveries = api.bot_calls - calls0
        if name != "reference":
            out.tickets = await _tickets(work / "dumas", database_url)
        if count:
            proc.send_signal(signal.SIGUSR2)
            out.counts = await _counts(work / "counts.jsonl")
            out.counts["getUpdates polls"] = api.polls - polls0
            switches = _context_switches(proc.pid)
            for key, value in switches.items():
                out.counts[key] = value - switches0.get(key, 0)
    finally:
        if spy is not None:
            spy.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
            await spy.wait()
        await _stop(proc)
        log.close()
        if out.stalled or out.api_errors or not out.updates:
            tail = (work / f"{name}.log").read_text(errors="replace").splitlines()[-15:]
            print(f"  ({name}'s log, last lines)\n" + "\n".join(tail))
    return out


async def _tickets(data: Path, database_url: str) -> int:
    """Tickets in the store the bot wrote: its SQLite file, or the PostgreSQL database it
    was given (so a run says which store it used)."""
    if not database_url:
        return int(_query(data / "dumas.sqlite3", "SELECT COUNT(*) FROM tickets")[0][0])
    conn = await asyncpg.connect(database_url)
    try:
        return int(await conn.fetchval("SELECT COUNT(*) FROM tickets"))
    finally:
        await conn.close()


async def pg_database(cluster: Cluster, template: Path, run_name: str) -> str:
    """A fresh migrated database for one run, with the staff group the SQLite template
    binds (same Polres, same chat), so both backends send the same staff cards."""
    unit = _query(
        template / "dumas.sqlite3", "SELECT unit_id FROM staff_groups WHERE chat_id = ?", str(GROUP)
    )[0][0]
    name = "loop_" + "".join(c if c.isalnum() else "_" for c in run_name)
    return await new_database(cluster, name, template, str(unit), GROUP)


def _context_switches(pid: int) -> dict[str, int]:
    """The process's context switches (/proc/PID/task/*/status), of its main thread (the
    event loop) and of its other threads summed: voluntary ones are sleeps (each a
    wake-up later), involuntary ones preemptions."""
    total: dict[str, int] = {}
    for status in Path(f"/proc/{pid}/task").glob("*/status"):
        who = "loop thread" if status.parent.name == str(pid) else "other threads"
        with contextlib.suppress(OSError):
            for line in status.read_text().splitlines():
                for field_name, label in (
                    ("voluntary_ctxt_switches:", "voluntary"),
                    ("nonvoluntary_ctxt_switches:", "involuntary"),
                ):
                    if line.startswith(field_name):
                        key = f"context switches, {label}, {who}"
                        total[key] = total.get(key, 0) + int(line.split()[1])
    return total


async def _counts(path: Path) -> dict[str, int]:
    """The counters' growth between the two dumps (the second may take a moment)."""
    for _ in range(100):
        dumps = counted_bot.read(path)
        if len(dumps) >= 2:
            before, after = dumps[-2], dumps[-1]
            return {k: v - before.get(k, 0) for k, v in after.items()}
        await asyncio.sleep(0.05)
    raise RuntimeError(f"the bot wrote no counts to {path}")


def count_report(by_bot: dict[str, list[Outcome]]) -> str:
    """`--count`: each counter per delivery, medians over the runs, side by side."""
    keys = sorted({k for v in by_bot.values() for o in v for k in o.counts})
    lines = ["| per delivery (counted runs) | " + " | ".join(by_bot) + " |"]
    lines.append("|---" * (len(by_bot) + 1) + "|")
    for key in keys:
        cells = [
            statistics.median(o.counts.get(key, 0) / max(1, o.deliveries) for o in v)
            for v in by_bot.values()
        ]
        lines.append(f"| {key} | " + " | ".join(f"{c:.2f}" for c in cells) + " |")
    return "\n".join(lines)


def report(by_bot: dict[str, list[Outcome]]) -> str:
    """A Markdown table: the median of each measure over the runs, and the ratio of each
    later column to the first (Dumas / reference)."""
    first, *others = by_bot
    label = [LABELS.get(name, name) for name in by_bot]
    head = ["measure", *label, *(f"{lab} / {label[0]}" for lab in label[1:])]
    lines: list[list[str]] = []

    def add(name: str, get: Any, fmt: str, ratio: bool = True, runs: bool = False) -> None:
        values = [statistics.median(get(o) for o in outcomes) for outcomes in by_bot.values()]
        cells = [format(v, fmt) for v in values]
        if runs and any(len(o) > 1 for o in by_bot.values()):
            cells = [
                f"{c} ({', '.join(format(get(o), fmt) for o in outcomes)})"
                for c, outcomes in zip(cells, by_bot.values(), strict=True)
            ]
        ratios = [f"{v / values[0]:.2f}x" if ratio and values[0] else "" for v in values[1:]]
        lines.append([name, *cells, *ratios])

    def add_text(name: str, get: Any) -> None:
        lines.append([name, *(get(v) for v in by_bot.values()), *([""] * len(others))])

    on_pg = PG_NAME in by_bot
    add("updates per complaint", lambda o: len(o.updates_per_step), ".0f", False)
    add("updates/s", lambda o: o.per_s, ",.0f", runs=True)
    add("reply p50 ms", lambda o: percentile(o.reply_ms, 50), ",.0f")
    add("reply p99 ms", lambda o: percentile(o.reply_ms, 99), ",.0f", runs=True)
    add("CPU ms/update (bot)", lambda o: o.cpu_ms, ".2f", runs=True)
    if on_pg:  # on SQLite (and for the reference bot) the bot's process is all there is
        add("CPU ms/update (PostgreSQL server)", lambda o: o.server_cpu_ms, ".2f", False, True)
        add("CPU ms/update (bot + server)", lambda o: o.cpu_ms + o.server_cpu_ms, ".2f")
    add("Bot API calls (deliveries)", lambda o: o.deliveries, ".0f", False)
    add("CPU ms/delivery (bot)", lambda o: o.cpu_ms_per_delivery, ".2f", runs=True)
    add("RSS after warm-up MB", lambda o: o.rss_start_mb, ".0f")
    add("peak RSS MB", lambda o: o.rss_peak_mb, ".0f")
    add(
        "load generator + fake CPU ms/update",
        lambda o: o.loadgen_cpu_s * 1000 / max(1, o.updates),
        ".2f",
        False,
    )
    add_text(
        "complaints sent / stalled (all runs)",
        lambda v: f"{sum(o.finished for o in v)} / {sum(o.stalled for o in v)}",
    )
    add_text("Bot API errors (all runs)", lambda v: str(sum(o.api_errors for o in v)))
    add_text(
        "tickets in the store (all runs)",
        lambda v: "" if v[0].tickets is None else str(sum(o.tickets or 0 for o in v)),
    )
    widths = [max(len(r[i]) for r in [head, *lines]) for i in range(len(head))]
    text = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(head, widths, strict=True)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    text += [
        "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in lines
    ]
    return "\n".join(text)


def _profile_path(profile: str | None, name: str) -> str | None:
    """Where `--profile` records the bot `name`: this tree's Dumas into the file given,
    its paced run (`--limits`), Dumas on PostgreSQL and the reference bot beside it, with
    '-limited', '-postgresql' or '-reference' before the extension."""
    if profile is None:
        return None
    if name == "dumas":
        return profile
    suffix = {LIMITED_NAME: "-limited", PG_NAME: "-postgresql", "reference": "-reference"}
    if name in suffix:
        path = Path(profile)
        return str(path.with_name(f"{path.stem}{suffix[name]}{path.suffix}"))
    return None


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--citizens", type=int, default=500)
    parser.add_argument("--runs", type=int, default=1, help="runs of each bot (medians)")
    parser.add_argument("--only", choices=("reference", "dumas"))
    parser.add_argument(
        "--backend",
        choices=tuple(BACKENDS),
        default="sqlite",
        help="Dumas's database: SQLite (default), PostgreSQL (a throwaway cluster, fsync "
        "on; the server's CPU is printed beside the bot's), or both in turn, one table",
    )
    parser.add_argument(
        "--limits",
        action="store_true",
        help="Dumas without and with its outbox rate limits (Telegram's 30/s, 1/s per chat, "
        "20/min per group) instead of the reference bot: CPU per delivery side by side; "
        "with --base, both trees with their limits on, alternated",
    )
    parser.add_argument(
        "--show-steps", action="store_true", help="print what each bot said to the warm-up"
    )
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per step")
    parser.add_argument(
        "--base",
        type=Path,
        help="a checkout of Dumas before a change: runs it as dumas-base alternated with "
        "this tree's Dumas (instead of the reference bot), both in one invocation",
    )
    parser.add_argument(
        "--profile",
        help="py-spy output for this tree's Dumas, first run, measured phase (.txt "
        "collapsed stacks, .json speedscope, else SVG); pip install py-spy. The other bots "
        "of the run are recorded too, into the same name with '-reference', '-postgresql' "
        "or '-limited' before the extension (bench/profile_layers.py reads the .txt ones)",
    )
    parser.add_argument(
        "--count",
        action="store_true",
        help="count inside the bot (bench/counted_bot.py: loop turns, statements, COMMITs, "
        "worker-thread trips, transactions by module, the outbox's rounds) and print them "
        "per delivery; the counters cost CPU, so the CPU figures of such a run are not "
        "comparable with an uncounted run's",
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="citizens pause 0 to 2x this many seconds before each answer (default 0: at "
        "once); with it their updates no longer come in step with the bot's replies",
    )
    parser.add_argument(
        "--gazetteer-cache",
        type=Path,
        help="a gazetteer cache file already built (tests/conftest.py `gazetteer_cache`), "
        "copied into the runs' template instead of building it again (bench_summary.py's)",
    )
    args = parser.parse_args(argv)
    if args.backend != "sqlite" and (args.limits or args.base):
        parser.error("--limits and --base compare runs on SQLite: use --backend sqlite")
    return args


def bot_names(args: argparse.Namespace) -> list[str]:
    """The bots one run measures, in the order they run (and their columns)."""
    if args.base and args.limits:
        return [BASE_LIMITED_NAME, LIMITED_NAME]
    if args.base:
        return [BASE_NAME, "dumas"]
    if args.limits:
        return ["dumas", LIMITED_NAME]
    dumas = BACKENDS[args.backend]
    return {"reference": ["reference"], "dumas": dumas}.get(args.only, ["reference", *dumas])


async def measure(args: argparse.Namespace) -> dict[str, list[Outcome]]:
    """Every run of every bot, alternated (bot after bot, run after run)."""
    api = LoopBotAPI(token=TOKEN)
    await api.start()
    factory = UpdateFactory(bot_id=int(TOKEN.split(":")[0]))
    # the fake numbers the bot's messages per chat; the factory its citizens' updates
    api.next_update_id = factory.next_update_id
    names = bot_names(args)
    by_bot: dict[str, list[Outcome]] = {name: [] for name in names}
    first_user = FIRST_USER
    try:
        with contextlib.ExitStack() as stack:
            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="dumas-closed-loop-"))
            cluster = stack.enter_context(durable_cluster()) if PG_NAME in names else None
            if args.gazetteer_cache and names != ["reference"]:
                # the template `run` prepares in the same directory, made here with the
                # cache file, so that its first `routing resolve` loads it (~6 s of CPU
                # less, session 44); `run` then finds it made
                prepare_template(Path(tmp), args.gazetteer_cache)
            for attempt in range(args.runs):
                for name in names:
                    work = Path(tmp) / f"{name}-{attempt}"
                    work.mkdir()
                    outcome = await run(
                        name,
                        api,
                        factory,
                        work,
                        args.citizens,
                        first_user,
                        args.timeout,
                        args.show_steps and attempt == 0,
                        args.base,
                        _profile_path(args.profile, name) if attempt == 0 else None,
                        args.count and name != "reference",
                        args.think,
                        cluster,
                    )
                    first_user += args.citizens + 1  # new citizens: no state left over
                    by_bot[name].append(outcome)
                    print(
                        f"{name}: {outcome.updates} updates in {outcome.wall_s:.1f} s "
                        f"({outcome.per_s:,.0f}/s), messages per step "
                        f"{outcome.updates_per_step}",
                        flush=True,
                    )
    finally:
        with contextlib.suppress(Exception):
            await api.stop()
    return by_bot


async def main() -> int:
    args = parse_args()
    began = time.monotonic()
    load_before = os.getloadavg()[0]
    by_bot = await measure(args)
    print(
        f"\n{args.citizens} citizens, closed loop, long polling from the fake Bot API (the "
        f"fake enforces no rate limits; {LIMITED_NAME} paces itself), "
        f"median of {args.runs} run(s); python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs shared by two processes: the bot and the load generator "
        f"(+ the fake){' and the PostgreSQL server' if PG_NAME in by_bot else ''}; load "
        f"average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after (1 min); "
        f"{time.monotonic() - began:.0f} s in all\n"
    )
    print(report(by_bot))
    if args.count:
        print()
        print(count_report({k: v for k, v in by_bot.items() if k != "reference"}))
    if any(o.stalled or o.api_errors for v in by_bot.values() for o in v):
        print("\nsome citizens stalled or the Bot API answered errors: see the bots' logs")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
