"""A conversational step's writes: the conversation saved, the replies queued in the
outbox, the inbox row marked done, together (invariant 2), for the step that writes
nothing else besides, at most, the citizen's consent and one kept file (most steps of a
complaint: a question answered, the next one asked; the consent; a photo).

Why a module of its own, across several tables: on PostgreSQL each statement is a round
trip to the server (~100 µs of our CPU and ~150 µs of the server's), and this step's
transaction was five or more of them (BEGIN, the conversation, each reply, the inbox
row, COMMIT). Here it is ONE statement in autocommit: data-modifying CTEs, atomic as
any single statement (https://www.postgresql.org/docs/current/queries-with.html#QUERIES-WITH-MODIFYING).
The inbox row's UPDATE comes first and the other writes select FROM it, so when the row
was already processed (another instance handled it: `inbox.mark_processed`) nothing is
written for that step (`apply_conversational` raises `inbox.AlreadyProcessed`, as the
transaction's rollback did).

Several lanes' steps in one statement (`apply_many`): the dispatcher gathers the steps
that wait for the store's connection at the same time (bot/store/gathering.py) and
sends them as arrays, one row per step. Each step stays all-or-nothing: its writes are
joined to its own inbox row's UPDATE, so a row another instance processed writes
nothing of that step alone, and the others are written.

SQLite has no data-modifying CTEs and its statements cost no round trip: there the same
writes are the same statements as in any step's transaction (conversations.save,
evidence.insert, triage.record_consent, outbox.enqueue_many, inbox.mark_processed).
tests/store/test_steps.py holds both to the same rows. The dispatcher uses this on
PostgreSQL only: on SQLite its steps share one COMMIT across lanes instead
(bot/step_commit.py), which this function's own transaction would bypass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.outbox.messages import Outgoing, to_row
from bot.store import conversations, evidence_claims, inbox, outbox, triage
from bot.store import evidence as evidence_store
from bot.store.connection import Connection
from bot.store.database import COMMIT_SETTING, Database, deferral, iso, utcnow
from flows.events import Draft, Media

if TYPE_CHECKING:
    from bot.evidence.store import StoredFile


@dataclass(frozen=True, slots=True)
class KeptFile:
    """A file the step received and kept: its evidence row. Built by `from_media` only,
    and written by `insert` in a transaction or by `apply_many`'s statement, so the two
    ways a step keeps a file (bot/dispatcher.py) store the same row. `claim_id`: the
    claim the step took before storing the file (bot/store/evidence_claims.py), given
    back where the row is written, so that the file is named by the claim or the row at
    every moment and the step needs no transaction of its own to release it."""

    kind: str
    file_ref: str
    mime_type: str | None
    size: int
    sha256: str
    stored_name: str
    caption: str | None
    album_id: str | None
    claim_id: int | None = None

    @classmethod
    def from_media(cls, media: Media, stored: StoredFile, claim_id: int | None = None) -> KeptFile:
        """What the citizen sent (kind, the platform's handle, caption, album) and what
        was kept of it (the generated name, digest, size and the type found in the
        bytes: never the sender's word for them)."""
        return cls(
            kind=media.kind,
            file_ref=media.file_ref,
            mime_type=stored.mime_type,
            size=stored.size,
            sha256=stored.sha256,
            stored_name=stored.stored_name,
            caption=media.caption,
            album_id=media.album_id,
            claim_id=claim_id,
        )

    async def insert(self, conn: Connection, citizen_id: int, channel: str) -> int:
        """The row in the transaction on `conn` (`evidence.insert`), the step's claim given
        back in it; the row's id."""
        if self.claim_id is not None:
            await evidence_claims.give_back(conn, self.claim_id)
        return await evidence_store.insert(
            conn,
            citizen_id=citizen_id,
            channel=channel,
            kind=self.kind,
            file_ref=self.file_ref,
            unique_ref=None,
            mime_type=self.mime_type,
            size=self.size,
            sha256=self.sha256,
            stored_name=self.stored_name,
            caption=self.caption,
            album_id=self.album_id,
        )


@dataclass(frozen=True, slots=True)
class Consent:
    """The citizen's answer to the privacy notice (`triage.record_consent`)."""

    version: str
    granted: bool


@dataclass(frozen=True, slots=True)
class ConversationalStep:
    """One step's writes. `now` is the step's clock (the conversation's times, the
    consent's); the outbox, inbox and evidence rows are stamped with the wall clock, as
    `outbox.enqueue`, `inbox.mark_processed` and `evidence.insert` stamp them."""

    inbox_id: int
    citizen_id: int
    state: str
    draft: Draft
    now: datetime
    reminder_due: datetime | None
    expiry_due: datetime | None
    channel: str
    messages: Sequence[tuple[str, Outgoing]]  # (chat id, message), in order
    consent: Consent | None = None
    kept: KeptFile | None = None


# PostgreSQL: `given` holds one row per step, `m` one per message with its step's inbox
# id; every write selects FROM `done` joined on that id. The replies are inserted in the
# order given (steps in turn, each step's in its order: outbox ids keep a chat's replies
# in order, bot/outbox/sender.py). Two steps of one citizen never meet in one statement
# (a citizen's rows are one lane, drained one at a time); if they did, the
# conversation's upsert would fail the statement and bot/store/gathering.py would send
# each step alone. The conversation is a plain UPDATE when it exists (all steps but a
# citizen's first): ON CONFLICT DO UPDATE locks the row it then updates, one more WAL
# record and row lock a step (bench/README.md "Session 33"); the INSERT takes the rows
# the UPDATE did not find, its ON CONFLICT still there for a row committed meanwhile.
# `timers_due_from` as `conversations.save` writes it (migration 0019: the stored bound
# kept while not after the step's earliest timer, so the step's UPDATE is HOT).
_APPLY_MANY_PG = f"""
WITH given AS (
    SELECT *, {COMMIT_SETTING} AS commit_setting
    FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[],
        ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[],
        ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[])
    AS g(inbox_id, citizen_id, state, draft, at, reminder_due_at, expiry_due_at, channel,
        consent_version, consent_granted, file_kind, file_ref, mime_type, size, sha256,
        stored_name, caption, album_id, claim_id)
), done AS (
    UPDATE inbox SET processed_at = ?, outcome = 'ok' FROM given
    WHERE inbox.id = given.inbox_id AND inbox.processed_at IS NULL RETURNING inbox.id
), saved AS (
    UPDATE conversations c SET state = g.state, draft = g.draft, last_activity_at = g.at,
        reminder_due_at = g.reminder_due_at, expiry_due_at = g.expiry_due_at,
        timers_due_from = CASE WHEN c.timers_due_from <= LEAST(g.reminder_due_at,
            g.expiry_due_at) THEN c.timers_due_from
            ELSE LEAST(g.reminder_due_at, g.expiry_due_at) END,
        updated_at = g.at
    FROM given g JOIN done ON done.id = g.inbox_id WHERE c.citizen_id = g.citizen_id
    RETURNING c.citizen_id
), created AS (
    INSERT INTO conversations (citizen_id, state, draft, last_activity_at, reminder_due_at,
        expiry_due_at, timers_due_from, updated_at)
    SELECT g.citizen_id, g.state, g.draft, g.at, g.reminder_due_at, g.expiry_due_at,
        LEAST(g.reminder_due_at, g.expiry_due_at), g.at
    FROM given g JOIN done ON done.id = g.inbox_id
    WHERE g.citizen_id NOT IN (SELECT citizen_id FROM saved)
    ON CONFLICT (citizen_id) DO UPDATE SET state = excluded.state, draft = excluded.draft,
        last_activity_at = excluded.last_activity_at,
        reminder_due_at = excluded.reminder_due_at, expiry_due_at = excluded.expiry_due_at,
        timers_due_from = CASE WHEN conversations.timers_due_from <= excluded.timers_due_from
            THEN conversations.timers_due_from ELSE excluded.timers_due_from END,
        updated_at = excluded.updated_at
), consented AS (
    INSERT INTO consents (citizen_id, at, notice_version, granted)
    SELECT g.citizen_id, g.at, g.consent_version, g.consent_granted
    FROM given g JOIN done ON done.id = g.inbox_id WHERE g.consent_version IS NOT NULL
), kept AS (
    INSERT INTO evidence (citizen_id, channel, kind, file_ref, unique_ref, mime_type, size,
        sha256, stored_name, caption, album_id, created_at)
    SELECT g.citizen_id, g.channel, g.file_kind, g.file_ref, NULL, g.mime_type, g.size,
        g.sha256, g.stored_name, g.caption, g.album_id, ?
    FROM given g JOIN done ON done.id = g.inbox_id WHERE g.file_kind IS NOT NULL
    ORDER BY g.inbox_id
), unclaimed AS (
    DELETE FROM evidence_claims WHERE id IN (
        SELECT g.claim_id FROM given g JOIN done ON done.id = g.inbox_id
        WHERE g.file_kind IS NOT NULL AND g.claim_id IS NOT NULL)
), queued AS (
    INSERT INTO outbox (channel, chat_id, kind, payload, ticket_id, created_at, not_before,
        priority)
    SELECT m.channel, m.chat_id, m.kind, m.payload, NULL, ?, ?, 0
    FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY
        AS m(inbox_id, channel, chat_id, kind, payload, n)
    JOIN done ON done.id = m.inbox_id
    ORDER BY m.n
)
SELECT id FROM done
"""


async def apply_conversational(db: Database, step: ConversationalStep) -> None:
    """Write `step` all or nothing, in one statement on PostgreSQL and in a transaction
    on SQLite. Raises `inbox.AlreadyProcessed` (nothing written) when its inbox row was
    already processed."""
    if db.dialect != "postgresql":
        async with db.transaction() as conn:
            await _apply_in_transaction(conn, step)
        return
    async with db.single_write() as conn:
        (done,) = await apply_many(conn, [step])
    if not done:
        raise inbox.AlreadyProcessed(f"inbox row {step.inbox_id} was already processed")


async def _apply_in_transaction(conn: Connection, step: ConversationalStep) -> None:
    """SQLite: the statements any step's transaction runs, in the dispatcher's order."""
    await conversations.save(
        conn,
        step.citizen_id,
        step.state,
        step.draft,
        step.now,
        step.reminder_due,
        step.expiry_due,
    )
    if step.kept is not None:
        await step.kept.insert(conn, step.citizen_id, step.channel)
    if step.consent is not None:
        await triage.record_consent(
            conn, step.citizen_id, step.consent.version, step.consent.granted, step.now
        )
    await outbox.enqueue_many(conn, step.channel, step.messages)
    await inbox.mark_processed(conn, step.inbox_id, "ok")


async def apply_many(conn: Connection, steps: Sequence[ConversationalStep]) -> list[bool]:
    """PostgreSQL: several steps (of different citizens) in one statement on `conn`
    (autocommit: `Database.single_write`). For each step, in order: True when written,
    False when its inbox row was already processed (nothing of that step written; the
    others are)."""
    stamp = iso(utcnow())
    messages = [
        (step.inbox_id, step.channel, chat, *to_row(message))
        for step in steps
        for chat, message in step.messages
    ]
    consents = [step.consent for step in steps]
    files = [step.kept for step in steps]
    rows = await conn.execute_fetchall(
        _APPLY_MANY_PG,
        (
            deferral(conn),  # COMMIT_SETTING: a DEFERRED single_write's commit
            [step.inbox_id for step in steps],
            [step.citizen_id for step in steps],
            [step.state for step in steps],
            [conversations.stored_draft(step.draft) for step in steps],
            [iso(step.now) for step in steps],
            [iso(step.reminder_due) if step.reminder_due else None for step in steps],
            [iso(step.expiry_due) if step.expiry_due else None for step in steps],
            [step.channel for step in steps],
            [c.version if c else None for c in consents],
            [int(c.granted) if c else None for c in consents],
            [f.kind if f else None for f in files],
            [f.file_ref if f else None for f in files],
            [f.mime_type if f else None for f in files],
            [f.size if f else None for f in files],
            [f.sha256 if f else None for f in files],
            [f.stored_name if f else None for f in files],
            [f.caption if f else None for f in files],
            [f.album_id if f else None for f in files],
            [f.claim_id if f else None for f in files],
            stamp,  # inbox.processed_at
            stamp,  # evidence.created_at
            stamp,  # outbox.created_at
            stamp,  # outbox.not_before
            [m[0] for m in messages],
            [m[1] for m in messages],
            [m[2] for m in messages],
            [m[3] for m in messages],
            [m[4] for m in messages],
        ),
    )
    done = {int(row[0]) for row in rows}
    return [step.inbox_id in done for step in steps]
