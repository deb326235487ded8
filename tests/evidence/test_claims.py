"""Claims on evidence files (bot/store/evidence_claims.py) and the clean-up that deletes
files no row names (bot/privacy/service.py): on both databases and both evidence stores,
a claimed file is left alone and deleted with the last claim's release; on PostgreSQL, a
claim by another instance waits while a clean-up is deleting the same file, so the
claimer stores it again rather than find it "already there" and lose it a moment later.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

from bot.evidence import DirectoryStore, EvidenceStore, StoredFile
from bot.privacy.service import release_claim, unlink_files
from bot.store import evidence_claims
from bot.store.database import Database
from bot.store.postgres import PostgresDatabase
from tests.dispatcher.pg_database import fresh_database_url
from tests.pg_cluster import Cluster

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"foto yang sama" * 300


async def _claim(db: Database, name: str) -> None:
    """As the dispatcher claims: one statement, in autocommit on PostgreSQL (the file's
    lock taken inside it and held to its commit)."""
    async with db.single_write() as conn:
        await evidence_claims.claim(conn, name)


async def test_a_claimed_file_is_deleted_only_with_its_last_claim(
    either_store: Database, store: EvidenceStore
) -> None:
    db = either_store
    name = store.put(JPEG, "image/jpeg").stored_name
    await _claim(db, name)  # two citizens' steps hold the same file
    await _claim(db, name)
    assert await unlink_files(db, store, [name]) == 0  # an erasure's clean-up
    assert store.exists(name)
    await release_claim(db, store, name)  # the first step ended without keeping it
    assert store.exists(name)
    await release_claim(db, store, name)
    assert not store.exists(name)
    assert (await db.fetchone("SELECT COUNT(*) FROM evidence_claims"))[0] == 0


class HeldDelete:
    """A directory store whose delete waits, on its worker thread, until let go."""

    def __init__(self, inner: DirectoryStore) -> None:
        self.inner = inner
        self.reached = threading.Event()
        self.release = threading.Event()

    def put(self, data: bytes, mime_type: str, named: StoredFile | None = None) -> StoredFile:
        return self.inner.put(data, mime_type, named)

    def read(self, name: str) -> bytes:
        return self.inner.read(name)

    def delete(self, name: str) -> None:
        self.reached.set()
        self.release.wait(10)
        self.inner.delete(name)

    def exists(self, name: str) -> bool:
        return self.inner.exists(name)

    def names(self) -> Iterator[str]:
        return self.inner.names()


async def test_a_claim_on_another_instance_waits_for_a_clean_up_deleting_the_file(
    pg_cluster: Cluster | None, tmp_path: Path
) -> None:
    url = await fresh_database_url(pg_cluster)
    first, second, watcher = [await PostgresDatabase(url).open() for _ in range(3)]
    try:
        store = DirectoryStore(tmp_path / "evidence")
        name = store.put(JPEG, "image/jpeg").stored_name
        held = HeldDelete(store)
        cleaning = asyncio.create_task(unlink_files(first, held, [name]))
        assert await asyncio.to_thread(held.reached.wait, 10)  # checked: unused; deleting

        claiming = asyncio.create_task(_claim(second, name))
        for _ in range(500):  # until the claim waits for the file's lock
            waiting = await watcher.fetchone(
                "SELECT COUNT(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'"
            )
            if waiting[0]:
                break
            await asyncio.sleep(0.02)
        else:
            raise AssertionError("the claim did not wait for the clean-up's lock")
        assert not claiming.done()

        held.release.set()
        assert await cleaning == 1
        await claiming
        # the claimer stores the file now (it is gone, so it is written again) and no
        # clean-up takes it while the claim is held
        store.put(JPEG, "image/jpeg")
        assert await unlink_files(first, store, [name]) == 0
        assert store.read(name) == JPEG
    finally:
        held.release.set()
        for db in (first, second, watcher):
            await db.close()
