"""bot/officers/digests.py: a digest is drawn again each time a ticket joins it (up to
30); its tickets are read in one statement, not one each (bench/README.md session 31),
and the text and buttons are those of the tickets in the digest's order."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.officers.sensitive import SENSITIVE_MARKER
from tests.harness import Harness, stored_ticket
from tests.pg_cluster import sqlite_only

_TICKET_READ = "FROM tickets WHERE id"


@sqlite_only("counts statements with SQLite's statement trace")
async def test_a_digest_reads_its_tickets_once(harness: Harness) -> None:
    at = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    async with harness.db.transaction() as conn:
        made = [
            await stored_ticket(
                conn,
                unit="polres-a",
                polda="polda-x",
                at=at,
                citizen=str(5100 + n),
                place_text=f"pasar {n}",
            )
            for n in range(5)
        ]
    reads = [0]

    def trace(sql: str) -> None:
        reads[0] += _TICKET_READ in sql

    order = [made[3][0], made[0][0], made[4][0], 999_999, made[1][0]]
    await harness.db.conn.set_trace_callback(trace)
    try:
        async with harness.db.reading() as conn:
            digest = await harness.runtime.officers.digests.message(conn, order)
    finally:
        await harness.db.conn.set_trace_callback(None)
    assert reads[0] == 1  # was one per ticket (5)
    references = [made[3][1], made[0][1], made[4][1], made[1][1]]  # the unknown id left out
    assert [b.label for row in digest.buttons for b in row] == references
    lines = digest.text.splitlines()[3:]
    assert [line.split("</code>")[0].split("<code>")[1] for line in lines] == references
    assert all(
        f"pasar {n}" in line or SENSITIVE_MARKER in line
        for n, line in zip((3, 0, 4, 1), lines, strict=True)
    )
