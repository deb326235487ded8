"""bot/store/privacy.py: the purge's scrub of a citizen's raw messages (`scrub_lane`
through `erase_identity`) and the inbox check before it (`still_idle`), on both
backends.

The purge checks in its transaction that the citizen has no unhandled message, then
erases the identity. On PostgreSQL (READ COMMITTED) a message stored between the two
statements is visible to the scrub; it is written here inside the purge's transaction,
between the check and the erasure, which puts it in the same place on both backends,
and on PostgreSQL also by a second server session (another instance's webhook) that
commits it while the purge's transaction is open.
"""

from __future__ import annotations

import json

import pytest

from bot.store import citizens, inbox
from bot.store.database import Database, utcnow
from bot.store.privacy import erase_citizen, erase_identity, still_idle

LONG_AGO = "2000-01-01T00:00:00+00:00"
CUTOFF = "2020-01-01T00:00:00+00:00"
# (channel, the lane its adapter gives the citizen's messages: bot/channels/*/ citizen_lane)
CHANNELS = [("telegram", "tg:7001"), ("console", "console:7001")]


async def _idle_citizen(db: Database, channel: str, lane: str) -> int:
    """A citizen last heard from long ago, with one message stored and handled."""
    async with db.transaction() as conn:
        citizen = await citizens.upsert(conn, channel, "7001", "7001", None, "Budi")
        await conn.execute(
            "UPDATE citizens SET last_inbound_at = ?, created_at = ? WHERE id = ?",
            (LONG_AGO, LONG_AGO, citizen.id),
        )
        old = await inbox.insert(conn, channel, "m1", lane, json.dumps({"text": "halo"}))
        assert old is not None
        await inbox.mark_processed(conn, old, "ok")
    return citizen.id


async def _inbox(db: Database) -> dict[str, tuple[str, str]]:
    rows = await db.fetchall("SELECT external_id, lane, payload FROM inbox")
    return {str(r[0]): (str(r[1]), str(r[2])) for r in rows}


@pytest.mark.parametrize(("channel", "lane"), CHANNELS)
async def test_purge_keeps_a_message_stored_after_its_check(
    either_store: Database, channel: str, lane: str
) -> None:
    db = either_store
    citizen_id = await _idle_citizen(db, channel, lane)
    new = json.dumps({"text": "saya mau lapor"})
    async with db.transaction() as conn:  # the purge's erasing transaction
        assert await still_idle(conn, citizen_id, CUTOFF)
        await inbox.insert(conn, channel, "m2", lane, new)  # arrives after the check
        await erase_identity(conn, citizen_id, None)

    stored = await _inbox(db)
    marker = f"erased:{citizen_id}"
    assert stored["m1"] == (marker, "{}")  # the handled message is erased
    assert stored["m2"] == (lane, new)  # the new one waits, whole, in the citizen's lane


async def test_purge_keeps_a_message_another_instance_commits_after_the_check(
    two_instances: tuple[Database, Database],
) -> None:
    purging, receiving = two_instances
    lane = "tg:7001"
    citizen_id = await _idle_citizen(purging, "telegram", lane)
    new = json.dumps({"text": "saya mau lapor"})
    async with purging.transaction() as conn:
        assert await still_idle(conn, citizen_id, CUTOFF)
        # the webhook's insert does not touch the citizen row the check locked: it commits
        assert await inbox.record(receiving, "telegram", "m2", lane, new) is not None
        await erase_identity(conn, citizen_id, None)

    stored = await _inbox(receiving)
    assert stored["m1"] == (f"erased:{citizen_id}", "{}")
    assert stored["m2"] == (lane, new)


@pytest.mark.parametrize(("channel", "lane"), CHANNELS)
async def test_an_unhandled_message_in_the_citizens_lane_stops_the_purge(
    either_store: Database, channel: str, lane: str
) -> None:
    db = either_store
    citizen_id = await _idle_citizen(db, channel, lane)
    async with db.transaction() as conn:
        await inbox.insert(conn, channel, "m2", lane, json.dumps({"text": "halo lagi"}))
    async with db.transaction() as conn:
        assert not await still_idle(conn, citizen_id, CUTOFF)


@pytest.mark.parametrize(("channel", "lane"), CHANNELS)
async def test_hapusdata_erases_the_message_being_handled_and_keeps_a_later_one(
    either_store: Database, channel: str, lane: str
) -> None:
    """The citizen's /hapusdata (no lane given by an adapter, as when the channel is not
    configured): the /hapusdata message (the id the dispatcher passes) goes with the
    handled ones; a message written after it stays."""
    db = either_store
    citizen_id = await _idle_citizen(db, channel, lane)
    async with db.transaction() as conn:
        handled = await inbox.insert(conn, channel, "m2", lane, json.dumps({"text": "/hapusdata"}))
        await inbox.insert(conn, channel, "m3", lane, json.dumps({"text": "halo"}))
    assert handled is not None
    async with db.transaction() as conn:
        done = await erase_citizen(conn, citizen_id, utcnow(), None, handled)
    assert done.citizens == 1
    stored = await _inbox(db)
    marker = f"erased:{citizen_id}"
    assert stored["m1"] == (marker, "{}")
    assert stored["m2"] == (marker, "{}")
    assert stored["m3"] == (lane, json.dumps({"text": "halo"}))
