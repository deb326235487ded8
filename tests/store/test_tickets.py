"""bot/store/tickets.py on a real store (SQLite; PostgreSQL with
DUMAS_TEST_DATABASE=postgresql): the caller's time is the stored time, rows come back as
`Ticket` with aware UTC times, and each read keeps to its scope."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from bot.store import tickets as ticket_store
from bot.store.database import Database, open_store
from bot.store.postgres import PostgresDatabase
from bot.tickets.status import TicketStatus
from bot.tickets.ticket import Ticket
from tests.harness import stored_ticket
from tests.store.rows_read import rows_read

S = TicketStatus
T0 = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)  # far from the wall clock on purpose
WIB = timezone(timedelta(hours=7))
UNIT, OTHER_UNIT, POLDA = "polres-a", "polres-b", "polda-x"

Make = Callable[..., Awaitable[Ticket]]


@pytest.fixture
async def store(tmp_path: Path, test_database: str | None) -> AsyncIterator[tuple[Database, Make]]:
    db = await open_store(test_database or "", tmp_path / "t.sqlite3").open()
    made = 0

    async def make(
        citizen: str = "1", unit: str = UNIT, at: datetime = T0, **fields: Any
    ) -> Ticket:
        nonlocal made
        made += 1
        async with db.transaction() as conn:
            ticket_id, _ = await stored_ticket(
                conn,
                unit=unit,
                polda=POLDA,
                at=at,
                citizen=citizen,
                reference=f"DMS-TEST-{made:04d}",
                **fields,
            )
            ticket = await ticket_store.get(conn, ticket_id)
        assert ticket is not None
        return ticket

    try:
        yield db, make
    finally:
        await db.close()


async def test_a_new_ticket_carries_the_callers_time_as_aware_utc(
    store: tuple[Database, Make],
) -> None:
    db, make = store
    ticket = await make()
    assert ticket.status is S.RECEIVED
    assert ticket.created_at == ticket.updated_at == T0
    assert ticket.created_at.tzinfo is UTC
    assert ticket.claimed_at is ticket.resolved_at is ticket.erased_at is None
    [event] = await ticket_store.events(db, ticket.id)
    assert (event.at, event.kind, event.status, event.actor_kind) == (
        T0,
        "status",
        S.RECEIVED,
        "citizen",
    )


# (columns set, what the ticket reads back): times may come in any zone, they are UTC out
UPDATES = [
    ({"claimed_at": T0.astimezone(WIB)}, {"claimed_at": T0}),
    (
        {"resolved_at": T0, "closing_note": "selesai"},
        {"resolved_at": T0, "closing_note": "selesai"},
    ),
    ({"resolved_at": None, "feedback_state": None}, {"resolved_at": None, "feedback_state": None}),
    ({"holder_id": "9001", "holder_name": "Budi"}, {"holder_id": "9001", "holder_name": "Budi"}),
    ({"rating": 4, "feedback_state": "comment"}, {"rating": 4, "feedback_state": "comment"}),
    ({"unit_id": OTHER_UNIT, "priority": "high"}, {"unit_id": OTHER_UNIT, "priority": "high"}),
]


@pytest.mark.parametrize(("values", "expected"), UPDATES)
async def test_update_sets_the_columns_and_stamps_the_callers_time(
    store: tuple[Database, Make], values: dict[str, object], expected: dict[str, object]
) -> None:
    db, make = store
    ticket = await make()
    later = T0 + timedelta(hours=3)
    async with db.transaction() as conn:
        await ticket_store.update(conn, ticket.id, now=later, **values)
        updated = await ticket_store.get(conn, ticket.id)
    assert updated is not None
    assert {name: getattr(updated, name) for name in expected} == expected
    assert updated.updated_at == later
    assert updated.status is S.RECEIVED  # a status changes only with an event


async def test_update_refuses_a_column_it_does_not_own(store: tuple[Database, Make]) -> None:
    db, make = store
    ticket = await make()
    async with db.transaction() as conn:
        with pytest.raises(ValueError, match="status"):
            await ticket_store.update(conn, ticket.id, now=T0, status="resolved")


# (event kind, status given, the ticket's status afterwards)
EVENTS = [
    ("status", S.FORWARDED, S.FORWARDED),
    ("status", S.IN_PROGRESS, S.IN_PROGRESS),
    ("message_in", None, S.RECEIVED),
]


@pytest.mark.parametrize(("kind", "status", "after"), EVENTS)
async def test_an_event_with_a_status_moves_the_ticket_at_the_events_time(
    store: tuple[Database, Make], kind: str, status: TicketStatus | None, after: TicketStatus
) -> None:
    db, make = store
    ticket = await make()
    at = T0 + timedelta(minutes=5)
    async with db.transaction() as conn:
        await ticket_store.add_event(
            conn, ticket.id, kind, at=at, actor_kind="system", status=status, detail={"x": 1}
        )
        moved = await ticket_store.get(conn, ticket.id)
        history = await ticket_store.events_in(conn, ticket.id)
    assert moved is not None and moved.status is after
    assert moved.updated_at == (at if status else T0)
    assert (history[-1].at, history[-1].kind, history[-1].status) == (at, kind, status)
    assert history[-1].detail == '{"x": 1}'


async def test_a_stored_time_without_offset_is_read_as_utc(store: tuple[Database, Make]) -> None:
    db, make = store
    ticket = await make()
    async with db.transaction() as conn:  # as older rows and hand-written fixtures have it
        await conn.execute(
            "UPDATE tickets SET created_at = '2026-03-01T02:00:00' WHERE id = ?", (ticket.id,)
        )
        read = await ticket_store.get(conn, ticket.id)
    assert read is not None and read.created_at == T0 and read.created_at.tzinfo is UTC


# (scope, whose ticket: found?)
SCOPES = [
    (("unit", UNIT), True),
    (("unit", OTHER_UNIT), False),
    (("polda", POLDA), True),
    (("polda", "polda-y"), False),
]


@pytest.mark.parametrize(("scope", "found"), SCOPES)
async def test_officers_read_within_their_scope(
    store: tuple[Database, Make], scope: tuple[str, str], found: bool
) -> None:
    db, make = store
    ticket = await make()
    async with db.reading() as conn:
        by_ref = await ticket_store.by_reference_in_scope(conn, ticket.reference, scope)
        queue = await ticket_store.queue(conn, scope)
        count = await ticket_store.count_open(conn, scope)
        hits = await ticket_store.search(conn, scope, "dicuri")
    assert (by_ref == ticket) is found
    assert [t.id for t in queue] == ([ticket.id] if found else [])
    assert count == (1 if found else 0)
    assert [t.id for t in hits] == ([ticket.id] if found else [])


async def test_the_queue_holds_open_tickets_only(store: tuple[Database, Make]) -> None:
    db, make = store
    done, open_ = await make(), await make(at=T0 + timedelta(minutes=1))
    async with db.transaction() as conn:
        await ticket_store.add_event(
            conn, done.id, "status", at=T0, actor_kind="officer", status=S.RESOLVED
        )
    async with db.reading() as conn:
        assert [t.id for t in await ticket_store.queue(conn, ("unit", UNIT))] == [open_.id]


async def test_a_citizen_reads_only_their_own_tickets(store: tuple[Database, Make]) -> None:
    db, make = store
    mine, theirs = await make(citizen="1"), await make(citizen="2")
    assert await ticket_store.own_ticket(db, mine.citizen_id, theirs.reference) is None
    assert await ticket_store.own_ticket(db, mine.citizen_id, mine.reference) == mine
    assert [t.id for t in await ticket_store.own_tickets(db, mine.citizen_id)] == [mine.id]


async def test_followup_reads_open_and_recently_resolved_tickets(
    store: tuple[Database, Make],
) -> None:
    db, make = store
    open_, recent, old = await make(), await make(), await make()
    async with db.transaction() as conn:
        for ticket, resolved in ((recent, T0 + timedelta(days=6)), (old, T0)):
            await ticket_store.update(conn, ticket.id, now=resolved, resolved_at=resolved)
            await ticket_store.add_event(
                conn, ticket.id, "status", at=resolved, actor_kind="officer", status=S.RESOLVED
            )
        found = await ticket_store.followup_tickets(conn, open_.citizen_id, T0 + timedelta(days=1))
    assert {t.id for t in found} == {open_.id, recent.id}


async def test_closing_an_unhandled_ticket_happens_once_and_only_from_received(
    store: tuple[Database, Make],
) -> None:
    db, make = store
    waiting, taken = await make(), await make()
    later = T0 + timedelta(days=800)
    async with db.transaction() as conn:
        await ticket_store.add_event(
            conn, taken.id, "status", at=T0, actor_kind="system", status=S.FORWARDED
        )
        assert await ticket_store.close_unhandled(conn, waiting.id, later)
        assert not await ticket_store.close_unhandled(conn, waiting.id, later)
        assert not await ticket_store.close_unhandled(conn, taken.id, later)
        closed = await ticket_store.get(conn, waiting.id)
    assert closed is not None
    assert (closed.status, closed.resolved_at, closed.updated_at) == (S.REJECTED, later, later)


async def test_get_many_reads_what_get_reads_in_one_statement(
    store: tuple[Database, Make],
) -> None:
    db, make = store
    made = [await make(citizen=str(n), place_text=f"jalan {n}") for n in range(4)]
    ids = [t.id for t in made]
    async with db.reading() as conn:
        one_by_one = {i: await ticket_store.get(conn, i) for i in ids}
        together = await ticket_store.get_many(conn, [*reversed(ids), ids[0], 999_999])
        nothing = await ticket_store.get_many(conn, [])
    assert together == one_by_one  # every field, typed the same; an unknown id is absent
    assert nothing == {}


async def test_digest_lines_reads_each_listed_ticket_once(either_store: Database) -> None:
    """A digest's lines: the tickets asked for, by id, each once however often listed;
    an id with no ticket (deleted since it was listed) is left out."""
    async with either_store.transaction() as conn:
        first, _ = await stored_ticket(conn, unit=UNIT, polda=POLDA, at=T0, reference="DMS-A")
        second, _ = await stored_ticket(conn, unit=UNIT, polda=POLDA, at=T0, reference="DMS-B")
        lines = await ticket_store.digest_lines(conn, [second, first, second, 999_999])
    assert sorted(lines) == sorted([first, second])
    assert lines[first].reference == "DMS-A" and lines[second].reference == "DMS-B"


async def test_digest_lines_keep_one_statement_whatever_the_length(pg: PostgresDatabase) -> None:
    """On PostgreSQL a digest of 1, 2 or 3 tickets is read by the same prepared statement
    (`IN (?, ?, ...)` was a new statement, planned again, for each length)."""
    async with pg.transaction() as conn:
        ids = [
            (await stored_ticket(conn, unit=UNIT, polda=POLDA, at=T0, reference=f"DMS-{n}"))[0]
            for n in range(3)
        ]
        for length in (1, 2, 3):
            assert len(await ticket_store.digest_lines(conn, ids[:length])) == length
    kept = await pg.conn.raw.fetch(
        "SELECT statement FROM pg_prepared_statements WHERE position($1 in statement) > 0",
        "dumas_digest_lines(",
    )
    assert len(kept) == 1, kept


async def test_digest_lines_planned_on_a_young_table_read_no_whole_table(
    pg: PostgresDatabase,
) -> None:
    """The digest's read keeps a plan for the connection's life (after five executions:
    `force_generic_plan` here from the first). Planned on a young tickets table of one
    page, analyzed, it kept a sequential scan and read every ticket for each digest."""
    await pg.conn.raw.execute("SET plan_cache_mode = force_generic_plan")
    async with pg.transaction() as conn:
        listed = [
            (await stored_ticket(conn, unit=UNIT, polda=POLDA, at=T0, reference=f"DMS-{n}"))[0]
            for n in range(2)
        ]
    await pg.conn.raw.execute("ANALYZE tickets")
    async with pg.transaction() as conn:
        assert len(await ticket_store.digest_lines(conn, listed)) == 2  # planned here
        await conn.execute(
            "INSERT INTO tickets (reference, citizen_id, category, status, timezone, "
            "description, contact, locale, created_at, updated_at) SELECT "
            "'DMS-X' || g || '-' || id, citizen_id, category, status, timezone, description, "
            "contact, locale, "
            "created_at, updated_at FROM tickets, generate_series(1, 1500) g"
        )
    async with pg.transaction() as conn:
        lines: dict[int, ticket_store.DigestLine] = {}

        async def read() -> None:
            lines.update(await ticket_store.digest_lines(conn, listed))

        sequential, through_index = await rows_read(conn, "tickets", read)
    # two tickets asked for among 3,002: the kept sequential scan read all 3,002
    assert (sequential, sorted(lines)) == (0, sorted(listed))
    assert through_index <= 4, through_index


async def test_add_events_writes_what_add_event_writes_for_each(
    either_store: Database,
) -> None:
    """`add_events` (a delivered digest's tickets): the event and status `add_event`
    writes for one ticket, for each ticket given, in that order; without a status, the
    events alone."""
    db = either_store
    async with db.transaction() as conn:
        ids = [
            (await stored_ticket(conn, unit=UNIT, polda=POLDA, at=T0, citizen=c))[0]
            for c in ("5701", "5702", "5703")
        ]
        await ticket_store.add_event(
            conn, ids[0], "status", at=T0, actor_kind="system", status=S.FORWARDED,
            detail={"chat_id": "-1"},
        )  # fmt: skip
        await ticket_store.add_events(
            conn, [ids[2], ids[1]], "status", at=T0, actor_kind="system", status=S.FORWARDED,
            detail={"chat_id": "-1"},
        )  # fmt: skip
        await ticket_store.add_events(conn, [ids[0]], "note", at=T0, actor_kind="system")
        await ticket_store.add_events(conn, [], "note", at=T0, actor_kind="system")
    rows = await db.fetchall(
        "SELECT ticket_id, at, kind, status, actor_kind, actor_id, actor_name, detail "
        "FROM ticket_events WHERE actor_kind = 'system' ORDER BY id"
    )
    written = [tuple(r) for r in rows]
    first = written[0]
    assert written[1:3] == [(i, *first[1:]) for i in (ids[2], ids[1])]
    assert written[3] == (ids[0], first[1], "note", None, "system", None, None, None)
    statuses = await db.fetchall("SELECT id, status FROM tickets ORDER BY id")
    assert [tuple(r) for r in statuses] == [(i, "forwarded") for i in ids]
