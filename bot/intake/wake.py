"""A one-byte datagram from the intake process to the main process: "journal has rows".

Linux abstract Unix sockets (no file to clean up, no path-length limit), named after the
data directory so two Dumas instances on one host do not wake each other. A lost or
unsent datagram only delays a move until the mover's next poll; it never loses a row.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import socket
from pathlib import Path


def address_for(data_dir: Path) -> str:
    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:24]
    return f"\0dumas-intake-{digest}"


class WakeSender:
    def __init__(self, address: str) -> None:
        self.address = address
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.setblocking(False)

    def send(self) -> None:
        # Full buffer or no listener (the main process restarting): the poll catches up.
        with contextlib.suppress(OSError):
            self.sock.sendto(b"!", self.address)

    def close(self) -> None:
        self.sock.close()


class WakeReceiver:
    """Sets `event` whenever datagrams arrived (drained in one go)."""

    def __init__(self, address: str) -> None:
        self.event = asyncio.Event()
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.setblocking(False)
        self.sock.bind(address)
        asyncio.get_running_loop().add_reader(self.sock.fileno(), self._readable)

    def _readable(self) -> None:
        with contextlib.suppress(BlockingIOError, InterruptedError):
            while True:
                self.sock.recv(64)
        self.event.set()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            asyncio.get_running_loop().remove_reader(self.sock.fileno())
        self.sock.close()
