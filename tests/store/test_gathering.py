"""bot/store/gathering.py with the store's batched statements (PostgreSQL).

Callers that wait for the store's connection at the same time must go to the server as
ONE statement, each with its own outcome: several lanes' conversational steps
(`steps.apply_many`), one of them already processed by another instance, a batch one
step breaks (the others still written), citizens' arrivals (`conversations.arrive_many`),
lanes' takes and next rows (`lanes.take_many`, `lanes.next_or_release_many`).

A batch is formed deterministically: the test holds the store's lock (`reading()`), starts
the callers (each queues its item before its first wait), and lets the lock go.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest

from bot.outbox.messages import CitizenReply, read_row
from bot.store import citizens, conversations, inbox, lanes, steps
from bot.store.database import Database
from bot.store.gathering import Gathering
from bot.store.postgres import PostgresDatabase
from flows.events import Draft, Reply
from tests.dispatcher.pg_database import fresh_database_url
from tests.pg_cluster import Cluster

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
SINCE = datetime(2000, 1, 1, tzinfo=UTC)  # flood window: every row counts
T = TypeVar("T")


@pytest.fixture
async def two_instances(pg_cluster: Cluster | None) -> AsyncIterator[tuple[Database, Database]]:
    """Two server sessions on one database, as two `dumas run` instances."""
    url = await fresh_database_url(pg_cluster)
    first = await PostgresDatabase(url).open()
    second = await PostgresDatabase(url).open()
    try:
        yield first, second
    finally:
        await first.close()
        await second.close()


async def together(db: Database, calls: Sequence[Awaitable[T]]) -> list[T | BaseException]:
    """Run `calls` while the store's connection is busy, so that they queue together,
    then free it; each call's result or exception, in order."""
    async with db.reading():
        tasks = [asyncio.ensure_future(call) for call in calls]
        await asyncio.sleep(0)  # each task runs up to its wait: its item is queued
    return await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 60)


async def _citizen_with_row(db: Database, user: str) -> tuple[int, int]:
    async with db.transaction() as conn:
        citizen = await citizens.upsert(conn, "telegram", user, f"c{user}", "id", None)
        row_id = await inbox.insert(conn, "telegram", f"e{user}", f"telegram:{user}", "{}")
    assert row_id is not None
    return citizen.id, row_id


def _step(citizen_id: int, row_id: int, text: str) -> steps.ConversationalStep:
    return steps.ConversationalStep(
        inbox_id=row_id,
        citizen_id=citizen_id,
        state="when",
        draft=Draft(category="crime", description=text),
        now=NOW,
        reminder_due=NOW + timedelta(minutes=30),
        expiry_due=None,
        channel="telegram",
        messages=[
            (f"chat-{text}", CitizenReply(Reply(f"{text} 1"), "id")),
            (f"chat-{text}", CitizenReply(Reply(f"{text} 2"), "id")),
        ],
    )


async def _replies(db: Database) -> list[tuple[str, str]]:
    rows = await db.fetchall("SELECT chat_id, kind, payload FROM outbox ORDER BY id")
    out = []
    for row in rows:
        message = read_row(row[1], row[2])
        assert isinstance(message, CitizenReply)
        out.append((row[0], message.reply.text))
    return out


async def test_several_lanes_steps_are_one_statement_each_written_in_order(
    two_instances: tuple[Database, Database],
) -> None:
    db, _ = two_instances
    made = [await _citizen_with_row(db, user) for user in ("1", "2", "3")]
    gathering: Gathering[steps.ConversationalStep, bool] = Gathering(db, steps.apply_many)
    before = db.conn.statements

    applied = await together(
        db,
        [gathering.submit(_step(c, r, t)) for (c, r), t in zip(made, "abc", strict=True)],
    )

    assert applied == [True, True, True]
    assert (gathering.sent, gathering.largest, db.conn.statements - before) == (1, 3, 1)
    assert await _replies(db) == [
        ("chat-a", "a 1"),
        ("chat-a", "a 2"),
        ("chat-b", "b 1"),
        ("chat-b", "b 2"),
        ("chat-c", "c 1"),
        ("chat-c", "c 2"),
    ]
    async with db.reading() as conn:
        for (citizen_id, _row), text in zip(made, "abc", strict=True):
            saved = await conversations.load(conn, citizen_id)
            assert saved is not None and saved.draft.description == text
    assert await inbox.pending_count(db) == 0


async def test_a_step_processed_by_another_instance_writes_nothing_and_the_others_are_written(
    two_instances: tuple[Database, Database],
) -> None:
    a, b = two_instances
    made = [await _citizen_with_row(a, user) for user in ("1", "2", "3")]
    async with b.transaction() as conn:  # instance B handled the second row
        await inbox.mark_processed(conn, made[1][1], "ok")
    gathering: Gathering[steps.ConversationalStep, bool] = Gathering(a, steps.apply_many)

    applied = await together(
        a,
        [gathering.submit(_step(c, r, t)) for (c, r), t in zip(made, "abc", strict=True)],
    )

    assert applied == [True, False, True]
    assert gathering.sent == 1
    assert [chat for chat, _text in await _replies(a)] == ["chat-a", "chat-a", "chat-c", "chat-c"]
    async with a.reading() as conn:
        assert await conversations.load(conn, made[1][0]) is None
        assert await conversations.load(conn, made[2][0]) is not None


async def test_a_step_that_breaks_the_statement_fails_alone_and_the_others_are_written(
    two_instances: tuple[Database, Database],
) -> None:
    """A citizen that does not exist breaks the conversation's foreign key, and with it
    the batch's one statement: each step is then sent alone, and only the broken one's
    caller gets the error."""
    db, _ = two_instances
    made = [await _citizen_with_row(db, user) for user in ("1", "2")]
    broken_row = (await _citizen_with_row(db, "9"))[1]
    gathering: Gathering[steps.ConversationalStep, bool] = Gathering(db, steps.apply_many)

    outcomes = await together(
        db,
        [
            gathering.submit(_step(made[0][0], made[0][1], "a")),
            gathering.submit(_step(999_999, broken_row, "x")),
            gathering.submit(_step(made[1][0], made[1][1], "b")),
        ],
    )

    assert outcomes[0] is True and outcomes[2] is True
    assert isinstance(outcomes[1], sqlite3.IntegrityError)  # the store's one error type
    assert gathering.sent == 4  # the batch, then each alone
    assert [chat for chat, _ in await _replies(db)] == ["chat-a", "chat-a", "chat-b", "chat-b"]
    pending = await db.fetchall("SELECT id FROM inbox WHERE processed_at IS NULL")
    assert [row[0] for row in pending] == [broken_row]  # its row stays as it was


async def test_a_lone_step_is_sent_at_once(two_instances: tuple[Database, Database]) -> None:
    db, _ = two_instances
    citizen_id, row_id = await _citizen_with_row(db, "1")
    gathering: Gathering[steps.ConversationalStep, bool] = Gathering(db, steps.apply_many)
    assert await gathering.submit(_step(citizen_id, row_id, "a")) is True
    assert (gathering.sent, gathering.largest) == (1, 1)


async def test_arrivals_of_several_citizens_are_one_statement(
    two_instances: tuple[Database, Database],
) -> None:
    db, _ = two_instances
    known, _row = await _citizen_with_row(db, "1")
    async with db.transaction() as conn:
        await conversations.save(conn, known, "when", Draft(category="crime"), NOW, None, None)
    gathering: Gathering[conversations.Arrival, Any] = Gathering(db, conversations.arrive_many)

    arrived = await together(
        db,
        [
            gathering.submit(("telegram", "2", "c2", None, "Budi")),
            gathering.submit(("telegram", "1", "c1-new", None, None)),
        ],
    )

    assert gathering.sent == 1
    (new, new_conversation), (again, conversation) = arrived  # type: ignore[misc]
    assert (new.external_id, new.display_name, new_conversation) == ("2", "Budi", None)
    assert (again.id, again.chat_id, again.platform_locale) == (known, "c1-new", "id")
    assert conversation is not None and conversation.state == "when"


async def test_the_same_citizen_twice_in_a_batch_is_sent_alone_both_times(
    two_instances: tuple[Database, Database],
) -> None:
    """One statement cannot upsert a row twice; the gathering sends each alone."""
    db, _ = two_instances
    gathering: Gathering[conversations.Arrival, Any] = Gathering(db, conversations.arrive_many)
    first, second = await together(
        db,
        [
            gathering.submit(("telegram", "1", "c1", None, None)),
            gathering.submit(("telegram", "1", "c1", None, "Ani")),
        ],
    )
    assert first[0].id == second[0].id and second[0].display_name == "Ani"  # type: ignore[index]
    assert gathering.sent == 3


async def test_lanes_taken_and_released_together_as_one_at_a_time(
    two_instances: tuple[Database, Database],
) -> None:
    a, b = two_instances
    async with a.transaction() as conn:
        first = await inbox.insert(conn, "telegram", "x1", "telegram:1", "{}")
    assert await lanes.try_take(b, "telegram:3")  # held by the other instance
    takes: Gathering[lanes.LaneRequest, Any] = Gathering(a, lanes.take_many)

    taken = await together(
        a, [takes.submit((lane, SINCE)) for lane in ("telegram:1", "telegram:2", "telegram:3")]
    )

    assert takes.sent == 1
    assert [(t[0], t[1] and t[1].id) for t in taken] == [  # type: ignore[index]
        (True, first),
        (True, None),
        (False, None),
    ]
    assert not await lanes.try_take(b, "telegram:1") and not await lanes.try_take(b, "telegram:2")
    async with a.transaction() as conn:
        await inbox.mark_processed(conn, first, "ok")  # type: ignore[arg-type]
        second = await inbox.insert(conn, "telegram", "x2", "telegram:2", "{}")
    nexts: Gathering[lanes.LaneRequest, Any] = Gathering(a, lanes.next_or_release_many)

    answers = await together(
        a, [nexts.submit((lane, SINCE)) for lane in ("telegram:1", "telegram:2")]
    )

    assert nexts.sent == 1
    assert answers[0] == (None, False)  # nothing left: released
    row, _ = answers[1]  # type: ignore[misc]
    assert row is not None and row.id == second  # held still
    assert await lanes.try_take(b, "telegram:1")
    assert not await lanes.try_take(b, "telegram:2")
