"""Province-level offices named with their province (session 43, bot/routing/province_offices.py).

"kantor gubernur papua barat daya dirusak massa", "demo di depan kejati sumut", "ricuh di
dprd jatim" were asked as a bare province ("province_only"); each office is one building in
one kab/kota (data/routing/province_offices.csv). The province named alone and "gubernur X"
(the person) stay as they were; a kab/kota named elsewhere in the text still wins.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.routing.province_offices import read_province_offices
from bot.routing.regions import RegionTree
from bot.routing.resolver import Router
from tests.routing.province_office_forms import CONTROLS, forms

# provinces whose governor's office no stored page placed (the reading leaves them asked or
# to the rows of data/places; a row read on a page removes its province from here)
UNREAD = {"17": "Bengkulu", "19": "Kepulauan Bangka Belitung", "72": "Sulawesi Tengah"}


def _regency(router: Router, text: str) -> str | None:
    res = router.resolve_text(text)
    return res.chosen.code[:5] if res.status == "ok" and res.chosen else None


@pytest.mark.parametrize(
    ("text", "regency"),
    [
        # the lines: each was asked as a province alone
        ("kantor gubernur papua barat daya dirusak massa", "96.71"),
        ("demo di depan kejati sumut", "12.71"),
        ("ricuh di dprd jatim", "35.78"),
        ("aksi di kantor gubernur jawa tengah", "33.74"),
        ("unjuk rasa di gedung dprd provinsi kalbar", "61.71"),
        ("massa bakar ban di depan pengadilan tinggi sulsel", "73.71"),
        ("demo di kanwil kemenkumham jabar", "32.73"),
        ("kantor pemprov banten dirusak", "36.73"),
        # seats that are not the province's big city
        ("demo di kantor gubernur kalsel", "63.72"),  # Banjarbaru since UU 8/2022
        ("kantor gubernur malut dilempari batu", "82.72"),  # Sofifi, Kota Tidore Kepulauan
        ("kantor gubernur kaltara", "65.01"),  # Tanjung Selor, Bulungan
        ("demo di depan kantor gubernur papua barat", "92.02"),  # Manokwari
        ("gubernuran papua pegunungan dipalang", "95.01"),  # Wamena, Jayawijaya
        ("kantor gubernur papua selatan", "93.01"),  # Merauke
        # an office a page placed elsewhere than the governor's
        ("demo di depan kejati kalsel", "63.71"),  # still in Banjarmasin
        ("kejati malut digeruduk mahasiswa", "82.71"),  # still in Ternate
    ],
)
def test_an_office_before_a_province_is_where_the_office_stands(
    router: Router, text: str, regency: str
) -> None:
    assert _regency(router, text) == regency


@pytest.mark.parametrize(
    "text",
    [
        "papua barat daya",  # the province alone: which kab/kota?
        "jatim",
        "gubernur jatim marah",  # the person, no place
        "dprd malut",  # the page: the council still meets in Ternate, not Sofifi
        "kantor gubernur gorontalo",  # the page and the tree disagree on Botu's kab/kota
    ],
)
def test_what_names_no_office_building_is_still_asked(router: Router, text: str) -> None:
    res = router.resolve_text(text)
    assert res.status == "ambiguous", (text, res.reason)


def test_a_kab_kota_named_elsewhere_still_wins(router: Router) -> None:
    assert _regency(router, "kanwil kemenkumham jatim di kota malang") == "35.73"
    # a council of a name a kab/kota bears is the kab/kota's unless "provinsi" says so
    assert router.resolve_text("dprd jambi").reason != "provincial_office"
    assert router.resolve_text("dprd provinsi jambi").reason == "provincial_office"


def test_every_row_is_read_and_every_province_but_the_unread_has_its_seat(
    router: Router, tree: RegionTree
) -> None:
    offices = router.province_offices
    assert offices.problems == ()
    unplaced = {p for p in tree.codes(1) if (p, "gubernur") not in offices.rows}
    assert unplaced == set(UNREAD)


def test_the_generated_forms_reach_the_table_s_seat_and_the_controls_do_not_move(
    router: Router, tree: RegionTree
) -> None:
    """Every province x office word x frame the reading answers goes to the seat its row
    gives; the province alone and "gubernur X" are never answered by the reading."""
    offices = router.province_offices
    wrong: list[str] = []
    read = 0
    for form in forms(dict(router.gazetteer.keys), tree):
        res = router.resolve_text(form.text)
        if res.reason != "provincial_office":
            continue
        read += 1
        seat = offices.where(form.province, form.office) if form.office else None
        assert form.shape not in CONTROLS, form.text
        if res.chosen is None or seat is None or res.chosen.code[:5] != seat[:5]:
            wrong.append(f"{form.text} -> {res.chosen.code if res.chosen else None}")
    assert read and not wrong, wrong[:10]


def test_the_reader_reports_rows_that_do_not_fit_the_tree(tree: RegionTree, tmp_path: Path) -> None:
    path = tmp_path / "offices.csv"
    path.write_text(
        "# a comment\n"
        "province,office,regency,district,source,note\n"
        "35,gubernur,35.78,35.78.13,https://example.org/a,fine\n"
        "35,gubernur,35.78,,https://example.org/b,a second row\n"
        "99,gubernur,99.01,,https://example.org/c,no such province\n"
        "33,gubernur,35.78,,https://example.org/d,a kab/kota of another province\n"
        "34,walikota,34.71,,https://example.org/e,no such office\n"
        "36,gubernur,36.73,,,no source\n"
        "32,gubernur,32.73,32.01.01,https://example.org/f,a kecamatan of another kab/kota\n"
        "82,dprd,,,https://example.org/g,no one place\n",
        encoding="utf-8",
    )
    offices = read_province_offices(tree, path)
    assert offices.rows == {("35", "gubernur"): "35.78.13", ("82", "dprd"): ""}
    assert len(offices.problems) == 6
    assert all(p.startswith("offices.csv:") for p in offices.problems)
    # a DPRD without a row of its own is read at the governor's kab/kota, not its kecamatan
    assert offices.where("35", "dprd") == "35.78"
    assert offices.where("82", "dprd") is None
