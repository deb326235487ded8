"""Statements the store runs per update on PostgreSQL, cut in session 35 (bench/README.md
"Session 35: transactions per update on PostgreSQL"), each with its rows checked on both
dialects.

The sender's 'sent' marks and the heads read after them: on PostgreSQL one statement
(bot/store/outbox.py `mark_many_sent_reading_heads`), on SQLite the marks and then
`heads_in`. Both must find the heads a read after the marks finds, and the sender reads
them again when a 'sent' hook used the connection (it may have written a row to send).
A complaint's start reads the citizen's recent flags and tickets, and the tickets they may
follow up, in one statement."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.outbox.limits import UNLIMITED, RateLimits
from bot.outbox.messages import StaffMessage
from bot.outbox.sender import OutboxSender
from bot.store import citizens, outbox, tickets, triage
from bot.store.connection import Connection
from bot.store.database import Database
from bot.store.outbox import OutboxRow
from bot.store.postgres import PostgresDatabase
from tests.harness import stored_ticket


class _Channel:
    channel = "telegram"

    def lane_kind(self, chat_id: str) -> str:
        return "private"

    async def deliver(self, row: OutboxRow) -> str | None:  # never called here
        raise AssertionError("no delivery in these tests")


async def _queue(db: Database, rows: list[tuple[str, int]]) -> list[int]:
    async with db.transaction() as conn:
        return [
            await outbox.enqueue(
                conn,
                channel="telegram",
                chat_id=chat,
                message=StaffMessage(f"m{n}"),
                priority=priority,
            )
            for n, (chat, priority) in enumerate(rows)
        ]


async def _in_flight(db: Database) -> dict[str, int]:
    """Chats a..e with rows; a, b and d have their first row in flight ('sending')."""
    a1, a2, b1, b2, c1, c2, d1, _d2, e1 = await _queue(
        db,
        [("a", 0), ("a", 0), ("b", 0), ("b", 0), ("c", 0), ("c", 1), ("d", 0), ("d", 0)]
        + [("e", 0)],
    )
    started = await outbox.start_attempts(db, [a1, b1, d1])
    assert sorted(started) == [a1, b1, d1]
    return {"a1": a1, "a2": a2, "b1": b1, "b2": b2, "c1": c1, "c2": c2, "e1": e1}


async def test_the_heads_read_with_the_marks_are_those_a_read_after_them(
    either_store: Database,
) -> None:
    db = either_store
    ids = await _in_flight(db)
    async with db.transaction() as conn:
        found = await outbox.mark_many_sent_reading_heads(
            conn, [(ids["a1"], "x1"), (ids["b1"], None)], "telegram"
        )
        after = await outbox.heads_in(conn, "telegram", pending_only=True)
    if db.dialect == "postgresql":
        assert found == after
    else:
        assert found is None  # SQLite: the marks only; the heads are heads_in's
    # a's and b's next rows (their first ones are sent), c's urgent row, e's; not d's
    # (its head is in flight) nor any marked row
    assert [h.id for h in after] == [ids["c2"], ids["a2"], ids["b2"], ids["e1"]]
    rows = await db.fetchall(
        "SELECT id, status, external_id FROM outbox WHERE id IN (?, ?) ORDER BY id",
        (ids["a1"], ids["b1"]),
    )
    assert [tuple(r) for r in rows] == [(ids["a1"], "sent", "x1"), (ids["b1"], "sent", None)]


async def test_on_postgresql_the_marks_and_the_heads_are_one_statement(
    pg: PostgresDatabase,
) -> None:
    ids = await _in_flight(pg)
    async with pg.transaction() as conn:
        before = pg.conn.statements
        heads = await outbox.mark_many_sent_reading_heads(
            conn, [(ids["a1"], "x1"), (ids["b1"], "x2")], "telegram"
        )
        assert pg.conn.statements - before == 1
    assert heads is not None and ids["a2"] in {h.id for h in heads}


def _sent(rows: list[OutboxRow]) -> list[tuple[OutboxRow, str | None, object]]:
    return [(row, str(row.id), None) for row in rows]


async def test_the_sender_reads_the_heads_again_only_after_a_hook_used_the_connection(
    either_store: Database,
) -> None:
    db = either_store
    ids = await _in_flight(db)
    marked = await outbox.rows_by_id(db, [ids["a1"], ids["b1"]])

    async def writes_a_row(conn: Connection, row: OutboxRow, external_id: str | None) -> None:
        if row.chat_id == "a":  # as a card's delivery writes the citizen's notice
            await outbox.enqueue(conn, channel="telegram", chat_id="f", message=StaffMessage("n"))

    async def looks_away(conn: Connection, row: OutboxRow, external_id: str | None) -> None:
        return None

    writing = OutboxSender(db, _Channel(), limits=RateLimits(UNLIMITED), after_sent=writes_a_row)
    async with db.transaction() as conn:
        heads = await writing._marks_and_heads(conn, _sent([marked[ids["a1"]]]))  # type: ignore[arg-type]
    new = await db.fetchone("SELECT id FROM outbox WHERE chat_id = 'f'")
    assert new is not None and new[0] in {h.id for h in heads}

    quiet = OutboxSender(db, _Channel(), limits=RateLimits(UNLIMITED), after_sent=looks_away)
    async with db.transaction() as conn:
        before = getattr(db.conn, "statements", 0)
        heads = await quiet._marks_and_heads(conn, _sent([marked[ids["b1"]]]))  # type: ignore[arg-type]
        if isinstance(db, PostgresDatabase):
            # the heads came with the marks: no read of its own
            assert db.conn.statements - before == 1
    assert ids["b2"] in {h.id for h in heads}


async def test_a_complaints_start_reads_flags_filed_tickets_and_follow_ups_in_one_statement(
    either_store: Database,
) -> None:
    """tickets.complaint_start (read at every complaint's start): the last 24 hours' flags
    and tickets of this citizen only (`triage.recent_counts` before, one statement since
    session 35), the times and priorities of those tickets (the per-citizen caps' read at
    the submission before), and the tickets they may follow up (a statement of its own
    before): one statement on PostgreSQL since session 36 (three before)."""
    db = either_store
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    resolved_since = now - timedelta(days=7)
    async with db.transaction() as conn:
        recent, _ = await stored_ticket(conn, unit="u", polda="p", at=now - timedelta(hours=2))
        older, _ = await stored_ticket(conn, unit="u", polda="p", at=now - timedelta(hours=30))
        solved, _ = await stored_ticket(conn, unit="u", polda="p", at=now - timedelta(hours=40))
        long_ago, _ = await stored_ticket(conn, unit="u", polda="p", at=now - timedelta(days=12))
        await stored_ticket(conn, unit="u", polda="p", at=now - timedelta(hours=1), citizen="9")
        for ticket, resolved in (
            (solved, now - timedelta(days=3)),
            (long_ago, now - timedelta(days=10)),
        ):
            at = resolved.isoformat(timespec="microseconds")
            await conn.execute(
                "UPDATE tickets SET status = 'resolved', resolved_at = ?, updated_at = ? "
                "WHERE id = ?",
                (at, at, ticket),
            )
        citizen = (
            await db.conn.execute_fetchall("SELECT citizen_id FROM tickets WHERE id = ?", (recent,))
        )[0][0]
        await triage.add_citizen_flag(conn, citizen, "abuse", ["x"], now - timedelta(hours=3))
        await triage.add_citizen_flag(conn, citizen, "abuse", ["x"], now - timedelta(hours=25))
        newcomer = await citizens.upsert(conn, "telegram", "77", "77", "id", None)
    async with db.reading() as conn:
        before = getattr(db.conn, "statements", 0)
        start = await tickets.complaint_start(
            conn, citizen, now - timedelta(hours=24), resolved_since
        )
        if isinstance(db, PostgresDatabase):
            assert db.conn.statements - before == 1
        nothing = await tickets.complaint_start(
            conn, newcomer.id, now - timedelta(hours=24), resolved_since
        )
    assert start.flags == 1
    assert start.filed == [(now - timedelta(hours=2), "normal")]
    # newest activity first: as `tickets.followup_tickets` reads them
    assert [t.id for t in start.followups] == [recent, older, solved]
    async with db.reading() as conn:
        alone = await tickets.followup_tickets(conn, citizen, resolved_since)
    assert start.followups == alone
    assert (nothing.flags, nothing.filed, nothing.followups) == (0, [], [])
