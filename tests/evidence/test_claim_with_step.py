"""A step gives its evidence claim back with the row naming the file (session 36).

bot/store/evidence_claims.py: a claim is one statement (on PostgreSQL in autocommit, the
file's lock taken inside it), the citizen's daily quota checked in it, and the step that
keeps the file deletes its own claim where it writes the evidence row (in the statement
of `steps.apply_many` or the step's transaction). The guarantee of docs/reliability.md
holds at every moment: the file is named by a claim or a row, and a file nothing names
is deleted under its lock. Each store case runs on both dialects (`either_store`); the
dispatcher's cases run through the whole bot on the dialect of the run.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot import dispatcher as dispatcher_module
from bot.evidence import DirectoryStore, EvidenceStore
from bot.evidence.store import StoredFile
from bot.i18n import translator
from bot.privacy.service import purge, release_claim, unlink_files
from bot.store import citizens, evidence_claims, inbox, steps
from bot.store.database import Database, iso
from flows.events import Draft, Media
from tests.e2e.steps import answer_until
from tests.harness import Harness

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"foto kendaraan pelaku" * 300
NOW = datetime.now(UTC)


async def _citizen_and_row(db: Database, external_id: str = "e1") -> tuple[int, int]:
    async with db.transaction() as conn:
        citizen = await citizens.upsert(conn, "telegram", "u1", "c1", "id", "Warga")
        row_id = await inbox.insert(conn, "telegram", external_id, "telegram:u1", "{}")
    assert row_id is not None
    return citizen.id, row_id


async def _claim(db: Database, name: str, quota: evidence_claims.Quota | None = None) -> int | None:
    """As the dispatcher claims: one statement (autocommit on PostgreSQL)."""
    async with db.single_write() as conn:
        return await evidence_claims.claim(conn, name, quota)


async def _claims(db: Database) -> list[int]:
    return [int(r[0]) for r in await db.fetchall("SELECT id FROM evidence_claims ORDER BY id")]


def _keeping(citizen_id: int, row_id: int, stored: StoredFile, claim_id: int | None) -> Any:
    media = Media(kind="photo", file_ref="F1", mime_type="image/jpeg")
    return steps.ConversationalStep(
        inbox_id=row_id,
        citizen_id=citizen_id,
        state="evidence",
        draft=Draft(category="crime"),
        now=NOW,
        reminder_due=None,
        expiry_due=None,
        channel="telegram",
        messages=[],
        kept=steps.KeptFile.from_media(media, stored, claim_id),
    )


async def test_the_step_that_keeps_the_file_gives_back_its_own_claim(
    either_store: Database, store: EvidenceStore
) -> None:
    db = either_store
    citizen_id, row_id = await _citizen_and_row(db)
    name = store.put(JPEG, "image/jpeg").stored_name
    other = await _claim(db, name)  # another citizen's step holds the same file
    mine = await _claim(db, name)
    assert other is not None and mine is not None and other != mine
    stored = store.put(JPEG, "image/jpeg")  # "already there"
    await steps.apply_conversational(db, _keeping(citizen_id, row_id, stored, mine))

    assert await _claims(db) == [other]  # its own, not the other step's
    named = await db.fetchall("SELECT stored_name FROM evidence")
    assert [str(r[0]) for r in named] == [name]
    assert await unlink_files(db, store, [name]) == 0  # the row names it
    assert store.exists(name)


async def test_a_row_processed_elsewhere_leaves_the_claim_for_the_release(
    either_store: Database, store: EvidenceStore
) -> None:
    """Nothing of the step is written, its claim included: the dispatcher releases it
    and the file, named by nothing, is deleted."""
    db = either_store
    citizen_id, row_id = await _citizen_and_row(db)
    name = store.put(JPEG, "image/jpeg").stored_name
    claim_id = await _claim(db, name)
    async with db.transaction() as conn:
        await inbox.mark_processed(conn, row_id, "ok")
    stored = store.put(JPEG, "image/jpeg")
    with pytest.raises(inbox.AlreadyProcessed):
        await steps.apply_conversational(db, _keeping(citizen_id, row_id, stored, claim_id))
    assert await _claims(db) == [claim_id]
    assert store.exists(name)
    await release_claim(db, store, name, claim_id)
    assert await _claims(db) == []
    assert not store.exists(name)


async def test_the_claim_refuses_a_file_over_the_citizens_daily_quota(
    either_store: Database,
) -> None:
    db = either_store
    citizen_id, _ = await _citizen_and_row(db)
    async with db.transaction() as conn:
        for size, at in ((600, NOW - timedelta(hours=2)), (5000, NOW - timedelta(days=2))):
            await conn.execute(
                "INSERT INTO evidence (citizen_id, channel, kind, file_ref, size, sha256, "
                "stored_name, created_at) VALUES (?, 'telegram', 'photo', 'F', ?, 'ab', ?, ?)",
                (citizen_id, size, f"old-{size}.jpg", iso(at)),
            )
    since = NOW - timedelta(days=1)

    def quota(size: int) -> evidence_claims.Quota:
        return evidence_claims.Quota(citizen_id, since, size, 1000)

    # 600 bytes today (the 5000 two days ago do not count): 400 more fit, 401 do not
    assert await _claim(db, "over.jpg", quota(401)) is None
    assert await _claims(db) == []
    fits = await _claim(db, "fits.jpg", quota(400))
    assert fits is not None and await _claims(db) == [fits]
    # another citizen's rows are not counted
    other = evidence_claims.Quota(citizen_id + 1, since, 1000, 1000)
    assert await _claim(db, "other.jpg", other) is not None


async def test_a_claim_left_by_a_stopped_step_holds_the_file_until_the_purge(
    either_store: Database, tmp_path: Path
) -> None:
    """An instance stopped between its claim and its step (its file stored, no row). The
    step, handled again, claims again, keeps the file and gives back the second claim;
    the first holds the file until the purge drops it a day later, and then the file is
    deleted once no row names it either."""
    db = either_store
    store = DirectoryStore(tmp_path / "evidence")
    citizen_id, row_id = await _citizen_and_row(db)
    name = store.put(JPEG, "image/jpeg").stored_name
    stopped = await _claim(db, name)
    assert stopped is not None
    store.put(JPEG, "image/jpeg")  # ... and the instance stopped here

    again = await _claim(db, name)
    stored = store.put(JPEG, "image/jpeg")
    await steps.apply_conversational(db, _keeping(citizen_id, row_id, stored, again))
    assert await _claims(db) == [stopped]

    # the citizen's row erased (a /hapusdata): the stale claim still names the file
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM evidence WHERE stored_name = ?", (name,))
    assert await unlink_files(db, store, [name]) == 0
    assert store.exists(name)

    await purge(db, store, retention_days=30, now=NOW + timedelta(days=2))
    assert await _claims(db) == []
    assert not store.exists(name)


# ----------------------------------------------------------- through the whole bot


def _counting_releases(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    released: list[str] = []
    original = dispatcher_module.privacy.release_claim

    async def counted(db: Database, evidence: EvidenceStore, name: str, *args: Any) -> None:
        released.append(name)
        await original(db, evidence, name, *args)

    monkeypatch.setattr(dispatcher_module.privacy, "release_claim", counted)
    return released


async def test_a_kept_photo_needs_no_release_after_its_step(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The usual photo: its claim goes with the step's row (before session 36, a
    transaction of its own after every step that stored a file)."""
    h = harness
    released = _counting_releases(monkeypatch)
    citizen = h.citizen(6421)
    await citizen.say("/start")
    await answer_until(citizen, "evidence", when="when:today")
    h.api.add_file("KEPT", JPEG)
    await citizen.send(h.updates.photo(citizen.user_id, "KEPT", file_size=len(JPEG)))
    await h.settle()

    named = [str(r[0]) for r in await h.rows("SELECT stored_name FROM evidence")]
    assert len(named) == 1
    assert h.runtime.settings.evidence.exists(named[0])
    assert await h.rows("SELECT id FROM evidence_claims") == []
    assert released == []


async def test_a_photo_under_the_privacy_notice_is_released_and_deleted(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = harness
    released = _counting_releases(monkeypatch)
    h.api.add_file("UNKEPT", JPEG)
    h.api.push_update(h.updates.photo(6422, "UNKEPT", file_size=len(JPEG)))
    await h.settle()
    assert h.api.sent(6422)  # answered (the privacy notice)
    assert len(released) == 1
    assert await h.rows("SELECT id FROM evidence_claims") == []
    assert await h.rows("SELECT id FROM evidence") == []
    assert not h.runtime.settings.evidence.exists(released[0])


@pytest.mark.settings(DUMAS_MAX_EVIDENCE_MB_PER_CITIZEN=str(10000 / (1024 * 1024)))
async def test_a_file_over_the_daily_quota_is_refused_and_the_next_not_downloaded(
    harness: Harness,
) -> None:
    """10,000 bytes a day: the first photo (6,300 bytes) is kept; the second is
    refused by the claim after its download; the third is refused before its download
    (the quota read first for a citizen this instance refused)."""
    h = harness
    citizen = h.citizen(6423)
    await citizen.say("/start")
    await answer_until(citizen, "evidence", when="when:today")
    photos = [JPEG, JPEG + b"kedua", JPEG + b"ketiga"]
    for n, data in enumerate(photos):
        h.api.add_file(f"Q{n}", data)
        await citizen.send(h.updates.photo(citizen.user_id, f"Q{n}", file_size=len(data)))
        await h.settle()

    kept = await h.rows("SELECT size FROM evidence")
    assert [int(r[0]) for r in kept] == [len(JPEG)]
    assert await h.rows("SELECT id FROM evidence_claims") == []
    asked = [c.params.get("file_id") for c in h.api.calls_to("getFile")]
    assert asked.count("Q0") == 1 and asked.count("Q1") == 1
    assert "Q2" not in asked
    refusal = translator("id").gettext(
        "You have sent the most evidence we can store for you today. Please "
        "continue without more files, or try again tomorrow."
    )
    said = [str(c.params.get("text")) for c in h.api.sent(citizen.user_id)]
    assert sum(refusal in text for text in said) == 2
