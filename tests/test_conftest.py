"""The suite's own fixtures (tests/conftest.py): what a test's store is on each backend."""

from __future__ import annotations

from pathlib import Path

from bot.settings import load_settings
from bot.store import inbox
from bot.store.database import open_store


async def test_each_data_directory_is_an_installation_of_its_own(tmp_path: Path) -> None:
    """Two data directories are two installations on both backends: on SQLite two files,
    on PostgreSQL two databases (a test with a Telegram and a WhatsApp harness once had
    both runtimes on one database, each draining the other's citizens)."""
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    settings = {
        name: load_settings({"DUMAS_DATA_DIR": str(tmp_path / folder)}, env_file=None)
        for name, folder in (("a", "a"), ("a again", "a"), ("b", "b"))
    }

    first = settings["a"]
    async with open_store(first.database_url, first.db_path) as db, db.transaction() as conn:
        await inbox.insert_many(conn, [("telegram", "1", "telegram:7", "{}", None)])

    seen = {}
    for name in ("a again", "b"):
        s = settings[name]
        async with open_store(s.database_url, s.db_path) as db:
            seen[name] = await inbox.pending_lanes(db)
    assert seen == {"a again": ["telegram:7"], "b": []}
