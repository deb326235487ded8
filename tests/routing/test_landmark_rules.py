"""Landmarks, nicknames and former names as citizens type them (session 29, issue 14): one
behaviour each, on texts of the kinds a fresh set of public pages missed before the rule
or the row existed (bench/README.md, "Session 29: landmarks and nicknames"). Routing
through data/places and data/routing as shipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.routing.landmarks import load_places
from bot.routing.regions import RegionTree
from bot.routing.resolver import Router


def _chosen(router: Router, text: str) -> str | None:
    res = router.resolve_text(text)
    return res.chosen.code if res.status == "ok" and res.chosen is not None else None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # "km kelud" is a ship (KM Kelud), not Gunung Kelud in Kediri
        ("penumpang km kelud di pelabuhan batu ampar", "21.71.02"),
        ("km sabuk nusantara 93 di pelabuhan passarang majene", "76.05"),
    ],
)
def test_a_ships_name_is_no_place(router: Router, text: str, code: str) -> None:
    assert _chosen(router, text) == code


def test_km_before_a_number_is_still_a_kilometre_post(router: Router) -> None:
    assert _chosen(router, "rest area km 57") == "32.15"  # Karawang, on the Jakarta-Cikampek


@pytest.mark.parametrize("kind", ["terminal", "pasar"])
def test_a_town_of_the_world_list_after_a_kind_of_place_is_no_town_abroad(
    router: Router, kind: str
) -> None:
    """Yanji (China) is on the long world list: typed alone it is abroad, after a kind of
    place it is the local market's or terminal's own name (asked again, never "outside")."""
    assert router.resolve_text("yanji").status == "outside"
    assert router.resolve_text(f"{kind} yanji").status == "not_found"


@pytest.mark.parametrize(
    "text",
    ["candi kalisosok", "arca siwa hilang di candi kalisosok", "curug cigamea"],
)
def test_a_kind_of_place_before_an_unknown_name_is_no_district(router: Router, text: str) -> None:
    """Kec. Candi (Sidoarjo) and Kec. Curug (Tangerang, Serang) are the kinds of the
    landmarks named after them here, not those districts."""
    codes = {c.code[:8] for c in router.resolve_text(text).candidates}
    assert not codes & {"35.15.07", "36.03.17", "36.73.04"}


@pytest.mark.parametrize(
    ("text", "code"),
    [("candi sidoarjo", "35.15.07"), ("kec candi", "35.15.07"), ("curug tangerang", "36.03.17")],
)
def test_the_district_named_like_a_kind_still_counts_where_the_text_agrees(
    router: Router, text: str, code: str
) -> None:
    assert _chosen(router, text) == code


def test_a_towns_stock_market_name_gives_way_to_the_place_beside_it(router: Router) -> None:
    """Kel. Pasar Baru and Desa Tanjung Pura both lie in OKU, but "pasar baru" is the new
    market of Kec. Tanjung Pura (Langkat), as every town has one."""
    assert _chosen(router, "kios dibobol di pasar baru tanjung pura") == "12.05.11"


def test_a_landmark_in_another_province_gives_way_to_the_city_named(router: Router) -> None:
    """Pasar Grogol of our table is in Jakarta Barat; beside Kota Ternate it is Ternate's own."""
    assert _chosen(router, "pasar grogol ternate") == "82.71"


def test_a_landmark_in_the_same_province_as_the_city_named_is_still_the_landmark(
    router: Router,
) -> None:
    assert _chosen(router, "bandara juanda surabaya") == "35.15"  # the airport is in Sidoarjo


def test_a_level_word_after_a_kind_of_place_names_the_town(router: Router) -> None:
    """ "taman kota gerung": the park of the town Gerung (Lombok Barat), although "gerung"
    is also a dictionary word."""
    assert _chosen(router, "taman kota gerung") == "52.01.01"


def test_tta_is_a_type_a_bus_terminal(router: Router) -> None:
    assert _chosen(router, "digetok calo di tta purabaya") == "35.15.18"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("begal di kota dolar", "94.04"),  # Timika
        ("gumi selaparang", "52.03"),  # Lombok Timur, not Kec. Selaparang of Mataram
        ("giri menang", "52.01"),
        ("tenggelam di pantai indah kapu", "74.01.20"),
        ("dibegal di jembatan paralel landak", "61.71"),  # Pontianak, not Kab. Landak
        ("tugu radin inten", "18.71"),  # not the airport Radin Inten II in Lampung Selatan
    ],
)
def test_places_checked_on_pages_resolve(router: Router, text: str, code: str) -> None:
    assert _chosen(router, text) == code


def test_a_nickname_two_cities_claim_is_asked(router: Router) -> None:
    res = router.resolve_text("jambret di kota idaman")
    assert res.status == "ambiguous"
    assert {"73.73", "63.72"} <= {c.code for c in res.candidates}


def test_a_checked_landmark_in_a_split_regency_goes_to_the_serving_unit(router: Router) -> None:
    """Candi Ganter lies in Kec. Ngantang (Kab. Malang), served by Polres Batu."""
    res = router.resolve_text("arca siwa hilang di candi ganter")
    assert res.chosen is not None and res.chosen.code == "35.07.27"
    assert router.unit_for(res.chosen).id == "polres-batu"


def test_checked_tables_load_beside_data_places(tree: RegionTree, tmp_path: Path) -> None:
    """data/routing/landmarks_*.csv and aliases_*.csv are read like the tables of
    data/places; a row with an unknown code is reported, not fatal."""
    places = tmp_path / "places"
    (places / "landmarks").mkdir(parents=True)
    checked = tmp_path / "routing"
    checked.mkdir()
    (checked / "landmarks_checked.csv").write_text(
        "name,aliases,kind,regency,district,source,note\n"
        "Pasar Contoh,,market,82.71,,https://example.org/a,checked\n"
        "Pasar Hilang,,market,99.99,,https://example.org/b,checked\n"
    )
    (checked / "aliases_checked.csv").write_text(
        "alias,code,kind,source,note\nKota Contoh,94.04,nickname,https://example.org/c,checked\n"
    )
    book = load_places(tree, places, checked)
    assert [m.name for m in book.landmarks] == ["Pasar Contoh"]
    assert [(a.alias, a.code) for a in book.aliases] == [("Kota Contoh", "94.04")]
    assert any("Pasar Hilang" in p for p in book.problems)


@pytest.mark.parametrize("text", ["kena tipu seribu rupiah", "uang seribu hilang", "seribu"])
def test_a_number_word_is_no_place(router: Router, text: str) -> None:
    """ "seribu" (a thousand) was Kepulauan Seribu: the rest of the regency's and the
    landmark's name after "kepulauan"/"pulau". Numbers written as words are never keyed.
    ("kota seribu masjid" was here too; since session 33 it is Mataram's nickname, a row
    of data/places/aliases_public.csv citing its page: tests/routing/test_public_names.py.)"""
    assert router.resolve_text(text).status == "not_found"


@pytest.mark.parametrize("text", ["pulau seribu", "kepulauan seribu", "pulau tidung kep seribu"])
def test_kepulauan_seribu_is_still_found_by_its_names(router: Router, text: str) -> None:
    assert _chosen(router, text) == "31.01"
