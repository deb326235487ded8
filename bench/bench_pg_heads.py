"""The sender's heads query on PostgreSQL: shared buffers per call of `outbox.heads_in`
(0017's DISTINCT ON, which reads the open rows from the heap) against the two-step form
issue 19 proposed (bench/README.md "Session 33: PostgreSQL's rows and indexes",
Follow-up).

Counted, not timed: EXPLAIN (ANALYZE, BUFFERS) reports the shared buffers each plan
touched (hits + reads), which does not depend on the machine's load. Each table is a
fresh database of a throwaway cluster (tests/pg_cluster.py) with 40,000 sent rows of 700
chats, a held chat and the open rows of the set-up:
- `few chats`: 5 chats with 2,000 open rows each (a busy staff group's queue);
- `many chats`: 3,000 chats with one open row each;
- `200 chats`: 300 open rows in 200 chats (the sender's usual queue);
three heads 'sending' (a crashed sender's rows), marked after the vacuum. `vacuumed`:
VACUUM ANALYZE first (its pages all-visible, so an index-only scan needs no heap);
`fresh`: ANALYZE only (as the open rows of a busy outbox are: new, not yet vacuumed).
Both forms must return the same heads (checked) for `pending_only` False and True.
Usage: .venv/bin/python bench/bench_pg_heads.py [-v: print the plans]
"""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.pg_server import create_database  # noqa: E402
from bot.store import outbox  # noqa: E402
from bot.store.postgres import PostgresDatabase, numbered  # noqa: E402
from tests.pg_cluster import Cluster  # noqa: E402

# The two-step form tried (issue 19): each chat's head id by an index-only scan of
# outbox_open_chat (channel, chat_id, priority, id) WHERE phase = 'open', then only the
# heads' rows by primary key (LATERAL ... OFFSET 0 keeps that a per-head look-up).
_TWO_STEP = (
    "WITH heads AS (SELECT DISTINCT ON (chat_id) id, (priority << 40) - id AS head_rank "
    "FROM outbox WHERE phase = 'open' AND channel = $1 ORDER BY chat_id, head_rank DESC) "
    "SELECT heads.id, o.chat_id, o.not_before, heads.head_rank FROM heads, LATERAL "
    "(SELECT chat_id, not_before, status FROM outbox WHERE id = heads.id OFFSET 0) o "
    "{only}ORDER BY heads.head_rank DESC LIMIT $2"
)

_FILL = (
    # sent rows of many chats, then the open rows of the set-up, then a held chat
    "INSERT INTO outbox (channel, chat_id, kind, payload, created_at, not_before, status, "
    "external_id) SELECT 'telegram', 's' || (g % 700), 'reply', '{{}}', 'x', 'x', 'sent', "
    "'' || g FROM generate_series(1, 40000) g;"
    "INSERT INTO outbox (channel, chat_id, kind, payload, created_at, not_before, priority) "
    "SELECT 'telegram', 'c' || (g % {chats}), 'reply', '{{}}', 'x', "
    "'2026-03-01T00:00:' || lpad('' || (g % 60), 2, '0'), g % 3 FROM generate_series(1, {rows}) g;"
    "INSERT INTO outbox (channel, chat_id, kind, payload, created_at, not_before, status) "
    "SELECT 'telegram', 'held', 'reply', '{{}}', 'x', 'x', 'held' FROM generate_series(1, 50) g;"
)

SETUPS = {"few chats": (5, 10_000), "many chats": (3_000, 3_000), "200 chats": (200, 300)}


def _buffers(plan: list[str]) -> int:
    """Shared buffers hit + read by the whole plan (its top node's figure)."""
    for line in plan:
        if "Buffers:" in line:
            found = dict(re.findall(r"(hit|read)=(\d+)", line.split("shared", 1)[1]))
            return int(found.get("hit", 0)) + int(found.get("read", 0))
    return 0


async def _current_sql(db: PostgresDatabase, pending_only: bool) -> tuple[str, list[Any]]:
    """The statement `outbox.heads_in` sends, caught on its way to the driver."""
    caught: list[str] = []
    kind = type(db.conn)
    real = kind.execute_fetchall

    async def noting(self: Any, sql: str, parameters: Any = ()) -> Any:
        caught.append(sql)
        return await real(self, sql, parameters)

    kind.execute_fetchall = noting  # type: ignore[method-assign]
    try:
        heads = await outbox.heads_in(db.conn, "telegram", 2000, pending_only)
    finally:
        kind.execute_fetchall = real  # type: ignore[method-assign]
    return caught[-1], [(h.id, h.chat_id, h.not_before) for h in heads]


async def _measure(cluster: Cluster, name: str, chats: int, rows: int, vacuumed: bool) -> None:
    url = await create_database(cluster, f"heads_{chats}_{rows}_{int(vacuumed)}")
    db = await PostgresDatabase(url).open()
    try:
        raw = db.conn.raw
        await raw.execute(_FILL.format(chats=chats, rows=rows))
        if vacuumed:
            # the checkpoint first: a commit not yet flushed (synchronous_commit is off in
            # this cluster) cannot be hinted, and VACUUM would leave no page all-visible
            await raw.execute("CHECKPOINT")
            await raw.execute("VACUUM ANALYZE outbox")
        else:
            await raw.execute("ANALYZE outbox")
        # a crashed sender's rows ('sending' heads), touched after the vacuum
        await raw.execute(
            "UPDATE outbox SET status = 'sending', attempts = 1 WHERE id IN (SELECT min(id) "
            "FROM outbox WHERE phase = 'open' GROUP BY chat_id ORDER BY chat_id LIMIT 3)"
        )
        for pending_only in (False, True):
            sql, heads = await _current_sql(db, pending_only)
            only = "WHERE o.status = 'pending' " if pending_only else ""
            forms = {"heads_in": numbered(sql), "two-step": _TWO_STEP.format(only=only)}
            figures = {}
            for form, text in forms.items():
                got = await raw.fetch(text, "telegram", 2000)
                assert [(r[0], r[1], r[2]) for r in got] == heads, f"{form}: other heads"
                plans = []
                for _ in range(3):
                    explained = await raw.fetch(
                        "EXPLAIN (ANALYZE, BUFFERS) " + text, "telegram", 2000
                    )
                    plans.append([r[0] for r in explained])
                figures[form] = sorted(_buffers(p) for p in plans)[1]
                if "-v" in sys.argv:
                    print("\n".join(plans[-1]))
            state = "vacuumed" if vacuumed else "fresh"
            print(
                f"{name:>10} {state:>8} pending_only={pending_only!s:<5} heads={len(heads):>5}  "
                + "  ".join(f"{form} {n:>5}" for form, n in figures.items())
            )
    finally:
        await db.close()


async def main() -> None:
    with Cluster() as cluster:
        print("shared buffers (hit + read) per call, the median of 3 EXPLAIN (ANALYZE, BUFFERS)")
        for vacuumed in (True, False):
            for name, (chats, rows) in SETUPS.items():
                await _measure(cluster, name, chats, rows, vacuumed)


if __name__ == "__main__":
    asyncio.run(main())
