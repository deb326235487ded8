"""PostgreSQL's row versions and index entries (migration 0017, bench/README.md "Session
33: PostgreSQL's rows and indexes"): the outbox's 'sending' mark is a HOT update (no
index entry), the queries of the outbox's rare paths are still served by an index, and a
known citizen's arrival and a conversation's step update their rows without the row lock
of ON CONFLICT DO UPDATE. These cases run on PostgreSQL in every suite
(tests/dispatcher/pg_database.py); the last two also on SQLite, for the rows they read.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.outbox.messages import CitizenReply
from bot.store import (
    conversations,
    outbox,
    privacy,
    staff_chats,
    staff_digests,
    ticket_cards,
    triage,
    web,
)
from bot.store.database import Database
from bot.store.postgres import PostgresDatabase
from bot.store.steps import ConversationalStep, apply_conversational
from flows.events import Draft, Reply
from tests.harness import stored_ticket

T0 = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)


async def _queue(db: Database, chats: list[str]) -> list[int]:
    async with db.transaction() as conn:
        return [
            await outbox.enqueue(
                conn, channel="telegram", chat_id=chat, message=CitizenReply(Reply("hai"), "id")
            )
            for chat in chats
        ]


async def test_the_sending_mark_is_a_hot_update(pg: PostgresDatabase) -> None:
    # Before 0017 every open-row index named `status`: the mark was never HOT.
    ids = await _queue(pg, ["c1", "c2", "c3"])
    async with pg.transaction() as conn:
        started = await outbox.start_attempts_in(conn, ids)
        # this transaction's own counts, not yet in pg_stat_user_tables
        row = await conn.execute_fetchall(
            "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname = 'outbox'"
        )
    assert sorted(started) == ids
    assert tuple(row[0]) == (3, 3)
    # and the rows a crashed sender would leave 'sending' are still the chats' heads
    heads = await outbox.open_heads(pg, "telegram")
    assert sorted(h.id for h in heads) == ids
    assert await outbox.open_heads(pg, "telegram", pending_only=True) == []
    assert [r.id for r in await outbox.open_rows(pg, ("telegram",), limit=1)] == ids[:1]


async def _plan(conn: Any, sql: str, params: tuple[Any, ...]) -> str:
    rows = await conn.execute_fetchall("EXPLAIN " + sql, params)
    return "\n".join(r[0] for r in rows)


async def test_the_rare_paths_read_an_index(pg: PostgresDatabase) -> None:
    # Enough sent rows that a scan of the table would cost more than an index's read.
    async with pg.transaction() as conn:
        await conn.execute(
            "INSERT INTO outbox (channel, chat_id, kind, payload, created_at, not_before, "
            "status, external_id) SELECT 'telegram', '' || (g % 500), CASE WHEN g % 50 = 0 "
            "THEN 'digest' ELSE 'reply' END, '{}', 'x', 'x', CASE WHEN g > 19900 THEN "
            "'pending' WHEN g % 997 = 0 THEN 'failed' ELSE 'sent' END, CASE WHEN g <= 19900 "
            "THEN '' || g END FROM generate_series(1, 20000) g"
        )
        # and the web demo's few rows, whose `version` counts the sent ones (migration 0018)
        await conn.execute(
            "INSERT INTO outbox (channel, chat_id, kind, payload, created_at, not_before, "
            "status) SELECT 'web', 'w' || (g % 5), 'reply', '{}', 'x', 'x', CASE WHEN g > 40 "
            "THEN 'pending' ELSE 'sent' END FROM generate_series(1, 50) g"
        )
    await pg.conn.execute("ANALYZE outbox")
    seen: list[tuple[str, tuple[Any, ...]]] = []
    kind = type(pg.conn)
    real_execute, real_fetchall = kind.execute, kind.execute_fetchall

    def noting(sql: str, parameters: Any) -> None:
        if "outbox" in sql and not sql.startswith("EXPLAIN"):
            seen.append((sql, tuple(parameters)))

    def execute(self: Any, sql: str, parameters: Any = ()) -> Any:
        noting(sql, parameters)
        return real_execute(self, sql, parameters)

    async def execute_fetchall(self: Any, sql: str, parameters: Any = ()) -> Any:
        noting(sql, parameters)
        return await real_fetchall(self, sql, parameters)

    kind.execute, kind.execute_fetchall = execute, execute_fetchall  # type: ignore[method-assign]
    try:
        async with pg.transaction() as c:
            await staff_digests.hold_open_digest(c, "50", 10)
            await ticket_cards.ticket_of_message(c, "7", "7")
            await outbox.waiting_cards(c, "7")
            await privacy.scrub_chat(c, "telegram", "7", True)
            await staff_chats.hold_chat(c, "7", "gone")
            await staff_chats.move_chat(c, "8", "-1008")
        await outbox.failed_count(pg)
        await outbox.open_heads(pg, "telegram")
        await outbox.open_rows(pg, ("telegram",), limit=1)
        assert (await web.version(pg)).split(".")[1] == "40"
    finally:
        kind.execute, kind.execute_fetchall = real_execute, real_fetchall  # type: ignore[method-assign]
    # hold_open_digest's and open_heads's reads are functions on PostgreSQL (migration
    # 0024), planned inside with sequential scans off: their plans are not EXPLAINed here
    # but their rows read are counted (tests/store/test_staff_digests.py,
    # test_outbox_plans.py); the hold's text names no outbox (one statement fewer)
    assert len(seen) >= 11
    for sql, params in seen:
        plan = await _plan(pg.conn, sql, params)
        assert "Seq Scan on outbox" not in plan, f"{sql}\n{plan}"
        assert "outbox_" in plan, f"{sql}\n{plan}"


async def _heap_records(
    pg: PostgresDatabase, tables: list[str], act: Callable[[], Awaitable[object]]
) -> list[tuple[str, str]]:
    """(record type, table) of the Heap WAL records `act` wrote on `tables`
    (pg_walinspect, the records' blocks matched by each table's relfilenode; a record
    that starts a page, "+INIT", is named as any other of its kind)."""
    await pg.conn.execute("CREATE EXTENSION IF NOT EXISTS pg_walinspect")
    start = (await pg.conn.execute_fetchall("SELECT pg_current_wal_insert_lsn()::text"))[0][0]
    await act()
    end = (await pg.conn.execute_fetchall("SELECT pg_current_wal_insert_lsn()::text"))[0][0]
    for _ in range(100):  # pg_walinspect reads flushed WAL only (the tests' commits do not wait)
        flushed = await pg.conn.execute_fetchall(
            "SELECT pg_current_wal_flush_lsn() >= CAST(? AS text)::pg_lsn", (end,)
        )
        if flushed[0][0]:
            break
        await asyncio.sleep(0.05)
    rows = await pg.conn.execute_fetchall(
        "SELECT w.record_type, w.block_ref FROM pg_get_wal_records_info(CAST(? AS text)::pg_lsn, "
        "CAST(? AS text)::pg_lsn) w WHERE w.resource_manager = 'Heap'",
        (start, end),
    )
    database = (
        await pg.conn.execute_fetchall(
            "SELECT oid FROM pg_database WHERE datname = current_database()"
        )
    )[0][0]
    ours = {}
    for table in tables:
        node = (await pg.conn.execute_fetchall("SELECT pg_relation_filenode(?)", (table,)))[0][0]
        ours[f"/{database}/{node} "] = table
    # a record's first block is the row's (the others: an update's new page, the map);
    # "+INIT": the same record, on a page it starts
    return [
        (record.removesuffix("+INIT"), table)
        for record, blocks in rows
        for rel, table in ours.items()
        if rel in (blocks or "").split("blkref #1")[0]
    ]


async def test_a_known_citizens_arrival_and_step_take_no_row_lock(pg: PostgresDatabase) -> None:
    # ON CONFLICT DO UPDATE locks the existing row (a Heap LOCK record) before updating it
    first, _ = await conversations.arrive(pg, "telegram", "u1", "c1", "id", "Ani")
    await _step(pg, first.id, "start", 1)

    arrived: list[Any] = []

    async def arrive_and_step() -> None:
        arrived.extend(await conversations.arrive(pg, "telegram", "u1", "c2", None, None))
        await _step(pg, first.id, "describe", 2)

    written = await _heap_records(pg, ["citizens", "conversations"], arrive_and_step)
    assert ("LOCK", "citizens") not in written and ("LOCK", "conversations") not in written
    assert {table for _, table in written} == {"citizens", "conversations"}
    again, current = arrived
    assert (again.id, again.chat_id, again.display_name) == (first.id, "c2", "Ani")
    assert current is not None and current.state == "start"


async def test_a_start_marks_its_rows_without_a_row_lock(pg: PostgresDatabase) -> None:
    # Session 38: the rows were read FOR UPDATE, then marked: a LOCK record per row first
    ids = await _queue(pg, ["c1", "c2", "c3"])
    started: dict[int, outbox.OutboxRow] = {}

    async def start() -> None:
        started.update(await outbox.start_attempts(pg, ids))

    written = await _heap_records(pg, ["outbox"], start)
    assert ("LOCK", "outbox") not in written
    assert written.count(("HOT_UPDATE", "outbox")) == 3  # the three marks, nothing else
    assert [(started[i].status, started[i].attempts) for i in ids] == [("pending", 0)] * 3


async def test_a_tickets_links_are_not_speculative_insertions(pg: PostgresDatabase) -> None:
    # Session 38: ON CONFLICT DO NOTHING made each link a speculative insertion, whose
    # confirmation is a WAL record of its own
    async with pg.transaction() as conn:
        new, a, b = [
            (await stored_ticket(conn, unit="u", polda="p", at=T0, citizen=str(n)))[0]
            for n in range(3)
        ]

    async def link() -> None:
        async with pg.transaction() as conn:
            await triage.add_links(conn, new, [(a, "nearby", 0.5), (b, "nearby", 0.25)], T0)

    written = await _heap_records(pg, ["ticket_links"], link)
    assert written == [("INSERT", "ticket_links")] * 2


async def test_the_inbox_leaves_room_on_its_pages(pg: PostgresDatabase) -> None:
    # Migration 0022 (fillfactor 70): before it, inserts filled the inbox's pages, so a
    # row's processed mark put its new version on another page, and heap_update wrote a
    # LOCK record for the old one first (and the mark dirtied two pages): 20 of 200 marks
    # moved. Whether a mark stays depends on pruning the page's old versions, which a
    # snapshot outside this test delays: counting the marks' page moves passed alone
    # (0 moves) and failed with four workers on one cluster (117 of 200 moved), so this
    # checks the room 0022 leaves; bench_instances.py --pg-stats counts the moves.
    async with pg.transaction() as conn:
        await conn.execute_fetchall(
            "INSERT INTO inbox (channel, external_id, lane, payload, received_at) "
            "SELECT 'telegram', 'm' || g, 'citizen:' || (g % 7), repeat('x', 300), 'x' "
            "FROM generate_series(1, 200) g"
        )
    await pg.conn.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    rows = await pg.conn.execute_fetchall(
        "SELECT p.upper - p.lower FROM generate_series(0, "
        "pg_relation_size('inbox') / current_setting('block_size')::int - 2) n, "
        "LATERAL page_header(get_raw_page('inbox', n::int)) p"
    )
    free = [int(r[0]) for r in rows]  # every page but the last, which may be half empty
    assert len(free) >= 5, free
    # a page takes no more rows once they would leave less than 30 % of its 8 kB free
    assert min(free) >= 8192 * 30 // 100, free


async def _step(db: Database, citizen_id: int, state: str, n: int) -> None:
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO inbox (channel, external_id, lane, payload, received_at) "
            "VALUES ('telegram', ?, ?, '{}', 'x') RETURNING id",
            (f"m{n}", f"citizen:{citizen_id}"),
        )
        inbox_id = int((await cursor.fetchone())[0])
    await apply_conversational(
        db,
        ConversationalStep(
            inbox_id=inbox_id,
            citizen_id=citizen_id,
            state=state,
            draft=Draft(),
            now=T0 + timedelta(minutes=n),
            reminder_due=T0 + timedelta(hours=n),
            expiry_due=None,
            channel="telegram",
            messages=[("c1", CitizenReply(Reply(f"step {n}"), "id"))],
        ),
    )


async def test_arrivals_and_steps_write_the_same_rows_on_both_dialects(
    either_store: Database,
) -> None:
    db = either_store
    new, none = await conversations.arrive(db, "telegram", "u1", "c1", "id", "Ani")
    assert none is None
    await _step(db, new.id, "start", 1)
    await _step(db, new.id, "describe", 2)
    again, current = await conversations.arrive(db, "telegram", "u1", "c2", None, "Budi")
    assert (again.id, again.chat_id, again.platform_locale, again.display_name) == (
        new.id,
        "c2",
        "id",
        "Budi",
    )
    assert again.last_inbound_at is not None and again.last_inbound_at >= str(new.last_inbound_at)
    assert current is not None and current.state == "describe"
    assert current.reminder_due_at is not None and current.reminder_due_at.startswith(
        "2026-03-01T04:00"
    )
    if db.dialect == "postgresql":
        async with db.single_write() as conn:
            both = await conversations.arrive_many(
                conn,
                [("telegram", "u2", "c9", None, "Cici"), ("telegram", "u1", "c3", None, None)],
            )
        assert [(c.external_id, c.chat_id, c.display_name) for c, _ in both] == [
            ("u2", "c9", "Cici"),
            ("u1", "c3", "Budi"),
        ]
        assert both[0][1] is None and both[1][1] is not None and both[1][1].state == "describe"
