"""The throwaway PostgreSQL clusters of the tests (tests/pg_cluster.py): a port found free
and taken by another process before the server bound it (a CI run's failure on session
35's last commit, five test_leadership errors, "pg_ctl: could not start server") does not
fail the tests: the server starts once more on a port found then."""

from __future__ import annotations

import socket

import pytest

from tests.pg_cluster import Cluster, ClusterUnavailable, server_bin


def test_a_taken_port_moves_the_cluster_to_another() -> None:
    try:
        server_bin()
    except ClusterUnavailable as exc:
        pytest.skip(str(exc))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        cluster = Cluster(port=port)
        try:
            cluster.start()
            assert cluster.port != port
            with socket.create_connection(("127.0.0.1", cluster.port), timeout=5):
                pass  # the server listens where the cluster says
        finally:
            cluster.stop()
