"""tools/flag_landmark_rows.py: which unchecked landmark rows its consistency check flags.

The check runs on a small hand-made name index here (the real one is built from the
Kemendagri tree and the kecamatan outlines, which takes seconds), so each reason is tested on
the case it exists for.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "flag_landmark_rows", REPO / "tools" / "flag_landmark_rows.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    return _tool()


@pytest.fixture(scope="module")
def places(tool: ModuleType) -> object:
    """Three kab/kota: 32.01 (Kab. Bogor) borders 32.76 (Kota Depok); 51.07 (Karangasem)
    borders neither. Names as the tree's index holds them (name key -> kab/kota codes)."""
    holders: dict[int, dict[str, set[str]]] = {level: defaultdict(set) for level in (2, 3, 4)}
    holders[2]["bogor"] |= {"32.01"}
    holders[2]["depok"] |= {"32.76"}
    holders[2]["padang"] |= {"13.71"}
    holders[3]["cimanggis"] |= {"32.76"}
    holders[3]["cibinong"] |= {"32.01"}
    holders[4]["citayam"] |= {"32.01"}
    holders[4]["padangbai"] |= {"51.07"}
    names = {
        "32.01": "Kab. Bogor",
        "32.76": "Kota Depok",
        "13.71": "Kota Padang",
        "51.07": "Kab. Karangasem",
    }
    return tool.Places(
        holders,
        names,
        neighbours={"32.76": {"32.01"}, "32.01": {"32.76"}},
        border_districts={"32.76.01"},
    )


def _row(name: str, regency: str, district: str = "") -> dict[str, str]:
    return {"name": name, "regency": regency, "district": district, "note": "compiler knowledge"}


def test_a_name_of_another_kab_kota_is_flagged_first(tool: ModuleType, places: object) -> None:
    score, reasons = tool.reasons_for(_row("RSUD Bogor", "32.76", "32.76.02"), places)
    assert score == 3.0
    assert reasons == ["names_another_regency: 'bogor' is Kab. Bogor"]


def test_a_village_of_the_neighbour_only_is_flagged(tool: ModuleType, places: object) -> None:
    # "Stasiun Citayam" coded Depok: Citayam is a village of Kab. Bogor, next door
    score, reasons = tool.reasons_for(_row("Stasiun Citayam", "32.76"), places)
    assert score == 2.0
    assert reasons == [
        "village_next_door: 'citayam' is a village of Kab. Bogor only",
        "no_district",
    ]


def test_a_name_anchored_in_its_own_kab_kota_is_not_flagged(
    tool: ModuleType, places: object
) -> None:
    # "Terminal Cibinong Bogor": both runs name Kab. Bogor, the row's own kab/kota
    score, reasons = tool.reasons_for(_row("Terminal Cibinong", "32.01", "32.01.03"), places)
    assert (score, reasons) == (0.0, [])


def test_a_word_inside_a_longer_region_name_does_not_flag(tool: ModuleType, places: object) -> None:
    # "Padang Bai" is the village Padangbai of Karangasem, not Kota Padang
    runs = tool.word_runs("Pelabuhan Padang Bai", places)
    assert "padang bai" in runs and "padang" not in runs
    score, reasons = tool.reasons_for(_row("Pelabuhan Padang Bai", "51.07", "51.07.03"), places)
    assert (score, reasons) == (0.0, [])


def test_a_kecamatan_on_a_kab_kota_border_is_flagged(tool: ModuleType, places: object) -> None:
    score, reasons = tool.reasons_for(_row("Pasar Cimanggis", "32.76", "32.76.01"), places)
    assert score == 1.0
    assert reasons == ["border: its kecamatan touches another kab/kota"]


def test_only_rows_written_from_memory_are_checked(tool: ModuleType) -> None:
    assert tool.unchecked({"note": "compiler knowledge (the regional public hospital)"})
    assert tool.unchecked({"note": "place not confirmed on the page"})
    assert not tool.unchecked({"note": "checked (session 39): the page says ..."})
