"""Where each bot's CPU per update goes: py-spy profiles of the closed loop, by layer.

    python bench/bench_closed_loop.py --backend both --citizens 300 --profile /tmp/p.txt
    python bench/profile_layers.py reference=/tmp/p-reference.txt:3.08 dumas=/tmp/p.txt:1.45

Each argument is NAME=PROFILE:CPU_MS, a collapsed-stack profile that bench_closed_loop.py
`--profile X.txt` wrote (py-spy `--gil`: only the thread holding the GIL is sampled, so
the samples are the bot's Python time) and the bot's CPU ms per update of that run. A
sample is charged to one layer: walking from the innermost frame outwards, the first
frame of a known layer decides. The standard library's generic helpers (json, re, enum,
datetime, dataclasses...) and the store's SQL machinery (bot/store/connection.py,
sqlite3, aiosqlite, asyncpg) pass the sample to their caller, so JSON parsing of an
update is the Bot API's and an INSERT of the inbox is the inbox's; what nothing claims
stays with the helper's own fallback layer. ms/update = the layer's share of the samples
x the bot's CPU ms/update (the GIL holder's share stands for the whole process: time in
other threads without the GIL, e.g. SQLite's COMMIT, is spread pro rata; an
approximation, said beside the table).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

# (layer, path prefix after site-packages / the repository / the standard library),
# first match wins; the same names for both bots where they do the same job
LAYERS: tuple[tuple[str, str], ...] = (
    # the reference bot's own step functions and python-telegram-bot's conversation
    ("conversation engine", "bench/reference_bot.py"),
    ("conversation engine", "reference_bot.py"),
    ("conversation engine", "telegram/ext/_handlers/"),
    ("persistence / store", "telegram/ext/_picklepersistence.py"),
    ("persistence / store", "telegram/ext/_basepersistence.py"),
    ("persistence / store", "pickle.py"),
    ("polling, dispatch", "telegram/ext/_application.py"),
    ("polling, dispatch", "telegram/ext/_updater.py"),
    ("polling, dispatch", "telegram/ext/_jobqueue.py"),
    ("polling, dispatch", "telegram/ext/_callbackcontext.py"),
    ("polling, dispatch", "telegram/ext/_baseupdateprocessor.py"),
    ("HTTP client/server", "telegram/request/"),
    ("Bot API: parse updates, build calls", "telegram/"),
    # Dumas
    ("polling, dispatch", "bot/channels/telegram/poller.py"),
    ("HTTP client/server", "bot/channels/telegram/transport.py"),
    ("HTTP client/server", "bot/channels/telegram/http11.py"),
    ("HTTP client/server", "bot/http_server.py"),
    ("Bot API: parse updates, build calls", "bot/channels/"),
    ("durable inbox", "bot/ingest.py"),
    ("durable inbox", "bot/intake/"),
    ("durable inbox", "bot/store/inbox.py"),
    ("durable inbox", "bot/store/lanes.py"),
    ("step transaction", "bot/step_commit.py"),
    ("step transaction", "bot/group_commit.py"),
    ("outbox", "bot/outbox/"),
    ("outbox", "bot/store/outbox.py"),
    ("staff cards, digests", "bot/officers/"),
    ("staff cards, digests", "bot/store/staff_"),
    ("routing", "bot/routing/"),
    ("triage", "flows/triage"),
    ("triage", "flows/intent.py"),
    ("triage", "bot/triage/"),
    ("conversation engine", "flows/"),
    ("conversation engine", "transitions/"),
    ("polling, dispatch", "bot/dispatcher.py"),
    ("timers", "bot/timers.py"),
    ("persistence / store", "bot/store/"),
    ("persistence / store", "bot/tickets/"),
    ("i18n, formatting", "bot/i18n/"),
    ("i18n, formatting", "babel/"),
    ("HTTP client/server", "aiohttp/"),
    ("HTTP client/server", "httpx/"),
    ("HTTP client/server", "httpcore/"),
    ("HTTP client/server", "h11/"),
    ("HTTP client/server", "anyio/"),
    ("HTTP client/server", "yarl/"),
    ("HTTP client/server", "multidict/"),
    ("HTTP client/server", "ssl.py"),
    ("HTTP client/server", "socket.py"),
    ("logging", "logging/"),
    ("asyncio (event loop)", "asyncio/"),
    ("asyncio (event loop)", "selectors.py"),
    ("asyncio (event loop)", "uvloop/"),
    ("other (Dumas)", "bot/"),
)
# helpers that pass the sample to their caller: (fallback layer, prefix)
PASS_THROUGH: tuple[tuple[str, str], ...] = (
    ("persistence / store", "bot/store/connection.py"),
    ("persistence / store", "bot/store/database.py"),
    ("persistence / store", "bot/store/postgres.py"),
    ("persistence / store", "sqlite3/"),
    ("persistence / store", "aiosqlite/"),
    ("persistence / store", "asyncpg/"),
    ("JSON", "json/"),
    ("JSON", "orjson"),
    ("standard library", "re/"),
    ("standard library", "re.py"),
    ("standard library", "enum.py"),
    ("standard library", "typing.py"),
    ("standard library", "dataclasses.py"),
    ("standard library", "copy.py"),
    ("standard library", "copyreg.py"),
    ("standard library", "functools.py"),
    ("standard library", "datetime.py"),
    ("standard library", "_strptime.py"),
    ("standard library", "contextlib.py"),
    ("standard library", "collections/"),
    ("standard library", "weakref.py"),
    ("standard library", "abc.py"),
    ("standard library", "string.py"),
    ("standard library", "uuid.py"),
    ("standard library", "base64.py"),
    ("standard library", "inspect.py"),
    ("standard library", "zoneinfo/"),
    ("standard library", "threading.py"),
    ("standard library", "concurrent/"),
)
_FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")
_MARKERS = ("site-packages/", "/lib/python3.11/", "/lib/python3.12/")


def short_path(filename: str, repo: str = "") -> str:
    """The frame's file from its package on (py-spy shortens most names already)."""
    for marker in _MARKERS:
        if marker in filename:
            return filename.split(marker, 1)[1]
    if repo and filename.startswith(repo):
        return filename[len(repo) :].lstrip("/")
    return filename.lstrip("/")


def _match(path: str, table: tuple[tuple[str, str], ...]) -> str | None:
    return next((layer for layer, prefix in table if path.startswith(prefix)), None)


def layer_of_stack(frames: list[str], repo: str = "") -> str:
    """The layer a sample (frames root first) is charged to (module doc)."""
    fallback: str | None = None
    for frame in reversed(frames):
        m = _FRAME.match(frame)
        path = short_path(m["file"] if m else frame, repo)
        through = _match(path, PASS_THROUGH)
        if through is not None:
            fallback = fallback or through
            continue
        layer = _match(path, LAYERS)
        if layer is not None:
            return layer
    return fallback or "other"


def read_layers(profile: Path, repo: str = "") -> Counter[str]:
    """Samples per layer in a py-spy collapsed-stack (`-f raw`) file."""
    counts: Counter[str] = Counter()
    for line in profile.read_text(errors="replace").splitlines():
        stack, _, n = line.rpartition(" ")
        if not stack or not n.isdigit():
            continue
        frames = [f for f in stack.split(";") if not f.startswith(("process ", "thread "))]
        counts[layer_of_stack(frames, repo)] += int(n)
    return counts


def table(bots: list[tuple[str, Counter[str], float]]) -> str:
    """Markdown: ms per update per layer, each bot a column, largest layers first."""
    order: dict[str, float] = {}  # ms of CPU per update per layer, over all bots
    for _, counts, cpu_ms in bots:
        total = sum(counts.values()) or 1
        for layer, n in counts.items():
            order[layer] = order.get(layer, 0.0) + n / total * cpu_ms
    lines = [
        "| layer (ms of CPU per update) | " + " | ".join(name for name, _, _ in bots) + " |",
        "|---" + "|---:" * len(bots) + "|",
    ]
    for layer in sorted(order, key=order.__getitem__, reverse=True):
        cells = []
        for _, counts, cpu_ms in bots:
            total = sum(counts.values()) or 1
            n = counts.get(layer, 0)
            cells.append(f"{n / total * cpu_ms:.3f} ({n / total:.0%})" if n else "-")
        lines.append(f"| {layer} | " + " | ".join(cells) + " |")
    lines.append(
        "| **all** (samples) | "
        + " | ".join(f"**{cpu_ms:.2f}** ({sum(c.values())})" for _, c, cpu_ms in bots)
        + " |"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bots", nargs="+", help="NAME=PROFILE.txt:CPU_MS_PER_UPDATE")
    parser.add_argument(
        "--show-other", type=int, default=0, help="print the N commonest unclaimed frames"
    )
    args = parser.parse_args(argv)
    repo = str(Path(__file__).resolve().parent.parent)
    bots = []
    for spec in args.bots:
        name, _, rest = spec.partition("=")
        path, _, cpu = rest.rpartition(":")
        bots.append((name, read_layers(Path(path), repo), float(cpu)))
    print(table(bots))
    if args.show_other:
        for spec in args.bots:
            path = spec.partition("=")[2].rpartition(":")[0]
            inner: Counter[str] = Counter()
            for line in Path(path).read_text(errors="replace").splitlines():
                stack, _, n = line.rpartition(" ")
                frames = stack.split(";")
                if n.isdigit() and layer_of_stack(frames, repo) in ("other", "standard library"):
                    inner[frames[-1]] += int(n)
            print(f"\n{spec}: commonest innermost frames left to 'other'/'standard library':")
            for frame, samples in inner.most_common(args.show_other):
                print(f"  {samples:6d} {frame}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
