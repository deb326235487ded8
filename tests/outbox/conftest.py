"""Outbox tests' fixtures: `store`, a store of each dialect in turn (the suite's
`either_store`, tests/conftest.py): the sender's statements differ per dialect."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.store.database import Database


@pytest.fixture
async def store(either_store: Database) -> AsyncIterator[Database]:
    yield either_store
