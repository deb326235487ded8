"""What the process holds after start-up: the reference data loaded up front, and the
memory its loading used given back to the system.

Start-up reads large files (the gazetteer, the boundaries, the triage model, the
knowledge base). Reading them allocates far more than they keep (text, parsed JSON,
growing arrays), and glibc's malloc keeps freed heap memory for later instead of
returning it, so the process's RSS stayed at its loading peak: 30-50 MB more than the
data needed (bench/README.md, issue 21). `malloc_trim(0)` returns the free heap pages.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
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
    if not return_freed_memory():
        log.debug("malloc_trim unavailable: RSS stays at the start-up peak")


_trimmed = False
