"""A fresh PostgreSQL database for tests that need PostgreSQL whatever the suite runs on.

Lanes across instances only exist on PostgreSQL, so their tests run there even in the
default (SQLite) suite: with `DUMAS_TEST_DATABASE=postgresql` on the suite's cluster
(tests/conftest.py), otherwise on one throwaway cluster (tests/pg_cluster.py) started on
first use and removed when the session ends. Each call gives a new empty database, so a
test may have several (one per "deployment" it compares). Without PostgreSQL's server
binaries the test is skipped.
"""

from __future__ import annotations

import atexit
import itertools
import os

import pytest

from tests.pg_cluster import Cluster, ClusterUnavailable

_cluster: Cluster | None = None
_names = itertools.count(1)


def worker_cluster() -> Cluster:
    """This process's own cluster (a test worker's), started on first use and removed at
    exit; also the reliability kill tests' (tests/reliability/conftest.py)."""
    global _cluster
    if _cluster is None:
        try:
            _cluster = Cluster().start()
        except ClusterUnavailable:
            pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
        atexit.register(_cluster.stop)
    return _cluster


async def fresh_database_url(pg_cluster: Cluster | None) -> str:
    """The URL of a new empty database for one test (the store migrates it on opening).

    `pg_cluster` is the suite's cluster when it runs on PostgreSQL (tests/conftest.py),
    else None: then the cluster of this module is used, started on first use."""
    import asyncpg

    cluster = pg_cluster or worker_cluster()
    name = f"lanes{os.getpid()}_{next(_names)}"
    conn = await asyncpg.connect(cluster.url())
    try:
        await conn.execute(f"CREATE DATABASE {name}")
    finally:
        await conn.close()
    return cluster.url(name)
