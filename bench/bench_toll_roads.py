"""Cost of the toll-road rule (session 35): CPU per typed place with the rule off and on,
alternated in one process, and the time to load the toll tables.

    .venv/bin/python bench/bench_toll_roads.py [--rounds 2]

The texts are the development half's typed places plus the fresh toll set. "Off" replaces
`Router._on_the_toll_road` by a function answering nothing, which is the code as it was
before the rule; each round measures off then on over the same texts (process time, so
other processes on the shared cores count less than in wall time). Prints mean and p99 in
milliseconds per call, side by side.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.routing.resolver import Router  # noqa: E402
from bot.routing.toll_roads import TollRoads  # noqa: E402
from bot.settings import load_settings  # noqa: E402

EVAL = REPO / "tests" / "eval" / "places"


def _texts() -> list[str]:
    texts: list[str] = []
    for name in ("dev.jsonl", "fresh_s35_toll.jsonl"):
        path = EVAL / name
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                item = json.loads(line)
                if isinstance(item.get("text"), str):
                    texts.append(item["text"])
    return list(dict.fromkeys(texts))


def resolution_cpu_ms(router: Router, texts: list[str]) -> list[float]:
    """CPU milliseconds of `router.resolve_text` per text (bench_city_roads.py uses it too)."""
    times = []
    for text in texts:
        t = time.process_time()
        router.resolve_text(text)
        times.append((time.process_time() - t) * 1000)
    return times


def _p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    loads = []
    for _ in range(5):
        t = time.perf_counter()
        TollRoads.load()
        loads.append((time.perf_counter() - t) * 1000)
    print(f"TollRoads.load: median {statistics.median(loads):.2f} ms (5 loads)")
    router = Router.load(load_settings())
    texts = _texts()
    rule = router._on_the_toll_road
    resolution_cpu_ms(router, texts[:200])  # warm the caches both ways
    print(f"texts: {len(texts)}; CPU ms per resolve_text (process time)")
    print(f"{'round':>5}  {'off mean':>8}  {'on mean':>8}  {'off p99':>8}  {'on p99':>8}")
    for n in range(1, args.rounds + 1):
        router._on_the_toll_road = lambda typed, res: None  # type: ignore[method-assign]
        off = resolution_cpu_ms(router, texts)
        router._on_the_toll_road = rule  # type: ignore[method-assign]
        on = resolution_cpu_ms(router, texts)
        print(
            f"{n:>5}  {statistics.mean(off):8.2f}  {statistics.mean(on):8.2f}  "
            f"{_p99(off):8.2f}  {_p99(on):8.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
