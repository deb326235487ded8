"""Starting, watching and stopping the intake process from the main process.

The intake process gets exactly the main process's settings (through its environment)
and the address of the main process's own HTTP server. If it dies it is started again
after a pause; the platforms retry what was not answered meanwhile. On stop it is asked
to finish (SIGTERM: stop listening, commit and answer what is in flight) before the main
process moves the last journal rows.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys

from bot.intake.process import PARENT_ENV, READY, UPSTREAM_ENV
from bot.settings import Settings, to_environ

log = logging.getLogger(__name__)

START_TIMEOUT = 30.0
RESTART_PAUSE = 1.0


class IntakeProcess:
    """One intake process at a time, started with this process's settings, started
    again when it dies, asked to finish on `stop`."""

    def __init__(self, settings: Settings, upstream_port: int) -> None:
        self.settings = settings
        self.upstream = f"http://127.0.0.1:{upstream_port}"
        self.port: int | None = None  # where it listens, once ready
        self.ready = asyncio.Event()
        self.starts = 0
        self._proc: asyncio.subprocess.Process | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Start it and wait until it listens (raises if it cannot start)."""
        self._task = asyncio.create_task(self._supervise())
        waiter = asyncio.create_task(self.ready.wait())
        done, _ = await asyncio.wait(
            {waiter, self._task}, timeout=START_TIMEOUT, return_when=asyncio.FIRST_COMPLETED
        )
        if waiter not in done:
            waiter.cancel()
            if self._task in done:
                self._task.result()  # raises what went wrong
            raise RuntimeError("the intake process did not start")

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    async def _spawn(self) -> int:
        env = {
            **os.environ,
            **to_environ(self.settings),
            UPSTREAM_ENV: self.upstream,
            PARENT_ENV: str(os.getpid()),
        }
        self._proc = proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.intake.process", env=env, stdout=asyncio.subprocess.PIPE
        )
        assert proc.stdout is not None
        line = await asyncio.wait_for(proc.stdout.readline(), START_TIMEOUT)
        word, _, port = line.decode().partition(" ")
        if word != READY:
            await proc.wait()
            raise RuntimeError(f"the intake process exited with {proc.returncode}")
        self.starts += 1
        return int(port)

    async def _supervise(self) -> None:
        while True:
            try:
                self.port = await self._spawn()
            except (RuntimeError, TimeoutError, ValueError) as exc:
                if not self.starts:
                    raise  # the first start fails loudly: `dumas run` stops with the reason
                log.error("%s; trying again", exc)
                await asyncio.sleep(RESTART_PAUSE)
                continue
            self.ready.set()
            assert self._proc is not None
            code = await self._proc.wait()
            self.ready.clear()
            log.error("the intake process exited with %s; starting it again", code)
            await asyncio.sleep(RESTART_PAUSE)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        proc = self._proc
        if proc is not None and proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(proc.wait(), 15)
            except TimeoutError:
                proc.kill()
                await proc.wait()
