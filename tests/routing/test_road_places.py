"""Roads between towns, headings and trans-island roads (session 31, issue 14): streets as
incident news write them, the rules that the fresh set of tests/eval/places (notes "s31
fresh streets:") missed before they existed (bot/routing/road_places.py). Each rule on the
text of the page it came from, then swept over every name it is about. Routing through
data/ as shipped."""

from __future__ import annotations

from collections import defaultdict

from bot.routing.gazetteer import Gazetteer
from bot.routing.place_words import GENERIC, name_key
from bot.routing.regions import bare_regency_name
from bot.routing.resolver import Router
from bot.routing.road_places import ISLANDS, road_reading
from tests.routing.answers import chosen_code

RIMBO_PANJANG = "14.01.03.2009"  # Desa Rimbo Panjang, Kec. Tambang, Kab. Kampar (Riau)


# --- the towns at a road's ends and a heading are not where it happened --------------


def test_a_toll_roads_towns_are_not_the_place(router: Router) -> None:
    """A bus off the Tebing Tinggi - Lubuk Pakam toll road at Desa Tanah Raja, Serdang
    Bedagai; Kota Tebing Tinggi was answered."""
    text = "bus terjun dari tol tebingtinggi lubukpakam km 64 desa tanah raja teluk mengkudu"
    assert chosen_code(router, text)[:5] == "12.18"


def test_a_trunk_roads_towns_are_not_the_place(router: Router) -> None:
    """Takandeang (Kec. Tapalang, Mamuju) on the Mamuju - Majene road: Majene was answered."""
    assert chosen_code(router, "jl trans sulbar poros mamuju majene takandeang")[:5] == "76.02"


def test_a_trans_island_roads_towns_are_not_the_place(router: Router) -> None:
    """Distrik Poga on the Wamena - Tolikara road (in Lanny Jaya today): asked between
    Tolikara and Poga before."""
    assert chosen_code(router, "longsor jalan trans papua wamena tolikara di poga")[:5] == "95.07"


def test_a_heading_is_not_the_place(router: Router) -> None:
    """Km 17 at Desa Rimbo Panjang (Kampar) on the road towards West Sumatra: the province
    alone was offered."""
    assert chosen_code(router, "km 17 desa rimbo panjang arah sumbar") == RIMBO_PANJANG


def test_every_heading_to_a_regency_leaves_the_village(
    router: Router, gazetteer: Gazetteer
) -> None:
    """Sweep: whichever kab/kota a vehicle was heading to, the village named is where."""
    names = sorted({name_key(bare_regency_name(n)) for _c, n in gazetteer.tree.items(2)} - GENERIC)
    assert len(names) > 400
    wrong = [
        name
        for name in names
        if (res := router.resolve_text(f"km 17 desa rimbo panjang arah {name}")).chosen is None
        or res.chosen.code != RIMBO_PANJANG
    ]
    assert not wrong, wrong[:20]


def test_every_toll_road_between_two_regencies_leaves_the_village(
    router: Router, gazetteer: Gazetteer
) -> None:
    """Sweep: a toll road named after any two one-word kab/kota (the next in the list)
    does not move Desa Rimbo Panjang."""
    names = sorted(
        n
        for n in {name_key(bare_regency_name(n)) for _c, n in gazetteer.tree.items(2)}
        if " " not in n and n not in GENERIC
    )
    pairs = list(zip(names, names[1:], strict=False))
    assert len(pairs) > 250
    wrong = [
        (a, b)
        for a, b in pairs
        if (res := router.resolve_text(f"tol {a} {b} km 12 desa rimbo panjang")).chosen is None
        or res.chosen.code != RIMBO_PANJANG
    ]
    assert not wrong, wrong[:20]


def test_a_road_alone_still_names_its_town(router: Router) -> None:
    """Guard: with nothing else named, the road's towns are all there is ("arah sumbar"
    alone is West Sumatra), and a road through one town is the resolver's older rule."""
    res = router.resolve_text("arah sumbar")
    assert res.status == "ambiguous" and res.candidates[0].code == "13"  # asked, as before
    reading = road_reading(["jalan", "raya", "cikampek", "jatimulya"], lambda n: n == "cikampek")
    assert reading is None


def test_a_toll_road_known_as_a_landmark_keeps_its_towns(router: Router) -> None:
    """Guard: Tol Becakayu (Bekasi - Cawang - Kampung Melayu) lies with two units and is
    asked; its last town is not taken for Kel. Kampung Melayu."""
    res = router.resolve_text("tol bekasi cawang kampung melayu")
    assert res.status == "ambiguous", (res.status, res.reason)


# --- a trans-island road keeps the places on its island ----------------------------------


def test_trans_kalimantan_keeps_the_village_on_borneo(router: Router) -> None:
    """Teluk Bakung lies in Langkat, Mukomuko and Kubu Raya: on the Trans Kalimantan road
    it is Kubu Raya's (asked among the three before)."""
    assert chosen_code(router, "jalan trans kalimantan km 54 desa teluk bakung")[:5] == "61.12"


def test_no_fuzzy_guess_off_the_island(router: Router) -> None:
    """ "desa holo" on the Trans Seram road: no village of that name exists; a fuzzy match
    in Palembang was answered. Now no place off Seram is guessed."""
    res = router.resolve_text("tabrakan di tikungan km 12 jalan trans seram desa holo")
    assert res.chosen is None or res.chosen.code.startswith("81")


def test_every_village_shared_across_islands_is_found_on_its_island(
    router: Router, gazetteer: Gazetteer
) -> None:
    """Sweep: every village name borne by villages of several kab/kota, exactly one of them
    on Sulawesi, is that one after "jalan trans sulawesi desa"."""
    by_name: dict[str, set[str]] = defaultdict(set)
    for code, name in gazetteer.tree.items(4):
        by_name[name_key(name)].add(code)
    sulawesi = ISLANDS["sulawesi"]
    cases = {
        name: next(c for c in codes if c[:2] in sulawesi)
        for name, codes in by_name.items()
        if len({c[:5] for c in codes}) > 1
        and sum(c[:2] in sulawesi for c in codes) == 1
        and name not in GENERIC
        and len(name) > 5
    }
    sample = sorted(cases)[::4]
    assert len(sample) > 40
    wrong = [
        name
        for name in sample
        if (res := router.resolve_text(f"jalan trans sulawesi desa {name}")).chosen is None
        or res.chosen.code != cases[name]
    ]
    # a few names are also districts or landmarks elsewhere that outrank the village
    assert len(wrong) <= len(sample) // 10, wrong


# --- names read on the pages (data/routing/aliases_checked.csv) -------------------------


def test_names_read_on_pages(router: Router) -> None:
    """SBB (Seram Bagian Barat), Bumi/Gumi Keris (Badung), the former Kec. Pocoranaka
    Timur (Lamba Leda Timur, Manggarai Timur)."""
    assert chosen_code(router, "bus terbalik di kawasan waimiting sbb")[:5] == "81.06"
    assert chosen_code(router, "gumi keris")[:5] == "51.03"
    assert chosen_code(router, "bumi keris")[:5] == "51.03"
    assert chosen_code(router, "kecamatan pocoranaka timur")[:5] == "53.19"
