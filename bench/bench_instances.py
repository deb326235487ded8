"""Benchmark of several `dumas run` instances on one PostgreSQL database (issue 19, item 5).

    . .venv/bin/activate
    python bench/bench_instances.py                        # 50 citizens, 3 runs, ~3 min
    python bench/bench_instances.py --citizens 300 --runs 5
    python bench/bench_instances.py --instances 1,2        # PostgreSQL configurations

The same load against four set-ups, one table: SQLite with one instance (the default
installation), then PostgreSQL with 1, 2 and 3 instances. Every instance is a real
`python -m bot.cli run` in webhook mode (cwd = the repository, so the tree under test is
measured), with the fakes of bench/fake_platforms.py in their own process (rate limits
off there and in Dumas: DUMAS_OUTBOX_RATE_LIMITS=off, so the bot is measured, not
Telegram's limits). PostgreSQL is a throwaway cluster (tests/pg_cluster.py) with fsync and
synchronous_commit on (durable=True), as SQLite runs with synchronous=FULL: both pay for
durability.

Load: a closed loop of N scripted citizens, each filing a whole complaint (bench/
pipeline.py's script: /aduan, consent, category, description, when, GPS pin, confirm the
place, a photo the bot downloads, done, confirm), each update posted after the bot's
reply to the previous one reached the fake. Posts go round-robin over the instances, one
post to the next instance (so one citizen's updates reach every instance and the lanes
are exercised, as behind a load balancer without stickiness).

Per configuration the instances are started once; each run is a new set of citizens on
them (`--runs`, medians). Figures: updates/s = updates / (last reply - first post);
reply p50/p99 = post -> the step's sendMessage at the fake; CPU ms per update of the
Dumas processes (all instances, their threads and children) and of the PostgreSQL server
(postmaster and its children, the instances' backends included), from /proc/<pid>/stat
over the measured phase, and of the load generator + fakes; cores busy on the whole
machine (/proc/stat: other users' processes too) beside the cores this benchmark's
processes used; peak RSS (VmHWM) of each instance. On a 2-core machine three instances
plus the server cannot run in parallel: read the CPU per update for scaling. Errors: non-
200 answers, citizens stalled (120 s without a reply: each is described with its inbox
and outbox rows), tickets missing, ERROR lines in the instances' logs, and on PostgreSQL
the transactions the server aborted as deadlocked (pg_stat_database.deadlocks).
Nothing here is a test: it prints figures and asserts nothing about time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import asyncpg  # noqa: E402

from bench.pg_server import (  # noqa: E402
    durable_cluster,
    new_database,
    server_cpu,
    server_cpu_by_process,
    server_pids,
)
from bench.pg_xacts import HARNESS, start_logging, stop_logging, transactions  # noqa: E402
from bench.pg_xacts import profile as xact_profile  # noqa: E402
from bench.pipeline import (  # noqa: E402
    FIRST_USER,
    GROUP,
    TOKEN,
    Fakes,
    Load,
    RawPoster,
    Samples,
    Step,
    _query,
    _wait_healthy,
    bot_env,
    free_port,
    percentile,
    prepare_template,
    proc_cpu_seconds,
    telegram_script,
    tree_cpu_seconds,
    tree_status_mb,
    unit_for_pin,
)
from tests.fakes.updates import UpdateFactory  # noqa: E402
from tests.pg_cluster import Cluster  # noqa: E402

WARM = 2  # warm-up citizens per configuration: learn replies per step, warm caches


class SpreadLoad(Load):
    """bench/pipeline.py's Load, posting each webhook to the next instance in turn."""

    def __init__(self, ports: list[int], fakes: Fakes, connections: int, timeout: float):
        super().__init__("webhook", ports[0], fakes, connections, 0.0, timeout)
        # Telegram's max_connections is per bot: split it over the instances
        share = max(1, connections // len(ports))
        self.posters = [RawPoster(port, share) for port in ports]
        self.turn = itertools.count()

    async def _post(self, step: Step) -> tuple[float, float, int]:
        self.poster = self.posters[next(self.turn) % len(self.posters)]
        return await super()._post(step)

    async def __aexit__(self, *exc: object) -> None:
        await super().__aexit__(*exc)
        for poster in self.posters:
            await poster.close()


@dataclass
class Setup:
    """One configuration: the database and how many instances share it."""

    name: str
    instances: int
    database_url: str = ""  # empty: SQLite in each instance's data directory

    @property
    def dialect(self) -> str:
        return "postgresql" if self.database_url else "sqlite"


@dataclass
class Run:
    updates: int
    updates_per_s: float
    reply_p50: float
    reply_p99: float
    dumas_cpu_ms: float  # per update, all instances
    dumas_kernel_ms: float  # of which in the kernel (socket calls, fsync, the loop's polls)
    server_cpu_ms: float  # per update, PostgreSQL's processes
    harness_cpu_ms: float  # per update, this load generator and the fakes' process
    machine_busy: float  # cores busy on the whole machine (every process, other users too)
    bench_cores: float  # of which Dumas, the server, the load generator and the fakes
    errors: dict[str, int]
    # per update, each kind of server process (the backends, autovacuum's exited workers,
    # the WAL writer...): which one grows when the runs' tables do
    server_by_kind: dict[str, float] = field(default_factory=dict)


def machine_busy_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle + iowait
    hz = os.sysconf("SC_CLK_TCK")
    return (sum(ticks[:8]) - idle) / hz, sum(ticks[:8]) / hz


class Unfinished:
    """Counts inbox rows not processed and outbox rows not sent, on either database."""

    def __init__(self, setup: Setup, sqlite_file: Path) -> None:
        self.setup, self.sqlite_file = setup, sqlite_file
        self.conn: asyncpg.Connection | None = None

    async def open(self) -> None:
        if self.setup.database_url:
            # named, so that --pg-xacts leaves the harness's own polls out
            self.conn = await asyncpg.connect(
                self.setup.database_url, server_settings={"application_name": HARNESS}
            )

    async def close(self) -> None:
        if self.conn is not None:
            await self.conn.close()

    async def fetch(self, sql: str) -> Any:
        if self.conn is not None:
            return await self.conn.fetchval(sql)
        return _query(self.sqlite_file, sql)[0][0]

    async def describe(self, chat: str, counts: list[int], load: Load) -> str:
        """A stalled citizen: its steps answered, replies seen, its rows in the store."""
        inbox = await self.fetch(
            "SELECT string_agg(id || ':' || COALESCE(outcome, 'pending'), ' ' ORDER BY id) "
            f"FROM inbox WHERE lane LIKE '%{chat}'"
            if self.conn is not None
            else "SELECT group_concat(id || ':' || COALESCE(outcome, 'pending'), ' ') "
            f"FROM inbox WHERE lane LIKE '%{chat}'"
        )
        outbox = await self.fetch(
            "SELECT string_agg(id || ':' || status, ' ' ORDER BY id) "
            f"FROM outbox WHERE chat_id = '{chat}'"
            if self.conn is not None
            else "SELECT group_concat(id || ':' || status, ' ') "
            f"FROM outbox WHERE chat_id = '{chat}'"
        )
        return (
            f"chat {chat}: {len(counts)} steps answered {counts}, expected per step "
            f"{load.per_step}, {len(load.fakes.arrivals[chat])} replies at the fake; "
            f"inbox {inbox}; outbox {outbox}"
        )

    async def count(self) -> int:
        # PostgreSQL's open-row indexes name `phase` (migration 0017): with `status` this
        # poll scanned the whole outbox, server CPU counted as Dumas's (session 33)
        unfinished = (
            "phase = 'open'" if self.conn is not None else "status IN ('pending', 'sending')"
        )
        return int(
            await self.fetch(
                "SELECT (SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL) + "
                f"(SELECT COUNT(*) FROM outbox WHERE {unfinished})"
            )
        )


async def measure_setup(
    setup: Setup,
    work: Path,
    template: Path,
    citizens: int,
    runs: int,
    connections: int,
    cluster: Cluster | None,
    pg_stats: bool = False,
    pg_xacts: bool = False,
    profile: Path | None = None,
    event_loop: str = "default",
    syscalls: Path | None = None,
    server_trace: tuple[str, Path] | None = None,
) -> tuple[list[Run], list[float]]:
    """Start the setup's instances, run `runs` closed loops of `citizens`; return the
    runs and each instance's peak RSS (MB). With `profile` (a directory), py-spy records
    each instance over the measured runs (after the warm-up) into `<set-up>-i<n>.txt`;
    with `syscalls` (a directory), `strace -c -f` counts each instance's system calls
    over the measured runs into `<set-up>-i<n>.strace` (and prints them per update).
    `event_loop`: the instances' DUMAS_EVENT_LOOP ("default": not set). With
    `server_trace` (("perf" or "strace", a directory), PostgreSQL only), perf samples the
    server's processes over the measured runs, or strace counts their system calls."""
    fakes = Fakes(files=WARM + citizens * runs, file_kb=16)
    await fakes.start()
    assert fakes.proc is not None
    fakes_pid = fakes.proc.pid
    evidence = work / f"evidence-{setup.name}"  # shared by the instances (a shared mount)
    ports = [free_port() for _ in range(setup.instances)]
    instances: list[asyncio.subprocess.Process] = []
    for n, port in enumerate(ports, 1):
        data = work / f"{setup.name}-i{n}"
        shutil.copytree(template, data)
        env = bot_env(data, "webhook", port, fakes)
        env |= {
            "DUMAS_INSTANCE_ID": f"i{n}",
            "DUMAS_EVIDENCE_URL": str(evidence),
        }
        if event_loop != "default":
            env["DUMAS_EVENT_LOOP"] = event_loop
        if setup.database_url:
            env["DUMAS_DATABASE_URL"] = setup.database_url
        instances.append(
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot.cli",
                "run",
                cwd=REPO,
                env=env,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE,
            )  # fmt: skip
        )
    # the instances' stderr, drained as it comes (a full pipe would block a process)
    logs: list[list[str]] = [[] for _ in instances]
    readers = [asyncio.create_task(_drain(p, log)) for p, log in zip(instances, logs, strict=True)]
    unfinished = Unfinished(setup, work / f"{setup.name}-i1" / "dumas.sqlite3")
    results: list[Run] = []
    try:
        for port, process in zip(ports, instances, strict=True):
            await _wait_healthy(port, process, 180)
        await unfinished.open()
        uf = UpdateFactory(bot_id=int(TOKEN.split(":")[0]))
        users = itertools.count(FIRST_USER)
        photos = itertools.count()

        def new_citizen() -> tuple[str, list[Step]]:
            user = next(users)
            return str(user), telegram_script(uf, user, next(photos), 16 * 1024)

        async with SpreadLoad(ports, fakes, connections, timeout=120) as load:
            loop = asyncio.get_running_loop()
            learnt = [await load.citizen(*new_citizen(), loop.time(), record=False)]
            learnt.append(await load.citizen(*new_citizen(), loop.time(), record=False))
            if learnt[0] != learnt[1] or len(learnt[0]) != 10:
                raise RuntimeError(f"warm-up citizens disagree or stalled: {learnt}")
            load.per_step = learnt[0]
            before = None
            log_from = 0
            if pg_xacts and cluster is not None:
                log_from = await start_logging(cluster.url(), cluster.root / "server.log")
                await asyncio.sleep(0.5)  # the backends read the new settings when idle
            if pg_stats and cluster is not None:
                before = await server_snapshot(cluster, setup.database_url)
            spies = []
            if profile is not None:
                slug = "pg" if setup.database_url else "sqlite"
                for n, process in enumerate(instances, 1):
                    path = profile / f"{slug}{setup.instances}-i{n}.txt"
                    spies.append(await _profiler(process.pid, str(path)))
                await asyncio.sleep(2.0)  # py-spy attached before the first post
            tracers = []
            if syscalls is not None:
                slug = "pg" if setup.database_url else "sqlite"
                for n, process in enumerate(instances, 1):
                    path = syscalls / f"{slug}{setup.instances}-i{n}.strace"
                    tracers.append((path, await _syscall_counter(process.pid, path)))
                await asyncio.sleep(2.0)  # strace attached to every thread before the first post
            server_tracer = None
            if server_trace is not None and cluster is not None:
                base = server_trace[1] / f"pg{setup.instances}"
                server_tracer = await _server_tracer(cluster, base, server_trace[0])
                await asyncio.sleep(2.0)  # attached to every server process before the first post
            run_start = before
            for n in range(runs):
                results.append(
                    await one_run(
                        load, instances, unfinished, new_citizen, citizens, cluster, fakes_pid
                    )
                )
                if run_start is not None and cluster is not None:
                    # run by run: what grows as the tables do (session 38, "server CPU
                    # growing between runs"); the snapshot's pause is outside the runs
                    run_end = await server_snapshot(cluster, setup.database_url)
                    print(
                        f"\n{setup.name}, run {n + 1}: "
                        + run_growth(run_start, run_end, results[-1].updates),
                        flush=True,
                    )
                    run_start = run_end
            if server_tracer is not None and server_trace is not None:
                server_tracer.send_signal(signal.SIGINT)  # perf / strace writes its file
                await server_tracer.wait()
                base = server_trace[1] / f"pg{setup.instances}"
                measured = sum(r.updates for r in results)
                traced = (
                    server_perf_summary(base)
                    if server_trace[0] == "perf"
                    else "the server's " + syscall_summary(Path(f"{base}.strace"), measured)
                )
                print(f"\n{setup.name}, {traced}", flush=True)
            for spy in spies:
                spy.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
                await spy.wait()
            for path, tracer in tracers:
                tracer.send_signal(signal.SIGINT)  # strace detaches and writes its counts
                await tracer.wait()
                measured = sum(r.updates for r in results)
                print(f"\n{setup.name}, {syscall_summary(path, measured)}", flush=True)
            if pg_xacts and cluster is not None:
                log_to = await stop_logging(cluster.url(), cluster.root / "server.log")
                found = transactions(
                    cluster.root / "server.log",
                    log_from,
                    log_to,
                    setup.database_url.rsplit("/", 1)[1],
                )
                print(
                    f"\n{setup.name}, " + xact_profile(found, sum(r.updates for r in results)),
                    flush=True,
                )
            if before is not None and cluster is not None:
                after = await server_snapshot(cluster, setup.database_url)
                try:
                    after.wal_kinds = await wal_records(cluster, before.wal_lsn, after.wal_lsn)
                    after.wal_relations = await wal_by_relation(
                        cluster, setup.database_url, before.wal_lsn, after.wal_lsn
                    )
                except asyncpg.UndefinedFileError:
                    # a checkpoint recycled the runs' first WAL segment (a long run under
                    # load): the records by kind are lost, the other figures are not
                    after.wal_kinds = [("(WAL recycled: kinds unknown)", 0, 0)]
                print(
                    f"\n{setup.name}, "
                    + server_profile(before, after, sum(r.updates for r in results)),
                    flush=True,
                )
        peaks = [tree_status_mb(p.pid, "VmHWM") for p in instances]
        errors_in_logs = sum(
            1 for log in logs for line in log if "ERROR" in line or "Traceback" in line
        )
        results[-1].errors["bot_log_errors"] = errors_in_logs
        tickets = int(await unfinished.fetch("SELECT COUNT(*) FROM tickets"))
        results[-1].errors["missing_tickets"] = WARM + citizens * runs - tickets
        if setup.database_url:
            # the server's own count of transactions it aborted as deadlocked (several
            # instances' steps and the leader's sends touch the same rows)
            results[-1].errors["deadlocks"] = int(
                await unfinished.fetch(
                    "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
                )
            )
    finally:
        await unfinished.close()
        for process in instances:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        for process in instances:
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()
                await process.wait()
        for reader in readers:
            reader.cancel()
        await fakes.stop()
    return results, peaks


async def _profiler(pid: int, path: str) -> asyncio.subprocess.Process:
    """py-spy recording `pid` (collapsed stacks, `raw`) with every thread's CPU: no
    `--gil`, so SQLite's C work on a worker thread (COMMIT) counts as on PostgreSQL the
    server's does not; `--native` names the C and Cython frames (asyncpg's protocol,
    sqlite3, the event loop's selector)."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    return await asyncio.create_subprocess_exec(
        spy,
        "record",
        "-o",
        path,
        "-f",
        "raw",
        "--pid",
        str(pid),
        "--native",  # needs the process paused per sample (py-spy refuses --nonblocking)
        "-r",
        "100",
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


async def _server_tracer(cluster: Cluster, base: Path, tool: str) -> asyncio.subprocess.Process:
    """`perf record` (call graphs, 1 kHz) or `strace -c -f` attached to every server
    process (`tool`: "perf" or "strace"), writing `base`.perf or `base`.strace. strace
    slows what it traces (counts only); perf's sampling costs the server a few per cent."""
    pids = [str(pid) for pid in server_pids(cluster)]
    if tool == "perf":
        command = ["perf", "record", "-F", "1000", "-g", "-o", f"{base}.perf", "-p", ",".join(pids)]
    else:
        command = ["strace", "-c", "-f", "-o", f"{base}.strace", *(f"-p{pid}" for pid in pids)]
    return await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
    )


def server_perf_summary(base: Path) -> str:
    """The server's samples by process, library and function (perf report, self time,
    those above 0.5 %)."""
    report = subprocess.run(
        ["perf", "report", "-i", f"{base}.perf", "--no-children", "--sort", "comm,dso,sym",
         "--stdio", "-g", "none", "--percent-limit", "0.5"],
        capture_output=True, text=True, check=False,
    ).stdout  # fmt: skip
    lines = [line for line in report.splitlines() if line.strip() and not line.startswith("#")]
    return f"the server's samples by function (perf, self time, {base}.perf):\n" + "\n".join(
        lines[:45]
    )


async def _syscall_counter(pid: int, path: Path) -> asyncio.subprocess.Process:
    """strace counting the system calls of `pid` and its threads and children (`-c -f`;
    the process is slowed by ptrace, so such a run gives counts, not CPU)."""
    return await asyncio.create_subprocess_exec(
        "strace",
        "-c",
        "-f",
        "-o",
        str(path),
        "-p",
        str(pid),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


def syscall_summary(path: Path, updates: int) -> str:
    """strace -c's table read back: system calls per update, the most frequent first."""
    counts: dict[str, int] = {}
    for line in path.read_text().splitlines():
        fields = line.split()
        # "% time  seconds  usecs/call  calls  [errors]  syscall"
        if len(fields) >= 5 and fields[0][0].isdigit() and fields[-1] != "total":
            counts[fields[-1]] = int(fields[3])
    per = 1 / max(1, updates)
    total = sum(counts.values())
    top = sorted(counts.items(), key=lambda kv: -kv[1])[:12]
    return f"system calls per update ({updates} updates): {total * per:.2f} in all; " + ", ".join(
        f"{name} {n * per:.2f}" for name, n in top
    )


async def _drain(process: asyncio.subprocess.Process, log: list[str]) -> None:
    assert process.stderr is not None
    while line := await process.stderr.readline():
        log.append(line.decode(errors="replace"))


async def one_run(
    load: Load,
    instances: list[asyncio.subprocess.Process],
    unfinished: Unfinished,
    new_citizen: Any,
    citizens: int,
    cluster: Cluster | None,
    fakes_pid: int,
) -> Run:
    """One closed loop of `citizens` new citizens, all starting at once."""
    load.samples = Samples()
    chats = [new_citizen() for _ in range(citizens)]
    await asyncio.sleep(0.5)
    dumas0 = sum(tree_cpu_seconds(p.pid) for p in instances)
    kernel0 = sum(tree_cpu_seconds(p.pid, "sys") for p in instances)
    kinds0 = server_cpu_by_process(cluster) if cluster is not None else {}
    server0 = server_cpu(cluster)
    harness0 = time.process_time() + proc_cpu_seconds(fakes_pid)
    busy0, _ = machine_busy_seconds()
    t0 = time.monotonic()
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.1
    done = await asyncio.gather(*(load.citizen(chat, steps, start) for chat, steps in chats))
    # the staff group's cards and digests may still be on their way: they are part of
    # the work of these updates
    for _ in range(600):
        if await unfinished.count() == 0:
            break
        await asyncio.sleep(0.1)
    for (chat, steps), counts in zip(chats, done, strict=True):
        if len(counts) < len(steps):  # a citizen gave up: say where, for a closer look
            print(f"    stalled: {await unfinished.describe(chat, counts, load)}", flush=True)
    dumas1 = sum(tree_cpu_seconds(p.pid) for p in instances)
    kernel1 = sum(tree_cpu_seconds(p.pid, "sys") for p in instances)
    server1 = server_cpu(cluster)
    kinds1 = server_cpu_by_process(cluster) if cluster is not None else {}
    harness1 = time.process_time() + proc_cpu_seconds(fakes_pid)
    busy1, _ = machine_busy_seconds()
    wall = time.monotonic() - t0
    s = load.samples
    updates = len(s.reply_ms)
    return Run(
        updates=updates,
        updates_per_s=updates / max(1e-9, s.last_reply - s.first_post),
        reply_p50=percentile(s.reply_ms, 50),
        reply_p99=percentile(s.reply_ms, 99),
        dumas_cpu_ms=(dumas1 - dumas0) * 1000 / max(1, updates),
        dumas_kernel_ms=(kernel1 - kernel0) * 1000 / max(1, updates),
        server_cpu_ms=(server1 - server0) * 1000 / max(1, updates),
        server_by_kind={
            kind: (sum(cpu) - sum(kinds0.get(kind, (0.0, 0.0)))) * 1000 / max(1, updates)
            for kind, cpu in kinds1.items()
        },
        harness_cpu_ms=(harness1 - harness0) * 1000 / max(1, updates),
        machine_busy=(busy1 - busy0) / wall,
        bench_cores=((dumas1 - dumas0) + (server1 - server0) + (harness1 - harness0)) / wall,
        errors={
            "http_non_200": sum(v for k, v in s.statuses.items() if k != 200),
            "timeouts": s.timeouts,
            "not_completed": citizens - s.completed,
        },
    )


def summary(setup: Setup, runs: list[Run], peaks: list[float]) -> dict[str, Any]:
    def med(get: Any) -> float:
        return float(statistics.median(get(r) for r in runs))

    errors: dict[str, int] = {}
    for r in runs:
        for key, value in r.errors.items():
            errors[key] = errors.get(key, 0) + value
    return {
        "setup": setup.name,
        "updates_per_s": med(lambda r: r.updates_per_s),
        "reply_p50": med(lambda r: r.reply_p50),
        "reply_p99": med(lambda r: r.reply_p99),
        "dumas_cpu_ms": med(lambda r: r.dumas_cpu_ms),
        "server_cpu_ms": med(lambda r: r.server_cpu_ms),
        "harness_cpu_ms": med(lambda r: r.harness_cpu_ms),
        "machine_busy": med(lambda r: r.machine_busy),
        "bench_cores": med(lambda r: r.bench_cores),
        "peaks": peaks,
        "errors": sum(errors.values()),
        "error_detail": errors,
    }


def format_table(rows: list[dict[str, Any]]) -> str:
    base = rows[0]["updates_per_s"]
    head = (
        "set-up",
        "updates/s",
        "vs SQLite",
        "reply p50 / p99 ms",
        "CPU ms/update: Dumas + PostgreSQL = total",
        "load generator + fakes ms/update",
        f"cores busy (of {os.cpu_count()}): machine / this benchmark",
        "peak RSS per instance MB",
        "errors",
    )
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        total = r["dumas_cpu_ms"] + r["server_cpu_ms"]
        lines.append(
            "| "
            + " | ".join(
                [
                    r["setup"],
                    f"{r['updates_per_s']:,.0f}",
                    f"{r['updates_per_s'] / base:.0%}",
                    f"{r['reply_p50']:.1f} / {r['reply_p99']:.1f}",
                    f"{r['dumas_cpu_ms']:.2f} + {r['server_cpu_ms']:.2f} = {total:.2f}",
                    f"{r['harness_cpu_ms']:.2f}",
                    f"{r['machine_busy']:.2f} / {r['bench_cores']:.2f}",
                    ", ".join(f"{p:.0f}" for p in r["peaks"]),
                    str(r["errors"]) if not r["errors"] else repr(r["error_detail"]),
                ]
            )
            + " |"
        )
    return "\n".join(lines)


# ---- the server's side, per update (--pg-stats) -------------------------------------


async def enable_statement_stats(cluster: Cluster, explain: Path | None = None) -> None:
    """pg_stat_statements (with planning time) in the throwaway cluster: it must be
    preloaded, so the server is restarted once before any database is made. `explain`:
    a directory where auto_explain also logs the plan of every statement, nested ones
    (functions, foreign-key checks) included, to trace.log (bench/pg_seq_scans.py names
    the statements whose plans read a whole table; the logging costs the server CPU)."""
    # appended to the cluster's own postgresql.conf (ALTER SYSTEM refuses the module's
    # settings before it is loaded); 'track = all': the statements inside migration
    # 0015's functions too (nested rows are marked and kept out of the sums)
    with (cluster.data / "postgresql.conf").open("a") as conf:
        conf.write(
            "shared_preload_libraries = 'pg_stat_statements'\n"
            "pg_stat_statements.track = 'all'\n"
            "pg_stat_statements.track_planning = on\n"
        )
        if explain is not None:
            explain.mkdir(parents=True, exist_ok=True)
            explain.chmod(0o777)  # the server may run as `postgres` (tests/pg_cluster.py)
            conf.write(
                "shared_preload_libraries = 'pg_stat_statements,auto_explain'\n"
                "auto_explain.log_min_duration = 0\n"
                "auto_explain.log_nested_statements = on\n"
                "logging_collector = on\n"
                f"log_directory = '{explain.resolve()}'\n"
                "log_filename = 'trace.log'\n"
            )
    cluster.stop_server()
    cluster.start_server()
    conn = await asyncpg.connect(cluster.url())
    try:
        await conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        # the WAL's records by kind (heap insert, HOT update, B-tree leaf insert...)
        await conn.execute("CREATE EXTENSION IF NOT EXISTS pg_walinspect")
    finally:
        await conn.close()


_STATEMENTS = """
SELECT queryid, toplevel, query, calls, total_exec_time, plans, total_plan_time, rows,
       wal_records, wal_fpi, wal_bytes, shared_blks_hit, shared_blks_read,
       shared_blks_dirtied
FROM pg_stat_statements
WHERE dbid = (SELECT oid FROM pg_database WHERE datname = $1)
"""
_TABLES = """
SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del, n_dead_tup, autovacuum_count,
       autoanalyze_count, seq_scan, seq_tup_read,
       (SELECT COUNT(*) FROM pg_index x WHERE x.indrelid = t.relid) AS indexes
FROM pg_stat_user_tables t
"""


@dataclass
class ServerSnapshot:
    statements: dict[tuple[int, bool], dict[str, Any]]
    tables: dict[str, dict[str, Any]]
    wal: dict[str, Any]
    database: dict[str, Any]
    index_scans: dict[tuple[str, str], int]
    wal_lsn: str
    cpu: dict[str, tuple[float, float]]
    sizes: dict[str, int]  # bytes of each table and index of the database
    wal_kinds: list[tuple[str, int, int]] = field(default_factory=list)
    wal_relations: list[tuple[str, str, str, int]] = field(default_factory=list)


async def server_snapshot(cluster: Cluster, url: str) -> ServerSnapshot:
    database = url.rsplit("/", 1)[1]
    admin = await asyncpg.connect(cluster.url())
    conn = await asyncpg.connect(url, server_settings={"application_name": HARNESS})
    try:
        # the counters are sent to shared memory by each backend when idle (~1 s):
        # give the instances' backends the time to flush what they did
        await asyncio.sleep(1.2)
        await conn.execute("SELECT pg_stat_clear_snapshot()")
        wal_lsn = str(await admin.fetchval("SELECT pg_current_wal_insert_lsn()::text"))
        statements = {
            (int(r["queryid"] or 0), bool(r["toplevel"])): dict(r)
            for r in await admin.fetch(_STATEMENTS, database)
        }
        tables = {r["relname"]: dict(r) for r in await conn.fetch(_TABLES)}
        wal = dict(await conn.fetchrow("SELECT * FROM pg_stat_wal"))
        index_scans = {
            (r["relname"], r["indexrelname"]): int(r["idx_scan"])
            for r in await conn.fetch(
                "SELECT relname, indexrelname, idx_scan FROM pg_stat_user_indexes"
            )
        }
        db = dict(
            await conn.fetchrow(
                "SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted, "
                "blks_hit, blks_read FROM pg_stat_database WHERE datname = $1",
                database,
            )
        )
        db |= dict(
            await conn.fetchrow(
                "SELECT checkpoints_timed, checkpoints_req, buffers_checkpoint, buffers_clean, "
                "buffers_backend FROM pg_stat_bgwriter"
            )
        )
        sizes = {
            r["relname"]: int(r["bytes"])
            for r in await conn.fetch(
                "SELECT c.relname, pg_relation_size(c.oid) AS bytes FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')"
            )
        }
    finally:
        await conn.close()
        await admin.close()
    return ServerSnapshot(
        statements, tables, wal, db, index_scans, wal_lsn, server_cpu_by_process(cluster), sizes
    )


async def wal_records(cluster: Cluster, since: str, until: str) -> list[tuple[str, int, int]]:
    """(resource manager/record type, records, bytes) of the WAL between two positions."""
    conn = await asyncpg.connect(cluster.url())
    try:
        rows = await conn.fetch(
            'SELECT "resource_manager/record_type", count, combined_size '
            "FROM pg_get_wal_stats($1::text::pg_lsn, $2::text::pg_lsn, true) WHERE count > 0 "
            "ORDER BY count DESC",
            since,
            until,
        )
    finally:
        await conn.close()
    return [(str(r[0]), int(r[1]), int(r[2])) for r in rows]


# The row-level records worth placing: which table's rows were locked, inserted, given a
# new version, and which index took an entry (bench/README.md session 38).
_PLACED_KINDS = (
    "Heap/LOCK",
    "Heap/INSERT",
    "Heap/INSERT+INIT",
    "Heap/UPDATE",
    "Heap/UPDATE+INIT",
    "Heap/HOT_UPDATE",
    "Heap/DELETE",
    "Heap/HEAP_CONFIRM",
    "Heap2/MULTI_INSERT",
    "Heap2/MULTI_INSERT+INIT",
    "Heap2/LOCK_UPDATED",
    "Btree/INSERT_LEAF",
)


async def wal_by_relation(
    cluster: Cluster, url: str, since: str, until: str
) -> list[tuple[str, str, str, int]]:
    """(record kind, relation, a row lock's mode, records) of the WAL between two
    positions, for the kinds in `_PLACED_KINDS`: the record's first block names the
    relation (its relfilenode, mapped to a name in the instances' database); a Heap/LOCK's
    flags name the lock (KEYS_UPDATED: FOR UPDATE; EXCL_LOCK alone: FOR NO KEY UPDATE;
    KEYSHR_LOCK: a foreign key's FOR KEY SHARE)."""
    admin = await asyncpg.connect(cluster.url())
    conn = await asyncpg.connect(url, server_settings={"application_name": HARNESS})
    try:
        rows = await admin.fetch(
            "SELECT resource_manager || '/' || record_type AS kind, "
            "(regexp_match(block_ref, 'rel \\d+/(\\d+)/(\\d+)')) AS rel, "
            "CASE WHEN record_type = 'LOCK' THEN coalesce((regexp_match(description, "
            "'flags 0x[0-9A-F]+ ?(.*)$'))[1], '') ELSE '' END AS mode, count(*) AS n "
            "FROM pg_get_wal_records_info($1::text::pg_lsn, $2::text::pg_lsn) "
            "WHERE resource_manager || '/' || record_type = ANY($3::text[]) "
            "GROUP BY 1, 2, 3",
            since,
            until,
            list(_PLACED_KINDS),
        )
        database = await conn.fetchval(
            "SELECT oid::text FROM pg_database WHERE datname = current_database()"
        )
        names: dict[str, str] = {}
        for r in rows:
            node = r["rel"][1] if r["rel"] else None
            if node is not None and node not in names and r["rel"][0] == database:
                name = await conn.fetchval(
                    "SELECT pg_filenode_relation(0, $1::text::oid)::regclass::text", node
                )
                names[node] = name or f"relfilenode {node}"
    finally:
        await conn.close()
        await admin.close()
    out: dict[tuple[str, str, str], int] = {}
    for r in rows:
        rel = r["rel"]
        if rel is None:
            name = "(no block)"
        elif rel[0] != database:
            name = "(another database)"
        else:
            name = names[rel[1]]
        key = (str(r["kind"]), name, str(r["mode"]).strip())
        out[key] = out.get(key, 0) + int(r["n"])
    return sorted(((k, rel, m, n) for (k, rel, m), n in out.items()), key=lambda t: -t[3])


_PARAMETER_LISTS = re.compile(r"\$\d+(?:, \$\d+)+")
_VALUES_ROWS = re.compile(r"VALUES \([^)]*\)(?:, \([^)]*\))*")


def _delta(after: dict[str, Any], before: dict[str, Any] | None) -> dict[str, float]:
    return {
        k: float(v) - float((before or {}).get(k) or 0)
        for k, v in after.items()
        if isinstance(v, int | float | Decimal) and not isinstance(v, bool)
    }


def run_growth(before: ServerSnapshot, after: ServerSnapshot, updates: int) -> str:
    """One run's server work per update, in short: CPU by process, the statements'
    execution time, full-page images, checkpoints, vacuums, and the tables and indexes
    that grew most (the runs share one database, so each run meets bigger tables)."""
    per = 1000 / max(1, updates)
    cpu = {k: u + s - sum(before.cpu.get(k, (0.0, 0.0))) for k, (u, s) in after.cpu.items()}
    wal = _delta(after.wal, before.wal)
    db = _delta(after.database, before.database)
    execution = sum(
        float(st["total_exec_time"])
        - float(before.statements.get(key, {}).get("total_exec_time", 0))
        for key, st in after.statements.items()
        if key[1]
    )
    vacuums = {
        name: (
            int(t["autovacuum_count"])
            - int(before.tables.get(name, {}).get("autovacuum_count", 0)),
            int(t["autoanalyze_count"])
            - int(before.tables.get(name, {}).get("autoanalyze_count", 0)),
            int(t["n_dead_tup"]),
        )
        for name, t in after.tables.items()
    }
    scans = {
        name: (
            int(t["seq_scan"]) - int(before.tables.get(name, {}).get("seq_scan", 0)),
            int(t["seq_tup_read"]) - int(before.tables.get(name, {}).get("seq_tup_read", 0)),
        )
        for name, t in after.tables.items()
    }
    grown = sorted(
        ((after.sizes[k] - before.sizes.get(k, 0), k) for k in after.sizes), reverse=True
    )[:8]
    return (
        "server CPU ms/update by process: "
        + ", ".join(
            f"{k} {v * per:.3f}" for k, v in sorted(cpu.items(), key=lambda kv: -kv[1]) if v > 0
        )
        + f"; statements' execution {execution / max(1, updates):.3f} ms/update; WAL "
        f"{wal.get('wal_records', 0) / max(1, updates):.1f} records, "
        f"{wal.get('wal_fpi', 0) / max(1, updates):.2f} full-page images, "
        f"{wal.get('wal_bytes', 0) / max(1, updates):,.0f} B per update; checkpoints "
        f"{db.get('checkpoints_timed', 0):.0f} timed + "
        f"{db.get('checkpoints_req', 0):.0f} requested; "
        f"blocks read {db.get('blks_read', 0) / max(1, updates):.2f}, hit "
        f"{db.get('blks_hit', 0) / max(1, updates):.1f} per update"
        "\n  vacuums, analyzes, dead rows at end: "
        + ", ".join(f"{k} {v}/{a}/{d}" for k, (v, a, d) in sorted(vacuums.items()) if v or a or d)
        + "\n  sequential scans (rows read): "
        + ", ".join(f"{k} {n} ({r:,})" for k, (n, r) in sorted(scans.items()) if n)
        + "\n  grown most (kB, size at end): "
        + ", ".join(f"{k} +{g // 1024} ({after.sizes[k] // 1024})" for g, k in grown)
    )


def server_profile(before: ServerSnapshot, after: ServerSnapshot, updates: int) -> str:
    """What the server did per update between two snapshots, as markdown tables."""
    per = 1 / max(1, updates)
    out = [f"server's work per update ({updates} updates):", ""]
    cpu = {
        k: (u - before.cpu.get(k, (0.0, 0.0))[0], s - before.cpu.get(k, (0.0, 0.0))[1])
        for k, (u, s) in after.cpu.items()
    }
    out.append("| server process | CPU ms/update: user + kernel = total |")
    out.append("|---|---:|")
    sums = [0.0, 0.0]
    for kind, (user, kernel) in sorted(cpu.items(), key=lambda kv: -sum(kv[1])):
        if user + kernel > 0:
            sums = [sums[0] + user, sums[1] + kernel]
            out.append(
                f"| {kind} | {user * 1000 * per:.3f} + {kernel * 1000 * per:.3f} = "
                f"{(user + kernel) * 1000 * per:.3f} |"
            )
    out.append(
        f"| all | {sums[0] * 1000 * per:.3f} + {sums[1] * 1000 * per:.3f} = "
        f"{sum(sums) * 1000 * per:.3f} |"
    )
    # one line per statement shape: the inbox's multi-row INSERTs and the `IN (...)`
    # reads are one statement each whatever their number of rows
    shapes: dict[tuple[bool, str], dict[str, float]] = {}
    for (_, toplevel), stats in after.statements.items():
        d = _delta(stats, before.statements.get((_, toplevel)))
        if d["calls"] <= 0:
            continue
        text = _PARAMETER_LISTS.sub("$n, ...", " ".join(stats["query"].split()))
        text = _VALUES_ROWS.sub("VALUES (...)", text)
        shape = shapes.setdefault((toplevel, text), {})
        for k, v in d.items():
            shape[k] = shape.get(k, 0.0) + v
    out += [
        "",
        "| statement (top level) | calls | exec ms | plans | plan ms | rows | WAL bytes "
        "| blocks dirtied |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def line(text: str, d: dict[str, float]) -> str:
        return (
            f"| {text} | {d['calls'] * per:.3f} | {d['total_exec_time'] * per:.4f} | "
            f"{d['plans'] * per:.3f} | {d['total_plan_time'] * per:.4f} | "
            f"{d['rows'] * per:.2f} | {d['wal_bytes'] * per:.0f} | "
            f"{d['shared_blks_dirtied'] * per:.3f} |"
        )

    def cost(d: dict[str, float]) -> float:
        return d["total_exec_time"] + d["total_plan_time"]

    top = sorted(((t, d) for (lvl, t), d in shapes.items() if lvl), key=lambda td: -cost(td[1]))
    total: dict[str, float] = {}
    rest: dict[str, float] = {}
    for n, (text, d) in enumerate(top):
        for k, v in d.items():
            total[k] = total.get(k, 0.0) + v
            if n >= 25:
                rest[k] = rest.get(k, 0.0) + v
        if n < 25:
            out.append(line(f"`{text if len(text) <= 110 else text[:107] + '...'}`", d))
    if rest:
        out.append(line(f"{len(top) - 25} other statements", rest))
    if total:
        out.append(line("all top-level statements", total))
    nested = sorted(
        ((t, d) for (lvl, t), d in shapes.items() if not lvl), key=lambda td: -cost(td[1])
    )
    if nested:
        out += ["", "nested (inside the functions; already in their callers' time):"]
        for text, d in nested[:8]:
            text = text[:100]
            out.append(
                f"  {d['calls'] * per:.3f} calls, {d['total_exec_time'] * per:.4f} ms: {text}"
            )
    wal = _delta(after.wal, before.wal)
    db = _delta(after.database, before.database)
    out += [
        "",
        f"WAL per update: {wal.get('wal_records', 0) * per:.1f} records, "
        f"{wal.get('wal_fpi', 0) * per:.2f} full-page images, {wal.get('wal_bytes', 0) * per:,.0f} "
        f"bytes, {wal.get('wal_write', 0) * per:.2f} writes, {wal.get('wal_sync', 0) * per:.2f} "
        f"syncs ({wal.get('wal_buffers_full', 0):.0f} times the WAL buffers were full); "
        f"commits {db.get('xact_commit', 0) * per:.2f}, rollbacks "
        f"{db.get('xact_rollback', 0) * per:.3f}",
        "WAL records per update by kind (pg_walinspect): "
        + ", ".join(
            f"{kind} {n * per:.2f} ({size * per:,.0f} B)" for kind, n, size in after.wal_kinds
        ),
        "",
        "| WAL record | relation | lock flags | per update |",
        "|---|---|---|---:|",
        *(
            f"| {kind} | {rel} | {mode} | {n * per:.3f} |"
            for kind, rel, mode, n in after.wal_relations
            if n * per >= 0.005
        ),
        "",
        "| table | indexes | inserted | updated | of which HOT | deleted | dead rows at end "
        "| autovacuums | autoanalyzes | sequential scans (rows read) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    used: list[str] = []
    for name, stats in sorted(after.tables.items()):
        d = _delta(stats, before.tables.get(name))
        if not any(d.get(k) for k in ("n_tup_ins", "n_tup_upd", "n_tup_del")):
            continue
        out.append(
            f"| {name} | {stats['indexes']} | {d['n_tup_ins'] * per:.3f} | "
            f"{d['n_tup_upd'] * per:.3f} | {d['n_tup_hot_upd'] * per:.3f} | "
            f"{d['n_tup_del'] * per:.3f} | {stats['n_dead_tup']} | {d['autovacuum_count']:.0f} | "
            f"{d['autoanalyze_count']:.0f} | {d['seq_scan'] * per:.3f} "
            f"({d['seq_tup_read'] * per:.1f}) |"
        )
        scans = [
            f"{index} {count - before.index_scans.get((table, index), 0)}"
            for (table, index), count in sorted(after.index_scans.items())
            if table == name
        ]
        used.append(f"  {name}: " + ", ".join(scans))
    out += ["", "index scans during the runs (an index no query used is only upkeep):", *used]
    return "\n".join(out)


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=50, help="citizens per run")
    parser.add_argument("--runs", type=int, default=3, help="runs per set-up (medians)")
    parser.add_argument(
        "--instances", default="1,2,3", help="instance counts on PostgreSQL, comma-separated"
    )
    parser.add_argument(
        "--connections", type=int, default=100, help="concurrent webhook requests in all"
    )
    parser.add_argument(
        "--pg-stats",
        action="store_true",
        help="print what the server did per update: pg_stat_statements, WAL, tables, CPU by "
        "server process (the snapshots add ~2.5 s per set-up outside the measured runs)",
    )
    parser.add_argument(
        "--pg-explain",
        type=Path,
        help="a directory: auto_explain logs every statement's plan (nested too) to "
        "DIR/trace.log; bench/pg_seq_scans.py DIR/trace.log counts the sequential scans by "
        "table and statement (the logging costs the server CPU: counts only)",
    )
    parser.add_argument(
        "--pg-xacts",
        action="store_true",
        help="log every statement during the runs and print the transactions per update "
        "by source (bench/pg_xacts.py; the logging costs the server CPU: counts only)",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        help="a directory: py-spy records each instance over the measured runs (collapsed "
        "stacks, all threads, native frames; bench/profile_store.py reads them)",
    )
    parser.add_argument(
        "--unix-socket",
        action="store_true",
        help="the instances reach PostgreSQL over its Unix socket, not loopback TCP (a server "
        "on the same host; bench/README.md session 35: each round trip's send costs less)",
    )
    parser.add_argument(
        "--loop",
        choices=("default", "asyncio", "uvloop"),
        default="default",
        help="the instances' event loop (DUMAS_EVENT_LOOP; default: not set, so uvloop on "
        "PostgreSQL and asyncio's on SQLite; bench/README.md session 36)",
    )
    parser.add_argument(
        "--syscalls",
        type=Path,
        help="a directory: strace -c -f counts each instance's system calls over the "
        "measured runs and prints them per update (ptrace slows the instances: counts only)",
    )
    parser.add_argument(
        "--server-perf",
        type=Path,
        help="a directory: perf records the PostgreSQL server's processes over the "
        "measured runs and prints the top functions (self time; shares, not CPU figures)",
    )
    parser.add_argument(
        "--server-syscalls",
        type=Path,
        help="a directory: strace -c -f counts the PostgreSQL server's system calls over "
        "the measured runs and prints them per update (ptrace slows the server: counts only)",
    )
    args = parser.parse_args()
    server_trace = None
    if args.server_perf is not None or args.server_syscalls is not None:
        tool = "perf" if args.server_perf is not None else "strace"
        server_trace = (tool, args.server_perf or args.server_syscalls)
        server_trace[1].mkdir(parents=True, exist_ok=True)
    if args.syscalls is not None:
        args.syscalls.mkdir(parents=True, exist_ok=True)
    if args.profile is not None:
        args.profile.mkdir(parents=True, exist_ok=True)
    counts = [int(n) for n in args.instances.split(",") if n.strip()]
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.2f} (shared machine); {args.citizens} citizens x 10 updates "
        f"per run, closed loop, medians of {args.runs} runs; event loop {args.loop}",
        flush=True,
    )
    rows = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="dumas-instances-") as tmp:
        work = Path(tmp)
        template = prepare_template(work)
        unit = unit_for_pin()
        setups = [Setup("SQLite, 1 instance", 1)]
        with durable_cluster() as cluster:
            if args.pg_stats or args.pg_explain:
                await enable_statement_stats(cluster, args.pg_explain)
            for n in counts:
                url = await new_database(cluster, f"bench{n}", template, unit, GROUP)
                if args.unix_socket:
                    url = cluster.url(f"bench{n}", tcp=False)
                label = f"PostgreSQL, {n} instance{'s' if n > 1 else ''}"
                setups.append(Setup(label, n, url))
            for setup in setups:
                runs, peaks = await measure_setup(
                    setup,
                    work,
                    template,
                    args.citizens,
                    args.runs,
                    args.connections,
                    cluster if setup.database_url else None,
                    args.pg_stats,
                    args.pg_xacts,
                    args.profile,
                    args.loop,
                    args.syscalls,
                    server_trace,
                )
                for i, r in enumerate(runs, 1):
                    print(
                        f"  {setup.name}, run {i}: {r.updates_per_s:,.0f} updates/s, reply "
                        f"p50 {r.reply_p50:.1f} / p99 {r.reply_p99:.1f} ms, CPU ms/update "
                        f"{r.dumas_cpu_ms:.2f} Dumas (kernel {r.dumas_kernel_ms:.2f}) + "
                        f"{r.server_cpu_ms:.2f} server + "
                        f"{r.harness_cpu_ms:.2f} harness, {r.machine_busy:.2f} cores busy "
                        f"({r.bench_cores:.2f} ours); "
                        f"errors {r.errors}"
                        + (
                            "; server by process "
                            + ", ".join(
                                f"{k} {v:.3f}"
                                for k, v in sorted(r.server_by_kind.items(), key=lambda kv: -kv[1])
                                if v > 0
                            )
                            if r.server_by_kind
                            else ""
                        ),
                        flush=True,
                    )
                rows.append(summary(setup, runs, peaks))
    print()
    print(format_table(rows))
    print(
        f"\n(PostgreSQL: fsync and synchronous_commit on; SQLite: synchronous=FULL; "
        f"{time.monotonic() - started:.0f} s in all)"
    )
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        raise SystemExit(asyncio.run(main()))
