"""bot/store/conversations.py `arrive`: the citizen's upsert with its conversation.

On PostgreSQL one statement (a CTE), on SQLite the upsert and a read; both give what
`citizens.upsert` and `conversations.load` give (`either_store` in tests/conftest.py runs each case
on both).
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.store import citizens, conversations
from bot.store.database import Database
from bot.store.postgres import PostgresDatabase
from flows.events import Draft
from tests.store.rows_read import rows_read

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


async def test_known_reads_the_citizen_and_its_conversation(either_store: Database) -> None:
    """`known` (SQLite's arrival of a known citizen): what `citizens.by_identity` and
    `load` read, in one statement."""
    db = either_store
    async with db.reading() as conn:
        assert await conversations.known(conn, "telegram", "u1") is None
    citizen, _ = await conversations.arrive(db, "telegram", "u1", "c1", "id", "Ani")
    async with db.reading() as conn:
        assert await conversations.known(conn, "telegram", "u1") == (citizen, None)
    draft = Draft(category="crime", description="motor hilang", history=["consent"])
    async with db.transaction() as conn:
        await conversations.save(conn, citizen.id, "when", draft, NOW, NOW, None)
    async with db.reading() as conn:
        found = await conversations.known(conn, "telegram", "u1")
        assert found == (
            await citizens.by_identity(conn, "telegram", "u1"),
            await conversations.load(conn, citizen.id),
        )
    assert found is not None and found[1] is not None and found[1].draft == draft


def _drafts() -> list[Draft]:
    """Drafts with every kind of value a draft holds (text, numbers, lists, dicts, flags,
    non-ASCII text), and one with a tuple where a list is expected."""
    full = Draft(
        category="crime",
        description="Dompet dicopet di bus — “tolong” 🙏",
        occurred_at="2026-12-04T11:00:00.000000+00:00",
        occurred_text="kemarin siang",
        occurred_precision="part_of_day",
        place_text="kec cilandak jaksel",
        place_code="31.74.08",
        place_label="Cilandak, Jakarta Selatan",
        polres_id="polres-jaksel",
        latitude=-6.2901,
        longitude=106.7981,
        place_candidates=[{"code": "31.74.08", "path": "Cilandak", "score": 0.93, "n": 1}],
        evidence=[{"kind": "photo", "stored_name": "ab.jpg", "size": 1234, "caption": None}],
        contact="chat",
        editing=True,
        history=["consent", "category", "description"],
        last_options=[["place:yes", "✅ Ya"], ["place:no", "Bukan"]],
        priority="urgent",
        emergency_words=["tolong"],
        abuse_words=[],
        suggested_category="crime",
        category_evidence=["dicopet"],
        emergency_rules=["model"],
        pending_text=None,
        prefilled=["description"],
        when_misses=2,
        all_categories=True,
        kind="question",
    )
    tupled = Draft(history=("consent", "category"))  # type: ignore[arg-type]
    return [Draft(), full, tupled]


def test_the_stored_draft_is_the_draft_json_dumped() -> None:
    """`stored_draft` dumps the fields as they are: the text `to_json()` dumped gives."""
    import json

    for draft in _drafts():
        stored = conversations.stored_draft(draft)
        assert stored == json.dumps(draft.to_json(), ensure_ascii=False)
        assert Draft.from_json(json.loads(stored)) == Draft.from_json(draft.to_json())


# PostgreSQL: the arrival's plan at the citizen counts of a young deployment. `pg` is the
# store fixture of tests/store/conftest.py.
KNOWN_CITIZENS = 2000


async def test_the_arrival_reads_its_citizens_by_index_after_an_analyze(
    pg: PostgresDatabase,
) -> None:
    """`arrive_many` on PostgreSQL, planned after an ANALYZE of a few thousand citizens
    (bench/README.md "Session 40: the server's share"): the generic plan, costed for the
    ten rows the planner guesses for an array, joined the arrivals to citizens and to
    conversations by reading both tables whole, at every batch of arrivals, until the
    tables grew past ~6,000 rows."""
    assert pg._pg is not None
    # the plan an instance's named statement settles on after five executions
    await pg._pg.raw.execute("SET plan_cache_mode = force_generic_plan")
    async with pg.transaction() as conn:
        await conn.execute(
            "INSERT INTO citizens (channel, external_id, chat_id, created_at) SELECT "
            f"'telegram', 'u' || g, 'c' || g, 'x' FROM generate_series(1, {KNOWN_CITIZENS}) g"
        )
        await conn.execute(
            "INSERT INTO conversations (citizen_id, state, draft, last_activity_at, updated_at) "
            "SELECT id, 'when', '{}', 'x', 'x' FROM citizens"
        )
    await pg._pg.raw.execute("ANALYZE citizens, conversations")
    arrivals: list[conversations.Arrival] = [
        ("telegram", f"u{n}", f"c{n}", "id", None) for n in range(1, 9)
    ]
    arrivals.append(("telegram", "new", "c-new", "id", "Ani"))
    # in a transaction: rows_read counts this transaction's reads around the statement
    async with pg.transaction() as conn:
        read_citizens = await rows_read(
            conn, "citizens", lambda: conversations.arrive_many(conn, arrivals)
        )
    async with pg.transaction() as conn:
        read_conversations = await rows_read(
            conn, "conversations", lambda: conversations.arrive_many(conn, arrivals)
        )
    # nine citizens named, eight with a conversation; a whole read was 2,000 rows
    assert (read_citizens[0], read_conversations[0]) == (0, 0)
    assert read_citizens[1] <= 20 and read_conversations[1] <= 20, (
        read_citizens,
        read_conversations,
    )
