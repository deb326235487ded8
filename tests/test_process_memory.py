"""bot/process_memory.py: start-up's reference data is loaded by one call, and the heap's
free pages go back to the system (glibc, as on the Debian machines Dumas runs on)."""

from __future__ import annotations

import platform

import pytest

from bot.knowledge.search import default_index
from bot.process_memory import load_reference_data, return_freed_memory
from bot.triage.model_file import load_model


def _rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_freed_heap_memory_goes_back_to_the_system() -> None:
    # Many blocks above pymalloc's 512 bytes (from malloc's heap, like the text and the
    # arrays of start-up's parsing) with a few survivors among them: freed, their pages
    # stay with the process until trimmed.
    junk = [bytes([i % 251]) * 4000 for i in range(20_000)]
    keep = junk[::250]
    del junk
    before = _rss_kb()
    assert return_freed_memory() is True
    assert _rss_kb() < before - 5_000, "less than 5 MB given back"
    assert len(keep) == 80


def test_reference_data_is_loaded_once_up_front() -> None:
    load_model.cache_clear()
    default_index.cache_clear()
    load_reference_data()
    assert load_model.cache_info().currsize == 1
    assert default_index.cache_info().currsize == 1
    assert load_model() is load_model()
