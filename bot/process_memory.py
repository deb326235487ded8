"""What the process holds after start-up: the libraries it never uses left out, one
malloc arena for its threads, the reference data loaded up front, and the memory its
loading used given back to the system.

Start-up reads large files (the gazetteer, the boundaries, the triage model, the
knowledge base). Reading them allocates far more than they keep (text, parsed JSON,
growing arrays), and glibc's malloc keeps freed heap memory for later instead of
returning it, so the process's RSS stayed at its loading peak: 30-50 MB more than the
data needed (bench/README.md, issue 21). `malloc_trim(0)` returns the free heap pages.

`dumas run` calls `prepare_bot_process()` before it imports anything else of the bot's
(bot/cli.py): both of its parts only work before the libraries are imported and the
threads started.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import sys
from functools import cache

log = logging.getLogger(__name__)


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") else None  # glibc only (not musl, macOS)


# Imported by libraries the bot uses, for features it does not use; the import finds
# None here and fails, which both libraries expect (an optional dependency):
# - python-telegram-bot imports `cryptography` (~9 MB of RSS: OpenSSL's bindings and a
#   Rust extension) only to decrypt Telegram Passport data, which Dumas never asks for
#   (telegram/_passport/credentials.py: CRYPTO_INSTALLED = False without it);
# - httpx imports its command line (`httpx._main`: click, and rich and pygments where
#   installed; ~3 MB) whenever click is installed. Dumas sends through aiohttp
#   (bot/channels/telegram/transport.py).
UNUSED_LIBRARIES = ("cryptography", "httpx._main")

# glibc's mallopt parameter M_ARENA_MAX (malloc.h)
_M_ARENA_MAX = -8
# One arena for every thread. glibc gives each new thread that allocates an arena of its
# own (up to 8 per core), and keeps freed memory in each:
# the worker threads that load the gazetteer and the triage model (asyncio.to_thread)
# and aiosqlite's thread left 10-17 MB of RSS in arenas of their own (bench/README.md).
# The bot's threads hold the GIL for nearly all their allocations, so they seldom wait
# for the one arena.
ARENAS = 1


def leave_out_unused_libraries() -> list[str]:
    """Make importing UNUSED_LIBRARIES fail for the rest of the process (those not already
    imported); returns the ones left out."""
    left_out = [name for name in UNUSED_LIBRARIES if name not in sys.modules]
    for name in left_out:
        sys.modules[name] = None  # type: ignore[assignment]  # import raises ImportError
    return left_out


def limit_malloc_arenas(arenas: int = ARENAS) -> bool:
    """At most `arenas` malloc arenas; False where malloc cannot (not glibc). Only works
    before a second thread allocates: glibc fixes the limit when it first needs a new
    arena."""
    libc = _libc()
    if libc is None:
        return False
    return bool(libc.mallopt(_M_ARENA_MAX, arenas))


def prepare_bot_process() -> None:
    """What `dumas run` does first, before the bot's modules are imported."""
    global _freeze_after_loading
    _freeze_after_loading = True
    leave_out_unused_libraries()
    if not limit_malloc_arenas():
        log.debug("mallopt unavailable: each thread may get a malloc arena of its own")


def return_freed_memory() -> bool:
    """Give the heap's free pages back to the system; False where malloc cannot."""
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True


def load_reference_data() -> None:
    """The triage model and the knowledge index, read before the first message needs
    them (they were read by the first message, which waited ~0.5 s), then the memory
    their reading used given back. Run in a worker thread after start-up."""
    from bot.knowledge.search import default_index
    from bot.triage.model_file import load_model

    global _trimmed
    load_model()
    default_index()
    # Once per process: what it gives back is start-up's, and a process that starts
    # runtimes again and again (the tests) has nothing more to give back each time.
    if _trimmed:
        return
    _trimmed = True
    if _freeze_after_loading:
        freeze_start_up()
    if not return_freed_memory():
        log.debug("malloc_trim unavailable: RSS stays at the start-up peak")


def freeze_start_up() -> None:
    """Keep the cyclic garbage collector off what start-up loaded for good, and off the
    objects of the steps in flight.

    Python's collector scans every object that can hold references on each full
    collection, and the reference data is hundreds of thousands of them (the gazetteer,
    the boundaries, the triage model, the knowledge index): a full collection took
    60-90 ms of CPU, and in the closed loop the collector took 0.15-0.24 ms per update,
    8-12 % of the bot's CPU (bench/README.md session 31). `gc.freeze()` moves what exists now
    out of the collector's generations (https://docs.python.org/3/library/gc.html#gc.freeze);
    reference counting still frees any of it that is dropped, only a reference cycle
    among frozen objects would stay. Collected first, so start-up's own cycles go.
    Only in `dumas run` (`prepare_bot_process`): the tests start many runtimes in one
    process, whose objects must stay collectable."""
    gc.collect()
    gc.freeze()
    # The youngest generation collected every YOUNG_THRESHOLD objects allocated and not
    # freed (Python's default is 700): the steps in flight hold a few thousand objects
    # at a time, so at 700 the collector ran every few updates and moved what the
    # steps still held to the older generations, which then filled and were collected
    # in turn. Garbage in reference cycles is still collected,
    # once 10,000 objects of it (a few MB at most) or of new long-lived ones pile up.
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, older, oldest)


_trimmed = False
_freeze_after_loading = False
YOUNG_THRESHOLD = 10_000
