"""bot/store/outbox.py and staff_digests.py: a digest rewritten by one instance while
another's sender starts it, or another instance adds a ticket to it.

On PostgreSQL two `PostgresDatabase` objects are two server sessions on one database, as
two `dumas run` instances would be (READ COMMITTED). A digest collects tickets until its
sender starts it; the sender must send what the last committed rewrite wrote, and an
instance adding a ticket must not add it to a digest that has started. Found by
bench/bench_instances.py: with 2-3 instances one ticket a run was listed in no digest
(its citizen never told "forwarded"). Since session 37 an adder reads the tickets a
digest lists from the row it holds (`hold_open_digest`), not from `staff_digest_items`:
a ticket another adder committed while it waited must still be listed. The
interleavings are forced with row locks and waited for through pg_stat_activity, not
timed.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
import pytest

from bot.outbox.messages import Digest
from bot.store import outbox as outbox_store
from bot.store import staff_digests
from bot.store.connection import Connection
from bot.store.database import Database
from bot.store.postgres import PostgresDatabase
from tests.dispatcher.pg_database import fresh_database_url
from tests.harness import stored_ticket
from tests.pg_cluster import Cluster

GROUP = "-1009000"
AT = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)


@pytest.fixture
async def two_instances(
    pg_cluster: Cluster | None,
) -> AsyncIterator[tuple[Database, Database, asyncpg.Connection]]:
    url = await fresh_database_url(pg_cluster)
    first = await PostgresDatabase(url).open()
    second = await PostgresDatabase(url).open()
    observer = await asyncpg.connect(url)
    try:
        yield first, second, observer
    finally:
        await observer.close()
        await first.close()
        await second.close()


async def a_digest(db: Database) -> int:
    async with db.transaction() as conn:
        return await outbox_store.enqueue(
            conn, channel="telegram", chat_id=GROUP, message=Digest("1 ticket", ticket_ids=(1,))
        )


async def a_digest_listing_the_first_of(db: Database, tickets: int) -> tuple[int, list[int]]:
    """`tickets` stored tickets and a collecting digest listing the first (item and
    payload), as the first adder leaves it; the digest's id and the tickets' ids."""
    async with db.transaction() as conn:
        ids = [
            (await stored_ticket(conn, unit="polres-a", polda="polda-x", at=AT, citizen=str(n)))[0]
            for n in range(1, tickets + 1)
        ]
        digest = await outbox_store.enqueue(
            conn, channel="telegram", chat_id=GROUP, message=Digest("1", ticket_ids=(ids[0],))
        )
        await staff_digests.add_digest_item(conn, digest, ids[0])
    return digest, ids


async def held(conn: Connection) -> staff_digests.HeldDigest | None:
    return await staff_digests.hold_open_digest(conn, GROUP, 30)


async def until_waiting_for_a_lock(observer: asyncpg.Connection) -> None:
    """Until some session of the database waits for a row lock (generous bound)."""
    for _ in range(1200):
        waiting = await observer.fetchval(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'"
        )
        if waiting:
            return
        await asyncio.sleep(0.05)
    raise TimeoutError("no session waited for the lock")


async def test_the_sender_sends_the_rewrite_committed_while_it_waited(
    two_instances: tuple[Database, Database, asyncpg.Connection],
) -> None:
    sender, adder, observer = two_instances
    digest = await a_digest(sender)
    grown = Digest("2 tickets", ticket_ids=(1, 2))
    async with adder.transaction() as conn:  # another instance adds ticket 2
        assert await held(conn) is not None
        assert await outbox_store.rewrite_pending(conn, digest, grown)
        starting = asyncio.create_task(outbox_store.start_attempts(sender, [digest]))
        await until_waiting_for_a_lock(observer)
    started = await starting
    assert started[digest].message == grown  # before the fix: the "1 ticket" payload


async def test_an_adder_that_waited_for_the_sender_finds_the_digest_started(
    two_instances: tuple[Database, Database, asyncpg.Connection],
) -> None:
    sender, adder, observer = two_instances
    digest = await a_digest(sender)

    async def hold() -> staff_digests.HeldDigest | None:
        async with adder.transaction() as conn:
            return await held(conn)

    async with sender.transaction() as conn:  # the sender's round, mid-transaction
        await conn.execute("UPDATE outbox SET status = 'sending' WHERE id = ?", (digest,))
        holding = asyncio.create_task(hold())
        await until_waiting_for_a_lock(observer)
    assert await holding is None  # so the adder opens a new digest for its ticket
    async with adder.transaction() as conn:
        assert await held(conn) is None


async def test_a_pending_digest_is_held(
    two_instances: tuple[Database, Database, asyncpg.Connection],
) -> None:
    sender, _adder, _observer = two_instances
    digest = await a_digest(sender)
    async with sender.transaction() as conn:
        assert await held(conn) == staff_digests.HeldDigest(digest, (1,), None)


async def test_an_adder_that_waited_for_another_lists_the_others_ticket(
    two_instances: tuple[Database, Database, asyncpg.Connection],
) -> None:
    """The second adder's statement waits for the first's lock with a snapshot taken
    before the first committed: the tickets come from the row as committed (its
    payload), so the first's ticket is in the second's redraw and in the digest sent."""
    first, second, observer = two_instances
    digest, (one, two, three) = await a_digest_listing_the_first_of(first, 3)

    async def second_adds_three() -> staff_digests.HeldDigest | None:
        async with second.transaction() as conn:
            found = await held(conn)
            if found is not None:
                listed = (*found.ticket_ids, three)
                await staff_digests.grow(
                    conn, found.id, three, Digest(str(len(listed)), ticket_ids=listed)
                )
            return found

    async with first.transaction() as conn:  # the first adder adds two
        found = await held(conn)
        assert found is not None and found.ticket_ids == (one,)
        await staff_digests.grow(conn, digest, two, Digest("2", ticket_ids=(one, two)))
        adding = asyncio.create_task(second_adds_three())
        await until_waiting_for_a_lock(observer)
    assert await adding == staff_digests.HeldDigest(digest, (one, two), None)
    started = await outbox_store.start_attempts(first, [digest])
    assert started[digest].message == Digest("3", ticket_ids=(one, two, three))
    async with first.reading() as conn:
        assert await staff_digests.digest_items(conn, digest) == [one, two, three]


async def test_an_adder_that_waited_for_the_last_room_finds_the_digest_full(
    two_instances: tuple[Database, Database, asyncpg.Connection],
) -> None:
    """Two adders, room for one more ticket: the second counted the room before the
    first's lock and waited; the digest as committed is full, so it holds none (its
    caller opens a new digest) instead of listing one ticket more than the maximum."""
    first, second, observer = two_instances
    digest, (one, two) = await a_digest_listing_the_first_of(first, 2)

    async def second_looks() -> staff_digests.HeldDigest | None:
        async with second.transaction() as conn:
            return await staff_digests.hold_open_digest(conn, GROUP, 2)

    async with first.transaction() as conn:  # the first adder takes the last room
        found = await staff_digests.hold_open_digest(conn, GROUP, 2)
        assert found is not None and found.ticket_ids == (one,)
        await staff_digests.grow(conn, digest, two, Digest("2", ticket_ids=(one, two)))
        looking = asyncio.create_task(second_looks())
        await until_waiting_for_a_lock(observer)
    assert await looking is None  # before the fix: HeldDigest(digest, (one, two), None)
    async with first.reading() as conn:
        assert await staff_digests.digest_items(conn, digest) == [one, two]
