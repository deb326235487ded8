"""The city lists (data/places/lists, built by tools/build_city_places.py): their landmarks,
streets, toll roads and suffix forms resolve, the generated tables match the lists, and
everyday words that used to be landmark aliases no longer make a sentence a place."""

from __future__ import annotations

import csv
import importlib.util
import io
import sys
from pathlib import Path
from types import ModuleType

import pytest

from bot.routing.regions import RegionTree
from bot.routing.resolver import Router

REPO = Path(__file__).resolve().parents[2]


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_city_places", REPO / "tools" / "build_city_places.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


def _csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))[1:]


def test_generated_tables_match_the_lists(tree: RegionTree) -> None:
    """Someone edited a list without re-running the script, or a generated file by hand."""
    builder = _builder()
    problems: list[str] = []
    assert builder.build_landmarks(tree, problems) == _csv_rows(builder.LANDMARKS_OUT)
    assert builder.build_aliases(tree, problems) == _csv_rows(builder.ALIASES_OUT)
    _hand, streets = builder.build_streets(tree, problems)
    built = [row for row in _csv_rows(builder.STREETS) if row[4].startswith(builder.BUILD_NOTE)]
    assert streets == built


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # landmarks of the city lists: housing estates, neighbourhoods, malls, hospitals
        ("perumahan btp", "73.71"),
        ("kompleks perumnas antang", "73.71"),
        ("sp 2 timika", "94.04"),
        ("kawasan entrop", "91.71"),
        ("pasar tos 3000", "21.71"),
        ("aeon mall jgc", "31.75"),
        ("rs zainoel abidin", "11.71"),
        ("rs moewardi", "33.72"),
        # streets of the city lists
        ("jl pengayoman", "73.71"),
        ("jalan kolonel atmo", "16.71"),
        ("jl khatib sulaiman", "13.71"),
        ("jl raya kalirungkut", "35.78"),
        ("jl tjilik riwut", "62.71"),
        # suffix forms of kab/kota sharing a name
        ("bogor kota", "32.71"),
        ("polres bogor kota", "32.71"),
        ("malang kab", "35.07"),
        ("jayapura kota", "91.71"),
        ("bekasi kota", "32.75"),
        # a toll road with a town beside it
        ("tol cipali subang", "32.13"),
    ],
)
def test_city_list_places_resolve(router: Router, text: str, code: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok", (text, result.status, result.reason)
    assert result.candidates[0].code.startswith(code), (text, result.candidates[0].code)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # a toll road alone runs through several kab/kota with different Polres: asked
        # (with its km it is one place since session 35: tests/routing/test_toll_roads.py)
        ("tol cipali", {"32.09", "32.10", "32.12", "32.13", "32.14"}),
        ("tol jagorawi", {"31.75", "32.76", "32.01", "32.71"}),
        # a road in two cities
        ("jl raya kalimalang", {"31.75", "32.75"}),
    ],
)
def test_roads_through_several_cities_are_asked(router: Router, text: str, codes: set[str]) -> None:
    result = router.resolve_text(text)
    assert result.status == "ambiguous", (text, result.status)
    assert {c.code[:5] for c in result.candidates} == codes


@pytest.mark.parametrize(
    "text",
    [
        # everyday words that were landmark aliases (SMS, TIM, UMRAH, TP, MAG, GI, STAN,
        # TSB, MaRI) or would have been street names of the lists
        "kirim sms penipuan",
        "ditipu tim marketing",
        "penipuan umrah",
        "ada tp di sana",
        "sakit mag",
        "gi ngapain",
        "stan pameran",
        "di lokasi tsb",
        "mari sini pak",
        "biro jodoh",
        "tiang listrik roboh",
        "pelajar",
        # one-word rests of landmarks named like their kecamatan (Pulau Banyak, Danau
        # Kembar with Danau Diatas / Dibawah): the rows were dropped, the kecamatan stays
        "share yg banyak",
        "anak dibawah umur",
    ],
)
def test_everyday_words_are_no_place(router: Router, text: str) -> None:
    assert router.resolve_text(text).status != "ok", text


def test_a_road_named_after_a_village_keeps_the_village(router: Router) -> None:
    """'Raya Kalimalang' is a street of Jakarta Timur and Bekasi; the bare word still names
    Desa Kalimalang (Ponorogo), not one of those cities."""
    result = router.resolve_text("kalimalang")
    assert all(not c.code.startswith(("31.75", "32.75")) for c in result.candidates)


def test_a_checked_row_cites_its_page(
    tree: RegionTree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A list line with `source | note` (session 38: rows confirmed on a public page) cites
    that page and its note; a line without them still says it is unconfirmed, and a page
    without a 'checked: ...' note is reported."""
    builder = _builder()
    (tmp_path / "city_landmarks.txt").write_text(
        "@ 73.71\n"
        "market | Pasar Contoh Satu | | Tamalanrea | | https://example.org/a"
        " | checked: the page says so\n"
        "market | Pasar Contoh Dua | | Tamalanrea\n"
        "market | Pasar Contoh Tiga | | Tamalanrea | | https://example.org/c | from memory\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(builder, "HERE", tmp_path)
    problems: list[str] = []
    rows = {row[0]: row for row in builder.build_landmarks(tree, problems)}
    assert rows["Pasar Contoh Satu"][5:] == ["https://example.org/a", "checked: the page says so"]
    assert rows["Pasar Contoh Dua"][5] == "https://id.wikipedia.org/wiki/Kota_Makassar"
    assert "not confirmed on the page" in rows["Pasar Contoh Dua"][6]
    assert [p for p in problems if "Pasar Contoh Tiga" in p] == [
        "city_landmarks.txt:4: 'Pasar Contoh Tiga' has a source but no 'checked: ...' note"
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # session 39: rows flagged by tools/flag_landmark_rows.py that a public page
        # places elsewhere; data/routing/README.md "Session 39: city.csv and regional.csv
        # confirmed" cites the pages
        ("janjang saribu", "13.06.05"),  # IV Koto, Kab. Agam, not Kota Bukittinggi
        ("janjang koto gadang", "13.06.05"),
        # session 38, second round (kab/kota codes 34-96): rows a public page placed
        # elsewhere; data/routing/README.md "Session 38: city.csv confirmed (second round,
        # 34-96)" cites the pages
        ("benteng somba opu makassar", "73.06.12"),  # Barombong, Kab. Gowa, not Makassar
        ("masjid al akbar surabaya", "35.78.23"),  # Jambangan (Pagesangan), not Gayungan
        ("untag surabaya", "35.78.09"),  # Sukolilo (Jl. Semolowaru); had no kecamatan
        ("rs panti nirmala", "35.73.03"),  # Kedungkandang (Mergosono), not Klojen
        ("universitas pgri adi buana", "35.78.22"),  # Gayungan (Dukuh Menanggal), not Jambangan
        ("universitas raharja", "36.71.01"),  # Kec. Tangerang (Kel. Cikokol), not Cipondoh
        # session 38: city-list rows a public page placed elsewhere than the list had (each
        # routed a complaint to another kab/kota's Polres before); data/routing/README.md
        # "Session 38: city.csv confirmed" cites the pages
        ("kawasan ungaran semarang", "33.22"),  # Kab. Semarang, not Kota Semarang
        ("q mall banjarbaru banjarmasin", "63.72"),  # Kota Banjarbaru, not Banjarmasin
        ("lippo plaza batu malang", "35.79"),  # Kota Batu, not Kota Malang
        ("iftk ledalero", "53.07.04"),  # Nita, Kab. Sikka, not Kab. Manggarai
        ("situ gintung depok", "36.74.05"),  # Ciputat Timur, Tangerang Selatan
        ("kebun raya cibodas bogor", "32.03"),  # Kab. Cianjur, not Kab. Bogor
        ("rs haji medan", "12.07.26"),  # Percut Sei Tuan, Deli Serdang
        ("rs elisabeth medan", "12.71.15"),  # Medan Maimun, not Medan Baru
        ("kawasan cibubur junction bogor", "31.75"),  # Jakarta Timur, not Kab. Bogor
        ("pajak sambu", "12.71.20"),  # Medan Timur (Kel. Gang Buntu), not Medan Kota
        ("universitas jambi mendalo", "15.05.01"),  # Muaro Jambi (Jambi Luar Kota), not Kota Jambi
        ("the park sawangan", "32.76.11"),  # Bojongsari, not Sawangan
        ("perumahan pucang gading", "33.21.01"),  # Kab. Demak (Mranggen), not Kota Semarang
        # session 39, second round (rows flagged by tools/flag_landmark_rows.py)
        ("kenten laut palembang", "16.07.10"),  # Desa Kenten Laut, Talang Kelapa, Banyuasin
        ("kawasan bandar selamat", "12.71.14"),  # Kel. Bandar Selamat, Medan Tembung, Kota Medan
    ],
)
def test_city_rows_follow_their_pages(router: Router, text: str, code: str) -> None:
    result = router.resolve_text(text)
    assert result.status == "ok", (text, result.status, result.reason)
    assert result.candidates[0].code.startswith(code), (text, result.candidates[0].code)


def test_a_dropped_row_no_longer_names_its_kab_kota(router: Router) -> None:
    """'Pasar Kranggan Jakarta' was a Jakarta Timur row; the Pasar Kranggan a page shows is
    in Bekasi, so the name no longer resolves to Jakarta Timur."""
    result = router.resolve_text("pasar kranggan jakarta")
    assert not (result.status == "ok" and result.candidates[0].code.startswith("31.75"))
