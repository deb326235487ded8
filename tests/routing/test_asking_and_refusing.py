"""Asking when a place is shared and refusing when there is none (session 30, issue 14):
the rules that the fresh ask/refuse set of tests/eval/places (notes "s30 fresh:") missed
before they existed, each on texts of that kind and, where the reference data allows, as
a sweep over every name the rule is about. Routing through data/ as shipped."""

from __future__ import annotations

import pytest

from bot.routing.gazetteer import JAVANESE_ENDINGS, Gazetteer
from bot.routing.place_index import everyday_word
from bot.routing.place_words import SPOTS, name_key
from bot.routing.regions import bare_regency_name, level_of
from bot.routing.resolver import Router


def _offered(router: Router, text: str) -> set[str]:
    res = router.resolve_text(text)
    assert res.status == "ambiguous", (text, res.status, res.reason, res.chosen)
    return {c.code for c in res.candidates}


# --- a phrase made only of generic spots is no place ----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "di teras rumah",  # Kec. Teras (Boyolali)
        "di depan gudang",  # villages Gudang
        "kandang di belakang rumah",  # villages Kandang
        "di depan gapura rt 1",  # Kec. Gapura (Sumenep)
        "dekat gapura masuk kompleks makam",
        "tebing ke arah tol penuh semak belukar",  # Kec. Tebing (Karimun)
        "tanjakan overpass tol",
        "kavling belakang mapolsek",
        "di titik gelap di antara dua desa",
        "sisi barat alun-alun",  # a village Alun-Alun (Lumajang)
        "diikat di pematang sawah",
    ],
)
def test_spots_of_a_house_yard_or_road_name_no_place(router: Router, text: str) -> None:
    res = router.resolve_text(text)
    assert res.status == "not_found", (res.status, res.reason, res.chosen)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("kec teras boyolali", "33.09.07"),
        ("kec gapura sumenep", "35.29.19"),
        ("kec panti jember", "35.09.14"),
        ("kecamatan tebing karimun", "21.02.05"),
    ],
)
def test_a_level_word_still_reaches_a_spot_named_district(
    router: Router, text: str, code: str
) -> None:
    chosen = router.resolve_text(text).chosen
    assert chosen is not None and chosen.code == code


def test_a_town_square_is_where_the_text_says(router: Router) -> None:
    """ "alun-alun kota kraksaan": the square of Kraksaan (Kab. Probolinggo), not the
    village Alun-Alun of Lumajang."""
    chosen = router.resolve_text("alun-alun kota kraksaan").chosen
    assert chosen is not None and chosen.code.startswith("35.13")


@pytest.mark.parametrize(
    "text", ["melaka", "banteay meanchey", "disekap di poipet", "kerja di kedah"]
)
def test_places_of_migrants_news_abroad_are_refused(router: Router, text: str) -> None:
    """ "melaka" was Kec. Melak (Kutai Barat) fuzzily, "banteay meanchey" a village."""
    assert router.resolve_text(text).status == "outside"


def test_kabupaten_malaka_is_still_indonesian(router: Router) -> None:
    chosen = router.resolve_text("malaka ntt").chosen
    assert chosen is not None and chosen.code == "53.21"


def test_a_nursing_home_abroad_is_abroad(router: Router) -> None:
    """ "panti" (a home) is no Kec. Panti when the text says Johor Baru."""
    assert router.resolve_text("panti jompo di johor baru").status == "outside"


# --- a name Kota X and Kabupaten X share, misspelt or shortened: asked ------------------


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("magelan", {"33.08", "33.71"}),
        ("curanmor di sukabumu", {"32.02", "32.72"}),
        ("motor warga probolingo hilang", {"35.13", "35.74"}),
        ("pasuruhan", {"35.14", "35.75"}),  # also five villages Pasuruhan
        ("begal di tasik", {"32.06", "32.78"}),  # the start of Tasikmalaya
        ("tasik", {"32.06", "32.78"}),  # the short form both answer to
        ("pariaman", {"13.05", "13.77"}),  # Kota Pariaman, Padang Pariaman's old seat
        ("toraja", {"73.18", "73.26"}),  # Tana Toraja and Toraja Utara
    ],
)
def test_a_pair_name_misspelt_or_shortened_is_asked(
    router: Router, text: str, pair: set[str]
) -> None:
    assert pair <= _offered(router, text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("kota tasik", "32.78"),
        ("kabupaten tasik", "32.06"),
        ("kota pariaman", "13.77"),
        ("rantepao toraja", "73.26.01"),
        ("makale toraja", "73.18.05"),
    ],
)
def test_the_level_word_settles_the_pair(router: Router, text: str, code: str) -> None:
    chosen = router.resolve_text(text).chosen
    assert chosen is not None and chosen.code == code


def test_an_everyday_word_is_no_shortened_pair_name(router: Router) -> None:
    """ "bekas" (used, former) starts "bekasi" but is a word of the sentence."""
    assert router.resolve_text("barang bekas").status == "not_found"


def test_every_pair_name_with_a_letter_dropped_is_asked(
    router: Router, gazetteer: Gazetteer
) -> None:
    """Sweep: each one-word name of a Kota/Kabupaten pair with different units, one
    letter dropped in its middle, typed alone: both are offered, unless the misspelling
    is itself a name of the gazetteer (then that place is a fair reading)."""
    missed = []
    checked = 0
    for key, codes in router.regency_keys.items():
        if codes[0] not in router.name_pairs or " " in key or len(key) < 6:
            continue
        typo = key[: len(key) // 2] + key[len(key) // 2 + 1 :]
        if typo in gazetteer.keys or typo == key or everyday_word(typo):
            continue  # a name of its own, or a word of the sentence ("banar")
        checked += 1
        res = router.resolve_text(typo)
        if res.status != "ambiguous" or not set(codes) <= {c.code for c in res.candidates}:
            missed.append((typo, res.status, res.reason))
    assert checked >= 15
    assert not missed, missed


# --- villages of one name in several kab/kota: asked ----------------------------------


def test_a_desa_is_no_kelurahan_beside_a_street(router: Router) -> None:
    """Limau Manis is a kelurahan of Padang and a desa in five kab/kota; "desa" says it
    is none of the kelurahan."""
    offered = _offered(router, "dusun iv pasar 15 gang keluarga desa limau manis")
    assert {"12.07.02.2003", "13.71.08.1001"} <= offered


def test_a_kelurahan_beside_a_street_is_still_the_kelurahan(router: Router) -> None:
    chosen = router.resolve_text("jalan ciliwung mlatiharjo").chosen
    assert chosen is not None and chosen.code.startswith("33.74")


def test_a_lane_after_a_district_name_does_not_settle_it(router: Router) -> None:
    """Kec. Kebonsari (Madiun) and villages Kebonsari in 18 other kab/kota."""
    offered = _offered(router, "jambret di kebonsari gang 1")
    assert "35.19.01" in offered and any(level_of(c) == 4 and c[:5] != "35.19" for c in offered)
    chosen = router.resolve_text("kec kebonsari gang 1").chosen
    assert chosen is not None and chosen.code == "35.19.01"


def test_a_javanese_name_in_either_spelling_is_asked(router: Router) -> None:
    """One village is spelt Sidomulya (Gorontalo), 113 Sidomulyo."""
    offered = _offered(router, "desa sidomulya")
    assert len({c[:5] for c in offered}) >= 5
    chosen = router.resolve_text("desa sidomulya selatan").chosen
    assert chosen is not None and chosen.code == "75.01.09.2019"


def test_every_javanese_spelling_twin_is_asked(router: Router, gazetteer: Gazetteer) -> None:
    """Sweep: a village name ending in mulyo/mulya, rejo/reja... whose villages lie with
    one unit while the other spelling's lie with another: "desa <name>" offers both."""
    missed = []
    twins = 0
    for key, codes in gazetteer.keys.items():
        if " " in key or len(key) < 7 or key[-1] not in "ao":
            continue
        if not key[:-1].endswith(JAVANESE_ENDINGS) or any(level_of(c) != 4 for c in codes):
            continue
        other = gazetteer.keys.get(key[:-1] + ("o" if key[-1] == "a" else "a"), ())
        other = tuple(c for c in other if level_of(c) == 4)
        units = {router.table.polres_for(c[:8]).id for c in (*codes, *other)}  # type: ignore[union-attr]
        if not other or len(units) < 2:
            continue
        twins += 1
        res = router.resolve_text(f"desa {key}")
        if res.status != "ambiguous" or not {c.code for c in res.candidates} & set(other):
            missed.append((key, res.status, res.reason))
    assert twins >= 20
    assert not missed, missed


def test_a_name_ending_so_by_chance_is_not_twinned(router: Router) -> None:
    """ "bintara" (Kota Bekasi) is no "bintaro": only Javanese words alternate."""
    chosen = router.resolve_text("bintara").chosen
    assert chosen is not None and chosen.code.startswith("32.75")


def test_bare_regency_name_helper_matches_pairs(router: Router) -> None:
    """The pairs the rules above ask about are the kab/kota sharing a bare name."""
    name = name_key(bare_regency_name(router.tree.name("33.71") or ""))
    assert set(router.regency_keys[name]) == {"33.08", "33.71"}


# --- a landmark's namesake of another kind gives way to the place named beside it -------


def test_a_namesake_of_another_kind_gives_way(router: Router) -> None:
    """Universitas Mpu Tantular is in Jakarta Timur; the Museum Mpu Tantular of the text
    is in Buduran (Sidoarjo), which the text names."""
    chosen = router.resolve_text("museum mpu tantular buduran").chosen
    assert chosen is not None and chosen.code.startswith("35.15")


def test_a_landmark_with_its_own_kind_word_is_still_found(router: Router) -> None:
    chosen = router.resolve_text("universitas mpu tantular").chosen
    assert chosen is not None and chosen.code.startswith("31.75")


def test_every_spot_word_alone_is_no_place_and_its_region_is_still_reachable(
    router: Router, gazetteer: Gazetteer
) -> None:
    """Sweep over SPOTS: "di <spot>" names no place; where a district or village bears the
    word, the level word still reaches one of that name."""
    named = 0
    for word in sorted(SPOTS):
        res = router.resolve_text(f"di {word}")
        assert res.status == "not_found", (word, res.status, res.reason)
        codes = gazetteer.keys.get(word, ())
        districts = [c for c in codes if level_of(c) == 3]
        villages = [c for c in codes if level_of(c) == 4]
        if districts:
            named += 1
            found = router.resolve_text(f"kecamatan {word}")
            assert {c.code for c in found.candidates} & set(districts), word
        elif villages:
            named += 1
            found = router.resolve_text(f"desa {word}")
            assert {c.code for c in found.candidates} & set(villages), word
    assert named >= 5
