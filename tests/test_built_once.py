"""tests/built_once.py: a run's workers build the shared files once, each then loading
them from a directory of its own."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest

from tests.built_once import with_files_built_once


def _build_into(target: Path, log: Path) -> str:
    """What a fixture's build does: read the file when it is there, else make it (and
    note that it did, in `log`)."""
    made = target / "index-1.pickle"
    if not made.is_file():
        with log.open("a") as notes:
            notes.write(f"built in {target}\n")
        made.write_text("built once")
    return made.read_text()


class _Factory:
    """The part of pytest's TempPathFactory that built_once uses, for a worker whose
    basetemp is `popen-<name>` in the run's directory (as pytest-xdist gives it)."""

    def __init__(self, run: Path, worker: str) -> None:
        self.base = run / f"popen-{worker}"
        self.base.mkdir(parents=True, exist_ok=True)

    def getbasetemp(self) -> Path:
        return self.base


def _worker(run: Path, worker: str, log: Path, out: Path) -> None:
    os.environ["PYTEST_XDIST_WORKER"] = worker
    factory: Any = _Factory(run, worker)
    target = factory.getbasetemp() / "data" / "cache"
    value = with_files_built_once(
        factory, "index", target, "index-*.pickle", lambda: _build_into(target, log)
    )
    out.write_text(f"{value}|{(target / 'index-1.pickle').is_file()}")


def test_four_workers_build_once_and_each_gets_the_file(tmp_path: Path) -> None:
    run, log = tmp_path / "run", tmp_path / "builds.log"
    log.touch()
    context = multiprocessing.get_context("spawn")
    outs = [tmp_path / f"out-gw{n}" for n in range(4)]
    workers = [
        context.Process(target=_worker, args=(run, f"gw{n}", log, outs[n])) for n in range(4)
    ]
    for process in workers:
        process.start()
    for process in workers:
        process.join(60)
        assert process.exitcode == 0
    assert len(log.read_text().splitlines()) == 1  # one build for the four
    assert [out.read_text() for out in outs] == ["built once|True"] * 4
    assert (run / "index" / "index-1.pickle").is_file()


def test_outside_xdist_the_runs_own_directory_is_used(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    target = tmp_path_factory.mktemp("alone") / "cache"
    log = target.parent / "builds.log"
    log.touch()
    name = f"index-alone-{id(target)}"
    for _ in range(2):
        with_files_built_once(
            tmp_path_factory, name, target, "index-*.pickle", lambda: _build_into(target, log)
        )
    assert len(log.read_text().splitlines()) == 1
    assert (tmp_path_factory.getbasetemp() / name / "index-1.pickle").is_file()
