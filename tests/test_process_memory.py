"""bot/process_memory.py: start-up's reference data is loaded by one call, and the heap's
free pages go back to the system (glibc, as on the Debian machines Dumas runs on)."""

from __future__ import annotations

import platform
import subprocess
import sys

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


def _run_python(code: str) -> str:
    """`code` in a fresh interpreter (what it leaves out and limits lasts for the process)."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_libraries_the_bot_never_uses_are_not_imported_and_telegram_still_works() -> None:
    out = _run_python(
        "import sys\n"
        "from bot.process_memory import UNUSED_LIBRARIES, prepare_bot_process\n"
        "prepare_bot_process()\n"
        "import httpx, telegram, telegram.ext\n"
        "from telegram._passport.credentials import CRYPTO_INSTALLED\n"
        "try:\n"
        "    import cryptography\n"
        "except ImportError:\n"
        "    print('cryptography left out')\n"
        "print('passport', CRYPTO_INSTALLED)\n"
        "print('loaded', sorted(n for n in UNUSED_LIBRARIES if sys.modules.get(n)))\n"
        "print('click' in sys.modules, callable(httpx.main))\n"
    )
    assert out.splitlines() == [
        "cryptography left out",
        "passport False",
        "loaded []",
        "False True",
    ]


def test_a_library_already_imported_is_not_taken_away() -> None:
    out = _run_python(
        "import cryptography\n"
        "from bot.process_memory import leave_out_unused_libraries\n"
        "print(leave_out_unused_libraries())\n"
        "import cryptography.hazmat\n"
        "print('ok')\n"
    )
    assert out.splitlines() == ["['httpx._main']", "ok"]


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_threads_share_one_malloc_arena() -> None:
    # Threads allocating at once: without the limit glibc gives them arenas of their own
    # (malloc_info's <heap nr=...> entries, one per arena).
    code = (
        "import ctypes, ctypes.util, os, sys, tempfile, threading\n"
        "from bot.process_memory import limit_malloc_arenas\n"
        "if sys.argv[1] == 'limited':\n"
        "    assert limit_malloc_arenas()\n"
        "start = threading.Barrier(4)\n"
        "def allocate():\n"
        "    start.wait()\n"
        "    junk = [bytearray(1000 + i % 7) for i in range(30000)]\n"
        "    start.wait()\n"
        "threads = [threading.Thread(target=allocate) for _ in range(4)]\n"
        "for t in threads: t.start()\n"
        "for t in threads: t.join()\n"
        "libc = ctypes.CDLL(ctypes.util.find_library('c'))\n"
        "libc.fdopen.restype = ctypes.c_void_p\n"
        "with tempfile.TemporaryFile() as f:\n"
        "    stream = libc.fdopen(os.dup(f.fileno()), b'w')\n"
        "    libc.malloc_info(0, ctypes.c_void_p(stream))\n"
        "    libc.fclose(ctypes.c_void_p(stream))\n"
        "    f.seek(0)\n"
        "    print(f.read().decode().count('<heap nr='))\n"
    )

    def arenas(mode: str) -> int:
        result = subprocess.run(
            [sys.executable, "-c", code, mode],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return int(result.stdout)

    assert arenas("limited") == 1
    assert arenas("free") > 1  # the test can tell: without the limit there are more


def test_dumas_run_keeps_the_collector_off_the_reference_data() -> None:
    # `dumas run`: what start-up loaded is frozen out of the collector, and the youngest
    # generation waits for more objects (bench/README.md session 31); garbage in a
    # reference cycle made afterwards is still collected.
    out = _run_python(
        "import gc, weakref\n"
        "from bot.process_memory import YOUNG_THRESHOLD, prepare_bot_process\n"
        "prepare_bot_process()\n"
        "from bot.process_memory import load_reference_data\n"
        "load_reference_data()\n"
        "print(gc.get_freeze_count() > 10_000, gc.get_threshold()[0] == YOUNG_THRESHOLD)\n"
        "class Node: pass\n"
        "a, b = Node(), Node()\n"
        "a.other, b.other = b, a\n"
        "gone = weakref.ref(a)\n"
        "del a, b\n"
        "junk = [[] for _ in range(3 * YOUNG_THRESHOLD)]\n"
        "print(gone() is None)\n"
    )
    assert out.splitlines() == ["True True", "True"]


def test_a_process_of_many_runtimes_keeps_the_collector_as_it_was() -> None:
    # the tests (and any caller but `dumas run`) start runtimes again and again
    out = _run_python(
        "import gc\n"
        "from bot.process_memory import load_reference_data\n"
        "load_reference_data()\n"
        "print(gc.get_freeze_count(), gc.get_threshold()[0])\n"
    )
    assert out.split() == ["0", str(__import__("gc").get_threshold()[0])]
