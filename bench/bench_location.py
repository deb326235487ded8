"""Benchmark of location resolution: start-up, memory, GPS and typed-place lookups.

    . .venv/bin/activate
    python bench/bench_location.py [--queries 20000] [--geojson PATH]

Uses a fresh temporary data directory: imports the boundary file, builds the gazetteer
cache once (cold start), then measures a warm start-up in a new process (imports + cache +
table validation + boundary index), RSS, and per-call latency of Router.resolve_point and
Router.resolve_text. Prints medians/p99 in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.routing.boundaries import import_boundaries, save_boundaries  # noqa: E402
from bot.routing.regions import bare_regency_name  # noqa: E402
from bot.routing.resolver import Router  # noqa: E402
from bot.settings import load_settings  # noqa: E402

STARTUP_SNIPPET = """
import json, resource, time
t0 = time.perf_counter()
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
base = rss()
from bot.routing.resolver import Router
from bot.settings import load_settings
t1 = time.perf_counter()
router = Router.load(load_settings(env_file=None))
t2 = time.perf_counter()
router.resolve_text('kec cilandak jaksel'); router.resolve_point(-6.1754, 106.8272)
print(json.dumps({"imports_s": t1 - t0, "load_s": t2 - t1, "total_s": t2 - t0,
                  "rss_before_mb": base, "rss_after_mb": rss(),
                  "boundaries": router.boundaries is not None}))
"""


def startup() -> dict[str, float]:
    """A new process loads the router (cached gazetteer) and resolves once."""
    out = subprocess.run(
        [sys.executable, "-c", STARTUP_SNIPPET],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env=os.environ,
    )
    return dict(json.loads(out.stdout))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 6:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1 :]


def typed_queries(router: Router, n: int, rng: random.Random) -> list[str]:
    tree = router.tree
    villages = list(tree.items(4))
    sample = rng.sample(villages, min(n, len(villages)))
    queries: list[str] = []
    for i, (code, name) in enumerate(sample):
        district = tree.name(code[:8]) or ""
        regency = bare_regency_name(tree.name(code[:5]) or "")
        postal = tree.postal_code(code) or ""
        form = i % 6
        if form == 0:
            queries.append(f"desa {name} kec {district}")
        elif form == 1:
            queries.append(f"{name}, {regency}")
        elif form == 2:
            queries.append(name.lower())
        elif form == 3:
            queries.append(f"dekat {typo(district.lower(), rng)} {regency.lower()}")
        elif form == 4:
            queries.append(f"kel. {name} {postal}")
        else:
            queries.append(f"jl. merdeka no 10, {typo(name, rng)}, kab {regency}")
    return queries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=20000)
    parser.add_argument(
        "--geojson",
        type=Path,
        default=REPO.parent / "shared" / "geo" / "indonesia_kabupaten.geojson",
    )
    args = parser.parse_args()
    rng = random.Random(20261123)

    with tempfile.TemporaryDirectory() as data_dir:
        os.environ["DUMAS_DATA_DIR"] = data_dir
        settings = load_settings(env_file=None)
        t = time.perf_counter()
        cold = Router.load(settings)  # builds and caches the gazetteer
        cold_s = time.perf_counter() - t
        shipped = [startup() for _ in range(5)]  # a fresh install: data/geo's boundaries
        if args.geojson.is_file():
            geoms, report = import_boundaries(args.geojson, cold.tree)
            save_boundaries(settings.geo_dir, geoms, args.geojson.name)
            print(
                f"boundaries: {len(geoms)} regencies from {args.geojson.name}, "
                f"{len(report.unmatched)} unmatched"
            )
        else:
            print(f"boundaries: {args.geojson} not found, GPS figures skipped")

        starts = [startup() for _ in range(5)]
        warm = Router.load(settings)

        # GPS: random points in the bounding boxes of random regencies (most land inside)
        gps: list[float] = []
        statuses: dict[str, int] = {}
        if warm.boundaries is not None:
            bounds = [g.bounds for g in warm.boundaries.geoms]
            points = []
            for _ in range(args.queries):
                minx, miny, maxx, maxy = rng.choice(bounds)
                points.append((rng.uniform(miny, maxy), rng.uniform(minx, maxx)))
            for lat, lon in points:
                t = time.perf_counter()
                r = warm.resolve_point(lat, lon)
                gps.append((time.perf_counter() - t) * 1000)
                statuses[r.status] = statuses.get(r.status, 0) + 1

        # the development half of the independent place set, as citizens wrote it
        written = [
            json.loads(line)["text"]
            for line in (REPO / "tests" / "eval" / "places" / "dev.jsonl").open(encoding="utf-8")
        ]
        as_written: list[float] = []
        for q in written * 3:
            t = time.perf_counter()
            warm.resolve_text(q)
            as_written.append((time.perf_counter() - t) * 1000)
        queries = typed_queries(warm, args.queries, rng)
        typed: list[float] = []
        text_statuses: dict[str, int] = {}
        for q in queries:
            t = time.perf_counter()
            r = warm.resolve_text(q)
            typed.append((time.perf_counter() - t) * 1000)
            text_statuses[r.status] = text_statuses.get(r.status, 0) + 1

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    print(f"cold start (build gazetteer from lokal + cache it): {cold_s:.2f} s")
    total = statistics.median(s["total_s"] for s in starts)
    load = statistics.median(s["load_s"] for s in starts)
    print(
        f"warm start-up in a new process (median of 5): {total:.2f} s "
        f"(imports {statistics.median(s['imports_s'] for s in starts):.2f} s, "
        f"Router.load {load:.2f} s)"
    )
    print(
        f"start-up with the shipped boundaries (fresh install, median of 5): "
        f"{statistics.median(s['total_s'] for s in shipped):.2f} s "
        f"(Router.load {statistics.median(s['load_s'] for s in shipped):.2f} s)"
    )
    rss_before = statistics.median(s["rss_before_mb"] for s in starts)
    rss_after = statistics.median(s["rss_after_mb"] for s in starts)
    print(
        f"RSS: {rss_before:.0f} MB bare interpreter -> {rss_after:.0f} MB after load "
        f"(gazetteer + table + index: {rss_after - rss_before:.0f} MB)"
    )
    if gps:
        print(
            f"GPS resolve_point x{len(gps)}: p50 {statistics.median(gps):.4f} ms, "
            f"p99 {percentile(gps, 99):.4f} ms, max {max(gps):.3f} ms; statuses {statuses}"
        )
    print(
        f"typed as citizens wrote it (tests/eval/places/dev.jsonl) x{len(as_written)}: "
        f"p50 {statistics.median(as_written):.3f} ms, p99 {percentile(as_written, 99):.3f} "
        f"ms, max {max(as_written):.2f} ms"
    )
    print(
        f"typed resolve_text x{len(typed)}: p50 {statistics.median(typed):.3f} ms, "
        f"p99 {percentile(typed, 99):.3f} ms, max {max(typed):.2f} ms; "
        f"statuses {text_statuses}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
