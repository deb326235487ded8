"""The throwaway PostgreSQL clusters of the tests (tests/pg_cluster.py): a port found free
and taken by another process before the server bound it (a CI run's failure on session
35's last commit, five test_leadership errors, "pg_ctl: could not start server") does not
fail the tests: the server starts once more on a port found then. A cluster whose
starting process dies without stopping it is stopped and removed by its watcher."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

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


def test_a_cluster_whose_starter_is_killed_is_stopped_and_removed() -> None:
    """A killed pytest run left its clusters running (session 36: six, from killed runs);
    now the watcher stops the server and removes the directory once the starter is gone.
    Fails without the watcher: the server keeps running after its starter's SIGKILL."""
    try:
        server_bin()
    except ClusterUnavailable as exc:
        pytest.skip(str(exc))
    starter = subprocess.Popen(
        [
            sys.executable, "-c",
            "import sys, time; from tests.pg_cluster import Cluster; c = Cluster().start(); "
            "print(c.root, c.port, flush=True); time.sleep(600)",
        ],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[1],
    )  # fmt: skip
    assert starter.stdout is not None
    root, port = starter.stdout.readline().split()
    with socket.create_connection(("127.0.0.1", int(port)), timeout=5):
        pass  # running
    starter.send_signal(signal.SIGKILL)
    starter.wait()
    try:
        deadline = time.monotonic() + 60  # a wait for the outcome, not a timing assertion
        while Path(root).exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not Path(root).exists()
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", int(port)), timeout=2).close()
        assert not [line for line in os.popen("ps -eo args").read().splitlines() if root in line]
    finally:  # a failure leaves no server behind
        Cluster(root=Path(root), port=int(port)).stop()
