"""GPS pins: point-in-polygon over the shared boundary file, nearest within a distance, and
bad input."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from bot.routing.boundaries import haversine_km, import_boundaries, save_boundaries
from bot.routing.regions import RegionTree
from bot.routing.resolver import Router
from bot.settings import load_settings
from tests.routing.gps_points import GPS_POINTS


def test_enough_points() -> None:
    assert len(GPS_POINTS) >= 50


@pytest.mark.parametrize(
    ("label", "lat", "lon", "code"), GPS_POINTS, ids=[p[0] for p in GPS_POINTS]
)
def test_known_point(gps_router: Router, label: str, lat: float, lon: float, code: str) -> None:
    result = gps_router.resolve_point(lat, lon)
    if code in gps_router.split_regencies:  # districts served by another unit
        # the shipped kecamatan outlines name the district, whose unit serves the pin
        assert result.status == "ok", (label, result)
        assert result.chosen is not None and result.chosen.level == "district"
        assert result.chosen.code[:5] == code
        assert result.chosen.polres_id and result.chosen.polda_id
        return
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
    # Jakarta Utara's port districts have a unit of their own: the shore's nearest
    # kecamatan (Pademangan) says which unit serves the pin
    assert result.status == "ok" and result.chosen is not None, result
    assert result.chosen.code[:5] == "31.72" and result.chosen.level == "district"
    assert result.reason.startswith("nearest_") and result.chosen.score < 100
    inland = gps_router.resolve_point(-6.9903, 110.4229)  # Simpang Lima, Semarang
    assert inland.status == "ok" and inland.reason == "inside"


def test_far_at_sea_is_not_found(gps_router: Router) -> None:
    assert gps_router.resolve_point(-10.3, 104.0).status == "not_found"  # Indian Ocean


def test_small_island_left_out_of_the_outlines_goes_to_the_nearest_regency(
    gps_router: Router,
) -> None:
    result = gps_router.resolve_point(2.2333, 118.6)  # Pulau Maratua, Kab. Berau
    assert result.status == "ok" and result.chosen is not None
    assert result.chosen.code == "64.03" and result.reason.startswith("nearest_island_")
    # between two regencies' islands, nearly as far from both: the citizen is asked
    between = gps_router.resolve_point(-4.5253, 129.8967)  # Banda Neira, off Seram and Buru
    assert between.status == "ambiguous" and between.reason == "between_islands"
    assert {c.code for c in between.candidates} >= {"81.01"}


def test_distance_setting_is_respected(gps_router: Router) -> None:
    narrow = Router(
        gps_router.gazetteer, gps_router.table, gps_router.boundaries, max_distance_km=0.1
    )
    # 0.1 km is too near for the coast's regency: only the island rule answers
    assert not narrow.resolve_point(-6.11, 106.84).reason.startswith("nearest_0")
    assert gps_router.resolve_point(-6.11, 106.84).candidates[-1].score < 100


@pytest.mark.parametrize(
    ("lat", "lon"), [(35.68, 139.69), (-33.87, 151.21), (13.75, 100.5), (-20.0, 120.0)]
)
def test_outside_indonesia(gps_router: Router, lat: float, lon: float) -> None:
    assert gps_router.resolve_point(lat, lon).status == "outside"


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        (math.nan, 106.8),
        (-6.2, math.nan),
        (math.inf, 0.0),
        (91.0, 106.0),
        (-6.2, 181.0),
        ("abc", 1.0),
        (None, None),
        (True, False),
    ],
)
def test_invalid_points(gps_router: Router, lat: object, lon: object) -> None:
    assert gps_router.resolve_point(lat, lon).status == "invalid"  # type: ignore[arg-type]


def test_no_boundaries(router: Router) -> None:
    assert router.resolve_point(-6.1754, 106.8272).status == "no_boundaries"
    assert router.resolve_point(math.nan, 1.0).status == "invalid"


def test_fresh_install_routes_pins_with_the_shipped_boundaries(tmp_path: Path) -> None:
    """No `dumas geo import` yet: the boundaries in data/geo answer, enclave cities and
    small islands too."""
    settings = load_settings({"DUMAS_DATA_DIR": str(tmp_path)})
    router = Router.load(settings)
    assert router.boundaries is not None and router.boundaries.source.startswith("shipped:")
    for lat, lon, code in [
        (-6.9025, 107.6188, "32.73"),  # Gedung Sate, Kota Bandung
        (-7.4797, 110.2177, "33.71"),  # Kota Magelang, inside Kab. Magelang
        (-7.3156, 110.1745, "33.23"),  # Temanggung, Kab. Temanggung
        (-0.3051, 100.3694, "13.75"),  # Jam Gadang, Bukittinggi, inside Agam
        (-5.7452, 106.6136, "31.01"),  # Pulau Pramuka, Kepulauan Seribu
        (3.3262, 99.1566, "12.76"),  # Kota Tebing Tinggi
    ]:
        result = router.resolve_point(lat, lon)
        assert result.status == "ok" and result.chosen is not None, (lat, lon, result)
        assert result.chosen.code[:5] == code, (lat, lon, result)
    # Borobudur, Kab. Magelang: the regency is split between units (Kec. Bandongan is served
    # by Polres Magelang Kota, data/routing/districts.csv); the kecamatan outlines place the
    # pin in Kec. Borobudur, which the regency's own Polres serves
    result = router.resolve_point(-7.6079, 110.2038)
    assert result.status == "ok" and result.chosen is not None, result
    assert result.chosen.code == "33.08.02" and result.reason == "inside_district"
    assert result.chosen.polres_id == router.table.polres_for("33.08").id  # type: ignore[union-attr]
    bandongan = router.resolve_point(-7.4440, 110.1700).chosen
    assert bandongan is not None and bandongan.code == "33.08.14"
    assert bandongan.polres_id == "polres-magelang-kota"


def test_imported_boundaries_replace_the_shipped_ones(tmp_path: Path, shared_geojson: Path) -> None:
    settings = load_settings({"DUMAS_DATA_DIR": str(tmp_path)})
    geoms, _report = import_boundaries(shared_geojson, RegionTree())
    save_boundaries(settings.geo_dir, geoms, "official.geojson")
    assert Router.load(settings).boundaries.source == "official.geojson"  # type: ignore[union-attr]


def test_haversine_km() -> None:
    # Monas to Gedung Sate, about 117 km as the crow flies
    assert 110 < haversine_km(-6.1754, 106.8272, -6.9025, 107.6188) < 125
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.19, abs=0.1)


# --- session 29: pins abroad near Indonesia --------------------------------------------


@pytest.mark.parametrize(
    ("label", "lat", "lon"),
    [
        # each went to the nearest Indonesian kab/kota (or was asked between two) before
        ("Singapore", 1.2903, 103.8519),
        ("Johor Bahru", 1.4927, 103.7414),
        ("Tawau, Sabah", 4.2448, 117.8912),
        ("Tebedu, Sarawak (at the Entikong border post)", 1.0333, 110.3667),
        ("Kuching, Sarawak", 1.5533, 110.3592),
        ("Bandar Seri Begawan", 4.9031, 114.9398),
        ("Pante Macassar, Oecusse (inside Indonesian Timor)", -9.2017, 124.3728),
        ("Dili", -8.5569, 125.5603),
        ("Vanimo, Papua New Guinea", -2.6817, 141.3028),
    ],
)
def test_a_pin_in_a_neighbour_country_is_outside(
    gps_router: Router, label: str, lat: float, lon: float
) -> None:
    """data/geo/neighbour_towns.csv: nearer to a settlement abroad than to Indonesia."""
    result = gps_router.resolve_point(lat, lon)
    assert result.status == "outside", (label, result.status, result.reason)


@pytest.mark.parametrize(
    ("label", "lat", "lon", "code"),
    [
        # Indonesian islands nearer to a foreign coast than to their regency's outline, or
        # a few km from a settlement abroad: still Indonesia
        ("Miangas (80 km from Mindanao)", 5.5569, 126.5818, "71.04"),
        ("Pulau Batuberantai, Batam (9 km from Sentosa)", 1.1846, 103.8830, "21.71"),
        ("Pulau Tokong, Batam", 1.1571, 103.8140, "21.71"),
        ("Sebatik, the Indonesian half", 4.1050, 117.7000, "65.03"),
        ("Nongsa coast, Batam (in no outline)", 1.1950, 104.1150, "21.71"),
    ],
)
def test_indonesian_islands_near_a_neighbour_stay_indonesian(
    gps_router: Router, label: str, lat: float, lon: float, code: str
) -> None:
    result = gps_router.resolve_point(lat, lon)
    assert result.status == "ok" and result.chosen is not None, (label, result.reason)
    assert result.chosen.code[:5] == code
