"""Where one Dumas instance's CPU goes on each backend: the profiles of bench_instances.py.

    python bench/bench_instances.py --instances 1 --citizens 200 --runs 3 --profile /tmp/p
    python bench/profile_store.py sqlite=/tmp/p/sqlite1-i1.txt:1.67 pg=/tmp/p/pg1-i1.txt:1.60

Each argument is NAME=PROFILE:CPU_MS: a collapsed-stack profile that `--profile` wrote
(py-spy, every thread, native frames, idle threads left out) and the instance's CPU ms per
update in that run. A sample is charged to one layer: walking from the innermost frame
outwards, the first frame a rule below names decides (so the C of SQLite's library is
SQLite's, asyncpg's Cython protocol is asyncpg's, and a frame of bot/store/postgres.py
that calls neither is the layer's own Python). Frames no rule names (the interpreter's C,
libc, the standard library's generic helpers) pass the sample outwards; a sample no rule
claims is "other". ms/update = the layer's share of the samples x the CPU ms per update.
Nothing here is a test.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

# (layer, pattern searched in one frame "function (file:line)"), first match wins
LAYERS: tuple[tuple[str, str], ...] = (
    (
        "SQLite: library + sqlite3 module (C)",
        r"libsqlite3|\((cursor|connection|statement|row|util|module|blob)\.c",
    ),
    ("asyncpg: protocol, codecs, Python layer", r"asyncpg"),
    ("store: postgres.py (PgConnection, PostgresDatabase)", r"bot/store/postgres\.py"),
    ("store: connection.py / database.py (SQLite's)", r"bot/store/(connection|database)\.py"),
    ("store: gathering.py", r"bot/store/gathering\.py"),
    ("store: the table modules (SQL, rows)", r"bot/store/"),
    ("leadership (heartbeat, NOTIFY)", r"bot/leadership\.py"),
    ("aiosqlite (intake journal)", r"aiosqlite/"),
    (
        "asyncio: loop, tasks, futures, streams (uvloop's too)",
        r"asyncio/|selectors\.py|_asyncio|epoll|select\.c|uvloop|libuv|\buv_|\(loop\.c:",
    ),
    ("contextlib (async with wrappers)", r"contextlib\.py"),
    (
        "HTTP server / client",
        r"bot/http_server\.py|bot/channels/telegram/(transport|http11)\.py|h11|httpx|httpcore|aiohttp|anyio",
    ),
    ("channels (Bot API, Twilio)", r"bot/channels/|telegram/"),
    ("dispatcher, step, outbox", r"bot/(dispatcher|step_commit|group_commit|ingest|intake|outbox)"),
    ("flows, routing, triage", r"bot/(flows|routing|triage|knowledge|conversation)"),
    ("officers (cards, digests)", r"bot/officers/"),
    ("rest of bot/", r"bot/"),
    ("logging", r"logging/"),
    ("json", r"json/|_json"),
    ("garbage collector", r"gc_collect|collect_with_callback|gc_collect_main"),
)
_COMPILED = [(layer, re.compile(pattern)) for layer, pattern in LAYERS]
# counted alongside: every sample with one of these frames anywhere in its stack
INCLUSIVE: tuple[tuple[str, str], ...] = (
    ("any bot/store/ frame", r"bot/store/"),
    (
        "under Database.transaction/reading (either backend)",
        r"(transaction|reading|single_write) \(bot/store/(postgres|database)\.py",
    ),
    ("asyncio's _run_once (the loop's own turn)", r"_run_once \(.*asyncio/base_events\.py"),
)


# With native frames py-spy cannot tell an idle thread from a busy one (it reports the
# thread pool's workers waiting on their queue, and the loop in epoll_wait (uvloop's
# epoll_pwait), as running):
# a sample whose innermost frame is a wait is idle and left out.
_WAITING = re.compile(
    r"^(epoll_p?wait|select|poll|sem_wait|sem_timedwait|pthread_cond_\w*wait|__futex\w*|futex_\w*) "
)
_POOL_WAIT = re.compile(r"_worker \(concurrent/futures/thread\.py|wait \(threading\.py")


def idle(stack: list[str]) -> bool:
    innermost = stack[-1]
    if _WAITING.match(innermost):
        return True
    if innermost.startswith("0x") and "(libc.so" in innermost:
        python = [f for f in stack if ".py:" in f]
        return bool(python) and bool(_POOL_WAIT.search(python[-1]))
    return False


def layer_of(stack: list[str]) -> str:
    for frame in reversed(stack):
        for layer, pattern in _COMPILED:
            if pattern.search(frame):
                return layer
    return "other"


def read(path: Path) -> tuple[Counter[str], Counter[str], int]:
    layers: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack_text, _, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue
        count = int(count_text)
        stack = stack_text.split(";")
        if idle(stack):
            continue
        layers[layer_of(stack)] += count
        for name, pattern in INCLUSIVE:
            if re.search(pattern, stack_text):
                inclusive[name] += count
        total += count
    return layers, inclusive, total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profiles", nargs="+", help="NAME=PROFILE.txt:CPU_MS_PER_UPDATE")
    args = parser.parse_args()
    named = []
    for argument in args.profiles:
        name, _, rest = argument.partition("=")
        path, _, cpu = rest.rpartition(":")
        layers, inclusive, total = read(Path(path))
        named.append((name, layers, inclusive, total, float(cpu)))
    head = ["layer"] + [f"{n}: share / ms per update" for n, *_ in named]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" + "---:|" * len(named))
    order = [layer for layer, _ in LAYERS] + ["other"]
    for layer in order:
        if not any(layers[layer] for _, layers, *_ in named):
            continue
        cells = [
            f"{100 * layers[layer] / total:.1f}% / {layers[layer] / total * cpu:.3f}"
            for _, layers, _, total, cpu in named
        ]
        print(f"| {layer} | " + " | ".join(cells) + " |")
    print(
        "| **samples; CPU ms per update** | "
        + " | ".join(f"{t:,}; {c:.2f}" for _, _, _, t, c in named)
        + " |"
    )
    print()
    for name, _ in INCLUSIVE:
        cells = [
            f"{100 * inclusive[name] / total:.1f}% / {inclusive[name] / total * cpu:.3f}"
            for _, _, inclusive, total, cpu in named
        ]
        print(f"| {name} (inclusive) | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
