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
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.outbox.messages import Outgoing, to_row
from bot.store import conversations, inbox, outbox
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
