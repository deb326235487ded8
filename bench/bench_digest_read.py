"""The read behind a staff digest's redraw: whole tickets against the digest's columns.

    . .venv/bin/activate
    python bench/bench_digest_read.py [--tickets 30] [--rounds 9] [--reads 200]

A busy group's digest is drawn again each time a ticket joins it (up to 30 listed,
bot/officers/digests.py). Session 31 read them with `tickets.get_many` (whole `Ticket`s,
31 fields, four times parsed); session 32 with `tickets.digest_lines` (the six columns a
line shows). Both reads are in the tree, so they are measured in one process on one
SQLite store (WAL, `--tickets` tickets), alternated round by round: CPU µs per read
(process time, median of the rounds, each round `--reads` reads of each), and Python
function calls per read (counted with `sys.setprofile`, not timed).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.store import citizens  # noqa: E402
from bot.store import tickets as ticket_store  # noqa: E402
from bot.store.connection import Connection  # noqa: E402
from bot.store.database import Database  # noqa: E402

Read = Callable[[Connection, Sequence[int]], Awaitable[dict[int, Any]]]
READS: dict[str, Read] = {
    "get_many (before)": ticket_store.get_many,
    "digest_lines (after)": ticket_store.digest_lines,
}


async def _tickets(db: Database, n: int) -> list[int]:
    at = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    ids = []
    async with db.transaction() as conn:
        for k in range(n):
            person = await citizens.upsert(
                conn, "telegram", str(7000 + k), str(7000 + k), "id", None
            )
            ids.append(
                await ticket_store.create(
                    conn,
                    reference=f"JKS-{k:05d}",
                    citizen_id=person.id,
                    fields={
                        "category": "crime",
                        "description": "Motor saya dicuri di parkiran pasar",
                        "timezone": "Asia/Jakarta",
                        "contact": "chat",
                        "locale": "id",
                        "unit_id": "polres-metro-jakarta-selatan",
                        "polda_id": "polda-metro-jaya",
                        "place_text": "kec cilandak jaksel",
                        "place_label": "Kec. Cilandak",
                        "occurred_at": "2026-03-01T01:00:00Z",
                    },
                    now=at,
                )
            )
    return ids


async def _calls(db: Database, read: Read, ids: list[int]) -> int:
    """Python function calls (and C calls) made by one read, counted."""
    count = [0]

    def profile(frame: object, event: str, arg: object) -> None:
        if event in ("call", "c_call"):
            count[0] += 1

    async with db.reading() as conn:
        sys.setprofile(profile)
        try:
            await read(conn, ids)
        finally:
            sys.setprofile(None)
    return count[0]


async def main(n: int, rounds: int, reads: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        async with Database(Path(tmp) / "dumas.sqlite3") as db:
            ids = await _tickets(db, n)
            cpu: dict[str, list[float]] = {name: [] for name in READS}
            for _ in range(rounds):
                for name, read in READS.items():
                    async with db.reading() as conn:
                        start = time.process_time()
                        for _ in range(reads):
                            await read(conn, ids)
                        cpu[name].append((time.process_time() - start) / reads * 1e6)
            calls = {name: await _calls(db, read, ids) for name, read in READS.items()}
    print(f"one read of {n} tickets, {rounds} alternated rounds of {reads} reads each")
    print(f"{'read':<22} {'CPU µs/read (median)':>21} {'rounds':>30} {'calls/read':>11}")
    for name in READS:
        each = ", ".join(f"{v:.0f}" for v in cpu[name])
        print(f"{name:<22} {statistics.median(cpu[name]):>21.0f} {each:>30} {calls[name]:>11}")
    before, after = (statistics.median(v) for v in cpu.values())
    print(f"after / before: CPU {after / before:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tickets", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--reads", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(main(args.tickets, args.rounds, args.reads))
