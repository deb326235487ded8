"""bot/store/citizens.py `by_ids`: the citizens `by_id` reads one at a time, for any number
of ids in one statement (a delivered digest's, bot/officers/card_delivery.py); an unknown
id left out. Both dialects (`either_store` in tests/conftest.py)."""

from __future__ import annotations

from bot.store import citizens
from bot.store.database import Database


async def test_by_ids_reads_what_by_id_reads(either_store: Database) -> None:
    db = either_store
    async with db.transaction() as conn:
        made = [
            await citizens.upsert(conn, "telegram", user, user, "id", f"Warga{user}")
            for user in ("5801", "5802")
        ]
        made.append(await citizens.upsert(conn, "whatsapp", "62811", "62811", None, None))
        ids = [c.id for c in made]
        one_by_one = {i: await citizens.by_id(conn, i) for i in ids}
        together = await citizens.by_ids(conn, [ids[2], 999_999, ids[0], ids[2], ids[1]])
        assert await citizens.by_ids(conn, []) == {}
    assert together == one_by_one
