"""More toll roads (session 36, issue 14): roads the session 35 table did not hold (JORR,
Cisumdawu, Padaleunyi, Bocimi, Cijago, Palikanci, Kanci-Pejagan, Jombang-Mojokerto,
Pandaan-Malang, Gempol-Pasuruan, Surabaya-Gempol, Jakarta-Tangerang, Jakarta-Serpong,
Serang-Panimbang, Sigli-Banda Aceh, Pekanbaru-Bangkinang) and
km rows on roads it held without them, typed as citizens type them. Each expected kab/kota
is the one the row's page names (data/routing/toll_places.csv, `note`). Routing through
data/ as shipped; the generated audit over every row is in test_toll_roads.py."""

from __future__ import annotations

import pytest

from bot.routing.resolver import Router
from tests.routing.answers import chosen_code

SUMEDANG, KOTA_BANDUNG, BANDUNG_BARAT, KAB_SUKABUMI = "32.11", "32.73", "32.17", "32.02"
KAB_CIREBON, KOTA_DEPOK, KOTA_BOGOR, JAKSEL = "32.09", "32.76", "32.71", "31.74"
JOMBANG, KAB_MALANG, KAB_PASURUAN, SIDOARJO = "35.17", "35.07", "35.14", "35.15"
NGAWI, KAB_MADIUN, KOTA_PROBOLINGGO = "35.21", "35.19", "35.74"
KAB_PEKALONGAN, BATANG, KENDAL, BREBES = "33.26", "33.25", "33.24", "33.29"
MINAHASA_UTARA, KOTA_SAMARINDA, OKI, DELI_SERDANG = "71.06", "64.72", "16.02", "12.07"
KOTA_TANGERANG, TANGSEL, KOTA_BEKASI = "36.71", "36.74", "32.75"
KAB_SERANG, KOTA_SERANG, PIDIE, KAMPAR = "36.04", "36.73", "11.07", "14.01"
KOTA_CIMAHI = "32.77"


@pytest.mark.parametrize(
    ("text", "regency"),
    [
        # roads new to the table
        ("laka di tol cisumdawu km 169 arah bandung", SUMEDANG),
        ("mobil terbakar di cisumdawu km 158 jalur b", SUMEDANG),
        ("begal di jorr km 23 arah serpong", JAKSEL),
        ("tabrakan beruntun tol padaleunyi km 150+200", KOTA_BANDUNG),
        ("truk terguling di tol padaleunyi km 124", BANDUNG_BARAT),
        ("longsor di tol bocimi km 64 arah sukabumi", KAB_SUKABUMI),
        ("bus tabrak tronton di tol palikanci km 196", KAB_CIREBON),
        ("bus rosalia terguling di tol kanci pejagan km 223", KAB_CIREBON),
        ("truk box terguling di tol cijago km 44+200", KOTA_DEPOK),
        ("pikap tabrak truk gandeng tol jombang mojokerto km 697", JOMBANG),
        ("xenia tabrak pembatas di tol jomo km 700", JOMBANG),
        ("bus tabrak truk di tol pandaan malang km 77", KAB_MALANG),
        ("avanza terbalik di tol gempas km 786 jalur b", KAB_PASURUAN),
        ("kecelakaan di tol gempol pasuruan km 785", KAB_PASURUAN),
        ("rush tabrak truk boks di tol sidoarjo gempol km 767", SIDOARJO),
        ("tabrakan beruntun tol jakarta tangerang km 13", KOTA_TANGERANG),
        ("truk kontainer terperosok dari tol jakarta serpong km 10", TANGSEL),
        ("avanza tabrak guardrail di tol serpan km 78", KAB_SERANG),
        ("bus rem blong di gerbang tol serang timur", KOTA_SERANG),
        ("innova tabrak beton di tol sibanceh km 11", PIDIE),
        ("ford ranger tabrak fuso di tol pekanbaru bangkinang km 57", KAMPAR),
        # km rows on roads that had names or other rows only
        ("pick up masuk selokan di tol manado bitung km 13,5", MINAHASA_UTARA),
        ("avanza tabrak pagar tol balsam km 82", KOTA_SAMARINDA),
        ("tabrakan di terowongan tol jagorawi km 47b arah jakarta", KOTA_BOGOR),
        ("jazz tabrak truk di tol kayuagung palembang km 338", OKI),
        ("truk box tabrak hino di tol pemalang batang km 324+400", KAB_PEKALONGAN),
        ("crv terbalik di tol pemalang batang km 328 jalur a", KAB_PEKALONGAN),
        ("trailer hantam mobil di tol batang semarang km 354 jalur a", BATANG),
        ("tabrakan beruntun 13 mobil di tol pejagan pemalang km 253 a", BREBES),
        ("bus tabrak truk fuso tol ngawi solo km 559 b", NGAWI),
        ("innova tabrak pembatas tol madiun surabaya km 610", KAB_MADIUN),
        ("innova zenix tabrak truk di tol paspro km 835.600", KOTA_PROBOLINGGO),
        ("4 tewas kecelakaan tol medan tebingtinggi km 45,500", DELI_SERDANG),
        ("pickup terbalik tol japek km 10+400 b", KOTA_BEKASI),
    ],
)
def test_the_km_of_a_toll_road_is_the_place(router: Router, text: str, regency: str) -> None:
    assert chosen_code(router, text).startswith(regency)


def test_a_km_between_rows_of_two_regencies_is_asked_naming_both(router: Router) -> None:
    """Km 140 of Tol Padaleunyi lies between the rest area at km 125 (Kota Cimahi, read
    in session 41; km 124 is Padalarang, Kab. Bandung Barat) and km 146.2 (Kota Bandung):
    asked, never guessed. The rows lie 21.2 km apart: since session 44 (ASK_GAP_KM) the
    question adds the road's towns, Kab. Bandung among them, which the road may cross
    between the two (before: only the two)."""
    res = router.resolve_text("mobil mogok di tol padaleunyi km 140")
    assert res.status == "ambiguous"
    assert {KOTA_CIMAHI, KOTA_BANDUNG} <= {c.code[:5] for c in res.candidates}


def test_a_jagorawi_km_between_kab_and_kota_bogor_is_asked(router: Router) -> None:
    """Km 40 of Tol Jagorawi lies between km 27-28 (Kab. Bogor) and km 47 (Kota Bogor)."""
    res = router.resolve_text("tabrakan di tol jagorawi km 40")
    assert res.status == "ambiguous"
    assert {c.code[:5] for c in res.candidates} == {"32.01", KOTA_BOGOR}


def test_a_gate_whose_pages_disagree_is_asked(router: Router) -> None:
    """GT Ciawi 2 of Tol Jagorawi: pages place it in Kota Bogor (Kel. Katulampa, Kec.
    Bogor Timur), one has its crash handled by Polres Bogor, Kab. Bogor's unit: asked
    between the two, never guessed (before: Kec. Ciawi of Kab. Bogor, answered)."""
    res = router.resolve_text("truk rem blong di gt ciawi 2 tol jagorawi")
    assert res.status == "ambiguous"
    assert {c.code[:5] for c in res.candidates} == {"32.01", KOTA_BOGOR}


def test_a_heading_never_decides_a_new_roads_km(router: Router) -> None:
    for heading in ("bekasi", "tangerang", "bogor", "depok"):
        assert chosen_code(router, f"begal di jorr km 23 arah {heading}").startswith(JAKSEL)


def test_the_confirmation_names_a_new_road_and_its_km(router: Router) -> None:
    res = router.resolve_text("laka di tol cisumdawu km 169")
    assert res.chosen is not None
    assert res.chosen.path.startswith("Tol Cisumdawu km 169, Kab. Sumedang")
    assert res.chosen.polres_name == "Polres Sumedang"
