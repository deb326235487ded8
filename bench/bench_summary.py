"""`make bench`: a short run of every pipeline benchmark, one summary table (< 2 minutes).

    . .venv/bin/activate
    python bench/bench_summary.py

Runs, once each and small: the conversation engine (bench_engine: flows with a shared
machine, a new machine per message, the Dispatcher on a Database), then a real `dumas run`
process with 150 citizens through the Telegram webhook at saturation, 60 through long
polling, and 60 through signed Twilio webhooks, and a burst of 200 citizens offering
2,000 updates/s to the intake process (DUMAS_INTAKE_PROCESS=true) (bench_pipeline).
The figures of record (several runs, 1,000+ citizens, the scaling table) come from
bench_pipeline.py itself; see bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import bench_engine
from bench.pipeline import prepare_template, run_once
from bot.routing.resolver import Router
from bot.settings import load_settings


async def main(scale: float = 1.0, gazetteer: Path | None = None) -> int:
    """The summary table; `scale` shrinks every load (tests/test_bench_summary.py runs
    the whole table at a few citizens a row, so the script cannot rot unseen: its engine
    row read two of with_store's three values from 2026-12-05 until session 33);
    `gazetteer`: a gazetteer cache file to start the template with (prepare_template)."""

    def n(citizens: int) -> int:
        return max(2, round(citizens * scale))

    began = time.perf_counter()
    rows: list[tuple[str, str, str, str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="dumas-bench-") as tmp:
        work = Path(tmp)
        template = prepare_template(work, gazetteer)
        router = Router.load(load_settings({"DUMAS_DATA_DIR": str(template)}, env_file=None))
        counter = bench_engine.Counter()
        bench_engine.count_hops(counter)
        rate, cpu = await bench_engine.flows_only(router, n(300), fresh=False)
        rows.append(
            (
                "flows, one shared machine (in process)",
                f"{rate:,.0f} ev/s",
                f"{cpu:.2f}",
                "-",
                "-",
                "-",
            )
        )
        rate2, cpu2 = await bench_engine.flows_only(router, n(60), fresh=True)
        rows.append(
            (
                f"flows, new machine per message ({cpu2 / cpu:.1f}x CPU)",
                f"{rate2:,.0f} ev/s",
                f"{cpu2:.2f}",
                "-",
                "-",
                "-",
            )
        )
        rate3, cpu3, _server = await bench_engine.with_store(
            router, work / "engine", n(200), counter
        )
        rows.append(
            (
                "Dispatcher + Database, no HTTP (in process)",
                f"{rate3:,.0f} ev/s",
                f"{cpu3:.2f}",
                "-",
                "-",
                "-",
            )
        )
        # channel, citizens, offered rate (0: as fast as the replies come), burst, env
        plan: list[tuple[str, int, float, bool, dict[str, str] | None]] = [
            ("webhook", 150, 0.0, False, None),
            ("polling", 60, 0.0, False, None),
            ("whatsapp", 60, 0.0, False, None),
            ("webhook", 200, 2000.0, True, {"DUMAS_INTAKE_PROCESS": "true"}),
        ]
        for channel, citizens, rate, burst, env in plan:
            r = await run_once(
                work,
                template,
                channel=channel,
                citizens=n(citizens),
                rate=rate,
                burst=burst,
                env=env,
                timeout=120,
                quiet=True,
            )
            if r.burst:
                channel += " burst (2,000 upd/s offered) via the intake process"
            errors = sum(v if isinstance(v, int) else sum(v.values()) for v in r.errors.values())
            rows.append(
                (
                    f"dumas run, {channel}, {n(citizens)} citizens x 10 updates",
                    f"{r.accepted_per_s:,.0f} upd/s",
                    f"{r.cpu_ms_per_update:.2f}",
                    f"{r.commit['p50']:.0f} / {r.commit['p99']:.0f}",
                    f"{r.reply['p50']:.0f} / {r.reply['p99']:.0f}",
                    f"{r.rss_peak_mb:.0f} MB, {errors} errors",
                )
            )
    print(
        f"\npython {sys.version.split()[0]}, {os.cpu_count()} CPUs; saturation (each "
        f"citizen posts its next update as soon as the reply arrived); "
        f"{time.perf_counter() - began:.0f} s in all\n"
    )
    head = (
        "what",
        "throughput",
        "CPU ms/event",
        "commit p50/p99 ms",
        "reply p50/p99 ms",
        "peak RSS, errors",
    )
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    print(" | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
    print("-+-".join("-" * w for w in widths))
    for line in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)))
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--scale", type=float, default=1.0, help="shrink every load (tests)")
    parser.add_argument(
        "--gazetteer-cache", type=Path, help="a gazetteer cache file already built (tests)"
    )
    args = parser.parse_args()
    raise SystemExit(asyncio.run(main(args.scale, args.gazetteer_cache)))
