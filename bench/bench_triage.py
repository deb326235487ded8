"""Benchmark of triage: model load time, and per-message time, word lists vs word lists + model.

    . .venv/bin/activate
    python bench/bench_triage.py [--rounds 5]

Messages: the development half of the labelled corpus (tests/eval/triage/dev.jsonl, real
lengths from two words to long stories) plus 4,000-character stories, the longest a
citizen can send. Each round judges every message once in each mode, interleaved, so a
noisy neighbour slows both alike; prints medians and p99 in milliseconds side by side,
and the ratio. Each call is timed twice: wall-clock, and the thread's CPU time
(time.thread_time), which a busy shared machine inflates far less (a process waiting
for a core is not charged); the p99 target (issue 15: <= 5 ms) is read on CPU time when
the machine is loaded. Model load is measured in a fresh process (imports + gzip + JSON).

The first round is also shown alone ("first round" rows): the word lists and the model
keep what they work out per word (session 30), so later rounds see every word again;
the first sees each message once, with only the words of earlier messages known.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.catalog import load_categories  # noqa: E402
from bot.triage.model_file import load_model  # noqa: E402
from bot.triage.training import EVAL_DIR, read_lines  # noqa: E402
from flows.triage import triage  # noqa: E402


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    load = subprocess.run(
        [
            sys.executable,
            "-c",
            "import time; t = time.perf_counter(); "
            "from bot.triage.model_file import load_model; m = load_model(); "
            "print((time.perf_counter() - t) * 1000, len(m.weights) if m else 0)",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    load_ms, features = load.stdout.split()
    print(f"model load in a fresh process: {float(load_ms):.0f} ms ({features} features)")
    categories = load_categories()
    model = load_model()
    texts = [str(item["text"]) for item in read_lines(EVAL_DIR / "dev.jsonl")]
    story = (
        "Selamat malam pak, motor saya dicuri di parkiran pasar waktu saya belanja, "
        "kuncinya sudah saya cabut tapi tetap hilang. "
    )
    long_texts = [(story * 40)[:4000] for _ in range(20)]
    timings: dict[tuple[str, str], list[float]] = {}
    cpu: dict[tuple[str, str], list[float]] = {}
    first_cpu: dict[tuple[str, str], list[float]] = {}
    for round_ in range(args.rounds):
        for kind, batch in (("chat", texts), ("4000 chars", long_texts)):
            for text in batch:
                for mode, used in (("rules", None), ("rules+model", model)):
                    started, started_cpu = time.perf_counter(), time.thread_time()
                    triage(text, categories, used)
                    spent_cpu, spent = time.thread_time() - started_cpu, time.perf_counter()
                    timings.setdefault((kind, mode), []).append((spent - started) * 1000)
                    cpu.setdefault((kind, mode), []).append(spent_cpu * 1000)
                    if round_ == 0:
                        first_cpu.setdefault((kind, mode), []).append(spent_cpu * 1000)
    print(
        f"{'messages':<12}{'mode':<13}{'n':>7}{'median ms':>11}{'p99 ms':>9}"
        f"{'cpu median':>12}{'cpu p99':>9}"
    )
    for (kind, mode), values in timings.items():
        used_cpu = cpu[(kind, mode)]
        print(
            f"{kind:<12}{mode:<13}{len(values):>7}{statistics.median(values):>11.3f}"
            f"{_p99(values):>9.3f}{statistics.median(used_cpu):>12.3f}{_p99(used_cpu):>9.3f}"
        )
    for (kind, mode), used_cpu in first_cpu.items():
        print(
            f"first round: {kind:<12}{mode:<13}{len(used_cpu):>7} cpu median "
            f"{statistics.median(used_cpu):.3f} ms, cpu p99 {_p99(used_cpu):.3f} ms"
        )
    for kind in ("chat", "4000 chars"):
        ratio = statistics.median(timings[(kind, "rules+model")]) / statistics.median(
            timings[(kind, "rules")]
        )
        print(f"{kind}: rules+model / rules = {ratio:.2f}x (medians)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
