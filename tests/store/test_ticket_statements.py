"""The ticket's transaction on PostgreSQL, cut in session 36 (bench/README.md "Session 36:
the ticket's transaction on PostgreSQL"): `tickets.create` writes the ticket, its
"received" event and takes the draft's files in ONE statement there (three or more
before), and `ticket_deadlines.start_deadlines` its deadlines in one execution (one per
deadline before); SQLite keeps its statements. Each test checks the rows on both
dialects, and the statements on PostgreSQL."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from bot.store import citizens, ticket_deadlines, tickets
from bot.store import evidence as evidence_store
from bot.store.connection import Connection
from bot.store.database import Database, iso
from bot.store.postgres import PostgresDatabase

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
FIELDS = {
    "category": "crime",
    "description": "motor dicuri",
    "timezone": "Asia/Jakarta",
    "contact": "chat",
    "locale": "id",
    "unit_id": "u",
    "polda_id": "p",
}


async def _file(conn: Connection, citizen_id: int, name: str) -> int:
    return await evidence_store.insert(
        conn,
        citizen_id=citizen_id,
        channel="telegram",
        kind="photo",
        file_ref=f"ref-{name}",
        unique_ref=None,
        mime_type="image/jpeg",
        size=10,
        sha256="0" * 64,
        stored_name=name,
        caption=None,
        album_id=None,
    )


def _statements(db: Database) -> int:
    return int(getattr(db.conn, "statements", 0))


async def test_a_ticket_its_event_and_its_files_are_written_in_one_statement(
    either_store: Database,
) -> None:
    db = either_store
    async with db.transaction() as conn:
        me = (await citizens.upsert(conn, "telegram", "1", "1", "id", None)).id
        other = (await citizens.upsert(conn, "telegram", "2", "2", "id", None)).id
        # the same file kept twice (one name, two rows), a file of another draft's
        # ticket, another citizen's file of the same name, and a file the draft did not list
        twice = [await _file(conn, me, "a.jpg"), await _file(conn, me, "a.jpg")]
        third_a = await _file(conn, me, "a.jpg")
        b = await _file(conn, me, "b.jpg")
        others = await _file(conn, other, "b.jpg")
        unlisted = await _file(conn, me, "c.jpg")
        earlier = await tickets.create(
            conn, reference="PGT-000001", citizen_id=me, fields=FIELDS, now=NOW
        )
        await conn.execute("UPDATE evidence SET ticket_id = ? WHERE id = ?", (earlier, b))
        b_again = await _file(conn, me, "b.jpg")
    async with db.transaction() as conn:
        before = _statements(db)
        ticket_id = await tickets.create(
            conn,
            reference="PGT-000002",
            citizen_id=me,
            fields=FIELDS,
            now=NOW,
            evidence=["a.jpg", "b.jpg", "a.jpg", "missing.jpg"],
        )
        if isinstance(db, PostgresDatabase):
            assert _statements(db) - before == 1
    rows = await db.fetchall(
        "SELECT reference, citizen_id, status, created_at, updated_at, category, unit_id "
        "FROM tickets WHERE id = ?",
        (ticket_id,),
    )
    assert [tuple(r) for r in rows] == [
        ("PGT-000002", me, "received", iso(NOW), iso(NOW), "crime", "u")
    ]
    events = await db.fetchall(
        "SELECT at, kind, status, actor_kind, actor_id, actor_name, detail FROM ticket_events "
        "WHERE ticket_id = ?",
        (ticket_id,),
    )
    assert [tuple(e) for e in events] == [
        (iso(NOW), "status", "received", "citizen", str(me), None, None)
    ]
    owned = await db.fetchall("SELECT id, ticket_id FROM evidence ORDER BY id")
    # "a.jpg" twice: its two oldest rows; "b.jpg": the row not yet a ticket's, this
    # citizen's; the third "a.jpg", the other citizen's and the unlisted file untouched
    assert {int(r[0]): r[1] for r in owned} == {
        twice[0]: ticket_id,
        twice[1]: ticket_id,
        third_a: None,
        b: earlier,
        others: None,
        unlisted: None,
        b_again: ticket_id,
    }


async def test_a_reference_taken_raises_the_reference_error_and_writes_nothing(
    either_store: Database,
) -> None:
    """The dispatcher retries a submission whose new reference collided
    (`sqlite3.IntegrityError` naming tickets.reference): the CTE's error must read the
    same, and roll back the event and the files with the ticket."""
    db = either_store
    async with db.transaction() as conn:
        me = (await citizens.upsert(conn, "telegram", "1", "1", "id", None)).id
        photo = await _file(conn, me, "a.jpg")
        first = await tickets.create(
            conn, reference="PGT-000001", citizen_id=me, fields=FIELDS, now=NOW
        )
    with pytest.raises(sqlite3.IntegrityError, match=r"tickets\.reference"):
        async with db.transaction() as conn:
            await tickets.create(
                conn,
                reference="PGT-000001",
                citizen_id=me,
                fields=FIELDS,
                now=NOW,
                evidence=["a.jpg"],
            )
    assert [tuple(r) for r in await db.fetchall("SELECT id FROM tickets")] == [(first,)]
    events = await db.fetchall("SELECT ticket_id FROM ticket_events")
    assert [tuple(e) for e in events] == [(first,)]
    files = await db.fetchall("SELECT id, ticket_id FROM evidence")
    assert [tuple(f) for f in files] == [(photo, None)]


async def test_deadlines_start_and_restart_in_one_statement(either_store: Database) -> None:
    db = either_store
    async with db.transaction() as conn:
        me = (await citizens.upsert(conn, "telegram", "1", "1", "id", None)).id
        ticket_id = await tickets.create(
            conn, reference="PGT-000001", citizen_id=me, fields=FIELDS, now=NOW
        )
        before = _statements(db)
        await ticket_deadlines.start_deadlines(
            conn,
            ticket_id,
            [("claim", "s1", "r1", "d1"), ("resolve", "s1", "r2", "d2")],
        )
        if isinstance(db, PostgresDatabase):
            assert _statements(db) - before == 1
        await conn.execute(
            "UPDATE ticket_deadlines SET reminded_at = 'x', escalated_at = 'y', done_at = 'z'"
        )
        # restarted: its times replaced, its marks cleared; the other deadline kept
        await ticket_deadlines.start_deadlines(conn, ticket_id, [("claim", "s2", "r3", "d3")])
    rows = await db.fetchall(
        "SELECT ticket_id, kind, started_at, remind_at, due_at, reminded_at, escalated_at, "
        "done_at FROM ticket_deadlines ORDER BY kind"
    )
    assert [tuple(r) for r in rows] == [
        (ticket_id, "claim", "s2", "r3", "d3", None, None, None),
        (ticket_id, "resolve", "s1", "r2", "d2", "x", "y", "z"),
    ]


async def test_the_ticket_returned_by_the_insert_is_the_ticket_read_back(
    either_store: Database,
) -> None:
    """The submission's hooks (duplicates, the staff cards, the deadlines) take the row
    the INSERT returned instead of reading it again: it must be the row a read finds,
    every column typed as `tickets.get` types it."""
    db = either_store
    async with db.transaction() as conn:
        me = (await citizens.upsert(conn, "telegram", "1", "1", "id", None)).id
        created = await tickets.create_row(
            conn,
            reference="PGT-000001",
            citizen_id=me,
            fields={
                **FIELDS,
                "kind": "question",
                "priority": "urgent",
                "latitude": -6.2,
                "longitude": 106.8,
                "occurred_at": iso(NOW),
                "place_label": "Jakarta",
                "flags": '{"repeated_urgent": 3}',
            },
            now=NOW,
        )
        assert created == await tickets.get(conn, created.id)
    async with db.reading() as conn:
        assert created == await tickets.get(conn, created.id)
