"""The public seaports of Kemenhub (data/routing/landmarks_ports.csv, built by
tools/build_kemenhub_ports.py from zackad/pelabuhan-indonesia-geojson, MIT): how a port's
name, kab/kota and point become a landmark row, and that the shipped rows resolve."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from bot.routing.boundaries import BoundaryIndex
from bot.routing.regions import RegionTree
from bot.routing.resolver import Router

REPO = Path(__file__).resolve().parents[2]


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_kemenhub_ports", REPO / "tools" / "build_kemenhub_ports.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


def _feature(name: str, regency: str, lon: float, lat: float, category: str) -> dict[str, object]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "name": name,
            "description": f"<p>Operator : PELINDO</p><p>Kabupaten/Kota : {regency}</p>"
            "<p>Provinsi : NUSA TENGGARA TIMUR</p>",
            "category": category,
            "detail": {"url": "http://simpel.dephub.go.id/x"},
        },
    }


def test_public_ports_are_read_with_their_names_spelt_out() -> None:
    builder = _builder()
    found = builder.ports(
        {
            "features": [
                _feature("Tenau/ Kupang (TKU)", "KUPANG", 123.52, -10.20, builder.PUBLIC[0]),
                _feature("P. Jampea (Banteng)", "SELAYAR", 120.6, -7.0, builder.PUBLIC[1]),
                _feature("PT. CONTOH (PCX)", "KUPANG", 123.5, -10.2, "Terminal Khusus"),
            ]
        }
    )
    assert [p.names for p in found] == [("Tenau", "Kupang"), ("Pulau Jampea", "Banteng")]


@pytest.fixture(scope="module")
def shipped(tree: RegionTree) -> BoundaryIndex:
    return BoundaryIndex.shipped(tree)


def test_the_point_decides_between_a_city_and_a_regency_of_one_name(
    tree: RegionTree, shipped: BoundaryIndex
) -> None:
    """The portal writes "KUPANG" for Pelabuhan Tenau, which lies in Kota Kupang."""
    builder = _builder()
    (port,) = builder.ports(
        {"features": [_feature("Tenau (TKU)", "KUPANG", 123.5222, -10.1978, builder.PUBLIC[0])]}
    )
    regency, _district, _how = builder.place(port, tree, shipped)
    assert regency == "53.71"


def test_a_port_whose_name_and_point_disagree_is_left_out(
    tree: RegionTree, shipped: BoundaryIndex
) -> None:
    builder = _builder()
    (port,) = builder.ports(
        {"features": [_feature("Tenau (TKU)", "KOTA MEDAN", 123.5222, -10.1978, builder.PUBLIC[0])]}
    )
    assert isinstance(builder.place(port, tree, shipped), str)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("kapal sandar di pelabuhan wuring", "53.07"),  # Sikka
        ("pelabuhan kalbut", "35.12"),  # Situbondo
        ("pelabuhan pulau pramuka", "31.01"),  # Kepulauan Seribu
    ],
)
def test_shipped_ports_resolve(router: Router, text: str, code: str) -> None:
    res = router.resolve_text(text)
    assert res.status == "ok" and res.chosen is not None and res.chosen.code[:5] == code
