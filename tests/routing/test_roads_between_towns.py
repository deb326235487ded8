"""Roads named after the towns at their ends, and a street several kab/kota share settled
by the area named beside it (session 41, issue 14): `road_places.towns_road`, the
resolver's `_between_two_towns` and `_the_area_settles_a_shared_street`, and the street
words `_told_village_dropped` no longer reads as a story. Each rule on the development
line it came from, then swept over the tree (tests/routing/town_road_forms.py,
tests/routing/street_area_forms.py). Routing through data/ as shipped."""

from __future__ import annotations

from bot.routing.place_index import everyday_word
from bot.routing.place_words import normalise
from bot.routing.resolver import Router
from bot.routing.road_places import towns_road
from tests.routing import street_area_forms, town_road_forms
from tests.routing.answers import chosen_code

KUTAI_KARTANEGARA = "64.02"
BANGKA_BARAT = "19.05"
PALEMBANG = "16.71"
SEMARANG = "33.74"
YOGYAKARTA = "34.71"


# --- where the road's two towns are read ---------------------------------------------


def _is_town(name: str) -> bool:
    return name in {"muntok", "pangkalpinang", "tenggarong", "kota bangun", "sinjai", "bulukumba"}


def test_the_towns_after_jalan_raya_and_the_pal() -> None:
    road = towns_road(normalise("dibegal di pal 9 jalan raya muntok pangkalpinang"), _is_town)
    assert road is not None
    assert (road.first, road.second, road.km) == ("muntok", "pangkalpinang", 9.0)


def test_the_towns_after_poros_alone_and_a_joiner() -> None:
    road = towns_road(normalise("pemalakan poros sinjai - bulukumba"), _is_town)
    assert road is not None and (road.first, road.second, road.km) == ("sinjai", "bulukumba", None)


def test_a_kecamatan_of_two_words_and_no_km() -> None:
    road = towns_road(normalise("longsor jalan poros tenggarong kota bangun km 12,5"), _is_town)
    assert road is not None and (road.second, road.km) == ("kota bangun", 12.5)


def test_a_km_before_a_comma() -> None:
    road = towns_road(normalise("km 12, jalan raya muntok pangkalpinang"), _is_town)
    assert road is not None and road.km == 12.0


def test_one_town_is_no_road_between_towns() -> None:
    assert towns_road(normalise("jalan raya muntok dekat pasar"), _is_town) is None
    assert towns_road(normalise("jalan muntok muntok"), _is_town) is None


# --- the resolver ---------------------------------------------------------------------


def test_both_ends_in_one_kab_kota(router: Router) -> None:
    """Tenggarong and Kota Bangun are kecamatan of Kutai Kartanegara; a Desa Mekar Sari of
    Konawe Selatan was answered from "mekarsari", a name dozens of villages bear."""
    text = "longsor jalan poros tenggarong kota bangun dekat simpang jalan ikip mekarsari"
    assert chosen_code(router, text)[:5] == KUTAI_KARTANEGARA


def test_a_pal_counts_from_the_first_town(router: Router) -> None:
    """Pal 9 of the Muntok - Pangkalpinang road is Bangka Barat's (Polres Bangka Barat);
    Desa Pal Sembilan of Kubu Raya was answered."""
    text = "dibegal di pal 9 jalan raya muntok pangkalpinang"
    assert chosen_code(router, text)[:5] == BANGKA_BARAT


def test_without_a_km_two_kab_kota_are_not_decided_by_the_rule(router: Router) -> None:
    """No km, ends in two kabupaten: the rule says nothing ("poros sinjai bulukumba" is
    still asked between the two)."""
    res = router.resolve_text("pemalakan di topongka poros sinjai bulukumba")
    assert res.status == "ambiguous"
    assert {c.code[:5] for c in res.candidates} >= {"73.02", "73.07"}


def test_a_city_street_named_after_a_town_is_no_road_between_towns(router: Router) -> None:
    """Jalan Magelang is a street of Kota Yogyakarta (streets.csv), which has a Kec.
    Tegalrejo, as Kab. Magelang has: the street's (test_street_settles.py's sweep caught
    the rule's first form answering Kab. Magelang)."""
    assert chosen_code(router, "jalan magelang tegalrejo")[:5] == YOGYAKARTA


def test_a_km_beyond_the_first_towns_ground_is_not_read(router: Router) -> None:
    res = router.resolve_text("dibegal di km 40 jalan raya muntok pangkalpinang")
    assert "km_from_the_first_town" not in res.reason


def test_every_road_between_towns_of_the_tree(router: Router) -> None:
    """One kabupaten in four, three forms each (town_road_forms.py). Over every kabupaten
    on 1c274e9: agree 357 of 362 right, plain 361 of 362, km 1 of 322 (the second town
    was answered); all right now."""
    counts = town_road_forms.audit(router, every=town_road_forms.EVERY)
    assert sum(counts.values()) >= 200
    assert not [key for key in counts if key[1] != "right"], counts


# --- the area named settles a street several kab/kota hold -----------------------------


def test_a_kelurahan_settles_a_shared_street(router: Router) -> None:
    """Jalan KH Wahid Hasyim is Palembang's and Jombang's (streets.csv); Kel. Tuankentang
    only Palembang's: the five street cities were asked."""
    assert chosen_code(router, "jambret di jl kh wahid hasyim tuan kentang")[:5] == PALEMBANG


def test_a_village_beside_a_street_tells_no_story(router: Router) -> None:
    """Kel. Jerakah (Semarang) beside Jalan Prof Hamka (Padang, Semarang): the village's
    name was read as a story word and Padang or Semarang asked."""
    text = "truk rem blong di turunan dekat pertigaan jerakah jalan prof hamka"
    assert chosen_code(router, text)[:5] == SEMARANG


def test_a_street_alone_is_still_asked(router: Router) -> None:
    assert router.resolve_text("jalan prof hamka").status == "ambiguous"


def test_a_kelurahan_settles_a_heros_street(router: Router) -> None:
    """Jalan Gajah Mada of 24 kab/kota, Kel. Kricak of Kota Yogyakarta: asked before."""
    assert chosen_code(router, "jalan gajah mada kricak")[:5] == YOGYAKARTA


def test_every_shared_street_with_a_village_of_one_holder(router: Router) -> None:
    """1,264 forms: on 1c274e9 1,243 right, 14 asked, 7 wrong; now none asked, the same 7
    wrong (a village's name read as another place: "jati negara", "cideng")."""
    counts = street_area_forms.audit(router)
    assert sum(counts.values()) >= 1000
    assert counts["ambiguous"] == 0
    assert counts["wrong"] <= 7


# --- a street named like a word, right after its road word ----------------------------


def test_a_street_named_like_a_word(router: Router) -> None:
    """Jalan Kelayan (Banjarmasin Selatan, streets.csv): "kelayan" is also a word, and the
    street was read as one of the sentence (not found)."""
    text = "diserang remaja bersajam di jalan kelayan a gang damai"
    assert chosen_code(router, text)[:5] == "63.71"


def test_a_word_like_street_beside_another_place_stays_a_word(router: Router) -> None:
    """Jalan Mangkubumi is Yogyakarta's in streets.csv; beside Kel. Aur (Medan) it must not
    answer Yogyakarta (the text is asked, as before)."""
    res = router.resolve_text("mayat mengambang di sungai deli jalan mangkubumi aur")
    assert res.status != "ok" or (res.chosen is not None and res.chosen.code[:5] != "34.71")


def test_every_street_of_one_city_named_like_a_word(router: Router) -> None:
    """Every one-word street of one kab/kota in streets.csv whose name is an everyday word
    ("kelayan", "suci", "pasteur"), written "jalan {X}": 80 forms; on 1c274e9 10 were
    found and 70 not (read as words of a sentence); now every one is its kab/kota."""
    streets = router.gazetteer.streets
    forms = {
        key: {c[:5] for c in codes}
        for key, codes in streets.items()
        if " " not in key and everyday_word(key) and len({c[:5] for c in codes}) == 1
    }
    assert len(forms) >= 50
    wrong = []
    for key, cities in forms.items():
        res = router.resolve_text(f"jalan {key}")
        if res.status != "ok" or res.chosen is None or res.chosen.code[:5] not in cities:
            wrong.append((key, res.status, res.reason))
    assert not wrong, wrong
