"""The outbox rows the sender's round start and marks read, when their plans were made on
a one-page outbox and the table then grew (bench/README.md "Session 38: server CPU
growing between runs" and "Session 39: outbox plans").

A throwaway cluster (tests/pg_cluster.py), a migrated database, one connection planning
generically from the first execution (`plan_cache_mode = force_generic_plan`: what a
named statement settles on after five executions). Two forms of each statement: the
plain statements of session 38 (kept here as text) and the store's own since session 39
(bot/store/outbox.py: calls of migration 0023's functions, planned with sequential scans
off). Each is executed once on a one-page outbox, then the outbox is grown to 500 ...
100,000 rows (1 % pending) and, at each size, both statements run on two pending rows in
a transaction; printed: the outbox rows each read by sequential scans
and through indexes (pg_stat_xact_user_tables). `--analyze` runs ANALYZE after each
growth (which makes the server plan the statements again).

    PYTHONPATH=. .venv/bin/python bench/pg_plans_outbox_growth.py [--analyze]
"""

import argparse
import asyncio
from typing import Any

import asyncpg

from bot.store import outbox
from bot.store.postgres import PostgresDatabase, numbered
from tests.pg_cluster import Cluster

SIZES = (500, 2000, 5000, 20000, 100000)

# Session 38's statements, as bot/store/outbox.py held them before migration 0023.
_SENT_MANY_38 = (
    "UPDATE outbox SET status = 'sent', sent_at = ?, external_id = d.external_id, "
    "chat_id = CASE WHEN instr(payload, '" + outbox.ERASE_AFTER_SEND + "') > 0 THEN 'erased' "
    "ELSE chat_id END, payload = CASE WHEN instr(payload, '" + outbox.ERASE_AFTER_SEND + "') "
    "> 0 THEN '{\"redacted\": true}' ELSE payload END "
    "FROM unnest(?::bigint[], ?::text[]) AS d(id, external_id) WHERE outbox.id = d.id"
)
FORMS = {
    "session 38": (
        "UPDATE outbox SET status = 'sending', attempts = outbox.attempts + 1 "
        "WHERE id = ANY(?::bigint[]) AND status IN ('pending', 'sending') "
        "RETURNING id, channel, chat_id, kind, payload, ticket_id, not_before, "
        "(SELECT o.status FROM outbox o WHERE o.id = outbox.id), attempts - 1",
        "WITH marked AS (" + _SENT_MANY_38 + ") SELECT id, chat_id, not_before, head_rank "
        "FROM (SELECT DISTINCT ON (chat_id) id, chat_id, not_before, status, "
        "(priority << 40) - id AS head_rank FROM outbox WHERE phase = 'open' AND channel = ? "
        "AND NOT (id = ANY(?::bigint[])) ORDER BY chat_id, head_rank DESC) heads "
        "WHERE status = 'pending' ORDER BY head_rank DESC LIMIT ?",
        True,  # the marks take the ids twice
    ),
    "session 39 (store)": (outbox._START_PG, outbox._SENT_MANY_HEADS_PG, False),
}


async def _read(c: asyncpg.Connection) -> tuple[int, int]:
    row = await c.fetchrow(
        "SELECT coalesce(seq_tup_read, 0), coalesce(idx_tup_fetch, 0) "
        "FROM pg_stat_xact_user_tables WHERE relname = 'outbox'"
    )
    assert row is not None
    return int(row[0]), int(row[1])


async def _round(
    c: asyncpg.Connection, start: Any, marks: Any,
    twice: bool, ids: list[int],
) -> list[tuple[int, int]]:  # fmt: skip
    """Both statements on `ids`; the rows each read (sequentially, through indexes)."""
    read = []
    async with c.transaction():
        before = await _read(c)
        await start.fetch(ids)
        after = await _read(c)
        read.append((after[0] - before[0], after[1] - before[1]))
        args = ("t", ids, ["a"] * len(ids), "telegram", *([ids] if twice else []), 2000)
        await marks.fetch(*args)
        last = await _read(c)
        read.append((last[0] - after[0], last[1] - after[1]))
    return read


async def main(analyze: bool) -> None:
    with Cluster() as cluster:
        admin = await asyncpg.connect(cluster.url())
        for name in ("f38", "f39"):
            await admin.execute(f"CREATE DATABASE {name}")
        await admin.close()
        rows: dict[str, list[str]] = {}
        for (start_sql, marks_sql, twice), database in zip(
            FORMS.values(), ("f38", "f39"), strict=True
        ):
            await (await PostgresDatabase(cluster.url(database)).open()).close()  # migrated
            c = await asyncpg.connect(cluster.url(database))
            await c.execute("SET plan_cache_mode = force_generic_plan")
            start = await c.prepare(numbered(start_sql))
            marks = await c.prepare(numbered(marks_sql))
            insert = (
                "INSERT INTO outbox (channel, chat_id, kind, payload, created_at, not_before, "
                "status) SELECT 'telegram', 'c' || (g % 500), 'reply', repeat('x', 400), 'x', "
                "'x', CASE WHEN g % 100 = 0 THEN 'pending' ELSE 'sent' END "
                "FROM generate_series($1::int, $2::int) g"
            )
            await c.execute(insert.replace("g % 100 = 0", "true"), 1, 2)  # one page, 2 pending
            async with c.transaction():
                await start.fetch([1, 2])  # planned here, on the one-page outbox
                await marks.fetch("t", [1, 2], ["a", "b"], "telegram", *([[1, 2]] * twice), 2000)
            done = 2
            for size in SIZES:
                await c.execute(insert, done + 1, size)
                done = size
                if analyze:
                    await c.execute("ANALYZE outbox")
                read = await _round(c, start, marks, twice, [size, size - 100])
                rows.setdefault(f"{size:,}", []).append(
                    f"{read[0][0]:,} / {read[0][1]} | {read[1][0]:,} / {read[1][1]}"
                )
            await c.close()
        print(f"outbox rows read, sequentially / through indexes{' (analyzed)' if analyze else ''}")
        print("| outbox rows | " + " | ".join(f"{f}: start | {f}: marks" for f in FORMS) + " |")
        print("|---:|" + "---:|---:|" * len(FORMS))
        for label, cells in rows.items():
            print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--analyze", action="store_true", help="ANALYZE after each growth")
    asyncio.run(main(parser.parse_args().analyze))
