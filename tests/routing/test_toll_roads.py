"""Toll roads and km markers (session 35, issue 14): a toll road's km, gate or rest area
says the kab/kota (bot/routing/toll_roads.py, data/routing/toll_roads.csv and
toll_places.csv). The reports the brief quotes first, then the rules swept over every row
of the table and every kab/kota as a heading. Routing through data/ as shipped."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.routing.gazetteer import Gazetteer
from bot.routing.place_words import GENERIC, name_key
from bot.routing.regions import bare_regency_name, level_of
from bot.routing.resolver import Router
from bot.routing.toll_roads import PLACES_PATH, ROADS_PATH, RoadPlace, TollRoads
from tests.routing.answers import chosen_code
from tests.routing.toll_forms import audit_forms, outcome
from tests.routing.toll_km_walk import clashes, disorders, walk

SUBANG, KARAWANG, KAB_BEKASI, OGAN_ILIR = "32.13", "32.15", "32.16", "16.10"
KAB_MADIUN, JAKARTA_TIMUR, KAB_SEMARANG, BOYOLALI = "35.19", "31.75", "33.22", "33.09"


# --- the reports of the brief -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "regency"),
    [
        ("kecelakaan di tol cipali km 102", SUBANG),  # asked among ten kab/kota before
        ("km 57 tol japek", KARAWANG),  # not found before
        ("laka di tol jakarta cikampek km 22 tambun arah jakarta", KAB_BEKASI),  # Jakarta Timur
        ("pajero kecelakaan tunggal tol palindra km 16", OGAN_ILIR),  # asked with Palembang
        ("penumpang bus kejang di pintu keluar tol dumpil madiun", KAB_MADIUN),  # Kota Madiun
        ("kontainer rem blong tabrak gardu tol halim", JAKARTA_TIMUR),  # not found before
        ("rest area km 56 tol indralaya prabumulih", OGAN_ILIR),  # Kota Prabumulih before
    ],
)
def test_the_km_or_gate_of_a_toll_road_is_the_place(
    router: Router, text: str, regency: str
) -> None:
    assert chosen_code(router, text).startswith(regency)


def test_the_confirmation_names_the_road_and_km(router: Router) -> None:
    """The candidate the citizen confirms says which road and km was understood."""
    res = router.resolve_text("kecelakaan di tol cipali km 102")
    assert res.chosen is not None
    assert res.chosen.path.startswith("Tol Cipali km 102, Kab. Subang")
    assert res.chosen.polres_name == "Polres Subang"


def test_a_km_between_two_regencies_is_asked_naming_both(router: Router) -> None:
    """Km 460 of Tol Semarang-Solo lies between Tuntang (km 445.2, Kab. Semarang) and
    Boyolali's stretch (km 471-505): asked, never guessed. The rows lie 25.8 km apart,
    and Kota Salatiga (the Tingkir gate, a row without km) lies between them: since
    session 44 a km ASK_GAP_KM or more between two kab/kota is asked among both and the
    road's towns, which name Salatiga too (before: only the two)."""
    res = router.resolve_text("truk terguling di tol semarang solo km 460")
    assert res.status == "ambiguous"
    assert {KAB_SEMARANG, BOYOLALI, "33.73"} <= {c.code[:5] for c in res.candidates}


def test_a_toll_road_alone_is_asked_among_its_regencies(router: Router) -> None:
    res = router.resolve_text("kecelakaan di tol cipali")
    assert res.status == "ambiguous"
    assert {SUBANG, "32.10", "32.14"} <= {c.code[:5] for c in res.candidates}


def test_a_place_named_inside_the_kms_regency_is_the_answer(router: Router) -> None:
    """Desa Tanah Raja lies in Serdang Bedagai, as km 64 does: the village is kept."""
    text = "bus terjun dari tol tebingtinggi lubukpakam km 64 desa tanah raja teluk mengkudu"
    assert chosen_code(router, text) == "12.18.04.2027"


def test_a_road_named_alone_leaves_a_place_named_elsewhere_to_the_other_rules(
    router: Router,
) -> None:
    """ "tol cikampek purwakarta padalarang" is Tol Cipularang, of several units: asked as
    before, not answered with the Japek's kab/kota nor with Purwakarta."""
    assert router.resolve_text("tol cikampek purwakarta padalarang").status == "ambiguous"


# --- sweeps -----------------------------------------------------------------------------


def test_a_heading_never_decides_the_place(router: Router, gazetteer: Gazetteer) -> None:
    """Whichever kab/kota a vehicle was heading to ("arah jakarta"), km 102 of Tol Cipali
    is in Subang."""
    names = sorted({name_key(bare_regency_name(n)) for _c, n in gazetteer.tree.items(2)} - GENERIC)
    assert len(names) > 400
    wrong = [
        name
        for name in names
        if not router.resolve_text(f"tabrakan di tol cipali km 102 arah {name}").chosen
        or chosen_code(router, f"tabrakan di tol cipali km 102 arah {name}")[:5] != SUBANG
    ]
    assert not wrong


def test_every_row_of_the_table_in_the_forms_reporters_use(router: Router) -> None:
    """The generated audit (tests/routing/toll_forms.py): every km row, gate and rest area
    as "tol X km N", "km N tol X", "rest area km N tol X", "gt X", "pintu keluar tol X",
    with each of its road's names, answers the row's kab/kota (393 forms; before session 35:
    112 right, 162 asked, 119 wrong)."""
    forms = list(dict.fromkeys(audit_forms(router.toll_roads)))
    assert len(forms) > 300
    missed = [f.text for f in forms if outcome(router, f) != "right"]
    assert not missed


# --- the reader and the data --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("tol cipali km 101+400 arah jakarta", "km 101.4"),
        ("tol medan tebingtinggi km 45,500", "km 45.5"),
        ("tol palindra kilometer 16.5", "km 16.5"),
        ("km57 tol japek", "km 57"),
        ("tol jagorawi km 27b", "km 27"),
    ],
)
def test_km_markers_as_written(text: str, label: str) -> None:
    reading = TollRoads.load().reading(text)
    assert reading is not None and reading.label.endswith(label)


def test_no_road_no_reading() -> None:
    toll = TollRoads.load()
    for text in ("motor hilang di pasar minggu", "km 12 desa sukamaju", "balsam gosok"):
        assert toll.reading(text) is None


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def test_every_row_names_a_real_place_and_cites_a_page(router: Router) -> None:
    roads = _rows(ROADS_PATH)
    places = _rows(PLACES_PATH)
    named = {r["road"] for r in roads}
    assert all(r["source"].startswith("http") for r in roads + places)
    assert {p["road"] for p in places} <= named
    assert all(p["kind"] in ("km", "gate", "rest_area") for p in places)
    for p in places:
        assert p["code"] in router.tree and level_of(p["code"]) >= 2, p
        if p["km_from"] and p["km_to"]:
            assert float(p["km_from"]) < float(p["km_to"]), p


def test_a_km_the_rows_do_not_reach_is_left_to_the_other_rules() -> None:
    """Km 600 of Tol Solo-Ngawi lies far beyond the last row (km 576, Ngawi): the road
    may run on into a kab/kota no row names, and a question among the rows' kab/kota
    (Karanganyar, Sragen, Ngawi) could leave the right one out, so the toll table says
    nothing. (Km 512 was such a km until session 40 read it on its page: Karanganyar.)"""
    toll = TollRoads.load()
    assert toll.reading("innova tabrak tronton di tol solo ngawi km 600 jalur b") is None
    assert toll.reading("tol solo ngawi") is not None  # named alone: asked among its rows


def test_a_gate_the_text_already_places_keeps_its_district(router: Router) -> None:
    """ "gerbang tol halim utama" was Kec. Makasar of Jakarta Timur before session 35: the
    gate's kab/kota agrees, and the district is kept rather than only the kab/kota."""
    assert chosen_code(router, "7 mobil ringsek di gerbang tol halim utama") == "31.75.08"
    assert chosen_code(router, "pintu tol pejagan brebes") == "33.29.13"


# --- the km walk and the ordering of each road's rows (session 40) ------------------------

# Roads whose rows leave a kab/kota and come back into it, each shown by the rows' pages:
# (road, the kab/kota between) -> why. Any other row between two rows of another kab/kota
# is a misread or mis-numbered row.
REENTERED = {
    ("banjar-a-yani", "63.72"): "Jalan A. Yani runs from Kab. Banjar (Gambut, km 11) through "
    "Kota Banjarbaru (km 20, 29) to Martapura, Kab. Banjar (km 39)",
}


def test_every_roads_rows_are_ordered_and_consistent() -> None:
    """A km between two rows of one kab/kota is read as that kab/kota: a row of another
    between them breaks that reading, unless the road truly passes through (REENTERED)."""
    found = disorders(TollRoads.load())
    assert {(d.road, d.code) for d in found} <= set(REENTERED), [str(d) for d in found]


def _road(*rows: tuple[float, str]) -> TollRoads:
    places = {"r": [RoadPlace("r", "km", km, None, "", code) for km, code in rows]}
    return TollRoads({"r": [("r", True)]}, places, {"r": "Tol R"})


def test_a_row_between_two_rows_of_another_regency_is_a_disorder() -> None:
    toll = _road((10, "11.01"), (15, "11.02"), (20, "11.01"))
    assert [(d.road, d.km, d.code, d.around) for d in disorders(toll)] == [
        ("r", 15, "11.02", "11.01")
    ]
    assert disorders(_road((10, "11.01"), (20, "11.01"), (30, "11.02"))) == []


def test_the_walk_counts_resolved_asked_and_outside_km() -> None:
    """Km 10-20 lie at or between rows of one kab/kota (11 km), 21-29 between rows of two
    (asked, 9 km), 30 at a row."""
    found = walk(_road((10, "11.01"), (20, "11.01"), (30, "11.02")), "r")
    assert found is not None
    assert (found.resolved, found.asked, found.outside) == (12, 9, 0)
    assert walk(_road(), "r") is None


# --- rows at kab/kota boundaries (session 41) ---------------------------------------------


def test_no_two_rows_of_different_regencies_share_a_km() -> None:
    """Boundary rows come in pairs read on different pages (the last km of one kab/kota,
    the first of the next): if they came within a km of each other, the km between would
    be read as both and asked, however precise each page was."""
    found = clashes(TollRoads.load())
    assert not found, [str(c) for c in found]


def test_rows_of_two_regencies_within_a_km_clash() -> None:
    """A point holds 0.5 km either side (POINT_KM): rows 0.8 km apart share km 10.3-10.5,
    rows a whole km apart only the point 10.5 between them, rows 1.2 km apart nothing;
    rows of one kab/kota never clash."""
    near = clashes(_road((10, "11.01"), (10.8, "11.02")))
    assert [(c.road, c.first.start, c.second.start) for c in near] == [("r", 10, 10.8)]
    assert clashes(_road((10, "11.01"), (11, "11.02"))) == []
    assert clashes(_road((10, "11.01"), (11.2, "11.02"))) == []
    assert clashes(_road((10, "11.01"), (10.2, "11.01"))) == []
