"""A throwaway PostgreSQL cluster for tests and benchmarks: started, used, removed.

Uses Debian's `postgresql` package (/usr/lib/postgresql/<version>/bin). initdb refuses
to run as root, so when we are root the cluster's directory is given to the `postgres`
user and initdb/pg_ctl run as that user (runuser). The server listens on a private Unix
socket directory and a free loopback port, both under one temporary directory that
`stop()` removes with the data.

Durability settings (fsync, synchronous_commit, full_page_writes) are off by default:
the tests and the driver comparison measure our work and the drivers', not the disk;
`durable=True` keeps PostgreSQL's defaults.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# `DUMAS_TEST_DATABASE=postgresql` runs the suite on PostgreSQL (tests/conftest.py).
ON_POSTGRESQL = os.environ.get("DUMAS_TEST_DATABASE", "sqlite").strip().lower() in (
    "postgresql",
    "postgres",
    "pg",
)


def sqlite_only(why: str) -> pytest.MarkDecorator:
    """For a test of SQLite itself (its file, its PRAGMAs): skipped on PostgreSQL."""
    return pytest.mark.skipif(ON_POSTGRESQL, reason=f"SQLite only: {why}")


class ClusterUnavailable(RuntimeError):
    """PostgreSQL's server binaries are not installed (apt-get install postgresql)."""


def server_bin() -> Path:
    """The newest installed /usr/lib/postgresql/<version>/bin."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/postgres"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if not found:
        raise ClusterUnavailable(
            "no /usr/lib/postgresql/*/bin/postgres: apt-get install postgresql"
        )
    return found[-1].parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    durable: bool = False
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="dumas-pg-")))
    port: int = field(default_factory=_free_port)
    user: str = "postgres"
    _moved: bool = field(default=False, repr=False)  # start_server moved port once

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "socket"

    def url(self, database: str = "postgres", tcp: bool = True) -> str:
        """A libpq URL; over loopback TCP by default (as a deployment would connect)."""
        if tcp:
            return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"
        return f"postgresql://{self.user}@/{database}?host={self.socket_dir}&port={self.port}"

    def _as_owner(self, *command: str) -> list[str]:
        as_root = os.geteuid() == 0
        return ["runuser", "-u", "postgres", "--", *command] if as_root else list(command)

    def _run(self, *command: str) -> None:
        done = subprocess.run(self._as_owner(*command), capture_output=True, text=True, check=False)
        if done.returncode:
            raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip() or done.stdout}")

    def start(self) -> Cluster:
        bin_dir = server_bin()
        self.socket_dir.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
            shutil.chown(self.socket_dir, "postgres", "postgres")
        if os.geteuid() != 0:
            self.user = os.environ.get("USER") or "postgres"
        self._run(
            str(bin_dir / "initdb"), "-D", str(self.data), "-U", self.user, "-A", "trust",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        self.start_server()
        self._watch_owner()
        return self

    def _watch_owner(self) -> None:
        """A watcher in its own session stops the server and removes the cluster when the
        process that started it dies without `stop()` (a killed or timed-out pytest run:
        session 36 found six clusters left running by killed runs, and such leftovers
        took the ports of session 35's CI run). It ends by itself once `stop()` has
        removed the directory."""
        stop = self._as_owner(
            str(server_bin() / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"
        )
        script = (
            'owner=$1 root=$2; shift 2; while kill -0 "$owner" 2>/dev/null && [ -d "$root" ]; '
            'do sleep 1; done; [ -d "$root/data" ] && "$@" >/dev/null 2>&1; rm -rf "$root"'
        )
        subprocess.Popen(
            ["sh", "-c", script, "watch", str(os.getpid()), str(self.root), *stop],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # outlives a kill of the test run's process group
        )

    def start_server(self) -> Cluster:
        """Start the server on the cluster made by `start` (again, after `stop_server`)."""
        options = [
            f"-p {self.port}",
            f"-k {self.socket_dir}",
            "-c listen_addresses=127.0.0.1",
            "-c max_connections=200",
        ]
        if not self.durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        try:
            self._run(
                str(server_bin() / "pg_ctl"), "-D", str(self.data), "-l",
                str(self.root / "server.log"), "-w", "-o", " ".join(options), "start",
            )  # fmt: skip
        except RuntimeError as exc:
            # pg_ctl says only "could not start server"; the reason is in the log
            log = self.root / "server.log"
            reason = log.read_text(errors="replace")[-2000:] if log.is_file() else ""
            if "could not bind" in reason and not self._moved:
                # the free port `_free_port` found was taken before the server bound it
                # (another process's outgoing connection drew it from the same range):
                # once more on a port found now
                self._moved = True
                self.port = _free_port()
                return self.start_server()
            raise RuntimeError(f"{exc}\nserver.log:\n{reason}") from exc
        return self

    def stop_server(self) -> None:
        """Stop the server and keep its data (a database lost mid-run, for a while):
        `-m fast` ends every session, as a restart or a failover would."""
        self._run(str(server_bin() / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError, FileNotFoundError, ClusterUnavailable):
            self._run(str(server_bin() / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def described(self) -> str:
        """What another process needs to use this running cluster (`attached`): the
        parallel test workers share the one cluster their controller started."""
        return json.dumps({"root": str(self.root), "port": self.port, "user": self.user})

    @classmethod
    def attached(cls, described: str) -> Cluster:
        """The running cluster another process `described` (never started or stopped here)."""
        fields = json.loads(described)
        return cls(root=Path(fields["root"]), port=int(fields["port"]), user=fields["user"])

    def __enter__(self) -> Cluster:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()


def own_cluster() -> Iterator[Cluster]:
    """A cluster started for the caller alone, whatever DUMAS_TEST_DATABASE says (tests
    that stop, kill or migrate it, or start instances on it): a fixture `yield from`s it.
    Skips the test without PostgreSQL's server binaries."""
    try:
        with Cluster() as started:
            yield started
    except ClusterUnavailable as exc:
        pytest.skip(str(exc))
