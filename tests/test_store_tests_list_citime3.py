"""tests/store_tests.txt, the list CI's PostgreSQL run starts with beside the SQLite run
(.ci/run; README "Session 45: CI time"): an earlier SQLite run's notes, one test id a line.

A test the list lacks is still run on PostgreSQL after both runs (the SQLite run notes it);
an id that names no test any more is never collected, so its test, renamed, would wait for
that third run. Hence: every id names a test function of its file, once, in the order the
SQLite run writes them (a diff of the list stays readable)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIST = ROOT / "tests" / "store_tests.txt"


def _defined(path: Path) -> set[str]:
    """The names of the functions (also methods) defined in a test file."""
    text = path.read_text(encoding="utf-8")
    return set(re.findall(r"^\s*(?:async\s+)?def\s+(\w+)\s*\(", text, flags=re.MULTILINE))


def test_every_listed_id_names_a_test_of_its_file() -> None:
    ids = LIST.read_text(encoding="utf-8").splitlines()
    assert len(ids) > 300  # the store tests of the suite, not a sample
    assert ids == sorted(set(ids)), "sorted, each once (as tests/conftest.py writes it)"
    stale = []
    for node in ids:
        file, *names = node.split("[", 1)[0].split("::")
        path = ROOT / file
        if not names or not path.is_file() or names[-1] not in _defined(path):
            stale.append(node)
    assert not stale, f"ids naming no test (refresh the list: .ci/run says how): {stale[:10]}"
