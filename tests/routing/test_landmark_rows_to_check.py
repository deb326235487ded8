"""tools/landmark_rows_to_check.py (issue 14, session 39): which unchecked landmark rows it
flags first. The cases are the shapes of the wrong rows sessions 38 and 39 found on pages."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from bot.routing.regions import RegionTree

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "landmark_rows_to_check", REPO / "tools" / "landmark_rows_to_check.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def checker(tool: ModuleType, tree: RegionTree) -> tuple[object, object]:
    return tool.PlaceNames(tree), tool.Borders()


def _flags(
    tool: ModuleType, checker: tuple[object, object], name: str, regency: str, district: str
) -> list[str]:
    names, borders = checker
    row = tool.Row(name, (), regency, district, "compiler knowledge")
    return list(tool.flag(row, names, borders).flags)


def test_a_kab_kota_name_closing_the_row_name_is_flagged(
    tool: ModuleType, checker: tuple[object, object]
) -> None:
    # "Q Mall Banjarbaru Banjarmasin" was coded Kota Banjarmasin; the mall is in Banjarbaru
    flags = _flags(tool, checker, "Q Mall Banjarbaru Banjarmasin", "63.71", "63.71.04")
    assert any(f.startswith("regency:banjarbaru->63.72") for f in flags), flags


def test_a_place_of_the_neighbour_is_flagged_and_of_the_row_itself_not(
    tool: ModuleType, checker: tuple[object, object]
) -> None:
    # Janjang Koto Gadang: Koto Gadang is a village of Kab. Agam, next to Kota Bukittinggi
    wrong = _flags(tool, checker, "Janjang Koto Gadang", "13.75", "13.75.01")
    assert any(f.startswith("village:koto gadang->13.06") for f in wrong), wrong
    right = _flags(tool, checker, "Janjang Koto Gadang", "13.06", "13.06.05")
    assert not any(f.startswith(("regency:", "district:", "village:")) for f in right), right


def test_a_common_word_inside_a_name_is_no_kab_kota(
    tool: ModuleType, checker: tuple[object, object]
) -> None:
    # "batu" (Kota Batu) inside "Pantai Batu Gong" is a stone, not the city
    flags = _flags(tool, checker, "Pantai Batu Gong", "74.02", "74.02.11")
    assert not any(f.startswith("regency:batu") for f in flags), flags


def test_border_and_missing_kecamatan(tool: ModuleType, checker: tuple[object, object]) -> None:
    # Biringkanaya (Kota Makassar) borders Kab. Maros
    assert any(
        f.startswith("border:") and "73.09" in f
        for f in _flags(tool, checker, "Pasar Contoh", "73.71", "73.71.11")
    )
    assert "no-district" in _flags(tool, checker, "Pasar Contoh", "73.71", "")
