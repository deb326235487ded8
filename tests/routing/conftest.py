"""Shared fixtures: the gazetteer, table and boundary index are built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.routing.boundaries import BoundaryIndex
from bot.routing.gazetteer import Gazetteer
from bot.routing.regions import RegionTree
from bot.routing.resolver import CACHE_DIR_NAME, TABLE_PATH, Router, load_gazetteer
from bot.routing.table import RoutingTable, load_table
from tests.built_once import imported_boundaries, with_files_built_once

REPO = Path(__file__).resolve().parents[2]
SHARED_GEOJSON = REPO / ".." / "shared" / "geo" / "indonesia_kabupaten.geojson"


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("dumas-data")


@pytest.fixture(scope="session")
def gazetteer(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Gazetteer:
    """Loaded through data_dir's cache, which test_commands.py's commands reuse; the cache
    file is built once for the run's workers (tests/built_once.py)."""
    return with_files_built_once(
        tmp_path_factory,
        "gazetteer",
        data_dir / CACHE_DIR_NAME,
        "gazetteer-*.pickle",
        lambda: load_gazetteer(data_dir / CACHE_DIR_NAME),
    )


@pytest.fixture(scope="session")
def tree(gazetteer: Gazetteer) -> RegionTree:
    return gazetteer.tree


@pytest.fixture(scope="session")
def table(tree: RegionTree) -> RoutingTable:
    return load_table(TABLE_PATH, tree)


@pytest.fixture(scope="session")
def shared_geojson() -> Path:
    if not SHARED_GEOJSON.is_file():
        pytest.skip(f"shared boundary file not found at {SHARED_GEOJSON}")
    return SHARED_GEOJSON


@pytest.fixture(scope="session")
def boundaries(
    tmp_path_factory: pytest.TempPathFactory, shared_geojson: Path, tree: RegionTree, data_dir: Path
) -> BoundaryIndex:
    """Imported into data_dir/geo (test_commands.py's commands load it from there)."""
    return imported_boundaries(tmp_path_factory, data_dir / "geo", shared_geojson, tree)


@pytest.fixture(scope="session")
def router(gazetteer: Gazetteer, table: RoutingTable) -> Router:
    """Typed places only (no boundaries)."""
    return Router(gazetteer, table)


@pytest.fixture(scope="session")
def gps_router(gazetteer: Gazetteer, table: RoutingTable, boundaries: BoundaryIndex) -> Router:
    return Router(gazetteer, table, boundaries, max_distance_km=10.0)
