"""The citizens' arrival on PostgreSQL at growing citizen counts: the rows its generic plan
reads and the server's CPU per call, before and after migration 0025 (bench/README.md
"Session 40: the server's share").

The dispatcher gathers several citizens' arrivals into one statement over arrays
(bot/store/conversations.py `arrive_many`). Session 39's statement (kept here as text) was
planned for the ten rows the planner guesses for an array and, below a few thousand
analyzed citizens, joined them by reading citizens and conversations whole; the store's
statement since session 40 calls `dumas_arrive` (migration 0025), planned with sequential
scans off.

A throwaway cluster (tests/pg_cluster.py), one migrated database per citizen count, each
citizen with a conversation, ANALYZEd; for each form a new connection planning generically
(`plan_cache_mode = force_generic_plan`: what a named statement settles on after five
executions), then CALLS arrivals of BATCH known citizens each, each in a transaction
rolled back (the tables stay as they were). Printed per count and form: citizens and
conversations rows read sequentially per call (pg_stat_xact_user_tables), and the
backend's CPU per call (user + kernel, /proc; medians of the rounds, the forms
alternating). Nothing here is a test.

    PYTHONPATH=. .venv/bin/python bench/pg_arrival_plans.py [--calls 400] [--rounds 3]
        [--citizens 200,600,2000,6000,20000]
"""

import argparse
import asyncio
import os
import random
import statistics
from pathlib import Path

import asyncpg

from bot.store import citizens, conversations
from bot.store.database import COMMIT_SETTING
from bot.store.postgres import PostgresDatabase, numbered
from tests.pg_cluster import Cluster

COUNTS = (200, 600, 2000, 6000, 20000)
BATCH = 15

# Session 39's statement, as bot/store/conversations.py held it before migration 0025.
_CITIZEN_Z = ", ".join("z." + c.strip() for c in citizens.COLUMNS.split(","))
_ARRIVE_MANY_39 = (
    "WITH given AS (SELECT ?::text AS now, a.*, "
    f"{COMMIT_SETTING} AS commit_setting FROM unnest(?::text[], ?::text[], "
    "?::text[], ?::text[], ?::text[]) WITH ORDINALITY "
    "AS a(channel, external_id, chat_id, platform_locale, display_name, n)), "
    "touched AS (UPDATE citizens z SET chat_id = g.chat_id, "
    "platform_locale = COALESCE(g.platform_locale, z.platform_locale), "
    f"display_name = {citizens.name_unless_erased('z', 'g.display_name')}, "
    "last_inbound_at = g.now "
    "FROM given g WHERE z.channel = g.channel AND z.external_id = g.external_id "
    f"RETURNING {_CITIZEN_Z}), "
    "arrived AS (INSERT INTO citizens (channel, external_id, chat_id, platform_locale, "
    "display_name, last_inbound_at, created_at) "
    "SELECT g.channel, g.external_id, g.chat_id, g.platform_locale, g.display_name, g.now, "
    "g.now FROM given g WHERE NOT EXISTS (SELECT 1 FROM touched t WHERE t.channel = "
    "g.channel AND t.external_id = g.external_id) ORDER BY g.n "
    "ON CONFLICT (channel, external_id) DO UPDATE SET chat_id = excluded.chat_id, "
    "platform_locale = COALESCE(excluded.platform_locale, citizens.platform_locale), "
    f"display_name = {citizens.name_unless_erased('citizens', 'excluded.display_name')}, "
    "last_inbound_at = excluded.last_inbound_at "
    f"RETURNING {citizens.COLUMNS}) "
    "SELECT r.*, v.state, v.draft, v.reminder_due_at, v.expiry_due_at "
    "FROM (SELECT * FROM touched UNION ALL SELECT * FROM arrived) r "
    "LEFT JOIN conversations v ON v.citizen_id = r.id"
)
FORMS = {"session 39": _ARRIVE_MANY_39, "session 40 (store)": conversations._ARRIVE_PG}
_READ = (
    "SELECT relname, coalesce(seq_tup_read, 0) FROM pg_stat_xact_user_tables "
    "WHERE relname IN ('citizens', 'conversations')"
)


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _populate(url: str, count: int) -> None:
    await (await PostgresDatabase(url).open()).close()  # migrated
    c = await asyncpg.connect(url)
    await c.execute(
        "INSERT INTO citizens (channel, external_id, chat_id, created_at) "
        "SELECT 'telegram', 'u' || g, 'c' || g, 'x' FROM generate_series(1, $1::int) g",
        count,
    )
    # a draft of a few hundred bytes, as a conversation mid-complaint holds
    await c.execute(
        "INSERT INTO conversations (citizen_id, state, draft, last_activity_at, updated_at) "
        "SELECT id, 'when', repeat('x', 400), 'x', 'x' FROM citizens"
    )
    await c.execute("ANALYZE citizens, conversations")
    await c.close()


async def _measure(url: str, sql: str, count: int, calls: int) -> tuple[float, float, float]:
    """(citizens rows, conversations rows read sequentially, backend CPU µs) per call."""
    c = await asyncpg.connect(url)
    try:
        await c.execute("SET plan_cache_mode = force_generic_plan")
        pid = await c.fetchval("SELECT pg_backend_pid()")
        statement = await c.prepare(numbered(sql))
        rng = random.Random(count)
        seq = {"citizens": 0, "conversations": 0}
        before = _cpu(pid)
        for _ in range(calls):
            names = [f"u{n}" for n in rng.sample(range(1, count + 1), BATCH)]
            tr = c.transaction()
            await tr.start()
            first = dict(await c.fetch(_READ))
            await statement.fetch(
                "2026-12-07T10:00:00+00:00", None, ["telegram"] * BATCH, names,
                [f"c-{n}" for n in names], ["id"] * BATCH, [None] * BATCH,
            )  # fmt: skip
            for table, rows in dict(await c.fetch(_READ)).items():
                seq[table] += rows - first.get(table, 0)
            await tr.rollback()
        spent = _cpu(pid) - before
    finally:
        await c.close()
    # the two stats reads per call are in the CPU too, alike for both forms
    return seq["citizens"] / calls, seq["conversations"] / calls, spent / calls * 1e6


async def main(calls: int, rounds: int, counts: tuple[int, ...] = COUNTS) -> None:
    with Cluster() as cluster:
        admin = await asyncpg.connect(cluster.url())
        urls = {}
        for count in counts:
            await admin.execute(f"CREATE DATABASE a{count}")
            urls[count] = cluster.url(f"a{count}")
            await _populate(urls[count], count)
        await admin.close()
        print(
            f"arrivals of {BATCH} known citizens, {calls} calls x {rounds} rounds; rows read "
            "sequentially per call (citizens + conversations), backend CPU µs per call "
            f"(median of rounds; load {os.getloadavg()[0]:.1f})"
        )
        print("| citizens | " + " | ".join(f"{f}: rows | {f}: µs" for f in FORMS) + " |")
        print("|---:|" + "---:|---:|" * len(FORMS))
        for count in counts:
            results: dict[str, list[tuple[float, float, float]]] = {f: [] for f in FORMS}
            for _ in range(rounds):
                for form, sql in FORMS.items():
                    results[form].append(await _measure(urls[count], sql, count, calls))
            cells = []
            for runs in results.values():
                rows = f"{runs[0][0]:,.0f} + {runs[0][1]:,.0f}"
                cells.append(f"{rows} | {statistics.median(r[2] for r in runs):,.0f}")
            print(f"| {count:,} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--citizens",
        default=",".join(str(n) for n in COUNTS),
        help="citizen counts, comma-separated (at 20,000 both forms read by index: the "
        "difference is the function's own cost)",
    )
    arguments = parser.parse_args()
    counts = tuple(int(n) for n in arguments.citizens.split(","))
    asyncio.run(main(arguments.calls, arguments.rounds, counts))
