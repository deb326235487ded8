"""bot/store/conversations.py `arrive`: the citizen's upsert with its conversation.

On PostgreSQL one statement (a CTE), on SQLite the upsert and a read; both give what
`citizens.upsert` and `conversations.load` give (tests/store/conftest.py runs each case
on both).
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.store import citizens, conversations
from bot.store.database import Database
from flows.events import Draft

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)


async def test_a_new_citizen_has_no_conversation(either_store: Database) -> None:
    citizen, current = await conversations.arrive(either_store, "telegram", "u1", "c1", "id", "Ani")
    assert current is None
    async with either_store.reading() as conn:
        assert await citizens.by_identity(conn, "telegram", "u1") == citizen
    assert (citizen.chat_id, citizen.platform_locale, citizen.display_name) == ("c1", "id", "Ani")
    assert citizen.last_inbound_at is not None


async def test_the_conversation_comes_with_the_refreshed_citizen(either_store: Database) -> None:
    db = either_store
    first, _ = await conversations.arrive(db, "telegram", "u1", "c1", "id", "Ani")
    draft = Draft(category="crime", description="motor hilang")
    async with db.transaction() as conn:
        await conversations.save(conn, first.id, "when", draft, NOW, None, NOW)
    # a new chat id and no display name this time: the name is kept, the chat refreshed
    again, current = await conversations.arrive(db, "telegram", "u1", "c2", None, None)
    assert again.id == first.id
    assert (again.chat_id, again.platform_locale, again.display_name) == ("c2", "id", "Ani")
    assert current == conversations.Conversation(
        first.id, "when", draft, None, "2026-12-05T10:00:00.000000+00:00"
    )
