"""Store tests' fixtures: `either_store`, a store of each dialect in turn.

Where a store module writes the same rows with different SQL per dialect (PostgreSQL's
data-modifying CTEs, SQLite's plain statements), its tests run on both in every suite:
SQLite in a temporary file, PostgreSQL in a fresh database (tests/dispatcher/pg_database.py:
the suite's cluster, or a throwaway one started on first use).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store.database import Database, open_store
from tests.dispatcher.pg_database import fresh_database_url
from tests.pg_cluster import Cluster


@pytest.fixture(params=["sqlite", "postgresql"])
async def either_store(
    request: pytest.FixtureRequest, tmp_path: Path, pg_cluster: Cluster | None
) -> AsyncIterator[Database]:
    url = await fresh_database_url(pg_cluster) if request.param == "postgresql" else ""
    async with open_store(url, tmp_path / "dumas.sqlite3") as db:
        yield db
