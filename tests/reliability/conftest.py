"""Fixtures of the reliability tests: the PostgreSQL cluster of the multi-instance kill
tests (test_failover.py, test_webhook_failover.py, test_webhook_redelivery.py,
test_whatsapp_failover.py, test_whatsapp_cut_off.py, test_takeover_limits.py)."""

from __future__ import annotations

import pytest

from tests.dispatcher.pg_database import worker_cluster
from tests.pg_cluster import Cluster


@pytest.fixture(scope="session")
def cluster() -> Cluster:
    """The test worker's own cluster (whatever DUMAS_TEST_DATABASE says: not the suite's
    on the PostgreSQL run, which the other workers load), started on first use; skipped
    without PostgreSQL's server binaries. Each test makes a fresh database on it
    (tests/test_leadership.new_database) and none stops or kills the server, so one per
    worker serves them all: it was one per module, up to six starts per worker (26 s of
    wall time each under the load average of 16 of session 33's measurement)."""
    return worker_cluster()
