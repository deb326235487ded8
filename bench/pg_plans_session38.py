"""The plans of the two statements session 38 rewrote on PostgreSQL (bench/README.md
"Session 38: row locks and row versions per update"): the outbox round's start
(`outbox._START_PG`, an UPDATE that reads its rows without FOR UPDATE) and a ticket's
links (`triage.add_links`, NOT EXISTS instead of ON CONFLICT). A throwaway cluster (as the
tests start one: Debian's postgresql), 20,000 outbox rows of which 100 open, 300 tickets
with 2,900 links, ANALYZEd; prints EXPLAIN of each with its parameters.

    PYTHONPATH=. .venv/bin/python bench/pg_plans_session38.py
"""

import asyncio
import re
from datetime import UTC, datetime

import asyncpg

from bot.store import triage
from bot.store.outbox import _START_PG
from bot.store.postgres import PostgresDatabase
from bot.store.triage import _LINKS_PG
from tests.harness import stored_ticket
from tests.pg_cluster import Cluster

T0 = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)


async def main() -> None:
    with Cluster() as cluster:
        admin = await asyncpg.connect(cluster.url())
        await admin.execute("CREATE DATABASE x")
        await admin.close()
        db = await PostgresDatabase(cluster.url("x")).open()
        async with db.transaction() as conn:
            ids = [
                (await stored_ticket(conn, unit="u", polda="p", at=T0, citizen=str(n % 40)))[0]
                for n in range(300)
            ]
            for n, t in enumerate(ids[10:], 10):
                await triage.add_links(conn, t, [(o, "nearby", 0.5) for o in ids[n - 10 : n]], T0)
        await db.close()
        c = await asyncpg.connect(cluster.url("x"))
        await c.execute(
            "INSERT INTO outbox (channel, chat_id, kind, payload, created_at, not_before, status) "
            "SELECT 'telegram', '' || (g % 500), 'reply', '{}', 'x', 'x', CASE WHEN g > 19900 "
            "THEN 'pending' ELSE 'sent' END FROM generate_series(1, 20000) g"
        )
        await c.execute("ANALYZE")
        start = _START_PG.replace("?", "$1")
        numbers = iter(range(1, 7))
        links = re.sub(r"\?", lambda _: f"${next(numbers)}", _LINKS_PG)
        for name, sql, args in (
            ("the round's start", start, ([19950, 19960, 19970],)),
            (
                "a ticket's links",
                links,
                (ids[-1], "x", ids[-12:-2], ["n"] * 10, [0.1] * 10, ids[-1]),
            ),
        ):
            st = await c.prepare("EXPLAIN (COSTS OFF) " + sql)
            plan = "\n".join(r[0] for r in await st.fetch(*args))
            print(f"-- {name}:\n{plan}\n")
        await c.close()


if __name__ == "__main__":
    asyncio.run(main())
