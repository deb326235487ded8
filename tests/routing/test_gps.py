"""GPS pins: point-in-polygon over the shared boundary file, nearest within a distance, and
bad input."""

from __future__ import annotations

import math

import pytest

from bot.routing.boundaries import haversine_km
from bot.routing.resolver import Router
from tests.routing.gps_points import GPS_POINTS


def test_enough_points() -> None:
    assert len(GPS_POINTS) >= 50


@pytest.mark.parametrize(("label", "lat", "lon", "code"), GPS_POINTS,
                         ids=[p[0] for p in GPS_POINTS])
def test_known_point(gps_router: Router, label: str, lat: float, lon: float, code: str) -> None:
    result = gps_router.resolve_point(lat, lon)
    assert result.status == "ok", (label, result)
    assert result.chosen is not None
    assert result.chosen.code == code
    assert result.chosen.level == "regency"
    assert result.chosen.polres_id and result.chosen.polda_id and result.chosen.timezone


def test_point_routes_to_metro_jaya(gps_router: Router) -> None:
    chosen = gps_router.resolve_point(-6.3920, 106.8230).chosen  # Depok
    assert chosen is not None and chosen.polda_id == "polda-metro-jaya"
    assert chosen.polres_name == "Polres Metro Depok"


def test_near_the_coast_goes_to_the_nearest_regency(gps_router: Router) -> None:
    result = gps_router.resolve_point(-6.11, 106.84)  # Ancol shore, just off the polygon
    assert result.status == "ok"
    assert result.chosen is not None and result.chosen.code == "31.72"
    assert result.reason.startswith("nearest_")
    assert result.chosen.score < 100


def test_far_at_sea_is_not_found(gps_router: Router) -> None:
    assert gps_router.resolve_point(-5.0, 110.0).status == "not_found"  # Java Sea


def test_distance_setting_is_respected(gps_router: Router) -> None:
    narrow = Router(gps_router.gazetteer, gps_router.table, gps_router.boundaries,
                    max_distance_km=0.1)
    assert narrow.resolve_point(-6.11, 106.84).status == "not_found"


@pytest.mark.parametrize(("lat", "lon"), [(35.68, 139.69), (-33.87, 151.21), (13.75, 100.5),
                                          (-20.0, 120.0)])
def test_outside_indonesia(gps_router: Router, lat: float, lon: float) -> None:
    assert gps_router.resolve_point(lat, lon).status == "outside"


@pytest.mark.parametrize(
    ("lat", "lon"),
    [(math.nan, 106.8), (-6.2, math.nan), (math.inf, 0.0), (91.0, 106.0), (-6.2, 181.0),
     ("abc", 1.0), (None, None), (True, False)],
)
def test_invalid_points(gps_router: Router, lat: object, lon: object) -> None:
    assert gps_router.resolve_point(lat, lon).status == "invalid"  # type: ignore[arg-type]


def test_no_boundaries(router: Router) -> None:
    assert router.resolve_point(-6.1754, 106.8272).status == "no_boundaries"
    assert router.resolve_point(math.nan, 1.0).status == "invalid"


def test_haversine_km() -> None:
    # Monas to Gedung Sate, about 117 km as the crow flies
    assert 110 < haversine_km(-6.1754, 106.8272, -6.9025, 107.6188) < 125
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.19, abs=0.1)
