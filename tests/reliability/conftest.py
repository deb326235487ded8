"""Fixtures of the reliability tests: the throwaway PostgreSQL cluster of the
multi-instance kill tests (test_failover.py, test_webhook_failover.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.pg_cluster import Cluster, own_cluster


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """A cluster of one's own (whatever DUMAS_TEST_DATABASE says): these tests always
    need PostgreSQL; skipped without its server binaries."""
    yield from own_cluster()
