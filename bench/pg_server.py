"""The benches' throwaway PostgreSQL server: the cluster, a database ready for a real
`dumas run`, and the server's CPU read from /proc.

bench_instances.py, bench_closed_loop.py (`--backend postgresql|both`) and bench_engine.py
(`--postgresql`) measure Dumas on PostgreSQL the same way: a cluster of its own
(tests/pg_cluster.py, started as the postgres user on a private port) with PostgreSQL's
durability defaults (fsync and synchronous_commit on, as SQLite runs with
synchronous=FULL: both pay for durability), one fresh database per measured set-up, and
the server's CPU (postmaster, backends, background processes, and the children that
exited meanwhile) beside Dumas's, since on PostgreSQL part of the store's work moves to
other processes.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import asyncpg

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.pg_cluster import Cluster  # noqa: E402


@contextlib.contextmanager
def durable_cluster() -> Iterator[Cluster]:
    """A throwaway cluster with PostgreSQL's durability defaults, removed on exit."""
    cluster = Cluster(durable=True)
    try:
        yield cluster.start()
    finally:
        cluster.stop()


def cli(data: Path, database_url: str, *args: str) -> None:
    """`python -m bot.cli ...` against a data directory and database (SQLite in `data`
    when `database_url` is empty), quietly."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUMAS_")}
    env |= {"DUMAS_DATA_DIR": str(data), "DUMAS_LOG_LEVEL": "warning"}
    if database_url:
        env["DUMAS_DATABASE_URL"] = database_url
    subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=REPO,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


async def create_database(cluster: Cluster, name: str) -> str:
    """An empty database `name` on the cluster; its URL."""
    conn = await asyncpg.connect(cluster.url())
    try:
        await conn.execute(f"CREATE DATABASE {name}")
    finally:
        await conn.close()
    return cluster.url(name)


async def new_database(cluster: Cluster, name: str, template: Path, unit: str, group: int) -> str:
    """A migrated database with the staff group `group` bound to the Polres `unit` (as
    bench/pipeline.py's prepare_template does for SQLite); its URL. `template` is the
    prepared data directory (the boundaries and the gazetteer cache are files there)."""
    url = await create_database(cluster, name)
    cli(template, url, "migrate")
    cli(template, url, "staff", "link", "--polres", unit, "--chat-id", str(group))
    return url


def server_pids(cluster: Cluster) -> list[int]:
    """The running server processes: the postmaster and its children (the backends and
    the background processes), as a profiler or tracer attaches to them."""
    postmaster = int((cluster.data / "postmaster.pid").read_text().split()[0])
    pids = [postmaster]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == postmaster:
                pids.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return pids


def server_cpu_by_process(cluster: Cluster) -> dict[str, tuple[float, float]]:
    """CPU seconds so far (user, kernel) of each kind of server process: the backends of
    each database, the background processes, and the children that exited (the
    postmaster's cutime and cstime: autovacuum workers and closed connections' backends
    come and go)."""
    postmaster = int((cluster.data / "postmaster.pid").read_text().split()[0])
    ticks = os.sysconf("SC_CLK_TCK")
    kinds: dict[str, tuple[float, float]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            pid, ppid = int(stat.parent.name), int(fields[1])
            if pid != postmaster and ppid != postmaster:
                continue
            title = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError):
            continue
        if pid == postmaster:
            kinds["exited children"] = (int(fields[13]) / ticks, int(fields[14]) / ticks)
            kind = "postmaster"
        else:
            words = title.removeprefix("postgres: ").split()
            # "postgres: <user> <database> <host> <state>" for a backend
            background = ("checkpointer", "background", "walwriter", "autovacuum", "logical")
            if words and words[0] in background:
                kind = " ".join(words[:2])
            else:
                kind = f"backend {words[1]}" if len(words) > 1 else title
        user, kernel = kinds.get(kind, (0.0, 0.0))
        kinds[kind] = (user + int(fields[11]) / ticks, kernel + int(fields[12]) / ticks)
    return kinds


def server_cpu(cluster: Cluster | None) -> float:
    """CPU seconds (user + kernel) spent so far by the cluster's server processes, the
    exited ones included; 0 without a cluster (SQLite)."""
    if cluster is None:
        return 0.0
    return sum(user + kernel for user, kernel in server_cpu_by_process(cluster).values())
