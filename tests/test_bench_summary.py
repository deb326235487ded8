"""`make bench`'s summary table (bench/bench_summary.py) runs end to end: every row, at a
few citizens a row (its engine row unpacked two of `with_store`'s three values from
2026-12-05 until session 33, so `make bench` stopped with a ValueError after the closed
loop and nothing noticed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_the_summary_table_runs_every_row(gazetteer_cache: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUMAS_")}
    done = subprocess.run(
        # the run's gazetteer (built once for the suite's workers): the bench's
        # template would build it again
        [
            sys.executable,
            "bench/bench_summary.py",
            "--scale",
            "0.02",
            "--gazetteer-cache",
            str(gazetteer_cache),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [line for line in done.stdout.splitlines() if " | " in line]
    assert any(r.startswith("Dispatcher + Database") for r in rows), done.stdout
    runs = [r for r in rows if r.startswith("dumas run, ")]
    assert len(runs) == 4, done.stdout
    assert all(r.rstrip().endswith(", 0 errors") for r in runs), done.stdout
