"""Dumas's own CPU per statement on each backend, through the store's interface.

    . .venv/bin/activate
    python bench/bench_pg_layer.py [--statements 3000] [--rounds 5] [--loop uvloop]

The same small statements a step runs (a primary-key read, an indexed update with a
text, an int and a NULL parameter, and a transaction of three) run N times through
`Database` on SQLite (WAL, synchronous=FULL) and on PostgreSQL (a throwaway cluster,
fsync on; over loopback TCP, and over the server's Unix socket), and, for PostgreSQL,
through asyncpg directly (a prepared statement's
`fetch`, BEGIN/COMMIT with `execute`): the layer's cost is the difference. Figures are
this process's CPU (getrusage: user + kernel) per call, in µs, the event loop's turns, and
the function calls counted by a profile hook (Python + C: the loop's thread; the
thread pool's COMMIT on SQLite not included): the server's work is in
other processes and not counted, the SQLite library's is. The kinds alternate in each
round, medians of the rounds; with a loaded machine the CPU figures still hold
(process time, not wall time), the event loop's turns per statement are counted.
Nothing here is a test.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.pg_server import create_database, durable_cluster  # noqa: E402
from bot.event_loop import LOOPS, run, running_loop_name  # noqa: E402
from bot.store.database import Database, open_store  # noqa: E402

SCHEMA = (
    "CREATE TABLE items (id INTEGER PRIMARY KEY, chat_id TEXT NOT NULL, n INTEGER NOT NULL, "
    "note TEXT)"
)
ROWS = 200


async def prepare(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute(SCHEMA)
        for i in range(ROWS):
            await conn.execute(
                "INSERT INTO items (id, chat_id, n, note) VALUES (?, ?, ?, ?)", (i, str(i), 0, None)
            )


def store_work(db: Database) -> dict[str, Callable[[int], Awaitable[Any]]]:
    async def read(i: int) -> Any:
        return await db.fetchone("SELECT id, chat_id, n, note FROM items WHERE id = ?", (i % ROWS,))

    async def update(i: int) -> Any:
        async with db.single_write() as conn:
            await conn.execute(
                "UPDATE items SET n = n + 1, note = ? WHERE chat_id = ?", (None, str(i % ROWS))
            )

    async def transaction(i: int) -> Any:
        async with db.transaction() as conn:
            row = await (
                await conn.execute("SELECT n FROM items WHERE id = ?", (i % ROWS,))
            ).fetchone()
            await conn.execute("UPDATE items SET n = ? WHERE id = ?", (row[0] + 1, i % ROWS))
            await conn.execute("UPDATE items SET note = ? WHERE id = ?", (None, i % ROWS))

    return {"read": read, "update": update, "transaction (3 + BEGIN/COMMIT)": transaction}


def raw_work(raw: Any) -> Callable[[], Awaitable[dict[str, Callable[[int], Awaitable[Any]]]]]:
    """asyncpg alone, the same statements (prepared once, as the store does)."""

    async def make() -> dict[str, Callable[[int], Awaitable[Any]]]:
        sel = await raw.prepare("SELECT id, chat_id, n, note FROM items WHERE id = $1")
        upd = await raw.prepare("UPDATE items SET n = n + 1, note = $1 WHERE chat_id = $2")
        get_n = await raw.prepare("SELECT n FROM items WHERE id = $1")
        set_n = await raw.prepare("UPDATE items SET n = $1 WHERE id = $2")
        set_note = await raw.prepare("UPDATE items SET note = $1 WHERE id = $2")

        async def read(i: int) -> Any:
            return await sel.fetch(i % ROWS)

        async def update(i: int) -> Any:
            return await upd.fetch(None, str(i % ROWS))

        async def transaction(i: int) -> Any:
            await raw.execute("BEGIN")
            rows = await get_n.fetch(i % ROWS)
            await set_n.fetch(rows[0][0] + 1, i % ROWS)
            await set_note.fetch(None, i % ROWS)
            await raw.execute("COMMIT")

        return {"read": read, "update": update, "transaction (3 + BEGIN/COMMIT)": transaction}

    return make


class Turns:
    """The running loop's iterations (select() and its callbacks), counted."""

    def __init__(self) -> None:
        self.count = 0
        loop = asyncio.get_running_loop()
        original = getattr(loop, "_run_once", None)
        if original is None:  # uvloop's turns are in its C: not counted (shown as 0)
            return

        def counted() -> None:
            self.count += 1
            original()

        loop._run_once = counted  # type: ignore[attr-defined]


class Calls:
    """Function calls in this process (Python and C), counted by a profile hook: a figure
    of the work per statement that does not depend on the machine's load."""

    def __init__(self) -> None:
        self.python = 0
        self.builtin = 0

    def hook(self, _frame: Any, event: str, _arg: Any) -> None:
        if event == "call":
            self.python += 1
        elif event == "c_call":
            self.builtin += 1


async def counted(work: Callable[[int], Awaitable[Any]], n: int) -> tuple[float, float]:
    """(Python calls, C calls) per call of `work`, every thread of the loop's included."""
    calls = Calls()
    sys.setprofile(calls.hook)
    try:
        for i in range(n):
            await work(i)
    finally:
        sys.setprofile(None)
    return calls.python / n, calls.builtin / n


async def timed(
    work: Callable[[int], Awaitable[Any]], n: int, turns: Turns
) -> tuple[float, float, float]:
    """(user CPU µs, kernel CPU µs per call, loop turns per call): the kernel's share is
    the sockets' (each round trip's send and receive) and, on SQLite, the COMMIT's."""
    # getrusage, not os.times: times() counts in clock ticks (10 ms), rusage in µs
    t0, c0 = resource.getrusage(resource.RUSAGE_SELF), turns.count
    for i in range(n):
        await work(i)
    t1 = resource.getrusage(resource.RUSAGE_SELF)
    return (
        (t1.ru_utime - t0.ru_utime) * 1e6 / n,
        (t1.ru_stime - t0.ru_stime) * 1e6 / n,
        (turns.count - c0) / n,
    )


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=3000, help="calls per kind per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--loop",
        choices=("asyncio", "uvloop"),
        default="asyncio",
        help="the event loop (`dumas run` on PostgreSQL runs on uvloop by default)",
    )
    args = parser.parse_args()
    turns = Turns()
    results: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="dumas-pglayer-") as tmp, durable_cluster() as cluster:
        url = await create_database(cluster, "layer")
        sqlite = await open_store("", Path(tmp) / "layer.sqlite3").open()
        pg = await open_store(url, Path(tmp) / "unused.sqlite3").open()
        # the same database over the server's Unix socket (a server on the same host)
        local = await open_store(cluster.url("layer", tcp=False), Path(tmp) / "u.sqlite3").open()
        import asyncpg

        raw = await asyncpg.connect(url, statement_cache_size=0)
        try:
            await prepare(sqlite)
            await prepare(pg)
            backends = {
                "SQLite, the store": store_work(sqlite),
                "PostgreSQL, the store": store_work(pg),
                "PostgreSQL, the store, Unix socket": store_work(local),
                "PostgreSQL, asyncpg alone": await raw_work(raw)(),
            }
            for kinds in backends.values():  # warm: statements prepared, caches filled
                for work in kinds.values():
                    await timed(work, 200, turns)
            calls = {
                (name, kind): await counted(work, 200)
                for name, kinds in backends.items()
                for kind, work in kinds.items()
            }
            for _ in range(args.rounds):
                for name, kinds in backends.items():
                    for kind, work in kinds.items():
                        results.setdefault((name, kind), []).append(
                            await timed(work, args.statements, turns)
                        )
        finally:
            await raw.close()
            await sqlite.close()
            await pg.close()
            await local.close()
    names = ["read", "update", "transaction (3 + BEGIN/COMMIT)"]
    print(
        f"python {sys.version.split()[0]}; {args.statements} calls per kind, "
        f"medians of {args.rounds} rounds; event loop {running_loop_name()}"
    )
    print("each cell: user + kernel CPU µs per call, event-loop turns, Python + C calls")
    print("| call | " + " | ".join(name for name in backends) + " |")
    print("|---|" + "---:|" * len(backends))
    for kind in names:
        cells = []
        for name in backends:
            runs = results[(name, kind)]
            user = statistics.median(r[0] for r in runs)
            kernel = statistics.median(r[1] for r in runs)
            turn = statistics.median(r[2] for r in runs)
            python, builtin = calls[(name, kind)]
            cells.append(
                f"{user:.0f} + {kernel:.0f} µs, {turn:.1f} turns, "
                f"{python:.0f} + {builtin:.0f} calls"
            )
        print(f"| {kind} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    chosen = sys.argv[sys.argv.index("--loop") + 1] if "--loop" in sys.argv[:-1] else "asyncio"
    raise SystemExit(run(main(), chosen if chosen in LOOPS else "asyncio"))
