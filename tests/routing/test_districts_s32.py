"""Districts served by another unit than their regency's Polres, added in session 32
(data/routing/districts.csv, issue 14 item 4): Kec. Bojonggede and Tajurhalang of Kab.
Bogor are served by Polsek Bojonggede of Polres Metro Depok (Polda Metro Jaya). Typed
places and GPS pins both go to the serving unit; the rest of Kab. Bogor stays with Polres
Bogor (Polda Jawa Barat)."""

from __future__ import annotations

import pytest

from bot.routing.resolver import Router
from bot.routing.table import RoutingTable
from tests.built_once import installed_router


@pytest.fixture(scope="module")
def fresh_router(tmp_path_factory: pytest.TempPathFactory) -> Router:
    """A fresh install: the shipped kab/kota and kecamatan outlines, nothing imported (its
    gazetteer from the run's cache file: building it again took ~3.5 s of CPU here)."""
    return installed_router(tmp_path_factory, "fresh-install")


@pytest.mark.parametrize(
    ("code", "polres", "polda"),
    [
        ("32.01.13", "polres-metro-depok", "polda-metro-jaya"),  # Bojonggede
        ("32.01.37", "polres-metro-depok", "polda-metro-jaya"),  # Tajurhalang
        ("32.01.01", "polres-bogor", "polda-jabar"),  # Cibinong
        ("32.01", "polres-bogor", "polda-jabar"),
    ],
)
def test_the_serving_unit_and_its_polda(
    table: RoutingTable, code: str, polres: str, polda: str
) -> None:
    unit = table.polres_for(code)
    assert unit is not None and unit.id == polres
    polda_unit = table.polda_for(code)
    assert polda_unit is not None and polda_unit.id == polda


@pytest.mark.parametrize(
    ("text", "polres"),
    [
        ("kec bojonggede", "polres-metro-depok"),
        ("bojong gede bogor", "polres-metro-depok"),
        ("tajurhalang kab bogor", "polres-metro-depok"),
        ("cibinong bogor", "polres-bogor"),
    ],
)
def test_a_typed_district_goes_to_its_unit(router: Router, text: str, polres: str) -> None:
    res = router.resolve_text(text)
    assert res.status == "ok" and res.chosen is not None, (text, res.status, res.reason)
    assert res.chosen.polres_id == polres


def test_a_pin_in_bojonggede_goes_to_polres_metro_depok(fresh_router: Router) -> None:
    # by Stasiun Bojonggede (an approximate point, not read from a page: the shipped
    # kecamatan outlines put it in Kec. Bojonggede, which is what is tested)
    pin = fresh_router.resolve_point(-6.4931, 106.7950)
    assert pin.status == "ok" and pin.chosen is not None, pin
    assert pin.chosen.code == "32.01.13" and pin.chosen.polres_id == "polres-metro-depok"
    # 4 km south, towards Cilebut (Kec. Sukaraja in the outlines): Polres Bogor
    cilebut = fresh_router.resolve_point(-6.5305, 106.8005)
    assert cilebut.chosen is not None and cilebut.chosen.polres_id == "polres-bogor", cilebut
