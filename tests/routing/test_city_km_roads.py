"""City roads told by their kilometre (session 36, issue 14): "jakal km 10", "jalan magelang
km 8", "jl a yani km 24" say the kab/kota the rows of data/routing/city_road_places.csv put
that km in (bot/routing/toll_roads.py, read by the resolver's `_on_the_toll_road`). The
audit types every row under every name of its road; the other tests guard what a city road
must not do: answer without a km, or overrule a place the text names elsewhere. Routing
through data/ as shipped."""

from __future__ import annotations

import csv

import pytest

from bot.routing.resolver import Router
from bot.routing.toll_roads import CITY_PLACES_PATH, CITY_ROADS_PATH, TollRoads

SLEMAN, BANTUL, KAB_BANJAR, BANJARBARU = "34.04", "34.02", "63.03", "63.72"
BALIKPAPAN, PONTIANAK = "64.71", "61.71"


def _rows(path: object) -> list[dict[str, str]]:
    with open(str(path), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def _forms() -> list[tuple[str, str]]:
    """Every km row typed as people write it, under every name of its road: "kecelakaan
    di jalan magelang km 8", "jakal km 9.3" (a name meaning the road alone is also typed
    without "jalan")."""
    names: dict[str, list[tuple[str, bool]]] = {}
    for row in _rows(CITY_ROADS_PATH):
        names.setdefault(row["road"], []).append((row["name"], row["alone"] == "yes"))
    forms = []
    for row in _rows(CITY_PLACES_PATH):
        km = f"{float(row['km_from']):g}".replace(".", ",")
        for name, alone in names[row["road"]]:
            forms.append((f"kecelakaan di jalan {name} km {km}", row["code"]))
            forms.append((f"jl {name} km {km}", row["code"]))
            if alone:
                forms.append((f"motor hilang di {name} km {km}", row["code"]))
    return forms


def audit(router: Router) -> tuple[int, list[tuple[str, str, str]]]:
    """(forms, misses): each miss is (text, expected kab/kota, what was answered)."""
    misses = []
    forms = _forms()
    for text, code in forms:
        res = router.resolve_text(text)
        got = res.chosen.code if res.status == "ok" and res.chosen is not None else res.status
        if not got.startswith(code):
            misses.append((text, code, f"{res.status} {got} {res.reason}"))
    return len(forms), misses


def test_every_row_of_the_table_is_its_kab_kota(router: Router) -> None:
    """The table's own audit: each of its 18 km rows under each name of its road."""
    count, misses = audit(router)
    assert count >= 18 * 2
    assert not misses, misses


@pytest.mark.parametrize(
    ("text", "regency"),
    [
        ("mobil tabrak tiang di jakal km 10", SLEMAN),  # not found before
        ("kecelakaan maut jalan magelang km 7,8", SLEMAN),  # Sleman or Kota Yogyakarta
        ("pemotor jatuh di jl wates km 5", SLEMAN),  # between two Sleman rows
        ("longsor di jalan jogja wonosari km 16,5", BANTUL),
        ("tabrakan beruntun jl a yani km 24", BANJARBARU),  # between km 20 and km 29
        ("truk terguling di jalan soekarno hatta km 15", BALIKPAPAN),
    ],
)
def test_the_km_of_a_city_road_is_the_place(router: Router, text: str, regency: str) -> None:
    res = router.resolve_text(text)
    assert res.status == "ok" and res.chosen is not None, (text, res.status, res.reason)
    assert res.chosen.code.startswith(regency)


def test_the_confirmation_names_the_road_and_km(router: Router) -> None:
    res = router.resolve_text("kecelakaan maut jalan magelang km 8")
    assert res.chosen is not None
    assert res.chosen.path.startswith("Jalan Magelang km 8, Kab. Sleman")


def test_a_km_between_two_regencies_is_asked_naming_both(router: Router) -> None:
    """Km 15 of Jalan A Yani lies between Gambut (km 11, Kab. Banjar) and Liang Anggang
    (km 20, Kota Banjarbaru), two Polres: asked, never guessed."""
    res = router.resolve_text("tabrakan di jl a yani km 15")
    assert res.status == "ambiguous"
    assert {c.code[:5] for c in res.candidates} == {KAB_BANJAR, BANJARBARU}


def test_a_city_road_named_without_a_km_says_nothing() -> None:
    """Every town has a Jalan Ahmad Yani and a Jalan Magelang: without a km the name is left
    to the street rules, not asked among the rows' kab/kota."""
    roads = TollRoads.load()
    for text in ("jalan a yani", "jl magelang no 5", "jalan kaliurang ngaglik", "jalan wates"):
        assert roads.reading(text) is None, text


def test_a_km_the_rows_do_not_reach_says_nothing() -> None:
    assert TollRoads.load().reading("jalan a yani km 80") is None


@pytest.mark.parametrize(
    ("text", "regency"),
    [
        ("begal di jl a yani km 5 pontianak", PONTIANAK),
        ("jl. ahmad yani km 3 kota pontianak", PONTIANAK),
    ],
)
def test_a_place_named_elsewhere_wins_over_a_city_roads_km(
    router: Router, text: str, regency: str
) -> None:
    res = router.resolve_text(text)
    assert res.status == "ok" and res.chosen is not None, (text, res.status, res.reason)
    assert res.chosen.code.startswith(regency)


def test_a_city_named_elsewhere_is_not_overruled_by_the_km(router: Router) -> None:
    """Bandung has a Jalan Soekarno-Hatta too: "km 10 bandung" is never Balikpapan."""
    res = router.resolve_text("jl. soekarno-hatta km 10 bandung")
    assert all(not c.code.startswith(BALIKPAPAN) for c in res.candidates)
