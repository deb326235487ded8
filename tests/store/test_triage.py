"""bot/store/triage.py on PostgreSQL: a ticket's links read through the primary key,
whatever the tickets table held when the read was planned (bench/README.md "Session 40:
the server's share"). The links themselves, on both dialects: tests/store/test_batched_marks.py.
PostgreSQL only: SQLite has no plan cache (each statement is planned when prepared)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.store import triage
from bot.store.postgres import PostgresDatabase
from tests.harness import stored_ticket
from tests.store.rows_read import rows_read

T0 = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)


async def test_a_tickets_links_planned_on_a_young_table_read_no_whole_table(
    pg: PostgresDatabase,
) -> None:
    """The card's links (`links_of`, both directions joined to the other ticket's
    reference) keep a plan for the connection's life (after five executions:
    `force_generic_plan` here from the first). Planned on a young tickets table, analyzed,
    the join read the tickets table in order for each link (a bench run: 12 whole reads a
    run)."""
    await pg.conn.raw.execute("SET plan_cache_mode = force_generic_plan")
    async with pg.transaction() as conn:
        new, a, b = [
            (await stored_ticket(conn, unit="u", polda="p", at=T0, citizen=str(n)))[0]
            for n in range(3)
        ]
        await triage.add_links(conn, new, [(a, "nearby", 0.75)], T0)
        await triage.add_links(conn, b, [(new, "same_citizen", None)], T0)
    await pg.conn.raw.execute("ANALYZE tickets, ticket_links")
    async with pg.transaction() as conn:
        assert len(await triage.links_of(conn, new)) == 2  # planned here
        await conn.execute(
            "INSERT INTO tickets (reference, citizen_id, category, status, timezone, "
            "description, contact, locale, created_at, updated_at) SELECT "
            "'DMS-X' || g || '-' || id, citizen_id, category, status, timezone, description, "
            "contact, locale, created_at, updated_at FROM tickets, generate_series(1, 1000) g"
        )
        # a ticket after the 3,000 (a scan stops at the ticket it looks for)
        (c, *_rest) = await stored_ticket(conn, unit="u", polda="p", at=T0, citizen="9")
        await triage.add_links(conn, new, [(c, "nearby", 0.5)], T0)
    async with pg.transaction() as conn:
        links: list[triage.Link] = []

        async def read() -> None:
            links.extend(await triage.links_of(conn, new))

        sequential, through_index = await rows_read(conn, "tickets", read)
    # three links among 3,004 tickets: a kept plan read the table in order up to each
    # linked ticket, so all of it for the last
    assert (sequential, sorted((x.other_id, x.reason) for x in links)) == (
        0,
        [(a, "nearby"), (b, "same_citizen"), (c, "nearby")],
    )
    assert through_index <= 4, through_index
