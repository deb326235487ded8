"""Benchmark of the whole pipeline: a real `dumas run` process, citizens filing complaints.

    . .venv/bin/activate
    python bench/bench_pipeline.py                       # 1,000 citizens, webhook, 3 runs
    python bench/bench_pipeline.py --channel polling     # long polling from the fake
    python bench/bench_pipeline.py --channel whatsapp    # signed Twilio webhooks
    python bench/bench_pipeline.py --rate 0              # saturation: as fast as replies come
    python bench/bench_pipeline.py --scaling             # 100 / 1,000 / 10,000 citizens and
                                                         # 1,000 citizens over 100,000 drafts
    python bench/bench_pipeline.py --profile /tmp/p.svg  # py-spy flame graph of the bot

Each citizen posts 11 real updates (/aduan, consent, category, description, when, a GPS
pin, confirm the place, a photo the bot downloads from the fake, done, contact, confirm),
each after the bot's reply to the previous one reached the fake platform. `--rate` is the
offered load over all citizens in updates/s (each citizen waits citizens/rate seconds
between posts); 0 means no waiting (saturation). The fakes (bench/fake_platforms.py) run
in their own process without rate limits, and Dumas runs with DUMAS_OUTBOX_RATE_LIMITS=off.
Prints one table (medians over --runs runs) and, with --json, every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pipeline import (
    CHANNELS,
    format_table,
    median_result,
    prepare_template,
    run_once,
)


async def measure(
    work: Path, template: Path, runs: int, offered: str, **kwargs: object
) -> dict[str, object]:
    results = []
    for i in range(runs):
        result = await run_once(work, template, **kwargs)  # type: ignore[arg-type]
        c, r = result.commit, result.reply
        print(
            f"  run {i + 1}/{runs} {result.channel} {result.citizens:,} citizens "
            f"{result.drafts:,} drafts: {result.accepted_per_s:,.0f} upd/s accepted, "
            f"{result.processed_per_s:,.0f} processed; commit p99 {c['p99']:.1f} ms, "
            f"reply p99 {r['p99']:.1f} ms; {result.cpu_ms_per_update:.2f} ms CPU/update "
            f"({result.sys_ms_per_update:.2f} system); "
            f"RSS {result.rss_end_mb:.0f} MB (peak {result.rss_peak_mb:.0f}); "
            f"loadgen {result.loadgen_cpu_s:.1f} s, fakes {result.fakes_cpu_s:.1f} s CPU "
            f"in {result.wall_s:.1f} s; errors {result.errors}\n"
            f"  reply p99 by step (ms): {result.reply_p99_by_step}",
            flush=True,
        )
        results.append(result)
    row = median_result(results)
    row["offered"] = offered
    return row


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channel", choices=CHANNELS, default="webhook")
    parser.add_argument("--citizens", type=int, default=1000)
    parser.add_argument(
        "--rate",
        type=float,
        default=2000.0,
        help="offered updates/s over all citizens; 0: saturation",
    )
    parser.add_argument("--drafts", type=int, default=0, help="open drafts seeded first")
    parser.add_argument("--tickets", type=int, default=0, help="closed tickets seeded first")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--connections",
        type=int,
        default=100,
        help="concurrent webhook requests (Telegram's max_connections <= 100)",
    )
    parser.add_argument("--file-kb", type=int, default=16, help="size of each photo")
    parser.add_argument("--scaling", action="store_true")
    parser.add_argument(
        "--burst",
        action="store_true",
        help="post each citizen's next update once the previous one is "
        "acknowledged, without waiting for the reply",
    )
    parser.add_argument("--profile", help="py-spy output (.svg flame graph / .json speedscope)")
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        help="extra NAME=VALUE for the dumas process (repeatable)",
    )
    parser.add_argument("--json", help="write every figure to this file")
    args = parser.parse_args()
    extra_env = dict(item.split("=", 1) for item in args.env)

    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; offered "
        f"{'max' if not args.rate else f'{args.rate:,.0f} updates/s'}; "
        f"{args.runs} run(s) each, medians",
        flush=True,
    )
    rows = []
    with tempfile.TemporaryDirectory(prefix="dumas-bench-") as tmp:
        work = Path(tmp)
        template = prepare_template(work)
        offered = "max" if not args.rate else f"{args.rate:,.0f}"
        common = dict(
            rate=args.rate,
            connections=args.connections,
            file_kb=args.file_kb,
            env=extra_env,
            burst=args.burst,
        )
        if args.scaling:
            plan = [(100, 0, 0), (1000, 0, 0), (10000, 0, 0), (1000, 100_000, 100_000)]
            for citizens, drafts, tickets in plan:
                rows.append(
                    await measure(
                        work,
                        template,
                        args.runs,
                        offered,
                        channel=args.channel,
                        citizens=citizens,
                        drafts=drafts,
                        tickets=tickets,
                        timeout=300,
                        **common,
                    )
                )
        else:
            rows.append(
                await measure(
                    work,
                    template,
                    args.runs,
                    offered,
                    channel=args.channel,
                    citizens=args.citizens,
                    drafts=args.drafts,
                    tickets=args.tickets,
                    profile=args.profile,
                    timeout=600 if args.burst else 120,
                    **common,
                )
            )
    print()
    print(format_table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
