"""The conversation's timers after migration 0019 (bench/README.md "Session 34: the
conversation's timers and the outbox's scans"): a step that moves the timers later is a
HOT update on PostgreSQL (no index entry), and the timer loop still finds every timer
when it is due, on both dialects, from the lower bound `timers_due_from` that the steps
keep and the loop moves forward."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.outbox.messages import CitizenReply
from bot.store import conversations, steps
from bot.store.connection import Connection
from bot.store.database import Database, iso
from bot.store.postgres import PostgresDatabase
from bot.store.steps import ConversationalStep
from flows.events import Draft, Reply

T0 = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
REMINDER = timedelta(minutes=30)
EXPIRY = timedelta(hours=24)


async def _inbox_row(db: Database, citizen_id: int, n: int) -> int:
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO inbox (channel, external_id, lane, payload, received_at) "
            "VALUES ('telegram', ?, ?, '{}', 'x') RETURNING id",
            (f"m{n}", f"citizen:{citizen_id}"),
        )
        return int((await cursor.fetchone())[0])


def _step(inbox_id: int, citizen_id: int, at: datetime, timers: bool = True) -> ConversationalStep:
    """A step at `at`, its reminder and expiry set from it as the dispatcher sets them
    (none: the conversation went idle)."""
    return ConversationalStep(
        inbox_id=inbox_id,
        citizen_id=citizen_id,
        state="describe" if timers else "idle",
        draft=Draft(),
        now=at,
        reminder_due=at + REMINDER if timers else None,
        expiry_due=at + EXPIRY if timers else None,
        channel="telegram",
        messages=[("c1", CitizenReply(Reply("ok"), "id"))],
    )


async def _hot_counts(conn: Connection) -> tuple[int, int]:
    """This transaction's (updates, of which HOT) of conversations so far."""
    rows = await conn.execute_fetchall(
        "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables "
        "WHERE relname = 'conversations'"
    )
    return int(rows[0][0]), int(rows[0][1])


async def test_a_step_that_moves_the_timers_is_a_hot_update(pg: PostgresDatabase) -> None:
    # Before 0019 the reminder and the expiry were each an index's key: never HOT.
    citizen, _ = await conversations.arrive(pg, "telegram", "u1", "c1", "id", "Ani")
    first = await _inbox_row(pg, citizen.id, 0)
    await steps.apply_conversational(pg, _step(first, citizen.id, T0))
    ids = [await _inbox_row(pg, citizen.id, n) for n in (1, 2)]
    async with pg.transaction() as conn:
        # the one-statement step (bot/store/steps.py), then the dispatcher's other steps'
        # `conversations.save`, each moving both timers later
        assert await steps.apply_many(conn, [_step(ids[0], citizen.id, T0 + timedelta(1))])
        await conversations.save(
            conn, citizen.id, "when", Draft(), T0 + timedelta(2), T0 + timedelta(2, 1800), None
        )
        assert await _hot_counts(conn) == (2, 2)
    stored = await _stored(pg, citizen.id)
    assert stored["reminder_due_at"] == iso(T0 + timedelta(2, 1800))
    assert stored["timers_due_from"] == iso(T0 + REMINDER)  # the first step's, kept


async def _stored(db: Database, citizen_id: int) -> dict[str, Any]:
    row = await db.fetchone(
        "SELECT reminder_due_at, expiry_due_at, timers_due_from FROM conversations "
        "WHERE citizen_id = ?",
        (citizen_id,),
    )
    assert row is not None
    return {
        "reminder_due_at": row[0],
        "expiry_due_at": row[1],
        "timers_due_from": row[2],
    }


async def _due(db: Database, at: datetime) -> list[tuple[int, str, str]]:
    return sorted((t.citizen_id, t.timer, t.due_at) for t in await conversations.due_timers(db, at))


async def test_every_timer_is_found_when_due_and_not_before(either_store: Database) -> None:
    db = either_store
    ani, _ = await conversations.arrive(db, "telegram", "u1", "c1", "id", "Ani")
    budi, _ = await conversations.arrive(db, "telegram", "u2", "c2", "id", "Budi")
    n = 0

    async def step(citizen_id: int, at: datetime, timers: bool = True) -> None:
        nonlocal n
        n += 1
        inbox_id = await _inbox_row(db, citizen_id, n)
        await steps.apply_conversational(db, _step(inbox_id, citizen_id, at, timers))

    await step(ani.id, T0)
    await step(budi.id, T0)
    # Ani goes on talking: her timers move later, her bound stays at her first reminder
    await step(ani.id, T0 + timedelta(minutes=20))
    assert (await _stored(db, ani.id))["timers_due_from"] == iso(T0 + REMINDER)
    assert await _due(db, T0 + timedelta(minutes=29)) == []
    # at T0 + 30 min only Budi's reminder is due; Ani's bound has come, with nothing due
    # for her: the loop moves it to her reminder
    at_30 = T0 + REMINDER
    assert await _due(db, at_30) == [(budi.id, "reminder", iso(at_30))]
    assert (await _stored(db, ani.id))["timers_due_from"] == iso(T0 + timedelta(minutes=50))
    assert (await _stored(db, budi.id))["timers_due_from"] == iso(at_30)  # still due
    at_50 = T0 + timedelta(minutes=50)
    assert await _due(db, at_50) == [
        (ani.id, "reminder", iso(at_50)),
        (budi.id, "reminder", iso(at_30)),
    ]
    # Budi's reminder handled (the dispatcher keeps the expiry), Ani goes idle
    async with db.transaction() as conn:
        await conversations.save(conn, budi.id, "describe", Draft(), at_30, None, T0 + EXPIRY)
    await step(ani.id, at_50, timers=False)
    assert (await _stored(db, ani.id))["timers_due_from"] is None
    assert await _due(db, at_50) == []
    assert (await _stored(db, budi.id))["timers_due_from"] == iso(T0 + EXPIRY)
    assert await _due(db, T0 + EXPIRY) == [(budi.id, "expiry", iso(T0 + EXPIRY))]
    # a later step whose timer is earlier than the stored bound lowers it
    async with db.transaction() as conn:
        await conversations.save(
            conn, budi.id, "describe", Draft(), at_50, at_50 + REMINDER, T0 + EXPIRY
        )
    assert (await _stored(db, budi.id))["timers_due_from"] == iso(at_50 + REMINDER)
