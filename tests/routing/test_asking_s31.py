"""Asking where a name is shared (session 31, issue 14): the rules written for the misses
of the fresh ask/refuse set (tests/eval/places/fresh_s31.jsonl, notes "s31 fresh:") and
the development half's "dusun jambu", each on texts of that kind and, where the reference
data allows, as a sweep over every name the rule is about. Routing through data/ as
shipped."""

from __future__ import annotations

import pytest

from bot.routing.gazetteer import Gazetteer
from bot.routing.place_index import everyday_word
from bot.routing.place_words import FILLERS, GENERIC, name_key
from bot.routing.regions import level_of
from bot.routing.resolver import Router


def _units(router: Router, text: str) -> set[str]:
    """The units of the kab/kota offered; fails unless the text is asked."""
    res = router.resolve_text(text)
    assert res.status == "ambiguous", (text, res.status, res.reason, res.chosen)
    return {c.polres_id for c in res.candidates}


# --- the name after a hamlet's or a police post's word is a name ------------------------


@pytest.mark.parametrize(
    "text",
    [
        "dusun jambu",  # Kec. Jambu (Jepara) and villages Jambu in 17 kab/kota
        "di dusun jambu",
        "warga luruk polsek pakis",  # Kec. Pakis of Kab. Malang and of Magelang
        "polsek pakis",
        "mapolsek pakis",
        "rumah dirusak di dusun tlogomulyo",  # Kec. Tlogomulyo (Temanggung), villages
    ],
)
def test_a_name_after_a_hamlet_or_police_word_is_asked(router: Router, text: str) -> None:
    assert len(_units(router, text)) >= 2


def _everyday_district_names(gazetteer: Gazetteer, router: Router) -> list[str]:
    """One-word kecamatan names that are dictionary words and that villages of another
    unit bear too (Jambu, Pakis, Kapal...): a sentence could use them as words."""
    by_key: dict[str, set[str]] = {}
    for code, name in gazetteer.tree.items():
        if level_of(code) >= 3:
            by_key.setdefault(name_key(name), set()).add(code)
    names = []
    for key, codes in sorted(by_key.items()):
        if " " in key or not everyday_word(key) or not any(level_of(c) == 3 for c in codes):
            continue
        if key in GENERIC or key in FILLERS:
            continue  # "dusun barat": the hamlet's side, never a name by itself
        if any(level_of(c) <= 2 for c in gazetteer.keys.get(key, ())):
            continue  # a regency's name is the regency
        if key in gazetteer.landmark_keys or key in gazetteer.foreign or key in gazetteer.streets:
            continue
        units = {u.id for c in codes if (u := router.table.polres_for(c)) is not None}
        if len(units) >= 2:
            names.append(key)
    return names


def test_sweep_dusun_before_a_shared_everyday_name_is_asked(
    router: Router, gazetteer: Gazetteer
) -> None:
    names = _everyday_district_names(gazetteer, router)
    assert len(names) > 20
    missed = []
    for key in names:
        if f"dusun {key}" in gazetteer.keys:
            continue  # Desa Dusun Anyar (Bengkulu Tengah) is named so in full
        res = router.resolve_text(f"dusun {key}")
        if res.status != "ambiguous" or len({c.polres_id for c in res.candidates}) < 2:
            missed.append((key, res.status, res.chosen.code if res.chosen else None))
    assert not missed, missed


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("polsek sempolan jember", "35.09"),  # a village's name after "polsek", its city
        ("polsek cihampelas kbb", "32.17"),
        ("mapolsek sabak auh", "14.08"),
    ],
)
def test_a_police_post_with_its_city_still_resolves(router: Router, text: str, code: str) -> None:
    chosen = router.resolve_text(text).chosen
    assert chosen is not None and chosen.code.startswith(code), (text, chosen)


# --- a spot of a house or yard and what it holds is no village --------------------------


def test_a_spot_phrase_does_not_settle_a_shared_name(router: Router) -> None:
    # "kandang sapi" (a cattle shed) spells Kandangsapi, a village of Sragen, where one of
    # 35 kab/kota with villages Sumberejo lies: that was taken for the place
    assert len(_units(router, "warga sumberejo tidur di kandang sapi takut maling")) >= 2


def test_a_spot_phrase_typed_alone_is_still_the_village(router: Router) -> None:
    res = router.resolve_text("kandang sapi")
    assert res.status in ("ok", "ambiguous")
    assert any(c.code.startswith("33.14") for c in res.candidates)


# --- a street of one city does not settle a bare name villages elsewhere share ----------


@pytest.mark.parametrize("text", ["dibegal di sawojajar", "begal sawojajar", "sawojajar"])
def test_a_bare_name_one_city_has_a_street_of_is_asked(router: Router, text: str) -> None:
    # Kel. Sawojajar (Kota Malang, with a street of that name) and villages Sawojajar in
    # Brebes, Magetan and Lampung Utara
    assert len(_units(router, text)) >= 2


@pytest.mark.parametrize(
    ("text", "code"),
    [("kawasan dago", "32.73"), ("bekas bandara darmo", "35.78")],
)
def test_a_name_written_as_a_places_is_still_the_streets_city(
    router: Router, text: str, code: str
) -> None:
    chosen = router.resolve_text(text).chosen
    assert chosen is not None and chosen.code.startswith(code), (text, chosen)


# --- a street named like villages of several kab/kota, with no city, is asked -----------


@pytest.mark.parametrize(
    "text",
    [
        "blok mekarsari",  # villages Mekarsari in 33 kab/kota
        "rampas hp anak di jalan kebonsari",  # Kec. Kebonsari (Madiun), villages elsewhere
        "jl kebonsari",
    ],
)
def test_a_street_named_like_villages_of_several_kab_kota_is_asked(
    router: Router, text: str
) -> None:
    res = router.resolve_text(text)
    assert res.status == "ambiguous" and res.chosen is None, (res.status, res.reason)
    assert len({c.code[:5] for c in res.candidates}) >= 2


@pytest.mark.parametrize(
    "text",
    [
        "gang buntu belakang masjid",  # a dead end; villages Buntu
        "jalan sepanjang dua kilometer tanpa lampu",  # along; villages Sepanjang
        "jl mendalo asri",  # a village of one kab/kota: the street still needs its city
        "gang sempit",
    ],
)
def test_a_street_of_words_or_of_one_kab_kota_still_needs_its_city(
    router: Router, text: str
) -> None:
    assert router.resolve_text(text).status == "not_found"


# --- the word after a mosque's, market's or school's kind is a place's name -------------


@pytest.mark.parametrize(
    "text",
    [
        "kotak amal masjid besar jangkar dibobol",  # Kec. Jangkar (Situbondo), villages
        "dibegal di pasar iv kelumpang",  # villages Kelumpang in three kab/kota
        "tawuran pelajar smpn 2 pakis",  # Kec. Pakis of Kab. Malang and of Magelang
    ],
)
def test_a_dictionary_word_after_a_named_kind_is_asked(router: Router, text: str) -> None:
    assert len(_units(router, text)) >= 2


@pytest.mark.parametrize(
    "text", ["ketemu di warung kopi", "main di lapangan bola", "tas ketinggalan di kapal"]
)
def test_a_shop_or_field_named_by_what_it_holds_is_no_place(router: Router, text: str) -> None:
    res = router.resolve_text(text)
    assert res.status == "not_found" and res.chosen is None, res.reason


def test_a_spot_phrase_glued_to_a_towns_name_is_a_place(router: Router) -> None:
    # Kel. Kandang Limun (Bengkulu) beside a street; not "a shed" of the sentence
    chosen = router.resolve_text("jl soekarno solo baru kandang limun").chosen
    assert chosen is not None and chosen.code.startswith("17.71")
