"""bot/store/steps.py: a conversational step's writes, on both dialects the same rows.

On PostgreSQL they are one statement; on SQLite the statements of any step. Each case
runs on both (`either_store` in tests/conftest.py), and reads the rows back with plain SELECTs.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.evidence.store import StoredFile
from bot.outbox.messages import CallbackAnswer, CitizenReply, read_row
from bot.store import citizens, conversations, inbox, steps
from bot.store.database import Database
from flows.events import Draft, Media, Reply

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)


async def _citizen_and_row(db: Database, external_id: str = "e1") -> tuple[int, int]:
    async with db.transaction() as conn:
        citizen = await citizens.upsert(conn, "telegram", "u1", "c1", "id", "Warga")
        row_id = await inbox.insert(conn, "telegram", external_id, "telegram:u1", "{}")
    assert row_id is not None
    return citizen.id, row_id


def _step(
    citizen_id: int, row_id: int, state: str, draft: Draft, **more: Any
) -> steps.ConversationalStep:
    return steps.ConversationalStep(
        inbox_id=row_id,
        citizen_id=citizen_id,
        state=state,
        draft=draft,
        now=NOW,
        reminder_due=NOW + timedelta(minutes=30),
        expiry_due=None,
        channel="telegram",
        messages=[
            ("c1#cb", CallbackAnswer("cb7", "")),
            ("c1", CitizenReply(Reply("Kapan terjadi?"), "id")),
            ("c1", CitizenReply(Reply("Ketik /batal untuk berhenti."), "id")),
        ],
        **more,
    )


async def _apply(
    db: Database, citizen_id: int, row_id: int, state: str, draft: Draft, **more: Any
) -> None:
    await steps.apply_conversational(db, _step(citizen_id, row_id, state, draft, **more))


async def test_the_conversation_replies_and_inbox_row_are_written(either_store: Database) -> None:
    db = either_store
    citizen_id, row_id = await _citizen_and_row(db)
    draft = Draft(category="crime", description="dompet dicuri")
    await _apply(db, citizen_id, row_id, "when", draft)

    async with db.reading() as conn:
        saved = await conversations.load(conn, citizen_id)
    assert saved is not None
    assert (saved.state, saved.draft, saved.expiry_due_at) == ("when", draft, None)
    assert saved.reminder_due_at == "2026-12-05T10:30:00.000000+00:00"
    sent = await db.fetchall(
        "SELECT channel, chat_id, kind, payload, status FROM outbox ORDER BY id"
    )
    assert [(r[0], r[1], r[4]) for r in sent] == [
        ("telegram", "c1#cb", "pending"),
        ("telegram", "c1", "pending"),
        ("telegram", "c1", "pending"),
    ]
    assert [read_row(r[2], r[3]) for r in sent] == [
        CallbackAnswer("cb7", ""),
        CitizenReply(Reply("Kapan terjadi?"), "id"),
        CitizenReply(Reply("Ketik /batal untuk berhenti."), "id"),
    ]
    done = await db.fetchone("SELECT outcome, processed_at FROM inbox WHERE id = ?", (row_id,))
    assert done is not None and done[0] == "ok" and done[1] is not None


async def test_an_existing_conversation_is_replaced(either_store: Database) -> None:
    db = either_store
    citizen_id, first = await _citizen_and_row(db, "e1")
    await _apply(db, citizen_id, first, "category", Draft())
    _, second = await _citizen_and_row(db, "e2")
    await _apply(db, citizen_id, second, "description", Draft(category="crime"))
    async with db.reading() as conn:
        saved = await conversations.load(conn, citizen_id)
    assert saved is not None and (saved.state, saved.draft) == ("description", Draft("crime"))
    count = await db.fetchone("SELECT COUNT(*) FROM conversations")
    assert count is not None and count[0] == 1


async def test_a_row_processed_elsewhere_writes_nothing(either_store: Database) -> None:
    """Another instance handled the row (after this one lost its lane): nothing of this
    step may be written, as the rolled-back transaction wrote nothing."""
    db = either_store
    citizen_id, row_id = await _citizen_and_row(db)
    async with db.transaction() as conn:
        await inbox.mark_processed(conn, row_id, "ok")
    with pytest.raises(inbox.AlreadyProcessed):
        await _apply(db, citizen_id, row_id, "when", Draft(category="crime"))
    async with db.reading() as conn:
        assert await conversations.load(conn, citizen_id) is None
    queued = await db.fetchone("SELECT COUNT(*) FROM outbox")
    assert queued is not None and queued[0] == 0


async def test_the_consent_and_a_kept_file_are_written_with_the_step(
    either_store: Database,
) -> None:
    db = either_store
    citizen_id, row_id = await _citizen_and_row(db)
    # the type found in the bytes is stored, not the one the sender gave
    photo = steps.KeptFile.from_media(
        Media(kind="photo", file_ref="F1", mime_type="image/png", caption="motor"),
        StoredFile(stored_name="x.jpg", sha256="ab" * 32, size=1234, mime_type="image/jpeg"),
    )
    await _apply(
        db,
        citizen_id,
        row_id,
        "evidence",
        Draft(category="crime"),
        consent=steps.Consent("v3", True),
        kept=photo,
    )
    consent = await db.fetchall("SELECT citizen_id, at, notice_version, granted FROM consents")
    assert [tuple(r) for r in consent] == [
        (citizen_id, "2026-12-05T10:00:00.000000+00:00", "v3", 1)
    ]
    kept = await db.fetchall(
        "SELECT citizen_id, channel, kind, file_ref, unique_ref, mime_type, size, sha256, "
        "stored_name, caption, album_id, ticket_id FROM evidence"
    )
    assert [tuple(r) for r in kept] == [
        (citizen_id, "telegram", "photo", "F1", None, "image/jpeg", 1234, "ab" * 32, "x.jpg")
        + ("motor", None, None)
    ]


async def test_a_row_processed_elsewhere_keeps_no_consent_nor_file(
    either_store: Database,
) -> None:
    db = either_store
    citizen_id, row_id = await _citizen_and_row(db)
    async with db.transaction() as conn:
        await inbox.mark_processed(conn, row_id, "ok")
    with pytest.raises(inbox.AlreadyProcessed):
        await _apply(db, citizen_id, row_id, "when", Draft(), consent=steps.Consent("v3", False))
    assert await db.fetchall("SELECT id FROM consents") == []
