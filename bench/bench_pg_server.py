"""The PostgreSQL server's own CPU per statement, by kind of statement and server setting.

    . .venv/bin/activate
    python bench/bench_pg_server.py [--statements 3000] [--rounds 5]

Why: on PostgreSQL the server's CPU per update (bench_instances.py) did not fall when
the statements and transactions per update fell by a third (bench/README.md, session 36).
This splits the server's side of one statement into what every round trip pays (the
backend's wake-up, reading the message, binding, the answer, the wait for the next) and
what the statement's own work adds (a read by key, a write and its commit's WAL flush),
on a throwaway cluster with PostgreSQL's durability defaults (bench/pg_server.py).

Each kind runs N times on one asyncpg connection over loopback TCP, as Dumas's store
does (named prepared statements; autocommit, or BEGIN ... COMMIT); the figure is the
CPU (user + kernel, /proc) of the server's processes per call: the backend of the
connection, and the WAL writer, checkpointer and the rest (autovacuum off, so its
workers do not come and go in the figure). The settings compared (`wal_sync_method`;
`commit_delay` needs other transactions open at the flush, which one connection never
has) are set with ALTER SYSTEM and a reload between kinds; kinds and settings alternate
in each round, medians of the rounds. The figures are CPU time, not wall time, so a loaded
machine moves them less than it moves a throughput. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import asyncpg  # noqa: E402

from bench.pg_server import durable_cluster, server_cpu, server_cpu_by_process  # noqa: E402

ROWS = 10_000

# (name, the setting's ALTER SYSTEM values): the default first
SETTINGS: list[tuple[str, dict[str, str]]] = [
    ("default (wal_sync_method fdatasync)", {}),
    ("wal_sync_method open_datasync", {"wal_sync_method": "open_datasync"}),
]


async def _kinds(conn: asyncpg.Connection) -> dict[str, Callable[[int], Awaitable[None]]]:
    """Each kind of statement as a coroutine of its n-th call."""
    select_one = await conn.prepare("SELECT 1", name="b_select_one")
    read = await conn.prepare("SELECT id, state, n FROM rows WHERE id = $1", name="b_read")
    write = await conn.prepare("UPDATE rows SET n = n + 1 WHERE id = $1", name="b_write")

    async def round_trip(i: int) -> None:
        await select_one.fetchval()

    async def read_by_key(i: int) -> None:
        await read.fetchrow(i % ROWS + 1)

    async def write_autocommit(i: int) -> None:
        await write.fetch(i % ROWS + 1)

    async def transaction_of_three(i: int) -> None:
        await conn.execute("BEGIN")
        await write.fetch(i % ROWS + 1)
        await conn.execute("COMMIT")

    return {
        "round trip (SELECT 1)": round_trip,
        "read by primary key": read_by_key,
        "write by key, autocommit (commit + WAL flush)": write_autocommit,
        "BEGIN; the same write; COMMIT (3 round trips)": transaction_of_three,
    }


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=3000, help="calls per kind and round")
    parser.add_argument("--rounds", type=int, default=5, help="rounds (medians)")
    args = parser.parse_args()
    with durable_cluster() as cluster:
        admin = await asyncpg.connect(cluster.url())
        await admin.execute("ALTER SYSTEM SET autovacuum = off")
        await admin.execute("SELECT pg_reload_conf()")
        await admin.execute(
            "CREATE TABLE rows (id BIGINT PRIMARY KEY, state TEXT NOT NULL, n INTEGER NOT NULL)"
        )
        await admin.execute(
            f"INSERT INTO rows SELECT i, 'open', 0 FROM generate_series(1, {ROWS}) i"
        )
        await admin.execute("VACUUM ANALYZE rows")
        conn = await asyncpg.connect(cluster.url(), statement_cache_size=0)
        kinds = await _kinds(conn)
        for warm in kinds.values():  # each plan cached (generic) before measuring
            for i in range(20):
                await warm(i)
        figures: dict[tuple[str, str], list[float]] = {}
        kernel: dict[tuple[str, str], list[float]] = {}
        for _ in range(args.rounds):
            for setting, values in SETTINGS:
                await admin.execute("ALTER SYSTEM RESET ALL")
                await admin.execute("ALTER SYSTEM SET autovacuum = off")
                for name, value in values.items():
                    await admin.execute(f"ALTER SYSTEM SET {name} = '{value}'")
                await admin.execute("SELECT pg_reload_conf()")
                await asyncio.sleep(0.3)  # the backends read the file when idle
                for kind, run in kinds.items():
                    before = server_cpu(cluster)
                    kernel0 = sum(s for _, s in server_cpu_by_process(cluster).values())
                    for i in range(args.statements):
                        await run(i)
                    spent = server_cpu(cluster) - before
                    spent_kernel = (
                        sum(s for _, s in server_cpu_by_process(cluster).values()) - kernel0
                    )
                    figures.setdefault((setting, kind), []).append(spent / args.statements)
                    kernel.setdefault((setting, kind), []).append(spent_kernel / args.statements)
        await conn.close()
        await admin.close()
    print(
        f"the server's CPU per call (µs, user + kernel; of which kernel), medians of "
        f"{args.rounds} rounds of {args.statements} calls, one connection over loopback TCP:"
    )
    print()
    print("| kind | " + " | ".join(setting for setting, _ in SETTINGS) + " |")
    print("|---|" + "---:|" * len(SETTINGS))
    for kind in kinds:
        cells = [
            f"{statistics.median(figures[(s, kind)]) * 1e6:.0f} "
            f"({statistics.median(kernel[(s, kind)]) * 1e6:.0f})"
            for s, _ in SETTINGS
        ]
        print(f"| {kind} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
