"""bot/officers/card_delivery.py `on_sent` for a delivered digest: every ticket it lists
that is still "received" becomes "forwarded" (one status event each) and its citizen is
told, with the claim's deadline when one runs; a ticket listed twice, already forwarded
or unknown is left as it is. The statements do not grow with the digest's tickets: one
per kind for the whole digest (they were six per ticket, each a round trip on
PostgreSQL: bench/README.md "Session 40: Dumas's side on PostgreSQL"). Both dialects
(DUMAS_TEST_DATABASE)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from bot.outbox.messages import CitizenReply, Digest, Outgoing, from_row
from bot.store import ticket_deadlines
from bot.store import tickets as ticket_store
from bot.store.connection import Connection
from bot.store.database import iso
from bot.store.outbox import OutboxRow
from bot.tickets.status import TicketStatus
from tests.harness import Harness, stored_ticket
from tests.officers.conftest import GROUP, JAKSEL, POLDA

AT = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)


class _Counted:
    """The transaction's connection, noting the statements sent through it (an
    `executemany` counts once: SQLite runs it in-process, PostgreSQL's are not used)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self.sql: list[str] = []

    @property
    def statements(self) -> int:
        return len(self.sql)

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._conn, name)
        if name not in ("execute", "execute_fetchall", "executemany"):
            return found

        def noted(sql: str, *args: Any) -> Any:
            self.sql.append(sql)
            return found(sql, *args)

        return noted


async def _tickets(harness: Harness, n: int) -> list[int]:
    async with harness.db.transaction() as conn:
        return [
            (await stored_ticket(conn, unit=JAKSEL, polda=POLDA, at=AT, citizen=str(5400 + k)))[0]
            for k in range(n)
        ]


async def _deliver(harness: Harness, ticket_ids: list[int]) -> int:
    """The digest listing `ticket_ids` reported delivered; the statements its hook ran."""
    digest = Digest("digest", ticket_ids=tuple(ticket_ids))
    return (await _sent(harness, digest, None)).statements


async def _sent(harness: Harness, message: Outgoing, ticket_id: int | None) -> _Counted:
    """`message` to the group reported delivered (as message 77): what its hook ran."""
    row = OutboxRow(
        id=1,
        channel="telegram",
        chat_id=str(GROUP),
        message=message,
        ticket_id=ticket_id,
        not_before=iso(AT),
        status="sending",
        attempts=1,
    )
    async with harness.db.transaction() as conn:
        counted = _Counted(conn)
        await harness.runtime.officers.cards.on_sent(cast(Connection, counted), row, "77")
    return counted


async def test_a_delivered_digest_forwards_its_tickets_and_tells_each_citizen(
    harness: Harness,
) -> None:
    first, second, forwarded = await _tickets(harness, 3)
    claim_due = AT + timedelta(hours=4)
    async with harness.db.transaction() as conn:
        await ticket_deadlines.start_deadlines(
            conn, second, [("claim", iso(AT), iso(AT + timedelta(hours=2)), iso(claim_due))]
        )
        await ticket_store.add_event(
            conn, forwarded, "status", at=AT, actor_kind="system", status=TicketStatus.FORWARDED
        )
    await _deliver(harness, [second, first, second, forwarded, 999_999])

    statuses = dict(await harness.rows("SELECT id, status FROM tickets"))
    assert statuses == {first: "forwarded", second: "forwarded", forwarded: "forwarded"}
    # the forwarding's status events only: the runtime's escalation job runs on the real
    # clock, and the claim deadline above (2026-03-01) is overdue by it, so an 'escalated'
    # event may join them whenever that job's second falls inside the test (CI, PostgreSQL)
    events = await harness.rows(
        "SELECT ticket_id, kind, status, actor_kind, detail FROM ticket_events "
        "WHERE ticket_id IN (?, ?) AND actor_kind = 'system' AND kind = 'status' ORDER BY id",
        first,
        second,
    )
    detail = {"chat_id": str(GROUP)}
    assert [tuple(e[:4]) for e in events] == [
        (second, "status", "forwarded", "system"),  # the digest's order, once each
        (first, "status", "forwarded", "system"),
    ]
    assert all(json.loads(e[4]) == detail for e in events)
    notices = await harness.rows(
        "SELECT chat_id, ticket_id, kind, payload FROM outbox WHERE ticket_id IS NOT NULL "
        "ORDER BY id"
    )
    assert [(n[0], n[1], n[2]) for n in notices] == [
        ("5401", second, "reply"),
        ("5400", first, "reply"),
    ]
    references = dict(await harness.rows("SELECT id, reference FROM tickets"))
    texts = [cast(CitizenReply, from_row(n[2], n[3])).reply.text for n in notices]
    assert all(
        references[ticket] in text and "Jakarta Selatan" in text
        for ticket, text in zip((second, first), texts, strict=True)
    )
    # the claim's deadline, in the ticket's zone (WIB), only where one runs
    assert texts[0].endswith("1 Mar 2026, 13.00 WIB.")
    assert texts[1].count("\n") == 0


async def test_a_digest_delivery_costs_the_same_statements_for_any_count(
    harness: Harness,
) -> None:
    """One statement per kind, whatever the digest lists: 3 tickets and 9 cost the same
    (before: 6 per ticket, 18 and 54)."""
    few = await _deliver(harness, await _tickets(harness, 3))
    many_ids = []
    async with harness.db.transaction() as conn:
        for k in range(9):
            made = await stored_ticket(conn, unit=JAKSEL, polda=POLDA, at=AT, citizen=str(5500 + k))
            many_ids.append(made[0])
    many = await _deliver(harness, many_ids)
    assert few == many
    assert many <= 6


async def test_a_delivered_card_reads_its_citizen_and_deadlines_once(harness: Harness) -> None:
    """A card delivered: the ticket forwarded and its citizen told, as a digest's are,
    with the citizen and deadlines the card's check read (they were read again for the
    notice: two round trips more per card on PostgreSQL)."""
    (ticket_id,) = await _tickets(harness, 1)
    async with harness.db.transaction() as conn:
        await ticket_deadlines.start_deadlines(
            conn, ticket_id, [("claim", iso(AT), iso(AT + timedelta(hours=2)), iso(AT))]
        )
        ticket = await ticket_store.get(conn, ticket_id)
        assert ticket is not None
        card = await harness.runtime.officers.cards.card_message(conn, ticket)
    counted = await _sent(harness, card, ticket_id)

    assert dict(await harness.rows("SELECT id, status FROM tickets")) == {ticket_id: "forwarded"}
    (notice,) = await harness.rows(
        "SELECT chat_id, kind, payload FROM outbox WHERE ticket_id = ? AND chat_id = '5400'",
        ticket_id,
    )
    text = cast(CitizenReply, from_row(notice[1], notice[2])).reply.text
    assert text.endswith("1 Mar 2026, 09.00 WIB.")
    assert sum("FROM citizens" in sql for sql in counted.sql) == 1  # was 2
    assert sum("FROM ticket_deadlines" in sql for sql in counted.sql) == 1  # was 2
