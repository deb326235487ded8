"""Small datagrams between the intake process and the main process.

* intake -> main, "the journal has new rows": wakes the mover at once;
* main -> intake, "rows up to id N are in the inbox": the intake process deletes them in
  its next append transaction, so the journal file has one writer only and an append
  never waits for another process's lock.

Linux abstract Unix sockets (no file to clean up, no path-length limit), named after the
data directory so two Dumas instances on one host do not mix. A lost datagram only delays
a move until the mover's next poll, or a trim until the next one; it never loses a row.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import socket
from pathlib import Path


def address_for(data_dir: Path, purpose: str) -> str:
    """purpose: "rows" (to the main process) or "trim" (to the intake process)."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:24]
    return f"\0dumas-intake-{digest}-{purpose}"


class SignalSender:
    def __init__(self, address: str) -> None:
        self.address = address
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.setblocking(False)

    def send(self, value: int = 0) -> None:
        # Full buffer or no listener (the other process restarting): the poll catches up.
        with contextlib.suppress(OSError):
            self.sock.sendto(str(value).encode(), self.address)

    def close(self) -> None:
        self.sock.close()


class SignalReceiver:
    """Sets `event` whenever datagrams arrived (drained in one go); `latest` is the
    highest value received."""

    def __init__(self, address: str) -> None:
        self.event = asyncio.Event()
        self.latest = 0
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.setblocking(False)
        self.sock.bind(address)
        asyncio.get_running_loop().add_reader(self.sock.fileno(), self._readable)

    def _readable(self) -> None:
        with contextlib.suppress(BlockingIOError, InterruptedError):
            while True:
                data = self.sock.recv(64)
                with contextlib.suppress(ValueError):
                    self.latest = max(self.latest, int(data))
        self.event.set()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            asyncio.get_running_loop().remove_reader(self.sock.fileno())
        self.sock.close()
