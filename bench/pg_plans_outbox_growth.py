"""The plan PostgreSQL keeps for the sender's marks with heads (`outbox._SENT_MANY_HEADS_PG`)
when the statement is prepared on an empty outbox, as the table grows (bench/README.md
"Session 38: server CPU growing between runs"). A throwaway cluster (tests/pg_cluster.py),
a migrated database; `--analyze` runs ANALYZE after each growth (which invalidates the
kept plan), without it the statement prepared on the empty table is explained again at
each size. Prints each size's plan lines that name the outbox's scans and joins.

    PYTHONPATH=. .venv/bin/python bench/pg_plans_outbox_growth.py [--analyze]
"""

import argparse
import asyncio
import re

import asyncpg

from bot.store.outbox import _SENT_MANY_HEADS_PG
from bot.store.postgres import PostgresDatabase
from tests.pg_cluster import Cluster

SIZES = (500, 2000, 5000, 20000, 100000)


async def main(analyze: bool) -> None:
    with Cluster() as cluster:
        admin = await asyncpg.connect(cluster.url())
        await admin.execute("CREATE DATABASE x")
        await admin.close()
        await (await PostgresDatabase(cluster.url("x")).open()).close()  # migrated
        numbers = iter(range(1, 20))
        sql = re.sub(r"\?", lambda _: f"${next(numbers)}", _SENT_MANY_HEADS_PG)
        c = await asyncpg.connect(cluster.url("x"))
        # prepared on the empty table, as an instance prepares it at its first round; the
        # generic plan is what a named statement runs after its fifth execution
        await c.execute("SET plan_cache_mode = force_generic_plan")
        await c.execute("PREPARE marks AS " + sql)
        done = 0
        for size in SIZES:
            await c.execute(
                "INSERT INTO outbox (channel, chat_id, kind, payload, created_at, not_before, "
                "status) SELECT 'telegram', '' || (g % 500), 'reply', repeat('x', 400), 'x', "
                "'x', CASE WHEN g % 100 = 0 THEN 'pending' ELSE 'sent' END "
                f"FROM generate_series({done + 1}, {size}) g"
            )
            done = size
            if analyze:
                await c.execute("ANALYZE outbox")
            ids = f"ARRAY[{size - 5}, {size - 3}]::bigint[]"
            plan = [
                r[0]
                for r in await c.fetch(
                    f"EXPLAIN EXECUTE marks('t', {ids}, ARRAY['a', 'b'], 'telegram', {ids}, 2000)"
                )
            ]
            print(f"-- outbox {size:,} rows{' (analyzed)' if analyze else ''}:")
            for line in plan:
                if re.search(r" on outbox|Join|Nested Loop", line):
                    print(line)
        await c.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--analyze", action="store_true", help="ANALYZE after each growth")
    asyncio.run(main(parser.parse_args().analyze))
