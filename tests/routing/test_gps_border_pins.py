"""Pins near a kab/kota border (a few km, some within 0.3 km) route to the right side
with the shipped outlines (session 31): railway stations and airports whose Wikipedia
infobox gives the point and whose page names the kab/kota (tests/eval/gps/dev.jsonl,
notes "s31 fresh:"). A guard for the day the outlines are rebuilt or simplified; no GPS
rule changed in session 31 (data/routing/README.md, "Session 31")."""

from __future__ import annotations

import pytest

from bot.routing.resolver import Router
from tests.built_once import installed_router

BORDER_PINS = [
    # label, lat, lon, kab/kota; the neighbour across the border in the comment
    ("Stasiun Kranji", -6.22611, 106.98222, "32.75"),  # Kota Bekasi | Jakarta Timur
    ("Stasiun Jurangmangu", -6.28861194, 106.72915389, "36.74"),  # Tangsel | Jaksel
    ("Stasiun Sudimara", -6.29917, 106.71694, "36.74"),
    ("Stasiun Pondok Cina", -6.37250, 106.83139, "32.76"),  # Depok | Jaksel
    ("Stasiun Cimahi", -6.88583, 107.54056, "32.77"),  # Kota Cimahi | Bandung Barat
    ("Stasiun Cimekar", -6.95028, 107.71222, "32.73"),  # Kota Bandung | Kab. Bandung
    ("Stasiun Citeras", -6.33583, 106.32694, "36.02"),  # Lebak | Kab. Serang
    ("Bandara Juanda", -7.37972, 112.78694, "35.15"),  # Sidoarjo | Surabaya
    ("Bandara Adisutjipto", -7.78806, 110.43167, "34.04"),  # Sleman | Yogyakarta
    ("Stasiun Purwosari", -7.55778, 110.80056, "33.72"),  # Surakarta | Sukoharjo
    ("Stasiun Bandar Khalipah", 3.5940888, 98.7571278, "12.07"),  # Deli Serdang | Medan
]


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Router:
    # the gazetteer from the run's cache file (building it again took ~3.5 s of CPU here)
    router = installed_router(tmp_path_factory, "border-pins")
    assert router.boundaries is not None and router.boundaries.source.startswith("shipped:")
    return router


@pytest.mark.parametrize(
    ("label", "lat", "lon", "code"), BORDER_PINS, ids=[p[0] for p in BORDER_PINS]
)
def test_a_pin_near_a_border_routes_to_its_kab_kota(
    shipped: Router, label: str, lat: float, lon: float, code: str
) -> None:
    result = shipped.resolve_point(lat, lon)
    assert result.status == "ok", (label, result.status, result.reason)
    assert result.chosen is not None and result.chosen.code.startswith(code), (label, result)
