"""Fixtures of the store's tests: `pg`, a PostgreSQL store on a fresh database of the
worker's cluster (tests that hold PostgreSQL alone; `either_store` in tests/conftest.py
runs a test on both dialects)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.store.postgres import PostgresDatabase
from tests.dispatcher.pg_database import fresh_database_url
from tests.pg_cluster import Cluster


@pytest.fixture
async def pg(pg_cluster: Cluster | None) -> AsyncIterator[PostgresDatabase]:
    db = await PostgresDatabase(await fresh_database_url(pg_cluster)).open()
    try:
        yield db
    finally:
        await db.close()
