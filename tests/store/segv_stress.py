"""The worker-thread segfault of sessions 41 and 43, reproduced through the real store.

    .venv/bin/python -m tests.store.segv_stress [--rounds 200] [--runs 5]

Each round opens a store, lets three tasks write in transactions (their COMMIT runs on a
worker thread) and read, cancels them at a random moment (as a runtime's stop does) and
closes the store. Before session 44 a task cancelled during its COMMIT went on at once:
its ROLLBACK and the close ran while the COMMIT's thread still used the connection, and
the process died of SIGSEGV. Each run is a child process (a crash ends only that run);
prints how many runs crashed. Not a test: it takes a minute a run when nothing crashes
(every COMMIT waits for the disk); tests/store/test_segv_connection.py plays the same
races deterministically.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from bot.store.database import Database

ROOT = Path(__file__).resolve().parents[2]


async def _rounds(folder: Path, rounds: int) -> None:
    for i in range(rounds):
        db = await Database(folder / f"r{i}.sqlite3").open()

        async def writer(n: int, db: Database = db) -> None:
            for k in range(1_000_000):
                async with db.transaction() as conn:
                    await conn.execute(
                        "INSERT INTO citizens (channel, external_id, chat_id, created_at) "
                        "VALUES ('telegram', ?, '1', 'now')",
                        (f"{n}-{k}",),
                    )
                await db.fetchall("SELECT count(*) FROM citizens")

        tasks = [asyncio.create_task(writer(n)) for n in range(3)]
        await asyncio.sleep(random.random() * 0.01)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await db.close()
        for path in folder.glob(f"r{i}.sqlite3*"):
            path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        asyncio.run(_rounds(Path(args.child), args.rounds))
        return
    crashed = 0
    for run in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            done = subprocess.run(
                [sys.executable, "-X", "faulthandler", "-m", "tests.store.segv_stress"]
                + ["--rounds", str(args.rounds), "--child", folder],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
        crashed += done.returncode != 0
        print(f"run {run + 1}: exit code {done.returncode}", flush=True)
    print(f"{crashed} of {args.runs} runs crashed ({args.rounds} rounds each)")


if __name__ == "__main__":
    main()
