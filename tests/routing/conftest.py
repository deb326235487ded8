"""Shared fixtures: the gazetteer, table and boundary index are built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.routing.boundaries import BoundaryIndex, import_boundaries, save_boundaries
from bot.routing.gazetteer import Gazetteer
from bot.routing.regions import RegionTree
from bot.routing.resolver import TABLE_PATH, Router, load_gazetteer
from bot.routing.table import RoutingTable, load_table

REPO = Path(__file__).resolve().parents[2]
SHARED_GEOJSON = REPO / ".." / "shared" / "geo" / "indonesia_kabupaten.geojson"


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("dumas-data")


@pytest.fixture(scope="session")
def gazetteer(data_dir: Path) -> Gazetteer:
    return load_gazetteer(data_dir / "cache")


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
def boundaries(shared_geojson: Path, tree: RegionTree, data_dir: Path) -> BoundaryIndex:
    geoms, _report = import_boundaries(shared_geojson, tree)
    save_boundaries(data_dir / "geo", geoms, shared_geojson.name)
    index = BoundaryIndex.load(data_dir / "geo")
    assert index is not None
    return index


@pytest.fixture(scope="session")
def router(gazetteer: Gazetteer, table: RoutingTable) -> Router:
    """Typed places only (no boundaries)."""
    return Router(gazetteer, table)


@pytest.fixture(scope="session")
def gps_router(gazetteer: Gazetteer, table: RoutingTable, boundaries: BoundaryIndex) -> Router:
    return Router(gazetteer, table, boundaries, max_distance_km=10.0)
