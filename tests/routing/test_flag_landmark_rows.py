"""tools/flag_landmark_rows.py: which unchecked landmark rows its consistency check flags.

The check runs on a small hand-made map here (a few regions read by the shared
bot/routing/region_names.py, hand-set neighbours; the real map is built from the Kemendagri
tree and the kecamatan outlines, which takes seconds), so each flag is tested on the case it
exists for, among them the wrong rows sessions 38 and 39 found on pages and the false flags
of the first tools ("Metro" of "Polres Metro Jakarta ...", "Kuningan" in Jakarta).
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from bot.routing.region_names import read_region_names
from bot.routing.regions import level_of
from tests.tool_scripts import load_tool

# name of each hand-made region; kab/kota labelled as the tree labels them
REGIONS = {
    "13.06": "Kabupaten Agam",
    "13.06.05": "IV Koto",
    "13.06.05.2001": "Koto Gadang",
    "13.11": "Kabupaten Solok Selatan",
    "13.71": "Kota Padang",
    "13.74": "Kota Padang Panjang",
    "13.75": "Kota Bukittinggi",
    "13.75.01": "Guguk Panjang",
    "17.02": "Kabupaten Rejang Lebong",
    "17.02.04": "Kota Padang",
    "18.72": "Kota Metro",
    "31.74": "Kota Administrasi Jakarta Selatan",
    "31.74.02": "Setiabudi",
    "31.74.02.1008": "Kuningan Timur",
    "31.74.03.1005": "Kuningan Barat",
    "32.01": "Kabupaten Bogor",
    "32.01.03": "Cibinong",
    "32.15": "Kabupaten Karawang",
    "32.15.01.2001": "Cikarang",
    "32.16": "Kabupaten Bekasi",
    "32.16.09": "Cikarang Utara",
    "32.08": "Kabupaten Kuningan",
    "32.76": "Kota Depok",
    "32.76.01": "Cimanggis",
    "51.07": "Kabupaten Karangasem",
    "51.07.03": "Manggis",
    "51.07.03.2001": "Padangbai",
    "63.71": "Kota Banjarmasin",
    "63.71.04": "Banjarmasin Utara",
    "63.72": "Kota Banjarbaru",
    "74.02": "Kabupaten Konawe",
    "74.02.11": "Soropia",
    "74.03": "Kabupaten Kolaka",
    "74.03.01": "Wundulako",
}


class HandTree:
    """The two methods of RegionTree the check reads, over REGIONS."""

    def items(self, level: int | None = None) -> Iterator[tuple[str, str]]:
        return ((c, n) for c, n in REGIONS.items() if level is None or level_of(c) == level)

    def label(self, code: str) -> str:
        name = REGIONS[code].replace("Kabupaten ", "Kab. ")
        return name.replace("Kota Administrasi ", "Kota ")


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    return load_tool("flag_landmark_rows")


@pytest.fixture(scope="module")
def places(tool: ModuleType) -> object:
    tree = HandTree()
    labels = {code: tree.label(code) for code, _ in tree.items(2)}
    # Bogor borders Depok, Agam borders Bukittinggi; Cimanggis touches Kab. Bogor
    return tool.Places(
        read_region_names(tree),  # type: ignore[arg-type]
        labels,
        neighbours={
            "32.76": {"32.01"},
            "32.01": {"32.76"},
            "13.75": {"13.06"},
            "13.06": {"13.75"},
            "32.16": {"32.15"},
            "32.15": {"32.16"},
        },
        border_districts={"32.76.01": {"32.01"}},
    )


def _flags(
    tool: ModuleType, places: object, name: str, regency: str, district: str = ""
) -> list[str]:
    row = tool.Row("city.csv", 2, name, (), regency, district, "compiler knowledge")
    return list(tool.flag(row, places).flags)


def test_a_kab_kota_name_closing_the_row_name_is_flagged(tool: ModuleType, places: object) -> None:
    # session 39: "Q Mall Banjarbaru Banjarmasin" was coded Kota Banjarmasin; it is in Banjarbaru
    flags = _flags(tool, places, "Q Mall Banjarbaru Banjarmasin", "63.71", "63.71.04")
    assert flags == ["regency:banjarbaru->63.72"]
    assert _flags(tool, places, "RSUD Bogor", "32.76", "32.76.01")[0] == "regency:bogor->32.01"


def test_a_kab_kota_of_another_province_beside_the_own_place_is_a_word(
    tool: ModuleType, places: object
) -> None:
    # Jakarta's Polres are "Polres Metro ..."; Kota Metro is in Lampung
    assert _flags(tool, places, "Polres Metro Jakarta Selatan", "31.74", "31.74.02") == []
    # without its own place the name is read as Kota Metro's
    assert _flags(tool, places, "Polres Metro", "31.74", "31.74.02") == ["regency:metro->18.72"]


def test_the_area_of_the_rows_own_villages_fits_it(tool: ModuleType, places: object) -> None:
    # Kuningan is Kel. Kuningan Barat and Kuningan Timur of Jakarta Selatan, not Kab. Kuningan
    assert _flags(tool, places, "Kawasan Kuningan", "31.74", "31.74.02") == []
    assert _flags(tool, places, "Kawasan Kuningan", "32.76", "32.76.01")[0].startswith(
        "regency:kuningan->"
    )


def test_a_place_of_the_neighbour_is_flagged_and_of_the_row_itself_not(
    tool: ModuleType, places: object
) -> None:
    # session 39: Janjang Koto Gadang lies in Nagari Koto Gadang, Kab. Agam, next to Bukittinggi
    wrong = _flags(tool, places, "Janjang Koto Gadang", "13.75", "13.75.01")
    assert wrong == ["village:koto gadang->13.06"]
    assert _flags(tool, places, "Janjang Koto Gadang", "13.06", "13.06.05") == []
    # a kecamatan next door weighs more than a village
    flagged = tool.flag(tool.Row("t", 2, "Stasiun Cibinong", (), "32.76", "32.76.01", ""), places)
    assert flagged.flags[0] == "district:cibinong->32.01" and flagged.score == 4 + 1


def test_far_places_weigh_little_or_nothing(tool: ModuleType, places: object) -> None:
    assert _flags(tool, places, "Pasar Wundulako", "32.76", "32.76.01")[0] == (
        "far-district:wundulako->74.03"
    )
    assert _flags(tool, places, "Pasar Koto Gadang", "74.02", "74.02.11") == []


def test_one_word_inside_a_name_or_inside_a_region_name_is_no_kab_kota(
    tool: ModuleType, places: object
) -> None:
    # session 38: "Pasar Padang Aro" (Solok Selatan) is no site of Kota Padang
    assert _flags(tool, places, "Pasar Padang Aro", "13.11", "13.11.01") == []
    # "Padang Bai" is the village Padangbai of Karangasem, written in two words
    assert _flags(tool, places, "Pelabuhan Padang Bai", "51.07", "51.07.03") == []


def test_border_and_missing_kecamatan_add_to_the_score(tool: ModuleType, places: object) -> None:
    flagged = tool.flag(tool.Row("t", 2, "Pasar Cimanggis", (), "32.76", "32.76.01", ""), places)
    assert (flagged.score, flagged.flags) == (1, ["border:32.01"])
    flagged = tool.flag(tool.Row("t", 2, "Pasar Cimanggis", (), "32.76", "", ""), places)
    assert (flagged.score, flagged.flags) == (1, ["no-district"])


def test_only_unchecked_rows_of_one_kab_kota_are_read(tool: ModuleType) -> None:
    def row(name: str, regency: str, note: str) -> object:
        return tool.Row("t.csv", 2, name, (), regency, "", note)

    rows = [
        row("Pasar A", "32.76", "compiler knowledge (market)"),
        row("Pasar B", "32.76", "place not confirmed on the page"),
        row("Pasar C", "32.76", "checked (session 39): the page says ..."),
        # a toll road runs through several kab/kota by design
        row("Tol X", "32.76", "compiler knowledge"),
        row("Tol X", "32.01", "compiler knowledge"),
    ]
    assert [r.name for r in tool.rows_to_check(rows)] == ["Pasar A", "Pasar B"]


def test_the_rows_own_place_outweighs_an_overlapping_run(tool: ModuleType, places: object) -> None:
    # "Kota Padang" is a kecamatan of Rejang Lebong; here it is the start of Kota Padang Panjang
    assert _flags(tool, places, "RSUD Kota Padang Panjang", "13.74", "") == ["no-district"]
    # elsewhere the kecamatan is still read
    assert _flags(tool, places, "RSUD Kota Padang", "32.76", "32.76.01")[0] == (
        "far-district:kota padang->17.02"
    )


def test_the_area_of_the_rows_own_kecamatan_fits_it(tool: ModuleType, places: object) -> None:
    # Stasiun Cikarang is in Kab. Bekasi's Cikarang Utara, not the village Cikarang of Karawang
    assert _flags(tool, places, "Stasiun Cikarang", "32.16", "32.16.09") == []
    assert _flags(tool, places, "Stasiun Cikarang", "32.01", "32.01.03") == []  # far village
