"""bot/store/staff_digests.py on PostgreSQL: holding a group's open digest reads the
outbox and the digest's items through their indexes, whatever the tables held when the
statement was planned (bench/README.md "Session 39: other sequential scans"). The
digest's behaviour on both dialects is tested with the officers' digests
(tests/officers)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.store import staff_digests
from bot.store.postgres import PostgresDatabase
from tests.harness import stored_ticket
from tests.store.rows_read import rows_read

T0 = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
OLD_DIGESTS = 3000

_DIGEST = (
    "INSERT INTO outbox (channel, chat_id, kind, payload, created_at, not_before, status) "
    "VALUES ('telegram', 'g1', 'digest', '{}', 'x', 'x', 'pending') RETURNING id"
)


async def test_holding_a_digest_planned_on_young_tables_reads_no_whole_table(
    pg: PostgresDatabase,
) -> None:
    raw = pg.conn.raw
    await raw.execute("SET plan_cache_mode = force_generic_plan")  # the 5th execution's
    async with pg.transaction() as conn:
        ticket, _ = await stored_ticket(conn, unit="u", polda="p", at=T0, reference="DMS-1")
        first = int((await conn.execute_fetchall(_DIGEST))[0][0])
        await staff_digests.add_digest_item(conn, first, ticket)
    # young tables, analyzed (autovacuum's first ANALYZE), and the statement planned there
    await raw.execute("ANALYZE outbox; ANALYZE staff_digest_items")
    async with pg.transaction() as conn:
        held = await staff_digests.hold_open_digest(conn, "g1", 30)
        assert held is not None and held.id == first
    # the group's earlier digests all sent, each listing a ticket; one digest collecting
    async with pg.transaction() as conn:
        await conn.execute("UPDATE outbox SET status = 'sent', sent_at = 'x'")
        await conn.execute(
            "INSERT INTO outbox (channel, chat_id, kind, payload, created_at, not_before, "
            "status, sent_at) SELECT 'telegram', 'g1', 'digest', '{}', 'x', 'x', 'sent', 'x' "
            f"FROM generate_series(1, {OLD_DIGESTS}) g"
        )
        await conn.execute(
            "INSERT INTO staff_digest_items (outbox_id, ticket_id) "
            "SELECT id, ? FROM outbox WHERE id > ?",
            (ticket, first),
        )
        collecting = int((await conn.execute_fetchall(_DIGEST))[0][0])
    async with pg.transaction() as conn:
        found: list[staff_digests.HeldDigest | None] = []

        async def hold() -> None:
            found.append(await staff_digests.hold_open_digest(conn, "g1", 30))

        items = await rows_read(conn, "staff_digest_items", hold)
        outbox = await rows_read(conn, "outbox", hold)
    assert [h.id if h else None for h in found] == [collecting, collecting]
    # the kept plan read all 3,001 items and the whole outbox (twice) to find one digest
    assert (items[0], outbox[0]) == (0, 0), (items, outbox)
    assert items[1] <= 2 and outbox[1] <= 4, (items, outbox)
