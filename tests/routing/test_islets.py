"""data/geo/islets.csv and `bot/routing/islets.py`: islets no shipped outline draws whose
kab/kota is not the nearest coast's (the four Aceh Singkil islands returned to Aceh on 17
June 2025, which the nearest rule gave to Tapanuli Tengah)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.routing.boundaries import BoundaryIndex
from bot.routing.islets import Islet, IsletError, Islets
from bot.routing.regions import RegionTree, level_of
from bot.routing.resolver import Router
from bot.settings import load_settings

SHIPPED = Islets.load()


@pytest.fixture(scope="module")
def fresh_router(tmp_path_factory: pytest.TempPathFactory) -> Router:
    data_dir = tmp_path_factory.mktemp("fresh-install")
    return Router.load(load_settings({"DUMAS_DATA_DIR": str(data_dir)}, env_file=None))


@pytest.fixture(scope="module")
def shipped(tree: RegionTree) -> BoundaryIndex:
    return BoundaryIndex.shipped(tree)


def test_the_table_holds_the_four_aceh_singkil_islands() -> None:
    names = sorted(i.name for i in SHIPPED.islets if i.regency == "11.10")
    assert names == ["Pulau Lipan", "Pulau Mangkir Gadang", "Pulau Mangkir Ketek", "Pulau Panjang"]


@pytest.mark.parametrize("islet", SHIPPED.islets, ids=lambda i: i.island_code)
def test_every_row_is_an_islet_the_outlines_miss_and_give_to_another_kab_kota(
    islet: Islet, tree: RegionTree, shipped: BoundaryIndex
) -> None:
    """A row is only needed where no outline holds the islet and the nearest coast is
    another kab/kota's (Mangkir Gadang's own coast is second, so it was asked); once an
    outline draws it (a newer source), the row must go."""
    assert islet.regency in tree and level_of(islet.regency) == 2
    hit = shipped.locate(islet.lat, islet.lon, 10.0)
    assert hit is not None and hit.distance_km > islet.radius_km
    assert hit.codes[0] != islet.regency


@pytest.mark.parametrize("islet", SHIPPED.islets, ids=lambda i: i.island_code)
def test_a_pin_on_a_listed_islet_goes_to_its_kab_kota(fresh_router: Router, islet: Islet) -> None:
    result = fresh_router.resolve_point(islet.lat, islet.lon)
    assert result.status == "ok" and result.chosen is not None, result
    assert result.chosen.code == islet.regency
    unit = fresh_router.table.polres_for(islet.regency)
    assert unit is not None and result.chosen.polres_id == unit.id
    assert result.reason == "listed_islet"


def test_a_pin_beyond_every_circle_keeps_the_nearest_rule() -> None:
    islets = Islets([Islet("11.10.40084", "Pulau Panjang", "11.10", 2.0953, 98.1778, 1.0)])
    assert islets.holding(2.0953, 98.1778 + 0.008) is not None  # about 0.9 km east
    assert islets.holding(2.0953, 98.1778 + 0.010) is None  # about 1.1 km east


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("11.10.40084,Pulau Panjang,12.01,2.0953,98.1778,1.0", "island code's kab/kota"),
        ("11.10.40084,Pulau Panjang,11.10,2.0953,98.1778,9", "radius_km"),
        ("11.10.40084,Pulau Panjang,11.10,utara,98.1778,1.0", "unreadable"),
    ],
)
def test_a_bad_row_is_refused_with_its_line(tmp_path: Path, row: str, problem: str) -> None:
    path = tmp_path / "islets.csv"
    path.write_text(f"island_code,name,regency,lat,lon,radius_km\n{row}\n", encoding="utf-8")
    with pytest.raises(IsletError, match=f"islets.csv:2: .*{problem}"):
        Islets.load(path)


def test_a_missing_table_leaves_every_pin_to_the_nearest_rule(tmp_path: Path) -> None:
    assert Islets.load(tmp_path / "none.csv").holding(2.0953, 98.1778) is None
