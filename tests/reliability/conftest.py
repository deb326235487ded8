"""Fixtures of the reliability tests: the throwaway PostgreSQL cluster of the
multi-instance kill tests (test_failover.py, test_webhook_failover.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.pg_cluster import Cluster, ClusterUnavailable


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """A cluster of one's own (whatever DUMAS_TEST_DATABASE says): these tests always
    need PostgreSQL; skipped without its server binaries."""
    try:
        with Cluster() as started:
            yield started
    except ClusterUnavailable as exc:
        pytest.skip(str(exc))
