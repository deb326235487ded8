"""bot/store/database.py: a store migrated by a newer Dumas stops an older one at start,
with one line naming it (issue 19, "Bad input": never run on a schema this code does not
know). PostgreSQL's twin is in tests/test_migrate_postgresql.py."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.store.database import migrations
from tests.pg_cluster import sqlite_only
from tests.test_cli import run


@sqlite_only("sets SQLite's PRAGMA user_version (the twin: tests/test_migrate_postgresql.py)")
def test_a_sqlite_store_newer_than_this_dumas_stops_start_up_with_one_line(
    tmp_path: Path,
) -> None:
    assert run("db", "migrate", env={"DUMAS_DATA_DIR": str(tmp_path)}).returncode == 0
    newer = migrations()[-1][0] + 1
    store = tmp_path / "dumas.sqlite3"
    with sqlite3.connect(store) as conn:  # what a newer Dumas leaves behind
        conn.execute(f"PRAGMA user_version={newer}")
    result = run("db", "migrate", env={"DUMAS_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"dumas: the database {store}"), lines[0]
    assert f"schema version {newer}, newer than this Dumas knows ({newer - 1})" in lines[0]
    with sqlite3.connect(store) as conn:  # left as it was
        assert conn.execute("PRAGMA user_version").fetchone()[0] == newer
