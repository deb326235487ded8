"""City transit stops (session 40, issue 14): Transjakarta's halte, the MRT, LRT and
high-speed rail stations, and the words people report them with.

- place_words: "halte", "busway" and "shelter" are kinds of place (GENERIC), never a place
  alone, and a halte is named after the place it stands in (NAMED_KINDS): "dicopet di halte
  busway slipi" is Kel. Slipi, which the sentence rule used to drop as a word;
- landmarks: kind `bus_stop`; each Jakarta "Halte X" is also written "Halte Busway X",
  "Busway X", "Halte Transjakarta X" and "Halte TJ X";
- data/routing/landmarks_transit.csv: each row where its page puts it, and a name two
  stations of different kota share resolved by the line typed with it.

The whole class in three sentence frames: `python -m tests.routing.transit_forms`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from bot.routing.gazetteer import Gazetteer
from bot.routing.landmarks import load_places
from bot.routing.regions import RegionTree
from bot.routing.resolver import Router
from tests.routing.checked_rows import checked_rows_without_a_page
from tests.routing.transit_forms import generate, score, transit_stops

TABLE = Path(__file__).resolve().parents[2] / "data" / "routing" / "landmarks_transit.csv"


def _chosen(router: Router, text: str) -> str:
    result = router.resolve_text(text)
    assert result.status == "ok" and result.chosen is not None, (text, result.status)
    return result.chosen.code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # the sentence rule read these kelurahan as words once "halte" stood beside them
        ("dicopet di halte busway slipi", "31.73.07"),  # Kel. Slipi, Palmerah
        ("halte di slipi", "31.73.07"),
        ("halte petamburan", "31.71.07"),  # Kel. Petamburan, Tanah Abang
        ("halte duren tiga", "31.74.08"),
        ("halte pinang ranti", "31.75.08"),
        # ... and a kecamatan named like a word, after a halte, is still the kecamatan
        ("halte senen", "31.71.04"),
        ("halte gambir", "31.71.01"),
    ],
)
def test_a_place_named_after_halte_is_that_place(router: Router, text: str, code: str) -> None:
    assert _chosen(router, text).startswith(code)


@pytest.mark.parametrize(
    "text",
    [
        "halte",
        "busway",
        "shelter",
        "halte busway",
        "lrt",
        "mrt",
        "krl",
        "stasiun lrt",
        "dicopet di halte",
        "hp ilang di busway",
        "copet di krl",
    ],
)
def test_transit_words_alone_name_no_place(router: Router, text: str) -> None:
    assert router.resolve_text(text).status == "not_found"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("hp dicopet di busway halte harmoni", "31.71.01"),  # Kebon Kelapa, Gambir
        ("busway harmoni", "31.71.01"),
        ("halte tj harmoni", "31.71.01"),
        ("halte transjakarta tosari", "31.71.06"),
        ("tas diambil di halte busway kampung melayu", "31.75.03"),
    ],
)
def test_a_halte_is_found_by_the_names_jakarta_gives_it(
    router: Router, text: str, code: str
) -> None:
    assert _chosen(router, text).startswith(code)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # one name, stations of two lines in two kota: the line typed decides
        ("lrt cawang", "31.75"),  # above the Cawang halte, Kramat Jati, Jakarta Timur
        ("stasiun cawang", "31.74"),  # the KRL station, Tebet, Jakarta Selatan
        ("lrt dukuh atas", "31.74"),  # Setiabudi, Jakarta Selatan
        ("mrt dukuh atas", "31.71"),  # Jakarta Pusat
        # a halte is no airport, hospital or regency of the same name
        ("dicopet di halte juanda", "31.71"),
        ("bandara juanda", "35.15"),
        ("halte adam malik", "31.74"),  # Halte Petukangan d'Masiv, Pesanggrahan
        ("rsup adam malik", "12.71"),
        ("halte manggarai", "31.74"),  # not Kab. Manggarai (NTT)
        ("halte senayan", "31.74"),  # not Desa Senayan (Sumbawa Barat)
    ],
)
def test_a_shared_name_resolves_by_its_context(router: Router, text: str, code: str) -> None:
    assert _chosen(router, text).startswith(code)


def test_a_shared_name_alone_is_asked(router: Router) -> None:
    # Cawang is a kelurahan of Jakarta Timur and a village of Seluma: without "halte",
    # "lrt" or "stasiun" the citizen picks
    result = router.resolve_text("cawang")
    assert result.status == "ambiguous"
    assert {"31.75", "17.05"} <= {c.code[:5] for c in result.candidates}


def test_the_lrt_station_by_the_renamed_hospital(router: Router) -> None:
    # RSUD Provinsi Sumsel (Palembang) is RSUD Siti Fatimah since September 2018
    assert _chosen(router, "tas mencurigakan di bawah lrt rsud siti fatimah") == "16.71"


def test_every_transit_stop_resolves_to_its_kota(router: Router, gazetteer: Gazetteer) -> None:
    """The audit of tests/routing/transit_forms.py: every halte and MRT/LRT/Whoosh
    station, each written name in three frames, answers the row's kab/kota."""
    landmarks = list(gazetteer.landmarks)
    assert len(transit_stops(landmarks)) >= 80
    outcomes = [(score(router, form), form.text) for form in generate(landmarks)]
    assert len(outcomes) >= 1100
    assert [text for outcome, text in outcomes if outcome != "right"] == []


def test_busway_forms_only_for_jakarta(tree: RegionTree, tmp_path: Path) -> None:
    places = tmp_path / "places"
    (places / "landmarks").mkdir(parents=True)
    checked = tmp_path / "routing"
    checked.mkdir()
    (checked / "landmarks_transit.csv").write_text(
        "name,aliases,kind,regency,district,source,note\n"
        "Halte Contoh,Halte Lama,bus_stop,31.71,,https://example.org/a,checked\n"
        "Halte Trans Semarang,,bus_stop,33.74,,https://example.org/b,checked\n"
    )
    book = load_places(tree, places, checked)
    jakarta, semarang = book.landmarks
    assert {"Busway Contoh", "Halte TJ Lama", "Halte Transjakarta Contoh"} <= set(jakarta.names)
    assert semarang.names == ("Halte Trans Semarang",)


def test_a_transit_row_cites_the_page_it_was_read_on() -> None:
    rows = list(csv.DictReader(io.StringIO(_without_comments(TABLE.read_text("utf-8")))))
    assert rows and all(row["note"].startswith("checked (session 40)") for row in rows)
    assert all(row["source"].startswith("http") for row in rows)


def _without_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("#"))


def test_checked_rows_helper_reads_the_table_too(tmp_path: Path) -> None:
    copy = tmp_path / "transit.csv"
    copy.write_text(_without_comments(TABLE.read_text("utf-8")), encoding="utf-8")
    assert checked_rows_without_a_page(copy, at_least=28) == []
