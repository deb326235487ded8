"""The event loop a long-lived Dumas process runs on: `dumas run`, `dumas demo` and the
intake process, as `Settings.loop` names it (DUMAS_EVENT_LOOP; by default uvloop on
PostgreSQL, asyncio's own on SQLite).

Why by the database: bench/README.md "Session 36: the event loop and round trips on
PostgreSQL" measured both loops on both backends. On PostgreSQL every statement is a
round trip through the loop, and uvloop's turns cost the instance less CPU per update;
on SQLite a statement runs inline and uvloop measured no gain. The short commands
(`dumas db migrate`, the reports) keep `asyncio.run`: a few turns, nothing to gain.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

LOOPS = ("asyncio", "uvloop")


def loop_factory(name: str) -> Callable[[], asyncio.AbstractEventLoop] | None:
    """What makes the named loop (None: asyncio's default)."""
    if name == "uvloop":
        import uvloop  # imported only when chosen

        return uvloop.new_event_loop
    if name != "asyncio":
        raise ValueError(f"unknown event loop {name!r}: one of {', '.join(LOOPS)}")
    return None


def run(main: Coroutine[Any, Any, T], name: str) -> T:
    """`asyncio.run(main)` on the named loop (asyncio.Runner, as asyncio.run itself is:
    the same Ctrl-C handling, the same shutdown of async generators and the executor)."""
    with asyncio.Runner(loop_factory=loop_factory(name)) as runner:
        return runner.run(main)


def running_loop_name() -> str:
    """The running loop's kind, as /healthz and the start-up line report it."""
    module = type(asyncio.get_running_loop()).__module__
    return "uvloop" if module.startswith("uvloop") else "asyncio"
