"""Asking and refusing (session 32, issue 14): the rules written for the misses of the
fresh ask/refuse set (tests/eval/places/fresh_s32_ask.jsonl, notes "s32 fresh ask:"),
each on texts of that kind, with the typed places of the development half they must leave
alone. Routing through data/ as shipped."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.routing.resolver import Router
from tests.routing.answers import chosen_code

FOREIGN_CSV = Path(__file__).resolve().parents[2] / "data" / "places" / "foreign.csv"


def _regencies_offered(router: Router, text: str) -> set[str]:
    res = router.resolve_text(text)
    assert res.status == "ambiguous", (text, res.status, res.reason, res.chosen)
    return {c.code[:5] for c in res.candidates}


# --- a district's name told in a sentence is as bare as typed alone ---------------------


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # Kec. Balerejo (Madiun) and villages Balerejo of Lampung Timur, Magelang...
        ("kandang ayam dibobol di balerejo", {"35.19", "18.07"}),
        # Kec. Babadan (Ponorogo) and villages Babadan of Cirebon, Purwakarta...
        ("ayam kampung dicuri warga babadan resah", {"35.02", "32.09"}),
        # Kec. Pakuhaji (Tangerang) and villages Pakuhaji of Bandung Barat, Subang
        ("begal di pakuhaji malam malam", {"36.03", "32.17"}),
        # Kec. Tanon (Sragen) and Desa Tanon of Kediri
        ("pelajar dari tanon dipukuli", {"33.14", "35.06"}),
        # Kec. Mojosongo (Boyolali) and Kel. Mojosongo of Surakarta
        ("pelajar asal mojosongo bawa petasan", {"33.09", "33.72"}),
        # Kec. Sidomulyo (Lampung Selatan) and villages Sidomulyo of 68 kab/kota
        ("pencurian mobil pick up marak di sidomulyo", {"18.01", "12.05"}),
        ("motor ilang di sidomulyo", {"18.01", "12.05"}),
    ],
)
def test_a_district_named_in_a_sentence_is_asked(
    router: Router, text: str, wanted: set[str]
) -> None:
    assert wanted <= _regencies_offered(router, text)


@pytest.mark.parametrize(
    ("text", "regency"),
    [
        # a local name right before its district
        ("pasir bajing banyuresmi", "32.05"),
        ("tepian pandan tenggarong", "64.02"),
        # a kind of landmark or road in the text
        ("kios kain di pasar seririt dibongkar maling", "51.08"),
        ("adu kambing di tol palembang lampung km 325 kayu agung", "16.02"),
        # the district's kab/kota named
        ("kandang ayam dibobol di balerejo madiun", "35.19"),
        ("kec balerejo", "35.19"),
    ],
)
def test_what_settles_a_district_still_does(router: Router, text: str, regency: str) -> None:
    res = router.resolve_text(text)
    assert res.status == "ok" and res.chosen is not None, (text, res.status, res.reason)
    assert res.chosen.code[:5] == regency


# --- breeds named after foreign places ---------------------------------------------------


def test_a_breed_is_no_foreign_place(router: Router) -> None:
    # Desa Karangsono of 14 kab/kota, not Bangkok
    assert {"35.18", "35.04"} <= _regencies_offered(router, "14 ayam bangkok hilang di karangsono")
    assert router.resolve_text("ayam bangkok saya dicuri").status != "outside"
    assert router.resolve_text("kerja di bangkok ditipu agen").status == "outside"


@pytest.mark.parametrize(
    "text", ["sapi perah jersey hilang di desa jemowo", "sapi jersey dicuri warga desa jemowo"]
)
def test_a_dairy_breed_is_no_foreign_place(router: Router, text: str) -> None:
    # Desa Jemowo (Musuk, Boyolali), not the island of Jersey; also after "perah"
    assert chosen_code(router, text) == "33.09.21.2004"
    assert router.resolve_text("wisata ke jersey").status == "outside"


# --- places abroad -----------------------------------------------------------------------


def _session_32_rows() -> list[str]:
    with FOREIGN_CSV.open(encoding="utf-8") as handle:
        return [row["name"] for row in csv.DictReader(handle) if "session 32" in row["source"]]


def test_session_32_rows_exist() -> None:
    assert len(_session_32_rows()) >= 30


@pytest.mark.parametrize("name", _session_32_rows())
def test_a_place_abroad_is_refused_in_a_sentence(router: Router, name: str) -> None:
    res = router.resolve_text(f"majikan di {name} tidak bayar gaji")
    assert res.status == "outside", (name, res.status, res.reason, res.chosen)


@pytest.mark.parametrize(
    "text",
    [
        "gaji 3 tahun ga dibayar di ayer tawar perak",  # Perak is also Kec. Perak, Jombang
        "disekap agen di bandar baru klang",  # Bandar Baru is also a kecamatan of Pidie Jaya
        "disiksa ama di lau fau shan",  # Lau is also Kec. Lau of Maros
    ],
)
def test_a_foreign_towns_quarter_or_state_is_abroad(router: Router, text: str) -> None:
    assert router.resolve_text(text).status == "outside"


@pytest.mark.parametrize(
    ("text", "regency"),
    [
        ("malaka ntt", "53.21"),  # a province beside a foreign name keeps it Indonesian
        ("kec perak jombang", "35.17"),
        ("kec bandar baru pidie jaya", "11.18"),
        ("lau maros", "73.09"),
    ],
)
def test_indonesian_namesakes_stay(router: Router, text: str, regency: str) -> None:
    res = router.resolve_text(text)
    assert res.status == "ok" and res.chosen is not None, (text, res.status, res.reason)
    assert res.chosen.code[:5] == regency


# --- words of the sentence are no misspelt names -----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "dipukul pakai kayu sama orang",  # "sama orang" was Kec. Samarang (Garut)
        "dipukul sama orang",
        "menthok saya dicuri habis maghrib",  # a Muscovy duck, not Mentok (Bangka Barat)
    ],
)
def test_sentence_words_are_no_fuzzy_place(router: Router, text: str) -> None:
    res = router.resolve_text(text)
    assert res.status != "ok", (text, res.reason, res.chosen)


@pytest.mark.parametrize(
    ("text", "regency"),
    [("pasar mingu", "31.74"), ("kec samarang garut", "32.05")],
)
def test_misspelt_names_still_found(router: Router, text: str, regency: str) -> None:
    res = router.resolve_text(text)
    assert res.status == "ok" and res.chosen is not None, (text, res.status, res.reason)
    assert res.chosen.code[:5] == regency
