"""A conversational step's writes: the conversation saved, the replies queued in the
outbox, the inbox row marked done, together (invariant 2), for the step that writes
nothing else (most steps of a complaint: a question answered, the next one asked).

Why a module of its own, across three tables: on PostgreSQL each statement is a round
trip to the server (~100 µs of our CPU and ~150 µs of the server's), and this step's
transaction was five or more of them (BEGIN, the conversation, each reply, the inbox
row, COMMIT). Here it is ONE statement in autocommit: data-modifying CTEs, atomic as
any single statement (https://www.postgresql.org/docs/current/queries-with.html#QUERIES-WITH-MODIFYING).
The inbox row's UPDATE comes first and the other writes select FROM it, so when the row
was already processed (another instance handled it: `inbox.mark_processed`) nothing is
written and `inbox.AlreadyProcessed` is raised, as the transaction's rollback did.

SQLite has no data-modifying CTEs and its statements cost no round trip: there the same
writes are the same statements as in any step's transaction (conversations.save,
outbox.enqueue, inbox.mark_processed). tests/store/test_steps.py holds both to the same
rows. The dispatcher calls this on PostgreSQL only: on SQLite its steps share one
COMMIT across lanes instead (bot/step_commit.py), which this function's own transaction
would bypass.

Several lanes' steps in one statement (`apply_many`, PostgreSQL): the dispatcher gathers
the steps that wait for the store's connection at the same time (bot/store/gathering.py)
and sends them as arrays. Each step stays all-or-nothing: its conversation and replies
are written only with its own inbox row's UPDATE (joined on the row's id), so a row
another instance processed writes nothing for that step alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.outbox.messages import Outgoing, to_row
from bot.store import conversations, inbox, outbox
from bot.store.connection import Connection
from bot.store.database import Database, fetch_first, iso, utcnow
from flows.events import Draft

# The PostgreSQL statement. Each part is the statement the SQLite side runs, written to
# select FROM `done`; the replies come as three parallel arrays (chat, kind, payload)
# and are inserted in their order (ORDER BY the ordinality: outbox ids keep a chat's
# replies in order, bot/outbox/sender.py).
_APPLY_PG = """
WITH done AS (
    UPDATE inbox SET processed_at = ?, outcome = 'ok'
    WHERE id = ? AND processed_at IS NULL RETURNING id
), saved AS (
    INSERT INTO conversations (citizen_id, state, draft, last_activity_at, reminder_due_at,
        expiry_due_at, updated_at)
    SELECT ?, ?, ?, ?, ?, ?, ? FROM done
    ON CONFLICT (citizen_id) DO UPDATE SET state = excluded.state, draft = excluded.draft,
        last_activity_at = excluded.last_activity_at,
        reminder_due_at = excluded.reminder_due_at, expiry_due_at = excluded.expiry_due_at,
        updated_at = excluded.updated_at
), queued AS (
    INSERT INTO outbox (channel, chat_id, kind, payload, ticket_id, created_at, not_before,
        priority)
    SELECT ?, m.chat_id, m.kind, m.payload, NULL, ?, ?, 0
    FROM done, unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY
        AS m(chat_id, kind, payload, n)
    ORDER BY m.n
)
SELECT COUNT(*) FROM done
"""


async def apply_conversational(
    db: Database,
    *,
    inbox_id: int,
    citizen_id: int,
    state: str,
    draft: Draft,
    now: datetime,
    reminder_due: datetime | None,
    expiry_due: datetime | None,
    channel: str,
    messages: Sequence[tuple[str, Outgoing]],
) -> None:
    """Save the conversation, queue `messages` ((chat id, message), in order) on
    `channel`, and mark the inbox row processed ("ok"), all or nothing. `now` is the
    step's clock (the conversation's times); the outbox and inbox rows are stamped with
    the wall clock, as `outbox.enqueue` and `inbox.mark_processed` stamp them."""
    if db.dialect != "postgresql":
        async with db.transaction() as conn:
            await conversations.save(conn, citizen_id, state, draft, now, reminder_due, expiry_due)
            for chat_id, message in messages:
                await outbox.enqueue(conn, channel=channel, chat_id=chat_id, message=message)
            await inbox.mark_processed(conn, inbox_id, "ok")
        return
    rows = [to_row(message) for _chat, message in messages]
    stamp = iso(utcnow())
    async with db.single_write() as conn:
        done = await fetch_first(
            conn,
            _APPLY_PG,
            (
                stamp,
                inbox_id,
                citizen_id,
                state,
                conversations.stored_draft(draft),
                iso(now),
                iso(reminder_due) if reminder_due else None,
                iso(expiry_due) if expiry_due else None,
                iso(now),
                channel,
                stamp,
                stamp,
                [chat for chat, _message in messages],
                [kind for kind, _payload in rows],
                [payload for _kind, payload in rows],
            ),
        )
    if done is None or done[0] == 0:
        raise inbox.AlreadyProcessed(f"inbox row {inbox_id} was already processed")


@dataclass(frozen=True, slots=True)
class ConversationalStep:
    """One step's writes for `apply_many`: the arguments of `apply_conversational`."""

    inbox_id: int
    citizen_id: int
    state: str
    draft: Draft
    now: datetime
    reminder_due: datetime | None
    expiry_due: datetime | None
    channel: str
    messages: Sequence[tuple[str, Outgoing]]


# Many steps at once (PostgreSQL): `given` holds one row per step, `replies` one per
# message with its step's inbox id; everything else selects FROM `done`, joined on that
# id, so a step whose row was already processed writes nothing. The replies are
# inserted in the order given (steps in turn, each step's in its order: outbox ids keep
# a chat's replies in order). Two steps of one citizen never meet in one statement (a
# citizen's rows are one lane, drained one at a time); if they did, the conversation's
# upsert would fail the statement and bot/store/gathering.py would send each alone.
_APPLY_MANY_PG = """
WITH given AS (
    SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[],
        ?::text[], ?::text[]) AS g(inbox_id, citizen_id, state, draft, at, reminder_due_at,
        expiry_due_at)
), done AS (
    UPDATE inbox SET processed_at = ?, outcome = 'ok' FROM given
    WHERE inbox.id = given.inbox_id AND inbox.processed_at IS NULL RETURNING inbox.id
), saved AS (
    INSERT INTO conversations (citizen_id, state, draft, last_activity_at, reminder_due_at,
        expiry_due_at, updated_at)
    SELECT g.citizen_id, g.state, g.draft, g.at, g.reminder_due_at, g.expiry_due_at, g.at
    FROM given g JOIN done ON done.id = g.inbox_id
    ON CONFLICT (citizen_id) DO UPDATE SET state = excluded.state, draft = excluded.draft,
        last_activity_at = excluded.last_activity_at,
        reminder_due_at = excluded.reminder_due_at, expiry_due_at = excluded.expiry_due_at,
        updated_at = excluded.updated_at
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


async def apply_many(conn: Connection, steps: Sequence[ConversationalStep]) -> list[bool]:
    """PostgreSQL: `apply_conversational` for several steps (of different citizens) in
    one statement on `conn` (autocommit: `Database.single_write`). For each step, in
    order: True when written, False when its inbox row was already processed (nothing
    of that step written; the others are)."""
    stamp = iso(utcnow())
    message_rows = [
        (step.inbox_id, step.channel, chat, *to_row(message))
        for step in steps
        for chat, message in step.messages
    ]
    rows = await conn.execute_fetchall(
        _APPLY_MANY_PG,
        (
            [step.inbox_id for step in steps],
            [step.citizen_id for step in steps],
            [step.state for step in steps],
            [conversations.stored_draft(step.draft) for step in steps],
            [iso(step.now) for step in steps],
            [iso(step.reminder_due) if step.reminder_due else None for step in steps],
            [iso(step.expiry_due) if step.expiry_due else None for step in steps],
            stamp,
            stamp,
            stamp,
            [m[0] for m in message_rows],
            [m[1] for m in message_rows],
            [m[2] for m in message_rows],
            [m[3] for m in message_rows],
            [m[4] for m in message_rows],
        ),
    )
    done = {int(row[0]) for row in rows}
    return [step.inbox_id in done for step in steps]
