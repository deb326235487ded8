"""Typed places as written on pages this project did not write (session 30, issue 14): the
rules that the fresh typed set of tests/eval/places (notes "s30 fresh:", 150 lines) missed
before they existed, each on the text of that kind and, where the reference data allows,
as a sweep over every name the rule is about. Routing through data/ as shipped."""

from __future__ import annotations

import pytest

from bot.routing.gazetteer import Gazetteer
from bot.routing.place_index import sentence_word
from bot.routing.place_words import GENERIC, name_key
from bot.routing.regions import bare_regency_name
from bot.routing.resolver import Router
from tests.routing.answers import chosen_code

# Roman numbers people type in digits
ROMAN = {"ii": "2", "iii": "3", "iv": "4", "vi": "6", "vii": "7", "viii": "8", "ix": "9"}


# --- "Sei" is Sungai ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # Kel. Sungai Jodoh of Batam, not the village Se'i of Timor Tengah Selatan
        ("polisi dikeroyok di kafe kampung bule sei jodoh", "21.71.02.1002"),
        ("kel sungai jodoh", "21.71.02.1002"),
        ("kec sei rampah", "12.18.04"),  # Kemendagri's own spelling still reached
        ("sei rampah", "12.18.04"),
    ],
)
def test_sei_written_for_sungai(router: Router, text: str, code: str) -> None:
    assert chosen_code(router, text) == code


def test_every_sungai_district_is_reached_as_sei(router: Router, gazetteer: Gazetteer) -> None:
    """Sweep: "kec sei X" finds what "kec sungai X" finds, for every Kecamatan Sungai X."""
    tree = gazetteer.tree
    names = sorted(
        {
            name_key(n)
            for c, n in tree.items(3)
            if name_key(n).startswith("sungai ") and len(name_key(n).split()) >= 2
        }
    )
    assert len(names) > 40
    wrong = []
    for name in names:
        rest = name.split(" ", 1)[1]
        long = router.resolve_text(f"kec sungai {rest}")
        short = router.resolve_text(f"kec sei {rest}")
        if (short.status, {c.code for c in short.candidates}) != (
            long.status,
            {c.code for c in long.candidates},
        ):
            wrong.append(name)
    assert not wrong, wrong[:20]


# --- "lapang" is a field ----------------------------------------------------------------


def test_lapang_is_a_field(router: Router) -> None:
    assert "lapang" in GENERIC
    assert chosen_code(router, "siswi smp duel di lapang angkasa kebonpedes") == "32.02.34"
    assert chosen_code(router, "kec lapang") == "11.08.23"  # Kec. Lapang of Aceh Utara


# --- a village beside its own district is no word of the story -------------------------


def test_village_named_beside_its_district_in_a_story(router: Router) -> None:
    """Kel. Gondrong (a word: long-haired) of Kec. Cipondoh, in a sentence."""
    assert chosen_code(router, "minimarket di gondrong cipondoh dibobol") == "36.71.05.1004"
    assert chosen_code(router, "minimarket dibobol di cipondoh, gondrong") == "36.71.05.1004"


def test_village_named_beside_its_kab_kota_in_a_story(router: Router) -> None:
    """Kel. Manyaran of Kota Semarang ("manyaran" reads as a word, the weaver bird's)
    beside the city's name: no word of the story (session 37; Kota and Kab. Semarang were
    asked)."""
    text = "10 kios pasar manyaran semarang ludes terbakar"
    assert chosen_code(router, text) == "33.74.13.1002"


def test_every_story_word_village_beside_its_shared_city_name(
    router: Router, gazetteer: Gazetteer
) -> None:
    """Sweep: a one-word village whose name reads as a word, in a kab/kota that shares its
    bare name with another of another unit (Kota and Kab. Semarang, Bogor, Malang...), told
    beside that name in a story and found there by the gazetteer, stays that village: the
    story's words do not drop it. Left out: names that are also a kecamatan, a landmark or
    a generic word, and names villages of both kab/kota bear (there the question stays)."""
    tree = gazetteer.tree
    villages = [(c, name_key(n)) for c, n in tree.items(4) if c[:5] in router.name_pairs]
    holders: dict[tuple[str, str], set[str]] = {}
    for code, name in villages:
        bare = name_key(bare_regency_name(tree.name(code[:5]) or ""))
        holders.setdefault((bare, name), set()).add(code)
    texts = {
        f"kios pasar {name} {bare} ludes terbakar": next(iter(codes))
        for (bare, name), codes in holders.items()
        if len(codes) == 1
        and " " not in name
        and sentence_word(name)
        and name not in GENERIC
        and name not in gazetteer.landmark_keys
        and not any(len(c) <= 8 for c in gazetteer.keys.get(name, ()))
    }
    found = {
        text: code
        for text, code in texts.items()
        if (best := gazetteer.search(text)).status == "ok" and best.matches[0].code == code
    }
    assert len(found) > 500
    wrong = [
        text
        for text, code in found.items()
        if (res := router.resolve_text(text)).chosen is None
        or not res.chosen.code.startswith(code[:5])
    ]
    assert not wrong, wrong[:20]


def test_a_story_word_village_without_its_district_is_still_dropped(router: Router) -> None:
    """Session 29's rule is kept: Desa Pukul (Kab. Pasuruan) is the hour, not the place."""
    text = "peristiwa itu terjadi di pasuruan pada minggu sekitar pukul 19.00 wib"
    res = router.resolve_text(text)
    assert res.chosen is None or len(res.chosen.code) < 13


# --- a landmark of one city names it against a street of our table elsewhere ----------


def test_landmark_names_the_city_of_a_street(router: Router) -> None:
    """Jl. Pangeran Diponegoro of streets.csv is Tarakan's; the port and kelurahan
    Pelabuhan named beside it are Samarinda's."""
    code = chosen_code(router, "gang selamat jl pangeran diponegoro kel pelabuhan samarinda")
    assert code.startswith("64.72")
    assert chosen_code(router, "jl pangeran diponegoro tarakan").startswith("65.71")


# --- ways a landmark's name is written -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "regency"),
    [
        ("depan kampus uin raden intan", "18.71"),  # UIN Raden Intan Lampung
        ("balap liar di jembatan siak 4", "14.71"),  # Jembatan Siak IV, Pekanbaru
        ("sapi tanpa dokumen di pelabuhan tanjungwangi", "35.10"),  # Pelabuhan Tanjung Wangi
        ("lapangan bola kampus unila", "18.71"),  # Universitas Lampung
    ],
)
def test_landmark_written_otherwise(router: Router, text: str, regency: str) -> None:
    assert chosen_code(router, text)[:5] == regency


def test_kampus_is_the_kind_of_a_university_but_museum_is_not(router: Router) -> None:
    """Session 30's namesake rule still holds for another kind of building."""
    assert chosen_code(router, "museum mpu tantular buduran")[:5] == "35.15"


def test_every_roman_numbered_landmark_is_reached_in_digits(
    router: Router, gazetteer: Gazetteer
) -> None:
    """Sweep: a landmark whose name as written resolves alone also resolves, to the same
    kab/kota, with its Roman number in digits ("pelabuhan ii" -> "pelabuhan 2")."""
    checked = 0
    wrong = []
    for landmark in gazetteer.landmarks:
        key = name_key(landmark.name)
        words = key.split()
        if not any(w in ROMAN for w in words[1:]):
            continue
        written = router.resolve_text(key)
        if written.status != "ok" or written.chosen is None:
            continue
        digits = " ".join(ROMAN.get(w, w) if i else w for i, w in enumerate(words))
        typed = router.resolve_text(digits)
        checked += 1
        if typed.status != "ok" or typed.chosen is None:
            wrong.append((key, digits, typed.status))
        elif typed.chosen.code[:5] != written.chosen.code[:5]:
            wrong.append((key, digits, typed.chosen.code))
    assert checked >= 5
    assert not wrong, wrong[:20]


def test_every_two_word_name_after_its_kind_is_reached_joined(
    router: Router, gazetteer: Gazetteer
) -> None:
    """Sweep: "pelabuhan tanjung wangi" typed "pelabuhan tanjungwangi": for every landmark
    named by a kind word and two words whose written name resolves alone, the joined
    form resolves to the same kab/kota."""
    checked = 0
    wrong = []
    for landmark in gazetteer.landmarks:
        words = name_key(landmark.name).split()
        if len(words) != 3 or words[0] not in GENERIC or words[2] in GENERIC:
            continue
        written = router.resolve_text(" ".join(words))
        if written.status != "ok" or written.chosen is None:
            continue
        if written.chosen.code[:5] != landmark.code[:5]:
            continue  # the written name itself is read as another place: not this rule's
        joined = f"{words[0]} {words[1]}{words[2]}"
        typed = router.resolve_text(joined)
        checked += 1
        if typed.status != "ok" or typed.chosen is None:
            wrong.append((joined, typed.status, typed.reason))
        elif typed.chosen.code[:5] != landmark.code[:5]:
            wrong.append((joined, typed.chosen.code))
    assert checked >= 100
    assert len(wrong) <= checked // 50, (len(wrong), wrong[:20])


# --- names read on pages (data/routing/*_checked.csv) ----------------------------------


@pytest.mark.parametrize(
    ("text", "regency"),
    [
        ("curanmor di masjid kota soto", "35.24"),  # Lamongan
        ("jambret di tanjakan polohu mateng", "76.06"),  # Mamuju Tengah
        ("anak smk mau tawuran di simpang jambu dua bogor", "32.71"),  # Kota Bogor
        ("kios dibobol di pasar ampera manna", "17.01"),  # Bengkulu Selatan
    ],
)
def test_names_read_on_pages(router: Router, text: str, regency: str) -> None:
    assert chosen_code(router, text)[:5] == regency


def test_a_kind_every_province_has_is_no_name_without_the_province(gazetteer: Gazetteer) -> None:
    """UIN Raden Intan Lampung is "uin raden intan", but Universitas Muhammadiyah Riau is
    not "universitas muhammadiyah" nor Masjid Agung Banten "masjid agung": other names go
    on after those words."""

    def named(key: str) -> set[str]:
        return {gazetteer.landmarks[i].name for i in gazetteer.landmark_keys.get(key, ())}

    assert "UIN Raden Intan Lampung" in named("uin raden intan")
    assert "Universitas Muhammadiyah Riau" not in named("universitas muhammadiyah")
    assert "Masjid Agung Banten" not in named("masjid agung")
    assert "RSUD Banten" not in named("rsud")
